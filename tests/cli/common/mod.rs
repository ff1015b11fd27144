//! Builds follow-up workbooks at test time with rust_xlsxwriter and runs the
//! real binary on them.

#![allow(dead_code)]

pub mod package;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook};

/// One cell of a test workbook.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Date(NaiveDate),
    /// A letter in the Wingdings font.
    Wingdings(String),
    /// No value, a solid fill of this RGB.
    Fill(u32),
    /// An Excel number.
    Number(f64),
    /// An Excel number with a number format (`0.000 "mio. kr."`).
    Formatted(f64, String),
    /// A formula and its cached result.
    Formula(String, f64),
}

/// A sheet as a map from (row, col) to cell, 0-based.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub cells: BTreeMap<(u32, u16), Cell>,
    /// Merged ranges, e.g. `A1:D1`.
    pub merges: Vec<String>,
}

/// `C7` → (6, 2).
pub fn a1(name: &str) -> (u32, u16) {
    let split = name
        .find(|c: char| c.is_ascii_digit())
        .expect("a row number");
    let (letters, digits) = name.split_at(split);
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    }) - 1;
    (digits.parse::<u32>().expect("row") - 1, col as u16)
}

impl Grid {
    /// A grid from rows of texts starting at A1 (empty strings are empty cells).
    pub fn from_rows(name: &str, rows: &[&[&str]]) -> Grid {
        let mut g = Grid {
            name: name.into(),
            ..Grid::default()
        };
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    g.cells
                        .insert((r as u32, c as u16), Cell::Text(text.to_string()));
                }
            }
        }
        g
    }

    /// Sets a cell by its A1 name.
    pub fn set(mut self, at: &str, cell: Cell) -> Grid {
        self.cells.insert(a1(at), cell);
        self
    }

    /// Sets a text cell by its A1 name.
    pub fn text(self, at: &str, text: &str) -> Grid {
        self.set(at, Cell::Text(text.into()))
    }

    /// Merges a range, e.g. `A1:D1` (its first cell keeps its value).
    pub fn merge(mut self, range: &str) -> Grid {
        self.merges.push(range.into());
        self
    }

    /// Empties a cell.
    pub fn clear(mut self, at: &str) -> Grid {
        self.cells.remove(&a1(at));
        self
    }

    /// Moves rows: `f` gives each 0-based row its new row.
    pub fn remap(self, f: impl Fn(u32) -> u32) -> Grid {
        Grid {
            name: self.name,
            cells: self
                .cells
                .into_iter()
                .map(|((r, c), v)| ((f(r), c), v))
                .collect(),
            merges: self.merges,
        }
    }

    /// Inserts a row of texts before 1-based row `at`, moving the rest down.
    pub fn insert_row(self, at: u32, texts: &[&str]) -> Grid {
        let at0 = at - 1;
        let mut g = self.remap(|r| if r >= at0 { r + 1 } else { r });
        for (c, t) in texts.iter().enumerate() {
            if !t.is_empty() {
                g.cells.insert((at0, c as u16), Cell::Text(t.to_string()));
            }
        }
        g
    }

    /// Empties 1-based row `at`.
    pub fn clear_row(mut self, at: u32) -> Grid {
        self.cells.retain(|(r, _), _| *r != at - 1);
        self
    }

    /// Moves every cell `cols` columns right.
    pub fn shift(self, cols: u16) -> Grid {
        Grid {
            name: self.name,
            cells: self
                .cells
                .into_iter()
                .map(|((r, c), v)| ((r, c + cols), v))
                .collect(),
            merges: self.merges,
        }
    }
}

