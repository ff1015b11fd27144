//! What opfolg adds to a block sheet: the smiley history, `Ændring` and
//! `Kontrol` columns right of the blocks, the smileys written `☺ 😐 ☹`,
//! their colours and drop-down, and notes on the cells to fix.

use std::collections::{BTreeMap, BTreeSet};

use super::PlanError;
use super::looks;
use super::marks::Marks;
use super::sheets::{row_height, text_lines};
use crate::layout::{Column, SMILEYS, colours};
use crate::model::{CellRef, Sheet, Smiley, Spelling};
use crate::package::edits::{
    Cell, ListRule, Pages, Print, Restyle, SheetEdits, Style, TextRule, Value,
};
use crate::package::xml::range_a1;
use crate::template::Template;

/// Excel's last column (XFD), 0-based.
const LAST_COL: u16 = 16_383;

/// The columns opfolg adds to one block sheet, where they start.
pub struct Columns {
    /// The 0-based sheet column of the first added column.
    pub first: u16,
    /// The added columns, left to right from `first`.
    pub list: Vec<Column>,
}

impl Columns {
    /// The columns of a sheet: one per round, then (when reviewing)
    /// `Ændring` and `Kontrol`, starting where an earlier annotation's
    /// began, else right of every value.
    ///
    /// # Errors
    /// [`PlanError::NoRoom`] if the columns would pass Excel's last column (XFD).
    pub fn of(sheet: &Sheet, rounds: &[u8], review: bool) -> Result<Columns, PlanError> {
        let mut list: Vec<Column> = rounds.iter().map(|r| Column::Smiley(*r)).collect();
        if review {
            list.extend([Column::Change, Column::Check]);
        }
        let old = old_columns(sheet);
        let first = match old.iter().min() {
            Some(min) => *min,
            None => {
                let block = sheet
                    .initiatives
                    .iter()
                    .map(|i| i.header_cell.col + 3)
                    .max()
                    .unwrap_or(0);
                sheet.last_col.unwrap_or(0).max(block) + 1
            }
        };
        if u32::from(first) + list.len() as u32 > u32::from(LAST_COL) + 1 {
            return Err(PlanError::NoRoom {
                sheet: sheet.name.clone(),
            });
        }
        Ok(Columns { first, list })
    }

    /// The sheet column of an added column.
    pub fn col(&self, c: Column) -> Option<u16> {
        self.list
            .iter()
            .position(|x| *x == c)
            .map(|i| self.first + i as u16)
    }
}

/// Columns an earlier annotation added: replaced, never kept.
fn old_columns(sheet: &Sheet) -> BTreeSet<u16> {
    let h = &sheet.history;
    h.smiley
        .values()
        .copied()
        .chain(h.change)
        .chain(h.check)
        .collect()
}

/// Every smiley cell of the sheet's blocks.
fn smiley_cells(sheet: &Sheet) -> impl Iterator<Item = (CellRef, Option<Smiley>, Spelling)> + '_ {
    sheet.initiatives.iter().flat_map(|ini| {
        ini.milestones
            .iter()
            .map(|m| (m.smiley_cell, m.smiley.smiley(), m.spelling))
            .chain(
                ini.economy
                    .iter()
                    .map(|e| (e.smiley_cell, e.smiley.smiley(), e.spelling)),
            )
    })
}

fn text_cell(s: impl Into<String>, look: crate::package::edits::Look) -> Cell {
    Cell {
        value: Value::Text(s.into()),
        style: Style::New(look),
    }
}

/// Writes the added columns: headers on each header row, the marks on
/// each row.
pub fn added_columns(
    e: &mut SheetEdits,
    sheet: &Sheet,
    index: usize,
    cols: &Columns,
    marks: &Marks,
    t: &Template,
) {
    e.clear_columns = old_columns(sheet).into_iter().collect();
    for (i, c) in cols.list.iter().enumerate() {
        e.widths.push((cols.first + i as u16, c.width()));
    }
    for ini in &sheet.initiatives {
        for (i, c) in cols.list.iter().enumerate() {
            e.cells.insert(
                (ini.header_cell.row, cols.first + i as u16),
                text_cell(c.header(t), looks::header()),
            );
        }
    }
    for (&(s, row), m) in &marks.rows {
        if s != index {
            continue;
        }
        for (round, smiley) in &m.smileys {
            if let Some(col) = cols.col(Column::Smiley(*round)) {
                e.cells
                    .insert((row, col), text_cell(t.glyph(*smiley), looks::smiley()));
            }
        }
        let mut lines = 1;
        for (column, texts) in [(Column::Change, &m.changes), (Column::Check, &m.checks)] {
            if let Some(col) = cols.col(column).filter(|_| !texts.is_empty()) {
                let text = texts.join("\n");
                lines = lines.max(text_lines(&text, column.width()));
                e.cells.insert((row, col), text_cell(text, looks::cell()));
            }
        }
        if lines > 1 {
            e.min_heights.insert(row, row_height(lines));
        }
    }
}

