//! Opening a workbook with calamine: every sheet as rows of cells at
//! absolute positions, with the few style facts the checks need.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;

use calamine::{Data, Reader, Sheets, StyleRange, open_workbook_auto};
use chrono::NaiveDateTime;

use super::ReadError;

/// A cell value as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Date(NaiveDateTime),
    Error(String),
}

impl Value {
    /// The value as text, for matching labels and parsing: numbers as
    /// Excel shows them in general format, dates as `dd.mm.yyyy`.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Bool(b) => Cow::Owned(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Value::Date(d) => Cow::Owned(d.format("%d.%m.%Y").to_string()),
            Value::Error(e) => Cow::Borrowed(e),
        }
    }
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub col: u16,
    pub value: Value,
}

/// The non-empty cells of one row, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub row: u32,
    pub cells: Vec<RawCell>,
}

impl RawRow {
    /// The value at `col`, if the cell is not empty.
    pub fn get(&self, col: u16) -> Option<&Value> {
        self.cells
            .binary_search_by_key(&col, |c| c.col)
            .ok()
            .map(|i| &self.cells[i].value)
    }

    /// The text at `col`, or "" for an empty cell.
    pub fn text(&self, col: u16) -> Cow<'_, str> {
        self.get(col).map_or(Cow::Borrowed(""), Value::text)
    }
}

/// A hyperlink anchored at a cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub row: u32,
    pub col: u16,
    /// `https://…`, `mailto:…`, or `internal:'Ark1'!B5`.
    pub url: String,
    pub tip: Option<String>,
}

/// What only writing a copy needs: formulas, merged ranges, hyperlinks.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// (row, col) → formula text without `=`.
    pub formulas: HashMap<(u32, u16), String>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merges: Vec<(u32, u16, u32, u16)>,
    pub links: Vec<Link>,
    /// Column widths (xlsx): (first col, last col, width).
    pub widths: super::layout::Widths,
}

/// One sheet: its rows with values, and (xlsx) its cell styles.
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
    pub styles: Option<StyleRange>,
    pub extras: Extras,
}

impl RawSheet {
    /// Whether the cell's font is Wingdings (xlsx only).
    pub fn is_wingdings(&self, row: u32, col: u16, font_word: &str) -> bool {
        let Some(style) = self
            .styles
            .as_ref()
            .and_then(|s| s.get((row, u32::from(col))))
        else {
            return false;
        };
        style
            .font
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .is_some_and(|n| n.to_lowercase().contains(&font_word.to_lowercase()))
    }

    /// The RGB of the cell's solid fill, if it has one (xlsx only).
    pub fn solid_fill(&self, row: u32, col: u16) -> Option<(u8, u8, u8)> {
        let style = self.styles.as_ref()?.get((row, u32::from(col)))?;
        let fill = style.fill.as_ref()?;
        if fill.pattern != calamine::FillPattern::Solid {
            return None;
        }
        let c = fill.get_color()?;
        Some((c.red, c.green, c.blue))
    }
}

/// A whole workbook as read.
pub struct RawWorkbook {
    pub sheets: Vec<RawSheet>,
}

/// How much to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Values and styles: enough to check and compare.
    Values,
    /// Also formulas, merged ranges and hyperlinks: enough to write a copy.
    Full,
}

/// Opens any workbook calamine reads. A panic inside a dependency becomes an
/// error, never a crash.
pub fn open(path: &Path, detail: Detail) -> Result<RawWorkbook, ReadError> {
    if !path.exists() {
        return Err(ReadError::NotFound);
    }
    if path.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    guard_zip(path)?;
    let result = crate::panics::quietly(AssertUnwindSafe(|| open_inner(path, detail)));
    result.unwrap_or(Err(ReadError::Corrupt(
        "the reader failed on this file".into(),
    )))
}

/// Entries past this inflate to too much to be a workbook.
const INFLATE_LIMIT: u64 = 1 << 30;
/// Past this size, an entry may inflate at most `RATIO_LIMIT` times.
const RATIO_FROM: u64 = 100 << 20;
const RATIO_LIMIT: u64 = 100;