/// Writes sheets to `dir/name` and returns the path.
pub fn save(dir: &Path, name: &str, sheets: &[Grid]) -> PathBuf {
    let mut wb = Workbook::new();
    for g in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name).unwrap();
        for (&(r, c), cell) in &g.cells {
            match cell {
                Cell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::Date(d) => {
                    let f = Format::new().set_num_format("dd.mm.yyyy");
                    let dt =
                        ExcelDateTime::parse_from_str(&d.format("%Y-%m-%d").to_string()).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &f).unwrap();
                }
                Cell::Wingdings(s) => {
                    let f = Format::new().set_font_name("Wingdings");
                    ws.write_string_with_format(r, c, s, &f).unwrap();
                }
                Cell::Number(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                Cell::Formatted(n, code) => {
                    let f = Format::new().set_num_format(code);
                    ws.write_number_with_format(r, c, *n, &f).unwrap();
                }
                Cell::Formula(f, result) => {
                    let f = rust_xlsxwriter::Formula::new(f).set_result(result.to_string());
                    ws.write_formula(r, c, f).unwrap();
                }
                Cell::Fill(rgb) => {
                    let f = Format::new().set_background_color(Color::RGB(*rgb));
                    ws.write_blank(r, c, &f).unwrap();
                }
            }
        }
    }
    // Merges after the cells: rust_xlsxwriter writes a merged range's
    // first cell with the range, so its text is written again here.
    for (i, g) in sheets.iter().enumerate() {
        let ws = wb.worksheet_from_index(i).unwrap();
        for range in &g.merges {
            let (from, to) = range.split_once(':').unwrap();
            let ((r1, c1), (r2, c2)) = (a1(from), a1(to));
            let text = match g.cells.get(&(r1, c1)) {
                Some(Cell::Text(t)) => t.clone(),
                _ => String::new(),
            };
            ws.merge_range(r1, c1, r2, c2, &text, &Format::new())
                .unwrap();
        }
    }
    let path = dir.join(name);
    wb.save(&path).unwrap();
    path
}

/// What a center does in Excel: types `fills` (A1 name, text) into the
/// sheet `Ark1` and saves. Edited in place, as Excel keeps the rest
/// (merges, protection, lists) — written with opfolg's package patcher.
pub fn fill_in_place(path: &Path, out: &Path, fills: &[(&str, &str)]) {
    fill_sheet(path, out, "Ark1", fills);
}

/// [`fill_in_place`] on the sheet `sheet_name`.
pub fn fill_sheet(path: &Path, out: &Path, sheet_name: &str, fills: &[(&str, &str)]) {
    use opfolg::package::edits::{Cell as PCell, Edits, Restyle, SheetEdits, Style, Value};
    let mut sheet = SheetEdits::default();
    for (at, text) in fills {
        sheet.cells.insert(
            a1(at),
            PCell {
                value: Value::Text((*text).into()),
                style: Style::Own(Restyle::default()),
            },
        );
    }
    let mut pkg = opfolg::package::Package::open_input(&input(path)).unwrap();
    let index = pkg
        .sheets
        .iter()
        .position(|s| s.name == sheet_name)
        .expect("the sheet");
    let mut edits = Edits::default();
    edits.sheets.insert(index, sheet);
    let mut bytes = std::io::Cursor::new(Vec::new());
    opfolg::package::write(&mut pkg, edits, &mut bytes).unwrap();
    std::fs::write(out, bytes.into_inner()).unwrap();
}

