//! Amounts written without a unit (finding A009): in `Der er afsat 0,5 i
//! 2019` the reader cannot tell kr., t. kr. or mio. kr.

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::amount::{find_amounts, parse_number};
use crate::parse::text::{has_word_starting_with, sentence_at, sentence_cuts};
use crate::template::Template;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d.,]*(?:[ \u{a0}]\d{3}(?-u:\b))*").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:19|20)\d{2}$").unwrap());

/// The numbers of an economy text that are amounts without a unit, as
/// written (`0,5`), in order, each once.
///
/// A number is one when all of these hold:
/// - its sentence names no amount with a unit (`1,5 og 2 mio. kr.`: the
///   unit is shared; `0,762 mio. kr. i 2018 og 0,938 i 2019`: it carries over);
/// - it reads as a Danish number other than 0 (`0` is nothing in any unit),
///   and is no year (`2019`), no date or range (`1.5.2019`, `26/4-21`,
///   `2019-2022`, `0-25`), no id or account code (`3.01`, `ramme 30.31`),
///   no percentage (`5 %`), no ordinal (`1. august`);
/// - what follows it is the end of the sentence, punctuation, a year or a
///   template link word (`0,5 i 2019`, `0,5 årligt`), never another word,
///   which names what is counted (`1.000 dage`, `12 børn`, `0,5 årsværk`);
/// - it stands alone in the text, or its sentence speaks of money (a
///   template money word: `afsat`, `budget`, `besparelse`, …); a whole
///   number without separators (`2`) only right after a money word or a
///   link word (`afsat 2 i 2019`, not `punkt 3`).
///
/// ```
/// use opfolg::{parse::unitless::unitless_amounts, template::Template};
/// let t = Template::danish();
/// assert_eq!(unitless_amounts("Der er afsat 0,5 i 2019.", &t), vec!["0,5"]);
/// assert!(unitless_amounts("Der er afsat 0,5 mio. kr. i 2019.", &t).is_empty());
/// assert!(unitless_amounts("Barnets første 1.000 dage", &t).is_empty());
/// ```
pub fn unitless_amounts(text: &str, t: &Template) -> Vec<String> {
    let alone = is_only_a_number(text);
    let mut cuts: Option<Vec<usize>> = None;
    let mut out: Vec<String> = Vec::new();
    for m in NUMBER.find_iter(text) {
        let num = m.as_str().trim_end_matches(['.', ',']);
        let (before, after) = (&text[..m.start()], &text[m.start() + num.len()..]);
        // The number and its neighbours first, its sentence only then: most
        // numbers are years or stand in an amount with its unit.
        if !is_unitless(num, before, after, alone, t) {
            continue;
        }
        let cuts = cuts.get_or_insert_with(|| sentence_cuts(text));
        if !sentence_may_hold_one(sentence_at(text, cuts, m.start()), alone, t) {
            continue;
        }
        let written = if minus_before(before) {
            format!("-{num}")
        } else {
            num.to_string()
        };
        if !out.contains(&written) {
            out.push(written);
        }
    }
    out
}

/// Whether a sentence may hold an amount without a unit: it names no
/// amount with one (a unit is shared or carries over), and it speaks of
/// money unless the whole text is the number.
fn sentence_may_hold_one(sentence: &str, alone: bool, t: &Template) -> bool {
    let scan = find_amounts(sentence, t);
    scan.mentions.is_empty()
        && scan.malformed.is_empty()
        && (alone || has_word_starting_with(sentence, &t.amounts.money_words))
}

/// `0,5`, `-0,5`, `500.000.`: a text that is only a number.
fn is_only_a_number(text: &str) -> bool {
    let s = text.trim().trim_end_matches('.');
    let s = s.strip_prefix(['-', '−']).unwrap_or(s).trim_start();
    !s.is_empty() && parse_number(s).is_ok()
}

fn is_unitless(num: &str, before: &str, after: &str, alone: bool, t: &Template) -> bool {
    if YEAR.is_match(num) || !clear_before(before) || !clear_after(after, t) {
        return false;
    }
    if !parse_number(num).is_ok_and(|v| v != 0) {
        return false;
    }
    let previous = previous_word(before);
    if is_word(previous, &t.amounts.account_words) || is_word(previous, &t.rounds.week_words) {
        return false;
    }
    // A whole number without separators is a count or a number of
    // something (`punkt 3`) unless a money or link word stands right before.
    let plain = num.bytes().all(|b| b.is_ascii_digit());
    !plain
        || alone
        || is_word(previous, &t.amounts.link_words)
        || has_word_starting_with(previous, &t.amounts.money_words)
}

/// Nothing joined to the number's front: not `0-25`, `26/4`, `§16`, `kr.5`.
fn clear_before(before: &str) -> bool {
    let mut rev = before.chars().rev();
    match rev.next() {
        None => true,
        Some(c) if c.is_whitespace() || matches!(c, '(' | '"' | '”' | '“' | ':') => true,
        Some('-' | '−') => matches!(rev.next(), None | Some(' ' | '(' | '\n' | '\t')),
        _ => false,
    }
}

fn minus_before(before: &str) -> bool {
    before.ends_with(['-', '−']) && clear_before(before)
}

