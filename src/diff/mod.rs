//! Comparing two follow-up rounds: first align (which initiative and
//! milestone of the previous round is which of the current), then compare
//! fields and emit [`Change`]s.

mod align;
mod compare;
mod tables;
pub mod words;

use serde::Serialize;

use crate::model::{Amount, CellRef, Smiley, Workbook};

pub use align::{Alignment, IniRef, MilestonePairs, align, align_milestones};

/// Which field of an initiative changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Kind,
    Description,
    Milestone,
    Status,
    Economy,
    /// The smiley of a milestone.
    Effort,
}

/// Which way a smiley moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Improved,
    Worsened,
    Set,
    Cleared,
}

/// One word-level piece of a text change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub op: SegmentOp,
    pub text: String,
}

/// Whether a segment was kept, deleted or inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentOp {
    Equal,
    Delete,
    Insert,
}

/// What changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    InitiativeAdded {
        title: String,
    },
    InitiativeRemoved {
        title: String,
    },
    MilestoneAdded {
        text: String,
    },
    MilestoneRemoved {
        text: String,
    },
    SmileyChanged {
        field: Field,
        before: Option<Smiley>,
        after: Option<Smiley>,
        direction: Direction,
        /// The best smiley the row ever had before (previous round and its
        /// history columns): D002 looks at it.
        best_before: Option<Smiley>,
    },
    TextChanged {
        field: Field,
        before: String,
        after: String,
        segments: Vec<Segment>,
    },
    DeadlineMoved {
        before: String,
        after: String,
    },
    AmountChanged {
        before: Amount,
        after: Amount,
    },
    /// A row of an amount table, by its key.
    RowAdded {
        key: String,
    },
    RowRemoved {
        key: String,
    },
}

impl Kind {
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
    pub sheet: String,
    /// Whether `cell` is in the previous workbook.
    pub in_previous: bool,
    pub initiative: Option<String>,
    /// 1-based position of the milestone (current; previous for removals).
    pub milestone: Option<usize>,
    /// The row key and column header, for amount tables.
    pub row: Option<String>,
    pub column: Option<String>,
    pub kind: Kind,
}

/// Two rounds compared: which initiative and milestone is which, and what
/// changed. Computed once; the checks, the report and the annotation all
/// read it.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub alignment: Alignment,
    pub changes: Vec<Change>,
}

/// Compares two rounds: align, then compare the aligned fields and tables.
pub fn compare(previous: &Workbook, current: &Workbook) -> Comparison {
    let alignment = align(previous, current);
    let mut changes = compare::changes(previous, current, &alignment);
    changes.extend(tables::changes(previous, current));
    Comparison { alignment, changes }
}

/// The changes between two rounds (see [`compare`]).
pub fn diff(previous: &Workbook, current: &Workbook) -> Vec<Change> {
    compare(previous, current).changes
}
