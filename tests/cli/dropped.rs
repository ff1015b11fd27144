//! Workbooks and folders given bare — what dropping them on opfolg.exe
//! gives: one set, each committee's latest round annotated against the
//! round before, outputs beside their own, one overview.

use std::path::Path;

use tempfile::TempDir;

use super::common::{self, clean, opfolg, save};

fn titled(committee: &str, round: &str) -> common::Grid {
    clean().text(
        "A1",
        &format!("{round} opfølgning på Aftale om budget 2018 for {committee}"),
    )
}

/// Runs opfolg with bare paths; returns (exit code, stdout, stderr).
fn bare(args: &[&Path]) -> (i32, String, String) {
    let out = opfolg().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The history header of an annotated workbook's first round column: the
/// previous round it was annotated against.
fn first_history(path: &Path) -> String {
    common::read_cells(path)[0].1[&(3, 4)].to_string()
}

/// Several workbooks from two folders, as when they are dropped together:
/// paired by their titles, each written beside its own, the earlier round
/// not annotated again, the overview beside the first.
#[test]
fn several_workbooks_are_paired_among_themselves() {
    let dir = TempDir::new().unwrap();
    let (one, two) = (dir.path().join("runde 1"), dir.path().join("runde 2"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&two).unwrap();
    let bsu1 = save(
        &one,
        "Skoler.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    let bsu2 = save(
        &two,
        "bsu anden.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden").text("D7", "☺")],
    );
    let kfu2 = save(
        &two,
        "kfu-opf2.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Anden").text("D7", "☺")],
    );
    let (code, stdout, stderr) = bare(&[&bsu2, &bsu1, &kfu2]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        first_history(&two.join("bsu anden-annoteret.xlsx")),
        "Smiley 1. opf."
    );
    assert!(two.join("kfu-opf2-annoteret.xlsx").exists(), "{stdout}");
    assert!(!one.join("Skoler-annoteret.xlsx").exists(), "{stdout}");
    assert!(
        stderr.contains(&format!(
            "Forrige runde for {}: {} (1. opf.)",
            bsu2.display(),
            bsu1.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("kfu-opf2.xlsx: ingen forrige runde"),
        "{stderr}"
    );
    assert!(stdout.contains("2 af 2 arbejdsbøger annoteret"), "{stdout}");
    let overview = common::read_cells(&two.join("Overblik-alle.xlsx"));
    assert_eq!(overview[0].0, "Overblik");
}

/// A folder holding a committee's rounds: its latest annotated against the
/// round before (the annotated copy of it, which carries the history), the
/// plan and the earlier rounds named and left; Excel's lock file named; a
/// broken file said in one line while the rest is done (exit 2).
#[test]
fn a_folder_is_the_set_of_its_workbooks() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("Økonomi – opfølgning");
    std::fs::create_dir_all(&folder).unwrap();
    save(
        &folder,
        "bsu-opf1.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    save(
        &folder,
        "bsu-opf2.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden").text("D7", "☺")],
    );
    let third = titled("Børne- og Skoleudvalget", "Tredje")
        .text("D7", "☺")
        .text("D8", "😐");
    save(&folder, "bsu-opf3.xlsx", &[third]);
    std::fs::write(folder.join("~$bsu-opf3.xlsx"), b"lock").unwrap();
    // Round 2 annotated against round 1 first: the annotated copy is taken.
    let (code, stdout, stderr) = common::annotate(&[folder.join("bsu-opf2.xlsx").as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    std::fs::write(folder.join("ødelagt.xlsx"), b"PK\x03\x04 half a file").unwrap();
    let (code, stdout, stderr) = bare(&[&folder]);
    assert_eq!(code, 2, "the broken file: {stdout}{stderr}");
    assert!(
        stderr.contains("ødelagt.xlsx: ikke et regneark"),
        "{stderr}"
    );
    assert!(
        stderr.contains("~$bsu-opf3.xlsx: Excels låsefil"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bsu-opf3.xlsx: ") && stderr.contains("bsu-opf2-annoteret.xlsx (2. opf.)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bsu-opf1.xlsx: en tidligere runde"),
        "{stderr}"
    );
    // Round 3's history has rounds 1 and 2: from the annotated round 2.
    let cells = common::read_cells(&folder.join("bsu-opf3-annoteret.xlsx"));
    assert_eq!(cells[0].1[&(3, 4)].to_string(), "Smiley 1. opf.");
    assert_eq!(cells[0].1[&(3, 5)].to_string(), "Smiley 2. opf.");
    assert!(stdout.contains("1 af 1 arbejdsbøger annoteret"), "{stdout}");
    assert!(folder.join("Overblik-alle.xlsx").exists());
}

/// Nothing to annotate: one line, exit 2, nothing written.
#[test]
fn a_folder_without_workbooks_is_one_line() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("noter.txt"), "x").unwrap();
    let (code, stdout, stderr) = bare(&[dir.path()]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("ingen arbejdsbøger at annotere"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
