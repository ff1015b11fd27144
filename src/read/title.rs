//! What a workbook's title says (SPEC §1): the committee, the budget year
//! and the round, read once however the title is written — `Aftale om
//! budget 2019 for X`, `Budgetaftale 2019 – X`, `X: 2. opfølgning på
//! budget 2019`, `Budget 2019-2022, X`, wrapped over two rows or written
//! in two cells. The reading of a whole workbook, the quick look at a
//! folder, the pairing of rounds, P001/P002 and `collect` all take it
//! from here.

use crate::model::Round;
use crate::parse::text::{cached_regex, fold};
use crate::template::Template;

use super::meta::{alternatives, is_title_like, round_in};

/// What a title says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Title {
    /// The title as one line (a title wrapped over two rows joined).
    pub text: Option<String>,
    /// The committee it names, as written (`Børne- og Skoleudvalget`,
    /// without the genitive).
    pub committee: Option<String>,
    /// The budget year it names (`budget 2019`, `budgetaftale 2019`,
    /// `Budget 2019-2022`), else a year standing alone in it.
    pub year: Option<i32>,
    /// The round it names.
    pub round: Option<Round>,
}

/// Reads the title from a workbook's first rows (a blank row is an empty
/// string): the first short row naming a round, else the first naming a
/// committee or a budget year, else the first short row. A row just above
/// or below it that names no round of its own is part of it when it gives
/// what it lacks (the committee, the year): the title was wrapped.
///
/// ```
/// use opfolg::{read::title, template::Template};
/// let rows = ["Første opfølgning på Aftale om budget 2019 for", "Børne- og Skoleudvalget"]
///     .map(String::from);
/// let title = title::read(&rows, &Template::danish());
/// assert_eq!(title.committee.as_deref(), Some("Børne- og Skoleudvalget"));
/// assert_eq!((title.year, title.round), (Some(2019), Some(1)));
/// ```
pub fn read(rows: &[String], t: &Template) -> Title {
    let Some(at) = anchor(rows, t) else {
        return Title::default();
    };
    let mut text = one_line(&rows[at]);
    let beside = |i: Option<usize>| {
        let row = rows.get(i?)?;
        (!row.trim().is_empty() && is_title_like(row) && round_in(row, t).is_none())
            .then(|| one_line(row))
    };
    if let Some(above) = beside(at.checked_sub(1)) {
        let joined = format!("{above} {text}");
        if gives(&text, &joined, t) {
            text = joined;
        }
    }
    if let Some(below) = beside(Some(at + 1)) {
        let joined = format!("{text} {below}");
        if gives(&text, &joined, t) {
            text = joined;
        }
    }
    Title {
        committee: committee(&text, t),
        year: year(&text, t),
        round: round_in(&text, t),
        text: Some(text),
    }
}

/// The row the title is read from.
fn anchor(rows: &[String], t: &Template) -> Option<usize> {
    let short = |r: &String| !r.trim().is_empty() && is_title_like(r);
    let position = |f: &dyn Fn(&String) -> bool| rows.iter().position(|r| short(r) && f(r));
    position(&|r| round_in(r, t).is_some())
        .or_else(|| position(&|r| committee(r, t).is_some() || budget_year(r, t).is_some()))
        .or_else(|| position(&|_| true))
}

/// Whether joining a neighbouring row gives a title what it lacked.
fn gives(alone: &str, joined: &str, t: &Template) -> bool {
    (committee(alone, t).is_none() && committee(joined, t).is_some())
        || (budget_year(alone, t).is_none() && budget_year(joined, t).is_some())
}

