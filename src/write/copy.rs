//! Copying an input sheet cell by cell, then adding the smiley history,
//! `Ændring` and `Kontrol` columns to its blocks.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DataValidation, Format, Formula, Note, Url,
    Worksheet, XlsxError,
};

use super::marks::Marks;
use super::rows::Rows;
use super::style::{self, FormatCache};
use crate::model::{Sheet, Smiley};
use crate::read::raw::{RawSheet, Value};
use crate::template::Template;

/// Widths of a block's four columns when the input does not say.
const BLOCK_WIDTHS: [f64; 4] = [45.0, 70.0, 22.0, 10.0];
const SMILEY_WIDTH: f64 = 12.0;
const CHANGE_WIDTH: f64 = 26.0;
const CHECK_WIDTH: f64 = 50.0;
/// Excel's default column width, in characters.
const DEFAULT_WIDTH: f64 = 8.43;

/// Everything one sheet's copy needs.
pub struct SheetCopy<'a> {
    pub raw: &'a RawSheet,
    pub model: &'a Sheet,
    pub index: usize,
    pub marks: &'a Marks,
    pub t: &'a Template,
    /// Messages by cell, for the notes.
    pub notes: &'a HashMap<(u32, u16), Vec<String>>,
    /// Amount-table cells changed since the previous round: filled.
    pub changed: &'a HashSet<(u32, u16)>,
    /// Set when the copy is the workbook `new-round` sends out.
    pub handout: Option<&'a HandoutCells>,
}

/// What `new-round` opens for the centers to fill in on one sheet.
#[derive(Debug, Clone, Default)]
pub struct HandoutCells {
    /// Smiley cells of this round: emptied, unlocked, highlighted, with the
    /// drop-down and its messages.
    pub smileys: HashSet<(u32, u16)>,
    /// Text cells where a `Status:` may be added: unlocked, highlighted.
    pub texts: HashSet<(u32, u16)>,
    /// Cells whose text is replaced (the title, which names the round).
    pub replace: HashMap<(u32, u16), String>,
}

/// Smiley cells of the model: (row, col) → the smiley to write there.
fn smiley_cells(model: &Sheet) -> HashMap<(u32, u16), Smiley> {
    let mut out = HashMap::new();
    for ini in &model.initiatives {
        let rows = ini
            .milestones
            .iter()
            .map(|m| (m.smiley_cell, m.smiley.smiley()))
            .chain(
                ini.economy
                    .iter()
                    .map(|e| (e.smiley_cell, e.smiley.smiley())),
            );
        for (cell, s) in rows {
            if let Some(s) = s {
                out.insert((cell.row, cell.col), s);
            }
        }
    }
    out
}

impl<'a> SheetCopy<'a> {
    /// Columns an earlier annotation added: replaced, never copied.
    fn old_columns(&self) -> HashSet<u16> {
        let h = &self.model.history;
        h.smiley
            .values()
            .copied()
            .chain(h.change)
            .chain(h.check)
            .collect()
    }

    /// The first column right of the original ones.
    fn first_added_column(&self, old: &HashSet<u16>) -> u16 {
        if let Some(min) = old.iter().min() {
            return *min;
        }
        let max_used = self
            .raw
            .rows
            .iter()
            .filter_map(|r| r.cells.last().map(|c| c.col))
            .max()
            .unwrap_or(0);
        let max_block = self
            .model
            .initiatives
            .iter()
            .map(|i| i.header_cell.col + 3)
            .max()
            .unwrap_or(0);
        max_used.max(max_block) + 1
    }

    /// Writes the copy and, on block sheets, the added columns.
    pub fn write(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(&self.raw.name)?;
        let old = self.old_columns();
        let smileys = smiley_cells(self.model);
        let mut rows = Rows::default();
        self.copy_cells(&mut rows, &old, &smileys)?;
        self.copy_merges_and_links(&mut rows, &old)?;
        let mut widths = HashMap::new();
        self.column_widths(ws, &old, &mut widths)?;
        let first = (!self.model.initiatives.is_empty()).then(|| self.first_added_column(&old));
        if let Some(first) = first {
            self.added_columns(ws, &mut rows, first, &mut widths)?;
            self.smiley_formats(ws, first)?;
        }
        self.row_heights(&mut rows, &old, first, &widths)?;
        rows.flush(ws)?;
        if self.handout.is_some() {
            // Locked without a password: a center cannot break the layout by
            // accident, the finance staff can lift it.
            ws.protect();
        }
        for (&(row, col), messages) in self.notes {
            let note = Note::new(messages.join("\n"))
                .set_author(&self.t.annotate.note_author)
                .set_width(360)
                .set_height(120);
            ws.insert_note(row, col, &note)?;
        }
        super::page_setup(ws, None);
        Ok(())
    }

