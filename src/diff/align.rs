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
/// Milestone texts this close are the same milestone reworded: a word or
/// two added or changed (`Indsatser afprøves og erfaring indsamles.` →
/// `Indsatser afprøves i to distrikter og erfaring indsamles.` is 0.84);
/// two milestones of one initiative written apart are below 0.5.
const NEAR_MILESTONE: f32 = 0.8;
/// Among initiatives of one title, contents (milestones and economy) this
/// close are the same initiative: a word or two of it changed, as
/// [`NEAR_MILESTONE`].
const NEAR_CONTENT: f32 = 0.8;
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

/// Whether two texts are nearly the same (similar's ratio at least
/// `least`), and how near: the cheap bounds first.
fn near(a: &str, b: &str, least: f32) -> Option<f32> {
    if length_bound(a, b) < least || bag_bound(a, b) < least {
        return None;
    }
    let r = TextDiff::from_chars(a, b).ratio();
    (r >= least).then_some(r)
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

/// Aligns the initiatives of two workbooks: among initiatives of one
/// title, by their content; then by id, then by the same title, then by a
/// nearly same title (a renumbered initiative).
pub fn align(previous: &Workbook, current: &Workbook) -> Alignment {
    let prev = refs(previous);
    let cur = refs(current);
    let mut m = Matching::new(prev.len(), cur.len());
    m.by_content_among_twins(&prev, &cur);
    m.by_id(&prev, &cur);
    m.by_title(&prev, &cur);
    m.by_near_title(&prev, &cur);
    let initiatives: Vec<(Option<IniRef>, Option<IniRef>)> = m
        .pairs()
        .into_iter()
        .map(|(p, c)| (p.map(|p| prev[p].0), c.map(|c| cur[c].0)))
        .collect();
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

/// The initiatives (by their index in [`refs`]) or milestones paired so
/// far: which previous ones are taken, and the previous one of each
/// current one.
struct Matching {
    matched_prev: Vec<bool>,
    pair_of: Vec<Option<usize>>,
}

impl Matching {
    fn new(prev: usize, cur: usize) -> Matching {
        Matching {
            matched_prev: vec![false; prev],
            pair_of: vec![None; cur],
        }
    }

    fn link(&mut self, c: usize, p: usize) {
        self.matched_prev[p] = true;
        self.pair_of[c] = Some(p);
    }

    /// The previous ones not paired yet.
    fn open_prev(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.matched_prev.len()).filter(|p| !self.matched_prev[*p])
    }

    /// The current ones not paired yet.
    fn open_cur(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.pair_of.len()).filter(|c| self.pair_of[*c].is_none())
    }

    /// The pairs in current order, then the removals in previous order.
    fn pairs(&self) -> Vec<(Option<usize>, Option<usize>)> {
        let mut pairs: Vec<_> = (self.pair_of.iter().enumerate())
            .map(|(c, p)| (*p, Some(c)))
            .collect();
        pairs.extend(self.open_prev().map(|p| (Some(p), None)));
        pairs
    }

    /// Pairs initiatives by their content where their title is not enough
    /// to tell them apart: the titles written more than once in either
    /// round (seed 000's three `3.33.x Tandklinikstruktur – samarbejdsmodel
    /// og ekstra anlæg`). So when 3.33.2 is taken out and 3.33.3 renumbered
    /// 3.33.2, the new 3.33.2 is the old 3.33.3 renumbered and the old
    /// 3.33.2 is removed, not rewritten. The same content first, then a
    /// nearly same one ([`NEAR_CONTENT`]); of equal ones, the same id.
    fn by_content_among_twins(
        &mut self,
        prev: &[(IniRef, &Initiative)],
        cur: &[(IniRef, &Initiative)],
    ) {
        let mut groups: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, (_, ini)) in prev.iter().enumerate() {
            groups.entry(fold(&ini.title)).or_default().0.push(i);
        }
        for (i, (_, ini)) in cur.iter().enumerate() {
            groups.entry(fold(&ini.title)).or_default().1.push(i);
        }
        let mut twins: Vec<(Vec<usize>, Vec<usize>)> = groups
            .into_values()
            .filter(|(p, c)| (p.len() > 1 || c.len() > 1) && !p.is_empty() && !c.is_empty())
            .collect();
        // In the workbooks' order, whatever the map's.
        twins.sort();
        for (ps, cs) in twins {
            let pk: Vec<(usize, Option<String>)> =
                ps.iter().map(|&p| (p, content_key(prev[p].1))).collect();
            let ck: Vec<(usize, Option<String>)> =
                cs.iter().map(|&c| (c, content_key(cur[c].1))).collect();
            let same_id =
                |p: usize, c: usize| prev[p].1.id.is_some() && prev[p].1.id == cur[c].1.id;
            self.by_same_content(&pk, &ck, same_id);
            self.by_same_content(&pk, &ck, |_, _| true);
            self.by_near_content(&pk, &ck, same_id);
        }
    }

    /// Pairs each open current initiative with the first open previous one
    /// of the same content for which `also` holds.
    fn by_same_content(
        &mut self,
        pk: &[(usize, Option<String>)],
        ck: &[(usize, Option<String>)],
        also: impl Fn(usize, usize) -> bool,
    ) {
        for (c, key) in ck {
            let Some(key) = key.as_ref().filter(|_| self.pair_of[*c].is_none()) else {
                continue;
            };
            let found = pk
                .iter()
                .find(|(p, k)| !self.matched_prev[*p] && k.as_ref() == Some(key) && also(*p, *c));
            if let Some((p, _)) = found {
                self.link(*c, *p);
            }
        }
    }

    /// Pairs the open ones whose contents are nearly the same: those of
    /// the same id first, then the nearest; skipped past [`FUZZY_PAIRS`].
    fn by_near_content(
        &mut self,
        pk: &[(usize, Option<String>)],
        ck: &[(usize, Option<String>)],
        same_id: impl Fn(usize, usize) -> bool,
    ) {
        let open_p: Vec<(usize, &str)> = (pk.iter())
            .filter(|(p, _)| !self.matched_prev[*p])
            .filter_map(|(p, k)| Some((*p, k.as_deref()?)))
            .collect();
        let open_c: Vec<(usize, &str)> = (ck.iter())
            .filter(|(c, _)| self.pair_of[*c].is_none())
            .filter_map(|(c, k)| Some((*c, k.as_deref()?)))
            .collect();
        if open_p.len().saturating_mul(open_c.len()) > FUZZY_PAIRS {
            return;
        }
        let mut near_pairs: Vec<(bool, f32, usize, usize)> = Vec::new();
        for &(c, b) in &open_c {
            for &(p, a) in &open_p {
                if let Some(r) = near(a, b, NEAR_CONTENT) {
                    near_pairs.push((same_id(p, c), r, c, p));
                }
            }
        }
        near_pairs.sort_by(|a, b| {
            (b.0.cmp(&a.0))
                .then(b.1.total_cmp(&a.1))
                .then((a.2, a.3).cmp(&(b.2, b.3)))
        });
        for (_, _, c, p) in near_pairs {
            if self.pair_of[c].is_none() && !self.matched_prev[p] {
                self.link(c, p);
            }
        }
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
            if self.pair_of[c].is_none()
                && let Some(&p) = ini.id.as_deref().and_then(|id| by_id.get(id))
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
        let open_prev: Vec<usize> = self.open_prev().collect();
        let open_cur: Vec<usize> = self.open_cur().collect();
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
                .filter_map(|(p, t)| near(t, &title, NEAR_TITLE).map(|r| (*p, r)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            if let Some((p, _)) = best {
                self.link(c, p);
            }
        }
    }
}

