//! `xl/styles.xml`: opfolg's formats appended, every existing index kept.
//!
//! One scan records where each collection (`fonts`, `fills`, `borders`,
//! `cellXfs`, `dxfs`, `numFmts`) starts and ends and where each font and
//! cell format stands; formats are then requested by the sheet patches
//! (new looks, or a user's format changed) and appended in one splice.

use std::collections::HashMap;
use std::ops::Range;

use quick_xml::events::Event;

use super::PackageError;
use super::edits::{Align, Look, Restyle, Rgb};
use super::xml::{Scanner, Splice, attr, escape_attr, local, prefix_of, raw_attrs, set_attr, tag};

/// The collections of a stylesheet, in schema order.
const ORDER: &[&str] = &[
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];

/// Where one collection stands in the part.
#[derive(Debug, Clone, Default)]
struct Collection {
    /// The start tag (or the whole empty element).
    start: Range<usize>,
    /// The closing tag's start (None: an empty element `<fonts/>`).
    end: Option<usize>,
    /// The spans of the children.
    items: Vec<Range<usize>>,
}

/// A new cell format: one of opfolg's looks, or a user's format changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum NewXf {
    Look(Look),
    Derived(u32, Restyle),
}

/// The workbook's formats and the ones opfolg adds.
#[derive(Default)]
pub struct StyleBook {
    part: String,
    bytes: Vec<u8>,
    prefix: String,
    collections: HashMap<String, Collection>,
    /// Position before which a missing collection of each rank goes.
    root_end: usize,
    num_fmt_ids: Vec<u32>,
    num_fmts: Vec<(u32, String)>,
    new_xfs: Vec<NewXf>,
    xf_index: rustc_hash::FxHashMap<NewXf, u32>,
    dxfs: Vec<(Rgb, Rgb)>,
    dxf_index: HashMap<(Rgb, Rgb), u32>,
    /// New fonts, fills and borders as XML, with their dedup maps.
    fonts: Vec<String>,
    fills: Vec<String>,
    borders: Vec<String>,
    dedup: HashMap<String, u32>,
    /// What a stylesheet must have and this one lacks (a default font,
    /// Excel's two reserved fills, a border, the default cell format),
    /// added before opfolg's own so that index 0 stays the default.
    seeds: HashMap<&'static str, Vec<String>>,
    /// One past the highest font, fill and border a cell format points to.
    referenced: HashMap<&'static str, u32>,
}

/// The most copies added for formats that point past the end (a broken
/// stylesheet may point anywhere).
const MAX_PADDING: u32 = 4096;

/// A stylesheet for a package that has none: one font, the two fills
/// Excel requires, one border, one format.
pub const MINIMAL: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

fn argb(c: Rgb) -> String {
    format!("FF{:06X}", c & 0xFF_FFFF)
}

impl StyleBook {
    /// Reads where everything stands in the stylesheet.
    pub fn scan(bytes: Vec<u8>, part: &str) -> Result<StyleBook, PackageError> {
        let mut book = StyleBook {
            part: part.to_string(),
            ..StyleBook::default()
        };
        let mut sc = Scanner::new(&bytes, part);
        let mut current: Option<(String, Collection)> = None;
        while let Some(s) = sc.next_event()? {
            match &s.event {
                Event::Empty(e) if s.depth == 1 => {
                    // `<styleSheet/>`: opened up, then read again.
                    return StyleBook::scan(opened_up(&bytes, e, s.span.clone()), part);
                }
                Event::Start(e) if s.depth == 1 => book.prefix = prefix_of(e),
                Event::End(_) if s.depth == 1 => book.root_end = s.span.start,
                Event::Start(e) | Event::Empty(e) if s.depth == 2 => {
                    let name = local(e);
                    let c = Collection {
                        start: s.span.clone(),
                        end: None,
                        items: Vec::new(),
                    };
                    if matches!(s.event, Event::Start(_)) {
                        current = Some((name, c));
                    } else {
                        book.collections.insert(name, c);
                    }
                }
                Event::End(_) if s.depth == 2 => {
                    if let Some((name, mut c)) = current.take() {
                        c.end = Some(s.span.start);
                        book.collections.insert(name, c);
                    }
                }
                Event::Start(e) | Event::Empty(e) if s.depth == 3 => {
                    let end = if matches!(s.event, Event::Start(_)) {
                        sc.skip_element()?
                    } else {
                        s.span.end
                    };
                    if let Some((name, c)) = current.as_mut() {
                        c.items.push(s.span.start..end);
                        if name == "numFmts"
                            && let Some(id) = attr(e, "numFmtId").and_then(|v| v.parse().ok())
                        {
                            book.num_fmt_ids.push(id);
                        }
                        if name == "cellXfs" || name == "cellStyleXfs" {
                            book.note_references(e);
                        }
                    }
                }
                _ => {}
            }
        }
        book.bytes = bytes;
        book.seed();
        Ok(book)
    }

