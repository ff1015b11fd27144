//! Deadlines written as a period rather than a date: `juni 2019`, `2.
//! kvartal 2019`, `Q3 2019`, `1. halvår 2019`, `uge 24 2019`, `ultimo 2019`,
//! `primo juni 2019`. A period names its last day; after a start word
//! (`primo`) its first day, after a middle word (`medio`) its middle day.
//! Every word comes from the template's `[rounds]`.

use std::sync::LazyLock;

use chrono::{Days, NaiveDate, Weekday};
use regex::Regex;

use crate::parse::text::fold;
use crate::template::Template;

static TRAILING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?)[\s,/-]*(?-u:\b)(\d{4})$").unwrap());
static NUMBER_THEN_REST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*\.?\s*(.+)$").unwrap());
static REST_THEN_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s*(\d{1,2})$").unwrap());

/// Which day of a period a deadline means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    First,
    Middle,
    Last,
}

/// The first and last day of a named period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    first: NaiveDate,
    last: NaiveDate,
}

impl Span {
    fn months(year: i32, first_month: u32, last_month: u32) -> Option<Span> {
        let first = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let after = match last_month {
            12 => NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
            m => NaiveDate::from_ymd_opt(year, m + 1, 1)?,
        };
        Some(Span {
            first,
            last: after.pred_opt()?,
        })
    }

    fn iso_week(year: i32, week: u32) -> Option<Span> {
        Some(Span {
            first: NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?,
            last: NaiveDate::from_isoywd_opt(year, week, Weekday::Sun)?,
        })
    }

    fn day(self, anchor: Anchor) -> Option<NaiveDate> {
        match anchor {
            Anchor::First => Some(self.first),
            Anchor::Last => Some(self.last),
            // The middle day, the earlier of two: June's is the 15th.
            Anchor::Middle => {
                let half = (self.last - self.first).num_days() / 2;
                self.first.checked_add_days(Days::new(half as u64))
            }
        }
    }
}

/// The day a deadline written as a period stands for: `juni 2019` is
/// 30.06.2019, `primo juni 2019` 01.06.2019, `uge 24 2019` the Sunday of
/// ISO week 24. The year must be written; a year alone needs a start,
/// middle or end word (`ultimo 2019`).
///
/// ```
/// use chrono::NaiveDate;
/// use opfolg::{parse::period::period_date, template::Template};
/// let t = Template::danish();
/// assert_eq!(period_date("2. kvartal 2019", &t), NaiveDate::from_ymd_opt(2019, 6, 30));
/// assert_eq!(period_date("primo juni 2019", &t), NaiveDate::from_ymd_opt(2019, 6, 1));
/// assert_eq!(period_date("primo maj", &t), None);
/// ```
pub fn period_date(text: &str, t: &Template) -> Option<NaiveDate> {
    read_period(&fold(text), None, t)
}

/// [`period_date`] for a text that may leave out the year (`primo maj`,
/// `2. kvartal`) or name only a year (`2019`): the year missing is `year`.
/// Such a text is no deadline, but says which round it most likely means.
///
/// ```
/// use chrono::NaiveDate;
/// use opfolg::{parse::period::likely_period_date, template::Template};
/// let t = Template::danish();
/// assert_eq!(likely_period_date("primo maj", Some(2019), &t), NaiveDate::from_ymd_opt(2019, 5, 1));
/// assert_eq!(likely_period_date("2019", None, &t), NaiveDate::from_ymd_opt(2019, 12, 31));
/// ```
pub fn likely_period_date(text: &str, year: Option<i32>, t: &Template) -> Option<NaiveDate> {
    read_period(&fold(text), Some(year), t)
}

/// Reads `[lead words] [start/middle/end word] period year`. `lenient` is
/// `Some(default year)` when the year may be left out.
fn read_period(s: &str, lenient: Option<Option<i32>>, t: &Template) -> Option<NaiveDate> {
    let r = &t.rounds;
    let s = strip_lead_words(s.trim_end_matches(['.', ' ']), t);
    let (anchor, s) = if let Some(rest) = strip_any(s, &r.start_words) {
        (Some(Anchor::First), rest)
    } else if let Some(rest) = strip_any(s, &r.middle_words) {
        (Some(Anchor::Middle), rest)
    } else if let Some(rest) = strip_any(s, &r.end_words) {
        (Some(Anchor::Last), rest)
    } else {
        (None, s)
    };
    let (rest, year) = match TRAILING_YEAR.captures(s) {
        Some(c) => (c.get(1).map_or("", |m| m.as_str()), c[2].parse().ok()?),
        None => (s, lenient.flatten()?),
    };
    let rest = rest.trim();
    let span = if rest.is_empty() {
        // A year alone is a deadline only with a word saying which day.
        if anchor.is_none() && lenient.is_none() {
            return None;
        }
        Span::months(year, 1, 12)?
    } else {
        named_span(rest, year, t)?
    };
    span.day(anchor.unwrap_or(Anchor::Last))
}

