//! A workbook as read: every sheet, in the order of the workbook, as rows
//! of cells at absolute positions, with the few style facts the checks
//! need. Opening dispatches on the format: .xlsx/.xlsm/.xlsb/.xls through
//! calamine (`read::cells`), .ods through opfolg's own streaming reader
//! (`read::ods`), each after the package's limits are checked (`read::guard`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use chrono::NaiveDateTime;

/// A cell's text, shared by every cell that holds the same shared string:
/// a long text referenced by a hundred thousand cells is kept once.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Text(Arc<str>);

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The empty text, one for all (no allocation per use).
    pub fn empty() -> Text {
        static EMPTY: std::sync::LazyLock<Text> = std::sync::LazyLock::new(|| Text::from(""));
        EMPTY.clone()
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Arc::from(s))
    }
}

/// A cell value as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A text cell (a shared or inline string), as stored.
    Text(Text),
    /// A number the format stores as a whole number.
    Int(i64),
    /// A number.
    Float(f64),
    /// `TRUE` or `FALSE`.
    Bool(bool),
    /// A date cell. Excel's serial 60, the 29 February 1900 that never was,
    /// is no date: it stays a number (`Float(60.0)`), so it is written back
    /// as 60 and not as the 28th.
    Date(NaiveDateTime),
    /// An error value as Excel shows it (`#DIV/0!`).
    Error(Text),
}

impl Value {
    /// A date written as ISO 8601 text (`2018-06-30`), else the text.
    pub fn from_iso_date(s: &str) -> Value {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
            .or_else(|_| {
                chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight"))
            })
            .map(Value::Date)
            .unwrap_or_else(|_| Value::Text(Text::from(s)))
    }

    /// The value as text, for matching labels and parsing: numbers as
    /// Excel shows them in general format, dates as `dd.mm.yyyy`.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s.as_str()),
            Value::Int(i) => Cow::Owned(i.to_string()),
            Value::Float(f) => Cow::Owned(f.to_string()),
            Value::Bool(b) => Cow::Owned(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Value::Date(d) => Cow::Owned(d.format("%d.%m.%Y").to_string()),
            Value::Error(e) => Cow::Borrowed(e.as_str()),
        }
    }

    /// How many bytes of text the value holds (for the text budget).
    pub(crate) fn text_len(&self) -> usize {
        match self {
            Value::Text(s) | Value::Error(s) => s.len(),
            _ => 0,
        }
    }
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    /// The 0-based absolute column.
    pub col: u16,
    /// What the cell holds (a formula's cached result).
    pub value: Value,
}

/// The non-empty cells of one row, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// The 0-based absolute row.
    pub row: u32,
    /// The non-empty cells, sorted by column.
    pub cells: Vec<RawCell>,
}

impl RawRow {
    /// Lets go of the texts in columns `cols` once the model holds what
    /// they say: the cells stay (non-empty, in place), their texts become
    /// the one empty text, and a text no other cell shares is freed.
    pub fn let_go_of_texts(&mut self, cols: std::ops::RangeInclusive<u16>) {
        for c in &mut self.cells {
            if cols.contains(&c.col)
                && let Value::Text(t) = &mut c.value
            {
                *t = Text::empty();
            }
        }
    }

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
    /// The 0-based row of the cell holding the link.
    pub row: u32,
    /// The 0-based column of that cell.
    pub col: u16,
    /// `https://…`, `mailto:…`, or `internal:'Ark1'!B5`.
    pub url: String,
    /// The tooltip shown on hovering, if set.
    pub tip: Option<String>,
}

/// What only writing a copy needs: formulas, merged ranges, hyperlinks.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// (row, col) → formula text without `=`.
    pub formulas: HashMap<(u32, u16), String>,
    /// Merged ranges: (first row, first col, last row, last col).
    pub merges: Vec<(u32, u16, u32, u16)>,
    /// The sheet's hyperlinks, in the order read.
    pub links: Vec<Link>,
    /// Column widths (xlsx): (first col, last col, width).
    pub widths: Widths,
}

/// What a sheet of the workbook is. Only worksheets have cells; the others
/// keep their place so sheet `i` of the model is sheet `i` of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// A worksheet: the only kind with cells.
    Work,
    /// A chart sheet.
    Chart,
    /// An Excel 5 dialog sheet.
    Dialog,
    /// An Excel 4 macro sheet.
    Macro,
}

/// What the checks need of a cell's style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Look {
    /// The font's name, as written (`Wingdings`).
    pub font: Option<Text>,
    /// The RGB of a solid fill.
    pub fill: Option<(u8, u8, u8)>,
    /// The number format code (`0.000 "mio. kr."`), unless `General`.
    pub number_format: Option<Text>,
}

/// The styles a workbook's cells use, numbered densely and held once for
/// all its sheets: what the checks need always, the whole style (for
/// writing a copy) when read with [`Detail::Full`].
#[derive(Debug, Default)]
pub struct Palette {
    /// What the checks need of each style, by palette index.
    pub looks: Vec<Look>,
    /// Each whole style, by the same index; empty unless read with [`Detail::Full`].
    pub full: Vec<calamine::Style>,
}

