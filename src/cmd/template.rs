//! `opfolg template`: a blank follow-up workbook for a new agreement.

use chrono::Datelike;

use anyhow::Context;

use super::{Outcome, load_template, print};
use crate::cli::TemplateArgs;
use crate::write;

/// Runs `template`.
pub fn run(args: &TemplateArgs) -> anyhow::Result<Outcome> {
    let t = load_template(args.template.template.as_deref())?;
    let year = args.year.unwrap_or_else(|| chrono::Local::now().year() + 1);
    let out = args.output.clone().unwrap_or_else(|| {
        t.blank
            .file_name
            .replace("{year}", &year.to_string())
            .into()
    });
    write::check_output(&out, &[], args.force).with_context(|| out.display().to_string())?;
    let mut wb = write::handout::blank(year, &t).with_context(|| out.display().to_string())?;
    write::save(&mut wb, &out).with_context(|| out.display().to_string())?;
    print(&format!(
        "{}\n",
        t.words
            .blank_written
            .replace("{path}", &out.display().to_string())
    ))?;
    Ok(Outcome::Success)
}
