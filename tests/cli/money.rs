//! The money overview (issue 27.5): `Overblik` and the department's
//! `Overblik-alle` show the amounts, checked here against the sums of the
//! workbooks' own cells — seed 003's table with and without subtotals,
//! seed 002's postpone/cancel list, and block workbooks whose economy
//! rows set money aside, change it and overspend.

use std::path::{Path, PathBuf};

use calamine::Data;
use tempfile::TempDir;

use super::common::{self, Cell, Cells, Grid, clean, invest_table, save};

/// Annotates `input` (against `previous`, if any) and returns the output.
fn annotated(dir: &Path, input: &Path, previous: Option<&Path>) -> PathBuf {
    let out = dir.join("annoteret.xlsx");
    let mut args = vec![
        input.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--force".as_ref(),
    ];
    match previous {
        Some(p) => args.extend(["--previous".as_ref(), p.as_os_str()]),
        None => args.push("--no-previous".as_ref()),
    }
    let (code, _, err) = common::annotate(&args);
    assert_eq!(code, 0, "{err}");
    out
}

fn sheet<'a>(cells: &'a [(String, Cells)], name: &str) -> &'a Cells {
    &cells
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no sheet {name}"))
        .1
}

fn number(cells: &Cells, (r, c): (u32, u32)) -> f64 {
    match cells.get(&(r, c)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("({r}, {c}): {other:?}"),
    }
}

fn text(cells: &Cells, at: (u32, u32)) -> String {
    cells.get(&at).map(ToString::to_string).unwrap_or_default()
}

/// The row of the caption starting with `caption` in column A.
fn caption_row(cells: &Cells, caption: &str) -> u32 {
    cells
        .iter()
        .find(|((_, c), v)| *c == 0 && v.to_string().starts_with(caption))
        .map(|((r, _), _)| *r)
        .unwrap_or_else(|| panic!("no table `{caption}`"))
}

/// A table of the overview: its header, and its rows by their first
/// cell, down to and with its `I alt` row.
struct Table {
    heads: Vec<String>,
    rows: Vec<(u32, String)>,
}

impl Table {
    fn under(cells: &Cells, caption: &str) -> Table {
        let top = caption_row(cells, caption);
        let heads = (0..)
            .map(|c| text(cells, (top + 1, c)))
            .take_while(|h| !h.is_empty())
            .collect();
        let mut rows = Vec::new();
        for r in top + 2.. {
            let label = text(cells, (r, 0));
            rows.push((r, label.clone()));
            // The total's word, Danish or English.
            if label == "I alt" || label == "Total" || r > top + 500 {
                break;
            }
        }
        Table { heads, rows }
    }

    fn col(&self, head: &str) -> u32 {
        self.heads
            .iter()
            .position(|h| h == head)
            .unwrap_or_else(|| panic!("no column {head} in {:?}", self.heads)) as u32
    }

    fn row(&self, label: &str) -> u32 {
        self.rows
            .iter()
            .find(|(_, l)| l == label || l.starts_with(&format!("{label} ")))
            .unwrap_or_else(|| panic!("no row {label} in {:?}", self.rows))
            .0
    }

