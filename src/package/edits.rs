//! What to change in a package: the patcher's input. It speaks of cells,
//! looks, rules and sheets — nothing of follow-ups; `plan` translates
//! opfolg's annotation into these terms.

use std::collections::{BTreeMap, HashMap};

/// An RGB colour, `0xRRGGBB`.
pub type Rgb = u32;

/// A look for a cell opfolg writes: turned into a cell format appended to
/// the workbook's styles (equal looks share one format).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Look {
    /// Bold text.
    pub bold: bool,
    /// Font size in points (default: the workbook's default font's).
    pub size_pt: Option<u16>,
    /// The text's colour (default: the workbook's default font's).
    pub font_color: Option<Rgb>,
    /// Underlined text (links).
    pub underline: bool,
    /// A solid fill.
    pub fill: Option<Rgb>,
    /// A thin border all round, in this colour.
    pub border: Option<Rgb>,
    /// Text wrapped within the column's width.
    pub wrap: bool,
    /// Horizontal alignment.
    pub align: Align,
    /// Text aligned to the top of the cell.
    pub top: bool,
    /// A number format code (`0`, `dd.mm.yyyy`).
    pub number_format: Option<String>,
    /// Unlocked: editable when the sheet is protected.
    pub unlocked: bool,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Align {
    /// Excel's default: text left, numbers right.
    #[default]
    General,
    /// Left.
    Left,
    /// Centred.
    Center,
}

/// A change to the format a user's cell already has; its value stays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Restyle {
    /// A solid fill instead of the cell's own.
    pub fill: Option<Rgb>,
    /// Unlocked, so it can be edited under sheet protection.
    pub unlock: bool,
    /// The workbook's default font face instead of a symbol font
    /// (Wingdings `J` rewritten as `☺` must not stay in Wingdings).
    pub plain_font: bool,
    /// An earlier hand-out's mark taken off: no fill, locked again (the
    /// cell is one opfolg opened and filled blue; see `locks::marked_cells`).
    pub unmark: bool,
}

impl Restyle {
    /// Whether the format stays as it is.
    pub fn is_none(&self) -> bool {
        *self == Restyle::default()
    }

    /// Both changes at once (`self`'s fill wins).
    #[must_use]
    pub fn and(self, other: Restyle) -> Restyle {
        Restyle {
            fill: self.fill.or(other.fill),
            unlock: self.unlock || other.unlock,
            plain_font: self.plain_font || other.plain_font,
            unmark: self.unmark || other.unmark,
        }
    }
}

/// The format of a cell opfolg writes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Style {
    /// A format of opfolg's own.
    New(Look),
    /// The format the cell already has (on an existing sheet), changed.
    Own(Restyle),
}

/// One run of rich text.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The run's text.
    pub text: String,
    /// Bold (inserted words).
    pub bold: bool,
    /// Struck through (deleted words).
    pub strike: bool,
    /// The run's colour, else the cell's.
    pub color: Option<Rgb>,
}

/// A value opfolg writes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Plain text (written as an inline string).
    Text(String),
    /// Rich text: runs with their own fonts.
    Rich(Vec<Run>),
    /// A number.
    Number(f64),
    /// A formula (without its `=`: `SUM(D5:D9)`) and the result it has
    /// now, written with it so that a program that does not calculate
    /// shows it too.
    Formula(String, f64),
    /// No value: only the format.
    Blank,
}

/// A cell opfolg writes (new, or replacing the user's value).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// What the cell holds.
    pub value: Value,
    /// How it looks.
    pub style: Style,
}

/// A cell as [`Cells`] keeps it: its look is an index into the
/// sheet's table of looks (a workbook's 100,000s of cells share a few).
#[derive(Debug, Clone, PartialEq)]
struct Slot {
    value: Value,
    style: u32,
}

/// A cell read from [`Cells`]: its value and its format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellRef<'a> {
    /// What the cell holds.
    pub value: &'a Value,
    /// How it looks.
    pub style: &'a Style,
}

impl Cell {
    /// The cell as [`Cells`] gives it.
    pub fn as_ref(&self) -> CellRef<'_> {
        CellRef {
            value: &self.value,
            style: &self.style,
        }
    }
}

/// The cells of a sheet to write, by (row, col), each distinct format
/// kept once: a map of [`Cell`]s, held compactly (a large sheet has
/// 100,000s of cells in a handful of formats).
#[derive(Debug, Clone, Default)]
pub struct Cells {
    map: BTreeMap<(u32, u16), Slot>,
    /// The formats, in the order they were first used.
    styles: Vec<Style>,
    /// Each format's index in `styles`.
    index: HashMap<Style, u32>,
}

