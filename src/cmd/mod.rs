//! One module per subcommand: arguments → checked config → run → outcome.

pub mod annotate;
pub mod batch;
pub mod check;
pub mod diff;
pub mod new_round;
pub mod template;

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;

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
pub fn load_template(path: Option<&Path>) -> anyhow::Result<Template> {
    match path {
        None => Ok(Template::danish()),
        Some(p) => Template::load(p).with_context(|| p.display().to_string()),
    }
}

/// The one line `main` prints for a file that cannot be read or written:
/// `<file>: <reason>`, the reason in the template's language.
pub fn failed(path: &Path, reason: String) -> anyhow::Error {
    anyhow::anyhow!("{}: {reason}", path.display())
}

/// A workbook read, or the one line saying why not; with the warning, on
/// standard error, that a format without cell styles (.xls) hides fill
/// and Wingdings smileys.
pub fn read_or_fail(
    path: &Path,
    read: Result<crate::read::Read, crate::read::ReadError>,
    t: &Template,
) -> anyhow::Result<crate::read::Read> {
    let read = read.map_err(|e| failed(path, e.message(t)))?;
    if read.workbook.styles_unknown {
        let format = read.workbook.format_name();
        let line = t.error("xls_looks", &[("format", format)]);
        eprintln!("opfolg: {}: {line}", path.display());
    }
    Ok(read)
}

/// Writes text to standard output; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
