//! The JSON wire types of SPEC §6, kept apart from the model so a refactor
//! cannot change the output. Words for people are `present`'s.

pub mod diff;

use serde::Serialize;

use crate::model::Workbook;
use crate::validate::{Finding, Severity};

/// One finding as JSON.
#[derive(Debug, Serialize)]
pub struct FindingJson<'a> {
    /// The rule's code: `"M002"`.
    pub code: &'a str,
    /// `"error"`, `"warning"` or `"info"`.
    pub severity: Severity,
    /// The sheet's name.
    pub sheet: &'a str,
    /// The cell in A1 style: `"C12"`.
    pub cell: String,
    /// The initiative's id, or `null`.
    pub initiative: Option<&'a str>,
    /// The message in the template's language.
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
    /// The workbook's path as given.
    pub workbook: &'a str,
    /// The round (0-4), or `null` if unknown.
    pub round: Option<u8>,
    /// The agreement's year, or `null` if unknown.
    pub year: Option<i32>,
    /// How many initiative blocks were read.
    pub initiatives: usize,
    /// How many milestones with text were read (placeholders not counted).
    pub milestones: usize,
    /// Every finding, top to bottom.
    pub findings: Vec<FindingJson<'a>>,
}

/// The JSON document of a check.
pub fn check_json<'a>(wb: &'a Workbook, findings: &'a [Finding]) -> CheckJson<'a> {
    CheckJson {
        workbook: &wb.path,
        round: wb.round(),
        year: wb.year(),
        initiatives: wb.distinct_initiatives().count(),
        milestones: wb.milestone_count(),
        findings: findings.iter().map(FindingJson::from).collect(),
    }
}
