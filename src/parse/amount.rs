//! Danish amounts: `0,762 mio. kr.`, `1.234,5 t. kr.`, `-1,9 mio. kr.`, kept
//! exact in øre.

use std::sync::LazyLock;

use regex::Regex;
use thiserror::Error;

use crate::model::{Amount, AmountMention};
use crate::parse::text::{phrase_at, phrase_words, sentence_cuts, words};
use crate::parse::years::years_of;
use crate::template::Template;

/// Why a number is not a Danish amount.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// Not a number at all.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// Looks like a number in another convention (`0.762`, `1,234.5`).
    #[error("`{written}` is malformed; did you mean `{suggestion}`?")]
    Malformed {
        /// The number as written.
        written: String,
        /// The same number in Danish convention.
        suggestion: String,
    },
    /// Too large to be kept exact.
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// A malformed amount found in a text (finding A003).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// The amount as written, unit included: `0.762 mio. kr.`.
    pub written: String,
    /// What was most likely meant, in Danish convention: `0,762 mio. kr.`.
    pub suggestion: String,
}

/// The amounts of a text, and the malformed ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmountScan {
    /// The amounts read, in the order of the text.
    pub mentions: Vec<AmountMention>,
    /// The amounts written in another convention, not read (A003).
    pub malformed: Vec<Malformed>,
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+(?:[. \u{a0}]\d+)*)(?:,(\d+))?$").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}$").unwrap());

/// Reads a Danish number (`1,5`, `-1,9`, `1.234,5`, `1 234`) as an exact
/// count of hundredths, rounded half away from zero past that.
///
/// ```
/// use opfolg::parse::amount::parse_number;
/// assert_eq!(parse_number("1.234,5"), Ok(123_450));
/// assert_eq!(parse_number("-1,9"), Ok(-190));
/// assert!(parse_number("0.762").is_err());
/// ```
///
/// # Errors
/// [`AmountError::NotANumber`], [`AmountError::Malformed`] for another
/// convention (`0.762`), [`AmountError::TooLarge`] past `i64` hundredths.
pub fn parse_number(s: &str) -> Result<i64, AmountError> {
    let (mantissa, scale) = parse_decimal(s)?;
    scaled(mantissa, scale, 100).ok_or_else(|| AmountError::TooLarge(s.trim().to_string()))
}

/// A Danish number as an exact count of `factor`ths: `parse_scaled("0,125",
/// 100_000_000)` is 0,125 mio. kr. in øre.
///
/// ```
/// use opfolg::parse::amount::parse_scaled;
/// assert_eq!(parse_scaled("0,125", 100_000_000), Ok(12_500_000));
/// ```
///
/// # Errors
/// As [`parse_number`].
pub fn parse_scaled(s: &str, factor: i64) -> Result<i64, AmountError> {
    let (mantissa, scale) = parse_decimal(s)?;
    scaled(mantissa, scale, i128::from(factor))
        .ok_or_else(|| AmountError::TooLarge(s.trim().to_string()))
}

/// An Excel number (a float) as an exact count of `factor`ths, read from
/// its shortest decimal form so that 0.1 stays 0.1.
///
/// ```
/// use opfolg::parse::amount::float_scaled;
/// assert_eq!(float_scaled(2.5, 100_000_000), Some(250_000_000));
/// assert_eq!(float_scaled(-1.9, 100), Some(-190));
/// ```
pub fn float_scaled(f: f64, factor: i64) -> Option<i64> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{f}");
    let (neg, body) = match text.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, text.as_str()),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits = format!("{int}{frac}");
    if digits.len() > 30 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        // Exponent forms (1e30) are far past any budget: round the float.
        let v = (f * factor as f64).round();
        return (v.abs() < 9.0e18).then_some(v as i64);
    }
    let mantissa: i128 = digits.parse().ok()?;
    scaled(
        if neg { -mantissa } else { mantissa },
        frac.len() as u32,
        i128::from(factor),
    )
}

