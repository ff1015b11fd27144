//! Reading .xlsx, .xlsm, .xlsb and .xls with calamine: cells one by one
//! where the format allows (memory follows the number of cells, not the
//! bounding box), shared strings shared, styles numbered once per workbook.

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek};
use std::sync::Arc;

use calamine::{Data, DataRef, Reader, Style, Xls, Xlsb, Xlsx, XlsxCellReader};
use chrono::NaiveDateTime;
use rustc_hash::FxHashMap;

use super::ReadError;
use super::guard::Budget;
use super::layout;
use super::raw::{
    Detail, Extras, Format, Link, Look, Palette, RawCell, RawRow, RawSheet, RawWorkbook, SheetKind,
    StyleMap, Text, Value,
};
use crate::input::Input;

/// Reads a workbook of `format` (not .ods, which `read::ods` reads).
pub fn read(input: &Input, format: Format, detail: Detail) -> Result<RawWorkbook, ReadError> {
    match format {
        Format::Xlsx => xlsx(open_xlsx(input)?, input, detail),
        Format::Xlsb => {
            let wb = Xlsb::new(input.reader()).map_err(ReadError::from_calamine)?;
            xlsb(wb, detail)
        }
        Format::Xls => {
            let wb = Xls::new(input.reader()).map_err(ReadError::from_calamine)?;
            xls(wb, detail)
        }
        Format::Ods => {
            // Only a file that is no zip gets here: calamine says why.
            let wb = calamine::Ods::new(input.reader()).map_err(ReadError::from_calamine)?;
            drop(wb);
            Err(ReadError::Corrupt("not an OpenDocument package".into()))
        }
    }
}

/// calamine's reader of an .xlsx/.xlsm. A workbook Excel opens that
/// calamine refuses (macro sheets, UTF-16 parts, a sheet without a
/// relationship) is read through a mended copy in memory
/// ([`layout::readable_view`]); else calamine's reason is the error.
///
/// # Errors
/// calamine cannot read the workbook, nor its mended copy.
pub fn open_xlsx(input: &Input) -> Result<Xlsx<Cursor<crate::input::Bytes>>, ReadError> {
    match Xlsx::new(input.reader()) {
        Ok(wb) => Ok(wb),
        Err(calamine::XlsxError::Password) => Err(ReadError::Password),
        Err(e) => {
            let view = layout::readable_view(input)
                .map(|copy| Input::new(input.name().to_string(), copy))
                .and_then(|view| Xlsx::new(view.reader()).ok());
            view.ok_or_else(|| ReadError::from_calamine(e))
        }
    }
}

fn kind_of(t: calamine::SheetType) -> SheetKind {
    match t {
        calamine::SheetType::WorkSheet => SheetKind::Work,
        calamine::SheetType::ChartSheet => SheetKind::Chart,
        calamine::SheetType::DialogSheet => SheetKind::Dialog,
        _ => SheetKind::Macro,
    }
}

/// The sheets of a workbook in order, with their kinds.
fn sheet_list<RS: Read + Seek, R: Reader<RS>>(
    wb: &R,
) -> Result<Vec<(String, SheetKind)>, ReadError> {
    let list: Vec<_> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), kind_of(s.typ)))
        .collect();
    super::guard::sheets(list.len())?;
    Ok(list)
}

/// Texts by where calamine keeps them: each shared string becomes one
/// [`Text`], however many cells hold it.
#[derive(Default)]
struct Interner {
    shared: FxHashMap<(usize, usize), Text>,
}

impl Interner {
    fn shared(&mut self, s: &str) -> Text {
        self.shared
            .entry((s.as_ptr() as usize, s.len()))
            .or_insert_with(|| Text::from(s))
            .clone()
    }
}

/// Numbers the styles the cells use, once for the workbook.
struct Styles {
    ids: FxHashMap<usize, u32>,
    palette: Palette,
    keep_full: bool,
}

impl Styles {
    fn new(detail: Detail) -> Styles {
        Styles {
            ids: FxHashMap::default(),
            palette: Palette::default(),
            keep_full: detail == Detail::Full,
        }
    }

