//! The label vocabulary: every word opfolg reads or writes in a workbook.
//!
//! Loaded once from `templates/*.toml`; the Danish template is compiled in.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use thiserror::Error;

/// The Danish default template, compiled into the binary.
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/da.toml");

/// Why a template could not be loaded.
#[derive(Debug, Error)]
pub enum TemplateError {
    /// The file could not be read.
    #[error("cannot read the template: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not a valid template.
    #[error("the template is not valid: {0}")]
    Toml(#[from] toml::de::Error),
    /// A value is present but unusable.
    #[error("the template is not valid: {0}")]
    Invalid(String),
}

/// Row labels and header words of the block layout.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    pub milestone: String,
    pub economy: String,
    pub time: String,
    pub smiley: String,
    pub kinds: Vec<String>,
    pub status: String,
    pub responsible_center: String,
    pub responsible_committee: String,
    pub main_contributor: String,
}

/// Round names, dates and the words that name rounds.
#[derive(Debug, Clone, Deserialize)]
pub struct Rounds {
    /// Labels of rounds 0 to 4.
    pub labels: Vec<String>,
    /// `dd.mm` of rounds 1 to 4.
    pub dates: Vec<String>,
    pub deadline_words: Vec<String>,
    #[serde(default)]
    pub deadline_prefixes: Vec<String>,
    pub title_ordinals: Vec<String>,
    pub title_followup: String,
    pub title_plan: Vec<String>,
    pub title_final: Vec<String>,
    pub title_year_words: Vec<String>,
    pub file_words: Vec<String>,
    pub months: Vec<String>,
    /// Periods that name a date (SPEC §3): `2. kvartal 2019`, `Q3 2019`.
    #[serde(default)]
    pub quarter_words: Vec<String>,
    #[serde(default)]
    pub quarter_prefixes: Vec<String>,
    /// `1. halvår 2019` (and `H1 2019` with a prefix).
    #[serde(default)]
    pub half_year_words: Vec<String>,
    #[serde(default)]
    pub half_year_prefixes: Vec<String>,
    /// `uge 24 2019`: an ISO week.
    #[serde(default)]
    pub week_words: Vec<String>,
    /// Ordinals spelled out, first to fourth: `andet kvartal 2019`.
    #[serde(default)]
    pub ordinals: Vec<Vec<String>>,
    /// Words naming a period's first day (`primo juni 2019`), its middle
    /// day (`medio juni 2019`) and its last day (`ultimo 2019`).
    #[serde(default)]
    pub start_words: Vec<String>,
    #[serde(default)]
    pub middle_words: Vec<String>,
    #[serde(default)]
    pub end_words: Vec<String>,
    /// Words a deadline may start with that do not change it: `senest 30.06.2019`.
    #[serde(default)]
    pub lead_words: Vec<String>,
    /// Vague periods (`foråret 2019`): never a deadline (M002), but its
    /// message suggests the round of this day and month.
    #[serde(default)]
    pub vague_periods: Vec<VaguePeriod>,
}

/// A vague period and the day it most likely means.
#[derive(Debug, Clone, Deserialize)]
pub struct VaguePeriod {
    /// The words, e.g. `efter sommerferien`.
    pub words: String,
    /// `dd.mm`.
    pub date: String,
}

impl VaguePeriod {
    /// Day and month of the period's likely day (checked when loaded).
    pub fn day_month(&self) -> (u32, u32) {
        parse_day_month(&self.date).expect("checked when loaded")
    }
}

/// Smiley spellings read, and the glyphs written.
#[derive(Debug, Clone, Deserialize)]
pub struct Smileys {
    pub happy: Vec<String>,
    pub neutral: Vec<String>,
    pub sad: Vec<String>,
    pub wingdings_happy: String,
    pub wingdings_neutral: String,
    pub wingdings_sad: String,
    pub wingdings_font: String,
    pub write_happy: String,
    pub write_neutral: String,
    pub write_sad: String,
}

/// One amount unit and its worth in kr.
#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    pub word: String,
    pub kr: i64,
}

