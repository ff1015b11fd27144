//! Column widths of an .xlsx, which calamine does not expose: the `<cols>`
//! element at the top of each sheet's XML.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// A run of columns with one width: (first col, last col, width in characters).
pub type Widths = Vec<(u16, u16, f64)>;

/// Parts larger than this are not read for widths (they are cosmetic).
const PART_LIMIT: u64 = 64 * 1024 * 1024;

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    let a = e.attributes().flatten().find(|a| a.key.as_ref() == key)?;
    quick_xml::escape::unescape(&a.value)
        .ok()
        .map(|v| v.into_owned())
}

fn part(zip: &mut zip::ZipArchive<BufReader<File>>, name: &str) -> Option<String> {
    let entry = zip.by_name(name.trim_start_matches('/')).ok()?;
    let mut s = String::new();
    entry.take(PART_LIMIT).read_to_string(&mut s).ok()?;
    Some(s)
}

/// Every element named `tag` in `xml`, with `f` applied to it, until `stop`.
fn each(xml: &str, tag: &str, stop: &str, mut f: impl FnMut(&BytesStart)) {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => f(&e),
            Ok(Event::Start(e)) if e.local_name().as_ref() == stop => return,
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
    }
}

/// The column widths of every sheet of an .xlsx/.xlsm, by sheet name. Any
/// problem gives no widths: the house widths are used instead.
pub fn column_widths(path: &Path) -> HashMap<String, Widths> {
    let mut out = HashMap::new();
    let Ok(file) = File::open(path) else {
        return out;
    };
    let Ok(mut zip) = zip::ZipArchive::new(BufReader::new(file)) else {
        return out;
    };
    let (Some(workbook), Some(rels)) = (
        part(&mut zip, "xl/workbook.xml"),
        part(&mut zip, "xl/_rels/workbook.xml.rels"),
    ) else {
        return out;
    };
    let mut targets: HashMap<String, String> = HashMap::new();
    each(&rels, "Relationship", "", |e| {
        if let (Some(id), Some(target)) = (attr(e, "Id"), attr(e, "Target")) {
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            targets.insert(id, path);
        }
    });
    let mut sheets: Vec<(String, String)> = Vec::new();
    each(&workbook, "sheet", "", |e| {
        if let (Some(name), Some(id)) = (attr(e, "name"), attr(e, "r:id"))
            && let Some(t) = targets.get(&id)
        {
            sheets.push((name, t.clone()));
        }
    });
    for (name, target) in sheets {
        let Some(xml) = part(&mut zip, &target) else {
            continue;
        };
        let mut widths = Widths::new();
        each(&xml, "col", "sheetData", |e| {
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
            out.insert(name, widths);
        }
    }
    out
}
