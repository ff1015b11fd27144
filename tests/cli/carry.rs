//! What is not finished carries over (issue 28.3): `new-round` on the
//! year-end workbook writes next year's plan — the initiatives and
//! milestones not ☺, each with a note of its year, the deadlines of the
//! old year moved to the new year's first round — which `check` reads as
//! next year's plan and whose hand-outs go out and come back as any
//! other's. The texts are seed 001's (budget 2019), whose year-end
//! milestone says "overføres til opgavelisten for 2020".

use std::collections::BTreeMap;
use std::path::Path;

use tempfile::TempDir;

use super::common::{
    Grid, check_json, codes, fill_sheet, ok, opfolg, package, part_text, read_cells, save,
};

const YEAR_END: &str =
    "Opfølgning pr. 31. december 2019 på Aftale om budget 2019 for Børne- og Skoleudvalget";
const SIK: &str = "Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder:";

/// The year end of budget 2019, seed 001's initiatives. Rows (1-based):
/// 3.1 (5-11) and 3.4 (29-35) are finished, every milestone and the
/// economy ☺; 3.2 (13-19) has a ☹ milestone at 31.12 (row 18, with a
/// `Status:`) beside a ☺ one and two placeholders; 3.3 (21-27) has a ☺
/// milestone, one postponed to 2020 (row 24, with its reason) and one
/// rated 😐 at the year end (row 25: M010).
fn year_end() -> Grid {
    Grid::from_rows(
        "Ark1",
        &[
            &[YEAR_END],
            &["Dato: 8. januar 2020"],
            &[],
            &["3. En stærk uddannelsesby"],
            &[
                "3.1. Understøttelse af arbejdet med kvalitet i dagtilbud",
                "Drift",
                "Tid",
                "Smiley",
            ],
            &[
                "Der afsættes årligt 0,3 mio. kr. til indkøb og drift af et kvalitetssikringssystem, der understøtter arbejdet med udvikling og dokumentation af kvalitet i dagtilbud. Midlerne udmøntes i Børne- og Skoleudvalget.",
                SIK,
            ],
            &[
                "Milepæl",
                "Arbejdsgruppen arbejder og former et kommende forslag og anbefalinger til Børne- og Skoleudvalget.",
                "1. budgetopfølgning 2019",
                "☺",
            ],
            &[
                "Milepæl",
                "Et bud på, hvordan vi kan se god kvalitet i dagtilbud - og et bud på et system, som kan understøtte dette arbejde forelægges Børne- og Skoleudvalget",
                "2. budgetopfølgning 2019",
                "☺",
            ],
            &[
                "Milepæl",
                "Arbejdet med kvalitetssikring og indsamling af data igangsættes.",
                "3. budgetopfølgning 2019",
                "☺",
            ],
            &["Milepæl", "", "31.12.2019"],
            &["Økonomi", "Der er afsat 0,3 mio. kr.", "", "☺"],
            &[],
            &[
                "3.2. Pilotprojekt om arbejdstilrettelæggelse i dagtilbud",
                "Drift",
                "Tid",
                "Smiley",
            ],
            &[
                "Parterne ønsker, at mulighederne for at igangsætte et pilotprojekt i et af distrikterne med arbejdstidsplanlægning afsøges. Forslag til pilotprojekt fremlægges for Børne- og Skoleudvalget i foråret 2020.",
                SIK,
            ],
            &["Milepæl", "", "1. budgetopfølgning 2019"],
            &["Milepæl", "", "2. budgetopfølgning 2019"],
            &[
                "Milepæl",
                "Distriktsdagtilbudslederne former i samarbejde med administrationen pilotprojektet.",
                "3. budgetopfølgning 2019",
                "☺",
            ],
            &[
                "Milepæl",
                "De indledende skitser til et pilotprojekt overføres til opgavelisten for 2020.\nForslaget til pilotprojektet forelægges Børne- og Skoleudvalget primo 2020.\nStatus: Skitserne er ikke færdige; arbejdet fortsætter i 2020.",
                "31.12.2019",
                "☹",
            ],
            &["Økonomi", "Der er ikke afsat økonomi.", "", "☺"],
            &[],
            &["3.3. Barnets første 1.000 dage", "Drift", "Tid", "Smiley"],
            &[
                "Der afsættes 1 mio. kr. i 2019. Der afsættes 3 mio. kr. årligt i perioden 2020-2022.",
                "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Børne- og Ungerådgivning",
            ],
            &[
                "Milepæl",
                "Erfaringer fra år 1 i arbejdet med kvalitet i distrikterne deles i Distriktsledergruppen (1 mio. kr. fordelt på fem distrikter).",
                "1. budgetopfølgning 2019",
                "☺",
            ],
            &[
                "Milepæl",
                "Kontakt til mulige fonde iværksættes - og muligheder for samarbejde afsøges. Samtidig kontaktes forskere med henblik på et samarbejde.\nStatus: Kontakten til fondene udskydes til 2020, da bevillingen først blev afklaret i december.",
                "1. budgetopfølgning 2020",
            ],
            &[
                "Milepæl",
                "Erfaringer fra arbejdet med kvalitet i distrikterne forelægges Børne- og Skoleudvalget (1 mio. kr. fordelt på fem distrikter).\nStatus: Sagen forelægges udvalget i februar 2020.",
                "3. budgetopfølgning 2019",
                "😐",
            ],
            &["Milepæl", "", "31.12.2019"],
            &[
                "Økonomi",
                "Der er afsat 1 mio. kr. til udvikling af arbejdet med kvalitet i dagtilbud.",
                "",
                "☺",
            ],
            &[],
            &[
                "3.4. Dagtilbudsstrukturen evalueres",
                "Drift",
                "Tid",
                "Smiley",
            ],
            &[
                "Parterne ønsker, at den nye dagtilbudsstruktur evalueres. Der afsættes 0,5 mio. kr. til evalueringen, som finder sted i efteråret 2021.",
                SIK,
            ],
            &["Milepæl", "", "1. budgetopfølgning 2019"],
            &["Milepæl", "", "2. budgetopfølgning 2019"],
            &["Milepæl", "", "3. budgetopfølgning 2019"],
            &[
                "Milepæl",
                "Der forelægges et evalueringsdesign i efteråret 2020.",
                "31.12.2019",
                "☺",
            ],
            &["Økonomi", "Der er ikke afsat økonomi i 2019.", "", "☺"],
        ],
    )
}