/// `mantissa / 10^scale × factor`, rounded half away from zero.
fn scaled(mantissa: i128, scale: u32, factor: i128) -> Option<i64> {
    let div = 10i128.checked_pow(scale)?;
    let num = mantissa.checked_mul(factor)?;
    let q = num / div;
    let r = num % div;
    let q = if 2 * r.abs() >= div {
        q + num.signum()
    } else {
        q
    };
    i64::try_from(q).ok()
}

/// A Danish number as an exact decimal: (digits without separators, number
/// of decimals).
fn parse_decimal(s: &str) -> Result<(i128, u32), AmountError> {
    let t = s.trim();
    let (neg, body) = match t.strip_prefix(['-', '−', '–']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t),
    };
    let looks_numeric = !body.is_empty()
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' '));
    let Some(c) = NUMBER.captures(body) else {
        return Err(if looks_numeric {
            malformed(t)
        } else {
            AmountError::NotANumber(t.to_string())
        });
    };
    let int_part = &c[1];
    let groups: Vec<&str> = int_part.split(['.', ' ', '\u{a0}']).collect();
    // Thousands groups: a first group of 1-3 digits not starting with 0,
    // then groups of exactly 3. `0.762` and `1.5` are decimal points.
    let grouped_ok = groups.len() == 1
        || (groups[0].len() <= 3
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok {
        return Err(malformed(t));
    }
    let frac = c.get(2).map_or("", |m| m.as_str());
    let digits = format!("{}{frac}", groups.concat());
    let too_large = || AmountError::TooLarge(t.to_string());
    if digits.len() > 30 {
        return Err(too_large());
    }
    let mantissa: i128 = digits.parse().map_err(|_| too_large())?;
    Ok((if neg { -mantissa } else { mantissa }, frac.len() as u32))
}

fn malformed(written: &str) -> AmountError {
    // `0.762` and `1.5` are a decimal point where Danish writes a comma;
    // `1,234.5` is the English order of separators.
    let suggestion: String = written
        .chars()
        .map(|c| match c {
            '.' => ',',
            ',' => '.',
            c => c,
        })
        .collect();
    AmountError::Malformed {
        written: written.to_string(),
        suggestion,
    }
}

/// An amount in one cell or phrase: a number and a unit.
///
/// ```
/// use opfolg::{model::Amount, parse::amount::parse_amount, template::Template};
/// let t = Template::danish();
/// assert_eq!(parse_amount("0,762 mio. kr.", &t), Ok(Amount::kr(762_000)));
/// assert_eq!(parse_amount("1.500 kr.", &t), Ok(Amount::kr(1_500)));
/// ```
///
/// # Errors
/// [`AmountError::Malformed`] for an amount in another convention,
/// [`AmountError::NotANumber`] unless the text holds exactly one amount.
pub fn parse_amount(s: &str, t: &Template) -> Result<Amount, AmountError> {
    let scan = find_amounts(s, t);
    if let Some(m) = scan.malformed.first() {
        return Err(AmountError::Malformed {
            written: m.written.clone(),
            suggestion: m.suggestion.clone(),
        });
    }
    match scan.mentions.as_slice() {
        [one] => Ok(one.amount),
        _ => Err(AmountError::NotANumber(s.trim().to_string())),
    }
}

/// A Danish number as written in a text: digits with dots or commas, space
/// groups of three (`1 500 000`), a decimal comma.
///
/// Word boundaries in these patterns are ASCII (`(?-u:\b)`): a Unicode one
/// makes the regex crate leave its fast engine on text with `æøå`, which is
/// every Danish text. A letter beyond ASCII next to a unit is checked in code.
const NUM: &str = r"\d[\d.,]*(?:[ \u{a0}]\d{3}(?-u:\b))*(?:,\d+)?";

