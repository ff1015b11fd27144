//! The year's edges (issue 28): deadlines as the documents write them,
//! 😐 at the year end, and a postponed milestone.

use tempfile::TempDir;

use super::common::{Grid, check_json, clean, save};

/// The findings of `check` on one planted workbook: (code, cell, message).
fn findings(g: Grid, extra: &[&str]) -> Vec<(String, String, String)> {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, _) = check_json(&path, extra);
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("code"), s("cell"), s("message"))
        })
        .collect()
}

fn has(found: &[(String, String, String)], code: &str, cell: &str) -> bool {
    found.iter().any(|(c, at, _)| c == code && at == cell)
}

/// Issue 28.5: `31.12.18`, `26/4-21` (the council's `KMB 26/4-21`) and a
/// round without its year are deadlines; the year missing is the
/// workbook's (the title's `budget 2018`).
#[test]
fn deadlines_as_the_documents_write_them() {
    let spellings = [
        ("C6", "1. budgetopfølgning"),
        ("C7", "30/6-18"),
        ("C8", "3. opfølgning"),
        ("C9", "31.12.18"),
        ("C14", "Senest 1. budgetopfølgning"),
        ("C15", "2. budgetopfølgning"),
    ];
    let mut g = clean();
    for (at, text) in spellings {
        g = g.text(at, text);
    }
    let found = findings(g.clone(), &[]);
    for code in ["M002", "M003", "M004", "M005", "M006"] {
        assert!(
            !found.iter().any(|(c, ..)| c == code),
            "{code} in {found:?}"
        );
    }
    // Each reads as its round: a smiley on `30/6-18` is early in round 1,
    // and the year end `31.12.18` is due at 31.12.
    let found = findings(g.clone().text("D7", "☺"), &[]);
    assert!(has(&found, "M006", "D7"), "{found:?}");
    let found = findings(g.clone(), &["--round", "4"]);
    for cell in ["D7", "D8", "D9", "D15"] {
        assert!(has(&found, "M005", cell), "{cell}: {found:?}");
    }
    // Another budget year's two-digit date is that year's.
    let found = findings(g.text("C9", "31.12.19"), &[]);
    assert!(has(&found, "M003", "C9"), "{found:?}");
}

/// Issue 28.5: M002's example names the round written, never another
/// (here the third milestone's position would suggest round 3).
#[test]
fn the_hint_keeps_the_round_written() {
    let cases = [
        ("2. budgetopføling 2018", "`2. budgetopfølgning 2018`"),
        ("2. budgetopf. 2018", "`2. budgetopfølgning 2018`"),
        ("2 budgetopfølgning 2018", "`2. budgetopfølgning 2018`"),
        ("anden budgetopfølgning 2018", "`2. budgetopfølgning 2018`"),
        ("1. budget-opfølgning", "`1. budgetopfølgning 2018`"),
    ];
    for (written, example) in cases {
        let found = findings(clean().text("C8", written), &[]);
        let m002 = found.iter().find(|(c, at, _)| c == "M002" && at == "C8");
        let (.., message) = m002.unwrap_or_else(|| panic!("{written}: {found:?}"));
        assert!(message.contains(example), "{written}: {message}");
    }
}

/// Without any year (no year in the title, none in the deadlines) a round
/// without its year is not a deadline: the example keeps its round and
/// asks for the year.
#[test]
fn a_round_without_any_year() {
    let mut g = clean().text(
        "A1",
        "Første opfølgning på Aftale for Børne- og Skoleudvalget",
    );
    for (at, text) in [
        ("C6", "1. budgetopfølgning"),
        ("C7", "2. budgetopfølgning"),
        ("C8", "3. budgetopfølgning"),
        ("C9", "31.12"),
        ("C14", "1. budgetopfølgning"),
        ("C15", "2. budgetopfølgning"),
        ("C16", "3. budgetopfølgning"),
        ("C17", "31.12"),
    ] {
        g = g.text(at, text);
    }
    let found = findings(g.clone(), &[]);
    let m002 = found.iter().find(|(c, at, _)| c == "M002" && at == "C7");
    let (.., message) = m002.unwrap_or_else(|| panic!("{found:?}"));
    assert!(message.contains("`2. budgetopfølgning åååå`"), "{message}");
    // `--year` gives the year: every one is a deadline.
    let found = findings(g, &["--year", "2018"]);
    assert!(!found.iter().any(|(c, ..)| c == "M002"), "{found:?}");
}

/// Issue 28.2: at the year end a milestone is met or not. 😐, however it
/// is spelled, is M010 at the smiley; ☺ and ☹ are not; a round before
/// the year end keeps its 😐.
#[test]
fn neutral_at_the_year_end() {
    let year_end = || {
        clean()
            .text("D6", "☺")
            .text("D7", "☺")
            .text("D8", "☹")
            .text(
                "B8",
                "Samarbejde med almen praksis indledes.\nStatus: Lægerne har ikke haft tid.",
            )
            .text("D9", "☺")
            .text("D14", "☺")
            .text("D15", "☺")
    };
    for neutral in ["😐", "😑", ":|", "gul", "Neutral", "yellow"] {
        let g = year_end().text("D7", neutral);
        let found = findings(g.clone(), &["--round", "4"]);
        assert!(has(&found, "M010", "D7"), "{neutral}: {found:?}");
        let (.., message) = found.iter().find(|(c, ..)| c == "M010").unwrap();
        assert!(message.contains("☺") && message.contains("☹"), "{message}");
        let found = findings(g, &["--round", "3"]);
        assert!(!found.iter().any(|(c, ..)| c == "M010"), "{found:?}");
    }
    let found = findings(year_end(), &["--round", "4"]);
    assert!(!found.iter().any(|(c, ..)| c == "M010"), "{found:?}");
    // The year end told by the title, as the documents name it.
    for title in [
        "Endelig opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        "Opfølgning pr. 31.12.2018 på Aftale om budget 2018 for Børne- og Skoleudvalget",
        "Opfølgning pr. 31. december 2018 på Aftale om budget 2018 for Børne- og Skoleudvalget",
    ] {
        let g = year_end().text("A1", title).text("D15", "😐");
        let found = findings(g, &[]);
        assert!(has(&found, "M010", "D15"), "{title}: {found:?}");
    }
    // The economy has no 😐 in any round: A002, not M010 as well.
    let found = findings(year_end().text("D10", "😐"), &["--round", "4"]);
    assert!(has(&found, "A002", "D10"), "{found:?}");
    assert!(!found.iter().any(|(c, ..)| c == "M010"), "{found:?}");
    // A milestone moved to next year is not judged this year end.
    let g = year_end()
        .text("C9", "1. budgetopfølgning 2019")
        .text("D9", "😐");
    let found = findings(g, &["--round", "4"]);
    assert!(!has(&found, "M010", "D9"), "{found:?}");
}
