//! Nothing of the user's is lost (issue 13): a workbook with every feature
//! a finance department's workbook may carry, the samples, and the corpus
//! of workbooks other tools wrote go through `annotate` and `new-round`,
//! and the package compare proves each part and cell kept.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    Chart, ChartType, Color, ConditionalFormatCell, ConditionalFormatCellRule,
    ConditionalFormatDataBar, ConditionalFormatIconSet, ConditionalFormatIconType, DataValidation,
    DocProperties, Format, FormatBorder, Image, Note, Sparkline, Table, Workbook,
};
use tempfile::TempDir;

use super::common::package::{Allow, Pkg, assert_kept, compare};
use super::common::{Cell, clean, opfolg};

/// A 2×2 PNG, the department's logo.
const LOGO: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xFD, 0xD4, 0x9A,
    0x73, 0x00, 0x00, 0x00, 0x16, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x9F, 0x81, 0xE1, 0x3F, 0x03, 0xC3, 0x7F, 0x06, 0x00, 0x3C, 0xF0, 0x06, 0xFA, 0x4A, 0x5A, 0x25,
    0x7B, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The follow-up of the tests, as a controller keeps it: logo, notes,
/// drop-downs, conditional formats (data bars, icon sets), panes, print
/// titles and setup, header and footer, hidden and grouped rows, a hidden
/// column, rich text, tab colour — and beside it a data sheet with a
/// table, a chart, sparklines and protection, a hidden sheet, a chart
/// sheet, document properties and (for `.xlsm`) a VBA project.
pub fn feature_workbook(dir: &Path, vba: Option<&Path>) -> PathBuf {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Ark1").unwrap();
    let wrap = Format::new().set_text_wrap();
    for (&(r, c), cell) in &clean().cells {
        if let Cell::Text(s) = cell {
            ws.write_string_with_format(r, c, s, &wrap).unwrap();
        }
    }
    // A smiley in Wingdings and one as a green fill: respelled as ☺.
    ws.write_string_with_format(5, 3, "J", &Format::new().set_font_name("Wingdings"))
        .unwrap();
    ws.write_blank(
        13,
        3,
        &Format::new().set_background_color(Color::RGB(0x00B050)),
    )
    .unwrap();
    for (c, w) in [44.0, 70.0, 24.0, 9.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w).unwrap();
    }
    ws.set_column_width(6, 30).unwrap();
    ws.set_column_hidden(7).unwrap();
    ws.set_row_height(4, 60).unwrap();
    ws.set_row_hidden(10).unwrap();
    ws.group_rows(5, 8).unwrap();
    ws.insert_image(0, 5, &Image::new_from_buffer(LOGO).unwrap())
        .unwrap();
    ws.insert_note(
        4,
        0,
        &Note::new("Tjek beløbet med Økonomi").set_author("Jens Hansen"),
    )
    .unwrap();
    ws.insert_note(
        5,
        3,
        &Note::new("Pilot godkendt i BSU").set_author("Jens Hansen"),
    )
    .unwrap();
    let rich = [
        (&Format::new().set_bold(), "Bemærk: "),
        (
            &Format::new().set_italic().set_font_color(Color::Red),
            "tallene er foreløbige",
        ),
    ];
    ws.write_rich_string(1, 0, &rich).unwrap();
    let dv = DataValidation::new()
        .allow_list_strings(&["Drift", "Anlæg"])
        .unwrap();
    ws.add_data_validation(3, 1, 3, 1, &dv).unwrap();
    let cf = ConditionalFormatCell::new()
        .set_rule(ConditionalFormatCellRule::EqualTo("\"Drift\""))
        .set_format(Format::new().set_font_color(Color::Blue));
    ws.add_conditional_format(3, 1, 20, 1, &cf).unwrap();
    ws.write_number(22, 0, 12.5).unwrap();
    ws.write_number(23, 0, 40.0).unwrap();
    ws.add_conditional_format(22, 0, 23, 0, &ConditionalFormatDataBar::new())
        .unwrap();
    let icons = ConditionalFormatIconSet::new()
        .set_icon_type(ConditionalFormatIconType::ThreeTrafficLights);
    ws.add_conditional_format(22, 0, 23, 0, &icons).unwrap();
    ws.write_formula(24, 0, "=SUM(A23:A24)").unwrap();
    ws.set_freeze_panes(3, 0).unwrap();
    ws.set_repeat_rows(0, 0).unwrap();
    ws.set_print_area(0, 0, 24, 3).unwrap();
    ws.set_landscape()
        .set_paper_size(9)
        .set_header("&CBørne- og Skoleudvalget")
        .set_footer("&CSide &P af &N");
    ws.set_tab_color(Color::RGB(0x4472C4));
    ws.write_url(25, 0, "https://www.balk.dk").unwrap();

    let data = wb.add_worksheet();
    data.set_name("Data").unwrap();
    let border = Format::new().set_border(FormatBorder::Thin);
    for (r, (center, amount)) in [
        ("Social og Sundhed", 0.762),
        ("Skoler, Institutioner og Kultur", 0.125),
        ("Børn og Unge", 1.5),
    ]
    .into_iter()
    .enumerate()
    {
        data.write_string(r as u32 + 1, 0, center).unwrap();
        data.write_number_with_format(r as u32 + 1, 1, amount, &border)
            .unwrap();
        data.write_number(r as u32 + 1, 2, amount * 2.0).unwrap();
    }
    data.add_table(0, 0, 3, 2, &Table::new()).unwrap();
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_values("=Data!$B$2:$B$4")
        .set_categories("=Data!$A$2:$A$4");
    data.insert_chart(5, 0, &chart).unwrap();
    data.add_sparkline(1, 4, &Sparkline::new().set_range(("Data", 1, 1, 1, 2)))
        .unwrap();
    data.protect();
    data.autofilter(0, 6, 3, 7).unwrap();
    data.write_string(0, 6, "Filter").unwrap();
    data.write_string(0, 7, "Kolonne").unwrap();
    let hidden = wb.add_worksheet();
    hidden.set_name("Lister").unwrap();
    hidden.write_string(0, 0, "☺").unwrap();
    hidden.set_hidden(true);
    let cs = wb.add_chartsheet();
    cs.set_name("Graf").unwrap();
    let mut c2 = Chart::new(ChartType::Pie);
    c2.add_series().set_values("=Data!$B$2:$B$4");
    cs.insert_chart(0, 0, &c2).unwrap();
    wb.define_name("Centre", "=Data!$A$2:$A$4").unwrap();
    let props = DocProperties::new()
        .set_title("Opfølgning 2018")
        .set_author("Økonomi")
        .set_custom_property("Udvalg", "BSU");
    wb.set_properties(&props);
    let name = match vba {
        Some(bin) => {
            wb.add_vba_project(bin).unwrap();
            "features.xlsm"
        }
        None => "features.xlsx",
    };
    let path = dir.join(name);
    wb.save(&path).unwrap();
    path
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = opfolg().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout),
    )
}

