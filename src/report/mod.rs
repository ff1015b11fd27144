//! What `check` prints: the JSON wire types of SPEC §6, kept apart from the
//! model so a refactor cannot change the output, and the compiler-style text.

pub mod diff;

use serde::Serialize;

use crate::model::Workbook;
use crate::template::Template;
use crate::validate::{Finding, Severity};

/// One finding as JSON.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    pub code: &'a str,
    pub severity: Severity,
    pub sheet: &'a str,
    pub cell: String,
    pub initiative: Option<&'a str>,
    pub message: &'a str,
}

impl<'a> From<&'a Finding> for FindingJson<'a> {
    fn from(f: &'a Finding) -> Self {
        FindingJson {
            code: f.code,
            severity: f.severity,
            sheet: &f.sheet,
            cell: f.cell.a1(),
            initiative: f.initiative.as_deref(),
            message: &f.message,
        }
    }
}

/// `check --format json`.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    pub workbook: &'a str,
    pub round: Option<u8>,
    pub year: Option<i32>,
    pub initiatives: usize,
    pub milestones: usize,
    pub findings: Vec<FindingJson<'a>>,
}

/// Milestones with text (placeholders are not counted).
pub fn milestone_count(wb: &Workbook) -> usize {
    wb.initiatives()
        .flat_map(|i| &i.milestones)
        .filter(|m| !m.is_placeholder())
        .count()
}

/// The JSON document of a check.
pub fn check_json<'a>(wb: &'a Workbook, findings: &'a [Finding]) -> CheckJson<'a> {
    CheckJson {
        workbook: &wb.path,
        round: wb.round(),
        year: wb.year(),
        initiatives: wb.initiatives().count(),
        milestones: milestone_count(wb),
        findings: findings.iter().map(FindingJson::from).collect(),
    }
}

fn severity_word(s: Severity) -> &'static str {
    // Compiler style keeps these words fixed whatever the template, so
    // editors and scripts can read the lines.
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
        "{path}:{}!{}: {}[{}]: {}{suffix}",
        f.sheet,
        f.cell.a1(),
        severity_word(f.severity),
        f.code,
        f.message
    )
}

/// The closing summary line of a check, in the template's words.
pub fn summary_line(wb: &Workbook, findings: &[Finding], t: &Template) -> String {
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let round = wb
        .round()
        .map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    let year = wb
        .year()
        .map_or_else(|| t.words.unknown.clone(), |y| y.to_string());
    t.words
        .summary
        .replace("{workbook}", &wb.path)
        .replace("{initiatives}", &wb.initiatives().count().to_string())
        .replace("{milestones}", &milestone_count(wb).to_string())
        .replace("{round}", &round)
        .replace("{year}", &year)
        .replace("{errors}", &count(Severity::Error).to_string())
        .replace("{warnings}", &count(Severity::Warning).to_string())
        .replace("{infos}", &count(Severity::Info).to_string())
}
