//! The next round's workbook to send out (`new-round`): the user's own
//! workbook with the title moved on, the smiley history beside the blocks,
//! the cells to fill in this round open and blue with the ☺ 😐 ☹ list,
//! everything else locked, and a reading guide first.

use std::collections::BTreeMap;

use super::blocks::{self, Columns};
use super::marks::{Marks, marks};
use super::{PlanError, sheets, slots};
use crate::layout::{CENTER_MARK, Generated, HANDOUT_MARK, MARK, PRINT_MARK, colours};
use crate::model::{Initiative, Round, Smiley, Workbook};
use crate::package::edits::{Cell, Edits, Name, Place, Restyle, SheetEdits, Style, Value};
use crate::package::locks::OpenCells;
use crate::parse::center;
use crate::parse::text::fold;
use crate::template::Template;

/// The title with this round's opening words swapped for the next round's:
/// `Første opfølgning på …` → `Anden opfølgning på …`.
pub fn next_title(title: &str, next: Round, t: &Template) -> Option<String> {
    let prefixes = &t.handout.title_prefixes;
    let folded = fold(title);
    let p = prefixes.iter().find(|p| folded.starts_with(&fold(p)))?;
    let rest = title.trim_start().get(p.len()..).unwrap_or("");
    Some(format!("{}{rest}", prefixes[usize::from(next.min(4))]))
}

/// The format of a cell to fill in: blue and open.
fn to_fill() -> Restyle {
    Restyle {
        fill: Some(colours::TO_FILL),
        unlock: true,
        ..Restyle::default()
    }
}

/// The latest smiley a row had up to `round`.
fn latest(marks: &Marks, sheet: usize, row: u32) -> Option<Smiley> {
    marks
        .rows
        .get(&(sheet, row))?
        .smileys
        .values()
        .last()
        .copied()
}

/// The preamble moved on: the title to the next round, the date line to
/// the day the hand-out was made.
fn preamble(edits: &mut Edits, wb: &Workbook, next: Round, today: chrono::NaiveDate, t: &Template) {
    let title = wb
        .title
        .as_deref()
        .and_then(|title| next_title(title, next, t));
    let lines = [
        (wb.title_cell, title),
        (wb.date_cell, Some(date_line(today, t))),
    ];
    for (cell, text) in lines {
        if let (Some(cell), Some(text)) = (cell, text) {
            edits.sheets.entry(cell.sheet).or_default().cells.insert(
                (cell.row, cell.col),
                Cell {
                    value: Value::Text(text),
                    style: Style::Own(Restyle::default()),
                },
            );
        }
    }
}

/// `Dato: 7. december 2026`: the template's date word and the day as the
/// template writes it.
pub fn date_line(day: chrono::NaiveDate, t: &Template) -> String {
    use chrono::Datelike;
    let month = t
        .rounds
        .months
        .get(day.month0() as usize)
        .cloned()
        .unwrap_or_default();
    let date = t
        .handout
        .date_format
        .replace("{day}", &day.day().to_string())
        .replace("{month}", &month)
        .replace("{year}", &day.year().to_string());
    format!("{} {date}", t.handout.date_label)
}

/// A cell by (row, col).
type Cell2 = (u32, u16);

