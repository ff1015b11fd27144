//! Limits checked before anything is allocated from what a file claims:
//! the zip package as a whole (SPEC §9, Apache POI's rule per part and a
//! budget over all parts), counts that a part cannot hold, and the cells
//! and text a workbook makes opfolg keep.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::ReadError;
use crate::input::{Bytes, Input};

/// A part past this inflates to too much to be a workbook's.
pub const ENTRY_LIMIT: u64 = 1 << 30;
/// Past this size, a part may inflate at most `RATIO_LIMIT` times.
const RATIO_FROM: u64 = 100 << 20;
const RATIO_LIMIT: u64 = 100;
/// All parts together: eight times the benchmark's 20,000 initiatives
/// (67 MiB). Reading 512 MiB of the cheapest XML that holds no cell (empty
/// rows) takes about 25 s for `annotate` on two cores; 1 GiB took 50 s.
pub const TOTAL_LIMIT: u64 = 512 << 20;
/// Parts in one package (a workbook of a thousand sheets has a few thousand).
pub const PARTS_LIMIT: usize = 20_000;
/// Sheets in one workbook.
pub const SHEETS_LIMIT: usize = 1_000;
/// Non-empty cells in one workbook: eight times the benchmark's 20,000
/// initiatives, far past any follow-up.
pub const CELLS_LIMIT: u64 = 4_000_000;
/// Styled cells (empty ones included) in one workbook: formatting over a
/// hundred thousand rows of forty columns.
pub const STYLED_LIMIT: u64 = 4_000_000;
/// Text in all cells together, counting a text once per cell that holds
/// it: what the model may come to copy. A change carries the text before
/// and after and its words, so a pair of workbooks whose every long text
/// was rewritten costs about ten times this in `diff --format json`
/// (656 MiB measured at this limit); the benchmark's 20,000 initiatives
/// hold 44 MiB.
pub const TEXT_LIMIT: u64 = 64 << 20;

const MIB: u64 = 1 << 20;

/// An open zip package, when the file is one.
pub type Zip = zip::ZipArchive<Cursor<Bytes>>;

/// Opens a workbook's bytes as a zip, if they are one.
pub fn open_zip(input: &Input) -> Option<Zip> {
    zip::ZipArchive::new(input.reader()).ok()
}

/// Refuses a package whose parts would inflate past [`ENTRY_LIMIT`], past
/// 100× their compressed size when over 100 MiB (Apache POI's guard against
/// zip bombs), or past [`TOTAL_LIMIT`] together, or that has more than
/// [`PARTS_LIMIT`] parts. The sizes are the ones the zip's directory
/// states; the zip crate stops reading a part at its stated size.
///
/// # Errors
/// [`ReadError::TooManyParts`], [`ReadError::ZipEntry`] or
/// [`ReadError::ZipTotal`], as above.
pub fn package(zip: &mut Zip) -> Result<(), ReadError> {
    if zip.len() > PARTS_LIMIT {
        return Err(ReadError::TooManyParts {
            count: zip.len(),
            limit: PARTS_LIMIT,
        });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, compressed) = (entry.size(), entry.compressed_size());
        let name = || entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if size > ENTRY_LIMIT {
            return Err(ReadError::ZipEntry {
                entry: name(),
                size_mib: size / MIB,
                limit: format!("{} MiB", ENTRY_LIMIT / MIB),
            });
        }
        if size > RATIO_FROM && size > compressed.saturating_mul(RATIO_LIMIT) {
            return Err(ReadError::ZipEntry {
                entry: name(),
                size_mib: size / MIB,
                limit: format!("{RATIO_LIMIT}×"),
            });
        }
        total = total.saturating_add(size);
        if total > TOTAL_LIMIT {
            return Err(ReadError::ZipTotal {
                limit_mib: TOTAL_LIMIT / MIB,
            });
        }
    }
    Ok(())
}

/// The name of a part as stored, found without regard to case (as Excel
/// and calamine find them).
pub fn find_part(zip: &Zip, name: &str) -> Option<String> {
    let want = name.trim_start_matches('/').to_ascii_lowercase();
    zip.file_names()
        .flatten()
        .find(|n| n.to_ascii_lowercase() == want)
        .map(|n| n.into_owned())
}

/// The folder of the workbook part (`xl/`), from the package's `_rels/.rels`.
fn workbook_folder(zip: &mut Zip) -> String {
    let mut folder = "xl/".to_string();
    let Some(rels) = find_part(zip, "_rels/.rels") else {
        return folder;
    };
    let Ok(entry) = zip.by_name(&rels) else {
        return folder;
    };
    let mut reader = Reader::from_reader(BufReader::new(entry.take(MIB)));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attrs: HashMap<String, String> = e
                    .attributes()
                    .flatten()
                    .map(|a| {
                        let v = quick_xml::escape::unescape(&a.value)
                            .map(|v| v.into_owned())
                            .unwrap_or_default();
                        (a.key.as_ref().to_string(), v)
                    })
                    .collect();
                let is_doc = attrs
                    .get("Type")
                    .is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_doc, attrs.get("Target")) {
                    let target = target.trim_start_matches('/');
                    folder = match target.rfind('/') {
                        Some(i) => target[..=i].to_string(),
                        None => String::new(),
                    };
                    return folder;
                }
            }
            Ok(Event::Eof) | Err(_) => return folder,
            _ => {}
        }
        buf.clear();
    }
}

