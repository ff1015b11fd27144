//! Comparing two follow-up rounds: first align (which initiative and
//! milestone of the previous round is which of the current), then compare
//! fields and emit [`Change`]s.

mod align;
mod compare;
mod tables;
pub mod words;

use serde::Serialize;

use crate::model::{Amount, CellRef, Round, Smiley, Workbook};
use crate::template::Template;

pub use align::{Alignment, IniRef, MilestonePairs, align, align_milestones};

/// Which field of an initiative changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The header, id and title together: a renumbering shows too.
    Title,
    /// The kind of budget line in the header row (`Drift`/`Anlæg`).
    Kind,
    /// The description row's two cells, each compared whole.
    Description,
    /// A milestone's text (before `Status:`).
    Milestone,
    /// A `Status:` paragraph, of a milestone or the economy.
    Status,
    /// The economy row: its text, an amount in it, or its smiley.
    Economy,
    /// The smiley of a milestone.
    Effort,
    /// A text cell of an amount table's row: the change's `column` names it.
    Cell,
}

/// Which way a smiley moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Better than the previous round (☹ → 😐, 😐 → ☺, ☹ → ☺).
    Improved,
    /// Worse than the previous round.
    Worsened,
    /// Given where the previous round had none.
    Set,
    /// Given in the previous round, empty now.
    Cleared,
}

/// One word-level piece of a text change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Whether these words were kept, deleted or inserted.
    pub op: SegmentOp,
    /// The words with the whitespace between them, as written.
    pub text: String,
}

/// Whether a segment was kept, deleted or inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentOp {
    /// In both texts.
    Equal,
    /// Only in the previous round's text.
    Delete,
    /// Only in the current round's text.
    Insert,
}

/// What changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// An initiative the previous round did not have.
    InitiativeAdded {
        /// Its title.
        title: String,
    },
    /// An initiative of the previous round that is gone.
    InitiativeRemoved {
        /// Its title in the previous round.
        title: String,
    },
    /// A milestone the previous round did not have.
    MilestoneAdded {
        /// Its text (before `Status:`).
        text: String,
    },
    /// A milestone of the previous round that is gone.
    MilestoneRemoved {
        /// Its text in the previous round.
        text: String,
    },
    /// A milestone's or the economy's smiley changed.
    SmileyChanged {
        /// [`Field::Effort`] for a milestone, [`Field::Economy`] for the economy.
        field: Field,
        /// The previous round's smiley; `None` if it was empty or unrecognised.
        before: Option<Smiley>,
        /// This round's smiley; `None` if empty or unrecognised.
        after: Option<Smiley>,
        /// Which way it moved.
        direction: Direction,
        /// The best smiley the row ever had before (previous round and its
        /// history columns): D002 looks at it.
        best_before: Option<Smiley>,
    },
    /// A text was rewritten (whitespace alone is no change).
    TextChanged {
        /// Which text.
        field: Field,
        /// The previous round's text (empty if it had none).
        before: String,
        /// This round's text (empty if it has none).
        after: String,
        /// The texts word by word, the changed words marked.
        segments: Vec<Segment>,
    },
    /// A milestone's deadline now reads differently.
    DeadlineMoved {
        /// The previous deadline as written.
        before: String,
        /// The current deadline as written.
        after: String,
        /// A postponement: the deadline moved to a later round (or year),
        /// and this is the (year, round) it was due in before. `None` for
        /// a move within its round, to an earlier one, or from or to words
        /// that are no deadline.
        postponed_from: Option<(i32, Round)>,
    },
    /// An amount in the economy text, or an amount-table cell, changed.
    AmountChanged {
        /// The previous amount (a table cell the row lacked is zero).
        before: Amount,
        /// The current amount.
        after: Amount,
    },
    /// A row of an amount table, by its key.
    RowAdded {
        /// The row's key: its item number, else its label.
        key: String,
    },
    /// A row of the previous round's amount table that is gone.
    RowRemoved {
        /// The row's key in the previous round.
        key: String,
    },
}

impl Kind {
    /// Whether the change is a deadline moved to a later round (or year).
    pub fn is_postponement(&self) -> bool {
        matches!(
            self,
            Kind::DeadlineMoved {
                postponed_from: Some(_),
                ..
            }
        )
    }

    /// The kind's name in the JSON (`smiley_changed`).
    pub fn name(&self) -> &'static str {
        match self {
            Kind::InitiativeAdded { .. } => "initiative_added",
            Kind::InitiativeRemoved { .. } => "initiative_removed",
            Kind::MilestoneAdded { .. } => "milestone_added",
            Kind::MilestoneRemoved { .. } => "milestone_removed",
            Kind::SmileyChanged { .. } => "smiley_changed",
            Kind::TextChanged { .. } => "text_changed",
            Kind::DeadlineMoved { .. } => "deadline_moved",
            Kind::AmountChanged { .. } => "amount_changed",
            Kind::RowAdded { .. } => "row_added",
            Kind::RowRemoved { .. } => "row_removed",
        }
    }
}

/// One change between the previous and the current round.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The cell it concerns: in the current workbook, or the previous one
    /// for removals.
    pub cell: CellRef,
    /// The name of `cell`'s sheet, in the workbook `cell` is in.
    pub sheet: String,
    /// Whether `cell` is in the previous workbook.
    pub in_previous: bool,
    /// The initiative's id (`3.01`); `None` for table changes and initiatives without one.
    pub initiative: Option<String>,
    /// 1-based position of the milestone (current; previous for removals).
    pub milestone: Option<usize>,
    /// The row key, for amount tables.
    pub row: Option<String>,
    /// The row's group (`Drift`, `Anlæg`), for amount tables that have groups.
    pub group: Option<String>,
    /// The column header of a changed table cell (`2025`); `None` otherwise.
    pub column: Option<String>,
    /// What changed, with the before and after.
    pub kind: Kind,
}

/// Two rounds compared: which initiative and milestone is which, and what
/// changed. Computed once; the checks, the report and the annotation all
/// read it.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Which initiative and milestone of the previous round is which of the current.
    pub alignment: Alignment,
    /// Every change: the blocks' in alignment order, then the tables'.
    pub changes: Vec<Change>,
}

/// Compares two rounds: align, then compare the aligned fields and tables.
pub fn compare(previous: &Workbook, current: &Workbook, t: &Template) -> Comparison {
    let alignment = align(previous, current);
    let mut changes = compare::changes(previous, current, &alignment, t);
    changes.extend(tables::changes(previous, current));
    Comparison { alignment, changes }
}

/// The changes between two rounds (see [`compare`]).
pub fn diff(previous: &Workbook, current: &Workbook, t: &Template) -> Vec<Change> {
    compare(previous, current, t).changes
}
