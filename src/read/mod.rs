//! Reading workbooks into the model: calamine ranges → rows with absolute
//! cells → blocks → [`Workbook`], with the round and year detected.

pub mod blocks;
mod cells;
pub mod generated;
pub mod guard;
pub mod identity;
pub mod layout;
pub mod meta;
pub mod numfmt;
mod ods;
mod open;

pub use ods::named_expressions;
pub use open::open;
pub mod raw;
pub mod tables;
pub mod title;
mod uncached;

use thiserror::Error;

use crate::input::Input;
use crate::model::{Source, Workbook};
use crate::template::Template;

pub use blocks::MalformedAt;

/// Why a workbook cannot be read at all.
#[derive(Debug, Error)]
pub enum ReadError {
    /// No file at the path given.
    #[error("no such file")]
    NotFound,
    /// The path is a folder (commands that take folders check that first).
    #[error("is a folder, not a workbook")]
    IsDirectory,
    /// The file holds nothing (0 bytes).
    #[error("the file is empty")]
    Empty,
    /// Named `.xlsx` (or `.xlsm`, …) but not a zip package at all.
    #[error("not an .xlsx package")]
    NotPackage,
    /// The workbook is encrypted with a password.
    #[error("the workbook is password-protected; save a copy without password")]
    Password,
    /// The operating system refused to read the file.
    #[error("cannot read the file: {}", crate::template::io_reason(.0))]
    Io(std::io::Error),
    /// The reader could not make sense of the file; its reason.
    #[error("not a readable spreadsheet ({0})")]
    Corrupt(String),
    /// The reader panicked on the file (caught).
    #[error("not a readable spreadsheet (the reader failed on this file)")]
    ReaderFailed,
    /// A part would inflate past a limit (Apache POI's rule, SPEC §9).
    #[error(
        "refused as a likely zip bomb: `{entry}` would inflate to {size_mib} MiB (limit: {limit})"
    )]
    ZipEntry {
        /// The part's name in the zip.
        entry: String,
        /// What the zip's directory says it inflates to, in MiB.
        size_mib: u64,
        /// The limit it broke: `1024 MiB`, or `100×` its compressed size.
        limit: String,
    },
    /// All parts together would inflate past the total limit.
    #[error("refused as a likely zip bomb: the parts would inflate to over {limit_mib} MiB in all")]
    ZipTotal {
        /// The limit, in MiB.
        limit_mib: u64,
    },
    /// The package has more parts than any workbook needs.
    #[error("refused: {count} parts in the package (limit {limit})")]
    TooManyParts {
        /// The parts in the package.
        count: usize,
        /// The most opfolg reads.
        limit: usize,
    },
    /// The workbook has more sheets than opfolg reads.
    #[error("refused: {count} sheets (limit {limit})")]
    TooManySheets {
        /// The sheets in the workbook.
        count: usize,
        /// The most opfolg reads.
        limit: usize,
    },
    /// A count the part cannot hold (`<sst uniqueCount="2147483647">`).
    #[error("damaged: `{part}` claims {count} strings, room for {max}")]
    CountLies {
        /// The part's name in the zip.
        part: String,
        /// The count it claims.
        count: u64,
        /// The most its size can hold.
        max: u64,
    },
    /// The cells' text together passes the text budget.
    #[error("refused: over {limit_mib} MiB of text in the cells")]
    TooMuchText {
        /// The budget, in MiB.
        limit_mib: u64,
    },
    /// More non-empty cells than the cell budget.
    #[error("refused: over {limit} non-empty cells")]
    TooManyCells {
        /// The budget, in cells.
        limit: u64,
    },
    /// More formatted cells (empty ones too) than the budget.
    #[error("refused: over {limit} formatted cells")]
    TooManyStyled {
        /// The budget, in cells.
        limit: u64,
    },
    /// An .xls sheet declaring a range calamine would reserve room for.
    #[error("refused: an .xls sheet declares a range of {cells} cells (limit {limit})")]
    XlsRange {
        /// The cells the declared range spans.
        cells: u64,
        /// The most opfolg allows.
        limit: u64,
    },
}

