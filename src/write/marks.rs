//! What the added columns say on each row: the smiley of every round known,
//! what changed since the previous round, and the findings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diff::{Change, Kind, align, align_milestones};
use crate::model::{Economy, Milestone, Round, Smiley, Workbook};
use crate::template::Template;
use crate::validate::Finding;

/// What the added columns hold on one row.
#[derive(Debug, Clone, Default)]
pub struct RowMarks {
    pub smileys: BTreeMap<Round, Smiley>,
    pub changes: Vec<String>,
    pub checks: Vec<String>,
}

/// The marks of every row of the current workbook, by (sheet, row).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Rounds with a smiley column, oldest first (the plan, round 0, has
    /// no smileys and no column).
    pub rounds: Vec<Round>,
    pub rows: HashMap<(usize, u32), RowMarks>,
}

fn add_history(
    rows: &mut HashMap<(usize, u32), RowMarks>,
    at: (usize, u32),
    round: Option<Round>,
    own: Option<Smiley>,
    history: &BTreeMap<Round, Smiley>,
) {
    let m = rows.entry(at).or_default();
    for (r, s) in history {
        m.smileys.entry(*r).or_insert(*s);
    }
    if let (Some(r), Some(s)) = (round, own) {
        m.smileys.insert(r, s);
    }
}

fn milestone_row(m: &Milestone) -> (usize, u32) {
    (m.smiley_cell.sheet, m.smiley_cell.row)
}

fn economy_row(e: &Economy) -> (usize, u32) {
    (e.smiley_cell.sheet, e.smiley_cell.row)
}

/// Smileys from the previous workbook, for its round and its own history.
fn previous_smileys(prev: &Workbook, cur: &Workbook, rows: &mut HashMap<(usize, u32), RowMarks>) {
    fn get(wb: &Workbook, r: (usize, usize)) -> &crate::model::Initiative {
        &wb.sheets[r.0].initiatives[r.1]
    }
    for pair in align(prev, cur).initiatives {
        let (Some(p), Some(c)) = pair else { continue };
        let (p, c) = (get(prev, p), get(cur, c));
        for (a, b) in align_milestones(&p.milestones, &c.milestones) {
            if let (Some(a), Some(b)) = (a, b) {
                let (pm, cm) = (&p.milestones[a], &c.milestones[b]);
                let m = rows.entry(milestone_row(cm)).or_default();
                for (r, s) in &pm.history {
                    m.smileys.insert(*r, *s);
                }
                if let (Some(r), Some(s)) = (prev.round(), pm.smiley.smiley()) {
                    m.smileys.insert(r, s);
                }
            }
        }
        if let (Some(pe), Some(ce)) = (p.economy.first(), c.economy.first()) {
            let m = rows.entry(economy_row(ce)).or_default();
            for (r, s) in &pe.history {
                m.smileys.insert(*r, *s);
            }
            if let (Some(r), Some(s)) = (prev.round(), pe.smiley.smiley()) {
                m.smileys.insert(r, s);
            }
        }
    }
}

/// The words a change puts in the `Ændring` column.
pub fn change_words(c: &Change, t: &Template) -> String {
    let glyph = |s: Option<Smiley>| s.map_or("–", |s| t.glyph(s)).to_string();
    match &c.kind {
        Kind::InitiativeAdded { .. } | Kind::MilestoneAdded { .. } | Kind::RowAdded { .. } => {
            t.diff.added.clone()
        }
        Kind::InitiativeRemoved { .. }
        | Kind::MilestoneRemoved { .. }
        | Kind::RowRemoved { .. } => t.diff.removed.clone(),
        Kind::SmileyChanged { before, after, .. } => {
            format!("{} → {}", glyph(*before), glyph(*after))
        }
        Kind::TextChanged { field, .. } => {
            let word = crate::present::field_word(t, *field);
            t.annotate.field_changed.replace("{field}", word)
        }
        Kind::DeadlineMoved { before, after } => {
            format!("{}: {before} → {after}", t.diff.deadline_moved)
        }
        Kind::AmountChanged { before, after } => {
            format!("{}: {before} → {after}", t.diff.amount_changed)
        }
    }
}

/// The marks of every row: smileys from the current workbook (its own
/// smiley and history columns) and the previous one, the changes, and the
/// findings.
pub fn marks(
    cur: &Workbook,
    prev: Option<&Workbook>,
    changes: &[Change],
    findings: &[Finding],
    t: &Template,
) -> Marks {
    let mut rows: HashMap<(usize, u32), RowMarks> = HashMap::new();
    for ini in cur.initiatives() {
        rows.entry((ini.header_cell.sheet, ini.header_cell.row))
            .or_default();
        for m in &ini.milestones {
            add_history(
                &mut rows,
                milestone_row(m),
                cur.round(),
                m.smiley.smiley(),
                &m.history,
            );
        }
        for e in &ini.economy {
            add_history(
                &mut rows,
                economy_row(e),
                cur.round(),
                e.smiley.smiley(),
                &e.history,
            );
        }
    }
    if let Some(prev) = prev {
        previous_smileys(prev, cur, &mut rows);
    }
    // Amount-table changes are marked on their cells, not in a column.
    for c in changes.iter().filter(|c| !c.in_previous && c.row.is_none()) {
        rows.entry((c.cell.sheet, c.cell.row))
            .or_default()
            .changes
            .push(change_words(c, t));
    }
    // Info findings (HTML markup, moved deadlines) stay on the Kontrol
    // sheet: on the rows they would drown the errors and warnings.
    for f in findings
        .iter()
        .filter(|f| f.severity > crate::validate::Severity::Info)
    {
        let line = format!("{}: {}", f.code, f.message);
        rows.entry((f.cell.sheet, f.cell.row))
            .or_default()
            .checks
            .push(line);
    }
    let mut rounds: BTreeSet<Round> = rows
        .values()
        .flat_map(|m| m.smileys.keys().copied())
        .collect();
    rounds.extend(cur.round());
    rounds.extend(prev.and_then(Workbook::round));
    for sheet in &cur.sheets {
        rounds.extend(sheet.history.smiley.keys().copied());
    }
    rounds.remove(&0);
    Marks {
        rounds: rounds.into_iter().collect(),
        rows,
    }
}
