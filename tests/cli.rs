//! The one integration-test binary: workbooks built at test time, the real
//! binary run on them, its output read back.

mod common;

use std::path::Path;

use chrono::NaiveDate;
use common::{Cell, Grid, check_json, clean, codes, opfolg, save};
use tempfile::TempDir;

/// Plants one fault in the clean workbook and asserts the rule fires at the
/// cell to fix — and that the clean workbook does not have it.
macro_rules! rule_test {
    ($name:ident, $code:literal, $cell:literal, $plant:expr) => {
        rule_test!($name, $code, $cell, $plant, &[]);
    };
    ($name:ident, $code:literal, $cell:literal, $plant:expr, $args:expr) => {
        #[test]
        fn $name() {
            let dir = TempDir::new().unwrap();
            let plant: fn(Grid) -> Grid = $plant;
            let path = save(dir.path(), "opf.xlsx", &[plant(clean())]);
            let (doc, _) = check_json(&path, $args);
            let found = codes(&doc);
            assert!(
                found.contains(&($code.to_string(), $cell.to_string())),
                "{} at {} not in {found:?}",
                $code,
                $cell
            );
            let clean_path = save(dir.path(), "clean.xlsx", &[clean()]);
            let (doc, _) = check_json(&clean_path, $args);
            assert!(
                !codes(&doc).iter().any(|(c, _)| c == $code),
                "the clean workbook has {}",
                $code
            );
        }
    };
}

rule_test!(s001_no_blocks, "S001", "A1", |_| Grid::from_rows(
    "Ark1",
    &[&["Aftale om budget 2018"], &["Ingen indsatser her"]]
));
rule_test!(s002_header_without_id, "S002", "A12", |g| g
    .text("A12", "Globen - leg/læring i samarbejde med boligselskab"));
rule_test!(s003_same_id_twice, "S003", "A12", |g| g.text(
    "A12",
    "3.01. Globen - leg/læring i samarbejde med boligselskab"
));
rule_test!(s004_no_milestones, "S004", "A12", |g| g
    .clear("B14")
    .clear("B15"));
rule_test!(s005_no_economy_row, "S005", "A12", |g| g
    .clear("A18")
    .clear("B18")
    .clear("D18"));
rule_test!(s006_two_economy_rows, "S006", "A12", |g| g
    .text("A19", "Økonomi")
    .text("B19", "Der er afsat 0,125 mio. kr."));
rule_test!(s007_row_not_understood, "S007", "A15", |g| g
    .text("A15", "Bemærkning"));
rule_test!(s008_html_markup, "S008", "B14", |g| g
    .text("B14", "<p>Arbejdsgruppe er nedsat.</p>"));
rule_test!(s009_unknown_kind, "S009", "B12", |g| g
    .text("B12", "Drift/Anlæg"));
rule_test!(s010_no_responsible_center, "S010", "B13", |g| g
    .text("B13", "Ansvarligt udvalg: Børne- og Skoleudvalget"));
rule_test!(m001_text_without_deadline, "M001", "C7", |g| g.clear("C7"));
rule_test!(m002_deadline_not_a_round, "M002", "C7", |g| g
    .text("C7", "primo maj"));
rule_test!(m003_deadline_other_year, "M003", "C7", |g| g
    .text("C7", "2. budgetopfølgning 2019"));
rule_test!(m004_out_of_order, "M004", "C8", |g| g
    .text("C7", "3. budgetopfølgning 2018")
    .text("C8", "2. budgetopfølgning 2018"));
rule_test!(m005_due_without_smiley, "M005", "D6", |g| g.clear("D6"));
rule_test!(m006_smiley_not_yet_due, "M006", "D7", |g| g.text("D7", "☺"));
rule_test!(m007_smiley_not_recognised, "M007", "D6", |g| g
    .text("D6", "OK"));
rule_test!(m008_neutral_without_status, "M008", "B6", |g| g
    .text("D6", "😐"));
rule_test!(m009_placeholder_with_smiley, "M009", "D16", |g| g
    .text("D16", "☺"));
rule_test!(a001_economy_without_smiley, "A001", "D10", |g| g
    .clear("D10"));
