//! Workbooks written new with rust_xlsxwriter — the blank follow-up
//! workbook, the cross-committee overview, and the `.xlsx` an `.xls` or
//! `.ods` is rebuilt as before it is annotated — and saving any output
//! safely. The user's own `.xlsx` is never rebuilt: `package` patches it.

pub mod blank;
pub mod convert;
pub mod overview;
mod rows;
pub mod style;

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Workbook as XlsxWorkbook, Worksheet, XlsxError};
use thiserror::Error;

/// Why an output could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("the output already exists; pass --force to replace it")]
    Exists,
    #[error("the output would replace an input workbook")]
    WouldOverwriteInput,
    #[error("the output must be named `….xlsx`")]
    NotXlsx,
    #[error("the workbook has macros: name the output `….xlsm` to keep them")]
    NotXlsm,
    #[error("cannot write the output: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
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

/// The path with its folder made absolute, also when the file does not exist yet.
fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let parent = p
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    match (parent.canonicalize(), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}

/// Checks the output may be written: never over an input, never over an
/// existing file without `force`, named as the package is: `.xlsx` (or
/// `.xltx`), and `.xlsm`/`.xltm` for a workbook with macros.
pub fn check_output(
    out: &Path,
    inputs: &[&Path],
    force: bool,
    macros: bool,
) -> Result<(), WriteError> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match (macros, ext.as_str()) {
        (false, "xlsx" | "xltx") | (true, "xlsm" | "xltm") => {}
        (false, _) => return Err(WriteError::NotXlsx),
        (true, _) => return Err(WriteError::NotXlsm),
    }
    let target = absolute(out);
    if inputs.iter().any(|i| absolute(i) == target) {
        return Err(WriteError::WouldOverwriteInput);
    }
    if out.exists() && !force {
        return Err(WriteError::Exists);
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `out` and renames it, so a
/// failure never leaves a half-written workbook.
pub fn save_bytes(bytes: &[u8], out: &Path) -> Result<(), WriteError> {
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".opfolg-").suffix(".tmp");
    // A temporary file is private (0600); the workbook is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| WriteError::Io(e.error))?;
    Ok(())
}

/// Saves a workbook built with rust_xlsxwriter (see [`save_bytes`]).
pub fn save(wb: &mut XlsxWorkbook, out: &Path) -> Result<(), WriteError> {
    // Compression is a large part of writing; level 1 is several times
    // faster than the default 6 for a file a little larger.
    wb.set_zip_compression_level(1);
    let bytes = wb.save_to_buffer()?;
    save_bytes(&bytes, out)
}
