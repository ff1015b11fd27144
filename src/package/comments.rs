//! Notes: opfolg's merged into a sheet's comments part and the VML drawing
//! that shows them. The user's notes stay as they are; a cell with a note
//! of the user's and one of ours shows both (ours appended, after a line
//! naming opfolg, and removed again when the workbook is annotated anew).

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;

use super::PackageError;
use super::edits::Note;
use super::xml::{Scanner, Splice, a1, attr, escape_text, parse_a1};

/// What the comments part became.
pub struct CommentsOut {
    pub xml: Vec<u8>,
    /// Cells whose notes were removed (their shapes go).
    pub removed: BTreeSet<(u32, u16)>,
    /// Cells that got a new note (they need a shape), with its text.
    pub added: BTreeMap<(u32, u16), String>,
}

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

fn note_runs(p: &str, author: &str, text: &str, appended: bool) -> String {
    let rpr = format!(
        "<{p}rPr><{p}sz val=\"9\"/><{p}color indexed=\"81\"/><{p}rFont val=\"Tahoma\"/><{p}family val=\"2\"/></{p}rPr>"
    );
    let bold = format!(
        "<{p}rPr><{p}b/><{p}sz val=\"9\"/><{p}color indexed=\"81\"/><{p}rFont val=\"Tahoma\"/><{p}family val=\"2\"/></{p}rPr>"
    );
    let head = if appended {
        format!("\n{author}:")
    } else {
        format!("{author}:")
    };
    format!(
        "<{p}r>{bold}<{p}t xml:space=\"preserve\">{}</{p}t></{p}r><{p}r>{rpr}<{p}t xml:space=\"preserve\">{}</{p}t></{p}r>",
        escape_text(&head),
        escape_text(&format!("\n{text}"))
    )
}

/// A new comments part holding `notes`.
fn new_part(author: &str, notes: &BTreeMap<(u32, u16), &Note>) -> CommentsOut {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>{}</author></authors><commentList>",
        escape_text(author)
    );
    let mut added = BTreeMap::new();
    for (&(r, c), n) in notes {
        xml.push_str(&format!(
            "<comment ref=\"{}\" authorId=\"0\" shapeId=\"0\"><text>{}</text></comment>",
            a1(r, c),
            note_runs("", author, &n.text, false)
        ));
        added.insert((r, c), n.text.clone());
    }
    xml.push_str("</commentList></comments>");
    CommentsOut {
        xml: xml.into_bytes(),
        removed: BTreeSet::new(),
        added,
    }
}

/// The text of the element just opened, up to its end.
fn element_text(sc: &mut Scanner) -> Result<String, PackageError> {
    let mut name = String::new();
    while let Some(i) = sc.next_event()? {
        match &i.event {
            Event::Text(t) => name.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => name.push_str(&super::xml::ref_text(r)),
            Event::End(_) => break,
            _ => {}
        }
    }
    Ok(name)
}

/// Merges `notes` into a comments part (`existing`, or a new one), written
/// by `author`. Comments written by `author` or one of `gone` are an
/// earlier run's and go; `skip` are cells with a threaded comment, which
/// get no note of ours.
pub fn patch(
    existing: Option<&[u8]>,
    part: &str,
    (author, gone): (&str, &[String]),
    notes: &BTreeMap<(u32, u16), Note>,
    skip: &BTreeSet<(u32, u16)>,
) -> Result<CommentsOut, PackageError> {
    let notes: BTreeMap<(u32, u16), &Note> = notes
        .iter()
        .filter(|(k, _)| !skip.contains(k))
        .map(|(k, v)| (*k, v))
        .collect();
    let Some(bytes) = existing else {
        return Ok(new_part(author, &notes));
    };
    let mut m = Merge {
        bytes,
        part,
        author,
        gone,
        notes: &notes,
        splice: Splice::default(),
        prefix: String::new(),
        authors: Vec::new(),
        authors_end: None,
        list_end: None,
        commented: BTreeSet::new(),
        out: CommentsOut {
            xml: Vec::new(),
            removed: BTreeSet::new(),
            added: BTreeMap::new(),
        },
    };
    m.scan()?;
    m.append_new()?;
    m.out.xml = m.splice.apply(bytes);
    Ok(m.out)
}

