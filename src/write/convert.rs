//! `.xls`, `.xlsb` and `.ods` cannot be patched in place: they are first
//! rebuilt as a plain `.xlsx` package from what calamine reads (values,
//! formulas, number formats, merged cells, links, column widths, and the
//! cell formats where the format gives them), and that package is then
//! annotated like any other. What cannot be carried over is said in one
//! line.

use std::collections::{HashMap, HashSet};

use rust_xlsxwriter::{Format, Formula, Url, Workbook as XlsxWorkbook, XlsxError};

use super::rows::Rows;
use super::style::{self, FormatCache};
use crate::read::raw::{RawSheet, RawWorkbook, Value};

/// Widths of a block's columns when the input does not say, and Excel's
/// default width.
const DEFAULT_WIDTH: f64 = 8.43;

/// How a date without a number format of its own is shown.
const DATE_FORMAT: &str = "dd.mm.yyyy";

/// A formula as the input format wrote it, in Excel's syntax.
///
/// ```
/// use opfolg::write::convert::excel_formula;
/// assert_eq!(excel_formula("of:=SUM([.E5:.E7])"), "SUM(E5:E7)");
/// assert_eq!(excel_formula("of:=[.B2]+['Ark 2'.C3]"), "B2+'Ark 2'!C3");
/// assert_eq!(excel_formula("of:=IF([.A1]>0;1;2)"), "IF(A1>0,1,2)");
/// assert_eq!(excel_formula("SUM(B2:B4)"), "SUM(B2:B4)");
/// ```
pub fn excel_formula(f: &str) -> String {
    let Some(odf) = f.strip_prefix("of:=").or_else(|| f.strip_prefix("of:")) else {
        return f.trim_start_matches('=').to_string();
    };
    let mut out = String::with_capacity(odf.len());
    let mut in_string = false;
    let mut chars = odf.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                in_string = !in_string;
                out.push(c);
            }
            '[' if !in_string => {
                let mut reference = String::new();
                for r in chars.by_ref() {
                    if r == ']' {
                        break;
                    }
                    reference.push(r);
                }
                out.push_str(&odf_reference(&reference));
            }
            ';' if !in_string => out.push(','),
            c => out.push(c),
        }
    }
    out
}

