//! Carrying a cell's look over: calamine's [`calamine::Style`] as a
//! rust_xlsxwriter [`Format`], and the house style where the input has none.

use calamine::{
    Alignment, Border, BorderStyle, Borders, Fill, FillPattern, Font, FontStyle, FontWeight,
    HorizontalAlignment, Style, UnderlineStyle, VerticalAlignment,
};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatPattern, FormatUnderline};

fn color(c: calamine::Color) -> Color {
    Color::RGB((u32::from(c.red) << 16) | (u32::from(c.green) << 8) | u32::from(c.blue))
}

fn border(b: &Border) -> Option<(FormatBorder, Option<Color>)> {
    let style = match b.style {
        BorderStyle::None => return None,
        BorderStyle::Thin => FormatBorder::Thin,
        BorderStyle::Medium => FormatBorder::Medium,
        BorderStyle::Thick => FormatBorder::Thick,
        BorderStyle::Double => FormatBorder::Double,
        BorderStyle::Hair => FormatBorder::Hair,
        BorderStyle::Dashed => FormatBorder::Dashed,
        BorderStyle::Dotted => FormatBorder::Dotted,
        BorderStyle::MediumDashed => FormatBorder::MediumDashed,
        BorderStyle::DashDot => FormatBorder::DashDot,
        BorderStyle::MediumDashDot => FormatBorder::MediumDashDot,
        BorderStyle::DashDotDot => FormatBorder::DashDotDot,
        BorderStyle::MediumDashDotDot => FormatBorder::MediumDashDotDot,
        BorderStyle::SlantDashDot => FormatBorder::SlantDashDot,
        _ => FormatBorder::Thin,
    };
    Some((style, b.color.map(color)))
}

/// The format that gives a cell the look calamine read.
pub fn format_of(s: &Style) -> Format {
    let mut f = Format::new();
    if let Some(font) = &s.font {
        f = with_font(f, font);
    }
    if let Some(fill) = &s.fill
        && fill.pattern != FillPattern::None
    {
        f = with_fill(f, fill);
    }
    if let Some(b) = &s.borders {
        f = with_borders(f, b);
    }
    if let Some(a) = &s.alignment {
        f = with_alignment(f, a);
    }
    if let Some(n) = &s.number_format
        && !n.format_code.eq_ignore_ascii_case("general")
    {
        f = f.set_num_format(&n.format_code);
    }
    f
}

/// The font's name, size, weight, slant, underline, strike and colour.
fn with_font(mut f: Format, font: &Font) -> Format {
    if let Some(name) = &font.name {
        f = f.set_font_name(name);
    }
    if let Some(size) = font.size {
        f = f.set_font_size(size);
    }
    if font.weight == FontWeight::Bold {
        f = f.set_bold();
    }
    if font.style == FontStyle::Italic {
        f = f.set_italic();
    }
    f = match font.underline {
        UnderlineStyle::None => f,
        UnderlineStyle::Double => f.set_underline(FormatUnderline::Double),
        UnderlineStyle::SingleAccounting => f.set_underline(FormatUnderline::SingleAccounting),
        UnderlineStyle::DoubleAccounting => f.set_underline(FormatUnderline::DoubleAccounting),
        _ => f.set_underline(FormatUnderline::Single),
    };
    if font.strikethrough {
        f = f.set_font_strikethrough();
    }
    if let Some(c) = font.color {
        f = f.set_font_color(color(c));
    }
    f
}

/// A fill that is not `None`: a solid colour, else a pattern (written as
/// gray 12.5 %) with its colours.
fn with_fill(mut f: Format, fill: &Fill) -> Format {
    if fill.pattern == FillPattern::Solid {
        if let Some(c) = fill.get_color() {
            f = f
                .set_background_color(color(c))
                .set_pattern(FormatPattern::Solid);
        }
    } else {
        if let Some(c) = fill.foreground_color {
            f = f.set_foreground_color(color(c));
        }
        if let Some(c) = fill.background_color {
            f = f.set_background_color(color(c));
        }
        f = f.set_pattern(FormatPattern::Gray125);
    }
    f
}

/// The four borders with their colours.
fn with_borders(mut f: Format, b: &Borders) -> Format {
    if let Some((st, c)) = border(&b.left) {
        f = f.set_border_left(st);
        if let Some(c) = c {
            f = f.set_border_left_color(c);
        }
    }
    if let Some((st, c)) = border(&b.right) {
        f = f.set_border_right(st);
        if let Some(c) = c {
            f = f.set_border_right_color(c);
        }
    }
    if let Some((st, c)) = border(&b.top) {
        f = f.set_border_top(st);
        if let Some(c) = c {
            f = f.set_border_top_color(c);
        }
    }
    if let Some((st, c)) = border(&b.bottom) {
        f = f.set_border_bottom(st);
        if let Some(c) = c {
            f = f.set_border_bottom_color(c);
        }
    }
    f
}

