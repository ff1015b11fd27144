//! The block layout (SPEC §2a): initiative header, description, milestone
//! rows and one economy row, found by the header row's `Tid`/`Smiley` cells.

use std::sync::LazyLock;

use regex::Regex;

use super::raw::{RawRow, RawSheet, StyleMap, Value};
use crate::model::{
    AmountMention, CellRef, Deadline, Description, Economy, HistoryColumns, HtmlCell, Initiative,
    Milestone, Sheet, SmileyCell, Spelling,
};
use crate::parse::amount::{Malformed, find_amounts};
use crate::parse::deadline::{deadline_from_date, parse_deadline};
use crate::parse::smiley::{fill_smiley, parse_smiley};
use crate::parse::text::{html_tag, note_text_re, strip_html};
use crate::template::Template;

static HEADER_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+(?:\.\d+)+)\.?(?:\s+(.*))?$").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}$").unwrap());
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d+\.\s+\D").unwrap());

/// Amounts found in a text cell that are malformed (A003), with their cell.
#[derive(Debug, Clone)]
pub struct MalformedAt {
    /// The text cell: an economy text or a description's purpose.
    pub cell: CellRef,
    /// The id of the initiative it is in, if it has one.
    pub initiative: Option<String>,
    /// The amount as written and what it should be.
    pub malformed: Malformed,
}

/// The preamble rows' texts (a blank row between two is an empty text)
/// and their non-empty text cells.
pub type Preamble = (Vec<String>, Vec<(CellRef, String)>);

/// What one sheet yields: its model, the preamble rows' texts, and
/// malformed amounts met while reading.
pub struct SheetRead {
    /// The sheet's blocks (its tables are read after).
    pub sheet: Sheet,
    /// The texts of the rows above the first chapter or block, one a row: where
    /// the title, round and year are read.
    pub preamble: Vec<String>,
    /// The non-empty text cells of the preamble rows, in order.
    pub preamble_cells: Vec<(CellRef, String)>,
    /// Malformed amounts met in the sheet's texts (A003).
    pub malformed: Vec<MalformedAt>,
}

struct Ctx<'a> {
    looks: &'a StyleMap,
    index: usize,
    t: &'a Template,
    history: HistoryColumns,
    malformed: Vec<MalformedAt>,
}

/// Reads the blocks of one sheet. With `let_go`, the texts the blocks'
/// model copies are let go of in `raw` as the walk passes them (nothing
/// reads them after: the tables lie outside the blocks), so a large
/// workbook's prose is not held twice while it is read; without it (a
/// copy of the cells is to be written) `raw` is left as read.
pub fn read_sheet(raw: &mut RawSheet, index: usize, t: &Template, let_go: bool) -> SheetRead {
    let headers: Vec<Option<u16>> = raw.rows.iter().map(|r| header_base(r, t)).collect();
    // Every cell with markup, before the walk lets go of any text.
    let html_cells = html_cells(raw, index);
    let mut ctx = Ctx {
        looks: &raw.looks,
        index,
        t,
        history: HistoryColumns::default(),
        malformed: Vec::new(),
    };
    for (row, base) in raw.rows.iter().zip(&headers) {
        if let Some(base) = base {
            history_columns(row, *base, t, &mut ctx.history);
        }
    }
    let walk = walk(&mut ctx, &headers, &mut raw.rows, let_go);
    SheetRead {
        sheet: Sheet {
            name: raw.name.clone(),
            initiatives: walk.initiatives,
            tables: Vec::new(),
            history: ctx.history,
            html_cells,
            generated: None,
            last_col: raw
                .rows
                .iter()
                .filter_map(|r| r.cells.last())
                .map(|c| c.col)
                .max(),
        },
        preamble: walk.preamble,
        preamble_cells: walk.preamble_cells,
        malformed: ctx.malformed,
    }
}

/// What a walk down a sheet's rows finds.
#[derive(Default)]
struct Walk {
    initiatives: Vec<Initiative>,
    preamble: Vec<String>,
    preamble_cells: Vec<(CellRef, String)>,
    /// The last preamble row's number: a gap before the next is a blank
    /// row (a title wrapped over two rows has none).
    preamble_row: Option<u32>,
    /// The chapter row last seen: the next initiative's chapter.
    chapter: Option<String>,
}

