//! Opening a workbook of any format opfolg reads: the guards first (zip
//! bombs, lying counts), then the reader of its format — calamine for
//! .xlsx, .xlsb and .xls, opfolg's own for .ods.

use std::panic::AssertUnwindSafe;

use super::ReadError;
use super::raw::{Detail, Format, RawWorkbook};
use super::{cells, guard, ods};
use crate::input::Input;

impl Format {
    /// The format of a file: by extension, else by what the package holds.
    fn of(input: &Input, zip: Option<&guard::Zip>) -> Format {
        match input.extension().as_str() {
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
fn is_ole(input: &Input) -> bool {
    input
        .bytes()
        .starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// Opens any workbook opfolg reads. A panic inside a dependency becomes an
/// error, never a crash.
///
/// # Errors
/// The file is empty, fails a guard (zip bomb, lying count, too many
/// cells, sheets or text), is password-protected, or its reader cannot
/// read it or panics.
pub fn open(input: &Input, detail: Detail) -> Result<RawWorkbook, ReadError> {
    if input.bytes().is_empty() {
        return Err(ReadError::Empty);
    }
    let mut zip = guard::open_zip(input);
    if let Some(z) = zip.as_mut() {
        guard::package(z)?;
    }
    let format = Format::of(input, zip.as_ref());
    // Not a zip, and no OLE file either (an encrypted .xlsx is one, and
    // calamine says it is password-protected).
    if format == Format::Xlsx && zip.is_none() && !is_ole(input) {
        return Err(ReadError::NotPackage);
    }
    if let (Format::Xlsx, Some(z)) = (format, zip.as_mut()) {
        guard::shared_strings(z)?;
    }
    if format == Format::Xls {
        guard::xls_ranges(input)?;
    }
    let result = crate::panics::quietly(AssertUnwindSafe(|| match (format, zip) {
        (Format::Ods, Some(z)) => ods::read(z, detail),
        _ => cells::read(input, format, detail),
    }));
    result.unwrap_or(Err(ReadError::ReaderFailed))
}