/// Horizontal and vertical alignment, wrapping, indent, shrinking, rotation.
fn with_alignment(mut f: Format, a: &Alignment) -> Format {
    f = match a.horizontal {
        HorizontalAlignment::Left => f.set_align(FormatAlign::Left),
        HorizontalAlignment::Center => f.set_align(FormatAlign::Center),
        HorizontalAlignment::CenterContinuous => f.set_align(FormatAlign::CenterAcross),
        HorizontalAlignment::Right => f.set_align(FormatAlign::Right),
        HorizontalAlignment::Justify => f.set_align(FormatAlign::Justify),
        HorizontalAlignment::Distributed => f.set_align(FormatAlign::Distributed),
        HorizontalAlignment::Fill => f.set_align(FormatAlign::Fill),
        _ => f,
    };
    f = match a.vertical {
        VerticalAlignment::Top => f.set_align(FormatAlign::Top),
        VerticalAlignment::Center => f.set_align(FormatAlign::VerticalCenter),
        VerticalAlignment::Justify => f.set_align(FormatAlign::VerticalJustify),
        VerticalAlignment::Distributed => f.set_align(FormatAlign::VerticalDistributed),
        _ => f,
    };
    if a.wrap_text {
        f = f.set_text_wrap();
    }
    if let Some(i) = a.indent {
        f = f.set_indent(i);
    }
    if a.shrink_to_fit {
        f = f.set_shrink();
    }
    if let calamine::TextRotation::Degrees(d) = a.text_rotation
        && let Ok(d) = i16::try_from(d)
    {
        // OOXML stores -1..-90 as 91..180.
        f = f.set_rotation(if d > 90 { 90 - d } else { d });
    }
    f
}

/// Formats made once per distinct style: calamine hands out references into
/// its palette, so the address identifies the style.
#[derive(Default)]
pub struct FormatCache {
    by_style: rustc_hash::FxHashMap<*const Style, Format>,
}

impl FormatCache {
    /// The format for a style read by calamine.
    pub fn get(&mut self, s: &Style) -> &Format {
        self.by_style
            .entry(std::ptr::from_ref(s))
            .or_insert_with(|| format_of(s))
    }
}

/// The fill of an amount cell that changed since the previous round.
pub const CHANGED_FILL: Color = Color::RGB(0xBDD7EE);

/// The light blue of the cells to fill in a workbook sent out. Not green,
/// yellow or red: an empty smiley cell with such a fill reads as a smiley.
pub const TO_FILL: Color = Color::RGB(0xDDEBF7);

/// A cell a center fills in: unlocked under the sheet protection, blue.
pub fn to_fill(f: Format) -> Format {
    f.set_unlocked()
        .set_background_color(TO_FILL)
        .set_pattern(rust_xlsxwriter::FormatPattern::Solid)
}

/// The house style for inputs whose look cannot be read (.xls, .xlsb, .ods):
/// wrapped text at the top of the cell.
pub fn house_text() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// The house style of an initiative's header row.
pub fn house_header() -> Format {
    house_text()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
}

/// Header cells of the columns and sheets opfolg adds.
pub fn added_header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF))
}

/// Cells of the columns opfolg adds.
pub fn added_cell() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xD9D9D9))
}

/// Smiley cells opfolg writes: centred, a size larger.
pub fn smiley_cell() -> Format {
    added_cell()
        .set_align(FormatAlign::Center)
        .set_font_size(14)
}

/// The green, yellow and red of the smiley conditional formats (Excel's
/// own Good, Neutral and Bad).
pub fn smiley_colours() -> [(Format, u32); 3] {
    [
        (
            Format::new()
                .set_background_color(Color::RGB(0xC6EFCE))
                .set_font_color(Color::RGB(0x006100)),
            0x00B050,
        ),
        (
            Format::new()
                .set_background_color(Color::RGB(0xFFEB9C))
                .set_font_color(Color::RGB(0x9C5700)),
            0xFFC000,
        ),
        (
            Format::new()
                .set_background_color(Color::RGB(0xFFC7CE))
                .set_font_color(Color::RGB(0x9C0006)),
            0xFF0000,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: the first `new-round` highlighted the cells to fill in
    /// yellow, and an empty cell with a yellow fill reads as 😐, so every
    /// economy came back "neutral" before anyone had filled it in.
    #[test]
    fn the_fill_highlight_is_not_read_as_a_smiley() {
        for colour in [TO_FILL, CHANGED_FILL] {
            let Color::RGB(rgb) = colour else {
                panic!("an RGB colour")
            };
            let (r, g, b) = ((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8);
            assert_eq!(
                crate::parse::smiley::fill_smiley(r, g, b),
                None,
                "{rgb:06X}"
            );
        }
    }
}
