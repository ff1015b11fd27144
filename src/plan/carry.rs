//! Next year's plan (`new-round` on the year-end workbook, issue 28.3):
//! what was not finished carries over. The user's own workbook, with the
//! title moved to next year's plan, every initiative and milestone rated
//! ☺ taken out of the content, and the rest ready for the controller to
//! edit: its smileys emptied, its `Status:` moved into a note of the year,
//! its deadlines of the old year moved to the new year's first round.
//!
//! What was finished is not deleted but emptied and hidden: deleting rows
//! would move every row below, and with them every reference to a row in
//! the package — merges, conditional formats, drop-downs, defined names,
//! formulas on this and other sheets, pictures, notes, print breaks —
//! which a patch that keeps the rest byte for byte cannot all follow. An
//! emptied row is no row to `check` (blank rows between blocks are
//! allowed), and a hidden one is not seen or printed.

use std::collections::{BTreeMap, BTreeSet};

use super::blocks::{self, Columns};
use super::marks::Marks;
use super::{PlanError, generated, unmark};
use crate::layout::{CENTER_MARK, HANDOUT_MARK, MARK, PRINT_MARK};
use crate::model::{CellRef, Initiative, Milestone, Round, Sheet, Smiley, SmileyCell, Spelling};
use crate::model::{NoteText, Workbook};
use crate::package::edits::{Cell, Edits, Note, Restyle, SheetEdits, Style, Value};
use crate::package::locks::OpenCells;
use crate::template::Template;

/// What went into next year's plan, counted for the line that says so.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// The year that ended.
    pub previous: i32,
    /// The plan's year.
    pub year: i32,
    /// Initiatives of the year end (a block pasted twice counts once).
    pub total: usize,
    /// Initiatives carried over.
    pub kept: usize,
    /// Milestones carried over (with text).
    pub milestones: usize,
    /// Deadlines of the old year moved to the new year's first round.
    pub moved: usize,
}

impl Carried {
    /// The line that says what happened: `Næste års plan (2020): 2 af 4
    /// indsatser overført (3 milepæle); …`, naming the plan written.
    pub fn line(&self, path: &str, t: &Template) -> String {
        t.carry_word(
            "done",
            &[
                ("year", self.year.to_string()),
                ("kept", self.kept.to_string()),
                ("total", self.total.to_string()),
                ("milestones", self.milestones.to_string()),
                ("moved", self.moved.to_string()),
                ("previous", self.previous.to_string()),
                ("first", t.example_deadline(1, Some(self.year))),
                ("dropped", (self.total - self.kept).to_string()),
                ("path", path.to_string()),
            ],
        )
    }

    /// What to do next, on the terminal (`page` false: the command to
    /// send the plan out) or on the page.
    pub fn next_step(path: &str, page: bool, t: &Template) -> String {
        let key = if page { "next_page" } else { "next_cli" };
        t.carry_word(key, &[("path", path.to_string())])
    }
}

/// The smileys a milestone or economy row had in the year, by round: its
/// history columns and its own cell (the year end's).
fn smileys(
    history: &BTreeMap<Round, Smiley>,
    own: &SmileyCell,
    round: Round,
) -> BTreeMap<Round, Smiley> {
    let mut out = history.clone();
    if let Some(s) = own.smiley() {
        out.insert(round, s);
    }
    out
}

/// Finished: the last smiley of the year is ☺.
fn finished(smileys: &BTreeMap<Round, Smiley>) -> bool {
    smileys.values().last() == Some(&Smiley::Happy)
}

/// The plan of one year end: the workbook, its year end's round and year,
/// the template.
struct Year<'a> {
    wb: &'a Workbook,
    round: Round,
    previous: i32,
    t: &'a Template,
}

