//! The sheets opfolg adds: `Ændringer` (one row per change), `Kontrol` (one
//! row per finding) and `Overblik` (smiley counts and charts).

use std::collections::BTreeMap;

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartSolidFill, ChartType, Color, Format, FormatAlign, Url, Worksheet,
    XlsxError,
};

use super::marks::Marks;
use super::style;
use crate::diff::{Change, Field, Kind, SegmentOp};
use crate::model::{Smiley, Workbook};
use crate::present::field_word;
use crate::template::Template;
use crate::validate::{Finding, Severity};

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

fn link(ws: &mut Worksheet, r: u32, c: u16, sheet: &str, a1: &str) -> Result<(), XlsxError> {
    let target = format!("internal:'{}'!{a1}", sheet.replace('\'', "''"));
    let url = Url::new(target).set_text(format!("{sheet}!{a1}"));
    ws.write_url(r, c, url)?;
    Ok(())
}

fn headers(ws: &mut Worksheet, words: &[String], widths: &[f64]) -> Result<(), XlsxError> {
    let h = style::added_header();
    for (c, (w, width)) in words.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, c as u16, w, &h)?;
        ws.set_column_width(c as u16, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn kind_word(c: &Change, t: &Template) -> String {
    let d = &t.diff;
    match &c.kind {
        Kind::InitiativeAdded { .. } => d.initiative_added.clone(),
        Kind::InitiativeRemoved { .. } => d.initiative_removed.clone(),
        Kind::MilestoneAdded { .. } => d.milestone_added.clone(),
        Kind::MilestoneRemoved { .. } => d.milestone_removed.clone(),
        Kind::SmileyChanged { direction, .. } => {
            format!(
                "{} {}",
                d.smiley_changed,
                crate::present::direction_word(t, *direction)
            )
        }
        Kind::TextChanged { .. } => d.text_changed.clone(),
        Kind::DeadlineMoved { .. } => d.deadline_moved.clone(),
        Kind::AmountChanged { .. } => d.amount_changed.clone(),
        Kind::RowAdded { .. } => d.row_added.clone(),
        Kind::RowRemoved { .. } => d.row_removed.clone(),
    }
}

fn before_after(c: &Change, t: &Template) -> (String, String) {
    let glyph = |s: Option<Smiley>| s.map_or(String::new(), |s| t.glyph(s).to_string());
    match &c.kind {
        Kind::InitiativeAdded { title } => (String::new(), title.clone()),
        Kind::InitiativeRemoved { title } => (title.clone(), String::new()),
        Kind::MilestoneAdded { text } => (String::new(), text.clone()),
        Kind::MilestoneRemoved { text } => (text.clone(), String::new()),
        Kind::SmileyChanged { before, after, .. } => (glyph(*before), glyph(*after)),
        Kind::TextChanged { before, after, .. } => (before.clone(), after.clone()),
        Kind::DeadlineMoved { before, after } => (before.clone(), after.clone()),
        Kind::AmountChanged { before, after } => (before.to_string(), after.to_string()),
        Kind::RowAdded { key } => (String::new(), key.clone()),
        Kind::RowRemoved { key } => (key.clone(), String::new()),
    }
}

fn field_of(c: &Change) -> Option<Field> {
    match &c.kind {
        Kind::SmileyChanged { field, .. } | Kind::TextChanged { field, .. } => Some(*field),
        Kind::AmountChanged { .. } if c.row.is_none() => Some(Field::Economy),
        _ => None,
    }
}

/// The `Ændringer` sheet.
pub fn changes_sheet(
    ws: &mut Worksheet,
    cur: &Workbook,
    prev: Option<&Workbook>,
    changes: &[Change],
    t: &Template,
) -> Result<(), XlsxError> {
    ws.set_name(&t.output.changes_sheet)?;
    headers(
        ws,
        &t.annotate.changes_headers,
        &[34.0, 10.0, 20.0, 14.0, 50.0, 60.0, 20.0],
    )?;
    let wrap = style::added_cell();
    let del = Format::new()
        .set_font_color(Color::RGB(0xC00000))
        .set_font_strikethrough();
    let ins = Format::new()
        .set_font_color(Color::RGB(0x007A33))
        .set_bold();
    let plain = Format::new();
    let titles = crate::present::diff::titles(prev.unwrap_or(cur), cur);
    if prev.is_none() {
        ws.write_string(1, 0, &t.annotate.no_previous)?;
    }
    for (i, c) in changes.iter().enumerate() {
        let r = i as u32 + 1;
        let id = c.initiative.as_deref().unwrap_or("");
        let title = titles.get(id).copied().unwrap_or("");
        ws.write_string_with_format(r, 0, format!("{id} {title}").trim(), &wrap)?;
        if let Some(n) = c.milestone {
            ws.write_number_with_format(r, 1, n as f64, &wrap)?;
        }
        ws.write_string_with_format(r, 2, kind_word(c, t), &wrap)?;
        if let Some(f) = field_of(c) {
            ws.write_string_with_format(r, 3, field_word(t, f), &wrap)?;
        }
        let (before, after) = before_after(c, t);
        ws.write_string_with_format(r, 4, truncate(&before), &wrap)?;
        match &c.kind {
            Kind::TextChanged { segments, .. } if after.len() + before.len() < CELL_LIMIT => {
                let parts: Vec<(&Format, &str)> = segments
                    .iter()
                    .filter(|s| !s.text.is_empty())
                    .map(|s| match s.op {
                        SegmentOp::Equal => (&plain, s.text.as_str()),
                        SegmentOp::Delete => (&del, s.text.as_str()),
                        SegmentOp::Insert => (&ins, s.text.as_str()),
                    })
                    .collect();
                if parts.len() > 1 {
                    ws.write_rich_string_with_format(r, 5, &parts, &wrap)?;
                } else {
                    ws.write_string_with_format(r, 5, truncate(&after), &wrap)?;
                }
            }
            _ => {
                ws.write_string_with_format(r, 5, truncate(&after), &wrap)?;
            }
        }
        let lines = super::text_lines(&before, 50.0).max(super::text_lines(&after, 60.0));
        let title_lines = super::text_lines(&format!("{id} {title}"), 34.0);
        if lines.max(title_lines) > 1 {
            ws.set_row_height(r, super::row_height(lines.max(title_lines)))?;
        }
        if c.in_previous {
            ws.write_string_with_format(r, 6, format!("{}!{}", c.sheet, c.cell.a1()), &wrap)?;
        } else {
            link(ws, r, 6, &c.sheet, &c.cell.a1())?;
        }
    }
    let last = changes.len().max(1) as u32;
    ws.autofilter(0, 0, last, 6)?;
    super::page_setup(ws, Some(0));
    Ok(())
}

/// A text longer than a cell holds is cut with a mark, never silently.
fn truncate(s: &str) -> String {
    if s.chars().count() <= CELL_LIMIT {
        return s.to_string();
    }
    let cut: String = s.chars().take(CELL_LIMIT - 1).collect();
    format!("{cut}…")
}

fn severity_word(s: Severity, t: &Template) -> &str {
    match s {
        Severity::Error => &t.words.error,
        Severity::Warning => &t.words.warning,
        Severity::Info => &t.words.info,
    }
}

/// The `Kontrol` sheet.
pub fn checks_sheet(
    ws: &mut Worksheet,
    findings: &[Finding],
    t: &Template,
) -> Result<(), XlsxError> {
    ws.set_name(&t.output.checks_sheet)?;
    headers(
        ws,
        &t.annotate.checks_headers,
        &[8.0, 11.0, 10.0, 10.0, 90.0, 20.0],
    )?;
    let wrap = style::added_cell();
    let fills = [
        (
            Severity::Error,
            Format::new().set_background_color(Color::RGB(0xFFC7CE)),
        ),
        (
            Severity::Warning,
            Format::new().set_background_color(Color::RGB(0xFFEB9C)),
        ),
        (Severity::Info, Format::new()),
    ];
    if findings.is_empty() {
        ws.write_string(1, 4, &t.annotate.no_findings)?;
    }
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        let sev = fills
            .iter()
            .find(|(s, _)| *s == f.severity)
            .map(|(_, fmt)| fmt)
            .expect("every severity");
        ws.write_string_with_format(r, 0, f.code, sev)?;
        ws.write_string_with_format(r, 1, severity_word(f.severity, t), sev)?;
        ws.write_string_with_format(r, 2, f.initiative.as_deref().unwrap_or(""), &wrap)?;
        if let Some(n) = f.milestone {
            ws.write_number_with_format(r, 3, n as f64, &wrap)?;
        }
        ws.write_string_with_format(r, 4, &f.message, &wrap)?;
        let lines = super::text_lines(&f.message, 90.0);
        if lines > 1 {
            ws.set_row_height(r, super::row_height(lines))?;
        }
        link(ws, r, 5, &f.sheet, &f.cell.a1())?;
    }
    ws.autofilter(0, 0, findings.len().max(1) as u32, 5)?;
    super::page_setup(ws, Some(0));
    Ok(())
}