impl ReadError {
    fn from_calamine(e: impl Into<calamine::Error>) -> ReadError {
        use calamine::Error as E;
        match e.into() {
            E::Xlsx(calamine::XlsxError::Password) => ReadError::Password,
            E::Xls(calamine::XlsError::Password) => ReadError::Password,
            E::Io(io) => ReadError::Io(io),
            E::Xlsx(calamine::XlsxError::Io(io)) => ReadError::Io(io),
            other => {
                let text = other.to_string();
                if text.to_lowercase().contains("password") {
                    ReadError::Password
                } else {
                    ReadError::Corrupt(text)
                }
            }
        }
    }

    /// The reason in the template's language, for `opfolg: <file>: <reason>`.
    pub fn message(&self, t: &Template) -> String {
        let n = |v: &dyn ToString| v.to_string();
        match self {
            ReadError::NotFound => t.error("not_found", &[]),
            ReadError::IsDirectory => t.error("is_directory", &[]),
            ReadError::Password => t.error("password", &[]),
            ReadError::Io(e) => crate::template::read_reason(e, t),
            ReadError::Empty => t.error("empty", &[]),
            ReadError::NotPackage => t.error("not_package", &[]),
            ReadError::Corrupt(why) => t.error("corrupt", &[("reason", why.clone())]),
            ReadError::ReaderFailed => t.error("reader_failed", &[]),
            ReadError::ZipEntry {
                entry,
                size_mib,
                limit,
            } => t.error(
                "zip_entry",
                &[
                    ("entry", entry.clone()),
                    ("size", n(size_mib)),
                    ("limit", limit.clone()),
                ],
            ),
            ReadError::ZipTotal { limit_mib } => t.error("zip_total", &[("limit", n(limit_mib))]),
            ReadError::TooManyParts { count, limit } => t.error(
                "too_many_parts",
                &[("count", n(count)), ("limit", n(limit))],
            ),
            ReadError::TooManySheets { count, limit } => t.error(
                "too_many_sheets",
                &[("count", n(count)), ("limit", n(limit))],
            ),
            ReadError::CountLies { part, count, max } => t.error(
                "count_lies",
                &[("part", part.clone()), ("count", n(count)), ("max", n(max))],
            ),
            ReadError::TooMuchText { limit_mib } => {
                t.error("too_much_text", &[("limit", n(limit_mib))])
            }
            ReadError::TooManyCells { limit } => t.error("too_many_cells", &[("limit", n(limit))]),
            ReadError::XlsRange { cells, limit } => {
                t.error("xls_range", &[("cells", n(cells)), ("limit", n(limit))])
            }
            ReadError::TooManyStyled { limit } => {
                t.error("too_many_styled", &[("limit", n(limit))])
            }
        }
    }
}

/// What the command line says about round and year, if anything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// `--round N` (0-4): wins over the title and the file name.
    pub round: Option<u8>,
    /// `--year YYYY`: wins over the title and the deadlines.
    pub year: Option<i32>,
}

/// A workbook read into the model, with what reading met on the way.
pub struct Read {
    /// The follow-up model, round and year detected.
    pub workbook: Workbook,
    /// Malformed amounts met in economy and description texts (A003).
    pub malformed: Vec<MalformedAt>,
    /// The cells as read, kept when a copy is to be written.
    pub raw: Option<raw::RawWorkbook>,
}

/// Reads a workbook of any format calamine opens.
///
/// # Errors
/// As [`open`]: the file cannot be opened, fails a guard, or cannot be read.
pub fn read_workbook(input: &Input, t: &Template, o: Overrides) -> Result<Read, ReadError> {
    read_with(input, t, o, raw::Detail::Values)
}

/// Reads a workbook and keeps its cells, formulas, merges and links, to
/// write an annotated copy of it.
///
/// # Errors
/// As [`read_workbook`].
pub fn read_for_copy(input: &Input, t: &Template, o: Overrides) -> Result<Read, ReadError> {
    read_with(input, t, o, raw::Detail::Full)
}

