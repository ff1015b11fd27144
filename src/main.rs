use std::ffi::OsString;
use std::process::ExitCode;

use std::io::Write;

use opfolg::cmd::Outcome;
use opfolg::cmd::args::{Parsed, parse};
use opfolg::cmd::console;
use opfolg::template::Template;

/// The allocator: mimalloc, which keeps each thread's small allocations
/// apart and is much faster than glibc's where the read frees a round's
/// raw cells between the model's allocations (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's option setter (`mimalloc.h`), in the library the
    /// allocator links.
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 2's `mi_option_t` (between
/// `mi_option_eager_commit_delay`, 14, and `mi_option_use_numa_nodes`,
/// 16, which `libmimalloc-sys` names).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// Memory freed is given back to the system after 1 ms rather than 10:
/// the stages free a round's raw cells, or a sheet's XML, just before the
/// next allocates as much, and the peak is what a user's PC must have.
/// On the heavy 20,000 pair (benches/README.md): 10 ms peaks at 328-348
/// MiB, 1 ms at 316 MiB, 0 ms at 300 MiB but 14 % slower (every page
/// given back is faulted in again).
fn tune_allocator() {
    // SAFETY: setting an option has no preconditions; mimalloc reads this
    // one each time it decides whether to purge.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1) }
}

fn main() -> ExitCode {
    tune_allocator();
    let argv: Vec<OsString> = std::env::args_os().collect();
    // opfolg.exe in a window of its own (a workbook dropped on it, a double
    // click) waits for a key before the window closes with the result.
    let wait = console::should_wait(&argv);
    let code = run(argv, wait);
    if wait {
        console::wait_for_key(&Template::danish());
    }
    ExitCode::from(code)
}

/// Runs the command line; the exit code (SPEC: 0, 1 findings, 2 failed).
fn run(argv: Vec<OsString>, own_window: bool) -> u8 {
    let nothing_given = argv.len() < 2;
    let cli = match parse(argv) {
        Parsed::Run(cli) => cli,
        // Double-clicked: what to do, rather than the help.
        Parsed::Exit { code, .. } if own_window && nothing_given => {
            let _ =
                std::io::stdout().write_all(console::nothing_given(&Template::danish()).as_bytes());
            return code;
        }
        Parsed::Exit { text, code } => {
            // A closed pipe (`opfolg --help | head`) is no error.
            let _ = if code == 0 {
                std::io::stdout().write_all(text.as_bytes())
            } else {
                std::io::stderr().write_all(text.as_bytes())
            };
            return code;
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
        return 2;
    };
    match result {
        Ok(Outcome::Success) => 0,
        Ok(Outcome::Findings) => 1,
        Err(e) => {
            // One plain line: the file, then the reason.
            eprintln!("opfolg: {e:#}");
            2
        }
    }
}