    fn copy_cells(
        &self,
        rows: &mut Rows<'a>,
        old: &HashSet<u16>,
        smileys: &HashMap<(u32, u16), Smiley>,
    ) -> Result<(), XlsxError> {
        let mut cache = FormatCache::default();
        let house = style::house_text();
        let house_header = style::house_header();
        let header_rows: HashSet<u32> = self
            .model
            .initiatives
            .iter()
            .map(|i| i.header_cell.row)
            .collect();
        let styled = self.raw.styles.is_some();
        let mut written: rustc_hash::FxHashSet<(u32, u16)> = Default::default();
        for row in &self.raw.rows {
            for cell in row.cells.iter().filter(|c| !old.contains(&c.col)) {
                let (r, c) = (row.row, cell.col);
                let st = self
                    .raw
                    .styles
                    .as_ref()
                    .and_then(|s| s.get((r, u32::from(c))));
                let format = match st {
                    Some(s) => cache.get(s).clone(),
                    None if styled => Format::new(),
                    None if header_rows.contains(&r) => house_header.clone(),
                    None => house.clone(),
                };
                let format = if self.changed.contains(&(r, c)) {
                    format.set_background_color(style::CHANGED_FILL)
                } else {
                    format
                };
                let handout = self.handout;
                if handout.is_some_and(|h| h.smileys.contains(&(r, c))) {
                    continue;
                }
                let format = if handout.is_some_and(|h| h.texts.contains(&(r, c))) {
                    style::to_fill(format)
                } else {
                    format
                };
                written.insert((r, c));
                if let Some(text) = handout.and_then(|h| h.replace.get(&(r, c))) {
                    rows.string(r, c, text.clone(), &format);
                    continue;
                }
                let content = Content {
                    value: &cell.value,
                    formula: self.raw.extras.formulas.get(&(r, c)),
                    smiley: smileys.get(&(r, c)).map(|s| self.t.glyph(*s)),
                };
                write_value(rows, (r, c), &content, &format, has_number_format(st));
            }
        }
        // The smiley cells to fill this round: empty, open, highlighted.
        if let Some(h) = self.handout {
            for &(r, c) in &h.smileys {
                let base = self
                    .raw
                    .styles
                    .as_ref()
                    .and_then(|st| st.get((r, u32::from(c))))
                    .map_or_else(style::smiley_cell, |st| cache.get(st).clone());
                rows.blank(r, c, &style::to_fill(base));
                written.insert((r, c));
            }
        }
        // Smileys given only as a fill have no value: write the glyph.
        for (&(r, c), s) in smileys {
            if !written.contains(&(r, c)) {
                let format = match self
                    .raw
                    .styles
                    .as_ref()
                    .and_then(|st| st.get((r, u32::from(c))))
                {
                    Some(st) => cache.get(st).clone(),
                    None => house.clone(),
                };
                rows.string(r, c, self.t.glyph(*s), &format);
                written.insert((r, c));
            }
        }
        // Empty cells with a visible look (borders, fills) keep it.
        if let Some(styles) = &self.raw.styles
            && styles.width().saturating_mul(styles.height()) <= 2_000_000
        {
            for (r, c, st) in styles.cells() {
                let Ok(c) = u16::try_from(c) else { continue };
                if written.contains(&(r, c)) || old.contains(&c) {
                    continue;
                }
                let visible = st.fill.as_ref().is_some_and(|f| f.is_visible())
                    || st.borders.as_ref().is_some_and(|b| b.has_visible_borders());
                if visible {
                    rows.blank(r, c, cache.get(st));
                }
            }
        }
        Ok(())
    }