impl Cells {
    /// Writes `cell` at `at` (replacing what was written there).
    pub fn insert(&mut self, at: (u32, u16), cell: Cell) {
        let style = self.intern(cell.style);
        self.map.insert(
            at,
            Slot {
                value: cell.value,
                style,
            },
        );
    }

    /// The index of `style` in the table, added if new.
    fn intern(&mut self, style: Style) -> u32 {
        // Cells are mostly written in runs of one format.
        if let Some(last) = self.styles.last()
            && *last == style
        {
            return (self.styles.len() - 1) as u32;
        }
        if let Some(&i) = self.index.get(&style) {
            return i;
        }
        let i = u32::try_from(self.styles.len()).expect("fewer than 2^32 formats");
        self.styles.push(style.clone());
        self.index.insert(style, i);
        i
    }

    fn view<'a>(&'a self, slot: &'a Slot) -> CellRef<'a> {
        CellRef {
            value: &slot.value,
            style: &self.styles[slot.style as usize],
        }
    }

    /// The cell written at `at`.
    pub fn get(&self, at: &(u32, u16)) -> Option<CellRef<'_>> {
        self.map.get(at).map(|s| self.view(s))
    }

    /// Whether a cell is written at `at`.
    pub fn contains_key(&self, at: &(u32, u16)) -> bool {
        self.map.contains_key(at)
    }

    /// The cells in order of (row, col).
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&(u32, u16), CellRef<'_>)> {
        self.map.iter().map(|(k, s)| (k, self.view(s)))
    }

    /// The cells in `range`, in order.
    pub fn range<R: std::ops::RangeBounds<(u32, u16)>>(
        &self,
        range: R,
    ) -> impl DoubleEndedIterator<Item = (&(u32, u16), CellRef<'_>)> {
        self.map.range(range).map(|(k, s)| (k, self.view(s)))
    }

    /// The positions written, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &(u32, u16)> {
        self.map.keys()
    }

    /// How many cells are written.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Merges into each cell with [`Style::Own`] the restyle `restyle`
    /// has for its place, taken out of `restyle` (a cell written anew
    /// takes its restyle in its own format).
    pub fn merge_restyles(&mut self, restyle: &mut BTreeMap<(u32, u16), Restyle>) {
        if restyle.is_empty() {
            return;
        }
        let keys: Vec<(u32, u16)> = self.map.keys().copied().collect();
        for at in keys {
            let Style::Own(r) = self.styles[self.map[&at].style as usize] else {
                continue;
            };
            if let Some(x) = restyle.remove(&at) {
                let style = self.intern(Style::Own(r.and(x)));
                if let Some(slot) = self.map.get_mut(&at) {
                    slot.style = style;
                }
            }
        }
    }

    /// Rebuilds the map with full nodes: a map filled in order of its keys
    /// keeps its nodes about half full; one built from sorted cells at once
    /// fills them (half the memory, for the rest of the run).
    pub fn compact(&mut self) {
        self.map = std::mem::take(&mut self.map).into_iter().collect();
    }
}

impl<'a> IntoIterator for &'a Cells {
    type Item = (&'a (u32, u16), CellRef<'a>);
    type IntoIter = Box<dyn Iterator<Item = Self::Item> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl FromIterator<((u32, u16), Cell)> for Cells {
    fn from_iter<I: IntoIterator<Item = ((u32, u16), Cell)>>(iter: I) -> Self {
        let mut cells = Cells::default();
        for (at, cell) in iter {
            cells.insert(at, cell);
        }
        cells
    }
}

/// A note (comment) on a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The note's text (the author is `Edits::note_author`).
    pub text: String,
}

/// Conditional formats: cells in `sqref` containing `text` get `fill`
/// and `font` colours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextRule {
    /// The cells, as A1 ranges separated by spaces.
    pub sqref: String,
    /// The text a cell must contain (a smiley glyph).
    pub text: String,
    /// The fill such a cell gets.
    pub fill: Rgb,
    /// The font colour such a cell gets.
    pub font: Rgb,
}

/// A drop-down list on the cells of `sqref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRule {
    /// The cells, as A1 ranges separated by spaces.
    pub sqref: String,
    /// The choices, in order.
    pub items: Vec<String>,
    /// Shown when a cell is selected: (title, message).
    pub prompt: Option<(String, String)>,
    /// Shown when something else is typed: (title, message).
    pub error: Option<(String, String)>,
}

