//! The patcher end to end on small workbooks built here.

use std::collections::BTreeMap;
use std::io::Cursor;

use rust_xlsxwriter::{Format, Note as XNote, Workbook};

use super::edits::*;
use super::*;

fn workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Ark 1").unwrap();
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, "3.01. Titel", &bold)
        .unwrap();
    ws.write_string(0, 2, "Tid").unwrap();
    ws.write_string(0, 3, "Smiley").unwrap();
    ws.write_string(1, 0, "Milepæl").unwrap();
    ws.write_string(1, 3, "grøn").unwrap();
    ws.write_number(2, 1, 4.5).unwrap();
    ws.write_formula(2, 2, "=B3*2").unwrap();
    ws.insert_note(1, 1, &XNote::new("Brugerens note").set_author("Jens"))
        .unwrap();
    ws.set_column_width(1, 40).unwrap();
    let ws2 = wb.add_worksheet();
    ws2.set_name("Andet").unwrap();
    ws2.write_string(0, 0, "x").unwrap();
    wb.save_to_buffer().unwrap()
}

fn patch(input: &[u8], edits: &Edits) -> Vec<u8> {
    let mut pkg = Package::open_bytes(input.to_vec()).unwrap();
    let mut out = Cursor::new(Vec::new());
    write(&mut pkg, edits.clone(), &mut out).unwrap();
    out.into_inner()
}

fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        out.insert(f.name().unwrap().to_string(), b);
    }
    out
}

fn text(t: &str) -> Cell {
    Cell {
        value: Value::Text(t.into()),
        style: Style::New(Look {
            wrap: true,
            ..Look::default()
        }),
    }
}

#[test]
fn no_edits_copies_every_part() {
    let input = workbook();
    let output = patch(&input, &Edits::default());
    assert_eq!(parts(&input), parts(&output));
}

/// Cells, a width, a rule, a list and notes on the first sheet, and a
/// new `Kontrol` sheet.
fn first_edits() -> Edits {
    let mut sheet = SheetEdits::default();
    sheet.cells.insert((0, 4), text("Smiley 1. opf."));
    sheet.cells.insert((1, 4), text("☺"));
    sheet.cells.insert(
        (1, 3),
        Cell {
            value: Value::Text("☺".into()),
            style: Style::Own(Restyle::default()),
        },
    );
    sheet.cells.insert((5, 6), text("ny række"));
    sheet.widths.push((4, 12.0));
    sheet.text_rules.push(TextRule {
        sqref: "D2:E3".into(),
        text: "☺".into(),
        fill: 0xC6EFCE,
        font: 0x006100,
    });
    sheet.lists.push(ListRule {
        sqref: "D2".into(),
        items: vec!["☺".into(), "😐".into(), "☹".into()],
        prompt: None,
        error: None,
    });
    sheet.notes.insert(
        (1, 1),
        Note {
            text: "M001: frist mangler".into(),
        },
    );
    sheet.notes.insert(
        (2, 1),
        Note {
            text: "A001".into(),
        },
    );
    let mut edits = Edits {
        note_author: "opfolg".into(),
        ..Edits::default()
    };
    edits.sheets.insert(0, sheet);
    let mut kontrol = NewSheet::new("Kontrol");
    kontrol.cells.insert((0, 0), text("Kode"));
    kontrol.mark = Some(("_opfolg".into(), "\"checks\"".into()));
    kontrol.autofilter = Some((0, 0, 1, 0));
    edits.new_sheets.push(kontrol);
    edits
}

