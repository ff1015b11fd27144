//! Writing the edited package: untouched parts copied as they are
//! (compressed bytes and all), patched parts recompressed, new parts
//! registered in the workbook, its relationships and the content types.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Seek, Write};

use quick_xml::events::Event;
use zip::PreparedZipFile;
use zip::write::{SimpleFileOptions, ZipFileBuilder};

use super::comments::write_vml;
use super::content_types::{self, TypeEdits};
use super::edits::{Edits, Name, NewSheet, Place};
use super::newsheet::{chart_xml, drawing_xml, quoted, write_sheet};
use super::rels::{self, types};
use super::sheet::{SheetPatch, facts};
use super::styles::{MINIMAL, StyleBook};
use super::workbook::{self, Slot};
use super::xml::{Scanner, Splice, a1, escape_text, parse_a1};
use super::{Package, PackageError, SheetKind};

/// The parts of the output: new bytes for changed and added parts, and
/// the parts that go. The new bytes are compressed as soon as they are
/// made, under the entry name they are written with: a large workbook's
/// patched sheet, its notes and opfolg's new sheets are not all held
/// whole until the package is assembled.
#[derive(Default)]
struct Out {
    changed: BTreeMap<String, PreparedZipFile>,
    /// New parts in the order they were made.
    added: Vec<(String, PreparedZipFile)>,
    removed: BTreeSet<String>,
    types: TypeEdits,
    /// Parts taken by this write (new names must avoid them).
    taken: BTreeSet<String>,
    /// Sheet-scoped names to remove: (name, old sheet index).
    remove_scoped: Vec<(String, usize)>,
    /// A formula was taken away: the calculation chain, which may name
    /// its cell, goes (Excel rebuilds it).
    drop_calc_chain: bool,
}

impl Out {
    fn add(
        &mut self,
        part: String,
        bytes: &[u8],
        content_type: Option<&str>,
    ) -> Result<(), PackageError> {
        if let Some(t) = content_type {
            self.types.add.push((part.clone(), t.to_string()));
        }
        self.taken.insert(part.to_lowercase());
        let file = prepare(&part, bytes)?;
        self.added.push((part, file));
        Ok(())
    }

    /// Adds a part written by `make` into a [`PartSink`] as it is made
    /// (`big`: it will be large, see [`level_for`]).
    fn add_streamed<T>(
        &mut self,
        part: String,
        content_type: Option<&str>,
        big: bool,
        make: impl FnOnce(&mut PartSink) -> Result<T, PackageError>,
    ) -> Result<T, PackageError> {
        if let Some(t) = content_type {
            self.types.add.push((part.clone(), t.to_string()));
        }
        self.taken.insert(part.to_lowercase());
        let mut sink = PartSink::new(&part, big)?;
        let made = make(&mut sink)?;
        self.added.push((part, sink.finish()?));
        Ok(made)
    }

    /// Replaces a part of the package with what `make` writes into a
    /// [`PartSink`] as it is made.
    fn change_streamed<T>(
        &mut self,
        pkg: &Package,
        part: String,
        big: bool,
        make: impl FnOnce(&mut PartSink) -> Result<T, PackageError>,
    ) -> Result<T, PackageError> {
        let mut sink = PartSink::new(&self.entry_of(pkg, &part), big)?;
        let made = make(&mut sink)?;
        self.changed.insert(part, sink.finish()?);
        Ok(made)
    }

    /// Replaces a part of the package with `bytes`.
    fn change(&mut self, pkg: &Package, part: String, bytes: &[u8]) -> Result<(), PackageError> {
        let file = prepare(&self.entry_of(pkg, &part), bytes)?;
        self.changed.insert(part, file);
        Ok(())
    }

    /// The name a changed part is written under, as [`assemble`] places
    /// it: the archive's spelling of the first entry of that name, or the
    /// part's own when the archive keeps no such entry (it is written
    /// after the entries). The parts of sheets that go are removed before
    /// any part is changed (the calculation chain, removed later, never
    /// is).
    fn entry_of(&self, pkg: &Package, part: &str) -> String {
        let key = part.to_lowercase();
        let normal = |p: &String| p.to_lowercase().replace('\\', "/");
        if self.removed.iter().any(|p| normal(p) == key) {
            return part.to_string();
        }
        pkg.entries
            .iter()
            .find(|n| normal(n) == key)
            .cloned()
            .unwrap_or_else(|| part.to_string())
    }
}

/// A part's bytes compressed as `assemble` writes them, under `name`.
fn prepare(name: &str, bytes: &[u8]) -> Result<PreparedZipFile, PackageError> {
    Ok(PreparedZipFile::from_data(name, options_for(bytes), bytes)?)
}

/// A free part name `{dir}{stem}{n}.{ext}`.
fn free_part(pkg: &Package, out: &Out, dir: &str, stem: &str, ext: &str) -> String {
    (1..)
        .map(|n| format!("{dir}{stem}{n}.{ext}"))
        .find(|p| !pkg.has(p) && !out.taken.contains(&p.to_lowercase()))
        .expect("a free name")
}

/// The sheets of the output in order.
fn order(pkg: &Package, edits: &Edits, heads: &[(String, Place)]) -> Vec<Slot> {
    let replaced: BTreeSet<usize> = heads
        .iter()
        .filter_map(|(_, place)| match place {
            Place::Replace(i) => Some(*i),
            _ => None,
        })
        .collect();
    let mut out = Vec::new();
    for (i, _) in pkg.sheets.iter().enumerate() {
        if edits.remove_sheets.contains(&i) && !replaced.contains(&i) {
            continue;
        }
        out.push(Slot::Existing(i));
    }
    out
}

