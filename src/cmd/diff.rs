//! `opfolg diff`: compare two rounds, report the changes and the D findings.

use std::io::IsTerminal;

use super::{Outcome, load, print, settings};
use crate::cli::{DiffArgs, Format};
use crate::pipeline;
use crate::present::diff::{Style, diff_text};
use crate::report::diff::diff_json;

/// Runs `diff`.
///
/// # Errors
/// A workbook cannot be read.
pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, None)?;
    let t = &s.template;
    let previous = load(&args.previous, t)?;
    let current = load(&args.current, t)?;
    let d = pipeline::compare(&previous, &current, &s)?;
    super::warn(&d.notices);
    let out = match args.format {
        Format::Json => {
            let doc = diff_json(
                &d.previous.path,
                &d.current.path,
                &d.comparison.changes,
                &d.findings,
                t,
            );
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let style = if color { Style::Color } else { Style::Plain };
            diff_text(
                &d.previous,
                &d.current,
                &d.comparison.changes,
                &d.findings,
                t,
                style,
            )
        }
    };
    print(&out)?;
    Ok(Outcome::Success)
}
