//! `opfolg new-round`: the next round's workbook to send out.

use std::path::PathBuf;

use super::{Outcome, check_output, failed, load, print, save, settings};
use crate::cli::NewRoundArgs;
use crate::pipeline;

/// Runs `new-round`.
///
/// # Errors
/// The workbook cannot be read, its round is unknown, or the output may
/// not or cannot be written.
pub fn run(args: &NewRoundArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, Some(&args.round_year))?;
    let t = &s.template;
    if args.per_center {
        return per_center(args, &s);
    }
    let workbook = load(&args.workbook, t)?;
    let done = pipeline::new_round(&workbook, &s)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.workbook.with_file_name(&done.name));
    let macros = pipeline::macros(&workbook).unwrap_or(false);
    check_output(&out, &[&args.workbook], args.force, macros, t)?;
    save(&done.bytes, &out, args.force, t)?;
    super::warn(&done.notices);
    let path = out.display().to_string();
    let line = match &done.carried {
        Some(carried) => format!(
            "{}\n{}",
            carried.line(&path, t),
            crate::plan::carry::Carried::next_step(&path, false, t)
        ),
        None => t
            .words
            .handed_out
            .replace("{path}", &path)
            .replace("{round}", t.round_label(done.round)),
    };
    print(&format!("{line}\n"))?;
    Ok(Outcome::Success)
}

/// `new-round --per-center`: the folder of hand-outs.
fn per_center(args: &NewRoundArgs, s: &pipeline::Settings) -> anyhow::Result<Outcome> {
    let t = &s.template;
    let workbook = load(&args.workbook, t)?;
    let done = pipeline::new_round_per_center(&workbook, s)?;
    let whole_name = done.whole_name.clone();
    // Default: the whole hand-out's name, as a folder beside the workbook.
    let folder = args
        .output
        .clone()
        .unwrap_or_else(|| args.workbook.with_file_name(&whole_name).with_extension(""));
    std::fs::create_dir_all(&folder)
        .map_err(|e| failed(&folder, crate::output::OutputError::from(e).message(t)))?;
    let macros = pipeline::macros(&workbook).unwrap_or(false);
    let whole = folder.join(&whole_name);
    let files: Vec<PathBuf> = done
        .centers
        .iter()
        .map(|(_, name, _)| folder.join(name))
        .collect();
    for file in std::iter::once(&whole).chain(&files) {
        check_output(file, &[&args.workbook], args.force, macros, t)?;
    }
    save(&done.whole, &whole, args.force, t)?;
    for (file, (_, _, bytes)) in files.iter().zip(&done.centers) {
        save(bytes, file, args.force, t)?;
    }
    super::warn(&done.notices);
    let line = crate::template::fill(
        &t.handout.per_center_done,
        &[
            ("count", done.centers.len().to_string()),
            ("round", t.round_label(done.round).to_string()),
            ("folder", folder.display().to_string()),
            ("whole", whole_name.clone()),
        ],
    );
    let mut lines = format!("{line}\n");
    for file in &files {
        lines.push_str(&format!("  {}\n", file.display()));
    }
    print(&lines)?;
    Ok(Outcome::Success)
}
