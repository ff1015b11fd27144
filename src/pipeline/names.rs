//! The names opfolg gives what it writes, from the input's file name: the
//! same for every front end (the command line puts them beside the input,
//! the page offers them as downloads). Pure functions of names: nothing is
//! opened here.

use std::path::Path;

use super::PATCHED_EXTENSIONS;
use crate::model::Round;
use crate::template::Template;

fn stem(file_name: &str) -> String {
    Path::new(file_name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

fn extension(file_name: &str) -> String {
    Path::new(file_name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Whether a package of this name holds macros, by its extension alone
/// (for a name planned before the file is there); `None` for a format
/// opfolg rebuilds as `.xlsx`.
pub fn macros_by_extension(file_name: &str) -> Option<bool> {
    let ext = extension(file_name);
    PATCHED_EXTENSIONS
        .contains(&ext.as_str())
        .then(|| ext.ends_with('m'))
}

/// The annotated workbook's name: `<stem>-annoteret.<ext>`, with the
/// extension its package needs (`.xlsm` for a macro-enabled package,
/// whatever the input is called; `.xltx`/`.xltm` for a template); `.xlsx`
/// for what opfolg rebuilds (`macros` is `None`).
///
/// ```
/// use opfolg::pipeline::names::annotated;
/// let t = opfolg::template::Template::danish();
/// assert_eq!(annotated("BSU opf2.xlsx", Some(false), &t), "BSU opf2-annoteret.xlsx");
/// assert_eq!(annotated("BSU opf2.xlsx", Some(true), &t), "BSU opf2-annoteret.xlsm");
/// assert_eq!(annotated("BSU opf2.ods", None, &t), "BSU opf2-annoteret.xlsx");
/// ```
pub fn annotated(file_name: &str, macros: Option<bool>, t: &Template) -> String {
    let stem = Some(stem(file_name))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "opfolg".into());
    let template = extension(file_name).starts_with("xlt");
    let ext = match (macros, template) {
        (None, _) | (Some(false), false) => "xlsx",
        (Some(false), true) => "xltx",
        (Some(true), false) => "xlsm",
        (Some(true), true) => "xltm",
    };
    format!("{stem}{}.{ext}", t.output.annotated_suffix)
}

/// The hand-out's name: `<stem>-opf3.xlsx` for round 3, the round number
/// replaced if the name already carries one.
pub fn handout(file_name: &str, next: Round, t: &Template) -> String {
    let stem = stem(file_name);
    let ext = Some(extension(file_name))
        .filter(|e| PATCHED_EXTENSIONS.contains(&e.as_str()))
        .unwrap_or_else(|| "xlsx".into());
    let suffix = t.handout.file_suffix.replace("{round}", &next.to_string());
    match stem.char_indices().last() {
        Some((i, c))
            if c.is_ascii_digit()
                && crate::read::meta::round_from_file_name(Path::new(file_name), t).is_some() =>
        {
            format!("{}{next}.{ext}", &stem[..i])
        }
        _ => format!("{stem}{suffix}.{ext}"),
    }
}

/// The extension a hand-out of this workbook is written with.
pub fn handout_extension(file_name: &str, t: &Template) -> String {
    extension(&handout(file_name, 1, t))
}

/// What a workbook is, as its names say it: the committee its title
/// names and the budget year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Who {
    /// The committee (`Børne- og Skoleudvalget`), if the title names one.
    pub committee: Option<String>,
    /// The budget year, if known.
    pub year: Option<i32>,
}

/// A name Windows takes: the characters it refuses replaced, no trailing
/// dot or space.
fn windows_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_string()
}

/// `{who} – {round} {year}` in the template's words: what a workbook of
/// that round is.
fn round_name(who: &str, round: Round, year: Option<i32>, pattern: &str, t: &Template) -> String {
    let name = pattern
        .replace("{who}", who)
        .replace("{round}", t.round_label(round))
        .replace("{year}", &year.map(|y| y.to_string()).unwrap_or_default());
    windows_name(&name.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A center's hand-out's name: the center (the template's name for the
/// initiatives that name none), the round and the year —
/// `Social og Sundhed – 2. opf. 2018.xlsx` — so hand-outs of several rounds
/// and years are told apart in an e-mail.
pub fn center_file(
    center: Option<&str>,
    (round, year): (Round, Option<i32>),
    ext: &str,
    t: &Template,
) -> String {
    let who = center.unwrap_or(&t.handout.no_center_file);
    let name = round_name(who, round, year, &t.handout.file_name, t);
    format!("{name}.{ext}")
}

/// The whole hand-out's name: the committee, the round and the year
/// (`Børne- og Skoleudvalget – 3. opf. 2018.xlsx`) — never the input's
/// name with more added, so names do not grow round after round; from the
/// input's name only where the title names no committee.
pub fn handout_for(file_name: &str, who: &Who, next: Round, t: &Template) -> String {
    match &who.committee {
        Some(c) => {
            let name = round_name(c, next, who.year, &t.handout.file_name, t);
            format!("{name}.{}", handout_extension(file_name, t))
        }
        None => handout(file_name, next, t),
    }
}

/// Next year's plan's name, as a plan of that year is called: the
/// committee, the plan's round label and the year (`Børne- og
/// Skoleudvalget – Udmøntning 2020.xlsx`); where the title names no
/// committee, the input's name with round 0 (`opf4.xlsx` → `opf0.xlsx`),
/// so that a workbook whose round only its name tells is not taken for a
/// year end again.
///
/// ```
/// use opfolg::pipeline::names::{Who, plan_for};
/// let t = opfolg::template::Template::danish();
/// let bsu = Who { committee: Some("Børne- og Skoleudvalget".into()), year: Some(2020) };
/// assert_eq!(plan_for("slut.xlsx", &bsu, &t), "Børne- og Skoleudvalget – Udmøntning 2020.xlsx");
/// assert_eq!(plan_for("opf4.xlsx", &Who::default(), &t), "opf0.xlsx");
/// ```
pub fn plan_for(file_name: &str, who: &Who, t: &Template) -> String {
    handout_for(file_name, who, 0, t)
}

/// The gathered workbook's name: the committee, the round and the year,
/// collected (`Børne- og Skoleudvalget – 2. opf. 2018 samlet.xlsx`); from
/// the input's name where the title names no committee.
pub fn collected_for(file_name: &str, who: &Who, round: Round, t: &Template) -> String {
    match &who.committee {
        Some(c) => {
            let name = round_name(c, round, who.year, &t.collect.file_name, t);
            let ext = Path::new(file_name)
                .extension()
                .map_or_else(|| "xlsx".into(), |e| e.to_string_lossy().into_owned());
            format!("{name}.{ext}")
        }
        None => collected(file_name, t),
    }
}

/// The gathered workbook's name: `<workbook>-samlet.<ext>`.
pub fn collected(file_name: &str, t: &Template) -> String {
    let ext = Path::new(file_name)
        .extension()
        .map_or_else(|| "xlsx".into(), |e| e.to_string_lossy().into_owned());
    format!("{}{}.{ext}", stem(file_name), t.collect.file_suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handout_names() {
        let t = Template::danish();
        let cases = [
            (
                "budget2018-opfoelgning-1.xlsx",
                2,
                "budget2018-opfoelgning-2.xlsx",
            ),
            ("opf2.xlsx", 3, "opf3.xlsx"),
            ("plan.xlsx", 1, "plan-opf1.xlsx"),
            ("plan.xlsm", 1, "plan-opf1.xlsm"),
            ("plan.ods", 1, "plan-opf1.xlsx"),
        ];
        for (input, next, want) in cases {
            assert_eq!(handout(input, next, &t), want, "{input}");
        }
    }

    #[test]
    fn center_files_are_names_windows_takes() {
        let t = Template::danish();
        assert_eq!(
            center_file(Some("Social og Sundhed"), (2, Some(2018)), "xlsx", &t),
            "Social og Sundhed – 2. opf. 2018.xlsx"
        );
        assert_eq!(
            center_file(Some("Børn/Unge: Rådgivning."), (4, None), "xlsx", &t),
            "Børn-Unge- Rådgivning. – 31.12.xlsx"
        );
        assert_eq!(
            center_file(None, (1, Some(2019)), "xlsm", &t),
            format!("{} – 1. opf. 2019.xlsm", t.handout.no_center_file)
        );
    }

    #[test]
    fn names_say_what_the_workbook_is_and_never_nest() {
        let t = Template::danish();
        let bsu = Who {
            committee: Some("Børne- og Skoleudvalget".into()),
            year: Some(2018),
        };
        let nested = "budget2018-udmoentning-opf1-samlet-annoteret.xlsx";
        assert_eq!(
            handout_for(nested, &bsu, 2, &t),
            "Børne- og Skoleudvalget – 2. opf. 2018.xlsx"
        );
        assert_eq!(
            collected_for("Børne- og Skoleudvalget – 2. opf. 2018.xlsx", &bsu, 2, &t),
            "Børne- og Skoleudvalget – 2. opf. 2018 samlet.xlsx"
        );
        // Without a committee in the title: the input's name.
        assert_eq!(
            handout_for("opf2.xlsx", &Who::default(), 3, &t),
            "opf3.xlsx"
        );
    }
}
