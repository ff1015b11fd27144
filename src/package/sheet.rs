//! Patching one worksheet part as a stream: the user's elements are passed
//! through byte for byte; cells, columns, conditional formats, drop-downs,
//! protection and the notes' drawing are spliced in where the schema wants
//! them.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

use super::PackageError;
use super::edits::{CellRef, ListRule, Pages, Print, Restyle, SheetEdits, Style, TextRule, Value};
use super::paper::{self, Margins};
use super::styles::StyleBook;
use super::xml::{
    Scanner, Splice, a1, attr, escape_attr, escape_text, local, parse_a1, parse_range, prefix_of,
    push_a1, raw_attrs, set_attr, tag,
};

/// The relationships namespace of `r:id` attributes.
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Children of CT_Worksheet in schema order.
const ORDER: &[&str] = &[
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

/// The schema rank of a worksheet child.
pub fn rank(name: &str) -> Option<usize> {
    ORDER.iter().position(|n| *n == name)
}

/// What a worksheet part holds, as far as patching needs to know.
#[derive(Debug, Default, Clone)]
pub struct SheetFacts {
    /// The r:id of `<legacyDrawing>` (the notes' VML), if any.
    pub legacy_drawing: Option<String>,
}

/// A top-level child of the worksheet: its name, rank and span.
struct Child {
    name: String,
    rank: usize,
    span: Range<usize>,
}

/// One `<col>` element.
#[derive(Debug, Clone)]
struct ColSpec {
    min: u16,
    max: u16,
    attrs: Vec<(String, String)>,
}

/// One `<c>` of a row as scanned.
struct CellSeen {
    col: u16,
    /// The whole element.
    span: Range<usize>,
    /// The start tag.
    start: Range<usize>,
    style: u32,
    has_r: bool,
    has_formula: bool,
    empty: bool,
}

impl CellSeen {
    /// The cell's attributes, read again from its start tag (only for the
    /// few cells that are rewritten).
    fn attrs(&self, bytes: &[u8]) -> Vec<(String, String)> {
        let mut sc = Scanner::new(&bytes[self.start.clone()], "c");
        match sc.next_event() {
            Ok(Some(s)) => match &s.event {
                Event::Start(e) | Event::Empty(e) => raw_attrs(e),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}

/// The raw value of an attribute (no unescaping: for `r` and `s`).
fn raw_attr<'a>(e: &'a BytesStart, key: &str) -> Option<std::borrow::Cow<'a, str>> {
    e.try_get_attribute(key).ok().flatten().map(|a| a.value)
}

/// Patches a worksheet: returns the new part and what was found in it.
pub struct SheetPatch<'a> {
    pub bytes: &'a [u8],
    pub part: &'a str,
    pub edits: &'a SheetEdits,
    /// The r:id to use for a new `<legacyDrawing>` when notes are added to
    /// a sheet that has none.
    pub new_legacy_drawing: Option<String>,
    /// The user set a print area for this sheet: their print setup stands.
    pub user_print_area: bool,
    /// The print setup is opfolg's, by its mark (an earlier run laid the
    /// sheet out): replaced like one it recognises by its columns.
    pub marked_print: bool,
}

/// Reads what the patcher needs to know before it patches. The elements
/// it looks for come after the cells: only the part after `</sheetData>`
/// is read (found as bytes; `</` never stands in text unescaped).
pub fn facts(bytes: &[u8], part: &str) -> Result<SheetFacts, PackageError> {
    let tail_at = memchr::memmem::rfind(bytes, b"sheetData>").map_or(0, |i| i + "sheetData>".len());
    let tail = &bytes[tail_at..];
    let mut f = SheetFacts::default();
    let found = memchr::memmem::find_iter(tail, b"legacyDrawing").find(|i| {
        tail.get(i + "legacyDrawing".len())
            .is_some_and(u8::is_ascii_whitespace)
    });
    if let Some(i) = found {
        let start = tail[..i].iter().rposition(|b| *b == b'<').unwrap_or(i);
        let end = tail[i..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(tail.len(), |j| i + j + 1);
        let mut sc = Scanner::new(&tail[start..end], part);
        if let Ok(Some(s)) = sc.next_event()
            && let Event::Start(e) | Event::Empty(e) = &s.event
        {
            f.legacy_drawing = attr(e, "id");
        }
    }
    Ok(f)
}

/// What opfolg writes on `row`, in column order: a cell, or `None` where
/// only a restyle edit falls.
fn row_writes(e: &SheetEdits, row: u32) -> BTreeMap<u16, Option<CellRef<'_>>> {
    let mut writes: BTreeMap<u16, Option<CellRef<'_>>> = e
        .cells
        .range((row, 0)..=(row, u16::MAX))
        .map(|((_, col), cell)| (*col, Some(cell)))
        .collect();
    for ((_, col), _) in e.restyle.range((row, 0)..=(row, u16::MAX)) {
        writes.entry(*col).or_insert(None);
    }
    writes
}

struct Ctx<'a, 'b> {
    p: &'a SheetPatch<'a>,
    styles: &'b mut StyleBook,
    splice: Splice,
    prefix: String,
    /// Columns' own styles, for cells created in them.
    cols: Vec<ColSpec>,
    /// New top-level elements: (name, XML), placed by schema rank.
    added: Vec<(String, String)>,
    /// Highest row and column written, for `<dimension>`.
    max_row: u32,
    max_col: u16,
    /// Rows' own heights, when the pages are laid out: (height, fixed by
    /// the user, hidden), by row.
    rows: BTreeMap<u32, RowHeight>,
    /// The pages were laid out.
    laid_out: bool,
    /// Our columns' widths as narrowed to fit the page (characters).
    narrowed: BTreeMap<u16, f64>,
    /// The heights rows need for our text (`Edits::min_heights`), raised
    /// where a column was narrowed and its text wraps on more lines.
    heights: BTreeMap<u32, f64>,
    /// The start tags of the rows touched, rewritten once the layout is known.
    row_tags: Vec<RowTag>,
    /// Rows raised for a text opfolg writes in the user's own columns (a
    /// center's `Status:` gathered): raised even where the height is fixed,
    /// or the text would be hidden.
    forced: BTreeSet<u32>,
    /// The cells of the user's whose text opfolg writes, in a format that
    /// wraps it.
    wrapped_texts: Vec<(u32, u16)>,
    /// A formula was taken away (a hidden row's): the workbook's
    /// calculation chain, which may name its cell, must go.
    formulas_cleared: bool,
}

/// A row's start tag to rewrite: where it is (its attributes are read
/// again from there: a heavy sheet has a hundred thousand such rows), the
/// first and last column opfolg adds to it, and the cells to add when it
/// was written empty (`<row/>`).
struct RowTag {
    row: u32,
    span: Range<usize>,
    added: Option<[u16; 2]>,
    tail: Option<String>,
    /// The tag is `<row …/>` and stays one.
    closed: bool,
}

/// An element's attributes, as written.
type Attrs = Vec<(String, String)>;

/// A row's height as the sheet has it.
#[derive(Debug, Clone, Copy)]
struct RowHeight {
    height: Option<f64>,
    custom: bool,
    hidden: bool,
}

/// What the scan of a worksheet's top-level elements found.
#[derive(Default)]
struct Seen {
    children: Vec<Child>,
    root_end: Option<usize>,
    max_priority: u32,
    has_protection: bool,
    /// `<sheetProtection>` without a password (opfolg's kind): its span.
    open_protection: Option<Range<usize>>,
    has_legacy: bool,
    cols_span: Option<Range<usize>>,
    dimension: Option<(Range<usize>, BytesStart<'static>)>,
    /// `<pageSetup>`: its span, attributes and whether it is empty.
    page_setup: Option<(Range<usize>, Attrs)>,
    /// `<pageMargins>` as read, and its span.
    margins: Option<(Range<usize>, Margins)>,
    /// `<sheetFormatPr>`: default row height and column width.
    default_height: Option<f64>,
    default_width: Option<f64>,
    /// `<sheetPr><pageSetUpPr fitToPage="1"/>`.
    fit_flag: bool,
    /// `<rowBreaks>`' span.
    row_breaks: Option<Range<usize>>,
}

/// What patching a worksheet did (its bytes went to the writer).
pub struct Patched {
    /// The page layout was written.
    pub laid_out: bool,
    /// A formula was taken away (a hidden row's): the calculation chain
    /// must go (Excel rebuilds it).
    pub formulas_cleared: bool,
}

impl SheetPatch<'_> {
    /// Applies the edits; `styles` receives the formats the new cells use.
    ///
    /// # Errors
    /// A part that is not well-formed XML or has no worksheet element.
    pub fn apply_to<W: std::io::Write>(
        &self,
        styles: &mut StyleBook,
        out: &mut W,
    ) -> Result<Patched, PackageError> {
        let mut cx = Ctx {
            p: self,
            styles,
            splice: Splice::default(),
            prefix: String::new(),
            cols: Vec::new(),
            added: Vec::new(),
            max_row: 0,
            max_col: 0,
            rows: BTreeMap::new(),
            laid_out: false,
            narrowed: BTreeMap::new(),
            heights: self.edits.min_heights.clone(),
            row_tags: Vec::new(),
            forced: BTreeSet::new(),
            wrapped_texts: Vec::new(),
            formulas_cleared: false,
        };
        let seen = cx.scan()?;
        let root_end = seen
            .root_end
            .ok_or_else(|| PackageError::Xml(self.part.into(), "no worksheet element".into()))?;
        cx.add_elements(&seen);
        cx.finish_rows();
        // New elements at their place in the schema: by position, and at
        // one position in schema order.
        let insert_at = |name: &str| -> usize {
            let r = rank(name).expect("a worksheet element");
            seen.children
                .iter()
                .find(|c| c.rank > r)
                .map_or(root_end, |c| c.span.start)
        };
        let mut added = std::mem::take(&mut cx.added);
        added.sort_by_key(|(name, _)| (insert_at(name), rank(name)));
        for (name, text) in added {
            cx.splice.insert(insert_at(&name), text);
        }
        cx.splice.apply_to(self.bytes, out)?;
        Ok(Patched {
            laid_out: cx.laid_out,
            formulas_cleared: cx.formulas_cleared,
        })
    }
}

impl Ctx<'_, '_> {
    /// Walks the worksheet's top-level elements, patching the ones that are
    /// edited in place (sheet data, validations, conditional formats) and
    /// noting where the others are.
    fn scan(&mut self) -> Result<Seen, PackageError> {
        let bytes = self.p.bytes;
        let mut sc = Scanner::new(bytes, self.p.part);
        let mut seen = Seen::default();
        while let Some(s) = sc.next_event()? {
            match &s.event {
                Event::Start(e) if s.depth == 1 => self.prefix = prefix_of(e),
                Event::End(_) if s.depth == 1 => seen.root_end = Some(s.span.start),
                Event::Start(e) | Event::Empty(e) if s.depth == 2 => {
                    let name = local(e);
                    let start = s.span.start;
                    let is_start = matches!(s.event, Event::Start(_));
                    if name == "sheetData" {
                        let end = self.sheet_data(&mut sc, s.span.clone(), is_start)?;
                        seen.push(name, start..end, rank("sheetData"));
                        continue;
                    }
                    let end = if is_start {
                        sc.skip_element()?
                    } else {
                        s.span.end
                    };
                    let mut known = rank(&name);
                    match name.as_str() {
                        "cols" => {
                            seen.cols_span = Some(start..end);
                            self.cols = parse_cols(&bytes[start..end], self.p.part)?;
                        }
                        "dimension" => {
                            seen.dimension = Some((start..end, e.clone().into_owned()));
                        }
                        "conditionalFormatting" | "extLst" => {
                            let found = max_cf_priority(&bytes[start..end]);
                            seen.max_priority = seen.max_priority.max(found);
                            if name == "conditionalFormatting" {
                                self.drop_rules(start..end)?;
                            }
                        }
                        "dataValidations" => self.validations(start..end)?,
                        "AlternateContent" => known = alternate_rank(&bytes[start..end]),
                        _ => seen.page_element(&name, e, &bytes[start..end], start..end),
                    }
                    seen.has_protection |= name == "sheetProtection";
                    if name == "sheetProtection"
                        && !["password", "hashValue", "algorithmName"]
                            .iter()
                            .any(|k| attr(e, k).is_some())
                    {
                        seen.open_protection = Some(start..end);
                    }
                    seen.has_legacy |= name == "legacyDrawing";
                    seen.push(name, start..end, known);
                }
                _ => {}
            }
        }
        Ok(seen)
    }

    /// Queues the elements opfolg adds (columns, protection, conditional
    /// formats, validations, notes' drawing, print setup) and replaces the
    /// column list and dimension in place.
    fn add_elements(&mut self, seen: &Seen) {
        let edits = self.p.edits;
        self.raise_for_written_text(seen);
        // First: the page layout may narrow our columns.
        if let Some(print) = &edits.print {
            match &print.pages {
                Some(pages) => self.lay_out(print, pages, seen),
                None if !seen.children.iter().any(|c| c.name == "pageSetup") => {
                    self.print(print, &seen.children);
                }
                None => {}
            }
        }
        if !edits.widths.is_empty() || !edits.clear_columns.is_empty() {
            let text = self.cols_xml();
            match &seen.cols_span {
                Some(span) => self.splice.replace(span.clone(), text),
                None if !edits.widths.is_empty() => self.add("cols", text),
                None => {}
            }
        }
        if let Some((span, e)) = &seen.dimension {
            self.dimension(span.clone(), e);
        }
        if edits.unprotect
            && let Some(span) = &seen.open_protection
        {
            self.splice.replace(span.clone(), String::new());
        }
        if edits.protect && !seen.has_protection {
            let p = &self.prefix;
            let text = format!(
                "<{p}sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" formatRows=\"0\"/>"
            );
            self.add("sheetProtection", text);
        }
        if !edits.text_rules.is_empty() {
            let text = self.conditional_xml(&edits.text_rules, seen.max_priority);
            self.add("conditionalFormatting", text);
        }
        let has_validations = seen.children.iter().any(|c| c.name == "dataValidations");
        if !has_validations && !edits.lists.is_empty() {
            let p = self.prefix.clone();
            let items: String = edits.lists.iter().map(|l| list_xml(&p, l)).collect();
            let text = format!(
                "<{p}dataValidations count=\"{}\">{items}</{p}dataValidations>",
                edits.lists.len()
            );
            self.add("dataValidations", text);
        }
        if let (Some(rid), false) = (&self.p.new_legacy_drawing, seen.has_legacy) {
            let p = &self.prefix;
            // The `r` prefix is declared on the element itself: some writers
            // (openpyxl) declare it only where they use it, not on the root.
            let text = format!(
                "<{p}legacyDrawing xmlns:r=\"{REL_NS}\" r:id=\"{}\"/>",
                escape_attr(rid)
            );
            self.add("legacyDrawing", text);
        }
    }
}

impl Seen {
    /// Notes what the page layout needs to know of an element.
    fn page_element(&mut self, name: &str, e: &BytesStart, bytes: &[u8], span: Range<usize>) {
        match name {
            "pageSetup" => self.page_setup = Some((span, raw_attrs(e))),
            "pageMargins" => {
                let m = |k: &str, d: f64| attr(e, k).and_then(|v| v.parse().ok()).unwrap_or(d);
                let margins = Margins {
                    left: m("left", 0.7),
                    right: m("right", 0.7),
                    top: m("top", 0.75),
                    bottom: m("bottom", 0.75),
                };
                self.margins = Some((span, margins));
            }
            "sheetFormatPr" => {
                let f = |k: &str| attr(e, k).and_then(|v| v.parse::<f64>().ok());
                self.default_height = f("defaultRowHeight");
                self.default_width =
                    f("defaultColWidth").or_else(|| f("baseColWidth").map(|b| b + 0.71));
            }
            "sheetPr" => self.fit_flag = has_fit_flag(bytes),
            "rowBreaks" => self.row_breaks = Some(span),
            _ => {}
        }
    }

    /// Records a top-level element; one of unknown kind ranks with the
    /// element before it.
    fn push(&mut self, name: String, span: Range<usize>, known: Option<usize>) {
        let rank = known.unwrap_or_else(|| self.children.last().map_or(0, |c| c.rank));
        self.children.push(Child { name, rank, span });
    }
}

impl Ctx<'_, '_> {
    /// Adds a new top-level element; it is placed where the schema wants it.
    fn add(&mut self, name: &str, text: impl Into<String>) {
        self.added.push((name.to_string(), text.into()));
    }

    /// Print settings for a sheet without a page setup of its own.
    fn print(&mut self, print: &Print, children: &[Child]) {
        let p = self.prefix.clone();
        if print.fit_width {
            self.fit_to_page(children);
        }
        if !children.iter().any(|c| c.name == "pageMargins") {
            self.add("pageMargins",
                format!("<{p}pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"),
            );
        }
        let mut attrs = Vec::new();
        if print.a4 {
            attrs.push(("paperSize".to_string(), "9".to_string()));
        }
        if print.fit_width {
            attrs.push(("fitToWidth".into(), "1".into()));
            attrs.push(("fitToHeight".into(), "0".into()));
        }
        let orientation = if print.landscape {
            "landscape"
        } else {
            "portrait"
        };
        attrs.push(("orientation".into(), orientation.into()));
        self.add("pageSetup", tag(&format!("{p}pageSetup"), &attrs, true));
        if !print.row_breaks.is_empty() && !children.iter().any(|c| c.name == "rowBreaks") {
            let n = print.row_breaks.len();
            let breaks: String = print
                .row_breaks
                .iter()
                .map(|r| format!("<{p}brk id=\"{r}\" max=\"16383\" man=\"1\"/>"))
                .collect();
            self.add(
                "rowBreaks",
                format!(
                    "<{p}rowBreaks count=\"{n}\" manualBreakCount=\"{n}\">{breaks}</{p}rowBreaks>"
                ),
            );
        }
    }

    /// Keeps a row's height for the page layout.
    fn record_row(&mut self, row: u32, r: &BytesStart) {
        if !self.measuring() {
            return;
        }
        let flag = |k: &str| attr(r, k).is_some_and(|v| v == "1" || v == "true");
        self.rows.insert(
            row,
            RowHeight {
                height: attr(r, "ht").and_then(|v| v.parse().ok()),
                custom: flag("customHeight"),
                hidden: flag("hidden") || self.p.edits.hide_rows.contains(&row),
            },
        );
    }

    /// Whether the pages are laid out from the sheet's measures.
    fn measuring(&self) -> bool {
        self.p
            .edits
            .print
            .as_ref()
            .is_some_and(|p| p.pages.is_some())
    }

    /// The stored width of a column as printed: ours as planned, else the
    /// user's `<col>`, else the sheet's default; 0 when hidden.
    fn printed_width(&self, col: u16, default: f64) -> f64 {
        if let Some(w) = self.narrowed.get(&col) {
            return stored_width(*w);
        }
        if let Some((_, w)) = self.p.edits.widths.iter().find(|(c, _)| *c == col) {
            return stored_width(*w);
        }
        if self.p.edits.clear_columns.contains(&col) {
            return 0.0;
        }
        match self.cols.iter().find(|s| s.min <= col && col <= s.max) {
            Some(spec) => {
                let get = |k: &str| spec.attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v);
                if get("hidden").is_some_and(|v| v == "1" || v == "true") {
                    0.0
                } else {
                    get("width").and_then(|v| v.parse().ok()).unwrap_or(default)
                }
            }
            None => default,
        }
    }

    /// Raises the rows where opfolg writes a text into a cell of the
    /// user's that wraps it (what `collect` takes from a center) to the
    /// lines it wraps on at the column's width, fixed heights included.
    fn raise_for_written_text(&mut self, seen: &Seen) {
        let edits = self.p.edits;
        let default_w = seen.default_width.unwrap_or(8.43);
        for (row, col) in std::mem::take(&mut self.wrapped_texts) {
            let Some(Value::Text(text)) = edits.cells.get(&(row, col)).map(|c| c.value) else {
                continue;
            };
            let width = self.printed_width(col, default_w) - 0.71;
            if width <= 0.0 {
                continue;
            }
            let lines = paper::wrapped_lines(text, width);
            let h = (lines as f64 * 15.0).min(409.0);
            if lines > 1 && self.heights.get(&row).is_none_or(|&had| had < h) {
                self.heights.insert(row, h);
                self.forced.insert(row);
            }
        }
    }

    /// Raises the rows whose text in a column narrowed for the page wraps
    /// on more lines than planned at the column's full width.
    fn raise_for_narrowed(&mut self) {
        for (&col, &width) in &self.narrowed {
            for (&(row, c), cell) in &self.p.edits.cells {
                if let (true, Value::Text(text)) = (c == col, cell.value) {
                    let lines = paper::wrapped_lines(text, width);
                    let h = (lines as f64 * 15.0).min(409.0);
                    if lines > 1 && self.heights.get(&row).is_none_or(|&had| had < h) {
                        self.heights.insert(row, h);
                    }
                }
            }
        }
    }

    /// A row's printed height: its own, raised for our text unless the
    /// user fixed it; 0 when hidden.
    fn printed_height(&self, row: u32, default: f64) -> f64 {
        let wanted = self.heights.get(&row).copied().unwrap_or(0.0);
        if self.p.edits.hide_rows.contains(&row) {
            return 0.0;
        }
        match self.rows.get(&row) {
            Some(r) if r.hidden => 0.0,
            Some(r) if r.custom && !self.forced.contains(&row) => r.height.unwrap_or(default),
            Some(r) => r.height.unwrap_or(default).max(wanted),
            None => default.max(wanted),
        }
    }

    /// Lays the sheet out on A4 (`paper`): orientation and scale so that
    /// the chosen columns print side by side with body text at least
    /// `min_font_pt`, the print area, and breaks between row groups.
    /// A print setup the user made wins: then nothing is touched. One an
    /// earlier run wrote is replaced; Excel's default one (portrait, full
    /// size) gets only what is missing, keeping its other attributes.
    fn lay_out(&mut self, print: &Print, pages: &Pages, seen: &Seen) {
        let setup = seen.page_setup.as_ref().map(|(_, a)| a.as_slice());
        let ours_before = (pages.earlier || self.p.marked_print) && setup.is_some_and(only_ours);
        let plain = setup.is_none_or(is_plain) && !seen.fit_flag;
        let user_breaks = seen.row_breaks.is_some() && !ours_before;
        if self.p.user_print_area || user_breaks || !(ours_before || plain) {
            return;
        }
        let default_w = seen.default_width.unwrap_or(8.43);
        let edits = self.p.edits;
        let ours: Vec<paper::Narrowable> = pages
            .narrow
            .iter()
            .filter_map(|&(col, min)| {
                let (_, width) = edits.widths.iter().find(|(c, _)| *c == col)?;
                Some(paper::Narrowable {
                    col,
                    width: *width,
                    min,
                })
            })
            .collect();
        let fixed: f64 = (pages.columns.0..=pages.columns.1)
            .filter(|c| !ours.iter().any(|n| n.col == *c))
            .map(|c| paper::stored_points(self.printed_width(c, default_w)))
            .sum();
        let font = self.styles.default_font_pt();
        // The sheet's own margins, unless they are Excel's defaults and
        // the columns only fit between narrow ones: then, and only then,
        // narrow ones. A sheet without margins gets narrow ones.
        let own = seen.margins.as_ref().map(|(_, m)| *m);
        let mut margins = own.unwrap_or(Margins::OURS);
        let mut fitted = paper::fit(fixed, &ours, font, pages.min_font_pt, margins);
        if !fitted.fits && own.is_some_and(|m| close(m, Margins::EXCEL)) {
            margins = Margins::OURS;
            fitted = paper::fit(fixed, &ours, font, pages.min_font_pt, margins);
        }
        let user_margins = own.filter(|m| *m == margins);
        let choice = fitted.choice;
        if pages.keep.is_empty() && fitted.fits && choice.scale == 100 && !choice.landscape {
            // Nothing to keep together and it prints as it is: left alone.
            return;
        }
        self.laid_out = true;
        for (col, w) in fitted.widths {
            if ours
                .iter()
                .any(|n| n.col == col && (n.width - w).abs() > 1e-9)
            {
                self.narrowed.insert(col, w);
            }
        }
        self.raise_for_narrowed();
        let default_h = seen.default_height.unwrap_or(15.0);
        let page = paper::page_height(choice, margins);
        let breaks = paper::breaks(|r| self.printed_height(r, default_h), 0, &pages.keep, page);
        self.write_pages(
            print,
            seen,
            ours_before,
            user_margins.is_none(),
            choice,
            &breaks,
        );
    }

    /// Writes the page setup, margins and breaks of the laid-out sheet.
    fn write_pages(
        &mut self,
        print: &Print,
        seen: &Seen,
        ours_before: bool,
        our_margins: bool,
        choice: paper::Choice,
        breaks: &[u32],
    ) {
        let setup = seen.page_setup.as_ref().map(|(_, a)| a.as_slice());
        let p = self.prefix.clone();
        let mut attrs: Vec<(String, String)> = match (setup, ours_before) {
            (Some(a), false) => a.to_vec(),
            _ => Vec::new(),
        };
        if !attrs.iter().any(|(k, _)| k == "paperSize") && print.a4 {
            attrs.insert(0, ("paperSize".into(), "9".into()));
        }
        attrs.retain(|(k, _)| k != "fitToWidth" && k != "fitToHeight");
        set_attr(&mut attrs, "scale", choice.scale.to_string());
        let orientation = if choice.landscape {
            "landscape"
        } else {
            "portrait"
        };
        set_attr(&mut attrs, "orientation", orientation.into());
        let text = tag(&format!("{p}pageSetup"), &attrs, true);
        match &seen.page_setup {
            Some((span, _)) => self.splice.replace(span.clone(), text),
            None => self.add("pageSetup", text),
        }
        if our_margins {
            let m = Margins::OURS;
            let text = format!(
                "<{p}pageMargins left=\"{}\" right=\"{}\" top=\"{}\" bottom=\"{}\" header=\"0.3\" footer=\"0.3\"/>",
                m.left, m.right, m.top, m.bottom
            );
            match &seen.margins {
                Some((span, _)) => self.splice.replace(span.clone(), text),
                None => self.add("pageMargins", text),
            }
        }
        if seen.fit_flag {
            // An earlier run's fit to width: manual breaks need it off.
            self.set_fit_flag(&seen.children, "0");
        }
        let n = breaks.len();
        let text = (n > 0).then(|| {
            let list: String = breaks
                .iter()
                .map(|r| format!("<{p}brk id=\"{r}\" max=\"16383\" man=\"1\"/>"))
                .collect();
            format!("<{p}rowBreaks count=\"{n}\" manualBreakCount=\"{n}\">{list}</{p}rowBreaks>")
        });
        match (&seen.row_breaks, text) {
            (Some(span), text) => self.splice.replace(span.clone(), text.unwrap_or_default()),
            (None, Some(text)) => self.add("rowBreaks", text),
            (None, None) => {}
        }
    }

    /// `<sheetPr><pageSetUpPr fitToPage="1"/>`: the sheet's own `sheetPr`
    /// keeps everything it has, with the flag added.
    fn fit_to_page(&mut self, children: &[Child]) {
        self.set_fit_flag(children, "1");
    }

    /// Sets `fitToPage` of the sheet's `pageSetUpPr` to `value`.
    fn set_fit_flag(&mut self, children: &[Child], value: &str) {
        let p = self.prefix.clone();
        let flag = format!("<{p}pageSetUpPr fitToPage=\"{value}\"/>");
        let Some(pr) = children.iter().find(|c| c.name == "sheetPr") else {
            self.add("sheetPr", format!("<{p}sheetPr>{flag}</{p}sheetPr>"));
            return;
        };
        let bytes = &self.p.bytes[pr.span.clone()];
        let mut sc = Scanner::new(bytes, self.p.part);
        let mut close: Option<usize> = None;
        while let Ok(Some(s)) = sc.next_event() {
            match &s.event {
                Event::Empty(e) if s.depth == 1 => {
                    // `<sheetPr …/>`: open it up.
                    let attrs = raw_attrs(e);
                    let q = e.name().as_ref().to_string();
                    self.splice.replace(
                        pr.span.clone(),
                        format!("{}{flag}</{q}>", tag(&q, &attrs, false)),
                    );
                    return;
                }
                Event::Start(e) | Event::Empty(e)
                    if s.depth == 2 && e.local_name().as_ref() == "pageSetUpPr" =>
                {
                    let mut attrs = raw_attrs(e);
                    set_attr(&mut attrs, "fitToPage", value.into());
                    let q = e.name().as_ref().to_string();
                    let span = pr.span.start + s.span.start..pr.span.start + s.span.end;
                    self.splice
                        .replace(span, tag(&q, &attrs, matches!(s.event, Event::Empty(_))));
                    return;
                }
                Event::End(_) if s.depth == 1 => close = Some(pr.span.start + s.span.start),
                _ => {}
            }
        }
        if let Some(at) = close {
            self.splice.insert(at, flag);
        }
    }
}

