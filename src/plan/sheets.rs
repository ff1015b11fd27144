//! The sheets opfolg adds: `Ændringer` (one row per change), `Kontrol`
//! (one row per finding), `Overblik` (smiley counts per round and center,
//! with charts) and the hand-out's `Læsevejledning`.

use std::collections::BTreeMap;

use super::looks;
use super::marks::Marks;
use super::money::Money;
use super::money_sheet;
use crate::diff::{Change, Field, Kind, SegmentOp};
use crate::layout::{Generated, MARK, SMILEYS, colours};
use crate::model::{Initiative, Round, Smiley, Workbook};
use crate::package::edits::{
    Cell, Chart, ChartKind, Link, Look, NewSheet, Print, Run, Style, Value,
};
use crate::present::{before_after, change_field, field_word, kind_word, severity_word};
use crate::template::Template;
use crate::validate::{Finding, Severity};

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// How many lines a text takes in a column `width` characters wide,
/// wrapped word by word as the spreadsheet wraps it.
pub fn text_lines(text: &str, width: f64) -> usize {
    crate::package::wrapped_lines(text, width)
}

/// The height in points of a row of `lines` lines of 11-point text, at most
/// Excel's tallest row.
pub fn row_height(lines: usize) -> f64 {
    (lines as f64 * 15.0).min(409.0)
}

/// A text longer than a cell holds is cut with a mark, never silently.
fn fit(s: &str) -> String {
    if s.chars().count() <= CELL_LIMIT {
        return s.to_string();
    }
    let cut: String = s.chars().take(CELL_LIMIT - 1).collect();
    format!("{cut}…")
}

fn put(sheet: &mut NewSheet, at: (u32, u16), value: Value, look: Look) {
    sheet.cells.insert(
        at,
        Cell {
            value,
            style: Style::New(look),
        },
    );
}

fn text(sheet: &mut NewSheet, at: (u32, u16), s: impl Into<String>, look: Look) {
    put(sheet, at, Value::Text(s.into()), look);
}

/// A new sheet of kind `kind` with its mark, a header row and paper setup.
fn report_sheet(kind: Generated, name: &str, headers: &[String], widths: &[f64]) -> NewSheet {
    let mut s = NewSheet::new(name);
    s.mark = Some((MARK.to_string(), kind.mark_value().to_string()));
    for (c, (h, w)) in headers.iter().zip(widths).enumerate() {
        text(&mut s, (0, c as u16), h.clone(), looks::header());
        s.widths.push((c as u16, *w));
    }
    s.freeze_rows = 1;
    s.print = Print {
        landscape: true,
        fit_width: true,
        a4: true,
        repeat_rows: Some((0, 0)),
        header: Some(name.to_string()),
        ..Print::default()
    };
    s
}

fn link(sheet: &mut NewSheet, at: (u32, u16), target_sheet: &str, cell: &str) {
    text(sheet, at, format!("{target_sheet}!{cell}"), looks::link());
    sheet.links.insert(
        at,
        Link {
            sheet: target_sheet.to_string(),
            cell: cell.to_string(),
        },
    );
}

/// The `Ændringer` sheet.
pub fn changes(
    name: &str,
    cur: &Workbook,
    previous_titles: Option<&BTreeMap<String, String>>,
    previous_file: &str,
    changes: &[Change],
    t: &Template,
) -> NewSheet {
    // 171 characters: one landscape A4 page at 64 %, where 11 pt text
    // prints at 7 pt.
    let widths = [28.0, 9.0, 16.0, 12.0, 44.0, 44.0, 18.0];
    let mut s = report_sheet(
        Generated::Changes,
        name,
        &t.annotate.changes_headers,
        &widths,
    );
    let titles = titles(cur, previous_titles);
    if previous_titles.is_none() {
        let words = t.annotate.no_previous.clone();
        // The note wraps in the first column: the row as tall as it needs.
        s.heights.insert(1, row_height(text_lines(&words, 34.0)));
        text(&mut s, (1, 0), words, looks::prose());
    }
    for (i, c) in changes.iter().enumerate() {
        change_row(&mut s, (i as u32 + 1, c), &titles, previous_file, t);
    }
    s.autofilter = Some((0, 0, changes.len().max(1) as u32, 6));
    s
}