rule_test!(a002_neutral_economy, "A002", "D10", |g| g.text("D10", "😐"));
rule_test!(a003_malformed_amount, "A003", "B10", |g| g.text(
    "B10",
    "Der er afsat 0.762 mio. kr. på ramme 30.31 Sundheds- og tandpleje."
));
rule_test!(a004_amount_differs, "A004", "B10", |g| g.text(
    "B10",
    "Der er afsat 0,672 mio. kr. på ramme 30.31 Sundheds- og tandpleje."
));
rule_test!(a007_sad_economy_without_status, "A007", "B10", |g| g
    .text("D10", "☹"));
rule_test!(r001_round_unknown, "R001", "A1", |g| g
    .text("A1", "Aftale om budget 2018 for Børne- og Skoleudvalget"));

#[test]
fn clean_workbook_has_no_findings_and_exits_0() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "opf.xlsx", &[clean()]);
    let (doc, code) = check_json(&path, &[]);
    assert_eq!(codes(&doc), vec![]);
    assert_eq!(code, 0);
    assert_eq!(doc["round"], 1);
    assert_eq!(doc["year"], 2018);
    assert_eq!(doc["initiatives"], 2);
    assert_eq!(doc["milestones"], 6, "placeholders are not counted");
}

#[test]
fn errors_exit_1_and_warnings_exit_0() {
    let dir = TempDir::new().unwrap();
    let err = save(dir.path(), "err.xlsx", &[clean().clear("D6")]);
    assert_eq!(check_json(&err, &[]).1, 1);
    let warn = save(dir.path(), "warn.xlsx", &[clean().text("D7", "☺")]);
    assert_eq!(check_json(&warn, &[]).1, 0);
}

#[test]
fn round_and_year_from_the_command_line_win() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "opf.xlsx", &[clean()]);
    let (doc, _) = check_json(&path, &["--round", "2", "--year", "2018"]);
    assert_eq!(doc["round"], 2);
    // In round 2 the second milestones are due and have no smiley.
    assert!(codes(&doc).contains(&("M005".into(), "D7".into())));
}

#[test]
fn round_from_file_name_when_the_title_is_silent() {
    let dir = TempDir::new().unwrap();
    let g = clean().text("A1", "Aftale om budget 2018");
    let path = save(dir.path(), "budget2018-opfoelgning-1.xlsx", &[g]);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(doc["round"], 1);
    assert_eq!(codes(&doc), vec![]);
}

#[test]
fn year_from_deadlines_when_the_title_is_silent() {
    let dir = TempDir::new().unwrap();
    let g = clean().text("A1", "Første opfølgning");
    let path = save(dir.path(), "x.xlsx", &[g]);
    assert_eq!(check_json(&path, &[]).0["year"], 2018);
}

#[test]
fn wingdings_letters_and_fills_are_smileys() {
    let dir = TempDir::new().unwrap();
    let g = clean()
        .set("D6", Cell::Wingdings("J".into()))
        .set("D14", Cell::Fill(0x00B050))
        .set("D10", Cell::Fill(0xFF0000))
        .text(
            "B10",
            "Der er afsat 0,762 mio. kr.\nStatus: Der forventes et merforbrug.",
        );
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(
        codes(&doc),
        vec![],
        "J in Wingdings is ☺, fills are smileys"
    );

    let read = opfolg::read::read_workbook(
        &path,
        &opfolg::template::Template::danish(),
        Default::default(),
    )
    .unwrap();
    let ini: Vec<_> = read.workbook.initiatives().collect();
    use opfolg::model::Smiley;
    assert_eq!(ini[0].economy[0].smiley.smiley(), Some(Smiley::Sad));
    assert_eq!(ini[1].milestones[0].smiley.smiley(), Some(Smiley::Happy));
}

#[test]
fn grey_fill_is_not_a_smiley() {
    let dir = TempDir::new().unwrap();
    let g = clean().set("D6", Cell::Fill(0xD9D9D9));
    let path = save(dir.path(), "opf.xlsx", &[g]);
    assert!(codes(&check_json(&path, &[]).0).contains(&("M005".into(), "D6".into())));
}

#[test]
fn date_cells_are_deadlines() {
    let dir = TempDir::new().unwrap();
    let may = NaiveDate::from_ymd_opt(2018, 5, 1).unwrap();
    let g = clean().set("C7", Cell::Date(may));
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, _) = check_json(&path, &["--round", "2"]);
    // 1 May 2018 is due in round 2 and has no smiley.
    assert!(codes(&doc).contains(&("M005".into(), "D7".into())));
    assert!(!codes(&doc).iter().any(|(c, _)| c == "M002"));
}