/// The rank of an `mc:AlternateContent` block: that of the first element
/// of its first choice.
fn alternate_rank(bytes: &[u8]) -> Option<usize> {
    let mut sc = Scanner::new(bytes, "AlternateContent");
    while let Ok(Some(s)) = sc.next_event() {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && s.depth == 3
        {
            return rank(&local(e));
        }
    }
    None
}

/// The highest `priority` of any conditional-format rule in the bytes
/// (x14 rules in the extension list included).
fn max_cf_priority(bytes: &[u8]) -> u32 {
    let mut sc = Scanner::new(bytes, "conditionalFormatting");
    let mut max = 0;
    while let Ok(Some(s)) = sc.next_event() {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && e.local_name().as_ref() == "cfRule"
            && let Some(p) = attr(e, "priority").and_then(|v| v.parse::<u32>().ok())
        {
            max = max.max(p);
        }
    }
    max
}

fn parse_cols(bytes: &[u8], part: &str) -> Result<Vec<ColSpec>, PackageError> {
    let mut sc = Scanner::new(bytes, part);
    let mut out = Vec::new();
    while let Some(s) = sc.next_event()? {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && e.local_name().as_ref() == "col"
        {
            let num = |k: &str| attr(e, k).and_then(|v| v.trim().parse::<u32>().ok());
            if let (Some(min), Some(max)) = (num("min"), num("max"))
                && min >= 1
                && max >= min
            {
                out.push(ColSpec {
                    min: (min.min(16_384) - 1) as u16,
                    max: (max.min(16_384) - 1) as u16,
                    attrs: raw_attrs(e),
                });
            }
        }
    }
    Ok(out)
}