/// The merge of notes into an existing comments part.
struct Merge<'a> {
    bytes: &'a [u8],
    part: &'a str,
    author: &'a str,
    /// Other authors whose comments go.
    gone: &'a [String],
    notes: &'a BTreeMap<(u32, u16), &'a Note>,
    splice: Splice,
    prefix: String,
    authors: Vec<String>,
    authors_end: Option<usize>,
    list_end: Option<usize>,
    /// Cells with a user comment (ours are appended to it).
    commented: BTreeSet<(u32, u16)>,
    out: CommentsOut,
}

impl Merge<'_> {
    /// Walks the part: authors read, our earlier comments cut, notes
    /// appended to user comments on the same cell.
    fn scan(&mut self) -> Result<(), PackageError> {
        let mut sc = Scanner::new(self.bytes, self.part);
        while let Some(s) = sc.next_event()? {
            match &s.event {
                Event::Start(e) if s.depth == 1 => self.prefix = super::xml::prefix_of(e),
                Event::Start(e) if e.local_name().as_ref() == "author" => {
                    self.authors.push(element_text(&mut sc)?);
                }
                Event::Empty(e) if e.local_name().as_ref() == "author" => {
                    self.authors.push(String::new());
                }
                Event::End(e) if e.local_name().as_ref() == "authors" => {
                    self.authors_end = Some(s.span.start);
                }
                Event::End(e) if e.local_name().as_ref() == "commentList" => {
                    self.list_end = Some(s.span.start);
                }
                Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "comment" => {
                    let end = if matches!(s.event, Event::Start(_)) {
                        sc.skip_element()?
                    } else {
                        s.span.end
                    };
                    self.comment(e, s.span.start..end)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// One existing comment: ours goes, a user's keeps its text and gets
    /// the note appended.
    fn comment(
        &mut self,
        e: &quick_xml::events::BytesStart,
        span: std::ops::Range<usize>,
    ) -> Result<(), PackageError> {
        let cell = attr(e, "ref")
            .as_deref()
            .and_then(|r| r.split(':').next().and_then(parse_a1));
        let by: Option<usize> = attr(e, "authorId").and_then(|v| v.parse().ok());
        let ours = by
            .and_then(|i| self.authors.get(i))
            .is_some_and(|a| a == self.author || self.gone.contains(a));
        let Some(cell) = cell else { return Ok(()) };
        if ours {
            self.splice.replace(span, "");
            self.out.removed.insert(cell);
            return Ok(());
        }
        self.commented.insert(cell);
        let mut markers: Vec<String> = vec![format!("{}:", self.author)];
        markers.extend(self.gone.iter().map(|a| format!("{a}:")));
        let (cut, insert_at) = text_edits(&self.bytes[span.clone()], &markers)?;
        if let Some(cut) = cut {
            self.splice
                .replace(span.start + cut.start..span.start + cut.end, "");
        }
        if let (Some(n), Some(at)) = (self.notes.get(&cell), insert_at) {
            let runs = note_runs(&self.prefix, self.author, &n.text, true);
            self.splice.insert(span.start + at, runs);
        }
        Ok(())
    }

    /// The notes on cells without a user comment, as new comments (and
    /// opfolg as an author, when it is not one yet).
    fn append_new(&mut self) -> Result<(), PackageError> {
        let (prefix, author, part) = (self.prefix.clone(), self.author, self.part);
        let author_id = match self.authors.iter().position(|a| a == author) {
            Some(i) => i,
            None => {
                let at = self
                    .authors_end
                    .ok_or_else(|| PackageError::Xml(part.into(), "no <authors>".into()))?;
                self.splice.insert(
                    at,
                    format!("<{prefix}author>{}</{prefix}author>", escape_text(author)),
                );
                self.authors.len()
            }
        };
        let mut new = String::new();
        for (&(r, c), n) in self
            .notes
            .iter()
            .filter(|(k, _)| !self.commented.contains(k))
        {
            new.push_str(&format!(
                "<{prefix}comment ref=\"{}\" authorId=\"{author_id}\" shapeId=\"0\"><{prefix}text>{}</{prefix}text></{prefix}comment>",
                a1(r, c),
                note_runs(&prefix, author, &n.text, false)
            ));
            self.out.added.insert((r, c), n.text.clone());
        }
        let at = self
            .list_end
            .ok_or_else(|| PackageError::Xml(part.into(), "no <commentList>".into()))?;
        self.splice.insert(at, new);
        Ok(())
    }
}

/// In one user comment: the span of an earlier annotation's appended runs
/// (to cut), and where new runs go (after the last `<t>`/`<r>` of its text).
type TextEdits = (Option<std::ops::Range<usize>>, Option<usize>);

fn text_edits(comment: &[u8], markers: &[String]) -> Result<TextEdits, PackageError> {
    let mut sc = Scanner::new(comment, "comment");
    let (mut last_end, mut cut_from, mut last_run_end) = (None, None, None);
    while let Some(s) = sc.next_event()? {
        let (Event::Start(e) | Event::Empty(e)) = &s.event else {
            continue;
        };
        if s.depth != 3 {
            continue;
        }
        let end = if matches!(s.event, Event::Start(_)) {
            sc.skip_element()?
        } else {
            s.span.end
        };
        match e.local_name().as_ref() {
            "r" => {
                if cut_from.is_none()
                    && markers
                        .iter()
                        .any(|m| run_text(&comment[s.span.start..end]).trim_start() == m)
                {
                    cut_from = Some(s.span.start);
                }
                last_run_end = Some(end);
            }
            "t" => {}
            _ => continue,
        }
        if cut_from.is_none() {
            last_end = Some(end);
        }
    }
    let cut = cut_from.map(|from| from..last_run_end.unwrap_or(from));
    let at = cut.as_ref().map(|c| c.start).or(last_end);
    Ok((cut, at))
}

fn run_text(run: &[u8]) -> String {
    let mut sc = Scanner::new(run, "r");
    let mut out = String::new();
    let mut in_t = false;
    while let Ok(Some(s)) = sc.next_event() {
        match &s.event {
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_t => out.push_str(&super::xml::ref_text(r)),
            _ => {}
        }
    }
    out
}

/// [`write_vml`] into bytes.
#[cfg(test)]
pub fn patch_vml(
    existing: Option<&[u8]>,
    block: u32,
    removed: &BTreeSet<(u32, u16)>,
    added: &BTreeMap<(u32, u16), String>,
) -> Vec<u8> {
    let mut out = Vec::new();
    write_vml(existing, block, removed, added, &mut out).expect("writing to a Vec");
    out
}

/// The VML drawing of a sheet's notes: shapes of removed notes taken out,
/// shapes for new ones added. VML from Excel is not always well-formed
/// XML, so this works on the text. Written to `out` shape by shape (a
/// workbook with thousands of notes does not hold its drawing whole).
///
/// # Errors
/// `out` fails.
pub fn write_vml<W: std::io::Write>(
    existing: Option<&[u8]>,
    block: u32,
    removed: &BTreeSet<(u32, u16)>,
    added: &BTreeMap<(u32, u16), String>,
    out: &mut W,
) -> std::io::Result<()> {
    let mut text = match existing {
        Some(b) => String::from_utf8_lossy(b).into_owned(),
        None => format!(
            "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n <o:shapelayout v:ext=\"edit\">\n  <o:idmap v:ext=\"edit\" data=\"{block}\"/>\n </o:shapelayout>\n</xml>"
        ),
    };
    if !removed.is_empty() {
        text = remove_shapes(&text, removed);
    }
    let at = match added.is_empty() {
        true => text.len(),
        false => text.rfind("</xml>").unwrap_or(text.len()),
    };
    out.write_all(&text.as_bytes()[..at])?;
    if !added.is_empty() {
        if !text.contains("_x0000_t202") {
            out.write_all(concat!(
                " <v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\">\n",
                "  <v:stroke joinstyle=\"miter\"/>\n  <v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/>\n </v:shapetype>\n"
            ).as_bytes())?;
        }
        let base = idmap_block(&text).unwrap_or(block) * 1024;
        let first = max_shape_id(&text).map_or(base + 1, |m| m.max(base) + 1);
        for (i, (&(row, col), note)) in added.iter().enumerate() {
            out.write_all(shape(first + i as u32, row, col, note, i + 1).as_bytes())?;
        }
    }
    out.write_all(&text.as_bytes()[at..])
}

/// The shape-id block of a VML part (`<o:idmap data="1"/>`).
pub fn idmap_block(text: &str) -> Option<u32> {
    let at = text.find("o:idmap")?;
    let rest = &text[at..];
    let d = rest.find("data=\"")? + 6;
    let end = rest[d..].find('"')?;
    rest[d..d + end].split(',').next()?.trim().parse().ok()
}

fn max_shape_id(text: &str) -> Option<u32> {
    let mut max = None;
    let mut rest = text;
    while let Some(i) = rest.find("_x0000_s") {
        let digits: String = rest[i + 8..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse::<u32>() {
            max = Some(max.map_or(n, |m: u32| m.max(n)));
        }
        rest = &rest[i + 8..];
    }
    max
}

fn shape(id: u32, row: u32, col: u16, note: &str, z: usize) -> String {
    let lines: usize = note
        .split('\n')
        .map(|l| l.chars().count() / 48 + 1)
        .sum::<usize>()
        + 1;
    let rows = lines.clamp(4, 24) as u32;
    let top = row.saturating_sub(1);
    format!(
        concat!(
            " <v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style='position:absolute;margin-left:0;margin-top:0;width:260pt;height:{h}pt;z-index:{z};visibility:hidden' fillcolor=\"#ffffe1\" o:insetmode=\"auto\">\n",
            "  <v:fill color2=\"#ffffe1\"/>\n  <v:shadow on=\"t\" color=\"black\" obscured=\"t\"/>\n  <v:path o:connecttype=\"none\"/>\n",
            "  <v:textbox style='mso-direction-alt:auto'><div style='text-align:left'></div></v:textbox>\n",
            "  <x:ClientData ObjectType=\"Note\">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n",
            "   <x:Anchor>{c1}, 15, {top}, 10, {c2}, 15, {bottom}, 4</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n",
            "   <x:Row>{row}</x:Row>\n   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>\n"
        ),
        id = id,
        h = rows * 12,
        z = z,
        c1 = u32::from(col) + 1,
        c2 = u32::from(col) + 4,
        top = top,
        bottom = top + rows,
        row = row,
        col = col,
    )
}

/// The text with the note shapes anchored at `cells` taken out.
fn remove_shapes(text: &str, cells: &BTreeSet<(u32, u16)>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("<v:shape ") {
        let Some(len) = rest[i..].find("</v:shape>") else {
            break;
        };
        let end = i + len + "</v:shape>".len();
        let shape = &rest[i..end];
        let at = |tag: &str| -> Option<u32> {
            let open = format!("<x:{tag}>");
            let s = shape.find(&open)? + open.len();
            let e = shape[s..].find('<')?;
            shape[s..s + e].trim().parse().ok()
        };
        let is_note = shape.contains("ObjectType=\"Note\"");
        let ours = is_note
            && matches!((at("Row"), at("Column")), (Some(r), Some(c)) if cells.contains(&(r, c as u16)));
        out.push_str(&rest[..i]);
        if !ours {
            out.push_str(shape);
        } else {
            // Drop the line break that followed the shape too.
            let after = &rest[end..];
            let trimmed = after.strip_prefix('\n').unwrap_or(after);
            rest = trimmed;
            continue;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(t: &str) -> Note {
        Note { text: t.into() }
    }

    const USER: &str = r#"<?xml version="1.0"?><comments xmlns="m"><authors><author>Jens</author></authors><commentList><comment ref="B2" authorId="0"><text><r><rPr><b/></rPr><t>Jens:</t></r><r><t xml:space="preserve">
Husk budgettet</t></r></text></comment><comment ref="C3" authorId="0"><text><t>plain</t></text></comment></commentList></comments>"#;

    #[test]
    fn user_notes_stay_and_ours_are_added_and_removed_again() {
        let mut notes = BTreeMap::new();
        notes.insert((1, 1), note("M005: mangler smiley"));
        notes.insert((4, 3), note("A001: økonomi"));
        let out = patch(
            Some(USER.as_bytes()),
            "c",
            ("opfolg", &[]),
            &notes,
            &BTreeSet::new(),
        )
        .unwrap();
        let text = String::from_utf8(out.xml.clone()).unwrap();
        assert!(
            text.contains("Husk budgettet</t></r><r><rPr><b/>"),
            "{text}"
        );
        assert!(
            text.contains("<author>Jens</author><author>opfolg</author>"),
            "{text}"
        );
        assert!(
            text.contains("<comment ref=\"D5\" authorId=\"1\""),
            "{text}"
        );
        assert_eq!(out.added.keys().copied().collect::<Vec<_>>(), vec![(4, 3)]);
        // Annotated again with no notes: back to the user's own.
        let again = patch(
            Some(&out.xml),
            "c",
            ("opfolg", &[]),
            &BTreeMap::new(),
            &BTreeSet::new(),
        )
        .unwrap();
        let back = String::from_utf8(again.xml).unwrap();
        assert_eq!(again.removed.into_iter().collect::<Vec<_>>(), vec![(4, 3)]);
        assert_eq!(back.replace("<author>opfolg</author>", ""), USER);
    }

    /// Next year's plan writes its notes as another author: opfolg's
    /// annotation notes go all the same, the user's stay.
    #[test]
    fn notes_of_another_author_replace_ours() {
        let mut notes = BTreeMap::new();
        notes.insert((1, 1), note("M005: mangler smiley"));
        notes.insert((4, 3), note("A001: økonomi"));
        let annotated = patch(
            Some(USER.as_bytes()),
            "c",
            ("opfolg", &[]),
            &notes,
            &BTreeSet::new(),
        )
        .unwrap();
        let mut carried = BTreeMap::new();
        carried.insert((1, 1), note("Smiley 2019: 31.12 ☹"));
        let gone = ["opfolg".to_string()];
        let out = patch(
            Some(&annotated.xml),
            "c",
            ("Overført fra 2019", &gone),
            &carried,
            &BTreeSet::new(),
        )
        .unwrap();
        let text = String::from_utf8(out.xml).unwrap();
        assert_eq!(out.removed.into_iter().collect::<Vec<_>>(), vec![(4, 3)]);
        assert!(!text.contains("M005") && !text.contains("A001"), "{text}");
        assert!(
            text.contains("Husk budgettet</t></r><r><rPr><b/>")
                && text.contains("Overført fra 2019:")
                && text.contains("31.12 ☹"),
            "{text}"
        );
    }

    #[test]
    fn a_plain_user_note_gets_ours_after_its_text() {
        let mut notes = BTreeMap::new();
        notes.insert((2, 2), note("M007"));
        let out = patch(
            Some(USER.as_bytes()),
            "c",
            ("opfolg", &[]),
            &notes,
            &BTreeSet::new(),
        )
        .unwrap();
        let text = String::from_utf8(out.xml).unwrap();
        assert!(text.contains("<t>plain</t><r>"), "{text}");
    }

    #[test]
    fn vml_shapes_follow_the_notes() {
        let mut added = BTreeMap::new();
        added.insert((4, 3), "A001".to_string());
        let vml = patch_vml(None, 3, &BTreeSet::new(), &added);
        let text = String::from_utf8(vml.clone()).unwrap();
        assert!(text.contains("_x0000_s3073"), "{text}");
        assert!(text.contains("<x:Row>4</x:Row>"));
        let removed: BTreeSet<_> = [(4, 3)].into_iter().collect();
        let back = String::from_utf8(patch_vml(Some(&vml), 3, &removed, &BTreeMap::new())).unwrap();
        assert!(!back.contains("<v:shape "), "{back}");
        assert_eq!(idmap_block(&back), Some(3));
    }
}
