//! Amount tables (SPEC §2b): a header row of years or amount columns, the
//! rows under it until a blank row, group labels inherited downwards, and
//! total rows.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::raw::{RawRow, RawSheet, Value};
use crate::model::{
    Amount, AmountTable, CellRef, TableCell, TableColumn, TableRow, TableText, TableValue,
};
use crate::parse::amount::{float_scaled, parse_scaled};
use crate::parse::text::{fold, strip_html};
use crate::template::Template;

static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d\d$").unwrap());
static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+(?:\.\d+)+\.?$").unwrap());
/// An item number leading the title cell: `3.1.3 Pulje til støtte af …`.
static LEADING_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d+(?:\.\d+)+)\.?\s+(\S.*)$").unwrap());

/// Where a table's rows have their label, amounts and account codes.
struct RowLayout {
    label_col: Option<u16>,
    first_amount: u16,
    accounts: HashSet<u16>,
}

fn is_year(v: &Value) -> bool {
    match v {
        Value::Int(i) => (1900..=2100).contains(i),
        Value::Float(f) => f.fract() == 0.0 && (1900.0..=2100.0).contains(f),
        Value::Text(s) => YEAR.is_match(s.trim()),
        _ => false,
    }
}

/// The worth in kr. of a unit named in `text` (`(mio. kr.)`), longest first.
fn unit_in(text: &str, t: &Template) -> Option<i64> {
    let folded = fold(text).replace(' ', "");
    let mut units: Vec<_> = t.amounts.units.iter().collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.word.len()));
    units
        .into_iter()
        .find(|u| folded.contains(&fold(&u.word).replace(' ', "")))
        .map(|u| u.kr)
}

/// A cell that is only a unit, `(mio. kr.)`.
fn is_unit_cell(text: &str, t: &Template) -> bool {
    let inner = fold(text);
    let inner = inner
        .trim_start_matches('(')
        .trim_end_matches(')')
        .replace(' ', "");
    t.amounts
        .units
        .iter()
        .any(|u| fold(&u.word).replace(' ', "") == inner)
}

fn is_amount_word(text: &str, t: &Template) -> bool {
    let f = fold(text);
    t.tables
        .amount_words
        .iter()
        .any(|w| f.starts_with(&fold(w)))
}

struct Header {
    columns: Vec<TableColumn>,
    unit_kr: i64,
    /// Account-code columns (`Ramme`): neither key nor amount.
    accounts: HashSet<u16>,
    /// The other named columns: texts, compared between rounds.
    texts: Vec<TableColumn>,
}

fn is_account_word(text: &str, t: &Template) -> bool {
    let f = fold(strip_html(text).trim());
    t.tables
        .account_words
        .iter()
        .any(|w| f.starts_with(&fold(w)))
}

/// A header row: three or more cells, with two or more years or a cell
/// naming an amount column.
fn header(row: &RawRow, t: &Template) -> Option<Header> {
    if row.cells.len() < 3 {
        return None;
    }
    let mut unit_kr = None;
    let mut columns = Vec::new();
    let mut years = 0;
    let mut words = 0;
    let mut accounts = HashSet::new();
    let mut texts = Vec::new();
    for c in &row.cells {
        let text = c.value.text();
        if is_account_word(&text, t) {
            accounts.insert(c.col);
        } else if is_year(&c.value) {
            years += 1;
            columns.push(TableColumn {
                col: c.col,
                header: text.trim().to_string(),
            });
        } else if is_unit_cell(&text, t) {
            unit_kr = unit_in(&text, t);
        } else if is_amount_word(&text, t) {
            words += 1;
            unit_kr = unit_kr.or_else(|| unit_in(&text, t));
            columns.push(TableColumn {
                col: c.col,
                header: strip_html(&text).replace('\n', " "),
            });
        } else if !strip_html(&text).trim().is_empty() {
            texts.push(TableColumn {
                col: c.col,
                header: strip_html(&text).replace('\n', " ").trim().to_string(),
            });
        }
    }
    (years >= 2 || words >= 1).then_some(Header {
        columns,
        unit_kr: unit_kr.unwrap_or(1),
        accounts,
        texts,
    })
}

