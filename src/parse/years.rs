//! The years an amount in a text is for, as the agreements write them:
//! `0,938 mio. kr. i 2019`, `0,5 mio. kr. årligt i 2019-2022`, `2,5 mio. kr.
//! i hvert af årene 2019 og 2020`, `0,25 mio. kr. årligt fra 2018 og frem`,
//! `3,3 mio. kr. i 2020 og 2021`, `3 mio. kr. årligt i perioden 2020-2022`,
//! `årligt 0,3 mio. kr.` (every year). Every word comes from the template's
//! `[amounts]`.

use crate::model::{Amount, AmountMention, Years};
use crate::parse::text::phrase_words;
use crate::template::Template;

/// How many words the years may stand after the amount: `årligt i
/// perioden 2020-2022`, `i hvert af årene 2019 og 2020`.
const LEAD_WORDS: usize = 6;
/// The longest range read as its years (`2019-2022`); a longer one is a
/// slip (`2019-2091`) and only its first year is read.
const LONGEST_RANGE: i32 = 50;

/// A piece of the text after an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Year(i32),
    /// Two digits, the end of a range written short: `2019-22`.
    Short(i32),
    Dash,
    Comma,
    /// Anything that ends a list of years: another number, `(`, `.` before
    /// a capital, `;`.
    Stop,
}

/// The years the amount at `span` of `text` is for.
///
/// ```
/// use opfolg::{model::Years, parse::years::years_of, template::Template};
/// let t = Template::danish();
/// let text = "Der er afsat 0,5 mio. kr. årligt i 2019-2022.";
/// assert_eq!(years_of(text, 13..25, &t), Years::Listed(vec![2019, 2020, 2021, 2022]));
/// ```
pub fn years_of(text: &str, span: std::ops::Range<usize>, t: &Template) -> Years {
    let (before, after) = (&text[..span.start], &text[span.end..]);
    match years_after(after, t) {
        Years::Unnamed if ends_with_per_year(before, t) => Years::Every,
        Years::Unnamed => year_before(before).into(),
        years => years,
    }
}

/// What a text's amounts come to for one year: each amount for it, and
/// their sum where one of them adds to the others (`allerede afsat 3 mio.
/// kr. … yderligere 4 mio. kr.` is 3, 4 and 7).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ForYear {
    /// Each amount for the year, in the order of the text.
    pub each: Vec<Amount>,
    /// Their sum, where one of two or more is an addition.
    pub total: Option<Amount>,
}

impl ForYear {
    /// Whether the text names nothing for the year.
    pub fn is_empty(&self) -> bool {
        self.each.is_empty()
    }

    /// Every way the text may be read for the year: each amount, and the sum.
    pub fn readings(&self) -> impl Iterator<Item = Amount> + '_ {
        self.each.iter().copied().chain(self.total)
    }
}

impl std::fmt::Display for ForYear {
    /// `0,762 mio. kr.`, `3 mio. kr. / 2,5 mio. kr.`, or with an addition
    /// `3 mio. kr. + 4 mio. kr. = 7 mio. kr.`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut each: Vec<String> = self.each.iter().map(Amount::to_string).collect();
        match self.total {
            Some(total) => write!(f, "{} = {total}", each.join(" + ")),
            None => {
                // `1 mio. kr. i 2019 … 1 mio. kr. hvert år` is one amount said twice.
                let mut seen = std::collections::HashSet::new();
                each.retain(|a| seen.insert(a.clone()));
                write!(f, "{}", each.join(" / "))
            }
        }
    }
}

/// What `mentions` come to for `year` (see [`ForYear`]).
///
/// ```
/// use opfolg::{model::Amount, parse::{amount::find_amounts, years::for_year}, template::Template};
/// let t = Template::danish();
/// let text = "det nuværende anlægsbudget på 7,75 mio. kr. i 2018 øges med 3 mio. kr. i 2018 og 6 mio. kr. i 2019";
/// let set_aside = for_year(&find_amounts(text, &t).mentions, 2018);
/// assert_eq!(set_aside.total, Some(Amount::kr(10_750_000)));
/// assert_eq!(set_aside.to_string(), "7,75 mio. kr. + 3 mio. kr. = 10,75 mio. kr.");
/// ```
pub fn for_year(mentions: &[AmountMention], year: i32) -> ForYear {
    let of_year: Vec<&AmountMention> = mentions.iter().filter(|m| m.years.covers(year)).collect();
    let total = (of_year.len() >= 2 && of_year.iter().any(|m| m.addition)).then(|| Amount {
        // Saturating: a hostile text's amounts must not overflow.
        ore: of_year
            .iter()
            .fold(0i64, |sum, m| sum.saturating_add(m.amount.ore)),
    });
    ForYear {
        each: of_year.iter().map(|m| m.amount).collect(),
        total,
    }
}