/// The smallest size body text may print at, in points.
pub const MIN_PRINTED_FONT: f64 = 7.0;

/// The last row of an initiative's block.
pub fn last_row(ini: &crate::model::Initiative) -> u32 {
    let rows = ini
        .milestones
        .iter()
        .flat_map(|m| {
            [
                m.label_cell.row,
                m.text_cell.row,
                m.deadline_cell.row,
                m.smiley_cell.row,
            ]
        })
        .chain(
            ini.economy
                .iter()
                .flat_map(|e| [e.label_cell.row, e.text_cell.row, e.smiley_cell.row]),
        )
        .chain(
            ini.description
                .iter()
                .flat_map(|d| [d.purpose_cell.row, d.details_cell.row]),
        )
        .chain(ini.unknown_rows.iter().map(|c| c.row));
    rows.fold(ini.header_cell.row, u32::max)
}

/// How a block sheet prints when it has no print setup of the user's: on
/// A4, the user's columns with the smiley history and `Ændring` beside
/// them (`Kontrol` is left out: it has its own sheet), as large as fits,
/// and no initiative split over two pages when it fits on one.
pub fn print(sheet: &Sheet, cols: &Columns) -> Print {
    let printed = cols
        .list
        .iter()
        .enumerate()
        .filter(|(_, c)| **c != Column::Check)
        .map(|(i, _)| cols.first + i as u16)
        .max()
        .unwrap_or(cols.first.saturating_sub(1));
    let h = &sheet.history;
    let earlier = h
        .smiley
        .values()
        .copied()
        .chain(h.change)
        .max()
        .map(|last| (0, last));
    let narrow = cols
        .list
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let at = cols.first + i as u16;
            (at <= printed).then(|| (at, c.narrowest()))
        })
        .collect();
    let keep = sheet
        .initiatives
        .iter()
        .map(|ini| (ini.header_cell.row, last_row(ini)))
        .collect();
    Print {
        a4: true,
        pages: Some(Pages {
            columns: (0, printed),
            earlier_columns: earlier,
            earlier: earlier.is_some() || h.check.is_some(),
            keep,
            narrow,
            min_font_pt: MIN_PRINTED_FONT,
        }),
        ..Print::default()
    }
}

/// How a sheet of amount tables prints: on A4, its columns as large as
/// fits, the first table's header row on every page.
pub fn table_print(sheet: &Sheet) -> Option<Print> {
    let first = sheet.tables.first()?;
    Some(Print {
        a4: true,
        repeat_rows: Some((first.header_cell.row, first.header_cell.row)),
        pages: Some(Pages {
            columns: (0, sheet.last_col.unwrap_or(0)),
            min_font_pt: MIN_PRINTED_FONT,
            ..Pages::default()
        }),
        ..Print::default()
    })
}

/// Recognised smileys written as `☺ 😐 ☹`, in the cell's own format (a
/// Wingdings letter loses the symbol font, or `☺` would show as a letter).
pub fn rewrite_smileys(e: &mut SheetEdits, sheet: &Sheet, t: &Template) {
    for (cell, smiley, spelling) in smiley_cells(sheet) {
        let Some(s) = smiley else { continue };
        if spelling == Spelling::Written {
            continue;
        }
        e.cells.insert(
            (cell.row, cell.col),
            Cell {
                value: Value::Text(t.glyph(s).to_string()),
                style: Style::Own(Restyle {
                    plain_font: spelling == Spelling::Wingdings,
                    ..Restyle::default()
                }),
            },
        );
    }
}

/// Rows as runs of consecutive rows: `[6, 7, 8, 10]` → `[(6, 8), (10, 10)]`.
pub fn runs(rows: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == r => *end = r,
            _ => out.push((r, r)),
        }
    }
    out
}

/// The glyphs of the smiley list: `☺ 😐 ☹`.
pub fn glyphs(t: &Template) -> Vec<String> {
    SMILEYS.iter().map(|s| t.glyph(*s).to_string()).collect()
}

/// Smiley cells by column: the rows of each.
pub type ListCells = BTreeMap<u16, Vec<u32>>;

/// Green, yellow and red by conditional formatting on every smiley column
/// (the sheet's own and the history), but not on the cells in `open` (a
/// hand-out's open cells stay blue whatever they hold, so blue means
/// "yours to fill"), and the ☺ 😐 ☹ drop-down on the smiley cells given
/// (by column; ☺ ☹ in the year-end round, `year_end`); earlier
/// annotations' rules go.
pub fn smiley_rules(
    e: &mut SheetEdits,
    sheet: &Sheet,
    cols: &Columns,
    (list_cells, open): (&ListCells, &[(u32, u16)]),
    (prompt, year_end): (Option<(&Template, bool)>, bool),
    t: &Template,
) {
    let cells: Vec<CellRef> = smiley_cells(sheet).map(|(c, _, _)| c).collect();
    let Some(top) = sheet.initiatives.iter().map(|i| i.header_cell.row).min() else {
        return;
    };
    let bottom = cells.iter().map(|c| c.row).max().unwrap_or(top);
    let mut columns: BTreeSet<u16> = cells.iter().map(|c| c.col).collect();
    columns.extend(
        cols.list
            .iter()
            .filter(|c| matches!(c, Column::Smiley(_)))
            .filter_map(|c| cols.col(*c)),
    );
    let glyphs = glyphs(t);
    for col in columns {
        let sqref = ranges_without(col, (top, bottom), open);
        if sqref.is_empty() {
            continue;
        }
        for (s, glyph) in SMILEYS.iter().zip(&glyphs) {
            let (fill, font) = colours::smiley(*s);
            e.text_rules.push(TextRule {
                sqref: sqref.clone(),
                text: glyph.clone(),
                fill,
                font,
            });
        }
    }
    e.drop_rule_texts = glyphs.clone();
    smiley_lists(e, sheet, list_cells, &glyphs, (prompt, year_end));
}

