//! `opfolg check`: read one workbook, run the rule table, report.

use std::fmt::Write as _;

use anyhow::Context;

use super::{Outcome, load_template, print};
use crate::cli::{CheckArgs, Format};
use crate::read::{Overrides, read_workbook};
use crate::report;
use crate::validate::{self, Severity};

/// Runs `check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let overrides = Overrides {
        round: args.round_year.round,
        year: args.round_year.year,
    };
    let read = read_workbook(&args.workbook, &t, overrides)
        .with_context(|| args.workbook.display().to_string())?;
    let wb = &read.workbook;
    let changes = match &args.previous {
        Some(p) => {
            let prev = read_workbook(p, &t, Overrides::default())
                .with_context(|| p.display().to_string())?;
            Some(crate::diff::diff(&prev.workbook, wb))
        }
        None => None,
    };
    let findings = validate::check(wb, &t, &read.malformed, changes.as_deref());
    let out = match args.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&report::check_json(wb, &findings))?;
            s.push('\n');
            s
        }
        Format::Text => {
            let mut s = String::new();
            for f in &findings {
                writeln!(s, "{}", report::finding_line(&wb.path, f, &t))?;
            }
            writeln!(s, "{}", report::summary_line(wb, &findings, &t))?;
            s
        }
    };
    print(&out)?;
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if errors {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
