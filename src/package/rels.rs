//! Relationship parts (`_rels/*.rels`) and part names: which part points
//! at which, and how a relative target resolves.

use quick_xml::events::Event;

use super::PackageError;
use super::xml::{Scanner, attr, escape_attr};

/// Relationship types opfolg reads or writes.
pub mod types {
    const OFFICE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    /// The main document of the package (the workbook).
    pub const OFFICE_DOCUMENT: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    /// A worksheet of the workbook.
    pub const WORKSHEET: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
    /// A chart sheet.
    pub const CHARTSHEET: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet";
    /// A dialog sheet.
    pub const DIALOGSHEET: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet";
    /// The notes of a sheet.
    pub const COMMENTS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
    /// The VML drawing that shows a sheet's notes.
    pub const VML_DRAWING: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
    /// A drawing (charts, pictures) on a sheet.
    pub const DRAWING: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing";
    /// A chart in a drawing.
    pub const CHART: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart";
    /// The calculation chain.
    pub const CALC_CHAIN: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain";
    /// The workbook's styles.
    pub const STYLES: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
    /// The workbook's shared strings.
    pub const SHARED_STRINGS: &str =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
    /// Threaded comments (Office 365), shown beside the legacy notes.
    pub const THREADED_COMMENTS: &str =
        "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment";

    /// Whether `t` names relationship `suffix` in the transitional or the
    /// strict namespace (`…/2006/relationships/worksheet`, `…/officeDocument/2006/relationships/worksheet`).
    pub fn is(t: &str, full: &str) -> bool {
        if t == full {
            return true;
        }
        let suffix = full.rsplit('/').next().unwrap_or(full);
        let strict = "http://purl.oclc.org/ooxml/officeDocument/relationships/";
        t.strip_prefix(strict) == Some(suffix)
            || (t.starts_with(OFFICE) && t.rsplit('/').next() == Some(suffix))
    }
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rel {
    /// Its id within the part's relationships (`rId3`).
    pub id: String,
    /// Its type, a URI (`…/relationships/worksheet`).
    pub kind: String,
    /// The target as written.
    pub target: String,
    /// Whether the target is outside the package (a web address).
    pub external: bool,
}

/// The relationships part of `part`: `xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`; the package's own is `_rels/.rels`.
pub fn rels_part_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None if part.is_empty() => "_rels/.rels".to_string(),
        None => format!("_rels/{part}.rels"),
    }
}

/// The folder of a part, with a trailing slash (or "").
fn folder(part: &str) -> &str {
    match part.rfind('/') {
        Some(i) => &part[..=i],
        None => "",
    }
}

