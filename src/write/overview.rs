//! `Overblik-alle.xlsx`: one row per initiative of every committee, with
//! the smileys of every round, the money (set aside for the year, before
//! and the change, the overspend), the changes and findings, a link to
//! the annotated workbook; and totals per committee and per center (each
//! center under its fullest spelling across the workbooks), the money per
//! committee with its chart.

use std::collections::{BTreeMap, BTreeSet};

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFormat, ChartSolidFill, ChartType, Color, ConditionalFormatText,
    ConditionalFormatTextRule, Format, FormatAlign, Formula, Url, Workbook as XlsxWorkbook,
    Worksheet, XlsxError,
};

use super::style;
use crate::model::{Amount, CellRef, Initiative, Round, Smiley, Workbook};
use crate::plan::Marks;
use crate::plan::money::{IniMoney, Money, Sums, Unit};
use crate::plan::sheets::{row_height, text_lines};
use crate::template::Template;
use crate::validate::Finding;

/// One annotated workbook of a folder, as the overview shows it.
pub struct Entry<'a> {
    /// The committee, as its title names it (else its file name).
    pub committee: String,
    /// The annotated workbook the rows link to: its file name, beside the
    /// overview.
    pub file: &'a str,
    /// The current round's workbook: its initiatives are the rows.
    pub current: &'a Workbook,
    /// The smileys of every round, by row: the smiley columns.
    pub marks: &'a Marks,
    /// Changes since the previous round, by initiative id.
    pub changes: &'a std::collections::BTreeMap<String, usize>,
    /// The workbook's findings, counted per initiative.
    pub findings: &'a [Finding],
    /// The initiatives' money.
    pub money: &'a Money,
}

/// [happy, neutral, sad] counts.
type Counts = [u32; 3];

fn slot(s: Smiley) -> usize {
    match s {
        Smiley::Happy => 0,
        Smiley::Neutral => 1,
        Smiley::Sad => 2,
    }
}

/// The worst smiley of an initiative's milestones in a round, and its
/// economy smiley.
fn smileys(ini: &Initiative, m: &Marks, round: Round) -> (Option<Smiley>, Option<Smiley>) {
    let at = |c: crate::model::CellRef| {
        m.rows
            .get(&(c.sheet, c.row))
            .and_then(|r| r.smileys.get(&round))
            .copied()
    };
    let effort = ini
        .milestones
        .iter()
        .filter_map(|ms| at(ms.smiley_cell))
        .min();
    let economy = ini.economy.first().and_then(|e| at(e.smiley_cell));
    (effort, economy)
}