/// A clean first follow-up of budget 2018 with two initiatives, real texts
/// from seed 000. Row numbers (1-based, as in Excel) the tests refer to:
/// 4 header 3.01, 5 description, 6-9 milestones, 10 economy; 12 header 3.09,
/// 13 description, 14-17 milestones (16, 17 placeholders), 18 economy.
pub fn clean() -> Grid {
    Grid::from_rows(
        "Ark1",
        &[
            &["Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"],
            &[],
            &["3. Sammenhængende udviklingsforløb 0-25 år"],
            &[
                "3.01. Barnets første 1.000 dage: Samarbejde om børns trivsel og udvikling",
                "Drift",
                "Tid",
                "Smiley",
            ],
            &[
                "Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.",
                "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Skoler, Institutioner og Kultur",
            ],
            &[
                "Milepæl",
                "Pilotprojekt i Distrikt Skovlunde planlægges med inddragelse af relevante samarbejdspartnere.",
                "1. budgetopfølgning 2018",
                "☺",
            ],
            &[
                "Milepæl",
                "Indsatser afprøves og erfaring indsamles.",
                "2. budgetopfølgning 2018",
            ],
            &[
                "Milepæl",
                "Samarbejde med almen praksis indledes.",
                "3. budgetopfølgning 2018",
            ],
            &[
                "Milepæl",
                "Det styrkede samarbejde forberedes til udbredelse i øvrige distrikter.",
                "31.12.2018",
            ],
            &[
                "Økonomi",
                "Der er afsat 0,762 mio. kr. på ramme 30.31 Sundheds- og tandpleje.",
                "",
                "☺",
            ],
            &[],
            &[
                "3.09. Globen - leg/læring i samarbejde med boligselskab",
                "Drift",
                "Tid",
                "Smiley",
            ],
            &[
                "Bevægelsesaktiviteter for børn styrker den tidlige motoriske udvikling og nysgerrighed hos børnene. Der afsættes 0,125 mio. kr. i 2018 til, at dagtilbuddet Globen sammen med et af boligselskaberne i Hede-/Magleparken kan udvikle bevægelsesforløb for børnene.",
                "Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder:",
            ],
            &[
                "Milepæl",
                "Arbejdsgruppe er nedsat.",
                "1. budgetopfølgning 2018",
                "☺",
            ],
            &[
                "Milepæl",
                "Der forelægges en orienteringssag for Børne- og Skoleudvalget.",
                "2. budgetopfølgning 2018",
            ],
            &["Milepæl", "", "3. budgetopfølgning 2018"],
            &["Milepæl", "", "31.12.2018"],
            &["Økonomi", "Midlerne anvendes i 2018.", "", "☺"],
        ],
    )
}

/// The binary, run from the crate root.
pub fn opfolg() -> Command {
    let mut cmd = Command::cargo_bin("opfolg").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    // The same bytes whatever day the tests run (a hand-out's date line).
    cmd.env("SOURCE_DATE_EPOCH", "1796083200");
    cmd
}

/// Runs opfolg and asserts it succeeded (stderr shown if not).
pub fn ok(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs `check --format json` with extra arguments and returns the document
/// and exit code.
pub fn check_json(path: &Path, extra: &[&str]) -> (serde_json::Value, i32) {
    let out = opfolg()
        .arg("check")
        .arg(path)
        .args(extra)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, code)
}

