//! Which sheets of a workbook are opfolg's own (`Ændringer`, `Kontrol`,
//! `Overblik`, `Læsevejledning`): known by the mark opfolg writes (a
//! hidden sheet-scoped defined name, see [`crate::layout::MARK`]), never by
//! name alone — a user's own sheet called `Kontrol` is theirs.

use super::raw::RawWorkbook;
use crate::input::Input;
use crate::layout::{Generated, MARK};
use crate::parse::text::fold;
use crate::template::Template;

/// For each sheet of `raw`, which of opfolg's sheets it is, if any.
pub fn generated_sheets(input: &Input, raw: &RawWorkbook, t: &Template) -> Vec<Option<Generated>> {
    let mut out: Vec<Option<Generated>> = raw.sheets.iter().map(|s| legacy(s, t)).collect();
    // The package's marks, where the file is an xlsx package.
    let Ok(pkg) = crate::package::Package::open_input(input) else {
        return out;
    };
    for name in pkg.names.iter().filter(|n| n.name == MARK) {
        let (Some(i), Some(kind)) = (name.sheet, Generated::from_mark(&name.value)) else {
            continue;
        };
        let Some(entry) = pkg.sheets.get(i) else {
            continue;
        };
        if let Some(k) = raw.sheets.iter().position(|s| s.name == entry.name) {
            out[k] = Some(kind);
        }
    }
    out
}

/// The names of the sheets opfolg's marks say are its own (the reading
/// guide, `Kontrol`, …), where the file is an xlsx package: never a title.
pub fn marked_sheet_names(input: &Input) -> Vec<String> {
    let Ok(pkg) = crate::package::Package::open_input(input) else {
        return Vec::new();
    };
    pkg.names
        .iter()
        .filter(|n| n.name == MARK && Generated::from_mark(&n.value).is_some())
        .filter_map(|n| pkg.sheets.get(n.sheet?).map(|s| s.name.clone()))
        .collect()
}

/// A sheet written by an opfolg older than the mark: its name is the
/// template's, and its first row is exactly what opfolg wrote there.
fn legacy(sheet: &super::raw::RawSheet, t: &Template) -> Option<Generated> {
    let kind = Generated::ALL
        .into_iter()
        .find(|g| fold(g.name(t)) == fold(&sheet.name))?;
    let first = sheet.rows.first().filter(|r| r.row == 0)?;
    let texts: Vec<String> = first
        .cells
        .iter()
        .map(|c| c.value.text().into_owned())
        .collect();
    (texts == kind.legacy_first_row(t)).then_some(kind)
}