/// A relative link to a file beside the overview: `%`, `#` and spaces
/// encoded, or Excel reads `#` as the start of a place in the file.
fn file_link(file: &str) -> String {
    let mut out = String::from("file:///");
    for c in file.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// The overview of every annotated workbook.
///
/// # Errors
/// rust_xlsxwriter refuses a value (a sheet name, a cell past its limits).
pub fn overview(
    entries: &[Entry],
    t: &Template,
    clock: crate::input::Clock,
) -> Result<XlsxWorkbook, XlsxError> {
    let rounds: Vec<Round> = entries
        .iter()
        .flat_map(|e| e.marks.rounds.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let money = MoneyColumns::of(entries, t);
    let mut wb = super::new_workbook(clock);
    let ws = wb.add_worksheet();
    let names = crate::parse::center::Names::of(
        (entries.iter().flat_map(|e| e.current.initiatives()))
            .filter_map(|i| i.description.as_ref()?.center.as_deref()),
        t,
    );
    let counted = initiatives_sheet(ws, entries, (&rounds, &money), &names, t)?;
    let totals = wb.add_worksheet();
    let end = totals_sheet(totals, &counted, rounds.last().copied(), t)?;
    money_sheet(totals, end, entries, (&money, rounds.last().copied()), t)?;
    Ok(wb)
}

/// The money columns of the initiatives sheet: the amount set aside for
/// the year, before and the change (when some committee was compared with
/// its previous round), the overspend.
struct MoneyColumns {
    /// The year, when every committee's is the same.
    year: Option<i32>,
    /// Whether some committee was compared with its previous round.
    compared: bool,
    unit: Unit,
}

impl MoneyColumns {
    fn of(entries: &[Entry], t: &Template) -> MoneyColumns {
        let years: BTreeSet<Option<i32>> = entries.iter().map(|e| e.money.year).collect();
        MoneyColumns {
            year: if years.len() == 1 {
                years.into_iter().next().flatten()
            } else {
                None
            },
            compared: entries.iter().any(|e| e.money.compared),
            unit: Unit::of_template(t),
        }
    }

    /// How many columns: set aside, (before, change,) overspend.
    fn count(&self) -> u16 {
        if self.compared { 4 } else { 2 }
    }

    /// Their headers.
    fn heads(&self, t: &Template) -> Vec<String> {
        let m = &t.money;
        let year = self.year.map_or_else(String::new, |y| y.to_string());
        let mut out = vec![m.set_aside.replace("{year}", &year).trim().to_string()];
        if self.compared {
            out.extend([m.before.clone(), m.change.clone()]);
        }
        out.push(m.overspend.clone());
        out
    }

    /// An initiative's cells under them (blank where it names none).
    fn values(&self, i: Option<&IniMoney>) -> Vec<Option<Amount>> {
        let Some(i) = i else {
            return vec![None; usize::from(self.count())];
        };
        let mut out = vec![i.set_aside];
        if self.compared {
            let change = (i.set_aside.is_some() || i.before.is_some()).then(|| Amount {
                ore: i.set_aside.map_or(0, |a| a.ore) - i.before.map_or(0, |a| a.ore),
            });
            out.extend([i.before, change]);
        }
        out.push(i.overspend);
        out
    }

    fn format(&self) -> Format {
        style::added_cell().set_num_format(&self.unit.format)
    }
}

type Totals = BTreeMap<String, Counts>;

/// The latest round's smileys counted: the milestones per committee and
/// per center, the economy rows per committee.
#[derive(Default)]
struct Counted {
    per_committee: Totals,
    per_center: Totals,
    economy: Totals,
}

/// The column of the first round's effort smiley (after committee, id,
/// title, center and main contributor); the economy smileys follow the
/// effort smileys.
const FIRST_SMILEY: u16 = 5;

/// The column right of the smiley columns: the money.
fn after_smileys(rounds: &[Round]) -> u16 {
    FIRST_SMILEY + 2 * rounds.len() as u16
}

/// The column right of the money columns: changes, findings, file.
fn after_money(rounds: &[Round], money: &MoneyColumns) -> u16 {
    after_smileys(rounds) + money.count()
}

fn initiatives_sheet(
    ws: &mut Worksheet,
    all: &[Entry],
    (rounds, money): (&[Round], &MoneyColumns),
    names: &crate::parse::center::Names,
    t: &Template,
) -> Result<Counted, XlsxError> {
    ws.set_name(&t.batch.overview_sheet)?;
    headers(ws, (rounds, money), t)?;
    let mut rows = Rows {
        ws,
        rounds,
        names,
        money,
        amount: money.format(),
        t,
        cell: style::added_cell(),
        smiley: style::smiley_cell(),
        counted: Counted::default(),
        r: 1,
    };
    for e in all {
        rows.entry(e)?;
    }
    let Rows { ws, r, counted, .. } = rows;
    let last = r.saturating_sub(1).max(1);
    let glyphs = [Smiley::Happy, Smiley::Neutral, Smiley::Sad].map(|s| t.glyph(s).to_string());
    if !rounds.is_empty() {
        for ((format, _), glyph) in style::smiley_colours().into_iter().zip(&glyphs) {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::Contains(glyph.clone()))
                .set_format(format);
            ws.add_conditional_format(1, FIRST_SMILEY, last, after_smileys(rounds) - 1, &cf)?;
        }
    }
    ws.autofilter(0, 0, last, after_money(rounds, money) + 2)?;
    ws.set_freeze_panes(1, 3)?;
    super::page_setup(ws);
    ws.set_repeat_rows(0, 0)?;
    Ok(counted)
}

/// The header row and column widths: committee, initiative, title, center,
/// main contributor (the label without its colon), each round's effort smiley, each round's economy smiley, changes,
/// findings, file.
fn headers(
    ws: &mut Worksheet,
    (rounds, money): (&[Round], &MoneyColumns),
    t: &Template,
) -> Result<(), XlsxError> {
    let b = &t.batch;
    let header = style::added_header();
    let mut heads: Vec<String> = b.headers.clone();
    heads.push(
        t.labels
            .main_contributor
            .trim()
            .trim_end_matches(':')
            .into(),
    );
    heads.extend(
        rounds
            .iter()
            .map(|r| b.effort_column.replace("{round}", t.round_label(*r))),
    );
    heads.extend(
        rounds
            .iter()
            .map(|r| b.economy_column.replace("{round}", t.round_label(*r))),
    );
    heads.extend(money.heads(t));
    heads.extend([
        b.changes_column.clone(),
        b.findings_column.clone(),
        b.file_column.clone(),
    ]);
    let widths: Vec<f64> = [26.0, 9.0, 50.0, 28.0, 28.0]
        .into_iter()
        .chain(rounds.iter().flat_map(|_| [11.0, 11.0]))
        .chain((0..money.count()).map(|_| 15.0))
        .chain([11.0, 8.0, 30.0])
        .collect();
    for (c, (h, w)) in heads.iter().zip(&widths).enumerate() {
        ws.write_string_with_format(0, c as u16, h, &header)?;
        ws.set_column_width(c as u16, *w)?;
    }
    // Two lines: `Indsats 1. opf.` wraps in its narrow column, and a
    // spreadsheet does not grow the row for it by itself.
    ws.set_row_height(0, 30)?;
    Ok(())
}

/// Writes the overview's rows, one per initiative, from row `r` down, and
/// counts the latest round's effort smileys per committee and per center.
struct Rows<'a> {
    ws: &'a mut Worksheet,
    rounds: &'a [Round],
    names: &'a crate::parse::center::Names<'a>,
    money: &'a MoneyColumns,
    amount: Format,
    t: &'a Template,
    cell: Format,
    smiley: Format,
    counted: Counted,
    r: u32,
}

