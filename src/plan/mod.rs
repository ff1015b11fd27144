//! Planning what opfolg adds to a workbook: from the follow-up model, the
//! comparison and the findings to the package edits — cells, rules, notes
//! and sheets — that `package` writes into the user's own file.

pub mod blocks;
pub mod carry;
pub mod collect;
pub mod handout;
pub mod looks;
pub mod marks;
pub mod money;
mod money_sheet;
pub mod sheets;

use std::collections::{BTreeMap, HashMap};

use thiserror::Error;

use crate::diff::{Comparison, Kind};
use crate::layout::{CENTER_MARK, Generated, HANDOUT_MARK, MARK, PRINT_MARK, colours, free_name};
use crate::model::{Sheet, Workbook};
use crate::package::edits::{Edits, Name, NewSheet, Note, Place, SheetEdits};
use crate::package::locks::OpenCells;
use crate::present::finding_mark;
use crate::template::Template;
use crate::validate::{Finding, Severity};

pub use handout::{Center, handout};
pub use marks::{Marks, marks};

/// Why an annotation cannot be planned.
#[derive(Debug, Error)]
pub enum PlanError {
    /// The blocks reach so far right that opfolg's columns would pass
    /// Excel's last column (XFD).
    #[error(
        "sheet `{sheet}` has no room right of its blocks for opfolg's columns (Excel stops at column XFD)"
    )]
    NoRoom {
        /// The sheet's name.
        sheet: String,
    },
}

impl PlanError {
    /// The reason in the template's words.
    pub fn message(&self, t: &Template) -> String {
        match self {
            PlanError::NoRoom { sheet } => t.error("no_room", &[("sheet", sheet.clone())]),
        }
    }
}

/// Everything the annotated workbook is made of.
pub struct Annotation<'a> {
    /// The words of the added columns, sheets and notes.
    pub t: &'a Template,
    /// The workbook annotated: the current round's.
    pub current: &'a Workbook,
    /// The comparison with the previous round, when one was given.
    pub comparison: Option<&'a Comparison>,
    /// The titles of the previous round's initiatives by id (the removed
    /// ones are named on the `Ændringer` sheet).
    pub previous_titles: &'a BTreeMap<String, String>,
    /// The previous workbook's file name: where the cells of a removed
    /// initiative or milestone are found.
    pub previous_file: &'a str,
    /// The smileys and marks of every row (see [`marks()`]).
    pub marks: &'a Marks,
    /// The money of the initiatives (see [`money::money`]).
    pub money: &'a money::Money,
    /// The current workbook's findings: the `Kontrol` sheet, column and notes.
    pub findings: &'a [Finding],
    /// What earlier hand-outs left on the workbook: the cells they opened
    /// and filled blue (by sheet name), and whether it was handed out (its
    /// sheets protected by opfolg). The annotated workbook is the
    /// committee's: these go.
    pub handed_out: (&'a OpenCells, bool),
}

/// What earlier hand-outs left on a sheet goes: their blue, open cells are
/// filled and locked no more (unless `keep` opens them again), and with
/// `unprotect` their protection is lifted.
pub(crate) fn unmark(
    e: &mut SheetEdits,
    sheet: &Sheet,
    marked: &OpenCells,
    keep: &dyn Fn(&(u32, u16)) -> bool,
) {
    for at in marked.get(&sheet.name).into_iter().flatten() {
        if !keep(at) {
            e.restyle.entry(*at).or_default().unmark = true;
        }
    }
}

/// The titles of a round's initiatives by id.
pub fn titles(wb: &Workbook) -> BTreeMap<String, String> {
    wb.initiatives()
        .filter_map(|i| Some((i.id.clone()?, i.title.clone())))
        .collect()
}

/// Notes by sheet and cell: each finding's code and message, and an
/// amount-table cell's old amount.
fn notes(a: &Annotation) -> HashMap<usize, BTreeMap<(u32, u16), Vec<String>>> {
    let mut out: HashMap<usize, BTreeMap<(u32, u16), Vec<String>>> = HashMap::new();
    for f in a.findings.iter().filter(|f| f.severity > Severity::Info) {
        out.entry(f.cell.sheet)
            .or_default()
            .entry((f.cell.row, f.cell.col))
            .or_default()
            .push(finding_mark(f));
    }
    for c in changed_cells(a) {
        let before = match &c.kind {
            Kind::AmountChanged { before, .. } => before.to_string(),
            Kind::TextChanged { before, .. } if before.is_empty() => a.t.words.empty.clone(),
            Kind::TextChanged { before, .. } => before.clone(),
            _ => continue,
        };
        out.entry(c.cell.sheet)
            .or_default()
            .entry((c.cell.row, c.cell.col))
            .or_default()
            .push(a.t.tables.before_note.replace("{before}", &before));
    }
    out
}