    /// The palette index of calamine's style `sid`, if it is not the default.
    fn id(&mut self, styles: &[Style], sid: usize) -> Option<u32> {
        let style = styles.get(sid).filter(|_| sid > 0)?;
        if let Some(id) = self.ids.get(&sid) {
            return Some(*id);
        }
        let id = self.palette.looks.len() as u32;
        self.palette.looks.push(look_of(style));
        if self.keep_full {
            self.palette.full.push(style.clone());
        }
        self.ids.insert(sid, id);
        Some(id)
    }
}

fn look_of(s: &Style) -> Look {
    let fill = s
        .fill
        .as_ref()
        .filter(|f| f.pattern == calamine::FillPattern::Solid)
        .and_then(|f| f.get_color())
        .map(|c| (c.red, c.green, c.blue));
    let number_format = s
        .number_format
        .as_ref()
        .map(|n| n.format_code.as_str())
        .filter(|c| !c.eq_ignore_ascii_case("general"))
        .map(Text::from);
    Look {
        font: s
            .font
            .as_ref()
            .and_then(|f| f.name.as_deref())
            .map(Text::from),
        fill,
        number_format,
    }
}

/// Cells arriving in stream order (rows ascending, columns ascending within
/// a row, as Excel writes them) go straight into rows; any other order is
/// sorted once at the end.
#[derive(Default)]
struct RowsBuilder {
    rows: Vec<RawRow>,
    /// The row being read in stream order, and its cells so far: moved
    /// into a list of their own size once the row is done (a row's list
    /// grown cell by cell has room for four).
    open: Option<u32>,
    cells: Vec<RawCell>,
    sorted: bool,
    loose: Vec<(u32, u16, Value)>,
}

impl RowsBuilder {
    fn new() -> RowsBuilder {
        RowsBuilder {
            sorted: true,
            ..RowsBuilder::default()
        }
    }

    fn push(&mut self, row: u32, col: u32, value: Value) {
        let Ok(col) = u16::try_from(col) else {
            return;
        };
        if self.sorted {
            match self.open {
                Some(open) if open == row => {
                    if self.cells.last().is_some_and(|c| c.col >= col) {
                        self.unsort();
                    } else {
                        self.cells.push(RawCell { col, value });
                        return;
                    }
                }
                Some(open) if open > row => self.unsort(),
                _ => {
                    self.close_row();
                    self.open = Some(row);
                    self.cells.push(RawCell { col, value });
                    return;
                }
            }
        }
        self.loose.push((row, col, value));
    }

    /// The open row, done: its cells in a list of their own size.
    fn close_row(&mut self) {
        if let Some(row) = self.open.take() {
            self.rows.push(RawRow {
                row,
                cells: self.cells.drain(..).collect(),
            });
        }
    }

    fn unsort(&mut self) {
        self.close_row();
        self.sorted = false;
        for r in self.rows.drain(..) {
            self.loose
                .extend(r.cells.into_iter().map(|c| (r.row, c.col, c.value)));
        }
    }