impl Rows<'_> {
    /// The rows of one annotated workbook's initiatives.
    fn entry(&mut self, e: &Entry) -> Result<(), XlsxError> {
        let file = e.file.to_string();
        let money: std::collections::HashMap<CellRef, &IniMoney> = e
            .money
            .initiatives
            .iter()
            .filter_map(|i| Some((i.header?, i)))
            .collect();
        for ini in e.current.distinct_initiatives() {
            let center = ini
                .description
                .as_ref()
                .and_then(|d| d.center.as_deref())
                .map(|c| self.names.full_joined(c))
                .unwrap_or_default();
            self.names(e, ini, &center)?;
            self.smiley_cells(e, ini, &center)?;
            let changes = ini
                .id
                .as_ref()
                .and_then(|id| e.changes.get(id))
                .copied()
                .unwrap_or(0);
            let findings = e
                .findings
                .iter()
                .filter(|f| f.initiative.as_deref() == ini.id.as_deref() && ini.id.is_some())
                .count();
            let values = self.money.values(money.get(&ini.header_cell).copied());
            for (c, v) in values.iter().enumerate() {
                let col = after_smileys(self.rounds) + c as u16;
                match v {
                    Some(a) => self.ws.write_number_with_format(
                        self.r,
                        col,
                        self.money.unit.number(*a),
                        &self.amount,
                    )?,
                    None => self.ws.write_blank(self.r, col, &self.amount)?,
                };
            }
            let (r, col) = (self.r, after_money(self.rounds, self.money));
            self.ws
                .write_number_with_format(r, col, changes as f64, &self.cell)?;
            self.ws
                .write_number_with_format(r, col + 1, findings as f64, &self.cell)?;
            let link = Url::new(file_link(&file)).set_text(&file);
            self.ws
                .write_url_with_format(r, col + 2, link, &self.cell)?;
            self.r += 1;
        }
        Ok(())
    }

    /// Committee, id, title, center and main contributor, the row as tall
    /// as they need.
    fn names(&mut self, e: &Entry, ini: &Initiative, center: &str) -> Result<(), XlsxError> {
        let (ws, r, cell) = (&mut *self.ws, self.r, &self.cell);
        let id = ini.id.clone().unwrap_or_default();
        ws.write_string_with_format(r, 0, &e.committee, cell)?;
        ws.write_string_with_format(r, 1, &id, cell)?;
        ws.write_string_with_format(r, 2, &ini.title, cell)?;
        ws.write_string_with_format(r, 3, center, cell)?;
        let by = ini
            .description
            .as_ref()
            .and_then(|d| d.contributor.as_deref());
        ws.write_string_with_format(r, 4, by.unwrap_or_default(), cell)?;
        let lines = (text_lines(&ini.title, 50.0).max(text_lines(center, 28.0)))
            .max(text_lines(by.unwrap_or_default(), 28.0));
        if lines > 1 {
            ws.set_row_height(r, row_height(lines))?;
        }
        Ok(())
    }

    /// Each round's worst milestone smiley and economy smiley; the latest
    /// round's effort counted for the totals.
    fn smiley_cells(&mut self, e: &Entry, ini: &Initiative, center: &str) -> Result<(), XlsxError> {
        let rounds = self.rounds;
        let current = rounds.last().copied();
        for (i, round) in rounds.iter().enumerate() {
            let (effort, economy) = smileys(ini, e.marks, *round);
            for (col, s) in [
                (FIRST_SMILEY + i as u16, effort),
                (FIRST_SMILEY + (rounds.len() + i) as u16, economy),
            ] {
                match s {
                    Some(s) => self.ws.write_string_with_format(
                        self.r,
                        col,
                        self.t.glyph(s),
                        &self.smiley,
                    )?,
                    None => self.ws.write_blank(self.r, col, &self.smiley)?,
                };
            }
            if Some(*round) != current {
                continue;
            }
            let counted = &mut self.counted;
            if let Some(s) = effort {
                counted
                    .per_committee
                    .entry(e.committee.clone())
                    .or_default()[slot(s)] += 1;
                counted.per_center.entry(center.to_string()).or_default()[slot(s)] += 1;
            }
            // The economy is ☺ or ☹; a 😐 there is an error (A002), not counted.
            if let Some(s) = economy.filter(|s| *s != Smiley::Neutral) {
                counted.economy.entry(e.committee.clone()).or_default()[slot(s)] += 1;
            }
        }
        Ok(())
    }
}

