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

/// Writes text to standard output; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
