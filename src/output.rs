//! Where a written workbook goes (SPEC §9): never over an input, compared
//! by file identity; never over an existing file without `--force`, decided
//! when the file is created; written to a temporary file beside the output
//! and moved into place, so a failure leaves nothing half-written.

use std::io::{self, Write};
use std::path::Path;

use rust_xlsxwriter::XlsxError;
use thiserror::Error;

use crate::template::Template;

/// Why the output cannot be written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// Something (a file or a link, even a dangling one) is at the output
    /// path, and `--force` was not given.
    #[error("the output already exists; pass --force to replace it")]
    Exists,
    /// The output is the same file as an input (by identity, not by name).
    #[error("the output would replace an input workbook")]
    WouldOverwriteInput,
    /// The output path is a folder.
    #[error("the output is a folder")]
    IsDirectory,
    /// A workbook written new must be named `.xlsx`.
    #[error("the annotated workbook is written as .xlsx; name the output `….xlsx`")]
    NotXlsx,
    /// The user's package without macros must be named `.xlsx` or `.xltx`.
    #[error("the output is written as .xlsx or .xltx")]
    NotOoxml,
    /// The user's package with macros must be named `.xlsm` or `.xltm`.
    #[error("the workbook has macros: name the output `….xlsm` to keep them")]
    NotXlsm,
    /// The output's folder does not exist.
    #[error("the output's folder does not exist")]
    NoFolder,
    /// The operating system denies writing in the output's folder.
    #[error("no permission to write in the output's folder")]
    Denied,
    /// The output's folder is on a read-only file system.
    #[error("the output's folder is read-only")]
    ReadOnly,
    /// Windows will not replace the file at the output: a program has it
    /// open (Excel keeps a workbook open while it shows it), or it is
    /// read-only.
    #[error("the output is open in another program (or read-only); close it and run again")]
    InUse,
    /// The disk or the user's quota is full.
    #[error("there is not enough space on the disk")]
    DiskFull,
    /// Any other failure; the text never names the temporary file.
    #[error("cannot write the output: {}", io_reason(.0))]
    Io(io::Error),
    /// rust_xlsxwriter could not build the workbook written new.
    #[error("cannot build the workbook: {0}")]
    Build(#[from] XlsxError),
}

impl From<io::Error> for OutputError {
    fn from(e: io::Error) -> OutputError {
        match e.kind() {
            io::ErrorKind::NotFound => OutputError::NoFolder,
            io::ErrorKind::PermissionDenied => OutputError::Denied,
            io::ErrorKind::ReadOnlyFilesystem => OutputError::ReadOnly,
            io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => OutputError::DiskFull,
            io::ErrorKind::AlreadyExists => OutputError::Exists,
            io::ErrorKind::IsADirectory => OutputError::IsDirectory,
            _ => OutputError::Io(e),
        }
    }
}

pub use crate::template::{io_reason, read_reason};

impl OutputError {
    /// The reason in the template's language, for `opfolg: <file>: <reason>`.
    pub fn message(&self, t: &Template) -> String {
        let key = match self {
            OutputError::Exists => "output_exists",
            OutputError::WouldOverwriteInput => "output_is_input",
            OutputError::IsDirectory => "output_is_directory",
            OutputError::NotXlsx => "output_not_xlsx",
            OutputError::NotOoxml => "output_not_ooxml",
            OutputError::NotXlsm => "output_not_xlsm",
            OutputError::NoFolder => "output_no_folder",
            OutputError::Denied => "output_denied",
            OutputError::ReadOnly => "output_read_only",
            OutputError::DiskFull => "output_disk_full",
            OutputError::InUse => "output_in_use",
            OutputError::Io(e) => return t.error("output_failed", &[("reason", io_reason(e))]),
            OutputError::Build(e) => return t.error("output_build", &[("reason", e.to_string())]),
        };
        t.error(key, &[])
    }
}

/// Which extensions an output may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extensions {
    /// `.xlsx` only: a workbook opfolg writes new.
    Xlsx,
    /// The user's package kept: `.xlsx` or `.xltx`, or for a workbook with
    /// macros `.xlsm` or `.xltm` (Excel refuses a macro-enabled package
    /// named `.xlsx`).
    Package {
        /// The package holds macros, which only a macro-enabled name keeps.
        macros: bool,
    },
}

/// Whether `a` and `b` are the same file: the same device and inode (the
/// file id on Windows), so hard links, symbolic links, `dir/../x.xlsx` and
/// names differing only in case on a case-insensitive file system all count.
pub fn same_file(a: &Path, b: &Path) -> bool {
    same_file::is_same_file(a, b).unwrap_or(false)
}

