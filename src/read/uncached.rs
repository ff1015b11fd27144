//! Formulas without a stored result. Workbooks saved by openpyxl, pandas
//! and many web tools keep `=SUM(E5:E7)` but no value; calamine reads such
//! a cell as empty, which an amount table would take for 0. The blank
//! cells of the tables are looked up among the sheet's formulas (read
//! again only when a table has a blank cell) and marked unknown.

use std::panic::AssertUnwindSafe;

use calamine::{Reader, open_workbook_auto_from_rs};

use super::raw::RawWorkbook;
use crate::input::Input;
use crate::model::{Sheet, TableValue};

/// Marks the amount-table cells of `sheets` that are blank in `raw` but
/// hold a formula as [`TableValue::Uncached`].
pub fn mark(input: &Input, raw: &RawWorkbook, sheets: &mut [Sheet]) {
    // An .ods keeps every formula's value (and calamine would read its
    // repeated rows out in full).
    if input.extension() == "ods" {
        return;
    }
    let mut workbook = None;
    for (i, sheet) in sheets.iter_mut().enumerate() {
        let Some(raw_sheet) = raw.sheets.get(i) else {
            continue;
        };
        let blank = |row: u32, col: u16| {
            raw_sheet
                .rows
                .binary_search_by_key(&row, |r| r.row)
                .map_or(true, |at| raw_sheet.rows[at].get(col).is_none())
        };
        let blanks: Vec<(usize, usize, usize)> = sheet
            .tables
            .iter()
            .enumerate()
            .flat_map(|(ti, table)| {
                table.rows.iter().enumerate().flat_map(move |(ri, row)| {
                    row.cells.iter().enumerate().filter_map(move |(ci, c)| {
                        (c.value == TableValue::Zero && blank(c.cell.row, c.cell.col))
                            .then_some((ti, ri, ci))
                    })
                })
            })
            .collect();
        if blanks.is_empty() {
            continue;
        }
        let wb = workbook.get_or_insert_with(|| {
            crate::panics::quietly(AssertUnwindSafe(|| {
                open_workbook_auto_from_rs(input.reader()).ok()
            }))
            .ok()
            .flatten()
        });
        let Some(wb) = wb.as_mut() else { return };
        let formulas = crate::panics::quietly(AssertUnwindSafe(|| {
            wb.worksheet_formula(&raw_sheet.name).ok()
        }))
        .ok()
        .flatten();
        let Some(formulas) = formulas else { continue };
        for (ti, ri, ci) in blanks {
            let cell = &mut sheet.tables[ti].rows[ri].cells[ci];
            let at = (cell.cell.row, u32::from(cell.cell.col));
            if let Some(f) = formulas.get_value(at).filter(|f| !f.trim().is_empty()) {
                cell.value = TableValue::Uncached(f.clone());
            }
        }
    }
}
