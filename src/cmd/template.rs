//! `opfolg template`: a blank follow-up workbook for a new agreement.

use chrono::Datelike;

use super::{Outcome, print, settings};
use crate::cli::TemplateArgs;
use crate::write;

/// Runs `template`.
///
/// # Errors
/// The output may not or cannot be written.
pub fn run(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let s = settings(&args.template, None)?;
    let t = &s.template;
    let year = args.year.unwrap_or_else(|| chrono::Local::now().year() + 1);
    let out = args.output.clone().unwrap_or_else(|| {
        t.blank
            .file_name
            .replace("{year}", &year.to_string())
            .into()
    });
    super::write_new(&out, args.force, t, || {
        write::blank::blank(year, t, s.clock)
    })?;
    print(&format!(
        "{}\n",
        t.words
            .blank_written
            .replace("{path}", &out.display().to_string())
    ))?;
    Ok(Outcome::Success)
}
