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
    let found = match (&args.previous, args.no_previous) {
        (None, false) => Some(super::previous::find(
            &args.current,
            s.overrides,
            &s.template,
        )),
        _ => None,
    };
    let previous = match &found {
        Some(f) => f.previous.as_deref(),
        None => args.previous.as_deref(),
    };
    let done = pipeline::annotate(&args.current, previous, &out, args.force, &s)?;
    // Which previous round was taken: said once the annotation stands.
    if let Some(f) = found.filter(|f| !f.notice.is_empty()) {
        super::warn(&[f.notice]);
    }
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
