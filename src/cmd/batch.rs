//! Folders: every committee's workbook of a round at once — paired with the
//! previous round's by committee, annotated (or checked) on all cores, and
//! gathered into one overview.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Outcome, failed, load, print};
use crate::cli::AnnotateArgs;
use crate::pipeline::pairing::file_key as name_key;
use crate::pipeline::{self, Annotated, Settings};
use crate::present::annotated_line;
use crate::read::title::committee_key;
use crate::read::{Overrides, read_workbook};
use crate::template::Template;
use crate::write::overview::{Entry, overview};

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The workbooks of a folder, sorted; opfolg's own outputs left out.
/// Excel's lock files (`~$…`, a workbook open in Excel) are left out with
/// a notice each, in `notices`.
///
/// # Errors
/// The folder cannot be read.
pub fn workbooks(
    dir: &Path,
    t: &Template,
    notices: &mut Vec<String>,
) -> anyhow::Result<Vec<PathBuf>> {
    listing(dir, false, t, notices)
}

/// The workbooks of a folder, sorted, with opfolg's annotated ones when
/// `annotated` (they may be a previous round); Excel's lock files left out
/// with a notice each, in `notices`.
///
/// # Errors
/// The folder cannot be read.
pub(crate) fn listing(
    dir: &Path,
    annotated: bool,
    t: &Template,
    notices: &mut Vec<String>,
) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| failed(dir, crate::read::ReadError::Io(e).message(t)))?;
    let mut out: Vec<PathBuf> = Vec::new();
    let mut locks: Vec<PathBuf> = Vec::new();
    for p in entries.filter_map(Result::ok).map(|e| e.path()) {
        if !p.is_file() {
            continue;
        }
        let name = p
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if name.starts_with("~$") && has_workbook_extension(&p) {
            locks.push(p);
        } else if is_workbook_name(&p, t)
            && (annotated
                || (!name.contains(&format!("{}.", t.output.annotated_suffix))
                    && !name.contains(&format!("{}-", t.output.annotated_suffix))))
        {
            out.push(p);
        }
    }
    out.sort();
    locks.sort();
    notices.extend(locks.iter().map(|p| {
        t.batch
            .lock_file
            .replace("{path}", &p.display().to_string())
    }));
    Ok(out)
}

/// Whether the name ends in one of the formats opfolg reads.
pub(crate) fn has_workbook_extension(p: &Path) -> bool {
    let ext = p
        .extension()
        .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
    EXTENSIONS.contains(&ext.as_str())
}

/// A workbook's name: one of the formats opfolg reads, not hidden, not
/// an Excel lock file, not a folder's overview.
pub(crate) fn is_workbook_name(p: &Path, t: &Template) -> bool {
    let name = p
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    has_workbook_extension(p)
        && !name.starts_with('.')
        && !name.starts_with("~$")
        && name != t.batch.overview_file
}

/// A file's committee key: see [`crate::pipeline::pairing::file_key`].
pub(crate) fn file_key(path: &Path, t: &Template) -> String {
    name_key(&path.to_string_lossy(), t)
}

/// The committee a workbook's title names, read for pairing: its key
/// (case and genitive folded), or `None` with the workbook's title when
/// it names none.
fn title_key(path: &Path, t: &Template) -> Result<String, Option<String>> {
    let read = load(path, t)
        .ok()
        .and_then(|input| read_workbook(&input, t, Overrides::default()).ok())
        .ok_or(None)?;
    let wb = read.workbook;
    match &wb.committee {
        Some(c) => Ok(committee_key(c, t)),
        None => Err(wb.title),
    }
}