/// The current round's titles by id, and the previous round's for removed
/// initiatives.
fn titles<'a>(
    cur: &'a Workbook,
    previous_titles: Option<&'a BTreeMap<String, String>>,
) -> BTreeMap<&'a str, &'a str> {
    let mut titles: BTreeMap<&str, &str> = previous_titles
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    for ini in cur.initiatives() {
        if let Some(id) = &ini.id {
            titles.insert(id, &ini.title);
        }
    }
    titles
}

/// Row `r` of the `Ændringer` sheet: the initiative, milestone, kind,
/// field, before, after (the changed words marked) and a link to the cell.
fn change_row(
    s: &mut NewSheet,
    (r, c): (u32, &Change),
    titles: &BTreeMap<&str, &str>,
    previous_file: &str,
    t: &Template,
) {
    // An amount table's change is named by its row's key, after its
    // group where the table has groups (`Drift / Foranstaltningsbudget`).
    let id = c.initiative.as_deref().or(c.row.as_deref()).unwrap_or("");
    let title = titles.get(id).copied().unwrap_or("");
    let head = match (&c.initiative, &c.group) {
        (None, Some(group)) => format!("{group} / {id}"),
        _ => format!("{id} {title}").trim().to_string(),
    };
    text(s, (r, 0), head.clone(), looks::cell());
    if let Some(n) = c.milestone {
        put(s, (r, 1), Value::Number(n as f64), looks::number());
    }
    text(s, (r, 2), kind_word(c, t), looks::cell());
    match (change_field(c), &c.column) {
        (Some(Field::Cell) | None, Some(column)) => {
            text(s, (r, 3), column.clone(), looks::cell());
        }
        (Some(f), _) => text(s, (r, 3), field_word(t, f), looks::cell()),
        (None, None) => {}
    }
    let (before, after) = before_after(c, t);
    text(s, (r, 4), fit(&before), looks::cell());
    put(s, (r, 5), after_value(c, &before, &after), looks::cell());
    let lines = text_lines(&before, 50.0)
        .max(text_lines(&after, 60.0))
        .max(text_lines(&head, 34.0));
    if lines > 1 {
        s.heights.insert(r, row_height(lines));
    }
    if c.in_previous {
        // A removed row is found in the previous workbook, not this one.
        let at = format!("{}!{}", c.sheet, c.cell.a1());
        let at = if previous_file.is_empty() {
            at
        } else {
            format!("{previous_file}: {at}")
        };
        text(s, (r, 6), at, looks::cell());
    } else {
        link(s, (r, 6), &c.sheet, &c.cell.a1());
    }
}

/// The `after` cell of a change: a changed text as rich text, deleted
/// words struck through and inserted ones bold, when it fits in a cell.
fn after_value(c: &Change, before: &str, after: &str) -> Value {
    match &c.kind {
        Kind::TextChanged { segments, .. } if before.len() + after.len() < CELL_LIMIT => {
            let runs: Vec<Run> = segments
                .iter()
                .filter(|seg| !seg.text.is_empty())
                .map(|seg| Run {
                    text: seg.text.clone(),
                    bold: seg.op == SegmentOp::Insert,
                    strike: seg.op == SegmentOp::Delete,
                    color: match seg.op {
                        SegmentOp::Equal => None,
                        SegmentOp::Delete => Some(colours::DELETED),
                        SegmentOp::Insert => Some(colours::INSERTED),
                    },
                })
                .collect();
            if runs.len() > 1 {
                Value::Rich(runs)
            } else {
                Value::Text(fit(after))
            }
        }
        _ => Value::Text(fit(after)),
    }
}

/// The `Kontrol` sheet.
pub fn checks(name: &str, findings: &[Finding], t: &Template) -> NewSheet {
    let widths = [8.0, 11.0, 10.0, 10.0, 90.0, 20.0];
    let mut s = report_sheet(Generated::Checks, name, &t.annotate.checks_headers, &widths);
    if findings.is_empty() {
        text(
            &mut s,
            (1, 4),
            t.annotate.no_findings.clone(),
            looks::prose(),
        );
    }
    for (i, f) in findings.iter().enumerate() {
        let r = i as u32 + 1;
        let sev = match f.severity {
            Severity::Error => looks::filled(colours::ERROR_FILL),
            Severity::Warning => looks::filled(colours::WARNING_FILL),
            Severity::Info => looks::cell(),
        };
        text(&mut s, (r, 0), f.code, sev.clone());
        text(&mut s, (r, 1), severity_word(t, f.severity), sev);
        text(
            &mut s,
            (r, 2),
            f.initiative.clone().unwrap_or_default(),
            looks::cell(),
        );
        if let Some(n) = f.milestone {
            put(&mut s, (r, 3), Value::Number(n as f64), looks::number());
        }
        text(&mut s, (r, 4), f.message.clone(), looks::cell());
        let lines = text_lines(&f.message, 90.0);
        if lines > 1 {
            s.heights.insert(r, row_height(lines));
        }
        link(&mut s, (r, 5), &f.sheet, &f.cell.a1());
    }
    s.autofilter = Some((0, 0, findings.len().max(1) as u32, 5));
    s
}

