//! The unit a number cell's format shows: an economy amount typed as the
//! number 0,762 in a cell formatted `0.000 "mio. kr."` is 0,762 mio. kr.
//!
//! A format names its unit in its literal text: quoted (`"mio. kr."`),
//! escaped (`\k\r\.`) or as a currency (`[$kr.-406]`), with or without the
//! unit's dots and spaces. Trailing thousands commas scale the number
//! shown (`#,##0.000,, "mio. kr."` shows 762000 as 0,762 mio. kr.). The
//! units are the template's.

use super::raw::Value;
use crate::model::Amount;
use crate::parse::amount::float_scaled;
use crate::parse::text::fold;
use crate::template::Template;

/// The literal text of a format code's first section (quoted parts,
/// `\`-escaped characters, a currency's symbol), and how many thousands its
/// trailing commas divide by (`#,##0.0,,` shows millions).
fn literal_and_scale(code: &str) -> (String, u32) {
    let section = code.split(';').next().unwrap_or("");
    let mut literal = String::new();
    let mut commas = 0;
    let mut chars = section.chars().peekable();
    let mut after_digit = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    literal.push(q);
                }
                after_digit = false;
            }
            '\\' => {
                literal.extend(chars.next());
                after_digit = false;
            }
            // The width of a character (`_-`, `_)`) and a fill (`* `).
            '_' | '*' => {
                chars.next();
                after_digit = false;
            }
            // A currency, `[$kr.-406]`, `[$DKK]`; colours and conditions,
            // `[Red]`, `[<1000]`, are no text.
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q);
                }
                if let Some(currency) = inner.strip_prefix('$') {
                    let symbol = currency.split('-').next().unwrap_or("");
                    literal.push(' ');
                    literal.push_str(symbol);
                    literal.push(' ');
                }
                after_digit = false;
            }
            '0' | '#' | '?' => {
                after_digit = true;
                commas = 0;
            }
            ',' if after_digit && !chars.peek().is_some_and(|n| matches!(n, '0' | '#' | '?')) => {
                commas += 1;
            }
            '.' | ',' => {}
            _ => after_digit = false,
        }
    }
    (literal, commas)
}

/// A unit word squashed for lookup: `Mio. kr`, `mio.kr.` and `MIO KR` are
/// `miokr`.
fn squash(s: &str) -> String {
    fold(s).replace([' ', '\u{a0}', '.'], "")
}

/// The unit a number format shows: what one of it is worth in kr., the
/// template's word for it, and the thousands its trailing commas divide by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatUnit {
    /// What one unit is worth in kr. (1.000.000 for `mio. kr.`).
    pub kr: i64,
    /// The template's word for the unit, `mio. kr.`.
    pub word: String,
    /// How many thousands the format's trailing commas divide by.
    pub commas: u32,
}

/// The unit a number format code names, if it names one of the
/// template's; the longest unit wins (`t. kr.` over `kr.`).
///
/// ```
/// use opfolg::read::numfmt::format_unit;
/// let t = opfolg::template::Template::danish();
/// assert_eq!(format_unit(r#"#,##0 "t. kr.""#, &t).unwrap().kr, 1000);
/// assert_eq!(format_unit("[$kr.-406] #,##0", &t).unwrap().kr, 1);
/// assert!(format_unit("0.000", &t).is_none());
/// ```
pub fn format_unit(code: &str, t: &Template) -> Option<FormatUnit> {
    let (literal, commas) = literal_and_scale(code);
    let folded = squash(&literal);
    if folded.is_empty() {
        return None;
    }
    let mut units: Vec<_> = t
        .amounts
        .units
        .iter()
        .map(|u| (squash(&u.word), u))
        .filter(|(w, _)| !w.is_empty())
        .collect();
    units.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let (_, unit) = units
        .into_iter()
        .find(|(w, _)| folded.contains(w.as_str()))?;
    Some(FormatUnit {
        kr: unit.kr,
        word: unit.word.clone(),
        commas,
    })
}

