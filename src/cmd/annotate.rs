//! `opfolg annotate`: the main job — the workbook back with the smiley
//! history, the changes and the findings written into it. Given folders,
//! every committee's workbook (see `batch`).

use super::{Outcome, print, settings};
use crate::cli::AnnotateArgs;
use crate::pipeline;
use crate::present::annotated_line;

/// Runs `annotate`.
///
/// # Errors
/// A workbook cannot be read, or the output may not or cannot be written.
pub fn run(args: &AnnotateArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, Some(&args.round_year))?;
    if args.current.is_dir() {
        return super::batch::annotate_dir(args, &s);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| pipeline::default_output(&args.current, &s.template));
    let done = pipeline::annotate(
        &args.current,
        args.previous.as_deref(),
        &out,
        args.force,
        &s,
    )?;
    super::warn(&done.notices);
    let mut lines = String::new();
    lines.push_str(&annotated_line(
        &s.template,
        &out,
        done.changes,
        done.findings.len(),
    ));
    lines.push('\n');
    print(&lines)?;
    Ok(Outcome::Success)
}
