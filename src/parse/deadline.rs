//! Deadlines: `2. budgetopfølgning 2018`, `31.12.2018`, other dates.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::Deadline;
use crate::parse::text::fold;
use crate::template::Template;

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\.?$").unwrap());
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t]00:00(?::00)?)?$").unwrap());
static WORD_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.?\s+([[:alpha:]]+)\.?\s+(\d{4})$").unwrap());
static ROUND_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([1-4])\s*\.\s*(.+?)\s+(\d{4})$").unwrap());
static PREFIX_ROUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+([1-4])\.?\s+(\d{4})$").unwrap());

/// Reads a deadline written as text.
///
/// ```
/// use opfolg::{model::Deadline, parse::deadline::parse_deadline, template::Template};
/// let t = Template::danish();
/// assert_eq!(parse_deadline("2. budgetopfølgning 2018", &t), Deadline::Round { round: 2, year: 2018 });
/// assert_eq!(parse_deadline("31.12.2018", &t), Deadline::Round { round: 4, year: 2018 });
/// assert_eq!(parse_deadline("primo maj", &t), Deadline::Invalid("primo maj".into()));
/// ```
pub fn parse_deadline(text: &str, t: &Template) -> Deadline {
    let s = fold(text);
    if s.is_empty() {
        return Deadline::Empty;
    }
    if let Some(d) = round_text(&s, t) {
        return d;
    }
    if let Some(date) = text_date(&s, t) {
        return deadline_from_date(date, t);
    }
    Deadline::Invalid(crate::parse::text::strip_html(text))
}

/// The deadline a calendar date gives: `31.12` is the year end (round 4);
/// another date belongs to the first round whose date is on or after it.
///
/// ```
/// use chrono::NaiveDate;
/// use opfolg::{model::Deadline, parse::deadline::deadline_from_date, template::Template};
/// let d = NaiveDate::from_ymd_opt(2018, 5, 1).unwrap();
/// assert_eq!(deadline_from_date(d, &Template::danish()), Deadline::Date { date: d, round: 2, year: 2018 });
/// ```
pub fn deadline_from_date(date: NaiveDate, t: &Template) -> Deadline {
    if date.month() == 12 && date.day() == 31 {
        return Deadline::Round {
            round: 4,
            year: date.year(),
        };
    }
    for round in 1..=4u8 {
        let (d, m) = t.round_day_month(round);
        if let Some(due) = NaiveDate::from_ymd_opt(date.year(), m, d)
            && due >= date
        {
            return Deadline::Date {
                date,
                round,
                year: date.year(),
            };
        }
    }
    // After the year's last round date: the first round of the next year.
    Deadline::Date {
        date,
        round: 1,
        year: date.year() + 1,
    }
}

fn round_text(s: &str, t: &Template) -> Option<Deadline> {
    if let Some(c) = ROUND_TEXT.captures(s) {
        let word = c[2].trim();
        if t.rounds.deadline_words.iter().any(|w| fold(w) == word) {
            return Some(Deadline::Round {
                round: c[1].parse().ok()?,
                year: c[3].parse().ok()?,
            });
        }
    }
    if let Some(c) = PREFIX_ROUND.captures(s) {
        let word = c[1].trim();
        if t.rounds.deadline_prefixes.iter().any(|w| fold(w) == word) {
            return Some(Deadline::Round {
                round: c[2].parse().ok()?,
                year: c[3].parse().ok()?,
            });
        }
    }
    None
}

fn text_date(s: &str, t: &Template) -> Option<NaiveDate> {
    if let Some(c) = NUMERIC_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    if let Some(c) = ISO_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = WORD_DATE.captures(s) {
        let month = t
            .rounds
            .months
            .iter()
            .position(|m| fold(m) == c[2] || (c[2].len() >= 3 && fold(m).starts_with(&c[2])))?;
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month as u32 + 1, c[1].parse().ok()?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn spellings_from_the_seeds_and_spec() {
        let t = Template::danish();
        let r = |round, year| Deadline::Round { round, year };
        let cases = [
            ("1. budgetopfølgning 2018", r(1, 2018)),
            ("2. budgetopfølgning 2018", r(2, 2018)),
            ("3. budgetopfølgning 2019 ", r(3, 2019)),
            ("<p>1. budgetopfølgning 2018</p>", r(1, 2018)),
            ("2. opfølgning 2019", r(2, 2019)),
            ("2.budgetopfølgning 2018", r(2, 2018)),
            ("31.12.2018", r(4, 2018)),
            ("31.12.2019", r(4, 2019)),
            ("31-12-2019", r(4, 2019)),
            ("", Deadline::Empty),
        ];
        for (text, want) in cases {
            assert_eq!(parse_deadline(text, &t), want, "{text}");
        }
    }

    #[test]
    fn other_dates_belong_to_the_next_round() {
        let t = Template::danish();
        let d = |date: NaiveDate, round, year| Deadline::Date { date, round, year };
        let cases = [
            ("01.05.2018", d(date(2018, 5, 1), 2, 2018)),
            ("1.5.2018", d(date(2018, 5, 1), 2, 2018)),
            ("31.03.2018", d(date(2018, 3, 31), 1, 2018)),
            ("1. april 2018", d(date(2018, 4, 1), 2, 2018)),
            ("15. okt. 2018", d(date(2018, 10, 15), 4, 2018)),
            ("2018-09-30", d(date(2018, 9, 30), 3, 2018)),
            ("30/06/2018", d(date(2018, 6, 30), 2, 2018)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_deadline(text, &t), want, "{text}");
        }
    }

    #[test]
    fn words_that_are_no_deadline() {
        let t = Template::danish();
        for text in [
            "primo maj",
            "foråret 2019",
            "løbende",
            "5. budgetopfølgning 2018",
            "32.01.2018",
            "2. møde 2018",
        ] {
            assert!(
                matches!(parse_deadline(text, &t), Deadline::Invalid(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn english_template_rounds() {
        let t = Template::parse(include_str!("../../templates/en.toml")).unwrap();
        assert_eq!(
            parse_deadline("2. budget follow-up 2018", &t),
            Deadline::Round {
                round: 2,
                year: 2018
            }
        );
        assert_eq!(
            parse_deadline("Round 3 2018", &t),
            Deadline::Round {
                round: 3,
                year: 2018
            }
        );
        assert!(matches!(
            parse_deadline("1. may 2018", &t),
            Deadline::Date { round: 2, .. }
        ));
    }
}