/// `.A1` → `A1`, `.A1:.B2` → `A1:B2`, `Ark.A1` → `Ark!A1`, `$'Ark 2'.A1` → `'Ark 2'!A1`.
fn odf_reference(r: &str) -> String {
    let mut first_sheet: Option<String> = None;
    r.split(':')
        .map(|part| {
            let part = part.trim_start_matches('$');
            match part.rsplit_once('.') {
                Some(("", cell)) => cell.to_string(),
                // `Ark.A1:Ark.B2`: Excel names the sheet once.
                Some((sheet, cell))
                    if first_sheet.as_deref() == Some(sheet.trim_start_matches('$')) =>
                {
                    cell.to_string()
                }
                Some((sheet, cell)) => {
                    let sheet = sheet.trim_start_matches('$');
                    first_sheet = Some(sheet.to_string());
                    format!("{sheet}!{cell}")
                }
                None => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(":")
}

/// Sheet names in an `.xls` formula lose their quotes in calamine's text;
/// a name that needs them gets them back.
fn quote_sheets(f: &str, sheets: &[String]) -> String {
    let mut out = f.to_string();
    for name in sheets {
        let needs = name.chars().any(|c| !c.is_alphanumeric() && c != '_');
        let bare = format!("{name}!");
        if needs && out.contains(&bare) && !out.contains(&format!("'{name}'!")) {
            out = out.replace(&bare, &format!("'{}'!", name.replace('\'', "''")));
        }
    }
    out
}

/// What one sheet's copy needs.
struct SheetCopy<'a> {
    raw: &'a RawSheet,
    sheets: &'a [String],
}

impl SheetCopy<'_> {
    fn write(&self, wb: &mut XlsxWorkbook) -> Result<(), XlsxError> {
        // Not rust_xlsxwriter's constant-memory sheets: they need temporary
        // files, which the page has not, and the page and the command line
        // write the same workbook.
        let ws = wb.add_worksheet();
        ws.set_name(&self.raw.name)?;
        let mut rows = Rows::default();
        let mut cache = FormatCache::default();
        let written = self.cells(&mut rows, &mut cache);
        self.links(&mut rows, &mut cache);
        let widths = self.widths(ws)?;
        self.heights(&mut rows, &widths, &written);
        rows.flush(ws)
    }

    fn format_at(&self, cache: &mut FormatCache, r: u32, c: u16) -> Format {
        self.raw
            .styles
            .as_ref()
            .and_then(|s| s.get((r, u32::from(c))))
            .map_or_else(Format::new, |s| cache.get(s).clone())
    }

    fn has_number_format(&self, r: u32, c: u16) -> bool {
        self.raw
            .styles
            .as_ref()
            .and_then(|s| s.get((r, u32::from(c))))
            .and_then(|s| s.number_format.as_ref())
            .is_some_and(|n| !n.format_code.eq_ignore_ascii_case("general"))
    }

    fn value<'a>(
        &'a self,
        rows: &mut Rows<'a>,
        (r, c): (u32, u16),
        value: &'a Value,
        format: &Format,
    ) {
        if let Some(f) = self.raw.extras.formulas.get(&(r, c)) {
            let text = quote_sheets(&excel_formula(f), self.sheets);
            let formula = Formula::new(format!("={text}")).set_result(value.text().into_owned());
            rows.formula(r, c, formula, format);
            return;
        }
        match value {
            Value::Text(s) | Value::Error(s) => rows.string(r, c, s.as_str(), format),
            Value::Int(i) => rows.number(r, c, *i as f64, format),
            Value::Float(f) => rows.number(r, c, *f, format),
            Value::Bool(b) => rows.boolean(r, c, *b, format),
            Value::Date(d) if self.has_number_format(r, c) => rows.datetime(r, c, *d, format),
            Value::Date(d) => rows.datetime(r, c, *d, &format.clone().set_num_format(DATE_FORMAT)),
        }
    }

    /// Every cell with its value and format; returns the cells written.
    fn cells<'a>(&'a self, rows: &mut Rows<'a>, cache: &mut FormatCache) -> HashSet<(u32, u16)> {
        let mut written = HashSet::new();
        let house = style::house_text();
        let styled = self.raw.styles.is_some();
        for row in &self.raw.rows {
            for cell in &row.cells {
                let (r, c) = (row.row, cell.col);
                let format = if styled {
                    self.format_at(cache, r, c)
                } else {
                    house.clone()
                };
                self.value(rows, (r, c), &cell.value, &format);
                written.insert((r, c));
            }
        }
        // Empty cells with a visible look (borders, fills) keep it.
        if let Some(styles) = &self.raw.styles
            && styles.width().saturating_mul(styles.height()) <= 2_000_000
        {
            for (r, c, st) in styles.cells() {
                let Ok(c) = u16::try_from(c) else { continue };
                let visible = st.fill.as_ref().is_some_and(|f| f.is_visible())
                    || st.borders.as_ref().is_some_and(|b| b.has_visible_borders());
                if visible && !written.contains(&(r, c)) {
                    rows.blank(r, c, cache.get(st));
                }
            }
        }
        written
    }

    fn links<'a>(&'a self, rows_out: &mut Rows<'a>, cache: &mut FormatCache) {
        let x = &self.raw.extras;
        let rows: HashMap<u32, &crate::read::raw::RawRow> =
            self.raw.rows.iter().map(|r| (r.row, r)).collect();
        for link in &x.links {
            let text = rows
                .get(&link.row)
                .map(|row| row.text(link.col).into_owned())
                .unwrap_or_default();
            let mut url = Url::new(&link.url);
            if !text.is_empty() {
                url = url.set_text(text);
            }
            if let Some(tip) = &link.tip {
                url = url.set_tip(tip);
            }
            let f = self.format_at(cache, link.row, link.col);
            rows_out.url(link.row, link.col, url, &f);
        }
    }

    /// The input's column widths where it has them.
    fn widths(&self, ws: &mut rust_xlsxwriter::Worksheet) -> Result<HashMap<u16, f64>, XlsxError> {
        let mut out = HashMap::new();
        for &(first, last, w) in &self.raw.extras.widths {
            ws.set_column_range_width(first, last, w)?;
            for c in first..=last.min(first.saturating_add(256)) {
                out.insert(c, w);
            }
        }
        Ok(out)
    }

    /// Row heights that show wrapped text: these formats do not say.
    fn heights(&self, rows: &mut Rows, widths: &HashMap<u16, f64>, written: &HashSet<(u32, u16)>) {
        if self.raw.styles.is_some() {
            return;
        }
        let width = |c: u16| widths.get(&c).copied().unwrap_or(DEFAULT_WIDTH);
        for row in &self.raw.rows {
            let lines = row
                .cells
                .iter()
                .filter(|c| written.contains(&(row.row, c.col)))
                .map(|c| crate::plan::sheets::text_lines(&c.value.text(), width(c.col)))
                .max()
                .unwrap_or(1);
            if lines > 1 {
                rows.height(row.row, crate::plan::sheets::row_height(lines));
            }
        }
    }
}