/// The template's word lists for the years after an amount, each phrase
/// split into its folded words once (they are read after every amount).
struct Lists<'t> {
    per_year: &'t [Vec<String>],
    from: &'t [Vec<String>],
    year: &'t [Vec<String>],
    onward: &'t [Vec<String>],
    range: &'t [Vec<String>],
    list: &'t [Vec<String>],
}

fn lists(t: &Template) -> Lists<'_> {
    let all = t.memo.year_phrases.get_or_init(|| {
        let a = &t.amounts;
        let split = |l: &[String]| l.iter().map(|p| phrase_words(p)).collect();
        // A single word is compared whole, as it is written (lower case).
        let whole = |l: &[String]| l.iter().map(|w| vec![w.to_lowercase()]).collect();
        vec![
            split(&a.per_year_words),
            whole(&a.from_words),
            whole(&a.year_words),
            split(&a.onward_words),
            split(&a.year_range_words),
            split(&a.year_list_words),
        ]
    });
    Lists {
        per_year: &all[0],
        from: &all[1],
        year: &all[2],
        onward: &all[3],
        range: &all[4],
        list: &all[5],
    }
}

/// The years written after an amount (`årligt i 2019-2022`), `Every` for
/// a per-year word without them (`0,3 mio. kr. årligt`).
fn years_after(after: &str, t: &Template) -> Years {
    let a = lists(t);
    let toks = lex(after);
    let (mut i, mut every, mut from) = (0, false, false);
    while i < toks.len() && i < LEAD_WORDS {
        if let Some(n) = phrase_len(&toks, i, a.per_year) {
            every = true;
            i += n;
        } else if is_word(&toks[i], a.from) {
            from = true;
            i += 1;
        } else if is_word(&toks[i], a.year) {
            i += 1;
        } else {
            break;
        }
    }
    let Some(Tok::Year(first)) = toks.get(i) else {
        return if every { Years::Every } else { Years::Unnamed };
    };
    let (years, onward) = year_list(&toks, i, *first, &a);
    if onward || (from && years.len() == 1) {
        Years::From(years[0])
    } else {
        Years::Listed(years)
    }
}

/// The years of a list starting with `first` at token `i`: `2019 og 2020`,
/// `2019, 2020 og 2021`, `2020-2022`, `2019 til 2022`; and whether every
/// later year follows (`2018 og frem`).
fn year_list(toks: &[Tok], mut i: usize, first: i32, a: &Lists) -> (Vec<i32>, bool) {
    let mut years = vec![first];
    i += 1;
    loop {
        if phrase_len(toks, i, a.onward).is_some() {
            years.sort_unstable();
            return (years, true);
        }
        let (range, n) = match toks.get(i) {
            Some(Tok::Dash) => (true, 1),
            Some(Tok::Comma) => (false, 1),
            _ => match phrase_len(toks, i, a.range) {
                Some(n) => (true, n),
                None => match phrase_len(toks, i, a.list) {
                    Some(n) => (false, n),
                    None => break,
                },
            },
        };
        let last = *years.last().unwrap_or(&first);
        let next = match toks.get(i + n) {
            Some(Tok::Year(y)) => *y,
            Some(Tok::Short(s)) if range => last - last % 100 + s,
            _ => break,
        };
        if range && next > last && next - last <= LONGEST_RANGE {
            years.extend(last + 1..=next);
        } else if range {
            break;
        } else {
            years.push(next);
        }
        i += n + 1;
    }
    years.sort_unstable();
    years.dedup();
    (years, false)
}

/// How many tokens one of `phrases` (each split into its words) takes at
/// token `i`, if it stands there.
fn phrase_len(toks: &[Tok], i: usize, phrases: &[Vec<String>]) -> Option<usize> {
    phrases.iter().find_map(|words| {
        let fits = !words.is_empty()
            && words
                .iter()
                .enumerate()
                .all(|(k, w)| matches!(toks.get(i + k), Some(Tok::Word(x)) if x == w));
        fits.then_some(words.len())
    })
}