/// Refuses a zip (xlsx, xlsm, xlsb, ods) whose entries would inflate past
/// 1 GiB, or past 100× their compressed size when over 100 MiB: Apache
/// POI's guard against zip bombs. Other files pass to calamine.
fn guard_zip(path: &Path) -> Result<(), ReadError> {
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_raw(i) else {
            continue;
        };
        let (size, compressed) = (entry.size(), entry.compressed_size());
        let too_big = size > INFLATE_LIMIT
            || (size > RATIO_FROM && size > compressed.saturating_mul(RATIO_LIMIT));
        if too_big {
            return Err(ReadError::ZipBomb {
                entry: entry.name().map(|n| n.into_owned()).unwrap_or_default(),
                size,
                compressed,
            });
        }
    }
    Ok(())
}

fn open_inner(path: &Path, detail: Detail) -> Result<RawWorkbook, ReadError> {
    let mut wb = open_workbook_auto(path).map_err(ReadError::from_calamine)?;
    let names = wb.sheet_names();
    let mut widths = match (&wb, detail) {
        (Sheets::Xlsx(_), Detail::Full) => super::layout::column_widths(path),
        _ => HashMap::new(),
    };
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let (rows, formulas) = sheet_cells(&mut wb, &name, detail)?;
        let styles = match &mut wb {
            Sheets::Xlsx(x) => x.worksheet_style(&name).ok(),
            _ => None,
        };
        let extras = match detail {
            Detail::Values => Extras::default(),
            Detail::Full => Extras {
                widths: widths.remove(&name).unwrap_or_default(),
                formulas,
                ..extras(&mut wb, &name)?
            },
        };
        sheets.push(RawSheet {
            rows,
            name,
            styles,
            extras,
        });
    }
    Ok(RawWorkbook { sheets })
}

fn extras<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
) -> Result<Extras, ReadError> {
    let mut x = Extras::default();
    let dims = match wb {
        Sheets::Xlsx(w) => w.merge_cells_by_sheet_name(name).ok(),
        Sheets::Xls(w) => w.merge_cells_by_sheet_name(name).ok(),
        _ => None,
    };
    x.merges = dims
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
        .collect();
    if let Sheets::Xlsx(w) = wb
        && let Ok(links) = w.hyperlinks_by_sheet_name(name)
    {
        x.links = links
            .into_iter()
            .filter_map(|h| {
                let url = match (&h.target, &h.location) {
                    (Some(t), Some(l)) => format!("{t}#{l}"),
                    (Some(t), None) => t.clone(),
                    (None, Some(l)) => format!("internal:{l}"),
                    (None, None) => return None,
                };
                Some(Link {
                    row: h.range.start.0,
                    col: h.range.start.1 as u16,
                    url,
                    tip: h.tooltip.clone(),
                })
            })
            .collect();
    }
    Ok(x)
}

type Formulas = HashMap<(u32, u16), String>;

/// Reads a sheet's cells one by one into `cells`: calamine's xlsx and xlsb
/// cell readers have the same methods but no common trait.
macro_rules! collect_cells {
    ($wb:expr, $name:expr, $cells:expr) => {{
        let mut reader = $wb
            .worksheet_cells_reader($name)
            .map_err(ReadError::from_calamine)?;
        while let Some(c) = reader.next_cell().map_err(ReadError::from_calamine)? {
            let (r, col) = c.get_position();
            if let Some(v) = value_of_ref(c.get_value()) {
                $cells.push((r, col, v));
            }
        }
    }};
}

/// The cells of one sheet as rows, and (`Full`) its formulas. For .xlsx and
/// .xlsb the cells are read one by one, so memory follows the number of
/// cells, not the bounding box (a 2 KB file with cells at A1 and
/// XFD1048576 would otherwise ask for seventeen billion); for .xlsx values
/// and formulas come in one pass over the sheet.
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    detail: Detail,
) -> Result<(Vec<RawRow>, Formulas), ReadError> {
    let mut cells: Vec<(u32, u32, Value)> = Vec::new();
    let mut formulas = Formulas::new();
    match wb {
        Sheets::Xlsx(x) if detail == Detail::Full => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(ReadError::from_calamine)?;
            while let Some(c) = reader
                .next_cell_with_formula()
                .map_err(ReadError::from_calamine)?
            {
                let (r, col) = c.pos;
                let value = value_of_ref(&c.value);
                if let (Some(f), Ok(col16)) =
                    (c.formula.filter(|f| !f.is_empty()), u16::try_from(col))
                {
                    formulas.insert((r, col16), f);
                    // A formula without a cached result is still a cell.
                    cells.push((r, col, value.unwrap_or(Value::Text(String::new()))));
                } else if let Some(v) = value {
                    cells.push((r, col, v));
                }
            }
        }
        Sheets::Xlsx(x) => {
            collect_cells!(x, name, cells);
        }
        Sheets::Xlsb(x) => {
            collect_cells!(x, name, cells);
            if detail == Detail::Full {
                formulas = sheet_formulas(wb, name)?;
            }
        }
        _ => {
            let range = wb.worksheet_range(name).map_err(ReadError::from_calamine)?;
            if detail == Detail::Full {
                formulas = sheet_formulas(wb, name)?;
            }
            return Ok((rows_of(&range), formulas));
        }
    }
    Ok((rows_from_cells(cells), formulas))
}

