//! Groups and subtotals in amount tables (issue 27.1, SPEC §3 "Money as
//! the documents write it"): seed 003's table with an `Anlæg` group and a
//! `Drift` group, each closed by its own total, then a grand total.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::common::{self, Cell, Grid, check_json, codes, diff_json, kinds, save};
use opfolg::model::{AmountTable, TableRow};

/// A sheet with a title, a blank row, then `rows` from row 3: cells that
/// read as Danish numbers (`3`, `2,5`, `-1,9`, `2025`) are Excel numbers,
/// the rest text.
fn sheet(rows: &[&[&str]]) -> Grid {
    let mut g = Grid::from_rows("Bilag A", &[&["Bilag A – budgetaftale 2025"]]);
    let number = regex::Regex::new(r"^-?\d+(,\d+)?$").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let cell = if number.is_match(text) {
                Cell::Number(text.replace(',', ".").parse().unwrap())
            } else {
                Cell::Text((*text).to_string())
            };
            g.cells.insert((r as u32 + 2, c as u16), cell);
        }
    }
    g
}

const HEADER: &[&str] = &["(mio. kr.)", "", "2025", "2026", "Finansieringskilde"];

/// The issue's table: `Anlæg`, its subtotal `anlaeg` (in column `col`,
/// 0 or 1), `Drift`, its subtotal `drift`, then `I alt`.
fn grouped(anlaeg: &str, drift: &str, col: usize) -> Grid {
    let sub = |words: &'static str, a: &'static str, b: &'static str| -> Vec<&'static str> {
        let mut row = vec!["", "", a, b];
        row[col] = words;
        row
    };
    let anlaeg: &'static str = Box::leak(anlaeg.to_string().into_boxed_str());
    let drift: &'static str = Box::leak(drift.to_string().into_boxed_str());
    let rows: Vec<Vec<&str>> = vec![
        HEADER.to_vec(),
        vec![
            "Anlæg",
            "Fysiske læringsmiljøer",
            "3",
            "2",
            "Ny finansiering",
        ],
        sub(anlaeg, "3", "2"),
        vec![
            "Drift",
            "Kompetenceudvikling",
            "2,5",
            "2,5",
            "Eksisterende centrale midler",
        ],
        vec!["", "Foranstaltningsbudget", "11", "11", "Ny finansiering"],
        sub(drift, "13,5", "13,5"),
        vec!["I alt", "", "16,5", "15,5"],
    ];
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    sheet(&rows)
}

fn table_of(path: &Path) -> AmountTable {
    let read = opfolg::read::read_workbook(
        &common::input(path),
        &opfolg::template::Template::danish(),
        Default::default(),
    )
    .unwrap();
    read.workbook.tables().next().expect("a table").clone()
}

/// (label, group, is_total, subtotal) of each row.
fn shape(table: &AmountTable) -> Vec<(String, Option<String>, bool, bool)> {
    table
        .rows
        .iter()
        .map(|r: &TableRow| (r.label.clone(), r.group.clone(), r.is_total, r.subtotal))
        .collect()
}

fn saved(dir: &Path, name: &str, g: Grid) -> PathBuf {
    save(dir, name, &[g])
}

#[test]
fn the_issues_table_with_subtotals_is_clean() {
    let dir = TempDir::new().unwrap();
    let path = saved(
        dir.path(),
        "bilag.xlsx",
        grouped("I alt anlæg", "I alt drift", 1),
    );
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        shape(&table_of(&path)),
        [
            ("Fysiske læringsmiljøer".into(), s("Anlæg"), false, false),
            ("I alt anlæg".into(), s("Anlæg"), true, true),
            ("Kompetenceudvikling".into(), s("Drift"), false, false),
            ("Foranstaltningsbudget".into(), s("Drift"), false, false),
            ("I alt drift".into(), s("Drift"), true, true),
            ("I alt".into(), None, true, false),
        ]
    );
}