/// How a sheet prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Print {
    /// Landscape rather than portrait.
    pub landscape: bool,
    /// Fit to the width of one page (any number of pages down).
    pub fit_width: bool,
    /// A4 paper.
    pub a4: bool,
    /// Rows repeated at the top of every page (first, last), 0-based.
    pub repeat_rows: Option<(u32, u32)>,
    /// The printed area, (first row, first col, last row, last col).
    pub area: Option<(u32, u16, u32, u16)>,
    /// Page breaks before these rows (0-based).
    pub row_breaks: Vec<u32>,
    /// A centred header line on every page.
    pub header: Option<String>,
    /// Lay the pages out from the sheet's own measures (existing sheets).
    pub pages: Option<Pages>,
}

/// How an existing sheet is laid out on paper: the patcher measures its
/// columns and rows and chooses orientation, scale and breaks
/// (`package::paper`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pages {
    /// The columns printed side by side (first, last), 0-based; the print
    /// area when the sheet has none of the user's.
    pub columns: (u16, u16),
    /// The print area an earlier run wrote (columns), replaced by this one.
    pub earlier_columns: Option<(u16, u16)>,
    /// Whether an earlier run may have written the page setup (the sheet
    /// carries our columns): one with only our attributes is replaced.
    pub earlier: bool,
    /// Row groups kept on one page where they fit (first, last), in order.
    pub keep: Vec<(u32, u32)>,
    /// opfolg's printed columns and the narrowest each may become to fit
    /// the page (characters).
    pub narrow: Vec<(u16, f64)>,
    /// The smallest printed text size, in points.
    pub min_font_pt: f64,
}

/// Changes to one existing worksheet.
#[derive(Debug, Clone, Default)]
pub struct SheetEdits {
    /// Columns whose cells all go (an earlier annotation's), 0-based.
    pub clear_columns: Vec<u16>,
    /// Cells to write, by (row, col).
    pub cells: Cells,
    /// Cells whose value stays and whose format changes.
    pub restyle: BTreeMap<(u32, u16), Restyle>,
    /// Widths (in characters) of the columns opfolg adds.
    pub widths: Vec<(u16, f64)>,
    /// Conditional formats to add; containsText rules with one of
    /// `drop_rule_texts` are an earlier annotation's and go.
    pub text_rules: Vec<TextRule>,
    /// The texts of an earlier annotation's containsText rules.
    pub drop_rule_texts: Vec<String>,
    /// Drop-down lists to add; list validations whose items equal
    /// `drop_list` are an earlier annotation's and go.
    pub lists: Vec<ListRule>,
    /// The items of an earlier annotation's drop-down lists.
    pub drop_lists: Vec<Vec<String>>,
    /// Notes to add, by (row, col). A cell with a note of the user's keeps
    /// it, with ours appended.
    pub notes: BTreeMap<(u32, u16), Note>,
    /// Protect the sheet (no password).
    pub protect: bool,
    /// Lift a protection without a password (an earlier hand-out's); one
    /// with a password is the user's and stays.
    pub unprotect: bool,
    /// Heights (points) rows need for opfolg's text: a row is raised to
    /// it unless the user fixed its height; never lowered.
    pub min_heights: BTreeMap<u32, f64>,
    /// Print settings for a sheet that has none of its own (a user's page
    /// setup always wins).
    pub print: Option<Print>,
    /// Rows that go out of the workbook's content but keep their place:
    /// every cell's value (and formula) taken away, its format kept, and
    /// the row hidden. Nothing else in the workbook moves, so every
    /// reference to a row (merges, rules, names, formulas, pictures, notes)
    /// stays right. A cell that starts a shared or array formula other
    /// cells use keeps it.
    pub hide_rows: std::collections::BTreeSet<u32>,
}

impl SheetEdits {
    /// Its maps rebuilt with full nodes, once it is made (see
    /// [`Cells::compact`]).
    pub fn compact(&mut self) {
        self.cells.compact();
        self.restyle = std::mem::take(&mut self.restyle).into_iter().collect();
        self.notes = std::mem::take(&mut self.notes).into_iter().collect();
    }

    /// Whether the sheet stays as it is.
    pub fn is_empty(&self) -> bool {
        self.clear_columns.is_empty()
            && self.cells.is_empty()
            && self.restyle.is_empty()
            && self.widths.is_empty()
            && self.text_rules.is_empty()
            && self.drop_rule_texts.is_empty()
            && self.lists.is_empty()
            && self.drop_lists.is_empty()
            && self.notes.is_empty()
            && !self.protect
            && !self.unprotect
            && self.min_heights.is_empty()
            && self.print.is_none()
            && self.hide_rows.is_empty()
    }
}

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ChartKind {
    /// Columns, the series stacked on each other (smiley counts).
    #[default]
    StackedColumn,
    /// Horizontal bars, the series side by side (amounts, which may be
    /// negative), the categories top to bottom in the table's order.
    ClusteredBar,
}