/// (code, cell) of every finding in a check document.
pub fn codes(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Runs `diff --format json` and returns the document and exit code.
pub fn diff_json(prev: &Path, cur: &Path) -> (serde_json::Value, i32) {
    let out = opfolg()
        .arg("diff")
        .arg(prev)
        .arg(cur)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    (doc, out.status.code().unwrap())
}

/// (kind, cell, field or direction) of every change in a diff document.
pub fn kinds(doc: &serde_json::Value) -> Vec<(String, String, String)> {
    doc["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let extra = c
                .get("direction")
                .or(c.get("field"))
                .and_then(|v| v.as_str());
            (
                c["kind"].as_str().unwrap().to_string(),
                c["cell"].as_str().unwrap().to_string(),
                extra.unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The diff of the clean workbook against `plant(clean())`.
pub fn diff_planted(prev: Grid, cur: Grid) -> serde_json::Value {
    let dir = tempfile::TempDir::new().unwrap();
    let p = save(dir.path(), "forrige.xlsx", &[prev]);
    let c = save(dir.path(), "nu.xlsx", &[cur]);
    let (doc, code) = diff_json(&p, &c);
    assert_eq!(code, 0, "diff exits 0 whatever it finds");
    doc
}

/// Runs `annotate` with arguments; returns (exit code, stdout, stderr).
pub fn annotate(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = opfolg().arg("annotate").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Annotates `cur` against `prev` into `out`, which must succeed.
pub fn annotate_against(cur: &Path, prev: &Path, out: &Path) {
    let (code, stdout, stderr) = annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}

/// The cells of a sheet by (row, col), as calamine reads them.
pub type Cells = BTreeMap<(u32, u32), calamine::Data>;

/// Every sheet of a workbook as (name, cells by position), read with calamine.
pub fn read_cells(path: &Path) -> Vec<(String, Cells)> {
    use calamine::{Reader, open_workbook_auto};
    if path.extension().is_some_and(|e| e == "xlsx") {
        return read_xlsx_cells(path);
    }
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cells = range
            .used_cells()
            .filter(|(_, _, d)| !matches!(d, calamine::Data::Empty))
            .map(|(r, c, d)| ((r0 + r as u32, c0 + c as u32), d.clone()))
            .collect();
        out.push((name, cells));
    }
    out
}

/// Every sheet of an .xlsx read cell by cell, so a far-away cell does not
/// make calamine allocate the whole bounding box.
fn read_xlsx_cells(path: &Path) -> Vec<(String, Cells)> {
    use calamine::{DataRef, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let mut cells = Cells::new();
        let mut reader = wb.worksheet_cells_reader(&name).unwrap();
        while let Some(c) = reader.next_cell().unwrap() {
            let d = match c.get_value() {
                DataRef::Empty => continue,
                DataRef::SharedString(s) => calamine::Data::String((*s).to_string()),
                DataRef::String(s) => calamine::Data::String(s.clone()),
                DataRef::Int(i) => calamine::Data::Int(*i),
                DataRef::Float(f) => calamine::Data::Float(*f),
                DataRef::Bool(b) => calamine::Data::Bool(*b),
                DataRef::DateTime(d) => calamine::Data::DateTime(*d),
                DataRef::DateTimeIso(s) => calamine::Data::DateTimeIso(s.clone()),
                DataRef::DurationIso(s) => calamine::Data::DurationIso(s.clone()),
                DataRef::Error(e) => calamine::Data::Error(e.clone()),
            };
            cells.insert(c.get_position(), d);
        }
        drop(reader);
        out.push((name, cells));
    }
    out
}

/// Formulas of one sheet by position.
pub fn read_formulas(path: &Path, sheet: &str) -> BTreeMap<(u32, u32), String> {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let f = wb.worksheet_formula(sheet).unwrap();
    let (r0, c0) = f.start().unwrap_or((0, 0));
    f.used_cells()
        .filter(|(_, _, s)| !s.is_empty())
        .map(|(r, c, s)| ((r0 + r as u32, c0 + c as u32), s.clone()))
        .collect()
}

/// Asserts that every non-empty cell of every input sheet is in the output
/// at the same row and column with the same value: numbers as numbers,
/// dates as dates, text as text. A smiley may be respelled (`J`, `🙂` →
/// `☺`), and an input that is itself annotated may have its added columns
/// and sheets replaced.
pub fn assert_nothing_lost(input: &Path, output: &Path) {
    use calamine::Data;
    let t = opfolg::template::Template::danish();
    let generated = ["Ændringer", "Kontrol", "Overblik"];
    let smiley = |d: &Data| match d {
        Data::String(s) => opfolg::parse::smiley::parse_smiley(s, true, true, &t.smileys).smiley(),
        _ => None,
    };
    let outputs = read_cells(output);
    for (name, cells) in read_cells(input) {
        if generated.contains(&name.as_str()) {
            continue;
        }
        let (_, out) = outputs
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("sheet {name} lost"));
        let added_header = |d: &Data| {
            let s = d.to_string();
            s.starts_with("Smiley ") || s == "Ændring" || s == "Kontrol"
        };
        // Columns an earlier annotation added are replaced, not copied.
        let added_cols: std::collections::BTreeSet<u32> = cells
            .iter()
            .filter(|((_, c), d)| *c > 3 && added_header(d))
            .map(|((_, c), _)| *c)
            .collect();
        for ((r, c), value) in &cells {
            if added_cols.contains(c) {
                continue;
            }
            let at = rust_xlsxwriter::utility::row_col_to_cell(*r, *c as u16);
            let got = out
                .get(&(*r, *c))
                .unwrap_or_else(|| panic!("{name}!{at} lost: {value:?}"));
            let same = got == value
                || smiley(value).is_some() && smiley(value) == smiley(got)
                || matches!((value, got), (Data::Int(i), Data::Float(f)) if *i as f64 == *f)
                || date_of(value).is_some() && date_of(value) == date_of(got);
            assert!(same, "{name}!{at}: {value:?} became {got:?}");
        }
    }
}

/// The date of a date cell, however the format stored it.
fn date_of(d: &calamine::Data) -> Option<NaiveDate> {
    match d {
        calamine::Data::DateTime(dt) => dt.as_datetime().map(|x| x.date()),
        calamine::Data::DateTimeIso(s) => NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// The investment table of seed 003 (Albertslund, budget 2025): years as
/// numbers, the group `Drift` on its first row only, `-` for nothing, and
/// a total row of SUM formulas. Rows 4-8 (1-based) are data, row 9 the total.
pub fn invest_table() -> Grid {
    let n = Cell::Number;
    let mut g = Grid::from_rows(
        "Bilag A",
        &[
            &["Bilag A – budgetaftale 2025"],
            &[],
            &["(mio. kr.)", "", "", "", "", "", "Finansieringskilde"],
            &[
                "Drift",
                "Kompetenceudvikling af ledere og medarbejdere",
                "",
                "",
                "",
                "",
                "Eksisterende centrale midler",
            ],
            &[
                "",
                "Læringsmiljøer (analyse)",
                "",
                "-",
                "-",
                "-",
                "Ny finansiering",
            ],
            &[
                "",
                "Foranstaltningsbudget",
                "",
                "",
                "",
                "",
                "Ny finansiering",
            ],
            &[
                "",
                "Færre specialpladser (budgetforslag 6.8)",
                "-",
                "-",
                "",
                "",
                "Budgetreduktion",
            ],
            &[
                "",
                "Fleksible indsatser i børnenes kontekst",
                "",
                "",
                "",
                "",
                "Pulje på finansloven til PPR",
            ],
            &["", "I alt"],
        ],
    );
    for (c, year) in ["C", "D", "E", "F"]
        .iter()
        .zip([2025.0, 2026.0, 2027.0, 2028.0])
    {
        g = g.set(&format!("{c}3"), n(year));
    }
    let values: [(&str, [Option<f64>; 4]); 5] = [
        ("4", [Some(2.5), Some(2.5), Some(2.5), Some(1.5)]),
        ("5", [Some(0.8), None, None, None]),
        ("6", [Some(11.0), Some(11.0), Some(11.0), Some(11.0)]),
        ("7", [None, None, Some(-1.9), Some(-4.5)]),
        ("8", [Some(1.8), Some(1.8), Some(1.8), Some(1.8)]),
    ];
    let mut sums = [0.0; 4];
    for (row, vals) in values {
        for (i, (c, v)) in ["C", "D", "E", "F"].iter().zip(vals).enumerate() {
            if let Some(v) = v {
                g = g.set(&format!("{c}{row}"), n(v));
                sums[i] += v;
            }
        }
    }
    for (c, s) in ["C", "D", "E", "F"].iter().zip(sums) {
        g = g.set(
            &format!("{c}9"),
            Cell::Formula(format!("=SUM({c}4:{c}8)"), (s * 10.0_f64).round() / 10.0),
        );
    }
    g
}

/// A clean first follow-up with English labels, for `--template
/// templates/en.toml`: milestone 1 rated ☺ (D4), milestone 2 due in round 2.
pub fn english() -> Grid {
    Grid::from_rows(
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
    )
}

/// A part of a workbook's package as text.
pub fn part_text(path: &Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// A workbook on disk as the core takes it: its path as the name, its bytes.
pub fn input(path: &Path) -> opfolg::input::Input {
    opfolg::input::Input::new(path.display().to_string(), std::fs::read(path).unwrap())
}
