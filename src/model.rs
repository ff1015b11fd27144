//! The follow-up model: workbook → initiatives → milestones and economy.
//!
//! Everything here is data read from a workbook, with the absolute cell each
//! value came from, so findings and changes can point at the cell to fix.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// An absolute cell position: sheet index, 0-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    /// 0-based index into [`Workbook::sheets`].
    pub sheet: usize,
    /// 0-based row: Excel's row 12 is 11.
    pub row: u32,
    /// 0-based column: A is 0, C is 2.
    pub col: u16,
}

impl CellRef {
    /// A cell on `sheet` at `row`, `col`.
    pub fn new(sheet: usize, row: u32, col: u16) -> CellRef {
        CellRef { sheet, row, col }
    }

    /// The A1 name of the cell, e.g. `C12`.
    ///
    /// ```
    /// assert_eq!(opfolg::model::CellRef::new(0, 11, 2).a1(), "C12");
    /// ```
    pub fn a1(&self) -> String {
        rust_xlsxwriter::utility::row_col_to_cell(self.row, self.col)
    }
}

/// A smiley: met, not fully met but realistic, not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Smiley {
    /// ☹: not met, and not realistic within the period (economy: budget not kept).
    Sad,
    /// 😐: not fully met, but the year's goal is still realistic.
    Neutral,
    /// ☺: met (economy: budget kept or saving made).
    Happy,
}

/// How a recognised smiley was written in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spelling {
    /// As opfolg writes it (`☺ 😐 ☹`), or not rated.
    #[default]
    Written,
    /// Another spelling: a look-alike, a word (`grøn`).
    Other,
    /// A letter in the Wingdings font (`J`).
    Wingdings,
    /// No symbol, only a coloured fill.
    Fill,
}

/// What a smiley cell holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SmileyCell {
    /// Not rated.
    #[default]
    Empty,
    /// A recognised smiley, however it was spelled.
    Rated(Smiley),
    /// Something that is not a smiley (finding M007).
    Unrecognised(String),
}

impl SmileyCell {
    /// The smiley, if the cell holds a recognised one.
    pub fn smiley(&self) -> Option<Smiley> {
        match self {
            SmileyCell::Rated(s) => Some(*s),
            _ => None,
        }
    }

    /// Whether anything at all is in the cell.
    pub fn is_empty(&self) -> bool {
        matches!(self, SmileyCell::Empty)
    }
}

/// A follow-up round: 0 the plan, 1-3 the budget follow-ups, 4 the year end.
pub type Round = u8;

/// When a milestone is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// No deadline written.
    Empty,
    /// Round `round` of `year` (`2. budgetopfølgning 2018`, `31.12.2018`).
    Round {
        /// The round named, 1 to 4.
        round: Round,
        /// The budget year named.
        year: i32,
    },
    /// A calendar date, and the round it belongs to.
    Date {
        /// The date written, or the day a period names (`ultimo juni`: 30 June).
        date: NaiveDate,
        /// The first round due on or after the date.
        round: Round,
        /// The year of that round (the next year's after the last round's date).
        year: i32,
    },
    /// Neither a round nor a date (finding M002).
    Invalid(String),
}

impl Deadline {
    /// The (year, round) the deadline falls in, if known.
    pub fn due(&self) -> Option<(i32, Round)> {
        match self {
            Deadline::Round { round, year } | Deadline::Date { round, year, .. } => {
                Some((*year, *round))
            }
            _ => None,
        }
    }
}

/// An exact amount of money in øre (1/100 kr.), never a float.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Amount {
    /// The amount in øre (100 to a krone); negative when written with a minus.
    pub ore: i64,
}

impl Amount {
    /// An amount of whole kroner.
    pub fn kr(kr: i64) -> Amount {
        Amount { ore: kr * 100 }
    }
}

impl fmt::Display for Amount {
    /// Danish style in the best-fitting unit: `0,762 mio. kr.`, `1.500 kr.`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ore = self.ore;
        let sign = if ore < 0 { "-" } else { "" };
        let abs = ore.unsigned_abs();
        // From 100.000 kr. on, in mio. kr. as finance staff write it.
        if abs >= 10_000_000 && abs.is_multiple_of(100) {
            let kr = abs / 100;
            let whole = kr / 1_000_000;
            let frac = kr % 1_000_000;
            let mut frac_s = format!("{frac:06}");
            while frac_s.ends_with('0') {
                frac_s.pop();
            }
            if frac_s.is_empty() {
                write!(f, "{sign}{} mio. kr.", group(whole))
            } else {
                write!(f, "{sign}{},{frac_s} mio. kr.", group(whole))
            }
        } else {
            let kr = abs / 100;
            let o = abs % 100;
            if o == 0 {
                write!(f, "{sign}{} kr.", group(kr))
            } else {
                write!(f, "{sign}{},{o:02} kr.", group(kr))
            }
        }
    }
}

