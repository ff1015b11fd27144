//! Which workbook is which one's previous round: the same committee and
//! budget year by what the titles say (not by file dates), the latest
//! earlier round. The command line looks among the workbooks beside the
//! current one; the page among the workbooks dropped with it. Both ask
//! here, so both pair alike.

use std::path::Path;

use crate::model::Round;
use crate::parse::text::{cached_regex, fold};
use crate::read::identity::Identity;
use crate::read::title::same_committee;
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
    /// The workbooks that could each be the previous round, when none was
    /// chosen between them.
    pub several: Vec<usize>,
    /// Why none was found, when a title could not be read (its own, or
    /// that of a workbook that might have been it): a clause naming the
    /// file, to end the line that says none was found; else empty.
    pub why: String,
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
        (Some(x), Some(y)) => same_committee(x, y, t),
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
        several: Vec::new(),
        why: String::new(),
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
        return none_found(me, others, my_round, t);
    };
    match choose(&best, others, same_content, t) {
        Some(i) => Found {
            previous: Some(i),
            notice: t
                .batch
                .previous_found
                .replace("{path}", &others[i].name)
                .replace("{round}", t.round_label(round)),
            several: Vec::new(),
            why: String::new(),
        },
        None => Found {
            previous: None,
            several: best.clone(),
            why: String::new(),
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

/// No previous round of `me` among `others`: the line that says so, and
/// why when a title could not be read.
fn none_found(me: &Candidate, others: &[Candidate], my_round: Round, t: &Template) -> Found {
    let why = untitled(me, others, my_round, t);
    Found {
        previous: None,
        notice: t
            .batch
            .previous_none
            .replace("{why}", &why)
            .replace("{path}", &me.name),
        several: Vec::new(),
        why,
    }
}

/// Why no previous round of `me` was found, when a title could not be
/// read: `me`'s own title names no committee (nor does its file name pair
/// it), or the title of a workbook among `others` that could be an earlier
/// round of the same year names none. A clause from the template naming
/// the title or the files; empty when every title was read.
fn untitled(me: &Candidate, others: &[Candidate], my_round: Round, t: &Template) -> String {
    let b = &t.batch;
    if me.identity.committee.is_none() {
        return match &me.identity.title {
            Some(title) => b.untitled_self.replace("{title}", title),
            None => b.untitled_none.clone(),
        };
    }
    let unread: Vec<&str> = others
        .iter()
        .filter(|o| {
            let i = &o.identity;
            i.committee.is_none()
                && i.round.is_none_or(|r| r < my_round)
                && i.year.zip(me.identity.year).is_none_or(|(a, b)| a == b)
        })
        .map(|o| o.name.as_str())
        .collect();
    if unread.is_empty() {
        String::new()
    } else {
        b.untitled_others.replace("{paths}", &unread.join(", "))
    }
}

/// What a workbook of a set is for, when several are given at once (the
/// page's dropped files, a folder holding several rounds): for each
/// committee and year its latest round is annotated against the round
/// before it; earlier rounds are not annotated again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// To be annotated, against `previous` (an index into the set).
    Current {
        /// The previous round, if one could be told.
        previous: Option<usize>,
        /// The line that says which previous round was taken, or why none.
        notice: String,
        /// The workbooks that could each be the previous round, when none
        /// was chosen between them.
        several: Vec<usize>,
        /// Why none was found, when a title could not be read (see
        /// [`Found::why`]).
        why: String,
    },
    /// The previous round of the workbook at `of`.
    Previous {
        /// The workbook it is the previous round of.
        of: usize,
    },
    /// An earlier round of a committee whose later round is in the set.
    Earlier,
    /// The same committee and round as `of`, and the same content: one
    /// workbook given twice.
    Duplicate {
        /// The workbook used instead.
        of: usize,
    },
    /// The same committee and round as the others listed, with other
    /// content: not for opfolg to guess which is meant.
    Unsure {
        /// The other workbooks of that committee and round.
        with: Vec<usize>,
    },
}

/// Whether `name` is the annotated workbook of `plain` (`x-annoteret.xlsx`
/// of `x.xlsx`).
fn annotation_of(name: &str, plain: &str, t: &Template) -> bool {
    let stem = |n: &str| {
        Path::new(file_name(n))
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
    };
    match (stem(name), stem(plain)) {
        (Some(a), Some(p)) => a == format!("{p}{}", t.output.annotated_suffix.to_lowercase()),
        _ => false,
    }
}

/// The roles of the workbooks that are not their agreement's latest round
/// (earlier), or share it with another (a duplicate, or not to be guessed
/// between); `None` for the rest.
fn not_current(
    set: &[Candidate],
    same_content: &impl Fn(usize, usize) -> bool,
    t: &Template,
) -> Vec<Option<Role>> {
    let mut roles: Vec<Option<Role>> = vec![None; set.len()];
    for i in 0..set.len() {
        let Some(round) = set[i].identity.round else {
            continue;
        };
        let later = set.iter().enumerate().any(|(j, o)| {
            j != i && o.identity.round.is_some_and(|r| r > round) && same_agreement(&set[i], o, t)
        });
        if later {
            roles[i] = Some(Role::Earlier);
            continue;
        }
        let peers: Vec<usize> = (0..set.len())
            .filter(|&j| {
                j != i
                    && set[j].identity.round == Some(round)
                    && same_agreement(&set[i], &set[j], t)
            })
            .collect();
        if peers.is_empty() {
            continue;
        }
        // Of copies, the one by the shortest name: `X (2).xlsx`, `Kopi af
        // X.xlsx` and `X - kopi.xlsx` are copies of `X.xlsx`.
        let first = *peers
            .iter()
            .chain([&i])
            .min_by_key(|&&j| (file_name(&set[j].name).chars().count(), j))
            .expect("i is there");
        // A workbook and its own annotation, or the same bytes twice: one.
        let plain_of = peers
            .iter()
            .find(|&&j| annotation_of(&set[i].name, &set[j].name, t));
        if let Some(&j) = plain_of {
            roles[i] = Some(Role::Duplicate { of: j });
        } else if peers.iter().all(|&j| same_content(i, j)) {
            if first != i {
                roles[i] = Some(Role::Duplicate { of: first });
            }
        } else if !peers
            .iter()
            .any(|&j| annotation_of(&set[j].name, &set[i].name, t))
        {
            roles[i] = Some(Role::Unsure { with: peers });
        }
    }
    roles
}

/// The roles of a set of workbooks (see [`Role`]); `same_content` tells
/// whether two of them hold the same bytes.
pub fn plan_set(
    set: &[Candidate],
    same_content: impl Fn(usize, usize) -> bool,
    t: &Template,
) -> Vec<Role> {
    let mut roles = not_current(set, &same_content, t);
    // Each latest round (or one whose round is unknown) is annotated
    // against its previous round among the rest.
    for i in 0..set.len() {
        if roles[i].is_some() {
            continue;
        }
        let others: Vec<Candidate> = set
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let mut c = c.clone();
                if j == i {
                    // Not its own previous round.
                    c.identity.round = None;
                }
                c
            })
            .collect();
        let found = find_previous(&set[i], &others, &same_content, t);
        roles[i] = Some(Role::Current {
            previous: found.previous,
            notice: found.notice,
            several: found.several,
            why: found.why,
        });
    }
    for i in 0..set.len() {
        if let Some(Role::Current {
            previous: Some(p), ..
        }) = roles[i]
            && matches!(roles[p], Some(Role::Earlier))
        {
            roles[p] = Some(Role::Previous { of: i });
        }
    }
    roles
        .into_iter()
        .map(|r| r.unwrap_or(Role::Earlier))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(name: &str, committee: &str, year: i32, round: u8) -> Candidate {
        Candidate {
            name: name.into(),
            identity: Identity {
                title: None,
                committee: Some(committee.into()),
                year: Some(year),
                round: Some(round),
            },
        }
    }

    #[test]
    fn each_committee_latest_round_against_the_one_before() {
        let t = Template::danish();
        let set = [
            cand("bsu1.xlsx", "Børne- og Skoleudvalget", 2019, 1),
            cand("bsu2.xlsx", "Børne- og Skoleudvalget", 2019, 2),
            cand("bsu3.xlsx", "børne- og skoleudvalget", 2019, 3),
            cand("kfu1.xlsx", "Kultur- og Fritidsudvalget", 2019, 1),
            cand("bsu2-annoteret.xlsx", "Børne- og Skoleudvalget", 2019, 2),
        ];
        let roles = plan_set(&set, |_, _| false, &t);
        assert_eq!(roles[0], Role::Earlier);
        // Of round 2 kept plain and annotated, the annotated one is taken.
        assert_eq!(roles[4], Role::Previous { of: 2 });
        assert_eq!(roles[1], Role::Earlier);
        assert!(matches!(
            roles[2],
            Role::Current {
                previous: Some(4),
                ..
            }
        ));
        assert!(matches!(roles[3], Role::Current { previous: None, .. }));
    }

    #[test]
    fn two_workbooks_of_one_round_are_never_both_counted() {
        let t = Template::danish();
        let set = [
            cand("BSU 2. opf.xlsx", "Børne- og Skoleudvalget", 2019, 2),
            cand("BSU 2. opf (2).xlsx", "Børne- og Skoleudvalget", 2019, 2),
            cand("BSU 1. opf.xlsx", "Børne- og Skoleudvalget", 2019, 1),
        ];
        // The same bytes: one workbook, the first by its place in the set.
        let roles = plan_set(&set, |_, _| true, &t);
        assert!(matches!(
            roles[0],
            Role::Current {
                previous: Some(2),
                ..
            }
        ));
        assert_eq!(roles[1], Role::Duplicate { of: 0 });
        assert_eq!(roles[2], Role::Previous { of: 0 });
        // Other content: neither is guessed.
        let roles = plan_set(&set, |a, b| a == b, &t);
        assert_eq!(roles[0], Role::Unsure { with: vec![1] });
        assert_eq!(roles[1], Role::Unsure { with: vec![0] });
        assert_eq!(roles[2], Role::Earlier);
    }

    #[test]
    fn a_workbook_and_its_annotation_are_one() {
        let t = Template::danish();
        let set = [
            cand("kfu2.xlsx", "Kultur- og Fritidsudvalget", 2019, 2),
            cand("kfu2-annoteret.xlsx", "Kultur- og Fritidsudvalget", 2019, 2),
        ];
        let roles = plan_set(&set, |a, b| a == b, &t);
        assert!(matches!(roles[0], Role::Current { .. }));
        assert_eq!(roles[1], Role::Duplicate { of: 0 });
    }
}