    /// The defaults a stylesheet lacks, to be added first.
    fn seed(&mut self) {
        let p = self.prefix.clone();
        let have = |name: &str| self.collections.get(name).map_or(0, |c| c.items.len());
        let mut seeds: HashMap<&'static str, Vec<String>> = HashMap::new();
        if have("fonts") == 0 {
            seeds.insert("fonts", vec![format!("<{p}font><{p}sz val=\"11\"/><{p}name val=\"Calibri\"/><{p}family val=\"2\"/></{p}font>")]);
        }
        let fills = [
            format!("<{p}fill><{p}patternFill patternType=\"none\"/></{p}fill>"),
            format!("<{p}fill><{p}patternFill patternType=\"gray125\"/></{p}fill>"),
        ];
        let n = have("fills").min(2);
        if n < 2 {
            seeds.insert("fills", fills[n..].to_vec());
        }
        if have("borders") == 0 {
            seeds.insert("borders", vec![format!("<{p}border><{p}left/><{p}right/><{p}top/><{p}bottom/><{p}diagonal/></{p}border>")]);
        }
        // Formats that point past the last font, fill or border keep
        // pointing at nothing of opfolg's: copies of the first one (the
        // default a reader shows) fill the gap before opfolg's own.
        for (name, default) in [
            ("fonts", seeds.get("fonts").and_then(|s| s.first()).cloned()),
            ("fills", Some(fills[0].clone())),
            (
                "borders",
                seeds.get("borders").and_then(|s| s.first()).cloned(),
            ),
        ] {
            let needed = self.referenced.get(name).copied().unwrap_or(0) as usize;
            let list = seeds.entry(name).or_default();
            let now = have(name) + list.len();
            if needed > now {
                let first = default
                    .or_else(|| {
                        self.item(name, 0)
                            .map(|b| String::from_utf8_lossy(b).into_owned())
                    })
                    .unwrap_or_default();
                list.extend(std::iter::repeat_n(first, needed - now));
            }
        }
        seeds.retain(|_, v| !v.is_empty());
        if have("cellXfs") == 0 {
            seeds.insert(
                "cellXfs",
                vec![format!(
                    "<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
                )],
            );
        }
        self.seeds = seeds;
    }

    /// The fonts, fills and borders a cell format points to: a stylesheet
    /// may point past its last one (which a reader shows as the default).
    fn note_references(&mut self, xf: &quick_xml::events::BytesStart) {
        for (key, collection) in [
            ("fontId", "fonts"),
            ("fillId", "fills"),
            ("borderId", "borders"),
        ] {
            if let Some(id) = attr(xf, key).and_then(|v| v.parse::<u32>().ok()) {
                let max = self.referenced.entry(collection).or_default();
                *max = (*max).max(id.saturating_add(1).min(MAX_PADDING));
            }
        }
    }

    /// Items a collection has, the seeds included.
    fn count(&self, name: &str) -> u32 {
        let own = self.collections.get(name).map_or(0, |c| c.items.len());
        (own + self.seeds.get(name).map_or(0, Vec::len)) as u32
    }

