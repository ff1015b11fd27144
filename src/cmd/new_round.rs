//! `opfolg new-round`: the next round's workbook to send out.

use std::path::{Path, PathBuf};

use super::{Outcome, check_output, failed, load, print, save, settings};
use crate::cli::NewRoundArgs;
use crate::pipeline::{self, names};

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

/// The hand-out's default path: beside the workbook, named by
/// [`names::handout`].
pub fn handout_output(
    input: &Path,
    next: crate::model::Round,
    t: &crate::template::Template,
) -> PathBuf {
    input.with_file_name(names::handout(&file_name(input), next, t))
}

/// Runs `new-round`.
///
/// # Errors
/// The workbook cannot be read, its round is unknown or the last, or the
/// output may not or cannot be written.
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
        .unwrap_or_else(|| handout_output(&args.workbook, done.round, t));
    let macros = pipeline::macros(&workbook).unwrap_or(false);
    check_output(&out, &[&args.workbook], args.force, macros, t)?;
    save(&done.bytes, &out, args.force, t)?;
    super::warn(&done.notices);
    let mut lines = String::new();
    lines.push_str(
        &t.words
            .handed_out
            .replace("{path}", &out.display().to_string())
            .replace("{round}", t.round_label(done.round)),
    );
    lines.push('\n');
    print(&lines)?;
    Ok(Outcome::Success)
}

/// `new-round --per-center`: the folder of hand-outs.
fn per_center(args: &NewRoundArgs, s: &pipeline::Settings) -> anyhow::Result<Outcome> {
    let t = &s.template;
    let workbook = load(&args.workbook, t)?;
    let done = pipeline::new_round_per_center(&workbook, s)?;
    let whole_name = names::handout(&file_name(&args.workbook), done.round, t);
    // Default: the whole hand-out's name, as a folder.
    let folder = args
        .output
        .clone()
        .unwrap_or_else(|| handout_output(&args.workbook, done.round, t).with_extension(""));
    std::fs::create_dir_all(&folder)
        .map_err(|e| failed(&folder, crate::output::OutputError::from(e).message(t)))?;
    let macros = pipeline::macros(&workbook).unwrap_or(false);
    let ext = names::handout_extension(&file_name(&args.workbook), t);
    let whole = folder.join(&whole_name);
    let files: Vec<PathBuf> = done
        .centers
        .iter()
        .map(|(c, _)| folder.join(names::center_file(c.as_deref(), &ext, t)))
        .collect();
    for file in std::iter::once(&whole).chain(&files) {
        check_output(file, &[&args.workbook], args.force, macros, t)?;
    }
    save(&done.whole, &whole, args.force, t)?;
    for (file, (_, bytes)) in files.iter().zip(&done.centers) {
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

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::handout_output;
    use crate::template::Template;

    #[test]
    fn output_names() {
        let t = Template::danish();
        let cases = [
            (
                "samples/budget2018-opfoelgning-1.xlsx",
                2,
                "samples/budget2018-opfoelgning-2.xlsx",
            ),
            ("a/opf2.xlsx", 3, "a/opf3.xlsx"),
            ("plan.xlsx", 1, "plan-opf1.xlsx"),
            ("plan.xlsm", 1, "plan-opf1.xlsm"),
            ("plan.ods", 1, "plan-opf1.xlsx"),
        ];
        for (input, next, want) in cases {
            assert_eq!(
                handout_output(Path::new(input), next, &t),
                PathBuf::from(want),
                "{input}"
            );
        }
    }
}
