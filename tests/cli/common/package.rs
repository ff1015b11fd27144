//! The package compare: proves, part by part, that a workbook opfolg wrote
//! is the input with only opfolg's additions — and that every part opfolg
//! wrote is one Excel accepts. Reads the zips and the XML itself (no
//! spreadsheet library), so it does not share opfolg's blind spots.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// A package's parts by name.
pub struct Pkg {
    pub parts: BTreeMap<String, Vec<u8>>,
}

impl Pkg {
    pub fn open(path: &Path) -> Pkg {
        let f = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(f).unwrap();
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut e = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            // Some Windows tools write `\\` for `/` in entry names.
            parts.insert(e.name().unwrap().replace('\\', "/"), b);
        }
        Pkg { parts }
    }

    /// A part as text (one saved in UTF-16 decoded), without a byte order
    /// mark (which the XML reader skips without counting).
    fn text(&self, part: &str) -> Option<String> {
        self.parts
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(part))
            .map(|(_, b)| {
                String::from_utf8_lossy(&opfolg::package::xml::utf8(b))
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
    }

    /// (id, type, resolved target, external) of a part's relationships.
    pub fn rels(&self, part: &str) -> Vec<(String, String, String, bool)> {
        let rp = opfolg::package::rels::rels_part_of(part);
        let Some(text) = self.text(&rp) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        each(&text, |e, _| {
            if local(e) == "Relationship" {
                let external = attr(e, "TargetMode").as_deref() == Some("External");
                let target = attr(e, "Target").unwrap_or_default();
                let target = if external {
                    target
                } else {
                    opfolg::package::rels::resolve(part, &target)
                };
                out.push((
                    attr(e, "Id").unwrap_or_default(),
                    attr(e, "Type").unwrap_or_default(),
                    target,
                    external,
                ));
            }
        });
        out
    }

    fn workbook_part(&self) -> String {
        self.rels("")
            .into_iter()
            .find(|r| r.1.ends_with("/officeDocument"))
            .map(|r| r.2)
            .unwrap_or_else(|| "xl/workbook.xml".into())
    }

    /// (name, part, kind) of each sheet in order.
    pub fn sheets(&self) -> Vec<(String, String, String)> {
        let wb = self.workbook_part();
        let rels = self.rels(&wb);
        let mut out = Vec::new();
        each(&self.text(&wb).unwrap_or_default(), |e, _| {
            if local(e) == "sheet" {
                let id = attr(e, "id").unwrap_or_default();
                let (kind, part) = rels
                    .iter()
                    .find(|r| r.0 == id)
                    .map(|r| {
                        (
                            r.1.rsplit('/').next().unwrap_or("").to_string(),
                            r.2.clone(),
                        )
                    })
                    .unwrap_or_default();
                out.push((attr(e, "name").unwrap_or_default(), part, kind));
            }
        });
        out
    }
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == key).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(|c| c.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// Calls `f` on every start or empty element with its depth.
fn each(xml: &str, mut f: impl FnMut(&BytesStart, usize)) {
    let mut r = Reader::from_str(xml);
    let mut depth = 0;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                f(&e, depth);
            }
            Ok(Event::Empty(e)) => f(&e, depth + 1),
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
    }
}

/// The top-level children of the root: (local name, raw XML).
fn children(xml: &str) -> Vec<(String, String)> {
    let mut r = Reader::from_str(xml);
    r.config_mut().trim_text(false);
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0usize;
    let mut name = String::new();
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth == 2 {
                    start = before;
                    name = local(&e);
                }
            }
            Ok(Event::Empty(e)) if depth == 1 => {
                out.push((
                    local(&e),
                    xml[before..r.buffer_position() as usize].to_string(),
                ));
            }
            Ok(Event::End(_)) => {
                if depth == 2 {
                    out.push((
                        name.clone(),
                        xml[start..r.buffer_position() as usize].to_string(),
                    ));
                }
                depth -= 1;
            }
            Ok(Event::Eof) | Err(_) => return out,
            _ => {}
        }
    }
}

/// What a workbook's cell formats resolve to: number format, font, fill,
/// border (their XML), alignment and protection.
struct Styles {
    xfs: Vec<String>,
}