/// Amount units and the words around amounts.
#[derive(Debug, Clone, Deserialize)]
pub struct Amounts {
    pub units: Vec<Unit>,
    pub year_words: Vec<String>,
    pub account_words: Vec<String>,
    /// Units that may also stand before the number: `kr. 1.600.000`, `DKK 1,5 mio.`
    #[serde(default)]
    pub prefix_units: Vec<String>,
    /// A text with a word starting with one of these speaks of a saving,
    /// whose amount may be written with or without a minus (A004).
    #[serde(default)]
    pub saving_words: Vec<String>,
    /// A word starting with one of these makes a sentence speak of money,
    /// so a bare number in it is an amount without a unit (A009).
    #[serde(default)]
    pub money_words: Vec<String>,
    /// Words that may follow an amount without naming what is counted:
    /// `0,5 i 2019`, `0,5 årligt` (A009; `1.000 dage` counts days).
    #[serde(default)]
    pub link_words: Vec<String>,
}

/// Columns and sheets of the annotated workbook.
#[derive(Debug, Clone, Deserialize)]
pub struct Output {
    /// `Smiley {round}`.
    pub smiley_column: String,
    pub change_column: String,
    pub check_column: String,
    pub changes_sheet: String,
    pub checks_sheet: String,
    pub summary_sheet: String,
    /// Put after the current workbook's name: `-annoteret`.
    pub annotated_suffix: String,
}

/// Words of amount tables.
#[derive(Debug, Clone, Deserialize)]
pub struct Tables {
    pub amount_words: Vec<String>,
    pub total_words: Vec<String>,
    pub zero_words: Vec<String>,
    pub before_note: String,
}

/// Words of the workbook `new-round` sends out.
#[derive(Debug, Clone, Deserialize)]
pub struct Handout {
    pub title_prefixes: Vec<String>,
    pub guide_sheet: String,
    pub guide_title: String,
    pub guide_intro: String,
    pub guide_effort: String,
    pub guide_effort_lines: Vec<String>,
    pub guide_economy: String,
    pub guide_economy_lines: Vec<String>,
    pub guide_this_round: String,
    pub guide_fill_lines: Vec<String>,
    pub input_title: String,
    pub input_message: String,
    pub error_title: String,
    pub error_message: String,
    pub file_suffix: String,
}

/// Words of the blank workbook `template` writes.
#[derive(Debug, Clone, Deserialize)]
pub struct Blank {
    pub sheet: String,
    pub title: String,
    pub chapter: String,
    pub initiative: String,
    pub purpose: String,
    pub details: String,
    pub milestone: String,
    pub economy: String,
    pub file_name: String,
}

/// Words of folder runs and the cross-committee overview.
#[derive(Debug, Clone, Deserialize)]
pub struct Batch {
    pub overview_file: String,
    pub overview_sheet: String,
    pub totals_sheet: String,
    pub headers: Vec<String>,
    pub effort_column: String,
    pub economy_column: String,
    pub changes_column: String,
    pub findings_column: String,
    pub file_column: String,
    pub committee: String,
    pub by_committee: String,
    pub by_center: String,
    pub chart: String,
    pub committee_word: String,
    pub unpaired_current: String,
    pub unpaired_previous: String,
    pub done: String,
    pub failed: String,
}

/// Words of the annotated workbook.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnotateWords {
    pub note_author: String,
    pub field_changed: String,
    pub changes_headers: Vec<String>,
    pub checks_headers: Vec<String>,
    pub no_previous: String,
    pub no_findings: String,
    pub summary_title: String,
    pub summary_effort: String,
    pub summary_economy: String,
    pub summary_round: String,
    pub summary_total: String,
    pub summary_by_center: String,
    pub summary_center: String,
    pub summary_no_center: String,
    pub chart_effort: String,
    pub chart_economy: String,
    pub happy: String,
    pub neutral: String,
    pub sad: String,
}