/// A chart of a table on a new sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// How it draws its series.
    pub kind: ChartKind,
    /// The chart's title.
    pub title: String,
    /// Top-left cell of the chart (row, col), and its size in pixels.
    pub at: (u32, u16),
    /// Width and height in pixels.
    pub size: (u32, u32),
    /// The category labels: rows `rows` of column `label_col`.
    pub rows: (u32, u32),
    /// The column of the category labels.
    pub label_col: u16,
    /// One series per column: (name, column, colour).
    pub series: Vec<(String, u16, Rgb)>,
    /// The value axis' number format (`General`: the cells').
    pub value_format: Option<String>,
}

/// A link from a cell to a cell of the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The sheet linked to, by name.
    pub sheet: String,
    /// The cell linked to, in A1 style.
    pub cell: String,
}

/// Where a new sheet goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Before every other sheet.
    First,
    /// After every other sheet.
    Last,
    /// In the place of this existing sheet (an earlier one of ours), which
    /// it replaces.
    Replace(usize),
}

/// A sheet opfolg adds.
#[derive(Debug, Clone)]
pub struct NewSheet {
    /// The sheet's name (free of the workbook's others).
    pub name: String,
    /// Where it goes among the workbook's sheets.
    pub place: Place,
    /// A hidden sheet-scoped defined name that marks it as opfolg's:
    /// (name, value).
    pub mark: Option<(String, String)>,
    /// Its cells, by (row, col).
    pub cells: Cells,
    /// Cells that link elsewhere in the workbook, by (row, col).
    pub links: BTreeMap<(u32, u16), Link>,
    /// Column widths in characters, by column.
    pub widths: Vec<(u16, f64)>,
    /// Row heights in points.
    pub heights: BTreeMap<u32, f64>,
    /// Rows frozen at the top.
    pub freeze_rows: u32,
    /// An autofilter over (first row, first col, last row, last col).
    pub autofilter: Option<(u32, u16, u32, u16)>,
    /// How it prints.
    pub print: Print,
    /// Its charts.
    pub charts: Vec<Chart>,
}

impl NewSheet {
    /// Its maps rebuilt with full nodes, once it is made (see
    /// [`Cells::compact`]).
    pub fn compact(&mut self) {
        self.cells.compact();
        self.links = std::mem::take(&mut self.links).into_iter().collect();
    }

    /// An empty sheet called `name`, placed last.
    pub fn new(name: &str) -> NewSheet {
        NewSheet {
            name: name.to_string(),
            place: Place::Last,
            mark: None,
            cells: Cells::default(),
            links: BTreeMap::new(),
            widths: Vec::new(),
            heights: BTreeMap::new(),
            freeze_rows: 0,
            autofilter: None,
            print: Print::default(),
            charts: Vec::new(),
        }
    }
}

/// A defined name to add to the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name (`_opfolg`).
    pub name: String,
    /// The sheet it belongs to (index in the output's sheet order of the
    /// existing sheets, before new ones are placed), or workbook-wide.
    pub sheet: Option<usize>,
    /// What it stands for: a formula or a constant (`"checks"`).
    pub value: String,
    /// Hidden from Excel's Name Manager.
    pub hidden: bool,
}

/// Every change to a package.
#[derive(Debug, Clone, Default)]
pub struct Edits {
    /// Changes to existing worksheets, by sheet index (order in
    /// workbook.xml).
    pub sheets: BTreeMap<usize, SheetEdits>,
    /// Sheets to add.
    pub new_sheets: Vec<NewSheet>,
    /// Existing sheets to remove (earlier ones of opfolg's not made again).
    pub remove_sheets: Vec<usize>,
    /// Workbook-wide defined names to add.
    pub names: Vec<Name>,
    /// Defined names (any scope) to remove: an earlier annotation's marks.
    pub remove_names: Vec<String>,
    /// The author written on new notes: notes of this author are an
    /// earlier run's, and go.
    pub note_author: String,
    /// Other authors whose notes are an earlier run's and go (opfolg's
    /// annotation notes, when the new notes are written by another).
    pub drop_note_authors: Vec<String>,
    /// A hidden sheet-scoped name that keeps the print area opfolg set on
    /// a sheet: a later run knows that print setup as its own (and
    /// replaces it) however the area reads; `None`: no such mark.
    pub print_mark: Option<String>,
}
