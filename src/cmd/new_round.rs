//! `opfolg new-round`: the next round's workbook to send out.

use super::{Outcome, print, settings};
use crate::cli::NewRoundArgs;
use crate::pipeline;

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
    let done = pipeline::new_round(&args.workbook, args.output.as_deref(), args.force, &s)?;
    super::warn(&done.notices);
    let mut lines = String::new();
    lines.push_str(
        &t.words
            .handed_out
            .replace("{path}", &done.out.display().to_string())
            .replace("{round}", t.round_label(done.round)),
    );
    lines.push('\n');
    print(&lines)?;
    Ok(Outcome::Success)
}

/// `new-round --per-center`: the folder of hand-outs.
fn per_center(args: &NewRoundArgs, s: &pipeline::Settings) -> anyhow::Result<Outcome> {
    let t = &s.template;
    let done =
        pipeline::new_round_per_center(&args.workbook, args.output.as_deref(), args.force, s)?;
    super::warn(&done.notices);
    let line = t
        .handout
        .per_center_done
        .replace("{count}", &done.centers.len().to_string())
        .replace("{round}", t.round_label(done.round))
        .replace("{folder}", &done.folder.display().to_string())
        .replace(
            "{whole}",
            &done
                .whole
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        );
    let mut lines = format!("{line}\n");
    for (_, file) in &done.centers {
        lines.push_str(&format!("  {}\n", file.display()));
    }
    print(&lines)?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::pipeline::handout_output;
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
