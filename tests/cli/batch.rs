//! Folders: a department's committees at once.

use std::path::Path;

use tempfile::TempDir;

use super::common::{self, clean, opfolg, save};

fn titled(committee: &str, round: &str) -> super::common::Grid {
    clean().text(
        "A1",
        &format!("{round} opfølgning på Aftale om budget 2018 for {committee}"),
    )
}

/// prev: bsu-opf1, kfu-opf1 and gammel-opf1 (no longer followed up);
/// cur: bsu-opf2, udvalg-kultur (the KFU, named otherwise: paired by its
/// title), ny-opf2 (a new committee) and a corrupt file.
fn department(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let prev = root.join("opf1");
    let cur = root.join("opf2");
    std::fs::create_dir_all(&prev).unwrap();
    std::fs::create_dir_all(&cur).unwrap();
    save(
        &prev,
        "bsu-opf1.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    save(
        &prev,
        "kfu-opf1.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Første")],
    );
    save(
        &prev,
        "gammel-opf1.xlsx",
        &[titled("Teknik- og Miljøudvalget", "Første")],
    );
    save(
        &cur,
        "bsu-opf2.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden")
            .text("D7", "☺")
            .text("D6", "😐")],
    );
    save(
        &cur,
        "udvalg-kultur.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Anden").text("D7", "☺")],
    );
    save(
        &cur,
        "ny-opf2.xlsx",
        &[titled("Social- og Sundhedsudvalget", "Anden")],
    );
    std::fs::write(cur.join("korrupt.xlsx"), b"PK\x03\x04 half a file").unwrap();
    (prev, cur)
}

