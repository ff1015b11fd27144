//! The parts of a sheet opfolg adds: the worksheet, and for its charts a
//! drawing and a chart part. Written directly as XML: the sheets are
//! simple (text, numbers, links, a filter, a frozen header), and writing
//! them here keeps their formats in the workbook's own stylesheet.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::edits::{Chart, ChartKind, NewSheet, Print};
use super::styles::StyleBook;
use super::xml::{a1, col_name, escape_attr, escape_text, push_a1, tag};

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A sheet name as a formula writes it: `'Ændringer'`.
pub fn quoted(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// The page setup elements of a print setting.
fn page_setup(print: &Print) -> String {
    let mut s = String::from(
        "<pageMargins left=\"0.25\" right=\"0.25\" top=\"0.75\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>",
    );
    let mut attrs: Vec<(String, String)> = Vec::new();
    if print.a4 {
        attrs.push(("paperSize".into(), "9".into()));
    }
    if print.fit_width {
        attrs.push(("fitToWidth".into(), "1".into()));
        attrs.push(("fitToHeight".into(), "0".into()));
    }
    attrs.push((
        "orientation".into(),
        if print.landscape {
            "landscape"
        } else {
            "portrait"
        }
        .into(),
    ));
    s.push_str(&tag("pageSetup", &attrs, true));
    if let Some(h) = &print.header {
        s.push_str(&format!(
            "<headerFooter><oddHeader>{}</oddHeader><oddFooter>{}</oddFooter></headerFooter>",
            escape_text(&format!("&C&\"-,Bold\"{}", h.replace('&', "&&"))),
            escape_text("&C&P / &N")
        ));
    }
    if !print.row_breaks.is_empty() {
        let n = print.row_breaks.len();
        s.push_str(&format!(
            "<rowBreaks count=\"{n}\" manualBreakCount=\"{n}\">"
        ));
        for r in &print.row_breaks {
            s.push_str(&format!("<brk id=\"{r}\" max=\"16383\" man=\"1\"/>"));
        }
        s.push_str("</rowBreaks>");
    }
    s
}

/// `<cols>` of a new sheet: its column widths.
fn cols_xml(sheet: &NewSheet) -> String {
    if sheet.widths.is_empty() {
        return String::new();
    }
    let mut widths = sheet.widths.clone();
    widths.sort_by_key(|(c, _)| *c);
    widths.dedup_by_key(|(c, _)| *c);
    let mut s = String::from("<cols>");
    for (c, w) in widths {
        s.push_str(&format!(
            "<col min=\"{0}\" max=\"{0}\" width=\"{1}\" customWidth=\"1\"/>",
            c + 1,
            super::sheet::stored_width(w)
        ));
    }
    s.push_str("</cols>");
    s
}

/// `<sheetData>` of a new sheet: its rows, their heights and cells.
/// `<sheetData>`, written to `out` a few rows at a time.
fn sheet_data<W: Write>(sheet: &NewSheet, styles: &mut StyleBook, out: &mut W) -> io::Result<()> {
    let mut s = String::with_capacity(FLUSH + 4096);
    s.push_str("<sheetData>");
    let mut rows: std::collections::BTreeSet<u32> = sheet.cells.keys().map(|(r, _)| *r).collect();
    rows.extend(sheet.heights.keys().copied());
    for r in rows {
        let _ = write!(s, "<row r=\"{}\"", r + 1);
        if let Some(h) = sheet.heights.get(&r) {
            let _ = write!(s, " ht=\"{h}\" customHeight=\"1\"");
        }
        s.push('>');
        for ((_, c), cell) in sheet.cells.range((r, 0)..=(r, u16::MAX)) {
            push_cell(&mut s, r, *c, cell, styles);
        }
        s.push_str("</row>");
        if s.len() >= FLUSH {
            out.write_all(s.as_bytes())?;
            s.clear();
        }
    }
    s.push_str("</sheetData>");
    out.write_all(s.as_bytes())
}

/// How much XML a new sheet gathers before it is written on.
const FLUSH: usize = 1 << 16;

/// The worksheet XML of a new sheet. `drawing` is the relationship id of
/// its drawing, when it has charts.
#[cfg(test)]
pub fn sheet_xml(sheet: &NewSheet, styles: &mut StyleBook, drawing: Option<&str>) -> String {
    let mut out = Vec::new();
    write_sheet(sheet, styles, drawing, &mut out).expect("writing to a Vec");
    String::from_utf8(out).expect("UTF-8")
}

/// Writes the worksheet XML of a new sheet to `out` as it is made.
/// `drawing` is the relationship id of its drawing, when it has charts.
///
/// # Errors
/// `out` fails.
pub fn write_sheet<W: Write>(
    sheet: &NewSheet,
    styles: &mut StyleBook,
    drawing: Option<&str>,
    out: &mut W,
) -> io::Result<()> {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\">"
    );
    if sheet.print.fit_width {
        s.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
    }
    let last_row = sheet.cells.keys().map(|(r, _)| *r).max().unwrap_or(0);
    let last_col = sheet.cells.keys().map(|(_, c)| *c).max().unwrap_or(0);
    s.push_str(&format!(
        "<dimension ref=\"A1:{}\"/>",
        a1(last_row, last_col)
    ));
    if sheet.freeze_rows > 0 {
        let top = a1(sheet.freeze_rows, 0);
        s.push_str(&format!(
            "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"{}\" topLeftCell=\"{top}\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"{top}\" sqref=\"{top}\"/></sheetView></sheetViews>",
            sheet.freeze_rows
        ));
    } else {
        s.push_str("<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>");
    }
    s.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
    s.push_str(&cols_xml(sheet));
    out.write_all(s.as_bytes())?;
    sheet_data(sheet, styles, out)?;
    s.clear();
    if let Some((r1, c1, r2, c2)) = sheet.autofilter {
        s.push_str(&format!(
            "<autoFilter ref=\"{}:{}\"/>",
            a1(r1, c1),
            a1(r2, c2)
        ));
    }
    if !sheet.links.is_empty() {
        s.push_str("<hyperlinks>");
        for (&(r, c), link) in &sheet.links {
            let location = format!("{}!{}", quoted(&link.sheet), link.cell);
            s.push_str(&format!(
                "<hyperlink ref=\"{}\" location=\"{}\" display=\"{}\"/>",
                a1(r, c),
                escape_attr(&location),
                escape_attr(&format!("{}!{}", link.sheet, link.cell))
            ));
            if s.len() >= FLUSH {
                out.write_all(s.as_bytes())?;
                s.clear();
            }
        }
        s.push_str("</hyperlinks>");
    }
    s.push_str(&page_setup(&sheet.print));
    if let Some(rid) = drawing {
        s.push_str(&format!("<drawing r:id=\"{}\"/>", escape_attr(rid)));
    }
    s.push_str("</worksheet>");
    out.write_all(s.as_bytes())
}