impl Year<'_> {
    fn milestone_smileys(&self, m: &Milestone) -> BTreeMap<Round, Smiley> {
        smileys(&m.history, &m.smiley, self.round)
    }

    /// Nothing of an initiative carries over: every milestone and its
    /// economy ☺.
    fn done(&self, ini: &Initiative) -> bool {
        let milestones = ini
            .milestones
            .iter()
            .filter(|m| !m.is_placeholder())
            .all(|m| finished(&self.milestone_smileys(m)));
        let economy = ini
            .economy
            .iter()
            .all(|e| finished(&smileys(&e.history, &e.smiley, self.round)));
        milestones && economy
    }

    /// Whether a deadline lies in the year that ended (or before).
    fn old(&self, m: &Milestone) -> bool {
        m.deadline.due().is_some_and(|(y, _)| y <= self.previous)
    }

    /// The note on a carried row: its smileys of the year, the deadline
    /// moved (if it was), and the `Status:` taken out of its text.
    fn note(
        &self,
        smileys: &BTreeMap<Round, Smiley>,
        moved: Option<(&str, &str)>,
        text: &NoteText,
    ) -> Note {
        let t = self.t;
        let year = ("year", self.previous.to_string());
        let mut lines = Vec::new();
        if smileys.is_empty() {
            lines.push(t.carry_word("note_no_smiley", &[year]));
        } else {
            let list: Vec<String> = smileys
                .iter()
                .map(|(r, s)| format!("{} {}", t.round_label(*r), t.glyph(*s)))
                .collect();
            let args = [year, ("smileys", list.join(" · "))];
            lines.push(t.carry_word("note_smileys", &args));
        }
        if let Some((before, after)) = moved {
            let args = [("before", before.to_string()), ("after", after.to_string())];
            lines.push(t.carry_word("note_deadline", &args));
        }
        if let Some(status) = text.status.as_deref().filter(|s| !s.is_empty()) {
            lines.push(format!("{} {status}", t.labels.status.trim()));
        }
        Note {
            text: lines.join("\n"),
        }
    }
}

/// The smiley cell of a carried row, emptied: its fill goes too (a
/// smiley is often given as, or coloured by, the cell's fill, which would
/// still read as last year's smiley), and a Wingdings font the symbol
/// font.
fn emptied(spelling: Spelling) -> Cell {
    Cell {
        value: Value::Blank,
        style: Style::Own(Restyle {
            unmark: true,
            plain_font: spelling == Spelling::Wingdings,
            ..Restyle::default()
        }),
    }
}

/// The text of a cell, written anew in its own format.
fn text(s: &str) -> Cell {
    Cell {
        value: Value::Text(s.to_string()),
        style: Style::Own(Restyle::default()),
    }
}

/// The rows of a milestone (its cells may stand on more than one).
fn rows_of(m: &Milestone) -> [u32; 4] {
    [
        m.label_cell.row,
        m.text_cell.row,
        m.deadline_cell.row,
        m.smiley_cell.row,
    ]
}

/// One block sheet's edits, and what it carried.
struct SheetPlan {
    e: SheetEdits,
    /// The header cells of the initiatives carried over.
    kept: Vec<CellRef>,
    milestones: Vec<CellRef>,
    moved: usize,
}

