//! The user's xlsx package, edited in place: every part opfolg need not
//! change is copied byte for byte (without recompressing), and only the
//! parts that change are rewritten — worksheets patched as a stream,
//! styles and notes appended to, new sheets registered.
//!
//! This module knows packages, parts, cells and formats, and nothing of
//! follow-ups: [`edits::Edits`] says what to change, and `plan` decides it.

pub mod content_types;
pub mod edits;
pub mod rels;
pub mod xml;

mod comments;
pub mod locks;
mod newsheet;
mod paper;
mod sheet;
mod styles;
mod workbook;
mod write;

use std::collections::HashMap;
use std::io::{Read, Seek};

use thiserror::Error;

pub use edits::Edits;
pub use paper::wrapped_lines;
pub use workbook::{DefinedName, SheetEntry, SheetKind, SheetState};
pub use write::{Later, write, write_with};

use content_types::ContentTypes;
use rels::Rel;

/// Why a package cannot be read or patched.
#[derive(Debug, Error)]
pub enum PackageError {
    /// The file is not a zip package.
    #[error("not a readable workbook package ({0})")]
    Zip(String),
    /// A part the package must have is missing.
    #[error("the package has no `{0}` part")]
    Missing(String),
    /// A part is not well-formed XML.
    #[error("the part `{0}` is not well-formed XML ({1})")]
    Xml(String, String),
    /// A part is larger than opfolg reads.
    #[error("the part `{0}` is too large to patch")]
    TooLarge(String),
    /// The sheet cannot take what opfolg would add.
    #[error("{0}")]
    Limit(String),
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<zip::result::ZipError> for PackageError {
    fn from(e: zip::result::ZipError) -> Self {
        match e {
            zip::result::ZipError::Io(io) => PackageError::Io(io),
            other => PackageError::Zip(other.to_string()),
        }
    }
}

/// Parts larger than this are not read into memory (the reader's zip guard
/// refuses larger ones before opfolg gets here).
const PART_LIMIT: u64 = 1 << 30;

/// Anything a package can be read from.
pub trait Source: Read + Seek + Send {}
impl<T: Read + Seek + Send> Source for T {}

/// How a part is looked up: names are case-insensitive, and some zip
/// tools on Windows write `\\` for `/`.
fn key(part: &str) -> String {
    part.to_lowercase().replace('\\', "/")
}

/// An opened package: its parts, content types and workbook structure.
pub struct Package {
    zip: zip::ZipArchive<Box<dyn Source>>,
    /// Entry names in archive order.
    entries: Vec<String>,
    /// Lower-cased part name → entry index (part names are case-insensitive).
    by_name: HashMap<String, usize>,
    /// The content type of every part.
    pub content_types: ContentTypes,
    /// The workbook part (`xl/workbook.xml`) and its relationships.
    pub workbook_part: String,
    /// The workbook part's relationships (its sheets, styles, …).
    pub workbook_rels: Vec<Rel>,
    /// The sheets in workbook order.
    pub sheets: Vec<SheetEntry>,
    /// The defined names.
    pub names: Vec<DefinedName>,
}

impl Package {
    /// Opens a workbook's package (its bytes are shared, not copied).
    ///
    /// # Errors
    /// The bytes are not a zip package, lack its content types, root
    /// relationships or workbook, or one of them is not well-formed.
    pub fn open_input(input: &crate::input::Input) -> Result<Package, PackageError> {
        Package::open(Box::new(input.reader()))
    }

    /// Opens a package from any reader (the command line's file).
    ///
    /// # Errors
    /// As [`Package::open_input`].
    pub fn open_reader(reader: impl Source + 'static) -> Result<Package, PackageError> {
        Package::open(Box::new(reader))
    }

    /// Opens a package from bytes in memory.
    ///
    /// # Errors
    /// As [`Package::open_input`].
    pub fn open_bytes(bytes: Vec<u8>) -> Result<Package, PackageError> {
        Package::open(Box::new(std::io::Cursor::new(bytes)))
    }