#[test]
fn subtotals_are_read_however_they_are_written() {
    let dir = TempDir::new().unwrap();
    let spellings = [
        ("I alt anlæg", "I alt drift"),
        ("Anlæg i alt", "Drift i alt"),
        ("I alt, anlæg", "I alt, drift"),
        ("I ALT ANLÆG", "i alt Drift"),
        ("Subtotal", "Subtotal"),
        ("Subtotal anlæg", "Subtotal drift"),
        ("Delsum", "Delsum"),
        ("Sum anlæg", "Total drift"),
        ("Anlæg i alt", "I alt, drift"),
        ("<p>I alt anlæg</p>", " Drift  i alt "),
    ];
    for (n, (anlaeg, drift)) in spellings.iter().enumerate() {
        for col in [0, 1] {
            let name = format!("bilag-{n}-{col}.xlsx");
            let path = saved(dir.path(), &name, grouped(anlaeg, drift, col));
            let (doc, code) = check_json(&path, &[]);
            let found: Vec<_> = codes(&doc)
                .into_iter()
                .filter(|(c, _)| c != "S008")
                .collect();
            assert_eq!(
                (found, code),
                (vec![], 0),
                "{anlaeg} / {drift} in column {col}: {doc}"
            );
            let rows = shape(&table_of(&path));
            let subtotals: Vec<Option<String>> =
                rows.iter().filter(|r| r.3).map(|r| r.1.clone()).collect();
            assert_eq!(
                subtotals,
                [Some("Anlæg".to_string()), Some("Drift".to_string())],
                "{anlaeg} / {drift} in column {col}"
            );
            assert!(
                rows.iter().all(|r| r.0 != "Anlæg i alt" || r.2),
                "a subtotal is no group: {rows:?}"
            );
        }
    }
}

#[test]
fn without_subtotals_the_grand_total_sums_the_rows() {
    let dir = TempDir::new().unwrap();
    for total in [["I alt", ""], ["", "I alt"], ["Total", ""], ["", "Sum"]] {
        let rows: &[&[&str]] = &[
            HEADER,
            &[
                "Anlæg",
                "Fysiske læringsmiljøer",
                "3",
                "2",
                "Ny finansiering",
            ],
            &["Drift", "Kompetenceudvikling", "2,5", "2,5", "Eksisterende"],
            &["", "Foranstaltningsbudget", "11", "11", "Ny finansiering"],
            &[total[0], total[1], "16,5", "15,5"],
        ];
        let path = saved(dir.path(), "uden.xlsx", sheet(rows));
        let (doc, code) = check_json(&path, &[]);
        assert_eq!((codes(&doc), code), (vec![], 0), "{total:?}: {doc}");
        let groups: Vec<Option<String>> = table_of(&path)
            .rows
            .iter()
            .map(|r| r.group.clone())
            .collect();
        assert_eq!(
            groups,
            [
                Some("Anlæg".into()),
                Some("Drift".into()),
                Some("Drift".into()),
                None
            ],
            "{total:?}"
        );
        // A wrong grand total against the rows.
        let path = saved(
            dir.path(),
            "uden-fejl.xlsx",
            sheet(rows).set("C7", Cell::Number(16.0)),
        );
        let (doc, code) = check_json(&path, &[]);
        assert_eq!((codes(&doc), code), (vec![("A006".into(), "C7".into())], 1));
        let msg = doc["findings"][0]["message"].as_str().unwrap();
        assert!(msg.contains("16,5 mio. kr."), "{msg}");
    }
}