/// A whole number with a dot between thousands, as Danish writes it
/// (`1.500.000`).
pub(crate) fn group(n: impl ToString) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// The years an amount is for, as its text says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Years {
    /// The text names no year.
    #[default]
    Unnamed,
    /// Every year: `0,3 mio. kr. årligt`, `årligt 0,3 mio. kr.`, no year named.
    Every,
    /// Each of these years, in order: `i 2019`, `i 2017 og 2018`, `i hvert
    /// af årene 2019 og 2020`, `årligt i perioden 2020-2022` (2020, 2021, 2022).
    Listed(Vec<i32>),
    /// This year and every one after it: `fra 2018 og frem`, `i 2020 og frem`.
    From(i32),
}

impl Years {
    /// Whether the amount is for `year`.
    ///
    /// ```
    /// use opfolg::model::Years;
    /// assert!(Years::From(2018).covers(2021));
    /// assert!(!Years::Listed(vec![2019, 2020]).covers(2021));
    /// assert!(Years::Every.covers(2019));
    /// assert!(!Years::Unnamed.covers(2019));
    /// ```
    pub fn covers(&self, year: i32) -> bool {
        match self {
            Years::Unnamed => false,
            Years::Every => true,
            Years::Listed(years) => years.contains(&year),
            Years::From(first) => year >= *first,
        }
    }

    /// The first year named, if any.
    pub fn first(&self) -> Option<i32> {
        match self {
            Years::Unnamed | Years::Every => None,
            Years::Listed(years) => years.first().copied(),
            Years::From(first) => Some(*first),
        }
    }
}

impl From<Option<i32>> for Years {
    fn from(year: Option<i32>) -> Years {
        year.map_or(Years::Unnamed, |y| Years::Listed(vec![y]))
    }
}

/// A description's prose and amounts, taken out of the model once they
/// are no longer needed (`Workbook::shed_descriptions`).
pub type Shed = Vec<(NoteText, NoteText, Vec<AmountMention>)>;

/// An amount found in a text, with the years the text attaches it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountMention {
    /// The amount, its unit applied and its sign kept.
    pub amount: Amount,
    /// The years it is for (`i 2019`, `2020 (1 mio. kr.)`, `årligt i
    /// 2019-2022`, `fra 2018 og frem`).
    pub years: Years,
    /// Whether it adds to what was set aside before: it stands after an
    /// addition word in its sentence (`yderligere 4 mio. kr.`, `øges med 3
    /// mio. kr.`; template `addition_words`).
    pub addition: bool,
    /// The words as written, e.g. `0,762 mio. kr.`
    pub written: String,
    /// Where in the (HTML-stripped) text the amount stands, in bytes.
    pub span: std::ops::Range<usize>,
    /// The cell of its own the amount stands in, when not in the text it
    /// was read with: an economy row's number cell formatted with a unit
    /// (`0.000 "mio. kr."`) or its `Tid` cell. `None`: in the text, at `span`.
    pub cell: Option<CellRef>,
}

/// A text cell split into its main text and the `Status:` paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoteText {
    /// The text before `Status:`, HTML stripped.
    pub text: String,
    /// The `Status:` paragraph without its prefix, if any.
    pub status: Option<String>,
}

impl NoteText {
    /// The whole text, the status paragraph on its own line.
    pub fn whole(&self) -> String {
        match &self.status {
            Some(s) => format!("{}\n{s}", self.text),
            None => self.text.clone(),
        }
    }
}

/// One milestone row.
#[derive(Debug, Clone)]
pub struct Milestone {
    /// The `Milepæl` label, in the block's first column.
    pub label_cell: CellRef,
    /// What is to be reached, and its `Status:` paragraph.
    pub text: NoteText,
    /// The text's cell, the block's second column.
    pub text_cell: CellRef,
    /// When it is due, as read.
    pub deadline: Deadline,
    /// The deadline as written (HTML stripped; a date cell as `dd.mm.yyyy`);
    /// empty when blank. Quoted in messages and changes.
    pub deadline_raw: String,
    /// The deadline's cell, the block's third column (`Tid`).
    pub deadline_cell: CellRef,
    /// This round's smiley.
    pub smiley: SmileyCell,
    /// The smiley's cell, the block's fourth column (`Smiley`).
    pub smiley_cell: CellRef,
    /// How the smiley was written (it is rewritten as `☺ 😐 ☹`).
    pub spelling: Spelling,
    /// Smileys of earlier rounds, from an annotated workbook's history columns.
    pub history: BTreeMap<Round, Smiley>,
}

