//! The JSON of `diff` (SPEC §6).

use serde::Serialize;
use serde_json::Value;

use super::FindingJson;
use crate::diff::{Change, Direction, Field, Kind, Segment};
use crate::model::{Amount, Smiley};
use crate::template::Template;
use crate::validate::Finding;

/// One change as JSON.
#[derive(Debug, Serialize)]
pub struct ChangeJson<'a> {
    /// The change's kind: `"smiley_changed"`.
    pub kind: &'static str,
    /// The sheet's name (the previous workbook's for removals).
    pub sheet: &'a str,
    /// The cell in A1 style.
    pub cell: String,
    /// The initiative's id, or `null` (amount tables).
    pub initiative: Option<&'a str>,
    /// The milestone's 1-based position, or `null`.
    pub milestone: Option<usize>,
    /// The field of a smiley, text or economy amount change, else `null`.
    pub field: Option<Field>,
    /// The amount-table row's key, or `null`.
    pub row: Option<&'a str>,
    /// The amount-table row's group (`Drift`); only where the table has groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'a str>,
    /// The amount-table column's header, or `null`.
    pub column: Option<&'a str>,
    /// What it was: text, a smiley glyph, an amount in kr, or `null`.
    pub before: Value,
    /// What it is now, in the same terms as `before`.
    pub after: Value,
    /// Which way a smiley moved; only on smiley changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// `after - before` in kr; only on amount changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delta_kr: Option<Value>,
    /// Whether a moved deadline moved to a later round; only on
    /// `deadline_moved`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub postponed: Option<bool>,
    /// The text word by word, changes marked; only on text changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<&'a [Segment]>,
}

/// `diff --format json`.
#[derive(Debug, Serialize)]
pub struct DiffJson<'a> {
    /// The previous round's path as given.
    pub previous: &'a str,
    /// The current round's path as given.
    pub current: &'a str,
    /// Every change, blocks first, then tables.
    pub changes: Vec<ChangeJson<'a>>,
    /// The D findings on the current workbook.
    pub findings: Vec<FindingJson<'a>>,
}

/// An amount in kr as a JSON number: whole kroner as an integer.
pub fn kr_value(a: Amount) -> Value {
    if a.ore % 100 == 0 {
        Value::from(a.ore / 100)
    } else {
        serde_json::Number::from_f64(a.ore as f64 / 100.0).map_or(Value::Null, Value::Number)
    }
}

fn text_value(s: &str) -> Value {
    Value::String(s.to_string())
}

fn smiley_value(t: &Template, s: Option<Smiley>) -> Value {
    s.map_or(Value::Null, |s| text_value(t.glyph(s)))
}

/// What every change says: its kind and where it is.
fn located(c: &Change) -> ChangeJson<'_> {
    ChangeJson {
        kind: c.kind.name(),
        sheet: &c.sheet,
        cell: c.cell.a1(),
        initiative: c.initiative.as_deref(),
        milestone: c.milestone,
        field: None,
        row: c.row.as_deref(),
        group: c.group.as_deref(),
        column: c.column.as_deref(),
        before: Value::Null,
        after: Value::Null,
        direction: None,
        delta_kr: None,
        postponed: None,
        segments: None,
    }
}

/// One change as JSON.
pub fn change_json<'a>(c: &'a Change, t: &Template) -> ChangeJson<'a> {
    let mut j = located(c);
    match &c.kind {
        Kind::InitiativeAdded { title } => j.after = text_value(title),
        Kind::InitiativeRemoved { title } => j.before = text_value(title),
        Kind::MilestoneAdded { text } => j.after = text_value(text),
        Kind::MilestoneRemoved { text } => j.before = text_value(text),
        Kind::SmileyChanged {
            field,
            before,
            after,
            direction,
            ..
        } => {
            j.field = Some(*field);
            j.before = smiley_value(t, *before);
            j.after = smiley_value(t, *after);
            j.direction = Some(*direction);
        }
        Kind::TextChanged {
            field,
            before,
            after,
            segments,
        } => {
            j.field = Some(*field);
            j.before = text_value(before);
            j.after = text_value(after);
            j.segments = Some(segments);
        }
        Kind::DeadlineMoved { before, after, .. } => {
            (j.before, j.after) = (text_value(before), text_value(after));
            j.postponed = Some(c.kind.is_postponement());
        }
        Kind::RowAdded { key } => j.after = text_value(key),
        Kind::RowRemoved { key } => j.before = text_value(key),
        Kind::AmountChanged { before, after } => {
            // In an amount table the row and column say where; in a block
            // it is the economy row.
            j.field = c.row.is_none().then_some(Field::Economy);
            j.before = kr_value(*before);
            j.after = kr_value(*after);
            j.delta_kr = Some(kr_value(Amount {
                ore: after.ore - before.ore,
            }));
        }
    }
    j
}

/// The JSON document of a diff.
pub fn diff_json<'a>(
    previous: &'a str,
    current: &'a str,
    changes: &'a [Change],
    findings: &'a [Finding],
    t: &Template,
) -> DiffJson<'a> {
    DiffJson {
        previous,
        current,
        changes: changes.iter().map(|c| change_json(c, t)).collect(),
        findings: findings.iter().map(FindingJson::from).collect(),
    }
}
