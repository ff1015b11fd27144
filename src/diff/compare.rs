//! Comparing aligned initiatives field by field.

use super::align::{Alignment, IniRef, MilestonePairs};
use super::words::segments;
use super::{Change, Direction, Field, Kind};
use crate::model::{
    AmountMention, CellRef, Economy, Initiative, Milestone, NoteText, Smiley, Workbook,
};
use crate::parse::deadline::same_deadline;
use crate::template::Template;

struct Emit<'a> {
    prev: &'a Workbook,
    cur: &'a Workbook,
    t: &'a Template,
    out: Vec<Change>,
}

fn get(wb: &Workbook, r: IniRef) -> &Initiative {
    &wb.sheets[r.0].initiatives[r.1]
}

/// Every change between two aligned workbooks.
pub fn changes(
    prev: &Workbook,
    cur: &Workbook,
    alignment: &Alignment,
    t: &Template,
) -> Vec<Change> {
    let mut e = Emit {
        prev,
        cur,
        t,
        out: Vec::new(),
    };
    for (pair, milestones) in alignment.initiatives.iter().zip(&alignment.milestones) {
        match *pair {
            (None, Some(c)) => {
                let ini = get(cur, c);
                let title = ini.title.clone();
                e.push(
                    false,
                    ini.header_cell,
                    ini,
                    None,
                    Kind::InitiativeAdded { title },
                );
            }
            (Some(p), None) => {
                let ini = get(prev, p);
                let title = ini.title.clone();
                e.push(
                    true,
                    ini.header_cell,
                    ini,
                    None,
                    Kind::InitiativeRemoved { title },
                );
            }
            (Some(p), Some(c)) => e.initiative(get(prev, p), get(cur, c), milestones),
            (None, None) => {}
        }
    }
    e.out
}

/// The header as written: `3.01. Title`, so a renumbering shows too.
fn header_text(ini: &Initiative) -> String {
    match &ini.id {
        Some(id) => format!("{id}. {}", ini.title),
        None => ini.title.clone(),
    }
}

/// Texts compared with their whitespace normalised: a re-wrapped paragraph
/// is not a change.
pub(super) fn same_text(a: &str, b: &str) -> bool {
    a == b || a.split_whitespace().eq(b.split_whitespace())
}

fn direction(before: Option<Smiley>, after: Option<Smiley>) -> Option<Direction> {
    match (before, after) {
        (None, Some(_)) => Some(Direction::Set),
        (Some(_), None) => Some(Direction::Cleared),
        (Some(a), Some(b)) if b > a => Some(Direction::Improved),
        (Some(a), Some(b)) if b < a => Some(Direction::Worsened),
        _ => None,
    }
}

