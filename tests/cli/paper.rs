//! The annotated workbook and the hand-out on paper: read back from the
//! print setup opfolg wrote (the pages themselves were looked at through
//! LibreOffice; see docs/).

use std::path::Path;

use tempfile::TempDir;

use crate::common::{ok, opfolg, part_text, read_cells};

/// The value of attribute `key` in the first `<tag …>` of `xml`.
fn attr_of(xml: &str, tag: &str, key: &str) -> Option<String> {
    let at = xml.find(&format!("<{tag} "))?;
    let el = &xml[at..at + xml[at..].find('>')?];
    let k = el.find(&format!(" {key}=\""))? + key.len() + 3;
    Some(el[k..k + el[k..].find('"')?].to_string())
}

/// Every `<brk id>` of the sheet's row breaks.
fn breaks(xml: &str) -> Vec<u32> {
    let Some(at) = xml.find("<rowBreaks") else {
        return Vec::new();
    };
    let end = xml[at..].find("</rowBreaks>").map_or(xml.len(), |e| at + e);
    xml[at..end]
        .split("<brk ")
        .skip(1)
        .filter_map(|b| {
            let k = b.find("id=\"")? + 4;
            b[k..k + b[k..].find('"')?].parse().ok()
        })
        .collect()
}

/// Column widths (`<col min max width>`), 1-based min and max.
fn widths(xml: &str) -> Vec<(u32, u32, f64)> {
    xml.split("<col ")
        .skip(1)
        .filter_map(|c| {
            let el = format!("<col {}>", &c[..c.find('>')?]);
            Some((
                attr_of(&el, "col", "min")?.parse().ok()?,
                attr_of(&el, "col", "max")?.parse().ok()?,
                attr_of(&el, "col", "width")?.parse().ok()?,
            ))
        })
        .collect()
}

/// The defined names of workbook.xml as (name, localSheetId, value).
fn names(path: &Path) -> Vec<(String, Option<u32>, String)> {
    let wb = part_text(path, "xl/workbook.xml");
    wb.split("<definedName ")
        .skip(1)
        .filter_map(|d| {
            let el = format!("<definedName {}>", &d[..d.find('>')?]);
            let value = &d[d.find('>')? + 1..d.find("</definedName>")?];
            Some((
                attr_of(&el, "definedName", "name")?,
                attr_of(&el, "definedName", "localSheetId").and_then(|v| v.parse().ok()),
                value.replace("&apos;", "'"),
            ))
        })
        .collect()
}

/// The rows (0-based) of the block header rows on the first sheet: `Tid`
/// in column C.
fn header_rows(path: &Path) -> Vec<u32> {
    let sheets = read_cells(path);
    sheets[0]
        .1
        .iter()
        .filter(|((_, c), d)| *c == 2 && *d == "Tid")
        .map(|((r, _), _)| *r)
        .collect()
}

/// Asserts the first sheet prints its columns up to `last_col` (1-based)
/// side by side at a scale that keeps 11 pt text at 7 pt or more, with
/// page breaks only at block header rows.
fn assert_prints_well(path: &Path, last_col: u32) {
    let sheet = part_text(path, "xl/worksheets/sheet1.xml");
    let scale: f64 = attr_of(&sheet, "pageSetup", "scale")
        .expect("a scale")
        .parse()
        .unwrap();
    assert!(
        11.0 * scale / 100.0 >= 7.0,
        "11 pt text prints at {:.1} pt",
        11.0 * scale / 100.0
    );
    assert_eq!(
        attr_of(&sheet, "pageSetup", "paperSize").as_deref(),
        Some("9")
    );
    let landscape = attr_of(&sheet, "pageSetup", "orientation").as_deref() == Some("landscape");
    // The printed columns fit across the page (LibreOffice: 7 pt a unit).
    let cols = widths(&sheet);
    let printed: f64 = (1..=last_col)
        .map(|c| {
            cols.iter()
                .find(|(a, b, _)| *a <= c && c <= *b)
                .map_or(8.43, |(_, _, w)| *w)
                * 7.0
        })
        .sum();
    let left: f64 = attr_of(&sheet, "pageMargins", "left")
        .unwrap()
        .parse()
        .unwrap();
    let right: f64 = attr_of(&sheet, "pageMargins", "right")
        .unwrap()
        .parse()
        .unwrap();
    let page = if landscape { 841.89 } else { 595.28 } - (left + right) * 72.0;
    assert!(
        printed * scale / 100.0 <= page,
        "{printed} pt of columns at {scale} % on {page} pt"
    );
    let heads = header_rows(path);
    let b = breaks(&sheet);
    assert!(!b.is_empty(), "no page breaks");
    for id in &b {
        assert!(
            heads.contains(id),
            "a break at row {} is inside a block",
            id + 1
        );
    }
    // The header's print settings are not the fit-to-page kind that
    // makes Excel ignore manual breaks.
    assert!(
        !sheet.contains("fitToPage=\"1\""),
        "fit to page would drop the breaks"
    );
}