/// The totals sheet's smiley counts; the row after them.
fn totals_sheet(
    ws: &mut Worksheet,
    counted: &Counted,
    current: Option<Round>,
    t: &Template,
) -> Result<u32, XlsxError> {
    let b = &t.batch;
    ws.set_name(&b.totals_sheet)?;
    let round = current.map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    let per_committee = &counted.per_committee;
    ws.set_column_width(0, 34)?;
    let effort = [0, 1, 2];
    let end = totals_table(
        ws,
        (0, &b.by_committee.replace("{round}", &round), &b.committee),
        per_committee,
        &effort,
        t,
    )?;
    let end = totals_table(
        ws,
        (
            end + 1,
            &b.by_center.replace("{round}", &round),
            &t.annotate.summary_center,
        ),
        &counted.per_center,
        &effort,
        t,
    )?;
    // The economy is ☺ or ☹.
    let end = totals_table(
        ws,
        (
            end + 1,
            &b.economy_by_committee.replace("{round}", &round),
            &b.committee,
        ),
        &counted.economy,
        &[0, 2],
        t,
    )?;
    for c in 1..=4 {
        ws.set_column_width(c, 14)?;
    }
    if !per_committee.is_empty() {
        ws.insert_chart(0, 6, &totals_chart(per_committee.len(), &round, t))?;
    }
    super::page_setup(ws);
    Ok(end)
}