/// The style of each styled cell of a sheet (empty cells too: a smiley can
/// be a fill alone), sparse: memory follows the styled cells.
#[derive(Debug, Clone, Default)]
pub struct StyleMap {
    /// (row, col, palette index), sorted.
    cells: Arc<[(u32, u16, u32)]>,
    palette: Arc<Palette>,
}

impl StyleMap {
    /// A map of `cells` (any order; the first of a position wins).
    pub fn new(mut cells: Vec<(u32, u16, u32)>, palette: Arc<Palette>) -> StyleMap {
        if !cells.is_sorted_by_key(|&(r, c, _)| (r, c)) {
            cells.sort_by_key(|&(r, c, _)| (r, c));
        }
        cells.dedup_by_key(|&mut (r, c, _)| (r, c));
        StyleMap {
            cells: cells.into(),
            palette,
        }
    }

    fn id(&self, row: u32, col: u16) -> Option<usize> {
        self.cells
            .binary_search_by_key(&(row, col), |&(r, c, _)| (r, c))
            .ok()
            .map(|i| self.cells[i].2 as usize)
    }

    /// What the checks need of the cell's style.
    pub fn look(&self, row: u32, col: u16) -> Option<&Look> {
        self.palette.looks.get(self.id(row, col)?)
    }

    /// Whether the cell's font is Wingdings.
    pub fn is_wingdings(&self, row: u32, col: u16, font_word: &str) -> bool {
        self.look(row, col)
            .and_then(|l| l.font.as_deref())
            .is_some_and(|n| n.to_lowercase().contains(&font_word.to_lowercase()))
    }

    /// The RGB of the cell's solid fill, if it has one.
    pub fn solid_fill(&self, row: u32, col: u16) -> Option<(u8, u8, u8)> {
        self.look(row, col)?.fill
    }

    /// The cell's number format code, unless `General`.
    pub fn number_format(&self, row: u32, col: u16) -> Option<&str> {
        self.look(row, col)?.number_format.as_deref()
    }

    /// The cell's whole style (read with [`Detail::Full`], xlsx).
    pub fn get(&self, (row, col): (u32, u32)) -> Option<&calamine::Style> {
        let col = u16::try_from(col).ok()?;
        self.palette.full.get(self.id(row, col)?)
    }

    /// The rows the styled cells span.
    pub fn height(&self) -> usize {
        match (self.cells.first(), self.cells.last()) {
            (Some(a), Some(b)) => (b.0 - a.0) as usize + 1,
            _ => 0,
        }
    }

    /// The columns the styled cells span.
    pub fn width(&self) -> usize {
        let cols = self.cells.iter().map(|c| c.1);
        match (cols.clone().min(), cols.max()) {
            (Some(a), Some(b)) => usize::from(b - a) + 1,
            _ => 0,
        }
    }

    /// Every styled cell with its whole style (read with [`Detail::Full`]).
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32, &calamine::Style)> {
        self.cells
            .iter()
            .filter_map(|&(r, c, id)| Some((r, u32::from(c), self.palette.full.get(id as usize)?)))
    }
}

/// One sheet: its rows with values, and the styles of its cells.
pub struct RawSheet {
    /// The sheet's name as the workbook has it.
    pub name: String,
    /// Worksheet, chart, dialog or macro sheet.
    pub kind: SheetKind,
    /// The rows with a non-empty cell, top to bottom.
    pub rows: Vec<RawRow>,
    /// Fill, font and number format of styled cells, where the format
    /// gives them (.xlsx, .xlsm, .ods; not .xls, .xlsb).
    pub looks: StyleMap,
    /// Whole cell styles, for writing a copy (.xlsx, .xlsm).
    pub styles: Option<StyleMap>,
    /// Formulas, merges, links and widths, for writing a copy ([`Detail::Full`]).
    pub extras: Extras,
}

impl RawSheet {
    /// A sheet without cells: a chart, dialog or macro sheet.
    pub fn without_cells(name: String, kind: SheetKind) -> RawSheet {
        RawSheet {
            name,
            kind,
            rows: Vec::new(),
            looks: StyleMap::default(),
            styles: None,
            extras: Extras::default(),
        }
    }
}

/// A whole workbook as read.
pub struct RawWorkbook {
    /// Every sheet in the workbook's order, those without cells too.
    pub sheets: Vec<RawSheet>,
    /// The format gives no cell styles (.xls): a smiley given as a fill or a
    /// Wingdings letter cannot be seen.
    pub styles_unknown: bool,
}

/// A run of columns with one width: (first col, last col, width in characters).
pub type Widths = Vec<(u16, u16, f64)>;

/// The formats opfolg reads, by extension (any case) or, without a known
/// one, by content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML: `.xlsx`, `.xlsm`, `.xltx`, `.xltm`, `.xlam`.
    Xlsx,
    /// Excel's binary workbook, `.xlsb`: no cell styles read.
    Xlsb,
    /// Excel 97-2003, `.xls`: no cell styles read.
    Xls,
    /// OpenDocument, `.ods`, read by opfolg's own reader.
    Ods,
}

/// How much to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Values and styles: enough to check and compare.
    Values,
    /// Also formulas, merged ranges and hyperlinks: enough to write a copy.
    Full,
}