/// Walks down the rows: each header row opens a block (`headers[i]` is its
/// first column) that takes the rows up to the next header, unless closed
/// first by a chapter row or other text after its economy row. Rows above
/// the first chapter or block are the preamble.
fn walk(ctx: &mut Ctx, headers: &[Option<u16>], rows: &mut [RawRow], let_go: bool) -> Walk {
    let mut w = Walk::default();
    // Each header row opens a block.
    w.initiatives
        .reserve_exact(headers.iter().filter(|h| h.is_some()).count());
    let mut open: Option<(Initiative, u16, bool)> = None; // (initiative, base, closed)
    for (row, base) in rows.iter_mut().zip(headers) {
        if let Some(base) = *base {
            if let Some((mut ini, _, _)) = open.take() {
                ini.shrink_to_fit();
                w.initiatives.push(ini);
            }
            open = Some((ctx.header(row, base, w.chapter.clone()), base, false));
            continue;
        }
        let Some((ini, base, closed)) = open.as_mut() else {
            w.outside_block(row, ctx.index);
            continue;
        };
        if is_chapter(row) && (*closed || !ini.economy.is_empty()) {
            w.chapter = Some(strip_html(&row_text(row)));
            *closed = true;
            continue;
        }
        if !*closed {
            ctx.block_row(ini, row, *base, closed);
            if let_go && !*closed {
                // A milestone, economy or description row: its texts are
                // in the model now.
                row.let_go_of_texts(*base..=*base + 3);
            }
        }
    }
    if let Some((mut ini, _, _)) = open.take() {
        ini.shrink_to_fit();
        w.initiatives.push(ini);
    }
    w
}

impl Walk {
    /// A row above the first block: the preamble until the first chapter
    /// row, then chapter rows.
    fn outside_block(&mut self, row: &RawRow, index: usize) {
        let text = row_text(row);
        if self.initiatives.is_empty() && self.chapter.is_none() && !is_chapter(row) {
            if self.preamble_row.is_some_and(|r| row.row > r + 1) {
                self.preamble.push(String::new());
            }
            self.preamble_row = Some(row.row);
            self.preamble.push(text);
            self.preamble_cells
                .extend(row.cells.iter().filter_map(|c| match &c.value {
                    Value::Text(s) if !s.trim().is_empty() => {
                        Some((CellRef::new(index, row.row, c.col), s.to_string()))
                    }
                    _ => None,
                }));
        } else if is_chapter(row) {
            self.chapter = Some(strip_html(&text));
        }
    }
}

/// The rows the blocks of a sheet take, from each header row to its last row.
pub fn block_rows(sheet: &Sheet) -> std::collections::HashSet<u32> {
    let mut rows = std::collections::HashSet::new();
    for ini in &sheet.initiatives {
        let last = ini
            .milestones
            .iter()
            .map(|m| m.label_cell.row)
            .chain(ini.economy.iter().map(|e| e.label_cell.row))
            .chain(ini.unknown_rows.iter().map(|c| c.row))
            .chain(ini.description.iter().map(|d| d.purpose_cell.row))
            .max()
            .unwrap_or(ini.header_cell.row);
        rows.extend(ini.header_cell.row..=last);
    }
    rows
}

/// The first column of a block whose header row this is: the column two
/// left of `Tid` when `Smiley` follows it.
fn header_base(row: &RawRow, t: &Template) -> Option<u16> {
    row.cells.iter().find_map(|c| {
        let is_time = c.col >= 2 && crate::parse::text::is_label(&c.value.text(), &t.labels.time);
        (is_time && crate::parse::text::is_label(&row.text(c.col + 1), &t.labels.smiley))
            .then(|| c.col - 2)
    })
}

