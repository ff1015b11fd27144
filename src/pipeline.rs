//! The library's entry points, one per job: read → check → compare → plan
//! → write. The commands, the tests, the fuzz target and the benchmark all
//! call these, so the job is written out once.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use crate::diff::{Comparison, compare as compare_rounds};
use crate::model::{Round, Workbook};
use crate::output::{self, Extensions};
use crate::package::{Package, edits::Edits};
use crate::plan::{self, Annotation, Marks};
use crate::read::raw::Detail;
use crate::read::{Overrides, Read, read_pair, read_with};
use crate::template::Template;
use crate::validate::{self, Finding};
use crate::write;

mod collect;
pub use collect::{Collected, Conflict, Outside, collect};

/// What every job needs, built once from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The words of the workbooks and of the output.
    pub template: Template,
    /// The round and year the command line gives, if any.
    pub overrides: Overrides,
}

impl Settings {
    /// Settings with the built-in Danish template and nothing overridden.
    pub fn danish() -> Settings {
        Settings {
            template: Template::danish(),
            overrides: Overrides::default(),
        }
    }
}

fn name(p: &Path) -> String {
    p.display().to_string()
}

/// The one line `main` prints: `<file>: <reason>`, the reason in the
/// template's words.
pub fn failed(path: &Path, reason: String) -> anyhow::Error {
    anyhow::anyhow!("{}: {reason}", path.display())
}

/// Reads a workbook, or says in one line why not.
fn read(path: &Path, t: &Template, o: Overrides, detail: Detail) -> anyhow::Result<Read> {
    read_with(path, t, o, detail).map_err(|e| failed(path, e.message(t)))
}

/// A read that failed, as the one line.
fn read_failed(path: &Path, t: &Template) -> impl FnOnce(crate::read::ReadError) -> anyhow::Error {
    move |e| failed(path, e.message(t))
}

/// What a reader must be told about a workbook it could read: a format
/// without cell styles (.xls) hides smileys given as fills or Wingdings.
fn notices(path: &Path, wb: &Workbook, t: &Template) -> Vec<String> {
    if !wb.styles_unknown {
        return Vec::new();
    }
    let line = t.error("xls_looks", &[("format", wb.format_name())]);
    vec![format!("{}: {line}", name(path))]
}

/// One workbook read and checked.
pub struct Checked {
    /// The workbook as read.
    pub workbook: Workbook,
    /// What is wrong in it, by sheet, row and column.
    pub findings: Vec<Finding>,
    /// Warnings for the reader (stderr), e.g. that an `.xls` hides fills.
    pub notices: Vec<String>,
}

/// Reads and checks a workbook (and, with `previous`, the D findings of
/// what changed since then).
///
/// # Errors
/// A workbook cannot be read: the error names the file and the reason.
pub fn check(path: &Path, previous: Option<&Path>, s: &Settings) -> anyhow::Result<Checked> {
    let t = &s.template;
    let read = read(path, t, s.overrides, Detail::Values)?;
    let mut notices = notices(path, &read.workbook, t);
    let prev = match previous {
        Some(p) => {
            let prev = self::read(p, t, Overrides::default(), Detail::Values)?;
            notices.extend(self::notices(p, &prev.workbook, t));
            belong_together((p, &prev.workbook), (path, &read.workbook), t)?;
            Some(prev.workbook)
        }
        None => None,
    };
    let comparison = prev.as_ref().map(|p| compare_rounds(p, &read.workbook));
    let pair = prev
        .as_ref()
        .zip(comparison.as_ref())
        .map(|(p, c)| (p, c.changes.as_slice()));
    let findings = validate::check(&read.workbook, t, &read.malformed, pair);
    Ok(Checked {
        workbook: read.workbook,
        findings,
        notices,
    })
}