    fn item(&self, name: &str, i: u32) -> Option<&[u8]> {
        let own = self.collections.get(name).map_or(&[][..], |c| &c.items[..]);
        match own.get(i as usize) {
            Some(r) => Some(&self.bytes[r.clone()]),
            None => self
                .seeds
                .get(name)?
                .get(i as usize - own.len())
                .map(String::as_bytes),
        }
    }

    /// Adds an XML item to one of the new-item lists, once.
    fn add(&mut self, which: &str, xml: String) -> u32 {
        let key = format!("{which}\u{0}{xml}");
        if let Some(i) = self.dedup.get(&key) {
            return *i;
        }
        let base = self.count(which);
        let list = match which {
            "fonts" => &mut self.fonts,
            "fills" => &mut self.fills,
            _ => &mut self.borders,
        };
        list.push(xml);
        let i = base + list.len() as u32 - 1;
        self.dedup.insert(key, i);
        i
    }

    /// The cell format of a look: an index into `cellXfs`.
    pub fn look(&mut self, look: &Look) -> u32 {
        self.new_xf(NewXf::Look(look.clone()))
    }

    /// The cell format `xf` with `r` applied (the same index when nothing
    /// changes).
    pub fn derive(&mut self, xf: u32, r: Restyle) -> u32 {
        if r.is_none() {
            return xf;
        }
        let xf = if xf < self.count("cellXfs") { xf } else { 0 };
        self.new_xf(NewXf::Derived(xf, r))
    }

    fn new_xf(&mut self, x: NewXf) -> u32 {
        if let Some(i) = self.xf_index.get(&x) {
            return *i;
        }
        let i = self.count("cellXfs") + self.new_xfs.len() as u32;
        self.new_xfs.push(x.clone());
        self.xf_index.insert(x, i);
        i
    }

    /// A differential format (for conditional formatting): fill and font colour.
    pub fn dxf(&mut self, fill: Rgb, font: Rgb) -> u32 {
        if let Some(i) = self.dxf_index.get(&(fill, font)) {
            return *i;
        }
        let i = self.count("dxfs") + self.dxfs.len() as u32;
        self.dxfs.push((fill, font));
        self.dxf_index.insert((fill, font), i);
        i
    }

    /// Whether anything is to be added.
    pub fn is_unchanged(&self) -> bool {
        self.new_xfs.is_empty() && self.dxfs.is_empty()
    }

    /// The size of font 0, the workbook's body text, in points.
    pub fn default_font_pt(&self) -> f64 {
        let font = self.default_font();
        font.find("sz val=\"")
            .and_then(|i| {
                let rest = &font[i + 8..];
                rest[..rest.find('"')?].parse().ok()
            })
            .filter(|v: &f64| *v > 0.0)
            .unwrap_or(11.0)
    }