/// Something of the workbook an `.xlsx` cannot hold: the copy is refused
/// in one line naming the sheet, the cell and Excel's limit.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// A sheet name over 31 characters, empty, with `[ ] : * ? / \`, or
    /// starting or ending with `'`.
    SheetName(String),
    /// Two sheets whose names differ only in case.
    SameName(String),
    /// A text over 32,767 characters: the sheet, the cell, its length.
    LongText(String, String, usize),
    /// A cell past row 1,048,576 or column XFD: the sheet and the row and
    /// column, 1-based.
    PastEdge(String, u64, u64),
    /// Two merged ranges that overlap: the sheet and the two ranges.
    Overlap(String, String, String),
}

/// Excel's longest cell text.
const MAX_TEXT: usize = 32_767;

/// Checks the workbook fits an `.xlsx` before it is copied into one.
///
/// # Errors
/// The first thing that does not fit, as a [`Limit`].
pub fn check_limits(raw: &RawWorkbook) -> Result<(), Limit> {
    let mut seen: HashSet<String> = HashSet::new();
    for sheet in &raw.sheets {
        let name = &sheet.name;
        if name.is_empty()
            || name.chars().count() > 31
            || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
            || name.starts_with('\'')
            || name.ends_with('\'')
        {
            return Err(Limit::SheetName(name.clone()));
        }
        if !seen.insert(name.to_lowercase()) {
            return Err(Limit::SameName(name.clone()));
        }
        for row in &sheet.rows {
            for cell in &row.cells {
                if row.row > 1_048_575 || cell.col > 16_383 {
                    return Err(Limit::PastEdge(
                        name.clone(),
                        u64::from(row.row) + 1,
                        u64::from(cell.col) + 1,
                    ));
                }
                let len = match &cell.value {
                    Value::Text(_) => cell.value.text().chars().count(),
                    _ => 0,
                };
                if len > MAX_TEXT {
                    let at = rust_xlsxwriter::utility::row_col_to_cell(row.row, cell.col);
                    return Err(Limit::LongText(name.clone(), at, len));
                }
            }
        }
        overlapping_merges(sheet)?;
    }
    Ok(())
}