/// The cells a center fills in on one sheet: the smiley and text of every
/// milestone due in round `next` or earlier whose latest smiley is not ☺,
/// and of every economy row. Returns (smiley cells, text cells, the smiley
/// cells of the milestones due in `next` itself, and at the year end those
/// last rated 😐: they start empty).
fn cells_to_fill(
    wb: &Workbook,
    sheet: usize,
    next: Round,
    marks: &Marks,
    center: Option<(&Center, &Template)>,
) -> (Vec<Cell2>, Vec<Cell2>, Vec<Cell2>) {
    let (mut smileys, mut texts, mut fresh) = (Vec::new(), Vec::new(), Vec::new());
    let year = wb.year();
    let theirs = |ini: &Initiative| match center {
        None => true,
        Some((Center::Named(c), t)) => {
            let c = center::key(c, t);
            centers_of(ini, t).iter().any(|x| center::key(x, t) == c)
        }
        Some((Center::None, t)) => centers_of(ini, t).is_empty(),
    };
    for ini in wb.sheets[sheet].initiatives.iter().filter(|i| theirs(i)) {
        for m in ini.milestones.iter().filter(|m| !m.is_placeholder()) {
            let due = m
                .deadline
                .due()
                .is_some_and(|(y, r)| r <= next && year.is_none_or(|yr| yr == y));
            let last = latest(marks, sheet, m.smiley_cell.row);
            if due && last != Some(Smiley::Happy) {
                smileys.push((m.smiley_cell.row, m.smiley_cell.col));
                texts.push((m.text_cell.row, m.text_cell.col));
                // At the year end a 😐 cannot stand (M010): it starts
                // empty too, the 😐 kept in the history column.
                let neutral_at_year_end = next == 4 && last == Some(Smiley::Neutral);
                if m.deadline.due().is_some_and(|(_, r)| r == next) || neutral_at_year_end {
                    fresh.push((m.smiley_cell.row, m.smiley_cell.col));
                }
            }
        }
        for e in &ini.economy {
            smileys.push((e.smiley_cell.row, e.smiley_cell.col));
            texts.push((e.text_cell.row, e.text_cell.col));
            // The amount's own cell (`Tid`), so the center can change it.
            let own = e.amounts.iter().filter_map(|a| a.cell);
            for c in own.chain(e.unitless.iter().map(|(c, _)| *c)) {
                if !texts.contains(&(c.row, c.col)) {
                    texts.push((c.row, c.col));
                }
            }
        }
    }
    (smileys, texts, fresh)
}

/// Whose hand-out: one responsible center's, or the initiatives' that
/// name none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Center {
    /// The center of this name.
    Named(String),
    /// The initiatives that name no center.
    None,
}

/// The responsible centers an initiative names, as written:
/// `Ansvarligt center: A`, or several joined by one of the template's
/// `center_joiners` (`parse::center::split`).
pub fn centers_of(ini: &Initiative, t: &Template) -> Vec<String> {
    match ini.description.as_ref().and_then(|d| d.center.as_deref()) {
        Some(c) => center::split(c, t),
        None => Vec::new(),
    }
}

/// The responsible centers of a workbook, each under its fullest spelling
/// (`parse::center::Names`): `C-BUR`, `Børne- og Ungerådgivning` and
/// `Center for Børne- og Ungerådgivning` are one center.
pub fn center_names<'t>(wb: &Workbook, t: &'t Template) -> center::Names<'t> {
    center::Names::of(
        wb.sheets
            .iter()
            .flat_map(|s| &s.initiatives)
            .filter_map(|i| i.description.as_ref()?.center.as_deref()),
        t,
    )
}

/// Every responsible center of the workbook under its fullest spelling,
/// in the order first met, and whether some initiative names none.
pub fn centers(wb: &Workbook, t: &Template) -> (Vec<String>, bool) {
    let none = (wb.sheets.iter().flat_map(|s| &s.initiatives)).any(|i| centers_of(i, t).is_empty());
    (center_names(wb, t).names(), none)
}

