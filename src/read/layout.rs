//! What calamine does not expose of an .xlsx package: the kind of each
//! sheet (chart, dialog and macro sheets included), column widths (the
//! `<cols>` element at the top of each sheet's XML), and a readable copy of
//! a package calamine would refuse (macro sheets, UTF-16 parts, sheets
//! without a relationship).

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
    let mut bytes = Vec::new();
    entry.take(PART_LIMIT).read_to_end(&mut bytes).ok()?;
    String::from_utf8(crate::package::xml::utf8(&bytes).into_owned()).ok()
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

/// The relationship a readable view gives sheets whose own is missing.
const VIEW_REL: &str = "rIdOpfolgView";
/// The empty part it points at.
const VIEW_PART: &str = "opfolgViewEmpty.xml";
const DIALOG: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";

/// A copy of the package in memory that calamine can read, for a workbook
/// Excel opens and calamine refuses. `None` if there is nothing to mend
/// (or the package cannot be read at all). Mended, in the copy only:
/// - XML parts saved in UTF-16 are decoded to UTF-8;
/// - Excel 4 macro sheets are declared dialog sheets, a kind calamine
///   knows (it refuses the whole workbook over a relationship type it
///   does not);
/// - a `<sheet>` without a relationship (`r:id=""`, or one the workbook's
///   relationships lack: a macro sheet some tool saved without its part)
///   points at an empty dialog sheet, so the sheets keep their places;
/// - `state="show"` (no such state; Excel shows the sheet) is `visible`.
///
/// Other parts are copied without inflating them. The user's file is never
/// touched: opfolg's patch reads its own package.
pub fn readable_view(input: &Input) -> Option<Vec<u8>> {
    let mut zip = open(input)?;
    let (folder, name) = workbook_part(&mut zip);
    let wb_name = super::guard::find_part(&zip, &format!("{folder}{name}"))?;
    let rels_part = super::guard::find_part(&zip, &rels_name(&folder, &name))?;
    let rels = part(&mut zip, &rels_part)?;
    let workbook = part(&mut zip, &wb_name)?;
    let (new_rels, new_workbook, orphans) = mend_workbook(&rels, &workbook)?;
    let mut replaced: HashMap<String, String> = HashMap::new();
    if new_rels != rels {
        replaced.insert(rels_part, new_rels);
    }
    if new_workbook != workbook {
        replaced.insert(wb_name, new_workbook);
    }
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut mended = !replaced.is_empty();
    for i in 0..zip.len() {
        let entry_name = zip.name_for_index(i)?.ok()?.into_owned();
        if let Some(text) = replaced.get(&entry_name) {
            out.start_file(entry_name.clone(), options).ok()?;
            out.write_all(text.as_bytes()).ok()?;
        } else if let Some(text) = utf16_part(&mut zip, i) {
            mended = true;
            out.start_file(entry_name.clone(), options).ok()?;
            out.write_all(&text).ok()?;
        } else {
            out.raw_copy_file(zip.by_index_raw(i).ok()?).ok()?;
        }
    }
    if orphans {
        out.start_file(format!("{folder}{VIEW_PART}"), options)
            .ok()?;
        out.write_all(
            b"<dialogsheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>",
        )
        .ok()?;
    }
    mended.then_some(())?;
    Some(out.finish().ok()?.into_inner())
}

/// The workbook's relationships and workbook.xml mended for calamine (see
/// [`readable_view`]), and whether some sheet had no relationship.
fn mend_workbook(rels: &str, workbook: &str) -> Option<(String, String, bool)> {
    let mut ids = Vec::new();
    each(Reader::from_str(rels), "Relationship", "", |e| {
        ids.extend(attr(e, "Id"));
    });
    let mut new_rels = rels
        .replace(
            "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet",
            DIALOG,
        )
        .replace(
            "http://schemas.microsoft.com/office/2006/relationships/xlIntlMacrosheet",
            DIALOG,
        );
    // The sheets without a relationship, by their `r:id="…"` as written.
    let mut orphans: Vec<(String, String)> = Vec::new();
    each(Reader::from_str(workbook), "sheet", "", |e| {
        for a in e.attributes().flatten() {
            if a.key.local_name().as_ref() == "id" && !ids.contains(&a.value.to_string()) {
                orphans.push((a.key.as_ref().to_string(), a.value.to_string()));
            }
        }
    });
    let mut new_workbook = workbook.replace("state=\"show\"", "state=\"visible\"");
    for (key, value) in &orphans {
        new_workbook = new_workbook.replace(
            &format!("{key}=\"{value}\""),
            &format!("{key}=\"{VIEW_REL}\""),
        );
    }
    if !orphans.is_empty() {
        let rel =
            format!("<Relationship Id=\"{VIEW_REL}\" Type=\"{DIALOG}\" Target=\"{VIEW_PART}\"/>");
        let at = new_rels.rfind("</")?;
        new_rels.insert_str(at, &rel);
    }
    Some((new_rels, new_workbook, !orphans.is_empty()))
}

/// An XML part of the archive saved in UTF-16, decoded to UTF-8; `None`
/// for any other part.
fn utf16_part(zip: &mut Zip, i: usize) -> Option<Vec<u8>> {
    let mut entry = zip.by_index(i).ok()?;
    let name = entry.name().ok()?.to_ascii_lowercase();
    if !(name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml")) {
        return None;
    }
    let mut head = [0u8; 4];
    entry.read_exact(&mut head).ok()?;
    if let std::borrow::Cow::Borrowed(_) = crate::package::xml::utf8(&head) {
        return None;
    }
    let mut bytes = head.to_vec();
    entry.take(PART_LIMIT).read_to_end(&mut bytes).ok()?;
    match crate::package::xml::utf8(&bytes) {
        std::borrow::Cow::Owned(text) => Some(text),
        std::borrow::Cow::Borrowed(_) => None,
    }
}