/// An initiative's content as compared among initiatives of one title:
/// its milestones' texts (before `Status:`) and its economy's, folded;
/// `None` when it has none.
fn content_key(ini: &Initiative) -> Option<String> {
    let texts: Vec<String> = (ini.milestones.iter().map(|m| fold(&m.text.text)))
        .chain(ini.economy.iter().map(|e| fold(&e.text.text)))
        .filter(|t| !t.is_empty())
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// A milestone's text as compared for pairing: its words before
/// `Status:`, case and spaces folded; `None` for a placeholder.
fn milestone_key(m: &Milestone) -> Option<String> {
    Some(fold(&m.text.text)).filter(|k| !k.is_empty())
}

/// Pairs the milestones of one initiative: by the same text (without the
/// `Status:` part), then by a nearly same text, then by deadline round
/// where that round occurs once among the rest in both lists, then by
/// position. So a milestone whose deadline moved keeps its partner, even
/// where another milestone is due in its new round. Pairs come in current
/// order, removals after.
pub fn align_milestones(prev: &[Milestone], cur: &[Milestone]) -> MilestonePairs {
    // Most initiatives' milestones stand as they stood: each the same text
    // due in the same round at the same place. The passes below pair
    // those with themselves (each the first open one of its text and
    // round); found without folding their texts.
    let unchanged = prev.len() == cur.len()
        && (prev.iter().zip(cur))
            .all(|(p, c)| p.text.text == c.text.text && p.deadline.due() == c.deadline.due());
    if unchanged {
        return (0..cur.len()).map(|i| (Some(i), Some(i))).collect();
    }
    let pk: Vec<_> = prev.iter().map(milestone_key).collect();
    let ck: Vec<_> = cur.iter().map(milestone_key).collect();
    let mut m = Matching::new(prev.len(), cur.len());
    // The same text and the same round first: of two milestones written
    // alike, each keeps the one due when it was.
    m.by_text(&pk, &ck, |p, c| {
        prev[p].deadline.due() == cur[c].deadline.due()
    });
    m.by_text(&pk, &ck, |_, _| true);
    m.by_near_text(&pk, &ck);
    m.by_round(prev, cur);
    m.by_position(&pk, &ck);
    m.pairs()
}

impl Matching {
    /// Pairs each current milestone left with the first previous one left
    /// of the same text for which `also` holds.
    fn by_text(
        &mut self,
        pk: &[Option<String>],
        ck: &[Option<String>],
        also: impl Fn(usize, usize) -> bool,
    ) {
        for (c, key) in ck.iter().enumerate() {
            let Some(key) = key.as_ref().filter(|_| self.pair_of[c].is_none()) else {
                continue;
            };
            let found = self
                .open_prev()
                .find(|&p| pk[p].as_ref() == Some(key) && also(p, c));
            if let Some(p) = found {
                self.link(c, p);
            }
        }
    }

    /// Pairs the milestones left whose texts are nearly the same, the
    /// nearest first; skipped past [`FUZZY_PAIRS`].
    fn by_near_text(&mut self, pk: &[Option<String>], ck: &[Option<String>]) {
        let open_prev: Vec<usize> = self.open_prev().filter(|p| pk[*p].is_some()).collect();
        let open_cur: Vec<usize> = self.open_cur().filter(|c| ck[*c].is_some()).collect();
        if open_prev.len().saturating_mul(open_cur.len()) > FUZZY_PAIRS {
            return;
        }
        let mut near_pairs: Vec<(f32, usize, usize)> = Vec::new();
        for &c in &open_cur {
            for &p in &open_prev {
                if let (Some(a), Some(b)) = (&pk[p], &ck[c])
                    && let Some(r) = near(a, b, NEAR_MILESTONE)
                {
                    near_pairs.push((r, c, p));
                }
            }
        }
        // The nearest first; of equally near ones, the earliest.
        near_pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for (_, c, p) in near_pairs {
            if self.pair_of[c].is_none() && !self.matched_prev[p] {
                self.link(c, p);
            }
        }
    }

    /// Pairs the milestones left by their deadline's (year, round) where it
    /// occurs once among the previous ones left and once among the current.
    fn by_round(&mut self, prev: &[Milestone], cur: &[Milestone]) {
        let once = |due: Vec<(usize, Option<(i32, Round)>)>| {
            let mut count: HashMap<(i32, Round), (usize, usize)> = HashMap::new();
            for (i, k) in due.into_iter().filter_map(|(i, k)| Some((i, k?))) {
                count.entry(k).or_insert((0, i)).0 += 1;
            }
            count
                .into_iter()
                .filter(|(_, (n, _))| *n == 1)
                .map(|(k, (_, i))| (k, i))
                .collect::<HashMap<_, _>>()
        };
        let prev_once = once(
            self.open_prev()
                .map(|p| (p, prev[p].deadline.due()))
                .collect(),
        );
        let cur_once = once(
            self.open_cur()
                .map(|c| (c, cur[c].deadline.due()))
                .collect(),
        );
        for (key, c) in cur_once {
            if let Some(&p) = prev_once.get(&key) {
                self.link(c, p);
            }
        }
    }

    /// Pairs the milestones left that stand at the same position in their
    /// initiative (the same row of the block, edited), both placeholders or
    /// neither: a milestone removed and another added elsewhere stay a
    /// removal and an addition, and a milestone written where a placeholder
    /// of another round stood is an addition.
    fn by_position(&mut self, pk: &[Option<String>], ck: &[Option<String>]) {
        let open: Vec<usize> = self
            .open_cur()
            .filter(|&c| self.matched_prev.get(c) == Some(&false))
            .filter(|&c| pk[c].is_some() == ck[c].is_some())
            .collect();
        for c in open {
            self.link(c, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CellRef, NoteText, SmileyCell, Spelling};

    fn milestone(text: &str, deadline: &str) -> Milestone {
        let t = crate::template::Template::danish();
        let at = CellRef {
            sheet: 0,
            row: 0,
            col: 0,
        };
        let (text, status) = match text.split_once("\nStatus: ") {
            Some((a, b)) => (a, Some(b.to_string())),
            None => (text, None),
        };
        Milestone {
            label_cell: at,
            text: NoteText {
                text: text.to_string(),
                status,
            },
            text_cell: at,
            deadline: crate::parse::deadline::parse_deadline(deadline, &t),
            deadline_raw: deadline.to_string(),
            deadline_cell: at,
            smiley: SmileyCell::Empty,
            smiley_cell: at,
            spelling: Spelling::Written,
            history: Default::default(),
        }
    }

    fn list(ms: &[(&str, &str)]) -> Vec<Milestone> {
        ms.iter().map(|(t, d)| milestone(t, d)).collect()
    }

    /// The pairs as (previous, current) 1-based positions, 0 for none.
    fn aligned(prev: &[(&str, &str)], cur: &[(&str, &str)]) -> Vec<(usize, usize)> {
        align_milestones(&list(prev), &list(cur))
            .into_iter()
            .map(|(p, c)| (p.map_or(0, |p| p + 1), c.map_or(0, |c| c + 1)))
            .collect()
    }

    const GRUPPE: &str = "Arbejdsgruppen arbejder og former et kommende forslag og anbefalinger til Børne- og Skoleudvalget.";
    const BUD: &str =
        "Et bud på, hvordan vi kan se god kvalitet i dagtilbud forelægges Børne- og Skoleudvalget";
    const DATA: &str = "Arbejdet med kvalitetssikring og indsamling af data igangsættes.";
    const SKITSER: &str =
        "De indledende skitser til et pilotprojekt overføres til opgavelisten for 2020.";

    fn seed() -> Vec<(&'static str, &'static str)> {
        vec![
            (GRUPPE, "1. budgetopfølgning 2019"),
            (BUD, "2. budgetopfølgning 2019"),
            (DATA, "3. budgetopfølgning 2019"),
            (SKITSER, "31.12.2019"),
        ]
    }

    /// Issue 26.3: paired by round first, the milestone moved from round 2
    /// to round 4 was swapped with the one already due in round 4.
    #[test]
    fn a_moved_deadline_keeps_its_partner() {
        let mut cur = seed();
        cur[1].1 = "4. kvartal 2019";
        assert_eq!(aligned(&seed(), &cur), [(1, 1), (2, 2), (3, 3), (4, 4)]);
        // Moved and listed last, as one sorts a block by deadline.
        let cur = [seed()[0], seed()[2], seed()[3], (BUD, "31.12.2019")];
        assert_eq!(aligned(&seed(), &cur), [(1, 1), (3, 2), (4, 3), (2, 4)]);
    }

    #[test]
    fn a_status_added_is_the_same_text() {
        let mut cur: Vec<(&str, &str)> = seed();
        let moved = format!("{BUD}\nStatus: Udskudt, da Dialogforum først mødes i efteråret.");
        cur[1] = (&moved, "3. budgetopfølgning 2019");
        cur[2].1 = "2. budgetopfølgning 2019";
        assert_eq!(aligned(&seed(), &cur), [(1, 1), (2, 2), (3, 3), (4, 4)]);
    }

    #[test]
    fn a_milestone_reworded_and_moved() {
        let cur = [
            seed()[0],
            seed()[2],
            seed()[3],
            (
                "Et bud på, hvordan vi kan se god kvalitet i dagtilbuddene, forelægges Børne- og Skoleudvalget",
                "31.12.2019",
            ),
        ];
        assert_eq!(aligned(&seed(), &cur), [(1, 1), (3, 2), (4, 3), (2, 4)]);
    }

    #[test]
    fn two_milestones_written_alike() {
        let status = "Status på arbejdet gives til Børne- og Skoleudvalget.";
        let prev = [(status, "2. budgetopfølgning 2019"), (status, "31.12.2019")];
        // Each keeps the one of its round, whatever the order.
        let cur = [(status, "31.12.2019"), (status, "2. budgetopfølgning 2019")];
        assert_eq!(aligned(&prev, &cur), [(2, 1), (1, 2)]);
        // One moved: the other keeps its partner, the moved one takes the rest.
        let cur = [(status, "3. budgetopfølgning 2019"), (status, "31.12.2019")];
        assert_eq!(aligned(&prev, &cur), [(1, 1), (2, 2)]);
        // One gone: the one left is the one of its round.
        let cur = [(status, "31.12.2019")];
        assert_eq!(aligned(&prev, &cur), [(2, 1), (1, 0)]);
    }

    #[test]
    fn a_milestone_removed_and_another_added() {
        let new = "Resultaterne af kvalitetsmålingen drøftes i Dialogforum.";
        let cur = [seed()[0], seed()[2], seed()[3], (new, "31.12.2019")];
        assert_eq!(
            aligned(&seed(), &cur),
            [(1, 1), (3, 2), (4, 3), (0, 4), (2, 0)]
        );
        // Rewritten in its own row, in its own round: the same milestone.
        let mut cur = seed();
        cur[1].0 = new;
        assert_eq!(aligned(&seed(), &cur), [(1, 1), (2, 2), (3, 3), (4, 4)]);
    }

    #[test]
    fn placeholders_pair_by_round_then_position() {
        let prev = [
            ("", "1. budgetopfølgning 2019"),
            ("", "2. budgetopfølgning 2019"),
            (DATA, "3. budgetopfølgning 2019"),
            (SKITSER, "31.12.2019"),
        ];
        // The placeholder of round 2 filled in.
        let mut cur = prev;
        cur[1].0 = GRUPPE;
        assert_eq!(aligned(&prev, &cur), [(1, 1), (2, 2), (3, 3), (4, 4)]);
        // The text moved to the row of round 4, the placeholder to round 2:
        // the milestone keeps its partner, the placeholders are left over.
        let prev = [
            (GRUPPE, "1. budgetopfølgning 2019"),
            (BUD, "2. budgetopfølgning 2019"),
            (DATA, "3. budgetopfølgning 2019"),
            ("", "31.12.2019"),
        ];
        let cur = [
            prev[0],
            ("", "2. budgetopfølgning 2019"),
            prev[2],
            (BUD, "31.12.2019"),
        ];
        assert_eq!(
            aligned(&prev, &cur),
            [(1, 1), (0, 2), (3, 3), (2, 4), (4, 0)]
        );
        // Deadlines that are no deadline: by position.
        let vague = [(DATA, "løbende"), (SKITSER, "efter behov")];
        let reworded = [(GRUPPE, "løbende"), (BUD, "efter behov")];
        assert_eq!(aligned(&vague, &reworded), [(1, 1), (2, 2)]);
    }

    #[test]
    fn milestones_of_other_initiatives_do_not_pair_by_words_alone() {
        // Apart from the words, nothing ties these: by round.
        let prev = [(GRUPPE, "1. budgetopfølgning 2019")];
        let cur = [(DATA, "1. budgetopfølgning 2019")];
        assert_eq!(aligned(&prev, &cur), [(1, 1)]);
        assert!(near(&fold(GRUPPE), &fold(DATA), NEAR_MILESTONE).is_none());
        assert!(near(&fold(BUD), &fold(GRUPPE), NEAR_MILESTONE).is_none());
    }
}
