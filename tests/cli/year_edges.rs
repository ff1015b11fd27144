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
    let m002 = found.iter().find(|(c, at, _)| c == "M002" && at == "C9");
    let (.., message) = m002.unwrap_or_else(|| panic!("{found:?}"));
    assert!(message.contains("`31.12.åååå`"), "{message}");
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

const ROUND_2: &str = "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget";

/// Round 2 of `clean()`, every milestone due rated; milestone 2 of 3.01
/// (row 7, due `2. budgetopfølgning 2018`) as `plant` leaves it.
fn round_two(plant: impl Fn(Grid) -> Grid) -> Grid {
    plant(clean().text("A1", ROUND_2).text("D7", "☺").text("D15", "☺"))
}

/// `check CURRENT --previous clean()` and `diff`'s changes.
fn against_round_one(cur: Grid) -> (Vec<(String, String, String)>, serde_json::Value) {
    let dir = TempDir::new().unwrap();
    let prev = save(dir.path(), "opf1.xlsx", &[clean()]);
    let path = save(dir.path(), "opf2.xlsx", std::slice::from_ref(&cur));
    let (doc, _) = check_json(&path, &["--previous", prev.to_str().unwrap()]);
    let found = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("code"), s("cell"), s("message"))
        })
        .collect();
    (found, super::common::diff_planted(clean(), cur))
}

fn moved(diff: &serde_json::Value, cell: &str) -> Option<serde_json::Value> {
    diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "deadline_moved" && c["cell"] == cell)
        .cloned()
}

