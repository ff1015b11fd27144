//! What the core takes from its caller: workbooks as their names and
//! bytes, and the time. The front ends
//! make them — the command line from a path, the page from a dropped file —
//! and the core opens no file: every reader and the package patcher read
//! from these bytes in memory.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// A workbook's bytes, shared (the readers and the patcher each open their
/// own cursor on them without copying).
#[derive(Clone)]
pub struct Bytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A workbook handed to the core: the name it is shown by (the path as the
/// user gave it, or the dropped file's name) and its bytes.
#[derive(Clone)]
pub struct Input {
    name: String,
    bytes: Bytes,
}

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Input({}, {} bytes)", self.name, self.bytes.0.len())
    }
}

impl Input {
    /// A workbook named `name` holding `bytes`.
    ///
    /// ```
    /// let i = opfolg::input::Input::new("mappe/BSU opf2.xlsx", vec![1, 2]);
    /// assert_eq!(i.file_name(), "BSU opf2.xlsx");
    /// assert_eq!(i.extension(), "xlsx");
    /// ```
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Input {
        Input {
            name: name.into(),
            bytes: Bytes(Arc::new(bytes)),
        }
    }

    /// The name it is shown by in every message.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name as a path, for its parts (stem, extension); nothing is
    /// opened by it.
    pub fn path(&self) -> &Path {
        Path::new(&self.name)
    }

    /// The last part of the name: the file's own name.
    pub fn file_name(&self) -> &str {
        self.name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(self.name.as_str())
    }

    /// The extension, lower-cased (`xlsx`), or empty.
    pub fn extension(&self) -> String {
        self.path()
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default()
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes.0
    }

    /// A reader over the bytes (cheap: the bytes are shared, not copied).
    pub fn reader(&self) -> Cursor<Bytes> {
        Cursor::new(self.bytes.clone())
    }

    /// Whether two inputs hold the same bytes (a workbook given twice, or a
    /// copy of it).
    pub fn same_content(&self, other: &Input) -> bool {
        Arc::ptr_eq(&self.bytes.0, &other.bytes.0) || self.bytes.0 == other.bytes.0
    }
}

/// The caller's clock: the core reads none. What a job writes that needs
/// the time (the creation time of a workbook written new) takes it from
/// here, so the page and the command line give the same workbook for the
/// same moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The moment, in UTC.
    pub utc: chrono::NaiveDateTime,
    /// The caller's day where they are (a hand-out's date line).
    pub today: chrono::NaiveDate,
}

impl Clock {
    /// A clock stopped at `utc`, where the day is UTC's.
    pub fn at(utc: chrono::NaiveDateTime) -> Clock {
        Clock {
            utc,
            today: utc.date(),
        }
    }

    /// A clock stopped at a Unix time in milliseconds (the page's
    /// `Date.now()`), `offset_minutes` east of UTC where the caller is;
    /// out of range gives the Unix epoch.
    pub fn from_millis(ms: i64, offset_minutes: i64) -> Clock {
        let utc = chrono::DateTime::from_timestamp_millis(ms)
            .unwrap_or_default()
            .naive_utc();
        let local = utc + chrono::Duration::minutes(offset_minutes.clamp(-24 * 60, 24 * 60));
        Clock {
            utc,
            today: local.date(),
        }
    }
}