fn annotate(input: &Path, previous: Option<&Path>, out: &Path) {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "annotate".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
    ];
    if let Some(p) = previous {
        args.extend(["--previous".as_ref(), p.as_os_str()]);
    }
    let (code, said) = run(&args);
    assert_eq!(code, 0, "{}: {said}", input.display());
}

fn smileys() -> Allow {
    Allow {
        smileys: true,
        ..Allow::default()
    }
}

#[test]
fn the_feature_workbook_comes_back_whole() {
    let dir = TempDir::new().unwrap();
    let input = feature_workbook(dir.path(), None);
    let out = dir.path().join("features-annoteret.xlsx");
    annotate(&input, None, &out);
    assert_kept(&input, &out, smileys());
    let p = Pkg::open(&out);
    let names: Vec<String> = p.sheets().into_iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        [
            "Ark1",
            "Data",
            "Lister",
            "Graf",
            "Ændringer",
            "Kontrol",
            "Overblik"
        ]
    );
    let cells = super::common::package::cells(&p, "xl/worksheets/sheet1.xml").0;
    let at = |a1: &str| {
        cells
            .get(&opfolg::package::xml::parse_a1(a1).unwrap())
            .map(|c| c.value.clone())
    };
    assert_eq!(at("D6").as_deref(), Some("☺"), "the Wingdings J respelled");
    assert_eq!(at("D14").as_deref(), Some("☺"), "the green fill respelled");
    // Right of the rightmost value (the block's smiley column D).
    assert_eq!(at("E4").as_deref(), Some("Smiley 1. opf."), "{cells:?}");
    // Annotating the annotated workbook gives the same workbook, not a second layer.
    let again = dir.path().join("features-annoteret-2.xlsx");
    annotate(&out, None, &again);
    assert_kept(&input, &again, smileys());
    let q = Pkg::open(&again);
    let names: Vec<String> = q.sheets().into_iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        [
            "Ark1",
            "Data",
            "Lister",
            "Graf",
            "Ændringer",
            "Kontrol",
            "Overblik"
        ]
    );
    let sheet = String::from_utf8(q.parts["xl/worksheets/sheet1.xml"].clone()).unwrap();
    assert_eq!(
        sheet.matches(">Smiley 1. opf.<").count(),
        2,
        "one history column, two headers"
    );
}