/// Columns an annotated workbook added right of the block: `Smiley <round>`,
/// `Ændring`, `Kontrol` (see [`crate::layout::Column`]).
fn history_columns(row: &RawRow, base: u16, t: &Template, h: &mut HistoryColumns) {
    use crate::layout::Column;
    for c in row.cells.iter().filter(|c| c.col > base + 3) {
        match Column::recognise(&c.value.text(), t) {
            Some(Column::Smiley(round)) => {
                h.smiley.entry(round).or_insert(c.col);
            }
            Some(Column::Change) => {
                h.change.get_or_insert(c.col);
            }
            Some(Column::Check) => {
                h.check.get_or_insert(c.col);
            }
            None => {}
        }
    }
}

/// The year a text ends with, as a label for the amount beside it: `Der
/// er afsat i 2019:`, `Budget 2019`.
fn trailing_year(text: &str) -> Option<i32> {
    let last = text
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ':' | '.' | ',' | '=' | '-' | '–')
        })
        .split_whitespace()
        .next_back()?;
    YEAR.is_match(last).then(|| last.parse().ok())?
}

/// A whole number that is a year (`2019` in the `Tid` column): no amount.
fn is_year(v: &Value) -> bool {
    match v {
        Value::Int(i) => (1900..=2100).contains(i),
        Value::Float(f) => f.fract() == 0.0 && (1900.0..=2100.0).contains(f),
        _ => false,
    }
}

fn row_text(row: &RawRow) -> String {
    row.cells
        .iter()
        .map(|c| c.value.text().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A chapter row: one cell, `3. Sammenhængende udviklingsforløb 0-25 år`.
fn is_chapter(row: &RawRow) -> bool {
    row.cells.len() == 1 && CHAPTER.is_match(&strip_html(&row.cells[0].value.text()))
}

fn html_cells(raw: &RawSheet, sheet: usize) -> Vec<HtmlCell> {
    raw.rows
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r.row, c)))
        .filter_map(|(row, c)| match &c.value {
            Value::Text(s) => html_tag(s).map(|tag| HtmlCell {
                cell: CellRef::new(sheet, row, c.col),
                tag,
            }),
            _ => None,
        })
        .collect()
}

