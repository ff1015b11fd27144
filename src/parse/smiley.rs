//! Smiley cells: glyphs, Wingdings letters, words and coloured fills.

use crate::model::{Smiley, SmileyCell};
use crate::template::Smileys;

/// Strips what never distinguishes two smiley spellings: variation
/// selectors, spaces and case.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}') && !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Reads a smiley cell's text. `wingdings` says the cell's font is
/// Wingdings; `smiley_column` that the cell stands in a smiley column, where
/// a bare `J`, `K` or `L` is the Wingdings face even when the font is lost.
///
/// ```
/// use opfolg::{model::{Smiley, SmileyCell}, parse::smiley::parse_smiley, template::Template};
/// let t = Template::danish();
/// assert_eq!(parse_smiley("☺", false, true, &t.smileys), SmileyCell::Rated(Smiley::Happy));
/// assert_eq!(parse_smiley("L", true, false, &t.smileys), SmileyCell::Rated(Smiley::Sad));
/// ```
pub fn parse_smiley(text: &str, wingdings: bool, smiley_column: bool, t: &Smileys) -> SmileyCell {
    let key = normalise(&crate::parse::text::strip_html(text));
    if key.is_empty() {
        return SmileyCell::Empty;
    }
    let compared = t.compared.get_or_init(|| {
        let all = |l: &[String]| l.iter().map(|w| normalise(w)).collect();
        [
            all(&t.happy),
            all(&t.neutral),
            all(&t.sad),
            vec![normalise(&t.wingdings_happy)],
            vec![normalise(&t.wingdings_neutral)],
            vec![normalise(&t.wingdings_sad)],
        ]
    });
    let faces = [Smiley::Happy, Smiley::Neutral, Smiley::Sad];
    for (smiley, words) in faces.into_iter().zip(&compared[..3]) {
        if words.contains(&key) {
            return SmileyCell::Rated(smiley);
        }
    }
    if wingdings || smiley_column {
        for (smiley, letter) in faces.into_iter().zip(&compared[3..]) {
            if letter.contains(&key) {
                return SmileyCell::Rated(smiley);
            }
        }
    }
    SmileyCell::Unrecognised(text.trim().to_string())
}

/// The smiley a solid cell fill stands for, judged by hue: green, yellow or
/// amber, red. White, grey, black and pale washes are not smileys.
///
/// ```
/// use opfolg::{model::Smiley, parse::smiley::fill_smiley};
/// assert_eq!(fill_smiley(0x00, 0xB0, 0x50), Some(Smiley::Happy));
/// assert_eq!(fill_smiley(0xFF, 0xC0, 0x00), Some(Smiley::Neutral));
/// assert_eq!(fill_smiley(0xD9, 0xD9, 0xD9), None);
/// ```
pub fn fill_smiley(r: u8, g: u8, b: u8) -> Option<Smiley> {
    let (r, g, b) = (f64::from(r), f64::from(g), f64::from(b));
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let delta = max - min;
    // Too dark to be read as a colour, or too grey to be one.
    if max < 80.0 || delta / max < 0.12 {
        return None;
    }
    let hue = if max == r {
        60.0 * (((g - b) / delta).rem_euclid(6.0))
    } else if max == g {
        60.0 * ((b - r) / delta + 2.0)
    } else {
        60.0 * ((r - g) / delta + 4.0)
    };
    match hue {
        h if !(25.0..330.0).contains(&h) => Some(Smiley::Sad),
        h if (25.0..72.0).contains(&h) => Some(Smiley::Neutral),
        h if (72.0..=175.0).contains(&h) => Some(Smiley::Happy),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;

    #[test]
    fn every_spelling_in_the_spec() {
        let t = Template::danish();
        use Smiley::*;
        let cases: &[(&str, bool, bool, Option<Smiley>)] = &[
            ("☺", false, true, Some(Happy)),
            ("☺\u{fe0f}", false, true, Some(Happy)),
            ("☻", false, true, Some(Happy)),
            ("🙂", false, true, Some(Happy)),
            ("😊", false, true, Some(Happy)),
            ("😀", false, true, Some(Happy)),
            ("J", true, false, Some(Happy)),
            ("j", false, true, Some(Happy)),
            ("Glad", false, true, Some(Happy)),
            ("GRØN", false, true, Some(Happy)),
            ("green", false, true, Some(Happy)),
            (":)", false, true, Some(Happy)),
            (" : ) ", false, true, Some(Happy)),
            ("😐", false, true, Some(Neutral)),
            ("😑", false, true, Some(Neutral)),
            ("K", true, false, Some(Neutral)),
            ("K", false, true, Some(Neutral)),
            ("neutral", false, true, Some(Neutral)),
            ("gul", false, true, Some(Neutral)),
            ("Yellow", false, true, Some(Neutral)),
            (":|", false, true, Some(Neutral)),
            ("☹", false, true, Some(Sad)),
            ("☹\u{fe0f}", false, true, Some(Sad)),
            ("🙁", false, true, Some(Sad)),
            ("😞", false, true, Some(Sad)),
            ("😟", false, true, Some(Sad)),
            ("L", true, false, Some(Sad)),
            ("L", false, true, Some(Sad)),
            ("sur", false, true, Some(Sad)),
            ("Rød", false, true, Some(Sad)),
            ("red", false, true, Some(Sad)),
            (":(", false, true, Some(Sad)),
            ("<p>☺</p>", false, true, Some(Happy)),
        ];
        for (text, wd, col, want) in cases {
            let got = parse_smiley(text, *wd, *col, &t.smileys);
            assert_eq!(got.smiley(), *want, "{text:?}");
        }
    }

    #[test]
    fn letters_outside_wingdings_and_smiley_columns_are_text() {
        let t = Template::danish();
        assert_eq!(
            parse_smiley("J", false, false, &t.smileys),
            SmileyCell::Unrecognised("J".into())
        );
    }

    #[test]
    fn empty_and_unrecognised() {
        let t = Template::danish();
        assert_eq!(
            parse_smiley("  ", false, true, &t.smileys),
            SmileyCell::Empty
        );
        for bad in ["ok", "?", "x", "☺☺", "delvist"] {
            assert_eq!(
                parse_smiley(bad, false, true, &t.smileys),
                SmileyCell::Unrecognised(bad.into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn fills_by_hue() {
        use Smiley::*;
        let cases = [
            (0x00B050, Some(Happy)),
            (0x92D050, Some(Happy)),
            (0xC6EFCE, Some(Happy)),
            (0xFFFF00, Some(Neutral)),
            (0xFFC000, Some(Neutral)),
            (0xFFEB9C, Some(Neutral)),
            (0xFF0000, Some(Sad)),
            (0xC00000, Some(Sad)),
            (0xFFC7CE, Some(Sad)),
            (0xFFFFFF, None),
            (0xD9D9D9, None),
            (0x808080, None),
            (0x000000, None),
            (0x0070C0, None),
        ];
        for (rgb, want) in cases {
            let (r, g, b) = ((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8);
            assert_eq!(fill_smiley(r, g, b), want, "{rgb:06X}");
        }
    }
}