/// Refuses a shared-string table whose `uniqueCount` it cannot hold:
/// calamine reserves room for that many strings before reading one, so a
/// count of two billion in a small part would abort the process.
///
/// # Errors
/// [`ReadError::CountLies`] if `uniqueCount` is more than one per five bytes of the part.
pub fn shared_strings(zip: &mut Zip) -> Result<(), ReadError> {
    let folder = workbook_folder(zip);
    let Some(name) = find_part(zip, &format!("{folder}sharedStrings.xml")) else {
        return Ok(());
    };
    let Ok(entry) = zip.by_name(&name) else {
        return Ok(());
    };
    let size = entry.size();
    let mut reader = Reader::from_reader(BufReader::new(entry.take(MIB)));
    let mut buf = Vec::new();
    let count = loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let attr = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "uniqueCount");
                break attr.and_then(|a| a.value.trim().parse::<u64>().ok());
            }
            Ok(Event::Eof) | Err(_) => break None,
            _ => {}
        }
        buf.clear();
    };
    // Each string takes at least `<si/>`: five bytes.
    let max = size / 5 + 1;
    match count {
        Some(count) if count > max => Err(ReadError::CountLies {
            part: name,
            count,
            max,
        }),
        _ => Ok(()),
    }
}

/// What a workbook makes opfolg keep, counted as it is read.
#[derive(Debug, Default)]
pub struct Budget {
    cells: u64,
    text: u64,
    styled: u64,
}

impl Budget {
    /// Counts one non-empty cell holding `text_len` bytes of text.
    ///
    /// # Errors
    /// [`ReadError::TooManyCells`] past [`CELLS_LIMIT`], [`ReadError::TooMuchText`]
    /// past [`TEXT_LIMIT`].
    pub fn cell(&mut self, text_len: usize) -> Result<(), ReadError> {
        self.cells += 1;
        self.text += text_len as u64;
        if self.cells > CELLS_LIMIT {
            return Err(ReadError::TooManyCells { limit: CELLS_LIMIT });
        }
        if self.text > TEXT_LIMIT {
            return Err(ReadError::TooMuchText {
                limit_mib: TEXT_LIMIT / MIB,
            });
        }
        Ok(())
    }

    /// Counts one styled cell.
    ///
    /// # Errors
    /// [`ReadError::TooManyStyled`] past [`STYLED_LIMIT`].
    pub fn styled(&mut self) -> Result<(), ReadError> {
        self.styled += 1;
        if self.styled > STYLED_LIMIT {
            return Err(ReadError::TooManyStyled {
                limit: STYLED_LIMIT,
            });
        }
        Ok(())
    }

    /// Counts `n` cells of the same text at once (a repeated cell).
    ///
    /// # Errors
    /// As [`Budget::cell`].
    pub fn cells(&mut self, n: u64, text_len: usize) -> Result<(), ReadError> {
        self.cells = self.cells.saturating_add(n.saturating_sub(1));
        self.text = self
            .text
            .saturating_add((text_len as u64).saturating_mul(n.saturating_sub(1)));
        self.cell(text_len)
    }
}

/// Refuses a workbook of more than [`SHEETS_LIMIT`] sheets.
///
/// # Errors
/// [`ReadError::TooManySheets`].
pub fn sheets(count: usize) -> Result<(), ReadError> {
    if count > SHEETS_LIMIT {
        return Err(ReadError::TooManySheets {
            count,
            limit: SHEETS_LIMIT,
        });
    }
    Ok(())
}

/// Cells a sheet of an .xls may declare in its DIMENSIONS record: calamine
/// reserves room for the whole declared range before reading a cell (and
/// later fills its bounding box), so a range of a billion cells in an 8 KB
/// file would abort the process.
pub const XLS_RANGE_LIMIT: u64 = CELLS_LIMIT;

/// Refuses an .xls whose sheets declare ranges past [`XLS_RANGE_LIMIT`]
/// cells, reading the BIFF records of its `Workbook` stream. A file that is
/// no compound file passes (calamine says why it cannot be read).
///
/// # Errors
/// [`ReadError::XlsRange`] for the first sheet past the limit.
pub fn xls_ranges(input: &Input) -> Result<(), ReadError> {
    let Ok(mut cf) = cfb::CompoundFile::open(input.reader()) else {
        return Ok(());
    };
    let name = ["/Workbook", "/Book"].into_iter().find(|n| cf.is_stream(n));
    let Some(mut stream) = name.and_then(|n| cf.open_stream(n).ok()) else {
        return Ok(());
    };
    let mut head = [0u8; 4];
    let mut body = Vec::new();
    while stream.read_exact(&mut head).is_ok() {
        let typ = u16::from_le_bytes([head[0], head[1]]);
        let len = u16::from_le_bytes([head[2], head[3]]);
        body.resize(usize::from(len), 0);
        if stream.read_exact(&mut body).is_err() {
            break;
        }
        // DIMENSIONS: first row, last row + 1, first col, last col + 1;
        // rows are u32 in BIFF8 (14 or 16 bytes), u16 in BIFF5 (10 bytes).
        if typ == 0x0200 {
            let u16_at = |i: usize| u64::from(u16::from_le_bytes([body[i], body[i + 1]]));
            let u32_at = |i: usize| {
                u64::from(u32::from_le_bytes([
                    body[i],
                    body[i + 1],
                    body[i + 2],
                    body[i + 3],
                ]))
            };
            let (r0, r1, c0, c1) = match body.len() {
                10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
                _ => continue,
            };
            // calamine reads a first column past 255 as 0.
            let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
            let cells = r1.saturating_sub(r0).max(1) * c1.saturating_sub(c0).max(1);
            if cells > XLS_RANGE_LIMIT || (r1 >= 1 && r1 < r0) {
                return Err(ReadError::XlsRange {
                    cells,
                    limit: XLS_RANGE_LIMIT,
                });
            }
        }
    }
    Ok(())
}