#[test]
fn blocks_may_start_at_any_column() {
    let dir = TempDir::new().unwrap();
    let g = clean().clear("D6").shift(2);
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(codes(&doc), vec![("M005".to_string(), "F6".to_string())]);
    assert_eq!(doc["initiatives"], 2);
}

#[test]
fn html_around_labels_and_deadlines_is_read() {
    let dir = TempDir::new().unwrap();
    let g = clean()
        .text("A7", "<p>Milepæl</p>")
        .text("C7", "<p>2. budgetopfølgning 2018</p>")
        .text("A10", "<p>Økonomi</p>");
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let found = codes(&check_json(&path, &[]).0);
    let not_info: Vec<_> = found.iter().filter(|(c, _)| c != "S008").collect();
    assert!(not_info.is_empty(), "{found:?}");
    assert_eq!(found.len(), 3, "S008 for each cell with tags");
}

#[test]
fn several_sheets_are_read() {
    let dir = TempDir::new().unwrap();
    let mut second = clean();
    second.name = "Ark2".into();
    let second = second
        .text(
            "A4",
            "3.02. Ekstra ressource til kvalitet i 0-2 års dagtilbud",
        )
        .text("A12", "3.03. Specialundervisning")
        .clear("D6");
    let path = save(dir.path(), "opf.xlsx", &[clean(), second]);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(doc["initiatives"], 4);
    let f = &doc["findings"][0];
    assert_eq!(
        (f["sheet"].as_str(), f["cell"].as_str()),
        (Some("Ark2"), Some("D6"))
    );
    assert_eq!(f["initiative"], "3.02");
}

#[test]
fn annotated_history_columns_are_not_data() {
    let dir = TempDir::new().unwrap();
    let g = clean()
        .text("E4", "Smiley 1. opf.")
        .text("F4", "Ændring")
        .text("G4", "Kontrol")
        .text("E6", "😐")
        .text("F6", "ny")
        .text("G6", "M005: …")
        .text("E12", "Smiley 1. opf.")
        .text("E14", "☺");
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(codes(&doc), vec![]);
    let read = opfolg::read::read_workbook(
        &path,
        &opfolg::template::Template::danish(),
        Default::default(),
    )
    .unwrap();
    let ini: Vec<_> = read.workbook.initiatives().collect();
    use opfolg::model::Smiley;
    assert_eq!(ini[0].milestones[0].history.get(&1), Some(&Smiley::Neutral));
    assert_eq!(read.workbook.sheets[0].history.change, Some(5));
}

#[test]
fn english_labels_check_cleanly_with_the_english_template() {
    let dir = TempDir::new().unwrap();
    let g = Grid::from_rows(
        "Sheet1",
        &[
            &["First follow-up of the budget 2018 agreement"],
            &[
                "3.01. The child's first 1,000 days",
                "Operating",
                "Deadline",
                "Smiley",
            ],
            &[
                "The parties set aside 0,762 mio. kr. in 2018.",
                "Responsible center: Social and Health Responsible committee: Children and Schools",
            ],
            &[
                "Milestone",
                "Pilot project planned.",
                "1. budget follow-up 2018",
                "☺",
            ],
            &["Milestone", "Pilot project tested.", "Round 2 2018"],
            &["Economy", "0,762 mio. kr. has been set aside.", "", "☺"],
        ],
    );
    let path = save(dir.path(), "opf.xlsx", &[g]);
    let (doc, code) = check_json(&path, &["--template", "templates/en.toml"]);
    assert_eq!(codes(&doc), vec![], "{doc}");
    assert_eq!(code, 0);
    assert_eq!(doc["round"], 1);
    // With the Danish default the same workbook has no blocks.
    let (doc, _) = check_json(&path, &[]);
    assert_eq!(codes(&doc)[0].0, "S001");
}