#[test]
fn a_wrong_subtotal_is_a006_naming_its_group() {
    let dir = TempDir::new().unwrap();
    for (anlaeg, drift) in [("I alt anlæg", "I alt drift"), ("Subtotal", "Subtotal")] {
        for col in [0, 1] {
            // Drift's subtotal says 14 where its rows give 13,5 (row 8).
            let g = grouped(anlaeg, drift, col).set("C8", Cell::Number(14.0));
            let path = saved(dir.path(), "forkert-sub.xlsx", g);
            let (doc, code) = check_json(&path, &[]);
            assert_eq!(
                (codes(&doc), code),
                (vec![("A006".into(), "C8".into())], 1),
                "only the subtotal, not the grand total that sums the subtotals: {doc}"
            );
            let msg = doc["findings"][0]["message"].as_str().unwrap();
            assert!(
                msg.contains("Drift")
                    && msg.contains("14 mio. kr.")
                    && msg.contains("13,5 mio. kr."),
                "{msg}"
            );
        }
    }
    // Anlæg's subtotal wrong in 2026 (D5): the group is Anlæg.
    let g = grouped("Anlæg i alt", "Drift i alt", 0).set("D5", Cell::Number(3.0));
    let path = saved(dir.path(), "forkert-anlaeg.xlsx", g);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(codes(&doc), vec![("A006".into(), "D5".into())]);
    let msg = doc["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("Anlæg") && msg.contains("2 mio. kr."), "{msg}");
}

#[test]
fn a_wrong_grand_total_is_checked_against_the_subtotals() {
    let dir = TempDir::new().unwrap();
    let g = grouped("I alt anlæg", "I alt drift", 1).set("D9", Cell::Number(16.5));
    let path = saved(dir.path(), "forkert-total.xlsx", g);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![("A006".into(), "D9".into())], 1));
    let msg = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("16,5 mio. kr.") && msg.contains("15,5 mio. kr."),
        "{msg}"
    );
    // A wrong subtotal (4 where the row says 3) is one mistake, found at
    // the subtotal, whether the grand total sums the rows (16,5) or the
    // subtotals (17,5); a grand total that is neither is a second one.
    for (grand, expected) in [
        (16.5, vec!["C5"]),
        (17.5, vec!["C5"]),
        (20.0, vec!["C5", "C9"]),
    ] {
        let g = grouped("I alt anlæg", "I alt drift", 1)
            .set("C5", Cell::Number(4.0))
            .set("C9", Cell::Number(grand));
        let path = saved(dir.path(), "forkert-begge.xlsx", g);
        let found = codes(&check_json(&path, &[]).0);
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|c| ("A006".to_string(), c.to_string()))
            .collect();
        assert_eq!(found, expected, "grand total {grand}");
    }
}

#[test]
fn subtotals_naming_groups_without_a_group_column() {
    let dir = TempDir::new().unwrap();
    let rows: &[&[&str]] = &[
        &["(mio. kr.)", "2025", "2026", "Finansieringskilde"],
        &["Fysiske læringsmiljøer", "3", "2", "Ny finansiering"],
        &["I alt anlæg", "3", "2"],
        &["Kompetenceudvikling", "2,5", "2,5", "Eksisterende"],
        &["Foranstaltningsbudget", "11", "11", "Ny finansiering"],
        &["Drift i alt", "13,5", "13,5"],
        &["I alt", "16,5", "15,5"],
    ];
    let path = saved(dir.path(), "uden-gruppekolonne.xlsx", sheet(rows));
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    let groups: Vec<Option<String>> = table_of(&path)
        .rows
        .iter()
        .map(|r| r.group.clone())
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        groups,
        [
            s("Anlæg"),
            s("Anlæg"),
            s("Drift"),
            s("Drift"),
            s("Drift"),
            None
        ],
        "the rows take the group their subtotal names"
    );
}

