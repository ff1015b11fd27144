//! The library's entry points, one per job: read → check → compare → plan
//! → write. The front ends (the command line, the page, the Windows
//! program), the tests, the fuzz target and the benchmark all call these,
//! so the job is written out once.
//!
//! A job takes workbooks as [`Input`]s (a name and bytes) and gives back
//! the workbooks it wrote as bytes, with its findings, changes and notices
//! as data: it opens no file, reads no clock and prints nothing. Where the
//! output goes, and that it never replaces an input, is the front end's.

use std::collections::BTreeMap;
use std::io::Cursor;

use crate::diff::{Comparison, compare as compare_rounds};
use crate::input::Input;
use crate::model::{Round, Workbook};
use crate::package::edits::{Edits, NewSheet, Place};
use crate::package::{Later, Package};
use crate::plan::{self, Annotation, Marks};
use crate::read::raw::Detail;
use crate::read::{Overrides, Read, read_pair, read_with};
use crate::template::Template;
use crate::validate::{self, Finding};
use crate::write;

mod collect;
pub mod names;
pub mod pairing;
pub use collect::{Collected, Conflict, Made, Outside, collect, made};

pub use crate::input::Clock;

/// What every job needs, built once by the front end.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The words of the workbooks and of the output.
    pub template: Template,
    /// The round and year the command line gives, if any.
    pub overrides: Overrides,
    /// The caller's time.
    pub clock: Clock,
}

impl Settings {
    /// Settings with the built-in Danish template and nothing overridden,
    /// at the caller's time `clock`.
    pub fn danish(clock: Clock) -> Settings {
        Settings {
            template: Template::danish(),
            overrides: Overrides::default(),
            clock,
        }
    }
}

/// The one line a front end shows: `<file>: <reason>`, the reason in the
/// template's words.
pub fn failed(name: &str, reason: String) -> anyhow::Error {
    anyhow::anyhow!("{name}: {reason}")
}

/// Reads a workbook, or says in one line why not.
fn read(input: &Input, t: &Template, o: Overrides, detail: Detail) -> anyhow::Result<Read> {
    read_with(input, t, o, detail).map_err(|e| failed(input.name(), e.message(t)))
}

/// A read that failed, as the one line.
fn read_failed<'a>(
    input: &'a Input,
    t: &'a Template,
) -> impl FnOnce(crate::read::ReadError) -> anyhow::Error + 'a {
    move |e| failed(input.name(), e.message(t))
}

/// What a reader must be told about a workbook it could read: a format
/// without cell styles (.xls) hides smileys given as fills or Wingdings;
/// a workbook in which the template finds nothing but another built-in
/// template does is written in that one's words.
fn notices(input: &Input, wb: &Workbook, t: &Template) -> Vec<String> {
    let mut out = Vec::new();
    if wb.styles_unknown {
        let line = t.error("xls_looks", &[("format", wb.format_name())]);
        out.push(format!("{}: {line}", input.name()));
    }
    if let Some(code) = other_template(input, wb, t) {
        let args = [("this", t.language.clone()), ("code", code)];
        out.push(format!(
            "{}: {}",
            input.name(),
            t.error("other_template", &args)
        ));
    }
    out
}