    fn copy_merges_and_links(
        &self,
        rows_out: &mut Rows<'a>,
        old: &HashSet<u16>,
    ) -> Result<(), XlsxError> {
        let x = &self.raw.extras;
        let rows: HashMap<u32, &crate::read::raw::RawRow> =
            self.raw.rows.iter().map(|r| (r.row, r)).collect();
        let mut cache = FormatCache::default();
        let style_at = |r: u32, c: u16| {
            self.raw
                .styles
                .as_ref()
                .and_then(|s| s.get((r, u32::from(c))))
        };
        let format_at = |cache: &mut FormatCache, r: u32, c: u16| -> Format {
            style_at(r, c).map_or_else(Format::new, |s| cache.get(s).clone())
        };
        for &(r1, c1, r2, c2) in &x.merges {
            if (c1..=c2).any(|c| old.contains(&c)) || (r1 == r2 && c1 == c2) {
                continue;
            }
            let f = format_at(&mut cache, r1, c1);
            rows_out.merge(r1, c1, r2, c2, &f);
            // merge_range writes a string: the first cell's value goes on top.
            if let Some(v) = rows.get(&r1).and_then(|row| row.get(c1)) {
                let has_num = has_number_format(style_at(r1, c1));
                let content = Content {
                    value: v,
                    formula: x.formulas.get(&(r1, c1)),
                    smiley: None,
                };
                write_value(rows_out, (r1, c1), &content, &f, has_num);
            }
        }
        for link in &x.links {
            if old.contains(&link.col) {
                continue;
            }
            let text = rows
                .get(&link.row)
                .map(|row| row.text(link.col).into_owned())
                .unwrap_or_default();
            let mut url = Url::new(&link.url);
            if !text.is_empty() {
                url = url.set_text(text);
            }
            if let Some(tip) = &link.tip {
                url = url.set_tip(tip);
            }
            let f = format_at(&mut cache, link.row, link.col);
            rows_out.url(link.row, link.col, url, &f);
        }
        Ok(())
    }

    /// The input's column widths where it has them (xlsx), else house
    /// widths for the block columns.
    fn column_widths(
        &self,
        ws: &mut Worksheet,
        old: &HashSet<u16>,
        widths: &mut HashMap<u16, f64>,
    ) -> Result<(), XlsxError> {
        let bases: BTreeSet<u16> = self
            .model
            .initiatives
            .iter()
            .map(|i| i.header_cell.col)
            .collect();
        for base in bases {
            for (i, w) in BLOCK_WIDTHS.iter().enumerate() {
                ws.set_column_width(base + i as u16, *w)?;
                widths.insert(base + i as u16, *w);
            }
        }
        for &(first, last, w) in &self.raw.extras.widths {
            if first == last && old.contains(&first) {
                continue;
            }
            ws.set_column_range_width(first, last, w)?;
            // A run over the whole sheet is common; the row heights only
            // need the columns that hold text.
            for c in first..=last.min(first.saturating_add(256)) {
                widths.insert(c, w);
            }
        }
        Ok(())
    }

    /// Whether the cell's text wraps: its own style says so, or (inputs
    /// whose look cannot be read) the house style wraps everything.
    fn wraps(&self, row: u32, col: u16) -> bool {
        match &self.raw.styles {
            Some(s) => s
                .get((row, u32::from(col)))
                .and_then(|st| st.alignment.as_ref())
                .is_some_and(|a| a.wrap_text),
            None => true,
        }
    }

