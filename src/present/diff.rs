//! What `diff` prints as text: it reads like a good `git diff` for a person,
//! grouped by initiative, with the changed words marked.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{direction_word, field_word, finding_line, glyph_or_dash, safe};
use crate::diff::{Change, Direction, Field, Kind, Segment, SegmentOp};
use crate::model::{Amount, Workbook};
use crate::template::{DiffWords, Template};
use crate::validate::Finding;

/// How to mark deleted and inserted words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours: deleted red and struck through, inserted green.
    Color,
    /// `[-deleted-]` and `{+inserted+}`, as `git diff --word-diff=plain`.
    Plain,
}

/// Runs of unchanged words longer than this are shortened to their ends.
const CONTEXT_WORDS: usize = 6;

/// A text shortened to the ends of long unchanged runs, safe to print.
fn shorten(text: &str) -> String {
    let text = &*safe(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 2 * CONTEXT_WORDS + 1 {
        return text.to_string();
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    format!(
        "{lead}{} … {}{trail}",
        words[..CONTEXT_WORDS].join(" "),
        words[words.len() - CONTEXT_WORDS..].join(" ")
    )
}

/// The segments of a text change with the changed words marked.
pub fn render_segments(segments: &[Segment], style: Style) -> String {
    let mut out = String::new();
    for s in segments {
        let text = safe(&s.text.replace('\n', " ")).into_owned();
        match (s.op, style) {
            (SegmentOp::Equal, _) => out.push_str(&shorten(&text)),
            (SegmentOp::Delete, Style::Color) => write!(out, "\x1b[31;9m{text}\x1b[0m").unwrap(),
            (SegmentOp::Insert, Style::Color) => write!(out, "\x1b[32m{text}\x1b[0m").unwrap(),
            (SegmentOp::Delete, Style::Plain) => write!(out, "[-{text}-]").unwrap(),
            (SegmentOp::Insert, Style::Plain) => write!(out, "{{+{text}+}}").unwrap(),
        }
    }
    out
}

/// `milepæl 2: ` or `økonomi: `, the row a change is on.
fn row_word(t: &Template, c: &Change) -> String {
    match c.milestone {
        Some(n) => format!("{} {n}", t.diff.milestone),
        None => t.diff.economy.clone(),
    }
}

/// What a change says, after its cell.
fn describe(c: &Change, t: &Template, style: Style) -> String {
    match &c.kind {
        Kind::InitiativeAdded { .. } => t.diff.initiative_added.clone(),
        Kind::InitiativeRemoved { .. } => t.diff.initiative_removed.clone(),
        Kind::MilestoneAdded { text } => format!(
            "{}: {} {}",
            row_word(t, c),
            t.diff.milestone_added,
            shorten(text)
        ),
        Kind::MilestoneRemoved { text } => format!(
            "{}: {} {}",
            row_word(t, c),
            t.diff.milestone_removed,
            shorten(text)
        ),
        Kind::SmileyChanged {
            before,
            after,
            direction,
            ..
        } => format!(
            "{}: {} {} → {} ({})",
            row_word(t, c),
            t.diff.smiley_changed,
            glyph_or_dash(t, *before),
            glyph_or_dash(t, *after),
            direction_word(t, *direction)
        ),
        Kind::TextChanged {
            field, segments, ..
        } => describe_text(c, *field, segments, t, style),
        Kind::DeadlineMoved { before, after, .. } => {
            format!(
                "{}: {} {} → {}",
                row_word(t, c),
                super::deadline_word(c, t),
                safe(before),
                safe(after)
            )
        }
        Kind::AmountChanged { before, after } => describe_amount(c, *before, *after, t),
        Kind::RowAdded { .. } => t.diff.row_added.clone(),
        Kind::RowRemoved { .. } => t.diff.row_removed.clone(),
    }
}

/// A text change: where (`milepæl 2, status:`) and the words marked.
fn describe_text(
    c: &Change,
    field: Field,
    segments: &[Segment],
    t: &Template,
    style: Style,
) -> String {
    let prefix = match (field, c.milestone) {
        (Field::Status, Some(n)) => format!("{} {n}, {}", t.diff.milestone, t.diff.status),
        (_, Some(n)) => format!("{} {n}", t.diff.milestone),
        (Field::Status, None) => format!("{}, {}", t.diff.economy, t.diff.status),
        (Field::Cell, None) => c
            .column
            .clone()
            .unwrap_or_else(|| field_word(t, Field::Cell).to_string()),
        (f, None) => field_word(t, f).to_string(),
    };
    format!("{prefix}: {}", render_segments(segments, style))
}

/// An amount change: where (the table column, else `økonomi`), before,
/// after and the difference with its sign.
fn describe_amount(c: &Change, before: Amount, after: Amount, t: &Template) -> String {
    let delta = Amount {
        ore: after.ore - before.ore,
    };
    let sign = if delta.ore > 0 { "+" } else { "" };
    let place = safe(c.column.as_deref().unwrap_or(&t.diff.economy));
    format!(
        "{place}: {} {before} → {after} ({sign}{delta})",
        t.diff.amount_changed
    )
}

/// The titles of every initiative in both workbooks, by id.
pub fn titles<'a>(prev: &'a Workbook, cur: &'a Workbook) -> HashMap<&'a str, &'a str> {
    let mut map = HashMap::new();
    for ini in prev.initiatives().chain(cur.initiatives()) {
        if let Some(id) = ini.id.as_deref() {
            map.insert(id, ini.title.as_str());
        }
    }
    map
}

/// The diff as text: changes grouped by initiative, the D findings, then a
/// summary line.
pub fn diff_text(
    prev: &Workbook,
    cur: &Workbook,
    changes: &[Change],
    findings: &[Finding],
    t: &Template,
    style: Style,
) -> String {
    let titles = titles(prev, cur);
    let mut out = String::new();
    // (initiative, table group, row, removed): one heading per run.
    type Heading<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);
    let mut group: Option<Heading> = None;
    for c in changes {
        let removed = matches!(
            c.kind,
            Kind::InitiativeRemoved { .. } | Kind::RowRemoved { .. }
        );
        let key = (
            c.initiative.as_deref(),
            c.group.as_deref(),
            c.row.as_deref(),
            removed,
        );
        if group != Some(key) {
            if !out.is_empty() {
                out.push('\n');
            }
            writeln!(out, "{}", group_head(c, &titles)).unwrap();
            group = Some(key);
        }
        let at = format!("{}!{}", safe(&c.sheet), c.cell.a1());
        writeln!(out, "  {at:<14} {}", describe(c, t, style)).unwrap();
    }
    if !findings.is_empty() {
        out.push('\n');
    }
    for f in findings {
        writeln!(out, "{}", finding_line(&cur.path, f, t)).unwrap();
    }
    if !out.is_empty() {
        out.push('\n');
    }
    writeln!(out, "{}", summary(changes, t)).unwrap();
    out
}