/// A month, quarter, half-year or ISO week of `year`, named by `s`.
fn named_span(s: &str, year: i32, t: &Template) -> Option<Span> {
    let r = &t.rounds;
    if let Some(m) = month(s, t) {
        return Span::months(year, m, m);
    }
    if let Some(q) =
        numbered(s, &r.quarter_words, &r.quarter_prefixes, t).filter(|q| (1..=4).contains(q))
    {
        return Span::months(year, 3 * q - 2, 3 * q);
    }
    if let Some(h) =
        numbered(s, &r.half_year_words, &r.half_year_prefixes, t).filter(|h| (1..=2).contains(h))
    {
        return Span::months(year, 6 * h - 5, 6 * h);
    }
    let c = REST_THEN_NUMBER.captures(s)?;
    if is_any(&c[1], &r.week_words) {
        return Span::iso_week(year, c[2].parse().ok()?);
    }
    None
}

/// `juni`, `jun.`: a month's name or its first three letters or more.
pub(crate) fn month(s: &str, t: &Template) -> Option<u32> {
    let s = s.trim_end_matches('.');
    if s.chars().count() < 3 {
        return None;
    }
    let i = t.rounds.months.iter().position(|m| {
        let m = fold(m);
        m == s || m.starts_with(s)
    })?;
    Some(i as u32 + 1)
}

/// `2. kvartal`, `andet kvartal`, `Q2`: the number of a quarter or
/// half-year, written before `words` or after `prefixes`.
fn numbered(s: &str, words: &[String], prefixes: &[String], t: &Template) -> Option<u32> {
    if let Some(c) = NUMBER_THEN_REST.captures(s)
        && is_any(&c[2], words)
    {
        return c[1].parse().ok();
    }
    for (i, spellings) in t.rounds.ordinals.iter().enumerate() {
        if let Some(rest) = strip_any(s, spellings)
            && is_any(rest, words)
        {
            return Some(i as u32 + 1);
        }
    }
    let c = REST_THEN_NUMBER.captures(s)?;
    is_any(&c[1], prefixes).then(|| c[2].parse().ok())?
}

/// Whether `s` is one of `words`, a final dot optional (`kvt` is `kvt.`).
fn is_any(s: &str, words: &[String]) -> bool {
    let s = s.trim().trim_end_matches('.');
    words.iter().any(|w| fold(w).trim_end_matches('.') == s)
}

/// `s` after a leading word of `words` (a whole word, or a word ending in
/// `-` joined to the next: `mid-june`), trimmed.
fn strip_any<'a>(s: &'a str, words: &[String]) -> Option<&'a str> {
    words.iter().find_map(|w| {
        let w = fold(w);
        let rest = s.strip_prefix(w.as_str())?;
        if w.ends_with('-') {
            return Some(rest.trim_start());
        }
        let rest_trimmed = rest.trim_start();
        (rest.is_empty() || rest.len() != rest_trimmed.len()).then_some(rest_trimmed)
    })
}

/// `s` without the words a deadline may start with (`senest`, `pr.`).
pub(crate) fn strip_lead_words<'a>(mut s: &'a str, t: &Template) -> &'a str {
    while let Some(rest) = strip_any(s, &t.rounds.lead_words).filter(|r| !r.is_empty()) {
        s = rest;
    }
    s
}

