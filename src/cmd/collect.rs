//! `opfolg collect`: the centers' returns gathered into the whole round's
//! workbook, with one plain summary of what was taken and what was not.

use std::path::{Path, PathBuf};

use super::{Outcome, check_output, load, print, save, settings};
use crate::cli::CollectArgs;
use crate::input::Input;
use crate::output::same_file;
use crate::pipeline::{self, PATCHED_EXTENSIONS};

/// Whether a path is a workbook file a return may be.
fn is_return_file(p: &Path) -> bool {
    let lock = p
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"));
    let ext = p.extension().map(|x| x.to_string_lossy().to_lowercase());
    // Also what LibreOffice or an old Excel saves (.ods, .xls): read if
    // opfolg's marks came along, else said.
    let saved_otherwise = ["ods", "xls", "xlsb"];
    p.is_file()
        && !lock
        && ext.is_some_and(|e| {
            PATCHED_EXTENSIONS.contains(&e.as_str()) || saved_otherwise.contains(&e.as_str())
        })
}

/// The files a list of returns names: folders opened to their workbooks
/// (not lock files), in name order.
fn return_files(returns: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for r in returns {
        if r.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(r)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| is_return_file(p))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(r.clone());
        }
    }
    out
}

/// Runs `collect`.
///
/// # Errors
/// WORKBOOK cannot be read or is not the whole round's workbook, or the
/// output may not or cannot be written.
pub fn run(args: &CollectArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, None)?;
    let t = &s.template;
    let c = &t.collect;
    let workbook = &args.workbook;
    let master = load(workbook, t)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| workbook.with_file_name(pipeline::collected_name(&master, &s)));
    let files: Vec<PathBuf> = return_files(&args.returns)
        .into_iter()
        .filter(|f| !same_file(f, workbook) && !same_file(f, &out))
        .collect();
    if files.is_empty() {
        // An empty folder of returns is said, not passed over in silence.
        let dirs: Vec<String> = args
            .returns
            .iter()
            .map(|r| r.display().to_string())
            .collect();
        super::warn(&[c.none.replace("{returns}", &dirs.join(", "))]);
    }
    let mut inputs: Vec<&Path> = vec![workbook];
    inputs.extend(files.iter().map(PathBuf::as_path));
    let macros = super::macros_of_file(workbook).unwrap_or(false);
    check_output(&out, &inputs, args.force, macros, t)?;
    // A return that cannot be read from the disk is an empty file to the
    // core, which refuses it with the rest.
    let returns: Vec<Input> = files
        .iter()
        .map(|f| load(f, t).unwrap_or_else(|_| Input::new(f.display().to_string(), Vec::new())))
        .collect();
    let done = pipeline::collect(&master, &returns, &s)?;
    drop(returns);
    save(&done.bytes, &out, args.force, t)?;
    let refused: Vec<String> = done
        .refused
        .iter()
        .map(|(f, why)| format!("{f}: {why}"))
        .collect();
    super::warn(&refused);
    print(&report(&done, &out, t))?;
    Ok(Outcome::Success)
}

/// What `collect` says on standard output: the summary, what was not
/// taken, and where the workbook went.
fn report(done: &pipeline::Collected, out: &Path, t: &crate::template::Template) -> String {
    let c = &t.collect;
    let mut lines = crate::template::fill(
        &c.summary,
        &[
            ("round", t.round_label(done.round).to_string()),
            ("returned", done.returned.len().to_string()),
            ("centers", done.centers.len().to_string()),
            ("cells", done.taken.to_string()),
        ],
    );
    lines.push('\n');
    for center in &done.missing {
        lines.push_str(&format!("  {center}: {}\n", c.missing));
    }
    for o in &done.outside {
        lines.push_str(&format!(
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
        lines.push_str(&format!(
            "  {}!{}: {}: {}\n",
            k.sheet,
            k.cell,
            answers.join(" · "),
            c.conflict
        ));
    }
    if !(done.missing.is_empty() && done.outside.is_empty() && done.conflicts.is_empty()) {
        lines.push_str(&crate::template::fill(
            &c.problems,
            &[
                ("missing", done.missing.len().to_string()),
                ("outside", done.outside.len().to_string()),
                ("conflicts", done.conflicts.len().to_string()),
                ("sheet", c.sheet.clone()),
            ],
        ));
        lines.push('\n');
    }
    lines.push_str(&c.written.replace("{path}", &out.display().to_string()));
    lines.push('\n');
    lines
}
