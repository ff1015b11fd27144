//! `[Content_Types].xml`: the content type of every part, by override or
//! by extension.

use quick_xml::events::Event;

use super::PackageError;
use super::xml::{Scanner, Splice, attr, escape_attr};

/// The part's name.
pub const PART: &str = "[Content_Types].xml";

/// Content types of the parts opfolg writes.
pub mod types {
    /// A worksheet.
    pub const WORKSHEET: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    /// A sheet's notes.
    pub const COMMENTS: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
    /// The VML that shows notes.
    pub const VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
    /// A drawing.
    pub const DRAWING: &str = "application/vnd.openxmlformats-officedocument.drawing+xml";
    /// A chart.
    pub const CHART: &str = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
    /// Relationship parts.
    pub const RELS: &str = "application/vnd.openxmlformats-package.relationships+xml";
    /// The workbook's styles.
    pub const STYLES: &str =
        "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
}

/// The content types as read.
#[derive(Debug, Clone, Default)]
pub struct ContentTypes {
    /// Extension (lower case) → type.
    pub defaults: Vec<(String, String)>,
    /// Part name (without the leading slash) → type.
    pub overrides: Vec<(String, String)>,
}

impl ContentTypes {
    /// Reads `[Content_Types].xml`.
    ///
    /// # Errors
    /// The part is not well-formed XML.
    pub fn parse(bytes: &[u8]) -> Result<ContentTypes, PackageError> {
        let mut sc = Scanner::new(bytes, PART);
        let mut ct = ContentTypes::default();
        while let Some(s) = sc.next_event()? {
            let (Event::Start(e) | Event::Empty(e)) = &s.event else {
                continue;
            };
            let ty = attr(e, "ContentType").unwrap_or_default();
            match e.local_name().as_ref() {
                "Default" => ct
                    .defaults
                    .push((attr(e, "Extension").unwrap_or_default().to_lowercase(), ty)),
                "Override" => ct.overrides.push((
                    attr(e, "PartName")
                        .unwrap_or_default()
                        .trim_start_matches('/')
                        .to_string(),
                    ty,
                )),
                _ => {}
            }
        }
        Ok(ct)
    }

    /// The content type of `part`, if the package declares one.
    pub fn of(&self, part: &str) -> Option<&str> {
        if let Some((_, t)) = self
            .overrides
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(part))
        {
            return Some(t);
        }
        let ext = part.rsplit_once('.').map(|(_, e)| e.to_lowercase())?;
        self.defaults
            .iter()
            .find(|(e, _)| *e == ext)
            .map(|(_, t)| t.as_str())
    }
}

/// Changes to `[Content_Types].xml`.
#[derive(Debug, Default)]
pub struct TypeEdits {
    /// Overrides to add: (part name, type).
    pub add: Vec<(String, String)>,
    /// Defaults to add: (extension, type).
    pub add_defaults: Vec<(String, String)>,
    /// Part names whose overrides go.
    pub remove: Vec<String>,
}

impl TypeEdits {
    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.add_defaults.is_empty() && self.remove.is_empty()
    }
}

/// Applies `edits` to `[Content_Types].xml`, keeping every other byte.
///
/// # Errors
/// The part is not well-formed XML.
pub fn patch(bytes: &[u8], edits: &TypeEdits) -> Result<Vec<u8>, PackageError> {
    let mut sc = Scanner::new(bytes, PART);
    let mut splice = Splice::default();
    let mut text = String::new();
    for (ext, ty) in &edits.add_defaults {
        text.push_str(&format!(
            "<Default Extension=\"{}\" ContentType=\"{}\"/>",
            escape_attr(ext),
            escape_attr(ty)
        ));
    }
    for (part, ty) in &edits.add {
        text.push_str(&format!(
            "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
            escape_attr(part),
            escape_attr(ty)
        ));
    }
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::Start(e) | Event::Empty(e)
                if e.local_name().as_ref() == "Override"
                    && attr(e, "PartName").is_some_and(|p| {
                        edits
                            .remove
                            .iter()
                            .any(|r| r.eq_ignore_ascii_case(p.trim_start_matches('/')))
                    }) =>
            {
                let end = if matches!(s.event, Event::Start(_)) {
                    sc.skip_element()?
                } else {
                    s.span.end
                };
                splice.replace(s.span.start..end, "");
            }
            Event::End(e) if s.depth == 1 && e.local_name().as_ref() == "Types" => {
                splice.insert(s.span.start, text.clone());
            }
            _ => {}
        }
    }
    Ok(splice.apply(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &[u8] = br#"<?xml version="1.0"?><Types xmlns="x"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="wb"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="ws"/></Types>"#;

    #[test]
    fn reads_and_patches() {
        let ct = ContentTypes::parse(CT).unwrap();
        assert_eq!(ct.of("xl/workbook.xml"), Some("wb"));
        assert_eq!(ct.of("docProps/core.xml"), Some("application/xml"));
        assert_eq!(ct.of("a.bin"), None);
        let edits = TypeEdits {
            add: vec![("xl/worksheets/sheet2.xml".into(), "ws".into())],
            add_defaults: vec![("vml".into(), types::VML.into())],
            remove: vec!["xl/worksheets/sheet1.xml".into()],
        };
        let out = ContentTypes::parse(&patch(CT, &edits).unwrap()).unwrap();
        assert_eq!(out.of("xl/worksheets/sheet2.xml"), Some("ws"));
        assert_eq!(out.of("xl/worksheets/sheet1.xml"), Some("application/xml"));
        assert_eq!(out.of("xl/drawings/v.vml"), Some(types::VML));
    }
}