/// Smiley counts: [happy, neutral, sad].
type Counts = [u32; 3];

fn slot(s: Smiley) -> usize {
    match s {
        Smiley::Happy => 0,
        Smiley::Neutral => 1,
        Smiley::Sad => 2,
    }
}

/// The `Overblik` sheet: counts per round for effort and economy, per
/// responsible center, and a stacked column chart of each.
pub fn summary_sheet(
    ws: &mut Worksheet,
    cur: &Workbook,
    marks: &Marks,
    t: &Template,
) -> Result<(), XlsxError> {
    let name = t.output.summary_sheet.clone();
    ws.set_name(&name)?;
    let a = &t.annotate;
    let title = Format::new().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, &a.summary_title, &title)?;
    ws.set_column_width(0, 36)?;
    for c in 1..=4 {
        ws.set_column_width(c, 14)?;
    }
    let mut effort: BTreeMap<u8, Counts> = BTreeMap::new();
    let mut economy: BTreeMap<u8, Counts> = BTreeMap::new();
    let current = cur.round().or(marks.rounds.last().copied());
    let mut centers: BTreeMap<String, (Counts, Counts)> = BTreeMap::new();
    for ini in cur.initiatives() {
        let center = ini
            .description
            .as_ref()
            .and_then(|d| d.center.clone())
            .unwrap_or_else(|| a.summary_no_center.clone());
        let entry = centers.entry(center).or_default();
        for m in &ini.milestones {
            if let Some(row) = marks.rows.get(&(m.smiley_cell.sheet, m.smiley_cell.row)) {
                for (round, s) in &row.smileys {
                    effort.entry(*round).or_default()[slot(*s)] += 1;
                    if Some(*round) == current {
                        entry.0[slot(*s)] += 1;
                    }
                }
            }
        }
        for e in &ini.economy {
            if let Some(row) = marks.rows.get(&(e.smiley_cell.sheet, e.smiley_cell.row)) {
                for (round, s) in &row.smileys {
                    economy.entry(*round).or_default()[slot(*s)] += 1;
                    if Some(*round) == current {
                        entry.1[slot(*s)] += 1;
                    }
                }
            }
        }
    }
    let rounds = &marks.rounds;
    let effort_top = 2;
    table(ws, effort_top, &a.summary_effort, rounds, &effort, t)?;
    let economy_top = effort_top + rounds.len() as u32 + 3;
    table(ws, economy_top, &a.summary_economy, rounds, &economy, t)?;
    let centers_top = economy_top + rounds.len() as u32 + 3;
    center_table(ws, centers_top, current, &centers, t)?;
    if !rounds.is_empty() {
        let charts = [
            (effort_top, &a.chart_effort, 2u32),
            (economy_top, &a.chart_economy, 20),
        ];
        for (top, caption, at) in charts {
            let chart = stacked_chart(&name, top + 2, top + 1 + rounds.len() as u32, caption, t);
            ws.insert_chart(at, 6, &chart)?;
        }
    }
    super::page_setup(ws, None);
    Ok(())
}