/// The pattern of a unit word: dots optional, spaces optional between its
/// parts (`mio. kr.` also reads `mio kr`, `mio.kr`), and no letter right
/// after it (`2 krav` is no amount).
fn unit_pattern(word: &str) -> String {
    let parts: Vec<String> = word
        .split(|c: char| c == '.' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .map(regex::escape)
        .collect();
    format!(r"{}(?:\.|(?-u:\b))", parts.join(r"\.?\s*"))
}

/// The alternatives of `words` as unit patterns, longest first so that
/// `mio. kr.` wins over `mio.`.
fn unit_alternatives<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut words: Vec<&str> = words.collect();
    let letters = |w: &&str| w.chars().filter(|c| c.is_alphanumeric()).count();
    words.sort_by_key(|w| std::cmp::Reverse(letters(w)));
    let mut alts: Vec<String> = Vec::new();
    for pattern in words.iter().map(|w| unit_pattern(w)) {
        // `mio. kr.` and `mio.kr.` are one pattern now that dots are optional.
        if !alts.contains(&pattern) {
            alts.push(pattern);
        }
    }
    alts.join("|")
}

/// The regex finding amounts for a template's units: `<number> <unit>`
/// (group `num`, `unit`), or a prefix unit first, `kr. 1.600.000`, `DKK
/// 1,5 mio.` (groups `pre`, `pneg`, `pnum`, `scale`).
pub(crate) fn amount_regex(t: &Template) -> &'static Regex {
    t.memo.amount.get_or_init(|| build_amount_regex(t))
}

fn build_amount_regex(t: &Template) -> &'static Regex {
    let units = unit_alternatives(t.amounts.units.iter().map(|u| u.word.as_str()));
    let prefixes = unit_alternatives(t.amounts.prefix_units.iter().map(String::as_str));
    let suffix = format!(r"(?P<num>{NUM})\s*(?P<unit>{units})");
    let pattern = if prefixes.is_empty() {
        format!("(?i){suffix}")
    } else {
        format!(
            r"(?i)(?-u:\b)(?P<pre>{prefixes})\s*(?P<pneg>[-−]\s*)?(?P<pnum>{NUM})(?:\s*(?P<scale>{units}))?|{suffix}"
        )
    };
    crate::parse::text::cached_regex(&pattern)
}

/// A unit word squashed for lookup: `Mio. kr` and `mio.kr.` are `miokr`.
fn squash_unit(unit: &str) -> String {
    unit.to_lowercase().replace([' ', '\u{a0}', '.'], "")
}

/// What a unit as written is worth in kr., if it is one of the template's.
fn unit_value(unit: &str, t: &Template) -> Option<i64> {
    let key = squash_unit(unit);
    t.amounts
        .units
        .iter()
        .find(|u| squash_unit(&u.word) == key)
        .map(|u| u.kr)
}

fn unit_kr(unit: &str, t: &Template) -> i64 {
    unit_value(unit, t).unwrap_or(1)
}

/// One amount as the regex found it, before it is read.
struct Found<'a> {
    /// The number as written, with its separators, without its sign.
    num: &'a str,
    negative: bool,
    /// The unit words written before and after the number, and their worth.
    before: String,
    after: String,
    kr: i64,
    /// Where the amount stands in the text, minus and units included.
    span: std::ops::Range<usize>,
}

impl Found<'_> {
    /// The amount as written, with `num` for its number: `-0,5 mio. kr.`
    fn written(&self, num: &str) -> String {
        let sign = if self.negative { "-" } else { "" };
        format!("{}{sign}{num}{}", self.before, self.after)
    }
}