/// The line heading a group of changes: `+ ` for an addition, `- ` for a
/// removal, then the initiative's id and title, or a table change's sheet,
/// group (`Drift /`) and row key.
fn group_head(c: &Change, titles: &HashMap<&str, &str>) -> String {
    let mark = match c.kind {
        Kind::InitiativeAdded { .. } | Kind::RowAdded { .. } => "+ ",
        Kind::InitiativeRemoved { .. } | Kind::RowRemoved { .. } => "- ",
        _ => "",
    };
    let (id, title) = match (&c.initiative, &c.row) {
        (Some(id), _) => (
            id.to_string(),
            titles.get(id.as_str()).copied().unwrap_or("").to_string(),
        ),
        (None, Some(row)) => match &c.group {
            Some(group) => (c.sheet.clone(), format!("{group} / {row}")),
            None => (c.sheet.clone(), row.clone()),
        },
        (None, None) => (String::new(), String::new()),
    };
    format!("{mark}{} {}", safe(&id), safe(&title))
}

/// `12 ændringer i 7 indsatser: 3 forbedret, 2 forværret, …`
pub fn summary(changes: &[Change], t: &Template) -> String {
    if changes.is_empty() {
        return t.diff.no_changes.clone();
    }
    let head = summary_head(changes, &t.diff);
    let tail: Vec<String> = kind_counts(changes, &t.diff)
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    format!("{head}: {}", tail.join(", "))
}

/// `12 ændringer i 7 indsatser og 2 tabelrækker`: how many changes, in how
/// many initiatives and amount-table rows.
fn summary_head(changes: &[Change], d: &DiffWords) -> String {
    let initiatives: std::collections::HashSet<_> = changes
        .iter()
        .filter_map(|c| c.initiative.as_ref())
        .collect();
    let rows: std::collections::HashSet<_> = changes
        .iter()
        .filter(|c| c.initiative.is_none())
        .filter_map(|c| c.row.as_ref().map(|r| (&c.sheet, r)))
        .collect();
    let mut places = Vec::new();
    if !initiatives.is_empty() {
        places.push(crate::template::fill(
            &d.summary_initiatives,
            &[("initiatives", initiatives.len().to_string())],
        ));
    }
    if !rows.is_empty() {
        places.push(crate::template::fill(
            &d.summary_rows,
            &[("rows", rows.len().to_string())],
        ));
    }
    format!(
        "{} {}",
        crate::template::fill(&d.summary, &[("changes", changes.len().to_string())]),
        places.join(&format!(" {} ", d.summary_and))
    )
}

/// How many changes there are of each kind (smiley changes by direction),
/// with the kind's word, in the order the summary names them.
fn kind_counts<'a>(changes: &[Change], d: &'a DiffWords) -> [(usize, &'a str); 14] {
    let count = |f: &dyn Fn(&Kind) -> bool| changes.iter().filter(|c| f(&c.kind)).count();
    let dir = |want: Direction| move |k: &Kind| matches!(k, Kind::SmileyChanged { direction, .. } if *direction == want);
    [
        (count(&dir(Direction::Improved)), &d.improved),
        (count(&dir(Direction::Worsened)), &d.worsened),
        (count(&dir(Direction::Set)), &d.set),
        (count(&dir(Direction::Cleared)), &d.cleared),
        (
            count(&|k| matches!(k, Kind::TextChanged { .. })),
            &d.text_changed,
        ),
        (
            count(&|k| matches!(k, Kind::DeadlineMoved { .. }) && !k.is_postponement()),
            &d.deadline_moved,
        ),
        (count(&Kind::is_postponement), &d.deadline_postponed),
        (
            count(&|k| matches!(k, Kind::AmountChanged { .. })),
            &d.amount_changed,
        ),
        (
            count(&|k| matches!(k, Kind::InitiativeAdded { .. })),
            &d.initiative_added,
        ),
        (
            count(&|k| matches!(k, Kind::InitiativeRemoved { .. })),
            &d.initiative_removed,
        ),
        (
            count(&|k| matches!(k, Kind::MilestoneAdded { .. })),
            &d.milestone_added,
        ),
        (
            count(&|k| matches!(k, Kind::MilestoneRemoved { .. })),
            &d.milestone_removed,
        ),
        (count(&|k| matches!(k, Kind::RowAdded { .. })), &d.row_added),
        (
            count(&|k| matches!(k, Kind::RowRemoved { .. })),
            &d.row_removed,
        ),
    ]
}