/// Smiley counts by [happy, neutral, sad].
pub type Counts = [u32; 3];

fn slot(s: Smiley) -> usize {
    match s {
        Smiley::Happy => 0,
        Smiley::Neutral => 1,
        Smiley::Sad => 2,
    }
}

/// What `Overblik` counts: per round for effort and economy, and per
/// center in the current round; [☺, 😐, ☹].
pub struct Tally {
    /// The milestones' smileys per round.
    pub effort: BTreeMap<Round, Counts>,
    /// The economy rows' smileys per round.
    pub economy: BTreeMap<Round, Counts>,
    /// Per center, the milestones' and the economy rows' smileys in the
    /// current round.
    pub centers: BTreeMap<String, (Counts, Counts)>,
}

/// The smileys counted as `Overblik` counts them (the page shows the
/// same numbers).
pub fn tally(cur: &Workbook, marks: &Marks, current: Option<Round>, t: &Template) -> Tally {
    let mut out = Tally {
        effort: BTreeMap::new(),
        economy: BTreeMap::new(),
        centers: BTreeMap::new(),
    };
    let names = super::handout::center_names(cur, t);
    for ini in cur.distinct_initiatives() {
        let center = center_row(ini, &names, t);
        let entry = out.centers.entry(center).or_default();
        for m in &ini.milestones {
            for (round, s) in marks
                .rows
                .get(&(m.smiley_cell.sheet, m.smiley_cell.row))
                .iter()
                .flat_map(|r| &r.smileys)
            {
                out.effort.entry(*round).or_default()[slot(*s)] += 1;
                if Some(*round) == current {
                    entry.0[slot(*s)] += 1;
                }
            }
        }
        for e in &ini.economy {
            for (round, s) in marks
                .rows
                .get(&(e.smiley_cell.sheet, e.smiley_cell.row))
                .iter()
                .flat_map(|r| &r.smileys)
            {
                // The economy is ☺ or ☹; a 😐 there is an error (A002),
                // not a third kind of economy.
                if *s == Smiley::Neutral {
                    continue;
                }
                out.economy.entry(*round).or_default()[slot(*s)] += 1;
                if Some(*round) == current {
                    entry.1[slot(*s)] += 1;
                }
            }
        }
    }
    out
}

/// One table of counts per round: `Runde | ☺ | (😐) | ☹ | I alt`; returns
/// the columns of its smileys.
fn round_table(
    s: &mut NewSheet,
    top: u32,
    caption: &str,
    rounds: &[Round],
    counts: &BTreeMap<Round, Counts>,
    smileys: &[Smiley],
    t: &Template,
) -> Vec<(Smiley, u16)> {
    let a = &t.annotate;
    text(s, (top, 0), caption, looks::caption());
    text(s, (top + 1, 0), a.summary_round.clone(), looks::header());
    let words = |sm: Smiley| match sm {
        Smiley::Happy => a.happy.clone(),
        Smiley::Neutral => a.neutral.clone(),
        Smiley::Sad => a.sad.clone(),
    };
    let mut cols = Vec::new();
    for (i, sm) in smileys.iter().enumerate() {
        let c = i as u16 + 1;
        text(s, (top + 1, c), words(*sm), looks::header());
        cols.push((*sm, c));
    }
    let total_col = smileys.len() as u16 + 1;
    text(
        s,
        (top + 1, total_col),
        a.summary_total.clone(),
        looks::header(),
    );
    for (i, round) in rounds.iter().enumerate() {
        let r = top + 2 + i as u32;
        let row = counts.get(round).copied().unwrap_or_default();
        text(s, (r, 0), t.round_label(*round), looks::number());
        let mut total = 0;
        for (sm, c) in &cols {
            let n = row[slot(*sm)];
            total += n;
            put(s, (r, *c), Value::Number(f64::from(n)), looks::number());
        }
        put(
            s,
            (r, total_col),
            Value::Number(f64::from(total)),
            looks::number(),
        );
    }
    cols
}