/// The sheet's cells by A1 name, as text.
fn values(path: &Path, sheet: &str) -> BTreeMap<String, String> {
    read_cells(path)
        .into_iter()
        .find(|(n, _)| n == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet} in {}", path.display()))
        .1
        .into_iter()
        .map(|((r, c), d)| {
            (
                rust_xlsxwriter::utility::row_col_to_cell(r, c as u16),
                d.to_string(),
            )
        })
        .collect()
}

/// The rows (1-based) the sheet part marks hidden.
fn hidden_rows(path: &Path, part: &str) -> Vec<u32> {
    let xml = part_text(path, part);
    xml.split("<row ")
        .skip(1)
        .filter(|r| {
            let tag = &r[..r.find('>').unwrap()];
            tag.contains("hidden=\"1\"")
        })
        .map(|r| {
            let at = r.find("r=\"").unwrap() + 3;
            r[at..at + r[at..].find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

/// The notes on the first sheet, by cell: their text (the author's line
/// first).
fn notes(path: &Path) -> BTreeMap<String, String> {
    let pkg = package::Pkg::open(path);
    let Some((_, _, part, _)) = pkg
        .rels("xl/worksheets/sheet1.xml")
        .into_iter()
        .find(|r| r.1.ends_with("/comments"))
    else {
        return BTreeMap::new();
    };
    let xml = part_text(path, &part);
    xml.split("<comment ")
        .skip(1)
        .map(|c| {
            let at = c.find("ref=\"").unwrap() + 5;
            let cell = c[at..at + c[at..].find('"').unwrap()].to_string();
            let text: String = c
                .split("<t")
                .skip(1)
                .filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</t>")?]))
                .collect();
            (cell, text)
        })
        .collect()
}

fn new_round(from: &Path, to: &Path) -> String {
    let out = ok(opfolg().arg("new-round").arg(from).arg("-o").arg(to));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Issue 28.3, as a controller lives it: the year ends with a 😐 (M010),
/// a milestone postponed to 2020 and two unfinished initiatives; the
/// year-end workbook gives 2020's plan, which checks clean, goes out per
/// centre, and comes back.
#[test]
fn the_year_end_gives_next_years_plan() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let end = save(d, "bsu 31.12.2019.xlsx", &[year_end()]);
    let (doc, code) = check_json(&end, &[]);
    assert_eq!((doc["round"].as_u64(), code), (Some(4), 1), "{doc}");
    assert!(
        codes(&doc).contains(&("M010".into(), "D25".into())),
        "{doc}"
    );

    let plan = d.join("plan 2020.xlsx");
    let stdout = new_round(&end, &plan);
    assert!(
        stdout.starts_with("Næste års plan (2020): 2 af 4 indsatser overført (3 milepæle)"),
        "{stdout}"
    );
    assert!(stdout.contains(&plan.display().to_string()), "{stdout}");

    // `check` reads it as 2020's plan, clean.
    let (doc, code) = check_json(&plan, &[]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(doc["round"], 0);
    assert_eq!(doc["year"], 2020);
    assert_eq!(doc["initiatives"], 2);
    assert_eq!(doc["milestones"], 3);
    for c in ["M003", "M004", "S007"] {
        assert!(!codes(&doc).iter().any(|(x, _)| x == c), "{c}: {doc}");
    }

    // The same layout: the finished rows hidden (and emptied), the rest
    // where it was.
    let got = values(&plan, "Ark1");
    let hidden = hidden_rows(&plan, "xl/worksheets/sheet1.xml");
    let want: Vec<u32> = (5..=11)
        .chain([15, 16, 17, 23, 26])
        .chain(29..=35)
        .collect();
    assert_eq!(hidden, want);
    for row in &want {
        assert!(
            !got.keys()
                .any(|k| k.trim_start_matches(char::is_alphabetic) == row.to_string()),
            "row {row} emptied: {got:?}"
        );
    }
    assert_eq!(
        got["A1"],
        "Udmøntning af Aftale om budget 2020 for Børne- og Skoleudvalget"
    );
    assert_eq!(got["A4"], "3. En stærk uddannelsesby");
    assert_eq!(
        got["A13"],
        "3.2. Pilotprojekt om arbejdstilrettelæggelse i dagtilbud"
    );
    assert_eq!(got["A21"], "3.3. Barnets første 1.000 dage");
    // Deadlines of 2019 move to 2020's first round; the one postponed to
    // 2020 stays; the smileys are emptied; the `Status:` goes to the note.
    assert_eq!(got["C18"], "1. budgetopfølgning 2020");
    assert_eq!(got["C24"], "1. budgetopfølgning 2020");
    assert_eq!(got["C25"], "1. budgetopfølgning 2020");
    for cell in ["D18", "D19", "D24", "D25", "D27"] {
        assert!(
            !got.contains_key(cell),
            "{cell} emptied: {:?}",
            got.get(cell)
        );
    }
    assert_eq!(
        got["B18"],
        "De indledende skitser til et pilotprojekt overføres til opgavelisten for 2020.\nForslaget til pilotprojektet forelægges Børne- og Skoleudvalget primo 2020."
    );
    assert_eq!(got["B19"], "Der er ikke afsat økonomi.");
    // Each kept row has a note of its year.
    let notes = notes(&plan);
    assert_eq!(
        notes.keys().cloned().collect::<Vec<_>>(),
        ["B18", "B19", "B24", "B25", "B27"]
    );
    let b18 = &notes["B18"];
    for want in [
        "Overført fra 2019",
        "31.12 ☹",
        "31.12.2019",
        "Skitserne er ikke færdige; arbejdet fortsætter i 2020.",
    ] {
        assert!(b18.contains(want), "{want} in {b18}");
    }
    assert!(notes["B25"].contains("31.12 😐"), "{}", notes["B25"]);
    assert!(!notes["B24"].contains("flyttet"), "{}", notes["B24"]);
    // Nothing of the plan is locked.
    let xml = part_text(&plan, "xl/worksheets/sheet1.xml");
    assert!(!xml.contains("sheetProtection"), "open");
    assert!(package::soundness(&package::Pkg::open(&plan)).is_empty());

    // Its hand-outs go out per centre and come back.
    let folder = d.join("runde1");
    ok(opfolg()
        .arg("new-round")
        .arg(&plan)
        .arg("--per-center")
        .arg("-o")
        .arg(&folder));
    let whole = folder.join("Børne- og Skoleudvalget – 1. opf. 2020.xlsx");
    let sik = folder.join("Skoler, Institutioner og Kultur – 1. opf. 2020.xlsx");
    let sos = folder.join("Social og Sundhed – 1. opf. 2020.xlsx");
    for f in [&whole, &sik, &sos] {
        assert!(f.exists(), "{}", f.display());
    }
    let open = |p: &Path| -> Vec<String> {
        package::sheet_looks(p, "Ark1")
            .into_iter()
            .filter(|(_, look)| look.contains("locked=0"))
            .map(|((r, c), _)| rust_xlsxwriter::utility::row_col_to_cell(r, c))
            .filter(|c| c.starts_with('D'))
            .collect()
    };
    assert_eq!(open(&sik), ["D18", "D19"]);
    assert_eq!(open(&sos), ["D24", "D25", "D27"]);
    let back = d.join("svar");
    std::fs::create_dir(&back).unwrap();
    fill_sheet(
        &sik,
        &back.join("sik.xlsx"),
        "Ark1",
        &[("D18", "☺"), ("D19", "☺")],
    );
    fill_sheet(
        &sos,
        &back.join("sos.xlsx"),
        "Ark1",
        &[
            ("D24", "☹"),
            (
                "B24",
                "Kontakt til mulige fonde iværksættes - og muligheder for samarbejde afsøges. Samtidig kontaktes forskere med henblik på et samarbejde.\nStatus: Fonden har endnu ikke svaret.",
            ),
            ("D25", "☺"),
            ("D27", "☺"),
        ],
    );
    let gathered = d.join("samlet.xlsx");
    let out = ok(opfolg()
        .arg("collect")
        .arg(&whole)
        .arg(&back)
        .arg("-o")
        .arg(&gathered));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Samlet til 1. opf.: 2 af 2 centre"),
        "{stdout}"
    );
    let got = values(&gathered, "Ark1");
    for (cell, want) in [
        ("D18", "☺"),
        ("D19", "☺"),
        ("D24", "☹"),
        ("D25", "☺"),
        ("D27", "☺"),
    ] {
        assert_eq!(got.get(cell).map(String::as_str), Some(want), "{cell}");
    }
    let (doc, code) = check_json(&gathered, &[]);
    assert_eq!(
        (doc["round"].as_u64(), doc["year"].as_u64()),
        (Some(1), Some(2020))
    );
    assert_eq!(code, 0, "{doc}");
}

/// The year end as the committee keeps it — annotated, with opfolg's
/// columns, sheets, colours, lists and notes — gives a plan with none of
/// them: the next year starts clean, with only the carried-over notes.
#[test]
fn an_annotated_year_end_gives_a_clean_plan() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let end = save(d, "slut.xlsx", &[year_end()]);
    let annotated = d.join("slut-annoteret.xlsx");
    let (code, _, err) = super::common::annotate(&[
        end.as_os_str(),
        "--no-previous".as_ref(),
        "-o".as_ref(),
        annotated.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let plan = d.join("plan.xlsx");
    new_round(&annotated, &plan);
    let sheets: Vec<String> = read_cells(&plan).into_iter().map(|(n, _)| n).collect();
    assert_eq!(sheets, ["Ark1"]);
    let got = values(&plan, "Ark1");
    assert!(
        !got.values()
            .any(|v| v.starts_with("Smiley 31.12") || v == "Kontrol"),
        "{got:?}"
    );
    let xml = part_text(&plan, "xl/worksheets/sheet1.xml");
    assert!(!xml.contains("<dataValidation"), "the lists go");
    assert!(!xml.contains("containsText"), "the colours go");
    let notes = notes(&plan);
    assert!(
        notes.values().all(|n| n.contains("Overført fra 2019")),
        "only the carried-over notes: {notes:?}"
    );
    let (doc, code) = check_json(&plan, &[]);
    assert_eq!((code, doc["initiatives"].as_u64()), (0, Some(2)), "{doc}");
}

/// `--per-center` on the year end: next year's plan is the controller's
/// to edit first, so it is refused with a line saying what to do.
#[test]
fn the_year_end_is_not_handed_out_per_centre() {
    let dir = TempDir::new().unwrap();
    let end = save(dir.path(), "slut.xlsx", &[year_end()]);
    let out = opfolg()
        .arg("new-round")
        .arg(&end)
        .arg("--per-center")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("næste års plan"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

/// The workbook with every feature a department's workbook may carry
/// (pictures, notes, lists, rules, grouped and hidden rows, a table, a
/// chart, a chart sheet, names, print setup), taken as a year end: only
/// the block sheet changes, and on it only what the plan means to change.
#[test]
fn the_feature_workbook_keeps_everything_else() {
    use super::common::package::{Allow, compare, identical_parts};
    let dir = TempDir::new().unwrap();
    let input = super::lossless::feature_workbook(dir.path(), None);
    let plan = dir.path().join("plan.xlsx");
    ok(opfolg()
        .arg("new-round")
        .arg(&input)
        .args(["--round", "4", "-o"])
        .arg(&plan));
    let allow = Allow {
        smileys: true,
        fills: true,
        title: Some((0, 0)),
    };
    // The deadlines of 2018 moved, the finished milestones' rows (6, 14:
    // a Wingdings ☺ and a green fill) and the old placeholders (16, 17)
    // hidden — the smileys emptied and the status moved are what `fills`
    // allows — and nothing else.
    let problems = compare(&input, &plan, allow);
    let moved = |c: &str, from: &str| {
        format!(
            "Ark1!{c}: \"str-shared\" \"{from}\" became \"str-shared\" \"1. budgetopfølgning 2019\""
        )
    };
    let want = [
        moved("C7", "2. budgetopfølgning 2018"),
        moved("C8", "3. budgetopfølgning 2018"),
        moved("C9", "31.12.2018"),
        moved("C15", "2. budgetopfølgning 2018"),
        r#"Ark1 row 6: [("outlineLevel", "1")] became [("outlineLevel", "1"), ("hidden", "1")]"#
            .into(),
        r#"Ark1 row 14: [] became [("hidden", "1")]"#.into(),
        r#"Ark1 row 16: [] became [("hidden", "1")]"#.into(),
        r#"Ark1 row 17: [] became [("hidden", "1")]"#.into(),
    ];
    assert_eq!(problems, want);
    // The other sheets, the picture, chart, table, names and theme are
    // copied byte for byte; the user's note on the hidden D6 stays.
    let (same, all) = identical_parts(&input, &plan);
    assert_eq!((same, all), (25, 29));
    let notes = notes(&plan);
    assert!(notes["D6"].contains("Pilot godkendt i BSU"), "{notes:?}");
    assert!(notes["B7"].starts_with("Overført fra 2018"), "{notes:?}");
}

/// With the English template, in its words: `Year-end follow-up of …`
/// gives `Implementation plan of …`, read back as next year's plan.
#[test]
fn an_english_year_end() {
    let dir = TempDir::new().unwrap();
    let end = super::common::english().text(
        "A1",
        "Year-end follow-up of the budget 2018 agreement for the Children and Schools Committee",
    );
    let end = save(dir.path(), "year-end.xlsx", &[end]);
    let plan = dir.path().join("plan.xlsx");
    let out = ok(opfolg()
        .args(["new-round", "--template", "en"])
        .arg(&end)
        .arg("-o")
        .arg(&plan));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(
            "Next year's plan (2019): 1 of 1 initiative carried over (1 milestone); 1 deadline of 2018 moved to 1. budget follow-up 2019"
        ),
        "{stdout}"
    );
    let got = values(&plan, "Sheet1");
    assert_eq!(
        got["A1"],
        "Implementation plan of the budget 2019 agreement for the Children and Schools Committee"
    );
    assert_eq!(got["C5"], "1. budget follow-up 2019");
    assert!(notes(&plan)["B5"].starts_with("Carried over from 2018"));
    let (doc, code) = check_json(&plan, &["--template", "en"]);
    assert_eq!(code, 0, "{doc}");
    assert_eq!(
        (doc["round"].as_u64(), doc["year"].as_u64()),
        (Some(0), Some(2019))
    );
}

/// The year end as it comes back from the centres: the round-4 hand-out
/// (protected, its open cells blue, a reading guide, opfolg's marks),
/// filled in. Next year's plan is the controller's: open, none of it.
#[test]
fn a_handed_out_year_end_gives_an_open_plan() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let third = year_end().text(
        "A1",
        "Tredje opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget",
    );
    let third = save(d, "opf3.xlsx", &[third]);
    let handout = d.join("opf4.xlsx");
    new_round(&third, &handout);
    let back = d.join("opf4-svar.xlsx");
    fill_sheet(&handout, &back, "Ark1", &[("D18", "☹"), ("D19", "☺")]);
    let plan = d.join("plan.xlsx");
    let stdout = new_round(&back, &plan);
    assert!(stdout.contains("2 af 4 indsatser overført"), "{stdout}");
    let sheets: Vec<String> = read_cells(&plan).into_iter().map(|(n, _)| n).collect();
    assert_eq!(sheets, ["Ark1"], "the reading guide goes");
    let xml = part_text(&plan, "xl/worksheets/sheet1.xml");
    assert!(!xml.contains("sheetProtection"), "open");
    let blue = package::sheet_looks(&plan, "Ark1")
        .into_iter()
        .filter(|(_, look)| look.to_uppercase().contains("DDEBF7"))
        .map(|((r, c), _)| rust_xlsxwriter::utility::row_col_to_cell(r, c))
        .collect::<Vec<_>>();
    assert!(blue.is_empty(), "no cell marked to fill: {blue:?}");
    let names = part_text(&plan, "xl/workbook.xml");
    assert!(
        !names.contains("_opfolg_handout") && !names.contains("name=\"_opfolg\""),
        "not a hand-out: {names}"
    );
    let (doc, code) = check_json(&plan, &[]);
    assert_eq!((code, doc["round"].as_u64()), (0, Some(0)), "{doc}");
}

/// A year end whose year cannot be told gives no plan: one line saying
/// to pass the year.
#[test]
fn a_year_end_without_a_year() {
    let dir = TempDir::new().unwrap();
    let mut g = year_end().text("A1", "Endelig opfølgning for Børne- og Skoleudvalget");
    for (at, v) in g.cells.iter_mut() {
        if at.1 == 2
            && let super::common::Cell::Text(s) = v
        {
            *s = s
                .replace(" 2019", "")
                .replace(".2019", "")
                .replace(" 2020", "");
        }
    }
    let end = save(dir.path(), "slut.xlsx", &[g]);
    let out = opfolg()
        .arg("new-round")
        .arg(&end)
        .arg("-o")
        .arg(dir.path().join("plan.xlsx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("året kendes ikke") && stderr.contains("--year"),
        "{stderr}"
    );
    assert!(!dir.path().join("plan.xlsx").exists());
    let out = opfolg()
        .arg("new-round")
        .arg(&end)
        .args(["--year", "2019", "-o"])
        .arg(dir.path().join("plan.xlsx"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