/// Whether two sets of margins are the same (to a hundredth of an inch).
fn close(a: Margins, b: Margins) -> bool {
    [
        (a.left, b.left),
        (a.right, b.right),
        (a.top, b.top),
        (a.bottom, b.bottom),
    ]
    .iter()
    .all(|(x, y)| (x - y).abs() < 0.01)
}

/// Whether a `<sheetPr>` asks to fit the sheet to pages.
fn has_fit_flag(bytes: &[u8]) -> bool {
    let mut sc = Scanner::new(bytes, "sheetPr");
    while let Ok(Some(s)) = sc.next_event() {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && e.local_name().as_ref() == "pageSetUpPr"
        {
            return attr(e, "fitToPage").is_some_and(|v| v == "1" || v == "true");
        }
    }
    false
}

/// A page setup as Excel writes it untouched: portrait (or unsaid) at
/// full size. Printer and paper settings may be there; they stay.
fn is_plain(attrs: &[(String, String)]) -> bool {
    let get = |k: &str| attrs.iter().find(|(a, _)| a == k).map(|(_, v)| v.as_str());
    get("scale").is_none_or(|v| v == "100") && get("orientation") != Some("landscape")
}

/// A page setup with nothing but what opfolg writes.
fn only_ours(attrs: &[(String, String)]) -> bool {
    attrs.iter().all(|(k, v)| match k.as_str() {
        "paperSize" => v == "9",
        "scale" | "orientation" | "fitToWidth" | "fitToHeight" => true,
        _ => false,
    })
}

