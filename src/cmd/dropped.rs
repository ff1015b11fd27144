//! Workbooks and folders given bare: what dropping several workbooks, or a
//! folder, on opfolg.exe gives (`opfolg A.xlsx B.xlsx`, `opfolg FOLDER`).
//! They are one set, as when the same files are dropped on the page: each
//! committee's latest round is annotated against the round before it,
//! found among them by the titles (`pipeline::pairing::plan_set`), else
//! beside it as for one workbook; earlier rounds are not annotated again.
//! Each annotated workbook is written beside its own, and the overview of
//! them all beside the first. One workbook alone is `annotate`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::batch::{annotate_one, listing, on_all_cores, output_names, write_overview};
use super::{Outcome, failed, load, print, settings};
use crate::cli::DroppedArgs;
use crate::pipeline::pairing::{Candidate, Role, plan_set};
use crate::pipeline::{Annotated, Made, made};
use crate::present::annotated_line;
use crate::read::Overrides;
use crate::read::identity::{Identity, identify};
use crate::template::Template;

/// A workbook of the set: where it is and who it is.
struct Member {
    path: PathBuf,
    identity: Identity,
}

/// Runs the set given bare.
///
/// # Errors
/// Nothing to annotate among the paths, the overview not written, or some
/// workbook could not be read or written (the others are still done).
pub fn run(args: &DroppedArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, None)?;
    let t = &s.template;
    let mut notices = Vec::new();
    let (files, unreadable) = files(&args.paths, t, &mut notices);
    super::warn(&notices);
    let (members, failures) = survey(&files, t)?;
    let mut failures = failures + unreadable;
    let jobs = plan(&members, t);
    if jobs.is_empty() {
        anyhow::bail!("{}", t.drop_word("nothing_to_annotate"));
    }
    let outputs = output_names(&jobs, None, t);
    let results = on_all_cores(jobs.len(), |i| {
        let (cur, prev) = &jobs[i];
        annotate_one(cur, prev.as_deref(), &outputs[i], false, &s)
    });
    let mut done: Vec<(PathBuf, Annotated)> = Vec::new();
    for (out, result) in outputs.into_iter().zip(results) {
        match result {
            Ok(a) => {
                super::warn(&a.notices);
                print(&format!(
                    "{}\n",
                    annotated_line(t, &out, a.changes, &a.findings)
                ))?;
                done.push((out, a));
            }
            Err(e) => {
                failures += 1;
                eprintln!("opfolg: {e:#}");
            }
        }
    }
    if let Some((first, _)) = done.first() {
        let overview = first.with_file_name(&t.batch.overview_file);
        write_overview(&overview, &done, false, s.clock, t)?;
        let line = t
            .drop_word("done")
            .replace("{ok}", &done.len().to_string())
            .replace("{total}", &jobs.len().to_string())
            .replace("{overview}", &overview.display().to_string());
        print(&format!("{line}\n"))?;
    }
    if failures > 0 {
        anyhow::bail!(
            "{}",
            t.batch.failed.replace("{failed}", &failures.to_string())
        );
    }
    Ok(Outcome::Success)
}

/// The files given and the workbooks of the folders given, each once (a
/// folder and a workbook in it may both be dropped), and how many folders
/// could not be read (each said in a line). Excel's lock files are left
/// out with a notice each.
fn files(paths: &[PathBuf], t: &Template, notices: &mut Vec<String>) -> (Vec<PathBuf>, usize) {
    let mut out = Vec::new();
    let mut unreadable = 0;
    for p in paths {
        if p.is_dir() {
            match listing(p, true, t, notices) {
                Ok(list) => out.extend(list),
                Err(e) => {
                    unreadable += 1;
                    eprintln!("opfolg: {e:#}");
                }
            }
        } else if is_lock_file(p) {
            notices.push(
                t.batch
                    .lock_file
                    .replace("{path}", &p.display().to_string()),
            );
        } else {
            out.push(p.clone());
        }
    }
    let mut seen = HashSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    (out, unreadable)
}