/// Refuses a pair that cannot be two rounds of one follow-up: the same
/// file (or a copy of it), or a previous round later than the current one
/// (both rounds known, same year). Another year or committee
/// is a warning finding (P001, P002), not a refusal.
///
/// # Errors
/// The pair, in one line saying what to do.
fn belong_together(
    (prev_path, prev): (&Path, &Workbook),
    (cur_path, cur): (&Path, &Workbook),
    t: &Template,
) -> anyhow::Result<()> {
    // The other file by its name when both are in one folder.
    let other = if prev_path.parent() == cur_path.parent() {
        prev_path
            .file_name()
            .map_or_else(|| name(prev_path), |n| n.to_string_lossy().into_owned())
    } else {
        name(prev_path)
    };
    if same_bytes(prev_path, cur_path) {
        return Err(failed(
            cur_path,
            t.error("same_workbook", &[("other", other)]),
        ));
    }
    // Two versions of one round may be compared (a draft and the one sent
    // on); a previous round later than the current one may not.
    let same_year = prev.year().zip(cur.year()).is_none_or(|(a, b)| a == b);
    if let (Some(p), Some(c)) = (prev.round(), cur.round())
        && same_year
        && p > c
    {
        let args = [
            ("other", other),
            ("previous", t.round_label(p).to_string()),
            ("current", t.round_label(c).to_string()),
        ];
        return Err(failed(cur_path, t.error("previous_later", &args)));
    }
    Ok(())
}