/// The `Overblik` sheet: the smileys per round and center; with the
/// changes since the previous round, its postponed deadlines per center
/// too; then the money (`money_sheet`).
pub fn summary(
    name: &str,
    (cur, money): (&Workbook, &Money),
    marks: &Marks,
    changes: Option<&[Change]>,
    t: &Template,
) -> NewSheet {
    let blocks = cur.initiatives().next().is_some();
    let mut s = summary_sheet(name, blocks, t);
    let current = cur.round().or(marks.rounds.last().copied());
    // A workbook of amount tables alone has no smileys to count: its
    // overview is the tables' money.
    let mut top = match blocks {
        true => smiley_tables(&mut s, cur, marks, current, t),
        false => 2,
    };
    for (sheet, table) in cur
        .sheets
        .iter()
        .flat_map(|sh| sh.tables.iter().map(move |tb| (sh, tb)))
    {
        top = money_sheet::table_sums(&mut s, top, (&sheet.name, table), t);
    }
    if let Some(changes) = changes.filter(|_| blocks) {
        let label =
            current.map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
        top = postponed_table(
            &mut s,
            top,
            &label,
            &postponed_by_center(cur, changes, t),
            t,
        );
    }
    money_sheet::blocks(&mut s, top, (money, cur), t);
    s
}

/// The smileys per round (effort and economy, each with its chart) and
/// per center, from row 2; the row after them.
fn smiley_tables(
    s: &mut NewSheet,
    cur: &Workbook,
    marks: &Marks,
    current: Option<Round>,
    t: &Template,
) -> u32 {
    let a = &t.annotate;
    let counts = tally(cur, marks, current, t);
    let rounds = &marks.rounds;
    let effort_top = 2;
    let effort_cols = round_table(
        s,
        effort_top,
        &a.summary_effort,
        rounds,
        &counts.effort,
        &SMILEYS,
        t,
    );
    let economy_top = effort_top + rounds.len() as u32 + 3;
    let economy_cols = round_table(
        s,
        economy_top,
        &a.summary_economy,
        rounds,
        &counts.economy,
        &[Smiley::Happy, Smiley::Sad],
        t,
    );
    if !rounds.is_empty() {
        let n = rounds.len() as u32;
        for (top, caption, at, cols) in [
            (effort_top, &a.chart_effort, 2u32, effort_cols),
            (economy_top, &a.chart_economy, 20, economy_cols),
        ] {
            s.charts.push(round_chart(top, caption, at, &cols, n, t));
        }
    }
    let centers_top = economy_top + rounds.len() as u32 + 3;
    center_table(s, centers_top, current, &counts.centers, t);
    centers_top + counts.centers.len() as u32 + 3
}

/// The `Overblik` sheet before its tables: its mark, print setup, title
/// (of smileys, or of amounts where there are no `blocks`) and column
/// widths.
fn summary_sheet(name: &str, blocks: bool, t: &Template) -> NewSheet {
    let mut s = NewSheet::new(name);
    s.mark = Some((
        MARK.to_string(),
        Generated::Summary.mark_value().to_string(),
    ));
    s.print = Print {
        landscape: true,
        fit_width: true,
        a4: true,
        header: Some(name.to_string()),
        ..Print::default()
    };
    let title = match blocks {
        true => &t.annotate.summary_title,
        false => &t.annotate.summary_title_tables,
    };
    text(&mut s, (0, 0), title.clone(), looks::title());
    s.widths.push((0, 36.0));
    // Six columns: the money's tables have as many.
    for c in 1..=6 {
        s.widths.push((c, 14.0));
    }
    s
}

/// The chart of the round table captioned at row `top`, its smileys in
/// `cols` and its `n` rounds below the header; placed at row `at`, column H.
fn round_chart(
    top: u32,
    caption: &str,
    at: u32,
    cols: &[(Smiley, u16)],
    n: u32,
    t: &Template,
) -> Chart {
    let a = &t.annotate;
    let series = cols
        .iter()
        .map(|(sm, c)| {
            let word = match sm {
                Smiley::Happy => &a.happy,
                Smiley::Neutral => &a.neutral,
                Smiley::Sad => &a.sad,
            };
            (word.clone(), *c, colours::chart(*sm))
        })
        .collect();
    Chart {
        kind: ChartKind::StackedColumn,
        title: caption.to_string(),
        at: (at, 7),
        size: (520, 300),
        rows: (top + 2, top + 1 + n),
        label_col: 0,
        series,
        value_format: None,
    }
}