#[test]
fn the_same_label_in_two_groups_is_two_rows() {
    let dir = TempDir::new().unwrap();
    let rows = |anlaeg: &'static str, drift: &'static str| -> Grid {
        sheet(&[
            HEADER,
            &["Anlæg", "Læringsmiljøer", anlaeg, "2", "Ny finansiering"],
            &["", "I alt anlæg", anlaeg, "2"],
            &["Drift", "Læringsmiljøer", drift, "0,8", "Ny finansiering"],
            &["", "I alt drift", drift, "0,8"],
            &["I alt", "", "3,8", "2,8"],
        ])
    };
    let prev = saved(dir.path(), "bilag-2025.xlsx", rows("3", "0,8"));
    let (doc, code) = check_json(&prev, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "no A008: {doc}");
    // Next year's version: 0,5 more to Drift's Læringsmiljøer, Anlæg as it was.
    let cur = saved(
        dir.path(),
        "bilag-2026.xlsx",
        rows("3", "1,3").set("C8", Cell::Number(4.3)),
    );
    let (doc, _) = diff_json(&prev, &cur);
    let changes = kinds(&doc);
    let cells: Vec<&str> = changes.iter().map(|(_, cell, _)| cell.as_str()).collect();
    assert_eq!(cells, ["C6", "C7", "C8"], "{doc}");
    assert!(
        changes.iter().all(|(k, _, _)| k == "amount_changed"),
        "{doc}"
    );
    let first = &doc["changes"][0];
    assert_eq!(first["row"], "Læringsmiljøer", "{first}");
    assert_eq!(first["group"], "Drift", "{first}");
    let text = common::opfolg()
        .args(["diff".as_ref(), prev.as_os_str(), cur.as_os_str()])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("Bilag A Drift / Læringsmiljøer\n"), "{text}");
    // The annotated workbook's `Ændringer` names the row after its group.
    let out = dir.path().join("bilag-2026-kommenteret.xlsx");
    let (code, _, err) = common::annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let changes = &cells.iter().find(|(n, _)| n == "Ændringer").unwrap().1;
    let heads: Vec<String> = changes
        .iter()
        .filter(|((r, c), _)| *c == 0 && *r > 0)
        .map(|(_, v)| v.to_string())
        .collect();
    assert_eq!(
        heads,
        ["Drift / Læringsmiljøer", "Drift / I alt drift", "I alt"],
        "{changes:?}"
    );
}

#[test]
fn a_group_column_with_a_header_of_its_own() {
    let dir = TempDir::new().unwrap();
    // `Område` over the groups, written on each group's first row only;
    // `Nr.` and `Tiltag` filled on every row are the rows' own texts.
    let rows: &[&[&str]] = &[
        &["Område", "Nr.", "Tiltag", "2025", "2026"],
        &["Anlæg", "1.1", "Fysiske læringsmiljøer", "3", "2"],
        &["", "", "I alt anlæg", "3", "2"],
        &["Drift", "2.1", "Kompetenceudvikling", "2,5", "2,5"],
        &["", "2.2", "Foranstaltningsbudget", "11", "11"],
        &["", "", "Drift i alt", "13,5", "13,5"],
        &["I alt", "", "", "16,5", "15,5"],
    ];
    let path = saved(dir.path(), "omraade.xlsx", sheet(rows));
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    let table = table_of(&path);
    let got: Vec<(String, Option<String>)> = table
        .rows
        .iter()
        .map(|r| (r.key.clone(), r.group.clone()))
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        got,
        [
            ("1.1".into(), s("Anlæg")),
            ("I alt anlæg".into(), s("Anlæg")),
            ("2.1".into(), s("Drift")),
            ("2.2".into(), s("Drift")),
            ("Drift i alt".into(), s("Drift")),
            ("I alt".into(), None),
        ]
    );
    // Every row named in full (seed 002's `Nr.` and `Tiltag`): no groups.
    let rows: &[&[&str]] = &[
        &["Nr.", "Tiltag", "Center", "Budget (mio. kr.)", "Beslutning"],
        &[
            "3.1.1",
            "Barnets første 1.000 dage",
            "C-SIK",
            "1,5",
            "Godkendt.",
        ],
        &[
            "3.1.3",
            "Pulje til linjefag",
            "C-SIK",
            "0,5",
            "Undersøges nærmere.",
        ],
        &["", "I alt", "", "2"],
    ];
    let path = saved(dir.path(), "udskydelser.xlsx", sheet(rows));
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    assert!(table_of(&path).rows.iter().all(|r| r.group.is_none()));
}

