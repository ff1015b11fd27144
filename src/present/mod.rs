//! Findings and changes into words, from the template: the compiler-style
//! lines, the summaries, the diff text, and the words opfolg writes into
//! the workbook (the `Ændring` column, the `Ændringer` and `Kontrol`
//! sheets). Nothing else formats text for people.

pub mod diff;

use std::borrow::Cow;
use std::path::Path;

use crate::diff::{Change, Direction, Field, Kind};
use crate::model::{Smiley, Workbook};
use crate::template::{Template, fill};
use crate::validate::{Finding, Severity};

/// Text from a workbook made safe to print on a terminal: control
/// characters (escape sequences, bell, backspace, carriage return, line
/// breaks) and bidirectional overrides are shown as `\x1B`, `\u{202E}`
/// instead of acting on the terminal. Tabs stay.
///
/// ```
/// use opfolg::present::safe;
/// assert_eq!(safe("ok"), "ok");
/// assert_eq!(safe("\u{1b}]0;hacked\u{7}"), "\\x1B]0;hacked\\x07");
/// assert_eq!(safe("a\nb"), "a\\nb");
/// assert_eq!(safe("\u{202E}fdp"), "\\u{202E}fdp");
/// ```
pub fn safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if unsafe_char(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:04X}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The template's word for a field: `status`, `økonomi`.
pub fn field_word(t: &Template, f: Field) -> &str {
    let d = &t.diff;
    match f {
        Field::Title => &d.title,
        Field::Kind => &d.kind,
        Field::Description => &d.description,
        Field::Milestone => &d.milestone,
        Field::Status => &d.status,
        Field::Economy => &d.economy,
        Field::Effort => &d.effort,
        Field::Cell => &d.cell,
    }
}

/// The template's word for a direction: `forbedret`.
pub fn direction_word(t: &Template, d: Direction) -> &str {
    match d {
        Direction::Improved => &t.diff.improved,
        Direction::Worsened => &t.diff.worsened,
        Direction::Set => &t.diff.set,
        Direction::Cleared => &t.diff.cleared,
    }
}

/// A smiley or `–` for none.
pub fn glyph_or_dash(t: &Template, s: Option<Smiley>) -> &str {
    s.map_or("–", |s| t.glyph(s))
}

/// The template's word for a severity: `fejl`, `advarsel`, `info`.
pub fn severity_word(t: &Template, s: Severity) -> &str {
    match s {
        Severity::Error => &t.words.error,
        Severity::Warning => &t.words.warning,
        Severity::Info => &t.words.info,
    }
}

/// The severity in a compiler-style line: fixed English words whatever the
/// template, so editors and scripts can read the lines.
fn severity_code(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// One finding as a compiler-style line:
/// `budget.xlsx:Ark1!C12: error[M002]: … (3.01, milepæl 2)`.
pub fn finding_line(path: &str, f: &Finding, t: &Template) -> String {
    let mut context = Vec::new();
    if let Some(id) = &f.initiative {
        context.push(id.clone());
    }
    if let Some(n) = f.milestone {
        context.push(format!("{} {n}", t.words.milestone));
    }
    let suffix = if context.is_empty() {
        String::new()
    } else {
        format!(" ({})", context.join(", "))
    };
    format!(
        "{}:{}!{}: {}[{}]: {}{}",
        safe(path),
        safe(&f.sheet),
        f.cell.a1(),
        severity_code(f.severity),
        f.code,
        safe(&f.message),
        safe(&suffix)
    )
}

/// The closing summary line of a check, in the template's words.
pub fn check_summary(wb: &Workbook, findings: &[Finding], t: &Template) -> String {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let round = wb
        .round()
        .map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    let year = wb
        .year()
        .map_or_else(|| t.words.unknown.clone(), |y| y.to_string());
    fill(
        &t.words.summary,
        &[
            ("workbook", safe(&wb.path).into_owned()),
            ("initiatives", wb.distinct_initiatives().count().to_string()),
            ("milestones", wb.milestone_count().to_string()),
            ("round", round),
            ("year", year),
            ("errors", count(Severity::Error).to_string()),
            ("warnings", count(Severity::Warning).to_string()),
            ("infos", count(Severity::Info).to_string()),
        ],
    )
}

/// What `annotate` says when a workbook is written: the changes, and the
/// findings by severity.
pub fn annotated_line(t: &Template, out: &Path, changes: usize, findings: &[Finding]) -> String {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    fill(
        &t.words.annotated,
        &[
            ("path", safe(&out.display().to_string()).into_owned()),
            ("changes", changes.to_string()),
            ("findings", findings.len().to_string()),
            ("errors", count(Severity::Error).to_string()),
            ("warnings", count(Severity::Warning).to_string()),
            ("infos", count(Severity::Info).to_string()),
        ],
    )
}

/// A finding as the `Kontrol` column and a note say it: `M005: …`.
pub fn finding_mark(f: &Finding) -> String {
    format!("{}: {}", f.code, f.message)
}

/// The words a change puts in the `Ændring` column: `😐 → ☺`, `status
/// ændret`, `ny`.
pub fn change_mark(c: &Change, t: &Template) -> String {
    match &c.kind {
        Kind::InitiativeAdded { .. } | Kind::MilestoneAdded { .. } | Kind::RowAdded { .. } => {
            t.diff.added.clone()
        }
        Kind::InitiativeRemoved { .. }
        | Kind::MilestoneRemoved { .. }
        | Kind::RowRemoved { .. } => t.diff.removed.clone(),
        Kind::SmileyChanged { before, after, .. } => {
            format!(
                "{} → {}",
                glyph_or_dash(t, *before),
                glyph_or_dash(t, *after)
            )
        }
        Kind::TextChanged { field, .. } => t
            .annotate
            .field_changed
            .replace("{field}", field_word(t, *field)),
        Kind::DeadlineMoved { before, after, .. } => {
            format!("{}: {before} → {after}", deadline_word(c, t))
        }
        Kind::AmountChanged { before, after } => {
            format!("{}: {before} → {after}", t.diff.amount_changed)
        }
    }
}

/// A moved deadline's word: `frist udskudt` for a later round, else
/// `frist flyttet`.
pub fn deadline_word<'a>(c: &Change, t: &'a Template) -> &'a str {
    if c.kind.is_postponement() {
        &t.diff.deadline_postponed
    } else {
        &t.diff.deadline_moved
    }
}

