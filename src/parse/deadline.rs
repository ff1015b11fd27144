//! Deadlines: `2. budgetopfølgning 2018`, `31.12.2018`, other dates, and
//! periods that name a date (`juni 2019`, `Q3 2019`: see [`crate::parse::period`]).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::model::Deadline;
use crate::parse::period::{
    likely_period_date, month, period_date, strip_lead_words, vague_period_date,
};
use crate::parse::text::fold;
use crate::template::Template;

/// `31.12.2018`, `30/6-2019`, and with a two-digit year `31.12.18`,
/// `26/4-21` (the 2000s).
static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\.?$").unwrap()
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})(?:[ t]00:00(?::00)?)?$").unwrap());
static WORD_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.?\s+([[:alpha:]]+)\.?\s+(\d{4})$").unwrap());
/// `30/6 2019`: day and month, then the year after a space.
static DAY_MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\.?[\s,]+(\d{4})$").unwrap());
/// `30.06`, `30/6`, `1. maj`: a day without a year (no deadline; a hint).
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*[./]\s*(\d{1,2})\.?$").unwrap());
static DAY_MONTH_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.?\s+([[:alpha:]]+)\.?$").unwrap());
static ROUND_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([1-4])\s*\.\s*(.+?)\s+(\d{4})$").unwrap());
static PREFIX_ROUND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+([1-4])\.?\s+(\d{4})$").unwrap());
/// `2. budgetopfølgning`, `round 2`: a round without its year.
static ROUND_NO_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([1-4])\s*\.\s*(.+?)$").unwrap());
static PREFIX_ROUND_NO_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?)\s+([1-4])\.?$").unwrap());
/// A round number before a word (`2. budgetopføling`, a slip of the
/// pen) or after one (`round 2`), for M002's hint.
static NUMBER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([1-4])\s*\.?\s*([[:alpha:]]+)").unwrap());
static WORD_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([[:alpha:]]+)\s*([1-4])(?:\D|$)").unwrap());
static ANY_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\D)(\d{4})(?:\D|$)").unwrap());

/// Reads a deadline written as text: a round, a date, or a period named
/// by its last day (`juni 2019`, `Q3 2019`, `uge 24 2019`, `ultimo 2019`;
/// `primo` names its first day).
///
/// ```
/// use opfolg::{model::Deadline, parse::deadline::parse_deadline, template::Template};
/// let t = Template::danish();
/// assert_eq!(parse_deadline("2. budgetopfølgning 2018", &t), Deadline::Round { round: 2, year: 2018 });
/// assert_eq!(parse_deadline("31.12.2018", &t), Deadline::Round { round: 4, year: 2018 });
/// assert_eq!(parse_deadline("ultimo 2019", &t), Deadline::Round { round: 4, year: 2019 });
/// assert!(matches!(parse_deadline("Q3 2019", &t), Deadline::Date { round: 3, year: 2019, .. }));
/// assert_eq!(parse_deadline("primo maj", &t), Deadline::Invalid("primo maj".into()));
/// ```
pub fn parse_deadline(text: &str, t: &Template) -> Deadline {
    let folded = fold(text);
    if folded.is_empty() {
        return Deadline::Empty;
    }
    let plain =
        |s: &str| round_text(s, t).or_else(|| text_date(s, t).map(|d| deadline_from_date(d, t)));
    // Most deadlines are a round or a date as they stand: only the others
    // pay for the template's lead words and periods.
    if let Some(d) = plain(&folded) {
        return d;
    }
    let s = strip_lead_words(&folded, t);
    if let Some(d) = plain(s).or_else(|| period_date(s, t).map(|d| deadline_from_date(d, t))) {
        return d;
    }
    Deadline::Invalid(crate::parse::text::strip_html(text))
}

/// [`parse_deadline`] in a workbook of budget year `year`: a round
/// written without its year (`2. budgetopfølgning`, or a round's label
/// such as `31.12`) is that round of `year`.
///
/// ```
/// use opfolg::{model::Deadline, parse::deadline::parse_deadline_in, template::Template};
/// let t = Template::danish();
/// let r = |round, year| Deadline::Round { round, year };
/// assert_eq!(parse_deadline_in("2. budgetopfølgning", Some(2019), &t), r(2, 2019));
/// assert_eq!(parse_deadline_in("31.12", Some(2019), &t), r(4, 2019));
/// assert_eq!(parse_deadline_in("2. budgetopfølgning 2018", Some(2019), &t), r(2, 2018));
/// assert!(matches!(parse_deadline_in("2. budgetopfølgning", None, &t), Deadline::Invalid(_)));
/// ```
pub fn parse_deadline_in(text: &str, year: Option<i32>, t: &Template) -> Deadline {
    match (parse_deadline(text, t), year) {
        (Deadline::Invalid(s), Some(year)) => {
            round_without_year(&s, t).map_or(Deadline::Invalid(s), |round| Deadline::Round {
                round,
                year,
            })
        }
        (d, _) => d,
    }
}