#[test]
fn the_overview_sums_each_group() {
    let dir = TempDir::new().unwrap();
    // The issue's table: `Anlæg` and `Drift`, each with its subtotal.
    let path = saved(
        dir.path(),
        "bilag.xlsx",
        grouped("I alt anlæg", "Drift i alt", 1),
    );
    let out = dir.path().join("bilag-annoteret.xlsx");
    let (code, _, err) = common::annotate(&[path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let overview = &cells.iter().find(|(n, _)| n == "Overblik").unwrap().1;
    let input = &cells.iter().find(|(n, _)| n == "Bilag A").unwrap().1;
    let number = |cells: &common::Cells, r: u32, c: u32| match cells.get(&(r, c)) {
        Some(calamine::Data::Float(f)) => *f,
        Some(calamine::Data::Int(i)) => *i as f64,
        other => panic!("({r}, {c}): {other:?}"),
    };
    let caption = overview
        .iter()
        .find(|(_, v)| v.to_string().starts_with("Beløb pr. gruppe"))
        .map(|((r, _), v)| (*r, v.to_string()))
        .expect("the group table");
    assert_eq!(caption.1, "Beløb pr. gruppe: Bilag A (mio. kr.)");
    let top = caption.0;
    let name = |r: u32| overview.get(&(r, 0)).map(ToString::to_string);
    assert_eq!(name(top + 1).as_deref(), Some("Gruppe"));
    assert_eq!(overview.get(&(top + 1, 1)).unwrap().to_string(), "2025");
    // Each group's sum is its rows' cells in the workbook (rows 4, 6-7
    // 1-based; columns C and D), and the total their sum.
    for (col, c) in [(1, 2), (2, 3)] {
        let anlaeg = number(input, 3, c);
        let drift = number(input, 5, c) + number(input, 6, c);
        assert_eq!(name(top + 2).as_deref(), Some("Anlæg"));
        assert_eq!(number(overview, top + 2, col), anlaeg);
        assert_eq!(name(top + 3).as_deref(), Some("Drift"));
        assert_eq!(number(overview, top + 3, col), drift);
        assert_eq!(name(top + 4).as_deref(), Some("I alt"));
        assert_eq!(number(overview, top + 4, col), anlaeg + drift);
        assert_eq!(
            number(overview, top + 4, col),
            number(input, 8, c),
            "the grand total"
        );
    }
}

#[test]
fn a_group_without_its_subtotal_counts_by_its_rows() {
    let dir = TempDir::new().unwrap();
    // Anlæg closed by its subtotal, Drift not: the grand total is Anlæg's
    // subtotal and Drift's rows.
    let rows: &[&[&str]] = &[
        HEADER,
        &[
            "Anlæg",
            "Fysiske læringsmiljøer",
            "3",
            "2",
            "Ny finansiering",
        ],
        &["Anlæg i alt", "", "3", "2"],
        &["Drift", "Kompetenceudvikling", "2,5", "2,5", "Eksisterende"],
        &["", "Foranstaltningsbudget", "11", "11", "Ny finansiering"],
        &["I alt", "", "16,5", "15,5"],
    ];
    let path = saved(dir.path(), "blandet.xlsx", sheet(rows));
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    let path = saved(
        dir.path(),
        "blandet-fejl.xlsx",
        sheet(rows).set("D8", Cell::Number(16.0)),
    );
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![("A006".into(), "D8".into())], 1));
    let msg = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("subtotalerne") && msg.contains("15,5 mio. kr."),
        "{msg}"
    );
}
