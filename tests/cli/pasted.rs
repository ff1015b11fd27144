//! Tables pasted from a document (issue 27.4, seed 002): amounts stored as
//! text are read as their numbers, one A012 per column; a header repeated
//! at a page break is the header again.

use tempfile::TempDir;

use super::common::{self, Cell, Grid, check_json, codes, diff_json, kinds, save};
use opfolg::model::{Amount, AmountTable, TableValue};

fn table_of(path: &std::path::Path) -> AmountTable {
    let read = opfolg::read::read_workbook(
        &common::input(path),
        &opfolg::template::Template::danish(),
        Default::default(),
    )
    .unwrap();
    read.workbook.tables().next().expect("a table").clone()
}

const HEAD: &[&str] = &[
    "Nr.",
    "Tiltag",
    "Center",
    "Ramme",
    "Budget (mio. kr.)",
    "Udskydes/annulleres",
    "Bemærkninger til forslagene",
    "Beslutning",
];

/// Seed 002 as pasted: every cell text, `1,5` included; the page break
/// between 3.1.3 and 3.1.4 repeats the page's heading (date, sender) and
/// the header as the seed writes it (its first cell the page's title,
/// `Budget` and `(mio. kr.)` on two lines).
fn seed_002(total: &str) -> Grid {
    Grid::from_rows(
        "Tiltag 2",
        &[
            &["Tiltag 2 - Beslutninger fra aftale om budget 2021 som kan udskydes/annulleres"],
            &["Den 29. april 2021"],
            &[],
            HEAD,
            &[
                "3.1.1",
                "Barnets første 1.000 dage.",
                "C-SIK",
                "30.50",
                "1,5",
                "Kan udskydes",
                "Tages af tidligere års bevilling (ramme 30.50).",
                "KMB 26/4-21: Godkendt.",
            ],
            &[
                "3.1.3",
                "Pulje til støtte af uddannelse til højere linjefagskompetence.",
                "C-SIK",
                "30.30",
                "0,5",
                "Kan udskydes",
                "Kan udskydes i 2021 til 2022.",
                "KMB 26/4-21: Undersøges nærmere.",
            ],
            &["Den 29. april 2021"],
            &["Ballerup Kommune, Center for Økonomi Sagsid: 00.30.10-P19-6-21"],
            &[
                "Tiltag 2 - Beslutninger fra aftale om budget 2021 som kan udskydes/annulleres",
                "",
                "Center",
                "Ramme",
                "Budget\n(mio. kr.)",
                "Udskydes/annulleres",
                "Bemærkninger  til forslagene",
                "Beslutning",
            ],
            &[
                "3.1.4",
                "Afholdelse af fælleskonference mellem bestyrelserne på skoler og børnehusene.",
                "C-SIK",
                "30.30",
                "0,2",
                "Kan udskydes",
                "Udskydes til B2022.",
                "KMB 26/4-21: Godkendt med denne bemærkning.",
            ],
            &["", "I alt", "", "", total],
        ],
    )
}

#[test]
fn seed_002_pasted_is_read_as_numbers_with_one_warning() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "udskydelser.xlsx", &[seed_002("2,2")]);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!(
        (codes(&doc), code),
        (vec![("A012".into(), "E5".into())], 0),
        "one warning for the column, no A005 per cell, no A006, the page break no row: {doc}"
    );
    let msg = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("Budget (mio. kr.)") && msg.contains("har 4 tal") && msg.contains("`1,5`"),
        "{msg}"
    );
    let table = table_of(&path);
    let keys: Vec<&str> = table.rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["3.1.1", "3.1.3", "3.1.4", "I alt"]);
    assert_eq!(
        table.rows[0].cells[0].value,
        TableValue::Text(Amount::kr(1_500_000), "1,5".into())
    );
    // A wrong total is still found, in the numbers the text says.
    let path = save(dir.path(), "forkert.xlsx", &[seed_002("2,5")]);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!(
        (codes(&doc), code),
        (
            vec![("A012".into(), "E5".into()), ("A006".into(), "E11".into())],
            1
        )
    );
    let msg = doc["findings"][1]["message"].as_str().unwrap();
    assert!(
        msg.contains("2,5 mio. kr.") && msg.contains("2,2 mio. kr."),
        "{msg}"
    );
    // In English.
    let (code, stdout) = {
        let out = common::opfolg()
            .args(["check".as_ref(), path.as_os_str()])
            .args(["--template", "templates/en.toml"])
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    assert_eq!(code, Some(1));
    assert!(
        stdout
            .contains("warning[A012]: The column `Budget (mio. kr.)` has 4 numbers stored as text"),
        "{stdout}"
    );
}

#[test]
fn one_warning_per_column_at_its_first_text_number() {
    let dir = TempDir::new().unwrap();
    // Seed 003's table with `2,5` and `11,0` typed as text in 2025 and
    // `-4,5` in 2028; 2026 and 2027 are numbers.
    let g = common::invest_table()
        .text("C4", "2,5")
        .text("C6", "11,0")
        .text("F7", "-4,5");
    let path = save(dir.path(), "bilag.xlsx", &[g]);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!(
        (codes(&doc), code),
        (
            vec![("A012".into(), "C4".into()), ("A012".into(), "F7".into())],
            0
        ),
        "{doc}"
    );
    let first = doc["findings"][0]["message"].as_str().unwrap();
    assert!(
        first.contains("`2025`") && first.contains("har 2 tal"),
        "{first}"
    );
    // Text that is no number stays an error of its own cell.
    let g = common::invest_table().text("C4", "2,5").text("D4", "ca. 2");
    let path = save(dir.path(), "bilag-ca.xlsx", &[g]);
    let found = codes(&check_json(&path, &[]).0);
    assert!(found.contains(&("A012".into(), "C4".into())), "{found:?}");
    assert!(found.contains(&("A005".into(), "D4".into())), "{found:?}");
}

#[test]
fn a_year_header_repeated_at_a_page_break() {
    let dir = TempDir::new().unwrap();
    // Seed 003's header (row 3) again before row 7, its years as text.
    let g = common::invest_table().insert_row(
        7,
        &[
            "(mio. kr.)",
            "",
            "2025",
            "2026",
            "2027",
            "2028",
            "Finansieringskilde",
        ],
    );
    // The SUM formulas of row 10 still cover the data rows.
    let g = ["C", "D", "E", "F"].iter().fold(g, |g, c| {
        match g.cells.get(&common::a1(&format!("{c}10"))).cloned() {
            Some(Cell::Formula(_, v)) => g.set(
                &format!("{c}10"),
                Cell::Formula(format!("=SUM({c}4:{c}9)"), v),
            ),
            _ => g,
        }
    });
    let path = save(dir.path(), "bilag.xlsx", &[g]);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    let table = table_of(&path);
    assert_eq!(
        table.rows.len(),
        6,
        "five rows and the total, no header row"
    );
    assert!(table.rows.iter().all(|r| r.key != "(mio. kr.)"));
}

#[test]
fn amounts_retyped_as_text_are_no_change() {
    let dir = TempDir::new().unwrap();
    let prev = save(dir.path(), "bilag-1.xlsx", &[common::invest_table()]);
    let g = common::invest_table().text("C4", "2,5").text("F7", "-4,5");
    let cur = save(dir.path(), "bilag-2.xlsx", &[g]);
    let (doc, _) = diff_json(&prev, &cur);
    assert_eq!(kinds(&doc), vec![], "{doc}");
}