/// Words of the diff output and the change column.
#[derive(Debug, Clone, Deserialize)]
pub struct DiffWords {
    pub initiative_added: String,
    pub initiative_removed: String,
    pub milestone_added: String,
    pub milestone_removed: String,
    pub smiley_changed: String,
    pub text_changed: String,
    pub deadline_moved: String,
    pub amount_changed: String,
    pub row_added: String,
    pub row_removed: String,
    pub improved: String,
    pub worsened: String,
    pub set: String,
    pub cleared: String,
    pub added: String,
    pub removed: String,
    pub title: String,
    pub kind: String,
    pub description: String,
    pub milestone: String,
    pub status: String,
    pub economy: String,
    pub effort: String,
    pub summary: String,
    pub summary_initiatives: String,
    pub summary_rows: String,
    pub summary_and: String,
    pub no_changes: String,
}

/// Words of the tool's own text output.
#[derive(Debug, Clone, Deserialize)]
pub struct Words {
    pub milestone: String,
    pub economy: String,
    pub error: String,
    pub warning: String,
    pub info: String,
    pub summary: String,
    pub unknown: String,
    /// What `annotate` says when it is done.
    pub annotated: String,
    /// What `annotate` says when a workbook had to be rebuilt as `.xlsx`.
    pub rebuilt: String,
    /// What `new-round` and `template` say when they are done.
    pub handed_out: String,
    pub blank_written: String,
}

/// A complete template.
#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    pub language: String,
    pub labels: Labels,
    pub rounds: Rounds,
    pub smileys: Smileys,
    pub amounts: Amounts,
    pub output: Output,
    pub tables: Tables,
    pub handout: Handout,
    pub blank: Blank,
    pub batch: Batch,
    pub annotate: AnnotateWords,
    pub diff: DiffWords,
    pub words: Words,
    pub messages: BTreeMap<String, String>,
    /// Why a file cannot be read or written, by error kind (`not_found`,
    /// `output_exists`, …). A template without some of them (one copied
    /// before they were added) falls back to the built-in Danish words.
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    /// The patterns built from this template's words, kept once built.
    #[serde(skip)]
    pub memo: Memo,
}

/// Where the patterns built from a template's words are kept once built
/// (they are used on every cell). The template only keeps them: each is
/// built by the module that reads with it, so the template knows no reader.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    /// `Status:` at a paragraph's start (`parse::text`).
    pub status: std::sync::OnceLock<&'static regex::Regex>,
    /// `<number> <unit>` for the template's units (`parse::amount`).
    pub amount: std::sync::OnceLock<&'static regex::Regex>,
    /// `Ansvarligt center: …` up to the next label (`read::blocks`).
    pub center: std::sync::OnceLock<&'static regex::Regex>,
}

impl Template {
    /// The compiled-in Danish template.
    pub fn danish() -> Template {
        Template::parse(DEFAULT_TEMPLATE).expect("the compiled-in template is valid")
    }