pub use super::paper::stored_width;

impl Ctx<'_, '_> {
    fn see(&mut self, row: u32, col: u16) {
        self.max_row = self.max_row.max(row);
        self.max_col = self.max_col.max(col);
    }

    /// The column's own format, for cells created in it.
    fn col_style(&self, col: u16) -> u32 {
        self.cols
            .iter()
            .find(|c| c.min <= col && col <= c.max)
            .and_then(|c| c.attrs.iter().find(|(k, _)| k == "style"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0)
    }

    fn style_of(&mut self, style: &Style, base: u32) -> u32 {
        match style {
            Style::New(look) => self.styles.look(look),
            Style::Own(r) => self.styles.derive(base, *r),
        }
    }

    /// The XML of one cell of ours: `r`, our style, the attributes the
    /// cell had (`keep`, but `r`, `s` and `t`), the type and the value.
    fn cell_xml(
        &mut self,
        row: u32,
        col: u16,
        cell: CellRef<'_>,
        base: u32,
        keep: &[(String, String)],
    ) -> String {
        use std::fmt::Write as _;
        self.see(row, col);
        let st = self.style_of(cell.style, base);
        let p = self.prefix.as_str();
        let text_len = match cell.value {
            Value::Text(t) => t.len(),
            _ => 0,
        };
        let mut x = String::with_capacity(64 + text_len);
        let _ = write!(x, "<{p}c r=\"");
        push_a1(&mut x, row, col);
        x.push('"');
        if st != 0 {
            let _ = write!(x, " s=\"{st}\"");
        }
        for (k, v) in keep {
            if !matches!(k.as_str(), "r" | "s" | "t") {
                let _ = write!(x, " {k}=\"{v}\"");
            }
        }
        match cell.value {
            Value::Blank => x.push_str("/>"),
            Value::Number(n) => {
                let _ = write!(x, "><{p}v>{}</{p}v></{p}c>", number(*n));
            }
            Value::Formula(f, n) => {
                let _ = write!(
                    x,
                    "><{p}f>{}</{p}f><{p}v>{}</{p}v></{p}c>",
                    escape_text(f),
                    number(*n)
                );
            }
            Value::Text(t) => {
                let _ = write!(x, " t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">");
                x.push_str(&escape_text(t));
                let _ = write!(x, "</{p}t></{p}is></{p}c>");
            }
            Value::Rich(runs) => {
                let _ = write!(x, " t=\"inlineStr\"><{p}is>");
                for r in runs {
                    x.push_str(&run_xml(p, r));
                }
                let _ = write!(x, "</{p}is></{p}c>");
            }
        }
        x
    }

    /// `<sheetData>`: each row's cells patched, new rows added in order.
    fn sheet_data(
        &mut self,
        sc: &mut Scanner,
        open: Range<usize>,
        is_start: bool,
    ) -> Result<usize, PackageError> {
        let e = self.p.edits;
        // Every row something happens on.
        let mut todo: BTreeSet<u32> = e
            .cells
            .keys()
            .chain(e.restyle.keys())
            .map(|(r, _)| *r)
            .chain(e.min_heights.keys().copied())
            .chain(e.hide_rows.iter().copied())
            .collect();
        let clearing = !e.clear_columns.is_empty();
        if !is_start {
            self.open_empty_data(&todo, open.clone());
            return Ok(open.end);
        }
        let mut next_row = 0u32;
        loop {
            let Some(s) = sc.next_event()? else {
                return Err(PackageError::Xml(
                    self.p.part.into(),
                    "unclosed <sheetData>".into(),
                ));
            };
            match &s.event {
                Event::Start(r) | Event::Empty(r)
                    if s.depth == 3 && r.local_name().as_ref() == "row" =>
                {
                    let row = attr(r, "r")
                        .and_then(|v| v.parse::<u32>().ok())
                        .map_or(next_row, |n| n.saturating_sub(1));
                    next_row = row + 1;
                    self.record_row(row, r);
                    // New rows that come before this one.
                    let later = todo.split_off(&row);
                    self.insert_rows(&todo, s.span.start);
                    todo = later;
                    let start_tag = s.span.clone();
                    let empty = matches!(s.event, Event::Empty(_));
                    if !todo.remove(&row) && !clearing {
                        // Nothing happens on this row: pass it through.
                        if !empty {
                            sc.skip_element()?;
                        }
                        continue;
                    }
                    self.edit_row(sc, (row, &r.clone().into_owned()), start_tag, empty)?;
                }
                Event::End(_) if s.depth == 2 => {
                    self.insert_rows(&todo, s.span.start);
                    return Ok(s.span.end);
                }
                _ => {}
            }
        }
    }

    /// A row something happens on: its cells read, then patched (or, for
    /// a row to hide, emptied).
    fn edit_row(
        &mut self,
        sc: &mut Scanner,
        (row, r): (u32, &BytesStart),
        start_tag: Range<usize>,
        empty: bool,
    ) -> Result<(), PackageError> {
        let (cells, end_tag) = if empty {
            (Vec::new(), None)
        } else {
            let (cells, end) = self.scan_row(sc)?;
            (cells, Some(end))
        };
        if self.p.edits.hide_rows.contains(&row) {
            self.hide_row(row, start_tag, empty, &cells);
        } else {
            self.patch_row(row, r, start_tag, end_tag, &cells);
        }
        Ok(())
    }

    /// New rows inserted at `at`.
    fn insert_rows(&mut self, rows: &BTreeSet<u32>, at: usize) {
        for &row in rows {
            let text = self.new_row(row);
            self.splice.insert(at, text);
        }
    }

    /// `<sheetData/>`: opened up with the new rows.
    fn open_empty_data(&mut self, todo: &BTreeSet<u32>, open: Range<usize>) {
        let rows: String = todo.iter().map(|r| self.new_row(*r)).collect();
        if !rows.is_empty() {
            let p = &self.prefix;
            self.splice
                .replace(open, format!("<{p}sheetData>{rows}</{p}sheetData>"));
        }
    }

    /// The cells of the row just opened, and the start of `</row>`.
    fn scan_row(&mut self, sc: &mut Scanner) -> Result<(Vec<CellSeen>, usize), PackageError> {
        let mut cells = Vec::new();
        let mut next_col = 0u16;
        loop {
            let Some(s) = sc.next_event()? else {
                return Err(PackageError::Xml(
                    self.p.part.into(),
                    "unclosed <row>".into(),
                ));
            };
            match &s.event {
                Event::Start(c) | Event::Empty(c)
                    if s.depth == 4 && c.local_name().as_ref() == "c" =>
                {
                    let r = raw_attr(c, "r");
                    let col = r
                        .as_deref()
                        .and_then(parse_a1)
                        .map_or(next_col, |(_, col)| col);
                    next_col = col.saturating_add(1);
                    let empty = matches!(s.event, Event::Empty(_));
                    let end = if empty {
                        s.span.end
                    } else {
                        sc.skip_element()?
                    };
                    let has_formula =
                        !empty && has_child(&self.p.bytes[s.span.end..end], &self.prefix, "f");
                    cells.push(CellSeen {
                        col,
                        span: s.span.start..end,
                        start: s.span.clone(),
                        style: raw_attr(c, "s").and_then(|v| v.parse().ok()).unwrap_or(0),
                        has_r: r.is_some(),
                        has_formula,
                        empty,
                    });
                }
                Event::End(_) if s.depth == 3 => return Ok((cells, s.span.start)),
                _ => {}
            }
        }
    }

    /// The row's own format, for cells created in it.
    fn row_style(r: &BytesStart) -> Option<u32> {
        let custom = attr(r, "customFormat").is_some_and(|v| v == "1" || v == "true");
        custom
            .then(|| attr(r, "s").and_then(|v| v.parse().ok()))
            .flatten()
    }

    fn patch_row(
        &mut self,
        row: u32,
        r: &BytesStart,
        start_tag: Range<usize>,
        end_tag: Option<usize>,
        cells: &[CellSeen],
    ) {
        let e = self.p.edits;
        let (pending, added_cols) = self.missing_cells(row, Self::row_style(r), cells);
        // Cells without `r` take their column from the one before: once
        // something is added among them, every cell says where it is.
        let fix_r = !pending.is_empty() && cells.iter().any(|c| !c.has_r);
        let mut pending = pending.into_iter().peekable();
        for c in cells {
            if e.clear_columns.contains(&c.col) {
                self.splice.replace(c.span.clone(), "");
                continue;
            }
            while let Some((_, text)) = pending.next_if(|(col, _)| *col < c.col) {
                self.splice.insert(c.span.start, text);
            }
            let restyle = match e.cells.get(&(row, c.col)) {
                Some(cell) if !c.has_formula => {
                    if matches!(cell.value, Value::Text(_)) && self.styles.wraps(c.style) {
                        self.wrapped_texts.push((row, c.col));
                    }
                    let text = self.cell_xml(row, c.col, cell, c.style, &c.attrs(self.p.bytes));
                    self.splice.replace(c.span.clone(), text);
                    continue;
                }
                // A formula's value is the formula's: only the format changes.
                Some(cell) => match cell.style {
                    Style::Own(r) => *r,
                    Style::New(_) => Restyle::default(),
                },
                None => e.restyle.get(&(row, c.col)).copied().unwrap_or_default(),
            };
            if !restyle.is_none() || (fix_r && !c.has_r) {
                self.restyle_cell(row, c, restyle);
            }
        }
        let tail: String = pending.map(|(_, t)| t).collect();
        self.close_row(row, r, start_tag, end_tag, tail, &added_cols);
    }

    /// A row that goes out of the content (`SheetEdits::hide_rows`): each
    /// cell keeps its place and format but not its value (an earlier
    /// annotation's columns go whole), and the row is hidden. A cell that
    /// starts a shared or array formula stays as it is: other cells use it.
    fn hide_row(&mut self, row: u32, start_tag: Range<usize>, closed: bool, cells: &[CellSeen]) {
        let e = self.p.edits;
        for c in cells {
            if e.clear_columns.contains(&c.col) {
                self.splice.replace(c.span.clone(), "");
                continue;
            }
            if c.has_formula && formula_master(&self.p.bytes[c.span.clone()]) {
                continue;
            }
            self.formulas_cleared |= c.has_formula;
            let restyle = e.restyle.get(&(row, c.col)).copied().unwrap_or_default();
            let s = if restyle.is_none() {
                c.style
            } else {
                self.styles.derive(c.style, restyle)
            };
            let mut attrs = vec![("r".to_string(), a1(row, c.col))];
            if s != 0 {
                attrs.push(("s".into(), s.to_string()));
            }
            let text = tag(&format!("{}c", self.prefix), &attrs, true);
            self.splice.replace(c.span.clone(), text);
        }
        self.row_tags.push(RowTag {
            row,
            span: start_tag,
            added: None,
            tail: None,
            closed,
        });
    }

    /// The cells written on `row` that the row does not have yet, as XML in
    /// column order, and their columns.
    fn missing_cells(
        &mut self,
        row: u32,
        row_style: Option<u32>,
        cells: &[CellSeen],
    ) -> (Vec<(u16, String)>, Vec<u16>) {
        let e = self.p.edits;
        let mut added_cols: Vec<u16> = Vec::new();
        let mut pending: Vec<(u16, String)> = Vec::new();
        for (col, write) in row_writes(e, row) {
            if cells
                .iter()
                .any(|c| c.col == col && !e.clear_columns.contains(&c.col))
            {
                continue;
            }
            let base = row_style.unwrap_or_else(|| self.col_style(col));
            pending.push((col, self.write_xml(row, col, write, base)));
            added_cols.push(col);
        }
        (pending, added_cols)
    }

    /// The XML of a cell opfolg writes at (`row`, `col`): `write`, or
    /// without one a blank cell with only the restyle edit's format.
    fn write_xml(&mut self, row: u32, col: u16, write: Option<CellRef<'_>>, base: u32) -> String {
        let blank;
        let cell = match write {
            Some(cell) => cell,
            None => {
                blank = Style::Own(self.p.edits.restyle[&(row, col)]);
                CellRef {
                    value: &Value::Blank,
                    style: &blank,
                }
            }
        };
        self.cell_xml(row, col, cell, base, &[])
    }

    /// The row's start tag (spans, height) and the cells added at its end.
    /// The start tag is rewritten once the page layout is known
    /// ([`Ctx::finish_rows`]): a column narrowed for the page may need a
    /// taller row.
    fn close_row(
        &mut self,
        row: u32,
        r: &BytesStart,
        start_tag: Range<usize>,
        end_tag: Option<usize>,
        tail: String,
        added_cols: &[u16],
    ) {
        let spans_changed = update_spans(&mut raw_attrs(r), added_cols);
        let empty_with_tail = match end_tag {
            Some(end) => {
                if !tail.is_empty() {
                    self.splice.insert(end, tail);
                }
                None
            }
            None if !tail.is_empty() => Some(tail),
            None => {
                // An empty row without cells added keeps its tag.
                return;
            }
        };
        let writes_text = (self.p.edits.cells.range((row, 0)..=(row, u16::MAX)))
            .any(|(_, c)| matches!(c.value, Value::Text(_)));
        let may_grow = !added_cols.is_empty() || self.heights.contains_key(&row) || writes_text;
        if !(spans_changed || may_grow || empty_with_tail.is_some()) {
            return;
        }
        let added = match (added_cols.iter().min(), added_cols.iter().max()) {
            (Some(&a), Some(&b)) => Some([a, b]),
            _ => None,
        };
        self.row_tags.push(RowTag {
            row,
            span: start_tag,
            added,
            tail: empty_with_tail,
            closed: false,
        });
    }

    /// Rewrites the start tags of the rows opfolg touched: spans, and the
    /// height our text needs (unless the user fixed it).
    fn finish_rows(&mut self) {
        for t in std::mem::take(&mut self.row_tags) {
            let mut reader = quick_xml::reader::Reader::from_reader(&self.p.bytes[t.span.clone()]);
            let Ok(Event::Start(e) | Event::Empty(e)) = reader.read_event() else {
                continue;
            };
            let mut attrs = raw_attrs(&e);
            let q = e.name().as_ref().to_string();
            let force = self.forced.contains(&t.row);
            let added = t.added.as_ref().map_or(&[][..], |a| &a[..]);
            let mut changed = update_spans(&mut attrs, added)
                | raise_height(&mut attrs, self.heights.get(&t.row), force);
            if self.p.edits.hide_rows.contains(&t.row) {
                set_attr(&mut attrs, "hidden", "1".into());
                changed = true;
            }
            match t.tail {
                None if changed => self.splice.replace(t.span, tag(&q, &attrs, t.closed)),
                None => {}
                Some(tail) => {
                    let text = format!("{}{tail}</{q}>", tag(&q, &attrs, false));
                    self.splice.replace(t.span, text);
                }
            }
        }
    }

    /// Rebuilds a cell's start tag: its format changed, and its `r` written.
    fn restyle_cell(&mut self, row: u32, c: &CellSeen, r: Restyle) {
        let mut attrs = c.attrs(self.p.bytes);
        if !r.is_none() {
            let s = self.styles.derive(c.style, r);
            set_attr(&mut attrs, "s", s.to_string());
        }
        if !c.has_r {
            attrs.insert(0, ("r".into(), a1(row, c.col)));
        }
        let q = format!("{}c", self.prefix);
        self.splice
            .replace(c.start.clone(), tag(&q, &attrs, c.empty));
    }

    /// A row that was not in the sheet, with its cells.
    fn new_row(&mut self, row: u32) -> String {
        let e = self.p.edits;
        let mut body = String::new();
        for (col, write) in row_writes(e, row) {
            let base = self.col_style(col);
            body.push_str(&self.write_xml(row, col, write, base));
        }
        let p = &self.prefix;
        let height = self
            .heights
            .get(&row)
            .map_or(String::new(), |h| format!(" ht=\"{h}\""));
        let hidden = if e.hide_rows.contains(&row) {
            " hidden=\"1\""
        } else {
            ""
        };
        format!("<{p}row r=\"{}\"{height}{hidden}>{body}</{p}row>", row + 1)
    }

    /// `<cols>`: ours replaced, the user's kept (split where ours cut them).
    fn cols_xml(&self) -> String {
        let e = self.p.edits;
        let mut ours: BTreeMap<u16, f64> = e.widths.iter().copied().collect();
        ours.extend(self.narrowed.iter().map(|(c, w)| (*c, *w)));
        let touched: BTreeSet<u16> = ours
            .keys()
            .copied()
            .chain(e.clear_columns.iter().copied())
            .collect();
        let mut out: Vec<ColSpec> = Vec::new();
        for spec in &self.cols {
            // A single-column spec on a column of ours is ours: replaced.
            if spec.min == spec.max && touched.contains(&spec.min) {
                continue;
            }
            let cut: Vec<u16> = ours
                .keys()
                .copied()
                .filter(|c| (spec.min..=spec.max).contains(c))
                .collect();
            let mut from = spec.min;
            for c in cut {
                if c > from {
                    out.push(piece(spec, from, c - 1));
                }
                from = c + 1;
            }
            if from <= spec.max && from >= spec.min {
                out.push(piece(spec, from, spec.max));
            }
        }
        for (&col, &w) in &ours {
            out.push(self.our_col(col, w));
        }
        out.sort_by_key(|s| s.min);
        let p = &self.prefix;
        if out.is_empty() {
            return String::new();
        }
        let body: String = out
            .iter()
            .map(|s| tag(&format!("{p}col"), &s.attrs, true))
            .collect();
        format!("<{p}cols>{body}</{p}cols>")
    }

    /// A column of ours: its width, and the rest of the format of the user's
    /// column range it was cut from.
    fn our_col(&self, col: u16, w: f64) -> ColSpec {
        let covering = self
            .cols
            .iter()
            .find(|s| s.min <= col && col <= s.max && s.min != s.max);
        let mut attrs: Vec<(String, String)> = covering
            .map(|s| {
                s.attrs
                    .iter()
                    .filter(|(k, _)| {
                        !matches!(
                            k.as_str(),
                            "min"
                                | "max"
                                | "width"
                                | "customWidth"
                                | "hidden"
                                | "bestFit"
                                | "collapsed"
                        )
                    })
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        attrs.insert(0, ("min".into(), (col + 1).to_string()));
        attrs.insert(1, ("max".into(), (col + 1).to_string()));
        attrs.insert(2, ("width".into(), format!("{}", stored_width(w))));
        attrs.push(("customWidth".into(), "1".into()));
        ColSpec {
            min: col,
            max: col,
            attrs,
        }
    }

    fn dimension(&mut self, span: Range<usize>, e: &BytesStart) {
        let Some(((r1, c1), (r2, c2))) = attr(e, "ref").as_deref().and_then(parse_range) else {
            return;
        };
        let (r2n, c2n) = (r2.max(self.max_row), c2.max(self.max_col));
        if (r2n, c2n) == (r2, c2) {
            return;
        }
        let mut attrs = raw_attrs(e);
        set_attr(
            &mut attrs,
            "ref",
            format!("{}:{}", a1(r1, c1), a1(r2n, c2n)),
        );
        let q = e.name().as_ref().to_string();
        self.splice.replace(span, tag(&q, &attrs, true));
    }

    /// An earlier annotation's rules in a `<conditionalFormatting>` go.
    fn drop_rules(&mut self, span: Range<usize>) -> Result<(), PackageError> {
        let texts = &self.p.edits.drop_rule_texts;
        if texts.is_empty() {
            return Ok(());
        }
        let bytes = &self.p.bytes[span.clone()];
        let mut sc = Scanner::new(bytes, self.p.part);
        let mut rules = 0;
        let mut dropped = Vec::new();
        while let Some(s) = sc.next_event()? {
            if let Event::Start(e) | Event::Empty(e) = &s.event
                && s.depth == 2
            {
                let end = if matches!(s.event, Event::Start(_)) {
                    sc.skip_element()?
                } else {
                    s.span.end
                };
                if e.local_name().as_ref() != "cfRule" {
                    continue;
                }
                rules += 1;
                let ours = attr(e, "type").as_deref() == Some("containsText")
                    && attr(e, "text").is_some_and(|t| texts.contains(&t));
                if ours {
                    dropped.push(span.start + s.span.start..span.start + end);
                }
            }
        }
        if !dropped.is_empty() && dropped.len() == rules {
            self.splice.replace(span, "");
        } else {
            for d in dropped {
                self.splice.replace(d, "");
            }
        }
        Ok(())
    }

    /// `<dataValidations>`: an earlier annotation's lists go, ours come.
    fn validations(&mut self, span: Range<usize>) -> Result<(), PackageError> {
        let e = self.p.edits;
        let bytes = &self.p.bytes[span.clone()];
        let mut sc = Scanner::new(bytes, self.p.part);
        let mut kept: Vec<String> = Vec::new();
        let mut head: Option<(String, Vec<(String, String)>)> = None;
        let mut dropped = 0;
        while let Some(s) = sc.next_event()? {
            match &s.event {
                Event::Start(x) | Event::Empty(x) if s.depth == 1 => {
                    head = Some((x.name().as_ref().to_string(), raw_attrs(x)));
                }
                Event::Start(x) | Event::Empty(x) if s.depth == 2 => {
                    let end = if matches!(s.event, Event::Start(_)) {
                        sc.skip_element()?
                    } else {
                        s.span.end
                    };
                    let text = &bytes[s.span.start..end];
                    let ours = e.drop_lists.iter().any(|items| {
                        attr(x, "type").as_deref() == Some("list")
                            && list_formula(text) == Some(list_literal(items))
                    });
                    if ours {
                        dropped += 1;
                    } else {
                        kept.push(String::from_utf8_lossy(text).into_owned());
                    }
                }
                _ => {}
            }
        }
        if dropped == 0 && e.lists.is_empty() {
            return Ok(());
        }
        let p = self.prefix.clone();
        kept.extend(e.lists.iter().map(|l| list_xml(&p, l)));
        let Some((qname, mut attrs)) = head else {
            return Ok(());
        };
        if kept.is_empty() {
            self.splice.replace(span, "");
            return Ok(());
        }
        set_attr(&mut attrs, "count", kept.len().to_string());
        self.splice.replace(
            span,
            format!("{}{}</{qname}>", tag(&qname, &attrs, false), kept.concat()),
        );
        Ok(())
    }

    fn conditional_xml(&mut self, rules: &[TextRule], max_priority: u32) -> String {
        let p = self.prefix.clone();
        let mut out = String::new();
        let mut priority = max_priority;
        // One <conditionalFormatting> per range, its rules in order.
        let mut by_range: Vec<(&str, Vec<&TextRule>)> = Vec::new();
        for r in rules {
            match by_range.iter_mut().find(|(s, _)| *s == r.sqref) {
                Some((_, list)) => list.push(r),
                None => by_range.push((&r.sqref, vec![r])),
            }
        }
        for (sqref, list) in by_range {
            let first = sqref
                .split_whitespace()
                .next()
                .and_then(parse_range)
                .map_or("A1".to_string(), |(a, _)| super::xml::a1(a.0, a.1));
            out.push_str(&format!(
                "<{p}conditionalFormatting sqref=\"{}\">",
                escape_attr(sqref)
            ));
            for r in list {
                priority += 1;
                let dxf = self.styles.dxf(r.fill, r.font);
                let needle = r.text.replace('"', "\"\"");
                out.push_str(&format!(
                    "<{p}cfRule type=\"containsText\" dxfId=\"{dxf}\" priority=\"{priority}\" operator=\"containsText\" text=\"{}\"><{p}formula>{}</{p}formula></{p}cfRule>",
                    escape_attr(&r.text),
                    escape_text(&format!("NOT(ISERROR(SEARCH(\"{needle}\",{first})))"))
                ));
            }
            out.push_str(&format!("</{p}conditionalFormatting>"));
        }
        out
    }
}

/// A piece of a `<col>` spec from `min` to `max`.
fn piece(spec: &ColSpec, min: u16, max: u16) -> ColSpec {
    let mut attrs = spec.attrs.clone();
    set_attr(&mut attrs, "min", (min + 1).to_string());
    set_attr(&mut attrs, "max", (max + 1).to_string());
    ColSpec { min, max, attrs }
}

/// Widens a row's `spans` hint to cover the columns added.
fn update_spans(attrs: &mut [(String, String)], added: &[u16]) -> bool {
    let Some(max_added) = added.iter().max() else {
        return false;
    };
    let Some(i) = attrs.iter().position(|(k, _)| k == "spans") else {
        return false;
    };
    let Some((a, b)) = attrs[i].1.split_once(':') else {
        return false;
    };
    let (Ok(a), Ok(b)) = (a.trim().parse::<u32>(), b.trim().parse::<u32>()) else {
        return false;
    };
    let min_added = u32::from(*added.iter().min().expect("not empty")) + 1;
    let (na, nb) = (a.min(min_added), b.max(u32::from(*max_added) + 1));
    if (na, nb) == (a, b) {
        return false;
    }
    attrs[i].1 = format!("{na}:{nb}");
    true
}

/// Raises a row's `ht` to `wanted` unless the user fixed it
/// (`customHeight`), or when `force`d (opfolg wrote a text in the row that
/// would be hidden); a row Excel sizes itself keeps that, only taller.
fn raise_height(attrs: &mut Vec<(String, String)>, wanted: Option<&f64>, force: bool) -> bool {
    let Some(&wanted) = wanted else { return false };
    let custom = attrs
        .iter()
        .any(|(k, v)| k == "customHeight" && (v == "1" || v == "true"));
    let current: f64 = attrs
        .iter()
        .find(|(k, _)| k == "ht")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0.0);
    if (custom && !force) || current >= wanted {
        return false;
    }
    set_attr(attrs, "ht", format!("{wanted}"));
    true
}

/// Whether the inside of an element has a child `<{prefix}{name}` (as a
/// whole name): found in the bytes, without parsing them again.
/// Whether a cell's formula is the first cell of a shared or array
/// formula (its `<f>` has a `ref`): other cells use it.
fn formula_master(cell: &[u8]) -> bool {
    let mut sc = Scanner::new(cell, "c");
    while let Ok(Some(s)) = sc.next_event() {
        if let Event::Start(e) | Event::Empty(e) = &s.event
            && s.depth == 2
            && e.local_name().as_ref() == "f"
        {
            return attr(e, "ref").is_some();
        }
    }
    false
}

fn has_child(inner: &[u8], prefix: &str, name: &str) -> bool {
    let needle = format!("<{prefix}{name}");
    let n = needle.as_bytes();
    inner.windows(n.len() + 1).any(|w| {
        &w[..n.len()] == n && matches!(w[n.len()], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r')
    })
}

/// A number as Excel writes it in `<v>`.
fn number(n: f64) -> String {
    if n.is_finite() {
        format!("{n}")
    } else {
        "0".into()
    }
}

fn run_xml(p: &str, r: &super::edits::Run) -> String {
    let mut rpr = String::new();
    if r.bold {
        rpr.push_str(&format!("<{p}b/>"));
    }
    if r.strike {
        rpr.push_str(&format!("<{p}strike/>"));
    }
    if let Some(c) = r.color {
        rpr.push_str(&format!("<{p}color rgb=\"FF{:06X}\"/>", c & 0xFF_FFFF));
    }
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<{p}rPr>{rpr}</{p}rPr>")
    };
    format!(
        "<{p}r>{rpr}<{p}t xml:space=\"preserve\">{}</{p}t></{p}r>",
        escape_text(&r.text)
    )
}

/// A list's items as the literal Excel keeps in `formula1`: `"☺,😐,☹"`.
fn list_literal(items: &[String]) -> String {
    format!("\"{}\"", items.join(","))
}

/// The text of a validation's `<formula1>`, unescaped.
fn list_formula(bytes: &[u8]) -> Option<String> {
    let mut sc = Scanner::new(bytes, "dataValidation");
    let mut inside = false;
    let mut out = String::new();
    while let Ok(Some(s)) = sc.next_event() {
        match &s.event {
            Event::Start(e) if e.local_name().as_ref() == "formula1" => inside = true,
            Event::End(e) if e.local_name().as_ref() == "formula1" => return Some(out),
            Event::Text(t) if inside => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => out.push_str(&super::xml::ref_text(r)),
            _ => {}
        }
    }
    None
}

fn list_xml(p: &str, l: &ListRule) -> String {
    let mut attrs = vec![
        ("type".to_string(), "list".to_string()),
        ("allowBlank".into(), "1".into()),
        ("showInputMessage".into(), "1".into()),
        ("showErrorMessage".into(), "1".into()),
    ];
    if let Some((title, text)) = &l.error {
        attrs.push(("errorTitle".into(), escape_attr(title).into_owned()));
        attrs.push(("error".into(), escape_attr(text).into_owned()));
    }
    if let Some((title, text)) = &l.prompt {
        attrs.push(("promptTitle".into(), escape_attr(title).into_owned()));
        attrs.push(("prompt".into(), escape_attr(text).into_owned()));
    }
    attrs.push(("sqref".into(), escape_attr(&l.sqref).into_owned()));
    format!(
        "{}<{p}formula1>{}</{p}formula1></{p}dataValidation>",
        tag(&format!("{p}dataValidation"), &attrs, false),
        escape_text(&list_literal(&l.items))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notes_drawing_is_found_after_the_cells() {
        let xml = br#"<worksheet xmlns:r="r"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>legacyDrawing r:id="x"</t></is></c></row></sheetData><legacyDrawing r:id="rId7"/><legacyDrawingHF r:id="rId8"/></worksheet>"#;
        assert_eq!(
            facts(xml, "s").unwrap().legacy_drawing.as_deref(),
            Some("rId7")
        );
        let none = br#"<worksheet><sheetData/><legacyDrawingHF r:id="rId8"/></worksheet>"#;
        assert_eq!(facts(none, "s").unwrap().legacy_drawing, None);
    }

    /// Hidden rows keep their place and their cells' formats, lose their
    /// values and formulas (but not a shared formula's first cell, which
    /// others use), and are hidden; a row that was not there is added
    /// hidden; nothing else moves.
    #[test]
    fn hidden_rows_keep_their_place() {
        let xml = concat!(
            r#"<worksheet xmlns="main"><sheetData>"#,
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            r#"<row r="2" spans="1:4" ht="30" customHeight="1"><c r="A2" s="1" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Milepæl</t></is></c><c r="C2"><f>B3*2</f><v>9</v></c><c r="D2"><f t="shared" ref="D2:D4" si="0">A1</f><v>0</v></c></row>"#,
            r#"<row r="3"/>"#,
            r#"<row r="5"><c r="A5"><v>5</v></c></row>"#,
            r#"</sheetData><mergeCells count="1"><mergeCell ref="A2:A5"/></mergeCells></worksheet>"#
        );
        let mut edits = SheetEdits::default();
        edits.hide_rows.extend([1, 2, 3]);
        let patch = SheetPatch {
            bytes: xml.as_bytes(),
            part: "s",
            edits: &edits,
            new_legacy_drawing: None,
            user_print_area: false,
            marked_print: false,
        };
        let mut styles =
            StyleBook::scan(super::super::styles::MINIMAL.as_bytes().to_vec(), "st").unwrap();
        let mut bytes = Vec::new();
        let done = patch.apply_to(&mut styles, &mut bytes).unwrap();
        let out = String::from_utf8(bytes).unwrap();
        assert!(done.formulas_cleared);
        let want = concat!(
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
            r#"<row r="2" spans="1:4" ht="30" customHeight="1" hidden="1"><c r="A2" s="1"/><c r="B2"/><c r="C2"/><c r="D2"><f t="shared" ref="D2:D4" si="0">A1</f><v>0</v></c></row>"#,
            r#"<row r="3" hidden="1"/>"#,
            r#"<row r="4" hidden="1"></row>"#,
            r#"<row r="5"><c r="A5"><v>5</v></c></row>"#,
            r#"</sheetData><mergeCells count="1"><mergeCell ref="A2:A5"/></mergeCells>"#
        );
        assert!(out.contains(want), "{out}");
    }
}