    /// Row heights that show the wrapped text: neither Excel nor LibreOffice
    /// fits them when a workbook is opened.
    fn row_heights(
        &self,
        rows: &mut Rows<'a>,
        old: &HashSet<u16>,
        first: Option<u16>,
        widths: &HashMap<u16, f64>,
    ) -> Result<(), XlsxError> {
        let mut lines: HashMap<u32, usize> = HashMap::new();
        let width = |c: u16| widths.get(&c).copied().unwrap_or(DEFAULT_WIDTH);
        for row in &self.raw.rows {
            for cell in row
                .cells
                .iter()
                .filter(|c| !old.contains(&c.col) && self.wraps(row.row, c.col))
            {
                let n = super::text_lines(&cell.value.text(), width(cell.col));
                let e = lines.entry(row.row).or_insert(1);
                *e = (*e).max(n);
            }
        }
        let change_col = first.map(|f| f + self.marks.rounds.len() as u16);
        for (&(sheet, row), m) in &self.marks.rows {
            let Some(change_col) = change_col else { break };
            if sheet != self.index {
                continue;
            }
            let n = super::text_lines(&m.changes.join("\n"), width(change_col)).max(
                super::text_lines(&m.checks.join("\n"), width(change_col + 1)),
            );
            let e = lines.entry(row).or_insert(1);
            *e = (*e).max(n);
        }
        for (row, n) in lines {
            if n > 1 {
                rows.height(row, super::row_height(n));
            }
        }
        Ok(())
    }

    fn added_columns(
        &self,
        ws: &mut Worksheet,
        rows: &mut Rows<'a>,
        first: u16,
        widths: &mut HashMap<u16, f64>,
    ) -> Result<(), XlsxError> {
        let t = self.t;
        let rounds = &self.marks.rounds;
        let change_col = first + rounds.len() as u16;
        let check_col = change_col + 1;
        let header = style::added_header();
        let cell = style::added_cell();
        let smiley = style::smiley_cell();
        // The workbook sent out carries the history, not the review columns.
        let review = self.handout.is_none();
        let review_cols = [(change_col, CHANGE_WIDTH), (check_col, CHECK_WIDTH)];
        let sized = (0..rounds.len() as u16)
            .map(|i| (first + i, SMILEY_WIDTH))
            .chain(review_cols.into_iter().filter(|_| review));
        for (col, w) in sized {
            ws.set_column_width(col, w)?;
            widths.insert(col, w);
        }
        for ini in &self.model.initiatives {
            let r = ini.header_cell.row;
            for (i, round) in rounds.iter().enumerate() {
                rows.string(r, first + i as u16, t.smiley_column(*round), &header);
            }
            if review {
                rows.string(r, change_col, &t.output.change_column, &header);
                rows.string(r, check_col, &t.output.check_column, &header);
            }
        }
        for (&(sheet, row), m) in &self.marks.rows {
            if sheet != self.index {
                continue;
            }
            for (i, round) in rounds.iter().enumerate() {
                if let Some(s) = m.smileys.get(round) {
                    rows.string(row, first + i as u16, t.glyph(*s), &smiley);
                }
            }
            if review && !m.changes.is_empty() {
                rows.string(row, change_col, m.changes.join("\n"), &cell);
            }
            if review && !m.checks.is_empty() {
                rows.string(row, check_col, m.checks.join("\n"), &cell);
            }
        }
        Ok(())
    }

    /// Green, yellow and red by conditional formatting on every smiley
    /// column, and the ☺ 😐 ☹ drop-down on the smiley cells of the round.
    fn smiley_formats(&self, ws: &mut Worksheet, first: u16) -> Result<(), XlsxError> {
        let inis = &self.model.initiatives;
        let top = inis.iter().map(|i| i.header_cell.row).min().unwrap_or(0);
        let bottom = inis
            .iter()
            .flat_map(|i| {
                i.milestones
                    .iter()
                    .map(|m| m.smiley_cell.row)
                    .chain(i.economy.iter().map(|e| e.smiley_cell.row))
            })
            .max()
            .unwrap_or(top);
        let mut cells_by_col: BTreeMap<u16, Vec<u32>> = BTreeMap::new();
        for ini in inis {
            for cell in ini
                .milestones
                .iter()
                .map(|m| m.smiley_cell)
                .chain(ini.economy.iter().map(|e| e.smiley_cell))
            {
                cells_by_col.entry(cell.col).or_default().push(cell.row);
            }
        }
        let history_cols = (first..first + self.marks.rounds.len() as u16).collect::<Vec<_>>();
        let glyphs =
            [Smiley::Happy, Smiley::Neutral, Smiley::Sad].map(|s| self.t.glyph(s).to_string());
        for col in cells_by_col.keys().copied().chain(history_cols) {
            for ((format, _), glyph) in style::smiley_colours().into_iter().zip(&glyphs) {
                let cf = ConditionalFormatText::new()
                    .set_rule(ConditionalFormatTextRule::Contains(glyph.clone()))
                    .set_format(format);
                ws.add_conditional_format(top, col, bottom, col, &cf)?;
            }
        }
        if let Some(h) = self.handout {
            cells_by_col.clear();
            for &(r, c) in &h.smileys {
                cells_by_col.entry(c).or_default().push(r);
            }
        }
        for (col, rows) in cells_by_col {
            let ranges = runs(&rows)
                .into_iter()
                .map(|(a, b)| rust_xlsxwriter::utility::cell_range(a, col, b, col))
                .collect::<Vec<_>>()
                .join(" ");
            let list: Vec<&str> = glyphs.iter().map(String::as_str).collect();
            let mut dv = DataValidation::new()
                .allow_list_strings(&list)?
                .set_multi_range(ranges);
            if self.handout.is_some() {
                let h = &self.t.handout;
                dv = dv
                    .set_input_title(&h.input_title)?
                    .set_input_message(&h.input_message)?
                    .set_error_title(&h.error_title)?
                    .set_error_message(&h.error_message)?;
            }
            ws.add_data_validation(rows[0], col, rows[0], col, &dv)?;
        }
        Ok(())
    }
}