/// Writes `pkg` with `edits` applied to `sink`. The edits are consumed as
/// they are written, so a large annotation is not held twice.
///
/// # Errors
/// A part of the package cannot be read, is not well-formed XML, or the
/// output cannot be written.
pub fn write<W: Write + Seek>(
    pkg: &mut Package,
    edits: Edits,
    sink: W,
) -> Result<(), PackageError> {
    write_with(pkg, edits, None, sink)
}

/// New sheets still being made when the write begins: their names and
/// places now, the sheets themselves (in that order) once the user's
/// sheets are patched — made meanwhile on another thread, say.
pub struct Later<'a> {
    /// Each sheet's name and place.
    pub heads: Vec<(String, Place)>,
    /// The sheets, each then named and placed by its head.
    pub sheets: Box<dyn FnOnce() -> Vec<NewSheet> + 'a>,
}

/// [`write`], with new sheets that come [`Later`] after those of `edits`.
///
/// # Errors
/// As [`write`].
pub fn write_with<W: Write + Seek>(
    pkg: &mut Package,
    mut edits: Edits,
    later: Option<Later>,
    sink: W,
) -> Result<(), PackageError> {
    let (later_heads, later) = later.map_or((Vec::new(), None), |l| (l.heads, Some(l.sheets)));
    let heads: Vec<(String, Place)> = (edits.new_sheets.iter())
        .map(|s| (s.name.clone(), s.place))
        .chain(later_heads.iter().cloned())
        .collect();
    check_new_names(pkg, &edits, &heads)?;
    let mut out = Out::default();
    let styles_part = pkg.styles_part().filter(|p| pkg.has(p));
    let styles_bytes = match &styles_part {
        Some(p) => pkg.part(p)?,
        None => MINIMAL.as_bytes().to_vec(),
    };
    let mut styles = StyleBook::scan(styles_bytes, styles_part.as_deref().unwrap_or(STYLES))?;
    let mut slots = order(pkg, &edits, &heads);
    let gone: Vec<usize> = (0..pkg.sheets.len())
        .filter(|i| {
            !slots
                .iter()
                .any(|s| matches!(s, Slot::Existing(j) if j == i))
                || replaced_by(&heads, *i)
        })
        .collect();
    remove_sheet_parts(pkg, &mut out, &gone)?;
    patch_sheets(pkg, &mut out, &mut styles, &mut edits)?;
    if let Some(make) = later {
        edits
            .new_sheets
            .extend(made_as_announced(make(), later_heads)?);
    }
    let mut added = add_new_sheets(pkg, &mut out, &mut styles, &mut edits.new_sheets)?;
    place(&mut slots, &added.placed);
    finish_styles(pkg, &mut out, styles, styles_part, &mut added)?;
    workbook_rels(pkg, &mut out, &gone, &added.rels)?;
    let add_names = names(&edits, &slots);
    if !added.placed.is_empty()
        || !gone.is_empty()
        || !add_names.is_empty()
        || !edits.remove_names.is_empty()
        || !out.remove_scoped.is_empty()
    {
        let part = pkg.workbook_part.clone();
        let bytes = pkg.part(&part)?;
        let order = workbook::WorkbookEdits {
            order: &slots,
            remove_names: &edits.remove_names,
            remove_scoped: &out.remove_scoped,
            add_names,
        };
        let patched = workbook::patch(&bytes, &part, &order)?;
        out.change(pkg, part, &patched)?;
        app_titles(pkg, &mut out, &slots)?;
    }
    default_types(pkg, &mut out);
    if !out.types.is_empty() {
        let ct = pkg.part(content_types::PART)?;
        let patched = content_types::patch(&ct, &out.types)?;
        out.change(pkg, content_types::PART.to_string(), &patched)?;
    }
    assemble(pkg, out, sink)
}

/// Patches each sheet with edits. Each sheet's edits are dropped once
/// written: a large workbook's cells need not all be held twice.
fn patch_sheets(
    pkg: &mut Package,
    out: &mut Out,
    styles: &mut StyleBook,
    edits: &mut Edits,
) -> Result<(), PackageError> {
    for (index, sheet_edits) in std::mem::take(&mut edits.sheets) {
        let Some(entry) = pkg.sheets.get(index).cloned() else {
            return Err(PackageError::Limit(format!("no sheet {index}")));
        };
        if !sheet_edits.is_empty() && entry.kind == SheetKind::Worksheet {
            let mark = edits.print_mark.as_deref();
            let area = print_area(pkg, index, &sheet_edits, mark);
            let laid_out = patch_sheet(
                pkg,
                out,
                styles,
                &entry.part,
                &sheet_edits,
                (&edits.note_author, &edits.drop_note_authors),
                (area.user, area.marked),
            )?;
            if laid_out {
                out.remove_scoped.extend(area.earlier.map(|n| (n, index)));
                let named = |name: &str, value| Name {
                    name: name.into(),
                    sheet: Some(index),
                    value,
                    hidden: false,
                };
                if let (Some(mark), Some(value)) = (mark, &area.ours) {
                    out.remove_scoped.push((mark.to_string(), index));
                    edits.names.push(Name {
                        hidden: true,
                        ..named(mark, value.clone())
                    });
                }
                edits.names.extend(area.ours.map(|v| named(PRINT_AREA, v)));
                edits
                    .names
                    .extend(area.titles.map(|v| named("_xlnm.Print_Titles", v)));
            }
        }
    }
    Ok(())
}

/// Excel's name for a sheet's print area.
const PRINT_AREA: &str = "_xlnm.Print_Area";

