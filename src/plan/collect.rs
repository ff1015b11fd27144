//! The edits that fold the centers' returns into the whole round's
//! workbook (`collect`): the cells taken, written in their own format, and
//! the `Indsamling` sheet in the place of an earlier one.

use std::collections::BTreeMap;

use super::sheets::{self, CollectedRow};
use super::{PlanError, slots};
use crate::layout::Generated;
use crate::model::Workbook;
use crate::package::edits::{Cell, Edits, Place, Restyle, Style, Value};
use crate::template::Template;

/// The edits: `taken` by (sheet index, row, col), and the summary rows.
///
/// # Errors
/// None today; the signature matches the other plans.
pub fn collected(
    wb: &Workbook,
    taken: &BTreeMap<(usize, u32, u16), Value>,
    rows: &[CollectedRow],
    t: &Template,
) -> Result<Edits, PlanError> {
    let mut edits = Edits {
        note_author: t.annotate.note_author.clone(),
        ..Edits::default()
    };
    for (&(sheet, row, col), value) in taken {
        edits.sheets.entry(sheet).or_default().cells.insert(
            (row, col),
            Cell {
                value: value.clone(),
                style: Style::Own(Restyle::default()),
            },
        );
    }
    let [(name, place)]: [(String, Place); 1] =
        slots(&mut edits, wb, &[Generated::Collected], Place::Last, t)
            .try_into()
            .expect("one sheet");
    // The hand-out's reading guide stays: only an earlier `Indsamling`
    // is replaced.
    edits.remove_sheets.clear();
    let mut sheet = sheets::collected(&name, rows, t);
    sheet.place = place;
    edits.new_sheets.push(sheet);
    Ok(edits)
}