#[test]
fn the_annotated_workbook_prints_readable_pages_with_blocks_whole() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("a.xlsx");
    let st = opfolg()
        .args([
            "annotate",
            "samples/budget2018-opfoelgning-2.xlsx",
            "--previous",
        ])
        .arg("samples/budget2018-opfoelgning-1.xlsx")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    // A–D the user's, E–F the history, G Ændring, H Kontrol.
    let sheets = read_cells(&out);
    let header = sheets[0].1.iter().find(|(_, d)| *d == "Kontrol");
    let ((_, kontrol), _) = header.expect("a Kontrol column");
    assert_eq!(*kontrol, 7);
    assert_prints_well(&out, 7);
    let names = names(&out);
    let area = names
        .iter()
        .find(|(n, s, _)| n == "_xlnm.Print_Area" && *s == Some(0))
        .expect("a print area");
    assert_eq!(
        area.2, "'2. opfølgning'!$A:$G",
        "Kontrol (H) stays off paper"
    );
    for sheet in ["Ændringer", "Kontrol"] {
        assert!(
            names
                .iter()
                .any(|(n, _, v)| n == "_xlnm.Print_Titles" && v == &format!("'{sheet}'!$1:$1")),
            "{sheet} repeats its header row: {names:?}"
        );
    }
    // Annotated again: the print area follows, not a second one.
    let again = dir.path().join("b.xlsx");
    ok(opfolg()
        .args(["annotate"])
        .arg(&out)
        .args(["--no-previous", "-o"])
        .arg(&again));
    let names = self::names(&again);
    let areas: Vec<_> = names
        .iter()
        .filter(|(n, s, _)| n == "_xlnm.Print_Area" && *s == Some(0))
        .collect();
    assert_eq!(areas.len(), 1, "{areas:?}");
    assert_prints_well(&again, 6);
}

#[test]
fn the_handout_prints_readable_pages_with_blocks_whole() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("h.xlsx");
    ok(opfolg()
        .args(["new-round", "samples/budget2018-opfoelgning-2.xlsx", "-o"])
        .arg(&out));
    // The hand-out's first sheet is the reading guide; the blocks follow.
    let names = names(&out);
    assert!(
        names
            .iter()
            .any(|(n, _, v)| n == "_xlnm.Print_Area" && v.ends_with("!$A:$E")),
        "{names:?}"
    );
}

