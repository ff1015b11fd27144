//! `opfolg check`: read one workbook (or every workbook of a folder), run
//! the rule table, report.

use std::fmt::Write as _;

use super::{Outcome, load, print, settings};
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{self, Checked, Settings};
use crate::present::{check_summary, finding_line};
use crate::report::check_json;
use crate::template::Template;
use crate::validate::Severity;

/// A check as text: one line per finding and the summary.
pub fn text(c: &Checked, t: &Template) -> String {
    let mut s = String::new();
    for f in &c.findings {
        let _ = writeln!(s, "{}", finding_line(&c.workbook.path, f, t));
    }
    let _ = writeln!(s, "{}", check_summary(&c.workbook, &c.findings, t));
    s
}

/// Exit 1 when a check found errors.
pub fn outcome<'a>(checks: impl IntoIterator<Item = &'a Checked>) -> Outcome {
    let errors = checks
        .into_iter()
        .flat_map(|c| &c.findings)
        .any(|f| f.severity == Severity::Error);
    if errors {
        Outcome::Findings
    } else {
        Outcome::Success
    }
}

/// Runs `check`.
///
/// # Errors
/// The workbook cannot be read (or a folder's workbooks not all).
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, Some(&args.round_year))?;
    if args.workbook.is_dir() {
        return check_dir(args, &s);
    }
    let t = &s.template;
    let current = load(&args.workbook, t)?;
    let previous = args.previous.as_ref().map(|p| load(p, t)).transpose()?;
    let checked = pipeline::check(&current, previous.as_ref(), &s)?;
    super::warn(&checked.notices);
    let out = match args.format {
        Format::Json => {
            serde_json::to_string_pretty(&check_json(&checked.workbook, &checked.findings))? + "\n"
        }
        Format::Text => text(&checked, &s.template),
    };
    print(&out)?;
    Ok(outcome([&checked]))
}

/// `opfolg check DIR`: every workbook, the worst exit code of them.
///
/// # Errors
/// The folder cannot be read, or some workbook failed (the others are
/// still reported).
fn check_dir(args: &CheckArgs, s: &Settings) -> anyhow::Result<Outcome> {
    let t = &s.template;
    let mut notices = Vec::new();
    let files = super::batch::workbooks(&args.workbook, t, &mut notices)?;
    super::warn(&notices);
    let results = super::batch::on_all_cores(files.len(), |i| {
        pipeline::check(&load(&files[i], t)?, None, s)
    });
    let mut checked = Vec::new();
    let mut failed = 0;
    for r in results {
        match r {
            Ok(c) => {
                super::warn(&c.notices);
                checked.push(c);
            }
            Err(e) => {
                failed += 1;
                eprintln!("opfolg: {e:#}");
            }
        }
    }
    let out = match args.format {
        Format::Json => {
            let docs: Vec<_> = checked
                .iter()
                .map(|c| check_json(&c.workbook, &c.findings))
                .collect();
            serde_json::to_string_pretty(&docs)? + "\n"
        }
        Format::Text => checked.iter().map(|c| text(c, t)).collect(),
    };
    print(&out)?;
    if failed > 0 {
        anyhow::bail!(
            "{}",
            crate::template::fill(&t.batch.failed, &[("failed", failed.to_string())])
        );
    }
    Ok(outcome(&checked))
}