impl Year<'_> {
    /// A carried milestone: emptied smiley, its text without the status,
    /// an old deadline moved to the new year's first round, the note.
    fn carry_milestone(&self, p: &mut SheetPlan, m: &Milestone) {
        let first = self.t.example_deadline(1, Some(self.previous + 1));
        let at = |c: CellRef| (c.row, c.col);
        p.e.cells.insert(at(m.smiley_cell), emptied(m.spelling));
        if m.text.status.is_some() {
            p.e.cells.insert(at(m.text_cell), text(&m.text.text));
        }
        let moved = self
            .old(m)
            .then_some((m.deadline_raw.as_str(), first.as_str()));
        if moved.is_some() {
            p.e.cells.insert(at(m.deadline_cell), text(&first));
            p.moved += 1;
        }
        let note = self.note(&self.milestone_smileys(m), moved, &m.text);
        p.e.notes.insert(at(m.text_cell), note);
        p.milestones.push(m.text_cell);
    }

    /// A carried initiative: its finished milestones and the old year's
    /// placeholders hidden, the rest carried.
    fn carry(&self, p: &mut SheetPlan, ini: &Initiative) {
        for m in &ini.milestones {
            let gone = if m.is_placeholder() {
                self.old(m)
            } else {
                finished(&self.milestone_smileys(m))
            };
            if gone {
                p.e.hide_rows.extend(rows_of(m));
            } else if !m.is_placeholder() {
                self.carry_milestone(p, m);
            }
        }
        for x in &ini.economy {
            let at = |c: CellRef| (c.row, c.col);
            p.e.cells.insert(at(x.smiley_cell), emptied(x.spelling));
            if x.text.status.is_some() {
                p.e.cells.insert(at(x.text_cell), text(&x.text.text));
            }
            let s = smileys(&x.history, &x.smiley, self.round);
            p.e.notes
                .insert(at(x.text_cell), self.note(&s, None, &x.text));
        }
        p.kept.push(ini.header_cell);
    }

    /// The edits of one block sheet.
    fn sheet(
        &self,
        i: usize,
        sheet: &Sheet,
        (marked, handed_out): (&OpenCells, bool),
    ) -> Result<SheetPlan, PlanError> {
        let mut p = SheetPlan {
            e: SheetEdits::default(),
            kept: Vec::new(),
            milestones: Vec::new(),
            moved: 0,
        };
        for ini in &sheet.initiatives {
            if self.done(ini) {
                p.e.hide_rows
                    .extend(ini.header_cell.row..=blocks::last_row(ini));
            } else {
                self.carry(&mut p, ini);
            }
        }
        // opfolg's columns, colours and lists of the old year go; none
        // come in their place (the plan has no smileys yet).
        let none = Columns {
            first: Columns::of(sheet, &[], false)?.first,
            list: Vec::new(),
        };
        blocks::added_columns(&mut p.e, sheet, i, &none, &Marks::default(), self.t);
        let glyphs = blocks::glyphs(self.t);
        p.e.drop_lists = vec![glyphs.clone(), vec![glyphs[0].clone(), glyphs[2].clone()]];
        p.e.drop_rule_texts = glyphs;
        unmark(&mut p.e, sheet, marked, &|_| false);
        // A cell written anew (an emptied smiley, a text without its
        // status) takes its restyle in its own style.
        p.e.cells.merge_restyles(&mut p.e.restyle);
        p.e.unprotect = handed_out;
        let kept: BTreeSet<CellRef> = p.kept.iter().copied().collect();
        let carried = Sheet {
            initiatives: sheet
                .initiatives
                .iter()
                .filter(|ini| kept.contains(&ini.header_cell))
                .cloned()
                .collect(),
            ..sheet.clone()
        };
        p.e.print = Some(blocks::print(&carried, &none));
        Ok(p)
    }
}

/// Next year's title, in the template's words: the year-end title's
/// committee and the year after. A title wrapped over two rows, whose
/// committee stands on the other row, keeps that row: its own row ends
/// where the committee follows.
fn title(wb: &Workbook, year: i32, t: &Template) -> String {
    let own = wb
        .title_line
        .as_deref()
        .and_then(|l| crate::read::title::committee(l, t));
    let y = ("year", year.to_string());
    match (&wb.committee, own) {
        (Some(c), Some(_)) => t.carry_word("title", &[y, ("committee", c.clone())]),
        (Some(_), None) => t.carry_word("title_wrapped", &[y]),
        (None, _) => t.carry_word("title_no_committee", &[y]),
    }
}

/// The title and date lines of the plan.
fn preamble(edits: &mut Edits, wb: &Workbook, year: i32, today: chrono::NaiveDate, t: &Template) {
    let lines = [
        (wb.title_cell, title(wb, year, t)),
        (wb.date_cell, super::handout::date_line(today, t)),
    ];
    for (cell, line) in lines {
        if let Some(cell) = cell {
            let e = edits.sheets.entry(cell.sheet).or_default();
            e.cells.insert((cell.row, cell.col), text(&line));
        }
    }
}

/// What earlier runs of opfolg left on the year-end workbook: the cells
/// its hand-outs opened, and whether it was handed out; and the day.
pub struct Before<'a> {
    /// The open, blue cells of earlier hand-outs.
    pub marked: &'a OpenCells,
    /// The workbook is (or was made from) a hand-out: its sheets'
    /// protection is opfolg's.
    pub handed_out: bool,
    /// The day the plan is made (its date line).
    pub today: chrono::NaiveDate,
}