#[test]
fn annotate_folders_pairs_by_committee_and_writes_an_overview() {
    let dir = TempDir::new().unwrap();
    let (prev, cur) = department(dir.path());
    let out = dir.path().join("ud");
    let (code, stdout, stderr) = common::annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(
        code, 2,
        "the corrupt workbook makes the worst code: {stdout}{stderr}"
    );
    assert!(stderr.contains("korrupt.xlsx"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('█'),
        "no progress bar when piped: {stderr}"
    );
    for name in [
        "bsu-opf2-annoteret.xlsx",
        "udvalg-kultur-annoteret.xlsx",
        "ny-opf2-annoteret.xlsx",
        "Overblik-alle.xlsx",
    ] {
        assert!(out.join(name).exists(), "{name}: {stdout}");
    }
    assert!(
        stdout.contains("ny-opf2.xlsx: ingen forrige runde fundet"),
        "{stdout}"
    );
    assert!(
        stdout.contains("gammel-opf1.xlsx: ingen arbejdsbog i denne runde matcher"),
        "{stdout}"
    );
    assert!(stdout.contains("3 af 4 arbejdsbøger annoteret"), "{stdout}");
    // The KFU was paired by its title: its history has round 1.
    let kfu = common::read_cells(&out.join("udvalg-kultur-annoteret.xlsx"));
    assert_eq!(kfu[0].1[&(3, 4)].to_string(), "Smiley 1. opf.");
    // The overview: one row per initiative of each committee.
    let ov = common::read_cells(&out.join("Overblik-alle.xlsx"));
    assert_eq!(
        ov.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["Overblik", "Totaler"]
    );
    let rows = &ov[0].1;
    let committees: Vec<String> = (1..=6).map(|r| rows[&(r, 0)].to_string()).collect();
    assert_eq!(
        committees
            .iter()
            .filter(|c| *c == "Børne- og Skoleudvalget")
            .count(),
        2
    );
    assert_eq!(
        committees
            .iter()
            .filter(|c| *c == "Kultur- og Fritidsudvalget")
            .count(),
        2
    );
    assert_eq!(
        committees
            .iter()
            .filter(|c| *c == "Social- og Sundhedsudvalget")
            .count(),
        2
    );
    assert_eq!(rows[&(0, 4)].to_string(), "Væsentlig bidragsyder");
    assert_eq!(rows[&(0, 5)].to_string(), "Indsats 1. opf.");
    assert_eq!(rows[&(0, 6)].to_string(), "Indsats 2. opf.");
    let bsu_301 = (1..=6)
        .find(|r| rows[&(*r, 0)] == "Børne- og Skoleudvalget" && rows[&(*r, 1)] == "3.01")
        .unwrap();
    assert_eq!(
        rows[&(bsu_301, 5)].to_string(),
        "☺",
        "round 1, from the previous folder"
    );
    assert_eq!(
        rows[&(bsu_301, 6)].to_string(),
        "😐",
        "round 2: the worst milestone"
    );
    let xml = {
        use std::io::Read;
        let mut z =
            zip::ZipArchive::new(std::fs::File::open(out.join("Overblik-alle.xlsx")).unwrap())
                .unwrap();
        let mut s = String::new();
        z.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(xml.contains("<autoFilter"), "filterable");
    let first_row = &xml[xml.find(r#"<row r="1""#).unwrap()..];
    assert!(
        first_row[..first_row.find('>').unwrap()].contains(r#"ht="30""#),
        "the wrapped headers have room when printed"
    );
    // The economy totals per committee: ☺ and ☹ (a 😐 there is A002, not counted).
    let totals = &ov[1].1;
    let caption = totals
        .iter()
        .find(|(_, v)| *v == "Pr. udvalg, økonomi i 2. opf.")
        .map(|(at, _)| *at)
        .expect("the economy totals");
    assert_eq!(
        (0..4)
            .map(|c| totals[&(caption.0 + 1, c)].to_string())
            .collect::<Vec<_>>(),
        ["Udvalg", "☺ opfyldt", "☹ ikke opfyldt", "I alt"]
    );
    let economy_rows = (caption.0 + 2..)
        .take_while(|r| totals.contains_key(&(*r, 0)))
        .count();
    assert_eq!(economy_rows, 3, "one row per committee: {totals:?}");
    assert!(xml.contains("<hyperlink "), "links to the annotated files");
    let mut z =
        zip::ZipArchive::new(std::fs::File::open(out.join("Overblik-alle.xlsx")).unwrap()).unwrap();
    assert!(
        z.by_name("xl/charts/chart1.xml").is_ok(),
        "the chart of smiley shares per committee"
    );
}

#[test]
fn check_a_folder_gives_the_worst_exit_code() {
    let dir = TempDir::new().unwrap();
    let (prev, cur) = department(dir.path());
    let o = opfolg()
        .args(["check".as_ref(), prev.as_os_str()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout
            .lines()
            .filter(|l| l.contains(": 2 indsatser"))
            .count(),
        3,
        "{stdout}"
    );
    let o = opfolg()
        .args(["check".as_ref(), cur.as_os_str()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "a corrupt workbook is the worst");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("bsu-opf2.xlsx") && stdout.contains("ny-opf2.xlsx"),
        "the others are still checked: {stdout}"
    );
    std::fs::remove_file(cur.join("korrupt.xlsx")).unwrap();
    let o = opfolg()
        .args([
            "check".as_ref(),
            cur.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "round-2 milestones without smileys are errors"
    );
    let docs: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 3);
}

/// Real names: a copy number and `endelig` in the file names, the
/// genitive in one round's title, an Excel lock file beside the workbooks.
#[test]
fn folders_pair_real_names_and_name_lock_files() {
    let dir = TempDir::new().unwrap();
    let prev = dir.path().join("opf1");
    let cur = dir.path().join("opf2");
    std::fs::create_dir_all(&prev).unwrap();
    std::fs::create_dir_all(&cur).unwrap();
    save(
        &prev,
        "kfu-opf1-endelig.xlsx",
        &[clean().text(
            "A1",
            "Første opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalgets ansvarsområde",
        )],
    );
    save(
        &prev,
        "Skoler.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    save(
        &cur,
        "KFU opf2 (2).xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Anden").text("D7", "☺")],
    );
    save(
        &cur,
        "bsu-anden-runde.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden").text("D7", "☺")],
    );
    std::fs::write(cur.join("~$KFU opf2 (2).xlsx"), b"lock").unwrap();
    let out = dir.path().join("ud");
    let (code, stdout, stderr) = common::annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stderr.contains("~$KFU opf2 (2).xlsx: Excels låsefil"),
        "the lock file is named: {stderr}"
    );
    assert!(
        !stdout.contains("ingen forrige runde") && !stdout.contains("matcher"),
        "every workbook paired: {stdout}"
    );
    // Both have round 1 in their history: paired with the previous round.
    for name in [
        "KFU opf2 (2)-annoteret.xlsx",
        "bsu-anden-runde-annoteret.xlsx",
    ] {
        let cells = common::read_cells(&out.join(name));
        assert_eq!(cells[0].1[&(3, 4)].to_string(), "Smiley 1. opf.", "{name}");
    }
    // The overview names the committee one way.
    let ov = common::read_cells(&out.join("Overblik-alle.xlsx"));
    let rows = &ov[0].1;
    assert!(
        (1..=4).all(|r| rows[&(r, 0)] != "Kultur- og Fritidsudvalgets ansvarsområde"),
        "{rows:?}"
    );
}

/// Issue 15.13: the overview's links work for file names with `#`, `%`
/// and spaces (Excel reads a raw `#` as a place in the file).
#[test]
fn overview_links_survive_odd_file_names() {
    let dir = TempDir::new().unwrap();
    let cur = dir.path().join("opf1");
    std::fs::create_dir_all(&cur).unwrap();
    save(
        &cur,
        "BSU #2 100% opf1.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    let out = dir.path().join("ud");
    let (code, stdout, stderr) =
        common::annotate(&[cur.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let written = "BSU #2 100% opf1-annoteret.xlsx";
    assert!(out.join(written).exists(), "{stdout}");
    let rels = {
        use std::io::Read;
        let mut z =
            zip::ZipArchive::new(std::fs::File::open(out.join("Overblik-alle.xlsx")).unwrap())
                .unwrap();
        let mut s = String::new();
        z.by_name("xl/worksheets/_rels/sheet1.xml.rels")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(
        rels.contains("Target=\"BSU%20%232%20100%25%20opf1-annoteret.xlsx\""),
        "{rels}"
    );
    assert!(
        !rels.contains("file:///"),
        "a link beside the overview: {rels}"
    );
}

/// Issues 25.4 and 26.8: one folder holding every round. Each committee's
/// latest round is annotated against the round before it and says so; the
/// earlier rounds are named and not annotated again; a `(2)` copy with the
/// same content is counted once, one with other content is not guessed.
#[test]
fn one_folder_holding_every_round() {
    let dir = TempDir::new().unwrap();
    let all = dir.path().join("alle");
    std::fs::create_dir_all(&all).unwrap();
    save(
        &all,
        "bsu-opf1.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    save(
        &all,
        "bsu-opf2.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden").text("D7", "☺")],
    );
    std::fs::copy(all.join("bsu-opf2.xlsx"), all.join("bsu-opf2 (2).xlsx")).unwrap();
    save(
        &all,
        "kfu-opf1.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Første")],
    );
    save(
        &all,
        "kfu-opf2.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Anden").text("D7", "☺")],
    );
    save(
        &all,
        "kfu-opf2-rettet.xlsx",
        &[titled("Kultur- og Fritidsudvalget", "Anden").text("D7", "☹")],
    );
    save(
        &all,
        "ssu-opf2.xlsx",
        &[titled("Social- og Sundhedsudvalget", "Anden")],
    );
    let out = dir.path().join("ud");
    let (code, stdout, stderr) =
        common::annotate(&[all.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let path = |n: &str| all.join(n).display().to_string();
    // Of a workbook and its `(2)` copy, the workbook is used.
    assert!(
        stdout.contains(&format!(
            "{}: sammenlignet med {} (1. opf.)",
            path("bsu-opf2.xlsx"),
            path("bsu-opf1.xlsx")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}: samme indhold som {}; talt én gang",
            path("bsu-opf2 (2).xlsx"),
            path("bsu-opf2.xlsx")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}: ingen forrige runde af samme udvalg og år i mappen; annoteret alene",
            path("ssu-opf2.xlsx")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{}: forrige runde for", path("bsu-opf1.xlsx"))),
        "{stdout}"
    );
    assert!(stdout.contains("samme indhold som"), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "{}: samme udvalg og runde som {}, men med andet indhold",
            path("kfu-opf2-rettet.xlsx"),
            path("kfu-opf2.xlsx")
        )),
        "{stdout}"
    );
    // Written: one BSU (not two), SSU, no KFU (not guessed), no round 1.
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written.len(), 3, "{written:?}");
    assert!(
        written.contains(&"ssu-opf2-annoteret.xlsx".to_string()),
        "{written:?}"
    );
    assert!(
        written.contains(&"Overblik-alle.xlsx".to_string()),
        "{written:?}"
    );
    assert!(
        written.iter().any(|w| w.starts_with("bsu-opf2")),
        "{written:?}"
    );
    assert!(stdout.contains("2 af 2 arbejdsbøger annoteret"), "{stdout}");
}