impl Styles {
    fn of(pkg: &Pkg) -> Styles {
        let part = pkg
            .rels(&pkg.workbook_part())
            .into_iter()
            .find(|r| r.1.ends_with("/styles"))
            .map(|r| r.2);
        let xml = part.and_then(|p| pkg.text(&p)).unwrap_or_default();
        let mut lists: HashMap<String, Vec<String>> = HashMap::new();
        let mut num_fmts: HashMap<String, String> = HashMap::new();
        for (name, raw) in children(&xml) {
            if name == "numFmts" {
                each(&raw, |e, _| {
                    if local(e) == "numFmt" {
                        num_fmts.insert(
                            attr(e, "numFmtId").unwrap_or_default(),
                            attr(e, "formatCode").unwrap_or_default(),
                        );
                    }
                });
            }
            if ["fonts", "fills", "borders", "cellXfs"].contains(&name.as_str()) {
                lists.insert(
                    name,
                    children(&raw)
                        .into_iter()
                        .map(|(_, x)| normalize(&x))
                        .collect(),
                );
            }
        }
        let get = |list: &str, id: Option<String>| -> String {
            let i: usize = id.and_then(|v| v.parse().ok()).unwrap_or(0);
            lists
                .get(list)
                .and_then(|l| l.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let xfs = lists
            .get("cellXfs")
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|xf| {
                let mut parts = Vec::new();
                let mut inner = Vec::new();
                each(xf, |e, d| {
                    if d == 1 {
                        let num = attr(e, "numFmtId").unwrap_or_else(|| "0".into());
                        parts.push(format!(
                            "num={}",
                            num_fmts.get(&num).cloned().unwrap_or(num)
                        ));
                        parts.push(format!("font={}", get("fonts", attr(e, "fontId"))));
                        parts.push(format!("fill={}", get("fills", attr(e, "fillId"))));
                        parts.push(format!("border={}", get("borders", attr(e, "borderId"))));
                    } else {
                        let mut a: Vec<String> = e
                            .attributes()
                            .flatten()
                            .map(|a| format!("{}={}", a.key.as_ref(), a.value))
                            .collect();
                        a.sort();
                        inner.push(format!("{}[{}]", local(e), a.join(",")));
                    }
                });
                inner.sort();
                parts.extend(inner);
                parts.join("\u{1}")
            })
            .collect();
        Styles { xfs }
    }

    fn resolve(&self, s: usize) -> String {
        self.xfs
            .get(s)
            .cloned()
            .unwrap_or_else(|| self.xfs.first().cloned().unwrap_or_default())
    }
}

/// XML with insignificant differences (whitespace between tags) removed.
fn normalize(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag_gap = false;
    for c in xml.chars() {
        if c == '>' {
            in_tag_gap = true;
            out.push(c);
        } else if c == '<' {
            in_tag_gap = false;
            out.push(c);
        } else if in_tag_gap && c.is_whitespace() {
        } else {
            in_tag_gap = false;
            out.push(c);
        }
    }
    out
}

/// One cell as stored: type, style, formula (with its attributes), value.
#[derive(Debug, Clone, PartialEq)]
pub struct XCell {
    pub t: String,
    pub s: usize,
    pub formula: Option<String>,
    pub value: String,
}

/// Attributes as (name, value) pairs.
type Attrs = Vec<(String, String)>;
/// The cells of a sheet by (row, col), and each row's attributes.
type SheetCells = (BTreeMap<(u32, u16), XCell>, BTreeMap<u32, Attrs>);
/// A `<col>` span: (first, last, attributes).
type ColSpec = (u16, u16, Attrs);

/// Every `<c>` of a sheet by (row, col), with shared strings resolved,
/// and every `<row>`'s attributes.
pub fn cells(pkg: &Pkg, part: &str) -> SheetCells {
    let sst = shared_strings(pkg);
    let xml = pkg.text(part).unwrap_or_default();
    let mut r = Reader::from_str(&xml);
    r.config_mut().trim_text(false);
    let mut out = BTreeMap::new();
    let mut rows = BTreeMap::new();
    let (mut row, mut col) = (0u32, 0u16);
    let mut cur: Option<((u32, u16), XCell)> = None;
    let mut in_v = false;
    let mut in_t = false;
    let mut f_start: Option<usize> = None;
    loop {
        let before = r.buffer_position() as usize;
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if local(&e) == "row" => {
                row = attr(&e, "r")
                    .and_then(|v| v.parse::<u32>().ok())
                    .map_or(row + 1, |v| v);
                col = 0;
                let mut a: Vec<(String, String)> = e
                    .attributes()
                    .flatten()
                    .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                    .collect();
                a.retain(|(k, _)| k != "r" && k != "spans" && !k.contains(':'));
                rows.insert(row - 1, a);
            }
            Ok(Event::Start(e)) if local(&e) == "c" => {
                let at = attr(&e, "r")
                    .and_then(|a| opfolg::package::xml::parse_a1(&a))
                    .unwrap_or((row - 1, col));
                col = at.1 + 1;
                cur = Some((
                    at,
                    XCell {
                        t: attr(&e, "t").unwrap_or_else(|| "n".into()),
                        s: attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0),
                        formula: None,
                        value: String::new(),
                    },
                ));
            }
            Ok(Event::Empty(e)) if local(&e) == "c" => {
                let at = attr(&e, "r")
                    .and_then(|a| opfolg::package::xml::parse_a1(&a))
                    .unwrap_or((row - 1, col));
                col = at.1 + 1;
                out.insert(
                    at,
                    XCell {
                        t: attr(&e, "t").unwrap_or_else(|| "n".into()),
                        s: attr(&e, "s").and_then(|v| v.parse().ok()).unwrap_or(0),
                        formula: None,
                        value: String::new(),
                    },
                );
            }
            Ok(Event::Start(e)) if local(&e) == "f" => f_start = Some(before),
            Ok(Event::Empty(e)) if local(&e) == "f" => {
                if let Some((_, c)) = cur.as_mut() {
                    c.formula = Some(normalize(&xml[before..r.buffer_position() as usize]));
                }
            }
            Ok(Event::End(e)) if local_end(&e) == "f" => {
                if let (Some(s), Some((_, c))) = (f_start.take(), cur.as_mut()) {
                    c.formula = Some(normalize(&xml[s..r.buffer_position() as usize]));
                }
            }
            Ok(Event::Start(e)) if local(&e) == "v" => in_v = true,
            Ok(Event::End(e)) if local_end(&e) == "v" => in_v = false,
            Ok(Event::Start(e)) if local(&e) == "t" => in_t = true,
            Ok(Event::End(e)) if local_end(&e) == "t" => in_t = false,
            Ok(Event::Text(t)) if in_v || in_t => {
                if let Some((_, c)) = cur.as_mut() {
                    c.value.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(g)) if in_v || in_t => {
                if let Some((_, c)) = cur.as_mut() {
                    c.value.push_str(&opfolg::package::xml::ref_text(&g));
                }
            }
            Ok(Event::End(e)) if local_end(&e) == "c" => {
                if let Some((at, mut c)) = cur.take() {
                    if c.t == "s" {
                        c.value = c
                            .value
                            .trim()
                            .parse::<usize>()
                            .ok()
                            .and_then(|i| sst.get(i).cloned())
                            .unwrap_or_default();
                        c.t = "str-shared".into();
                    }
                    if c.t == "inlineStr" {
                        c.t = "str-shared".into();
                    }
                    out.insert(at, c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    (out, rows)
}

fn local_end(e: &quick_xml::events::BytesEnd) -> String {
    e.local_name().as_ref().to_string()
}

fn shared_strings(pkg: &Pkg) -> Vec<String> {
    let part = pkg
        .rels(&pkg.workbook_part())
        .into_iter()
        .find(|r| r.1.ends_with("/sharedStrings"))
        .map(|r| r.2);
    let xml = part.and_then(|p| pkg.text(&p)).unwrap_or_default();
    let mut r = Reader::from_str(&xml);
    r.config_mut().trim_text(false);
    let mut out = Vec::new();
    let (mut in_t, mut in_rph) = (false, false);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if local(&e) == "si" => out.push(String::new()),
            Ok(Event::Start(e)) if local(&e) == "rPh" => in_rph = true,
            Ok(Event::End(e)) if local_end(&e) == "rPh" => in_rph = false,
            Ok(Event::Start(e)) if local(&e) == "t" => in_t = true,
            Ok(Event::End(e)) if local_end(&e) == "t" => in_t = false,
            Ok(Event::Text(t)) if in_t && !in_rph => {
                if let Some(s) = out.last_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(g)) if in_t && !in_rph => {
                if let Some(s) = out.last_mut() {
                    s.push_str(&opfolg::package::xml::ref_text(&g));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// What a comparison may allow on the user's own cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct Allow {
    /// A recognised smiley respelled `☺ 😐 ☹` (its format may change too).
    pub smileys: bool,
    /// Fills and protection of cells (the hand-out's open cells, changed
    /// amount cells) may change, and smiley cells to fill may be emptied.
    pub fills: bool,
    /// The title cell may be rewritten (the hand-out's next round).
    pub title: Option<(u32, u16)>,
}

const GLYPHS: [&str; 3] = ["☺", "😐", "☹"];

/// The attributes of the first element of `xml`.
fn xml_attrs(xml: &str) -> Vec<(String, String)> {
    let end = xml.find('>').unwrap_or(xml.len());
    let head = &xml[..end];
    let mut out = Vec::new();
    let mut rest = head.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        let Some(close) = after.find('"') else { break };
        out.push((key, after[..close].to_string()));
        rest = &after[close + 1..];
    }
    out
}

/// A page setup as a spreadsheet writes it untouched: portrait (or unsaid)
/// at full size.
fn plain_setup(xml: &str) -> bool {
    let a = xml_attrs(xml);
    let get = |k: &str| a.iter().find(|(x, _)| x == k).map(|(_, v)| v.as_str());
    get("scale").is_none_or(|v| v == "100") && get("orientation") != Some("landscape")
}

/// Excel's default margins (0.7, 0.7, 0.75, 0.75 inches).
fn default_margins(xml: &str) -> bool {
    let a = xml_attrs(xml);
    let num = |k: &str| {
        a.iter()
            .find(|(x, _)| x == k)
            .and_then(|(_, v)| v.parse::<f64>().ok())
    };
    [
        ("left", 0.7),
        ("right", 0.7),
        ("top", 0.75),
        ("bottom", 0.75),
    ]
    .iter()
    .all(|(k, d)| num(k).is_some_and(|v| (v - d).abs() < 0.01))
}

/// Parts opfolg may rewrite: the rest must be byte-identical.
fn may_change(name: &str, changed_sheets: &BTreeSet<String>) -> bool {
    let n = name.to_lowercase().replace('\\', "/");
    n == "[content_types].xml"
        || n == "xl/workbook.xml"
        || n == "xl/_rels/workbook.xml.rels"
        || n == "xl/styles.xml"
        || n == "docprops/app.xml"
        || n.ends_with(".vml")
        || n.starts_with("xl/comments")
        || changed_sheets.iter().any(|s| {
            let s = s.to_lowercase().replace('\\', "/");
            n == s || n == opfolg::package::rels::rels_part_of(&s).to_lowercase()
        })
}

/// Compares `input` with what opfolg wrote from it; returns every problem
/// found (empty: nothing lost). The new parts are checked for soundness.
pub fn compare(input: &Path, output: &Path, allow: Allow) -> Vec<String> {
    let a = Pkg::open(input);
    let b = Pkg::open(output);
    let mut problems = Vec::new();
    let sheets_a = a.sheets();
    let sheets_b = b.sheets();
    let worksheet_parts: BTreeSet<String> = sheets_a
        .iter()
        .filter(|s| s.2 == "worksheet")
        .map(|s| s.1.clone())
        .collect();
    // Every part kept; untouched ones byte for byte.
    for (name, bytes) in &a.parts {
        if name.to_lowercase().ends_with("calcchain.xml") {
            continue;
        }
        match b.parts.get(name) {
            None => problems.push(format!("part {name} lost")),
            Some(got) if got != bytes && !may_change(name, &worksheet_parts) => {
                problems.push(format!("part {name} changed"))
            }
            _ => {}
        }
    }
    // Every sheet kept, in order, same kind (ours may be added).
    let kept: Vec<&(String, String, String)> = sheets_b
        .iter()
        .filter(|s| sheets_a.iter().any(|x| x.0 == s.0))
        .collect();
    let names_a: Vec<&str> = sheets_a.iter().map(|s| s.0.as_str()).collect();
    let names_b: Vec<&str> = kept.iter().map(|s| s.0.as_str()).collect();
    if names_a != names_b {
        problems.push(format!("sheets {names_a:?} became {names_b:?}"));
    }
    let (st_a, st_b) = (Styles::of(&a), Styles::of(&b));
    for (name, part, kind) in &sheets_a {
        if kind != "worksheet" {
            continue;
        }
        let Some((_, part_b, _)) = sheets_b.iter().find(|s| &s.0 == name) else {
            continue;
        };
        compare_sheet(
            &a,
            &b,
            part,
            part_b,
            name,
            &st_a,
            &st_b,
            allow,
            &mut problems,
        );
    }
    compare_names(&a, &b, &mut problems);
    problems.extend(soundness(&b));
    problems
}

#[allow(clippy::too_many_arguments)]
fn compare_sheet(
    a: &Pkg,
    b: &Pkg,
    part_a: &str,
    part_b: &str,
    name: &str,
    st_a: &Styles,
    st_b: &Styles,
    allow: Allow,
    problems: &mut Vec<String>,
) {
    let (ca, rows_a) = cells(a, part_a);
    let (cb, rows_b) = cells(b, part_b);
    for (at, x) in &ca {
        let Some(y) = cb.get(at) else {
            if !x.value.is_empty() || x.formula.is_some() {
                problems.push(format!(
                    "{name}!{} lost",
                    opfolg::package::xml::a1(at.0, at.1)
                ));
            }
            continue;
        };
        let cell = format!("{name}!{}", opfolg::package::xml::a1(at.0, at.1));
        let respelled = allow.smileys && GLYPHS.contains(&y.value.as_str()) && x.value != y.value;
        let emptied = allow.fills && y.value.is_empty() && x.formula.is_none();
        let title = allow.title == Some(*at);
        if (x.value != y.value || x.t != y.t) && !respelled && !emptied && !title {
            problems.push(format!(
                "{cell}: {:?} {:?} became {:?} {:?}",
                x.t, x.value, y.t, y.value
            ));
        }
        if x.formula != y.formula {
            problems.push(format!(
                "{cell}: formula {:?} became {:?}",
                x.formula, y.formula
            ));
        }
        let (sa, sb) = (st_a.resolve(x.s), st_b.resolve(y.s));
        if sa != sb && !respelled && !(allow.fills && same_but_fill(&sa, &sb)) {
            problems.push(format!(
                "{cell}: style changed\n  {}\n  {}",
                sa.replace('\u{1}', " "),
                sb.replace('\u{1}', " ")
            ));
        }
    }
    for (r, attrs) in &rows_a {
        let got = rows_b.get(r).cloned().unwrap_or_default();
        let custom = attrs.iter().any(|(k, v)| k == "customHeight" && v == "1");
        let strip = |v: &[(String, String)]| -> Vec<(String, String)> {
            v.iter()
                .filter(|(k, _)| custom || k != "ht")
                .cloned()
                .collect()
        };
        if strip(attrs) != strip(&got) {
            problems.push(format!("{name} row {}: {attrs:?} became {got:?}", r + 1));
        }
    }
    // Sheet-level settings: every top-level element of the input is in the
    // output as it was, but for those opfolg may add to.
    let xa = a.text(part_a).unwrap_or_default();
    let xb = b.text(part_b).unwrap_or_default();
    let kb: Vec<(String, String)> = children(&xb)
        .into_iter()
        .map(|(n, x)| (n, normalize(&x)))
        .collect();
    for (n, x) in children(&xa) {
        let x = normalize(&x);
        match n.as_str() {
            "sheetData" | "dimension" | "cols" | "dataValidations" | "sheetPr" => {}
            // A page setup nobody made (portrait at full size) and Excel's
            // default margins may be laid out anew; the user's printer
            // and paper settings stay.
            "pageSetup" if plain_setup(&x) => {
                let kept = kb
                    .iter()
                    .find(|(m, _)| m == "pageSetup")
                    .is_some_and(|(_, y)| {
                        xml_attrs(&x).iter().all(|(k, v)| {
                            matches!(
                                k.as_str(),
                                "scale" | "orientation" | "fitToWidth" | "fitToHeight"
                            ) || xml_attrs(y).iter().any(|(k2, v2)| k2 == k && v2 == v)
                        })
                    });
                if !kept {
                    problems.push(format!("{name}: <pageSetup> lost its settings: {x}"));
                }
            }
            "pageMargins" if default_margins(&x) => {}
            "conditionalFormatting" => {
                if !kb.iter().any(|(m, y)| *m == n && *y == x)
                    && !x.contains("type=\"containsText\"")
                {
                    problems.push(format!(
                        "{name}: conditional format lost: {}",
                        &x[..x.len().min(200)]
                    ));
                }
            }
            _ => {
                if !kb.iter().any(|(m, y)| *m == n && *y == x) {
                    problems.push(format!(
                        "{name}: <{n}> changed or lost: {}",
                        &x[..x.len().min(200)]
                    ));
                }
            }
        }
    }
    for (n, x) in children(&xa)
        .into_iter()
        .filter(|(n, _)| n == "dataValidations")
    {
        let theirs: Vec<String> = children(&x)
            .into_iter()
            .map(|(_, v)| normalize(&v))
            .collect();
        let ours: Vec<String> = kb
            .iter()
            .filter(|(m, _)| *m == n)
            .flat_map(|(_, y)| children(y).into_iter().map(|(_, v)| normalize(&v)))
            .collect();
        for v in theirs {
            if !ours.contains(&v) && !v.contains("☺,😐,☹") {
                problems.push(format!("{name}: validation lost: {v}"));
            }
        }
    }
    compare_cols(&xa, &xb, name, &ca, problems);
    compare_notes(a, b, part_a, part_b, name, problems);
}

/// Two resolved formats that differ in fill and protection at most.
fn same_but_fill(a: &str, b: &str) -> bool {
    let strip = |s: &str| -> Vec<String> {
        s.split('\u{1}')
            .filter(|p| !p.starts_with("fill=") && !p.starts_with("protection["))
            .map(str::to_string)
            .collect()
    };
    strip(a) == strip(b)
}

/// Widths, hidden and outline of the input's columns stay, over the
/// columns with the user's values.
fn compare_cols(
    xa: &str,
    xb: &str,
    name: &str,
    cells: &BTreeMap<(u32, u16), XCell>,
    problems: &mut Vec<String>,
) {
    let used = cells
        .iter()
        .filter(|(_, c)| !c.value.is_empty() || c.formula.is_some())
        .map(|(k, _)| k.1)
        .max()
        .unwrap_or(0);
    let specs = |xml: &str| -> Vec<ColSpec> {
        let mut out = Vec::new();
        each(xml, |e, d| {
            if d == 3 && local(e) == "col" {
                let n = |k: &str| attr(e, k).and_then(|v| v.parse::<u16>().ok()).unwrap_or(1);
                let mut a: Vec<(String, String)> = e
                    .attributes()
                    .flatten()
                    .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                    .filter(|(k, _)| k != "min" && k != "max")
                    .collect();
                a.sort();
                out.push((n("min") - 1, n("max") - 1, a));
            }
        });
        out
    };
    let (sa, sb) = (specs(xa), specs(xb));
    for c in 0..=used {
        let of = |s: &[ColSpec]| {
            s.iter()
                .find(|(a, b, _)| *a <= c && c <= *b)
                .map(|x| x.2.clone())
        };
        if of(&sa) != of(&sb) {
            problems.push(format!(
                "{name}: column {} changed: {:?} became {:?}",
                opfolg::package::xml::col_name(c),
                of(&sa),
                of(&sb)
            ));
        }
    }
}

/// Notes: (cell, author, text) of a sheet.
fn notes(p: &Pkg, part: &str) -> Vec<(String, String, String)> {
    let Some(c) = p
        .rels(part)
        .into_iter()
        .find(|r| r.1.ends_with("/comments"))
    else {
        return Vec::new();
    };
    let xml = p.text(&c.2).unwrap_or_default();
    let mut authors = Vec::new();
    let mut out = Vec::new();
    let mut r = Reader::from_str(&xml);
    r.config_mut().trim_text(false);
    let (mut in_author, mut in_t) = (false, false);
    let mut cur: Option<(String, usize, String)> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) if local(&e) == "author" => {
                in_author = true;
                authors.push(String::new());
            }
            Ok(Event::End(e)) if local_end(&e) == "author" => in_author = false,
            Ok(Event::Start(e)) if local(&e) == "comment" => {
                cur = Some((
                    attr(&e, "ref").unwrap_or_default(),
                    attr(&e, "authorId")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0),
                    String::new(),
                ))
            }
            Ok(Event::End(e)) if local_end(&e) == "comment" => {
                if let Some((r, a, t)) = cur.take() {
                    out.push((r, authors.get(a).cloned().unwrap_or_default(), t));
                }
            }
            Ok(Event::Start(e)) if local(&e) == "t" => in_t = true,
            Ok(Event::End(e)) if local_end(&e) == "t" => in_t = false,
            Ok(Event::Text(t)) => {
                if in_author {
                    if let Some(a) = authors.last_mut() {
                        a.push_str(&t.xml10_content());
                    }
                } else if in_t && let Some((_, _, s)) = cur.as_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn compare_notes(
    a: &Pkg,
    b: &Pkg,
    part_a: &str,
    part_b: &str,
    name: &str,
    problems: &mut Vec<String>,
) {
    let nb = notes(b, part_b);
    for (cell, author, text) in notes(a, part_a) {
        if author == "opfolg" {
            continue;
        }
        let kept = nb
            .iter()
            .any(|(c, au, t)| *c == cell && *au == author && t.starts_with(&text));
        if !kept {
            problems.push(format!("{name}!{cell}: note by {author} lost: {text:?}"));
        }
    }
}

/// Defined names of the input stay (but opfolg's own marks).
fn compare_names(a: &Pkg, b: &Pkg, problems: &mut Vec<String>) {
    let names = |p: &Pkg| -> Vec<String> {
        let xml = p.text(&p.workbook_part()).unwrap_or_default();
        children(&xml)
            .into_iter()
            .filter(|(n, _)| n == "definedNames")
            .flat_map(|(_, x)| children(&x).into_iter().map(|(_, v)| normalize(&v)))
            .filter(|v| !v.contains("\"_opfolg"))
            .collect()
    };
    let (na, nb) = (names(a), names(b));
    let sheets_a = a.sheets();
    let sheets_b = b.sheets();
    for n in na {
        // A sheet-scoped name follows its sheet when sheets are added before it.
        let moved = n
            .split("localSheetId=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .and_then(|v| v.parse::<usize>().ok())
            .and_then(|i| {
                let sheet = &sheets_a.get(i)?.0;
                let j = sheets_b.iter().position(|s| &s.0 == sheet)?;
                Some(n.replace(
                    &format!("localSheetId=\"{i}\""),
                    &format!("localSheetId=\"{j}\""),
                ))
            });
        if !nb.contains(&n) && !moved.is_some_and(|m| nb.contains(&m)) {
            problems.push(format!("defined name lost: {n}"));
        }
    }
}

/// Children of the roots of the parts opfolg writes, in schema order.
const WORKSHEET: &[&str] = &[
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];
const WORKBOOK: &[&str] = &[
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
const STYLES: &[&str] = &[
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

fn in_order(xml: &str, order: &[&str]) -> Result<(), String> {
    let mut last = 0;
    for (n, _) in children(xml) {
        let Some(r) = order.iter().position(|o| *o == n) else {
            continue;
        };
        if r < last {
            return Err(format!("<{n}> after <{}>", order[last]));
        }
        last = r;
    }
    Ok(())
}

/// What Excel checks in a package: every XML part well-formed, the parts
/// of the workbook, its sheets and styles in schema order, rows and cells
/// ascending without duplicates, relationship ids unique and resolving, a
/// content type for every part, unique sheet names and ids, mc:Ignorable
/// prefixes declared.
pub fn soundness(p: &Pkg) -> Vec<String> {
    let mut out = Vec::new();
    let ct = p.text("[Content_Types].xml").unwrap_or_default();
    let ct = opfolg::package::content_types::ContentTypes::parse(ct.as_bytes()).unwrap();
    for (name, bytes) in &p.parts {
        if name.ends_with('/') {
            continue;
        }
        let lower = name.to_lowercase();
        let is_xml = lower.ends_with(".xml") || lower.ends_with(".rels");
        if name != "[Content_Types].xml" && ct.of(name).is_none() {
            out.push(format!("{name}: no content type"));
        }
        if !is_xml {
            continue;
        }
        let text = String::from_utf8_lossy(&opfolg::package::xml::utf8(bytes)).into_owned();
        out.extend(
            unbound_prefixes(&text)
                .into_iter()
                .map(|p| format!("{name}: prefix {p} used but not declared")),
        );
        let mut r = Reader::from_str(&text);
        r.config_mut().check_end_names = true;
        let mut declared: Vec<String> = Vec::new();
        loop {
            match r.read_event() {
                Ok(Event::Eof) => break,
                Err(e) => {
                    out.push(format!("{name}: not well-formed: {e}"));
                    break;
                }
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                    // An element's own declarations count wherever they
                    // stand among its attributes.
                    for a in e.attributes().flatten() {
                        let k = a.key.as_ref().to_string();
                        if let Some(pfx) = k.strip_prefix("xmlns:") {
                            declared.push(pfx.to_string());
                        }
                    }
                    for a in e.attributes().flatten() {
                        if a.key.local_name().as_ref() == "Ignorable" {
                            for pfx in a.value.split_whitespace() {
                                if !declared.iter().any(|d| d == pfx) {
                                    out.push(format!(
                                        "{name}: mc:Ignorable prefix {pfx} not declared"
                                    ));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // Relationship ids unique and resolving.
        if lower.ends_with(".rels") {
            let mut ids = BTreeSet::new();
            let source = source_of_rels(name);
            for (id, _, target, external) in p.rels(&source) {
                if !ids.insert(id.clone()) {
                    out.push(format!("{name}: relationship id {id} twice"));
                }
                if !external && !p.parts.keys().any(|k| k.eq_ignore_ascii_case(&target)) {
                    out.push(format!("{name}: {id} points at missing {target}"));
                }
            }
        }
    }
    let wb = p.workbook_part();
    if let Some(x) = p.text(&wb)
        && let Err(e) = in_order(&x, WORKBOOK)
    {
        out.push(format!("{wb}: {e}"));
    }
    let sheets = p.sheets();
    let mut names = BTreeSet::new();
    for (name, part, kind) in &sheets {
        if !names.insert(name.to_lowercase()) {
            out.push(format!("sheet name {name} twice"));
        }
        if kind != "worksheet" {
            continue;
        }
        let Some(x) = p.text(part) else {
            out.push(format!("{part}: missing"));
            continue;
        };
        if let Err(e) = in_order(&x, WORKSHEET) {
            out.push(format!("{part}: {e}"));
        }
        out.extend(
            order_of_cells(&x)
                .into_iter()
                .map(|e| format!("{part}: {e}")),
        );
    }
    if let Some(sp) = p
        .rels(&wb)
        .into_iter()
        .find(|r| r.1.ends_with("/styles"))
        .map(|r| r.2)
        && let Some(x) = p.text(&sp)
        && let Err(e) = in_order(&x, STYLES)
    {
        out.push(format!("{sp}: {e}"));
    }
    let mut ids = BTreeSet::new();
    each(&p.text(&wb).unwrap_or_default(), |e, _| {
        if local(e) == "sheet" && !ids.insert(attr(e, "sheetId").unwrap_or_default()) {
            out.push(format!("sheetId {:?} twice", attr(e, "sheetId")));
        }
    });
    out
}

/// Prefixes used on elements or attributes where no namespace declaration
/// binds them (LibreOffice and Excel reject such a part).
fn unbound_prefixes(xml: &str) -> BTreeSet<String> {
    use quick_xml::name::ResolveResult;
    let mut r = quick_xml::reader::NsReader::from_str(xml);
    let mut out = BTreeSet::new();
    loop {
        match r.read_resolved_event() {
            Ok((res, Event::Start(e) | Event::Empty(e))) => {
                if let ResolveResult::Unknown(p) = res {
                    out.insert(p);
                }
                for a in e.attributes().flatten() {
                    if let (ResolveResult::Unknown(p), _) = r.resolver().resolve_attribute(a.key) {
                        out.insert(p);
                    }
                }
            }
            Ok((_, Event::Eof)) | Err(_) => return out,
            _ => {}
        }
    }
}

fn source_of_rels(rels: &str) -> String {
    if rels == "_rels/.rels" {
        return String::new();
    }
    let (dir, file) = rels.rsplit_once("/_rels/").unwrap_or(("", rels));
    let file = file.trim_end_matches(".rels");
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// Rows ascending and unique; cells within a row ascending and unique.
fn order_of_cells(xml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut last_row: Option<u32> = None;
    let mut last_col: Option<u16> = None;
    let mut row = 0u32;
    each(xml, |e, _| match local(e).as_str() {
        "row" => {
            row = attr(e, "r").and_then(|v| v.parse().ok()).unwrap_or(row + 1);
            if last_row.is_some_and(|l| row <= l) {
                out.push(format!("row {row} after row {}", last_row.unwrap_or(0)));
            }
            last_row = Some(row);
            last_col = None;
        }
        "c" => {
            if let Some((_, c)) = attr(e, "r")
                .as_deref()
                .and_then(opfolg::package::xml::parse_a1)
            {
                if last_col.is_some_and(|l| c <= l) {
                    out.push(format!(
                        "row {row}: cell {} out of order",
                        opfolg::package::xml::a1(row - 1, c)
                    ));
                }
                last_col = Some(c);
            }
        }
        _ => {}
    });
    out
}

/// (parts copied byte for byte, parts of the input): how much of the
/// package opfolg did not need to touch at all.
pub fn identical_parts(input: &Path, output: &Path) -> (usize, usize) {
    let (a, b) = (Pkg::open(input), Pkg::open(output));
    let same = a
        .parts
        .iter()
        .filter(|(n, x)| b.parts.get(*n) == Some(x))
        .count();
    (same, a.parts.len())
}

/// Asserts nothing was lost and the output is sound.
pub fn assert_kept(input: &Path, output: &Path, allow: Allow) {
    let problems = compare(input, output, allow);
    assert!(
        problems.is_empty(),
        "{} → {}:\n{}",
        input.display(),
        output.display(),
        problems.join("\n")
    );
}

/// What each cell of a workbook's sheet `name` looks like: its format
/// resolved (number format, font, fill, border, alignment, protection).
pub fn sheet_looks(path: &Path, name: &str) -> BTreeMap<(u32, u16), String> {
    let pkg = Pkg::open(path);
    let styles = Styles::of(&pkg);
    let part = pkg
        .sheets()
        .into_iter()
        .find(|s| s.0 == name)
        .expect("the sheet")
        .1;
    let (cells, _) = cells(&pkg, &part);
    cells
        .into_iter()
        .map(|(at, c)| (at, styles.resolve(c.s)))
        .collect()
}
