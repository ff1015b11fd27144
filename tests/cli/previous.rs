//! `opfolg annotate CURRENT` without `--previous` (issue 16.9): the
//! previous round of the same committee and year is found beside CURRENT
//! by what the titles say — in the genitive or not, whatever the files are
//! called — and named in one line; what cannot be read is passed over.

use std::path::Path;

use tempfile::TempDir;

use super::common::{self, clean, opfolg};

const ROUND_1: &str =
    "Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde";
const ROUND_2: &str = "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget";

fn titled(title: &str) -> common::Grid {
    clean().text("A1", title).merge("A1:D1")
}

/// Runs opfolg with `args` in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let o = opfolg().current_dir(dir).args(args).output().unwrap();
    (
        o.status.code().unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A committee's folder as a controller keeps it: round 1 under a copy
/// name, another committee's round 1, last year's round 1, a broken file,
/// a file that is no workbook, and Excel's lock file.
fn folder() -> TempDir {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    common::save(d, "BSU opf1 (2).xlsx", &[titled(ROUND_1)]);
    // Round 2: one milestone's smiley has changed.
    common::save(
        d,
        "BSU opf2 - endelig.xlsx",
        &[titled(ROUND_2).text("D6", "☹")],
    );
    common::save(
        d,
        "KFU opf1.xlsx",
        &[titled(
            "Første opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalget",
        )],
    );
    common::save(
        d,
        "BSU 2017 opf1.xlsx",
        &[titled(
            "Første opfølgning på Aftale om budget 2017 for Børne- og Skoleudvalget",
        )],
    );
    std::fs::write(d.join("ødelagt opf1.xlsx"), b"PK\x03\x04 not a zip at all").unwrap();
    std::fs::write(d.join("noter opf1.xls"), b"Dette er ikke en arbejdsbog").unwrap();
    std::fs::write(d.join("~$BSU opf2 - endelig.xlsx"), b"\x0bopfolg\0\0").unwrap();
    dir
}

#[test]
fn the_previous_round_is_found_beside_the_current_one() {
    let dir = folder();
    let d = dir.path();
    let (code, stdout, stderr) = run(d, &["annotate", "BSU opf2 - endelig.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line says which workbook: {stderr}");
    assert!(
        lines[0].starts_with("opfolg: Forrige runde: ") && lines[0].contains("BSU opf1 (2).xlsx"),
        "{stderr}"
    );
    assert!(lines[0].contains("1. opf."), "it names the round: {stderr}");
    assert!(stdout.contains("1 ændring"), "the changed smiley: {stdout}");
    assert!(d.join("BSU opf2 - endelig-annoteret.xlsx").exists());

    // Dropped on the program: the workbook alone on the command line.
    let (code, stdout, stderr) = run(d, &["BSU opf2 - endelig.xlsx", "--force"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("BSU opf1 (2).xlsx"), "{stderr}");
    assert!(stdout.contains("1 ændring"), "{stdout}");

    // --no-previous: alone, and nothing looked for.
    let (code, stdout, stderr) = run(
        d,
        &[
            "annotate",
            "BSU opf2 - endelig.xlsx",
            "--no-previous",
            "--force",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(stdout.contains("0 ændringer"), "{stdout}");
    let (code, _, stderr) = run(
        d,
        &[
            "annotate",
            "x.xlsx",
            "--no-previous",
            "--previous",
            "y.xlsx",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn two_candidates_are_not_guessed_between_and_the_annotated_one_wins() {
    let dir = folder();
    let d = dir.path();
    // A second, different round 1 of the same committee.
    common::save(d, "BSU opf1.xlsx", &[titled(ROUND_1).text("D10", "😐")]);
    let (code, stdout, stderr) = run(d, &["annotate", "BSU opf2 - endelig.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("flere mulige forrige runder")
            && stderr.contains("BSU opf1.xlsx")
            && stderr.contains("BSU opf1 (2).xlsx"),
        "{stderr}"
    );
    assert!(stdout.contains("0 ændringer"), "{stdout}");

    // Round 1 annotated: it carries the history, so it is the one.
    let (code, stdout, stderr) = run(d, &["annotate", "BSU opf1.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("ingen forrige runde"),
        "round 1 of a folder with no plan: {stderr}"
    );
    let (code, stdout, stderr) = run(d, &["annotate", "BSU opf2 - endelig.xlsx", "--force"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("BSU opf1-annoteret.xlsx"), "{stderr}");
}

#[test]
fn the_plan_looks_for_nothing() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    common::save(
        d,
        "udmoentning.xlsx",
        &[titled(
            "Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalget",
        )],
    );
    let (code, stdout, stderr) = run(d, &["udmoentning.xlsx"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

/// Found in the year's trial: `new-round --per-center` keeps the next
/// round's folder inside the round it was made from, so the gathered
/// round 2 found no previous round beside it (0 changes, all year). Where
/// nothing of the committee's earlier rounds lies beside it, the folder
/// above is searched, and the line says so.
#[test]
fn the_previous_round_is_found_in_the_folder_above() {
    let dir = TempDir::new().unwrap();
    let round1 = dir.path().join("bsu-1.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-1.xlsx", &round1).unwrap();
    common::ok(opfolg().arg("new-round").arg(&round1).arg("--per-center"));
    let folder = dir.path().join("Børne- og Skoleudvalget – 2. opf. 2018");
    let whole = folder.join("Børne- og Skoleudvalget – 2. opf. 2018.xlsx");
    assert!(whole.is_file(), "{}", whole.display());
    let (code, out, err) = run(
        &folder,
        &["annotate", "Børne- og Skoleudvalget – 2. opf. 2018.xlsx"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Forrige runde: ../bsu-1.xlsx (1. opf.), fundet i mappen over"),
        "{err}"
    );
    assert!(out.contains("Skrev "), "{out}");
    // Beside it, it is found there first.
    std::fs::copy(&round1, folder.join("bsu-1 kopi.xlsx")).unwrap();
    let (_, _, err) = run(
        &folder,
        &[
            "annotate",
            "Børne- og Skoleudvalget – 2. opf. 2018.xlsx",
            "--force",
        ],
    );
    assert!(err.contains("fundet i samme mappe"), "{err}");
}