impl Ctx<'_> {
    fn cell(&self, row: u32, col: u16) -> CellRef {
        CellRef::new(self.index, row, col)
    }

    fn header(&self, row: &RawRow, base: u16, chapter: Option<String>) -> Initiative {
        let text = strip_html(&row.text(base)).replace('\n', " ");
        let (id, title) = match HEADER_ID.captures(&text) {
            Some(c) => (
                Some(c[1].to_string()),
                c.get(2).map_or("", |m| m.as_str()).trim().to_string(),
            ),
            None => (None, text.trim().to_string()),
        };
        Initiative {
            id,
            title,
            header_cell: self.cell(row.row, base),
            kind: strip_html(&row.text(base + 1)),
            kind_cell: self.cell(row.row, base + 1),
            chapter,
            description: None,
            milestones: Vec::new(),
            economy: Vec::new(),
            unknown_rows: Vec::new(),
        }
    }

    fn block_row(&mut self, ini: &mut Initiative, row: &RawRow, base: u16, closed: &mut bool) {
        let in_block = |c: &&super::raw::RawCell| (base..=base + 3).contains(&c.col);
        if !row.cells.iter().any(|c| in_block(&c)) {
            return;
        }
        let label = row.text(base);
        if crate::parse::text::is_label(&label, &self.t.labels.milestone) {
            let m = self.milestone(row, base);
            ini.milestones.push(m);
        } else if crate::parse::text::is_label(&label, &self.t.labels.economy) {
            let e = self.economy(row, base, ini.id.clone());
            ini.economy.push(e);
        } else if ini.description.is_none() && ini.milestones.is_empty() && ini.economy.is_empty() {
            ini.description = Some(self.description(row, base, ini.id.clone()));
        } else if !ini.economy.is_empty() {
            // Text after the economy row ends the block (a footer, a note).
            *closed = true;
        } else {
            ini.unknown_rows.push(self.cell(row.row, base));
        }
    }

    /// The smiley in a cell, and how it was written.
    fn smiley_at(&self, row: &RawRow, col: u16) -> (SmileyCell, Spelling) {
        let text = row.text(col);
        let wingdings = self
            .looks
            .is_wingdings(row.row, col, &self.t.smileys.wingdings_font);
        match parse_smiley(&text, wingdings, true, &self.t.smileys) {
            SmileyCell::Empty => self
                .looks
                .solid_fill(row.row, col)
                .and_then(|(r, g, b)| fill_smiley(r, g, b))
                .map_or((SmileyCell::Empty, Spelling::Written), |s| {
                    (SmileyCell::Rated(s), Spelling::Fill)
                }),
            SmileyCell::Rated(s) => {
                let spelling = if text.trim() == self.t.glyph(s) {
                    Spelling::Written
                } else if wingdings {
                    Spelling::Wingdings
                } else {
                    Spelling::Other
                };
                (SmileyCell::Rated(s), spelling)
            }
            other => (other, Spelling::Written),
        }
    }

    fn history(&self, row: &RawRow) -> std::collections::BTreeMap<u8, crate::model::Smiley> {
        self.history
            .smiley
            .iter()
            .filter_map(|(round, col)| {
                let text = row.text(*col);
                parse_smiley(&text, false, true, &self.t.smileys)
                    .smiley()
                    .map(|s| (*round, s))
            })
            .collect()
    }

    fn milestone(&mut self, row: &RawRow, base: u16) -> Milestone {
        let (deadline, deadline_raw) = match row.get(base + 2) {
            None => (Deadline::Empty, String::new()),
            Some(Value::Date(d)) => (
                deadline_from_date(d.date(), self.t),
                d.format("%d.%m.%Y").to_string(),
            ),
            Some(v) => {
                let text = v.text();
                (parse_deadline(&text, self.t), strip_html(&text))
            }
        };
        let (smiley, spelling) = self.smiley_at(row, base + 3);
        Milestone {
            label_cell: self.cell(row.row, base),
            text: note_text_re(&row.text(base + 1), status_of(self.t)),
            text_cell: self.cell(row.row, base + 1),
            deadline,
            deadline_raw,
            deadline_cell: self.cell(row.row, base + 2),
            smiley,
            smiley_cell: self.cell(row.row, base + 3),
            spelling,
            history: self.history(row),
        }
    }

    /// The economy row: its text, and its amounts wherever they stand —
    /// in the text, or in a cell of their own (SPEC §3, amounts): a number
    /// cell whose format carries the unit (`0.000 "mio. kr."`, often in the
    /// `Tid` column beside `Der er afsat i 2019:`), or an amount written in
    /// the `Tid` cell. A number cell whose format names no unit is an
    /// amount of unknown unit (A009), never guessed.
    fn economy(&mut self, row: &RawRow, base: u16, id: Option<String>) -> Economy {
        let text_col = base + 1;
        let mut unitless = Vec::new();
        let cell_text = self.economy_text(row, text_col, &mut unitless);
        let text = note_text_re(&cell_text, status_of(self.t));
        let cell = self.cell(row.row, text_col);
        let scan = find_amounts(&text.text, self.t);
        self.note_malformed(scan.malformed, cell, &id);
        let mut amounts = scan.mentions;
        // The `Tid` cell: an amount of its own, for the year the text ends
        // with (`Der er afsat i 2019:`) unless it names its own.
        let label_year = trailing_year(&text.text);
        let own = self.own_amount(row, base + 2, label_year, &id);
        amounts.extend(own.0);
        unitless.extend(own.1);
        let (smiley, spelling) = self.smiley_at(row, base + 3);
        Economy {
            label_cell: self.cell(row.row, base),
            text,
            text_cell: cell,
            amounts,
            unitless,
            smiley,
            smiley_cell: self.cell(row.row, base + 3),
            spelling,
            history: self.history(row),
        }
    }

    /// The economy text's cell as text. A number there stands for the
    /// text: the amount it shows, with its unit, or — without a unit — an
    /// empty text and a number of unknown unit in `unitless`.
    fn economy_text(
        &self,
        row: &RawRow,
        col: u16,
        unitless: &mut Vec<(CellRef, String)>,
    ) -> String {
        match row.get(col) {
            Some(v @ (Value::Int(_) | Value::Float(_))) => {
                let format = self.looks.number_format(row.row, col);
                super::numfmt::amount_text(v, format, self.t).unwrap_or_else(|| {
                    unitless.extend(
                        super::numfmt::danish_number(v).map(|n| (self.cell(row.row, col), n)),
                    );
                    String::new()
                })
            }
            _ => row.text(col).into_owned(),
        }
    }

    /// The amounts of an economy row's cell of its own (`Tid`): a number
    /// formatted with its unit, or amounts written as text; and the
    /// numbers there without a unit.
    fn own_amount(
        &mut self,
        row: &RawRow,
        col: u16,
        label_year: Option<i32>,
        id: &Option<String>,
    ) -> (Vec<AmountMention>, Vec<(CellRef, String)>) {
        let at = self.cell(row.row, col);
        let (mut amounts, mut unitless) = (Vec::new(), Vec::new());
        match row.get(col) {
            Some(v @ (Value::Int(_) | Value::Float(_))) => {
                let format = self.looks.number_format(row.row, col);
                match super::numfmt::cell_amount(v, format, self.t) {
                    Some(amount) => amounts.push(AmountMention {
                        amount,
                        years: label_year.into(),
                        addition: false,
                        written: super::numfmt::amount_text(v, format, self.t)
                            .unwrap_or_else(|| amount.to_string()),
                        span: 0..0,
                        cell: Some(at),
                    }),
                    None if is_year(v) => {}
                    None => unitless.extend(super::numfmt::danish_number(v).map(|n| (at, n))),
                }
            }
            Some(Value::Text(s)) => {
                let own = strip_html(s);
                let scan = find_amounts(&own, self.t);
                self.note_malformed(scan.malformed, at, id);
                amounts.extend(scan.mentions.into_iter().map(|m| AmountMention {
                    years: match m.years {
                        crate::model::Years::Unnamed => label_year.into(),
                        years => years,
                    },
                    cell: Some(at),
                    ..m
                }));
                unitless.extend(
                    crate::parse::unitless::unitless_amounts(&own, self.t)
                        .into_iter()
                        .map(|n| (at, n)),
                );
            }
            _ => {}
        }
        (amounts, unitless)
    }

    fn description(&mut self, row: &RawRow, base: u16, id: Option<String>) -> Description {
        let purpose = note_text_re(&row.text(base), status_of(self.t));
        let details = note_text_re(&row.text(base + 1), status_of(self.t));
        let purpose_cell = self.cell(row.row, base);
        let scan = find_amounts(&purpose.text, self.t);
        self.note_malformed(scan.malformed, purpose_cell, &id);
        let center = responsible_center(&details.text, self.t)
            .or_else(|| responsible_center(&purpose.text, self.t));
        let contributor = main_contributor(&details.text, self.t)
            .or_else(|| main_contributor(&purpose.text, self.t));
        Description {
            purpose,
            purpose_cell,
            details,
            details_cell: self.cell(row.row, base + 1),
            amounts: scan.mentions,
            center,
            contributor,
        }
    }

    fn note_malformed(&mut self, found: Vec<Malformed>, cell: CellRef, id: &Option<String>) {
        self.malformed
            .extend(found.into_iter().map(|malformed| MalformedAt {
                cell,
                initiative: id.clone(),
                malformed,
            }));
    }
}

