//! OpenDocument spreadsheets (.ods), read by opfolg itself, streaming
//! `content.xml` with quick-xml: calamine expands repeated rows and
//! columns over the bounding box (an 838-byte file asks for gigabytes) and
//! gives no cell styles. Here a repeated empty cell costs nothing, a
//! repeated value counts against the cell budget, and each cell's fill,
//! font and number format come from the package's own styles
//! (`content.xml`'s automatic styles and `styles.xml`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::ReadError;
use super::guard::{Budget, Zip};
use super::raw::{
    Detail, Extras, Look, Palette, RawCell, RawRow, RawSheet, RawWorkbook, SheetKind, StyleMap,
    Text, Value,
};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";
/// Excel's last row and column: cells past them are not kept.
const MAX_ROW: u64 = 1_048_575;
const MAX_COL: u64 = 16_383;
/// A repeated empty cell with a fill is kept as styled cells up to this
/// many positions (a smiley cell is one); past it, it is a formatted area
/// (LibreOffice writes whole formatted columns this way) and is left out.
const STYLED_REPEAT_LIMIT: u64 = 4_096;
/// Excel's longest cell; a run of spaces (`<text:s text:c="…"/>`) longer
/// than this is no cell's.
const MAX_CELL_CHARS: u64 = 32_767;

/// Reads an .ods package.
pub fn read(mut zip: Zip, detail: Detail) -> Result<RawWorkbook, ReadError> {
    check_mimetype(&mut zip)?;
    check_password(&mut zip)?;
    let mut styles = StyleBook::default();
    if let Ok(entry) = zip.by_name("styles.xml") {
        styles.read(&mut xml(entry), false)?;
    }
    let entry = zip
        .by_name("content.xml")
        .map_err(|_| ReadError::Corrupt("no content.xml in the package".into()))?;
    let mut content = Content::new(styles, detail);
    content.read(&mut xml(entry))?;
    let palette = Arc::new(Palette {
        looks: content.looks,
        full: Vec::new(),
    });
    let sheets = content
        .sheets
        .into_iter()
        .map(|s| RawSheet {
            name: s.name,
            kind: SheetKind::Work,
            rows: s.rows,
            looks: StyleMap::new(s.styled, palette.clone()),
            // The copy is written in the house style, as before.
            styles: None,
            extras: Extras {
                formulas: s.formulas,
                merges: s.merges,
                ..Extras::default()
            },
        })
        .collect();
    Ok(RawWorkbook {
        sheets,
        styles_unknown: false,
    })
}

fn xml<R: Read>(r: R) -> Reader<BufReader<R>> {
    let mut reader = Reader::from_reader(BufReader::new(r));
    reader.config_mut().check_end_names = false;
    reader
}

fn check_mimetype(zip: &mut Zip) -> Result<(), ReadError> {
    let mut found = String::new();
    if let Ok(entry) = zip.by_name("mimetype") {
        let _ = entry.take(100).read_to_string(&mut found);
    }
    if found.trim() != MIMETYPE {
        return Err(ReadError::Corrupt("not an OpenDocument spreadsheet".into()));
    }
    Ok(())
}

