//! One module per subcommand: arguments → settings → the pipeline →
//! rendered output and an outcome. Nothing here does the job itself.

pub mod annotate;
pub mod args;
pub mod batch;
pub mod check;
pub mod collect;
pub mod console;
pub mod diff;
pub mod dropped;
pub mod new_round;
pub mod previous;
pub mod template;

use std::io::{self, Write};
use std::path::Path;

use crate::cli::{RoundYear, TemplateArg};
use crate::input::Input;
use crate::pipeline::{Clock, Settings};
use crate::read::{Overrides, ReadError};
use crate::template::{Template, TemplateError};

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
    template_file(p).map_err(|e| failed(p, e.message(&Template::danish())))
}

/// A template read from a file.
///
/// # Errors
/// The file cannot be read or is not a valid template.
pub fn template_file(p: &Path) -> Result<Template, TemplateError> {
    let text = std::fs::read_to_string(p)?;
    Template::parse(&text)
}

/// The one line `main` prints for a file: `<path>: <reason>`.
pub fn failed(path: &Path, reason: String) -> anyhow::Error {
    crate::pipeline::failed(&path.display().to_string(), reason)
}

/// Past this size a file is no workbook opfolg reads: no package may
/// inflate to more than [`crate::read::guard::TOTAL_LIMIT`] in all, and a
/// file is read into memory whole.
const FILE_LIMIT: u64 = crate::read::guard::TOTAL_LIMIT;

/// Reads the workbook at `path` into memory for the core, named by the
/// path as given.
///
/// # Errors
/// No such file, a folder, too large, or the system refuses to read it —
/// in one line naming the file.
pub fn load(path: &Path, t: &Template) -> anyhow::Result<Input> {
    let refuse = |e: ReadError| failed(path, e.message(t));
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(refuse(ReadError::NotFound)),
        Err(e) => return Err(refuse(ReadError::Io(e))),
    };
    if meta.is_dir() {
        return Err(refuse(ReadError::IsDirectory));
    }
    if meta.len() > FILE_LIMIT {
        return Err(refuse(ReadError::ZipTotal {
            limit_mib: FILE_LIMIT >> 20,
        }));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        if crate::output::in_use(&e, false) {
            failed(path, t.error("read_in_use", &[]))
        } else {
            refuse(ReadError::Io(e))
        }
    })?;
    Ok(Input::new(path.display().to_string(), bytes))
}

/// The caller's clock: now — or, where `SOURCE_DATE_EPOCH` is set (the
/// reproducible-builds convention: seconds since 1970), that moment, so a
/// run writes the same bytes whenever it is made.
pub fn now() -> Clock {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0));
    match fixed {
        Some(at) => Clock::at(at.naive_utc()),
        None => Clock {
            utc: chrono::Utc::now().naive_utc(),
            today: chrono::Local::now().date_naive(),
        },
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
        clock: now(),
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
    use crate::output::{Extensions, OutputError, check_output, save_bytes};
    let fail = |e: OutputError| failed(out, e.message(t));
    check_output(out, &[], force, Extensions::Xlsx).map_err(fail)?;
    let bytes = build()
        .and_then(crate::write::to_bytes)
        .map_err(|e| fail(OutputError::Build(e)))?;
    save_bytes(&bytes, out, force).map_err(fail)
}

/// Checks `out` may be written from `inputs`: never over an input, never
/// over an existing file without `force`, with an extension that fits the
/// package (a workbook with macros stays `.xlsm`).
///
/// # Errors
/// The output may not be written, in one line naming it.
pub fn check_output(
    out: &Path,
    inputs: &[&Path],
    force: bool,
    macros: bool,
    t: &Template,
) -> anyhow::Result<()> {
    use crate::output::Extensions;
    crate::output::check_output(out, inputs, force, Extensions::Package { macros })
        .map_err(|e| failed(out, e.message(t)))
}

/// Saves a workbook the core wrote at `out` (through a temporary file;
/// never over an existing file without `force`).
///
/// # Errors
/// The output cannot be written, in one line naming it.
pub fn save(bytes: &[u8], out: &Path, force: bool, t: &Template) -> anyhow::Result<()> {
    crate::output::save_bytes(bytes, out, force).map_err(|e| failed(out, e.message(t)))
}

/// Whether the package at `path` holds macros, read from the file without
/// loading it (`None`: no package opfolg patches; it is rebuilt as .xlsx).
pub fn macros_of_file(path: &Path) -> Option<bool> {
    let f = std::fs::File::open(path).ok()?;
    let pkg = crate::package::Package::open_reader(io::BufReader::new(f)).ok()?;
    pkg.workbook_part
        .to_lowercase()
        .ends_with(".xml")
        .then(|| pkg.is_macro_enabled())
}

/// The annotated workbook's default path: beside the input, named by
/// [`crate::pipeline::names::annotated`].
pub fn default_output(current: &Path, t: &Template) -> std::path::PathBuf {
    let file_name = current
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let macros = if current.exists() {
        macros_of_file(current)
    } else {
        crate::pipeline::names::macros_by_extension(&file_name)
    };
    current.with_file_name(crate::pipeline::names::annotated(&file_name, macros, t))
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
