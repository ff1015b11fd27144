//! Alignment: which initiative and milestone of the previous round is which
//! of the current, decided before any field is compared.

use std::collections::HashMap;

use similar::TextDiff;

use crate::model::{Initiative, Milestone, Round, Workbook};
use crate::parse::text::fold;

/// Where an initiative stands: (sheet index, index on the sheet).
pub type IniRef = (usize, usize);

/// Pairs of (previous, current) milestones by index; `None` on one side
/// is an addition or a removal.
pub type MilestonePairs = Vec<(Option<usize>, Option<usize>)>;

/// Which initiative and milestone of the previous round is which of the
/// current, decided once and used by every later stage.
#[derive(Debug, Clone, Default)]
pub struct Alignment {
    /// Pairs of (previous, current) initiatives; `None` on one side is an
    /// addition or a removal. Current order first, removals after in
    /// previous order.
    pub initiatives: Vec<(Option<IniRef>, Option<IniRef>)>,
    /// For each pair of `initiatives`, its milestones paired (empty where
    /// one side is missing).
    pub milestones: Vec<MilestonePairs>,
}

/// Titles this close (similar's ratio) are the same initiative renumbered.
const NEAR_TITLE: f32 = 0.85;
/// Past this many (unmatched previous × unmatched current) pairs, fuzzy
/// title matching (quadratic) is skipped: renumbering touches a few
/// initiatives, not hundreds.
const FUZZY_PAIRS: usize = 40_000;

/// An upper bound of similar's ratio from the lengths alone.
fn length_bound(a: &str, b: &str) -> f32 {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la + lb == 0 {
        return 1.0;
    }
    2.0 * la.min(lb) as f32 / (la + lb) as f32
}

/// An upper bound of the ratio from the characters shared, in any order
/// (difflib's quick_ratio): cheap, and rules out most pairs.
fn bag_bound(a: &str, b: &str) -> f32 {
    let mut counts: HashMap<char, i32> = HashMap::new();
    for c in a.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let mut shared = 0;
    for c in b.chars() {
        if let Some(n) = counts.get_mut(&c)
            && *n > 0
        {
            *n -= 1;
            shared += 1;
        }
    }
    let total = a.chars().count() + b.chars().count();
    if total == 0 {
        1.0
    } else {
        2.0 * shared as f32 / total as f32
    }
}

/// Whether two titles are nearly the same: the cheap bounds first.
fn near(a: &str, b: &str) -> Option<f32> {
    if length_bound(a, b) < NEAR_TITLE || bag_bound(a, b) < NEAR_TITLE {
        return None;
    }
    let r = TextDiff::from_chars(a, b).ratio();
    (r >= NEAR_TITLE).then_some(r)
}

/// The initiatives to align, without copies of an earlier one (a block
/// pasted twice is one initiative, not a new one).
fn refs(wb: &Workbook) -> Vec<(IniRef, &Initiative)> {
    let copies = wb.copies();
    wb.sheets
        .iter()
        .enumerate()
        .flat_map(|(s, sheet)| {
            sheet
                .initiatives
                .iter()
                .enumerate()
                .map(move |(i, ini)| ((s, i), ini))
        })
        .filter(|(_, ini)| !copies.contains(&ini.header_cell))
        .collect()
}

/// Aligns the initiatives of two workbooks: by id, then by the same title,
/// then by a nearly same title (a renumbered initiative).
pub fn align(previous: &Workbook, current: &Workbook) -> Alignment {
    let prev = refs(previous);
    let cur = refs(current);
    let mut m = Matching {
        matched_prev: vec![false; prev.len()],
        pair_of: vec![None; cur.len()],
    };
    m.by_id(&prev, &cur);
    m.by_title(&prev, &cur);
    m.by_near_title(&prev, &cur);
    let initiatives = m.pairs(&prev, &cur);
    let milestones = initiatives
        .iter()
        .map(|pair| match *pair {
            (Some(p), Some(c)) => align_milestones(
                &previous.sheets[p.0].initiatives[p.1].milestones,
                &current.sheets[c.0].initiatives[c.1].milestones,
            ),
            _ => Vec::new(),
        })
        .collect();
    Alignment {
        initiatives,
        milestones,
    }
}

/// The initiatives paired so far, by their index in [`refs`]: which
/// previous ones are taken, and the previous one of each current one.
struct Matching {
    matched_prev: Vec<bool>,
    pair_of: Vec<Option<usize>>,
}

impl Matching {
    fn link(&mut self, c: usize, p: usize) {
        self.matched_prev[p] = true;
        self.pair_of[c] = Some(p);
    }

