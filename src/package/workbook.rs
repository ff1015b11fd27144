//! `xl/workbook.xml`: the sheets in order, the defined names, the views —
//! read, and patched for sheets added, removed and names changed.

use quick_xml::events::Event;

use super::PackageError;
use super::xml::{
    Scanner, Splice, attr, escape_attr, escape_text, local, raw_attrs, set_attr, tag,
};

/// What kind of sheet a workbook entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    /// A sheet of cells.
    Worksheet,
    /// A sheet that is one chart.
    Chartsheet,
    /// An Excel 5 dialog sheet.
    Dialogsheet,
    /// An Excel 4 macro sheet.
    Macrosheet,
    /// A relationship type opfolg does not know.
    Other,
}

impl SheetKind {
    /// The kind a workbook relationship type names.
    pub fn of_relationship(t: &str) -> SheetKind {
        let last = t.rsplit('/').next().unwrap_or("");
        match last {
            "worksheet" => SheetKind::Worksheet,
            "chartsheet" => SheetKind::Chartsheet,
            "dialogsheet" => SheetKind::Dialogsheet,
            "xlMacrosheet" | "xlIntlMacrosheet" => SheetKind::Macrosheet,
            _ => SheetKind::Other,
        }
    }
}

/// Whether a sheet is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetState {
    /// Shown.
    Visible,
    /// Hidden; the user can unhide it.
    Hidden,
    /// Hidden so that only a macro can show it.
    VeryHidden,
}

/// One `<sheet>` of the workbook.
#[derive(Debug, Clone)]
pub struct SheetEntry {
    /// The sheet's name on its tab.
    pub name: String,
    /// Its `sheetId`, unique in the workbook.
    pub sheet_id: u32,
    /// The workbook relationship that points at its part.
    pub rel_id: String,
    /// The part, resolved from the workbook's relationships.
    pub part: String,
    /// What kind of sheet it is.
    pub kind: SheetKind,
    /// Whether it is shown.
    pub state: SheetState,
}

/// One `<definedName>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinedName {
    /// The name.
    pub name: String,
    /// The index of the sheet it belongs to, if not workbook-wide.
    pub sheet: Option<usize>,
    /// What it stands for, unescaped.
    pub value: String,
    /// Hidden from the Name Manager.
    pub hidden: bool,
}

/// What workbook.xml says.
pub struct Info {
    /// The sheets, in order.
    pub sheets: Vec<SheetEntry>,
    /// The defined names.
    pub names: Vec<DefinedName>,
}

/// Reads workbook.xml.
pub fn parse(bytes: &[u8], part: &str) -> Result<Info, PackageError> {
    let mut sc = Scanner::new(bytes, part);
    let mut info = Info {
        sheets: Vec::new(),
        names: Vec::new(),
    };
    let mut open_name: Option<DefinedName> = None;
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let state = match attr(e, "state").as_deref() {
                    Some("hidden") => SheetState::Hidden,
                    Some("veryHidden") => SheetState::VeryHidden,
                    _ => SheetState::Visible,
                };
                info.sheets.push(SheetEntry {
                    name: attr(e, "name").unwrap_or_default(),
                    sheet_id: attr(e, "sheetId").and_then(|v| v.parse().ok()).unwrap_or(0),
                    rel_id: attr(e, "id").unwrap_or_default(),
                    part: String::new(),
                    kind: SheetKind::Worksheet,
                    state,
                });
            }
            Event::Start(e) if e.local_name().as_ref() == "definedName" => {
                open_name = Some(DefinedName {
                    name: attr(e, "name").unwrap_or_default(),
                    sheet: attr(e, "localSheetId").and_then(|v| v.parse().ok()),
                    value: String::new(),
                    hidden: attr(e, "hidden").is_some_and(|v| v == "1" || v == "true"),
                });
            }
            Event::Text(t) => {
                if let Some(n) = &mut open_name {
                    n.value.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(n) = &mut open_name {
                    n.value.push_str(&super::xml::ref_text(r));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "definedName" => {
                info.names.extend(open_name.take());
            }
            _ => {}
        }
    }
    Ok(info)
}