#[test]
fn cells_rules_notes_and_a_sheet_are_added_and_the_rest_kept() {
    let input = workbook();
    let output = patch(&input, &first_edits());
    let before = parts(&input);
    let after = parts(&output);
    for (name, bytes) in &before {
        let changed = [
            "xl/worksheets/sheet1.xml",
            "xl/styles.xml",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
            "docProps/app.xml",
            "xl/comments1.xml",
            "xl/drawings/vmlDrawing1.vml",
        ];
        if !changed.contains(&name.as_str()) {
            assert_eq!(after.get(name), Some(bytes), "{name} changed");
        }
    }
    // calamine reads it back.
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(output.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Ark 1", "Andet", "Kontrol"]);
    let r = wb.worksheet_range("Ark 1").unwrap();
    assert_eq!(r.get_value((1, 3)).unwrap().to_string(), "☺");
    assert_eq!(r.get_value((0, 4)).unwrap().to_string(), "Smiley 1. opf.");
    assert_eq!(r.get_value((5, 6)).unwrap().to_string(), "ny række");
    assert_eq!(r.get_value((2, 1)).unwrap().to_string(), "4.5");
    let f = wb.worksheet_formula("Ark 1").unwrap();
    assert_eq!(f.get_value((2, 2)).unwrap(), "B3*2");
    let sheet = String::from_utf8(after["xl/worksheets/sheet1.xml"].clone()).unwrap();
    assert!(
        sheet.contains("<conditionalFormatting sqref=\"D2:E3\">"),
        "{sheet}"
    );
    assert!(sheet.contains("<dataValidations count=\"1\">"), "{sheet}");
    let comments = String::from_utf8(after["xl/comments1.xml"].clone()).unwrap();
    assert!(comments.contains("Brugerens note"), "{comments}");
    assert!(comments.contains("M001: frist mangler"), "{comments}");
    assert!(comments.contains("A001"), "{comments}");
    let wbxml = String::from_utf8(after["xl/workbook.xml"].clone()).unwrap();
    assert!(
        wbxml.contains("name=\"_opfolg\" localSheetId=\"2\" hidden=\"1\""),
        "{wbxml}"
    );
    assert!(wbxml.contains("_xlnm._FilterDatabase"), "{wbxml}");
}

#[test]
fn annotating_again_replaces_our_things_instead_of_adding_a_second_copy() {
    let edits = first_edits();
    let output = patch(&workbook(), &edits);
    // Annotated again with the same edits and the old sheet replaced: the
    // same workbook, not a second copy of our things.
    let mut again = edits.clone();
    again.new_sheets[0].place = Place::Replace(2);
    again.sheets.get_mut(&0).unwrap().drop_rule_texts = vec!["☺".into()];
    again.sheets.get_mut(&0).unwrap().drop_lists = vec![vec!["☺".into(), "😐".into(), "☹".into()]];
    again.remove_names = vec!["_opfolg".into()];
    let twice = patch(&output, &again);
    let wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(twice.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Ark 1", "Andet", "Kontrol"]);
    let p2 = parts(&twice);
    let sheet2 = String::from_utf8(p2["xl/worksheets/sheet1.xml"].clone()).unwrap();
    assert_eq!(
        sheet2.matches("<conditionalFormatting").count(),
        1,
        "{sheet2}"
    );
    assert_eq!(sheet2.matches("<dataValidation ").count(), 1, "{sheet2}");
    let c2 = String::from_utf8(p2["xl/comments1.xml"].clone()).unwrap();
    assert_eq!(c2.matches("M001: frist mangler").count(), 1, "{c2}");
    assert_eq!(c2.matches("Brugerens note").count(), 1, "{c2}");
    let w2 = String::from_utf8(p2["xl/workbook.xml"].clone()).unwrap();
    assert_eq!(w2.matches("name=\"_opfolg\"").count(), 1, "{w2}");
    assert_eq!(w2.matches("_FilterDatabase").count(), 1, "{w2}");
    assert!(
        !p2.contains_key("xl/worksheets/sheet3.xml"),
        "the old Kontrol part is gone"
    );
}

#[test]
fn hidden_user_columns_over_ours_are_split() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "a").unwrap();
    ws.set_column_range_width(2, 20, 5.0).unwrap();
    ws.set_column_range_hidden(2, 20).unwrap();
    let input = wb.save_to_buffer().unwrap();
    let mut sheet = SheetEdits::default();
    sheet.widths.push((4, 12.0));
    sheet.cells.insert((0, 4), text("Ændring"));
    let mut edits = Edits::default();
    edits.sheets.insert(0, sheet);
    let out = parts(&patch(&input, &edits));
    let xml = String::from_utf8(out["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let cols = &xml[xml.find("<cols>").unwrap()..xml.find("</cols>").unwrap()];
    assert!(cols.contains("min=\"3\" max=\"4\""), "{cols}");
    assert!(
        cols.contains("<col min=\"5\" max=\"5\" width=\"12.7109375\" customWidth=\"1\"/>"),
        "{cols}"
    );
    assert!(cols.contains("min=\"6\" max=\"21\""), "{cols}");
}

#[test]
fn rows_and_cells_stay_in_order() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(2, 0, "a").unwrap();
    ws.write_string(2, 5, "f").unwrap();
    ws.write_string(6, 0, "g").unwrap();
    let input = wb.save_to_buffer().unwrap();
    let mut sheet = SheetEdits::default();
    for at in [(0, 1), (2, 2), (2, 7), (4, 0), (9, 9)] {
        sheet.cells.insert(at, text("x"));
    }
    let mut edits = Edits::default();
    edits.sheets.insert(0, sheet);
    let out = parts(&patch(&input, &edits));
    let xml = String::from_utf8(out["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let refs: Vec<&str> = xml
        .match_indices(" r=\"")
        .map(|(i, _)| {
            let rest = &xml[i + 4..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(
        refs,
        [
            "1", "B1", "3", "A3", "C3", "F3", "H3", "5", "A5", "7", "A7", "10", "J10"
        ],
        "{xml}"
    );
}

#[test]
fn a_zip_inside_another_file_is_not_a_package() {
    // An `.xls` (an OLE compound file) saved by Excel 2007 or later holds
    // its theme as a zip: a zip reader finds that one from the end.
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.resize(4096, 0);
    xls.extend(workbook());
    assert!(matches!(
        Package::open_bytes(xls),
        Err(PackageError::Zip(_))
    ));
    assert!(Package::open_bytes(workbook()).is_ok());
}

/// `workbook()` with the calculation chain Excel writes beside formulas.
fn with_calc_chain(bytes: &[u8]) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut b = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut b).unwrap();
        let mut text = String::from_utf8_lossy(&b).into_owned();
        if name == "xl/_rels/workbook.xml.rels" {
            text = text.replace(
                "</Relationships>",
                "<Relationship Id=\"rId99\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain\" Target=\"calcChain.xml\"/></Relationships>",
            );
        } else if name == "[Content_Types].xml" {
            text = text.replace(
                "</Types>",
                "<Override PartName=\"/xl/calcChain.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml\"/></Types>",
            );
        } else {
            out.start_file(name, opts).unwrap();
            std::io::Write::write_all(&mut out, &b).unwrap();
            continue;
        }
        out.start_file(name, opts).unwrap();
        std::io::Write::write_all(&mut out, text.as_bytes()).unwrap();
    }
    out.start_file("xl/calcChain.xml", opts).unwrap();
    std::io::Write::write_all(
        &mut out,
        b"<?xml version=\"1.0\"?><calcChain xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><c r=\"C3\" i=\"1\"/></calcChain>",
    )
    .unwrap();
    out.finish().unwrap().into_inner()
}

/// A hidden row's formula goes, and with it the calculation chain that
/// names its cell (Excel would call the workbook damaged; it rebuilds the
/// chain). A patch that takes no formula away keeps the chain.
#[test]
fn a_formula_taken_away_takes_the_calc_chain() {
    let input = with_calc_chain(&workbook());
    let mut kept = Edits::default();
    kept.sheets.insert(
        0,
        SheetEdits {
            hide_rows: [1].into(),
            ..SheetEdits::default()
        },
    );
    let out = parts(&patch(&input, &kept));
    assert!(out.contains_key("xl/calcChain.xml"), "no formula on row 2");
    let mut gone = Edits::default();
    gone.sheets.insert(
        0,
        SheetEdits {
            hide_rows: [2].into(),
            ..SheetEdits::default()
        },
    );
    let out = parts(&patch(&input, &gone));
    assert!(!out.contains_key("xl/calcChain.xml"));
    let rels = String::from_utf8_lossy(&out["xl/_rels/workbook.xml.rels"]).into_owned();
    assert!(!rels.contains("calcChain"), "{rels}");
    let types = String::from_utf8_lossy(&out["[Content_Types].xml"]).into_owned();
    assert!(!types.contains("calcChain"), "{types}");
    let sheet = String::from_utf8_lossy(&out["xl/worksheets/sheet1.xml"]).into_owned();
    assert!(
        sheet.contains("hidden=\"1\"") && !sheet.contains("<f>"),
        "{sheet}"
    );
}