/// A row as one line: line breaks inside a cell and runs of spaces are one
/// space.
fn one_line(row: &str) -> String {
    row.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The year a title names: after `budget` (`budget 2019`, `budgetaftale
/// 2019`, `budget2019`, `Budget 2019-2022` is 2019), else a year standing
/// alone (`Opfølgning pr. 31.12.2019`).
///
/// ```
/// use opfolg::{read::title::year, template::Template};
/// let t = Template::danish();
/// assert_eq!(year("Budget 2019-2022, Børne- og Skoleudvalget", &t), Some(2019));
/// assert_eq!(year("Kultur- og Fritidsudvalget – opfølgning 1", &t), None);
/// ```
pub fn year(title: &str, t: &Template) -> Option<i32> {
    budget_year(title, t).or_else(|| {
        let alone = cached_regex(r"(?:^|\D)((?:19|20)\d\d)(?:\D|$)");
        alone.captures(title)?[1].parse().ok()
    })
}

/// The year after the template's year word (`budget`), also inside a
/// longer word (`budgetaftale 2019`) or written together (`budget2019`).
pub fn budget_year(text: &str, t: &Template) -> Option<i32> {
    let re = cached_regex(&format!(
        r"\b(?:{})\p{{L}}*\s*((?:19|20)\d\d)(?:\D|$)",
        alternatives(&t.rounds.title_year_words)
    ));
    re.captures(&fold(text))?[1].parse().ok()
}

/// The committee a title names: the words ending in the template's
/// committee noun (`udvalg…`), without the genitive — after `for`, a dash,
/// a colon or a comma, or before the round, in any case. `Børne- og
/// Skoleudvalgets ansvarsområde` names `Børne- og Skoleudvalget`. A title
/// without the noun names none.
///
/// ```
/// use opfolg::{read::title::committee, template::Template};
/// let t = Template::danish();
/// let c = |s| committee(s, &t);
/// assert_eq!(c("Budgetaftale 2019 – Kultur- og Fritidsudvalgets ansvarsområde").as_deref(), Some("Kultur- og Fritidsudvalget"));
/// assert_eq!(c("Økonomiudvalget: 2. opfølgning på budget 2019").as_deref(), Some("Økonomiudvalget"));
/// assert_eq!(c("Opfølgning på budget 2019"), None);
/// ```
pub fn committee(title: &str, t: &Template) -> Option<String> {
    let noun = fold(&t.batch.committee_noun);
    if noun.is_empty() {
        return None;
    }
    // A dash between two words (`2019–Børne-`) stands apart; a typeset
    // apostrophe is the genitive's too.
    let title = cached_regex(r"(\S)([–—])(\S)")
        .replace_all(title, "$1 $2 $3")
        .replace('’', "'");
    let words: Vec<&str> = title.split_whitespace().collect();
    let (at, last) = words
        .iter()
        .enumerate()
        .find_map(|(i, w)| noun_word(w, &noun, t).map(|n| (i, n)))?;
    let start = if fold(last).starts_with(&noun) {
        // The noun alone (`Udvalget`, `the Schools Committee`): the words
        // before it, back to where the name starts.
        (0..at)
            .rev()
            .take_while(|&i| !ends_name(words[i], t))
            .last()?
    } else {
        compound_start(&words, at, t)
    };
    let mut name = words[start..at].to_vec();
    name.push(last);
    let name = name.join(" ");
    let name = name.trim_start_matches(|c: char| !c.is_alphanumeric());
    (!name.is_empty()).then(|| name.to_string())
}

/// The word `w` as the last word of a committee's name (its punctuation
/// and genitive taken off), if it holds the noun with at most an ending
/// after it: `Skoleudvalgets:` is `Skoleudvalget`; `udvalgte` and
/// `udvalgsformand` are no committee.
fn noun_word<'a>(w: &'a str, noun: &str, t: &Template) -> Option<&'a str> {
    let w = w.trim_matches(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''));
    let folded = fold(w);
    let after = &folded[folded.rfind(noun)? + noun.len()..];
    let ending_ok =
        after.is_empty() || (after.chars().count() <= 4 && after.starts_with(['e', 's', '\'']));
    if !ending_ok {
        return None;
    }
    let genitive = fold(&t.batch.genitive);
    match w.len().checked_sub(genitive.len()) {
        Some(cut)
            if !genitive.is_empty() && after.ends_with(&genitive) && w.is_char_boundary(cut) =>
        {
            Some(&w[..cut])
        }
        _ => Some(w),
    }
}