/// Whether the token is one of `words` (each a list of one lower-case word).
fn is_word(tok: &Tok, words: &[Vec<String>]) -> bool {
    matches!(tok, Tok::Word(w) if words.iter().any(|x| x.first() == Some(w)))
}

/// Whether the text before an amount ends with a per-year word: `Der
/// afsættes derfor årligt 0,5 mio. kr.`
fn ends_with_per_year(before: &str, t: &Template) -> bool {
    let mut tail: Vec<String> = before
        .split_whitespace()
        .rev()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    tail.reverse();
    (lists(t).per_year.iter()).any(|p| !p.is_empty() && tail.ends_with(p))
}

/// `2020 (1 mio. kr.)`: a year just before an opening parenthesis.
fn year_before(before: &str) -> Option<i32> {
    let s = before.trim_end().strip_suffix('(')?.trim_end();
    let w = s.split_whitespace().next_back()?;
    as_year(w)
}

fn as_year(w: &str) -> Option<i32> {
    let ok = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    ok.then(|| w.parse().ok())?
}

/// The first tokens of the text after an amount: enough for `årligt i
/// perioden 2020-2022 og frem`.
fn lex(after: &str) -> Vec<Tok> {
    // Sized once: this runs after every amount of every description.
    let mut chars: Vec<char> = Vec::with_capacity(160);
    chars.extend(after.chars().take(160));
    let mut toks = Vec::with_capacity(24);
    let mut i = 0;
    while i < chars.len() && toks.len() < 24 {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            i = lex_number(&chars, i, &mut toks);
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            let mut word: String = chars[start..i].iter().collect();
            if word.is_ascii() {
                word.make_ascii_lowercase();
            } else {
                word = word.to_lowercase();
            }
            toks.push(Tok::Word(word));
        } else {
            toks.push(match c {
                '-' | '–' | '—' => Tok::Dash,
                ',' => Tok::Comma,
                // `pr. år` is one phrase; `2018. Der` ends the sentence.
                '.' if !ends_sentence(&chars[i + 1..]) => {
                    i += 1;
                    continue;
                }
                _ => Tok::Stop,
            });
            i += 1;
        }
    }
    toks
}

/// A number at `chars[i]`: a year, two digits, or another number (a stop).
fn lex_number(chars: &[char], mut i: usize, toks: &mut Vec<Tok>) -> usize {
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    let digits: String = chars[start..i].iter().collect();
    let at = |k: usize| chars.get(k).copied();
    let decimal = matches!(at(i), Some(',' | '.')) && at(i + 1).is_some_and(|c| c.is_ascii_digit());
    // `2019-priser` is a word, not a year.
    let compound = at(i) == Some('-') && at(i + 1).is_some_and(char::is_alphabetic);
    toks.push(match (digits.len(), decimal || compound) {
        (_, true) => Tok::Stop,
        (4, false) => as_year(&digits).map_or(Tok::Stop, Tok::Year),
        (2, false) => digits.parse().map_or(Tok::Stop, Tok::Short),
        _ => Tok::Stop,
    });
    i
}