/// A table of counts at row `top` under `caption`: `first | ☺ | 😐 | ☹ |
/// I alt` (the smileys in `slots`: ☺ 0, 😐 1, ☹ 2), one row per name.
/// Returns the row after it.
fn totals_table(
    ws: &mut Worksheet,
    (top, caption, first): (u32, &str, &str),
    rows: &Totals,
    slots: &[usize],
    t: &Template,
) -> Result<u32, XlsxError> {
    let a = &t.annotate;
    let bold = Format::new().set_bold();
    let header = style::added_header();
    let num = style::added_cell().set_align(FormatAlign::Center);
    let cell = style::added_cell();
    ws.write_string_with_format(top, 0, caption, &bold)?;
    let words = [&a.happy, &a.neutral, &a.sad];
    let heads = std::iter::once(first)
        .chain(slots.iter().map(|s| words[*s].as_str()))
        .chain([a.summary_total.as_str()]);
    for (c, h) in heads.enumerate() {
        ws.write_string_with_format(top + 1, c as u16, h, &header)?;
    }
    let total_col = slots.len() as u16 + 1;
    for (i, (name, counts)) in rows.iter().enumerate() {
        let r = top + 2 + i as u32;
        ws.write_string_with_format(r, 0, name, &cell)?;
        for (c, s) in slots.iter().enumerate() {
            ws.write_number_with_format(r, c as u16 + 1, f64::from(counts[*s]), &num)?;
        }
        let total: u32 = slots.iter().map(|s| counts[*s]).sum();
        ws.write_number_with_format(r, total_col, f64::from(total), &num)?;
    }
    Ok(top + 2 + rows.len() as u32)
}

/// The stacked chart of the first table's `committees` rows: each
/// committee's share of ☺, 😐 and ☹ in `round`.
fn totals_chart(committees: usize, round: &str, t: &Template) -> Chart {
    let a = &t.annotate;
    let name = t.batch.totals_sheet.clone();
    let mut chart = Chart::new(ChartType::ColumnPercentStacked);
    chart
        .title()
        .set_name(&t.batch.chart.replace("{round}", round));
    let last = 1 + committees as u32;
    for ((c, (_, rgb)), series) in (1u16..=3)
        .zip(style::smiley_colours())
        .zip([&a.happy, &a.neutral, &a.sad])
    {
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(rgb)));
        chart
            .add_series()
            .set_name(series.as_str())
            .set_categories((name.as_str(), 2, 0, last, 0))
            .set_values((name.as_str(), 2, c, last, c))
            .set_format(&mut fill);
    }
    chart.set_width(560).set_height(320);
    chart
}

/// The committees' money added up, by committee, and whether it was
/// compared with a previous round.
fn money_by_committee(entries: &[Entry]) -> BTreeMap<String, (Sums, bool)> {
    let mut out: BTreeMap<String, (Sums, bool)> = BTreeMap::new();
    for e in entries {
        let (sums, compared) = out.entry(e.committee.clone()).or_default();
        *compared |= e.money.compared;
        for i in &e.money.initiatives {
            sums.add(i);
        }
    }
    out
}

/// The money per committee on the totals sheet, from row `end + 1` (below
/// the counts' chart): ☺ and ☹ with the amounts behind them, the amount
/// set aside, before and the change, the overspend; a SUM formula under
/// each column, and a bar chart of ☺ and ☹ per committee beside it.
fn money_sheet(
    ws: &mut Worksheet,
    end: u32,
    entries: &[Entry],
    (money, current): (&MoneyColumns, Option<Round>),
    t: &Template,
) -> Result<(), XlsxError> {
    let by_committee = money_by_committee(entries);
    if !entries.iter().any(|e| e.money.has_amounts()) {
        return Ok(());
    }
    let m = &t.money;
    let round = current.map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    // Below the counts' chart, which covers the first 17 rows from column G.
    let top = (end + 1).max(18);
    let caption = m
        .by_committee
        .replace("{round}", &round)
        .replace("{unit}", &money.unit.word);
    ws.write_string_with_format(top, 0, &caption, &Format::new().set_bold())?;
    let heads: Vec<String> = [t.batch.committee.clone(), m.happy.clone(), m.sad.clone()]
        .into_iter()
        .chain(money.heads(t))
        .collect();
    let header = style::added_header();
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(top + 1, c as u16, h, &header)?;
        if c > 0 {
            ws.set_column_width(c as u16, 15)?;
        }
    }
    let (first, last) = money_rows(ws, top + 2, &by_committee, money, t)?;
    let title = m
        .chart_by_committee
        .replace(
            "{year}",
            &money.year.map_or_else(String::new, |y| y.to_string()),
        )
        .replace("{round}", &round)
        .replace("{unit}", &money.unit.word);
    let chart = money_chart(&title, (first, last), &money.unit, t);
    ws.insert_chart(top, heads.len() as u16 + 1, &chart)?;
    Ok(())
}