/// Where a compound committee name (`Børne- og Skoleudvalget`, `Social-,
/// Sundheds- og Ældreudvalget`) starts: back over the words joined by
/// `og` and the words ending in a hyphen.
fn compound_start(words: &[&str], at: usize, t: &Template) -> usize {
    let joins: Vec<String> = t.batch.committee_joins.iter().map(|w| fold(w)).collect();
    let mut start = at;
    while let Some(before) = start.checked_sub(1) {
        let w = words[before];
        if joins.contains(&fold(w)) {
            match before.checked_sub(1) {
                Some(first) if !ends_name(words[first], t) => start = first,
                _ => break,
            }
        } else if w.chars().count() > 1 && (w.ends_with('-') || w.ends_with("-,")) {
            start = before;
        } else {
            break;
        }
    }
    start
}

/// Whether `w` is no part of a committee's name, searching back from the
/// noun: `for`, a dash, a word ending in a colon or comma, a number, the
/// round's and the year's words.
fn ends_name(w: &str, t: &Template) -> bool {
    let f = fold(w);
    let r = &t.rounds;
    let is = |list: &[String]| list.iter().any(|x| fold(x) == f);
    f == fold(&t.batch.committee_word)
        || matches!(w, "-" | "–" | "—")
        || ((w.ends_with(':') || w.ends_with(',') || w.ends_with(';')) && !w.ends_with("-,"))
        || w.chars().any(|c| c.is_ascii_digit())
        || is(&r.title_ordinals)
        || is(&r.title_plan)
        || is(&r.title_final)
        || f.contains(&fold(&r.title_followup))
        || r.title_year_words.iter().any(|y| f.starts_with(&fold(y)))
}

/// A committee's name for comparing: case and the genitive folded.
///
/// ```
/// use opfolg::{read::title::committee_key, template::Template};
/// let t = Template::danish();
/// assert_eq!(committee_key("Børne- og Skoleudvalgets", &t), committee_key("børne- og  skoleudvalget", &t));
/// ```
pub fn committee_key(name: &str, t: &Template) -> String {
    let folded = fold(&name.replace('’', "'"));
    let mut words: Vec<&str> = folded.split(' ').collect();
    let noun = fold(&t.batch.committee_noun);
    if let Some(last) = words.last_mut()
        && !noun.is_empty()
        && let Some(bare) = noun_word(last, &noun, t)
    {
        *last = bare;
    }
    words.join(" ")
}