/// Checks the output may be written: never over an input (by identity,
/// `--force` or not), never over an existing file or link (even a dangling
/// one) without `force`, and with an extension `allowed` permits. Checked
/// again when the file is created: see [`save`].
///
/// # Errors
/// [`OutputError::NotXlsx`], [`OutputError::NotOoxml`] or
/// [`OutputError::NotXlsm`] for a wrong extension,
/// [`OutputError::WouldOverwriteInput`], [`OutputError::IsDirectory`], or
/// [`OutputError::Exists`] without `force`.
pub fn check_output(
    out: &Path,
    inputs: &[&Path],
    force: bool,
    allowed: Extensions,
) -> Result<(), OutputError> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match (allowed, ext.as_str()) {
        (Extensions::Xlsx, "xlsx")
        | (Extensions::Package { macros: false }, "xlsx" | "xltx")
        | (Extensions::Package { macros: true }, "xlsm" | "xltm") => {}
        (Extensions::Xlsx, _) => return Err(OutputError::NotXlsx),
        (Extensions::Package { macros: false }, _) => return Err(OutputError::NotOoxml),
        (Extensions::Package { macros: true }, _) => return Err(OutputError::NotXlsm),
    }
    if inputs.iter().any(|i| same_file(i, out)) {
        return Err(OutputError::WouldOverwriteInput);
    }
    if out.is_dir() {
        return Err(OutputError::IsDirectory);
    }
    // `symlink_metadata` sees a link itself, also one pointing nowhere.
    if out.symlink_metadata().is_ok() && !force {
        return Err(OutputError::Exists);
    }
    Ok(())
}

/// Writes a workbook's bytes to a temporary file beside `out` and moves
/// it into place: without `force` only if nothing is at `out` at that
/// moment (of several runs writing one output, exactly one wins); with
/// `force` over what is there. A failure never leaves a half-written
/// workbook.
///
/// # Errors
/// [`OutputError::NoFolder`], [`OutputError::Exists`] (something appeared
/// at `out` without `force`), or the file system's refusal: denied,
/// read-only, disk full, other I/O.
pub fn save_bytes(bytes: &[u8], out: &Path, force: bool) -> Result<(), OutputError> {
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(OutputError::NoFolder);
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".opfolg-").suffix(".tmp");
    // A temporary file is private (0600); the workbook is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(bare)?;
    tmp.write_all(bytes).map_err(bare)?;
    tmp.as_file().sync_all().map_err(bare)?;
    if force {
        let existed = out.symlink_metadata().is_ok();
        // On failure the temporary file is removed when `e.file` drops.
        tmp.persist(out).map_err(|e| {
            if in_use(&e.error, existed) {
                OutputError::InUse
            } else {
                bare(e.error)
            }
        })?;
        return Ok(());
    }
    match tmp.persist_noclobber(out) {
        Ok(_) => Ok(()),
        // The folder took the temporary file, so it is writable: a refusal
        // here is a file system without hard links or no-replace renames
        // (FAT, some network drives). There the check and the rename are
        // two steps, as with every program that saves to such a drive.
        Err(e)
            if e.error.kind() == io::ErrorKind::PermissionDenied
                || e.error.kind() == io::ErrorKind::Unsupported =>
        {
            if out.symlink_metadata().is_ok() {
                return Err(OutputError::Exists);
            }
            e.file.persist(out).map_err(|e| bare(e.error))?;
            Ok(())
        }
        Err(e) => Err(bare(e.error)),
    }
}

/// Whether Windows refused a file because another program has it open:
/// a sharing or lock violation, or — replacing a file that `existed`, in a
/// folder that just took the temporary file — access denied, which is
/// what replacing a file open in Excel gives. Never elsewhere: other
/// systems let an open file be read and replaced.
pub fn in_use(e: &io::Error, existed: bool) -> bool {
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{
            ERROR_ACCESS_DENIED, ERROR_LOCK_VIOLATION, ERROR_SHARING_VIOLATION,
        };
        match e.raw_os_error().and_then(|c| u32::try_from(c).ok()) {
            Some(ERROR_SHARING_VIOLATION | ERROR_LOCK_VIOLATION) => true,
            Some(ERROR_ACCESS_DENIED) => existed,
            _ => false,
        }
    }
    #[cfg(not(windows))]
    {
        let _ = (e, existed);
        false
    }
}

/// An I/O error as an [`OutputError`], stripped of the temporary file's
/// path that `tempfile` adds to its errors.
fn bare(e: io::Error) -> OutputError {
    let kind = e.kind();
    let plain = match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::from(kind),
    };
    OutputError::from(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reasons_name_no_path() {
        let e = io::Error::new(
            io::ErrorKind::PermissionDenied,
            "Permission denied at path /tmp/.opfolg-x.tmp",
        );
        assert!(!io_reason(&e).contains(".opfolg"));
        let e = io::Error::from_raw_os_error(28);
        assert!(!io_reason(&e).contains("os error"));
        assert!(matches!(OutputError::from(e), OutputError::DiskFull));
    }

    #[test]
    fn extensions_by_kind() {
        let p = |s: &str| std::path::PathBuf::from(format!("/nonexistent-opfolg/{s}"));
        let xlsx = |s: &str| check_output(&p(s), &[], false, Extensions::Xlsx).is_ok();
        let plain = |s: &str| {
            check_output(&p(s), &[], false, Extensions::Package { macros: false }).is_ok()
        };
        let macros =
            |s: &str| check_output(&p(s), &[], false, Extensions::Package { macros: true }).is_ok();
        assert!(xlsx("a.xlsx") && xlsx("a.XLSX"));
        assert!(!xlsx("a.xlsm") && !xlsx("a.ods"));
        assert!(plain("a.xlsx") && plain("a.XLTX") && !plain("a.xlsm"));
        assert!(macros("a.xlsm") && macros("a.XLTM") && !macros("a.xlsx"));
        assert!(!plain("a.xls") && !plain("a.ods") && !plain("a"));
    }
}
