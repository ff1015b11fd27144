//! What opfolg adds to a workbook, described once: the columns right of a
//! block (smiley history, `Ændring`, `Kontrol`), the sheets it adds and
//! the mark that tells them from a user's sheets of the same name, the
//! hand-out's mark, and the colours of it all. The reader uses this to
//! recognise an annotated workbook, the planner to write one.

use crate::model::{Round, Smiley};
use crate::parse::text::fold;
use crate::template::Template;

/// The columns opfolg adds right of a block, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The smileys of one round: `Smiley 2. opf.`.
    Smiley(Round),
    /// What changed since the previous round.
    Change,
    /// The row's findings.
    Check,
}

impl Column {
    /// The header of the column, in the template's words.
    pub fn header(self, t: &Template) -> String {
        match self {
            Column::Smiley(round) => t.smiley_column(round),
            Column::Change => t.output.change_column.clone(),
            Column::Check => t.output.check_column.clone(),
        }
    }

    /// The added column a header cell names, if it names one.
    pub fn recognise(text: &str, t: &Template) -> Option<Column> {
        let label = fold(text);
        if label.is_empty() {
            return None;
        }
        if let Some(round) = (0..=4u8).find(|n| label == fold(&t.smiley_column(*n))) {
            return Some(Column::Smiley(round));
        }
        if label == fold(&t.output.change_column) {
            return Some(Column::Change);
        }
        (label == fold(&t.output.check_column)).then_some(Column::Check)
    }

    /// The narrowest the column may print, in characters: a smiley and
    /// its header over two lines; a change's words a few a line.
    pub fn narrowest(self) -> f64 {
        match self {
            Column::Smiley(_) => 6.0,
            Column::Change => 14.0,
            Column::Check => 30.0,
        }
    }

    /// The width of the column, in characters.
    pub fn width(self) -> f64 {
        match self {
            Column::Smiley(_) => 12.0,
            Column::Change => 26.0,
            Column::Check => 50.0,
        }
    }
}

pub use crate::model::Generated;

/// The name of the hidden, sheet-scoped defined name that marks a sheet
/// as opfolg's; its value says which one (`"checks"`). Excel and
/// LibreOffice keep defined names, and it follows the sheet if renamed.
pub const MARK: &str = "_opfolg";

/// The workbook-wide hidden name that marks a hand-out; its value is the
/// round it was sent out for.
pub const HANDOUT_MARK: &str = "_opfolg_handout";

/// The workbook-wide hidden name of a center's hand-out; its value is the
/// center (empty: the initiatives that name none).
pub const CENTER_MARK: &str = "_opfolg_center";

/// The hidden sheet-scoped name that keeps the print area opfolg set on a
/// sheet (its value is that area): the next step knows that print setup as
/// its own and replaces it, the user's own stays.
pub const PRINT_MARK: &str = "_opfolg_print";

impl Generated {
    /// Every kind, in the order they are added.
    pub const ALL: [Generated; 5] = [
        Generated::Changes,
        Generated::Checks,
        Generated::Summary,
        Generated::Guide,
        Generated::Collected,
    ];

    /// The value of the sheet's mark.
    pub fn mark_value(self) -> &'static str {
        match self {
            Generated::Changes => "\"changes\"",
            Generated::Checks => "\"checks\"",
            Generated::Summary => "\"summary\"",
            Generated::Guide => "\"guide\"",
            Generated::Collected => "\"collected\"",
        }
    }

    /// The kind a mark's value names.
    pub fn from_mark(value: &str) -> Option<Generated> {
        Generated::ALL
            .into_iter()
            .find(|g| g.mark_value() == value.trim())
    }

    /// The sheet's name in the template's words.
    pub fn name(self, t: &Template) -> &str {
        match self {
            Generated::Changes => &t.output.changes_sheet,
            Generated::Checks => &t.output.checks_sheet,
            Generated::Summary => &t.output.summary_sheet,
            Generated::Guide => &t.handout.guide_sheet,
            Generated::Collected => &t.collect.sheet,
        }
    }

    /// The first row an older opfolg wrote on this sheet, by which a sheet
    /// of ours without a mark is still known (workbooks annotated before
    /// the mark existed): the exact header row, or the title.
    pub fn legacy_first_row(self, t: &Template) -> Vec<String> {
        match self {
            Generated::Changes => t.annotate.changes_headers.clone(),
            Generated::Checks => t.annotate.checks_headers.clone(),
            Generated::Summary => vec![t.annotate.summary_title.clone()],
            Generated::Guide => vec![t.handout.guide_title.clone()],
            Generated::Collected => t.collect.headers.clone(),
        }
    }
}