/// Amount-table cells changed since the previous round, and economy
/// amounts in number cells of their own (the `Tid` cell beside `Der er
/// afsat i 2019:`): a cell whose whole value changed.
fn changed_cells<'a>(a: &'a Annotation) -> impl Iterator<Item = &'a crate::diff::Change> {
    let own: std::collections::HashSet<_> = a
        .current
        .initiatives()
        .flat_map(|i| &i.economy)
        .flat_map(|e| &e.amounts)
        .filter_map(|m| m.cell)
        .collect();
    a.comparison
        .into_iter()
        .flat_map(|cmp| &cmp.changes)
        .filter(move |c| {
            !c.in_previous
                && match c.kind {
                    Kind::AmountChanged { .. } => c.row.is_some() || own.contains(&c.cell),
                    Kind::TextChanged { .. } => c.row.is_some(),
                    _ => false,
                }
        })
}

/// The sheets of the workbook that are opfolg's, by kind.
fn generated(wb: &Workbook) -> BTreeMap<usize, Generated> {
    wb.sheets
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.generated.map(|g| (i, g)))
        .collect()
}

/// Where each of opfolg's sheets goes and what it is called: in the place
/// of the earlier one of the same kind, else at `place`; under a name no
/// sheet of the user's has. Earlier sheets of ours not made again are
/// added to `edits.remove_sheets`.
fn slots(
    edits: &mut Edits,
    wb: &Workbook,
    kinds: &[Generated],
    place: Place,
    t: &Template,
) -> Vec<(String, Place)> {
    let old = generated(wb);
    let mut taken: Vec<String> = wb
        .sheets
        .iter()
        .filter(|s| s.generated.is_none())
        .map(|s| s.name.clone())
        .collect();
    let mut out = Vec::new();
    for kind in kinds {
        let name = free_name(kind.name(t), &taken);
        taken.push(name.clone());
        let at = old
            .iter()
            .find(|(_, g)| *g == kind)
            .map_or(place, |(i, _)| Place::Replace(*i));
        out.push((name, at));
    }
    edits.remove_sheets.extend(
        old.iter()
            .filter(|(_, g)| !kinds.contains(g))
            .map(|(i, _)| *i),
    );
    out
}

/// Puts a new sheet in its slot.
fn placed(mut sheet: NewSheet, place: Place) -> NewSheet {
    sheet.place = place;
    sheet.compact();
    sheet
}

/// The edits that make the annotated workbook.
///
/// # Errors
/// [`PlanError::NoRoom`] if a block sheet has no room for the added columns.
pub fn annotate(a: &Annotation) -> Result<Edits, PlanError> {
    let (mut edits, heads) = annotate_apart(a)?;
    edits.new_sheets = report_sheets(a, &heads);
    Ok(edits)
}

/// The names and places of the report sheets (`Ændringer`, `Kontrol`,
/// `Overblik`), decided with the rest of the edits; their cells are
/// made apart ([`report_sheets`]).
pub type ReportHeads = [(String, Place); 3];