/// Rows `top..=bottom` of column `col` without the cells in `holes`, as a
/// space-separated list of ranges (`D4:D33 D35:D47`).
fn ranges_without(col: u16, (top, bottom): (u32, u32), holes: &[(u32, u16)]) -> String {
    let mut rows: Vec<u32> = holes
        .iter()
        .filter(|(r, c)| *c == col && (top..=bottom).contains(r))
        .map(|(r, _)| *r)
        .collect();
    rows.sort_unstable();
    rows.dedup();
    let mut ranges = Vec::new();
    let mut from = top;
    for r in rows.into_iter().chain(std::iter::once(bottom + 1)) {
        if r > from {
            ranges.push(range_a1((from, col), (r - 1, col)));
        }
        from = r + 1;
    }
    ranges.join(" ")
}

/// The drop-down lists on the smiley cells: ☺ 😐 ☹ on the milestones',
/// ☺ ☹ on the economy's (a 😐 there is A002) and on the milestones' at the
/// year end (M010), with the hand-out's prompt.
fn smiley_lists(
    e: &mut SheetEdits,
    sheet: &Sheet,
    list_cells: &BTreeMap<u16, Vec<u32>>,
    all: &[String],
    (prompt, year_end): (Option<(&Template, bool)>, bool),
) {
    // The economy is ☺ or ☹ (a 😐 there is A002): its cells offer those two.
    let economy_glyphs = vec![all[0].clone(), all[2].clone()];
    // Earlier annotations' lists of either kind go.
    e.drop_lists = vec![all.to_vec(), economy_glyphs.clone()];
    let glyphs = if year_end {
        economy_glyphs.clone()
    } else {
        all.to_vec()
    };
    let economy: BTreeSet<(u32, u16)> = sheet
        .initiatives
        .iter()
        .flat_map(|i| &i.economy)
        .map(|x| (x.smiley_cell.row, x.smiley_cell.col))
        .collect();
    for (col, rows) in list_cells {
        let (money, effort): (Vec<u32>, Vec<u32>) =
            rows.iter().partition(|r| economy.contains(&(**r, *col)));
        let h = prompt.map(|(t, _)| &t.handout);
        let effort_words = h.map(|h| match year_end {
            true => (&h.year_end_input_message, &h.year_end_error_message),
            false => (&h.input_message, &h.error_message),
        });
        for (rows, items, words) in [
            (effort, &glyphs, effort_words),
            (
                money,
                &economy_glyphs,
                h.map(|h| (&h.economy_input_message, &h.economy_error_message)),
            ),
        ] {
            if rows.is_empty() {
                continue;
            }
            let sqref = runs(&rows)
                .into_iter()
                .map(|(a, b)| range_a1((a, *col), (b, *col)))
                .collect::<Vec<_>>()
                .join(" ");
            let mut rule = ListRule {
                sqref,
                items: items.clone(),
                prompt: None,
                error: None,
            };
            if let (Some((t, true)), Some((message, error))) = (prompt, words) {
                let h = &t.handout;
                rule.prompt = Some((h.input_title.clone(), message.clone()));
                rule.error = Some((h.error_title.clone(), error.clone()));
            }
            e.lists.push(rule);
        }
    }
}

/// The smiley cells of a sheet, by column: where annotate puts the list.
pub fn all_smiley_cells(sheet: &Sheet) -> BTreeMap<u16, Vec<u32>> {
    let mut out: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
    for (c, _, _) in smiley_cells(sheet) {
        out.entry(c.col).or_default().push(c.row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{ranges_without, runs};

    #[test]
    fn ranges_leave_out_the_holes() {
        assert_eq!(ranges_without(3, (3, 10), &[]), "D4:D11");
        assert_eq!(
            ranges_without(3, (3, 10), &[(5, 3), (6, 3), (10, 3), (7, 4)]),
            "D4:D5 D8:D10"
        );
        assert_eq!(ranges_without(3, (3, 3), &[(3, 3)]), "");
    }

    #[test]
    fn runs_of_rows() {
        assert_eq!(runs(&[8, 6, 7, 10]), vec![(6, 8), (10, 10)]);
        assert_eq!(runs(&[]), vec![]);
    }
}