/// Issue 28.1: a milestone due this round whose deadline a centre moves to
/// a later round (seed 002: "udskydes … fra 2021 til 2022") asks for a
/// `Status:` saying why (M011 at its text, instead of D003's info), is
/// still due this round (M005 when unrated, no M006 when rated), and the
/// diff marks it a postponement.
#[test]
fn a_postponed_milestone_keeps_its_rating() {
    for later in [
        "3. budgetopfølgning 2018",
        "3. opfølgning",
        "30.09.2018",
        "3. kvartal 2018",
        "ultimo 2018",
        "31.12.18",
        "1. budgetopfølgning 2019",
        "26/4-19",
    ] {
        let cur = round_two(|g| g.text("C7", later).clear("D7"));
        let (found, diff) = against_round_one(cur);
        assert!(has(&found, "M011", "B7"), "{later}: {found:?}");
        let (.., message) = found.iter().find(|(c, ..)| c == "M011").unwrap();
        assert!(
            message.contains("`2. budgetopfølgning 2018`") && message.contains(later),
            "{message}"
        );
        assert!(!has(&found, "D003", "C7"), "{later}: told once: {found:?}");
        assert!(has(&found, "M005", "D7"), "{later}: still due: {found:?}");
        let change = moved(&diff, "C7").unwrap_or_else(|| panic!("{later}: {diff}"));
        assert_eq!(change["postponed"], true, "{later}");
        assert_eq!(change["before"], "2. budgetopfølgning 2018");
        assert!(
            diff["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["code"] == "M011")
        );
        // Rated, it is no M006: it was due this round.
        let (found, _) = against_round_one(round_two(|g| g.text("C7", later).text("D7", "😐")));
        assert!(!has(&found, "M006", "D7"), "{later}: {found:?}");
    }
}

/// A `Status:` written this round says why: D003's info alone. The
/// previous round's status, unchanged, does not.
#[test]
fn a_postponement_with_its_reason() {
    let text = "Indsatser afprøves og erfaring indsamles.";
    let reason =
        format!("{text}\nStatus: Afprøvningen udskydes til efteråret, da personalet er på kursus.");
    let cur = round_two(|g| {
        g.text("C7", "3. budgetopfølgning 2018")
            .text("B7", &reason)
            .text("D7", "😐")
    });
    let (found, diff) = against_round_one(cur);
    assert!(!found.iter().any(|(c, ..)| c == "M011"), "{found:?}");
    assert!(has(&found, "D003", "C7"), "{found:?}");
    assert_eq!(moved(&diff, "C7").unwrap()["postponed"], true);
    // The same status in both rounds gives no reason for the move.
    let old = format!("{text}\nStatus: Arbejdet er i gang.");
    let dir = TempDir::new().unwrap();
    let prev = save(dir.path(), "opf1.xlsx", &[clean().text("B7", &old)]);
    let cur = round_two(|g| g.text("C7", "3. budgetopfølgning 2018").text("B7", &old));
    let path = save(dir.path(), "opf2.xlsx", &[cur]);
    let (doc, _) = check_json(&path, &["--previous", prev.to_str().unwrap()]);
    let codes = super::common::codes(&doc);
    assert!(codes.contains(&("M011".into(), "B7".into())), "{codes:?}");
}

/// A deadline moved within its round, to an earlier round, or spelled
/// otherwise is no postponement.
#[test]
fn moves_that_are_no_postponement() {
    for (other, is_move) in [
        ("1. maj 2018", true),
        ("1. budgetopfølgning 2018", true),
        ("30/6-18", false),
        ("2. budgetopfølgning", false),
        ("juni 2018", false),
    ] {
        let (found, diff) = against_round_one(round_two(|g| g.text("C7", other)));
        assert!(
            !found.iter().any(|(c, ..)| c == "M011"),
            "{other}: {found:?}"
        );
        match moved(&diff, "C7") {
            Some(c) => {
                assert!(is_move, "{other}: {c}");
                assert_eq!(c["postponed"], false, "{other}");
                assert!(has(&found, "D003", "C7"), "{other}: {found:?}");
            }
            None => assert!(!is_move, "{other}: no move found"),
        }
    }
}

/// The annotated workbook shows the postponement from → to in its
/// `Ændring` column and `Ændringer` sheet, and counts it per center in
/// `Overblik`.
#[test]
fn the_annotation_shows_the_postponement() {
    let dir = TempDir::new().unwrap();
    let prev = save(dir.path(), "opf1.xlsx", &[clean()]);
    let cur = round_two(|g| g.text("C7", "3. budgetopfølgning 2018").clear("D7"));
    let cur = save(dir.path(), "opf2.xlsx", &[cur]);
    let out = dir.path().join("opf2-annoteret.xlsx");
    super::common::annotate_against(&cur, &prev, &out);
    let sheets = super::common::read_cells(&out);
    let texts = |name: &str| -> Vec<String> {
        let (_, cells) = sheets.iter().find(|(n, _)| n == name).unwrap();
        cells.values().map(|d| d.to_string()).collect()
    };
    let want = "frist udskudt: 2. budgetopfølgning 2018 → 3. budgetopfølgning 2018";
    assert!(
        texts("Ark1").iter().any(|s| s.contains(want)),
        "{:?}",
        texts("Ark1")
    );
    assert!(
        texts("Ark1").iter().any(|s| s.starts_with("M011")),
        "Kontrol column"
    );
    assert!(
        texts("Ændringer").iter().any(|s| s == "frist udskudt"),
        "{:?}",
        texts("Ændringer")
    );
    let (_, summary) = sheets.iter().find(|(n, _)| n == "Overblik").unwrap();
    let caption = summary
        .iter()
        .find(|(_, d)| d.to_string().starts_with("Udskudte frister"))
        .map(|(at, _)| *at)
        .unwrap_or_else(|| panic!("{summary:?}"));
    let cell = |r: u32, c: u32| {
        summary
            .get(&(r, c))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(cell(caption.0 + 2, 0), "Social og Sundhed");
    assert_eq!(cell(caption.0 + 2, 1), "1");
    assert_eq!(cell(caption.0 + 3, 0), "I alt");
    assert_eq!(cell(caption.0 + 3, 1), "1");
}

/// The year end's lists offer what it allows: the hand-out to round 4
/// (`new-round` on round 3) and the annotated round 4 offer ☺ ☹ on the
/// milestones, with a prompt and a reading guide that say why.
#[test]
fn the_year_end_offers_met_or_not() {
    use super::common::{ok, opfolg, part_text};
    let dir = TempDir::new().unwrap();
    let third = clean()
        .text(
            "A1",
            "Tredje opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        )
        .text("D7", "☺")
        .text("D8", "😐")
        .text(
            "B8",
            "Samarbejde med almen praksis indledes.\nStatus: Første møde er holdt.",
        )
        .text("D15", "☺");
    let third = save(dir.path(), "opf3.xlsx", &[third]);
    let handout = dir.path().join("opf4.xlsx");
    ok(opfolg()
        .arg("new-round")
        .arg(&third)
        .arg("-o")
        .arg(&handout));
    let sheet = part_text(&handout, "xl/worksheets/sheet1.xml");
    let lists: Vec<&str> = sheet.split("<dataValidation ").skip(1).collect();
    assert!(!lists.is_empty(), "{sheet}");
    for list in &lists {
        let items = &list[list.find("<formula1>").unwrap()..list.find("</formula1>").unwrap()];
        assert!(items.contains("☺,☹"), "{list}");
    }
    assert!(
        sheet.contains("Pr. 31.12: ☺ opfyldt · ☹ ikke opfyldt"),
        "the prompt"
    );
    // Milestone 3's 😐 of round 3 cannot stand at the year end: it starts
    // empty, kept in the history column.
    let ark = super::common::read_cells(&handout);
    let (_, cells) = ark.iter().find(|(n, _)| n == "Ark1").unwrap();
    assert!(!cells.contains_key(&(7, 3)), "D8 starts empty: {cells:?}");
    let neutral = cells
        .values()
        .filter(|d| matches!(d, calamine::Data::String(s) if s == "😐"))
        .count();
    assert_eq!(neutral, 1, "in the history column: {cells:?}");
    let all = super::common::read_cells(&handout);
    let guide = all.iter().find(|(n, _)| n == "Læsevejledning").unwrap();
    assert!(
        guide
            .1
            .values()
            .any(|d| d.to_string().contains("så 😐 gives ikke")),
        "{:?}",
        guide.1
    );
    // Round 3's hand-out still offers 😐.
    let second = save(dir.path(), "opf2.xlsx", &[clean().text("A1", ROUND_2)]);
    let out = dir.path().join("ud3.xlsx");
    ok(opfolg().arg("new-round").arg(&second).arg("-o").arg(&out));
    assert!(part_text(&out, "xl/worksheets/sheet1.xml").contains("☺,😐,☹"));
    // The annotated year end: its own smiley column offers ☺ ☹.
    let (code, _, err) = super::common::annotate(&[
        handout.as_os_str(),
        "--no-previous".as_ref(),
        "-o".as_ref(),
        dir.path().join("ann.xlsx").as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let sheet = part_text(&dir.path().join("ann.xlsx"), "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<dataValidation "), "{sheet}");
    assert!(!sheet.contains("☺,😐,☹"), "{sheet}");
}

/// Seed 002's wording: a project "udskydes … fra 2021 til 2022" (KMB
/// 26/4-21). Moved from the year end 2021 to 2022 with that `Status:` it
/// is told (D003, and M003 for the other year); without it, M011.
#[test]
fn postponed_to_next_year_as_seed_002_says() {
    let budget = |g: Grid, round: &str| {
        let mut g = g.text(
            "A1",
            &format!("{round} opfølgning på Aftale om budget 2021 for Børne- og Skoleudvalget"),
        );
        for (at, d) in [
            ("C6", "1. budgetopfølgning 2021"),
            ("C7", "2. budgetopfølgning 2021"),
            ("C8", "3. budgetopfølgning 2021"),
            ("C9", "31.12.21"),
            ("C14", "1. budgetopfølgning 2021"),
            ("C15", "2. budgetopfølgning 2021"),
            ("C16", "3. budgetopfølgning 2021"),
            ("C17", "31.12.2021"),
        ] {
            g = g.text(at, d);
        }
        g
    };
    let dir = TempDir::new().unwrap();
    let prev = save(dir.path(), "opf1.xlsx", &[budget(clean(), "Første")]);
    let text = "Det styrkede samarbejde forberedes til udbredelse i øvrige distrikter.";
    for (status, m011) in [
        (
            "\nStatus: Udbredelsen udskydes fra 2021 til 2022, jf. KMB 26/4-21.",
            false,
        ),
        ("", true),
    ] {
        let cur = budget(clean(), "Anden")
            .text("D7", "☺")
            .text("D15", "☺")
            .text("C9", "31.12.22")
            .text("B9", &format!("{text}{status}"));
        let path = save(dir.path(), "opf2.xlsx", &[cur]);
        let (doc, _) = check_json(&path, &["--previous", prev.to_str().unwrap()]);
        let found = super::common::codes(&doc);
        let has = |c: &str, at: &str| found.contains(&(c.into(), at.into()));
        assert_eq!(has("M011", "B9"), m011, "{status}: {found:?}");
        assert_eq!(has("D003", "C9"), !m011, "{status}: {found:?}");
        assert!(has("M003", "C9"), "{found:?}");
        assert!(!found.iter().any(|(c, _)| c == "M002"), "{found:?}");
    }
}