fn table(
    ws: &mut Worksheet,
    top: u32,
    caption: &str,
    rounds: &[u8],
    counts: &BTreeMap<u8, Counts>,
    t: &Template,
) -> Result<(), XlsxError> {
    let a = &t.annotate;
    let bold = Format::new().set_bold();
    let h = style::added_header();
    let num = style::added_cell().set_align(FormatAlign::Center);
    ws.write_string_with_format(top, 0, caption, &bold)?;
    for (c, w) in [
        &a.summary_round,
        &a.happy,
        &a.neutral,
        &a.sad,
        &a.summary_total,
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(top + 1, c as u16, *w, &h)?;
    }
    for (i, round) in rounds.iter().enumerate() {
        let r = top + 2 + i as u32;
        let row = counts.get(round).copied().unwrap_or_default();
        ws.write_string_with_format(r, 0, t.round_label(*round), &num)?;
        for (c, n) in row.iter().enumerate() {
            ws.write_number_with_format(r, c as u16 + 1, f64::from(*n), &num)?;
        }
        ws.write_number_with_format(r, 4, f64::from(row.iter().sum::<u32>()), &num)?;
    }
    Ok(())
}

fn center_table(
    ws: &mut Worksheet,
    top: u32,
    current: Option<u8>,
    centers: &BTreeMap<String, (Counts, Counts)>,
    t: &Template,
) -> Result<(), XlsxError> {
    let a = &t.annotate;
    let bold = Format::new().set_bold();
    let h = style::added_header();
    let num = style::added_cell().set_align(FormatAlign::Center);
    let wrap = style::added_cell();
    let round = current.map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    ws.write_string_with_format(
        top,
        0,
        a.summary_by_center.replace("{round}", &round),
        &bold,
    )?;
    let heads = [
        a.summary_center.clone(),
        format!("{} {}", t.diff.effort, t.smileys.write_happy),
        format!("{} {}", t.diff.effort, t.smileys.write_neutral),
        format!("{} {}", t.diff.effort, t.smileys.write_sad),
        format!("{} {}", t.diff.economy, t.smileys.write_happy),
        format!("{} {}", t.diff.economy, t.smileys.write_sad),
    ];
    for (c, w) in heads.iter().enumerate() {
        ws.write_string_with_format(top + 1, c as u16, w, &h)?;
    }
    ws.set_column_width(5, 14)?;
    for (i, (center, (eff, eco))) in centers.iter().enumerate() {
        let r = top + 2 + i as u32;
        ws.write_string_with_format(r, 0, center, &wrap)?;
        let values = [eff[0], eff[1], eff[2], eco[0], eco[2]];
        for (c, n) in values.iter().enumerate() {
            ws.write_number_with_format(r, c as u16 + 1, f64::from(*n), &num)?;
        }
    }
    Ok(())
}

fn stacked_chart(sheet: &str, first: u32, last: u32, caption: &str, t: &Template) -> Chart {
    let mut chart = Chart::new(ChartType::ColumnStacked);
    chart.title().set_name(caption);
    let names = [&t.annotate.happy, &t.annotate.neutral, &t.annotate.sad];
    for ((c, (_, rgb)), name) in (1u16..=3).zip(style::smiley_colours()).zip(names) {
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(rgb)));
        chart
            .add_series()
            .set_name(name.as_str())
            .set_categories((sheet, first, 0, last, 0))
            .set_values((sheet, first, c, last, c))
            .set_format(&mut fill);
    }
    chart.y_axis().set_min(0);
    chart.set_width(520).set_height(300);
    chart
}
