//! What the added columns say on each row: the smiley of every round
//! known, what changed since the previous round, and the findings.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::diff::Comparison;
use crate::model::{Round, Smiley, Workbook};
use crate::present::{change_mark, finding_mark};
use crate::template::Template;
use crate::validate::{Finding, Severity};

/// What the added columns hold on one row.
#[derive(Debug, Clone, Default)]
pub struct RowMarks {
    /// The row's smiley in each round known: its `Smiley <round>` columns.
    pub smileys: BTreeMap<Round, Smiley>,
    /// What changed on the row, as the `Ændring` column says it.
    pub changes: Vec<String>,
    /// The row's errors and warnings, as the `Kontrol` column says them.
    pub checks: Vec<String>,
}

/// The marks of every row of the current workbook, by (sheet, row).
#[derive(Debug, Clone, Default)]
pub struct Marks {
    /// Rounds with a smiley column, oldest first (the plan, round 0, has
    /// no smileys and no column).
    pub rounds: Vec<Round>,
    /// What each row's added columns hold, by (sheet index, 0-based row);
    /// an initiative's own marks are on the row under its header.
    pub rows: HashMap<(usize, u32), RowMarks>,
}

impl Marks {
    /// Lets go of the `Ændring` and `Kontrol` texts once the plan has
    /// written them into its cells: after that only the smileys are read
    /// (the overview, the report sheets' counts).
    pub fn shed_texts(&mut self) {
        for m in self.rows.values_mut() {
            m.changes = Vec::new();
            m.checks = Vec::new();
        }
    }

    /// The smiley of a row in a round, if it has one.
    pub fn smiley(&self, sheet: usize, row: u32, round: Round) -> Option<Smiley> {
        self.rows.get(&(sheet, row))?.smileys.get(&round).copied()
    }
}

/// Where an initiative's own change and findings go: the row under its
/// header (SPEC §8: the header row keeps the column labels).
fn own_rows(cur: &Workbook) -> HashMap<(usize, u32), u32> {
    let mut out = HashMap::new();
    for ini in cur.initiatives() {
        let below = ini
            .description
            .as_ref()
            .map(|d| d.purpose_cell.row)
            .or_else(|| ini.milestones.first().map(|m| m.label_cell.row))
            .or_else(|| ini.economy.first().map(|e| e.label_cell.row))
            .unwrap_or(ini.header_cell.row + 1);
        out.insert((ini.header_cell.sheet, ini.header_cell.row), below);
    }
    out
}

/// The smileys of the current workbook: its own, and its history columns.
fn current_smileys(cur: &Workbook, rows: &mut HashMap<(usize, u32), RowMarks>) {
    for ini in cur.initiatives() {
        let cells = ini
            .milestones
            .iter()
            .map(|m| (m.smiley_cell, m.smiley.smiley(), &m.history))
            .chain(
                ini.economy
                    .iter()
                    .map(|e| (e.smiley_cell, e.smiley.smiley(), &e.history)),
            );
        for (cell, own, history) in cells {
            let m = rows.entry((cell.sheet, cell.row)).or_default();
            for (r, s) in history {
                m.smileys.entry(*r).or_insert(*s);
            }
            if let (Some(r), Some(s)) = (cur.round(), own) {
                m.smileys.insert(r, s);
            }
        }
    }
}

/// Smileys from the previous workbook, for its round and its own history,
/// on the rows the alignment pairs them with.
fn previous_smileys(
    prev: &Workbook,
    cur: &Workbook,
    cmp: &Comparison,
    rows: &mut HashMap<(usize, u32), RowMarks>,
) {
    fn get(wb: &Workbook, r: (usize, usize)) -> &crate::model::Initiative {
        &wb.sheets[r.0].initiatives[r.1]
    }
    let a = &cmp.alignment;
    for (pair, milestones) in a.initiatives.iter().zip(&a.milestones) {
        let (Some(p), Some(c)) = *pair else { continue };
        let (p, c) = (get(prev, p), get(cur, c));
        let mut put = |cell: crate::model::CellRef, history: &BTreeMap<Round, Smiley>, own| {
            let m = rows.entry((cell.sheet, cell.row)).or_default();
            for (r, s) in history {
                m.smileys.insert(*r, *s);
            }
            if let (Some(r), Some(s)) = (prev.round(), own) {
                m.smileys.insert(r, s);
            }
        };
        for &(a, b) in milestones {
            if let (Some(a), Some(b)) = (a, b) {
                let (pm, cm) = (&p.milestones[a], &c.milestones[b]);
                put(cm.smiley_cell, &pm.history, pm.smiley.smiley());
            }
        }
        if let (Some(pe), Some(ce)) = (p.economy.first(), c.economy.first()) {
            put(ce.smiley_cell, &pe.history, pe.smiley.smiley());
        }
    }
}

/// The marks of every row: smileys from the current workbook (its own
/// smiley and history columns) and the previous one, the changes, and the
/// errors and warnings (info findings stay on the `Kontrol` sheet, where
/// they do not drown the rest).
pub fn marks(
    cur: &Workbook,
    prev: Option<(&Workbook, &Comparison)>,
    findings: &[Finding],
    t: &Template,
) -> Marks {
    let mut rows: HashMap<(usize, u32), RowMarks> = HashMap::new();
    current_smileys(cur, &mut rows);
    let own = own_rows(cur);
    let at = |sheet: usize, row: u32| (sheet, own.get(&(sheet, row)).copied().unwrap_or(row));
    if let Some((p, cmp)) = prev {
        previous_smileys(p, cur, cmp, &mut rows);
        // Amount-table changes are marked on their cells, not in a column.
        for c in cmp
            .changes
            .iter()
            .filter(|c| !c.in_previous && c.row.is_none())
        {
            rows.entry(at(c.cell.sheet, c.cell.row))
                .or_default()
                .changes
                .push(change_mark(c, t));
        }
    }
    for f in findings.iter().filter(|f| f.severity > Severity::Info) {
        rows.entry(at(f.cell.sheet, f.cell.row))
            .or_default()
            .checks
            .push(finding_mark(f));
    }
    let mut rounds: BTreeSet<Round> = rows
        .values()
        .flat_map(|m| m.smileys.keys().copied())
        .collect();
    rounds.extend(cur.round());
    rounds.extend(prev.and_then(|(p, _)| p.round()));
    for sheet in &cur.sheets {
        rounds.extend(sheet.history.smiley.keys().copied());
    }
    rounds.remove(&0);
    Marks {
        rounds: rounds.into_iter().collect(),
        rows,
    }
}
