//! The economy amount beside the text (issue 26.2): many workbooks put the
//! amount in a number cell of its own on the economy row, in the `Tid`
//! column, formatted with its unit (`0.000 "mio. kr."`, `#,##0 "t. kr."`),
//! with the text `Der er afsat i 2018:` beside it.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::common::{self, Cell, Grid, check_json, clean, codes, diff_json, kinds, save};

/// The clean round-1 workbook with 3.01's economy row (row 10) written the
/// other way: `label` in B10 and `amount` in C10, the `Tid` column.
fn beside(label: &str, amount: Cell) -> Grid {
    clean().text("B10", label).set("C10", amount)
}

/// The same workbook as round 2.
fn round_two(g: Grid) -> Grid {
    g.text(
        "A1",
        "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
    )
}

fn number(n: f64, code: &str) -> Cell {
    Cell::Formatted(n, code.to_string())
}

/// Saves two rounds and returns their paths.
fn rounds(dir: &Path, prev: Grid, cur: Grid) -> (PathBuf, PathBuf) {
    (
        save(dir, "opf1.xlsx", &[prev]),
        save(dir, "opf2.xlsx", &[round_two(cur)]),
    )
}

const KR: &str = r#"_-* #,##0 "kr."_-;-* #,##0 "kr."_-;_-* "-" "kr."_-;_-@_-"#;

