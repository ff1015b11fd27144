//! `new-round` and `template`: the workbooks sent out to be filled in.

use std::path::Path;

use tempfile::TempDir;

use super::common::{self, Cell, Grid, check_json, clean, codes, opfolg, save};

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = opfolg().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn part(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// What a center does with the workbook: reads it, types smileys and
/// status notes into the open cells, saves a copy (rust_xlsxwriter cannot
/// edit, so the copy is written anew from what calamine reads).
fn fill_in(path: &Path, out: &Path, fills: &[(&str, &str)]) {
    let mut sheets = Vec::new();
    for (name, cells) in common::read_cells(path) {
        let mut g = Grid {
            name: name.clone(),
            ..Grid::default()
        };
        for ((r, c), d) in cells {
            g.cells.insert((r, c as u16), Cell::Text(d.to_string()));
        }
        if name != "Læsevejledning" && name != "Reading guide" {
            for (at, text) in fills {
                g = g.text(at, text);
            }
        }
        sheets.push(g);
    }
    let dir = out.parent().unwrap();
    save(dir, out.file_name().unwrap().to_str().unwrap(), &sheets);
}

#[test]
fn new_round_makes_the_next_rounds_workbook() {
    let dir = TempDir::new().unwrap();
    let first = save(dir.path(), "budget2018-opf1.xlsx", &[clean()]);
    let (code, stdout, err) = run(&["new-round".as_ref(), first.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    // Issue 25.9: named by what it is (committee, round, year), not by
    // the input's name with more added.
    let second = dir
        .path()
        .join("Børne- og Skoleudvalget – 2. opf. 2018.xlsx");
    assert!(
        stdout.contains("Børne- og Skoleudvalget – 2. opf. 2018.xlsx") && second.exists(),
        "{stdout}"
    );
    let cells = common::read_cells(&second);
    let names: Vec<&str> = cells.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Læsevejledning", "Ark1"]);
    let ark = &cells[1].1;
    let text = |at: &str| {
        let (r, c) = common::a1(at);
        ark.get(&(r, u32::from(c)))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        text("A1"),
        "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"
    );
    assert_eq!(text("E4"), "Smiley 1. opf.", "the history column");
    assert_eq!(text("E6"), "☺", "round 1's smiley kept in the history");
    assert_eq!(text("D6"), "☺", "a milestone due earlier keeps its smiley");
    assert_eq!(text("D7"), "", "the smiley to fill this round is empty");
    // Issue 26.4: a reopened cell keeps its smiley for the center to change
    // or leave; the economy row is reopened every round.
    assert_eq!(text("D10"), "☺", "an economy smiley is kept");
    assert_eq!(text("F4"), "", "no review columns in the workbook sent out");
    // Its round is the next one, and what is missing is exactly what to fill.
    let (doc, _) = check_json(&second, &[]);
    assert_eq!(doc["round"], 2);
    let mut missing: Vec<(String, String)> = codes(&doc);
    missing.sort();
    assert_eq!(
        missing,
        [("M005", "D15"), ("M005", "D7")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn new_round_opens_protects_and_offers_the_list() {
    let dir = TempDir::new().unwrap();
    let first = save(dir.path(), "opf1.xlsx", &[clean()]);
    let second = dir.path().join("ud.xlsx");
    let (code, _, err) = run(&[
        "new-round".as_ref(),
        first.as_os_str(),
        "-o".as_ref(),
        second.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    // The user's sheet keeps its part; the guide is a new one.
    let sheet = part(&second, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(!sheet.contains("password="), "without a password");
    assert!(
        sheet.contains("<dataValidation ") && sheet.contains("☺,😐,☹"),
        "the list"
    );
    assert!(
        sheet.contains("promptTitle=\"Smiley\"") && sheet.contains("errorTitle=\"Ikke en smiley\""),
        "input and error messages: {sheet}"
    );
    assert!(
        sheet.contains("sqref=\"D7 D15\""),
        "the list on the milestones to fill: {sheet}"
    );
    // Issue 25.10: the economy offers ☺ and ☹ only (a 😐 there is A002).
    let economy = sheet
        .split("<dataValidation ")
        .find(|v| v.contains("sqref=\"D10 D18\""))
        .expect("a list on the economy smileys");
    assert!(
        economy.contains("☺,☹") && !economy.contains("😐"),
        "{economy}"
    );
    let styles = part(&second, "xl/styles.xml");
    assert!(
        styles.contains("<protection locked=\"0\""),
        "unlocked cells exist"
    );
    let guide = part(&second, "xl/worksheets/sheet2.xml");
    assert!(!guide.contains("<sheetProtection"));
}

#[test]
fn round_trip_new_round_filled_check_annotate_is_clean() {
    let dir = TempDir::new().unwrap();
    let first = save(dir.path(), "opf1.xlsx", &[clean()]);
    let second = dir.path().join("opf2.xlsx");
    run(&[
        "new-round".as_ref(),
        first.as_os_str(),
        "-o".as_ref(),
        second.as_os_str(),
    ]);
    let filled = dir.path().join("opf2-udfyldt.xlsx");
    fill_in(
        &second,
        &filled,
        &[
            ("D7", "☺"),
            ("D10", "☺"),
            ("D15", "😐"),
            (
                "B15",
                "Der forelægges en orienteringssag for Børne- og Skoleudvalget.\nStatus: Sagen er flyttet til mødet i august.",
            ),
            ("D18", "☺"),
        ],
    );
    let (doc, code) = check_json(&filled, &[]);
    assert_eq!(codes(&doc), vec![], "{doc}");
    assert_eq!(code, 0);
    let out = dir.path().join("annoteret.xlsx");
    let (code, _, err) = run(&[
        "annotate".as_ref(),
        filled.as_os_str(),
        "--previous".as_ref(),
        first.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let ark = cells.iter().find(|(n, _)| n == "Ark1").unwrap();
    let at = |a: &str| {
        let (r, c) = common::a1(a);
        ark.1
            .get(&(r, u32::from(c)))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        (at("E4").as_str(), at("F4").as_str()),
        ("Smiley 1. opf.", "Smiley 2. opf.")
    );
    assert_eq!(at("F15"), "😐");
    let (doc, _) = check_json(&out, &["--previous", first.to_str().unwrap()]);
    assert!(
        !codes(&doc).iter().any(|(c, _)| c.starts_with('S')),
        "no structure finding from the tool's own layout: {doc}"
    );
}

/// The round must be known; the year end (issue 28.3) no longer stops
/// there but gives next year's plan.
#[test]
fn new_round_needs_a_round_and_goes_on_to_next_year() {
    let dir = TempDir::new().unwrap();
    let unknown = save(
        dir.path(),
        "x.xlsx",
        &[clean().text("A1", "Aftale om budget 2018")],
    );
    let (code, _, err) = run(&["new-round".as_ref(), unknown.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains("--round"), "{err}");
    let (code, _, err) = run(&[
        "new-round".as_ref(),
        unknown.as_os_str(),
        "--round".as_ref(),
        "4".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    let plan = dir.path().join("x-opf0.xlsx");
    assert!(plan.exists(), "next year's plan, named as round 0");
    let (doc, _) = common::check_json(&plan, &[]);
    assert_eq!(
        (doc["round"].as_u64(), doc["year"].as_u64()),
        (Some(0), Some(2019))
    );
    let (code, _, err) = run(&[
        "new-round".as_ref(),
        unknown.as_os_str(),
        "--round".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn template_writes_a_blank_workbook_that_checks_cleanly() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("blank.xlsx");
    let (code, _, err) = run(&[
        "template".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        "--year".as_ref(),
        "2027".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let names: Vec<&str> = cells.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Læsevejledning", "Indsatser"]);
    let (doc, code) = check_json(&out, &[]);
    assert_eq!((codes(&doc), code), (vec![], 0), "{doc}");
    assert_eq!(
        (
            doc["round"].as_u64(),
            doc["year"].as_i64(),
            doc["milestones"].as_u64()
        ),
        (Some(0), Some(2027), Some(4))
    );
    let deadlines: Vec<String> = (6..=9)
        .map(|r| cells[1].1[&(r - 1, 2)].to_string())
        .collect();
    assert_eq!(
        deadlines,
        [
            "1. budgetopfølgning 2027",
            "2. budgetopfølgning 2027",
            "3. budgetopfølgning 2027",
            "31.12.2027"
        ]
    );
    assert!(part(&out, "xl/worksheets/sheet2.xml").contains("<dataValidation "));
    // Refuses to replace it.
    let (code, _, _) = run(&["template".as_ref(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 2);
}

#[test]
fn handouts_in_english() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("blank.xlsx");
    let en = ["--template".as_ref(), "templates/en.toml".as_ref()];
    let (code, _, err) = run(&[
        &[
            "template".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--year".as_ref(),
            "2027".as_ref(),
        ][..],
        &en[..],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = common::read_cells(&out)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["Reading guide", "Initiatives"]);
    let (doc, _) = check_json(&out, &["--template", "templates/en.toml"]);
    assert_eq!(codes(&doc), vec![], "{doc}");
    // The round after the plan, in English.
    let next = dir.path().join("round1.xlsx");
    let (code, _, err) = run(&[
        &[
            "new-round".as_ref(),
            out.as_os_str(),
            "-o".as_ref(),
            next.as_os_str(),
        ][..],
        &en[..],
    ]
    .concat());
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&next);
    let title = cells[1].1[&(0, 0)].to_string();
    assert_eq!(title, "First follow-up of the budget 2027 agreement");
    let (doc, _) = check_json(&next, &["--template", "templates/en.toml"]);
    assert_eq!(doc["round"], 1);
}

/// Issue 25.2: a return never found its previous round — the hand-out's
/// reading guide comes first, and its text (which mentions the rounds) was
/// read as the title. opfolg's own sheets are never the title: the return
/// is read as the round it is and finds round 1 beside it.
#[test]
fn a_return_finds_its_previous_round() {
    let dir = TempDir::new().unwrap();
    let opf1 = dir.path().join("opf1.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-1.xlsx", &opf1).unwrap();
    let handout = dir.path().join("handout2.xlsx");
    let (code, out, err) = run(&[
        "new-round".as_ref(),
        opf1.as_os_str(),
        "-o".as_ref(),
        handout.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let back = dir.path().join("retur2.xlsx");
    std::fs::copy(&handout, &back).unwrap();
    let (code, out, err) = run(&[back.as_os_str()]);
    assert_eq!(code, 0, "{out}{err}");
    // Both the hand-out and round 1 are beside it; the previous round is
    // round 1 (the hand-out is round 2, like the return).
    assert!(
        err.contains(&format!("Forrige runde: {} (1. opf.)", opf1.display())),
        "{err}"
    );
    // Issue 26.4: what a center leaves alone stays as it was, so a return
    // nobody touched changes nothing against round 1.
    assert!(out.contains(" 0 ændringer"), "{out}");
}

/// The open cells of a workbook's block sheet, and the blue ones (opfolg's
/// hand-out look), by (row, col).
type CellSet = std::collections::BTreeSet<(u32, u16)>;

fn open_and_blue(path: &Path, sheet: &str) -> (CellSet, CellSet) {
    let mut pkg = opfolg::package::Package::open_input(&common::input(path)).unwrap();
    let open = opfolg::package::locks::unlocked_cells(&mut pkg).unwrap();
    let blue = opfolg::package::locks::marked_cells(&mut pkg, 0xDDEBF7).unwrap();
    (
        open.get(sheet).cloned().unwrap_or_default(),
        blue.get(sheet).cloned().unwrap_or_default(),
    )
}

/// Types ☺ into every open smiley cell (column D) of a center's hand-out,
/// as the center does, and saves it as `out`.
fn answer_happy(handout: &Path, out: &Path, sheet: &str) {
    let (open, _) = open_and_blue(handout, sheet);
    let fills: Vec<(String, &str)> = open
        .iter()
        .filter(|(_, c)| *c == 3)
        .map(|(r, c)| (opfolg::package::xml::a1(*r, *c), "☺"))
        .collect();
    let fills: Vec<(&str, &str)> = fills.iter().map(|(a, v)| (a.as_str(), *v)).collect();
    common::fill_sheet(handout, out, sheet, &fills);
}

/// Issues 25.1 and 25.3: a year through opfolg's own hands. From round 2
/// on, the hand-outs were made from the annotated workbook, which carried
/// round 1's open blue cells, protection and print area: other centers'
/// cells and milestones already ☺ were open again, and the annotated
/// workbook stayed protected and printed without its history. Each step
/// now replaces what the earlier ones left: a center's hand-out opens
/// exactly its own cells of the round, the annotated workbook is open and
/// prints its history, and the `Indsamling` sheet stays.
#[test]
fn a_year_through_opfolgs_own_hands() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let sheet = "1. opfølgning";
    let plan = d.join("plan.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-1.xlsx", &plan).unwrap();
    let ok = |args: &[&std::ffi::OsStr]| {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        out
    };
    let os = |p: &Path| p.as_os_str().to_owned();
    let mut previous_round = plan.clone();
    for round in 2..=3u8 {
        // Hand-outs per center, made from last round's (annotated) workbook.
        let folder = d.join(format!("r{round}"));
        ok(&[
            "new-round".as_ref(),
            "--per-center".as_ref(),
            &os(&previous_round),
            "-o".as_ref(),
            &os(&folder),
        ]);
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let whole = files
            .iter()
            .find(|f| {
                let n = f.file_name().unwrap().to_string_lossy().into_owned();
                n.starts_with("Børne- og Skoleudvalget")
            })
            .unwrap()
            .clone();
        let centers: Vec<_> = files.iter().filter(|f| **f != whole).cloned().collect();
        assert_eq!(centers.len(), 3, "{files:?}");
        let (whole_open, whole_blue) = open_and_blue(&whole, sheet);
        assert_eq!(
            whole_open, whole_blue,
            "round {round}: open cells are the blue ones"
        );
        // Each center's hand-out opens its own cells only, and they are
        // the whole hand-out's cells of that center: together, the whole.
        let mut union = CellSet::new();
        for c in &centers {
            let (open, blue) = open_and_blue(c, sheet);
            assert_eq!(open, blue, "{}: open cells are the blue ones", c.display());
            assert!(!open.is_empty(), "{}", c.display());
            assert!(
                union.is_disjoint(&open),
                "{}: another center's cells",
                c.display()
            );
            union.extend(open);
        }
        assert_eq!(
            union, whole_open,
            "round {round}: the centers' cells make the whole"
        );
        // The centers answer ☺ everywhere; collect; annotate.
        let mut returns = Vec::new();
        for c in &centers {
            let back = d.join(format!(
                "r{round}-retur-{}",
                c.file_name().unwrap().to_string_lossy()
            ));
            answer_happy(c, &back, sheet);
            returns.push(back);
        }
        let collected = d.join(format!("samlet{round}.xlsx"));
        let mut args = vec!["collect".into(), os(&whole)];
        args.extend(returns.iter().map(|r| os(r)));
        args.extend(["-o".into(), os(&collected)]);
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_os_str()).collect();
        ok(&args);
        let annotated = d.join(format!("annoteret{round}.xlsx"));
        ok(&[
            "annotate".as_ref(),
            &os(&collected),
            "--previous".as_ref(),
            &os(&previous_round),
            "-o".as_ref(),
            &os(&annotated),
        ]);
        // The annotated workbook is the committee's: nothing open or blue
        // of the hand-out's, not protected, and it prints the history and
        // Ændring beside the text; the Indsamling sheet is kept.
        let (open, blue) = open_and_blue(&annotated, sheet);
        assert!(
            open.is_empty() && blue.is_empty(),
            "round {round}: {open:?} {blue:?}"
        );
        let names: Vec<String> = zip::ZipArchive::new(std::fs::File::open(&annotated).unwrap())
            .unwrap()
            .file_names()
            .flatten()
            .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
            .map(|n| n.into_owned())
            .collect();
        for n in &names {
            assert!(
                !part(&annotated, n).contains("sheetProtection"),
                "round {round}: {n} still protected"
            );
        }
        let wb = part(&annotated, "xl/workbook.xml");
        let area = wb
            .split("_xlnm.Print_Area")
            .nth(1)
            .and_then(|s| s.split('>').nth(1))
            .and_then(|s| s.split('<').next())
            .unwrap_or_default()
            .to_string();
        let last = area.rsplit('$').next().unwrap_or_default();
        assert!(last >= "G", "round {round}: prints {area}");
        assert!(wb.contains("Indsamling"), "round {round}: Indsamling kept");
        previous_round = annotated;
    }
}

/// Issue 25.10: the hand-out's rough edges. Its date line says the day it
/// was made (the caller's clock: the tests fix it with
/// SOURCE_DATE_EPOCH, 1 December 2026); a center's hand-out names the
/// center in its reading guide, which says that changes outside the blue
/// cells are not taken; a template's placeholder `[center]` is no center;
/// a workbook with errors says how many before it goes out.
#[test]
fn the_handouts_rough_edges() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let folder = d.join("r3");
    let (code, out, err) = run(&[
        "new-round".as_ref(),
        "samples/budget2018-opfoelgning-2.xlsx".as_ref(),
        "--per-center".as_ref(),
        "-o".as_ref(),
        folder.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("6 fejl i arbejdsbogen går med ud til centrene; ret dem først"),
        "{err}"
    );
    let sos = folder.join("Social og Sundhed – 3. opf. 2018.xlsx");
    let cells = common::read_cells(&sos);
    let texts: Vec<String> = cells
        .iter()
        .flat_map(|(_, c)| c.values().map(ToString::to_string))
        .collect();
    assert!(
        texts.iter().any(|t| t == "Dato: 1. december 2026"),
        "the date line"
    );
    assert!(
        !texts.iter().any(|t| t == "Dato: 19. marts 2018"),
        "the plan's date"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "Denne arbejdsbog er til Social og Sundhed."),
        "the center named"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("kommer ikke med, når svarene samles")),
        "what becomes of edits outside the blue cells"
    );
    // A blank workbook's placeholder center is none.
    let blank = d.join("blank.xlsx");
    let (code, _, err) = run(&[
        "template".as_ref(),
        "-o".as_ref(),
        blank.as_os_str(),
        "--year".as_ref(),
        "2027".as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    let per = d.join("blank-r1");
    let (code, out, err) = run(&[
        "new-round".as_ref(),
        blank.as_os_str(),
        "--per-center".as_ref(),
        "-o".as_ref(),
        per.as_os_str(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let files: Vec<String> = std::fs::read_dir(&per)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !files.iter().any(|f| f.starts_with("[center]")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("Uden ansvarligt center – 1. opf. 2027")),
        "{files:?}"
    );
}

/// Found by the corpus run: the blue of opfolg's hand-outs is a common
/// light blue. An open cell in that blue in a workbook that was never a
/// hand-out is the user's own, and annotating leaves it open and blue.
#[test]
fn a_users_own_open_blue_cell_stays() {
    use rust_xlsxwriter::{Format, FormatPattern, Workbook};
    let dir = TempDir::new().unwrap();
    let input = dir.path().join("egen.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Ark1").unwrap();
    ws.write_string(0, 0, "Første opfølgning på Aftale om budget 2018")
        .unwrap();
    let blue = Format::new()
        .set_pattern(FormatPattern::Solid)
        .set_background_color(0xDDEBF7)
        .set_unlocked();
    ws.write_string_with_format(1, 0, "skriv her", &blue)
        .unwrap();
    ws.protect();
    wb.save(&input).unwrap();
    assert_eq!(open_and_blue(&input, "Ark1").0.len(), 1, "the probe");
    let out = dir.path().join("ud.xlsx");
    let (code, o, err) = run(&[
        "annotate".as_ref(),
        input.as_os_str(),
        "--no-previous".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{o}{err}");
    let (open, blue) = open_and_blue(&out, "Ark1");
    assert_eq!(open.len(), 1, "the user's open cell");
    assert_eq!(blue, open, "still blue");
    assert!(part(&out, "xl/worksheets/sheet1.xml").contains("sheetProtection"));
}

/// Issue 26.4: the hand-out emptied the smiley of every milestone it
/// reopened, so a center no longer saw what it said last time, and one
/// that left it alone turned a 😐 into no smiley and an M005 error. A
/// reopened cell keeps its smiley, open and blue; only milestones due in
/// the new round start empty. The same for a center's own hand-out.
#[test]
fn a_reopened_smiley_keeps_last_rounds_rating() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let sheet = "1. opfølgning";
    let whole = d.join("opf2.xlsx");
    let folder = d.join("centre");
    for args in [
        &[
            "new-round".as_ref(),
            "samples/budget2018-opfoelgning-1.xlsx".as_ref(),
            "-o".as_ref(),
            whole.as_os_str(),
        ][..],
        &[
            "new-round".as_ref(),
            "--per-center".as_ref(),
            "samples/budget2018-opfoelgning-1.xlsx".as_ref(),
            "-o".as_ref(),
            folder.as_os_str(),
        ][..],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 0, "{out}{err}");
    }
    let sos = folder.join("Social og Sundhed – 2. opf. 2018.xlsx");
    for handout in [&whole, &sos] {
        let cells = common::read_cells(handout);
        let ark = &cells.iter().find(|(n, _)| n == sheet).unwrap().1;
        let text = |at: &str| {
            let (r, c) = common::a1(at);
            ark.get(&(r, u32::from(c)))
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        let (open, blue) = open_and_blue(handout, sheet);
        let is_open = |at: &str| {
            let at = common::a1(at);
            open.contains(&at) && blue.contains(&at)
        };
        // 3.01: round 1's milestone was 😐, round 2's is due now.
        assert_eq!(text("D34"), "😐", "{}: reopened, kept", handout.display());
        assert!(is_open("D34"), "{}: and open", handout.display());
        assert_eq!(text("D35"), "", "due in round 2: empty");
        assert!(is_open("D35"));
        // Its economy row is reopened too; 3.02's Wingdings `J` is kept
        // as ☺, open where 3.02 is the hand-out's (not Social og
        // Sundhed's).
        assert_eq!(text("D39"), "☺");
        assert!(is_open("D39"), "{}", handout.display());
        assert_eq!(text("D47"), "☺");
        assert_eq!(is_open("D47"), handout == &whole, "{}", handout.display());
    }
    // Open cells stay blue whatever they hold: the smiley colours are on
    // the history and the locked cells, not on the open ones.
    let sheet_xml = part(&whole, "xl/worksheets/sheet1.xml");
    let coloured = |at: &str| {
        let (row, col) = opfolg::package::xml::parse_a1(at).unwrap();
        sheet_xml
            .split("<conditionalFormatting sqref=\"")
            .skip(1)
            .flat_map(|s| s.split('"').next().unwrap().split(' '))
            .any(|range| {
                let (a, b) = range.split_once(':').unwrap_or((range, range));
                let (a, b) = (
                    opfolg::package::xml::parse_a1(a).unwrap(),
                    opfolg::package::xml::parse_a1(b).unwrap(),
                );
                (a.0..=b.0).contains(&row) && (a.1..=b.1).contains(&col)
            })
    };
    assert!(!coloured("D34") && !coloured("D39"), "open: blue");
    assert!(coloured("E34") && coloured("D42"), "history and a ☺ locked");
    // Left alone, a kept smiley is no error; the empty ones are.
    let (doc, _) = check_json(&whole, &[]);
    let found = codes(&doc);
    assert!(
        found.contains(&("M005".to_string(), "D35".to_string())),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, at)| ["D34", "D39", "D47"].contains(&at.as_str())),
        "{found:?}"
    );
}