/// One cell's XML, pushed onto `s`.
fn push_cell(
    s: &mut String,
    r: u32,
    c: u16,
    cell: super::edits::CellRef<'_>,
    styles: &mut StyleBook,
) {
    use super::edits::{Style, Value};
    let st = match cell.style {
        Style::New(look) => styles.look(look),
        Style::Own(_) => 0,
    };
    s.push_str("<c r=\"");
    push_a1(s, r, c);
    s.push('"');
    if st != 0 {
        let _ = write!(s, " s=\"{st}\"");
    }
    match cell.value {
        Value::Blank => s.push_str("/>"),
        Value::Number(n) => {
            let _ = write!(s, "><v>{}</v></c>", if n.is_finite() { *n } else { 0.0 });
        }
        Value::Formula(f, n) => {
            s.push_str("><f>");
            s.push_str(&escape_text(f));
            let _ = write!(s, "</f><v>{}</v></c>", if n.is_finite() { *n } else { 0.0 });
        }
        Value::Text(t) => {
            s.push_str(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
            s.push_str(&escape_text(t));
            s.push_str("</t></is></c>");
        }
        Value::Rich(runs) => {
            s.push_str(" t=\"inlineStr\"><is>");
            for run in runs {
                push_run(s, run);
            }
            s.push_str("</is></c>");
        }
    }
}

/// A rich text run's XML, pushed onto `s`.
fn push_run(s: &mut String, run: &super::edits::Run) {
    s.push_str("<r>");
    if run.bold || run.strike || run.color.is_some() {
        s.push_str("<rPr>");
        if run.bold {
            s.push_str("<b/>");
        }
        if run.strike {
            s.push_str("<strike/>");
        }
        if let Some(col) = run.color {
            let _ = write!(s, "<color rgb=\"FF{:06X}\"/>", col & 0xFF_FFFF);
        }
        s.push_str("</rPr>");
    }
    s.push_str("<t xml:space=\"preserve\">");
    s.push_str(&escape_text(&run.text));
    s.push_str("</t></r>");
}

/// The drawing part holding `charts`; `rids[i]` is chart i's relationship id.
pub fn drawing_xml(charts: &[Chart], rids: &[String]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<xdr:wsDr xmlns:xdr=\"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">",
    );
    for (i, (chart, rid)) in charts.iter().zip(rids).enumerate() {
        let (row, col) = chart.at;
        let (w, h) = chart.size;
        s.push_str(&format!(
            concat!(
                "<xdr:oneCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>",
                "<xdr:ext cx=\"{cx}\" cy=\"{cy}\"/><xdr:graphicFrame macro=\"\"><xdr:nvGraphicFramePr><xdr:cNvPr id=\"{id}\" name=\"{name}\"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>",
                "<xdr:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></xdr:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">",
                "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:r=\"{rel}\" r:id=\"{rid}\"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>"
            ),
            col = col,
            row = row,
            cx = u64::from(w) * 9525,
            cy = u64::from(h) * 9525,
            id = i + 2,
            name = escape_attr(&format!("Chart {}", i + 1)),
            rel = REL_NS,
            rid = escape_attr(rid),
        ));
    }
    s.push_str("</xdr:wsDr>");
    s
}