/// One sheet of the output, in order: an existing one (its old index) or
/// a new one.
#[derive(Debug, Clone)]
pub enum Slot {
    Existing(usize),
    New {
        name: String,
        sheet_id: u32,
        rel_id: String,
    },
}

/// Changes to workbook.xml.
pub struct WorkbookEdits<'a> {
    /// The sheets of the output, in order.
    pub order: &'a [Slot],
    /// Names to remove (any scope).
    pub remove_names: &'a [String],
    /// Sheet-scoped names to remove: (name, old sheet index).
    pub remove_scoped: &'a [(String, usize)],
    /// Names to add, their sheet given as an index in `order`.
    pub add_names: Vec<super::edits::Name>,
}

/// Where an old sheet index went: None if it was removed.
fn new_index(order: &[Slot], old: usize) -> Option<usize> {
    order
        .iter()
        .position(|s| matches!(s, Slot::Existing(i) if *i == old))
}

/// Elements of CT_Workbook in schema order.
const ORDER: &[&str] = &[
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

fn rank(name: &str) -> Option<usize> {
    ORDER.iter().position(|n| *n == name)
}

fn name_element(prefix: &str, n: &super::edits::Name) -> String {
    let mut attrs = vec![("name".to_string(), escape_attr(&n.name).into_owned())];
    if let Some(i) = n.sheet {
        attrs.push(("localSheetId".into(), i.to_string()));
    }
    if n.hidden {
        attrs.push(("hidden".into(), "1".into()));
    }
    format!(
        "{}{}</{prefix}definedName>",
        tag(&format!("{prefix}definedName"), &attrs, false),
        escape_text(&n.value)
    )
}

/// Patches workbook.xml: the sheet list in the new order, names removed,
/// remapped and added, the views' sheet indexes remapped.
///
/// # Errors
/// The part is not well-formed XML or has no `<sheets>`.
pub fn patch(bytes: &[u8], part: &str, edits: &WorkbookEdits) -> Result<Vec<u8>, PackageError> {
    let mut sc = Scanner::new(bytes, part);
    let mut splice = Splice::default();
    let mut prefix = String::new();
    let mut sheets: Option<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>)> = None;
    let mut names_done = edits.add_names.is_empty();
    let names_block = |prefix: &str| {
        let inner: String = edits
            .add_names
            .iter()
            .map(|n| name_element(prefix, n))
            .collect();
        format!("<{prefix}definedNames>{inner}</{prefix}definedNames>")
    };
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::Start(e) if s.depth == 1 => prefix = super::xml::prefix_of(e),
            Event::Start(e) | Event::Empty(e) if s.depth == 2 => {
                let name = local(e);
                let is_start = matches!(s.event, Event::Start(_));
                // definedNames must exist before anything ranked after it.
                if !names_done && name != "definedNames" && rank(&name) > rank("definedNames") {
                    splice.insert(s.span.start, names_block(&prefix));
                    names_done = true;
                }
                match name.as_str() {
                    "sheets" if is_start => sheets = Some(sheet_spans(&mut sc, s.span.end, part)?),
                    "definedNames" if is_start => {
                        let inner: String = edits
                            .add_names
                            .iter()
                            .map(|n| name_element(&prefix, n))
                            .collect();
                        defined_names(&mut sc, &mut splice, edits, &inner)?;
                        names_done = true;
                    }
                    "definedNames" => {
                        splice.replace(s.span.clone(), names_block(&prefix));
                        names_done = true;
                    }
                    "bookViews" if is_start => book_views(&mut sc, &mut splice, edits.order)?,
                    _ if is_start => {
                        sc.skip_element()?;
                    }
                    _ => {}
                }
            }
            Event::End(_) if s.depth == 1 && !names_done => {
                splice.insert(s.span.start, names_block(&prefix));
                names_done = true;
            }
            _ => {}
        }
    }
    let (inner, spans) =
        sheets.ok_or_else(|| PackageError::Xml(part.into(), "no <sheets>".into()))?;
    splice.replace(
        inner,
        sheet_list(bytes, &spans, edits.order, &prefix, part)?,
    );
    ensure_r_namespace(splice.apply(bytes))
}

