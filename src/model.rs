//! The follow-up model: workbook → initiatives → milestones and economy.
//!
//! Everything here is data read from a workbook, with the absolute cell each
//! value came from, so findings and changes can point at the cell to fix.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// An absolute cell position: sheet index, 0-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CellRef {
    pub sheet: usize,
    pub row: u32,
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
    Sad,
    Neutral,
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
    Round { round: Round, year: i32 },
    /// A calendar date, and the round it belongs to.
    Date {
        date: NaiveDate,
        round: Round,
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

fn group(n: u64) -> String {
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

/// An amount found in a text, with the year the text attaches it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountMention {
    pub amount: Amount,
    pub year: Option<i32>,
    /// The words as written, e.g. `0,762 mio. kr.`
    pub written: String,
    /// Where in the (HTML-stripped) text the amount stands, in bytes.
    pub span: std::ops::Range<usize>,
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
    pub label_cell: CellRef,
    pub text: NoteText,
    pub text_cell: CellRef,
    pub deadline: Deadline,
    pub deadline_raw: String,
    pub deadline_cell: CellRef,
    pub smiley: SmileyCell,
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
    pub label_cell: CellRef,
    pub text: NoteText,
    pub text_cell: CellRef,
    pub amounts: Vec<AmountMention>,
    pub smiley: SmileyCell,
    pub smiley_cell: CellRef,
    /// How the smiley was written (it is rewritten as `☺ 😐 ☹`).
    pub spelling: Spelling,
    pub history: BTreeMap<Round, Smiley>,
}

/// The description row under an initiative's header.
#[derive(Debug, Clone)]
pub struct Description {
    pub purpose: NoteText,
    pub purpose_cell: CellRef,
    pub details: NoteText,
    pub details_cell: CellRef,
    /// The amounts the purpose text sets aside, with their years.
    pub amounts: Vec<AmountMention>,
    /// `Ansvarligt center: …`, if named.
    pub center: Option<String>,
}

/// One initiative block.
#[derive(Debug, Clone)]
pub struct Initiative {
    /// `3.01`, or `None` when the header has no id (S002).
    pub id: Option<String>,
    pub title: String,
    pub header_cell: CellRef,
    pub kind: String,
    pub kind_cell: CellRef,
    pub chapter: Option<String>,
    pub description: Option<Description>,
    pub milestones: Vec<Milestone>,
    pub economy: Vec<Economy>,
    /// Rows inside the block that are neither description, milestone nor economy.
    pub unknown_rows: Vec<CellRef>,
}

/// A cell holding HTML markup, with the first tag seen.
#[derive(Debug, Clone)]
pub struct HtmlCell {
    pub cell: CellRef,
    pub tag: String,
}

/// The columns an annotated workbook added to a block sheet.
#[derive(Debug, Clone, Default)]
pub struct HistoryColumns {
    /// Round → column of its `Smiley <round>` column.
    pub smiley: BTreeMap<Round, u16>,
    pub change: Option<u16>,
    pub check: Option<u16>,
}

/// What an amount-table cell holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableValue {
    /// An Excel number.
    Number(Amount),
    /// A Danish number typed as text (`1,5`), and the text: read, but
    /// Excel's sums count it as 0 (A005).
    Text(Amount, String),
    /// `-`, `–` or blank: zero.
    Zero,
    /// Text that is not a number (A005).
    Invalid(String),
}

impl TableValue {
    /// The amount the cell stands for (text that is no number is zero).
    pub fn amount(&self) -> Amount {
        match self {
            TableValue::Number(a) | TableValue::Text(a, _) => *a,
            _ => Amount { ore: 0 },
        }
    }

    /// What Excel's SUM counts: numbers only.
    pub fn summed(&self) -> Amount {
        match self {
            TableValue::Number(a) => *a,
            _ => Amount { ore: 0 },
        }
    }
}

/// One amount cell of a table row.
#[derive(Debug, Clone)]
pub struct TableCell {
    pub cell: CellRef,
    /// Index into the table's columns.
    pub column: usize,
    pub value: TableValue,
}

/// One row of an amount table.
#[derive(Debug, Clone)]
pub struct TableRow {
    /// The item number (`3.1.1`), else the label.
    pub key: String,
    pub key_cell: CellRef,
    pub label: String,
    /// The group inherited from the rows above (`Drift`), if any.
    pub group: Option<String>,
    pub is_total: bool,
    pub cells: Vec<TableCell>,
}

/// One amount column: its header (`2025`, `Budget (mio. kr.)`) and column.
#[derive(Debug, Clone)]
pub struct TableColumn {
    pub col: u16,
    pub header: String,
}

/// An amount table (SPEC §2b).
#[derive(Debug, Clone)]
pub struct AmountTable {
    pub header_cell: CellRef,
    /// What one unit in the cells is worth in kr. (`(mio. kr.)`: 1.000.000).
    pub unit_kr: i64,
    pub columns: Vec<TableColumn>,
    pub rows: Vec<TableRow>,
}

/// A sheet of the workbook and what was found on it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub initiatives: Vec<Initiative>,
    pub tables: Vec<AmountTable>,
    pub history: HistoryColumns,
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
}

/// Where the round or year of a workbook came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    CommandLine,
    Title,
    FileName,
    Deadlines,
}

/// A follow-up workbook read into the model.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// The path as given on the command line.
    pub path: String,
    pub sheets: Vec<Sheet>,
    pub round: Option<(Round, Source)>,
    pub year: Option<(i32, Source)>,
    /// The title row: the first preamble row, or the one naming the round.
    pub title: Option<String>,
    /// The cell holding the title (the one a hand-out rewrites).
    pub title_cell: Option<CellRef>,
    /// The format gives no cell styles (.xls): a smiley given as a fill or
    /// a Wingdings letter cannot be seen, and the findings about missing
    /// smileys say so.
    pub styles_unknown: bool,
}

impl Workbook {
    /// Every initiative of every sheet, in order.
    pub fn initiatives(&self) -> impl Iterator<Item = &Initiative> {
        self.sheets.iter().flat_map(|s| s.initiatives.iter())
    }

    /// Every amount table of every sheet, in order.
    pub fn tables(&self) -> impl Iterator<Item = &AmountTable> {
        self.sheets.iter().flat_map(|s| s.tables.iter())
    }

    /// Milestones with text (placeholders are not counted).
    pub fn milestone_count(&self) -> usize {
        self.initiatives()
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
    /// compared: writing needs the cells, smileys, titles and centers, not
    /// the descriptions' prose, which are the longest cells of a follow-up.
    pub fn shed_descriptions(&mut self) {
        for ini in self
            .sheets
            .iter_mut()
            .flat_map(|s| s.initiatives.iter_mut())
        {
            if let Some(d) = &mut ini.description {
                d.purpose = NoteText::default();
                d.details = NoteText::default();
                d.amounts = Vec::new();
            }
        }
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