#[test]
fn text_output_is_compiler_style_with_a_summary() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "opf.xlsx", &[clean().text("C7", "primo maj")]);
    let out = opfolg().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    let first = format!(
        "{}:Ark1!C7: error[M002]: Fristen `primo maj` er hverken en opfølgning eller en dato: skriv fx `2. budgetopfølgning 2018` eller `dd.mm.åååå` (3.01, milepæl 2)",
        path.display()
    );
    assert_eq!(lines[0], first);
    assert!(
        lines[1].ends_with("1 fejl, 0 advarsler, 0 info"),
        "{}",
        lines[1]
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_file_exits_2_with_one_line() {
    let out = opfolg()
        .args(["check", "findes-ikke.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("findes-ikke.xlsx") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn non_spreadsheets_exit_2_with_one_line() {
    let dir = TempDir::new().unwrap();
    let cases: [(&str, &[u8]); 4] = [
        ("tekst.xlsx", b"Indsats;Milepael\n3.01;Pilotprojekt\n"),
        ("tom.xlsx", b""),
        ("skrald.xls", &[0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]),
        ("noter.txt", b"ikke et regneark"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = opfolg().arg("check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn bad_command_lines_exit_2() {
    for args in [
        &["check"][..],
        &["check", "x.xlsx", "--round", "7"],
        &["frobnicate"],
    ] {
        let out = opfolg().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn help_explains_each_option() {
    let out = opfolg().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for option in ["--round", "--year", "--template", "--format"] {
        assert!(help.contains(option), "{option}");
    }
    assert!(help.contains("udmøntning"));
}

/// The bundled samples, as the README describes them.
#[test]
fn samples_check_as_described() {
    let sample = |name: &str| Path::new("samples").join(name);
    let (doc, code) = check_json(&sample("budget2018-opfoelgning-1.xlsx"), &[]);
    assert_eq!(code, 0);
    assert!(codes(&doc).iter().all(|(c, _)| c == "S008"), "{doc}");
    assert_eq!(doc["initiatives"], 22);

    let (doc, code) = check_json(&sample("budget2018-opfoelgning-2.xlsx"), &[]);
    assert_eq!(code, 1);
    let mut planted: Vec<String> = codes(&doc)
        .into_iter()
        .filter(|(c, _)| c != "S008")
        .map(|(c, _)| c)
        .collect();
    planted.sort();
    assert_eq!(
        planted,
        [
            "A001", "A002", "A003", "A004", "M002", "M005", "M006", "M007", "M008"
        ]
    );

    let (doc, code) = check_json(&sample("budget2018-udmoentning.xlsx"), &[]);
    assert_eq!((doc["round"].as_u64(), code), (Some(0), 0));
}

#[test]
fn sample_reports_snapshot() {
    for name in [
        "budget2018-udmoentning.xlsx",
        "budget2018-opfoelgning-1.xlsx",
        "budget2018-opfoelgning-2.xlsx",
        "budget2019-opfoelgning-1.xlsx",
    ] {
        let (doc, _) = check_json(&Path::new("samples").join(name), &[]);
        insta::assert_json_snapshot!(format!("check-{name}"), doc);
    }
}

/// Rebuilds `tests/fixtures/clean-opf1.xlsx`, from which the .ods and .xls
/// fixtures are converted with LibreOffice (see tests/fixtures/README.md).
#[test]
#[ignore]
fn write_format_fixture() {
    let may = NaiveDate::from_ymd_opt(2018, 5, 1).unwrap();
    let g = clean()
        .set("C7", Cell::Date(may))
        .set("D14", Cell::Wingdings("J".into()));
    save(Path::new("tests/fixtures"), "clean-opf1.xlsx", &[g]);
}

#[test]
fn every_format_calamine_opens_is_read() {
    let dir = TempDir::new().unwrap();
    let xlsm = dir.path().join("clean-opf1.xlsm");
    std::fs::copy("tests/fixtures/clean-opf1.xlsx", &xlsm).unwrap();
    let paths = [
        Path::new("tests/fixtures/clean-opf1.xlsx").to_path_buf(),
        Path::new("tests/fixtures/clean-opf1.ods").to_path_buf(),
        Path::new("tests/fixtures/clean-opf1.xls").to_path_buf(),
        xlsm,
    ];
    for path in paths {
        let (doc, code) = check_json(&path, &[]);
        assert_eq!(codes(&doc), vec![], "{}", path.display());
        assert_eq!((doc["initiatives"].as_u64(), code), (Some(2), 0));
        // The date cell (1 May 2018) is a round-2 deadline: due in round 2.
        let (doc, _) = check_json(&path, &["--round", "2"]);
        assert!(
            codes(&doc).contains(&("M005".into(), "D7".into())),
            "{}",
            path.display()
        );
    }
}
