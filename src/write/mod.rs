//! The annotated workbook: the input's sheets copied cell by cell, smiley
//! history, change and check columns on the block sheets, and the sheets
//! `Ændringer`, `Kontrol` and `Overblik`.

mod copy;
mod generated;
pub mod handout;
pub mod marks;
pub mod overview;
mod rows;
pub mod style;

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{Workbook as XlsxWorkbook, Worksheet, XlsxError};

use crate::diff::Change;
use crate::model::Workbook;
use crate::read::raw::{RawSheet, RawWorkbook};
use crate::template::Template;
use crate::validate::Finding;

// Where the output goes and how it is saved moved to `crate::output`.
pub use crate::output::{
    ANNOTATED_SUFFIX, Extensions, OutputError as WriteError, check_output, default_output, save,
};

/// Everything the annotated workbook is made of.
pub struct Annotation<'a> {
    pub t: &'a Template,
    pub current: &'a Workbook,
    pub raw: &'a RawWorkbook,
    pub previous: Option<&'a Workbook>,
    pub changes: &'a [Change],
    pub findings: &'a [Finding],
}

/// Paper setup for every sheet: landscape A4, fit to the page width, and
/// the header row repeated on each page where there is one.
pub(crate) fn page_setup(ws: &mut Worksheet, repeat_row: Option<u32>) {
    const A4: u8 = 9;
    ws.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0);
    if let Some(r) = repeat_row {
        // Only fails for rows past Excel's limit, which row 0 is not.
        let _ = ws.set_repeat_rows(r, r);
    }
}

/// How many lines a text takes in a column `width` characters wide:
/// each paragraph wraps at about 1.2 characters per unit of width.
pub(crate) fn text_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.2).max(1.0);
    text.split('\n')
        .map(|p| ((p.chars().count() as f64) / per_line).ceil().max(1.0) as usize)
        .sum()
}

/// The height in points of a row of `lines` lines of 11-point text, at
/// most Excel's tallest row.
pub(crate) fn row_height(lines: usize) -> f64 {
    (lines as f64 * 15.0).min(409.0)
}

/// A worksheet for a copy of `raw`: in constant-memory mode (each row goes
/// to a temporary file once the next begins) unless the sheet has merged
/// ranges, whose blank cells rust_xlsxwriter writes ahead of the row order.
pub(crate) fn sheet_for<'a>(
    wb: &'a mut XlsxWorkbook,
    raw: &RawSheet,
) -> Result<&'a mut Worksheet, XlsxError> {
    if raw.extras.merges.is_empty() {
        wb.add_worksheet_with_constant_memory()
    } else {
        Ok(wb.add_worksheet())
    }
}

/// Builds the annotated workbook in memory.
pub fn build(a: &Annotation) -> Result<XlsxWorkbook, XlsxError> {
    let marks = marks::marks(a.current, a.previous, a.changes, a.findings, a.t);
    let mut notes: HashMap<usize, HashMap<(u32, u16), Vec<String>>> = HashMap::new();
    for f in a
        .findings
        .iter()
        .filter(|f| f.severity > crate::validate::Severity::Info)
    {
        notes
            .entry(f.cell.sheet)
            .or_default()
            .entry((f.cell.row, f.cell.col))
            .or_default()
            .push(format!("{}: {}", f.code, f.message));
    }
    // Changed amount-table cells: a fill and a note with the old amount.
    let mut changed: HashMap<usize, HashSet<(u32, u16)>> = HashMap::new();
    for c in a
        .changes
        .iter()
        .filter(|c| c.row.is_some() && !c.in_previous)
    {
        if let crate::diff::Kind::AmountChanged { before, .. } = &c.kind {
            let at = (c.cell.row, c.cell.col);
            changed.entry(c.cell.sheet).or_default().insert(at);
            let note =
                a.t.tables
                    .before_note
                    .replace("{before}", &before.to_string());
            notes
                .entry(c.cell.sheet)
                .or_default()
                .entry(at)
                .or_default()
                .push(note);
        }
    }
    let no_notes = HashMap::new();
    let no_changes = HashSet::new();
    let mut wb = XlsxWorkbook::new();
    for (i, (raw, model)) in a.raw.sheets.iter().zip(&a.current.sheets).enumerate() {
        if model.generated {
            continue;
        }
        let copy = copy::SheetCopy {
            raw,
            model,
            index: i,
            marks: &marks,
            t: a.t,
            notes: notes.get(&i).unwrap_or(&no_notes),
            changed: changed.get(&i).unwrap_or(&no_changes),
            handout: None,
        };
        copy.write(sheet_for(&mut wb, raw)?)?;
    }
    // Written in row order, so they too can go to disk row by row.
    generated::changes_sheet(
        wb.add_worksheet_with_constant_memory()?,
        a.current,
        a.previous,
        a.changes,
        a.t,
    )?;
    generated::checks_sheet(wb.add_worksheet_with_constant_memory()?, a.findings, a.t)?;
    generated::summary_sheet(wb.add_worksheet(), a.current, &marks, a.t)?;
    Ok(wb)
}