/// The date a vague period stands for (`foråret 2019`, `efter sommerferien`),
/// in the year the text names, else `year`. Such a text is no deadline.
///
/// ```
/// use chrono::NaiveDate;
/// use opfolg::{parse::period::vague_period_date, template::Template};
/// let t = Template::danish();
/// assert_eq!(vague_period_date("foråret 2019", None, &t), NaiveDate::from_ymd_opt(2019, 5, 31));
/// assert_eq!(vague_period_date("løbende", Some(2019), &t), None);
/// ```
pub fn vague_period_date(text: &str, year: Option<i32>, t: &Template) -> Option<NaiveDate> {
    let s = fold(text);
    let padded = format!(" {} ", s.replace(['.', ',', '(', ')'], " "));
    let v = t
        .rounds
        .vague_periods
        .iter()
        .find(|v| padded.contains(&format!(" {} ", fold(&v.words))))?;
    let year = padded
        .split_whitespace()
        .find(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|w| w.parse().ok())
        .or(year)?;
    let (d, m) = v.day_month();
    NaiveDate::from_ymd_opt(year, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn danish_periods_name_their_last_day() {
        let t = Template::danish();
        let cases = [
            ("juni 2019", date(2019, 6, 30)),
            ("Juni 2019", date(2019, 6, 30)),
            ("december 2019", date(2019, 12, 31)),
            ("februar 2020", date(2020, 2, 29)),
            ("jun. 2019", date(2019, 6, 30)),
            ("okt 2019", date(2019, 10, 31)),
            ("2. kvartal 2019", date(2019, 6, 30)),
            ("2.kvartal 2019", date(2019, 6, 30)),
            ("3. kvt. 2019", date(2019, 9, 30)),
            ("andet kvartal 2019", date(2019, 6, 30)),
            ("Q3 2019", date(2019, 9, 30)),
            ("q1 2019", date(2019, 3, 31)),
            ("Q4-2019", date(2019, 12, 31)),
            ("1. halvår 2019", date(2019, 6, 30)),
            ("2. halvår 2019", date(2019, 12, 31)),
            ("første halvår 2019", date(2019, 6, 30)),
            ("uge 24 2019", date(2019, 6, 16)),
            ("uge 24, 2019", date(2019, 6, 16)),
            ("uge 1 2020", date(2020, 1, 5)),
            ("ultimo 2019", date(2019, 12, 31)),
            ("ultimo juni 2019", date(2019, 6, 30)),
            ("inden udgangen af 2019", date(2019, 12, 31)),
            ("udgangen af 3. kvartal 2019", date(2019, 9, 30)),
            ("senest juni 2019", date(2019, 6, 30)),
            ("i løbet af maj 2019", date(2019, 5, 31)),
            ("ultimo juni 2019.", date(2019, 6, 30)),
        ];
        for (text, want) in cases {
            assert_eq!(period_date(text, &t), want, "{text}");
        }
    }

    #[test]
    fn start_and_middle_words() {
        let t = Template::danish();
        let cases = [
            ("primo juni 2019", date(2019, 6, 1)),
            ("primo 2019", date(2019, 1, 1)),
            ("starten af 2. kvartal 2019", date(2019, 4, 1)),
            ("primo uge 24 2019", date(2019, 6, 10)),
            ("medio juni 2019", date(2019, 6, 15)),
            ("medio februar 2019", date(2019, 2, 14)),
            ("medio 2019", date(2019, 7, 2)),
            ("midten af 2. kvartal 2019", date(2019, 5, 16)),
        ];
        for (text, want) in cases {
            assert_eq!(period_date(text, &t), want, "{text}");
        }
    }

    #[test]
    fn no_period_without_a_year_or_with_a_wrong_number() {
        let t = Template::danish();
        for text in [
            "primo maj",
            "juni",
            "2019",
            "5. kvartal 2019",
            "3. halvår 2019",
            "uge 54 2019",
            "uge 53 2019",
            "foråret 2019",
            "efter sommerferien",
            "ma 2019",
            "2. budgetopfølgning 2019",
            "",
        ] {
            assert_eq!(period_date(text, &t), None, "{text}");
        }
    }

    #[test]
    fn english_periods() {
        let t = Template::parse(include_str!("../../templates/en.toml")).unwrap();
        let cases = [
            ("June 2019", date(2019, 6, 30)),
            ("Q3 2019", date(2019, 9, 30)),
            ("2nd quarter 2019", date(2019, 6, 30)),
            ("H1 2019", date(2019, 6, 30)),
            ("first half 2019", date(2019, 6, 30)),
            ("week 24 2019", date(2019, 6, 16)),
            ("end of 2019", date(2019, 12, 31)),
            ("by the end of June 2019", date(2019, 6, 30)),
            ("beginning of June 2019", date(2019, 6, 1)),
            ("mid-June 2019", date(2019, 6, 15)),
        ];
        for (text, want) in cases {
            assert_eq!(period_date(text, &t), want, "{text}");
        }
    }

    #[test]
    fn likely_dates_of_texts_without_a_year() {
        let t = Template::danish();
        let cases = [
            ("primo maj", Some(2019), date(2019, 5, 1)),
            ("juni", Some(2019), date(2019, 6, 30)),
            ("2. kvartal", Some(2018), date(2018, 6, 30)),
            ("2019", None, date(2019, 12, 31)),
            ("primo maj", None, None),
            ("løbende", Some(2019), None),
        ];
        for (text, year, want) in cases {
            assert_eq!(likely_period_date(text, year, &t), want, "{text}");
        }
    }

    #[test]
    fn vague_periods_from_the_template() {
        let t = Template::danish();
        let cases = [
            ("foråret 2019", None, date(2019, 5, 31)),
            ("i foråret 2020", Some(2019), date(2020, 5, 31)),
            ("efter sommerferien", Some(2018), date(2018, 8, 31)),
            ("Før sommerferien", Some(2018), date(2018, 6, 30)),
            ("efteråret 2019", None, date(2019, 11, 30)),
            ("efter sommerferien", None, None),
            ("snarest", Some(2019), None),
        ];
        for (text, year, want) in cases {
            assert_eq!(vague_period_date(text, year, &t), want, "{text}");
        }
    }
}
