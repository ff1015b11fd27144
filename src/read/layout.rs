//! What calamine does not expose of an .xlsx package: the kind of each
//! sheet (chart, dialog and macro sheets included), column widths (the
//! `<cols>` element at the top of each sheet's XML), and a readable copy of
//! a package whose macro sheets calamine would refuse.

use std::collections::HashMap;
use std::io::{BufReader, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::raw::SheetKind;
use crate::input::Input;

pub use super::raw::Widths;

/// Parts larger than this are not read for sheet lists (they are small).
const PART_LIMIT: u64 = 64 * 1024 * 1024;

type Zip = super::guard::Zip;

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    quick_xml::escape::unescape(&a.value)
        .ok()
        .map(|v| v.into_owned())
}

fn part(zip: &mut Zip, name: &str) -> Option<String> {
    let name = super::guard::find_part(zip, name)?;
    let entry = zip.by_name(&name).ok()?;
    let mut s = String::new();
    entry.take(PART_LIMIT).read_to_string(&mut s).ok()?;
    Some(s)
}

/// Every element named `tag` in the XML `reader` gives, with `f` applied
/// to it, until an element named `stop` starts: a sheet's `<cols>` are read
/// without reading its cells.
fn each<R: std::io::BufRead>(
    mut reader: Reader<R>,
    tag: &str,
    stop: &str,
    mut f: impl FnMut(&BytesStart),
) {
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => f(&e),
            Ok(Event::Start(e)) if e.local_name().as_ref() == stop => return,
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
        buf.clear();
    }
}

/// One `<sheet>` of workbook.xml: its name, kind and part.
struct SheetEntry {
    name: String,
    kind: SheetKind,
    part: String,
}

/// The folder of the workbook part and its name (`xl/`, `workbook.xml`).
fn workbook_part(zip: &mut Zip) -> (String, String) {
    let mut found = ("xl/".to_string(), "workbook.xml".to_string());
    if let Some(rels) = part(zip, "_rels/.rels") {
        each(Reader::from_str(&rels), "Relationship", "", |e| {
            let is_doc = attr(e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
            if let (true, Some(t)) = (is_doc, attr(e, "Target")) {
                let t = t.trim_start_matches('/');
                found = match t.rfind('/') {
                    Some(i) => (t[..=i].to_string(), t[i + 1..].to_string()),
                    None => (String::new(), t.to_string()),
                };
            }
        });
    }
    found
}

fn rels_name(folder: &str, name: &str) -> String {
    format!("{folder}_rels/{name}.rels")
}

/// The sheets of workbook.xml in order, with their kinds and parts.
fn sheets(zip: &mut Zip) -> Vec<SheetEntry> {
    let (folder, name) = workbook_part(zip);
    let (Some(workbook), Some(rels)) = (
        part(zip, &format!("{folder}{name}")),
        part(zip, &rels_name(&folder, &name)),
    ) else {
        return Vec::new();
    };
    let mut targets: HashMap<String, (String, SheetKind)> = HashMap::new();
    each(Reader::from_str(&rels), "Relationship", "", |e| {
        if let (Some(id), Some(target), Some(typ)) =
            (attr(e, "Id"), attr(e, "Target"), attr(e, "Type"))
        {
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("{folder}{target}"),
            };
            let kind = match typ.rsplit('/').next().unwrap_or("") {
                "chartsheet" => SheetKind::Chart,
                "dialogsheet" => SheetKind::Dialog,
                "xlMacrosheet" | "xlIntlMacrosheet" => SheetKind::Macro,
                _ => SheetKind::Work,
            };
            targets.insert(id, (path, kind));
        }
    });
    let mut out = Vec::new();
    each(Reader::from_str(&workbook), "sheet", "", |e| {
        let id = e
            .attributes()
            .flatten()
            .find(|a| a.key.local_name().as_ref() == "id")
            .map(|a| a.value.into_owned());
        if let (Some(name), Some(id)) = (attr(e, "name"), id)
            && let Some((part, kind)) = targets.get(&id)
        {
            out.push(SheetEntry {
                name,
                kind: *kind,
                part: part.clone(),
            });
        }
    });
    out
}

fn open(input: &Input) -> Option<Zip> {
    zip::ZipArchive::new(input.reader()).ok()
}

/// The kind of each sheet of an .xlsx/.xlsm by name. Any problem gives an
/// empty map: calamine's kinds are used instead.
pub fn sheet_kinds(input: &Input) -> HashMap<String, SheetKind> {
    let Some(mut zip) = open(input) else {
        return HashMap::new();
    };
    sheets(&mut zip)
        .into_iter()
        .map(|s| (s.name, s.kind))
        .collect()
}

/// The column widths of every sheet of an .xlsx/.xlsm, by sheet name. Any
/// problem gives no widths: the house widths are used instead.
pub fn column_widths(input: &Input) -> HashMap<String, Widths> {
    let mut out = HashMap::new();
    let Some(mut zip) = open(input) else {
        return out;
    };
    for sheet in sheets(&mut zip) {
        let Some(name) = super::guard::find_part(&zip, &sheet.part) else {
            continue;
        };
        let Ok(entry) = zip.by_name(&name) else {
            continue;
        };
        let mut widths = Widths::new();
        let reader = Reader::from_reader(BufReader::new(entry));
        each(reader, "col", "sheetData", |e| {
            let num = |k: &str| attr(e, k).and_then(|v| v.parse::<f64>().ok());
            if let (Some(min), Some(max), Some(w)) = (num("min"), num("max"), num("width"))
                && min >= 1.0
                && max >= min
            {
                // OOXML counts columns from 1 and stores widths with padding.
                let (first, last) = ((min as u16) - 1, (max.min(16_384.0) as u16) - 1);
                widths.push((first, last, (w - 0.71).max(0.0)));
            }
        });
        if !widths.is_empty() {
            out.insert(sheet.name, widths);
        }
    }
    out
}

/// A copy of the package in memory in which Excel 4 macro sheets are
/// declared dialog sheets, a kind calamine knows (it refuses the whole
/// workbook over a relationship type it does not). Parts are copied
/// without inflating them; only the workbook's relationships are rewritten.
pub fn macro_sheets_as_dialogs(input: &Input) -> Option<Vec<u8>> {
    let mut zip = open(input)?;
    let (folder, name) = workbook_part(&mut zip);
    let rels = super::guard::find_part(&zip, &rels_name(&folder, &name))?;
    let text = part(&mut zip, &rels)?;
    let dialog = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";
    let patched = text
        .replace(
            "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
            dialog,
        )
        .replace(
            "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
            dialog,
        );
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).ok()?;
        if entry.name().is_ok_and(|n| n == rels) {
            drop(entry);
            out.start_file(rels.clone(), zip::write::SimpleFileOptions::default())
                .ok()?;
            out.write_all(patched.as_bytes()).ok()?;
        } else {
            out.raw_copy_file(entry).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}
