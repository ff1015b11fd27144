//! Centers by any name (issue 28.4): one center written `Center for
//! Børne- og Ungerådgivning`, `Børne- og Ungerådgivning` and `C-BUR` in
//! one department's workbooks is one center — one hand-out, one return,
//! one row of the overviews — and the main contributor is read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::{Grid, fill_in_place, ok, opfolg, package, read_cells, save};

/// Seed 000's three initiatives of Børne- og Ungerådgivning (3.30,
/// 3.31.3, 3.31.4) and one of Skoler, Institutioner og Kultur (3.31.2,
/// with Børne- og Ungerådgivning as its main contributor), in round 1
/// (milestone 1 and the economy rated ☺), the three centers written as
/// `spelled`. Rows (1-based): blocks at 4, 12, 20 and 28 — header,
/// description, four milestones, economy.
fn department(title: &str, spelled: [&str; 3]) -> Grid {
    let details = |center: &str, by: &str| {
        format!(
            "<p>Ansvarligt center: {center} Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: {by}</p>"
        )
    };
    let mut rows: Vec<Vec<String>> = vec![
        vec![title.into()],
        vec![],
        vec!["3. Sammenhængende udviklingsforløb 0-25 år".into()],
    ];
    let blocks = [
        (
            "3.30. Headspace",
            "<p>Headspace er en gratis og anonym rådgivning for børn og unge.</p> <p>Der afsættes 0,29 mio. kr. til Headspace i 2018.</p>",
            details(
                spelled[0],
                "Udarbejdelse af midtvejsevaluering inden budgetforhandlingerne og med henblik på stillingtagen til en eventuel permanentgørelse.",
            ),
            [
                "Procesplan for midtvejsevaluering er udarbejdet og igangsat.",
                "Midtvejsevaluering er gennemført.",
                "Anbefalingerne fra midtvejsevaluering er behandlet i Børne- og Skoleudvalget med stillingtagen til budget 2019.",
                "Det er besluttet, hvorvidt Headspace fortsætter.",
            ],
            "Økonomien overholdes.",
        ),
        (
            "3.31.2. Tilbudsviften på børneområdet - \"Springsbrættet\"",
            "<p>Parterne ønsker også, at der iværksættes et pilotprojekt omkring \"Springbrættet\".</p>",
            details(
                "Skoler, Institutioner og Kultur",
                "Børne- og Ungerådgivning",
            ),
            [
                "Erfaringer indhentes.",
                "Indsats udformes.",
                "Indsatsen er afprøvet i et forsøg.",
                "Der afrapporteres om erfaringerne.",
            ],
            "Der er ikke afsat økonomi.",
        ),
        (
            "3.31.3. Tilbudsviften på børneområdet - Gruppeforløb i Familiehuset",
            "<p>Parterne ønsker endvidere, at der i Familiehuset arbejdes med gruppeforløb for forældre til børn over 7 år.</p>",
            details(
                spelled[1],
                "Indsatsen omlægger eksisterende behandlingsforløb for familier, så de i perioder deltager i gruppeforløb. Der er ikke afsat økonomi til denne del af Tilbudsviften.",
            ),
            [
                "De første gruppeforløb er igangsat.",
                "Gruppeforløb pågår.",
                "",
                "",
            ],
            "Der er ikke afsat økonomi.",
        ),
        (
            "3.31.4. Tilbudsviften på børneområdet - \"Vejen frem\"",
            "<p>Der afsættes 0,25 mio. kr. årligt fra 2018 og frem.</p>",
            details(spelled[2], ""),
            [
                "Tilbuddet er færdigudviklet og igangsat.",
                "Tilbuddet pågår.",
                "",
                "Målet om antallet af unge er nået.",
            ],
            "Økonomien overholdes.",
        ),
    ];
    let deadlines = [
        "1. budgetopfølgning 2018",
        "2. budgetopfølgning 2018",
        "3. budgetopfølgning 2018",
        "31.12.2018",
    ];
    for (header, purpose, details, milestones, economy) in blocks {
        rows.push(vec![
            header.into(),
            "Drift".into(),
            "Tid".into(),
            "Smiley".into(),
        ]);
        rows.push(vec![purpose.into(), details]);
        for (i, (m, d)) in milestones.iter().zip(deadlines).enumerate() {
            let smiley = if i == 0 { "☺" } else { "" };
            rows.push(vec!["Milepæl".into(), (*m).into(), d.into(), smiley.into()]);
        }
        rows.push(vec![
            "Økonomi".into(),
            economy.into(),
            "".into(),
            "☺".into(),
        ]);
        rows.push(vec![]);
    }
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    Grid::from_rows("Ark1", &slices)
}

