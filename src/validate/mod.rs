//! The rule table: one function per rule code; findings are data.

mod rules;
mod texts;

use serde::Serialize;

pub use rules::RULES;

use crate::diff::Change;
use crate::model::{CellRef, Workbook};
use crate::read::MalformedAt;
use crate::template::Template;

/// The rules of other areas that compare two rounds: M011 (a deadline
/// postponed without a reason).
const PAIR_CODES: &[&str] = &["M011"];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing (HTML in a cell, a moved deadline); `check` exits 0.
    Info,
    /// Likely wrong; `check` still exits 0.
    Warning,
    /// Must be fixed; `check` exits 1.
    Error,
}

/// One rule of the table: its stable code, severity and check.
pub struct Rule {
    /// The stable code (`M002`): its letter is the area (S structure, M
    /// milestones, A amounts, D changes, R round), and it keys the message.
    pub code: &'static str,
    /// How serious its findings are.
    pub severity: Severity,
    /// What the rule finds, in a few English words (for the docs).
    pub summary: &'static str,
    /// Looks at the workbook and adds a finding for each thing wrong.
    pub check: fn(&Ctx, &mut Findings),
}

impl Rule {
    /// Whether the rule compares two rounds (the D codes, and the P codes
    /// on whether the two belong together): it runs with `diff`, `check
    /// --previous` and `annotate --previous`.
    pub fn is_diff(&self) -> bool {
        self.code.starts_with('D') || self.code.starts_with('P') || PAIR_CODES.contains(&self.code)
    }
}

/// One finding: what is wrong, where, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule's code (`M002`).
    pub code: &'static str,
    /// The rule's severity.
    pub severity: Severity,
    /// The cell to fix, in the current workbook.
    pub cell: CellRef,
    /// The name of the cell's sheet.
    pub sheet: String,
    /// The id of the initiative it is about (`3.01`), if any.
    pub initiative: Option<String>,
    /// 1-based position of the milestone in its initiative, if it is about one.
    pub milestone: Option<usize>,
    /// The template's message with its placeholders filled in.
    pub message: String,
}

/// What the rules look at.
pub struct Ctx<'a> {
    /// The workbook being checked (the current round's).
    pub wb: &'a Workbook,
    /// The template: the words and the messages.
    pub t: &'a Template,
    /// The malformed amounts the reader met (A003).
    pub malformed: &'a [MalformedAt],
    /// The changes since the previous round, when one was given.
    pub changes: Option<&'a [Change]>,
    /// The previous round's workbook, when one was given.
    pub previous: Option<&'a Workbook>,
}

/// Collects the findings of the rule being run.
pub struct Findings<'a> {
    rule: &'a Rule,
    wb: &'a Workbook,
    t: &'a Template,
    out: Vec<Finding>,
}

impl Findings<'_> {
    /// Adds a finding of the current rule at `cell`, its message filled from
    /// the template with `args`.
    pub fn add(
        &mut self,
        cell: CellRef,
        initiative: Option<&str>,
        milestone: Option<usize>,
        args: &[(&str, String)],
    ) {
        self.add_as(self.rule.code, cell, initiative, milestone, args);
    }

    /// Adds a finding of the current rule with the template's message
    /// `key` (a variant of the rule's own: `A006_group`).
    pub fn add_as(
        &mut self,
        key: &str,
        cell: CellRef,
        initiative: Option<&str>,
        milestone: Option<usize>,
        args: &[(&str, String)],
    ) {
        self.out.push(Finding {
            code: self.rule.code,
            severity: self.rule.severity,
            cell,
            sheet: self
                .wb
                .sheets
                .get(cell.sheet)
                .map_or_else(String::new, |s| s.name.clone()),
            initiative: initiative.map(str::to_string),
            milestone,
            message: self.t.message(key, args),
        });
    }
}

/// Runs every rule of the table, in table order (the D and P rules when
/// the previous round is given with its changes), then sorts the findings
/// by sheet, row and column so they read top to bottom.
pub fn check(
    wb: &Workbook,
    t: &Template,
    malformed: &[MalformedAt],
    previous: Option<(&Workbook, &[Change])>,
) -> Vec<Finding> {
    let ctx = Ctx {
        wb,
        t,
        malformed,
        changes: previous.map(|p| p.1),
        previous: previous.map(|p| p.0),
    };
    run(&ctx, RULES.iter())
}

/// Runs only the D and P rules: the findings that come with a diff.
pub fn check_changes(
    wb: &Workbook,
    t: &Template,
    previous: &Workbook,
    changes: &[Change],
) -> Vec<Finding> {
    let ctx = Ctx {
        wb,
        t,
        malformed: &[],
        changes: Some(changes),
        previous: Some(previous),
    };
    run(&ctx, RULES.iter().filter(|r| r.is_diff()))
}

fn run<'a>(ctx: &Ctx, rules: impl Iterator<Item = &'a Rule>) -> Vec<Finding> {
    let (wb, t) = (ctx.wb, ctx.t);
    let mut all = Vec::new();
    for rule in rules {
        let mut f = Findings {
            rule,
            wb,
            t,
            out: Vec::new(),
        };
        (rule.check)(ctx, &mut f);
        all.extend(f.out);
    }
    if wb.styles_unknown {
        // The smiley may be there as a fill or a Wingdings letter, unseen.
        let note = t.error("xls_smiley_note", &[("format", wb.format_name())]);
        for f in all.iter_mut().filter(|f| matches!(f.code, "M005" | "A001")) {
            f.message = format!("{} {note}", f.message);
        }
    }
    all.sort_by_key(|f| (f.cell.sheet, f.cell.row, f.cell.col));
    all
}

#[cfg(test)]
mod tests {
    use super::RULES;

    /// docs/format.md lists every rule with its code and severity.
    #[test]
    fn every_rule_is_documented() {
        let doc = include_str!("../../docs/format.md");
        for r in RULES {
            let severity = format!("{:?}", r.severity).to_lowercase();
            assert!(
                doc.contains(&format!("| {} | {severity} |", r.code)),
                "{} ({severity}) is not in docs/format.md",
                r.code
            );
        }
    }
}
