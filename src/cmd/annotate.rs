//! `opfolg annotate`: the main job — the workbook back with the smiley
//! history, the changes and the findings written into it. Given folders,
//! every committee's workbook (see `batch`).

use super::{Outcome, check_output, default_output, load, print, save, settings};
use crate::cli::AnnotateArgs;
use crate::pipeline;
use crate::present::annotated_line;

/// Runs `annotate`.
///
/// # Errors
/// A workbook cannot be read, or the output may not or cannot be written.
pub fn run(args: &AnnotateArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, Some(&args.round_year))?;
    let t = &s.template;
    if args.current.is_dir() {
        return super::batch::annotate_dir(args, &s);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.current, t));
    let found = match (&args.previous, args.no_previous) {
        (None, false) => Some(super::previous::find(&args.current, s.overrides, t)),
        _ => None,
    };
    let previous = match &found {
        Some(f) => f.previous.as_deref(),
        None => args.previous.as_deref(),
    };
    let mut inputs = vec![args.current.as_path()];
    inputs.extend(previous);
    let macros = super::macros_of_file(&args.current).unwrap_or(false);
    check_output(&out, &inputs, args.force, macros, t)?;
    let current = load(&args.current, t)?;
    let previous = previous.map(|p| load(p, t)).transpose()?;
    let done = pipeline::annotate(&current, previous, false, &s)?;
    drop(current);
    save(&done.bytes, &out, args.force, t)?;
    // Which previous round was taken: said once the annotation stands.
    if let Some(f) = found.filter(|f| !f.notice.is_empty()) {
        super::warn(&[f.notice]);
    }
    super::warn(&done.notices);
    let mut lines = String::new();
    lines.push_str(&annotated_line(t, &out, done.changes, &done.findings));
    lines.push('\n');
    print(&lines)?;
    // The command ends the process: the workbook's model, findings and
    // marks are not freed one by one (a tenth of a second at 20,000
    // initiatives); the system takes the memory back at once.
    std::mem::forget(done);
    Ok(Outcome::Success)
}
