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
    assert!(xml.contains("<dataValidation "), "a smiley list");
    let mut cells = BTreeSet::new();
    // The milestones' list (☺ 😐 ☹) and the economy's (☺ ☹).
    for v in xml.split("<dataValidation ").skip(1) {
        let sqref = &v[v.find("sqref=\"").unwrap() + 7..];
        for range in sqref[..sqref.find('"').unwrap()].split(' ') {
            let (from, to) = range.split_once(':').unwrap_or((range, range));
            let ((r1, c1), (r2, c2)) = (a1(from), a1(to));
            for r in r1..=r2 {
                for c in c1..=c2 {
                    cells.insert(rust_xlsxwriter::utility::row_col_to_cell(r, c));
                }
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

/// `clean()` with the block of 3.09 (rows 12-19) pasted again below it,
/// after an empty row (rows 21-28).
fn pasted_twice() -> common::Grid {
    let mut g = clean();
    let copies: Vec<((u32, u16), common::Cell)> = g
        .cells
        .iter()
        .filter(|((r, _), _)| (11..19).contains(r))
        .map(|((r, c), v)| ((r + 9, *c), v.clone()))
        .collect();
    g.cells.extend(copies);
    g
}

/// The `Overblik` sheet's cells.
fn overblik(path: &Path) -> common::Cells {
    common::read_cells(path)
        .into_iter()
        .find(|(n, _)| n == "Overblik")
        .expect("Overblik")
        .1
}

#[test]
fn a_block_pasted_twice_is_one_initiative() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let round2 = "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget";
    let prev = common::save(d, "opf1.xlsx", &[clean()]);
    let once = common::save(d, "opf2-en-gang.xlsx", &[clean().text("A1", round2)]);
    let twice = common::save(d, "opf2.xlsx", &[pasted_twice().text("A1", round2)]);

    // S003 once, on the copy, naming the first and saying what to do.
    let (doc, _) = check_json(&twice, &[]);
    let s003: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "S003")
        .collect();
    assert_eq!(s003.len(), 1, "{doc}");
    assert_eq!(s003[0]["cell"], "A21");
    let message = s003[0]["message"].as_str().unwrap();
    assert!(
        message.contains("Ark1!A12") && message.contains("kopi") && message.contains("slet"),
        "{message}"
    );
    assert_eq!(doc["initiatives"], 2, "counted once: {doc}");

    // No initiative_added against a round that had it once.
    let (doc, _) = common::diff_json(&prev, &twice);
    assert!(
        !common::kinds(&doc)
            .iter()
            .any(|(k, _, _)| k == "initiative_added"),
        "{doc}"
    );

    // Overblik counts it once: the same as the workbook without the copy.
    let annotated = |cur: &Path, name: &str| {
        let out = d.join(name);
        common::annotate_against(cur, &prev, &out);
        out
    };
    let with_copy = annotated(&twice, "to-gange-annoteret.xlsx");
    let without = annotated(&once, "en-gang-annoteret.xlsx");
    assert_eq!(overblik(&with_copy), overblik(&without));
}

#[test]
fn a_removed_initiative_points_into_the_previous_workbook() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    // The previous round had 3.09 pasted twice; this one dropped 3.01.
    let prev = common::save(d, "opf1.xlsx", &[pasted_twice()]);
    let cur = clean()
        .text(
            "A1",
            "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        )
        .remap(|r| if (2..11).contains(&r) { r + 100 } else { r });
    let cur = common::Grid {
        cells: cur
            .cells
            .into_iter()
            .filter(|((r, _), _)| *r < 100)
            .collect(),
        ..cur
    };
    let cur = common::save(d, "opf2.xlsx", &[cur]);
    let (doc, _) = common::diff_json(&prev, &cur);
    assert_eq!(
        common::kinds(&doc),
        vec![(
            "initiative_removed".to_string(),
            "A4".to_string(),
            String::new()
        )],
        "{doc}"
    );
    let out = d.join("opf2-annoteret.xlsx");
    common::annotate_against(&cur, &prev, &out);
    let changes = common::read_cells(&out)
        .into_iter()
        .find(|(n, _)| n == "Ændringer")
        .unwrap()
        .1;
    assert_eq!(
        changes.get(&(1, 6)).map(|v| v.to_string()),
        Some("opf1.xlsx: Ark1!A4".to_string()),
        "{changes:?}"
    );
}

/// Issue 16.2: a new initiative, and one with a finding of its own, keep
/// the `Ændring` and `Kontrol` labels on their header rows; what concerns
/// the initiative itself stands on the row below, in the same columns.
#[test]
fn header_labels_stand_on_every_header_row() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let prev = common::save(d, "opf1.xlsx", &[clean()]);
    // 3.16 is new; 3.09 loses its center (S010, the initiative's own finding).
    let cur = clean()
        .text(
            "A1",
            "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        )
        .text("B13", "Ansvarligt udvalg: Børne- og Skoleudvalget")
        .text("A20", "3.16. Analyse af BFO")
        .text("B20", "Drift")
        .text("C20", "Tid")
        .text("D20", "Smiley")
        .text(
            "A21",
            "Børn trives, når de har et aktivt og meningsfyldt fritidsliv.",
        )
        .text("B21", "Ansvarligt center: Skoler, Institutioner og Kultur")
        .text("A22", "Milepæl")
        .text("B22", "Data tilrettelægges.")
        .text("C22", "2. budgetopfølgning 2018")
        .text("D22", "☺")
        .text("A23", "Økonomi")
        .text(
            "B23",
            "Der forventes ikke driftsudgifter forbundet med analysen.",
        )
        .text("D23", "☺");
    let cur = common::save(d, "opf2.xlsx", &[cur]);
    let out = d.join("opf2-annoteret.xlsx");
    common::annotate_against(&cur, &prev, &out);
    let ark = ark1(&out);
    let text = |r: u32, c: u32| ark.get(&(r, c)).map(|v| v.to_string()).unwrap_or_default();
    let change_col = (4..20).find(|c| text(3, *c) == "Ændring").expect("Ændring");
    let check_col = (4..20).find(|c| text(3, *c) == "Kontrol").expect("Kontrol");
    for header in [3, 11, 19] {
        assert_eq!(text(header, change_col), "Ændring", "row {}", header + 1);
        assert_eq!(text(header, check_col), "Kontrol", "row {}", header + 1);
    }
    assert!(
        text(20, change_col).starts_with("ny"),
        "the new initiative's mark on its description row: {:?}",
        text(20, change_col)
    );
    assert!(
        text(12, check_col).contains("S010"),
        "3.09's own finding on its description row: {:?}",
        text(12, check_col)
    );
}