fn table_value(v: Option<&Value>, unit_kr: i64, t: &Template) -> TableValue {
    let factor = unit_kr.saturating_mul(100);
    match v {
        None => TableValue::Zero,
        Some(Value::Int(i)) => TableValue::Number(Amount {
            ore: i.saturating_mul(factor),
        }),
        Some(Value::Float(f)) => float_scaled(*f, factor).map_or_else(
            || TableValue::Invalid(f.to_string()),
            |ore| TableValue::Number(Amount { ore }),
        ),
        Some(Value::Text(s)) => {
            let s = s.trim();
            if t.tables.zero_words.iter().any(|z| z == s) {
                TableValue::Zero
            } else {
                parse_scaled(s, factor).map_or_else(
                    |_| TableValue::Invalid(s.to_string()),
                    |ore| TableValue::Text(Amount { ore }, s.to_string()),
                )
            }
        }
        Some(other) => TableValue::Invalid(other.text().into_owned()),
    }
}

/// What a total row's words say it is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TotalKind {
    /// `I alt`, `Total`, `Sum` alone: the grand total.
    Grand,
    /// `I alt drift`, `Drift i alt`, `I alt, drift`, `Subtotal`: closes
    /// a group, named where the words name it.
    Sub(Option<String>),
}

/// The words of a cell, split at spaces and commas (HTML stripped).
fn words(text: &str) -> Vec<String> {
    strip_html(text)
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether `words` start (`at_start`) or end with the words of `phrase`,
/// case folded; the other words, as written, if so.
fn around(words: &[String], phrase: &str, at_start: bool) -> Option<Vec<String>> {
    let phrase: Vec<String> = fold(phrase)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    if phrase.is_empty() || words.len() < phrase.len() {
        return None;
    }
    let (head, rest) = if at_start {
        let (a, b) = words.split_at(phrase.len());
        (a, b)
    } else {
        let (b, a) = words.split_at(words.len() - phrase.len());
        (a, b)
    };
    head.iter()
        .zip(&phrase)
        .all(|(w, p)| fold(w) == *p)
        .then(|| rest.to_vec())
}

/// A cell's text as a total: `I alt` is the grand total; a total word
/// with more words before or after it (`I alt drift`, `Drift i alt`) or
/// a subtotal word (`Subtotal`) closes a group.
fn total_kind(text: &str, t: &Template) -> Option<TotalKind> {
    let words = words(text);
    let named = |rest: Vec<String>| (!rest.is_empty()).then(|| rest.join(" "));
    for w in &t.tables.subtotal_words {
        if let Some(rest) = around(&words, w, true).or_else(|| around(&words, w, false)) {
            return Some(TotalKind::Sub(named(rest)));
        }
    }
    for w in &t.tables.total_words {
        if let Some(rest) = around(&words, w, true).or_else(|| around(&words, w, false)) {
            return Some(match named(rest) {
                None => TotalKind::Grand,
                Some(group) => TotalKind::Sub(Some(group)),
            });
        }
    }
    None
}

/// `anlæg` → `Anlæg`: a group named only by its subtotal, as a group.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Rows named by a subtotal only (no group column) take its group: the
/// rows since the previous total.
fn groups_from_subtotals(rows: &mut [TableRow]) {
    let mut start = 0;
    for i in 0..rows.len() {
        if !rows[i].is_total {
            continue;
        }
        if let (true, Some(group)) = (rows[i].subtotal, rows[i].group.clone()) {
            for r in rows[start..i].iter_mut().filter(|r| r.group.is_none()) {
                r.group = Some(group.clone());
            }
        }
        start = i + 1;
    }
}

/// A row that is the table's header again (a page break in the document
/// the table was pasted from): the same amount columns, headed alike.
fn repeats_header(r: &RawRow, columns: &[TableColumn], t: &Template) -> bool {
    header(r, t).is_some_and(|h| {
        h.columns.len() == columns.len()
            && h.columns
                .iter()
                .zip(columns)
                .all(|(a, b)| a.col == b.col && fold(&a.header) == fold(&b.header))
    })
}

/// Where the table whose header is `rows[header]` ends: at the first gap
/// or block row.
fn body_end(rows: &[RawRow], header: usize, block_rows: &HashSet<u32>) -> usize {
    let mut end = header + 1;
    while end < rows.len()
        && rows[end].row == rows[end - 1].row + 1
        && !block_rows.contains(&rows[end].row)
    {
        end += 1;
    }
    end
}

/// The group columns, left of the label: under no header of their own
/// (seed 003's `(mio. kr.)` column with `Drift`), or under a header but
/// left empty on some labelled row (the group written on its first row
/// only). A named column filled on every row (`Nr.`, `Tiltag`) holds each
/// row's own text.
fn group_columns(
    body: &[RawRow],
    layout: &RowLayout,
    named: &[TableColumn],
    t: &Template,
) -> Vec<(u16, Option<String>)> {
    let Some(label_col) = layout.label_col else {
        return Vec::new();
    };
    let filled = |r: &RawRow, c: u16| r.get(c).is_some_and(|v| !v.text().trim().is_empty());
    let labelled: Vec<&RawRow> = body
        .iter()
        .filter(|r| filled(r, label_col))
        .filter(|r| {
            !r.cells
                .iter()
                .filter(|c| c.col <= label_col)
                .any(|c| total_kind(&c.value.text(), t).is_some())
        })
        .collect();
    (0..label_col)
        .filter(|c| !layout.accounts.contains(c))
        .filter(|&c| !named.iter().any(|n| n.col == c) || labelled.iter().any(|r| !filled(r, c)))
        .map(|c| (c, None))
        .collect()
}

/// Reads the amount tables of a sheet, skipping the rows of blocks.
pub fn read_tables(
    raw: &RawSheet,
    sheet: usize,
    block_rows: &HashSet<u32>,
    t: &Template,
) -> Vec<AmountTable> {
    let mut tables = Vec::new();
    let rows = &raw.rows;
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let found = (!block_rows.contains(&row.row))
            .then(|| header(row, t))
            .flatten();
        let Some(h) = found else {
            i += 1;
            continue;
        };
        let first_amount = h.columns.iter().map(|c| c.col).min().unwrap_or(0);
        let amount_cols: HashSet<u16> = h.columns.iter().map(|c| c.col).collect();
        // The label: the column left of the amounts, past account codes.
        let label_col = (0..first_amount)
            .rev()
            .find(|c| !h.accounts.contains(c))
            .filter(|c| !amount_cols.contains(c));
        let mut table = AmountTable {
            header_cell: CellRef::new(sheet, row.row, row.cells[0].col),
            unit_kr: h.unit_kr,
            columns: h.columns,
            rows: Vec::new(),
            text_columns: h.texts.clone(),
        };
        let layout = RowLayout {
            label_col,
            first_amount,
            accounts: h.accounts.clone(),
        };
        let end = body_end(rows, i, block_rows);
        let body = &rows[i + 1..end];
        let mut groups = group_columns(body, &layout, &h.texts, t);
        // Whether each row read is one line of text and no amount (a
        // page's heading, `Den 29. april 2021`, when it comes just before
        // the header repeated at a page break: dropped with it).
        let mut lines: Vec<bool> = Vec::new();
        for r in body {
            if repeats_header(r, &table.columns, t) {
                while lines.last() == Some(&true) {
                    lines.pop();
                    table.rows.pop();
                }
                continue;
            }
            lines.push(r.cells.len() == 1 && table.columns.iter().all(|c| r.get(c.col).is_none()));
            table.rows.push(table_row(
                r,
                sheet,
                &layout,
                &mut groups,
                (&table.columns, &table.text_columns, table.unit_kr),
                t,
            ));
        }
        i = end;
        if !table.rows.is_empty() {
            groups_from_subtotals(&mut table.rows);
            tables.push(table);
        }
    }
    tables
}

