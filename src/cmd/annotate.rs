//! `opfolg annotate`: the main job. Read the current (and previous) round,
//! check and compare, and write the annotated workbook.

use anyhow::Context;

use super::{Outcome, load_template, print};
use crate::cli::AnnotateArgs;
use crate::diff::diff;
use crate::read::raw::Detail;
use crate::read::{Overrides, read_for_copy, read_pair};
use crate::validate;
use crate::write::{self, Annotation};

/// Runs `annotate`.
pub fn run(args: &AnnotateArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| write::default_output(&args.current));
    let mut inputs = vec![args.current.as_path()];
    inputs.extend(args.previous.as_deref());
    write::check_output(&out, &inputs, args.force).with_context(|| out.display().to_string())?;

    let overrides = Overrides {
        round: args.round_year.round,
        year: args.round_year.year,
    };
    let name = |p: &std::path::Path| p.display().to_string();
    let (cur, prev) = match &args.previous {
        Some(p) => {
            let (prev, cur) = read_pair(p, &args.current, &t, overrides, Detail::Full);
            let cur = cur.with_context(|| name(&args.current))?;
            (cur, Some(prev.with_context(|| name(p))?.workbook))
        }
        None => (
            read_for_copy(&args.current, &t, overrides).with_context(|| name(&args.current))?,
            None,
        ),
    };
    let changes = prev
        .as_ref()
        .map(|p| diff(p, &cur.workbook))
        .unwrap_or_default();
    let findings = validate::check(
        &cur.workbook,
        &t,
        &cur.malformed,
        prev.as_ref().map(|_| changes.as_slice()),
    );
    let raw = cur.raw.as_ref().expect("read_for_copy keeps the cells");
    let annotation = Annotation {
        t: &t,
        current: &cur.workbook,
        raw,
        previous: prev.as_ref(),
        changes: &changes,
        findings: &findings,
    };
    let mut wb = write::build(&annotation).with_context(|| out.display().to_string())?;
    write::save(&mut wb, &out).with_context(|| out.display().to_string())?;
    let line = t
        .words
        .annotated
        .replace("{path}", &out.display().to_string())
        .replace("{changes}", &changes.len().to_string())
        .replace("{findings}", &findings.len().to_string());
    print(&format!("{line}\n"))?;
    Ok(Outcome::Success)
}