    fn total(&self) -> u32 {
        self.rows.last().expect("a total row").0
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Every amount column's total is a SUM of the rows above it, and
/// carries the sum of those cells.
fn assert_sums(path: &Path, cells: &Cells, table: &Table, cols: &[&str]) {
    let formulas = common::read_formulas(path, "Overblik");
    let (first, total) = (table.rows[0].0, table.total());
    for head in cols {
        let c = table.col(head);
        let letter = rust_xlsxwriter::utility::column_number_to_name(c as u16);
        assert_eq!(
            formulas.get(&(total, c)).map(String::as_str),
            Some(format!("SUM({letter}{}:{letter}{})", first + 1, total).as_str()),
            "{head}"
        );
        let sum: f64 = (first..total)
            .filter_map(|r| match cells.get(&(r, c)) {
                Some(Data::Float(f)) => Some(*f),
                _ => None,
            })
            .sum();
        assert!(close(number(cells, (total, c)), sum), "{head}: {sum}");
    }
}

/// Seed 003's table with an `Anlæg` group and a `Drift` group, each closed
/// by its subtotal, then the grand total (the issue's table), and the
/// financing source beside each row. Rows 4-5 and 7-8 (1-based) are data.
fn with_subtotals() -> Grid {
    let n = Cell::Number;
    let mut g = Grid::from_rows(
        "Bilag A",
        &[
            &["Bilag A – budgetaftale 2025"],
            &[],
            &["(mio. kr.)", "", "", "", "Finansieringskilde"],
            &["Anlæg", "Fysiske læringsmiljøer", "", "", "Ny finansiering"],
            &["", "Legepladser", "", "", "Eksisterende ramme"],
            &["", "I alt anlæg"],
            &[
                "Drift",
                "Kompetenceudvikling af ledere og medarbejdere",
                "",
                "",
                "Eksisterende centrale midler",
            ],
            &["", "Foranstaltningsbudget", "", "", "Ny finansiering"],
            &["", "I alt drift"],
            &["I alt"],
        ],
    );
    g = g.set("C3", n(2025.0)).set("D3", n(2026.0));
    for (row, a, b) in [
        (4, 3.0, 2.0),
        (5, 0.5, 0.25),
        (6, 3.5, 2.25),
        (7, 2.5, 2.5),
        (8, 11.0, 11.0),
        (9, 13.5, 13.5),
        (10, 17.0, 15.75),
    ] {
        g = g
            .set(&format!("C{row}"), n(a))
            .set(&format!("D{row}"), n(b));
    }
    g
}

/// The input's amount cells by financing source: (source, 0-based row)
/// of each data row, the amount columns (0-based), and the total's row.
type Layout = (&'static [(&'static str, u32)], &'static [u32], u32);

/// Seed 003's table, without subtotals (`invest_table`) and with them:
/// `Overblik` sums each financing source and each group per year, and
/// every sum is the sum of the workbook's own cells.
#[test]
fn seed_003_sums_per_source_and_group_are_the_cells_sums() {
    let without: Layout = (
        &[
            ("Eksisterende centrale midler", 3),
            ("Ny finansiering", 4),
            ("Ny finansiering", 5),
            ("Budgetreduktion", 6),
            ("Pulje på finansloven til PPR", 7),
        ],
        &[2, 3, 4, 5],
        8,
    );
    let with: Layout = (
        &[
            ("Ny finansiering", 3),
            ("Eksisterende ramme", 4),
            ("Eksisterende centrale midler", 6),
            ("Ny finansiering", 7),
        ],
        &[2, 3],
        9,
    );
    for (grid, (sources, amount_cols, total_row)) in
        [(invest_table(), without), (with_subtotals(), with)]
    {
        let dir = TempDir::new().unwrap();
        let path = save(dir.path(), "bilag.xlsx", &[grid]);
        let out = annotated(dir.path(), &path, None);
        let cells = common::read_cells(&out);
        let (input, overview) = (sheet(&cells, "Bilag A"), sheet(&cells, "Overblik"));
        let table = Table::under(overview, "Beløb pr. finansieringskilde: Bilag A (mio. kr.)");
        assert_eq!(table.heads[0], "Finansieringskilde");
        for (i, &col) in amount_cols.iter().enumerate() {
            let head = text(input, (2, col));
            assert_eq!(table.heads[i + 1], head);
            let cell = |r: u32| match input.get(&(r, col)) {
                Some(Data::Float(f)) => *f,
                _ => 0.0,
            };
            for (source, _) in sources {
                let want: f64 = sources
                    .iter()
                    .filter(|(s, _)| s == source)
                    .map(|(_, r)| cell(*r))
                    .sum();
                let got = number(overview, (table.row(source), i as u32 + 1));
                assert!(close(got, want), "{source} {head}: {got} ≠ {want}");
            }
            // The total is the workbook's own grand total.
            let total = number(overview, (table.total(), i as u32 + 1));
            assert!(close(total, cell(total_row)), "{head}: {total}");
        }
        let years: Vec<&str> = table.heads[1..].iter().map(String::as_str).collect();
        assert_sums(&out, overview, &table, &years);
        let groups = Table::under(overview, "Beløb pr. gruppe: Bilag A (mio. kr.)");
        assert_sums(&out, overview, &groups, &years);
        // A workbook of tables alone has no smileys to count: its overview
        // is titled for the money and starts with it.
        assert_eq!(text(overview, (0, 0)), "Overblik: beløb");
        let texts: Vec<String> = overview
            .values()
            .filter_map(|v| match v {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("smileys") || t.starts_with("Indsats (milepæle)")),
            "{texts:?}"
        );
        assert_eq!(
            caption_row(overview, "Beløb pr. gruppe: Bilag A (mio. kr.)"),
            2
        );
    }
}

/// Seed 002's list: what can be postponed or cancelled, and the council's
/// decision, as the source writes them (`Kan udskydes`, `KMB 26/4-21:
/// Godkendt.`), with two rows of our own to cancel.
fn postpone_list() -> Grid {
    let rows: &[(&str, &str, f64, &str, &str)] = &[
        (
            "3.1.1",
            "Barnets første 1.000 dage.",
            1.5,
            "Kan udskydes",
            "KMB 26/4-21: Godkendt.",
        ),
        (
            "3.1.3",
            "Pulje til støtte af uddannelse til højere linjefagskompetence.",
            0.5,
            "Kan udskydes",
            "KMB 26/4-21: Undersøges nærmere.",
        ),
        (
            "3.1.4",
            "Afholdelse af fælleskonference mellem bestyrelserne på skoler og børnehusene.",
            0.2,
            "Kan udskydes",
            "KMB 26/4-21: Godkendt med denne bemærkning: Der skal findes en anden måde, hvor konferencen kan afholdes.",
        ),
        (
            "3.2.1",
            "Kursuspulje til dagplejen.",
            0.4,
            "Annulleres",
            "KMB 26/4-21: Godkendt.",
        ),
        (
            "3.2.2",
            "Temadag for forældrebestyrelser.",
            0.15,
            "Kan annulleres",
            "KMB 26/4-21: Ikke godkendt.",
        ),
    ];
    let mut g = Grid::from_rows(
        "Tiltag 2",
        &[
            &["Tiltag 2 - Beslutninger fra aftale om budget 2021 som kan udskydes/annulleres"],
            &["Den 29. april 2021"],
            &[],
            &[
                "Nr.",
                "Tiltag",
                "Center",
                "Ramme",
                "Budget (mio. kr.)",
                "Udskydes/annulleres",
                "Beslutning",
            ],
        ],
    );
    for (i, (nr, title, amount, proposal, decision)) in rows.iter().enumerate() {
        let r = i + 5;
        g = g
            .text(&format!("A{r}"), nr)
            .text(&format!("B{r}"), title)
            .text(&format!("C{r}"), "C-SIK")
            .text(&format!("D{r}"), "30.50")
            .set(&format!("E{r}"), Cell::Number(*amount))
            .text(&format!("F{r}"), proposal)
            .text(&format!("G{r}"), decision);
    }
    g.text("B10", "I alt")
        .set("E10", Cell::Formula("=SUM(E5:E9)".into(), 2.75))
}

#[test]
fn seed_002_totals_of_postponed_cancelled_and_approved_are_the_cells_sums() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "udskydelser.xlsx", &[postpone_list()]);
    let out = annotated(dir.path(), &path, None);
    let cells = common::read_cells(&out);
    let (input, overview) = (sheet(&cells, "Tiltag 2"), sheet(&cells, "Overblik"));
    let table = Table::under(overview, "Udskydes og annulleres: Tiltag 2 (mio. kr.)");
    assert_eq!(
        table.heads,
        ["Forslag", "Antal", "Budget (mio. kr.)", "Heraf godkendt"]
    );
    let amount = |r: u32| number(input, (r, 4));
    let said = |r: u32, words: &str| text(input, (r, 5)).to_lowercase().contains(words);
    let approved = |r: u32| {
        let d = text(input, (r, 6));
        d.contains("Godkendt") && !d.contains("Ikke")
    };
    for (label, words) in [("Udskydes", "udskydes"), ("Annulleres", "annulleres")] {
        let rows: Vec<u32> = (4..9).filter(|r| said(*r, words)).collect();
        let row = table.row(label);
        assert_eq!(number(overview, (row, 1)), rows.len() as f64, "{label}");
        let want: f64 = rows.iter().map(|r| amount(*r)).sum();
        assert!(close(number(overview, (row, 2)), want), "{label}");
        let want: f64 = rows
            .iter()
            .filter(|r| approved(**r))
            .map(|r| amount(*r))
            .sum();
        assert!(close(number(overview, (row, 3)), want), "{label} approved");
    }
    // 1,5 + 0,5 + 0,2 to postpone, 1,7 of it approved; 0,4 + 0,15 to
    // cancel, 0,4 approved; the total is the list's own `I alt`.
    assert!(close(number(overview, (table.row("Udskydes"), 3)), 1.7));
    assert!(close(number(overview, (table.row("Annulleres"), 3)), 0.4));
    assert!(close(
        number(overview, (table.total(), 2)),
        number(input, (9, 4))
    ));
    assert_sums(
        &out,
        overview,
        &table,
        &["Antal", "Budget (mio. kr.)", "Heraf godkendt"],
    );
}