#[test]
fn a_print_setup_of_the_users_own_stands() {
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("own.xlsx");
    // The sample with the user's own page setup: portrait at 55 %, a
    // print area of A:D and a break of their own.
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open("samples/budget2018-opfoelgning-2.xlsx").unwrap())
            .unwrap();
    let mut w = zip::ZipWriter::new(std::fs::File::create(&input).unwrap());
    for i in 0..zip.len() {
        use std::io::{Read, Write};
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        let mut text = String::from_utf8(text).unwrap_or_default();
        if name == "xl/worksheets/sheet1.xml" {
            let at = text.find("<pageMargins").unwrap();
            let end = at + text[at..].find("/>").unwrap() + 2;
            text.insert_str(
                end,
                "<pageSetup paperSize=\"9\" scale=\"55\" orientation=\"portrait\"/><rowBreaks count=\"1\" manualBreakCount=\"1\"><brk id=\"60\" max=\"16383\" man=\"1\"/></rowBreaks>",
            );
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap();
    let before = part_text(&input, "xl/worksheets/sheet1.xml");
    assert!(before.contains("scale=\"55\""), "the setup was planted");
    let out = dir.path().join("own-a.xlsx");
    ok(opfolg()
        .arg("annotate")
        .arg(&input)
        .args(["--no-previous", "-o"])
        .arg(&out));
    let sheet = part_text(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<pageSetup paperSize=\"9\" scale=\"55\" orientation=\"portrait\"/>"),
        "their page setup"
    );
    assert_eq!(breaks(&sheet), vec![60], "their break, none of ours");
    assert!(
        !names(&out)
            .iter()
            .any(|(n, s, _)| n == "_xlnm.Print_Area" && *s == Some(0)),
        "no print area forced on them"
    );
}

/// The open (unlocked) cells of a sheet, as A1 names.
fn open_cells(path: &Path, sheet: &str) -> std::collections::BTreeSet<String> {
    crate::common::package::sheet_looks(path, sheet)
        .into_iter()
        .filter(|(_, look)| look.contains("locked=0"))
        .map(|((r, c), _)| rust_xlsxwriter::utility::row_col_to_cell(r, c))
        .collect()
}

#[test]
fn per_center_hand_outs_open_only_their_own_cells() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("runde3");
    let out = opfolg()
        .args([
            "new-round",
            "samples/budget2018-opfoelgning-2.xlsx",
            "--per-center",
            "-o",
        ])
        .arg(&folder)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("Skrev 3 arbejdsbøger til 3. opf."),
        "{stdout}"
    );
    let sheet = "2. opfølgning";
    let whole = folder.join("Børne- og Skoleudvalget – 3. opf. 2018.xlsx");
    let all = open_cells(&whole, sheet);
    assert!(!all.is_empty());
    // The three centers of the sample, each with a part of the cells.
    let mut union = std::collections::BTreeSet::new();
    for center in [
        "Social og Sundhed",
        "Skoler, Institutioner og Kultur",
        "Børne- og Ungerådgivning",
    ] {
        let file = folder.join(format!("{center} – 3. opf. 2018.xlsx"));
        let open = open_cells(&file, sheet);
        assert!(!open.is_empty(), "{center} has cells to fill in");
        assert!(
            open.is_subset(&all),
            "{center} opens only the round's cells"
        );
        assert!(
            union.is_disjoint(&open),
            "{center} opens another center's cell"
        );
        union.extend(open);
        // Each center's hand-out says whose it is and which round.
        let wb = part_text(&file, "xl/workbook.xml");
        assert!(wb.contains("_opfolg_center"), "{center}: no center mark");
        // The hand-out is read as round 3 of the same workbook.
        let (doc, _) = crate::common::check_json(&file, &[]);
        assert_eq!(doc["round"], 3, "{center}");
    }
    assert_eq!(union, all, "every cell to fill in is some center's");
    // 3.01 (Social og Sundhed): its economy smiley D39 is theirs only.
    let center = |c: &str| folder.join(format!("{c} – 3. opf. 2018.xlsx"));
    assert!(open_cells(&center("Social og Sundhed"), sheet).contains("D39"));
    assert!(!open_cells(&center("Børne- og Ungerådgivning"), sheet).contains("D39"));
}