impl Milestone {
    /// A row with a deadline but no text: no milestone due that round.
    pub fn is_placeholder(&self) -> bool {
        self.text.text.trim().is_empty() && self.text.status.is_none()
    }
}

/// The economy row of an initiative.
#[derive(Debug, Clone)]
pub struct Economy {
    /// The `Økonomi` label, in the block's first column.
    pub label_cell: CellRef,
    /// How the money stands, and its `Status:` paragraph.
    pub text: NoteText,
    /// The text's cell, the block's second column.
    pub text_cell: CellRef,
    /// The amounts of the row, in order: those the text (before `Status:`)
    /// names, then those in cells of their own (a number cell whose format
    /// carries the unit, often in the `Tid` column beside `Der er afsat i
    /// 2019:`), each with its cell.
    pub amounts: Vec<AmountMention>,
    /// Number cells of the row besides the text whose format names no unit
    /// (`0,762` in the `Tid` column), with the number as Danish text: an
    /// amount whose unit is not known (A009), compared as written.
    pub unitless: Vec<(CellRef, String)>,
    /// This round's smiley (☺ or ☹; 😐 is A002).
    pub smiley: SmileyCell,
    /// The smiley's cell, the block's fourth column.
    pub smiley_cell: CellRef,
    /// How the smiley was written (it is rewritten as `☺ 😐 ☹`).
    pub spelling: Spelling,
    /// Smileys of earlier rounds, from an annotated workbook's history columns.
    pub history: BTreeMap<Round, Smiley>,
}

/// The description row under an initiative's header.
#[derive(Debug, Clone)]
pub struct Description {
    /// Purpose and content: what the parties agree on and set aside.
    pub purpose: NoteText,
    /// The purpose's cell, the block's first column.
    pub purpose_cell: CellRef,
    /// The second cell: responsible center, committee, main contributor.
    pub details: NoteText,
    /// The details' cell, the block's second column.
    pub details_cell: CellRef,
    /// The amounts the purpose text sets aside, with their years.
    pub amounts: Vec<AmountMention>,
    /// The center after `Ansvarligt center:` (details first, else purpose), if named.
    pub center: Option<String>,
    /// The main contributor after `Væsentlig bidragsyder:` (details first,
    /// else purpose), if named: `parse::center::contributor`.
    pub contributor: Option<String>,
}

/// One initiative block.
#[derive(Debug, Clone)]
pub struct Initiative {
    /// `3.01`, or `None` when the header has no id (S002).
    pub id: Option<String>,
    /// The header's words after the id, HTML stripped, on one line.
    pub title: String,
    /// The header row's first cell (id and title): where the block starts.
    pub header_cell: CellRef,
    /// The kind of budget line in the header row's second cell (`Drift`), as written.
    pub kind: String,
    /// The kind's cell.
    pub kind_cell: CellRef,
    /// The chapter row above the block (`3. Sammenhængende …`), if any.
    pub chapter: Option<String>,
    /// The first row of the block, if it comes before any milestone or economy row.
    pub description: Option<Description>,
    /// The `Milepæl` rows in order; milestone `n` in messages is index `n - 1`.
    pub milestones: Vec<Milestone>,
    /// The `Økonomi` rows: one expected (S005 none, S006 more).
    pub economy: Vec<Economy>,
    /// Rows inside the block that are neither description, milestone nor economy.
    pub unknown_rows: Vec<CellRef>,
}

/// A cell holding HTML markup, with the first tag seen.
#[derive(Debug, Clone)]
pub struct HtmlCell {
    /// The cell.
    pub cell: CellRef,
    /// The first tag in it as written, `<p>`; quoted by S008.
    pub tag: String,
}

/// The columns an annotated workbook added to a block sheet.
#[derive(Debug, Clone, Default)]
pub struct HistoryColumns {
    /// Round → column of its `Smiley <round>` column.
    pub smiley: BTreeMap<Round, u16>,
    /// The 0-based column headed `Ændring`, if there is one.
    pub change: Option<u16>,
    /// The 0-based column headed `Kontrol`, if there is one.
    pub check: Option<u16>,
}