fn is_lock_file(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// Reads who each file is (its first rows). A file that cannot be read is
/// said in one line; a workbook opfolg sent out (`new-round`) is no round
/// to annotate. Returns the rounds and how many could not be read.
///
/// # Errors
/// Standard output cannot be written.
fn survey(files: &[PathBuf], t: &Template) -> anyhow::Result<(Vec<Member>, usize)> {
    let read = on_all_cores(files.len(), |i| {
        let input = load(&files[i], t)?;
        let identity = identify(&input, t, Overrides::default())
            .map_err(|e| failed(&files[i], e.message(t)))?;
        Ok::<_, anyhow::Error>((identity, made(&input)))
    });
    let mut members = Vec::new();
    let mut failures = 0;
    for (path, r) in files.iter().zip(read) {
        match r {
            // A collected round is the round to annotate.
            Ok((identity, Made::Plain | Made::Annotated | Made::Collected { .. })) => {
                members.push(Member {
                    path: path.clone(),
                    identity,
                })
            }
            Ok((_, Made::Handout { round } | Made::Return { round, .. })) => {
                let line = t
                    .drop_word("handout")
                    .replace("{path}", &path.display().to_string())
                    .replace("{round}", t.round_label(round));
                print(&format!("{line}\n"))?;
            }
            Err(e) => {
                failures += 1;
                eprintln!("opfolg: {e:#}");
            }
        }
    }
    Ok((members, failures))
}

/// Which workbooks are annotated, each with its previous round: the set's
/// roles, each said in a line; a latest round whose previous is not in the
/// set has it looked for beside it.
fn plan(members: &[Member], t: &Template) -> Vec<(PathBuf, Option<PathBuf>)> {
    let shown = |i: usize| members[i].path.display().to_string();
    let set: Vec<Candidate> = members
        .iter()
        .enumerate()
        .map(|(i, m)| Candidate {
            name: shown(i),
            identity: m.identity.clone(),
        })
        .collect();
    let same = |a: usize, b: usize| match (
        std::fs::read(&members[a].path),
        std::fs::read(&members[b].path),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let mut jobs = Vec::new();
    for (i, role) in plan_set(&set, same, t).into_iter().enumerate() {
        let line = match role {
            Role::Current {
                previous,
                notice,
                several,
                ..
            } => {
                let (previous, line) = previous_of(members, i, previous, notice, &several, t);
                jobs.push((members[i].path.clone(), previous));
                line
            }
            Role::Previous { .. } => String::new(),
            Role::Earlier => t.drop_word("earlier").replace("{path}", &shown(i)),
            Role::Duplicate { of } => t
                .drop_word("duplicate")
                .replace("{path}", &shown(i))
                .replace("{other}", &shown(of)),
            Role::Unsure { with } => t.drop_word("unsure").replace("{path}", &shown(i)).replace(
                "{others}",
                &with
                    .iter()
                    .map(|&j| shown(j))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        if !line.is_empty() {
            super::warn(&[line]);
        }
    }
    jobs
}

/// The previous round of the set's workbook `i` and the line that says
/// which it is: the one found in the set, else (when the set holds none)
/// the one beside it, else none, with the reason.
fn previous_of(
    members: &[Member],
    i: usize,
    in_set: Option<usize>,
    notice: String,
    several: &[usize],
    t: &Template,
) -> (Option<PathBuf>, String) {
    if let Some(p) = in_set {
        let round = members[p]
            .identity
            .round
            .map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).into());
        let line = t
            .drop_word("previous")
            .replace("{path}", &members[i].path.display().to_string())
            .replace("{previous}", &members[p].path.display().to_string())
            .replace("{round}", &round);
        return (Some(members[p].path.clone()), line);
    }
    if !several.is_empty() || members[i].identity.round.is_none_or(|r| r == 0) {
        return (None, notice);
    }
    let found = super::previous::find(&members[i].path, Overrides::default(), t);
    (found.previous, found.notice)
}
