//! `opfolg check`: read one workbook (or every workbook of a folder), run
//! the rule table, report.

use std::fmt::Write as _;
use std::path::Path;

use super::{Outcome, load_template, print, read_or_fail};
use crate::cli::{CheckArgs, Format};
use crate::read::{Overrides, read_workbook};
use crate::report;
use crate::template::Template;
use crate::validate::{self, Severity};

/// Checks one workbook; returns the report and whether it found errors.
pub fn check_one(
    path: &Path,
    previous: Option<&Path>,
    overrides: Overrides,
    format: Format,
    t: &Template,
) -> anyhow::Result<(String, bool)> {
    let read = read_or_fail(path, read_workbook(path, t, overrides), t)?;
    let wb = &read.workbook;
    let changes = match previous {
        Some(p) => {
            let prev = read_or_fail(p, read_workbook(p, t, Overrides::default()), t)?;
            Some(crate::diff::diff(&prev.workbook, wb))
        }
        None => None,
    };
    let findings = validate::check(wb, t, &read.malformed, changes.as_deref());
    let out = match format {
        Format::Json => serde_json::to_string_pretty(&report::check_json(wb, &findings))? + "\n",
        Format::Text => {
            let mut s = String::new();
            for f in &findings {
                writeln!(s, "{}", report::finding_line(&wb.path, f, t))?;
            }
            writeln!(s, "{}", report::summary_line(wb, &findings, t))?;
            s
        }
    };
    Ok((out, findings.iter().any(|f| f.severity == Severity::Error)))
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let overrides = Overrides {
        round: args.round_year.round,
        year: args.round_year.year,
    };
    if args.workbook.is_dir() {
        return super::batch::check_dir(args, overrides, &t);
    }
    let (out, errors) = check_one(
        &args.workbook,
        args.previous.as_deref(),
        overrides,
        args.format,
        &t,
    )?;
    print(&out)?;
    Ok(if errors {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}