/// Reads the previous round's workbook (values only) beside the current one
/// (with `detail`), on two threads where there are threads (the command
/// line), one after the other where there are not (the page).
pub fn read_pair(
    previous: &Input,
    current: &Input,
    t: &Template,
    o: Overrides,
    detail: raw::Detail,
) -> (Result<Read, ReadError>, Result<Read, ReadError>) {
    #[cfg(not(target_family = "wasm"))]
    {
        std::thread::scope(|s| {
            let prev = s.spawn(|| read_workbook(previous, t, Overrides::default()));
            let cur = read_with(current, t, o, detail);
            let prev = prev.join().unwrap_or(Err(ReadError::ReaderFailed));
            (prev, cur)
        })
    }
    #[cfg(target_family = "wasm")]
    {
        let prev = read_workbook(previous, t, Overrides::default());
        (prev, read_with(current, t, o, detail))
    }
}

/// Reads a workbook with as much `detail` as the job needs.
///
/// # Errors
/// As [`open`]: the file cannot be opened, fails a guard, or cannot be read.
pub fn read_with(
    input: &Input,
    t: &Template,
    o: Overrides,
    detail: raw::Detail,
) -> Result<Read, ReadError> {
    let mut raw = open::open(input, detail)?;
    let generated = generated::generated_sheets(input, &raw, t);
    let mut sheets = Vec::new();
    let mut malformed = Vec::new();
    // The preamble rows' texts and their cells, from the first block sheet.
    let mut preamble: Option<blocks::Preamble> = None;
    // Without a copy to write, the blocks' texts are let go of as read.
    let let_go = detail == raw::Detail::Values;
    for (i, s) in raw.sheets.iter_mut().enumerate() {
        // The sheets an annotated workbook carries are opfolg's own output.
        if let Some(kind) = generated[i] {
            sheets.push(crate::model::Sheet::generated(&s.name, kind));
            continue;
        }
        let mut read = blocks::read_sheet(s, i, t, let_go);
        let block_rows = blocks::block_rows(&read.sheet);
        read.sheet.tables = tables::read_tables(s, i, &block_rows, t);
        if preamble.is_none() && !read.sheet.initiatives.is_empty() {
            preamble = Some((read.preamble, read.preamble_cells));
        }
        malformed.extend(read.malformed);
        sheets.push(read.sheet);
    }
    uncached::mark(input, &raw, &mut sheets);
    let (preamble, preamble_cells) = preamble.unwrap_or_default();
    let title = title::read(&preamble, t);
    let title_at = meta::title_cell(&preamble_cells, t);
    let mut workbook = Workbook {
        path: input.name().to_string(),
        sheets,
        round: None,
        year: None,
        committee: title.committee,
        title: title.text,
        title_cell: title_at.map(|(c, _)| *c),
        title_line: title_at.map(|(_, s)| s.clone()),
        date_cell: meta::date_cell(&preamble_cells, t),
        styles_unknown: raw.styles_unknown,
    };
    workbook.round = o
        .round
        .map(|r| (r, Source::CommandLine))
        .or_else(|| title.round.map(|r| (r, Source::Title)))
        .or_else(|| meta::round_from_file_name(input.path(), t).map(|r| (r, Source::FileName)))
        .or_else(|| {
            let blocks = workbook.sheets.iter().find(|s| !s.initiatives.is_empty())?;
            meta::round_from_sheet_name(&blocks.name, t).map(|r| (r, Source::SheetName))
        });
    workbook.year = o
        .year
        .map(|y| (y, Source::CommandLine))
        .or_else(|| title.year.map(|y| (y, Source::Title)))
        .or_else(|| meta::year_from_title(&preamble, t).map(|y| (y, Source::Title)))
        .or_else(|| meta::year_from_deadlines(&workbook).map(|y| (y, Source::Deadlines)));
    if let Some(year) = workbook.year() {
        meta::rounds_of_the_year(&mut workbook, year, t);
    }
    Ok(Read {
        workbook,
        malformed,
        raw: (detail == raw::Detail::Full).then_some(raw),
    })
}