/// [`annotate`] without the report sheets' cells: the edits of the
/// user's sheets, with the report sheets' names and places. The report
/// sheets ([`report_sheets`]) need nothing of these edits and can be made
/// while the user's sheets are written.
///
/// # Errors
/// As [`annotate`].
pub fn annotate_apart(a: &Annotation) -> Result<(Edits, ReportHeads), PlanError> {
    let t = a.t;
    let cur = a.current;
    let mut edits = Edits {
        note_author: t.annotate.note_author.clone(),
        remove_names: vec![
            MARK.to_string(),
            HANDOUT_MARK.to_string(),
            CENTER_MARK.to_string(),
        ],
        print_mark: Some(PRINT_MARK.to_string()),
        ..Edits::default()
    };
    let mut notes = notes(a);
    let mut changed: HashMap<usize, Vec<(u32, u16)>> = HashMap::new();
    for c in changed_cells(a) {
        changed
            .entry(c.cell.sheet)
            .or_default()
            .push((c.cell.row, c.cell.col));
    }
    // A workbook with blocks, a budget year in its title or a list of
    // numbered items (`3.1.1`) is a follow-up: its amount lists are laid
    // out for paper too. A table in any other workbook is not opfolg's to
    // print.
    let follow_up = cur.year().is_some()
        || cur
            .sheets
            .iter()
            .any(|s| !s.initiatives.is_empty() || s.tables.iter().any(numbered));
    for (i, sheet) in cur.sheets.iter().enumerate() {
        if sheet.generated.is_some() {
            continue;
        }
        let year_end = a.current.round() == Some(4);
        let mut e = block_edits(sheet, i, a.marks, (follow_up, year_end), t)?;
        let (marked, handed_out) = a.handed_out;
        unmark(&mut e, sheet, marked, &|_| false);
        // The hand-out's protection is the centres'; the committee's
        // workbook is open.
        e.unprotect = handed_out && !sheet.initiatives.is_empty();
        for at in changed.remove(&i).unwrap_or_default() {
            e.restyle.entry(at).or_default().fill = Some(colours::CHANGED_FILL);
        }
        for (at, lines) in notes.remove(&i).unwrap_or_default() {
            e.notes.insert(
                at,
                Note {
                    text: lines.join("\n"),
                },
            );
        }
        if !e.is_empty() {
            e.compact();
            edits.sheets.insert(i, e);
        }
    }
    let kinds = [Generated::Changes, Generated::Checks, Generated::Summary];
    let heads: ReportHeads = slots(&mut edits, cur, &kinds, Place::Last, t)
        .try_into()
        .expect("three sheets");
    keep_collected(&mut edits, cur);
    Ok((edits, heads))
}

/// The `Indsamling` sheet of a collected workbook stays in the annotated
/// one (what was not taken, and why), with its mark.
fn keep_collected(edits: &mut Edits, wb: &Workbook) {
    for (i, kind) in generated(wb) {
        if kind == Generated::Collected {
            edits.remove_sheets.retain(|r| *r != i);
            edits.names.push(Name {
                name: MARK.to_string(),
                sheet: Some(i),
                value: kind.mark_value().to_string(),
                hidden: true,
            });
        }
    }
}

/// What a sheet with blocks gets: the added columns, the smileys respelled
/// and coloured, the print setup. Nothing for a sheet without blocks.
/// Whether most rows of a table are keyed by an item number (`3.1.1`).
fn numbered(table: &crate::model::AmountTable) -> bool {
    let item = |k: &str| {
        let parts: Vec<&str> = k.split('.').collect();
        parts.len() >= 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    let n = table.rows.iter().filter(|r| item(&r.key)).count();
    table.rows.len() >= 2 && n * 2 >= table.rows.len()
}

/// `year_end`: the workbook is the year-end round's, whose milestones are
/// ☺ or ☹ (M010).
fn block_edits(
    sheet: &Sheet,
    i: usize,
    marks: &Marks,
    (follow_up, year_end): (bool, bool),
    t: &Template,
) -> Result<SheetEdits, PlanError> {
    let mut e = SheetEdits::default();
    if sheet.initiatives.is_empty() {
        e.print = blocks::table_print(sheet).filter(|_| follow_up);
        return Ok(e);
    }
    let cols = blocks::Columns::of(sheet, &marks.rounds, true)?;
    blocks::added_columns(&mut e, sheet, i, &cols, marks, t);
    blocks::rewrite_smileys(&mut e, sheet, t);
    blocks::smiley_rules(
        &mut e,
        sheet,
        &cols,
        (&blocks::all_smiley_cells(sheet), &[]),
        (None, year_end),
        t,
    );
    e.print = Some(blocks::print(sheet, &cols));
    Ok(e)
}

/// The `Ændringer`, `Kontrol` and `Overblik` sheets, each in the place of
/// the earlier one of its kind, else last.
pub fn report_sheets(a: &Annotation, heads: &ReportHeads) -> Vec<NewSheet> {
    let (t, cur) = (a.t, a.current);
    let no_changes = Vec::new();
    let changes = a.comparison.map_or(&no_changes, |c| &c.changes);
    let [(changes_name, p1), (checks_name, p2), (summary_name, p3)] = heads.clone();
    vec![
        placed(
            sheets::changes(
                &changes_name,
                cur,
                a.comparison.is_some().then_some(a.previous_titles),
                a.previous_file,
                changes,
                t,
            ),
            p1,
        ),
        placed(sheets::checks(&checks_name, a.findings, t), p2),
        placed(
            sheets::summary(
                &summary_name,
                (cur, a.money),
                a.marks,
                a.comparison.map(|c| c.changes.as_slice()),
                t,
            ),
            p3,
        ),
    ]
}