/// Merged ranges must not overlap (a range written backwards is fine: it
/// is written the right way round).
fn overlapping_merges(sheet: &RawSheet) -> Result<(), Limit> {
    let mut merges: Vec<(u32, u16, u32, u16)> = sheet
        .extras
        .merges
        .iter()
        .map(|&(r1, c1, r2, c2)| (r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
        .collect();
    merges.sort_unstable();
    let range = |&(r1, c1, r2, c2): &(u32, u16, u32, u16)| {
        format!(
            "{}:{}",
            rust_xlsxwriter::utility::row_col_to_cell(r1, c1),
            rust_xlsxwriter::utility::row_col_to_cell(r2, c2)
        )
    };
    // Sorted by first row: a range can only overlap one that starts at or
    // above its last row. Workbooks have few merges; the inner loop stops
    // at the first range starting below.
    for (i, a) in merges.iter().enumerate() {
        for b in merges[i + 1..].iter().take_while(|b| b.0 <= a.2) {
            if b.1 <= a.3 && a.1 <= b.3 {
                return Err(Limit::Overlap(sheet.name.clone(), range(a), range(b)));
            }
        }
    }
    Ok(())
}

/// The workbook as a plain `.xlsx` package, in memory.
///
/// # Errors
/// rust_xlsxwriter refuses something copied (a sheet name, a formula, a
/// link past Excel's limits) or cannot assemble the package.
pub fn to_xlsx(raw: &RawWorkbook, clock: crate::input::Clock) -> Result<Vec<u8>, XlsxError> {
    let mut wb = super::new_workbook(clock);
    let names: Vec<String> = raw.sheets.iter().map(|s| s.name.clone()).collect();
    for sheet in &raw.sheets {
        SheetCopy {
            raw: sheet,
            sheets: &names,
        }
        .write(&mut wb)?;
    }
    wb.set_zip_compression_level(1);
    let bytes = wb.save_to_buffer()?;
    let merges: Vec<String> = raw
        .sheets
        .iter()
        .map(|s| merge_cells(&s.extras.merges))
        .collect();
    if merges.iter().all(String::is_empty) {
        return Ok(bytes);
    }
    with_merges(bytes, &merges).map_err(XlsxError::IoError)
}

/// A sheet's `<mergeCells>` element: each range written the right way
/// round; a one-cell range is no merge. Empty when the sheet has none.
fn merge_cells(merges: &[(u32, u16, u32, u16)]) -> String {
    let cell = rust_xlsxwriter::utility::row_col_to_cell;
    let refs: Vec<String> = merges
        .iter()
        .map(|&(ra, ca, rb, cb)| (ra.min(rb), ca.min(cb), ra.max(rb), ca.max(cb)))
        .filter(|(r1, c1, r2, c2)| r1 != r2 || c1 != c2)
        .map(|(r1, c1, r2, c2)| format!("<mergeCell ref=\"{}:{}\"/>", cell(r1, c1), cell(r2, c2)))
        .collect();
    if refs.is_empty() {
        return String::new();
    }
    format!(
        "<mergeCells count=\"{}\">{}</mergeCells>",
        refs.len(),
        refs.concat()
    )
}

/// The package with each sheet's merged ranges written in after its cells.
/// They are added to the XML rather than through rust_xlsxwriter, which
/// fills every cell of a range: a range over the whole sheet would be
/// seventeen billion cells.
fn with_merges(bytes: Vec<u8>, merges: &[String]) -> std::io::Result<Vec<u8>> {
    use std::io::{Cursor, Read, Write};
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let name = zip.by_index_raw(i)?.name()?.into_owned();
        // rust_xlsxwriter names sheet i `xl/worksheets/sheet{i+1}.xml`.
        let merge = name
            .strip_prefix("xl/worksheets/sheet")
            .and_then(|n| n.strip_suffix(".xml"))
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| merges.get(n.checked_sub(1)?))
            .filter(|m| !m.is_empty());
        let Some(merge) = merge else {
            out.raw_copy_file(zip.by_index_raw(i)?)?;
            continue;
        };
        let mut xml = String::new();
        zip.by_index(i)?.read_to_string(&mut xml)?;
        // `<mergeCells>` comes right after `<sheetData>` (the copy writes
        // no protection, filter or scenarios between them).
        let at = xml
            .find("</sheetData>")
            .map(|i| i + "</sheetData>".len())
            .or_else(|| xml.find("<sheetData/>").map(|i| i + "<sheetData/>".len()))
            .ok_or_else(|| std::io::Error::other("a sheet without <sheetData>"))?;
        xml.insert_str(at, merge);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1));
        out.start_file(name, opts)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odf_formulas_in_excel_syntax() {
        let cases = [
            ("of:=SUM([.E5:.E7])", "SUM(E5:E7)"),
            ("of:=[.B2]*2", "B2*2"),
            ("of:=[Ark2.C3]", "Ark2!C3"),
            ("of:=[$Ark2.$C$3]", "Ark2!$C$3"),
            ("of:=SUM([Ark2.A1:Ark2.B2])", "SUM(Ark2!A1:B2)"),
            ("of:=IF([.A1]=\"a;b\";1;2)", "IF(A1=\"a;b\",1,2)"),
        ];
        for (odf, excel) in cases {
            assert_eq!(excel_formula(odf), excel, "{odf}");
        }
    }

    #[test]
    fn xls_sheet_names_get_their_quotes() {
        let sheets = vec!["Ark 1".to_string(), "Data".to_string()];
        assert_eq!(
            quote_sheets("Ark 1!A1+Data!B2", &sheets),
            "'Ark 1'!A1+Data!B2"
        );
        assert_eq!(quote_sheets("'Ark 1'!A1", &sheets), "'Ark 1'!A1");
    }
}
