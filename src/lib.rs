//! opfolg: read, check and compare the follow-up workbooks of a Danish
//! municipal budget agreement.
//!
//! Data flows one way: [`read`] → [`model`] → [`validate`] → [`report`].

#![deny(missing_docs, clippy::missing_errors_doc, clippy::too_many_lines)]

pub mod cli;
pub mod cmd;
pub mod diff;
pub mod layout;
pub mod model;
pub mod output;
pub mod package;
pub mod panics;
pub mod parse;
pub mod pipeline;
pub mod plan;
pub mod present;
pub mod read;
pub mod report;
pub mod template;
pub mod validate;
pub mod write;

use cli::{Cli, Command};
use cmd::Outcome;

/// Runs a parsed command line.
///
/// # Errors
/// A workbook cannot be read or an output not written (exit code 2); the
/// error carries the one line `main` prints.
pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Annotate(args) => cmd::annotate::run(args),
        Command::NewRound(args) => cmd::new_round::run(args),
        Command::Collect(args) => cmd::collect::run(args),
        Command::Template(args) => cmd::template::run(args),
    }
}