    /// Font 0, the workbook's default, as XML text.
    fn default_font(&self) -> String {
        self.item("fonts", 0)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| {
                format!(
                    "<{}font><sz val=\"11\"/><name val=\"Calibri\"/></{}font>",
                    self.prefix, self.prefix
                )
            })
    }

    fn font_for(&mut self, look: &Look) -> u32 {
        if !look.bold && look.size_pt.is_none() && look.font_color.is_none() && !look.underline {
            return 0;
        }
        let p = self.prefix.clone();
        let mut children = Vec::new();
        if look.bold {
            children.push(format!("<{p}b/>"));
        }
        if look.underline {
            children.push(format!("<{p}u/>"));
        }
        if let Some(sz) = look.size_pt {
            children.push(format!("<{p}sz val=\"{sz}\"/>"));
        }
        if let Some(c) = look.font_color {
            children.push(format!("<{p}color rgb=\"{}\"/>", argb(c)));
        }
        let base = self.default_font();
        let drop: &[&str] = &[
            "b",
            "u",
            if look.size_pt.is_some() { "sz" } else { "" },
            if look.font_color.is_some() {
                "color"
            } else {
                ""
            },
        ];
        let xml = rebuild_font(&base, &p, drop, &children.concat(), None);
        self.add("fonts", xml)
    }

    fn fill_for(&mut self, fill: Option<Rgb>) -> u32 {
        let Some(c) = fill else { return 0 };
        let p = self.prefix.clone();
        let xml = format!(
            "<{p}fill><{p}patternFill patternType=\"solid\"><{p}fgColor rgb=\"{}\"/><{p}bgColor indexed=\"64\"/></{p}patternFill></{p}fill>",
            argb(c)
        );
        self.add("fills", xml)
    }

    fn border_for(&mut self, border: Option<Rgb>) -> u32 {
        let Some(c) = border else { return 0 };
        let p = self.prefix.clone();
        let side = |s: &str| {
            format!(
                "<{p}{s} style=\"thin\"><{p}color rgb=\"{}\"/></{p}{s}>",
                argb(c)
            )
        };
        let xml = format!(
            "<{p}border>{}{}{}{}<{p}diagonal/></{p}border>",
            side("left"),
            side("right"),
            side("top"),
            side("bottom")
        );
        self.add("borders", xml)
    }

    fn num_fmt_for(&mut self, code: &Option<String>) -> u32 {
        let Some(code) = code else { return 0 };
        match code.as_str() {
            "General" => return 0,
            "0" => return 1,
            "0.00" => return 2,
            "#,##0" => return 3,
            _ => {}
        }
        if let Some((id, _)) = self.num_fmts.iter().find(|(_, c)| c == code) {
            return *id;
        }
        let id = self
            .num_fmt_ids
            .iter()
            .chain(self.num_fmts.iter().map(|(i, _)| i))
            .copied()
            .max()
            .unwrap_or(163)
            .max(163)
            + 1;
        self.num_fmts.push((id, code.clone()));
        id
    }

    fn look_xf(&mut self, look: &Look) -> String {
        let p = self.prefix.clone();
        let font = self.font_for(look);
        let fill = self.fill_for(look.fill);
        let border = self.border_for(look.border);
        let num = self.num_fmt_for(&look.number_format);
        let mut attrs = format!(
            "numFmtId=\"{num}\" fontId=\"{font}\" fillId=\"{fill}\" borderId=\"{border}\" xfId=\"0\""
        );
        for (flag, on) in [
            ("applyNumberFormat", num != 0),
            ("applyFont", font != 0),
            ("applyFill", fill != 0),
            ("applyBorder", border != 0),
            ("applyAlignment", true),
            ("applyProtection", look.unlocked),
        ] {
            if on {
                attrs.push_str(&format!(" {flag}=\"1\""));
            }
        }
        let mut align = String::new();
        match look.align {
            Align::General => {}
            Align::Left => align.push_str(" horizontal=\"left\""),
            Align::Center => align.push_str(" horizontal=\"center\""),
        }
        if look.top {
            align.push_str(" vertical=\"top\"");
        }
        if look.wrap {
            align.push_str(" wrapText=\"1\"");
        }
        let mut children = format!("<{p}alignment{align}/>");
        if look.unlocked {
            children.push_str(&format!("<{p}protection locked=\"0\"/>"));
        }
        format!("<{p}xf {attrs}>{children}</{p}xf>")
    }

    /// Whether cell format `xf` wraps its text (`wrapText`).
    pub fn wraps(&self, xf: u32) -> bool {
        let xml = self.xf_or_default(xf);
        let xml = String::from_utf8_lossy(&xml);
        xml.contains("wrapText=\"1\"") || xml.contains("wrapText=\"true\"")
    }

    /// Cell format `xf` as written, or the default one.
    fn xf_or_default(&self, xf: u32) -> Vec<u8> {
        let p = &self.prefix;
        self.item("cellXfs", xf)
            .map(|b| b.to_vec())
            .unwrap_or_else(|| {
                format!(
                    "<{p}xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                )
                .into_bytes()
            })
    }

    fn derived_xf(&mut self, xf: u32, r: Restyle) -> Result<String, PackageError> {
        let p = self.prefix.clone();
        let raw = self.xf_or_default(xf);
        let mut sc = Scanner::new(&raw, &self.part);
        let Some(first) = sc.next_event()? else {
            return Err(PackageError::Xml(
                self.part.clone(),
                "empty cell format".into(),
            ));
        };
        let (Event::Start(e) | Event::Empty(e)) = &first.event else {
            return Err(PackageError::Xml(self.part.clone(), "cell format".into()));
        };
        let qname = e.name().as_ref().to_string();
        let mut attrs = raw_attrs(e);
        let font_id: u32 = attr(e, "fontId").and_then(|v| v.parse().ok()).unwrap_or(0);
        let XfChildren {
            alignment,
            protection: had_protection,
            mut protection_attrs,
            ext,
        } = if matches!(first.event, Event::Start(_)) {
            xf_children(&mut sc, &raw)?
        } else {
            XfChildren::default()
        };
        if r.unmark {
            unmark(&mut attrs, &mut protection_attrs);
        }
        if let Some(fill) = r.fill {
            let id = self.fill_for(Some(fill));
            set_attr(&mut attrs, "fillId", id.to_string());
            set_attr(&mut attrs, "applyFill", "1".into());
        }
        if r.plain_font {
            let id = self.plain_font(font_id);
            set_attr(&mut attrs, "fontId", id.to_string());
            set_attr(&mut attrs, "applyFont", "1".into());
        }
        let mut protection = if had_protection && !(r.unmark && protection_attrs.is_empty()) {
            tag(&format!("{p}protection"), &protection_attrs, true)
        } else {
            String::new()
        };
        if r.unlock {
            set_attr(&mut protection_attrs, "locked", "0".into());
            protection = tag(&format!("{p}protection"), &protection_attrs, true);
            set_attr(&mut attrs, "applyProtection", "1".into());
        }
        let children = format!("{alignment}{protection}{ext}");
        Ok(if children.is_empty() {
            tag(&qname, &attrs, true)
        } else {
            format!("{}{children}</{qname}>", tag(&qname, &attrs, false))
        })
    }

    /// A font like `font_id` in the workbook's default face (for opfolg's
    /// words in a cell whose font is a symbol or decorative one).
    fn plain_font(&mut self, font_id: u32) -> u32 {
        let base = self
            .item("fonts", font_id)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_else(|| self.default_font());
        let default = self.default_font();
        let xml = rebuild_font(
            &base,
            &self.prefix,
            &["name", "charset", "family", "scheme"],
            "",
            Some(&default),
        );
        self.add("fonts", xml)
    }

    fn dxf_xml(&self, fill: Rgb, font: Rgb) -> String {
        let p = &self.prefix;
        format!(
            "<{p}dxf><{p}font><{p}color rgb=\"{}\"/></{p}font><{p}fill><{p}patternFill><{p}bgColor rgb=\"{}\"/></{p}patternFill></{p}fill></{p}dxf>",
            argb(font),
            argb(fill)
        )
    }

    /// The stylesheet with every requested format appended.
    pub fn finish(mut self) -> Result<Vec<u8>, PackageError> {
        let mut xfs = Vec::new();
        for x in self.new_xfs.clone() {
            xfs.push(match x {
                NewXf::Look(l) => self.look_xf(&l),
                NewXf::Derived(xf, r) => self.derived_xf(xf, r)?,
            });
        }
        let dxfs: Vec<String> = self
            .dxfs
            .iter()
            .map(|(f, c)| self.dxf_xml(*f, *c))
            .collect();
        let p = self.prefix.clone();
        let num_fmts: Vec<String> = self
            .num_fmts
            .iter()
            .map(|(id, code)| {
                format!(
                    "<{p}numFmt numFmtId=\"{id}\" formatCode=\"{}\"/>",
                    escape_attr(code)
                )
            })
            .collect();
        let additions: Vec<(&str, Vec<String>)> = vec![
            ("numFmts", num_fmts),
            ("fonts", std::mem::take(&mut self.fonts)),
            ("fills", std::mem::take(&mut self.fills)),
            ("borders", std::mem::take(&mut self.borders)),
            ("cellXfs", xfs),
            ("dxfs", dxfs),
        ];
        let mut splice = Splice::default();
        for (name, ours) in additions {
            let mut items = self.seeds.get(name).cloned().unwrap_or_default();
            items.extend(ours);
            if items.is_empty() {
                continue;
            }
            self.append(&mut splice, name, &items);
        }
        Ok(splice.apply(&self.bytes))
    }

    /// Splices `items` into collection `name` (created in schema order if
    /// missing) and sets its count.
    fn append(&self, splice: &mut Splice, name: &str, items: &[String]) {
        let p = &self.prefix;
        let text = items.concat();
        let own = self.collections.get(name).map_or(0, |c| c.items.len());
        let total = own + items.len();
        match self.collections.get(name) {
            Some(c) => {
                let start = &self.bytes[c.start.clone()];
                let mut sc = Scanner::new(start, &self.part);
                let Ok(Some(first)) = sc.next_event() else {
                    return;
                };
                let (Event::Start(e) | Event::Empty(e)) = &first.event else {
                    return;
                };
                let mut attrs = raw_attrs(e);
                set_attr(&mut attrs, "count", total.to_string());
                let qname = e.name().as_ref().to_string();
                match c.end {
                    Some(end) => {
                        splice.replace(c.start.clone(), tag(&qname, &attrs, false));
                        splice.insert(end, text);
                    }
                    None => splice.replace(
                        c.start.clone(),
                        format!("{}{text}</{qname}>", tag(&qname, &attrs, false)),
                    ),
                }
            }
            None => {
                let rank = ORDER.iter().position(|n| *n == name).unwrap_or(0);
                let at = ORDER[rank + 1..]
                    .iter()
                    .filter_map(|n| self.collections.get(*n).map(|c| c.start.start))
                    .min()
                    .unwrap_or(self.root_end);
                splice.insert(
                    at,
                    format!("<{p}{name} count=\"{total}\">{text}</{p}{name}>"),
                );
            }
        }
    }
}