/// A range of one column as a chart formula: `'Overblik'!$B$4:$B$6`.
fn column_ref(sheet: &str, col: u16, rows: (u32, u32)) -> String {
    let c = col_name(col);
    format!("{}!${c}${}:${c}${}", quoted(sheet), rows.0 + 1, rows.1 + 1)
}

/// The `<c:ser>` elements of a chart's series.
fn series_xml(chart: &Chart, sheet: &str) -> String {
    let mut series = String::new();
    for (i, (name, col, rgb)) in chart.series.iter().enumerate() {
        series.push_str(&format!(
            concat!(
                "<c:ser><c:idx val=\"{i}\"/><c:order val=\"{i}\"/><c:tx><c:v>{name}</c:v></c:tx>",
                "<c:spPr><a:solidFill><a:srgbClr val=\"{rgb:06X}\"/></a:solidFill></c:spPr><c:invertIfNegative val=\"0\"/>",
                "<c:cat><c:strRef><c:f>{cat}</c:f></c:strRef></c:cat><c:val><c:numRef><c:f>{val}</c:f></c:numRef></c:val></c:ser>"
            ),
            i = i,
            name = escape_text(name),
            rgb = rgb & 0xFF_FFFF,
            cat = escape_text(&column_ref(sheet, chart.label_col, chart.rows)),
            val = escape_text(&column_ref(sheet, *col, chart.rows)),
        ));
    }
    series
}