/// A sheet's print area as far as opfolg is concerned.
#[derive(Default)]
struct Area {
    /// The user set one: it stands, and so does their page setup.
    user: bool,
    /// One an earlier run wrote, to go (the name).
    earlier: Option<String>,
    /// Ours to add (the value).
    ours: Option<String>,
    /// Print titles to add (the value), where the sheet has none.
    titles: Option<String>,
    /// The sheet's print setup carries opfolg's mark (an earlier run's).
    marked: bool,
}

/// `$A:$F`: whole columns.
fn columns_a1(sheet: &str, (first, last): (u16, u16)) -> String {
    let letters = |c: u16| {
        let s = a1(0, c);
        s.trim_end_matches(|ch: char| ch.is_ascii_digit())
            .to_string()
    };
    format!("{}!${}:${}", quoted(sheet), letters(first), letters(last))
}

/// The print area opfolg sets on an existing sheet whose pages it lays
/// out: whole columns, unless the user has one of their own.
fn print_area(
    pkg: &Package,
    index: usize,
    edits: &super::edits::SheetEdits,
    mark: Option<&str>,
) -> Area {
    let Some(pages) = edits.print.as_ref().and_then(|p| p.pages.as_ref()) else {
        return Area::default();
    };
    let name = pkg.sheets.get(index).map_or("", |s| s.name.as_str());
    let scoped = |wanted: &str| {
        pkg.names
            .iter()
            .find(|n| n.name.eq_ignore_ascii_case(wanted) && n.sheet == Some(index))
    };
    let existing = scoped(PRINT_AREA);
    // The print area an earlier run set, as its mark keeps it.
    let marked = mark.and_then(scoped).map(|m| m.value.clone());
    let same = |value: &str, cols: (u16, u16)| {
        let ours = columns_a1(name, cols);
        let bare = |s: &str| s.replace('\'', "").to_lowercase();
        bare(value) == bare(&ours)
    };
    let ours = columns_a1(name, pages.columns);
    let has_titles = pkg
        .names
        .iter()
        .any(|n| n.name.eq_ignore_ascii_case("_xlnm.Print_Titles") && n.sheet == Some(index));
    let titles = edits
        .print
        .as_ref()
        .and_then(|p| p.repeat_rows)
        .filter(|_| !has_titles)
        .map(|(a, b)| format!("{}!${}:${}", quoted(name), a + 1, b + 1));
    let area = match existing {
        None => Area {
            ours: Some(ours),
            ..Area::default()
        },
        Some(n)
            if pages.earlier_columns.is_some_and(|c| same(&n.value, c))
                || same(&n.value, pages.columns)
                || marked.as_deref().is_some_and(|m| {
                    let bare = |s: &str| s.replace('\'', "").to_lowercase();
                    bare(m) == bare(&n.value)
                }) =>
        {
            Area {
                earlier: Some(n.name.clone()),
                ours: Some(ours),
                ..Area::default()
            }
        }
        Some(_) => {
            return Area {
                user: true,
                ..Area::default()
            };
        }
    };
    Area {
        titles,
        marked: marked.is_some(),
        ..area
    }
}

/// The stylesheet with opfolg's formats: patched in place, or a new part
/// (with its relationship and content type) when the package had none.
fn finish_styles(
    pkg: &Package,
    out: &mut Out,
    styles: StyleBook,
    styles_part: Option<String>,
    added: &mut Added,
) -> Result<(), PackageError> {
    if styles.is_unchanged() {
        return Ok(());
    }
    let bytes = styles.finish()?;
    match styles_part {
        Some(part) => out.change(pkg, part, &bytes)?,
        None => {
            let rid = rels::free_id(&pkg.workbook_rels, &added.rel_ids());
            added.rels.push((
                rid,
                types::STYLES.into(),
                rels::relative(&pkg.workbook_part, STYLES),
            ));
            out.types
                .add
                .push((STYLES.into(), content_types::types::STYLES.into()));
            out.added.push((STYLES.into(), prepare(STYLES, &bytes)?));
        }
    }
    Ok(())
}

/// The part a new stylesheet gets.
const STYLES: &str = "xl/styles.xml";

/// A new sheet's name may not be an existing sheet's (one that stays).
/// The sheets made [`Later`], each named and placed by its head.
fn made_as_announced(
    mut made: Vec<NewSheet>,
    heads: Vec<(String, Place)>,
) -> Result<Vec<NewSheet>, PackageError> {
    if made.len() != heads.len() {
        return Err(PackageError::Limit(format!(
            "{} new sheets made, {} announced",
            made.len(),
            heads.len()
        )));
    }
    for (sheet, (name, place)) in made.iter_mut().zip(heads) {
        (sheet.name, sheet.place) = (name, place);
    }
    Ok(made)
}

fn check_new_names(
    pkg: &Package,
    edits: &Edits,
    heads: &[(String, Place)],
) -> Result<(), PackageError> {
    for (name, place) in heads {
        let clash = pkg.sheets.iter().enumerate().any(|(i, e)| {
            e.name.eq_ignore_ascii_case(name)
                && !edits.remove_sheets.contains(&i)
                && *place != Place::Replace(i)
        });
        if clash {
            return Err(PackageError::Limit(format!(
                "a sheet named `{name}` exists already"
            )));
        }
    }
    Ok(())
}

/// The new sheets as written: their slots and the workbook relationships
/// they need.
struct Added {
    placed: Vec<(Slot, Place)>,
    /// (id, type, target) of new workbook relationships.
    rels: Vec<(String, String, String)>,
}

impl Added {
    fn rel_ids(&self) -> Vec<String> {
        self.rels.iter().map(|r| r.0.clone()).collect()
    }
}