/// What an amount-table cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableValue {
    /// An Excel number.
    Number(Amount),
    /// A Danish number stored as text (`1,5`, pasted from a document), and
    /// the text: read as its number (A012 once per column: Excel's own sums
    /// count it as 0).
    Text(Amount, String),
    /// `-`, `–` or blank: zero.
    Zero,
    /// Text that is not a number (A005).
    Invalid(String),
    /// A formula whose result the file does not hold (a workbook saved by
    /// openpyxl, pandas or a web tool): the value is not known — never 0.
    Uncached(String),
}

impl TableValue {
    /// The amount the cell stands for (text that is no number is zero).
    pub fn amount(&self) -> Amount {
        match self {
            TableValue::Number(a) | TableValue::Text(a, _) => *a,
            _ => Amount { ore: 0 },
        }
    }

    /// Whether the value is known (not a formula without a result).
    pub fn is_known(&self) -> bool {
        !matches!(self, TableValue::Uncached(_))
    }
}

/// One amount cell of a table row.
#[derive(Debug, Clone)]
pub struct TableCell {
    /// Where the cell is.
    pub cell: CellRef,
    /// Index into the table's columns.
    pub column: usize,
    /// What it holds, in øre (the table's unit applied).
    pub value: TableValue,
}

/// A text cell of an amount-table row, under a text column.
#[derive(Debug, Clone)]
pub struct TableText {
    /// Where the cell is.
    pub cell: CellRef,
    /// The text, HTML stripped (empty where the cell is blank).
    pub text: String,
}

/// One row of an amount table.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// The item number (`3.1.1`), else the label.
    pub key: String,
    /// The cell the key was read from.
    pub key_cell: CellRef,
    /// The text in the column left of the first amount column (a total's
    /// own words if that is empty); empty when there is none.
    pub label: String,
    /// The group the row belongs to (`Drift`): inherited from the rows
    /// above, the group a subtotal closes (and its rows, where only the
    /// subtotal names it), `None` for a grand total.
    pub group: Option<String>,
    /// A label cell says `I alt` (or another total word): a total (A006).
    pub is_total: bool,
    /// A total that closes its group (`I alt drift`, `Anlæg i alt`,
    /// `Subtotal`): checked against the rows since the previous total. A
    /// total that is not a subtotal (`I alt`) is a grand total, checked
    /// against the subtotals since the previous grand total and the rows
    /// after the last of them.
    pub subtotal: bool,
    /// One cell per amount column, in the table's column order.
    pub cells: Vec<TableCell>,
    /// One text per text column, in the table's order (empty where blank).
    pub texts: Vec<TableText>,
}

/// One amount column: its header (`2025`, `Budget (mio. kr.)`) and column.
#[derive(Debug, Clone)]
pub struct TableColumn {
    /// The 0-based sheet column.
    pub col: u16,
    /// The header as written (a year, or HTML stripped on one line).
    pub header: String,
}

/// An amount table (SPEC §2b).
#[derive(Debug, Clone)]
pub struct AmountTable {
    /// The header row's first cell: where the table starts.
    pub header_cell: CellRef,
    /// What one unit in the cells is worth in kr. (`(mio. kr.)`: 1.000.000).
    pub unit_kr: i64,
    /// The amount columns (years or `Beløb`-like headers), left to right.
    pub columns: Vec<TableColumn>,
    /// The rows right under the header, down to the first gap or block.
    pub rows: Vec<TableRow>,
    /// The text columns (`Center`, `Bemærkninger`, `Beslutning`): their
    /// texts are compared between rounds like the amounts.
    pub text_columns: Vec<TableColumn>,
}

impl AmountTable {
    /// Each group's rows summed per amount column (totals left out), the
    /// groups in the order they first appear; rows of no group under
    /// `None`. Exact: øre added as integers.
    pub fn group_sums(&self) -> Vec<(Option<String>, Vec<Amount>)> {
        let mut out: Vec<(Option<String>, Vec<Amount>)> = Vec::new();
        for row in self.rows.iter().filter(|r| !r.is_total) {
            let at = match out.iter().position(|(g, _)| *g == row.group) {
                Some(at) => at,
                None => {
                    out.push((
                        row.group.clone(),
                        vec![Amount::default(); self.columns.len()],
                    ));
                    out.len() - 1
                }
            };
            for c in &row.cells {
                let sum = &mut out[at].1[c.column];
                sum.ore = sum.ore.saturating_add(c.value.amount().ore);
            }
        }
        out
    }
}