    /// Loads a template file.
    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let text = std::fs::read_to_string(path)?;
        Template::parse(&text)
    }

    /// Parses template text and checks the lists that must have a fixed length.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let t: Template = toml::from_str(text)?;
        if t.rounds.labels.len() != 5 {
            return Err(TemplateError::Invalid(
                "[rounds] labels must name rounds 0 to 4 (5 labels)".into(),
            ));
        }
        if t.rounds.dates.len() != 4 {
            return Err(TemplateError::Invalid(
                "[rounds] dates must give rounds 1 to 4 (4 dates)".into(),
            ));
        }
        if t.annotate.changes_headers.len() != 7 || t.annotate.checks_headers.len() != 6 {
            return Err(TemplateError::Invalid(
                "[annotate] changes_headers needs 7 words, checks_headers 6".into(),
            ));
        }
        if t.batch.headers.len() != 4 {
            return Err(TemplateError::Invalid(
                "[batch] headers needs 4 words".into(),
            ));
        }
        if t.handout.title_prefixes.len() != 5 {
            return Err(TemplateError::Invalid(
                "[handout] title_prefixes must name rounds 0 to 4 (5 prefixes)".into(),
            ));
        }
        if t.rounds.months.len() != 12 {
            return Err(TemplateError::Invalid(
                "[rounds] months must name 12 months".into(),
            ));
        }
        for v in &t.rounds.vague_periods {
            if parse_day_month(&v.date).is_none() {
                return Err(TemplateError::Invalid(format!(
                    "[rounds] vague_periods: `{}` (`{}`) is not dd.mm",
                    v.date, v.words
                )));
            }
        }
        for (i, d) in t.rounds.dates.iter().enumerate() {
            if parse_day_month(d).is_none() {
                return Err(TemplateError::Invalid(format!(
                    "[rounds] dates: `{d}` (round {}) is not dd.mm",
                    i + 1
                )));
            }
        }
        Ok(t)
    }

    /// The label of round `n` (0-4), e.g. `2. opf.`.
    pub fn round_label(&self, n: u8) -> &str {
        &self.rounds.labels[usize::from(n.min(4))]
    }

    /// The header of round `n`'s smiley column: `Smiley 2. opf.`.
    pub fn smiley_column(&self, n: u8) -> String {
        self.output
            .smiley_column
            .replace("{round}", self.round_label(n))
    }

    /// Day and month of round `n` (1-4).
    pub fn round_day_month(&self, n: u8) -> (u32, u32) {
        let i = usize::from(n.clamp(1, 4)) - 1;
        parse_day_month(&self.rounds.dates[i]).expect("checked when loaded")
    }

    /// A message of the rule table with its `{placeholders}` filled in.
    pub fn message(&self, code: &str, args: &[(&str, String)]) -> String {
        let mut text = self
            .messages
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string());
        for (k, v) in args {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }

    /// The words for error kind `key` with its `{placeholders}` filled in:
    /// this template's, else the built-in Danish template's.
    pub fn error(&self, key: &str, args: &[(&str, String)]) -> String {
        static DANISH: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::danish);
        let mut text = self
            .errors
            .get(key)
            .or_else(|| DANISH.errors.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        for (k, v) in args {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    }

    /// How a smiley is written: `☺`, `😐`, `☹`.
    pub fn glyph(&self, s: crate::model::Smiley) -> &str {
        use crate::model::Smiley;
        match s {
            Smiley::Happy => &self.smileys.write_happy,
            Smiley::Neutral => &self.smileys.write_neutral,
            Smiley::Sad => &self.smileys.write_sad,
        }
    }

    /// An example deadline in this template's words: `1. budgetopfølgning 2018`,
    /// and for the year end (round 4) its date, `31.12.2018`.
    pub fn example_deadline(&self, round: u8, year: Option<i32>) -> String {
        if round >= 4
            && let Some(y) = year
        {
            return format!("{}.{y}", self.rounds.dates[3]);
        }
        let year = year.map(|y| format!(" {y}")).unwrap_or_default();
        match self.rounds.deadline_words.first() {
            Some(word) => format!("{round}. {word}{year}"),
            None => format!("31.12{year}"),
        }
    }
}

fn parse_day_month(s: &str) -> Option<(u32, u32)> {
    let (d, m) = s.trim().split_once('.')?;
    let d: u32 = d.parse().ok()?;
    let m: u32 = m.trim_end_matches('.').parse().ok()?;
    ((1..=31).contains(&d) && (1..=12).contains(&m)).then_some((d, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_shipped_templates_load() {
        Template::danish();
        let en = include_str!("../templates/en.toml");
        let t = Template::parse(en).unwrap();
        assert_eq!(t.round_label(4), "Year end");
    }

    #[test]
    fn every_rule_has_a_message_in_every_template() {
        for text in [DEFAULT_TEMPLATE, include_str!("../templates/en.toml")] {
            let t = Template::parse(text).unwrap();
            for rule in crate::validate::RULES {
                assert!(t.messages.contains_key(rule.code), "{}", rule.code);
            }
        }
    }

    #[test]
    fn round_dates_are_read() {
        let t = Template::danish();
        assert_eq!(t.round_day_month(1), (31, 3));
        assert_eq!(t.round_day_month(4), (31, 12));
    }
}