/// The chart part of a chart: stacked columns (counts, from zero up) or
/// clustered horizontal bars (amounts; the categories top to bottom as
/// the table lists them, the value axis at the bottom).
pub fn chart_xml(chart: &Chart, sheet: &str, axis_ids: (u32, u32)) -> String {
    let series = series_xml(chart, sheet);
    let (cat, val) = axis_ids;
    // A bar's category labels stand at the low end, clear of negative
    // amounts (savings).
    let (dir, grouping, overlap, cat_pos, cat_order, labels, val_pos, val_min) = match chart.kind {
        ChartKind::StackedColumn => (
            "col",
            "stacked",
            100,
            "b",
            "minMax",
            "nextTo",
            "l",
            "<c:min val=\"0\"/>",
        ),
        ChartKind::ClusteredBar => ("bar", "clustered", -10, "l", "maxMin", "low", "b", ""),
    };
    let val_format = chart.value_format.as_deref().map_or_else(
        || "<c:numFmt formatCode=\"General\" sourceLinked=\"1\"/>".to_string(),
        |f| {
            format!(
                "<c:numFmt formatCode=\"{}\" sourceLinked=\"0\"/>",
                escape_attr(f)
            )
        },
    );
    // Bars listed top to bottom put the value axis where the last
    // category is: at the bottom.
    let crosses = match chart.kind {
        ChartKind::StackedColumn => "<c:crosses val=\"autoZero\"/>",
        ChartKind::ClusteredBar => "<c:crosses val=\"max\"/>",
    };
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"{rel}\">",
            "<c:roundedCorners val=\"0\"/><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1200\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"da-DK\" sz=\"1200\" b=\"1\"/><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>",
            "<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/><c:barChart><c:barDir val=\"{dir}\"/><c:grouping val=\"{grouping}\"/><c:varyColors val=\"0\"/>{series}",
            "<c:gapWidth val=\"80\"/><c:overlap val=\"{overlap}\"/><c:axId val=\"{cat}\"/><c:axId val=\"{val}\"/></c:barChart>",
            "<c:catAx><c:axId val=\"{cat}\"/><c:scaling><c:orientation val=\"{cat_order}\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"{cat_pos}\"/><c:numFmt formatCode=\"General\" sourceLinked=\"1\"/><c:tickLblPos val=\"{labels}\"/><c:crossAx val=\"{val}\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>",
            "<c:valAx><c:axId val=\"{val}\"/><c:scaling><c:orientation val=\"minMax\"/>{val_min}</c:scaling><c:delete val=\"0\"/><c:axPos val=\"{val_pos}\"/><c:majorGridlines/>{val_format}<c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"{cat}\"/>{crosses}<c:crossBetween val=\"between\"/></c:valAx>",
            "</c:plotArea><c:legend><c:legendPos val=\"r\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>"
        ),
        rel = REL_NS,
        title = escape_text(&chart.title),
        series = series,
        dir = dir,
        grouping = grouping,
        overlap = overlap,
        cat = cat,
        val = val,
        cat_pos = cat_pos,
        cat_order = cat_order,
        labels = labels,
        val_pos = val_pos,
        val_min = val_min,
        val_format = val_format,
        crosses = crosses,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::edits::{Cell, Link, Look, Style, Value};

    #[test]
    fn a_new_sheet_is_in_schema_order() {
        let mut book =
            StyleBook::scan(super::super::styles::MINIMAL.as_bytes().to_vec(), "s").unwrap();
        let mut sheet = NewSheet::new("Kontrol");
        sheet.cells.insert(
            (0, 0),
            Cell {
                value: Value::Text("Kode".into()),
                style: Style::New(Look {
                    bold: true,
                    ..Look::default()
                }),
            },
        );
        sheet.cells.insert(
            (1, 0),
            Cell {
                value: Value::Number(3.0),
                style: Style::New(Look::default()),
            },
        );
        sheet.links.insert(
            (1, 1),
            Link {
                sheet: "Ark 1".into(),
                cell: "B5".into(),
            },
        );
        sheet.widths.push((0, 8.0));
        sheet.freeze_rows = 1;
        sheet.autofilter = Some((0, 0, 1, 1));
        sheet.print = Print {
            landscape: true,
            fit_width: true,
            a4: true,
            repeat_rows: Some((0, 0)),
            ..Print::default()
        };
        let xml = sheet_xml(&sheet, &mut book, None);
        let order = [
            "<sheetPr>",
            "<dimension",
            "<sheetViews>",
            "<sheetFormatPr",
            "<cols>",
            "<sheetData>",
            "<autoFilter",
            "<hyperlinks>",
            "<pageMargins",
            "<pageSetup",
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|t| xml.find(t).unwrap_or_else(|| panic!("{t} in {xml}")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{xml}");
        assert!(
            xml.contains("location=\"&apos;Ark 1&apos;!B5\"")
                || xml.contains("location=\"'Ark 1'!B5\""),
            "{xml}"
        );
    }
}