fn center_table(
    s: &mut NewSheet,
    top: u32,
    current: Option<Round>,
    centers: &BTreeMap<String, (Counts, Counts)>,
    t: &Template,
) {
    let a = &t.annotate;
    let round = current.map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    text(
        s,
        (top, 0),
        a.summary_by_center.replace("{round}", &round),
        looks::caption(),
    );
    let heads = [
        a.summary_center.clone(),
        format!("{} {}", t.diff.effort, t.smileys.write_happy),
        format!("{} {}", t.diff.effort, t.smileys.write_neutral),
        format!("{} {}", t.diff.effort, t.smileys.write_sad),
        format!("{} {}", t.diff.economy, t.smileys.write_happy),
        format!("{} {}", t.diff.economy, t.smileys.write_sad),
    ];
    for (c, w) in heads.iter().enumerate() {
        text(s, (top + 1, c as u16), w.clone(), looks::header());
    }
    for (i, (center, (eff, eco))) in centers.iter().enumerate() {
        let r = top + 2 + i as u32;
        text(s, (r, 0), center.clone(), looks::cell());
        for (c, n) in [eff[0], eff[1], eff[2], eco[0], eco[2]].iter().enumerate() {
            put(
                s,
                (r, c as u16 + 1),
                Value::Number(f64::from(*n)),
                looks::number(),
            );
        }
    }
}

/// An initiative's row in the tables per center: its centers each under
/// their fullest spelling (`C-BUR` and `Center for Børne- og
/// Ungerådgivning` count as one), or the words for none.
fn center_row(ini: &Initiative, names: &crate::parse::center::Names, t: &Template) -> String {
    let named = ini.description.as_ref().and_then(|d| d.center.as_deref());
    match named.map(|c| names.full_joined(c)) {
        Some(c) if !c.is_empty() => c,
        _ => t.annotate.summary_no_center.clone(),
    }
}

/// How many deadlines moved to a later round, per responsible center.
pub fn postponed_by_center(
    cur: &Workbook,
    changes: &[Change],
    t: &Template,
) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    // The deadline cells postponed, counted once (linear: a heavy round
    // has tens of thousands of changes and initiatives).
    let postponed: std::collections::HashSet<_> = changes
        .iter()
        .filter(|c| c.kind.is_postponement() && !c.in_previous)
        .map(|c| c.cell)
        .collect();
    if postponed.is_empty() {
        return out;
    }
    let names = super::handout::center_names(cur, t);
    for ini in cur.distinct_initiatives() {
        let n = ini
            .milestones
            .iter()
            .filter(|m| postponed.contains(&m.deadline_cell))
            .count() as u32;
        if n > 0 {
            *out.entry(center_row(ini, &names, t)).or_default() += n;
        }
    }
    out
}

/// `Udskudte frister …`: a center and its count per row, then the total;
/// the row after it.
fn postponed_table(
    s: &mut NewSheet,
    top: u32,
    round: &str,
    counts: &BTreeMap<String, u32>,
    t: &Template,
) -> u32 {
    let a = &t.annotate;
    let caption = a.summary_postponed.replace("{round}", round);
    text(s, (top, 0), caption, looks::caption());
    text(s, (top + 1, 0), a.summary_center.clone(), looks::header());
    text(
        s,
        (top + 1, 1),
        a.summary_postponed_count.clone(),
        looks::header(),
    );
    let mut r = top + 2;
    for (center, n) in counts {
        text(s, (r, 0), center.clone(), looks::cell());
        put(s, (r, 1), Value::Number(f64::from(*n)), looks::number());
        r += 1;
    }
    text(s, (r, 0), a.summary_total.clone(), looks::header());
    let total: u32 = counts.values().sum();
    put(s, (r, 1), Value::Number(f64::from(total)), looks::number());
    r + 3
}

