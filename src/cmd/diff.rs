//! `opfolg diff`: align two rounds, compare them, report the changes and
//! the D findings.

use std::io::IsTerminal;

use anyhow::Context;

use super::{Outcome, load_template, print};
use crate::cli::{DiffArgs, Format};
use crate::diff::diff;
use crate::present::diff::{Style, diff_text};
use crate::read::raw::Detail;
use crate::read::{Overrides, read_pair};
use crate::report::diff::diff_json;
use crate::validate;

/// Runs `diff`.
pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let (prev, cur) = read_pair(
        &args.previous,
        &args.current,
        &t,
        Overrides::default(),
        Detail::Values,
    );
    let prev = prev
        .with_context(|| args.previous.display().to_string())?
        .workbook;
    let cur = cur
        .with_context(|| args.current.display().to_string())?
        .workbook;
    let changes = diff(&prev, &cur);
    let findings = validate::check_changes(&cur, &t, &changes);
    let out = match args.format {
        Format::Json => {
            let doc = diff_json(&prev.path, &cur.path, &changes, &findings, &t);
            serde_json::to_string_pretty(&doc)? + "\n"
        }
        Format::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let style = if color { Style::Color } else { Style::Plain };
            diff_text(&prev, &cur, &changes, &findings, &t, style)
        }
    };
    print(&out)?;
    Ok(Outcome::Success)
}