const BSU: &str = "Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget";
const THREE: [&str; 3] = [
    "Børne- og Ungerådgivning",
    "Center for Børne- og Ungerådgivning",
    "C-BUR",
];
const FULL: &str = "Center for Børne- og Ungerådgivning";

/// The open (unlocked) cells of a hand-out's block sheet, as A1 names.
fn open_cells(path: &Path) -> BTreeSet<String> {
    package::sheet_looks(path, "Ark1")
        .into_iter()
        .filter(|(_, look)| look.contains("locked=0"))
        .map(|((r, c), _)| rust_xlsxwriter::utility::row_col_to_cell(r, c))
        .collect()
}

/// `new-round --per-center` of `department(BSU, THREE)` into `dir/ud`.
fn hand_out(dir: &Path) -> PathBuf {
    let wb = save(dir, "bsu-opf1.xlsx", &[department(BSU, THREE)]);
    let folder = dir.join("ud");
    ok(opfolg()
        .arg("new-round")
        .arg(&wb)
        .arg("--per-center")
        .arg("-o")
        .arg(&folder));
    folder
}

/// Three spellings made three hand-outs for one center: now one, named by
/// its fullest spelling, opening the cells of all three initiatives.
#[test]
fn one_center_written_three_ways_gets_one_hand_out() {
    let dir = TempDir::new().unwrap();
    let folder = hand_out(dir.path());
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "Børne- og Skoleudvalget – 2. opf. 2018.xlsx",
            "Center for Børne- og Ungerådgivning – 2. opf. 2018.xlsx",
            "Skoler, Institutioner og Kultur – 2. opf. 2018.xlsx",
        ]
    );
    let bur = open_cells(&folder.join(format!("{FULL} – 2. opf. 2018.xlsx")));
    // Milestone 2's smiley and each economy smiley of 3.30, 3.31.3, 3.31.4.
    for cell in ["D7", "D10", "D23", "D26", "D31", "D34"] {
        assert!(bur.contains(cell), "{cell} open: {bur:?}");
    }
    // Not those of 3.31.2, Skoler, Institutioner og Kultur's.
    for cell in ["D15", "D18"] {
        assert!(!bur.contains(cell), "{cell} locked: {bur:?}");
    }
    // The reading guide names the center by its full name.
    let cells = read_cells(&folder.join(format!("{FULL} – 2. opf. 2018.xlsx")));
    let guide = &cells.iter().find(|(n, _)| n == "Læsevejledning").unwrap().1;
    assert!(
        guide
            .values()
            .any(|v| v.to_string() == format!("Denne arbejdsbog er til {FULL}.")),
        "{guide:?}"
    );
}

/// Sets a hand-out's hidden center mark to `center`, as a hand-out made
/// when the center was written so carries it.
fn mark_center(path: &Path, center: &str) {
    use opfolg::package::edits::{Edits, Name};
    let mut pkg = opfolg::package::Package::open_input(&crate::common::input(path)).unwrap();
    let edits = Edits {
        remove_names: vec![opfolg::layout::CENTER_MARK.to_string()],
        names: vec![Name {
            name: opfolg::layout::CENTER_MARK.to_string(),
            sheet: None,
            value: format!("\"{center}\""),
            hidden: true,
        }],
        ..Edits::default()
    };
    let mut bytes = std::io::Cursor::new(Vec::new());
    opfolg::package::write(&mut pkg, edits, &mut bytes).unwrap();
    std::fs::write(path, bytes.into_inner()).unwrap();
}

/// A return is its center's under any spelling: one made when the center
/// was written `C-BUR` (an earlier hand-out) is taken as Center for
/// Børne- og Ungerådgivning's.
#[test]
fn collect_takes_a_return_under_another_spelling() {
    let dir = TempDir::new().unwrap();
    let folder = hand_out(dir.path());
    let back = dir.path().join("svar");
    std::fs::create_dir(&back).unwrap();
    let returned = back.join("bur.xlsx");
    fill_in_place(
        &folder.join(format!("{FULL} – 2. opf. 2018.xlsx")),
        &returned,
        &[("D7", "☺"), ("D23", "☺"), ("D31", "😐")],
    );
    mark_center(&returned, "C-BUR");
    let gathered = dir.path().join("samlet.xlsx");
    let out = ok(opfolg()
        .arg("collect")
        .arg(folder.join("Børne- og Skoleudvalget – 2. opf. 2018.xlsx"))
        .arg(&back)
        .arg("-o")
        .arg(&gathered));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Samlet til 2. opf.: 1 af 2 centre har svaret, 3 celler udfyldt"),
        "{stdout}"
    );
    assert!(!stdout.contains(&format!("{FULL}: mangler")), "{stdout}");
    assert!(!stdout.contains("C-BUR"), "{stdout}");
    let sheets = read_cells(&gathered);
    let got = &sheets.iter().find(|(n, _)| n == "Ark1").unwrap().1;
    assert_eq!(got[&(6, 3)].to_string(), "☺");
    assert_eq!(got[&(30, 3)].to_string(), "😐");
}