/// The committees' rows of the money table from row `first`, and under
/// them the total: a SUM formula under each column with its sum. The
/// committees' rows (first, last).
fn money_rows(
    ws: &mut Worksheet,
    first: u32,
    by_committee: &BTreeMap<String, (Sums, bool)>,
    money: &MoneyColumns,
    t: &Template,
) -> Result<(u32, u32), XlsxError> {
    let amount = money.format();
    // ☺, ☹ and the money columns.
    let columns = 2 + usize::from(money.count());
    let mut totals = vec![0i64; columns + 1];
    for (i, (name, (sums, compared))) in by_committee.iter().enumerate() {
        let r = first + i as u32;
        ws.write_string_with_format(r, 0, name, &style::added_cell())?;
        let values = money_values(sums, (money.compared, *compared));
        for (c, v) in values.iter().enumerate() {
            let col = c as u16 + 1;
            if let Some(v) = v {
                totals[c + 1] = totals[c + 1].saturating_add(v.ore);
                ws.write_number_with_format(r, col, money.unit.number(*v), &amount)?;
            } else {
                ws.write_blank(r, col, &amount)?;
            }
        }
    }
    let last = first + by_committee.len().max(1) as u32 - 1;
    let total_row = first + by_committee.len() as u32;
    let bold = amount.clone().set_bold();
    let header = style::added_header();
    ws.write_string_with_format(total_row, 0, &t.annotate.summary_total, &header)?;
    for (c, ore) in totals.iter().enumerate().skip(1).take(columns) {
        let col = crate::package::xml::col_name(c as u16);
        let value = money.unit.number(Amount { ore: *ore });
        let f = Formula::new(format!("=SUM({col}{}:{col}{})", first + 1, last + 1))
            .set_result(value.to_string());
        ws.write_formula_with_format(total_row, c as u16, f, &bold)?;
    }
    Ok((first, last))
}

/// A committee's cells: ☺, ☹, set aside, (before, change — blank for a
/// committee with no previous round —) overspend.
fn money_values(sums: &Sums, (columns, compared): (bool, bool)) -> Vec<Option<Amount>> {
    let mut out = vec![Some(sums.happy), Some(sums.sad), Some(sums.set_aside)];
    if columns {
        let then = compared.then_some(sums.before);
        out.extend([then, then.map(|_| sums.change())]);
    }
    out.push(Some(sums.overspend));
    out
}

/// The clustered bar chart of ☺ and ☹ amounts per committee (rows `first`
/// to `last` of the totals sheet), the committees top to bottom.
fn money_chart(title: &str, (first, last): (u32, u32), unit: &Unit, t: &Template) -> Chart {
    let name = t.batch.totals_sheet.clone();
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(title);
    for (c, word, smiley) in [
        (1u16, &t.money.happy, Smiley::Happy),
        (2, &t.money.sad, Smiley::Sad),
    ] {
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(
            ChartSolidFill::new().set_color(Color::RGB(crate::layout::colours::chart(smiley))),
        );
        chart
            .add_series()
            .set_name(word.as_str())
            .set_categories((name.as_str(), first, 0, last, 0))
            .set_values((name.as_str(), first, c, last, c))
            .set_format(&mut fill);
    }
    // The committees top to bottom as the table lists them, the amounts'
    // axis below them.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max);
    chart.x_axis().set_num_format(unit.axis_format());
    let bars = (last + 1 - first) * 2;
    chart
        .set_width(560)
        .set_height((90 + 22 * bars).clamp(240, 560));
    chart
}
