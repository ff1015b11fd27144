use std::process::ExitCode;

use clap::Parser;

use opfolg::cli::Cli;
use opfolg::cmd::Outcome;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match opfolg::run(&cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            // One plain line: the file, then the reason.
            eprintln!("opfolg: {e:#}");
            ExitCode::from(2)
        }
    }
}