/// A sheet of the workbook and what was found on it.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet's name as the workbook has it.
    pub name: String,
    /// The initiative blocks, top to bottom.
    pub initiatives: Vec<Initiative>,
    /// The amount tables outside the blocks, top to bottom.
    pub tables: Vec<AmountTable>,
    /// The columns an earlier run of opfolg added right of the blocks.
    pub history: HistoryColumns,
    /// Every cell holding HTML markup (S008).
    pub html_cells: Vec<HtmlCell>,
    /// One of the sheets opfolg adds (`Kontrol`, …), known by its mark:
    /// not data, replaced when the workbook is annotated again.
    pub generated: Option<Generated>,
    /// The rightmost column holding a value, if any: opfolg's columns go
    /// to the right of it.
    pub last_col: Option<u16>,
}

impl Sheet {
    /// An opfolg-generated sheet of an annotated workbook.
    pub fn generated(name: &str, kind: Generated) -> Sheet {
        Sheet {
            name: name.to_string(),
            initiatives: Vec::new(),
            tables: Vec::new(),
            history: HistoryColumns::default(),
            html_cells: Vec::new(),
            generated: Some(kind),
            last_col: None,
        }
    }
}

/// The sheets opfolg adds to a workbook; `layout` says how they are named
/// and marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Generated {
    /// `Ændringer`: one row per change.
    Changes,
    /// `Kontrol`: one row per finding.
    Checks,
    /// `Overblik`: smiley counts and charts.
    Summary,
    /// `Læsevejledning`: the hand-out's reading guide.
    Guide,
    /// `Indsamling`: what `collect` gathered from the centers' returns.
    Collected,
}

/// Where the round or year of a workbook came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `--round` or `--year`.
    CommandLine,
    /// The title in the preamble: `Første opfølgning … budget 2019`.
    Title,
    /// The file name: `opf2.xlsx` (round only).
    FileName,
    /// The name of the sheet with the blocks: `2. opfølgning` (round only).
    SheetName,
    /// The most common year of the deadlines (year only).
    Deadlines,
}

/// A follow-up workbook read into the model.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The path as given on the command line.
    pub path: String,
    /// Every sheet, in the workbook's order (index = [`CellRef::sheet`]).
    pub sheets: Vec<Sheet>,
    /// The round this workbook is, and where that was read; `None` if unknown (R001).
    pub round: Option<(Round, Source)>,
    /// The agreement's budget year, and where that was read; `None` if unknown.
    pub year: Option<(i32, Source)>,
    /// The title: the first preamble row naming the round (else one naming
    /// the committee or the year, else the first), with the row above or
    /// below it when the title was wrapped (`read::title`).
    pub title: Option<String>,
    /// The committee the title names (`Børne- og Skoleudvalget`), read
    /// once by `read::title`; compare with `read::title::same_committee`.
    pub committee: Option<String>,
    /// The cell holding the title (the one a hand-out rewrites).
    pub title_cell: Option<CellRef>,
    /// The title cell's own text (a title wrapped over two rows goes on
    /// in the other one): what next year's plan rewrites.
    pub title_line: Option<String>,
    /// The preamble's date line (`Dato: 19. marts 2018`): a hand-out
    /// gets the day it was made.
    pub date_cell: Option<CellRef>,
    /// The format gives no cell styles (.xls): a smiley given as a fill or
    /// a Wingdings letter cannot be seen, and the findings about missing
    /// smileys say so.
    pub styles_unknown: bool,
}

impl Initiative {
    /// Its lists' spare room given back once the block is read (a list
    /// grows by four at first: a block has mostly one economy row and one
    /// amount in a text, and a large workbook 10,000s of blocks).
    pub fn shrink_to_fit(&mut self) {
        self.milestones.shrink_to_fit();
        self.economy.shrink_to_fit();
        self.unknown_rows.shrink_to_fit();
        for e in &mut self.economy {
            e.amounts.shrink_to_fit();
            e.unitless.shrink_to_fit();
        }
        if let Some(d) = &mut self.description {
            d.amounts.shrink_to_fit();
        }
    }

