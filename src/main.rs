use std::process::ExitCode;

use std::io::Write;

use opfolg::cmd::Outcome;
use opfolg::cmd::args::{Parsed, parse};

fn main() -> ExitCode {
    let cli = match parse(std::env::args_os().collect()) {
        Parsed::Run(cli) => cli,
        Parsed::Exit { text, code } => {
            // A closed pipe (`opfolg --help | head`) is no error.
            let _ = if code == 0 {
                std::io::stdout().write_all(text.as_bytes())
            } else {
                std::io::stderr().write_all(text.as_bytes())
            };
            return ExitCode::from(code);
        }
    };
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