/// The `Læsevejledning` sheet: the smiley definitions of the seeds and,
/// for a hand-out, what to fill in this round.
pub fn guide(name: &str, t: &Template, round: Option<Round>, center: Option<&str>) -> NewSheet {
    let h = &t.handout;
    let mut s = NewSheet::new(name);
    s.mark = Some((MARK.to_string(), Generated::Guide.mark_value().to_string()));
    // Narrow enough to fit A4 portrait unscaled, even in a wider font than
    // Calibri (LibreOffice does not honour fit-to-width).
    const WIDTH: f64 = 80.0;
    s.widths.push((0, WIDTH));
    s.print = Print {
        fit_width: true,
        a4: true,
        ..Print::default()
    };
    // (text, look); an empty text is a blank line.
    let mut lines: Vec<(String, Look)> = vec![(h.guide_title.clone(), looks::title())];
    // A center's hand-out names the center.
    if let Some(c) = center {
        lines.push((h.guide_center.replace("{center}", c), looks::prose_bold()));
    }
    lines.extend([
        (h.guide_intro.clone(), looks::prose()),
        (String::new(), looks::prose()),
        (h.guide_effort.clone(), looks::prose_bold()),
    ]);
    lines.extend(
        h.guide_effort_lines
            .iter()
            .map(|l| (l.clone(), looks::prose())),
    );
    lines.push((String::new(), looks::prose()));
    lines.push((h.guide_economy.clone(), looks::prose_bold()));
    lines.extend(
        h.guide_economy_lines
            .iter()
            .map(|l| (l.clone(), looks::prose())),
    );
    if let Some(round) = round {
        lines.extend(fill_lines(t, round));
    }
    for (r, (line, look)) in lines.into_iter().enumerate() {
        if line.is_empty() {
            continue;
        }
        let r = r as u32;
        let n = text_lines(&line, WIDTH);
        if n > 1 {
            s.heights.insert(r, row_height(n));
        }
        text(&mut s, (r, 0), line, look);
    }
    s
}

/// The reading guide's lines of what to fill in this round; the first,
/// which explains the blue cells, is shown in blue.
fn fill_lines(t: &Template, round: Round) -> Vec<(String, Look)> {
    let h = &t.handout;
    let label = t.round_label(round);
    let mut lines = vec![
        (String::new(), looks::prose()),
        (
            h.guide_this_round.replace("{round}", label),
            looks::prose_bold(),
        ),
    ];
    // The year end's milestones are ☺ or ☹ (M010).
    let fill = if round == 4 {
        &h.guide_fill_lines_year_end
    } else {
        &h.guide_fill_lines
    };
    for (i, l) in fill.iter().enumerate() {
        let look = if i == 0 {
            Look {
                fill: Some(colours::TO_FILL),
                ..looks::prose()
            }
        } else {
            looks::prose()
        };
        lines.push((format!("• {}", l.replace("{round}", label)), look));
    }
    lines
}

/// One line of the `Indsamling` sheet: center, file, what, cell (sheet and
/// A1), the whole workbook's value, the return's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectedRow {
    /// The center (or centers) concerned.
    pub center: String,
    /// The return's file name.
    pub file: String,
    /// What happened, in the template's words.
    pub what: String,
    /// The cell concerned: sheet and A1 name.
    pub cell: Option<(String, String)>,
    /// The whole workbook's value.
    pub before: String,
    /// The return's value (or the disagreeing values).
    pub after: String,
    /// Something not taken or not returned.
    pub problem: bool,
}

/// The `Indsamling` sheet: what `collect` took and what it did not.
pub fn collected(name: &str, rows: &[CollectedRow], t: &Template) -> NewSheet {
    let widths = [28.0, 28.0, 34.0, 16.0, 30.0, 30.0];
    let mut s = report_sheet(Generated::Collected, name, &t.collect.headers, &widths);
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        text(&mut s, (r, 0), row.center.clone(), looks::cell());
        text(&mut s, (r, 1), row.file.clone(), looks::cell());
        // What was not taken (or not returned) stands out.
        let look = if row.problem {
            looks::filled(colours::WARNING_FILL)
        } else {
            looks::cell()
        };
        text(&mut s, (r, 2), row.what.clone(), look);
        if let Some((sheet, cell)) = &row.cell {
            link(&mut s, (r, 3), sheet, cell);
        }
        text(&mut s, (r, 4), row.before.clone(), looks::cell());
        text(&mut s, (r, 5), row.after.clone(), looks::cell());
        let lines = text_lines(&row.before, 30.0)
            .max(text_lines(&row.after, 30.0))
            .max(text_lines(&row.what, 34.0));
        if lines > 1 {
            s.heights.insert(r, row_height(lines));
        }
    }
    s.autofilter = Some((0, 0, rows.len().max(1) as u32, 5));
    s
}