/// Inside `<sheets>` (just opened; its content starts at `start`): the
/// content's span and each `<sheet>`'s.
fn sheet_spans(
    sc: &mut Scanner,
    start: usize,
    part: &str,
) -> Result<(std::ops::Range<usize>, Vec<std::ops::Range<usize>>), PackageError> {
    let mut spans = Vec::new();
    loop {
        let Some(inner) = sc.next_event()? else {
            return Err(PackageError::Xml(part.into(), "unclosed <sheets>".into()));
        };
        match &inner.event {
            Event::Start(_) if inner.depth == 3 => spans.push(inner.span.start..sc.skip_element()?),
            Event::Empty(_) if inner.depth == 3 => spans.push(inner.span.clone()),
            Event::End(_) if inner.depth == 2 => return Ok((start..inner.span.start, spans)),
            _ => {}
        }
    }
}

/// The `<sheet>` elements in the new order: the existing ones as written,
/// the new ones made.
fn sheet_list(
    bytes: &[u8],
    spans: &[std::ops::Range<usize>],
    order: &[Slot],
    prefix: &str,
    part: &str,
) -> Result<String, PackageError> {
    let mut list = String::new();
    for slot in order {
        match slot {
            Slot::Existing(i) => {
                let span = spans
                    .get(*i)
                    .ok_or_else(|| PackageError::Xml(part.into(), format!("no sheet {i}")))?;
                list.push_str(&String::from_utf8_lossy(&bytes[span.clone()]));
            }
            Slot::New {
                name,
                sheet_id,
                rel_id,
            } => {
                list.push_str(&format!(
                    "<{prefix}sheet name=\"{}\" sheetId=\"{sheet_id}\" r:id=\"{}\"/>",
                    escape_attr(name),
                    escape_attr(rel_id)
                ));
            }
        }
    }
    Ok(list)
}

/// The `<definedName>`s: ours removed, sheet indexes remapped, new added.
fn defined_names(
    sc: &mut Scanner,
    splice: &mut Splice,
    edits: &WorkbookEdits,
    added: &str,
) -> Result<(), PackageError> {
    loop {
        let Some(s) = sc.next_event()? else {
            return Err(PackageError::Xml(
                "workbook".into(),
                "unclosed <definedNames>".into(),
            ));
        };
        match &s.event {
            Event::Start(e) | Event::Empty(e) if s.depth == 3 => {
                let end = if matches!(s.event, Event::Start(_)) {
                    sc.skip_element()?
                } else {
                    s.span.end
                };
                let name = attr(e, "name").unwrap_or_default();
                let local_id: Option<usize> = attr(e, "localSheetId").and_then(|v| v.parse().ok());
                let remapped = local_id.map(|i| new_index(edits.order, i));
                let scoped = local_id.is_some_and(|i| {
                    edits
                        .remove_scoped
                        .iter()
                        .any(|(n, s)| *s == i && n.eq_ignore_ascii_case(&name))
                });
                if edits.remove_names.contains(&name) || scoped || remapped == Some(None) {
                    splice.replace(s.span.start..end, "");
                } else if let (Some(old), Some(Some(new))) = (local_id, remapped)
                    && old != new
                {
                    let mut attrs = raw_attrs(e);
                    set_attr(&mut attrs, "localSheetId", new.to_string());
                    let qname = e.name().as_ref().to_string();
                    let empty = matches!(s.event, Event::Empty(_));
                    splice.replace(s.span.clone(), tag(&qname, &attrs, empty));
                }
            }
            Event::End(_) if s.depth == 2 => {
                splice.insert(s.span.start, added);
                return Ok(());
            }
            _ => {}
        }
    }
}

/// `activeTab` and `firstSheet` of each `<workbookView>` follow their sheet.
fn book_views(sc: &mut Scanner, splice: &mut Splice, order: &[Slot]) -> Result<(), PackageError> {
    loop {
        let Some(s) = sc.next_event()? else {
            return Err(PackageError::Xml(
                "workbook".into(),
                "unclosed <bookViews>".into(),
            ));
        };
        match &s.event {
            Event::Start(e) | Event::Empty(e) if s.depth == 3 => {
                let mut attrs = raw_attrs(e);
                let mut changed = false;
                for key in ["activeTab", "firstSheet"] {
                    if let Some(old) = attr(e, key).and_then(|v| v.parse::<usize>().ok()) {
                        let new = new_index(order, old).unwrap_or(0);
                        if new != old {
                            set_attr(&mut attrs, key, new.to_string());
                            changed = true;
                        }
                    }
                }
                if changed {
                    let qname = e.name().as_ref().to_string();
                    let empty = matches!(s.event, Event::Empty(_));
                    splice.replace(s.span.clone(), tag(&qname, &attrs, empty));
                }
                if matches!(s.event, Event::Start(_)) {
                    sc.skip_element()?;
                }
            }
            Event::End(_) if s.depth == 2 => return Ok(()),
            _ => {}
        }
    }
}