    /// Pairs initiatives of the same id (the first previous one of an id).
    fn by_id(&mut self, prev: &[(IniRef, &Initiative)], cur: &[(IniRef, &Initiative)]) {
        let mut by_id: HashMap<&str, usize> = HashMap::new();
        for (i, (_, ini)) in prev.iter().enumerate() {
            if let Some(id) = ini.id.as_deref() {
                by_id.entry(id).or_insert(i);
            }
        }
        for (c, (_, ini)) in cur.iter().enumerate() {
            if let Some(&p) = ini.id.as_deref().and_then(|id| by_id.get(id))
                && !self.matched_prev[p]
            {
                self.link(c, p);
            }
        }
    }

    /// Pairs the initiatives left whose titles are the same, case folded.
    fn by_title(&mut self, prev: &[(IniRef, &Initiative)], cur: &[(IniRef, &Initiative)]) {
        let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (_, ini)) in prev
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.matched_prev[*i])
        {
            by_title.entry(fold(&ini.title)).or_default().push(i);
        }
        for (c, (_, ini)) in cur.iter().enumerate() {
            if self.pair_of[c].is_none()
                && let Some(list) = by_title.get_mut(&fold(&ini.title))
                && let Some(pos) = list.iter().position(|p| !self.matched_prev[*p])
            {
                let p = list.remove(pos);
                self.link(c, p);
            }
        }
    }

    /// Pairs each current initiative left with the previous one left whose
    /// title is nearest, if near enough; skipped past [`FUZZY_PAIRS`].
    fn by_near_title(&mut self, prev: &[(IniRef, &Initiative)], cur: &[(IniRef, &Initiative)]) {
        let open_prev: Vec<usize> = (0..prev.len()).filter(|p| !self.matched_prev[*p]).collect();
        let open_cur: Vec<usize> = (0..cur.len())
            .filter(|c| self.pair_of[*c].is_none())
            .collect();
        if open_prev.len().saturating_mul(open_cur.len()) > FUZZY_PAIRS {
            return;
        }
        let prev_titles: Vec<(usize, String)> = open_prev
            .iter()
            .map(|p| (*p, fold(&prev[*p].1.title)))
            .collect();
        for c in open_cur {
            let title = fold(&cur[c].1.title);
            let best = prev_titles
                .iter()
                .filter(|(p, _)| !self.matched_prev[*p])
                .filter_map(|(p, t)| near(t, &title).map(|r| (*p, r)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((p, _)) = best {
                self.link(c, p);
            }
        }
    }

    /// The pairs in current order, then the removals in previous order.
    fn pairs(
        &self,
        prev: &[(IniRef, &Initiative)],
        cur: &[(IniRef, &Initiative)],
    ) -> Vec<(Option<IniRef>, Option<IniRef>)> {
        let mut initiatives: Vec<_> = cur
            .iter()
            .enumerate()
            .map(|(c, (r, _))| (self.pair_of[c].map(|p| prev[p].0), Some(*r)))
            .collect();
        initiatives.extend(
            prev.iter()
                .enumerate()
                .filter(|(p, _)| !self.matched_prev[*p])
                .map(|(_, (r, _))| (Some(*r), None)),
        );
        initiatives
    }
}

/// The (year, round) key of a milestone if no other milestone of the same
/// list has it.
fn unique_keys(ms: &[Milestone]) -> Vec<Option<(i32, Round)>> {
    let mut count: HashMap<(i32, Round), usize> = HashMap::new();
    for m in ms {
        if let Some(k) = m.deadline.due() {
            *count.entry(k).or_default() += 1;
        }
    }
    ms.iter()
        .map(|m| m.deadline.due().filter(|k| count[k] == 1))
        .collect()
}

/// Pairs milestones by deadline round where that round occurs once in both
/// lists, the rest by position. Pairs come in current order, removals after.
pub fn align_milestones(
    prev: &[Milestone],
    cur: &[Milestone],
) -> Vec<(Option<usize>, Option<usize>)> {
    let pk = unique_keys(prev);
    let ck = unique_keys(cur);
    let mut matched_prev = vec![false; prev.len()];
    let mut pair_of: Vec<Option<usize>> = vec![None; cur.len()];
    let prev_by_key: HashMap<(i32, Round), usize> = pk
        .iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, i)))
        .collect();
    for (c, key) in ck.iter().enumerate() {
        if let Some(&p) = key.as_ref().and_then(|k| prev_by_key.get(k)) {
            matched_prev[p] = true;
            pair_of[c] = Some(p);
        }
    }
    let open_prev: Vec<usize> = (0..prev.len()).filter(|p| !matched_prev[*p]).collect();
    let mut rest_prev = open_prev.into_iter();
    for slot in pair_of.iter_mut().filter(|p| p.is_none()) {
        if let Some(p) = rest_prev.next() {
            matched_prev[p] = true;
            *slot = Some(p);
        }
    }
    let mut pairs: Vec<_> = pair_of
        .iter()
        .enumerate()
        .map(|(c, p)| (*p, Some(c)))
        .collect();
    pairs.extend(
        (0..prev.len())
            .filter(|p| !matched_prev[*p])
            .map(|p| (Some(p), None)),
    );
    pairs
}
