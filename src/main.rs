use std::process::ExitCode;

use clap::Parser;

use opfolg::cli::Cli;
use opfolg::cmd::Outcome;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic anywhere is a bug, but the user still gets one line and exit 2.
    std::panic::set_hook(Box::new(|info| {
        // A dependency's panic on a hostile file is caught and reported as
        // the file's error; it needs no second line.
        if opfolg::panics::is_quiet() {
            return;
        }
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("opfolg: internal error{place}; please report it with the workbook");
    }));
    let result = std::panic::catch_unwind(|| opfolg::run(&cli));
    let Ok(result) = result else {
        return ExitCode::from(2);
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            // One plain line: the file, then the reason.
            eprintln!("opfolg: {e:#}");
            ExitCode::from(2)
        }
    }
}