/// Whether a `.` followed by `rest` ends a sentence: at the end, or before
/// a capital or a digit.
fn ends_sentence(rest: &[char]) -> bool {
    let next = rest.iter().find(|c| !c.is_whitespace());
    next.is_none_or(|c| c.is_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::amount::find_amounts;

    fn listed(years: &[i32]) -> Years {
        Years::Listed(years.to_vec())
    }

    /// The years of each amount of `text`, in order.
    fn years(text: &str, t: &Template) -> Vec<Years> {
        find_amounts(text, t)
            .mentions
            .into_iter()
            .map(|m| m.years)
            .collect()
    }

    /// Seed 000 and 001's wordings, and variants of them: the years of
    /// each amount of the text, `|` between amounts (`2018+` is 2018 on).
    const SEED_YEARS: &[(&str, &str)] = &[
        (
            "Der er afsat 0,5 mio. kr. årligt i 2019-2022.",
            "2019,2020,2021,2022",
        ),
        (
            "Der afsættes derfor årligt 0,5 mio. kr. i 2019-\n2022 til at imødekomme behovet",
            "2019,2020,2021,2022",
        ),
        (
            "Der afsættes årligt 0,1 mio. kr. i 2019 – 2022 til",
            "2019,2020,2021,2022",
        ),
        (
            "2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering",
            "2019,2020",
        ),
        (
            "Der afsættes 0,25 mio. kr. årligt fra 2018 og frem.",
            "2018+",
        ),
        (
            "Der afsættes ydermere 1,2 mio. kr. fra 2018 og frem til faste forløb",
            "2018+",
        ),
        (
            "afsætte 0,8 mio. kr. i 2018 og frem til, at flere lærere",
            "2018+",
        ),
        ("0,5 mio. kr. i 2017 og 2018", "2017,2018"),
        (
            "Der afsættes 3 mio. kr. årligt i perioden 2020-2022.",
            "2020,2021,2022",
        ),
        (
            "Der afsættes derfor 0,75 mio. kr. i 2019 og 2020. Midlerne udmøntes",
            "2019,2020",
        ),
        (
            "Der er afsat 0,75 mio. kr. årligt i 2019 og 2020.",
            "2019,2020",
        ),
        (
            "Der afsættes årligt 0,3 mio. kr. til indkøb og drift",
            "every",
        ),
        (
            "Parterne prioriterer 1 mio. kr. årligt til at styrke kvaliteten",
            "every",
        ),
        ("Heraf anvendes 1 mio. kr. hvert år til at udvikle", "every"),
        ("0,4 mio. kr. om året i 2019-22", "2019,2020,2021,2022"),
        ("0,4 mio. kr. pr. år fra 2019 til 2021", "2019,2020,2021"),
        (
            "0,4 mio. kr. i årene 2019 til og med 2021",
            "2019,2020,2021",
        ),
        (
            "Der er således 2 mio. kr. i årene 2019, 2020 og 2021 samt 1 mio. kr. i 2022.",
            "2019,2020,2021 | 2022",
        ),
        (
            "afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.",
            "2018 | 2019 | 2020+",
        ),
        (
            "driftsudgifter på 1,23 mio. kr. i 2018, 1,4 mio. kr. i 2019 og 1,64 mio. kr. fra 2020 og frem.",
            "2018 | 2019 | 2020+",
        ),
        (
            "yderligere 4 mio. kr. i 2018, 5,6 mio. kr. i 2019 og 3,3 mio. kr. i 2020 og 2021.",
            "2018 | 2019 | 2020,2021",
        ),
        (
            "Afsat yderligere 3 mio. kr. på anlægsprojektet i 2018 og 6 mio. kr. 2019",
            "- | 2019",
        ),
        (
            "gældende fra 2020 (1 mio. kr.) og 2021 (2 mio. kr.)",
            "2020 | 2021",
        ),
        ("Der er afsat 0,762 mio. kr. på ramme 30.31", "-"),
        (
            "Der afsættes 0,3 mio. kr. i budgetperioden til et forsøg",
            "-",
        ),
        ("0,5 mio. kr. i 2019-priser", "-"),
        ("0,5 mio. kr. i 2019. 2020 bliver anderledes", "2019"),
        ("0,5 mio. kr. fra 2021", "2021+"),
        ("0,5 mio. kr. i 2019-2091", "2019"),
    ];

    /// How a case table writes years.
    fn shown(years: &Years) -> String {
        match years {
            Years::Unnamed => "-".into(),
            Years::Every => "every".into(),
            Years::From(y) => format!("{y}+"),
            Years::Listed(ys) => ys.iter().map(i32::to_string).collect::<Vec<_>>().join(","),
        }
    }

    #[test]
    fn years_as_the_agreements_write_them() {
        let t = Template::danish();
        for (text, want) in SEED_YEARS {
            let got: Vec<String> = years(text, &t).iter().map(shown).collect();
            assert_eq!(got.join(" | "), *want, "{text}");
        }
    }

    #[test]
    fn english_years() {
        let t = Template::english();
        let cases: &[(&str, Vec<Years>)] = &[
            (
                "0,5 m. kr. annually in 2019-2022",
                vec![listed(&[2019, 2020, 2021, 2022])],
            ),
            (
                "0,5 m. kr. in each of the years 2019 and 2020",
                vec![listed(&[2019, 2020])],
            ),
            (
                "0,25 m. kr. a year from 2018 onwards",
                vec![Years::From(2018)],
            ),
            ("0,3 m. kr. annually for equipment", vec![Years::Every]),
        ];
        for (text, want) in cases {
            assert_eq!(&years(text, &t), want, "{text}");
        }
    }
}