/// The clean workbook's 3.01 with its amount in the `Tid` cell (C10, a
/// number formatted in mio. kr.) and 3.09's economy text `economy`, its
/// smiley `smiley`; round `round`.
fn blocks(round: &str, amount: f64, economy: &str, smiley: &str) -> Grid {
    clean()
        .text(
            "A1",
            &format!("{round} opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"),
        )
        .text("B10", "Der er afsat i 2018:")
        .set("C10", Cell::Formatted(amount, r#"0.000 "mio. kr.""#.into()))
        .text("B18", economy)
        .text("D18", smiley)
}

/// Two rounds of a block workbook: 3.01's amount in a cell of its own
/// moves from 0,762 to 0,9 mio. kr.; 3.09 sets aside 0,125 mio. kr. in its
/// description, then 0,15 in its economy text, rated ☹ with an overspend
/// in its status. `Overblik` shows each initiative's amount (a link to
/// the cell it stands in), before and change, per center with ☺ and ☹,
/// and every number is the workbook's own.
#[test]
fn block_money_per_initiative_and_center_are_the_cells() {
    let dir = TempDir::new().unwrap();
    let prev = save(
        dir.path(),
        "opf1.xlsx",
        &[blocks("Første", 0.762, "Midlerne anvendes i 2018.", "☺")],
    );
    let status = "Der er afsat 0,15 mio. kr. i 2018.\nStatus: Der forventes et merforbrug på 0,05 mio. kr., som dækkes af centrets ramme.";
    let cur = save(
        dir.path(),
        "opf2.xlsx",
        &[blocks("Anden", 0.9, status, "☹")],
    );
    let out = annotated(dir.path(), &cur, Some(&prev));
    let cells = common::read_cells(&out);
    let overview = sheet(&cells, "Overblik");
    let before = common::read_cells(&prev);
    let (now_cell, then_cell) = (
        number(sheet(&cells, "Ark1"), (9, 2)),
        number(sheet(&before, "Ark1"), (9, 2)),
    );
    let by_ini = Table::under(overview, "Økonomi pr. indsats, 2. opf. (mio. kr.)");
    assert_eq!(
        by_ini.heads,
        [
            "Indsats",
            "Ansvarligt center",
            "Økonomi",
            "Afsat 2018",
            "Forrige runde",
            "Ændring",
            "Merforbrug"
        ]
    );
    let (r01, r09) = (by_ini.row("3.01"), by_ini.row("3.09"));
    let col = |h: &str| by_ini.col(h);
    assert_eq!(number(overview, (r01, col("Afsat 2018"))), now_cell);
    assert_eq!(number(overview, (r01, col("Forrige runde"))), then_cell);
    assert!(close(
        number(overview, (r01, col("Ændring"))),
        now_cell - then_cell
    ));
    assert_eq!(text(overview, (r01, col("Økonomi"))), "☺");
    assert_eq!(number(overview, (r09, col("Afsat 2018"))), 0.15);
    assert_eq!(number(overview, (r09, col("Forrige runde"))), 0.125);
    assert_eq!(number(overview, (r09, col("Merforbrug"))), 0.05);
    assert_eq!(text(overview, (r09, col("Økonomi"))), "☹");
    assert_sums(
        &out,
        overview,
        &by_ini,
        &["Afsat 2018", "Forrige runde", "Ændring", "Merforbrug"],
    );
    // 3.01's amount links to the cell it stands in.
    let part = common::package::Pkg::open(&out)
        .sheets()
        .into_iter()
        .find(|s| s.0 == "Overblik")
        .unwrap()
        .1;
    let xml = common::part_text(&out, &part);
    let at = rust_xlsxwriter::utility::row_col_to_cell(r01, col("Afsat 2018") as u16);
    assert!(
        xml.contains(&format!(
            "<hyperlink ref=\"{at}\" location=\"&apos;Ark1&apos;!C10\""
        )) || xml.contains(&format!("<hyperlink ref=\"{at}\" location=\"'Ark1'!C10\"")),
        "{xml}"
    );
    // Per center: ☺ and ☹ with the amounts behind them.
    let by_center = Table::under(
        overview,
        "Økonomi pr. ansvarligt center, 2. opf. (mio. kr.)",
    );
    let (social, skoler) = (
        by_center.row("Social og Sundhed"),
        by_center.row("Skoler, Institutioner og Kultur"),
    );
    let c = |h: &str| by_center.col(h);
    assert_eq!(number(overview, (social, c("☺ overholdt"))), now_cell);
    assert_eq!(number(overview, (social, c("☹ ikke overholdt"))), 0.0);
    assert_eq!(number(overview, (skoler, c("☹ ikke overholdt"))), 0.15);
    assert!(close(
        number(overview, (by_center.total(), c("Afsat 2018"))),
        now_cell + 0.15
    ));
    assert!(close(
        number(overview, (by_center.total(), c("Forrige runde"))),
        then_cell + 0.125
    ));
    assert_sums(
        &out,
        overview,
        &by_center,
        &["☺ overholdt", "☹ ikke overholdt", "Afsat 2018", "Ændring"],
    );
    // Amounts are numbers in the template's format, so Excel sums them.
    let looks = common::package::sheet_looks(&out, "Overblik");
    let look = &looks[&(r01, col("Afsat 2018") as u16)];
    assert!(look.contains(r#"#,##0.0## "mio. kr.""#), "{look}");
}

/// The plan (round 0) of one committee and its first follow-up in
/// another: `Overblik-alle` sums each committee's amounts, and its
/// totals are the sums of the initiatives' rows, themselves the
/// workbooks' cells.
#[test]
fn the_departments_overview_sums_the_money_per_committee() {
    let dir = TempDir::new().unwrap();
    let (opf1, opf2, out) = (
        dir.path().join("opf1"),
        dir.path().join("opf2"),
        dir.path().join("ud"),
    );
    std::fs::create_dir_all(&opf1).unwrap();
    std::fs::create_dir_all(&opf2).unwrap();
    save(
        &opf1,
        "bsu-opf1.xlsx",
        &[blocks("Første", 0.762, "Midlerne anvendes i 2018.", "☺")],
    );
    let bsu = blocks("Anden", 0.9, "Der er afsat 0,15 mio. kr. i 2018.", "☺");
    save(&opf2, "bsu-opf2.xlsx", &[bsu]);
    let kfu = blocks("Anden", 2.5, "Midlerne anvendes i 2018.", "☺").text(
        "A1",
        "Anden opfølgning på Aftale om budget 2018 for Kultur- og Fritidsudvalget",
    );
    save(&opf2, "kfu-opf2.xlsx", &[kfu]);
    let (code, _, err) = common::annotate(&[
        opf2.as_os_str(),
        "--previous".as_ref(),
        opf1.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let path = out.join("Overblik-alle.xlsx");
    let cells = common::read_cells(&path);
    let (rows, totals) = (sheet(&cells, "Overblik"), sheet(&cells, "Totaler"));
    let heads: Vec<String> = (0..20).map(|c| text(rows, (0, c))).collect();
    let at = |h: &str| heads.iter().position(|x| x == h).unwrap() as u32;
    let committee_sum = |name: &str, head: &str| -> f64 {
        (1..20)
            .filter(|r| text(rows, (*r, 0)) == name)
            .filter_map(|r| match rows.get(&(r, at(head))) {
                Some(Data::Float(f)) => Some(*f),
                _ => None,
            })
            .sum()
    };
    let table = Table::under(totals, "Økonomi pr. udvalg, 2. opf. (mio. kr.)");
    for name in ["Børne- og Skoleudvalget", "Kultur- og Fritidsudvalget"] {
        let r = table.row(name);
        for head in ["Afsat 2018", "Merforbrug"] {
            let got = number(totals, (r, table.col(head)));
            assert!(close(got, committee_sum(name, head)), "{name} {head}");
        }
    }
    // Each committee's 3.01 is its workbook's C10, 3.09 its text's 0,15 or
    // its description's 0,125.
    let r = table.row("Kultur- og Fritidsudvalget");
    assert!(close(
        number(totals, (r, table.col("Afsat 2018"))),
        2.5 + 0.125
    ));
    let r = table.row("Børne- og Skoleudvalget");
    assert!(close(
        number(totals, (r, table.col("Forrige runde"))),
        0.762 + 0.125
    ));
    // The committee without a previous round has no before, not a zero.
    let r = table.row("Kultur- og Fritidsudvalget");
    assert!(totals.get(&(r, table.col("Forrige runde"))).is_none());
    let formulas = common::read_formulas(&path, "Totaler");
    let c = table.col("Afsat 2018");
    let letter = rust_xlsxwriter::utility::column_number_to_name(c as u16);
    let first = table.rows[0].0;
    assert_eq!(
        formulas.get(&(table.total(), c)).map(String::as_str),
        Some(format!("SUM({letter}{}:{letter}{})", first + 1, table.total()).as_str())
    );
    assert!(close(
        number(totals, (table.total(), c)),
        0.9 + 0.15 + 2.5 + 0.125
    ));
}

/// The English template writes the same overview in its words.
#[test]
fn the_money_overview_in_english() {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "sheet.xlsx", &[common::english()]);
    let out = dir.path().join("out.xlsx");
    let (code, _, err) = common::annotate(&[
        path.as_os_str(),
        "--template".as_ref(),
        "templates/en.toml".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let overview = sheet(&cells, "Summary");
    let table = Table::under(overview, "Economy per initiative, Round 1 (m. kr.)");
    let r = table.row("3.01");
    assert_eq!(number(overview, (r, table.col("Allocated 2018"))), 0.762);
    assert_eq!(text(overview, (table.total(), 0)), "Total");
}