    fn finish(mut self) -> Vec<RawRow> {
        if self.sorted {
            self.close_row();
            self.rows.shrink_to_fit();
            return self.rows;
        }
        let mut cells = self.loose;
        // Stable: of two cells at one position, the first read is kept.
        cells.sort_by_key(|(r, c, _)| (*r, *c));
        cells.dedup_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<RawRow> = Vec::new();
        for (row, col, value) in cells {
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
}

/// One sheet's cells, style ids and formulas as read.
#[derive(Default)]
struct SheetRead {
    rows: Vec<RawRow>,
    styled: Vec<(u32, u16, u32)>,
    formulas: HashMap<(u32, u16), String>,
}

fn xlsx<RS: Read + Seek>(
    mut wb: Xlsx<RS>,
    input: &Input,
    detail: Detail,
) -> Result<RawWorkbook, ReadError> {
    let list = sheet_list(&wb)?;
    let kinds = layout::sheet_kinds(input);
    let mut widths = match detail {
        Detail::Full => layout::column_widths(input),
        Detail::Values => HashMap::new(),
    };
    let mut budget = Budget::default();
    let mut interner = Interner::default();
    let mut styles = Styles::new(detail);
    let mut reads = Vec::with_capacity(list.len());
    for (name, kind) in &list {
        let kind = kinds.get(name).copied().unwrap_or(*kind);
        if kind != SheetKind::Work {
            reads.push((kind, SheetRead::default(), Extras::default()));
            continue;
        }
        let read = xlsx_sheet(
            &mut wb,
            name,
            detail,
            &mut budget,
            &mut interner,
            &mut styles,
        )?;
        let extras = match detail {
            Detail::Values => Extras::default(),
            Detail::Full => Extras {
                widths: widths.remove(name).unwrap_or_default(),
                merges: merges(wb.merge_cells_by_sheet_name(name).ok()),
                links: links(&mut wb, name),
                ..Extras::default()
            },
        };
        reads.push((kind, read, extras));
    }
    let palette = Arc::new(styles.palette);
    let sheets = list
        .into_iter()
        .zip(reads)
        .map(|((name, _), (kind, read, mut extras))| {
            extras.formulas = read.formulas;
            let looks = StyleMap::new(read.styled, palette.clone());
            RawSheet {
                name,
                kind,
                rows: read.rows,
                styles: (kind == SheetKind::Work).then(|| looks.clone()),
                looks,
                extras,
            }
        })
        .collect();
    Ok(RawWorkbook {
        sheets,
        styles_unknown: false,
    })
}

/// One worksheet of an .xlsx: values and style ids in one pass; with
/// [`Detail::Full`] values and formulas in one pass, style ids in another.
fn xlsx_sheet<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    detail: Detail,
    budget: &mut Budget,
    interner: &mut Interner,
    styles: &mut Styles,
) -> Result<SheetRead, ReadError> {
    let mut out = SheetRead::default();
    let mut rows = RowsBuilder::new();
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(ReadError::from_calamine)?;
    match detail {
        Detail::Values => {
            values_and_styles(&mut reader, &mut out, &mut rows, budget, interner, styles)?;
        }
        Detail::Full => {
            values_and_formulas(&mut reader, &mut out, &mut rows, budget, interner)?;
            drop(reader);
            style_ids(wb, name, &mut out, budget, styles)?;
        }
    }
    out.rows = rows.finish();
    Ok(out)
}

/// Reads a sheet's values and style ids in one pass.
fn values_and_styles<RS: Read + Seek>(
    reader: &mut XlsxCellReader<'_, RS>,
    out: &mut SheetRead,
    rows: &mut RowsBuilder,
    budget: &mut Budget,
    interner: &mut Interner,
    styles: &mut Styles,
) -> Result<(), ReadError> {
    while let Some((c, sid)) = reader
        .next_cell_with_style_id()
        .map_err(ReadError::from_calamine)?
    {
        let (r, col) = c.get_position();
        note_style(
            &mut out.styled,
            styles,
            reader.styles(),
            (r, col, sid),
            budget,
        )?;
        if let Some(v) = value_of_ref(c.get_value(), interner) {
            budget.cell(v.text_len())?;
            rows.push(r, col, v);
        }
    }
    Ok(())
}

/// Reads a sheet's values and formulas in one pass.
fn values_and_formulas<RS: Read + Seek>(
    reader: &mut XlsxCellReader<'_, RS>,
    out: &mut SheetRead,
    rows: &mut RowsBuilder,
    budget: &mut Budget,
    interner: &mut Interner,
) -> Result<(), ReadError> {
    while let Some(c) = reader
        .next_cell_with_formula()
        .map_err(ReadError::from_calamine)?
    {
        let (r, col) = c.pos;
        let value = value_of_ref(&c.value, interner);
        if let (Some(f), Ok(col16)) = (c.formula.filter(|f| !f.is_empty()), u16::try_from(col)) {
            // A formula without a cached result is still a cell.
            let v = value.unwrap_or(Value::Text(Text::default()));
            budget.cell(v.text_len() + f.len())?;
            out.formulas.insert((r, col16), f);
            rows.push(r, col, v);
        } else if let Some(v) = value {
            budget.cell(v.text_len())?;
            rows.push(r, col, v);
        }
    }
    Ok(())
}

/// Reads a sheet's style ids in a pass of their own.
fn style_ids<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    name: &str,
    out: &mut SheetRead,
    budget: &mut Budget,
    styles: &mut Styles,
) -> Result<(), ReadError> {
    let mut reader = wb
        .worksheet_cells_reader(name)
        .map_err(ReadError::from_calamine)?;
    while let Some((r, col, sid)) = reader.next_style_id().map_err(ReadError::from_calamine)? {
        note_style(
            &mut out.styled,
            styles,
            reader.styles(),
            (r, col, sid),
            budget,
        )?;
    }
    Ok(())
}