/// The round a text names without a year: `N. <deadline word>`,
/// `<deadline prefix> N`, or a round's label (`2. opf.`, `31.12`).
fn round_without_year(text: &str, t: &Template) -> Option<u8> {
    let folded = fold(text);
    let s = strip_lead_words(folded.trim_end_matches([' ', '.', ',']), t);
    let is = |word: &str, words: &[String]| words.iter().any(|w| fold(w) == word.trim());
    if let Some(c) = ROUND_NO_YEAR.captures(s)
        && is(&c[2], &t.rounds.deadline_words)
    {
        return c[1].parse().ok();
    }
    if let Some(c) = PREFIX_ROUND_NO_YEAR.captures(s)
        && is(&c[1], &t.rounds.deadline_prefixes)
    {
        return c[2].parse().ok();
    }
    let squeeze = |w: &str| -> String {
        fold(w)
            .trim_end_matches('.')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let s = squeeze(s);
    (1..=4u8).find(|&r| squeeze(t.round_label(r)) == s)
}

/// The round a deadline that is no deadline names in so many words, and
/// the year it writes, for M002's hint: `2. budgetopføling 2019` (a slip
/// of the pen) is round 2, `5. budgetopfølgning` none. The hint never
/// suggests another round than the one written.
///
/// ```
/// use opfolg::{parse::deadline::written_round, template::Template};
/// let t = Template::danish();
/// assert_eq!(written_round("2. budgetopføling 2019", &t), Some((2, Some(2019))));
/// assert_eq!(written_round("3. opf.", &t), Some((3, None)));
/// assert_eq!(written_round("anden budgetopfølgning", &t), Some((2, None)));
/// assert_eq!(written_round("1. maj", &t), None);
/// ```
pub fn written_round(text: &str, t: &Template) -> Option<(u8, Option<i32>)> {
    let folded = fold(text);
    let s = strip_lead_words(&folded, t);
    let year = ANY_YEAR.captures(s).and_then(|c| c[1].parse().ok());
    // A word like a deadline word: its first three letters (`bud`, `opf`).
    let like_round_word = |w: &str| {
        let stem = |x: &str| x.chars().take(3).collect::<String>();
        let w = stem(w);
        w.chars().count() == 3 && t.rounds.deadline_words.iter().any(|d| stem(&fold(d)) == w)
    };
    if let Some(c) = NUMBER_WORD.captures(s)
        && like_round_word(&c[2])
    {
        return Some((c[1].parse().ok()?, year));
    }
    if let Some(c) = WORD_NUMBER.captures(s)
        && t.rounds.deadline_prefixes.iter().any(|p| fold(p) == c[1])
    {
        return Some((c[2].parse().ok()?, year));
    }
    if let Some(round) = round_without_year(s, t) {
        return Some((round, year));
    }
    let ordinal = t.rounds.ordinals.iter().take(4).position(|spellings| {
        spellings.iter().any(|o| {
            s.strip_prefix(fold(o).as_str())
                .and_then(|rest| rest.strip_prefix(' '))
                .is_some_and(like_round_word)
        })
    })?;
    Some((ordinal as u8 + 1, year))
}

/// The round a text that is no deadline most likely means, for M002's
/// hint: a vague period from the template (`foråret 2019`, `efter
/// sommerferien`), a period or day without its year (`primo maj`, `30.06`)
/// or a year alone (`2019`: its last day). The year missing is `year`.
/// `None` when nothing can be told (`løbende`).
///
/// ```
/// use opfolg::{model::Deadline, parse::deadline::likely_deadline, template::Template};
/// let t = Template::danish();
/// let due = |s| likely_deadline(s, Some(2019), &t).and_then(|d| d.due());
/// assert_eq!(due("foråret 2019"), Some((2019, 2)));
/// assert_eq!(due("primo maj"), Some((2019, 2)));
/// assert_eq!(due("løbende"), None);
/// ```
pub fn likely_deadline(text: &str, year: Option<i32>, t: &Template) -> Option<Deadline> {
    let folded = fold(text);
    let s = strip_lead_words(&folded, t);
    let date = vague_period_date(s, year, t)
        .or_else(|| likely_period_date(s, year, t))
        .or_else(|| day_without_year(s, year?, t))?;
    Some(deadline_from_date(date, t))
}

/// `30.06`, `30/6`, `1. maj` in `year`.
fn day_without_year(s: &str, year: i32, t: &Template) -> Option<NaiveDate> {
    if let Some(c) = DAY_MONTH.captures(s) {
        return NaiveDate::from_ymd_opt(year, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    let c = DAY_MONTH_WORD.captures(s)?;
    NaiveDate::from_ymd_opt(year, month(&c[2], t)?, c[1].parse().ok()?)
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

/// The day a deadline names: a date as written, a period's day, a round's
/// date from the template (`2. budgetopfølgning 2019` is 30.06.2019), the
/// year end 31.12. `None` for a deadline that is empty or no deadline.
///
/// ```
/// use chrono::NaiveDate;
/// use opfolg::{parse::deadline::{deadline_day, parse_deadline}, template::Template};
/// let t = Template::danish();
/// let day = |s| deadline_day(&parse_deadline(s, &t), &t);
/// assert_eq!(day("2. budgetopfølgning 2019"), NaiveDate::from_ymd_opt(2019, 6, 30));
/// assert_eq!(day("2. kvartal 2019"), NaiveDate::from_ymd_opt(2019, 6, 30));
/// assert_eq!(day("31.12.2019"), NaiveDate::from_ymd_opt(2019, 12, 31));
/// assert_eq!(day("løbende"), None);
/// ```
pub fn deadline_day(d: &Deadline, t: &Template) -> Option<NaiveDate> {
    match *d {
        Deadline::Date { date, .. } => Some(date),
        // Round 4 is the year end whatever the template's round dates:
        // `31.12.Y` is read as round 4.
        Deadline::Round { round: 4, year } => NaiveDate::from_ymd_opt(year, 12, 31),
        Deadline::Round { round, year } => {
            let (day, month) = t.round_day_month(round);
            NaiveDate::from_ymd_opt(year, month, day)
        }
        Deadline::Empty | Deadline::Invalid(_) => None,
    }
}

/// Whether two deadlines name the same day, however each is spelled
/// (`2. budgetopfølgning 2019`, `30.06.2019`, `30/6 2019`, `juni 2019`,
/// `2. kvartal 2019`): a moved deadline is a change of round or of day.
/// Two deadlines that are no deadline are the same when their words are.
///
/// ```
/// use opfolg::{parse::deadline::{parse_deadline, same_deadline}, template::Template};
/// let t = Template::danish();
/// let same = |a, b| same_deadline(&parse_deadline(a, &t), &parse_deadline(b, &t), &t);
/// assert!(same("1. budgetopfølgning 2019", "marts 2019"));
/// assert!(!same("2. budgetopfølgning 2019", "4. kvartal 2019"));
/// assert!(!same("2. budgetopfølgning 2019", "maj 2019"));
/// ```
pub fn same_deadline(a: &Deadline, b: &Deadline, t: &Template) -> bool {
    match (a, b) {
        (Deadline::Empty, Deadline::Empty) => true,
        (Deadline::Invalid(x), Deadline::Invalid(y)) => fold(x) == fold(y),
        _ => match (deadline_day(a, t), deadline_day(b, t)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn round_text(s: &str, t: &Template) -> Option<Deadline> {
    let is_word = |word: &str| (t.rounds.deadline_words.iter()).any(|w| fold(w) == word);
    // The common spelling read by hand (`2. budgetopfølgning 2019`, folded:
    // single spaces), the pattern's capture groups being slow; what it
    // does not read, the pattern does.
    if let Some((round, word, year)) = round_text_plain(s) {
        if is_word(word) {
            return Some(Deadline::Round { round, year });
        }
    } else if let Some(c) = ROUND_TEXT.captures(s) {
        let word = c[2].trim();
        if is_word(word) {
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

/// [`ROUND_TEXT`]'s groups of a folded text it matches with a year of
/// ASCII digits: `N. <word> YYYY`, `N.<word> YYYY`, `N . <word> YYYY` (the
/// word trimmed); `None` for anything else.
fn round_text_plain(s: &str) -> Option<(u8, &str, i32)> {
    let b = s.as_bytes();
    let round = match b.first()? {
        c @ b'1'..=b'4' => c - b'0',
        _ => return None,
    };
    let n = b.len();
    let year = b.get(n.checked_sub(4)?..)?;
    if n < 8 || b[n - 5] != b' ' || !year.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let rest = s[1..].strip_prefix(' ').unwrap_or(&s[1..]);
    let rest = rest.strip_prefix('.')?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    // The word: at least one character before the space and the year.
    let word = rest.get(..rest.len().checked_sub(5)?)?;
    if word.is_empty() || word.contains(|c: char| c.is_whitespace() && c != ' ') {
        return None;
    }
    Some((
        round,
        word.trim(),
        std::str::from_utf8(year).ok()?.parse().ok()?,
    ))
}

/// `2018`, or `18` for 2018: a budget year is of this century.
fn full_year(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 { 2000 + y } else { y })
}

fn text_date(s: &str, t: &Template) -> Option<NaiveDate> {
    if let Some(c) = NUMERIC_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(full_year(&c[3])?, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    if let Some(c) = ISO_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    if let Some(c) = WORD_DATE.captures(s) {
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month(&c[2], t)?, c[1].parse().ok()?);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The round read by hand is the pattern's wherever the hand reads one.
    #[test]
    fn a_round_read_by_hand_is_the_patterns() {
        let cases = [
            "2. budgetopfølgning 2019",
            "1.budgetopfølgning 2018",
            "3 . opfølgning 2020",
            "4. budgetopfølgning  2019",
            "2.  budgetopfølgning 2019",
            "2. 2019 2019",
            "2.x 2019",
            "2. 2019",
            "5. budgetopfølgning 2019",
            "2. budgetopfølgning 12019",
            "2. budgetopfølgning 2019.",
            "2 budgetopfølgning 2019",
            "2. budget\topfølgning 2019",
            "2. kvartal ٢٠١٩",
            "2. kvartal 2019",
            "1. halvår 2019",
            "30.06.2019",
            "",
        ];
        for s in cases {
            let by_pattern = ROUND_TEXT.captures(s).map(|c| {
                (
                    c[1].parse::<u8>().ok(),
                    c[2].trim().to_string(),
                    c[3].parse::<i32>().ok(),
                )
            });
            if let Some((round, word, year)) = round_text_plain(s) {
                assert_eq!(
                    by_pattern,
                    Some((Some(round), word.to_string(), Some(year))),
                    "{s:?}"
                );
            }
        }
        assert!(round_text_plain("2. budgetopfølgning 2019").is_some());
    }

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

    /// Deadlines as controllers write them (issue 18): each names a day,
    /// and that day's round.
    #[test]
    fn periods_belong_to_the_round_of_their_day() {
        let t = Template::danish();
        let cases = [
            ("juni 2019", date(2019, 6, 30), 2),
            ("december 2019", date(2019, 12, 31), 4),
            ("2. kvartal 2019", date(2019, 6, 30), 2),
            ("Q3 2019", date(2019, 9, 30), 3),
            ("1. halvår 2019", date(2019, 6, 30), 2),
            ("uge 24 2019", date(2019, 6, 16), 2),
            ("uge 14 2019", date(2019, 4, 7), 2),
            ("30/6 2019", date(2019, 6, 30), 2),
            ("30/6-2019", date(2019, 6, 30), 2),
            ("1/7 2019", date(2019, 7, 1), 3),
            ("ultimo 2019", date(2019, 12, 31), 4),
            ("ultimo juni 2019", date(2019, 6, 30), 2),
            ("primo juni 2019", date(2019, 6, 1), 2),
            ("primo april 2019", date(2019, 4, 1), 2),
            ("ultimo marts 2019", date(2019, 3, 31), 1),
            ("medio juni 2019", date(2019, 6, 15), 2),
            ("medio 2019", date(2019, 7, 2), 3),
            ("senest 30.06.2019", date(2019, 6, 30), 2),
            ("d. 1. maj 2019", date(2019, 5, 1), 2),
            ("<p>Q3 2019</p>", date(2019, 9, 30), 3),
        ];
        for (text, day, round) in cases {
            let got = parse_deadline(text, &t);
            assert_eq!(got, deadline_from_date(day, &t), "{text}");
            assert_eq!(got.due(), Some((2019, round)), "{text}");
        }
    }

    /// Issue 26.3: the same day spelled otherwise is no moved deadline;
    /// another round, or another day in the same round, is.
    #[test]
    fn the_same_day_spelled_otherwise() {
        let t = Template::danish();
        let cases = [
            ("2. budgetopfølgning 2019", "30.06.2019", true),
            ("2. budgetopfølgning 2019", "30/6 2019", true),
            ("2. budgetopfølgning 2019", "juni 2019", true),
            ("2. budgetopfølgning 2019", "2. kvartal 2019", true),
            ("2. budgetopfølgning 2019", "Q2 2019", true),
            ("2. budgetopfølgning 2019", "1. halvår 2019", true),
            ("2. budgetopfølgning 2019", "ultimo juni 2019", true),
            ("2. opfølgning 2019", "2. budgetopfølgning 2019", true),
            ("1. budgetopfølgning 2019", "marts 2019", true),
            ("1. budgetopfølgning 2019", "1. kvartal 2019", true),
            ("3. budgetopfølgning 2019", "30. september 2019", true),
            ("31.12.2019", "ultimo 2019", true),
            ("31.12.2019", "4. kvartal 2019", true),
            ("31.12.2019", "december 2019", true),
            ("4. budgetopfølgning 2019", "31.12.2019", true),
            ("30.06.2019", "30/06/2019", true),
            ("løbende", "Løbende", true),
            ("", "", true),
            ("2. budgetopfølgning 2019", "4. kvartal 2019", false),
            (
                "2. budgetopfølgning 2019",
                "3. budgetopfølgning 2019",
                false,
            ),
            (
                "2. budgetopfølgning 2019",
                "2. budgetopfølgning 2020",
                false,
            ),
            ("2. budgetopfølgning 2019", "maj 2019", false),
            ("2. budgetopfølgning 2019", "uge 24 2019", false),
            ("2. budgetopfølgning 2019", "primo juni 2019", false),
            ("1. budgetopfølgning 2019", "primo 2019", false),
            ("2. budgetopfølgning 2019", "løbende", false),
            ("2. budgetopfølgning 2019", "", false),
            ("løbende", "efter behov", false),
        ];
        for (a, b, want) in cases {
            let (da, db) = (parse_deadline(a, &t), parse_deadline(b, &t));
            assert_eq!(same_deadline(&da, &db, &t), want, "{a} / {b}");
            assert_eq!(same_deadline(&db, &da, &t), want, "{b} / {a}");
        }
    }

    /// Issue 28.5: two-digit years as the documents write them
    /// (`KMB 26/4-21`, `31.12.18`) are of the 2000s.
    #[test]
    fn two_digit_years() {
        let t = Template::danish();
        let cases = [
            (
                "31.12.18",
                Deadline::Round {
                    round: 4,
                    year: 2018,
                },
            ),
            (
                "31.12.21",
                Deadline::Round {
                    round: 4,
                    year: 2021,
                },
            ),
            (
                "31-12-19",
                Deadline::Round {
                    round: 4,
                    year: 2019,
                },
            ),
            ("26/4-21", deadline_from_date(date(2021, 4, 26), &t)),
            ("26/4/21", deadline_from_date(date(2021, 4, 26), &t)),
            ("26.4.21", deadline_from_date(date(2021, 4, 26), &t)),
            ("30.06.19", deadline_from_date(date(2019, 6, 30), &t)),
            ("1.10.18", deadline_from_date(date(2018, 10, 1), &t)),
            ("senest 30/9-19", deadline_from_date(date(2019, 9, 30), &t)),
            (
                "<p>31.12.18</p>",
                Deadline::Round {
                    round: 4,
                    year: 2018,
                },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse_deadline(text, &t), want, "{text}");
        }
        assert_eq!(parse_deadline("26/4-21", &t).due(), Some((2021, 2)));
        for text in ["31.12.1", "32.12.18", "31.13.18", "31.12.218"] {
            assert!(
                matches!(parse_deadline(text, &t), Deadline::Invalid(_)),
                "{text}"
            );
        }
    }

    /// Issue 28.5: a round without its year is of the workbook's year; a
    /// year written wins.
    #[test]
    fn rounds_without_a_year_are_the_workbooks() {
        let t = Template::danish();
        let r = |round, year| Deadline::Round { round, year };
        let cases = [
            ("2. budgetopfølgning", r(2, 2019)),
            ("1. budgetopfølgning", r(1, 2019)),
            ("3.budgetopfølgning", r(3, 2019)),
            ("3. opfølgning", r(3, 2019)),
            ("4. budgetopfølgning", r(4, 2019)),
            ("Senest 2. Budgetopfølgning", r(2, 2019)),
            ("<p>2. budgetopfølgning</p>", r(2, 2019)),
            ("2. budgetopfølgning.", r(2, 2019)),
            ("2. opf.", r(2, 2019)),
            ("2. opf", r(2, 2019)),
            ("31.12", r(4, 2019)),
            ("pr. 31.12", r(4, 2019)),
            ("2. budgetopfølgning 2018", r(2, 2018)),
            ("31.12.2020", r(4, 2020)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_deadline_in(text, Some(2019), &t), want, "{text}");
        }
        for text in [
            "5. budgetopfølgning",
            "2. møde",
            "30.06",
            "primo maj",
            "løbende",
        ] {
            assert!(
                matches!(
                    parse_deadline_in(text, Some(2019), &t),
                    Deadline::Invalid(_)
                ),
                "{text}"
            );
        }
        assert!(matches!(
            parse_deadline_in("2. budgetopfølgning", None, &t),
            Deadline::Invalid(_)
        ));
        let en = Template::parse(include_str!("../../templates/en.toml")).unwrap();
        assert_eq!(parse_deadline_in("round 2", Some(2019), &en), r(2, 2019));
        assert_eq!(
            parse_deadline_in("2. budget follow-up", Some(2019), &en),
            r(2, 2019)
        );
        assert_eq!(parse_deadline_in("Year end", Some(2019), &en), r(4, 2019));
    }

    /// M002's hint names the round written, never another.
    #[test]
    fn the_round_written() {
        let t = Template::danish();
        let cases = [
            ("2. budgetopføling 2019", Some((2, Some(2019)))),
            ("2. budgetopfølgning", Some((2, None))),
            ("3. budget-opfølgning", Some((3, None))),
            ("1 budgetopfølgning 2019", Some((1, Some(2019)))),
            ("3. opfølging i 2019", Some((3, Some(2019)))),
            ("senest 2. budgetopf. 2019", Some((2, Some(2019)))),
            ("Tredje budgetopfølgning", Some((3, None))),
            ("andet opfølgning", Some((2, None))),
            ("1. maj", None),
            ("2. kvartal", None),
            ("foråret 2019", None),
            ("5. budgetopfølgning 2018", None),
            ("løbende", None),
            ("31.12", Some((4, None))),
            ("2. opf.", Some((2, None))),
        ];
        for (text, want) in cases {
            assert_eq!(written_round(text, &t), want, "{text}");
        }
    }

    #[test]
    fn likely_rounds_of_vague_deadlines() {
        let t = Template::danish();
        let cases = [
            ("primo maj", Some(2019), Some((2019, 2))),
            ("juni", Some(2019), Some((2019, 2))),
            ("3. kvartal", Some(2019), Some((2019, 3))),
            ("foråret 2019", None, Some((2019, 2))),
            ("i foråret 2019", Some(2018), Some((2019, 2))),
            ("sommeren 2019", None, Some((2019, 3))),
            ("efter sommerferien", Some(2018), Some((2018, 3))),
            ("før sommerferien", Some(2018), Some((2018, 2))),
            ("efteråret 2019", None, Some((2019, 4))),
            ("2019", None, Some((2019, 4))),
            ("30.06", Some(2019), Some((2019, 2))),
            ("1. maj", Some(2019), Some((2019, 2))),
            ("primo maj", None, None),
            ("løbende", Some(2019), None),
            ("efter behov", Some(2019), None),
        ];
        for (text, year, want) in cases {
            assert!(
                matches!(parse_deadline(text, &t), Deadline::Invalid(_)),
                "{text}"
            );
            let got = likely_deadline(text, year, &t).and_then(|d| d.due());
            assert_eq!(got, want, "{text}");
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
        let due = |s| parse_deadline(s, &t).due();
        assert_eq!(due("June 2019"), Some((2019, 2)));
        assert_eq!(due("Q3 2019"), Some((2019, 3)));
        assert_eq!(due("week 24 2019"), Some((2019, 2)));
        assert_eq!(due("end of 2019"), Some((2019, 4)));
        assert_eq!(due("by end of June 2019"), Some((2019, 2)));
        assert_eq!(due("spring 2019"), None);
        let likely = likely_deadline("spring 2019", None, &t).and_then(|d| d.due());
        assert_eq!(likely, Some((2019, 2)));
    }
}
