//! One module per subcommand: arguments → settings → the pipeline →
//! rendered output and an outcome. Nothing here does the job itself.

pub mod annotate;
pub mod batch;
pub mod check;
pub mod diff;
pub mod new_round;
pub mod template;

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

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
        Some(p) => Template::load(p).with_context(|| p.display().to_string()),
    }
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