/// Issue 25.4: a `(2)` copy in the current round's folder was paired with
/// round 1 while the original was annotated alone, and the overview listed
/// the committee twice. The copy is counted once, and every workbook says
/// what it was compared with.
#[test]
fn a_copy_in_the_rounds_folder_counts_once() {
    let dir = TempDir::new().unwrap();
    let (prev, cur) = (dir.path().join("opf1"), dir.path().join("opf2"));
    std::fs::create_dir_all(&prev).unwrap();
    std::fs::create_dir_all(&cur).unwrap();
    save(
        &prev,
        "BSU 1. opfølgning 2018.xlsx",
        &[titled("Børne- og Skoleudvalget", "Første")],
    );
    save(
        &cur,
        "BSU 2. opfølgning 2018.xlsx",
        &[titled("Børne- og Skoleudvalget", "Anden").text("D7", "☺")],
    );
    std::fs::copy(
        cur.join("BSU 2. opfølgning 2018.xlsx"),
        cur.join("BSU 2. opfølgning 2018 (2).xlsx"),
    )
    .unwrap();
    let out = dir.path().join("ud");
    let (code, stdout, stderr) = common::annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let p = |d: &Path, n: &str| d.join(n).display().to_string();
    assert!(
        stdout.contains(&format!(
            "{}: sammenlignet med {} (1. opf.)",
            p(&cur, "BSU 2. opfølgning 2018.xlsx"),
            p(&prev, "BSU 1. opfølgning 2018.xlsx")
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{}: samme indhold som {}; talt én gang",
            p(&cur, "BSU 2. opfølgning 2018 (2).xlsx"),
            p(&cur, "BSU 2. opfølgning 2018.xlsx")
        )),
        "{stdout}"
    );
    assert!(stdout.contains("1 af 1 arbejdsbog annoteret"), "{stdout}");
    let ov = common::read_cells(&out.join("Overblik-alle.xlsx"));
    let committees = ov[0]
        .1
        .iter()
        .filter(|((r, c), v)| *r > 0 && *c == 0 && *v == "Børne- og Skoleudvalget")
        .count();
    let initiatives = ov[0]
        .1
        .iter()
        .filter(|((r, c), _)| *r > 0 && *c == 1)
        .count();
    // The clean workbook's two initiatives, once each (not four).
    assert_eq!((committees, initiatives), (2, 2), "{ov:?}");
}