/// Resolves a relationship target written in `source`'s relationships to
/// a part name (no leading slash, `..` resolved).
///
/// ```
/// use opfolg::package::rels::resolve;
/// assert_eq!(resolve("xl/workbook.xml", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
/// assert_eq!(resolve("xl/worksheets/sheet1.xml", "../drawings/drawing1.xml"), "xl/drawings/drawing1.xml");
/// assert_eq!(resolve("xl/workbook.xml", "/xl/styles.xml"), "xl/styles.xml");
/// assert_eq!(resolve("xl/worksheets/sheet1.xml", "..\\drawings\\vmlDrawing1.vml"), "xl/drawings/vmlDrawing1.vml");
/// ```
pub fn resolve(source: &str, target: &str) -> String {
    // Some Windows tools write `\` for `/`, in names and targets alike.
    let target = target.replace('\\', "/");
    let target = target.split('#').next().unwrap_or(&target);
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{}{target}", folder(source)),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// A target for `part` written relative to `source`'s folder.
///
/// ```
/// use opfolg::package::rels::relative;
/// assert_eq!(relative("xl/workbook.xml", "xl/worksheets/sheet9.xml"), "worksheets/sheet9.xml");
/// assert_eq!(relative("xl/worksheets/sheet1.xml", "xl/comments3.xml"), "../comments3.xml");
/// ```
pub fn relative(source: &str, part: &str) -> String {
    let from: Vec<&str> = folder(source)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to: Vec<&str> = part.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// Reads a relationships part.
///
/// # Errors
/// The part is not well-formed XML.
pub fn parse(bytes: &[u8], part: &str) -> Result<Vec<Rel>, PackageError> {
    let mut sc = Scanner::new(bytes, part);
    let mut out = Vec::new();
    while let Some(s) = sc.next_event()? {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && e.local_name().as_ref() == "Relationship"
        {
            out.push(Rel {
                id: attr(e, "Id").unwrap_or_default(),
                kind: attr(e, "Type").unwrap_or_default(),
                target: attr(e, "Target").unwrap_or_default(),
                external: attr(e, "TargetMode").is_some_and(|m| m == "External"),
            });
        }
    }
    Ok(out)
}

/// A relationship element to add to a relationships part.
pub fn element(id: &str, kind: &str, target: &str) -> String {
    format!(
        "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
        escape_attr(id),
        escape_attr(kind),
        escape_attr(target)
    )
}

/// A new relationships part holding `rels` (id, type, target).
pub fn new_part(rels: &[(String, String, String)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for (id, kind, target) in rels {
        s.push_str(&element(id, kind, target));
    }
    s.push_str("</Relationships>");
    s
}

/// Adds `rels` (id, type, target) to an existing relationships part, before
/// its closing tag; every other byte stays.
///
/// # Errors
/// The part is not well-formed XML or has no `<Relationships>`.
pub fn append(
    bytes: &[u8],
    part: &str,
    rels: &[(String, String, String)],
) -> Result<Vec<u8>, PackageError> {
    let text: String = rels.iter().map(|(i, k, t)| element(i, k, t)).collect();
    let mut sc = Scanner::new(bytes, part);
    let mut splice = super::xml::Splice::default();
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::End(e) if s.depth == 1 && e.local_name().as_ref() == "Relationships" => {
                splice.insert(s.span.start, text.clone());
                return Ok(splice.apply(bytes));
            }
            Event::Empty(e) if s.depth == 1 && e.local_name().as_ref() == "Relationships" => {
                // `<Relationships …/>`: open it up.
                let open =
                    String::from_utf8_lossy(&bytes[s.span.start..s.span.end - 2]).into_owned();
                splice.replace(s.span.clone(), format!("{open}>{text}</Relationships>"));
                return Ok(splice.apply(bytes));
            }
            _ => {}
        }
    }
    Err(PackageError::Xml(
        part.into(),
        "no <Relationships> element".into(),
    ))
}

/// Removes the relationships with these ids from a relationships part.
///
/// # Errors
/// The part is not well-formed XML.
pub fn remove(bytes: &[u8], part: &str, ids: &[String]) -> Result<Vec<u8>, PackageError> {
    let mut sc = Scanner::new(bytes, part);
    let mut splice = super::xml::Splice::default();
    while let Some(s) = sc.next_event()? {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && e.local_name().as_ref() == "Relationship"
            && attr(e, "Id").is_some_and(|id| ids.contains(&id))
        {
            let end = if matches!(s.event, Event::Start(_)) {
                sc.skip_element()?
            } else {
                s.span.end
            };
            splice.replace(s.span.start..end, "");
        }
    }
    Ok(splice.apply(bytes))
}

/// A relationship id not used in `rels`: `rId7`.
pub fn free_id(rels: &[Rel], taken: &[String]) -> String {
    (1..)
        .map(|n| format!("rId{n}"))
        .find(|id| !rels.iter().any(|r| &r.id == id) && !taken.contains(id))
        .expect("a free id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rels_parts_and_targets() {
        assert_eq!(
            rels_part_of("xl/workbook.xml"),
            "xl/_rels/workbook.xml.rels"
        );
        assert_eq!(rels_part_of(""), "_rels/.rels");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing2.vml"),
            "../drawings/vmlDrawing2.vml"
        );
        assert_eq!(
            relative("xl/drawings/drawing1.xml", "xl/charts/chart1.xml"),
            "../charts/chart1.xml"
        );
        for (src, part) in [
            ("xl/workbook.xml", "xl/worksheets/sheet3.xml"),
            ("xl/worksheets/sheet1.xml", "xl/comments1.xml"),
            ("", "xl/workbook.xml"),
        ] {
            assert_eq!(resolve(src, &relative(src, part)), part);
        }
    }

    #[test]
    fn append_and_remove_keep_the_rest() {
        let part = br#"<?xml version="1.0"?><Relationships xmlns="x"><Relationship Id="rId1" Type="t" Target="a.xml"/></Relationships>"#;
        let added = append(part, "r", &[("rId2".into(), "u".into(), "b.xml".into())]).unwrap();
        let rels = parse(&added, "r").unwrap();
        assert_eq!(rels.len(), 2);
        assert_eq!(rels[1].target, "b.xml");
        let back = remove(&added, "r", &["rId2".into()]).unwrap();
        assert_eq!(back, part);
        assert_eq!(free_id(&rels, &[]), "rId3");
    }
}
