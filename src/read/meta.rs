//! The round and year of a workbook (SPEC §1): from the title rows, the
//! file name, or the deadlines.

use std::collections::BTreeMap;
use std::path::Path;

use crate::parse::text::cached_regex;

use crate::model::{CellRef, Deadline, Round, Workbook};
use crate::parse::deadline::parse_deadline_in;
use crate::parse::text::fold;
use crate::template::Template;

pub(crate) fn alternatives(words: &[String]) -> String {
    words
        .iter()
        .map(|w| regex::escape(&fold(w)))
        .collect::<Vec<_>>()
        .join("|")
}

/// The round named by the first preamble row that names one: `Første
/// opfølgning …` is 1, `Udmøntning …` 0, `… endelig …`/`31.12` 4.
///
/// ```
/// use opfolg::{read::meta::round_from_title, template::Template};
/// let rows = vec!["Dato: 18. marts 2019".to_string(), "Første opfølgning på Aftale om budget 2019".to_string()];
/// assert_eq!(round_from_title(&rows, &Template::danish()), Some(1));
/// ```
pub fn round_from_title(rows: &[String], t: &Template) -> Option<Round> {
    rows.iter()
        .filter(|row| is_title_like(row))
        .find_map(|row| round_in(row, t))
}

/// Whether a row can be a title: a short line, not a body paragraph. A
/// paragraph is long, or holds more than one sentence (`… mål. Der …`);
/// `2. opfølgning` is no sentence end.
///
/// ```
/// use opfolg::read::meta::is_title_like;
/// assert!(is_title_like("Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"));
/// assert!(is_title_like("Opfølgning pr. 31.12.2019 – Børne- og Skoleudvalget"));
/// assert!(!is_title_like("Udmøntningen af Aftale om budget 2018 skal skabe klarhed over, hvilke skridt der er nødvendige. Det sker i fire runder."));
/// ```
pub fn is_title_like(row: &str) -> bool {
    const LONGEST: usize = 160;
    let row = row.trim();
    if row.chars().count() > LONGEST {
        return false;
    }
    let chars: Vec<char> = row.chars().collect();
    // A full stop after a word (not a number, not an abbreviation before
    // a number: `pr. 31.12.2019`) with text after it.
    !chars.windows(3).enumerate().any(|(i, w)| {
        w[1] == '.'
            && w[0].is_alphabetic()
            && w[2] == ' '
            && chars.get(i + 3).is_some_and(|c| !c.is_ascii_digit())
            && chars[i + 3..].iter().filter(|c| c.is_alphabetic()).count() > 3
    })
}

/// The round one title row names.
pub(crate) fn round_in(row: &str, t: &Template) -> Option<Round> {
    let r = &t.rounds;
    let follow = regex::escape(&fold(&r.title_followup));
    let ordinal = cached_regex(&format!(
        r"\b({})\s+\w*{follow}",
        alternatives(&r.title_ordinals)
    ));
    let digit = cached_regex(&format!(r"\b([1-4])\.\s*\w*{follow}"));
    // `Kultur- og Fritidsudvalget – opfølgning 1`, `opfølgning nr. 2`.
    let after = cached_regex(&format!(r"{follow}\s+(?:nr\.?\s*)?([1-4])\b"));
    let plan = cached_regex(&format!(r"\b({})", alternatives(&r.title_plan)));
    let fin = cached_regex(&format!(
        r"(?:^|\W)({})(?:\W|$)",
        alternatives(&r.title_final)
    ));
    {
        let text = fold(row);
        let mut found: Vec<(usize, Round)> = Vec::new();
        if let Some(c) = ordinal.captures(&text) {
            let word = c.get(1)?;
            let n = r
                .title_ordinals
                .iter()
                .position(|o| fold(o) == word.as_str())?;
            found.push((word.start(), n as Round + 1));
        }
        if let Some(c) = digit.captures(&text) {
            found.push((c.get(0)?.start(), c[1].parse().ok()?));
        }
        if let Some(c) = after.captures(&text) {
            found.push((c.get(0)?.start(), c[1].parse().ok()?));
        }
        if let Some(m) = plan.find(&text) {
            found.push((m.start(), 0));
        }
        if let Some(c) = fin.captures(&text) {
            found.push((c.get(1)?.start(), 4));
        }
        found.into_iter().min().map(|(_, round)| round)
    }
}

/// The cell of the title, and its text: the first preamble cell naming a
/// round, else the first preamble cell.
pub fn title_cell<'a>(
    cells: &'a [(CellRef, String)],
    t: &Template,
) -> Option<&'a (CellRef, String)> {
    let names_round = |s: &String| round_from_title(std::slice::from_ref(s), t).is_some();
    cells
        .iter()
        .find(|(_, s)| names_round(s))
        .or_else(|| cells.first())
}