    fn open(mut source: Box<dyn Source>) -> Result<Package, PackageError> {
        // A package starts with a zip entry. An `.xls` saved by Excel 2007
        // or later carries a theme as a zip inside it, which a zip reader
        // finds from the end: that is not the workbook's package.
        let mut magic = [0u8; 4];
        source.read_exact(&mut magic)?;
        if magic != *b"PK\x03\x04" {
            return Err(PackageError::Zip("no zip entry at its start".into()));
        }
        source.rewind()?;
        let zip = zip::ZipArchive::new(source)?;
        let entries: Vec<String> = (0..zip.len())
            .map(|i| {
                zip.name_for_index(i)
                    .and_then(Result::ok)
                    .map(|n| n.into_owned())
                    .unwrap_or_default()
            })
            .collect();
        // Part names are case-insensitive; some zip tools on Windows write
        // `\` for `/`.
        let by_name = entries
            .iter()
            .enumerate()
            .map(|(i, n)| (key(n), i))
            .collect();
        let mut pkg = Package {
            zip,
            entries,
            by_name,
            content_types: ContentTypes::default(),
            workbook_part: String::new(),
            workbook_rels: Vec::new(),
            sheets: Vec::new(),
            names: Vec::new(),
        };
        let ct = pkg.part(content_types::PART)?;
        pkg.content_types = ContentTypes::parse(&ct)?;
        let root = rels::parse(&pkg.part("_rels/.rels")?, "_rels/.rels")?;
        let wb = root
            .iter()
            .find(|r| rels::types::is(&r.kind, rels::types::OFFICE_DOCUMENT))
            .ok_or_else(|| PackageError::Missing("xl/workbook.xml".into()))?;
        pkg.workbook_part = rels::resolve("", &wb.target);
        let rels_part = rels::rels_part_of(&pkg.workbook_part);
        pkg.workbook_rels = match pkg.has(&rels_part) {
            true => rels::parse(&pkg.part(&rels_part)?, &rels_part)?,
            false => Vec::new(),
        };
        let wb_part = pkg.workbook_part.clone();
        let info = workbook::parse(&pkg.part(&wb_part)?, &wb_part)?;
        pkg.sheets = info.sheets;
        pkg.names = info.names;
        for s in &mut pkg.sheets {
            if let Some(r) = pkg.workbook_rels.iter().find(|r| r.id == s.rel_id) {
                s.part = rels::resolve(&pkg.workbook_part, &r.target);
                s.kind = SheetKind::of_relationship(&r.kind);
            }
        }
        Ok(pkg)
    }

    /// Whether the package has a part of this name.
    pub fn has(&self, part: &str) -> bool {
        self.by_name.contains_key(&key(part))
    }

    /// The name of the part as the archive spells it.
    fn entry_name(&self, part: &str) -> Option<&str> {
        self.by_name
            .get(&key(part))
            .map(|i| self.entries[*i].as_str())
    }

    /// The inflated bytes of a part (an XML part saved in UTF-16 as UTF-8).
    ///
    /// # Errors
    /// The package has no such part, it is larger than opfolg reads, or it
    /// cannot be inflated.
    pub fn part(&mut self, part: &str) -> Result<Vec<u8>, PackageError> {
        let index = *self
            .by_name
            .get(&key(part))
            .ok_or_else(|| PackageError::Missing(part.to_string()))?;
        let entry = self.zip.by_index(index)?;
        if entry.size() > PART_LIMIT {
            return Err(PackageError::TooLarge(part.to_string()));
        }
        let mut out = Vec::with_capacity(entry.size() as usize);
        entry.take(PART_LIMIT).read_to_end(&mut out)?;
        // A part saved in UTF-16 is read (and, if patched, written) as UTF-8.
        if let std::borrow::Cow::Owned(text) = xml::utf8(&out) {
            out = text;
        }
        Ok(out)
    }

    /// The relationships of a part (none if it has no relationships part).
    ///
    /// # Errors
    /// The relationships part cannot be read or is not well-formed.
    pub fn rels_of(&mut self, part: &str) -> Result<Vec<Rel>, PackageError> {
        let rp = rels::rels_part_of(part);
        if !self.has(&rp) {
            return Ok(Vec::new());
        }
        let bytes = self.part(&rp)?;
        rels::parse(&bytes, &rp)
    }

    /// The workbook's styles part, if it has one.
    pub fn styles_part(&self) -> Option<String> {
        self.workbook_rels
            .iter()
            .find(|r| rels::types::is(&r.kind, rels::types::STYLES))
            .map(|r| rels::resolve(&self.workbook_part, &r.target))
    }

    /// Whether the workbook part is a macro-enabled one (`.xlsm`, `.xltm`).
    pub fn is_macro_enabled(&self) -> bool {
        self.content_types
            .of(&self.workbook_part)
            .is_some_and(|t| t.contains("macroEnabled"))
    }

    /// Every part name, in archive order.
    pub fn part_names(&self) -> &[String] {
        &self.entries
    }
}

#[cfg(test)]
mod tests;
