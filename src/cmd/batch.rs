//! Folders: every committee's workbook of a round at once — paired with the
//! previous round's by committee, annotated (or checked) on all cores, and
//! gathered into one overview.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use regex::Regex;

use super::{Outcome, print};
use crate::cli::AnnotateArgs;
use crate::parse::text::fold;
use crate::pipeline::{self, Annotated, Settings};
use crate::present::annotated_line;
use crate::read::{Overrides, meta, read_workbook};
use crate::template::Template;
use crate::write::overview::{Entry, overview};

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The workbooks of a folder, sorted; opfolg's own outputs and Excel's lock
/// files (`~$…`) left out.
///
/// # Errors
/// The folder cannot be read.
pub fn workbooks(dir: &Path, t: &Template) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).with_context(|| dir.display().to_string())?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let ext = p
                .extension()
                .map_or_else(String::new, |e| e.to_string_lossy().to_lowercase());
            EXTENSIONS.contains(&ext.as_str())
                && !name.starts_with("~$")
                && !name.starts_with('.')
                && !name.contains(&format!("{}.", t.output.annotated_suffix))
                && name != t.batch.overview_file
        })
        .collect();
    out.sort();
    Ok(out)
}

/// A file's committee key: its name without the round (`bsu-opf2.xlsx` and
/// `bsu-opf1.xlsx` are both `bsu`).
fn file_key(path: &Path, t: &Template) -> String {
    let stem = fold(
        &path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    );
    let words = t
        .rounds
        .file_words
        .iter()
        .map(|w| regex::escape(&fold(w)))
        .collect::<Vec<_>>()
        .join("|");
    let re = Regex::new(&format!(r"(?:{words})[-_ .]?[0-4]")).expect("escaped words");
    re.replace_all(&stem, "")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// The committee a workbook's title names, read for pairing.
fn title_key(path: &Path, t: &Template) -> Option<String> {
    let read = read_workbook(path, t, Overrides::default()).ok()?;
    meta::committee(read.workbook.title.as_deref()?, t).map(|c| fold(&c))
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
                .map(|v| v[0]);
            if let Some(p) = found {
                used.push(p);
            }
            (c.clone(), found.cloned())
        })
        .collect();
    let left: Vec<&PathBuf> = previous.iter().filter(|p| !used.contains(p)).collect();
    if pairs.iter().any(|(_, p)| p.is_none()) && !left.is_empty() {
        let left_titles: Vec<(&PathBuf, Option<String>)> =
            left.iter().map(|p| (*p, title_key(p, t))).collect();
        for (c, p) in pairs.iter_mut().filter(|(_, p)| p.is_none()) {
            let Some(key) = title_key(c, t) else { continue };
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
fn committee(a: &Annotated, out: &Path, t: &Template) -> String {
    a.current
        .title
        .as_deref()
        .and_then(|title| meta::committee(title, t))
        .unwrap_or_else(|| {
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
    let (current, previous) = folders(args, t)?;
    let out_dir = args.output.clone().unwrap_or_else(|| args.current.clone());
    std::fs::create_dir_all(&out_dir).with_context(|| out_dir.display().to_string())?;
    let (pairs, unpaired) = pair(&current, &previous, t);
    let results = on_all_cores(pairs.len(), |i| {
        let (cur, prev) = &pairs[i];
        let name = pipeline::default_output(cur, t);
        let out = out_dir.join(name.file_name().expect("a file name"));
        let done = pipeline::annotate(cur, prev.as_deref(), &out, args.force, s);
        (out, done)
    });
    let mut lines = String::new();
    let (done, failed) = gather(&pairs, results, args.previous.is_some(), t, &mut lines);
    for p in &unpaired {
        let line = t
            .batch
            .unpaired_previous
            .replace("{path}", &p.display().to_string());
        push_line(&mut lines, &line);
    }
    let overview_path = out_dir.join(&t.batch.overview_file);
    write_overview(&overview_path, &done, args.force, t)?;
    let summary = t
        .batch
        .done
        .replace("{ok}", &done.len().to_string())
        .replace("{total}", &pairs.len().to_string())
        .replace("{dir}", &out_dir.display().to_string())
        .replace("{overview}", &overview_path.display().to_string());
    push_line(&mut lines, &summary);
    print(&lines)?;
    if failed > 0 {
        anyhow::bail!(
            "{}",
            t.batch.failed.replace("{failed}", &failed.to_string())
        );
    }
    Ok(Outcome::Success)
}

/// The workbooks of the current folder and of the previous one, if given.
fn folders(args: &AnnotateArgs, t: &Template) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let current = workbooks(&args.current, t)?;
    let previous = match &args.previous {
        Some(d) if d.is_dir() => workbooks(d, t)?,
        Some(d) => anyhow::bail!(
            "{}: with a folder of workbooks, --previous must be a folder too",
            d.display()
        ),
        None => Vec::new(),
    };
    Ok((current, previous))
}

fn push_line(lines: &mut String, line: &str) {
    lines.push_str(line);
    lines.push('\n');
}

/// Goes through the results in job order: a line for each workbook written
/// (and each left without a previous one when `with_previous`), its notices
/// and errors on stderr. Returns the workbooks written and how many failed.
fn gather(
    pairs: &[(PathBuf, Option<PathBuf>)],
    results: Vec<(PathBuf, anyhow::Result<Annotated>)>,
    with_previous: bool,
    t: &Template,
    lines: &mut String,
) -> (Vec<(PathBuf, Annotated)>, usize) {
    let mut failed = 0;
    let mut done: Vec<(PathBuf, Annotated)> = Vec::new();
    for ((cur, prev), (out, result)) in pairs.iter().zip(results) {
        if prev.is_none() && with_previous {
            let line = t
                .batch
                .unpaired_current
                .replace("{path}", &cur.display().to_string());
            push_line(lines, &line);
        }
        match result {
            Ok(a) => {
                super::warn(&a.notices);
                push_line(lines, &annotated_line(t, &out, a.changes, a.findings.len()));
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
fn write_overview(
    path: &Path,
    done: &[(PathBuf, Annotated)],
    force: bool,
    t: &Template,
) -> anyhow::Result<()> {
    let entries: Vec<Entry> = done
        .iter()
        .map(|(out, a)| Entry {
            committee: committee(a, out, t),
            out,
            current: &a.current,
            marks: &a.marks,
            changes: &a.changes_by_initiative,
            findings: &a.findings,
        })
        .collect();
    super::write_new(path, force, t, || overview(&entries, t))
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
        ];
        for (name, key) in cases {
            assert_eq!(file_key(Path::new(name), &t), key, "{name}");
        }
    }
}