/// The preamble's date line: the first cell starting with the template's
/// date word (`Dato:`).
pub fn date_cell(cells: &[(CellRef, String)], t: &Template) -> Option<CellRef> {
    let word = fold(&t.handout.date_label);
    cells
        .iter()
        .find(|(_, s)| !word.is_empty() && fold(s.trim()).starts_with(&word))
        .map(|(c, _)| *c)
}

/// The round a sheet's name gives (`2. opfølgning`), read as a title.
pub fn round_from_sheet_name(name: &str, t: &Template) -> Option<Round> {
    round_in(name, t)
}

/// The round in a file name: `opfoelgning-2.xlsx`, `budget2018-opf2.xlsx`.
pub fn round_from_file_name(path: &Path, t: &Template) -> Option<Round> {
    let stem = fold(&path.file_stem()?.to_string_lossy());
    let re = cached_regex(&format!(
        r"(?:^|[^a-zæøå])(?:{})[-_ .]?([0-4])(?:\D|$)",
        alternatives(&t.rounds.file_words)
    ));
    re.captures(&stem)?[1].parse().ok()
}

/// The year after `budget` in the first preamble row that has one (when
/// the title names none: `Opfølgningen på Aftale om budget 2019 sker …`).
pub fn year_from_title(rows: &[String], t: &Template) -> Option<i32> {
    rows.iter()
        .find_map(|row| super::title::budget_year(row, t))
}

/// The most common year among the deadlines (the latest on a tie).
pub fn year_from_deadlines(wb: &Workbook) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for ini in wb.initiatives() {
        for m in &ini.milestones {
            if let Some((year, _)) = m.deadline.due() {
                *counts.entry(year).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(year, n)| (*n, *year))
        .map(|(y, _)| y)
}

/// A deadline written as a round without its year (`2. budgetopfølgning`,
/// `31.12`) is that round of the workbook's year, once the year is known.
pub fn rounds_of_the_year(wb: &mut Workbook, year: i32, t: &Template) {
    let milestones = wb
        .sheets
        .iter_mut()
        .flat_map(|s| &mut s.initiatives)
        .flat_map(|i| &mut i.milestones);
    for m in milestones {
        if let Deadline::Invalid(text) = &m.deadline {
            m.deadline = parse_deadline_in(text, Some(year), t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<String> {
        lines.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn titles_name_rounds() {
        let t = Template::danish();
        let cases: &[(&[&str], Option<Round>)] = &[
            (
                &["Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget"],
                Some(1),
            ),
            (&["Anden opfølgning på Aftale om budget 2018"], Some(2)),
            (&["Tredje opfølgning på Aftale om budget 2018"], Some(3)),
            (&["2. opfølgning på Aftale om budget 2018"], Some(2)),
            (&["3. budgetopfølgning 2018"], Some(3)),
            (
                &["Udmøntning af Aftale om budget 2018 for Børne- og Skoleudvalgets ansvarsområde"],
                Some(0),
            ),
            (&["Endelig opfølgning på Aftale om budget 2018"], Some(4)),
            (&["Opfølgning pr. 31.12.2018"], Some(4)),
            // The year end as the reading guide names it (issue 28.2).
            (
                &["Opfølgning pr. 31. december 2019 på Aftale om budget 2019"],
                Some(4),
            ),
            (
                &[
                    "Dato: 19. december 2017",
                    "Sagsid: 00.30.00-S00-9-16",
                    "Udmøntning af Aftale om budget 2018",
                ],
                Some(0),
            ),
            // The reading guide further down does not count: the title decides.
            (
                &[
                    "Første opfølgning på Aftale om budget 2019",
                    "Dette sker i forbindelse med de tre budgetopfølgninger samt en endelig opfølgning pr. 31. december 2019.",
                ],
                Some(1),
            ),
            (&["Aftale om budget 2018"], None),
        ];
        for (lines, want) in cases {
            assert_eq!(round_from_title(&rows(lines), &t), *want, "{lines:?}");
        }
    }

    #[test]
    fn file_names_name_rounds() {
        let t = Template::danish();
        let cases = [
            ("budget2018-opfoelgning-2.xlsx", Some(2)),
            ("opf2.xlsx", Some(2)),
            ("BSU opfølgning 3.xlsx", Some(3)),
            ("budget2018.xlsx", None),
            ("opfoelgning.xlsx", None),
        ];
        for (name, want) in cases {
            assert_eq!(round_from_file_name(Path::new(name), &t), want, "{name}");
        }
    }

    #[test]
    fn titles_name_years() {
        let t = Template::danish();
        assert_eq!(
            year_from_title(&rows(&["Udmøntning af Aftale om budget 2018"]), &t),
            Some(2018)
        );
        assert_eq!(
            year_from_title(&rows(&["Dato: 19. december 2017"]), &t),
            None
        );
    }
}
