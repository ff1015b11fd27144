//! Workbooks written new with rust_xlsxwriter — the blank follow-up
//! workbook, the cross-committee overview, and the `.xlsx` an `.xls` or
//! `.ods` is rebuilt as before it is annotated. The user's own `.xlsx` is
//! never rebuilt: `package` patches it. Saving any output safely is
//! `output`'s.

pub mod blank;
pub mod convert;
pub mod overview;
mod rows;
pub mod style;

use rust_xlsxwriter::Worksheet;

/// Paper setup for a sheet opfolg writes: landscape A4, fit to the page
/// width, the first row repeated on each page.
pub(crate) fn page_setup(ws: &mut Worksheet) {
    const A4: u8 = 9;
    ws.set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0);
    // Only fails for rows past Excel's limit, which row 0 is not.
    let _ = ws.set_repeat_rows(0, 0);
}
