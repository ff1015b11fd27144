//! A whole year of rounds, as a controller lives it (issue 16): the plan
//! (udmøntning) → 1. → 2. → 3. opfølgning → 31.12, each round's workbook
//! made with `new-round`, filled in where it is open, and the last one
//! annotated against the round before. The title stands in a merged cell
//! and names the committee in the genitive, as the real workbooks do.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::common::{self, a1, check_json, clean, codes, opfolg, package};

const PLAN_TITLE: &str =
    "Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde";

/// The plan: `clean()` without smileys, its title merged over A1:D1.
fn plan() -> common::Grid {
    clean()
        .text("A1", PLAN_TITLE)
        .merge("A1:D1")
        .clear("D6")
        .clear("D10")
        .clear("D14")
        .clear("D18")
}

fn new_round(from: &Path, to: &Path) {
    let o = opfolg()
        .args([
            "new-round".as_ref(),
            from.as_os_str(),
            "-o".as_ref(),
            to.as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The cells the hand-out offers the smiley list on: the ones to fill.
fn open_smiley_cells(path: &Path) -> BTreeSet<String> {
    let xml = common::part_text(path, "xl/worksheets/sheet1.xml");
    let at = xml.find("<dataValidation ").expect("a smiley list");
    let sqref = &xml[at..];
    let sqref = &sqref[sqref.find("sqref=\"").unwrap() + 7..];
    let mut cells = BTreeSet::new();
    for range in sqref[..sqref.find('"').unwrap()].split(' ') {
        let (from, to) = range.split_once(':').unwrap_or((range, range));
        let ((r1, c1), (r2, c2)) = (a1(from), a1(to));
        for r in r1..=r2 {
            for c in c1..=c2 {
                cells.insert(rust_xlsxwriter::utility::row_col_to_cell(r, c));
            }
        }
    }
    cells
}

/// Every open (unlocked) cell has the "fill here" fill, and every cell
/// with that fill is open.
fn fill_marks_only_open_cells(path: &Path) -> BTreeSet<String> {
    let looks = package::sheet_looks(path, "Ark1");
    let mut open = BTreeSet::new();
    for (&(r, c), look) in &looks {
        let unlocked = look.contains("locked=0");
        let blue = look.to_uppercase().contains("DDEBF7");
        let name = rust_xlsxwriter::utility::row_col_to_cell(r, c);
        assert_eq!(
            unlocked,
            blue,
            "{}: {name} is {} but {}",
            path.display(),
            if unlocked { "open" } else { "locked" },
            if blue { "blue" } else { "not blue" }
        );
        if unlocked {
            open.insert(name);
        }
    }
    open
}

/// The cells of the sheet `Ark1`.
fn ark1(path: &Path) -> common::Cells {
    common::read_cells(path)
        .into_iter()
        .find(|(n, _)| n == "Ark1")
        .expect("Ark1")
        .1
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Makes the next round's workbook from `from`, checks what it offers,
/// fills it in and returns the filled workbook.
fn round(
    dir: &Path,
    from: &Path,
    n: u8,
    title_starts: &str,
    open: &[&str],
    fills: &[(&str, &str)],
) -> PathBuf {
    let handout = dir.join(format!("opf{n}.xlsx"));
    new_round(from, &handout);
    let (doc, _) = check_json(&handout, &[]);
    assert_eq!(doc["round"], n, "the hand-out is round {n}: {doc}");
    let title = ark1(&handout)[&(0, 0)].to_string();
    assert!(title.starts_with(title_starts), "round {n}: {title}");
    let smiley_cells = open_smiley_cells(&handout);
    let wanted = set(open);
    assert_eq!(
        smiley_cells
            .iter()
            .filter(|c| c.starts_with('D'))
            .cloned()
            .collect::<BTreeSet<_>>(),
        wanted,
        "round {n}: the smiley cells to fill"
    );
    let unlocked = fill_marks_only_open_cells(&handout);
    assert!(
        wanted.iter().all(|c| unlocked.contains(c)),
        "round {n}: every smiley to fill is open: {unlocked:?}"
    );
    // Each open smiley's milestone text is open too (its status is written there).
    for c in &wanted {
        let (r, _) = a1(c);
        let text = rust_xlsxwriter::utility::row_col_to_cell(r, 1);
        assert!(unlocked.contains(&text), "round {n}: {text} open with {c}");
    }
    let filled = dir.join(format!("opf{n}-udfyldt.xlsx"));
    common::fill_in_place(&handout, &filled, fills);
    filled
}

#[test]
fn a_year_of_rounds_from_the_plan_to_the_year_end() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let plan = common::save(d, "udmoentning.xlsx", &[plan()]);
    let (doc, _) = check_json(&plan, &[]);
    assert_eq!(doc["round"], 0, "{doc}");

    // Round 1: the milestones due now, and the economy rows.
    let r1 = round(
        d,
        &plan,
        1,
        "Første opfølgning på Aftale om budget 2018",
        &["D6", "D10", "D14", "D18"],
        &[("D6", "☺"), ("D10", "☺"), ("D14", "☹"), ("D18", "☺")],
    );
    // Round 2: also the milestone missed in round 1 (☹ on row 14).
    let r2 = round(
        d,
        &r1,
        2,
        "Anden opfølgning på Aftale om budget 2018",
        &["D7", "D10", "D14", "D15", "D18"],
        &[
            ("D7", "😐"),
            ("D10", "☺"),
            ("D14", "☺"),
            ("D15", "☺"),
            ("D18", "☺"),
        ],
    );
    // Round 3: the 😐 of round 2 (row 7) stays open; the ☺ ones close.
    // Rows 16 and 17 are placeholders (a deadline, no milestone text):
    // nothing to report on, so nothing to fill.
    let r3 = round(
        d,
        &r2,
        3,
        "Tredje opfølgning på Aftale om budget 2018",
        &["D7", "D8", "D10", "D18"],
        &[("D7", "☺"), ("D8", "☺"), ("D10", "☺"), ("D18", "😐")],
    );
    // The year end.
    let r4 = round(
        d,
        &r3,
        4,
        "Endelig opfølgning på Aftale om budget 2018",
        &["D9", "D10", "D18"],
        &[("D9", "☺"), ("D10", "☺"), ("D18", "☺")],
    );
    let (doc, code) = check_json(&r4, &["--previous", r3.to_str().unwrap()]);
    assert_eq!(doc["round"], 4, "{doc}");
    assert!(
        !codes(&doc)
            .iter()
            .any(|(c, _)| c.starts_with('M') || c.starts_with('S')),
        "a year filled in as asked checks clean: {doc}"
    );
    assert!(code <= 1, "{doc}");

    let out = d.join("aarsafslutning-annoteret.xlsx");
    let (code, stdout, stderr) = common::annotate(&[
        r4.as_os_str(),
        "--previous".as_ref(),
        r3.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let ark = ark1(&out);
    let header: Vec<String> = (4..12)
        .filter_map(|c| ark.get(&(3, c)).map(|v| v.to_string()))
        .collect();
    let history: Vec<&String> = header.iter().filter(|h| h.starts_with("Smiley")).collect();
    assert_eq!(
        history,
        [
            "Smiley 1. opf.",
            "Smiley 2. opf.",
            "Smiley 3. opf.",
            "Smiley 31.12"
        ],
        "the smiley of each round: {header:?}"
    );
    // Row 7's milestone through the year: 😐 in round 2, ☺ in round 3 and at the end.
    let row7: Vec<String> = (4..8)
        .map(|c| ark.get(&(6, c)).map(|v| v.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(row7, ["", "😐", "☺", "☺"], "{header:?}");
    // Row 14's: missed in round 1, met in round 2.
    let row14: Vec<String> = (4..8)
        .map(|c| ark.get(&(13, c)).map(|v| v.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(row14, ["☹", "☺", "☺", "☺"], "{header:?}");
    // The user's cells as they filled them in.
    let filled = ark1(&r4);
    for (at, v) in filled.iter().filter(|((_, c), _)| *c < 4) {
        assert_eq!(ark.get(at), Some(v), "{at:?}");
    }
}