/// The `Status:` pattern of a template, built once per template.
fn status_of(t: &Template) -> &'static Regex {
    t.memo
        .status
        .get_or_init(|| crate::parse::text::status_regex(&t.labels.status))
}

/// The center after `Ansvarligt center:`, up to the next label or line end.
fn responsible_center(text: &str, t: &Template) -> Option<String> {
    let re = t
        .memo
        .center
        .get_or_init(|| label_regex(&t.labels.responsible_center, r"\s*"));
    let name = label_value(re, text, t)?.trim().to_string();
    (!name.is_empty()).then_some(name)
}

/// The main contributor after `Væsentlig bidragsyder:`, up to the next
/// label or line end, as `parse::center::contributor` reads it. A center
/// may stand on the line under its label; a main contributor may not:
/// the seeds' `Væsentlig bidragsyder:</p> <p>Ballerup Kommune har løbende
/// afsat …` is an empty label and then the initiative's text.
fn main_contributor(text: &str, t: &Template) -> Option<String> {
    let re = t
        .memo
        .contributor
        .get_or_init(|| label_regex(&t.labels.main_contributor, r"[^\S\n]*"));
    crate::parse::center::contributor(label_value(re, text, t)?, t)
}

/// `<label>` and `gap`, what may stand between the label and its value.
fn label_regex(label: &str, gap: &str) -> &'static Regex {
    crate::parse::text::cached_regex(&format!(r"(?i){}{gap}", regex::escape(label.trim())))
}

