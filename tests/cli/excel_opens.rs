//! Workbooks Excel opens and calamine refuses (issue 26.7): read through a
//! mended copy in memory, annotated like the rest, and kept whole — the
//! user's file untouched. Each is a clean follow-up whose package is
//! written the way other tools write it (found in public test files: UTF-16
//! parts from PhpSpreadsheet's tests, a sheet without a relationship from
//! ClosedXML's and Apache POI's, `state="show"` from exceljs').

use std::io::{Read, Write};
use std::path::Path;

use tempfile::TempDir;
use zip::write::SimpleFileOptions;

use super::common::package::{Allow, compare};
use super::common::{self, clean};

/// A copy of `src` with each part passed through `f` (its name, its text).
fn rewritten(src: &Path, dst: &Path, f: impl Fn(&str, String) -> Vec<u8>) {
    let mut a = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..a.len() {
        let mut e = a.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut body = String::new();
        e.read_to_string(&mut body).unwrap();
        z.start_file(name.clone(), SimpleFileOptions::default())
            .unwrap();
        z.write_all(&f(&name, body)).unwrap();
    }
    z.finish().unwrap();
}

/// The text in UTF-16, its declaration saying so.
fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let text = text.replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    let mut out = Vec::new();
    let units = bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16());
    for u in units {
        out.extend(match big_endian {
            true => u.to_be_bytes(),
            false => u.to_le_bytes(),
        });
    }
    out
}

/// The findings `check` gives, as (code, sheet, cell).
fn findings(path: &Path) -> (i32, Vec<(String, String, String)>) {
    let (doc, code) = common::check_json(path, &[]);
    let list = doc["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: {doc}", path.display()))
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("code"), s("sheet"), s("cell"))
        })
        .collect();
    (code, list)
}

#[test]
fn workbooks_excel_opens_are_annotated_like_the_rest() {
    let dir = TempDir::new().unwrap();
    // Milestone 1 of 3.01 has lost its smiley: one M005 to find.
    let plain = common::save(dir.path(), "plain.xlsx", &[clean().clear("D6")]);
    let want = findings(&plain);
    assert!(want.1.iter().any(|f| f.0 == "M005"), "{want:?}");
    type Mend = Box<dyn Fn(&str, String) -> Vec<u8>>;
    let wb_only = |f: fn(String) -> String| -> Mend {
        Box::new(move |name: &str, body: String| match name {
            "xl/workbook.xml" => f(body).into_bytes(),
            _ => body.into_bytes(),
        })
    };
    let cases: Vec<(&str, Mend)> = vec![
        (
            "workbook.xml in UTF-16, big-endian with a byte order mark",
            Box::new(|name: &str, body: String| match name {
                "xl/workbook.xml" => utf16(&body, true, true),
                _ => body.into_bytes(),
            }),
        ),
        (
            "workbook.xml in UTF-16, big-endian without a byte order mark",
            Box::new(|name: &str, body: String| match name {
                "xl/workbook.xml" => utf16(&body, true, false),
                _ => body.into_bytes(),
            }),
        ),
        (
            "every XML part in UTF-16, little-endian (the sheet opfolg patches too)",
            Box::new(|name: &str, body: String| match name {
                n if n.ends_with(".xml") || n.ends_with(".rels") => utf16(&body, false, true),
                _ => body.into_bytes(),
            }),
        ),
        (
            "a sheet with r:id=\"\" (a macro sheet saved without its part)",
            wb_only(|b| {
                b.replace(
                    "<sheet name=\"Ark1\"",
                    "<sheet name=\"Module1\" sheetId=\"9\" state=\"veryHidden\" r:id=\"\"/><sheet name=\"Ark1\"",
                )
            }),
        ),
        (
            "a sheet whose relationship the workbook lacks",
            wb_only(|b| {
                b.replace(
                    "</sheets>",
                    "<sheet name=\"Makro\" sheetId=\"8\" state=\"hidden\" r:id=\"rId77\"/></sheets>",
                )
            }),
        ),
        (
            "state=\"show\"",
            wb_only(|b| {
                b.replace(
                    "<sheet name=\"Ark1\"",
                    "<sheet state=\"show\" name=\"Ark1\"",
                )
            }),
        ),
    ];
    for (i, (what, mend)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("mended-{i}.xlsx"));
        rewritten(&plain, &path, mend);
        // calamine alone refuses it.
        assert!(
            calamine::open_workbook::<calamine::Xlsx<_>, _>(&path).is_err(),
            "{what}: calamine reads it itself, the test proves nothing"
        );
        let before = std::fs::read(&path).unwrap();
        assert_eq!(findings(&path), want, "{what}");
        let out = dir.path().join(format!("mended-{i}-annoteret.xlsx"));
        let (code, _, err) = common::annotate(&[
            path.as_os_str(),
            "--no-previous".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(code, 0, "{what}: {err}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "{what}: input touched"
        );
        let allow = Allow {
            smileys: true,
            ..Allow::default()
        };
        let problems = compare(&path, &out, allow);
        assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
        // The annotated workbook reads as the input did, with the smiley
        // column and the Kontrol sheet added.
        let again = findings(&out);
        assert_eq!(again.0, want.0, "{what}");
        let sheets = common::part_text(&out, "xl/workbook.xml");
        assert!(sheets.contains("name=\"Kontrol\""), "{what}: {sheets}");
    }
}