#[test]
fn a_list_of_numbered_items_prints_whole_and_any_other_table_is_left_alone() {
    let dir = TempDir::new().unwrap();
    // Seed 002's list of decisions (items 3.1.1 …): one page wide, its
    // header row on every page.
    let out = dir.path().join("liste.xlsx");
    ok(opfolg()
        .args([
            "annotate",
            "samples/budget2021-udskydelser.xlsx",
            "--no-previous",
            "-o",
        ])
        .arg(&out));
    let sheet = part_text(&out, "xl/worksheets/sheet1.xml");
    let scale: f64 = attr_of(&sheet, "pageSetup", "scale")
        .unwrap()
        .parse()
        .unwrap();
    assert!(11.0 * scale / 100.0 >= 7.0, "{scale}");
    let header = read_cells(&out)[0]
        .1
        .iter()
        .find(|(_, d)| *d == "Nr.")
        .map(|((r, _), _)| *r)
        .expect("the header row");
    assert!(
        names(&out).iter().any(|(n, s, v)| n == "_xlnm.Print_Titles"
            && *s == Some(0)
            && v.ends_with(&format!("!${0}:${0}", header + 1))),
        "{:?}",
        names(&out)
    );
    // A table of fruit in a workbook that is no follow-up: its printing
    // is not ours to change.
    let fruit = dir.path().join("frugt.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in [
        "Frugt", "2019", "2020", "2021", "2022", "2023", "2024", "2025",
    ]
    .iter()
    .enumerate()
    {
        ws.write(0, c as u16, *h).unwrap();
    }
    for r in 1..6u32 {
        ws.write(r, 0, format!("Frugt {r}")).unwrap();
        for c in 1..8u16 {
            ws.write(r, c, f64::from(r) * f64::from(c)).unwrap();
        }
    }
    ws.set_column_width(0, 60).unwrap();
    wb.save(&fruit).unwrap();
    let out = dir.path().join("frugt-a.xlsx");
    ok(opfolg()
        .arg("annotate")
        .arg(&fruit)
        .args(["--no-previous", "-o"])
        .arg(&out));
    let sheet = part_text(&out, "xl/worksheets/sheet1.xml");
    assert!(!sheet.contains("<pageSetup"), "{sheet}");
}

/// Each row's height as written (`<row r ht>`), 1-based rows.
fn row_heights(xml: &str) -> std::collections::BTreeMap<u32, f64> {
    xml.split("<row ")
        .skip(1)
        .filter_map(|r| {
            let el = format!("<row {}>", &r[..r.find('>')?]);
            let row = attr_of(&el, "row", "r")?.parse().ok()?;
            let ht = attr_of(&el, "row", "ht")?.parse().ok()?;
            Some((row, ht))
        })
        .collect()
}

/// Found in a trial: a moved deadline's `Ændring` text wrapped on more
/// lines than its row was raised for once the column was narrowed to fit
/// the page, and ran into the row below on paper. Every row holding our
/// text is as tall as the text needs at the width the column prints at.
#[test]
fn our_text_fits_its_row_at_the_width_it_prints() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("a.xlsx");
    ok(opfolg()
        .args([
            "annotate",
            "samples/budget2018-opfoelgning-2.xlsx",
            "--previous",
            "samples/budget2018-opfoelgning-1.xlsx",
            "-o",
        ])
        .arg(&out));
    let xml = part_text(&out, "xl/worksheets/sheet1.xml");
    // G is Ændring: narrowed below its planned 26 characters.
    let (_, _, width) = widths(&xml)
        .into_iter()
        .find(|(min, max, _)| *min <= 7 && 7 <= *max)
        .expect("a width for G");
    assert!(width < 26.0, "G is narrowed on this sample: {width}");
    let heights = row_heights(&xml);
    let cells = read_cells(&out);
    let mut checked = 0;
    for ((row, col), value) in &cells[0].1 {
        let text = value.to_string();
        if *col != 6 || *row == 0 || text.is_empty() || text == "Ændring" {
            continue;
        }
        let lines = opfolg::package::wrapped_lines(&text, width - 0.71);
        let ht = heights.get(&(row + 1)).copied().unwrap_or(15.0);
        assert!(
            ht >= (lines as f64 * 15.0).min(409.0),
            "row {}: {lines} lines of {text:?} in {ht} pt",
            row + 1
        );
        checked += 1;
    }
    assert!(checked > 10, "{checked} rows with a change checked");
}
