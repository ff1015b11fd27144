//! Which workbook is which one's previous round: the same committee and
//! budget year by what the titles say (not by file dates), the latest
//! earlier round. The command line looks among the workbooks beside the
//! current one; the page among the workbooks dropped with it. Both ask
//! here, so both pair alike.

use std::path::Path;

use crate::model::Round;
use crate::parse::text::{cached_regex, fold};
use crate::read::identity::Identity;
use crate::template::Template;

/// A workbook as the search sees it: the name it is shown by and who its
/// first rows say it is.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The name it is shown by (a path on the command line, a file name on
    /// the page).
    pub name: String,
    /// Committee, year and round from its title (and file name).
    pub identity: Identity,
}

/// What the search found, and the one line that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The index among the candidates of the previous round, if exactly
    /// one could be it.
    pub previous: Option<usize>,
    /// The line telling the user which workbook was taken, or why none;
    /// empty when there is nothing to say (the plan, a round unknown).
    pub notice: String,
}

fn file_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// A file's committee key: its name without the round, copy numbers and
/// words such as `endelig` (`bsu-opf2.xlsx`, `BSU opf1 (2).xlsx` and
/// `bsu-opf1-endelig.xlsx` are all `bsu`).
///
/// ```
/// let t = opfolg::template::Template::danish();
/// assert_eq!(opfolg::pipeline::pairing::file_key("KFU opf2 (2).xlsx", &t), "kfu");
/// ```
pub fn file_key(name: &str, t: &Template) -> String {
    let stem = fold(
        &Path::new(file_name(name))
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
    );
    let alternatives = |list: &[String]| {
        list.iter()
            .map(|w| regex::escape(&fold(w)))
            .collect::<Vec<_>>()
            .join("|")
    };
    let rounds = cached_regex(&format!(
        r"(?:{})[-_ .]?[0-4]",
        alternatives(&t.rounds.file_words)
    ));
    let stem = rounds.replace_all(&stem, " ");
    // Copy numbers: `(2)`, `[1]`.
    let copies = cached_regex(r"[(\[]\s*\d+\s*[)\]]");
    let stem = copies.replace_all(&stem, " ");
    let noise: Vec<String> = t.batch.file_noise.iter().map(|w| fold(w)).collect();
    stem.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !noise.iter().any(|n| n == w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a workbook's name says opfolg annotated it.
pub fn is_annotated_name(name: &str, t: &Template) -> bool {
    Path::new(file_name(name))
        .file_stem()
        .is_some_and(|s| s.to_string_lossy().contains(&t.output.annotated_suffix))
}

/// The same committee (however the title spells it) and, where both
/// titles name one, the same budget year. Workbooks whose titles name no
/// committee belong together when their file names do.
pub fn same_agreement(me: &Candidate, them: &Candidate, t: &Template) -> bool {
    let (a, b) = (&me.identity, &them.identity);
    if let (Some(x), Some(y)) = (a.year, b.year)
        && x != y
    {
        return false;
    }
    match (&a.committee, &b.committee) {
        (Some(x), Some(y)) => fold(x) == fold(y),
        (None, None) => file_key(&me.name, t) == file_key(&them.name, t),
        _ => false,
    }
}

/// Of several workbooks of one round: the one, else the one annotated,
/// else the first when they are all the same; else none.
fn choose(
    best: &[usize],
    others: &[Candidate],
    same_content: impl Fn(usize, usize) -> bool,
    t: &Template,
) -> Option<usize> {
    let annotated: Vec<usize> = best
        .iter()
        .copied()
        .filter(|i| is_annotated_name(&others[*i].name, t))
        .collect();
    if best.len() == 1 {
        Some(best[0])
    } else if annotated.len() == 1 {
        Some(annotated[0])
    } else if best.iter().all(|i| same_content(best[0], *i)) {
        Some(best[0])
    } else {
        None
    }
}

/// Looks among `others` for the previous round of `me`: of the same
/// agreement, the latest round before `me`'s. Of several workbooks of
/// that round: the one annotated (it carries the earlier rounds'
/// smileys), else the first when they are all the same (`same_content`
/// of two indexes), else none — it is not for opfolg to guess. Says
/// nothing when `me` is the plan or names no round.
pub fn find_previous(
    me: &Candidate,
    others: &[Candidate],
    same_content: impl Fn(usize, usize) -> bool,
    t: &Template,
) -> Found {
    let silent = Found {
        previous: None,
        notice: String::new(),
    };
    // The plan has no round before it.
    let Some(my_round) = me.identity.round.filter(|r| *r > 0) else {
        return silent;
    };
    let mut best: Vec<usize> = Vec::new();
    let mut best_round: Option<Round> = None;
    for (i, them) in others.iter().enumerate() {
        let Some(round) = them.identity.round.filter(|r| *r < my_round) else {
            continue;
        };
        if !same_agreement(me, them, t) {
            continue;
        }
        match best_round {
            Some(b) if b > round => {}
            Some(b) if b == round => best.push(i),
            _ => {
                best = vec![i];
                best_round = Some(round);
            }
        }
    }
    let Some(round) = best_round else {
        return Found {
            previous: None,
            notice: t.batch.previous_none.replace("{path}", &me.name),
        };
    };
    match choose(&best, others, same_content, t) {
        Some(i) => Found {
            previous: Some(i),
            notice: t
                .batch
                .previous_found
                .replace("{path}", &others[i].name)
                .replace("{round}", t.round_label(round)),
        },
        None => Found {
            previous: None,
            notice: t.batch.previous_unsure.replace("{path}", &me.name).replace(
                "{paths}",
                &best
                    .iter()
                    .map(|i| others[*i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        },
    }
}