/// A font element rebuilt: children named in `drop` removed, `add`
/// prepended, and (for a plain font) the face elements of `face_from`
/// appended.
fn rebuild_font(base: &str, p: &str, drop: &[&str], add: &str, face_from: Option<&str>) -> String {
    // (local name, XML) of the children of `xml`'s root kept by `keep`.
    let children_of = |xml: &str, keep: &dyn Fn(&str) -> bool| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut sc = Scanner::new(xml.as_bytes(), "font");
        while let Ok(Some(s)) = sc.next_event() {
            if let Event::Start(c) | Event::Empty(c) = &s.event
                && s.depth == 2
            {
                let end = if matches!(s.event, Event::Start(_)) {
                    sc.skip_element().unwrap_or(s.span.end)
                } else {
                    s.span.end
                };
                if keep(&local(c)) {
                    out.push((local(c), xml[s.span.start..end].to_string()));
                }
            }
        }
        out
    };
    let wrapped = format!("<f>{add}</f>");
    let mut children = children_of(&wrapped, &|_| true);
    children.extend(children_of(base, &|n| !drop.contains(&n)));
    if let Some(face) = face_from {
        children.extend(children_of(face, &|n| {
            ["name", "charset", "family", "scheme"].contains(&n)
        }));
    }
    // In the order Excel writes them and the Open XML SDK checks them
    // (CT_Font as a sequence); anything else after, as it was.
    const ORDER: [&str; 15] = [
        "b",
        "i",
        "strike",
        "condense",
        "extend",
        "outline",
        "shadow",
        "u",
        "vertAlign",
        "sz",
        "color",
        "name",
        "family",
        "charset",
        "scheme",
    ];
    children.sort_by_key(|(n, _)| ORDER.iter().position(|o| o == n).unwrap_or(ORDER.len()));
    let children: String = children.into_iter().map(|(_, x)| x).collect();
    format!("<{p}font>{children}</{p}font>")
}

