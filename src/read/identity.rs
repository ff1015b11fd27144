//! Who a workbook is — the committee, the budget year and the round — read
//! from its first rows only, so that looking through a folder for the
//! previous round stays quick however big the workbooks in it are.

use std::panic::AssertUnwindSafe;

use calamine::{DataRef, Reader, SheetType};

use super::{Overrides, ReadError, guard, meta, read_workbook, title};
use crate::input::Input;
use crate::model::Round;
use crate::template::Template;

/// The rows of a sheet read for its title.
const TITLE_ROWS: u32 = 12;
/// The sheets looked at for a title (a cover sheet may come first).
const TITLE_SHEETS: usize = 3;

/// What the title rows (and the file name) say a workbook is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    /// The title, as one line (see [`super::title::read`]).
    pub title: Option<String>,
    /// The committee the title names (`Børne- og Skoleudvalget`).
    pub committee: Option<String>,
    /// The budget year the title names.
    pub year: Option<i32>,
    /// The round: the command line's, else the title's, else the file name's.
    pub round: Option<Round>,
}

/// Reads who a workbook is. An `.xlsx` is read up to its first rows;
/// other formats, which cannot be read in part, whole.
///
/// # Errors
/// As [`super::open`]: the bytes fail a guard or cannot be read.
pub fn identify(input: &Input, t: &Template, o: Overrides) -> Result<Identity, ReadError> {
    let FirstRows { rows, sheet_round } = match title_rows(input, t)? {
        Some(first) => first,
        None => {
            let read = read_workbook(input, t, o)?;
            let wb = read.workbook;
            return Ok(Identity {
                committee: wb.committee,
                title: wb.title,
                year: wb.year.map(|(y, _)| y),
                round: wb.round.map(|(r, _)| r),
            });
        }
    };
    let title = title::read(&rows, t);
    Ok(Identity {
        committee: title.committee,
        year: o
            .year
            .or(title.year)
            .or_else(|| meta::year_from_title(&rows, t)),
        round: o
            .round
            .or(title.round)
            .or_else(|| meta::round_from_file_name(input.path(), t))
            .or(sheet_round),
        title: title.text,
    })
}

/// The texts of the first rows of the first sheet that names a round in
/// them (else of the first sheet with any text), when `path` is an
/// `.xlsx` package; `None` for other formats.
fn title_rows(input: &Input, t: &Template) -> Result<Option<FirstRows>, ReadError> {
    let Some(mut zip) = guard::open_zip(input) else {
        return Ok(None);
    };
    if guard::find_part(&zip, "xl/workbook.xml").is_none() {
        return Ok(None);
    }
    guard::package(&mut zip)?;
    guard::shared_strings(&mut zip)?;
    drop(zip);
    let read = crate::panics::quietly(AssertUnwindSafe(|| first_rows(input, t)));
    read.unwrap_or(Err(ReadError::ReaderFailed)).map(Some)
}

/// The title rows found, and the round the names of the sheets read give.
struct FirstRows {
    rows: Vec<String>,
    sheet_round: Option<Round>,
}

fn first_rows(input: &Input, t: &Template) -> Result<FirstRows, ReadError> {
    let mut wb = super::cells::open_xlsx(input)?;
    // opfolg's own sheets (a hand-out's reading guide comes first) are
    // never the title: the workbook is read as the round it is.
    let ours = super::generated::marked_sheet_names(input);
    let names: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && !ours.contains(&s.name))
        .take(TITLE_SHEETS)
        .map(|s| s.name.clone())
        .collect();
    let sheet_round = names.iter().find_map(|n| meta::round_from_sheet_name(n, t));
    let found = |rows: Vec<String>| FirstRows { rows, sheet_round };
    let mut first_with_text: Option<Vec<String>> = None;
    for name in names.clone() {
        let mut rows = vec![String::new(); TITLE_ROWS as usize];
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(ReadError::from_calamine)?;
        while let Some(cell) = reader.next_cell().map_err(ReadError::from_calamine)? {
            let (row, _) = cell.get_position();
            if row >= TITLE_ROWS {
                break;
            }
            let text = match cell.get_value() {
                DataRef::SharedString(s) => (*s).to_string(),
                DataRef::String(s) => s.clone(),
                _ => continue,
            };
            let line = &mut rows[row as usize];
            if !text.trim().is_empty() {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(text.trim());
            }
        }
        // Blank rows stay (empty): a title wrapped over two rows has none
        // between them.
        let Some(last) = rows.iter().rposition(|r| !r.is_empty()) else {
            continue;
        };
        rows.truncate(last + 1);
        if meta::round_from_title(&rows, t).is_some() {
            return Ok(found(rows));
        }
        first_with_text.get_or_insert(rows);
    }
    Ok(found(first_with_text.unwrap_or_default()))
}