#[test]
fn a_workbook_with_macros_stays_xlsm_with_its_project() {
    let dir = TempDir::new().unwrap();
    // Not a real project: the bytes only have to come back as they were.
    let bin = dir.path().join("vbaProject.bin");
    std::fs::write(
        &bin,
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 opfolg test project",
    )
    .unwrap();
    let input = feature_workbook(dir.path(), Some(&bin));
    let (code, said) = run(&["annotate".as_ref(), input.as_os_str()]);
    assert_eq!(code, 0, "{said}");
    let out = dir.path().join("features-annoteret.xlsm");
    assert!(out.exists(), "{said}");
    assert_kept(&input, &out, smileys());
    assert_eq!(
        Pkg::open(&input).parts["xl/vbaProject.bin"],
        Pkg::open(&out).parts["xl/vbaProject.bin"]
    );
    let xlsx = dir.path().join("ud.xlsx");
    let (code, said) = run(&[
        "annotate".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        xlsx.as_os_str(),
    ]);
    assert_eq!(
        code, 2,
        "an .xlsm written as .xlsx would lose its macros: {said}"
    );
}

#[test]
fn the_handout_of_the_feature_workbook_keeps_it_whole() {
    let dir = TempDir::new().unwrap();
    let input = feature_workbook(dir.path(), None);
    let out = dir.path().join("opf2.xlsx");
    let (code, said) = run(&[
        "new-round".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{said}");
    let allow = Allow {
        smileys: true,
        fills: true,
        title: Some((0, 0)),
    };
    assert_kept(&input, &out, allow);
}

/// Every bundled sample and fixture, annotated alone and against the
/// round before it.
#[test]
fn every_sample_comes_back_whole() {
    let dir = TempDir::new().unwrap();
    let mut inputs: Vec<PathBuf> = Vec::new();
    for d in [
        "samples",
        "samples/afdeling/opf1",
        "samples/afdeling/opf2",
        "tests/fixtures",
    ] {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "xlsx")
                && !p.to_string_lossy().contains("adgangskode")
            {
                inputs.push(p);
            }
        }
    }
    inputs.sort();
    assert!(inputs.len() >= 12, "{inputs:?}");
    for input in &inputs {
        let out = dir.path().join("out.xlsx");
        annotate(input, None, &out);
        assert_kept(input, &out, smileys());
    }
    let pair = (
        Path::new("samples/budget2018-opfoelgning-1.xlsx"),
        Path::new("samples/budget2018-opfoelgning-2.xlsx"),
    );
    let out = dir.path().join("pair.xlsx");
    annotate(pair.1, Some(pair.0), &out);
    assert_kept(pair.1, &out, smileys());
    let table = (
        Path::new("samples/budget2025-bilag-a.xlsx"),
        Path::new("samples/budget2025-bilag-a-ny.xlsx"),
    );
    let out = dir.path().join("table.xlsx");
    annotate(table.1, Some(table.0), &out);
    let fills = Allow {
        fills: true,
        ..smileys()
    };
    assert_kept(table.1, &out, fills);
}

/// The committed corpus: workbooks written by other tools (LibreOffice,
/// openpyxl), see tests/corpus/README.md.
#[test]
fn the_corpus_comes_back_whole() {
    let dir = TempDir::new().unwrap();
    let Ok(entries) = std::fs::read_dir("tests/corpus") else {
        return;
    };
    let mut n = 0;
    for e in entries {
        let input = e.unwrap().path();
        let ext = input
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !["xlsx", "xlsm"].contains(&ext.as_str()) {
            continue;
        }
        let out = dir.path().join(format!("out.{ext}"));
        annotate(&input, None, &out);
        let problems = compare(&input, &out, smileys());
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            input.display(),
            problems.join("\n")
        );
        n += 1;
    }
    assert!(n > 0, "the corpus is empty");
}