/// The kind of a change as the `Ændringer` sheet names it: `smiley
/// forbedret`, `tekst ændret`.
pub fn kind_word(c: &Change, t: &Template) -> String {
    let d = &t.diff;
    match &c.kind {
        Kind::InitiativeAdded { .. } => d.initiative_added.clone(),
        Kind::InitiativeRemoved { .. } => d.initiative_removed.clone(),
        Kind::MilestoneAdded { .. } => d.milestone_added.clone(),
        Kind::MilestoneRemoved { .. } => d.milestone_removed.clone(),
        Kind::SmileyChanged { direction, .. } => {
            format!("{} {}", d.smiley_changed, direction_word(t, *direction))
        }
        Kind::TextChanged { .. } => d.text_changed.clone(),
        Kind::DeadlineMoved { .. } => deadline_word(c, t).to_string(),
        Kind::AmountChanged { .. } => d.amount_changed.clone(),
        Kind::RowAdded { .. } => d.row_added.clone(),
        Kind::RowRemoved { .. } => d.row_removed.clone(),
    }
}

/// What a change was and became, as the `Ændringer` sheet shows it.
pub fn before_after(c: &Change, t: &Template) -> (String, String) {
    let glyph = |s: Option<Smiley>| s.map_or(String::new(), |s| t.glyph(s).to_string());
    match &c.kind {
        Kind::InitiativeAdded { title } => (String::new(), title.clone()),
        Kind::InitiativeRemoved { title } => (title.clone(), String::new()),
        Kind::MilestoneAdded { text } => (String::new(), text.clone()),
        Kind::MilestoneRemoved { text } => (text.clone(), String::new()),
        Kind::SmileyChanged { before, after, .. } => (glyph(*before), glyph(*after)),
        Kind::TextChanged { before, after, .. } => (before.clone(), after.clone()),
        Kind::DeadlineMoved { before, after, .. } => (before.clone(), after.clone()),
        Kind::AmountChanged { before, after } => (before.to_string(), after.to_string()),
        Kind::RowAdded { key } => (String::new(), key.clone()),
        Kind::RowRemoved { key } => (key.clone(), String::new()),
    }
}

/// The field a change is about, as the `Ændringer` sheet names it.
pub fn change_field(c: &Change) -> Option<Field> {
    match &c.kind {
        Kind::SmileyChanged { field, .. } | Kind::TextChanged { field, .. } => Some(*field),
        Kind::AmountChanged { .. } if c.row.is_none() => Some(Field::Economy),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_talk_to_the_terminal() {
        let cases = [
            ("\u{1b}[2J", "\\x1B[2J"),
            ("ring\u{7}", "ring\\x07"),
            ("back\u{8}", "back\\x08"),
            ("0 fejl\r1 fejl", "0 fejl\\r1 fejl"),
            ("a\u{202E}b", "a\\u{202E}b"),
            ("a\u{2066}b", "a\\u{2066}b"),
            ("\u{9b}31m", "\\x9B31m"),
            ("tab\tstays", "tab\tstays"),
            ("æøå ☺ 😐", "æøå ☺ 😐"),
        ];
        for (cell, shown) in cases {
            assert_eq!(safe(cell), shown, "{cell:?}");
        }
    }
}