/// Whether two files hold the same bytes (a workbook given twice, or a
/// copy of it).
fn same_bytes(a: &Path, b: &Path) -> bool {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    if size(a).is_none() || size(a) != size(b) {
        return false;
    }
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Two rounds compared.
pub struct Compared {
    /// The previous round as read.
    pub previous: Workbook,
    /// The current round as read.
    pub current: Workbook,
    /// Which initiative is which, and what changed.
    pub comparison: Comparison,
    /// The D findings that come with the diff.
    pub findings: Vec<Finding>,
    /// Warnings for the reader (stderr).
    pub notices: Vec<String>,
}

/// Reads two rounds (at once, on two cores) and compares them.
///
/// # Errors
/// A workbook cannot be read.
pub fn compare(previous: &Path, current: &Path, s: &Settings) -> anyhow::Result<Compared> {
    let t = &s.template;
    let (prev, cur) = read_pair(previous, current, t, Overrides::default(), Detail::Values);
    let prev = prev.map_err(read_failed(previous, t))?.workbook;
    let cur = cur.map_err(read_failed(current, t))?.workbook;
    let mut notices = notices(previous, &prev, t);
    notices.extend(self::notices(current, &cur, t));
    belong_together((previous, &prev), (current, &cur), t)?;
    let comparison = compare_rounds(&prev, &cur);
    let findings = validate::check_changes(&cur, t, &prev, &comparison.changes);
    Ok(Compared {
        previous: prev,
        current: cur,
        comparison,
        findings,
        notices,
    })
}

/// The extensions of the packages opfolg patches in place (the others it
/// reads are rebuilt as `.xlsx`).
const PATCHED_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xltx", "xltm"];

/// Whether a file is an xlsx package opfolg can patch in place (not an
/// `.xls`, `.xlsb` or `.ods`, which are rebuilt).
fn patchable(path: &Path) -> Option<Package> {
    Package::open_file(path)
        .ok()
        .filter(|p| p.workbook_part.to_lowercase().ends_with(".xml"))
}

/// How much of a workbook to read: a package that is patched needs the
/// values only; one that is rebuilt also its formulas, merges and links.
fn detail(path: &Path) -> Detail {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if PATCHED_EXTENSIONS.contains(&ext.as_str()) {
        Detail::Values
    } else {
        Detail::Full
    }
}

/// What an `.xlsx` cannot hold, in the user's words.
fn limit_message(l: &write::convert::Limit, t: &Template) -> String {
    use write::convert::Limit;
    match l {
        Limit::SheetName(sheet) => t.error("excel_sheet_name", &[("sheet", sheet.clone())]),
        Limit::SameName(sheet) => t.error("excel_same_name", &[("sheet", sheet.clone())]),
        Limit::LongText(sheet, cell, len) => t.error(
            "excel_long_text",
            &[
                ("sheet", sheet.clone()),
                ("cell", cell.clone()),
                ("length", len.to_string()),
            ],
        ),
        Limit::PastEdge(sheet, row, col) => t.error(
            "excel_past_edge",
            &[
                ("sheet", sheet.clone()),
                ("row", row.to_string()),
                ("col", col.to_string()),
            ],
        ),
        Limit::Overlap(sheet, a, b) => t.error(
            "excel_merge_overlap",
            &[
                ("sheet", sheet.clone()),
                ("first", a.clone()),
                ("second", b.clone()),
            ],
        ),
    }
}

/// The package to write into: the input's own, or (for `.xls`, `.xlsb`,
/// `.ods`) a rebuilt one, with the line that says so.
fn package_of(path: &Path, read: &Read, t: &Template) -> anyhow::Result<(Package, Option<String>)> {
    if let Some(pkg) = patchable(path) {
        return Ok((pkg, None));
    }
    let raw = match &read.raw {
        Some(raw) => raw,
        None => &crate::read::open(path, Detail::Full).map_err(read_failed(path, t))?,
    };
    write::convert::check_limits(raw).map_err(|l| failed(path, limit_message(&l, t)))?;
    let bytes = write::convert::to_xlsx(raw)
        .map_err(|e| failed(path, t.error("output_build", &[("reason", e.to_string())])))?;
    let format = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
        .unwrap_or_default();
    // An .xlsx opfolg could not patch (its package is damaged) is not told
    // to save itself as .xlsx.
    let ooxml = [".xlsx", ".xlsm", ".xltx", ".xltm"].contains(&format.as_str());
    let words = if ooxml {
        &t.words.rebuilt_package
    } else {
        &t.words.rebuilt
    };
    let notice = words
        .replace("{path}", &name(path))
        .replace("{format}", &format);
    let pkg = Package::open_bytes(bytes).map_err(package_failed(path, t))?;
    Ok((pkg, Some(notice)))
}

/// The edits speak of the model's sheets; the package's may differ (a
/// sheet kind calamine skips): match them by name.
fn to_package_sheets(mut edits: Edits, wb: &Workbook, pkg: &Package) -> Edits {
    use crate::package::edits::Place;
    let map = |i: usize| -> Option<usize> {
        let name = &wb.sheets.get(i)?.name;
        pkg.sheets.iter().position(|s| &s.name == name)
    };
    edits.sheets = std::mem::take(&mut edits.sheets)
        .into_iter()
        .filter_map(|(i, e)| Some((map(i)?, e)))
        .collect();
    edits.remove_sheets = edits.remove_sheets.iter().filter_map(|i| map(*i)).collect();
    for s in &mut edits.new_sheets {
        if let Place::Replace(i) = s.place {
            s.place = map(i).map_or(Place::Last, Place::Replace);
        }
    }
    for n in &mut edits.names {
        n.sheet = n.sheet.and_then(map);
    }
    edits
}

/// Writes `edits` into `pkg` and saves the result at `out`.
fn save(
    mut pkg: Package,
    edits: Edits,
    (input, out): (&Path, &Path),
    force: bool,
    t: &Template,
) -> anyhow::Result<()> {
    let mut bytes = Cursor::new(Vec::new());
    // What stops the patch is a part of the input's: the error names it.
    crate::package::write(&mut pkg, edits, &mut bytes).map_err(package_failed(input, t))?;
    output::save_bytes(&bytes.into_inner(), out, force).map_err(|e| failed(out, e.message(t)))
}

/// A package that could not be patched, as the one line.
fn package_failed(
    path: &Path,
    t: &Template,
) -> impl FnOnce(crate::package::PackageError) -> anyhow::Error {
    move |e| failed(path, t.error("package", &[("reason", e.to_string())]))
}

/// Checks `out` may be written from `input`: never over an input, never
/// over an existing file without `force`, with an extension that fits the
/// package (a workbook with macros stays `.xlsm`).
fn check_output(
    out: &Path,
    inputs: &[&Path],
    force: bool,
    macros: bool,
    t: &Template,
) -> anyhow::Result<()> {
    output::check_output(out, inputs, force, Extensions::Package { macros })
        .map_err(|e| failed(out, e.message(t)))
}

/// Returns freed memory to the system. Both rounds are read at once on two
/// threads, and glibc keeps what a thread frees in that thread's arena,
/// where the next stages (on the main thread) cannot reuse it: without
/// this, dropping the previous round would not lower the peak at all.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free heap memory; it has no
    // preconditions and touches nothing the program holds.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What annotating a workbook produced: enough to report it and to show
/// it in a folder's overview.
pub struct Annotated {
    /// The current round (its descriptions' texts shed once checked).
    pub current: Workbook,
    /// The number of changes since the previous round, and by initiative.
    pub changes: usize,
    /// Changes by initiative id (for a folder's overview).
    pub changes_by_initiative: BTreeMap<String, usize>,
    /// What is wrong in the current round (D findings included).
    pub findings: Vec<Finding>,
    /// The smileys of every round by row, as the workbook shows them.
    pub marks: Marks,
    /// What the user must be told: the workbook had to be rebuilt
    /// (`.xls`, `.ods`), or its format hides some smileys.
    pub notices: Vec<String>,
}

/// The annotated workbook's default name: `<stem>-annoteret.<ext>` beside
/// the input, with the extension its package needs (`.xlsm` for a
/// macro-enabled package, whatever the input is called; `.xltx`/`.xltm`
/// for a template); `.xlsx` for what opfolg rebuilds or cannot open.
pub fn default_output(current: &Path, t: &Template) -> PathBuf {
    let stem = current
        .file_stem()
        .map_or_else(|| "opfolg".into(), |s| s.to_string_lossy().into_owned());
    let template = current
        .extension()
        .is_some_and(|e| e.to_string_lossy().to_lowercase().starts_with("xlt"));
    // A file that is not there yet (a name planned for a folder) is named
    // by its extension; one that is, by its package.
    let macros = if current.exists() {
        patchable(current).map(|p| p.is_macro_enabled())
    } else {
        let ext = current
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        PATCHED_EXTENSIONS
            .contains(&ext.as_str())
            .then(|| ext.ends_with('m'))
    };
    let ext = match (macros, template) {
        (None, _) | (Some(false), false) => "xlsx",
        (Some(false), true) => "xltx",
        (Some(true), false) => "xlsm",
        (Some(true), true) => "xltm",
    };
    current.with_file_name(format!("{stem}{}.{ext}", t.output.annotated_suffix))
}

/// Reads the current round and the previous one (side by side, when there
/// is one), with the notices their reading gave.
fn read_rounds(
    current: &Path,
    previous: Option<&Path>,
    s: &Settings,
) -> anyhow::Result<(Read, Option<Workbook>, Vec<String>)> {
    let t = &s.template;
    let (cur, prev) = match previous {
        Some(p) => {
            let (prev, cur) = read_pair(p, current, t, s.overrides, detail(current));
            (
                cur.map_err(read_failed(current, t))?,
                Some(prev.map_err(read_failed(p, t))?.workbook),
            )
        }
        None => (read(current, t, s.overrides, detail(current))?, None),
    };
    let mut notices = notices(current, &cur.workbook, t);
    if let (Some(p), Some(pw)) = (previous, &prev) {
        notices.extend(self::notices(p, pw, t));
        belong_together((p, pw), (current, &cur.workbook), t)?;
    }
    Ok((cur, prev, notices))
}

/// How many changes there are, in all and by initiative.
fn count_changes(comparison: Option<&Comparison>) -> (usize, BTreeMap<String, usize>) {
    let changes = comparison.map_or(0, |c| c.changes.len());
    let mut by_initiative = BTreeMap::new();
    for c in comparison.iter().flat_map(|c| &c.changes) {
        if let Some(id) = &c.initiative {
            *by_initiative.entry(id.clone()).or_default() += 1;
        }
    }
    (changes, by_initiative)
}

/// Annotates `current` (against `previous`) into `out`.
///
/// # Errors
/// A workbook cannot be read, the output may not or cannot be written, or
/// a block sheet has no room for opfolg's columns.
pub fn annotate(
    current: &Path,
    previous: Option<&Path>,
    out: &Path,
    force: bool,
    s: &Settings,
) -> anyhow::Result<Annotated> {
    let t = &s.template;
    let mut inputs = vec![current];
    inputs.extend(previous);
    let pkg_probe = patchable(current);
    check_output(
        out,
        &inputs,
        force,
        pkg_probe.as_ref().is_some_and(Package::is_macro_enabled),
        t,
    )?;
    let (cur, prev, mut notices) = read_rounds(current, previous, s)?;
    let comparison = prev.as_ref().map(|p| compare_rounds(p, &cur.workbook));
    let pair = prev
        .as_ref()
        .zip(comparison.as_ref())
        .map(|(p, c)| (p, c.changes.as_slice()));
    let findings = validate::check(&cur.workbook, t, &cur.malformed, pair);
    let marks = plan::marks(
        &cur.workbook,
        prev.as_ref().zip(comparison.as_ref()),
        &findings,
        t,
    );
    // The plan needs of the previous round only its titles, and of the
    // descriptions no prose: free the rest (a large workbook's model is
    // the biggest thing in memory).
    let previous_titles = prev.as_ref().map(plan::titles).unwrap_or_default();
    let previous_file = previous
        .and_then(Path::file_name)
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    drop(prev);
    let mut cur = cur;
    cur.workbook.shed_descriptions();
    give_back_memory();
    let edits = plan::annotate(&Annotation {
        t,
        current: &cur.workbook,
        comparison: comparison.as_ref(),
        previous_titles: &previous_titles,
        previous_file: &previous_file,
        marks: &marks,
        findings: &findings,
    })
    .map_err(|e| failed(current, e.message(t)))?;
    // The rest needs the changes only counted.
    let (changes, changes_by_initiative) = count_changes(comparison.as_ref());
    drop(comparison);
    let (pkg, rebuilt) = match pkg_probe {
        Some(pkg) => (pkg, None),
        None => package_of(current, &cur, t)?,
    };
    notices.extend(rebuilt);
    let edits = to_package_sheets(edits, &cur.workbook, &pkg);
    save(pkg, edits, (current, out), force, t)?;
    Ok(Annotated {
        current: cur.workbook,
        changes,
        changes_by_initiative,
        findings,
        marks,
        notices,
    })
}

/// What `new-round` produced.
pub struct HandedOut {
    /// Where it was written.
    pub out: PathBuf,
    /// The round the workbook is sent out for.
    pub round: Round,
    /// What the user must be told (see [`Annotated::notices`]).
    pub notices: Vec<String>,
}

/// The hand-out's default name: `<stem>-opf3.xlsx` for round 3, the round
/// number replaced if the name already carries one.
pub fn handout_output(input: &Path, next: Round, t: &Template) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .filter(|e| PATCHED_EXTENSIONS.contains(&e.as_str()))
        .unwrap_or_else(|| "xlsx".into());
    let suffix = t.handout.file_suffix.replace("{round}", &next.to_string());
    let name = match stem.char_indices().last() {
        Some((i, c))
            if c.is_ascii_digit()
                && crate::read::meta::round_from_file_name(input, t).is_some() =>
        {
            format!("{}{next}.{ext}", &stem[..i])
        }
        _ => format!("{stem}{suffix}.{ext}"),
    };
    input.with_file_name(name)
}