/// The edits that make next year's plan from the year-end workbook `wb`
/// of year `previous`, and what they carry over.
///
/// # Errors
/// [`PlanError::NoRoom`] if a block sheet reaches Excel's last column.
pub fn next_year(
    wb: &Workbook,
    previous: i32,
    before: &Before,
    t: &Template,
) -> Result<(Edits, Carried), PlanError> {
    let year = Year {
        wb,
        round: wb.round().unwrap_or(4),
        previous,
        t,
    };
    let mut edits = Edits {
        note_author: t.carry_word("note_author", &[("year", previous.to_string())]),
        drop_note_authors: vec![t.annotate.note_author.clone()],
        remove_names: vec![
            MARK.to_string(),
            HANDOUT_MARK.to_string(),
            CENTER_MARK.to_string(),
        ],
        print_mark: Some(PRINT_MARK.to_string()),
        remove_sheets: generated(wb).into_keys().collect(),
        ..Edits::default()
    };
    let (mut kept, mut milestones, mut moved) = (BTreeSet::new(), BTreeSet::new(), 0);
    for (i, sheet) in wb.sheets.iter().enumerate() {
        if sheet.generated.is_some() || sheet.initiatives.is_empty() {
            continue;
        }
        let p = year.sheet(i, sheet, (before.marked, before.handed_out))?;
        kept.extend(p.kept);
        milestones.extend(p.milestones);
        moved += p.moved;
        edits.sheets.insert(i, p.e);
    }
    preamble(&mut edits, wb, previous + 1, before.today, t);
    let distinct: Vec<&Initiative> = year.wb.distinct_initiatives().collect();
    let carried = Carried {
        previous,
        year: previous + 1,
        total: distinct.len(),
        kept: distinct
            .iter()
            .filter(|i| kept.contains(&i.header_cell))
            .count(),
        milestones: distinct
            .iter()
            .filter(|i| kept.contains(&i.header_cell))
            .flat_map(|i| &i.milestones)
            .filter(|m| milestones.contains(&m.text_cell))
            .count(),
        moved,
    };
    Ok((edits, carried))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title_line: &str, joined: &str) -> Workbook {
        let t = Template::danish();
        Workbook {
            path: "x.xlsx".into(),
            sheets: Vec::new(),
            round: None,
            year: None,
            title: Some(joined.into()),
            committee: crate::read::title::committee(joined, &t),
            title_cell: Some(CellRef::new(0, 0, 0)),
            title_line: Some(title_line.into()),
            date_cell: None,
            styles_unknown: false,
        }
    }

    #[test]
    fn next_years_title_from_the_template() {
        let t = Template::danish();
        let bsu =
            "Opfølgning pr. 31. december 2019 på Aftale om budget 2019 for Børne- og Skoleudvalget";
        let wrapped = "Endelig opfølgning på Aftale om budget 2019 for";
        let cases = [
            (
                bsu,
                bsu,
                "Udmøntning af Aftale om budget 2020 for Børne- og Skoleudvalget",
            ),
            (
                "Endelig opfølgning på budgetaftale 2019 – Kultur- og Fritidsudvalgets ansvarsområde",
                "Endelig opfølgning på budgetaftale 2019 – Kultur- og Fritidsudvalgets ansvarsområde",
                "Udmøntning af Aftale om budget 2020 for Kultur- og Fritidsudvalget",
            ),
            (
                wrapped,
                "Endelig opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget",
                "Udmøntning af Aftale om budget 2020 for",
            ),
            (
                "Endelig opfølgning på budget 2019",
                "Endelig opfølgning på budget 2019",
                "Udmøntning af Aftale om budget 2020",
            ),
        ];
        for (line, joined, want) in cases {
            assert_eq!(title(&titled(line, joined), 2020, &t), want, "{line}");
            // Read again, it is next year's plan, of the same committee.
            let read = crate::read::title::read(&[want.to_string()], &t);
            assert_eq!((read.round, read.year), (Some(0), Some(2020)), "{want}");
        }
    }
}