/// Finds every amount in a free text, the year each is attached to
/// (`0,938 mio. kr. i 2019`, `2020 (1 mio. kr.)`), and malformed ones.
/// Units as the template has them, with or without their dots (`mio kr`,
/// `2.600.000 kr`), alone (`6,5 mio.`) or first (`kr. 1.600.000`).
///
/// ```
/// use opfolg::{model::Amount, parse::amount::find_amounts, template::Template};
/// let t = Template::danish();
/// let scan = find_amounts("afsætte 0,762 mio. kr. i 2018 og 0,938 mio. kr. i 2019", &t);
/// assert_eq!(scan.mentions[1].amount, Amount::kr(938_000));
/// assert_eq!(scan.mentions[1].years.first(), Some(2019));
/// let scan = find_amounts("Der er afsat kr. 1.600.000 og 6,5 mio. i 2019", &t);
/// assert_eq!(scan.mentions[0].amount, Amount::kr(1_600_000));
/// assert_eq!(scan.mentions[1].amount, Amount::kr(6_500_000));
/// ```
pub fn find_amounts(text: &str, t: &Template) -> AmountScan {
    let re = amount_regex(t);
    let mut scan = AmountScan::default();
    for c in re.captures_iter(text) {
        let found = if c.name("pre").is_some() {
            prefixed(text, &c, t)
        } else {
            suffixed(text, &c, t)
        };
        let Some(f) = found else { continue };
        match parse_decimal(f.num) {
            Ok((mantissa, scale)) => {
                let sign = if f.negative { -1 } else { 1 };
                let Some(ore) = scaled(mantissa * sign, scale, i128::from(f.kr) * 100) else {
                    continue;
                };
                scan.mentions.push(AmountMention {
                    amount: Amount { ore },
                    years: years_of(text, f.span.clone(), t),
                    addition: false,
                    written: f.written(f.num),
                    span: f.span,
                    cell: None,
                });
            }
            Err(AmountError::Malformed { suggestion, .. }) => scan.malformed.push(Malformed {
                written: f.written(f.num),
                suggestion: f.written(&suggestion),
            }),
            Err(_) => {}
        }
    }
    mark_additions(text, &mut scan.mentions, t);
    scan
}

/// Marks the amounts that stand after an addition word in their sentence:
/// in `Der afsættes yderligere 4 mio. kr. i 2018, 5,6 mio. kr. i 2019 og
/// 3,3 mio. kr. i 2020 og 2021` all three add to what was set aside before.
fn mark_additions(text: &str, mentions: &mut [AmountMention], t: &Template) {
    if mentions.is_empty() || t.amounts.addition_words.is_empty() {
        return;
    }
    // Most texts name no addition: a quick search for the phrases' first
    // words spares them being split into words.
    let quick = t.memo.additions.get_or_init(|| {
        let firsts: Vec<String> = (t.amounts.addition_words.iter())
            .filter_map(|p| phrase_words(p).into_iter().next())
            .map(|w| regex::escape(&w))
            .collect();
        crate::parse::text::cached_regex(&format!("(?i)(?:{})", firsts.join("|")))
    });
    if !quick.is_match(text) {
        return;
    }
    // Where the addition words stand, found once: a text of thousands of
    // amounts in one sentence must not be read again for each.
    let words = words(text, &[]);
    let phrases: Vec<Vec<String>> = t
        .amounts
        .addition_words
        .iter()
        .map(|p| phrase_words(p))
        .collect();
    let at: Vec<usize> = (0..words.len())
        .filter(|&i| phrases.iter().any(|p| phrase_at(&words, i, p)))
        .map(|i| words[i].range.start)
        .collect();
    if at.is_empty() {
        return;
    }
    let cuts = sentence_cuts(text);
    for m in mentions {
        let i = cuts.partition_point(|&c| c <= m.span.start).max(1);
        let first = at.partition_point(|&a| a < cuts[i - 1]);
        m.addition = at.get(first).is_some_and(|&a| a < m.span.start);
    }
}

