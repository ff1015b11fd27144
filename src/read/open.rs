//! Opening a workbook of any format opfolg reads: the guards first (zip
//! bombs, lying counts), then the reader of its format — calamine for
//! .xlsx, .xlsb and .xls, opfolg's own for .ods.

use std::panic::AssertUnwindSafe;
use std::path::Path;

use super::ReadError;
use super::raw::{Detail, Format, RawWorkbook};
use super::{cells, guard, ods};

impl Format {
    /// The format of a file: by extension, else by what the package holds.
    fn of(path: &Path, zip: Option<&guard::Zip>) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" | "xltx" | "xltm" | "xlam" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "xls" | "xla" => Format::Xls,
            "ods" => Format::Ods,
            _ => match zip {
                Some(z) if z.index_for_name("content.xml").is_some() => Format::Ods,
                Some(z) if guard::find_part(z, "xl/workbook.bin").is_some() => Format::Xlsb,
                Some(_) => Format::Xlsx,
                None => Format::Xls,
            },
        }
    }
}

/// Whether the file starts as an OLE compound file (`.xls`, or an
/// encrypted `.xlsx`).
fn is_ole(path: &Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Opens any workbook opfolg reads. A panic inside a dependency becomes an
/// error, never a crash.
///
/// # Errors
/// The file is missing or a folder, fails a guard (zip bomb, lying count,
/// too many cells, sheets or text), is password-protected, or its reader
/// cannot read it or panics.
pub fn open(path: &Path, detail: Detail) -> Result<RawWorkbook, ReadError> {
    if !path.exists() {
        return Err(ReadError::NotFound);
    }
    if path.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) {
        return Err(ReadError::Empty);
    }
    let mut zip = guard::open_zip(path)?;
    if let Some(z) = zip.as_mut() {
        guard::package(z)?;
    }
    let format = Format::of(path, zip.as_ref());
    // Not a zip, and no OLE file either (an encrypted .xlsx is one, and
    // calamine says it is password-protected).
    if format == Format::Xlsx && zip.is_none() && !is_ole(path) {
        return Err(ReadError::NotPackage);
    }
    if let (Format::Xlsx, Some(z)) = (format, zip.as_mut()) {
        guard::shared_strings(z)?;
    }
    if format == Format::Xls {
        guard::xls_ranges(path)?;
    }
    let result = crate::panics::quietly(AssertUnwindSafe(|| match (format, zip) {
        (Format::Ods, Some(z)) => ods::read(z, detail),
        _ => cells::read(path, format, detail),
    }));
    result.unwrap_or(Err(ReadError::ReaderFailed))
}