/// Writes each new sheet (and its charts) as new parts; their cells are
/// dropped once written.
fn add_new_sheets(
    pkg: &Package,
    out: &mut Out,
    styles: &mut StyleBook,
    sheets: &mut [NewSheet],
) -> Result<Added, PackageError> {
    let mut added = Added {
        placed: Vec::new(),
        rels: Vec::new(),
    };
    let first_sheet_id = pkg.sheets.iter().map(|s| s.sheet_id).max().unwrap_or(0) + 1;
    let mut axis = 50_010_000u32;
    for (sheet_id, sheet) in (first_sheet_id..).zip(sheets.iter_mut()) {
        let part = free_part(pkg, out, "xl/worksheets/", "sheet", "xml");
        let rid = rels::free_id(&pkg.workbook_rels, &added.rel_ids());
        let drawing_rid = match sheet.charts.is_empty() {
            true => None,
            false => Some(add_charts(pkg, out, &part, sheet, &mut axis)?),
        };
        // A sheet of more than about 10,000 cells makes a part of more than
        // a megabyte: compressed at the fast level, on the second thread.
        let big = sheet.cells.len() > 10_000;
        out.add_streamed(
            part.clone(),
            Some(content_types::types::WORKSHEET),
            big,
            |sink| Ok(write_sheet(sheet, styles, drawing_rid.as_deref(), sink)?),
        )?;
        sheet.cells = Default::default();
        sheet.links = Default::default();
        added.rels.push((
            rid.clone(),
            types::WORKSHEET.to_string(),
            rels::relative(&pkg.workbook_part, &part),
        ));
        let slot = Slot::New {
            name: sheet.name.clone(),
            sheet_id,
            rel_id: rid,
        };
        added.placed.push((slot, sheet.place));
    }
    Ok(added)
}

/// Puts the new sheets in their places among the sheets that stay.
fn place(slots: &mut Vec<Slot>, placed: &[(Slot, Place)]) {
    for (slot, place) in placed {
        match *place {
            Place::First => slots.insert(0, slot.clone()),
            Place::Last => slots.push(slot.clone()),
            Place::Replace(i) => match slots
                .iter()
                .position(|s| matches!(s, Slot::Existing(j) if *j == i))
            {
                Some(at) => slots[at] = slot.clone(),
                None => slots.push(slot.clone()),
            },
        }
    }
}

/// The workbook's relationships: those of sheets that go removed (and the
/// calculation chain, which may name their cells: Excel rebuilds it), the
/// new ones added.
fn workbook_rels(
    pkg: &mut Package,
    out: &mut Out,
    gone: &[usize],
    new: &[(String, String, String)],
) -> Result<(), PackageError> {
    if gone.is_empty() && new.is_empty() && !out.drop_calc_chain {
        return Ok(());
    }
    let part = rels::rels_part_of(&pkg.workbook_part);
    let mut bytes = pkg.part(&part)?;
    if !gone.is_empty() || out.drop_calc_chain {
        let mut ids: Vec<String> = gone.iter().map(|i| pkg.sheets[*i].rel_id.clone()).collect();
        if let Some(calc) = pkg
            .workbook_rels
            .iter()
            .find(|r| types::is(&r.kind, types::CALC_CHAIN))
        {
            let calc_part = rels::resolve(&pkg.workbook_part, &calc.target);
            out.removed.insert(calc_part.clone());
            out.types.remove.push(calc_part);
            ids.push(calc.id.clone());
        }
        bytes = rels::remove(&bytes, &part, &ids)?;
    }
    if !new.is_empty() {
        bytes = rels::append(&bytes, &part, new)?;
    }
    out.change(pkg, part, &bytes)?;
    Ok(())
}

fn replaced_by(heads: &[(String, Place)], i: usize) -> bool {
    heads.iter().any(|(_, place)| *place == Place::Replace(i))
}

/// The defined names to add: the caller's, and for new sheets their mark,
/// print titles and filter range, at their place in the new order.
fn names(edits: &Edits, slots: &[Slot]) -> Vec<Name> {
    let index_of_existing = |old: usize| {
        slots
            .iter()
            .position(|s| matches!(s, Slot::Existing(i) if *i == old))
    };
    let mut out: Vec<Name> = edits
        .names
        .iter()
        .filter_map(|n| match n.sheet {
            None => Some(n.clone()),
            Some(old) => index_of_existing(old).map(|i| Name {
                sheet: Some(i),
                ..n.clone()
            }),
        })
        .collect();
    for sheet in &edits.new_sheets {
        let Some(i) = slots
            .iter()
            .position(|s| matches!(s, Slot::New { name, .. } if *name == sheet.name))
        else {
            continue;
        };
        let q = quoted(&sheet.name);
        if let Some((name, value)) = &sheet.mark {
            out.push(Name {
                name: name.clone(),
                sheet: Some(i),
                value: value.clone(),
                hidden: true,
            });
        }
        if let Some((a, b)) = sheet.print.repeat_rows {
            out.push(Name {
                name: "_xlnm.Print_Titles".into(),
                sheet: Some(i),
                value: format!("{q}!${}:${}", a + 1, b + 1),
                hidden: false,
            });
        }
        if let Some((r1, c1, r2, c2)) = sheet.autofilter {
            let abs = |r: u32, c: u16| {
                let s = a1(r, c);
                let split = s.find(|ch: char| ch.is_ascii_digit()).unwrap_or(0);
                format!("${}${}", &s[..split], &s[split..])
            };
            out.push(Name {
                name: "_xlnm._FilterDatabase".into(),
                sheet: Some(i),
                value: format!("{q}!{}:{}", abs(r1, c1), abs(r2, c2)),
                hidden: true,
            });
        }
    }
    out.sort_by_key(|n| (n.name.to_lowercase(), n.sheet));
    out
}