/// A workbook read to make its next round from: the read, what the user
/// must be told, and the next round.
fn read_for_next_round(
    workbook: &Path,
    s: &Settings,
) -> anyhow::Result<(Read, Vec<String>, Round)> {
    let t = &s.template;
    let read = read(workbook, t, s.overrides, detail(workbook))?;
    let notices = notices(workbook, &read.workbook, t);
    let Some(round) = read.workbook.round() else {
        return Err(failed(workbook, t.error("round_unknown", &[])));
    };
    if round >= 4 {
        return Err(failed(workbook, t.error("last_round", &[])));
    }
    Ok((read, notices, round + 1))
}

/// Makes the next round's workbook from `workbook` (plain or annotated).
///
/// # Errors
/// The workbook cannot be read, its round is unknown or the last, or the
/// output may not or cannot be written.
pub fn new_round(
    workbook: &Path,
    out: Option<&Path>,
    force: bool,
    s: &Settings,
) -> anyhow::Result<HandedOut> {
    let t = &s.template;
    let (read, mut notices, next) = read_for_next_round(workbook, s)?;
    let out = out.map_or_else(|| handout_output(workbook, next, t), Path::to_path_buf);
    let pkg_probe = patchable(workbook);
    check_output(
        &out,
        &[workbook],
        force,
        pkg_probe.as_ref().is_some_and(Package::is_macro_enabled),
        t,
    )?;
    let rebuilt = hand_out(workbook, &read, pkg_probe, None, &out, force, t)?;
    notices.extend(rebuilt);
    Ok(HandedOut {
        out,
        round: next,
        notices,
    })
}