/// The value after the first match of `label` in `text`: up to the next
/// label of the description (`Ansvarligt udvalg:` …) or the line's end.
/// Two plain searches rather than one pattern with a group: the regex
/// engine finds groups slowly, and a description runs long after its
/// labels.
fn label_value<'h>(label: &Regex, text: &'h str, t: &Template) -> Option<&'h str> {
    let start = label.find(text)?.end();
    let end = t
        .memo
        .label_end
        .get_or_init(|| {
            let l = &t.labels;
            let stops = [
                &l.responsible_committee,
                &l.main_contributor,
                &l.responsible_center,
            ]
            .iter()
            .map(|s| regex::escape(s.trim()))
            .collect::<Vec<_>>()
            .join("|");
            crate::parse::text::cached_regex(&format!(r"(?i)\s*(?:{stops}|\n|$)"))
        })
        .find_at(text, start)
        .map_or(text.len(), |m| m.start());
    Some(&text[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responsible_center_from_seed_descriptions() {
        let t = Template::danish();
        let cases = [
            (
                "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget",
                Some("Social og Sundhed"),
            ),
            (
                "Ansvarligt center: Skoler, Institutioner og Kultur\nAnsvarligt udvalg: Børne- og Skoleudvalget",
                Some("Skoler, Institutioner og Kultur"),
            ),
            (
                "Ansvarligt center: Ansvarligt udvalg: Børne- og Skoleudvalget",
                None,
            ),
            ("Ansvarligt udvalg: Børne- og Skoleudvalget", None),
        ];
        for (text, want) in cases {
            assert_eq!(responsible_center(text, &t).as_deref(), want, "{text}");
        }
    }

    /// `Væsentlig bidragsyder:` as seed 000's description cells write it.
    #[test]
    fn main_contributor_from_seed_descriptions() {
        let t = Template::danish();
        let cases = [
            (
                "<p>Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget</p> <p>Væsentlig bidragsyder: Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning</p> <p>Formålet med den styrkede og koordinerede indsats er at understøtte børns deltagelsesmuligheder.</p>",
                Some("Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning"),
            ),
            (
                "<p>Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder:</p> <p>Ballerup Kommune har løbende afsat midler til udvikling af it i folkeskolen.</p>",
                None,
            ),
            (
                "Ansvarligt center: [center]\nAnsvarligt udvalg: [udvalg]\nVæsentlig bidragsyder: [bidragsyder]",
                None,
            ),
            (
                "Ansvarligt center: Social og Sundhed\nAnsvarligt udvalg: Børne- og Skoleudvalget\nVæsentlig bidragsyder: Skoler, Institutioner og Kultur",
                Some("Skoler, Institutioner og Kultur"),
            ),
            ("Ansvarligt udvalg: Børne- og Skoleudvalget", None),
        ];
        for (text, want) in cases {
            let text = crate::parse::text::strip_html(text);
            assert_eq!(main_contributor(&text, &t).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn header_ids() {
        let cases = [
            ("3.01. Barnets første 1.000 dage", Some("3.01")),
            ("3.1. Understøttelse af arbejdet", Some("3.1")),
            (
                "3.31.1. Tilbudsviften på børneområdet - SAMSPAL",
                Some("3.31.1"),
            ),
            ("3.1.1 Titel", Some("3.1.1")),
            ("Headspace", None),
        ];
        for (text, want) in cases {
            let got = HEADER_ID.captures(text).map(|c| c[1].to_string());
            assert_eq!(got.as_deref(), want, "{text}");
        }
    }
}
