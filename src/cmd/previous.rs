//! `opfolg annotate CURRENT` without `--previous`: the previous round of
//! the same committee and year, looked for beside CURRENT by what the
//! workbooks' titles say (not by file dates). Siblings that cannot be read
//! are passed over; only their first rows are read.

use std::path::{Path, PathBuf};

use crate::parse::text::fold;
use crate::read::Overrides;
use crate::read::identity::{Identity, identify};
use crate::template::Template;

/// What the search found, and the one line that says so.
pub struct Found {
    /// The previous round's workbook, if exactly one could be it.
    pub previous: Option<PathBuf>,
    /// The line telling the user which workbook was taken, or why none.
    pub notice: String,
}

/// Looks beside `current` for its previous round. Says nothing when
/// `current` is the plan, or names no round, or cannot be read (the
/// annotation says why); a sibling that cannot be read is passed over.
pub fn find(current: &Path, o: Overrides, t: &Template) -> Found {
    let silent = Found {
        previous: None,
        notice: String::new(),
    };
    let Ok(me) = identify(current, t, o) else {
        return silent;
    };
    let shown = |p: &Path| p.display().to_string();
    let none = || Found {
        previous: None,
        notice: t.batch.previous_none.replace("{path}", &shown(current)),
    };
    // The plan has no round before it.
    let Some(my_round) = me.round.filter(|r| *r > 0) else {
        return silent;
    };
    let mut best: Vec<(PathBuf, Round)> = Vec::new();
    for sibling in siblings(current, t) {
        let Ok(them) = identify(&sibling, t, Overrides::default()) else {
            continue;
        };
        let Some(round) = them.round.filter(|r| *r < my_round) else {
            continue;
        };
        if !same_agreement(&me, &them, current, &sibling, t) {
            continue;
        }
        match best.first().map(|(_, r)| *r) {
            Some(b) if b > round => {}
            Some(b) if b == round => best.push((sibling, round)),
            _ => best = vec![(sibling, round)],
        }
    }
    let chosen = choose(best, t);
    match chosen {
        Choice::One(p, round) => Found {
            notice: t
                .batch
                .previous_found
                .replace("{path}", &shown(&p))
                .replace("{round}", t.round_label(round)),
            previous: Some(p),
        },
        Choice::None => none(),
        Choice::Several(paths) => Found {
            previous: None,
            notice: t
                .batch
                .previous_unsure
                .replace("{path}", &shown(current))
                .replace(
                    "{paths}",
                    &paths
                        .iter()
                        .map(|p| shown(p))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
        },
    }
}

type Round = crate::model::Round;

enum Choice {
    One(PathBuf, Round),
    None,
    Several(Vec<PathBuf>),
}

/// Of the workbooks of the latest earlier round: the one, else the one
/// annotated (it carries the earlier rounds' smileys), else the first when
/// they are all the same file; otherwise it is not for opfolg to guess.
fn choose(best: Vec<(PathBuf, Round)>, t: &Template) -> Choice {
    let Some(round) = best.first().map(|(_, r)| *r) else {
        return Choice::None;
    };
    let paths: Vec<PathBuf> = best.into_iter().map(|(p, _)| p).collect();
    if paths.len() == 1 {
        return Choice::One(paths[0].clone(), round);
    }
    let annotated: Vec<&PathBuf> = paths.iter().filter(|p| is_annotated(p, t)).collect();
    if annotated.len() == 1 {
        return Choice::One(annotated[0].clone(), round);
    }
    let bytes: Vec<Option<Vec<u8>>> = paths.iter().map(|p| std::fs::read(p).ok()).collect();
    if bytes[0].is_some() && bytes.iter().all(|b| *b == bytes[0]) {
        return Choice::One(paths[0].clone(), round);
    }
    Choice::Several(paths)
}

fn is_annotated(p: &Path, t: &Template) -> bool {
    p.file_stem()
        .is_some_and(|s| s.to_string_lossy().contains(&t.output.annotated_suffix))
}

/// The same committee (however the title spells it) and, where both
/// titles name one, the same budget year. Workbooks whose titles name no
/// committee belong together when their file names do.
fn same_agreement(
    me: &Identity,
    them: &Identity,
    mine: &Path,
    theirs: &Path,
    t: &Template,
) -> bool {
    if let (Some(a), Some(b)) = (me.year, them.year)
        && a != b
    {
        return false;
    }
    match (&me.committee, &them.committee) {
        (Some(a), Some(b)) => fold(a) == fold(b),
        (None, None) => super::batch::file_key(mine, t) == super::batch::file_key(theirs, t),
        _ => false,
    }
}

/// The workbooks beside `current`: not itself, not its own annotation,
/// not the folder overview, not Excel's lock files.
fn siblings(current: &Path, t: &Template) -> Vec<PathBuf> {
    let dir = match current.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let me = std::fs::canonicalize(current).ok();
    let mine = crate::pipeline::default_output(current, t);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && super::batch::is_workbook_name(p, t))
        .filter(|p| std::fs::canonicalize(p).ok() != me && p.file_name() != mine.file_name())
        .collect();
    out.sort();
    out
}