/// An encrypted package lists `manifest:encryption-data` in its manifest.
fn check_password(zip: &mut Zip) -> Result<(), ReadError> {
    let Ok(entry) = zip.by_name("META-INF/manifest.xml") else {
        return Ok(());
    };
    let mut reader = xml(entry.take(16 << 20));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "encryption-data" =>
            {
                return Err(ReadError::Password);
            }
            Ok(Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The value of attribute `key` (a qualified name such as `table:name`).
fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            quick_xml::escape::unescape(&a.value)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn xml_err(e: quick_xml::Error) -> ReadError {
    ReadError::Corrupt(format!("content.xml: {e}"))
}

/// One cell style as declared: what it sets itself, and its parent.
#[derive(Debug, Default, Clone)]
struct StyleDef {
    parent: Option<String>,
    /// `Some(None)`: the style says "no fill" (`transparent`).
    fill: Option<Option<(u8, u8, u8)>>,
    font: Option<String>,
    data_style: Option<String>,
}

/// A number style, enough to tell its unit: the literal text around the
/// number, the decimals, and the display factor (`#,##0,,` in Excel).
#[derive(Debug, Default, Clone)]
struct NumberStyle {
    decimals: usize,
    grouping: bool,
    factor: f64,
    before: String,
    after: String,
    seen_number: bool,
}

impl NumberStyle {
    /// An Excel format code with the same unit: `0.000 "mio. kr."`.
    fn format_code(&self) -> Option<String> {
        if !self.seen_number {
            return None;
        }
        let mut code = String::new();
        let quote = |s: &str| format!("\"{}\"", s.replace('"', ""));
        if !self.before.is_empty() {
            code.push_str(&quote(&self.before));
        }
        code.push_str(if self.grouping { "#,##0" } else { "0" });
        if self.decimals > 0 {
            code.push('.');
            code.push_str(&"0".repeat(self.decimals.min(30)));
        }
        let mut f = self.factor;
        while f >= 1000.0 {
            code.push(',');
            f /= 1000.0;
        }
        if !self.after.is_empty() {
            code.push_str(&quote(&self.after));
        }
        Some(code)
    }
}

/// The declarations [`StyleBook::read`] is inside of.
#[derive(Debug, Default)]
struct OpenStyles {
    /// A table-cell style, by name.
    current: Option<(String, StyleDef)>,
    /// A number style, by name.
    number: Option<(String, NumberStyle)>,
    /// Inside a number style's literal text or currency symbol.
    in_number_text: bool,
}

/// A number style's `number:number`: its decimals, grouping and factor.
fn number_part(ns: &mut NumberStyle, e: &BytesStart) {
    ns.seen_number = true;
    ns.decimals = attr(e, "number:decimal-places")
        .and_then(|d| d.parse().ok())
        .unwrap_or(0);
    ns.grouping = attr(e, "number:grouping").as_deref() == Some("true");
    ns.factor = attr(e, "number:display-factor")
        .and_then(|d| d.parse().ok())
        .unwrap_or(1.0);
}

/// The styles of a package: cell styles by name, fonts, number styles.
#[derive(Debug, Default)]
struct StyleBook {
    cells: HashMap<String, StyleDef>,
    fonts: HashMap<String, String>,
    numbers: HashMap<String, NumberStyle>,
}

impl StyleBook {
    /// Reads style declarations until the document body (`stop_at_body`)
    /// or the end.
    fn read<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        stop_at_body: bool,
    ) -> Result<(), ReadError> {
        let mut buf = Vec::new();
        let mut open = OpenStyles::default();
        loop {
            let ev = reader.read_event_into(&mut buf).map_err(xml_err)?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    match e.name().as_ref() {
                        "office:body" if stop_at_body => return Ok(()),
                        _ => self.start(e, empty, &mut open),
                    }
                }
                Event::Text(t) if open.in_number_text => {
                    if let Some((_, ns)) = open.number.as_mut() {
                        let text = t.xml10_content();
                        if ns.seen_number {
                            ns.after.push_str(&text);
                        } else {
                            ns.before.push_str(&text);
                        }
                    }
                }
                Event::End(e) => self.end(e.name().as_ref(), &mut open),
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// An element opening (or empty): a font face, a cell style or one of
    /// its properties, a number style or one of its parts.
    fn start(&mut self, e: &BytesStart, empty: bool, open: &mut OpenStyles) {
        match e.name().as_ref() {
            "style:font-face" => {
                if let (Some(n), Some(f)) = (attr(e, "style:name"), attr(e, "svg:font-family")) {
                    let f = f.trim_matches(|c| c == '\'' || c == '"').to_string();
                    self.fonts.insert(n, f);
                }
            }
            "style:style" | "style:default-style" => self.cell_style(e, empty, open),
            "style:table-cell-properties" => {
                if let (Some((_, def)), Some(bg)) =
                    (open.current.as_mut(), attr(e, "fo:background-color"))
                {
                    def.fill = Some(rgb(&bg));
                }
            }
            "style:text-properties" => {
                if let Some((_, def)) = open.current.as_mut() {
                    let font = attr(e, "style:font-name")
                        .map(|n| self.fonts.get(&n).cloned().unwrap_or(n))
                        .or_else(|| attr(e, "fo:font-family"));
                    if let Some(f) = font {
                        def.font = Some(f.trim_matches(|c| c == '\'' || c == '"').to_string());
                    }
                }
            }
            "number:number-style" | "number:currency-style" | "number:percentage-style" => {
                if let Some(n) = attr(e, "style:name") {
                    let ns = NumberStyle {
                        factor: 1.0,
                        ..NumberStyle::default()
                    };
                    open.number = Some((n, ns));
                }
            }
            "number:number" => {
                if let Some((_, ns)) = open.number.as_mut() {
                    number_part(ns, e);
                }
            }
            "number:text" | "number:currency-symbol" => open.in_number_text = !empty,
            _ => {}
        }
    }

    /// A `style:style`: a table-cell style is kept, at once when empty,
    /// else when it ends (its properties come first).
    fn cell_style(&mut self, e: &BytesStart, empty: bool, open: &mut OpenStyles) {
        let family = attr(e, "style:family").unwrap_or_default();
        let name = attr(e, "style:name").unwrap_or_default();
        let def = StyleDef {
            parent: attr(e, "style:parent-style-name"),
            data_style: attr(e, "style:data-style-name"),
            ..StyleDef::default()
        };
        if family == "table-cell" {
            if empty {
                self.cells.insert(name, def);
            } else {
                open.current = Some((name, def));
            }
        }
    }

    /// An element closing: a cell or number style is kept.
    fn end(&mut self, name: &str, open: &mut OpenStyles) {
        match name {
            "style:style" | "style:default-style" => {
                if let Some((name, def)) = open.current.take() {
                    self.cells.insert(name, def);
                }
            }
            "number:number-style" | "number:currency-style" | "number:percentage-style" => {
                if let Some((name, ns)) = open.number.take() {
                    self.numbers.insert(name, ns);
                }
            }
            "number:text" | "number:currency-symbol" => open.in_number_text = false,
            _ => {}
        }
    }

    /// What a cell style comes to, its parents' settings included.
    fn look(&self, name: &str) -> Look {
        let mut look = Look::default();
        let (mut fill, mut font, mut data) = (None, None, None);
        let mut at = Some(name.to_string());
        // Parents are few; a cycle in a damaged file stops here.
        for _ in 0..16 {
            let Some(def) = at.as_ref().and_then(|n| self.cells.get(n)) else {
                break;
            };
            fill = fill.or(def.fill);
            font = font.or_else(|| def.font.clone());
            data = data.or_else(|| def.data_style.clone());
            at = def.parent.clone();
        }
        look.fill = fill.flatten();
        look.font = font.map(Text::from);
        look.number_format = data
            .and_then(|d| self.numbers.get(&d))
            .and_then(NumberStyle::format_code)
            .map(Text::from);
        look
    }
}

/// `#00b050` → (0, 176, 80); `transparent` → none.
fn rgb(s: &str) -> Option<(u8, u8, u8)> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let n = u32::from_str_radix(h, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

/// One sheet as it is read.
#[derive(Default)]
struct SheetOut {
    name: String,
    rows: Vec<RawRow>,
    styled: Vec<(u32, u16, u32)>,
    formulas: HashMap<(u32, u16), String>,
    /// Merged ranges (`table:number-columns-spanned`, `…-rows-spanned`).
    merges: Vec<(u32, u16, u32, u16)>,
}

/// One cell element of the row being read: it covers `repeat` columns.
struct CellIn {
    col: u64,
    repeat: u64,
    value: Option<Value>,
    formula: Option<String>,
    look: Option<u32>,
}

/// The reading of `content.xml`.
struct Content {
    book: StyleBook,
    detail: Detail,
    /// Style name → palette index; `None`: the style shows nothing the
    /// checks look at.
    ids: HashMap<String, Option<u32>>,
    looks: Vec<Look>,
    sheets: Vec<SheetOut>,
    budget: Budget,
    /// Column default styles of the current table: (first col, count, style).
    columns: Vec<(u64, u64, String)>,
    row: u64,
}

impl Content {
    fn new(book: StyleBook, detail: Detail) -> Content {
        Content {
            book,
            detail,
            ids: HashMap::new(),
            looks: Vec::new(),
            sheets: Vec::new(),
            budget: Budget::default(),
            columns: Vec::new(),
            row: 0,
        }
    }

    fn look_id(&mut self, style: &str) -> Option<u32> {
        if let Some(id) = self.ids.get(style) {
            return *id;
        }
        let look = self.book.look(style);
        let id = (look != Look::default()).then(|| {
            self.looks.push(look);
            (self.looks.len() - 1) as u32
        });
        self.ids.insert(style.to_string(), id);
        id
    }

    /// The default style of column `col` (the runs are in column order).
    fn column_style(&self, col: u64) -> Option<&str> {
        let i = self.columns.partition_point(|(first, _, _)| *first <= col);
        let (first, n, style) = self.columns.get(i.checked_sub(1)?)?;
        (col < first.saturating_add(*n) && !style.is_empty()).then_some(style.as_str())
    }

    fn read<R: BufRead>(&mut self, reader: &mut Reader<R>) -> Result<(), ReadError> {
        let mut buf = Vec::new();
        // The automatic styles come before the body.
        self.book.read(reader, true)?;
        loop {
            let ev = reader.read_event_into(&mut buf).map_err(xml_err)?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    match e.name().as_ref() {
                        "table:table" => {
                            super::guard::sheets(self.sheets.len() + 1)?;
                            self.sheets.push(SheetOut {
                                name: attr(e, "table:name").unwrap_or_default(),
                                ..SheetOut::default()
                            });
                            self.columns.clear();
                            self.row = 0;
                        }
                        "table:table-column" => {
                            let n = repeat(e, "table:number-columns-repeated");
                            let first = self
                                .columns
                                .last()
                                .map_or(0, |(f, n, _)| f.saturating_add(*n));
                            let style =
                                attr(e, "table:default-cell-style-name").unwrap_or_default();
                            self.columns.push((first, n, style));
                        }
                        "table:table-row" => {
                            let n = repeat(e, "table:number-rows-repeated");
                            let default = attr(e, "table:default-cell-style-name");
                            if !empty {
                                self.read_row(reader, n, default.as_deref())?;
                            }
                            self.row = self.row.saturating_add(n);
                        }
                        _ => {}
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
            buf.clear();
        }
    }

    /// Reads one `<table:table-row>` (its start already read) and keeps its
    /// cells for each of the `rows` rows it stands for.
    fn read_row<R: BufRead>(
        &mut self,
        reader: &mut Reader<R>,
        rows: u64,
        row_style: Option<&str>,
    ) -> Result<(), ReadError> {
        let mut buf = Vec::new();
        let mut col: u64 = 0;
        let mut cells: Vec<CellIn> = Vec::new();
        loop {
            let ev = reader.read_event_into(&mut buf).map_err(xml_err)?;
            match ev {
                Event::Start(ref e) | Event::Empty(ref e)
                    if matches!(
                        e.name().as_ref(),
                        "table:table-cell" | "table:covered-table-cell"
                    ) =>
                {
                    let e = e.to_owned();
                    let empty = matches!(ev, Event::Empty(_));
                    let n = repeat(&e, "table:number-columns-repeated");
                    if self.detail == Detail::Full {
                        self.merge(&e, col);
                    }
                    let (value, formula) = cell_value(reader, &e, empty)?;
                    let style = attr(&e, "table:style-name")
                        .or_else(|| row_style.map(str::to_string))
                        .or_else(|| self.column_style(col).map(str::to_string));
                    let mut look = style.and_then(|s| self.look_id(&s));
                    let has_value = value.is_some() || formula.is_some();
                    // Of an empty cell only a fill counts (a smiley given as
                    // a colour); its font or number format shows nothing.
                    if !has_value && look.is_some_and(|id| self.looks[id as usize].fill.is_none()) {
                        look = None;
                    }
                    if has_value || look.is_some() {
                        cells.push(CellIn {
                            col,
                            repeat: n,
                            value,
                            formula,
                            look,
                        });
                    }
                    col = col.saturating_add(n);
                }
                Event::End(e) if e.name().as_ref() == "table:table-row" => break,
                Event::Eof => return Err(ReadError::Corrupt("content.xml ends in a row".into())),
                _ => {}
            }
            buf.clear();
        }
        self.keep_row(cells, rows)
    }

    /// A cell that spans others (`table:number-columns-spanned`,
    /// `table:number-rows-spanned`) is a merged range, kept within Excel's
    /// edges; a repeated spanning cell is kept once.
    fn merge(&mut self, e: &BytesStart, col: u64) {
        let cols = repeat(e, "table:number-columns-spanned");
        let rows = repeat(e, "table:number-rows-spanned");
        let row = self.row;
        if (cols == 1 && rows == 1) || row > MAX_ROW || col > MAX_COL {
            return;
        }
        let last_row = row.saturating_add(rows - 1).min(MAX_ROW);
        let last_col = col.saturating_add(cols - 1).min(MAX_COL);
        if let Some(sheet) = self.sheets.last_mut() {
            sheet
                .merges
                .push((row as u32, col as u16, last_row as u32, last_col as u16));
        }
    }

    /// Keeps a row's cells for each of the `rows` rows it stands for: every
    /// value (counted against the budget first), and styled empty cells
    /// unless they cover a large formatted area.
    fn keep_row(&mut self, mut cells: Vec<CellIn>, rows: u64) -> Result<(), ReadError> {
        let first_row = self.row;
        let detail = self.detail;
        cells.retain(|c| {
            c.value.is_some()
                || c.formula.is_some()
                || c.repeat.saturating_mul(rows) <= STYLED_REPEAT_LIMIT
        });
        if cells.is_empty() || first_row > MAX_ROW {
            return Ok(());
        }
        self.charge_budget(&cells, rows)?;
        let sheet = self
            .sheets
            .last_mut()
            .ok_or_else(|| ReadError::Corrupt("a row outside a table".into()))?;
        let last_row = first_row.saturating_add(rows).min(MAX_ROW + 1);
        for r in first_row..last_row {
            let mut row = RawRow {
                row: r as u32,
                cells: Vec::new(),
            };
            for cell in &cells {
                let last_col = cell.col.saturating_add(cell.repeat).min(MAX_COL + 1);
                for c in cell.col..last_col {
                    let c16 = c as u16;
                    if let Some(id) = cell.look {
                        sheet.styled.push((r as u32, c16, id));
                    }
                    if let (Some(f), Detail::Full) = (&cell.formula, detail) {
                        sheet.formulas.insert((r as u32, c16), f.clone());
                    }
                    match (&cell.value, &cell.formula) {
                        (Some(v), _) => row.cells.push(RawCell {
                            col: c16,
                            value: v.clone(),
                        }),
                        // A formula without a cached result is still a cell.
                        (None, Some(_)) if detail == Detail::Full => row.cells.push(RawCell {
                            col: c16,
                            value: Value::Text(Text::default()),
                        }),
                        _ => {}
                    }
                }
            }
            if !row.cells.is_empty() {
                sheet.rows.push(row);
            }
        }
        Ok(())
    }

    /// Counts a row's cells against the budget before any is kept: a value
    /// at every position it stands for, a styled cell's positions up to
    /// one past the limit.
    fn charge_budget(&mut self, cells: &[CellIn], rows: u64) -> Result<(), ReadError> {
        for cell in cells {
            let positions = cell.repeat.saturating_mul(rows);
            if cell.value.is_some() || cell.formula.is_some() {
                let len = cell.value.as_ref().map_or(0, Value::text_len)
                    + cell.formula.as_ref().map_or(0, String::len);
                self.budget.cells(positions, len)?;
            }
            if cell.look.is_some() {
                for _ in 0..positions.min(STYLED_REPEAT_LIMIT + 1) {
                    self.budget.styled()?;
                }
            }
        }
        Ok(())
    }
}

fn repeat(e: &BytesStart, key: &str) -> u64 {
    attr(e, key)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A cell's value and formula, as calamine reads them (ODF 1.2 19.385):
/// `office:value` a number, `office:date-value` a date, a string's text from
/// its paragraphs (joined by line breaks), `text:s` spaces and `text:tab`s.
fn cell_value<R: BufRead>(
    reader: &mut Reader<R>,
    e: &BytesStart,
    empty: bool,
) -> Result<(Option<Value>, Option<String>), ReadError> {
    let mut value = None;
    let mut is_string = false;
    let mut is_error = false;
    let mut formula = None;
    for a in e.attributes().flatten() {
        let v = || {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        };
        match a.key.as_ref() {
            "office:value" if value.is_none() => {
                let f = a.value.trim().parse::<f64>().map_err(|_| {
                    ReadError::Corrupt(format!("content.xml: `{}` is not a number", a.value))
                })?;
                value = Some(Value::Float(f));
            }
            "office:string-value" if value.is_none() => value = Some(Value::Text(Text::from(v()))),
            "office:date-value" if value.is_none() => value = Some(Value::from_iso_date(&v())),
            "office:time-value" if value.is_none() => value = Some(Value::Text(Text::from(v()))),
            "office:boolean-value" if value.is_none() => {
                value = Some(Value::Bool(matches!(a.value.as_ref(), "true" | "TRUE")));
            }
            "office:value-type" if value.is_none() => is_string = a.value == "string",
            "calcext:value-type" => is_error = a.value == "error",
            "table:formula" => formula = Some(v()),
            _ => {}
        }
    }
    let needs_text = (value.is_none() && is_string)
        || (is_error && matches!(&value, Some(Value::Text(s)) if s.is_empty()));
    if !empty {
        let text = cell_text(reader)?;
        if needs_text {
            value = Some(Value::Text(Text::from(text)));
        }
    }
    // Empty strings are no value, as everywhere else.
    if matches!(&value, Some(Value::Text(s)) if s.is_empty()) {
        value = None;
    }
    Ok((value, formula.filter(|f| !f.is_empty())))
}

/// The text of a cell element, read to its end; notes left out.
fn cell_text<R: BufRead>(reader: &mut Reader<R>) -> Result<String, ReadError> {
    let mut s = String::new();
    let mut buf = Vec::new();
    let mut paragraphs = 0;
    let mut depth_note = 0;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(xml_err)?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.name().as_ref() {
                    "office:annotation" if !empty => depth_note += 1,
                    _ if depth_note > 0 => {}
                    "text:p" => {
                        if paragraphs > 0 {
                            s.push('\n');
                        }
                        paragraphs += 1;
                    }
                    "text:s" => {
                        let n = repeat(e, "text:c");
                        if n > MAX_CELL_CHARS {
                            return Err(ReadError::Corrupt(format!(
                                "content.xml: a run of {n} spaces"
                            )));
                        }
                        s.extend(std::iter::repeat_n(' ', n as usize));
                    }
                    "text:tab" => s.push('\t'),
                    "text:line-break" => s.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) if depth_note == 0 => s.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if depth_note == 0 => {
                if let Some(c) = quick_xml::escape::resolve_predefined_entity(&r) {
                    s.push_str(c);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    s.push(c);
                }
            }
            Event::CData(t) if depth_note == 0 => s.push_str(&t.xml10_content()),
            Event::End(e) => match e.name().as_ref() {
                "office:annotation" => depth_note -= 1,
                "table:table-cell" | "table:covered-table-cell" if depth_note == 0 => return Ok(s),
                _ => {}
            },
            Event::Eof => return Err(ReadError::Corrupt("content.xml ends in a cell".into())),
            _ => {}
        }
        buf.clear();
    }
}

/// The named expressions of an .ods package (`table:named-expression`:
/// name and expression as written), where LibreOffice keeps the hidden
/// names of an `.xlsx` it saved as `.ods` — opfolg's marks among them.
pub fn named_expressions(input: &crate::input::Input) -> Vec<(String, String)> {
    let Some(mut zip) = super::guard::open_zip(input) else {
        return Vec::new();
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return Vec::new();
    };
    let mut reader = quick_xml::reader::Reader::from_reader(std::io::BufReader::new(
        std::io::Read::take(entry, 64 << 20),
    ));
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().as_ref() == "named-expression" =>
            {
                if let (Some(name), Some(value)) =
                    (attr(&e, "table:name"), attr(&e, "table:expression"))
                {
                    out.push((name, value));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_of_fills() {
        assert_eq!(rgb("#00b050"), Some((0, 176, 80)));
        assert_eq!(rgb("#FFC7CE"), Some((255, 199, 206)));
        assert_eq!(rgb("transparent"), None);
    }

    #[test]
    fn number_styles_as_format_codes() {
        let ns = NumberStyle {
            decimals: 3,
            factor: 1.0,
            after: " mio. kr.".into(),
            seen_number: true,
            ..NumberStyle::default()
        };
        assert_eq!(ns.format_code().unwrap(), "0.000\" mio. kr.\"");
        let ns = NumberStyle {
            grouping: true,
            factor: 1_000_000.0,
            after: " mio. kr.".into(),
            seen_number: true,
            ..NumberStyle::default()
        };
        assert_eq!(ns.format_code().unwrap(), "#,##0,,\" mio. kr.\"");
    }
}
