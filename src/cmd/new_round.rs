//! `opfolg new-round`: the next round's workbook to send out.

use std::path::{Path, PathBuf};

use anyhow::bail;

use super::{Outcome, failed, load_template, print, read_or_fail};
use crate::cli::NewRoundArgs;
use crate::read::{Overrides, read_for_copy};
use crate::template::Template;
use crate::write;

/// `<stem>-opf3.xlsx` for round 3, the round number replaced if the name
/// already carries one (`budget2018-opf2` → `budget2018-opf3`).
fn default_output(input: &Path, next: u8, t: &Template) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let suffix = t.handout.file_suffix.replace("{round}", &next.to_string());
    let name = match stem.char_indices().last() {
        Some((i, c))
            if c.is_ascii_digit()
                && crate::read::meta::round_from_file_name(input, t).is_some() =>
        {
            format!("{}{next}.xlsx", &stem[..i])
        }
        _ => format!("{stem}{suffix}.xlsx"),
    };
    input.with_file_name(name)
}

/// Runs `new-round`.
pub fn run(args: &NewRoundArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let name = args.workbook.display().to_string();
    let overrides = Overrides {
        round: args.round_year.round,
        year: args.round_year.year,
    };
    let read = read_or_fail(
        &args.workbook,
        read_for_copy(&args.workbook, &t, overrides),
        &t,
    )?;
    let Some(round) = read.workbook.round() else {
        bail!("{name}: the round is unknown; pass --round N (the round this workbook is)");
    };
    if round >= 4 {
        bail!("{name}: this is the year-end follow-up; there is no next round");
    }
    let next = round + 1;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.workbook, next, &t));
    write::check_output(&out, &[&args.workbook], args.force, write::Extensions::Xlsx)
        .map_err(|e| failed(&out, e.message(&t)))?;
    let raw = read.raw.as_ref().expect("read_for_copy keeps the cells");
    let mut wb = write::handout::new_round(&read.workbook, raw, next, &t)
        .map_err(|e| failed(&out, write::WriteError::Build(e).message(&t)))?;
    write::save(&mut wb, &out, args.force).map_err(|e| failed(&out, e.message(&t)))?;
    print(&format!(
        "{}\n",
        t.words
            .handed_out
            .replace("{path}", &out.display().to_string())
            .replace("{round}", t.round_label(next))
    ))?;
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ];
        for (input, next, want) in cases {
            assert_eq!(
                default_output(Path::new(input), next, &t),
                PathBuf::from(want),
                "{input}"
            );
        }
    }
}