/// The part with its empty root element (`<styleSheet/>`) written as an
/// opening and a closing tag, so that collections can go between them.
fn opened_up(bytes: &[u8], e: &quick_xml::events::BytesStart, span: Range<usize>) -> Vec<u8> {
    let qname = e.name().as_ref().to_string();
    let open = tag(&qname, &raw_attrs(e), false);
    let mut expanded = bytes[..span.start].to_vec();
    expanded.extend_from_slice(format!("{open}</{qname}>").as_bytes());
    expanded.extend_from_slice(&bytes[span.end..]);
    expanded
}

/// The children of a cell format (`<xf>`): alignment, protection, and the
/// rest (extLst), kept as written.
#[derive(Default)]
struct XfChildren {
    alignment: String,
    protection: bool,
    protection_attrs: Vec<(String, String)>,
    ext: String,
}

/// An earlier hand-out's blue, and its opening, taken off a cell format.
fn unmark(attrs: &mut Vec<(String, String)>, protection: &mut Vec<(String, String)>) {
    set_attr(attrs, "fillId", "0".into());
    attrs.retain(|(k, _)| k != "applyFill");
    protection.retain(|(k, _)| k != "locked");
    if protection.is_empty() {
        attrs.retain(|(k, _)| k != "applyProtection");
    }
}

