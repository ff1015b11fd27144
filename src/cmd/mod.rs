//! One module per subcommand: arguments → settings → the pipeline →
//! rendered output and an outcome. Nothing here does the job itself.

pub mod annotate;
pub mod args;
pub mod batch;
pub mod check;
pub mod collect;
pub mod diff;
pub mod new_round;
pub mod previous;
pub mod template;

use std::io::{self, Write};
use std::path::Path;

use crate::cli::{RoundYear, TemplateArg};
use crate::pipeline::Settings;
use crate::read::Overrides;
use crate::template::Template;

/// How a command ended, mapped to the exit code by `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: `check` found errors.
    Findings,
}

/// The template named on the command line, or the built-in one.
///
/// # Errors
/// The template file cannot be read or is not a valid template.
pub fn load_template(path: Option<&Path>) -> anyhow::Result<Template> {
    match path {
        None => Ok(Template::danish()),
        // `--template en`: the built-in one, unless a file of that name is there.
        Some(p) if !p.exists() => match Template::builtin(&p.to_string_lossy()) {
            Some(t) => Ok(t),
            None => load_file(p),
        },
        Some(p) => load_file(p),
    }
}

fn load_file(p: &Path) -> anyhow::Result<Template> {
    Template::load(p).map_err(|e| crate::pipeline::failed(p, e.message(&Template::danish())))
}

/// The settings of a run, built once from the command line.
///
/// # Errors
/// The template cannot be loaded.
pub fn settings(
    template: &TemplateArg,
    round_year: Option<&RoundYear>,
) -> anyhow::Result<Settings> {
    Ok(Settings {
        template: load_template(template.template.as_deref())?,
        overrides: round_year.map_or_else(Overrides::default, |ry| Overrides {
            round: ry.round,
            year: ry.year,
        }),
    })
}

/// Tells the user on standard error what they must know about a run that
/// went well (an `.xls` that hides fills, a workbook rebuilt as `.xlsx`).
pub fn warn(notices: &[String]) {
    for n in notices {
        eprintln!("opfolg: {}", crate::present::safe(n));
    }
}

/// Writes a workbook opfolg makes new (the blank workbook, a folder's
/// overview) to `out`: never over an existing file without `force`.
///
/// # Errors
/// The output may not or cannot be written, in one line.
pub fn write_new(
    out: &Path,
    force: bool,
    t: &Template,
    build: impl FnOnce() -> Result<rust_xlsxwriter::Workbook, rust_xlsxwriter::XlsxError>,
) -> anyhow::Result<()> {
    use crate::output::{Extensions, OutputError, check_output, save};
    let fail = |e: OutputError| crate::pipeline::failed(out, e.message(t));
    check_output(out, &[], force, Extensions::Xlsx).map_err(fail)?;
    let mut wb = build().map_err(|e| fail(OutputError::Build(e)))?;
    save(&mut wb, out, force).map_err(fail)
}

/// Writes text to standard output; a closed pipe (`| head`) is not an error.
///
/// # Errors
/// Standard output cannot be written (other than a closed pipe).
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