/// The formulas of one sheet by position, read cell by cell where the
/// format allows.
fn sheet_formulas<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
) -> Result<HashMap<(u32, u16), String>, ReadError> {
    let mut out = HashMap::new();
    let mut keep = |r: u32, c: u32, f: &str| {
        if !f.is_empty()
            && let Ok(c) = u16::try_from(c)
        {
            out.insert((r, c), f.to_string());
        }
    };
    match wb {
        Sheets::Xlsx(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(ReadError::from_calamine)?;
            while let Some(c) = reader.next_formula().map_err(ReadError::from_calamine)? {
                let (r, col) = c.get_position();
                keep(r, col, c.get_value());
            }
        }
        Sheets::Xlsb(x) => {
            let mut reader = x
                .worksheet_cells_reader(name)
                .map_err(ReadError::from_calamine)?;
            while let Some(c) = reader.next_formula().map_err(ReadError::from_calamine)? {
                let (r, col) = c.get_position();
                keep(r, col, c.get_value());
            }
        }
        _ => {
            if let Ok(f) = wb.worksheet_formula(name) {
                let (r0, c0) = f.start().unwrap_or((0, 0));
                for (r, c, text) in f.used_cells() {
                    keep(r0 + r as u32, c0 + c as u32, text);
                }
            }
        }
    }
    Ok(out)
}

/// Cells in any order as rows, sorted.
fn rows_from_cells(mut cells: Vec<(u32, u32, Value)>) -> Vec<RawRow> {
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    let mut rows: Vec<RawRow> = Vec::new();
    for (row, col, value) in cells {
        let Ok(col) = u16::try_from(col) else {
            continue;
        };
        match rows.last_mut() {
            Some(last) if last.row == row => last.cells.push(RawCell { col, value }),
            _ => rows.push(RawRow {
                row,
                cells: vec![RawCell { col, value }],
            }),
        }
    }
    rows
}

fn value_of_ref(d: &calamine::DataRef) -> Option<Value> {
    use calamine::DataRef as D;
    let owned = match d {
        D::Empty => return None,
        D::Int(i) => Data::Int(*i),
        D::Float(f) => Data::Float(*f),
        D::String(s) => Data::String(s.clone()),
        D::SharedString(s) => Data::String((*s).to_string()),
        D::Bool(b) => Data::Bool(*b),
        D::DateTime(dt) => Data::DateTime(*dt),
        D::DateTimeIso(s) => Data::DateTimeIso(s.clone()),
        D::DurationIso(s) => Data::DurationIso(s.clone()),
        D::Error(e) => Data::Error(e.clone()),
    };
    value_of(&owned)
}

/// The used cells of a range as rows, at absolute positions: calamine's
/// `used_cells` is relative to `Range::start`, added here once.
fn rows_of(range: &calamine::Range<Data>) -> Vec<RawRow> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows: Vec<RawRow> = Vec::new();
    for (r, c, data) in range.used_cells() {
        let Some(value) = value_of(data) else {
            continue;
        };
        let row = r0 + r as u32;
        let col = (c0 as usize + c) as u16;
        match rows.last_mut() {
            Some(last) if last.row == row => last.cells.push(RawCell { col, value }),
            _ => rows.push(RawRow {
                row,
                cells: vec![RawCell { col, value }],
            }),
        }
    }
    rows
}

fn value_of(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(s.clone()),
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Float(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(d) if dt.is_datetime() => Value::Date(d),
            _ => Value::Float(dt.as_f64()),
        },
        Data::DateTimeIso(s) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| {
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
            })
            .map(Value::Date)
            .unwrap_or_else(|_| Value::Text(s.clone())),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    })
}