/// `<number> <unit>`: `0,762 mio. kr.`, `-1,9 mio. kr.`, `2.600.000 kr`.
fn suffixed<'a>(text: &'a str, c: &regex::Captures<'a>, t: &Template) -> Option<Found<'a>> {
    let raw = c.name("num")?;
    let mut num = raw.as_str().trim_end_matches(['.', ',']);
    // A year or count just before the number, separated by a space
    // (`2019 6 mio. kr.`), is not a thousands group.
    if let Some((head, tail)) = num.rsplit_once(' ')
        && (parse_decimal(num).is_err() || YEAR.is_match(head))
    {
        num = tail;
    }
    let num_start = raw.start() + raw.as_str().rfind(num).unwrap_or(0);
    if after_account_word(&text[..num_start], t) {
        return None;
    }
    let negative = is_negative(&text[..num_start]);
    let start = if negative {
        num_start - before_len(&text[..num_start])
    } else {
        num_start
    };
    let unit = c.name("unit")?;
    if text[unit.end()..].starts_with(char::is_alphabetic) {
        return None;
    }
    Some(Found {
        num,
        negative,
        before: String::new(),
        after: format!(" {}", unit.as_str().trim()),
        kr: unit_kr(unit.as_str(), t),
        span: start..unit.end(),
    })
}

/// `<unit> <number> [<scale>]`: `kr. 1.600.000`, `DKK 1,5 mio.`. Not a
/// year without a scale (`kr. 2019`), nor the `kr.` of a unit before it
/// (`mio. kr. 1,5` in a table's heading).
fn prefixed<'a>(text: &'a str, c: &regex::Captures<'a>, t: &Template) -> Option<Found<'a>> {
    let pre = c.name("pre")?;
    if text[..pre.start()].ends_with(char::is_alphabetic) {
        return None;
    }
    let before_word = text[..pre.start()].split_whitespace().next_back();
    let pre_word = pre.as_str().trim();
    if before_word.is_some_and(|w| unit_value(&format!("{w}{pre_word}"), t).is_some_and(|k| k > 1))
    {
        return None;
    }
    let raw = c.name("pnum")?;
    let num = raw.as_str().trim_end_matches(['.', ',']);
    let scale = c
        .name("scale")
        .filter(|s| !text[s.end()..].starts_with(char::is_alphabetic));
    if scale.is_none() && YEAR.is_match(num) {
        return None;
    }
    let scale_kr = scale.map_or(1, |s| unit_kr(s.as_str(), t));
    Some(Found {
        num,
        negative: c.name("pneg").is_some(),
        before: format!("{pre_word} "),
        after: scale.map_or_else(String::new, |s| format!(" {}", s.as_str().trim())),
        kr: unit_kr(pre_word, t).saturating_mul(scale_kr),
        span: pre.start()..scale.map_or(raw.start() + num.len(), |s| s.end()),
    })
}

/// Whether a text speaks of a saving (a word starting with one of the
/// template's `saving_words`: `besparelse`, `sparemålsætning`), so that its
/// amounts may be written with or without a minus.
///
/// ```
/// use opfolg::{parse::amount::speaks_of_saving, template::Template};
/// let t = Template::danish();
/// assert!(speaks_of_saving("Der indsættes en besparelse på 0,5 mio. kr. i 2019.", &t));
/// assert!(!speaks_of_saving("Der er afsat 0,5 mio. kr. i 2019.", &t));
/// ```
pub fn speaks_of_saving(text: &str, t: &Template) -> bool {
    crate::parse::text::has_word_starting_with(text, &t.amounts.saving_words)
}

fn after_account_word(before: &str, t: &Template) -> bool {
    let last = before.split_whitespace().next_back().unwrap_or("");
    t.amounts
        .account_words
        .iter()
        .any(|w| last.eq_ignore_ascii_case(w))
}

/// The byte length of the minus sign that ends `before`.
fn before_len(before: &str) -> usize {
    before.chars().next_back().map_or(0, char::len_utf8)
}

