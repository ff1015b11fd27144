//! The unit a number cell's format shows: an economy amount typed as the
//! number 0,762 in a cell formatted `0.000 "mio. kr."` is 0,762 mio. kr.

use super::raw::Value;
use crate::parse::text::fold;
use crate::template::Template;

/// The literal text of a format code's first section (quoted parts and
/// `\`-escaped characters), and how many thousands its trailing commas
/// divide by (`#,##0.0,,` shows millions).
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
            // Colours and conditions, `[Red]`, `[<1000]`.
            '[' => {
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                }
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
    let number = match value {
        Value::Int(i) => *i as f64,
        Value::Float(f) if f.is_finite() => *f,
        _ => return None,
    };
    let (literal, commas) = literal_and_scale(format?);
    let folded = fold(&literal).replace(' ', "");
    let mut units: Vec<_> = t.amounts.units.iter().collect();
    units.sort_by_key(|u| std::cmp::Reverse(u.word.len()));
    let unit = units
        .into_iter()
        .find(|u| !folded.is_empty() && folded.contains(&fold(&u.word).replace(' ', "")))?;
    let shown = number / 1000f64.powi(commas as i32);
    Some(format!(
        "{} {}",
        shown.to_string().replace('.', ","),
        unit.word
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_in_number_formats() {
        let t = Template::danish();
        let cases: [(f64, &str, Option<&str>); 7] = [
            (0.762, r#"0.000 "mio. kr.""#, Some("0,762 mio. kr.")),
            (1500.0, r#"#,##0 "t. kr.""#, Some("1500 t. kr.")),
            (
                -1.9,
                r#"0.0 "mio. kr.";-0.0 "mio. kr.""#,
                Some("-1,9 mio. kr."),
            ),
            (
                762_000.0,
                r#"#,##0.000,, "mio. kr.""#,
                Some("0,762 mio. kr."),
            ),
            (1500.0, r#"#,##0\ \k\r\."#, Some("1500 kr.")),
            (0.5, "0.0", None),
            (0.5, "General", None),
        ];
        for (n, code, want) in cases {
            assert_eq!(
                amount_text(&Value::Float(n), Some(code), &t).as_deref(),
                want,
                "{code}"
            );
        }
    }
}