/// A row's amount cells and text cells, in the table's column order.
fn row_cells(
    r: &RawRow,
    sheet: usize,
    (columns, text_columns, unit_kr): (&[TableColumn], &[TableColumn], i64),
    t: &Template,
) -> (Vec<TableCell>, Vec<TableText>) {
    let cells = columns
        .iter()
        .enumerate()
        .map(|(i, c)| TableCell {
            cell: CellRef::new(sheet, r.row, c.col),
            column: i,
            value: table_value(r.get(c.col), unit_kr, t),
        })
        .collect();
    let texts = text_columns
        .iter()
        .map(|c| TableText {
            cell: CellRef::new(sheet, r.row, c.col),
            text: r
                .get(c.col)
                .map_or_else(String::new, |v| strip_html(&v.text()).trim().to_string()),
        })
        .collect();
    (cells, texts)
}

/// The row's item number and its column, and the title that goes with
/// it: the number in a cell of its own (the title the next text right of
/// it), or leading the title cell (`3.1.3 Pulje til …`).
fn item_of(texts: &[(u16, String)]) -> Option<(String, u16, Option<String>)> {
    if let Some(i) = texts.iter().position(|(_, s)| ITEM.is_match(s.trim())) {
        let (col, s) = &texts[i];
        let title = texts[i + 1..]
            .iter()
            .find(|(_, s)| !s.trim().is_empty())
            .map(|(_, s)| s.trim().to_string());
        return Some((s.trim().trim_end_matches('.').to_string(), *col, title));
    }
    texts.iter().find_map(|(col, s)| {
        let c = LEADING_ITEM.captures(s)?;
        Some((c[1].to_string(), *col, Some(c[2].trim().to_string())))
    })
}