/// 0,762 → 0,9 mio. kr., written in many ways: one `amount_changed` at the
/// number's own cell, the exact delta, and no text change.
#[test]
fn a_changed_amount_beside_the_text_is_amount_changed() {
    let cases: &[(&str, Cell, Cell)] = &[
        (
            "Der er afsat i 2018:",
            number(0.762, r#"0.000 "mio. kr.""#),
            number(0.9, r#"0.000 "mio. kr.""#),
        ),
        (
            "Der er afsat i 2018:",
            number(762.0, r#"#,##0 "t. kr.""#),
            number(900.0, r#"#,##0 "t. kr.""#),
        ),
        (
            "Afsat 2018",
            number(0.762, r#"#,##0.000 "mio.kr.""#),
            number(0.9, r#"#,##0.0 "mio.kr.""#),
        ),
        ("Budget 2018:", number(762_000.0, KR), number(900_000.0, KR)),
        (
            "Økonomi i alt",
            number(762_000.0, "#,##0 [$kr.-406]"),
            number(900_000.0, "#,##0 [$kr.-406]"),
        ),
        (
            "Der er afsat",
            number(762_000.0, r#"#,##0.000,, "mio. kr.""#),
            number(0.9, r#"0.0" mio kr""#),
        ),
        (
            "Beløb i 2018 =",
            number(762.0, r#"#,##0" t.kr.""#),
            number(0.9, r#"0.0 "mio. kr.""#),
        ),
        (
            "<p>Der er afsat i 2018:</p>",
            Cell::Text("0,762 mio. kr.".into()),
            Cell::Text("0,9 mio. kr.".into()),
        ),
        (
            "Der er afsat i 2018:",
            Cell::Text("kr. 762.000".into()),
            number(900.0, r#"#,##0 "tkr.""#),
        ),
    ];
    for (label, before, after) in cases {
        let dir = TempDir::new().unwrap();
        let (p, c) = rounds(
            dir.path(),
            beside(label, before.clone()),
            beside(label, after.clone()),
        );
        let (doc, code) = diff_json(&p, &c);
        assert_eq!(code, 0);
        let what = format!("{label} {before:?} → {after:?}");
        assert_eq!(
            kinds(&doc),
            vec![("amount_changed".into(), "C10".into(), "economy".into())],
            "{what}: {doc}"
        );
        let change = &doc["changes"][0];
        assert_eq!(change["before"], 762_000, "{what}");
        assert_eq!(change["after"], 900_000, "{what}");
        assert_eq!(change["delta_kr"], 138_000, "{what}");
        assert_eq!(change["initiative"], "3.01", "{what}");
    }
}

/// The same amount, however its cell shows it, is no change; nor is a
/// year in the `Tid` cell.
#[test]
fn an_unchanged_amount_beside_the_text_is_no_change() {
    let cases: &[(&str, Cell, Cell)] = &[
        (
            "Der er afsat i 2018:",
            number(0.762, r#"0.000 "mio. kr.""#),
            number(0.762, r#"0.000 "mio. kr.""#),
        ),
        (
            "Der er afsat i 2018:",
            number(0.762, r#"0.000 "mio. kr.""#),
            number(762.0, r#"#,##0 "t. kr.""#),
        ),
        (
            "Der er afsat:",
            number(762.0, r#"#,##0 "t. kr.""#),
            number(762_000.0, KR),
        ),
        (
            "Der er afsat i 2018:",
            Cell::Text("0,762 mio. kr.".into()),
            number(0.762, r#"0.000 "mio. kr.""#),
        ),
        (
            "Der er afsat 0,762 mio. kr. i",
            Cell::Number(2018.0),
            Cell::Number(2018.0),
        ),
    ];
    for (label, before, after) in cases {
        let dir = TempDir::new().unwrap();
        let (p, c) = rounds(
            dir.path(),
            beside(label, before.clone()),
            beside(label, after.clone()),
        );
        let (doc, _) = diff_json(&p, &c);
        assert_eq!(kinds(&doc), vec![], "{label} {before:?} → {after:?}: {doc}");
    }
}

/// The amount beside the text is the economy's amount for the checks:
/// no A009 (its unit is in its format), A004 against the description's
/// 0,762 mio. kr. in 2018 at the number's cell, D004 without a `Status:`.
#[test]
fn the_amount_beside_the_text_is_checked_at_its_cell() {
    let dir = TempDir::new().unwrap();
    let same = save(
        dir.path(),
        "same.xlsx",
        &[beside(
            "Der er afsat i 2018:",
            number(762.0, r#"#,##0 "t. kr.""#),
        )],
    );
    let (doc, _) = check_json(&same, &[]);
    let found = codes(&doc);
    assert!(
        !found.iter().any(|(c, _)| c == "A009" || c == "A004"),
        "{found:?}"
    );
    let other = save(
        dir.path(),
        "other.xlsx",
        &[beside(
            "Der er afsat i 2018:",
            number(0.9, r#"0.0 "mio. kr.""#),
        )],
    );
    let (doc, _) = check_json(&other, &[]);
    assert!(
        codes(&doc).contains(&("A004".into(), "C10".into())),
        "{:?}",
        codes(&doc)
    );
    let message = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "A004")
        .unwrap()["message"]
        .to_string();
    assert!(
        message.contains("0,9 mio. kr.") && message.contains("0,762 mio. kr."),
        "{message}"
    );
    let (p, c) = rounds(
        dir.path(),
        beside("Der er afsat i 2018:", number(0.762, r#"0.000 "mio. kr.""#)),
        beside("Der er afsat i 2018:", number(0.9, r#"0.000 "mio. kr.""#)),
    );
    let (doc, _) = check_json(&c, &["--previous", p.to_str().unwrap()]);
    assert!(
        codes(&doc).contains(&("D004".into(), "C10".into())),
        "{:?}",
        codes(&doc)
    );
}

/// A number beside the text whose format names no unit: its unit is not
/// guessed. A009 asks for it at its cell, and a change of it is shown as
/// written (`0,762` → `0,9`), never lost.
#[test]
fn a_number_without_a_unit_beside_the_text_asks_for_one() {
    let dir = TempDir::new().unwrap();
    for (i, plain) in [
        Cell::Number(0.762),
        number(0.762, "0.000"),
        number(0.762, "#,##0.000"),
        Cell::Text("0,762".into()),
    ]
    .into_iter()
    .enumerate()
    {
        let path = save(
            dir.path(),
            &format!("plain{i}.xlsx"),
            &[beside("Der er afsat i 2018:", plain.clone())],
        );
        let (doc, _) = check_json(&path, &[]);
        let a009: Vec<_> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "A009")
            .collect();
        assert_eq!(a009.len(), 1, "{plain:?}: {doc}");
        assert_eq!(a009[0]["cell"], "C10", "{plain:?}");
        assert!(
            a009[0]["message"].as_str().unwrap().contains("0,762"),
            "{plain:?}: {}",
            a009[0]["message"]
        );
    }
    let (p, c) = rounds(
        dir.path(),
        beside("Der er afsat i 2018:", Cell::Number(0.762)),
        beside("Der er afsat i 2018:", Cell::Number(0.9)),
    );
    let (doc, _) = diff_json(&p, &c);
    assert_eq!(
        kinds(&doc),
        vec![("text_changed".into(), "C10".into(), "economy".into())],
        "{doc}"
    );
    assert_eq!(doc["changes"][0]["before"], "0,762");
    assert_eq!(doc["changes"][0]["after"], "0,9");
}

/// The annotated workbook says it in Danish: the `Ændring` column of the
/// economy row, a note on the number's cell with the amount before, the
/// cell keeps its number; the `Ændringer` sheet names the amounts.
#[test]
fn the_annotated_workbook_shows_the_amount_beside_the_text() {
    let dir = TempDir::new().unwrap();
    let (p, c) = rounds(
        dir.path(),
        beside("Der er afsat i 2018:", number(0.762, r#"0.000 "mio. kr.""#)),
        beside(
            "Der er afsat i 2018:\nStatus: Rammen er øget.",
            number(0.9, r#"0.000 "mio. kr.""#),
        ),
    );
    let out = dir.path().join("ud.xlsx");
    common::annotate_against(&c, &p, &out);
    common::assert_nothing_lost(&c, &out);
    let cells = common::read_cells(&out);
    let text = |sheet: &str, at: &str| super::text_at(&cells, sheet, at);
    assert_eq!(text("Ark1", "C10"), "0.9", "the number stays a number");
    let change_col = (4..12)
        .map(|c| format!("{}4", char::from(b'A' + c)))
        .find(|at| text("Ark1", at) == "Ændring")
        .expect("the Ændring column");
    let row10 = change_col.replace('4', "10");
    assert!(
        text("Ark1", &row10).contains("0,762 mio. kr. → 0,9 mio. kr."),
        "{}",
        text("Ark1", &row10)
    );
    let comments = super::package_part(&out, "xl/comments1.xml");
    assert!(comments.contains("før: 0,762 mio. kr."), "{comments}");
    let sheet = &cells.iter().find(|(n, _)| n == "Ændringer").unwrap().1;
    let all: Vec<String> = sheet.values().map(|d| d.to_string()).collect();
    assert!(
        all.iter().any(|s| s == "0,762 mio. kr.") && all.iter().any(|s| s == "0,9 mio. kr."),
        "{all:?}"
    );
}

/// The hand-out opens the amount's own cell with the economy text, so
/// the center can change it in the protected sheet.
#[test]
fn the_handout_opens_the_amount_beside_the_text() {
    let dir = TempDir::new().unwrap();
    let first = save(
        dir.path(),
        "budget2018-opf1.xlsx",
        &[beside(
            "Der er afsat i 2018:",
            number(0.762, r#"0.000 "mio. kr.""#),
        )],
    );
    let out = dir.path().join("ud.xlsx");
    let status = common::opfolg()
        .args([
            "new-round".as_ref(),
            first.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let mut pkg = opfolg::package::Package::open_input(&common::input(&out)).unwrap();
    let open = opfolg::package::locks::unlocked_cells(&mut pkg).unwrap();
    let open = open.get("Ark1").cloned().unwrap_or_default();
    assert!(open.contains(&common::a1("B10")), "{open:?}");
    assert!(open.contains(&common::a1("C10")), "{open:?}");
    // It is still a number in its format.
    let (doc, _) = check_json(&out, &[]);
    assert!(
        !codes(&doc).iter().any(|(c, _)| c == "A009"),
        "{:?}",
        codes(&doc)
    );
}

/// An amount beside the text taken away or added is a change of the
/// economy text, showing the amount: never silent.
#[test]
fn an_amount_beside_the_text_taken_away_or_added_is_shown() {
    let dir = TempDir::new().unwrap();
    let with = beside("Der er afsat i 2018:", number(0.762, r#"0.000 "mio. kr.""#));
    let without = clean().text("B10", "Der er afsat i 2018:");
    for (prev, cur, before, after) in [
        (
            with.clone(),
            without.clone(),
            "Der er afsat i 2018: 0,762 mio. kr.",
            "Der er afsat i 2018:",
        ),
        (
            without,
            with,
            "Der er afsat i 2018:",
            "Der er afsat i 2018: 0,762 mio. kr.",
        ),
    ] {
        let (p, c) = rounds(dir.path(), prev, cur);
        let (doc, _) = diff_json(&p, &c);
        assert_eq!(
            kinds(&doc),
            vec![("text_changed".into(), "B10".into(), "economy".into())],
            "{doc}"
        );
        assert_eq!(doc["changes"][0]["before"], before);
        assert_eq!(doc["changes"][0]["after"], after);
    }
}