/// A sheet's relationships, and those added to it.
struct SheetRels {
    part: String,
    existing: Vec<rels::Rel>,
    /// Ids the sheet's XML refers to (`r:id="rId1"`), even where its rels
    /// lack them: a new relationship must not take one (a page setup
    /// pointing at nothing would come to point at our notes).
    referenced: Vec<String>,
    added: Vec<(String, String, String)>,
}

/// The values of every `…:id="…"` attribute in a part's XML.
fn referenced_ids(xml: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let needle = b":id=\"";
    let mut at = 0;
    while let Some(i) = xml[at..].windows(needle.len()).position(|w| w == needle) {
        let start = at + i + needle.len();
        let Some(len) = xml[start..].iter().position(|b| *b == b'"') else {
            break;
        };
        out.push(String::from_utf8_lossy(&xml[start..start + len]).into_owned());
        at = start + len;
    }
    out
}

impl SheetRels {
    /// Adds a relationship; returns its id.
    fn add(&mut self, kind: &str, target: String) -> String {
        let taken: Vec<String> = self
            .added
            .iter()
            .map(|r| r.0.clone())
            .chain(self.referenced.iter().cloned())
            .collect();
        let id = rels::free_id(&self.existing, &taken);
        self.added.push((id.clone(), kind.to_string(), target));
        id
    }
}

/// Patches one worksheet and merges its notes.
fn patch_sheet(
    pkg: &mut Package,
    out: &mut Out,
    styles: &mut StyleBook,
    part: &str,
    edits: &super::edits::SheetEdits,
    authors: (&str, &[String]),
    (user_print_area, marked_print): (bool, bool),
) -> Result<bool, PackageError> {
    let bytes = pkg.part(part)?;
    let f = facts(&bytes, part)?;
    let mut sheet_rels = SheetRels {
        part: part.to_string(),
        existing: pkg.rels_of(part)?,
        referenced: referenced_ids(&bytes),
        added: Vec::new(),
    };
    let new_legacy = merge_notes(
        pkg,
        out,
        &mut sheet_rels,
        f.legacy_drawing.as_deref(),
        edits,
        authors,
    )?;
    let patch = SheetPatch {
        bytes: &bytes,
        part,
        edits,
        new_legacy_drawing: new_legacy,
        user_print_area,
        marked_print,
    };
    let big = bytes.len() > BIG;
    let patched = out.change_streamed(pkg, part.to_string(), big, |sink| {
        patch.apply_to(styles, sink)
    })?;
    out.drop_calc_chain |= patched.formulas_cleared;
    let laid_out = patched.laid_out;
    drop(bytes);
    if !sheet_rels.added.is_empty() {
        let rels_part = rels::rels_part_of(part);
        if pkg.has(&rels_part) {
            let bytes = rels::append(&pkg.part(&rels_part)?, &rels_part, &sheet_rels.added)?;
            out.change(pkg, rels_part, &bytes)?;
        } else {
            let xml = rels::new_part(&sheet_rels.added);
            out.add(rels_part, xml.as_bytes(), None)?;
        }
    }
    Ok(laid_out)
}

/// Merges a sheet's notes into its comments part and their VML drawing
/// (made where there are none); returns the relationship id of a new VML
/// drawing, which the sheet must point at.
fn merge_notes(
    pkg: &mut Package,
    out: &mut Out,
    sheet_rels: &mut SheetRels,
    legacy_drawing: Option<&str>,
    edits: &super::edits::SheetEdits,
    authors: (&str, &[String]),
) -> Result<Option<String>, PackageError> {
    let part = sheet_rels.part.clone();
    let comments_rel = sheet_rels
        .existing
        .iter()
        .find(|r| types::is(&r.kind, types::COMMENTS) && !r.external)
        .cloned();
    if edits.notes.is_empty() && comments_rel.is_none() {
        return Ok(None);
    }
    let threaded = threaded_refs(pkg, &part, &sheet_rels.existing)?;
    let comments_part = comments_rel
        .map(|r| rels::resolve(&part, &r.target))
        .filter(|p| pkg.has(p));
    let existing = match &comments_part {
        Some(p) => Some(pkg.part(p)?),
        None => None,
    };
    let cp = comments_part
        .clone()
        .unwrap_or_else(|| free_part(pkg, out, "xl/", "comments", "xml"));
    let merged =
        super::comments::patch(existing.as_deref(), &cp, authors, &edits.notes, &threaded)?;
    if merged.added.is_empty() && merged.removed.is_empty() {
        return Ok(None);
    }
    match comments_part {
        Some(p) => out.change(pkg, p, &merged.xml)?,
        None => {
            out.add(
                cp.clone(),
                &merged.xml,
                Some(content_types::types::COMMENTS),
            )?;
            sheet_rels.add(types::COMMENTS, rels::relative(&part, &cp));
        }
    }
    notes_vml(pkg, out, sheet_rels, legacy_drawing, &merged)
}