/// Reads the children of the `<xf>` just opened.
fn xf_children(sc: &mut Scanner, raw: &[u8]) -> Result<XfChildren, PackageError> {
    let mut out = XfChildren::default();
    while let Some(s) = sc.next_event()? {
        let (Event::Start(c) | Event::Empty(c)) = &s.event else {
            continue;
        };
        if s.depth != 2 {
            continue;
        }
        let end = if matches!(s.event, Event::Start(_)) {
            sc.skip_element()?
        } else {
            s.span.end
        };
        let text = String::from_utf8_lossy(&raw[s.span.start..end]).into_owned();
        match local(c).as_str() {
            "alignment" => out.alignment = text,
            "protection" => {
                out.protection = true;
                out.protection_attrs = raw_attrs(c);
            }
            _ => out.ext.push_str(&text),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = concat!(
        "<styleSheet xmlns=\"main\">",
        "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Aptos\"/><scheme val=\"minor\"/></font>",
        "<font><sz val=\"14\"/><name val=\"Wingdings\"/><charset val=\"2\"/></font></fonts>",
        "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>",
        "<borders count=\"1\"><border/></borders>",
        "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>",
        "<xf numFmtId=\"14\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"><alignment horizontal=\"center\"/><protection hidden=\"1\"/></xf></cellXfs>",
        "<tableStyles count=\"0\"/>",
        "</styleSheet>"
    );

    #[test]
    fn existing_indexes_keep_their_meaning() {
        let mut book = StyleBook::scan(STYLES.as_bytes().to_vec(), "styles.xml").unwrap();
        let header = book.look(&Look {
            bold: true,
            fill: Some(0xFFF2CC),
            border: Some(0xBFBFBF),
            wrap: true,
            ..Look::default()
        });
        assert_eq!(header, 2);
        assert_eq!(
            book.look(&Look {
                bold: true,
                fill: Some(0xFFF2CC),
                border: Some(0xBFBFBF),
                wrap: true,
                ..Look::default()
            }),
            2
        );
        let unlocked = book.derive(
            1,
            Restyle {
                fill: Some(0xDDEBF7),
                unlock: true,
                plain_font: true,
                ..Restyle::default()
            },
        );
        assert_eq!(unlocked, 3);
        assert_eq!(book.derive(1, Restyle::default()), 1);
        assert_eq!(book.dxf(0xC6EFCE, 0x006100), 0);
        let out = String::from_utf8(book.finish().unwrap()).unwrap();
        // Everything that was there is there, in place.
        assert!(out.starts_with("<styleSheet xmlns=\"main\"><fonts count=\"4\"><font><sz val=\"11\"/><name val=\"Aptos\"/>"), "{out}");
        assert!(out.contains("<xf numFmtId=\"14\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"><alignment horizontal=\"center\"/><protection hidden=\"1\"/></xf>"));
        assert!(out.contains("<cellXfs count=\"4\">"), "{out}");
        assert!(out.contains("<fills count=\"4\">"), "{out}");
        // The derived format: the user's number format and alignment, a
        // new fill, the default face, unlocked, hidden kept.
        assert!(out.contains("<xf numFmtId=\"14\" fontId=\"3\" fillId=\"3\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFill=\"1\" applyFont=\"1\" applyProtection=\"1\"><alignment horizontal=\"center\"/><protection hidden=\"1\" locked=\"0\"/></xf>"), "{out}");
        assert!(
            out.contains(
                "<font><sz val=\"14\"/><name val=\"Aptos\"/><scheme val=\"minor\"/></font>"
            ),
            "{out}"
        );
        // dxfs did not exist: created after cellXfs, before tableStyles.
        assert!(out.contains("</cellXfs><dxfs count=\"1\"><dxf>"), "{out}");
        assert!(out.contains("</dxfs><tableStyles"), "{out}");
    }

    #[test]
    fn number_formats_get_free_ids() {
        let s = STYLES.replace(
            "<fonts",
            "<numFmts count=\"1\"><numFmt numFmtId=\"170\" formatCode=\"0.0\"/></numFmts><fonts",
        );
        let mut book = StyleBook::scan(s.into_bytes(), "styles.xml").unwrap();
        book.look(&Look {
            number_format: Some("dd.mm.yyyy".into()),
            ..Look::default()
        });
        let out = String::from_utf8(book.finish().unwrap()).unwrap();
        assert!(out.contains("<numFmts count=\"2\"><numFmt numFmtId=\"170\" formatCode=\"0.0\"/><numFmt numFmtId=\"171\" formatCode=\"dd.mm.yyyy\"/></numFmts>"), "{out}");
        assert!(out.contains("numFmtId=\"171\" fontId=\"0\""), "{out}");
    }

    #[test]
    fn formats_pointing_past_the_last_font_do_not_point_at_ours() {
        // LibreOffice wrote this: one font, a format pointing at font 1.
        let s = STYLES.replace(
            "<font><sz val=\"14\"/><name val=\"Wingdings\"/><charset val=\"2\"/></font></fonts>",
            "</fonts>",
        );
        let mut book = StyleBook::scan(s.into_bytes(), "styles.xml").unwrap();
        book.look(&Look {
            bold: true,
            ..Look::default()
        });
        let out = String::from_utf8(book.finish().unwrap()).unwrap();
        // Font 1 is a copy of the default; opfolg's bold one comes after.
        let fonts = &out[out.find("<fonts").unwrap()..out.find("</fonts>").unwrap()];
        assert!(fonts.starts_with("<fonts count=\"3\">"), "{fonts}");
        assert_eq!(fonts.matches("<name val=\"Aptos\"/>").count(), 3, "{fonts}");
        assert!(out.contains("fontId=\"2\""), "{out}");
    }
}

#[cfg(test)]
mod defaults_tests {
    use super::*;

    /// A stylesheet without fonts or cell formats (some writers leave them
    /// out): opfolg's first format must not become index 0, the default of
    /// every cell without a format.
    #[test]
    fn a_bare_stylesheet_keeps_its_default_at_index_0() {
        let mut book = StyleBook::scan(b"<styleSheet xmlns=\"m\"/>".to_vec(), "s").unwrap();
        let header = book.look(&Look {
            bold: true,
            ..Look::default()
        });
        assert_eq!(header, 1);
        let out = String::from_utf8(book.finish().unwrap()).unwrap();
        assert!(
            out.contains(
                "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<fonts count=\"2\"><font><sz val=\"11\"/>"),
            "{out}"
        );
        assert!(out.contains("<fills count=\"2\">"), "{out}");
        assert!(out.ends_with("</styleSheet>"), "{out}");
    }
}