fn is_negative(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some('-' | '−') => matches!(chars.next(), None | Some(' ' | '(' | '\n' | '\t')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kr(n: i64) -> Amount {
        Amount::kr(n)
    }

    #[test]
    fn numbers() {
        let cases = [
            ("1,5", Ok(150)),
            ("-1,9", Ok(-190)),
            ("−1,9", Ok(-190)),
            ("1.234,5", Ok(123_450)),
            ("1 234", Ok(123_400)),
            ("0,762", Ok(76)),
            ("7,8", Ok(780)),
            ("2", Ok(200)),
            ("12.000.000", Ok(1_200_000_000)),
            ("0,125", Ok(13)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_number(s), want, "{s}");
        }
        for bad in ["0.762", "1.5", "1.23.4", "abc", "", "1,234.5"] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn amounts_with_units() {
        let t = Template::danish();
        let cases = [
            ("0,762 mio. kr.", kr(762_000)),
            ("0,9 mio. kr.", kr(900_000)),
            ("7,61 mio. kr.", kr(7_610_000)),
            ("1 mio. kr.", kr(1_000_000)),
            ("2,5 mia. kr.", kr(2_500_000_000)),
            ("150 t. kr.", kr(150_000)),
            ("150 tkr.", kr(150_000)),
            ("1.500 kr.", kr(1_500)),
            ("-1,9 mio. kr.", kr(-1_900_000)),
            ("0,125 mio.kr.", kr(125_000)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_amount(s, &t), Ok(want), "{s}");
        }
    }

    /// Issue 18 point 6: spellings offices use, each with its exact øre.
    #[test]
    fn unit_spellings() {
        let t = Template::danish();
        let ore = |o: i64| Amount { ore: o };
        let cases = [
            ("2.600.000 kr", ore(260_000_000)),
            ("2.600.000 kr.", ore(260_000_000)),
            ("2.600.000 Kr.", ore(260_000_000)),
            ("6,5 mio.", ore(650_000_000)),
            ("6,5 mio", ore(650_000_000)),
            ("6,5 mio kr", ore(650_000_000)),
            ("6,5 mio. kr", ore(650_000_000)),
            ("6,5 mio.kr", ore(650_000_000)),
            ("6,5 Mio. kr.", ore(650_000_000)),
            ("kr. 1.600.000", ore(160_000_000)),
            ("kr 1.600.000", ore(160_000_000)),
            ("kr. 1.600.000,50", ore(160_000_050)),
            ("kr. -250.000", ore(-25_000_000)),
            ("1.500.000 DKK", ore(150_000_000)),
            ("1.500.000 dkk", ore(150_000_000)),
            ("DKK 1.500.000", ore(150_000_000)),
            ("DKK 1,5 mio.", ore(150_000_000)),
            ("kr. 1,5 mio.", ore(150_000_000)),
            ("1,2 mia.", ore(120_000_000_000)),
            ("1,2 mia", ore(120_000_000_000)),
            ("1,2 mia. kr.", ore(120_000_000_000)),
            ("1,2 mia kr", ore(120_000_000_000)),
            ("5.300 t.kr.", ore(530_000_000)),
            ("5.300 t. kr.", ore(530_000_000)),
            ("5.300 t kr", ore(530_000_000)),
            ("800.000 kr.", ore(80_000_000)),
            ("600 tkr.", ore(60_000_000)),
            ("600 tkr", ore(60_000_000)),
            ("1 500 000 kr.", ore(150_000_000)),
            ("-0,5 mio. kr.", ore(-50_000_000)),
            ("0,125 mio. kr.", ore(12_500_000)),
            ("1.234,56 kr.", ore(123_456)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_amount(s, &t), Ok(want), "{s}");
        }
    }

    /// Numbers that are no amount, even beside a unit word.
    #[test]
    fn no_amount_without_a_unit() {
        let t = Template::danish();
        for text in [
            "ramme 30.31",
            "Barnets første 1.000 dage",
            "i 2019",
            "en stigning på 5 %",
            "fra 1.5.2019",
            "indsats 3.01",
            "2 krav og 3 kriterier",
            "2 kræver og 3 krøller",
            "6 mioer",
            "økr. 5",
            "kr. 2019",
            "Budget (mio. kr.) 2019",
            "mio. kr. 1,5",
        ] {
            let scan = find_amounts(text, &t);
            assert!(scan.mentions.is_empty(), "{text}: {:?}", scan.mentions);
            assert!(scan.malformed.is_empty(), "{text}: {:?}", scan.malformed);
        }
    }

    #[test]
    fn spans_and_words_of_new_spellings() {
        let t = Template::danish();
        let text = "Afsat kr. 1.600.000 i 2019 og DKK 1,5 mio. i 2020, i alt 3,1 mio.";
        let scan = find_amounts(text, &t);
        let got: Vec<(&str, &str, Option<i32>)> = scan
            .mentions
            .iter()
            .map(|m| (m.written.as_str(), &text[m.span.clone()], m.years.first()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("kr. 1.600.000", "kr. 1.600.000", Some(2019)),
                ("DKK 1,5 mio.", "DKK 1,5 mio.", Some(2020)),
                ("3,1 mio.", "3,1 mio.", None),
            ]
        );
        let scan = find_amounts("Afsat kr. 1.600.000.", &t);
        assert_eq!(scan.mentions[0].span, 6..19);
    }

    #[test]
    fn english_units() {
        let t = Template::parse(include_str!("../../templates/en.toml")).unwrap();
        assert!(
            parse_amount("DKK 1.5", &t).is_err(),
            "English numbers are not read"
        );
        assert_eq!(parse_amount("DKK 1.500.000", &t), Ok(kr(1_500_000)));
        assert_eq!(parse_amount("2,5 bn. kr.", &t), Ok(kr(2_500_000_000)));
        assert_eq!(parse_amount("0,5 m. kr.", &t), Ok(kr(500_000)));
    }

    #[test]
    fn amounts_and_years_in_seed_texts() {
        let t = Template::danish();
        let text = "Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.";
        let scan = find_amounts(text, &t);
        let got: Vec<(Amount, Option<i32>)> = scan
            .mentions
            .iter()
            .map(|m| (m.amount, m.years.first()))
            .collect();
        assert_eq!(
            got,
            vec![
                (kr(762_000), Some(2018)),
                (kr(938_000), Some(2019)),
                (kr(900_000), Some(2020))
            ]
        );

        let text = "Der er afsat 0,762 mio. kr. på ramme 30.31 Sundheds- og tandpleje.";
        let scan = find_amounts(text, &t);
        assert_eq!(scan.mentions.len(), 1, "ramme 30.31 is an account code");
        assert_eq!(scan.mentions[0].years.first(), None);

        let text =
            "Der er indsat en sparemålsætning gældende fra 2020 (1 mio. kr.) og 2021 (2 mio. kr.).";
        let years: Vec<_> = find_amounts(text, &t)
            .mentions
            .iter()
            .map(|m| m.years.first())
            .collect();
        assert_eq!(years, vec![Some(2020), Some(2021)]);

        let text = "Afsat yderligere 3 mio. kr. på anlægsprojektet i 2018 og 6 mio. kr. 2019";
        let scan = find_amounts(text, &t);
        assert_eq!(scan.mentions[1].amount, kr(6_000_000));
        assert_eq!(scan.mentions[1].years.first(), Some(2019));

        let text = "Der er afsat 0,5 mio. kr. årligt i 2019-2022.";
        assert_eq!(find_amounts(text, &t).mentions[0].amount, kr(500_000));

        let text = "Midlerne (0,3 mio. kr.) anvendes til kompetenceudvikling";
        assert_eq!(find_amounts(text, &t).mentions[0].amount, kr(300_000));
    }

    #[test]
    fn malformed_amounts_are_reported_with_a_suggestion() {
        let t = Template::danish();
        let scan = find_amounts("Der er afsat 0.762 mio. kr. på ramme 30.31.", &t);
        assert!(scan.mentions.is_empty());
        assert_eq!(
            scan.malformed,
            vec![Malformed {
                written: "0.762 mio. kr.".into(),
                suggestion: "0,762 mio. kr.".into()
            }]
        );
        let scan = find_amounts("i alt 1.5 mio. kr.", &t);
        assert_eq!(scan.malformed[0].suggestion, "1,5 mio. kr.");
    }
}