/// Notes the style of the cell at `row`, `col` (calamine's style `sid`),
/// unless it is the default.
fn note_style(
    styled: &mut Vec<(u32, u16, u32)>,
    styles: &mut Styles,
    palette: &[Style],
    (row, col, sid): (u32, u32, usize),
    budget: &mut Budget,
) -> Result<(), ReadError> {
    if let (Ok(col), Some(id)) = (u16::try_from(col), styles.id(palette, sid)) {
        budget.styled()?;
        styled.push((row, col, id));
    }
    Ok(())
}

fn merges(dims: Option<Vec<calamine::Dimensions>>) -> Vec<(u32, u16, u32, u16)> {
    dims.unwrap_or_default()
        .into_iter()
        .map(|d| (d.start.0, d.start.1 as u16, d.end.0, d.end.1 as u16))
        .collect()
}

fn links<RS: Read + Seek>(wb: &mut Xlsx<RS>, name: &str) -> Vec<Link> {
    let Ok(links) = wb.hyperlinks_by_sheet_name(name) else {
        return Vec::new();
    };
    links
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
        .collect()
}

fn xlsb<RS: Read + Seek>(mut wb: Xlsb<RS>, detail: Detail) -> Result<RawWorkbook, ReadError> {
    let list = sheet_list(&wb)?;
    let mut budget = Budget::default();
    let mut interner = Interner::default();
    let mut sheets = Vec::with_capacity(list.len());
    for (name, kind) in list {
        if kind != SheetKind::Work {
            sheets.push(RawSheet::without_cells(name, kind));
            continue;
        }
        let mut rows = RowsBuilder::new();
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(ReadError::from_calamine)?;
        while let Some(c) = reader.next_cell().map_err(ReadError::from_calamine)? {
            let (r, col) = c.get_position();
            if let Some(v) = value_of_ref(c.get_value(), &mut interner) {
                budget.cell(v.text_len())?;
                rows.push(r, col, v);
            }
        }
        drop(reader);
        let mut extras = Extras::default();
        if detail == Detail::Full {
            let mut reader = wb
                .worksheet_cells_reader(&name)
                .map_err(ReadError::from_calamine)?;
            while let Some(c) = reader.next_formula().map_err(ReadError::from_calamine)? {
                let (r, col) = c.get_position();
                budget.cell(c.get_value().len())?;
                keep_formula(&mut extras.formulas, r, col, c.get_value());
            }
        }
        let mut sheet = RawSheet::without_cells(name, kind);
        sheet.rows = rows.finish();
        sheet.extras = extras;
        sheets.push(sheet);
    }
    Ok(RawWorkbook {
        sheets,
        // calamine reads no cell styles from .xlsb either.
        styles_unknown: true,
    })
}

fn xls<RS: Read + Seek>(mut wb: Xls<RS>, detail: Detail) -> Result<RawWorkbook, ReadError> {
    let list = sheet_list(&wb)?;
    let mut budget = Budget::default();
    let mut sheets = Vec::with_capacity(list.len());
    for (name, kind) in list {
        if kind != SheetKind::Work {
            sheets.push(RawSheet::without_cells(name, kind));
            continue;
        }
        let range = wb
            .worksheet_range(&name)
            .map_err(ReadError::from_calamine)?;
        let rows = rows_of(&range, &mut budget)?;
        drop(range);
        let mut extras = Extras::default();
        if detail == Detail::Full {
            if let Ok(f) = wb.worksheet_formula(&name) {
                let (r0, c0) = f.start().unwrap_or((0, 0));
                for (r, c, text) in f.used_cells() {
                    budget.cell(text.len())?;
                    keep_formula(&mut extras.formulas, r0 + r as u32, c0 + c as u32, text);
                }
            }
            extras.merges = merges(wb.merge_cells_by_sheet_name(&name).ok());
        }
        let mut sheet = RawSheet::without_cells(name, kind);
        sheet.rows = rows;
        sheet.extras = extras;
        sheets.push(sheet);
    }
    Ok(RawWorkbook {
        sheets,
        // calamine reads no cell styles from .xls, and no well-kept crate does.
        styles_unknown: true,
    })
}

fn keep_formula(out: &mut HashMap<(u32, u16), String>, r: u32, c: u32, f: &str) {
    if !f.is_empty()
        && let Ok(c) = u16::try_from(c)
    {
        out.insert((r, c), f.to_string());
    }
}