/// Pairs each current workbook with the previous round's: by file name
/// without the round, else by the committee named in the title. Returns the
/// pairs and the previous workbooks left over.
pub fn pair(
    current: &[PathBuf],
    previous: &[PathBuf],
    t: &Template,
) -> (Vec<(PathBuf, Option<PathBuf>)>, Vec<PathBuf>) {
    let mut prev_by_key: HashMap<String, Vec<&PathBuf>> = HashMap::new();
    for p in previous {
        prev_by_key.entry(file_key(p, t)).or_default().push(p);
    }
    let mut used: Vec<&PathBuf> = Vec::new();
    let mut pairs: Vec<(PathBuf, Option<PathBuf>)> = current
        .iter()
        .map(|c| {
            let found = prev_by_key
                .get(&file_key(c, t))
                .filter(|v| v.len() == 1)
                .map(|v| v[0])
                .filter(|p| !used.contains(p));
            if let Some(p) = found {
                used.push(p);
            }
            (c.clone(), found.cloned())
        })
        .collect();
    let left: Vec<&PathBuf> = previous.iter().filter(|p| !used.contains(p)).collect();
    if pairs.iter().any(|(_, p)| p.is_none()) && !left.is_empty() {
        let left_titles: Vec<(&PathBuf, Option<String>)> =
            left.iter().map(|p| (*p, title_key(p, t).ok())).collect();
        for (c, p) in pairs.iter_mut().filter(|(_, p)| p.is_none()) {
            let Ok(key) = title_key(c, t) else { continue };
            if let Some((found, _)) = left_titles
                .iter()
                .find(|(lp, k)| k.as_deref() == Some(&key) && !used.contains(lp))
            {
                used.push(found);
                *p = Some((*found).clone());
            }
        }
    }
    let unpaired = previous
        .iter()
        .filter(|p| !used.contains(p))
        .cloned()
        .collect();
    (pairs, unpaired)
}