/// The annotated workbook's `Overblik` counts the center once, by its
/// full name.
#[test]
fn overblik_counts_one_center_once() {
    let dir = TempDir::new().unwrap();
    let wb = save(dir.path(), "bsu-opf1.xlsx", &[department(BSU, THREE)]);
    let out = dir.path().join("annoteret.xlsx");
    let (code, stdout, stderr) = crate::common::annotate(&[
        wb.as_os_str(),
        "--no-previous".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let cells = read_cells(&out);
    let overblik = &cells.iter().find(|(n, _)| n == "Overblik").unwrap().1;
    let centers: Vec<String> = overblik
        .iter()
        .filter(|((_, c), _)| *c == 0)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.contains("Ungerådgivning") || v.contains("BUR"))
        .collect();
    // One row in the smileys per center, one in the money per center.
    assert_eq!(centers, [FULL, FULL], "{overblik:?}");
    let money_rows: Vec<String> = overblik
        .iter()
        .filter(|((_, c), _)| *c == 1)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.contains("Ungerådgivning") || v.contains("BUR"))
        .collect();
    // The money per initiative names each of its three initiatives' center
    // the same way.
    assert_eq!(money_rows, [FULL, FULL, FULL], "{overblik:?}");
}

/// A department's folder: the committees' workbooks write the center
/// three ways; `Overblik-alle` names it one way and counts it once, and
/// shows each initiative's main contributor.
#[test]
fn the_folder_overview_names_a_center_one_way_and_shows_the_contributor() {
    let dir = TempDir::new().unwrap();
    let cur = dir.path().join("opf1");
    std::fs::create_dir(&cur).unwrap();
    save(&cur, "bsu-opf1.xlsx", &[department(BSU, [THREE[0]; 3])]);
    let kfu = "Første opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalget";
    save(&cur, "kfu-opf1.xlsx", &[department(kfu, [THREE[1]; 3])]);
    let ssu = "Første opfølgning på Aftale om budget 2018 for Social- og Sundhedsudvalget";
    save(&cur, "ssu-opf1.xlsx", &[department(ssu, [THREE[2]; 3])]);
    let out = dir.path().join("ud");
    let (code, stdout, stderr) =
        crate::common::annotate(&[cur.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let ov = read_cells(&out.join("Overblik-alle.xlsx"));
    let rows = &ov[0].1;
    assert_eq!(rows[&(0, 3)].to_string(), "Ansvarligt center");
    assert_eq!(rows[&(0, 4)].to_string(), "Væsentlig bidragsyder");
    assert_eq!(rows[&(0, 5)].to_string(), "Indsats 1. opf.");
    let row_of = |committee: &str, id: &str| {
        (1..=12)
            .find(|r| rows[&(*r, 0)] == committee && rows[&(*r, 1)] == id)
            .unwrap()
    };
    for committee in [
        "Børne- og Skoleudvalget",
        "Kultur- og Fritidsudvalget",
        "Social- og Sundhedsudvalget",
    ] {
        assert_eq!(rows[&(row_of(committee, "3.30"), 3)].to_string(), FULL);
        let springbraettet = row_of(committee, "3.31.2");
        assert_eq!(
            rows[&(springbraettet, 4)].to_string(),
            "Børne- og Ungerådgivning"
        );
        // 3.30's `Væsentlig bidragsyder:` runs on into a sentence: no name.
        let empty = rows
            .get(&(row_of(committee, "3.30"), 4))
            .is_none_or(|v| v.to_string().is_empty());
        assert!(empty, "{rows:?}");
    }
    // One row per center in the totals.
    let totals = &ov[1].1;
    let bur: Vec<String> = totals
        .values()
        .map(ToString::to_string)
        .filter(|v| v.contains("Ungerådgivning") || v.contains("BUR"))
        .collect();
    assert_eq!(bur, [FULL], "{totals:?}");
}