/// New `<sheet>`s use `r:id`: the root must declare the `r` prefix (it
/// always does in files from Excel; some generators use another prefix).
fn ensure_r_namespace(bytes: Vec<u8>) -> Result<Vec<u8>, PackageError> {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let mut sc = Scanner::new(&bytes, "workbook");
    while let Some(s) = sc.next_event()? {
        if let Event::Start(e) = &s.event {
            let declared = e
                .attributes()
                .flatten()
                .any(|a| a.key.as_ref() == "xmlns:r");
            if declared {
                return Ok(bytes);
            }
            let mut attrs = raw_attrs(e);
            attrs.push(("xmlns:r".into(), R.into()));
            let qname = e.name().as_ref().to_string();
            let mut splice = Splice::default();
            splice.replace(s.span.clone(), tag(&qname, &attrs, false));
            return Ok(splice.apply(&bytes));
        }
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::edits::Name;

    const WB: &[u8] = br#"<?xml version="1.0"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="2"/></bookViews><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="Kontrol" sheetId="2" r:id="rId2"/><sheet name="C" sheetId="3" state="hidden" r:id="rId3"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="2">C!$A$1:$B$2</definedName><definedName name="_opfolg" localSheetId="1" hidden="1">"checks"</definedName><definedName name="Total">A!$A$1</definedName></definedNames><calcPr calcId="191029"/></workbook>"#;

    #[test]
    fn reads_sheets_and_names() {
        let info = parse(WB, "wb").unwrap();
        let names: Vec<&str> = info.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["A", "Kontrol", "C"]);
        assert_eq!(info.sheets[2].state, SheetState::Hidden);
        assert_eq!(info.sheets[1].rel_id, "rId2");
        assert_eq!(info.names[1].value, "\"checks\"");
        assert_eq!(info.names[1].sheet, Some(1));
        assert!(info.names[1].hidden);
    }

    #[test]
    fn removing_a_sheet_moves_names_and_tabs() {
        let order = [
            Slot::New {
                name: "Guide".into(),
                sheet_id: 4,
                rel_id: "rId9".into(),
            },
            Slot::Existing(0),
            Slot::Existing(2),
        ];
        let out = patch(
            WB,
            "wb",
            &WorkbookEdits {
                order: &order,
                remove_names: &["_opfolg".into()],
                remove_scoped: &[],
                add_names: vec![Name {
                    name: "_opfolg".into(),
                    sheet: Some(0),
                    value: "\"guide\"".into(),
                    hidden: true,
                }],
            },
        )
        .unwrap();
        let info = parse(&out, "wb").unwrap();
        let names: Vec<&str> = info.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Guide", "A", "C"]);
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("activeTab=\"2\""), "{text}");
        assert_eq!(info.names.len(), 3);
        assert_eq!(info.names[0].sheet, Some(2), "print area follows sheet C");
        assert_eq!(info.names[2].value, "\"guide\"");
        assert!(text.contains("<calcPr calcId=\"191029\"/>"));
    }

    #[test]
    fn names_are_added_where_the_schema_wants_them() {
        let wb = br#"<workbook xmlns:r="r"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><calcPr/></workbook>"#;
        let order = [Slot::Existing(0)];
        let out = patch(
            wb,
            "wb",
            &WorkbookEdits {
                order: &order,
                remove_names: &[],
                remove_scoped: &[],
                add_names: vec![Name {
                    name: "x".into(),
                    sheet: None,
                    value: "1".into(),
                    hidden: false,
                }],
            },
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("</sheets><definedNames><definedName name=\"x\">1</definedName></definedNames><calcPr/>"),
            "{text}"
        );
    }
}
