//! `opfolg annotate`: the main job. Read the current (and previous) round,
//! check and compare, and write the annotated workbook. Given folders, it
//! annotates every committee's workbook (see `batch`).

use std::path::Path;

use super::{Outcome, failed, load_template, print, read_or_fail};
use crate::cli::AnnotateArgs;
use crate::diff::{Change, diff};
use crate::model::Workbook;
use crate::read::raw::Detail;
use crate::read::{Overrides, read_for_copy, read_pair};
use crate::template::Template;
use crate::validate::{self, Finding};
use crate::write::{self, Annotation};

/// What annotating one workbook produced, for the report and the overview.
pub struct Annotated {
    pub current: Workbook,
    pub previous: Option<Workbook>,
    pub changes: Vec<Change>,
    pub findings: Vec<Finding>,
}

/// Annotates one workbook into `out`.
pub fn annotate_one(
    current: &Path,
    previous: Option<&Path>,
    out: &Path,
    overrides: Overrides,
    t: &Template,
    force: bool,
) -> anyhow::Result<Annotated> {
    let mut inputs = vec![current];
    inputs.extend(previous);
    write::check_output(out, &inputs, force, write::Extensions::Xlsx)
        .map_err(|e| failed(out, e.message(t)))?;
    let (mut cur, mut prev) = match previous {
        Some(p) => {
            let (prev, cur) = read_pair(p, current, t, overrides, Detail::Full);
            let cur = read_or_fail(current, cur, t)?;
            (cur, Some(read_or_fail(p, prev, t)?.workbook))
        }
        None => (
            read_or_fail(current, read_for_copy(current, t, overrides), t)?,
            None,
        ),
    };
    let changes = prev
        .as_ref()
        .map(|p| diff(p, &cur.workbook))
        .unwrap_or_default();
    let findings = validate::check(
        &cur.workbook,
        t,
        &cur.malformed,
        prev.as_ref().map(|_| changes.as_slice()),
    );
    cur.workbook.shed_descriptions();
    if let Some(p) = prev.as_mut() {
        p.shed_descriptions();
    }
    let raw = cur.raw.as_ref().expect("read_for_copy keeps the cells");
    let annotation = Annotation {
        t,
        current: &cur.workbook,
        raw,
        previous: prev.as_ref(),
        changes: &changes,
        findings: &findings,
    };
    let mut wb = write::build(&annotation)
        .map_err(|e| failed(out, write::WriteError::Build(e).message(t)))?;
    write::save(&mut wb, out, force).map_err(|e| failed(out, e.message(t)))?;
    Ok(Annotated {
        current: cur.workbook,
        previous: prev,
        changes,
        findings,
    })
}

/// The line `annotate` prints when a workbook is written.
pub fn written_line(t: &Template, out: &Path, a: &Annotated) -> String {
    t.words
        .annotated
        .replace("{path}", &out.display().to_string())
        .replace("{changes}", &a.changes.len().to_string())
        .replace("{findings}", &a.findings.len().to_string())
}

/// Runs `annotate`.
pub fn run(args: &AnnotateArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    if args.current.is_dir() {
        return super::batch::annotate_dir(args, &t);
    }
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| write::default_output(&args.current));
    let overrides = Overrides {
        round: args.round_year.round,
        year: args.round_year.year,
    };
    let done = annotate_one(
        &args.current,
        args.previous.as_deref(),
        &out,
        overrides,
        &t,
        args.force,
    )?;
    print(&format!("{}\n", written_line(&t, &out, &done)))?;
    Ok(Outcome::Success)
}