/// Writes one hand-out of `read` (round + 1) at `out`: the whole
/// workbook's, or one center's. Returns the notice of a rebuilt package.
fn hand_out(
    workbook: &Path,
    read: &Read,
    pkg: Option<Package>,
    center: Option<&plan::Center>,
    out: &Path,
    force: bool,
    t: &Template,
) -> anyhow::Result<Option<String>> {
    let next = read.workbook.round().unwrap_or(0) + 1;
    let edits = plan::handout(&read.workbook, next, center, t)
        .map_err(|e| failed(workbook, e.message(t)))?;
    let (pkg, rebuilt) = match pkg {
        Some(pkg) => (pkg, None),
        None => package_of(workbook, read, t)?,
    };
    let edits = to_package_sheets(edits, &read.workbook, &pkg);
    save(pkg, edits, (workbook, out), force, t)?;
    Ok(rebuilt)
}

/// What `new-round --per-center` produced.
pub struct HandedOutPerCenter {
    /// The folder they were written in.
    pub folder: PathBuf,
    /// The whole round's workbook, to collect the returns into.
    pub whole: PathBuf,
    /// Each center's hand-out: (center, file); `None` for the initiatives
    /// that name no center.
    pub centers: Vec<(Option<String>, PathBuf)>,
    /// The round they are sent out for.
    pub round: Round,
    /// What the user must be told.
    pub notices: Vec<String>,
}

