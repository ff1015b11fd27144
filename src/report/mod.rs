//! The JSON wire types of SPEC §6, kept apart from the model so a refactor
//! cannot change the output. Words for people are `present`'s.

pub mod diff;

use serde::Serialize;

use crate::model::Workbook;
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

/// The JSON document of a check.
pub fn check_json<'a>(wb: &'a Workbook, findings: &'a [Finding]) -> CheckJson<'a> {
    CheckJson {
        workbook: &wb.path,
        round: wb.round(),
        year: wb.year(),
        initiatives: wb.initiatives().count(),
        milestones: wb.milestone_count(),
        findings: findings.iter().map(FindingJson::from).collect(),
    }
}
