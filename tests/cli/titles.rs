//! Titles written in many ways (issue 26.1): `Første opfølgning på
//! budgetaftale 2018 – Kultur- og Fritidsudvalgets ansvarsområde` was not
//! read, so `opfolg annotate CUR` found no previous round beside it, the
//! folder run did not pair it with the next round's `… for Kultur- og
//! Fritidsudvalget`, and another committee's round written that way got no
//! P002 — all without a word. The file names here say nothing of the
//! committee: only the titles pair them.

use std::path::Path;

use tempfile::TempDir;

use super::common::{self, Grid, clean, opfolg};

/// Runs opfolg with `args` in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = opfolg().current_dir(dir).args(args).output().unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// The clean workbook with its title row replaced by `cells` (A1, B1, …),
/// and `below` in row 2 when the title is wrapped.
fn titled(cells: &[&str], below: Option<&str>) -> Grid {
    let mut g = clean().clear("A1");
    for (i, text) in cells.iter().enumerate() {
        let col = char::from(b'A' + i as u8);
        g = g.text(&format!("{col}1"), text);
    }
    match below {
        Some(text) => g.text("A2", text),
        None => g,
    }
}

/// Round 2 of a workbook: one milestone's smiley (3.01, milepæl 2) set.
fn round_2(g: Grid) -> Grid {
    g.text("D7", "☺")
}

/// Three committees' two rounds, each committee's titles written in
/// another style, the files named by month only.
fn folder() -> TempDir {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // The title: the committee after a dash, in the genitive, and
    // `budgetaftale 2018`; the next round's `… for X`.
    common::save(
        d,
        "kultur marts.xlsx",
        &[titled(
            &["Første opfølgning på budgetaftale 2018 – Kultur- og Fritidsudvalgets ansvarsområde"],
            None,
        )],
    );
    common::save(
        d,
        "kultur juni.xlsx",
        &[round_2(titled(
            &["Anden opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalget"],
            None,
        ))],
    );
    // Seed 001's: wrapped over two rows; the next round's committee first,
    // before a colon.
    common::save(
        d,
        "skole marts.xlsx",
        &[titled(
            &["Første opfølgning på Aftale om budget 2018 for"],
            Some("Børne- og Skoleudvalget"),
        )],
    );
    common::save(
        d,
        "skole juni.xlsx",
        &[round_2(titled(
            &["Børne- og Skoleudvalget: 2. opfølgning på budget 2018"],
            None,
        ))],
    );
    // Written in two cells; the next round's in capitals, the round after
    // the committee, `budget2018`.
    common::save(
        d,
        "teknik marts.xlsx",
        &[titled(
            &[
                "Budget 2018-2021, Teknik- og Miljøudvalget",
                "1. opfølgning",
            ],
            None,
        )],
    );
    common::save(
        d,
        "teknik juni.xlsx",
        &[round_2(titled(
            &["TEKNIK- OG MILJØUDVALGET – OPFØLGNING 2 – BUDGET2018"],
            None,
        ))],
    );
    dir
}

#[test]
fn titles_written_otherwise_find_their_previous_round() {
    let dir = folder();
    let d = dir.path();
    for committee in ["kultur", "skole", "teknik"] {
        let current = format!("{committee} juni.xlsx");
        let (code, stdout, stderr) = run(d, &["annotate", &current]);
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("opfolg: Forrige runde: ")
                && stderr.contains(&format!("{committee} marts.xlsx (1. opf.)")),
            "{current}: {stderr}"
        );
        assert!(stdout.contains("1 ændring"), "{current}: {stdout}");
    }
}

#[test]
fn a_folder_pairs_titles_written_otherwise() {
    let dir = folder();
    let d = dir.path();
    let out = TempDir::new().unwrap();
    let (code, stdout, stderr) =
        common::annotate(&[d.as_os_str(), "-o".as_ref(), out.path().as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = |n: &str| d.join(n).display().to_string();
    for committee in ["kultur", "skole", "teknik"] {
        let line = format!(
            "{}: sammenlignet med {} (1. opf.)",
            path(&format!("{committee} juni.xlsx")),
            path(&format!("{committee} marts.xlsx"))
        );
        assert!(stdout.contains(&line), "{line}\n{stdout}");
    }
    assert!(stdout.contains("3 af 3 arbejdsbøger annoteret"), "{stdout}");
    assert!(!stdout.contains("ingen forrige runde"), "{stdout}");
}

#[test]
fn another_committee_written_otherwise_is_p002() {
    let dir = folder();
    let d = dir.path();
    let (doc, _) = common::check_json(
        &d.join("kultur juni.xlsx"),
        &["--previous", d.join("skole marts.xlsx").to_str().unwrap()],
    );
    let p002: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "P002")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(p002.len(), 1, "{doc}");
    assert!(
        p002[0].contains("Børne- og Skoleudvalget")
            && p002[0].contains("Kultur- og Fritidsudvalget"),
        "{}",
        p002[0]
    );
    // The same committee in the genitive and not, by its two spellings: none.
    let (doc, _) = common::check_json(
        &d.join("kultur juni.xlsx"),
        &["--previous", d.join("kultur marts.xlsx").to_str().unwrap()],
    );
    assert!(
        !doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "P002" || f["code"] == "P001"),
        "{doc}"
    );
}

#[test]
fn a_title_that_names_no_committee_is_said_naming_the_file() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    common::save(
        d,
        "kultur marts.xlsx",
        &[titled(&["Første opfølgning på budget 2018"], None)],
    );
    common::save(
        d,
        "kultur juni.xlsx",
        &[round_2(titled(
            &["Anden opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalget"],
            None,
        ))],
    );
    // The current round: the previous round's title is the one not read.
    let (code, stdout, stderr) = run(d, &["annotate", "kultur juni.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("kultur juni.xlsx: ingen forrige runde")
            && stderr.contains("kultur marts.xlsx nævner intet udvalg"),
        "{stderr}"
    );
    // Its own title not read: said with the title.
    std::fs::rename(d.join("kultur juni.xlsx"), d.join("andet.xlsx")).unwrap();
    common::save(
        d,
        "kultur september.xlsx",
        &[titled(&["Tredje opfølgning på budget 2018"], None)],
    );
    let (code, stdout, stderr) = run(d, &["annotate", "kultur september.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("kultur september.xlsx: ingen forrige runde")
            && stderr.contains("titlen «Tredje opfølgning på budget 2018» nævner intet udvalg"),
        "{stderr}"
    );

    // The folder run: one line each, naming the file.
    let out = TempDir::new().unwrap();
    std::fs::remove_file(d.join("kultur september.xlsx")).unwrap();
    std::fs::rename(d.join("andet.xlsx"), d.join("kultur juni.xlsx")).unwrap();
    let (code, stdout, stderr) =
        common::annotate(&[d.as_os_str(), "-o".as_ref(), out.path().as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let line = |name: &str| {
        let path = d.join(name).display().to_string();
        stdout
            .lines()
            .filter(|l| l.starts_with(&format!("{path}:")))
            .collect::<Vec<_>>()
    };
    let juni = line("kultur juni.xlsx");
    assert_eq!(juni.len(), 1, "{stdout}");
    assert!(
        juni[0].contains("ingen forrige runde")
            && juni[0].contains("kultur marts.xlsx nævner intet udvalg"),
        "{stdout}"
    );
    let marts = line("kultur marts.xlsx");
    assert_eq!(marts.len(), 1, "{stdout}");
    assert!(
        marts[0].contains("titlen «Første opfølgning på budget 2018» nævner intet udvalg"),
        "{stdout}"
    );
}