/// What follows is the end, punctuation, a year or a link word: not `%`,
/// a date or range (`/4`, `-2022`), an ordinal (`1. august`) or a word.
fn clear_after(after: &str, t: &Template) -> bool {
    let mut chars = after.chars();
    let first = chars.next();
    let second = chars.next();
    match first {
        None => return true,
        Some('%') => return false,
        Some('/' | '-' | '–') if second.is_some_and(|c| c.is_ascii_digit()) => return false,
        Some('.') if after[1..].trim_start().starts_with(char::is_lowercase) => return false,
        Some(c) if c.is_alphanumeric() => return false,
        _ => {}
    }
    let rest = after.trim_start();
    if rest.starts_with('%') {
        return false;
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '.'))
        .unwrap_or(rest.len());
    let word = rest[..end].trim_end_matches('.');
    if word.is_empty() {
        return true;
    }
    YEAR.is_match(word) || is_word(word, &t.amounts.link_words)
}

/// The last word before the number, without its punctuation.
fn previous_word(before: &str) -> &str {
    before
        .trim_end_matches(['-', '−'])
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether `word` is one of `words`, case folded and dots ignored.
fn is_word(word: &str, words: &[String]) -> bool {
    !word.trim_end_matches('.').is_empty() && words.iter().any(|x| folded(x).eq(folded(word)))
}

/// The characters of a word, lower case, without its final dots.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim_end_matches('.').chars().flat_map(char::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_without_a_unit() {
        let t = Template::danish();
        let cases: &[(&str, &[&str])] = &[
            ("0,5", &["0,5"]),
            ("-0,5", &["-0,5"]),
            ("500.000", &["500.000"]),
            ("Der er afsat 0,5 i 2019", &["0,5"]),
            ("Der er afsat 0,5 i 2019.", &["0,5"]),
            ("Der er afsat 0,5.", &["0,5"]),
            ("Der er afsat 2 i 2019.", &["2"]),
            ("Der er afsat 0,5 årligt i 2019-2022.", &["0,5"]),
            ("Der er afsat 500.000 til projektet.", &["500.000"]),
            ("Der er afsat 0,3 i 2019 og 0,4 i 2020.", &["0,3", "0,4"]),
            ("Besparelsen er -0,5 fra 2020.", &["-0,5"]),
            ("Midlerne (0,3) anvendes til kompetenceudvikling.", &["0,3"]),
            (
                "Der er afsat 1 mio. kr. i 2019. I 2020 afsættes 0,9.",
                &["0,9"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(unitless_amounts(text, &t), *want, "{text}");
        }
    }

    /// The economy texts of seeds 000 and 001 and the samples: no A009.
    #[test]
    fn numbers_that_are_no_amount() {
        let t = Template::danish();
        for text in [
            "Der er afsat 0,762 mio. kr. på ramme 30.31 Sundheds- og tandpleje.",
            "Midlerne udmøntes på ramme 30.50 Dagtilbud til 0-5 årige.",
            "Der er indsat en sparemålsætning gældende fra 2020 (1 mio. kr.) og 2021 (2 mio. kr.). Dertil kommer, at der i budget 2017 er afsat 7,8 mio. kr. til den specialiserede undervisning. De 7,8 mio. kr. reduceres i 2018 til 5,0 mio. kr. og i 2019 til 2,5 mio. kr., hvorfor udgifterne til specialiseret undervisning skal nedbringes med 7,8 mio. kr. frem mod 2020.",
            "Midlerne anvendes i 2018.",
            "Finansieres via specialundervisningsmidler fra den 1. august 2018.",
            "Afsat yderligere 3 mio. kr. på anlægsprojektet i 2018 og 6 mio. kr. 2019 (ombygning af tandklinikken i Skovlunde).",
            "Besparselsen på 1 mio. kr. i 2019 stigende til 2,5 mio. kr. i 2021 er indregnet i driften.",
            "Der er ikke afsat økonomi i 2019.",
            "Der er afsat 1 mio. kr. til udvikling af arbejdet med kvalitet i dagtilbud. Midlerne fordeles til fem distrikter.\nDer er således 2 mio. kr. i årene 2019, 2020 og 2021 samt 1 mio. kr. i 2022.\nDer er afsat 2 mio. kr. til et muligt fondssamarbejde om barnets første 1.000 dage.",
            "Der er afsat 0,5 mio. kr. årligt i 2019-2022.",
            "Der er afsat 1,5 og 2 mio. kr. i 2019 og 2020.",
            "Der er afsat midler til 12 børn og 0,5 årsværk.",
            "Budgettet følger punkt 3.",
            "Budgettet dækker uge 24.",
            "Budgettet er øget med 5 %.",
            "Budgettet blev godkendt 26/4-21.",
            "Midlerne anvendes i 2019/20.",
            "Der er afsat 0 i 2019.",
            "Udgifterne til den specialiserede undervisning forventes at overstige budgettet med 2,1 mio. kr. i 2018. Der anvises finansiering i forbindelse med 2. budgetopfølgning.",
            "Der ses en stagnerende anvendelse af specialiseret undervisning i forhold til 2018, dog forventes fortsat et mindre merforbrug.",
            "Midlerne (0.125 mio. kr.) anvendes i 2018.",
            "Projektet har 3 faser.",
            "2019",
            "3.01",
        ] {
            assert!(
                unitless_amounts(text, &t).is_empty(),
                "{text}: {:?}",
                unitless_amounts(text, &t)
            );
        }
    }

    #[test]
    fn english_template() {
        let t = Template::parse(include_str!("../../templates/en.toml")).unwrap();
        assert_eq!(
            unitless_amounts("A budget of 0,5 in 2019.", &t),
            vec!["0,5"]
        );
        assert!(unitless_amounts("A budget of 0,5 m. kr. in 2019.", &t).is_empty());
    }
}