fn table_row(
    r: &RawRow,
    sheet: usize,
    layout: &RowLayout,
    groups: &mut [(u16, Option<String>)],
    (columns, text_columns, unit_kr): (&[TableColumn], &[TableColumn], i64),
    t: &Template,
) -> TableRow {
    let RowLayout {
        label_col,
        first_amount,
        accounts,
    } = layout;
    let (label_col, first_amount) = (*label_col, *first_amount);
    // A total in the group column (`Anlæg i alt`, `I alt`) is no group.
    for (c, g) in groups.iter_mut() {
        if let Some(v) = r.get(*c).filter(|v| total_kind(&v.text(), t).is_none()) {
            *g = Some(strip_html(&v.text()));
        }
    }
    // Account codes (`Ramme`: `30.50`) are neither key nor label.
    let texts: Vec<(u16, String)> = r
        .cells
        .iter()
        .filter(|c| c.col < first_amount && !accounts.contains(&c.col))
        .map(|c| (c.col, strip_html(&c.value.text())))
        .collect();
    let item = item_of(&texts);
    let label = match &item {
        Some((_, _, Some(title))) => title.clone(),
        _ => label_col
            .map(|c| strip_html(&r.text(c)))
            .unwrap_or_default(),
    };
    let (key, key_col) = match (item, label.is_empty()) {
        (Some((key, col, _)), _) => (key, col),
        (None, false) => (label.clone(), label_col.unwrap_or(first_amount)),
        (None, true) => match texts.iter().rev().find(|(_, s)| !s.is_empty()) {
            Some((c, s)) => (s.clone(), *c),
            None => ((r.row + 1).to_string(), r.cells[0].col),
        },
    };
    let total = texts
        .iter()
        .find_map(|(_, s)| Some((s.trim().to_string(), total_kind(s, t)?)));
    // A total is named by its own words (`I alt`), wherever they stand.
    let label = match (&total, label.is_empty()) {
        (Some((words, _)), true) => words.clone(),
        (_, _) => label,
    };
    let inherited = groups.iter().rev().find_map(|(_, g)| g.clone());
    let (is_total, subtotal, group) = match total.map(|(_, kind)| kind) {
        None => (false, false, inherited),
        Some(TotalKind::Grand) => (true, false, None),
        Some(TotalKind::Sub(named)) => (
            true,
            true,
            inherited.or_else(|| named.as_deref().map(capitalised)),
        ),
    };
    let (cells, texts) = row_cells(r, sheet, (columns, text_columns, unit_kr), t);
    TableRow {
        texts,
        key,
        key_cell: CellRef::new(sheet, r.row, key_col),
        label,
        group,
        is_total,
        subtotal,
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::{TotalKind, total_kind};
    use crate::template::Template;

    #[test]
    fn totals_and_subtotals_as_they_are_written() {
        let t = Template::danish();
        let sub = |g: &str| Some(TotalKind::Sub(Some(g.to_string())));
        let cases = [
            ("I alt", Some(TotalKind::Grand)),
            (" i  ALT ", Some(TotalKind::Grand)),
            ("Total", Some(TotalKind::Grand)),
            ("Sum", Some(TotalKind::Grand)),
            ("<p>I alt</p>", Some(TotalKind::Grand)),
            ("I alt anlæg", sub("anlæg")),
            ("I alt, drift", sub("drift")),
            ("I alt,drift", sub("drift")),
            ("Anlæg i alt", sub("Anlæg")),
            ("Drift  i alt", sub("Drift")),
            ("Total drift", sub("drift")),
            ("Subtotal", Some(TotalKind::Sub(None))),
            ("Subtotal anlæg", sub("anlæg")),
            ("Delsum", Some(TotalKind::Sub(None))),
            ("Foranstaltningsbudget", None),
            ("Engangssum", None),
            ("Alt i alt godt", None),
            ("Kompetenceudvikling af ledere og medarbejdere", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(total_kind(text, &t), expected, "{text:?}");
        }
    }
}