    /// The same block written twice (pasted again): the same id, title,
    /// milestones (text, deadline, smiley) and economy rows (text, smiley).
    pub fn is_copy_of(&self, other: &Initiative) -> bool {
        self.id.is_some()
            && self.id == other.id
            && self.title == other.title
            && self.milestones.len() == other.milestones.len()
            && self.economy.len() == other.economy.len()
            && self.milestones.iter().zip(&other.milestones).all(|(a, b)| {
                a.text == b.text && a.deadline_raw == b.deadline_raw && a.smiley == b.smiley
            })
            && self
                .economy
                .iter()
                .zip(&other.economy)
                .all(|(a, b)| a.text == b.text && a.smiley == b.smiley)
    }
}

impl Workbook {
    /// Every initiative of every sheet, in order.
    pub fn initiatives(&self) -> impl Iterator<Item = &Initiative> {
        self.sheets.iter().flat_map(|s| s.initiatives.iter())
    }

    /// The header cells of the initiatives that are copies of an earlier
    /// one (a block pasted twice, finding S003): counted and compared once.
    pub fn copies(&self) -> std::collections::HashSet<CellRef> {
        let mut first: HashMap<&str, &Initiative> = HashMap::new();
        let mut out = std::collections::HashSet::new();
        for ini in self.initiatives() {
            let Some(id) = ini.id.as_deref() else {
                continue;
            };
            match first.get(id) {
                Some(f) if ini.is_copy_of(f) => {
                    out.insert(ini.header_cell);
                }
                Some(_) => {}
                None => {
                    first.insert(id, ini);
                }
            }
        }
        out
    }

    /// Every initiative once: without the copies of [`Workbook::copies`].
    pub fn distinct_initiatives(&self) -> impl Iterator<Item = &Initiative> {
        let copies = self.copies();
        self.initiatives()
            .filter(move |ini| !copies.contains(&ini.header_cell))
    }

    /// Every amount table of every sheet, in order.
    pub fn tables(&self) -> impl Iterator<Item = &AmountTable> {
        self.sheets.iter().flat_map(|s| s.tables.iter())
    }

    /// Milestones with text (placeholders are not counted).
    pub fn milestone_count(&self) -> usize {
        self.distinct_initiatives()
            .flat_map(|i| &i.milestones)
            .filter(|m| !m.is_placeholder())
            .count()
    }

    /// The agreement's round, if known.
    pub fn round(&self) -> Option<Round> {
        self.round.map(|r| r.0)
    }

    /// The agreement's year, if known.
    pub fn year(&self) -> Option<i32> {
        self.year.map(|y| y.0)
    }

    /// Frees the description texts once the workbook is checked and
    /// compared: writing needs the cells, smileys, titles, centers and main
    /// contributors, not the descriptions' prose, which are the longest
    /// cells of a follow-up.
    ///
    /// What was shed is given back, for the caller to free where it
    /// costs least (a large workbook's descriptions take a while to free).
    pub fn shed_descriptions(&mut self) -> Shed {
        let mut shed = Vec::new();
        for ini in self
            .sheets
            .iter_mut()
            .flat_map(|s| s.initiatives.iter_mut())
        {
            if let Some(d) = &mut ini.description {
                shed.push((
                    std::mem::take(&mut d.purpose),
                    std::mem::take(&mut d.details),
                    std::mem::take(&mut d.amounts),
                ));
            }
        }
        shed
    }

    /// The workbook's format as its extension names it (`xls`), for
    /// messages about what the format cannot hold.
    pub fn format_name(&self) -> String {
        std::path::Path::new(&self.path)
            .extension()
            .map_or_else(|| "xls".into(), |e| e.to_string_lossy().to_lowercase())
    }

    /// The name of sheet `i`.
    pub fn sheet_name(&self, i: usize) -> &str {
        &self.sheets[i].name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_display_danish() {
        let cases = [
            (Amount::kr(762_000), "0,762 mio. kr."),
            (Amount::kr(1_000_000), "1 mio. kr."),
            (Amount::kr(-1_900_000), "-1,9 mio. kr."),
            (Amount::kr(7_610_000), "7,61 mio. kr."),
            (Amount::kr(1_500), "1.500 kr."),
            (Amount { ore: 150 }, "1,50 kr."),
            (Amount::kr(2_500_000_000), "2.500 mio. kr."),
        ];
        for (a, s) in cases {
            assert_eq!(a.to_string(), s);
        }
    }

    #[test]
    fn a1_names() {
        assert_eq!(CellRef::new(0, 0, 0).a1(), "A1");
        assert_eq!(CellRef::new(0, 11, 2).a1(), "C12");
        assert_eq!(CellRef::new(0, 0, 26).a1(), "AA1");
    }
}
