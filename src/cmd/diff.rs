//! `opfolg diff`: align two rounds, compare them, report the changes and
//! the D findings.

use std::io::IsTerminal;

use super::{Outcome, load_template, print, read_or_fail};
use crate::cli::{DiffArgs, Format};
use crate::diff::diff;
use crate::read::raw::Detail;
use crate::read::{Overrides, read_pair};
use crate::report::diff::{Style, diff_json, diff_text};
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
    let prev = read_or_fail(&args.previous, prev, &t)?.workbook;
    let cur = read_or_fail(&args.current, cur, &t)?.workbook;
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