/// Whether two committees are the same after folding case and the
/// genitive.
pub fn same_committee(a: &str, b: &str, t: &Template) -> bool {
    committee_key(a, t) == committee_key(b, t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Title rows, and the committee, year and round they name.
    type Case = (
        &'static [&'static str],
        Option<&'static str>,
        Option<i32>,
        Option<Round>,
    );

    /// One case per way of writing a title (issue 26.1).
    #[rustfmt::skip]
    const CASES: &[Case] = &[
        // The seeds' own titles (seed 001's wrapped over two rows).
        (&["Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde"], Some("Børne- og Skoleudvalget"), Some(2018), Some(0)),
        (&["Første opfølgning på Aftale om budget 2019 for", "Børne- og Skoleudvalget"], Some("Børne- og Skoleudvalget"), Some(2019), Some(1)),
        (&["Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"], Some("Børne- og Skoleudvalget"), Some(2019), Some(1)),
        // The issue's.
        (&["Første opfølgning på budgetaftale 2019 – Kultur- og Fritidsudvalgets ansvarsområde"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(1)),
        (&["Anden opfølgning på Aftale om budget 2019 for Kultur- og Fritidsudvalget"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(2)),
        (&["Aftale om budget 2019 for Teknik- og Miljøudvalget – 2. opfølgning"], Some("Teknik- og Miljøudvalget"), Some(2019), Some(2)),
        (&["Tredje opfølgning på budgetaftale 2019 for Social- og Sundhedsudvalget"], Some("Social- og Sundhedsudvalget"), Some(2019), Some(3)),
        (&["Budgetaftale 2019 – Økonomiudvalget: endelig opfølgning"], Some("Økonomiudvalget"), Some(2019), Some(4)),
        (&["Børne- og Skoleudvalget: 2. opfølgning på budget 2019"], Some("Børne- og Skoleudvalget"), Some(2019), Some(2)),
        (&["Kultur- og Fritidsudvalget – opfølgning 1"], Some("Kultur- og Fritidsudvalget"), None, Some(1)),
        (&["Budget 2019-2022, Beskæftigelses- og Integrationsudvalget, 3. opfølgning"], Some("Beskæftigelses- og Integrationsudvalget"), Some(2019), Some(3)),
        (&["Opfølgning 2 budget2019 – Børne- og Skoleudvalget"], Some("Børne- og Skoleudvalget"), Some(2019), Some(2)),
        // Dashes, colons, commas; any case.
        (&["Budgetaftale 2019 - Kultur- og Fritidsudvalgets ansvarsområde - 1. opfølgning"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(1)),
        (&["Budgetaftale 2019 — Kultur- og Fritidsudvalget — Anden opfølgning"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(2)),
        (&["Budgetaftale 2019–Kultur- og Fritidsudvalget–Anden opfølgning"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(2)),
        (&["BUDGETAFTALE 2019 – KULTUR- OG FRITIDSUDVALGET – FØRSTE OPFØLGNING"], Some("KULTUR- OG FRITIDSUDVALGET"), Some(2019), Some(1)),
        (&["første opfølgning på budget 2019 for børne- og skoleudvalget"], Some("børne- og skoleudvalget"), Some(2019), Some(1)),
        (&["Økonomiudvalget, 3. budgetopfølgning 2019"], Some("Økonomiudvalget"), Some(2019), Some(3)),
        (&["Social-, Sundheds- og Ældreudvalgets ansvarsområde: Første opfølgning på budget 2020"], Some("Social-, Sundheds- og Ældreudvalget"), Some(2020), Some(1)),
        (&["Budget 2020–2023 – Teknik- og Miljøudvalget – opfølgning 2"], Some("Teknik- og Miljøudvalget"), Some(2020), Some(2)),
        (&["Udmøntning af budgetaftale 2020, Klima- og Miljøudvalget"], Some("Klima- og Miljøudvalget"), Some(2020), Some(0)),
        (&["Opfølgning pr. 31.12.2019 – Børne- og Skoleudvalget"], Some("Børne- og Skoleudvalget"), Some(2019), Some(4)),
        (&["Anden opfølgning for Kultur- og Fritidsudvalgets område 2018"], Some("Kultur- og Fritidsudvalget"), Some(2018), Some(2)),
        (&["Kultur og Fritidsudvalget - 3. opfølgning på budget 2019"], Some("Kultur og Fritidsudvalget"), Some(2019), Some(3)),
        (&["Erhvervs- og Beskæftigelsesudvalgets opfølgning 3 på budget 2021"], Some("Erhvervs- og Beskæftigelsesudvalget"), Some(2021), Some(3)),
        (&["(Plan- og Boligudvalget) Første opfølgning, budget 2019"], Some("Plan- og Boligudvalget"), Some(2019), Some(1)),
        // Wrapped over two rows (the row of a title written in two cells is
        // read as one line, its cells joined).
        (&["Første opfølgning på Aftale om budget 2019 for Børne- og", "Skoleudvalget"], Some("Børne- og Skoleudvalget"), Some(2019), Some(1)),
        (&["Børne- og Skoleudvalget", "2. opfølgning på budget 2019"], Some("Børne- og Skoleudvalget"), Some(2019), Some(2)),
        (&["Aftale om budget 2019 for Økonomiudvalget", "Første opfølgning"], Some("Økonomiudvalget"), Some(2019), Some(1)),
        (&["Første opfølgning", "Budgetaftale 2019 – Erhvervs- og Beskæftigelsesudvalget"], Some("Erhvervs- og Beskæftigelsesudvalget"), Some(2019), Some(1)),
        (&["Første opfølgning på budget 2019 Kultur- og Fritidsudvalget"], Some("Kultur- og Fritidsudvalget"), Some(2019), Some(1)),
        // A date line or a paragraph beside the title is no part of it.
        (&["Dato: 19. december 2017", "", "Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde", "", "Udmøntningen af Aftale om budget 2018 skal skabe klarhed over, hvilke skridt der er nødvendige. Det sker i fire runder."], Some("Børne- og Skoleudvalget"), Some(2018), Some(0)),
        (&["Dato: 18. marts 2019", "Første opfølgning på budget 2019", "", "Kultur- og Fritidsudvalget er ansvarlig for de følgende indsatser. Der følges op fire gange."], None, Some(2019), Some(1)),
        (&["Første opfølgning på Aftale om budget 2019", "Dette sker i forbindelse med de tre budgetopfølgninger samt en endelig opfølgning pr. 31. december 2019."], None, Some(2019), Some(1)),
        // No committee named: none guessed.
        (&["Opfølgning på budget 2018"], None, Some(2018), None),
        (&["Aftale om budget 2018"], None, Some(2018), None),
        (&["Opfølgning for Social"], None, None, None),
        (&["Første opfølgning på udvalgte indsatser i budget 2019"], None, Some(2019), Some(1)),
        (&["Første opfølgning på Aftale om budget 2019 for Børne- og"], None, Some(2019), Some(1)),
        (&["Anden opfølgning for udvalget, budget 2019"], None, Some(2019), Some(2)),
    ];

    #[test]
    fn titles_name_committee_year_and_round_however_written() {
        let t = Template::danish();
        let mut wrong = Vec::new();
        for (lines, committee, year, round) in CASES {
            let rows: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            let got = read(&rows, &t);
            let got = (got.committee.as_deref(), got.year, got.round);
            if got != (*committee, *year, *round) {
                wrong.push(format!("{lines:?}: {got:?}"));
            }
        }
        assert!(CASES.len() >= 30);
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn committees_are_the_same_after_folding_case_and_the_genitive() {
        let t = Template::danish();
        let same = |a, b| same_committee(a, b, &t);
        assert!(same(
            "Kultur- og Fritidsudvalgets",
            "kultur- og fritidsudvalget"
        ));
        assert!(same(
            "KULTUR- OG FRITIDSUDVALGET",
            "Kultur- og  Fritidsudvalget"
        ));
        assert!(!same(
            "Kultur- og Fritidsudvalget",
            "Børne- og Skoleudvalget"
        ));
    }

    #[test]
    fn english_titles() {
        let t = Template::english();
        let cases = [
            (
                "First follow-up for the Schools Committee's area",
                Some("the Schools Committee"),
                None,
                Some(1),
            ),
            (
                "Budget 2019 – Children and Schools Committee – follow-up 2",
                Some("Children and Schools Committee"),
                Some(2019),
                Some(2),
            ),
            (
                "Finance Committee: second follow-up on budget 2020",
                Some("Finance Committee"),
                Some(2020),
                Some(2),
            ),
            ("Year-end follow-up, budget 2019", None, Some(2019), Some(4)),
        ];
        for (title, committee, year, round) in cases {
            let got = read(&[title.to_string()], &t);
            assert_eq!(
                (got.committee.as_deref(), got.year, got.round),
                (committee, year, round),
                "{title}"
            );
        }
    }
}