/// Each center's hand-out file in `folder`, and one for the initiatives
/// that name no center (if any).
fn center_files(
    wb: &Workbook,
    folder: &Path,
    ext: &str,
    t: &Template,
) -> Vec<(Option<String>, PathBuf)> {
    let (named, none) = plan::handout::centers(wb, t);
    let mut jobs: Vec<(Option<String>, PathBuf)> = named
        .into_iter()
        .map(|c| {
            let file = folder.join(format!("{}.{ext}", file_name_of(&c)));
            (Some(c), file)
        })
        .collect();
    if none {
        let name = format!("{}.{ext}", t.handout.no_center_file);
        jobs.push((None, folder.join(name)));
    }
    jobs
}

/// A file name from a center's name: characters Windows refuses replaced.
fn file_name_of(center: &str) -> String {
    let name: String = center
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect();
    name.trim().trim_end_matches('.').to_string()
}

/// Makes the next round's workbook once whole and once per responsible
/// center, in `folder`: each center's hand-out opens only that center's
/// cells to fill in (the rest is there, locked).
///
/// # Errors
/// As [`new_round`]; the folder cannot be made.
pub fn new_round_per_center(
    workbook: &Path,
    folder: Option<&Path>,
    force: bool,
    s: &Settings,
) -> anyhow::Result<HandedOutPerCenter> {
    let t = &s.template;
    let (read, mut notices, next) = read_for_next_round(workbook, s)?;
    // Default: the whole hand-out's name, as a folder.
    let folder = folder.map_or_else(
        || handout_output(workbook, next, t).with_extension(""),
        Path::to_path_buf,
    );
    let folder = folder.as_path();
    std::fs::create_dir_all(folder)
        .map_err(|e| failed(folder, output::OutputError::from(e).message(t)))?;
    let probe = patchable(workbook);
    let macros = probe.as_ref().is_some_and(Package::is_macro_enabled);
    let ext = handout_output(workbook, next, t)
        .extension()
        .map_or_else(|| "xlsx".to_string(), |e| e.to_string_lossy().into_owned());
    let whole = folder.join(
        handout_output(workbook, next, t)
            .file_name()
            .unwrap_or_default(),
    );
    let jobs = center_files(&read.workbook, folder, &ext, t);
    for (_, file) in std::iter::once(&(None, whole.clone())).chain(&jobs) {
        check_output(file, &[workbook], force, macros, t)?;
    }
    notices.extend(hand_out(workbook, &read, probe, None, &whole, force, t)?);
    for (center, file) in &jobs {
        let c = center
            .clone()
            .map_or(plan::Center::None, plan::Center::Named);
        hand_out(
            workbook,
            &read,
            patchable(workbook),
            Some(&c),
            file,
            force,
            t,
        )?;
    }
    Ok(HandedOutPerCenter {
        folder: folder.to_path_buf(),
        whole,
        centers: jobs,
        round: next,
        notices,
    })
}