/// The number a cell holds, if it holds one (not a date, text or error).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The amount a number cell holds when its format names one of the
/// template's units, exact in øre: 0.762 formatted `0.000 "mio. kr."` is
/// 762.000 kr. The cell's value counts, not its rounding on screen.
///
/// ```
/// use opfolg::{model::Amount, read::{numfmt::cell_amount, raw::Value}};
/// let t = opfolg::template::Template::danish();
/// let a = cell_amount(&Value::Float(0.762), Some("0.000 \"mio. kr.\""), &t);
/// assert_eq!(a, Some(Amount::kr(762_000)));
/// assert_eq!(cell_amount(&Value::Float(0.762), Some("0.000"), &t), None);
/// ```
pub fn cell_amount(value: &Value, format: Option<&str>, t: &Template) -> Option<Amount> {
    let number = number(value)?;
    let unit = format_unit(format?, t)?;
    let ore = i128::from(float_scaled(number, unit.kr.checked_mul(100)?)?);
    let div = 1000i128.checked_pow(unit.commas)?;
    let q = ore / div;
    let q = if 2 * (ore % div).abs() >= div {
        q + ore.signum()
    } else {
        q
    };
    Some(Amount {
        ore: i64::try_from(q).ok()?,
    })
}

/// An amount in a unit, Danish style: 76.200.000 øre in mio. kr. is
/// `0,762`, 150.000.000 øre in t. kr. is `1.500`.
fn in_unit(amount: Amount, kr: i64) -> String {
    danish(i128::from(amount.ore), i128::from(kr) * 100)
}

/// `count / per` (`per` a power of ten) as a Danish number: a dot between
/// thousands, a decimal comma, no trailing zeros.
fn danish(count: i128, per: i128) -> String {
    let sign = if count < 0 { "-" } else { "" };
    let abs = count.abs();
    let (whole, mut frac) = (abs / per, abs % per);
    let mut digits = String::new();
    let mut scale = per;
    while frac > 0 && scale > 1 {
        scale /= 10;
        digits.push(char::from(b'0' + (frac / scale) as u8));
        frac %= scale;
    }
    let grouped = crate::model::group(whole);
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{digits}")
    }
}

/// The amount a number cell shows, as Danish text with its unit
/// (`0,762 mio. kr.`), when the cell's number format names one of the
/// template's units; `None` for any other cell.
///
/// ```
/// use opfolg::read::numfmt::amount_text;
/// use opfolg::read::raw::Value;
/// let t = opfolg::template::Template::danish();
/// let shown = amount_text(&Value::Float(0.762), Some("0.000 \"mio. kr.\""), &t);
/// assert_eq!(shown.as_deref(), Some("0,762 mio. kr."));
/// let shown = amount_text(&Value::Float(762_000.0), Some("#,##0.0,, \"mio. kr.\""), &t);
/// assert_eq!(shown.as_deref(), Some("0,762 mio. kr."));
/// assert_eq!(amount_text(&Value::Float(0.762), Some("0.000"), &t), None);
/// ```
pub fn amount_text(value: &Value, format: Option<&str>, t: &Template) -> Option<String> {
    let amount = cell_amount(value, format, t)?;
    let unit = format_unit(format?, t)?;
    Some(format!("{} {}", in_unit(amount, unit.kr), unit.word))
}