/// The edits of one block sheet of the hand-out.
fn block_sheet(
    wb: &Workbook,
    i: usize,
    (next, marks): (Round, &Marks),
    center: Option<&Center>,
    marked: &OpenCells,
    t: &Template,
) -> Result<SheetEdits, PlanError> {
    let sheet = &wb.sheets[i];
    let mut e = SheetEdits::default();
    let cols = Columns::of(sheet, &marks.rounds, false)?;
    blocks::added_columns(&mut e, sheet, i, &cols, marks, t);
    blocks::rewrite_smileys(&mut e, sheet, t);
    // Every smiley of the round is emptied (the last one is in the
    // history), so each center's hand-out is the whole one with only its
    // own cells open.
    let (all, _, fresh) = cells_to_fill(wb, i, next, marks, None);
    let (smileys, texts, _) = cells_to_fill(wb, i, next, marks, center.map(|c| (c, t)));
    let mut by_col: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
    for (r, c) in all {
        let style = if smileys.contains(&(r, c)) {
            to_fill()
        } else {
            Restyle::default()
        };
        if fresh.contains(&(r, c)) {
            // Due in this round: it starts empty.
            e.cells.insert(
                (r, c),
                Cell {
                    value: Value::Blank,
                    style: Style::Own(style),
                },
            );
        } else if !style.is_none() {
            // Reopened: it keeps last round's smiley, for the center to
            // change or leave (SPEC §8, issue 26.4).
            e.restyle.insert((r, c), style);
        }
        by_col.entry(c).or_default().push(r);
    }
    for at in &texts {
        e.restyle.insert(*at, to_fill());
    }
    // What earlier hand-outs opened and this one does not is closed again:
    // a hand-out opens exactly this round's cells of its center.
    super::unmark(&mut e, sheet, marked, &|at| {
        smileys.contains(at) || texts.contains(at)
    });
    // A cell written anew (a smiley respelled, an emptied one) takes its
    // restyle in its own style.
    e.cells.merge_restyles(&mut e.restyle);
    blocks::smiley_rules(
        &mut e,
        sheet,
        &cols,
        (&by_col, &smileys),
        (Some((t, true)), next == 4),
        t,
    );
    // Locked without a password: a center cannot break the layout by
    // accident, the finance staff can lift it.
    e.protect = true;
    e.print = Some(blocks::print(sheet, &cols));
    Ok(e)
}

/// The edits that make the round-`next` workbook from this round's.
///
/// # Errors
/// [`PlanError::NoRoom`] if a block sheet has no room for the history columns.
pub fn handout(
    wb: &Workbook,
    next: Round,
    center: Option<&Center>,
    (marked, today): (&OpenCells, chrono::NaiveDate),
    t: &Template,
) -> Result<Edits, PlanError> {
    let marks = marks(wb, None, &[], t);
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
    for (i, sheet) in wb.sheets.iter().enumerate() {
        if sheet.generated.is_none() && !sheet.initiatives.is_empty() {
            let e = block_sheet(wb, i, (next, &marks), center, marked, t)?;
            edits.sheets.insert(i, e);
        }
    }
    if let Some(c) = center {
        let name = match c {
            Center::Named(n) => n.as_str(),
            Center::None => "",
        };
        edits.names.push(Name {
            name: CENTER_MARK.to_string(),
            sheet: None,
            value: format!("\"{}\"", name.replace('"', "\"\"")),
            hidden: true,
        });
    }
    preamble(&mut edits, wb, next, today, t);
    let [(name, place)]: [(String, Place); 1] =
        slots(&mut edits, wb, &[Generated::Guide], Place::First, t)
            .try_into()
            .expect("one sheet");
    let whose = match center {
        Some(Center::Named(n)) => Some(n.clone()),
        Some(Center::None) => Some(t.handout.no_center_file.clone()),
        None => None,
    };
    let mut guide = sheets::guide(&name, t, Some(next), whose.as_deref());
    guide.place = place;
    edits.new_sheets.push(guide);
    edits.names.push(Name {
        name: HANDOUT_MARK.to_string(),
        sheet: None,
        value: format!("\"{next}\""),
        hidden: true,
    });
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_move_to_the_next_round() {
        let t = Template::danish();
        let cases = [
            (
                "Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
                2,
                Some("Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"),
            ),
            (
                "Udmøntning af Aftale om budget 2018",
                1,
                Some("Første opfølgning på Aftale om budget 2018"),
            ),
            (
                "Tredje opfølgning på Aftale om budget 2018",
                4,
                Some("Endelig opfølgning på Aftale om budget 2018"),
            ),
            ("Dato: 19. marts 2018", 2, None),
        ];
        for (title, next, want) in cases {
            assert_eq!(next_title(title, next, &t).as_deref(), want, "{title}");
        }
    }
}