/// The used cells of a range as rows, at absolute positions: calamine's
/// `used_cells` is relative to `Range::start`, added here once.
fn rows_of(range: &calamine::Range<Data>, budget: &mut Budget) -> Result<Vec<RawRow>, ReadError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = RowsBuilder::new();
    for (r, c, data) in range.used_cells() {
        if let Some(value) = value_of(data) {
            budget.cell(value.text_len())?;
            rows.push(r0 + r as u32, c0 + c as u32, value);
        }
    }
    Ok(rows.finish())
}

fn value_of_ref(d: &DataRef, interner: &mut Interner) -> Option<Value> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::SharedString("") => return None,
        DataRef::SharedString(s) => Value::Text(interner.shared(s)),
        DataRef::String(s) if s.is_empty() => return None,
        DataRef::String(s) => Value::Text(Text::from(s.as_str())),
        DataRef::Int(i) => Value::Int(*i),
        DataRef::Float(f) => Value::Float(*f),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(dt) => date_value(dt),
        DataRef::DateTimeIso(s) => Value::from_iso_date(s),
        DataRef::DurationIso(s) => Value::Text(Text::from(s.as_str())),
        DataRef::Error(e) => Value::Error(Text::from(e.to_string())),
    })
}

fn value_of(data: &Data) -> Option<Value> {
    Some(match data {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(Text::from(s.as_str())),
        Data::Int(i) => Value::Int(*i),
        Data::Float(f) => Value::Float(*f),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(dt) => date_value(dt),
        Data::DateTimeIso(s) => Value::from_iso_date(s),
        Data::DurationIso(s) => Value::Text(Text::from(s.as_str())),
        Data::Error(e) => Value::Error(Text::from(e.to_string())),
    })
}

/// A date cell as a date, except Excel's serial 60 (29 February 1900, a
/// day Excel counts that never was): calamine makes it the 28th, which
/// would be written back as 59, so it stays the number it is.
fn date_value(dt: &calamine::ExcelDateTime) -> Value {
    let serial = dt.as_f64();
    match dt.as_datetime() {
        Some(d) if dt.is_datetime() && !is_phantom_leap_day(d, serial) => Value::Date(d),
        _ => Value::Float(serial),
    }
}

/// Serial 60 of the 1900 date system: calamine gives 1900-02-28, as for
/// serial 59. (In the 1904 system serial 60 is 1 March 1904.)
fn is_phantom_leap_day(d: NaiveDateTime, serial: f64) -> bool {
    let feb28 = chrono::NaiveDate::from_ymd_opt(1900, 2, 28).expect("a date");
    d.date() == feb28 && (60.0..61.0).contains(&serial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_60_stays_a_number() {
        let dt =
            |v: f64| calamine::ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(date_value(&dt(60.0)), Value::Float(60.0));
        assert_eq!(date_value(&dt(60.5)), Value::Float(60.5));
        let d = |y, m, day| {
            Value::Date(
                chrono::NaiveDate::from_ymd_opt(y, m, day)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap(),
            )
        };
        assert_eq!(date_value(&dt(59.0)), d(1900, 2, 28));
        assert_eq!(date_value(&dt(61.0)), d(1900, 3, 1));
        assert_eq!(date_value(&dt(43_221.0)), d(2018, 5, 1));
        let d1904 = calamine::ExcelDateTime::new(60.0, calamine::ExcelDateTimeType::DateTime, true);
        assert_eq!(date_value(&d1904), d(1904, 3, 1));
    }

    #[test]
    fn rows_in_any_order() {
        let mut b = RowsBuilder::new();
        let t = |s: &str| Value::Text(Text::from(s));
        b.push(0, 0, t("a"));
        b.push(0, 2, t("b"));
        b.push(2, 1, t("c"));
        b.push(1, 5, t("d"));
        b.push(0, 2, t("dup"));
        let rows = b.finish();
        let got: Vec<(u32, u16, String)> = rows
            .iter()
            .flat_map(|r| {
                r.cells
                    .iter()
                    .map(|c| (r.row, c.col, c.value.text().into_owned()))
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, 0, "a".into()),
                (0, 2, "b".into()),
                (1, 5, "d".into()),
                (2, 1, "c".into())
            ]
        );
    }
}
