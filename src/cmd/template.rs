//! `opfolg template`: a blank follow-up workbook for a new agreement.

use chrono::Datelike;

use super::{Outcome, failed, load_template, print};
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
    write::check_output(&out, &[], args.force, write::Extensions::Xlsx)
        .map_err(|e| failed(&out, e.message(&t)))?;
    let mut wb = write::handout::blank(year, &t)
        .map_err(|e| failed(&out, write::WriteError::Build(e).message(&t)))?;
    write::save(&mut wb, &out, args.force).map_err(|e| failed(&out, e.message(&t)))?;
    print(&format!(
        "{}\n",
        t.words
            .blank_written
            .replace("{path}", &out.display().to_string())
    ))?;
    Ok(Outcome::Success)
}
