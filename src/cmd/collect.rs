//! `opfolg collect`: the centers' returns gathered into the whole round's
//! workbook, with one plain summary of what was taken and what was not.

use super::{Outcome, print, settings};
use crate::cli::CollectArgs;
use crate::pipeline;

/// Runs `collect`.
///
/// # Errors
/// WORKBOOK cannot be read or is not the whole round's workbook, or the
/// output may not or cannot be written.
pub fn run(args: &CollectArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, None)?;
    let t = &s.template;
    let c = &t.collect;
    let done = pipeline::collect(
        &args.workbook,
        &args.returns,
        args.output.as_deref(),
        args.force,
        &s,
    )?;
    let refused: Vec<String> = done
        .refused
        .iter()
        .map(|(f, why)| format!("{}: {why}", f.display()))
        .collect();
    super::warn(&refused);
    let mut out = c
        .summary
        .replace("{round}", t.round_label(done.round))
        .replace("{returned}", &done.returned.len().to_string())
        .replace("{centers}", &done.centers.len().to_string())
        .replace("{cells}", &done.taken.to_string());
    out.push('\n');
    for center in &done.missing {
        out.push_str(&format!("  {center}: {}\n", c.missing));
    }
    for o in &done.outside {
        out.push_str(&format!(
            "  {}: {}!{}: «{}» → «{}»: {}\n",
            o.center, o.sheet, o.cell, o.before, o.after, c.outside
        ));
    }
    for k in &done.conflicts {
        let answers: Vec<String> = k
            .answers
            .iter()
            .map(|a| format!("{} «{}»", a.0, a.1))
            .collect();
        out.push_str(&format!(
            "  {}!{}: {}: {}\n",
            k.sheet,
            k.cell,
            answers.join(" · "),
            c.conflict
        ));
    }
    if !(done.missing.is_empty() && done.outside.is_empty() && done.conflicts.is_empty()) {
        out.push_str(
            &c.problems
                .replace("{missing}", &done.missing.len().to_string())
                .replace("{outside}", &done.outside.len().to_string())
                .replace("{conflicts}", &done.conflicts.len().to_string())
                .replace("{sheet}", &c.sheet),
        );
        out.push('\n');
    }
    out.push_str(&c.written.replace("{path}", &done.out.display().to_string()));
    out.push('\n');
    print(&out)?;
    Ok(Outcome::Success)
}