/// Writes the VML drawing of a sheet's merged notes (the sheet's own, or
/// a new one); returns the relationship id of a new drawing.
fn notes_vml(
    pkg: &mut Package,
    out: &mut Out,
    sheet_rels: &mut SheetRels,
    legacy_drawing: Option<&str>,
    merged: &super::comments::CommentsOut,
) -> Result<Option<String>, PackageError> {
    let part = sheet_rels.part.clone();
    let block = next_vml_block(pkg)?;
    // A note's shape is about 700 bytes: a thousand make a large part.
    let big = merged.added.len() > 1000;
    let vml_part = legacy_drawing
        .and_then(|id| sheet_rels.existing.iter().find(|r| r.id == id))
        .map(|r| rels::resolve(&part, &r.target))
        .filter(|p| pkg.has(p));
    if let Some(vp) = vml_part {
        let old = pkg.part(&vp)?;
        out.change_streamed(pkg, vp, big, |sink| {
            Ok(write_vml(
                Some(&old),
                block,
                &merged.removed,
                &merged.added,
                sink,
            )?)
        })?;
        return Ok(None);
    }
    let vp = free_part(pkg, out, "xl/drawings/", "vmlDrawing", "vml");
    out.add_streamed(vp.clone(), None, big, |sink| {
        Ok(write_vml(
            None,
            block,
            &merged.removed,
            &merged.added,
            sink,
        )?)
    })?;
    Ok(Some(
        sheet_rels.add(types::VML_DRAWING, rels::relative(&part, &vp)),
    ))
}

/// Every new part needs a content type: relationship parts and VML by
/// their extension, declared where the package does not already (some
/// writers declare each `.rels` part by name instead).
fn default_types(pkg: &Package, out: &mut Out) {
    for (ext, ty) in [
        ("rels", content_types::types::RELS),
        ("vml", content_types::types::VML),
    ] {
        let needed = out.added.iter().any(|(p, _)| {
            p.to_lowercase().ends_with(&format!(".{ext}"))
                && !out.types.add.iter().any(|(q, _)| q == p)
        });
        let declared = pkg.content_types.defaults.iter().any(|(e, _)| e == ext)
            || out.types.add_defaults.iter().any(|(e, _)| e == ext);
        if needed && !declared {
            out.types
                .add_defaults
                .push((ext.to_string(), ty.to_string()));
        }
    }
}

/// Cells with a threaded comment (Office 365): they get no note of ours.
fn threaded_refs(
    pkg: &mut Package,
    part: &str,
    sheet_rels: &[rels::Rel],
) -> Result<BTreeSet<(u32, u16)>, PackageError> {
    let mut out = BTreeSet::new();
    for r in sheet_rels.iter().filter(|r| {
        types::is(&r.kind, types::THREADED_COMMENTS) || r.kind.ends_with("/threadedComment")
    }) {
        let p = rels::resolve(part, &r.target);
        if !pkg.has(&p) {
            continue;
        }
        let bytes = pkg.part(&p)?;
        let mut sc = Scanner::new(&bytes, &p);
        while let Some(s) = sc.next_event()? {
            if let Event::Start(e) | Event::Empty(e) = &s.event
                && let Some(cell) = super::xml::attr(e, "ref").as_deref().and_then(parse_a1)
            {
                out.insert(cell);
            }
        }
    }
    Ok(out)
}

/// A shape-id block no VML part of the package uses.
fn next_vml_block(pkg: &mut Package) -> Result<u32, PackageError> {
    let vmls: Vec<String> = pkg
        .part_names()
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".vml"))
        .cloned()
        .collect();
    let mut max = 0;
    for v in vmls {
        let bytes = pkg.part(&v)?;
        if let Some(b) = super::comments::idmap_block(&String::from_utf8_lossy(&bytes)) {
            max = max.max(b);
        }
    }
    Ok(max + 1)
}

/// Adds the drawing and chart parts of a new sheet; returns the sheet's
/// relationship id of its drawing.
fn add_charts(
    pkg: &Package,
    out: &mut Out,
    sheet_part: &str,
    sheet: &NewSheet,
    axis: &mut u32,
) -> Result<String, PackageError> {
    let drawing = free_part(pkg, out, "xl/drawings/", "drawing", "xml");
    let mut chart_rels = Vec::new();
    let mut rids = Vec::new();
    for (i, chart) in sheet.charts.iter().enumerate() {
        let part = free_part(pkg, out, "xl/charts/", "chart", "xml");
        let xml = chart_xml(chart, &sheet.name, (*axis + 1, *axis + 2));
        *axis += 2;
        out.add(
            part.clone(),
            xml.as_bytes(),
            Some(content_types::types::CHART),
        )?;
        let rid = format!("rId{}", i + 1);
        chart_rels.push((
            rid.clone(),
            types::CHART.to_string(),
            rels::relative(&drawing, &part),
        ));
        rids.push(rid);
    }
    out.add(
        drawing.clone(),
        drawing_xml(&sheet.charts, &rids).as_bytes(),
        Some(content_types::types::DRAWING),
    )?;
    out.add(
        rels::rels_part_of(&drawing),
        rels::new_part(&chart_rels).as_bytes(),
        None,
    )?;
    let rid = "rId1".to_string();
    out.add(
        rels::rels_part_of(sheet_part),
        rels::new_part(&[(
            rid.clone(),
            types::DRAWING.into(),
            rels::relative(sheet_part, &drawing),
        )])
        .as_bytes(),
        None,
    )?;
    Ok(rid)
}

/// Every internal part reachable from `start` through relationships.
fn reachable(
    pkg: &mut Package,
    start: &[String],
    skip: &BTreeSet<String>,
) -> Result<BTreeSet<String>, PackageError> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<String> = start.to_vec();
    while let Some(p) = todo.pop() {
        let key = p.to_lowercase();
        if skip.contains(&key) || !seen.insert(key) {
            continue;
        }
        for r in pkg.rels_of(&p)?.into_iter().filter(|r| !r.external) {
            let t = rels::resolve(&p, &r.target);
            if pkg.has(&t) {
                todo.push(t);
            }
        }
    }
    Ok(seen)
}