impl Emit<'_> {
    fn push(
        &mut self,
        in_previous: bool,
        cell: CellRef,
        ini: &Initiative,
        milestone: Option<usize>,
        kind: Kind,
    ) {
        let wb = if in_previous { self.prev } else { self.cur };
        self.out.push(Change {
            cell,
            sheet: wb.sheet_name(cell.sheet).to_string(),
            in_previous,
            initiative: ini.id.clone(),
            milestone,
            row: None,
            group: None,
            column: None,
            kind,
        });
    }

    fn text(
        &mut self,
        ini: &Initiative,
        milestone: Option<usize>,
        cell: CellRef,
        field: Field,
        before: &str,
        after: &str,
    ) {
        if !same_text(before, after) {
            let kind = Kind::TextChanged {
                field,
                before: before.to_string(),
                after: after.to_string(),
                segments: segments(before, after),
            };
            self.push(false, cell, ini, milestone, kind);
        }
    }

    /// Compares the main text and the `Status:` paragraph of a note.
    fn note(
        &mut self,
        ini: &Initiative,
        n: Option<usize>,
        cell: CellRef,
        field: Field,
        a: &NoteText,
        b: &NoteText,
    ) {
        self.text(ini, n, cell, field, &a.text, &b.text);
        let (sa, sb) = (
            a.status.as_deref().unwrap_or(""),
            b.status.as_deref().unwrap_or(""),
        );
        self.text(ini, n, cell, Field::Status, sa, sb);
    }

    fn smiley(
        &mut self,
        ini: &Initiative,
        n: Option<usize>,
        cell: CellRef,
        field: Field,
        prev: (Option<Smiley>, Option<Smiley>),
        after: Option<Smiley>,
    ) {
        let (before, best_before) = prev;
        if let Some(direction) = direction(before, after) {
            let kind = Kind::SmileyChanged {
                field,
                before,
                after,
                direction,
                best_before,
            };
            self.push(false, cell, ini, n, kind);
        }
    }

    fn initiative(&mut self, p: &Initiative, c: &Initiative, milestones: &MilestonePairs) {
        self.text(
            c,
            None,
            c.header_cell,
            Field::Title,
            &header_text(p),
            &header_text(c),
        );
        self.text(c, None, c.kind_cell, Field::Kind, &p.kind, &c.kind);
        if let (Some(dp), Some(dc)) = (&p.description, &c.description) {
            // The description is compared whole: a `Status:` in it is text.
            let whole = NoteText::whole;
            let d = Field::Description;
            self.text(
                c,
                None,
                dc.purpose_cell,
                d,
                &whole(&dp.purpose),
                &whole(&dc.purpose),
            );
            self.text(
                c,
                None,
                dc.details_cell,
                d,
                &whole(&dp.details),
                &whole(&dc.details),
            );
        }
        for &(a, b) in milestones {
            match (a, b) {
                (Some(a), Some(b)) => self.milestone(c, b + 1, &p.milestones[a], &c.milestones[b]),
                (None, Some(b)) => {
                    let m = &c.milestones[b];
                    let text = m.text.text.clone();
                    self.push(
                        false,
                        m.text_cell,
                        c,
                        Some(b + 1),
                        Kind::MilestoneAdded { text },
                    );
                }
                (Some(a), None) => {
                    let m = &p.milestones[a];
                    let text = m.text.text.clone();
                    self.push(
                        true,
                        m.text_cell,
                        p,
                        Some(a + 1),
                        Kind::MilestoneRemoved { text },
                    );
                }
                (None, None) => {}
            }
        }
        if let (Some(ep), Some(ec)) = (p.economy.first(), c.economy.first()) {
            self.economy(c, ep, ec);
        }
    }

    fn milestone(&mut self, ini: &Initiative, n: usize, p: &Milestone, c: &Milestone) {
        self.note(
            ini,
            Some(n),
            c.text_cell,
            Field::Milestone,
            &p.text,
            &c.text,
        );
        // The same day spelled otherwise (`2. budgetopfølgning 2019`,
        // `30/6 2019`) is no move.
        if !same_deadline(&p.deadline, &c.deadline, self.t) {
            let postponed_from = match (p.deadline.due(), c.deadline.due()) {
                (Some(from), Some(to)) if to > from => Some(from),
                _ => None,
            };
            let kind = Kind::DeadlineMoved {
                before: p.deadline_raw.clone(),
                after: c.deadline_raw.clone(),
                postponed_from,
            };
            self.push(false, c.deadline_cell, ini, Some(n), kind);
        }
        let before = p.smiley.smiley();
        let best = p.history.values().copied().chain(before).max();
        self.smiley(
            ini,
            Some(n),
            c.smiley_cell,
            Field::Effort,
            (before, best),
            c.smiley.smiley(),
        );
    }

    fn economy(&mut self, ini: &Initiative, p: &Economy, c: &Economy) {
        let masked = |e: &Economy| mask_amounts(&e.text.text, &e.amounts);
        let same_words = same_text(&masked(p), &masked(c));
        let same_count = p.amounts.len() == c.amounts.len();
        if !same_words || !same_count {
            // A different number of amounts (one added or taken away,
            // in the text or in a cell of its own): show the whole.
            let (before, after) = if same_count {
                (p.text.text.clone(), c.text.text.clone())
            } else {
                (shown(p), shown(c))
            };
            self.text(ini, None, c.text_cell, Field::Economy, &before, &after);
        }
        if same_count {
            for (a, b) in p.amounts.iter().zip(&c.amounts) {
                if a.amount != b.amount {
                    let kind = Kind::AmountChanged {
                        before: a.amount,
                        after: b.amount,
                    };
                    // At the amount's own cell where it has one (a number
                    // cell in the `Tid` column), else at the text.
                    self.push(false, b.cell.unwrap_or(c.text_cell), ini, None, kind);
                }
            }
        }
        // Numbers without a unit in cells of their own: compared as written
        // (`0,762` → `0,9`), pair by pair, since their worth is not known.
        for (i, (at, after)) in c.unitless.iter().enumerate() {
            let before = p.unitless.get(i).map_or("", |(_, n)| n.as_str());
            self.text(ini, None, *at, Field::Economy, before, after);
        }
        for (_, before) in p.unitless.iter().skip(c.unitless.len()) {
            self.text(ini, None, c.text_cell, Field::Economy, before, "");
        }
        let (sa, sb) = (
            p.text.status.as_deref().unwrap_or(""),
            c.text.status.as_deref().unwrap_or(""),
        );
        self.text(ini, None, c.text_cell, Field::Status, sa, sb);
        let before = p.smiley.smiley();
        let best = p.history.values().copied().chain(before).max();
        self.smiley(
            ini,
            None,
            c.smiley_cell,
            Field::Economy,
            (before, best),
            c.smiley.smiley(),
        );
    }
}

/// An economy row as read: its text, then the amounts in cells of their
/// own (`Der er afsat i 2019: 0,762 mio. kr.`).
fn shown(e: &Economy) -> String {
    let own = e.amounts.iter().filter(|a| a.cell.is_some());
    std::iter::once(e.text.text.as_str())
        .chain(own.map(|a| a.written.as_str()))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text with each amount replaced by a marker, so that a change of
/// amount alone is told apart from a rewritten text.
fn mask_amounts(text: &str, amounts: &[AmountMention]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for a in amounts.iter().filter(|a| a.cell.is_none()) {
        let Some(before) = text.get(at..a.span.start) else {
            continue;
        };
        out.push_str(before);
        out.push('\u{1}');
        at = a.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}