/// Runs `f` on every job, spread over the cores; a progress bar on a
/// terminal, nothing when piped. Results come back in job order.
pub fn on_all_cores<T: Send>(jobs: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let bar = ProgressBar::with_draw_target(Some(jobs as u64), ProgressDrawTarget::stderr());
    if std::io::stderr().is_terminal() {
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .expect("a valid template"),
        );
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new((0..jobs).map(|_| None).collect());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(jobs.max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= jobs {
                        break;
                    }
                    let r = f(i);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(r);
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

/// The committee of an annotated workbook: named in its title, else its
/// file name.
fn committee(a: &Annotated, out: &Path) -> String {
    a.current.committee.clone().unwrap_or_else(|| {
        out.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    })
}

/// `opfolg annotate CURRENT_DIR [--previous PREVIOUS_DIR] [-o OUT_DIR]`.
///
/// # Errors
/// A folder cannot be read, the overview not written, or some workbook
/// failed (the others are still done).
pub fn annotate_dir(args: &AnnotateArgs, s: &Settings) -> anyhow::Result<Outcome> {
    let t = &s.template;
    let (current, previous, notices) = folders(args, t)?;
    super::warn(&notices);

    let out_dir = args.output.clone().unwrap_or_else(|| args.current.clone());
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| failed(&out_dir, crate::output::OutputError::from(e).message(t)))?;
    let Plan {
        pairs,
        unpaired,
        said,
        after,
    } = match &args.previous {
        Some(_) => in_two_folders(&current, &previous, t),
        None => in_one_folder(&current, s),
    };
    let outputs = output_names(&pairs, Some(&out_dir), t);
    let results = on_all_cores(pairs.len(), |i| {
        let (cur, prev) = &pairs[i];
        let out = outputs[i].clone();
        let done = annotate_one(cur, prev.as_deref(), &out, args.force, s);
        (out, done)
    });
    let mut lines = String::new();
    let (done, failed) = gather(&said, results, t, &mut lines);
    for line in &after {
        push_line(&mut lines, line);
    }
    for p in &unpaired {
        let line = t
            .batch
            .unpaired_previous
            .replace("{path}", &p.display().to_string());
        push_line(&mut lines, &line);
    }
    let overview_path = out_dir.join(&t.batch.overview_file);
    write_overview(&overview_path, &done, args.force, s.clock, t)?;
    let summary = crate::template::fill(
        &t.batch.done,
        &[
            ("ok", done.len().to_string()),
            ("total", pairs.len().to_string()),
            ("dir", out_dir.display().to_string()),
            ("overview", overview_path.display().to_string()),
        ],
    );
    push_line(&mut lines, &summary);
    print(&lines)?;
    if failed > 0 {
        anyhow::bail!(
            "{}",
            crate::template::fill(&t.batch.failed, &[("failed", failed.to_string())])
        );
    }
    Ok(Outcome::Success)
}

/// What a folder run annotates: the pairs, the previous workbooks no
/// current one pairs with, a line for each pair (or none), and the lines
/// about the workbooks not annotated.
struct Plan {
    pairs: Vec<(PathBuf, Option<PathBuf>)>,
    unpaired: Vec<PathBuf>,
    said: Vec<Option<String>>,
    after: Vec<String>,
}

/// The pairs of `annotate CURRENT_DIR --previous PREVIOUS_DIR`: by file
/// name, else by title; a current workbook without one is said. Two
/// workbooks of one committee and round in the current folder are never
/// both counted: a copy with the same content is one (the one by the
/// shortest name is used), two with other content are not guessed between
/// (issue 25.4); each gets a line.
fn in_two_folders(current: &[PathBuf], previous: &[PathBuf], t: &Template) -> Plan {
    let (current, after) = without_copies(current, t);
    let (pairs, unpaired) = pair(&current, previous, t);
    let said = pairs
        .iter()
        .map(|(cur, prev)| {
            Some(match prev {
                None => t
                    .batch
                    .unpaired_current
                    .replace("{why}", &why_unpaired(cur, t))
                    .replace("{path}", &cur.display().to_string()),
                Some(p) => {
                    let round = super::previous::identity_of(p, Overrides::default(), t)
                        .and_then(|i| i.round)
                        .map_or("", |r| t.round_label(r));
                    t.batch
                        .folder_compared
                        .replace("{path}", &cur.display().to_string())
                        .replace("{previous}", &p.display().to_string())
                        .replace("{round}", round)
                }
            })
        })
        .collect();
    Plan {
        pairs,
        unpaired,
        said,
        after,
    }
}

/// Why a current workbook found no previous round by its title: its title
/// names no committee (said with the title), or it has none; else empty.
fn why_unpaired(cur: &Path, t: &Template) -> String {
    match title_key(cur, t) {
        Ok(_) => String::new(),
        Err(Some(title)) => t.batch.untitled_self.replace("{title}", &title),
        Err(None) => t.batch.untitled_none.clone(),
    }
}

/// The workbooks of a round's folder, each committee's once: copies and
/// workbooks that cannot be told apart left out, with a line each.
fn without_copies(files: &[PathBuf], t: &Template) -> (Vec<PathBuf>, Vec<String>) {
    use crate::pipeline::pairing::{Role, plan_set};
    let known = candidates(files, t);
    let set: Vec<_> = known.iter().map(|(_, c)| c.clone()).collect();
    let same = |a: usize, c: usize| match (std::fs::read(&known[a].0), std::fs::read(&known[c].0)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let name = |j: usize| known[j].0.display().to_string();
    let b = &t.batch;
    let mut left_out = Vec::new();
    let mut lines = Vec::new();
    for (i, role) in plan_set(&set, same, t).iter().enumerate() {
        let line = match role {
            Role::Duplicate { of } => b.folder_duplicate.replace("{other}", &name(*of)),
            Role::Unsure { with } => {
                let others: Vec<String> = with.iter().map(|j| name(*j)).collect();
                b.folder_unsure.replace("{others}", &others.join(", "))
            }
            _ => continue,
        };
        left_out.push(known[i].0.clone());
        lines.push(line.replace("{path}", &name(i)));
    }
    let kept = files
        .iter()
        .filter(|f| !left_out.contains(f))
        .cloned()
        .collect();
    (kept, lines)
}

/// The workbooks of a folder whose first rows can be read, as the pairing
/// sees them.
fn candidates(
    files: &[PathBuf],
    t: &Template,
) -> Vec<(PathBuf, crate::pipeline::pairing::Candidate)> {
    files
        .iter()
        .filter_map(|p| {
            let identity = super::previous::identity_of(p, Overrides::default(), t)?;
            let name = p.display().to_string();
            Some((
                p.clone(),
                crate::pipeline::pairing::Candidate { name, identity },
            ))
        })
        .collect()
}

/// The pairs of one folder holding several rounds (SPEC §8, a set): for
/// each committee and year its latest round against the round before it,
/// said for each; the earlier rounds, copies and workbooks that cannot be
/// told apart are named after and not annotated. A workbook whose first
/// rows cannot be read is annotated alone (its annotation says why it
/// fails).
fn in_one_folder(files: &[PathBuf], s: &Settings) -> Plan {
    use crate::pipeline::pairing::{Role, plan_set};
    let t = &s.template;
    let b = &t.batch;
    let known = candidates(files, t);
    let set: Vec<_> = known.iter().map(|(_, c)| c.clone()).collect();
    let same = |a: usize, c: usize| match (std::fs::read(&known[a].0), std::fs::read(&known[c].0)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let round = |i: usize| {
        set[i]
            .identity
            .round
            .map_or_else(String::new, |r| t.round_label(r).to_string())
    };
    let name = |j: usize| known[j].0.display().to_string();
    let mut plan = Plan {
        pairs: Vec::new(),
        unpaired: Vec::new(),
        said: Vec::new(),
        after: Vec::new(),
    };
    for (i, role) in plan_set(&set, same, t).iter().enumerate() {
        let me = name(i);
        let line = match role {
            Role::Current { previous, why, .. } => {
                let prev = previous.map(|p| known[p].0.clone());
                plan.pairs.push((known[i].0.clone(), prev));
                plan.said.push(Some(
                    match previous {
                        Some(p) => b
                            .folder_compared
                            .replace("{previous}", &name(*p))
                            .replace("{round}", &round(*p)),
                        None => b.folder_alone.replace("{why}", why),
                    }
                    .replace("{path}", &me),
                ));
                continue;
            }
            Role::Previous { of } => b.folder_previous.replace("{current}", &name(*of)),
            Role::Earlier => b.folder_earlier.replace("{round}", &round(i)),
            Role::Duplicate { of } => b.folder_duplicate.replace("{other}", &name(*of)),
            Role::Unsure { with } => {
                let others: Vec<String> = with.iter().map(|j| name(*j)).collect();
                b.folder_unsure.replace("{others}", &others.join(", "))
            }
        };
        plan.after.push(line.replace("{path}", &me));
    }
    // Those whose first rows cannot be read: annotated alone, where the
    // reason is said.
    for p in files.iter().filter(|p| !known.iter().any(|(k, _)| k == *p)) {
        plan.pairs.push((p.clone(), None));
        plan.said.push(None);
    }
    plan
}

/// Annotates one workbook of a folder into `out`.
pub(super) fn annotate_one(
    cur: &Path,
    prev: Option<&Path>,
    out: &Path,
    force: bool,
    s: &Settings,
) -> anyhow::Result<Annotated> {
    let t = &s.template;
    let mut inputs = vec![cur];
    inputs.extend(prev);
    let macros = super::macros_of_file(cur).unwrap_or(false);
    super::check_output(out, &inputs, force, macros, t)?;
    let current = load(cur, t)?;
    let previous = prev.map(|p| load(p, t)).transpose()?;
    let mut done = pipeline::annotate(&current, previous, false, s)?;
    drop(current);
    super::save(&done.bytes, out, force, t)?;
    done.bytes = Vec::new();
    Ok(done)
}

/// The workbooks of the current folder and of the previous one, if given.
fn folders(
    args: &AnnotateArgs,
    t: &Template,
) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>, Vec<String>)> {
    let mut notices = Vec::new();
    let current = workbooks(&args.current, t, &mut notices)?;
    let previous = match &args.previous {
        Some(d) if d.is_dir() => workbooks(d, t, &mut notices)?,
        Some(d) => anyhow::bail!("{}: {}", d.display(), t.error("previous_not_folder", &[])),
        None => Vec::new(),
    };
    Ok((current, previous, notices))
}

/// Each workbook's output in `dir` (beside the workbook when `None`): its
/// name with the suffix. Two workbooks that would get one name (`x.xlsx`
/// and `x.xls` both give `x-annoteret.xlsx`) keep their own extension in
/// it (`x-xls-annoteret.xlsx`).
pub(super) fn output_names(
    pairs: &[(PathBuf, Option<PathBuf>)],
    dir: Option<&Path>,
    t: &Template,
) -> Vec<PathBuf> {
    let plain: Vec<PathBuf> = pairs
        .iter()
        .map(|(cur, _)| {
            let beside = super::default_output(cur, t);
            match dir {
                Some(d) => d.join(beside.file_name().expect("a file name")),
                None => beside,
            }
        })
        .collect();
    let key = |p: &Path| p.to_string_lossy().to_lowercase();
    let ext = |p: &Path| {
        p.extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    };
    plain
        .iter()
        .zip(pairs)
        .map(|(out, (cur, _))| {
            let shared = plain.iter().filter(|o| key(o) == key(out)).count() > 1;
            let (own_ext, out_ext) = (ext(cur), ext(out));
            if !shared || own_ext == out_ext {
                return out.clone();
            }
            let stem = cur
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            out.with_file_name(format!(
                "{stem}-{own_ext}{}.{out_ext}",
                t.output.annotated_suffix
            ))
        })
        .collect()
}

fn push_line(lines: &mut String, line: &str) {
    lines.push_str(line);
    lines.push('\n');
}

/// Goes through the results in job order: a line for each workbook written
/// (and each left without a previous one when `with_previous`), its notices
/// and errors on stderr. Returns the workbooks written and how many failed.
fn gather(
    said: &[Option<String>],
    results: Vec<(PathBuf, anyhow::Result<Annotated>)>,
    t: &Template,
    lines: &mut String,
) -> (Vec<(PathBuf, Annotated)>, usize) {
    let mut failed = 0;
    let mut done: Vec<(PathBuf, Annotated)> = Vec::new();
    for (line, (out, result)) in said.iter().zip(results) {
        if let Some(line) = line {
            push_line(lines, line);
        }
        match result {
            Ok(a) => {
                super::warn(&a.notices);
                push_line(lines, &annotated_line(t, &out, a.changes, &a.findings));
                done.push((out, a));
            }
            Err(e) => {
                failed += 1;
                eprintln!("opfolg: {e:#}");
            }
        }
    }
    (done, failed)
}

/// Writes the overview of the workbooks annotated.
pub(super) fn write_overview(
    path: &Path,
    done: &[(PathBuf, Annotated)],
    force: bool,
    clock: pipeline::Clock,
    t: &Template,
) -> anyhow::Result<()> {
    let files: Vec<String> = done
        .iter()
        .map(|(out, _)| {
            out.file_name()
                .map_or_else(String::new, |f| f.to_string_lossy().into_owned())
        })
        .collect();
    let entries: Vec<Entry> = done
        .iter()
        .zip(&files)
        .map(|((out, a), file)| Entry {
            committee: committee(a, out),
            file,
            current: &a.current,
            marks: &a.marks,
            changes: &a.changes_by_initiative,
            findings: &a.findings,
            money: &a.money,
        })
        .collect();
    super::write_new(path, force, t, || overview(&entries, t, clock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_keys_leave_out_the_round() {
        let t = Template::danish();
        let cases = [
            ("bsu-opf1.xlsx", "bsu"),
            ("bsu-opf2.xlsx", "bsu"),
            ("budget2018-opfoelgning-2.xlsx", "budget2018"),
            ("KFU opfølgning 3.xlsx", "kfu"),
            ("social.xlsx", "social"),
            ("KFU opf2 (2).xlsx", "kfu"),
            ("kfu-opf3-endelig.xlsx", "kfu"),
            ("Kopi af BSU opf1.xlsx", "bsu"),
            ("Teknik og Miljø opf 1 [3].xlsm", "teknik og miljø"),
        ];
        for (name, key) in cases {
            assert_eq!(file_key(Path::new(name), &t), key, "{name}");
        }
    }

    #[test]
    fn two_workbooks_never_share_an_output() {
        let t = Template::danish();
        let pairs: Vec<(PathBuf, Option<PathBuf>)> =
            ["x.xlsx", "x.xls", "x.ods", "x.xlsm", "y.xlsx"]
                .iter()
                .map(|n| (PathBuf::from("in").join(n), None))
                .collect();
        let names: Vec<String> = output_names(&pairs, Some(Path::new("out")), &t)
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "x-annoteret.xlsx",
                "x-xls-annoteret.xlsx",
                "x-ods-annoteret.xlsx",
                "x-annoteret.xlsm",
                "y-annoteret.xlsx"
            ]
        );
    }

    #[test]
    fn folder_pairs_by_committee_however_named() {
        let t = Template::danish();
        let cur = [
            PathBuf::from("KFU opf2 (2).xlsx"),
            PathBuf::from("bsu-opf2.xlsx"),
        ];
        let prev = [
            PathBuf::from("kfu-opf1-endelig.xlsx"),
            PathBuf::from("BSU opf1.xlsx"),
        ];
        let (pairs, left) = pair(&cur, &prev, &t);
        assert_eq!(pairs[0].1.as_ref(), Some(&prev[0]));
        assert_eq!(pairs[1].1.as_ref(), Some(&prev[1]));
        assert!(left.is_empty());
    }
}
