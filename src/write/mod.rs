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

use rust_xlsxwriter::{DocProperties, Workbook, Worksheet};

use crate::input::Clock;

/// A workbook to write new, created at the caller's time (the core reads
/// no clock).
pub(crate) fn new_workbook(clock: Clock) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&clock.utc));
    wb
}

/// A workbook written new, as bytes. Compression is a large part of
/// writing; level 1 is several times faster than the default 6 for a file
/// a little larger.
///
/// # Errors
/// rust_xlsxwriter cannot assemble the package.
pub fn to_bytes(mut wb: Workbook) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}

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
