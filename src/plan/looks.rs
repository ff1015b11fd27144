//! The looks of the cells opfolg writes, from the layout's colours.

use crate::layout::colours;
use crate::package::edits::{Align, Look};

/// Header cells of the added columns and sheets.
pub fn header() -> Look {
    Look {
        bold: true,
        wrap: true,
        top: true,
        fill: Some(colours::HEADER_FILL),
        border: Some(colours::HEADER_BORDER),
        ..Look::default()
    }
}

/// Text cells of the added columns and sheets: wrapped, at the top.
pub fn cell() -> Look {
    Look {
        wrap: true,
        top: true,
        border: Some(colours::CELL_BORDER),
        ..Look::default()
    }
}

/// Numbers in a table: centred.
pub fn number() -> Look {
    Look {
        align: Align::Center,
        ..cell()
    }
}

/// A smiley opfolg writes: centred, a size larger.
pub fn smiley() -> Look {
    Look {
        align: Align::Center,
        size_pt: Some(14),
        ..cell()
    }
}

/// A sheet's title.
pub fn title() -> Look {
    Look {
        bold: true,
        size_pt: Some(14),
        ..Look::default()
    }
}

/// A bold caption above a table.
pub fn caption() -> Look {
    Look {
        bold: true,
        ..Look::default()
    }
}

/// A link to a cell.
pub fn link() -> Look {
    Look {
        underline: true,
        font_color: Some(colours::LINK),
        top: true,
        border: Some(colours::CELL_BORDER),
        ..Look::default()
    }
}

/// A cell with a fill (findings by severity).
pub fn filled(fill: u32) -> Look {
    Look {
        fill: Some(fill),
        ..cell()
    }
}

/// Text in the reading guide: wrapped, at the top, no border.
pub fn prose() -> Look {
    Look {
        wrap: true,
        top: true,
        ..Look::default()
    }
}

/// A bold line in the reading guide.
pub fn prose_bold() -> Look {
    Look {
        bold: true,
        ..prose()
    }
}