/// A number cell's value as Danish text, as a finance user reads it
/// (`0,762`, `1.500`; up to six decimals): for a number whose unit is not
/// known.
///
/// ```
/// use opfolg::read::{numfmt::danish_number, raw::Value};
/// assert_eq!(danish_number(&Value::Float(0.762)).as_deref(), Some("0,762"));
/// assert_eq!(danish_number(&Value::Float(-1500.0)).as_deref(), Some("-1.500"));
/// ```
pub fn danish_number(value: &Value) -> Option<String> {
    let millionths = float_scaled(number(value)?, 1_000_000)?;
    Some(danish(i128::from(millionths), 1_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Format spellings met in follow-up workbooks, and the amount in kr.
    /// each gives the number (`None`: the format names no unit).
    const SPELLINGS: &[(f64, &str, Option<i64>)] = &[
        (0.762, r#"0.000 "mio. kr.""#, Some(762_000)),
        (0.9, r#"0.0 "mio. kr.""#, Some(900_000)),
        (0.762, r#"#,##0.000 "mio.kr.""#, Some(762_000)),
        (0.762, r#"0.000" mio kr""#, Some(762_000)),
        (0.762, r#"0.000 "Mio. Kr.""#, Some(762_000)),
        (0.762, r#"0.000\ "mio. kr.""#, Some(762_000)),
        (0.762, r#"0.000 "mio.""#, Some(762_000)),
        (0.762, "0.000\u{a0}\"mio.\u{a0}kr.\"", Some(762_000)),
        (762.0, r#"#,##0 "t. kr.""#, Some(762_000)),
        (1500.0, r#"#,##0" t.kr.""#, Some(1_500_000)),
        (1500.0, r#"#,##0 "tkr.""#, Some(1_500_000)),
        (1500.0, r#"#,##0 "tkr""#, Some(1_500_000)),
        (1500.0, r#"#,##0\ \t\.\ \k\r\."#, Some(1_500_000)),
        (1500.0, r#"#,##0\ \k\r\."#, Some(1500)),
        (762_000.0, r#"#,##0 "kr.""#, Some(762_000)),
        (762_000.0, r#"#,##0 "kr""#, Some(762_000)),
        (762_000.0, r#"#,##0 "kroner""#, Some(762_000)),
        (
            762_000.0,
            r#"_-* #,##0 "kr."_-;-* #,##0 "kr."_-;_-* "-" "kr."_-;_-@_-"#,
            Some(762_000),
        ),
        (
            762_000.0,
            r#"_-* #,##0.00\ "kr."_-;\-* #,##0.00\ "kr."_-;_-* "-"??\ "kr."_-;_-@_-"#,
            Some(762_000),
        ),
        (762_000.0, "#,##0 [$kr.-406]", Some(762_000)),
        (762_000.0, "[$kr.-406] #,##0.00", Some(762_000)),
        (762_000.0, "[$DKK] #,##0", Some(762_000)),
        (1_500_000.0, r#"#,##0 "DKK""#, Some(1_500_000)),
        (762_000.0, r#"#,##0.000,, "mio. kr.""#, Some(762_000)),
        (762_000.0, r#"#,##0,"t. kr.""#, Some(762_000)),
        (-1.9, r#"0.0 "mio. kr.";-0.0 "mio. kr.""#, Some(-1_900_000)),
        (
            -1.9,
            r#"0.0 "mio. kr.";[Red]-0.0 "mio. kr.""#,
            Some(-1_900_000),
        ),
        (-1.9, r#"[Blue]0.0 "mio. kr.""#, Some(-1_900_000)),
        (2.5, r#"0.0 "mia. kr.""#, Some(2_500_000_000)),
        (0.1, r#"0.0 "mio. kr.""#, Some(100_000)),
        (0.5, "0.0", None),
        (0.5, "General", None),
        (0.5, "0.0%", None),
        (12.0, r#"#,##0 "stk.""#, None),
        (12.0, r#"0 "dage""#, None),
        (0.5, "[Red]0.0", None),
        (0.5, "[$-406]0.00", None),
        (0.5, "[$€-406] #,##0", None),
    ];

    #[test]
    fn units_in_number_formats() {
        let t = Template::danish();
        for &(n, code, want) in SPELLINGS {
            let got = cell_amount(&Value::Float(n), Some(code), &t);
            assert_eq!(got, want.map(Amount::kr), "{code}");
        }
        assert_eq!(
            cell_amount(&Value::Int(762), Some(r#"#,##0 "t. kr.""#), &t),
            Some(Amount::kr(762_000))
        );
        let text = Value::Text("0,762".into());
        assert_eq!(cell_amount(&text, Some(r#"0.000 "mio. kr.""#), &t), None);
        assert_eq!(cell_amount(&Value::Float(0.762), None, &t), None);
    }

    #[test]
    fn english_units_in_number_formats() {
        let t = Template::english();
        let m = cell_amount(&Value::Float(0.9), Some(r#"0.0 "m. kr.""#), &t);
        assert_eq!(m, Some(Amount::kr(900_000)));
        let bn = cell_amount(&Value::Float(1.5), Some(r#"0.0 "bn. kr.""#), &t);
        assert_eq!(bn, Some(Amount::kr(1_500_000_000)));
    }

    #[test]
    fn amounts_shown_as_danish_text() {
        let t = Template::danish();
        let cases: [(f64, &str, &str); 5] = [
            (0.762, r#"0.000 "mio. kr.""#, "0,762 mio. kr."),
            (1500.0, r#"#,##0 "t. kr.""#, "1.500 t. kr."),
            (-1.9, r#"0.0 "mio. kr.";-0.0 "mio. kr.""#, "-1,9 mio. kr."),
            (762_000.0, r#"#,##0.000,, "mio. kr.""#, "0,762 mio. kr."),
            (1234.5, r#"#,##0.00 "kr.""#, "1.234,5 kr."),
        ];
        for (n, code, want) in cases {
            let got = amount_text(&Value::Float(n), Some(code), &t);
            assert_eq!(got.as_deref(), Some(want), "{code}");
        }
    }
}