/// Removes the parts of sheets that go, and the parts only they used.
fn remove_sheet_parts(
    pkg: &mut Package,
    out: &mut Out,
    gone: &[usize],
) -> Result<(), PackageError> {
    if gone.is_empty() {
        return Ok(());
    }
    let gone_parts: Vec<String> = gone.iter().map(|i| pkg.sheets[*i].part.clone()).collect();
    let skip: BTreeSet<String> = gone_parts.iter().map(|p| p.to_lowercase()).collect();
    let kept = reachable(pkg, &["".to_string()], &skip)?;
    let theirs = reachable(pkg, &gone_parts, &BTreeSet::new())?;
    for p in theirs.difference(&kept) {
        let name = pkg.entry_name(p).unwrap_or(p).to_string();
        out.removed.insert(name.clone());
        out.types.remove.push(name.clone());
        let rp = rels::rels_part_of(&name);
        if pkg.has(&rp) {
            out.removed
                .insert(pkg.entry_name(&rp).unwrap_or(&rp).to_string());
        }
    }
    Ok(())
}

/// docProps/app.xml lists the worksheets' names; keep it in step (best
/// effort: a file of another shape is left as it is, Excel rewrites it).
fn app_titles(pkg: &mut Package, out: &mut Out, slots: &[Slot]) -> Result<(), PackageError> {
    let part = "docProps/app.xml";
    if !pkg.has(part) {
        return Ok(());
    }
    let bytes = pkg.part(part)?;
    let names: Vec<String> = slots
        .iter()
        .filter_map(|s| match s {
            Slot::Existing(i) if pkg.sheets[*i].kind == SheetKind::Worksheet => {
                Some(pkg.sheets[*i].name.clone())
            }
            Slot::New { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let old: Vec<&str> = pkg
        .sheets
        .iter()
        .filter(|s| s.kind == SheetKind::Worksheet)
        .map(|s| s.name.as_str())
        .collect();
    if let Some(patched) = app::patch(&bytes, &old, &names) {
        out.change(pkg, part.to_string(), &patched)?;
    }
    Ok(())
}

mod app {
    //! The worksheet titles in docProps/app.xml.
    use super::*;

    struct Vector {
        /// The whole `<vt:vector>` element.
        span: std::ops::Range<usize>,
        qname: String,
        attrs: Vec<(String, String)>,
        /// Each child element: its span and text.
        items: Vec<(std::ops::Range<usize>, String)>,
    }

    fn vector_in(bytes: &[u8], parent: &str) -> Option<Vector> {
        let mut sc = Scanner::new(bytes, "app.xml");
        let mut inside = false;
        while let Ok(Some(s)) = sc.next_event() {
            match &s.event {
                Event::Start(e) if e.local_name().as_ref() == parent => inside = true,
                Event::Start(e) if inside && e.local_name().as_ref() == "vector" => {
                    let mut v = Vector {
                        span: s.span.start..0,
                        qname: e.name().as_ref().to_string(),
                        attrs: super::super::xml::raw_attrs(e),
                        items: Vec::new(),
                    };
                    let depth = s.depth;
                    while let Ok(Some(i)) = sc.next_event() {
                        match &i.event {
                            Event::Start(_) if i.depth == depth + 1 => {
                                let start = i.span.start;
                                let end = sc.skip_element().ok()?;
                                let text = String::from_utf8_lossy(&bytes[start..end]).into_owned();
                                v.items.push((start..end, text));
                            }
                            Event::End(_) if i.depth == depth => {
                                v.span.end = i.span.end;
                                return Some(v);
                            }
                            _ => {}
                        }
                    }
                    return None;
                }
                _ => {}
            }
        }
        None
    }

    fn inner_text(xml: &str) -> String {
        let start = xml.find('>').map_or(0, |i| i + 1);
        let end = xml.rfind("</").unwrap_or(xml.len());
        quick_xml::escape::unescape(&xml[start..end.max(start)])
            .map(|c| c.into_owned())
            .unwrap_or_default()
    }

    /// app.xml with the worksheet titles `old` replaced by `new`.
    pub fn patch(bytes: &[u8], old: &[&str], new: &[String]) -> Option<Vec<u8>> {
        let titles = vector_in(bytes, "TitlesOfParts")?;
        let heads = vector_in(bytes, "HeadingPairs")?;
        // Heading pairs: (name variant, count variant) …
        let counts: Vec<usize> = heads
            .items
            .iter()
            .skip(1)
            .step_by(2)
            .map(|(_, x)| inner_text(&inner_text(x)).trim().parse().ok())
            .collect::<Option<Vec<_>>>()?;
        let texts: Vec<String> = titles.items.iter().map(|(_, x)| inner_text(x)).collect();
        // The group that holds the worksheets.
        let mut start = 0;
        let mut group = None;
        for (g, n) in counts.iter().enumerate() {
            let slice = texts.get(start..start + n)?;
            if !old.is_empty() && slice.iter().any(|t| old.contains(&t.as_str())) {
                group = Some((g, start, *n));
                break;
            }
            start += n;
        }
        let (g, start, n) = group?;
        let item_q = titles.items.first().map(|(_, x)| {
            let end = x.find(['>', ' ']).unwrap_or(1);
            x[1..end].to_string()
        })?;
        let mut items: Vec<String> = titles.items.iter().map(|(_, x)| x.clone()).collect();
        let replacement: Vec<String> = new
            .iter()
            .map(|name| format!("<{item_q}>{}</{item_q}>", escape_text(name)))
            .collect();
        items.splice(start..start + n, replacement);
        let mut attrs = titles.attrs.clone();
        super::super::xml::set_attr(&mut attrs, "size", items.len().to_string());
        let mut splice = Splice::default();
        splice.replace(
            titles.span.clone(),
            format!(
                "{}{}</{}>",
                super::super::xml::tag(&titles.qname, &attrs, false),
                items.concat(),
                titles.qname
            ),
        );
        // The count variant of group g.
        let (span, xml) = heads.items.get(2 * g + 1)?;
        let count_text = inner_text(&inner_text(xml));
        let new_xml = xml.replacen(&format!(">{count_text}<"), &format!(">{}<", new.len()), 1);
        splice.replace(span.clone(), new_xml);
        Some(splice.apply(bytes))
    }
}

/// How a part is compressed: the usual level, but a fast one for large
/// parts, where compressing is most of the time spent writing.
fn options_for(bytes: &[u8]) -> SimpleFileOptions {
    level_for(bytes.len() > BIG)
}

/// Parts larger than this are compressed at the fast level.
const BIG: usize = 1 << 20;

fn level_for(big: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(if big { 1 } else { 6 }))
}

/// A part compressed as it is written: a large part is never whole in
/// memory, only its compressed bytes are kept. Where there are threads, a
/// large part is compressed on a second one while the first goes on
/// making it (the bytes go across in chunks of [`CHUNK`]).
pub(super) struct PartSink {
    buf: Vec<u8>,
    to: Compressor,
}

/// The bytes handed to the compressing thread at a time.
const CHUNK: usize = 1 << 18;

enum Compressor {
    Here(Box<ZipFileBuilder>),
    #[cfg(not(target_arch = "wasm32"))]
    Thread {
        send: std::sync::mpsc::SyncSender<Vec<u8>>,
        done: std::thread::JoinHandle<zip::result::ZipResult<PreparedZipFile>>,
    },
}

impl PartSink {
    fn new(name: &str, big: bool) -> Result<Self, PackageError> {
        let builder = ZipFileBuilder::new(name, level_for(big))?;
        #[cfg(not(target_arch = "wasm32"))]
        if big {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
            let done = std::thread::spawn(move || {
                let mut builder = builder;
                for chunk in receive {
                    builder.write_all(&chunk)?;
                }
                builder.finish()
            });
            return Ok(Self {
                buf: Vec::with_capacity(CHUNK),
                to: Compressor::Thread { send, done },
            });
        }
        Ok(Self {
            buf: Vec::new(),
            to: Compressor::Here(Box::new(builder)),
        })
    }

    /// The compressed part, ready to be added to the archive.
    fn finish(self) -> Result<PreparedZipFile, PackageError> {
        let Self { buf, to } = self;
        match to {
            Compressor::Here(mut builder) => {
                builder.write_all(&buf)?;
                Ok(builder.finish()?)
            }
            #[cfg(not(target_arch = "wasm32"))]
            Compressor::Thread { send, done } => {
                let last = buf;
                // A send fails only when the thread has stopped on an
                // error, which the join returns.
                let _ = send.send(last);
                drop(send);
                match done.join() {
                    Ok(prepared) => Ok(prepared?),
                    Err(_) => Err(PackageError::Limit("the compressing thread stopped".into())),
                }
            }
        }
    }
}

impl Write for PartSink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            match &mut self.to {
                Compressor::Here(builder) => {
                    builder.write_all(&self.buf)?;
                    self.buf.clear();
                }
                #[cfg(not(target_arch = "wasm32"))]
                Compressor::Thread { send, .. } => {
                    let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
                    if send.send(full).is_err() {
                        return Err(std::io::Error::other("the compressing thread stopped"));
                    }
                }
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes the zip: the input's entries in order (copied raw, replaced or
/// left out), then the new parts.
fn assemble<W: Write + Seek>(pkg: &mut Package, mut out: Out, sink: W) -> Result<(), PackageError> {
    let mut zip = zip::ZipWriter::new(sink);
    let mut changed: HashMap<String, (String, PreparedZipFile)> = std::mem::take(&mut out.changed)
        .into_iter()
        .map(|(k, v)| (k.to_lowercase(), (k, v)))
        .collect();
    let removed: BTreeSet<String> = out
        .removed
        .iter()
        .map(|p| p.to_lowercase().replace('\\', "/"))
        .collect();
    let names = pkg.entries.clone();
    for (i, name) in names.iter().enumerate() {
        let key = name.to_lowercase().replace('\\', "/");
        if removed.contains(&key) {
            continue;
        }
        if let Some((_, file)) = changed.remove(&key) {
            debug_assert_eq!(file.file_name_raw(), name.as_bytes());
            zip.add_prepared_file(file)?;
        } else {
            let entry = pkg.zip.by_index_raw(i)?;
            zip.raw_copy_file(entry)?;
        }
    }
    // Changed parts the archive did not have, then the new parts.
    let rest = changed.into_values().chain(std::mem::take(&mut out.added));
    for (_, file) in rest {
        zip.add_prepared_file(file)?;
    }
    zip.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_relationship_skips_ids_the_sheet_already_points_at() {
        // issue2109b.xlsx (PhpSpreadsheet): a page setup pointing at rId1,
        // and no rels part for the sheet at all.
        let xml = br#"<worksheet xmlns:r="r"><pageSetup paperSize="9" r:id="rId1"/><drawing r:id="rId4"/></worksheet>"#;
        assert_eq!(referenced_ids(xml), ["rId1", "rId4"]);
        let mut rels = SheetRels {
            part: "xl/worksheets/sheet1.xml".into(),
            existing: Vec::new(),
            referenced: referenced_ids(xml),
            added: Vec::new(),
        };
        assert_eq!(rels.add("comments", "../comments1.xml".into()), "rId2");
        assert_eq!(
            rels.add("vmlDrawing", "../drawings/vmlDrawing1.vml".into()),
            "rId3"
        );
        assert_eq!(rels.add("x", "y".into()), "rId5");
    }
}
