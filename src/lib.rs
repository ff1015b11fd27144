//! opfolg: read, check and compare the follow-up workbooks of a Danish
//! municipal budget agreement.
//!
//! Data flows one way: [`read`] → [`model`] → [`validate`] → [`report`].
//! The library is the core: its jobs ([`pipeline`]) take workbooks as
//! bytes with their names and give back bytes and data. The command line
//! (`cli`, `cmd`, `output`: paths, the terminal, temporary files) is the
//! `cli` feature; the page (`web/`) builds the core without it.

#![deny(missing_docs, clippy::missing_errors_doc, clippy::too_many_lines)]

#[cfg(feature = "cli")]
pub mod cli;
#[cfg(feature = "cli")]
pub mod cmd;
pub mod diff;
pub mod input;
pub mod layout;
pub mod model;
#[cfg(feature = "cli")]
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

#[cfg(feature = "cli")]
use cli::{Cli, Command};
#[cfg(feature = "cli")]
use cmd::Outcome;

/// Runs a parsed command line.
///
/// # Errors
/// A workbook cannot be read or an output not written (exit code 2); the
/// error carries the one line `main` prints.
#[cfg(feature = "cli")]
pub fn run(cli: &Cli) -> anyhow::Result<Outcome> {
    match &cli.command {
        Command::Check(args) => cmd::check::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Annotate(args) => cmd::annotate::run(args),
        Command::NewRound(args) => cmd::new_round::run(args),
        Command::Collect(args) => cmd::collect::run(args),
        Command::Template(args) => cmd::template::run(args),
        Command::Dropped(args) => cmd::dropped::run(args),
    }
}