/// Sorted rows as runs of consecutive rows: [6,7,8,10] → [(6,8),(10,10)].
fn runs(rows: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted = rows.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some((_, end)) if *end + 1 == r => *end = r,
            _ => out.push((r, r)),
        }
    }
    out
}

/// What goes into one cell of the copy.
pub struct Content<'a> {
    pub value: &'a Value,
    /// The formula that computed the value, without `=`.
    pub formula: Option<&'a String>,
    /// The glyph of a recognised smiley, written instead of its spelling.
    pub smiley: Option<&'a str>,
}

/// Writes one value as the type it was: text stays text (`=1+1` typed as
/// text is not a formula), numbers numbers, dates dates, formulas formulas
/// with their last result.
pub fn write_value<'a>(
    rows: &mut Rows<'a>,
    (r, c): (u32, u16),
    content: &Content<'a>,
    format: &Format,
    has_number_format: bool,
) {
    let Content {
        value,
        formula,
        smiley,
    } = *content;
    if let Some(f) = formula {
        let result = value.text().into_owned();
        let formula = Formula::new(format!("={}", f.trim_start_matches('='))).set_result(result);
        rows.formula(r, c, formula, format);
        return;
    }
    if let Some(glyph) = smiley {
        rows.string(r, c, glyph, format);
        return;
    }
    match value {
        Value::Text(s) | Value::Error(s) => rows.string(r, c, s.as_str(), format),
        Value::Int(i) => rows.number(r, c, *i as f64, format),
        Value::Float(f) => rows.number(r, c, *f, format),
        Value::Bool(b) => rows.boolean(r, c, *b, format),
        Value::Date(d) if has_number_format => rows.datetime(r, c, *d, format),
        Value::Date(d) => {
            let f = format.clone().set_num_format(DATE_FORMAT);
            rows.datetime(r, c, *d, &f)
        }
    }
}

/// How a date whose input gave no number format is shown.
const DATE_FORMAT: &str = "dd.mm.yyyy";

/// Whether the input style gives a number format of its own.
fn has_number_format(s: Option<&calamine::Style>) -> bool {
    s.and_then(|s| s.number_format.as_ref())
        .is_some_and(|n| !n.format_code.eq_ignore_ascii_case("general"))
}

#[cfg(test)]
mod tests {
    use super::runs;

    #[test]
    fn lines_of_wrapped_text() {
        assert_eq!(crate::write::text_lines("kort", 10.0), 1);
        assert_eq!(crate::write::text_lines(&"x".repeat(25), 10.0), 3);
        assert_eq!(crate::write::text_lines("a\nb\nc", 10.0), 3);
    }

    #[test]
    fn runs_of_rows() {
        assert_eq!(runs(&[8, 6, 7, 10]), vec![(6, 8), (10, 10)]);
        assert_eq!(runs(&[]), vec![]);
    }
}