/// The built-in template whose words find the blocks or tables `t`'s do
/// not (a Danish workbook read with `--template en`), if any.
fn other_template(input: &Input, wb: &Workbook, t: &Template) -> Option<String> {
    let found = |w: &Workbook| {
        w.sheets
            .iter()
            .any(|s| !s.initiatives.is_empty() || !s.tables.is_empty())
    };
    if found(wb) {
        return None;
    }
    ["da", "en"]
        .into_iter()
        .filter(|code| *code != t.language)
        .filter_map(Template::builtin)
        .find(|other| {
            read_with(input, other, Overrides::default(), Detail::Values)
                .is_ok_and(|r| found(&r.workbook))
        })
        .map(|other| other.language)
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
pub fn check(current: &Input, previous: Option<&Input>, s: &Settings) -> anyhow::Result<Checked> {
    let t = &s.template;
    let read = read(current, t, s.overrides, Detail::Values)?;
    let mut notices = notices(current, &read.workbook, t);
    let prev = match previous {
        Some(p) => {
            let prev = self::read(p, t, Overrides::default(), Detail::Values)?;
            notices.extend(self::notices(p, &prev.workbook, t));
            belong_together((p, &prev.workbook), (current, &read.workbook), t)?;
            Some(prev.workbook)
        }
        None => None,
    };
    let comparison = prev.as_ref().map(|p| compare_rounds(p, &read.workbook, t));
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

/// The other workbook of a pair as a message names it: by its file name
/// when both are in one folder, else by its whole name.
fn other_name(prev: &Input, cur: &Input) -> String {
    let folder = |i: &Input| i.path().parent().map(std::path::Path::to_path_buf);
    if folder(prev) == folder(cur) {
        prev.file_name().to_string()
    } else {
        prev.name().to_string()
    }
}

/// Refuses a pair that cannot be two rounds of one follow-up: the same
/// workbook (or a copy of it), or a previous round later than the current
/// one (both rounds known, same year). Another year or committee is a
/// warning finding (P001, P002), not a refusal.
///
/// # Errors
/// The pair, in one line saying what to do.
fn belong_together(
    (prev_in, prev): (&Input, &Workbook),
    (cur_in, cur): (&Input, &Workbook),
    t: &Template,
) -> anyhow::Result<()> {
    let other = other_name(prev_in, cur_in);
    if prev_in.same_content(cur_in) {
        return Err(failed(
            cur_in.name(),
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
        return Err(failed(cur_in.name(), t.error("previous_later", &args)));
    }
    Ok(())
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

/// Reads two rounds (at once, on two cores where there are two) and
/// compares them.
///
/// # Errors
/// A workbook cannot be read.
pub fn compare(previous: &Input, current: &Input, s: &Settings) -> anyhow::Result<Compared> {
    let t = &s.template;
    let (prev, cur) = read_pair(previous, current, t, Overrides::default(), Detail::Values);
    let prev = prev.map_err(read_failed(previous, t))?.workbook;
    let cur = cur.map_err(read_failed(current, t))?.workbook;
    let mut notices = notices(previous, &prev, t);
    notices.extend(self::notices(current, &cur, t));
    belong_together((previous, &prev), (current, &cur), t)?;
    let comparison = compare_rounds(&prev, &cur, t);
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
pub const PATCHED_EXTENSIONS: [&str; 4] = ["xlsx", "xlsm", "xltx", "xltm"];

/// The workbook's package, when it is an xlsx package opfolg can patch in
/// place (not an `.xls`, `.xlsb` or `.ods`, which are rebuilt).
fn patchable(input: &Input) -> Option<Package> {
    Package::open_input(input)
        .ok()
        .filter(|p| p.workbook_part.to_lowercase().ends_with(".xml"))
}

/// What earlier hand-outs left on a package: the cells they opened and
/// filled blue, and whether the package is a hand-out (or was made from
/// one) — its sheets' protection is then opfolg's.
fn handed_out(pkg: Option<&mut Package>) -> (crate::package::locks::OpenCells, bool) {
    let Some(pkg) = pkg else {
        return Default::default();
    };
    let handout = pkg
        .names
        .iter()
        .any(|n| n.name == crate::layout::HANDOUT_MARK);
    // Only a hand-out (or what was made from one) carries opfolg's blue,
    // open cells: in any other workbook an open cell in that blue is the
    // user's own, and stays.
    let marked = if handout {
        crate::package::locks::marked_cells(pkg, crate::layout::colours::TO_FILL)
            .unwrap_or_default()
    } else {
        Default::default()
    };
    (marked, handout)
}

/// Whether the workbook is a package with macros (`.xlsm`, `.xltm`),
/// whatever it is called: `None` when it is no package opfolg patches
/// (it is rebuilt as `.xlsx`).
pub fn macros(input: &Input) -> Option<bool> {
    patchable(input).map(|p| p.is_macro_enabled())
}

/// How much of a workbook to read: a package that is patched needs the
/// values only; one that is rebuilt also its formulas, merges and links.
fn detail(input: &Input) -> Detail {
    if PATCHED_EXTENSIONS.contains(&input.extension().as_str()) {
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
fn package_of(
    input: &Input,
    read: &Read,
    t: &Template,
    clock: Clock,
) -> anyhow::Result<(Package, Option<String>)> {
    if let Some(pkg) = patchable(input) {
        return Ok((pkg, None));
    }
    let raw = match &read.raw {
        Some(raw) => raw,
        None => &crate::read::open(input, Detail::Full).map_err(read_failed(input, t))?,
    };
    write::convert::check_limits(raw).map_err(|l| failed(input.name(), limit_message(&l, t)))?;
    let bytes = write::convert::to_xlsx(raw, clock).map_err(|e| {
        failed(
            input.name(),
            t.error("output_build", &[("reason", e.to_string())]),
        )
    })?;
    let ext = input.extension();
    let format = if ext.is_empty() {
        String::new()
    } else {
        format!(".{ext}")
    };
    // An .xlsx opfolg could not patch (its package is damaged) is not told
    // to save itself as .xlsx.
    let ooxml = PATCHED_EXTENSIONS.contains(&ext.as_str());
    let words = if ooxml {
        &t.words.rebuilt_package
    } else {
        &t.words.rebuilt
    };
    let notice = words
        .replace("{path}", input.name())
        .replace("{format}", &format);
    let pkg = Package::open_bytes(bytes).map_err(package_failed(input, t))?;
    Ok((pkg, Some(notice)))
}

/// [`to_package_sheets`], and the places of new sheets still to come.
fn to_package_sheets_with(
    edits: Edits,
    mut heads: Vec<(String, Place)>,
    wb: &Workbook,
    pkg: &Package,
) -> (Edits, Vec<(String, Place)>) {
    for (_, place) in &mut heads {
        if let Place::Replace(i) = *place {
            *place = package_sheet(i, wb, pkg).map_or(Place::Last, Place::Replace);
        }
    }
    (to_package_sheets(edits, wb, pkg), heads)
}

/// The package's sheet of the model's sheet `i` (by name).
fn package_sheet(i: usize, wb: &Workbook, pkg: &Package) -> Option<usize> {
    let name = &wb.sheets.get(i)?.name;
    pkg.sheets.iter().position(|s| &s.name == name)
}

/// The edits speak of the model's sheets; the package's may differ (a
/// sheet kind calamine skips): match them by name.
fn to_package_sheets(mut edits: Edits, wb: &Workbook, pkg: &Package) -> Edits {
    let map = |i: usize| package_sheet(i, wb, pkg);
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

/// [`write_package`] with new sheets made by `make` beside the patch of
/// the user's sheets (on a thread of its own where there are threads),
/// each named and placed by its head; what else `make` gives back.
fn write_package_beside<T: Send>(
    mut pkg: Package,
    edits: Edits,
    heads: Vec<(String, Place)>,
    make: impl FnOnce() -> (Vec<NewSheet>, T) + Send,
    input: &Input,
    t: &Template,
) -> anyhow::Result<(Vec<u8>, Option<T>)> {
    // Room for the output at once (an annotated workbook is up to about
    // three times its input): not grown by copying at the end, when the
    // most is held. Room not written to takes no memory.
    let mut bytes = Cursor::new(Vec::with_capacity(input.bytes().len() * 4 + (1 << 20)));
    let mut kept = None;
    #[cfg(not(target_family = "wasm"))]
    let written = std::thread::scope(|s| {
        let making = s.spawn(make);
        let later = Later {
            heads,
            sheets: Box::new(|| {
                let (sheets, rest) = making
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                kept = Some(rest);
                sheets
            }),
        };
        crate::package::write_with(&mut pkg, edits, Some(later), &mut bytes)
    });
    #[cfg(target_family = "wasm")]
    let written = {
        let later = Later {
            heads,
            sheets: Box::new(|| {
                let (sheets, rest) = make();
                kept = Some(rest);
                sheets
            }),
        };
        crate::package::write_with(&mut pkg, edits, Some(later), &mut bytes)
    };
    written.map_err(package_failed(input, t))?;
    Ok((bytes.into_inner(), kept))
}

/// Writes `edits` into `pkg`: the workbook's bytes.
fn write_package(
    mut pkg: Package,
    edits: Edits,
    input: &Input,
    t: &Template,
) -> anyhow::Result<Vec<u8>> {
    let mut bytes = Cursor::new(Vec::new());
    // What stops the patch is a part of the input's: the error names it.
    crate::package::write(&mut pkg, edits, &mut bytes).map_err(package_failed(input, t))?;
    Ok(bytes.into_inner())
}

/// A package that could not be patched, as the one line.
fn package_failed<'a>(
    input: &'a Input,
    t: &'a Template,
) -> impl FnOnce(crate::package::PackageError) -> anyhow::Error + 'a {
    move |e| {
        failed(
            input.name(),
            t.error("package", &[("reason", e.to_string())]),
        )
    }
}

/// Frees `x` on a thread of its own where there are threads, while the
/// work goes on (freeing a large workbook's model takes a tenth of a
/// second), and gives the memory back to the system once freed.
fn free_behind<T: Send + 'static>(x: T) {
    #[cfg(not(target_family = "wasm"))]
    {
        // Without a thread to be had, the refused closure frees it here.
        let _ = std::thread::Builder::new().spawn(move || {
            drop(x);
            give_back_memory();
        });
    }
    #[cfg(target_family = "wasm")]
    {
        drop(x);
        give_back_memory();
    }
}

/// Runs `a` beside `b`, on a thread of its own where there are threads.
fn beside<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    #[cfg(not(target_family = "wasm"))]
    {
        std::thread::scope(|s| {
            let a = s.spawn(a);
            let b = b();
            let a = a.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            (a, b)
        })
    }
    #[cfg(target_family = "wasm")]
    {
        (a(), b())
    }
}

/// Returns freed memory to the system where the allocator is glibc's (the
/// library in another program; the command line's own, mimalloc, gives it
/// back by itself, see `main.rs`). Both rounds are read at once on two
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

/// What annotating a workbook produced: the annotated workbook, and
/// enough to report it and to show it in a folder's overview.
pub struct Annotated {
    /// The annotated workbook's bytes.
    pub bytes: Vec<u8>,
    /// The current round (its descriptions' texts shed once checked).
    pub current: Workbook,
    /// The changes since the previous round (none without one).
    pub comparison: Option<Comparison>,
    /// The number of changes since the previous round.
    pub changes: usize,
    /// Changes by initiative id (for a folder's overview).
    pub changes_by_initiative: BTreeMap<String, usize>,
    /// What is wrong in the current round (D findings included).
    pub findings: Vec<Finding>,
    /// The smileys of every round by row, as the workbook shows them.
    pub marks: Marks,
    /// The initiatives' money (the folder's overview adds it up).
    pub money: plan::money::Money,
    /// What the user must be told: the workbook had to be rebuilt
    /// (`.xls`, `.ods`), or its format hides some smileys.
    pub notices: Vec<String>,
}

/// Reads the current round and the previous one (side by side, when there
/// is one), with the notices their reading gave. The previous round's
/// bytes are let go once read: only its model is needed after.
fn read_rounds(
    current: &Input,
    previous: Option<Input>,
    s: &Settings,
) -> anyhow::Result<(Read, Option<Workbook>, Vec<String>)> {
    let t = &s.template;
    let (cur, prev) = match &previous {
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
    if let (Some(p), Some(pw)) = (&previous, &prev) {
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

/// What the annotation says of the current round, with the previous one
/// and the comparison where there is one: its findings, every row's
/// marks, and the money (read from the descriptions and the previous
/// round, so before either is let go).
fn judged(
    cur: &Read,
    previous: Option<(&Workbook, &Comparison)>,
    t: &Template,
) -> (Vec<Finding>, Marks, plan::money::Money) {
    let pair = previous.map(|(p, c)| (p, c.changes.as_slice()));
    // The money beside the findings and marks: neither needs the other.
    let (money, (findings, marks)) = beside(
        || plan::money::money(&cur.workbook, previous, t),
        || {
            let findings = validate::check(&cur.workbook, t, &cur.malformed, pair);
            let marks = plan::marks(&cur.workbook, previous, &findings, t);
            (findings, marks)
        },
    );
    (findings, marks, money)
}

/// Annotates `current` (against `previous`, taken: its bytes are let go
/// once read): the annotated workbook's bytes and what was found. With
/// `keep_changes` the changes are kept in [`Annotated::comparison`] (the
/// page shows them); without, they are freed once planned (the command
/// line only counts them).
///
/// # Errors
/// A workbook cannot be read, or a block sheet has no room for opfolg's
/// columns, or the package cannot be patched.
pub fn annotate(
    current: &Input,
    previous: Option<Input>,
    keep_changes: bool,
    s: &Settings,
) -> anyhow::Result<Annotated> {
    let t = &s.template;
    let mut pkg_probe = patchable(current);
    let (marked, was_handout) = handed_out(pkg_probe.as_mut());
    let previous_file = file_name_of(previous.as_ref());
    let (mut cur, prev, mut notices) = read_rounds(current, previous, s)?;
    // The raw cells both readers let go of, given back before the compare.
    give_back_memory();
    let comparison = prev.as_ref().map(|p| compare_rounds(p, &cur.workbook, t));
    let (findings, mut marks, money) = judged(&cur, prev.as_ref().zip(comparison.as_ref()), t);
    // The plan needs of the previous round only its titles, and of the
    // descriptions no prose: free the rest (a large workbook's model is
    // the biggest thing in memory).
    let previous_titles = prev.as_ref().map(plan::titles).unwrap_or_default();
    let shed = cur.workbook.shed_descriptions();
    free_behind((prev, shed));
    let base = Annotation {
        t,
        current: &cur.workbook,
        comparison: None,
        previous_titles: &previous_titles,
        previous_file: &previous_file,
        marks: &plan::Marks::default(),
        money: &money,
        findings: &findings,
        handed_out: (&marked, was_handout),
    };
    let (edits, heads) = plan::annotate_apart(&Annotation {
        comparison: comparison.as_ref(),
        marks: &marks,
        ..base
    })
    .map_err(|e| failed(current.name(), e.message(t)))?;
    // The marks' texts are in the plan's cells now: the report sheets and
    // the overview read only the smileys.
    marks.shed_texts();
    let smileys = &marks;
    // The rest needs the changes only counted.
    let (changes, changes_by_initiative) = count_changes(comparison.as_ref());
    let (pkg, rebuilt) = match pkg_probe {
        Some(pkg) => (pkg, None),
        None => package_of(current, &cur, t, s.clock)?,
    };
    notices.extend(rebuilt);
    let (edits, package_heads) = to_package_sheets_with(edits, heads.to_vec(), &cur.workbook, &pkg);
    // The report sheets are made while the user's sheets are written; the
    // changes go once they are made, unless they are to be kept.
    let reports = move || {
        let a = Annotation {
            comparison: comparison.as_ref(),
            marks: smileys,
            ..base
        };
        let sheets = plan::report_sheets(&a, &heads);
        let kept = comparison.filter(|_| keep_changes);
        give_back_memory();
        (sheets, kept)
    };
    let (bytes, comparison) = write_package_beside(pkg, edits, package_heads, reports, current, t)?;
    Ok(Annotated {
        bytes,
        current: cur.workbook,
        comparison: comparison.flatten(),
        changes,
        changes_by_initiative,
        findings,
        marks,
        money,
        notices,
    })
}

/// The file name of `input`, or "" without one.
fn file_name_of(input: Option<&Input>) -> String {
    input.map_or_else(String::new, |p| p.file_name().to_string())
}

/// What a workbook is, as the names of what opfolg writes from it say:
/// the committee its title names and the budget year.
pub fn who(wb: &Workbook) -> names::Who {
    names::Who {
        committee: wb.committee.clone(),
        year: wb.year(),
    }
}

/// The name `collect` gives the gathered workbook of `workbook` (the
/// whole round's hand-out), read from its first rows: for the front end
/// to know before the work.
pub fn collected_name(workbook: &Input, s: &Settings) -> String {
    let t = &s.template;
    match crate::read::identity::identify(workbook, t, s.overrides) {
        Ok(id) if id.round.is_some() => {
            let who = names::Who {
                committee: id.committee,
                year: id.year,
            };
            names::collected_for(workbook.file_name(), &who, id.round.unwrap_or(0), t)
        }
        _ => names::collected(workbook.file_name(), t),
    }
}

/// What `new-round` produced.
pub struct HandedOut {
    /// The hand-out's bytes.
    pub bytes: Vec<u8>,
    /// Its name: what it is (committee, round, year).
    pub name: String,
    /// The round the workbook is sent out for (0: next year's plan).
    pub round: Round,
    /// What the user must be told (see [`Annotated::notices`]).
    pub notices: Vec<String>,
    /// From the year-end workbook: next year's plan, and what it carried
    /// over (its line: [`plan::carry::Carried::line`]).
    pub carried: Option<plan::carry::Carried>,
}

/// A workbook read to make its next round from: the read, what the user
/// must be told, and the workbook's round (4: the year end, which gives
/// next year's plan).
fn read_for_next_round(
    workbook: &Input,
    s: &Settings,
) -> anyhow::Result<(Read, Vec<String>, Round)> {
    let t = &s.template;
    let read = read(workbook, t, s.overrides, detail(workbook))?;
    let mut notices = notices(workbook, &read.workbook, t);
    let Some(round) = read.workbook.round() else {
        return Err(failed(workbook.name(), t.error("round_unknown", &[])));
    };
    // Errors go out with the hand-out to every center: say how many first.
    // At the year end they say what was counted as not met.
    let errors = validate::check(&read.workbook, t, &read.malformed, None)
        .iter()
        .filter(|f| f.severity == validate::Severity::Error)
        .count();
    if errors > 0 {
        let key = if round >= 4 {
            "carry_errors"
        } else {
            "handout_errors"
        };
        let line = crate::template::fill(
            &t.error(key, &[("path", workbook.name().to_string())]),
            &[("errors", errors.to_string())],
        );
        notices.push(format!("{}: {line}", workbook.name()));
    }
    Ok((read, notices, round))
}

/// The round the next workbook of `workbook` is for, read from its first
/// rows (for naming the output before the work): the next round, or 0 —
/// next year's plan — after the year end.
///
/// # Errors
/// The workbook cannot be read, or its round is unknown.
pub fn next_round_of(workbook: &Input, s: &Settings) -> anyhow::Result<Round> {
    let t = &s.template;
    let who = crate::read::identity::identify(workbook, t, s.overrides)
        .map_err(read_failed(workbook, t))?;
    match who.round {
        None => Err(failed(workbook.name(), t.error("round_unknown", &[]))),
        Some(r) if r >= 4 => Ok(0),
        Some(r) => Ok(r + 1),
    }
}

/// Makes the next round's workbook from `workbook` (plain or annotated);
/// from the year-end workbook, next year's plan ([`next_year`]).
///
/// # Errors
/// The workbook cannot be read, its round is unknown (or, at the year
/// end, its year), or the package cannot be patched.
pub fn new_round(workbook: &Input, s: &Settings) -> anyhow::Result<HandedOut> {
    let t = &s.template;
    let (read, mut notices, round) = read_for_next_round(workbook, s)?;
    if round >= 4 {
        return next_year(workbook, &read, notices, s);
    }
    let next = round + 1;
    let (bytes, rebuilt) = hand_out(workbook, &read, patchable(workbook), None, s.clock, t)?;
    notices.extend(rebuilt);
    let name = names::handout_for(workbook.file_name(), &who(&read.workbook), next, t);
    Ok(HandedOut {
        bytes,
        name,
        round: next,
        notices,
        carried: None,
    })
}

/// Next year's plan from the year-end workbook: what was not finished
/// carries over (`plan::carry`), in the user's own package.
fn next_year(
    workbook: &Input,
    read: &Read,
    mut notices: Vec<String>,
    s: &Settings,
) -> anyhow::Result<HandedOut> {
    let t = &s.template;
    let Some(previous) = read.workbook.year() else {
        return Err(failed(workbook.name(), t.error("carry_year_unknown", &[])));
    };
    let mut pkg = patchable(workbook);
    let (marked, handed_out) = handed_out(pkg.as_mut());
    let before = plan::carry::Before {
        marked: &marked,
        handed_out,
        today: s.clock.today,
    };
    let (edits, carried) = plan::carry::next_year(&read.workbook, previous, &before, t)
        .map_err(|e| failed(workbook.name(), e.message(t)))?;
    let (pkg, rebuilt) = match pkg {
        Some(pkg) => (pkg, None),
        None => package_of(workbook, read, t, s.clock)?,
    };
    notices.extend(rebuilt);
    let edits = to_package_sheets(edits, &read.workbook, &pkg);
    let bytes = write_package(pkg, edits, workbook, t)?;
    let who = names::Who {
        committee: read.workbook.committee.clone(),
        year: Some(previous + 1),
    };
    Ok(HandedOut {
        bytes,
        name: names::plan_for(workbook.file_name(), &who, t),
        round: 0,
        notices,
        carried: Some(carried),
    })
}

/// One hand-out of `read` (round + 1): the whole workbook's, or one
/// center's. Returns its bytes and the notice of a rebuilt package.
fn hand_out(
    workbook: &Input,
    read: &Read,
    pkg: Option<Package>,
    center: Option<&plan::Center>,
    clock: Clock,
    t: &Template,
) -> anyhow::Result<(Vec<u8>, Option<String>)> {
    let next = read.workbook.round().unwrap_or(0) + 1;
    let mut pkg = pkg;
    let (marked, _) = handed_out(pkg.as_mut());
    let edits = plan::handout(&read.workbook, next, center, (&marked, clock.today), t)
        .map_err(|e| failed(workbook.name(), e.message(t)))?;
    let (pkg, rebuilt) = match pkg {
        Some(pkg) => (pkg, None),
        None => package_of(workbook, read, t, clock)?,
    };
    let edits = to_package_sheets(edits, &read.workbook, &pkg);
    Ok((write_package(pkg, edits, workbook, t)?, rebuilt))
}

/// What `new-round --per-center` produced.
pub struct HandedOutPerCenter {
    /// The whole round's workbook, to collect the returns into.
    pub whole: Vec<u8>,
    /// Its name: what it is (committee, round, year); its stem names the
    /// folder of them all.
    pub whole_name: String,
    /// Each center's hand-out: (center, its name, bytes); `None` for the
    /// initiatives that name no center.
    pub centers: Vec<(Option<String>, String, Vec<u8>)>,
    /// The round they are sent out for.
    pub round: Round,
    /// What the user must be told.
    pub notices: Vec<String>,
}

/// The centers a workbook's hand-outs go to, in the order it names them,
/// and `None` last for the initiatives that name no center (if any).
///
/// # Errors
/// The workbook cannot be read.
pub fn centers_of(workbook: &Input, s: &Settings) -> anyhow::Result<Vec<Option<String>>> {
    let t = &s.template;
    let read = read(workbook, t, s.overrides, Detail::Values)?;
    Ok(center_list(&read.workbook, t))
}

fn center_list(wb: &Workbook, t: &Template) -> Vec<Option<String>> {
    let (named, none) = plan::handout::centers(wb, t);
    let mut out: Vec<Option<String>> = named.into_iter().map(Some).collect();
    if none {
        out.push(None);
    }
    out
}

/// Makes the next round's workbook once whole and once per responsible
/// center: each center's hand-out opens only that center's cells to fill
/// in (the rest is there, locked).
///
/// # Errors
/// As [`new_round`]; and the year-end workbook, whose next workbook is
/// next year's plan: the controller's to edit before it goes out.
pub fn new_round_per_center(workbook: &Input, s: &Settings) -> anyhow::Result<HandedOutPerCenter> {
    let t = &s.template;
    let (read, mut notices, round) = read_for_next_round(workbook, s)?;
    if round >= 4 {
        return Err(failed(workbook.name(), t.error("carry_per_center", &[])));
    }
    let next = round + 1;
    let (whole, rebuilt) = hand_out(workbook, &read, patchable(workbook), None, s.clock, t)?;
    notices.extend(rebuilt);
    let who = who(&read.workbook);
    let whole_name = names::handout_for(workbook.file_name(), &who, next, t);
    let ext = names::handout_extension(workbook.file_name(), t);
    let mut centers = Vec::new();
    for center in center_list(&read.workbook, t) {
        let c = center
            .clone()
            .map_or(plan::Center::None, plan::Center::Named);
        let (bytes, _) = hand_out(workbook, &read, patchable(workbook), Some(&c), s.clock, t)?;
        let name = names::center_file(center.as_deref(), (next, who.year), &ext, t);
        centers.push((center, name, bytes));
    }
    Ok(HandedOutPerCenter {
        whole,
        whole_name,
        centers,
        round: next,
        notices,
    })
}