/// A sheet name not taken by `taken` (case folded): `Kontrol`, else
/// `Kontrol (2)`, … within Excel's 31 characters.
///
/// ```
/// use opfolg::layout::free_name;
/// assert_eq!(free_name("Kontrol", &["Ark1".into()]), "Kontrol");
/// assert_eq!(free_name("Kontrol", &["kontrol".into()]), "Kontrol (2)");
/// ```
pub fn free_name(wanted: &str, taken: &[String]) -> String {
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if !is_taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let room = 31usize.saturating_sub(suffix.chars().count());
            let stem: String = wanted.chars().take(room).collect();
            format!("{stem}{suffix}")
        })
        .find(|n| !is_taken(n))
        .expect("a free name")
}

/// The colours opfolg writes with.
pub mod colours {
    use crate::model::Smiley;

    /// Header cells of the columns and sheets opfolg adds.
    pub const HEADER_FILL: u32 = 0xFFF2CC;
    /// Thin borders of added header cells.
    pub const HEADER_BORDER: u32 = 0xBFBFBF;
    /// Thin borders of added cells.
    pub const CELL_BORDER: u32 = 0xD9D9D9;
    /// The hand-out's cells to fill in: light blue, which no smiley rule
    /// reads as a smiley (yellow would read as 😐).
    pub const TO_FILL: u32 = 0xDDEBF7;
    /// An amount-table cell changed since the previous round.
    pub const CHANGED_FILL: u32 = 0xBDD7EE;
    /// Links on the generated sheets.
    pub const LINK: u32 = 0x0563C1;
    /// Deleted words of a changed text on `Ændringer` (struck through): dark red.
    pub const DELETED: u32 = 0xC00000;
    /// Inserted words of a changed text on `Ændringer` (bold): dark green.
    pub const INSERTED: u32 = 0x007A33;
    /// An error's code and severity cells on the `Kontrol` sheet: light red.
    pub const ERROR_FILL: u32 = 0xFFC7CE;
    /// A warning's code and severity cells on the `Kontrol` sheet: light yellow.
    pub const WARNING_FILL: u32 = 0xFFEB9C;

    /// Amounts in the money overview's charts: the first series, and the
    /// others in turn (Excel's own blue, grey, gold, dark blue).
    pub const AMOUNTS: [u32; 4] = [0x4472C4, 0xA5A5A5, 0xFFC000, 0x264478];

    /// The (fill, font) a smiley cell gets by conditional formatting:
    /// Excel's own Good, Neutral and Bad.
    pub fn smiley(s: Smiley) -> (u32, u32) {
        match s {
            Smiley::Happy => (0xC6EFCE, 0x006100),
            Smiley::Neutral => (0xFFEB9C, 0x9C5700),
            Smiley::Sad => (0xFFC7CE, 0x9C0006),
        }
    }

    /// The solid colour of a smiley in charts.
    pub fn chart(s: Smiley) -> u32 {
        match s {
            Smiley::Happy => 0x00B050,
            Smiley::Neutral => 0xFFC000,
            Smiley::Sad => 0xFF0000,
        }
    }
}

/// The three smileys in the order lists and tables show them.
pub const SMILEYS: [Smiley; 3] = [Smiley::Happy, Smiley::Neutral, Smiley::Sad];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_recognised_by_their_headers() {
        let t = Template::danish();
        for c in [
            Column::Smiley(1),
            Column::Smiley(4),
            Column::Change,
            Column::Check,
        ] {
            assert_eq!(Column::recognise(&c.header(&t), &t), Some(c));
        }
        assert_eq!(Column::recognise("Smiley", &t), None);
        assert_eq!(Column::recognise("", &t), None);
    }

    #[test]
    fn marks_round_trip() {
        for g in Generated::ALL {
            assert_eq!(Generated::from_mark(g.mark_value()), Some(g));
        }
        assert_eq!(Generated::from_mark("\"x\""), None);
    }

    #[test]
    fn free_names_stay_within_excels_limit() {
        let long = "x".repeat(31);
        let n = free_name(&long, std::slice::from_ref(&long));
        assert_eq!(n.chars().count(), 31);
        assert!(n.ends_with(" (2)"));
    }

    /// Regression: the first `new-round` highlighted the cells to fill in
    /// yellow, and an empty cell with a yellow fill reads as 😐.
    #[test]
    fn our_fills_are_not_read_as_smileys() {
        for rgb in [colours::TO_FILL, colours::CHANGED_FILL] {
            let (r, g, b) = ((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8);
            assert_eq!(
                crate::parse::smiley::fill_smiley(r, g, b),
                None,
                "{rgb:06X}"
            );
        }
    }
}
