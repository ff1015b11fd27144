//! The label vocabulary: every word opfolg reads or writes in a workbook.
//!
//! Loaded once from `templates/*.toml`; the Danish template is compiled in.

use std::collections::BTreeMap;
use std::io;

use serde::Deserialize;
use thiserror::Error;

/// The Danish default template, compiled into the binary.
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/da.toml");

/// The compiled-in English template.
pub const ENGLISH_TEMPLATE: &str = include_str!("../templates/en.toml");

/// Why a template could not be loaded.
#[derive(Debug, Error)]
pub enum TemplateError {
    /// The file could not be read.
    #[error("cannot read the template: {0}")]
    Io(#[from] std::io::Error),
    /// The file is not TOML of the template's shape.
    #[error("the template is not valid: line {line}: {reason}")]
    Toml {
        /// The line (from 1) where reading stopped.
        line: usize,
        /// What the TOML reader said.
        reason: String,
    },
    /// A list has the wrong number of words: `key` needs `count`.
    #[error("the template is not valid: {key} needs {count} words")]
    Count {
        /// The list, as `[section] key`.
        key: &'static str,
        /// How many words it needs.
        count: usize,
    },
    /// A day and month is not `dd.mm`.
    #[error("the template is not valid: {key}: `{value}` is not dd.mm")]
    Date {
        /// The list, as `[section] key`.
        key: &'static str,
        /// The value given.
        value: String,
    },
}

impl TemplateError {
    /// The reason in `t`'s words (the template that failed cannot say it).
    pub fn message(&self, t: &Template) -> String {
        match self {
            TemplateError::Io(e) => t.error("template_io", &[("reason", read_reason(e, t))]),
            TemplateError::Toml { line, reason } => t.error(
                "template_toml",
                &[("line", line.to_string()), ("reason", reason.clone())],
            ),
            TemplateError::Count { key, count } => t.error(
                "template_count",
                &[("key", (*key).to_string()), ("count", count.to_string())],
            ),
            TemplateError::Date { key, value } => t.error(
                "template_date",
                &[("key", (*key).to_string()), ("value", value.clone())],
            ),
        }
    }
}

/// Row labels and header words of the block layout.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    /// First-column label of a block's milestone rows: `Milepæl`.
    pub milestone: String,
    /// First-column label of a block's economy row: `Økonomi`.
    pub economy: String,
    /// Header-row word over the deadline column (third or later): `Tid`.
    pub time: String,
    /// Header-row word right of `time`, over the smiley column: `Smiley`.
    pub smiley: String,
    /// Kinds of budget line in the header row's second column (`Drift`,
    /// `Anlæg`); any other is S009. The first goes in the blank workbook.
    pub kinds: Vec<String>,
    /// Opens the paragraph a round adds under a milestone or economy text: `Status:`.
    pub status: String,
    /// Names the responsible center in the description row (S010 without it).
    pub responsible_center: String,
    /// Names the committee in the description row; read only as where the
    /// center's name ends.
    pub responsible_committee: String,
    /// Names the main contributor in the description row (`Væsentlig
    /// bidragsyder:`): read, and shown in the folder overview under this
    /// label without its colon.
    pub main_contributor: String,
    /// Words before a center's name that are no part of it (`Center for`):
    /// `Center for Børne- og Ungerådgivning` is the center `Børne- og
    /// Ungerådgivning`. Compared with case folded.
    #[serde(default)]
    pub center_prefixes: Vec<String>,
    /// Abbreviations of centers' names (`C-BUR` is `Børne- og
    /// Ungerådgivning`): a center written so is the one of that name.
    #[serde(default)]
    pub center_abbreviations: Vec<Abbreviation>,
}

/// A center's abbreviation and the name it stands for.
#[derive(Debug, Clone, Deserialize)]
pub struct Abbreviation {
    /// The abbreviation as written: `C-BUR`.
    pub short: String,
    /// The center's name: `Børne- og Ungerådgivning`.
    pub name: String,
}

/// Round names, dates and the words that name rounds.
#[derive(Debug, Clone, Deserialize)]
pub struct Rounds {
    /// Labels of rounds 0 to 4.
    pub labels: Vec<String>,
    /// `dd.mm` of rounds 1 to 4.
    pub dates: Vec<String>,
    /// The word of a round deadline `N. <word> YYYY` (`1. budgetopfølgning
    /// 2019`); the first is used in example deadlines.
    pub deadline_words: Vec<String>,
    /// The word of a round deadline `<word> N YYYY` (`round 2 2019`).
    #[serde(default)]
    pub deadline_prefixes: Vec<String>,
    /// Ordinals of rounds 1 to 3 in a title: `Første opfølgning …` is round 1.
    pub title_ordinals: Vec<String>,
    /// The word after a title's ordinal or `N.` that makes it a follow-up round.
    pub title_followup: String,
    /// A title with one of these is round 0, the plan: `Udmøntning af …`.
    pub title_plan: Vec<String>,
    /// A title with one of these is round 4, the year end: `endelig`, `31.12`.
    pub title_final: Vec<String>,
    /// The word before the agreement's year in a title: `budget 2018`.
    pub title_year_words: Vec<String>,
    /// Words before the round number in a file name: `opf2.xlsx`; also
    /// stripped from file names to pair a folder's workbooks.
    pub file_words: Vec<String>,
    /// Month names, January first (12), for `1. maj 2018` and `juni 2019`.
    pub months: Vec<String>,
    /// Periods that name a date (SPEC §3): `2. kvartal 2019`, `Q3 2019`.
    #[serde(default)]
    pub quarter_words: Vec<String>,
    /// Put before a quarter's number: `Q3 2019`.
    #[serde(default)]
    pub quarter_prefixes: Vec<String>,
    /// `1. halvår 2019` (and `H1 2019` with a prefix).
    #[serde(default)]
    pub half_year_words: Vec<String>,
    /// Put before a half-year's number: `H1 2019`.
    #[serde(default)]
    pub half_year_prefixes: Vec<String>,
    /// `uge 24 2019`: an ISO week.
    #[serde(default)]
    pub week_words: Vec<String>,
    /// Ordinals spelled out, first to fourth: `andet kvartal 2019`.
    #[serde(default)]
    pub ordinals: Vec<Vec<String>>,
    /// Before a period, its first day: `primo juni 2019` is 1 June.
    #[serde(default)]
    pub start_words: Vec<String>,
    /// Before a period, its middle day: `medio juni 2019` is 15 June.
    #[serde(default)]
    pub middle_words: Vec<String>,
    /// Before a period, its last day: `ultimo juni 2019` is 30 June.
    #[serde(default)]
    pub end_words: Vec<String>,
    /// Words a deadline may start with that do not change it: `senest 30.06.2019`.
    #[serde(default)]
    pub lead_words: Vec<String>,
    /// Vague periods (`foråret 2019`): never a deadline (M002), but its
    /// message suggests the round of this day and month.
    #[serde(default)]
    pub vague_periods: Vec<VaguePeriod>,
    /// Stands for the year in an example deadline when the workbook's year
    /// is not known: `2. budgetopfølgning åååå`.
    #[serde(default = "year_placeholder")]
    pub year_placeholder: String,
}

fn year_placeholder() -> String {
    "yyyy".to_string()
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
    /// Cell texts read as ☺ (glyphs, words, `:)`), compared without case or spaces.
    pub happy: Vec<String>,
    /// Cell texts read as 😐.
    pub neutral: Vec<String>,
    /// Cell texts read as ☹.
    pub sad: Vec<String>,
    /// The letter that is ☺ in the Wingdings font (`J`), read in a
    /// Wingdings cell or a smiley column.
    pub wingdings_happy: String,
    /// The letter that is 😐 in Wingdings (`K`).
    pub wingdings_neutral: String,
    /// The letter that is ☹ in Wingdings (`L`).
    pub wingdings_sad: String,
    /// A cell whose font name contains this (any case) shows faces for letters.
    pub wingdings_font: String,
    /// How ☺ is written in every cell and line opfolg writes.
    pub write_happy: String,
    /// How 😐 is written.
    pub write_neutral: String,
    /// How ☹ is written.
    pub write_sad: String,
    /// The spellings as compared (`parse::smiley`), made once: ☺, 😐 and
    /// ☹'s, then the Wingdings letters' (a smiley cell is on every row).
    #[serde(skip)]
    pub compared: std::sync::OnceLock<[Vec<String>; 6]>,
}

/// One amount unit and its worth in kr.
#[derive(Debug, Clone, Deserialize)]
pub struct Unit {
    /// The unit as written after a number: `mio. kr.`.
    pub word: String,
    /// What one of the unit is worth in whole kroner: 1 000 000 for `mio. kr.`.
    pub kr: i64,
}

/// Amount units and the words around amounts.
#[derive(Debug, Clone, Deserialize)]
pub struct Amounts {
    /// Every unit an amount may be written in; the longest match wins.
    pub units: Vec<Unit>,
    /// Words between an amount and its year: `0,938 mio. kr. i 2019`.
    pub year_words: Vec<String>,
    /// A number after one of these is an account code, not an amount: `ramme 30.31`.
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
    /// An amount for each year (`0,5 mio. kr. årligt`, `årligt 0,3 mio.
    /// kr.`, `1 mio. kr. hvert år`): before or after the amount.
    #[serde(default)]
    pub per_year_words: Vec<String>,
    /// Between two years, a range: `2020 til 2022` (a dash always is one).
    #[serde(default)]
    pub year_range_words: Vec<String>,
    /// Between two years, a list: `i 2017 og 2018` (a comma always is one).
    #[serde(default)]
    pub year_list_words: Vec<String>,
    /// After a year, every later year too: `fra 2018 og frem`.
    #[serde(default)]
    pub onward_words: Vec<String>,
    /// Before a single year, every later year too: `årligt fra 2018`.
    #[serde(default)]
    pub from_words: Vec<String>,
    /// After one of these in its sentence, an amount adds to what was set
    /// aside before: `yderligere 4 mio. kr.`, `øges med 3 mio. kr.` (A004).
    #[serde(default)]
    pub addition_words: Vec<String>,
    /// An economy row saying one of these has a budget the council changed,
    /// the new baseline: `korrigeret budget`, `jf. KB-beslutning` (A004).
    #[serde(default)]
    pub revision_words: Vec<String>,
}

/// What a `Status:` paragraph may say against its own smiley (A011). Each
/// word of a phrase matches a word starting with it (`merforbrug` matches
/// `merforbruget`); a phrase after a negation counts not.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatusWords {
    /// An overspend: `merforbrug`, `overskridelse`, `ud over bevillingsrammen`.
    pub overspend: Vec<String>,
    /// The budget kept: `overholdt`, `overholdes`, `budgettet holdes`.
    pub kept: Vec<String>,
    /// A milestone postponed: `udskudt`, `udskydes`.
    pub postponed: Vec<String>,
    /// A milestone not started: `ikke påbegyndt`, `ikke igangsat`.
    pub not_started: Vec<String>,
    /// Words that deny what follows them in a clause (or the two words
    /// before them): `ikke`, `ingen`, `intet` — `intet merforbrug`,
    /// `overholdes ikke`. Whole words only.
    pub negations: Vec<String>,
    /// Words that start a new clause, besides `,`, `;` and `:`: `men`.
    pub clause_words: Vec<String>,
}

/// Columns and sheets of the annotated workbook.
#[derive(Debug, Clone, Deserialize)]
pub struct Output {
    /// `Smiley {round}`.
    pub smiley_column: String,
    /// Header of the added column saying what changed on a row since the
    /// previous round: `Ændring`.
    pub change_column: String,
    /// Header of the added column listing a row's findings: `Kontrol`.
    pub check_column: String,
    /// Name of the added sheet with one row per change: `Ændringer`.
    pub changes_sheet: String,
    /// Name of the added sheet with one row per finding: `Kontrol`.
    pub checks_sheet: String,
    /// Name of the added sheet of smiley counts and charts: `Overblik`.
    pub summary_sheet: String,
    /// Put after the current workbook's name: `-annoteret`.
    pub annotated_suffix: String,
}

/// Words of amount tables.
#[derive(Debug, Clone, Deserialize)]
pub struct Tables {
    /// A header cell starting with one of these names an amount column:
    /// `Budget (mio. kr.)`, `Beløb`.
    pub amount_words: Vec<String>,
    /// A row labelled with one of these (or one and more words) is the total
    /// of the rows above it (A006): `I alt`.
    pub total_words: Vec<String>,
    /// A row labelled with one of these closes its group (`Subtotal`,
    /// `Delsum`), as does a total word with the group's name (`I alt
    /// drift`, `Drift i alt`, `I alt, drift`).
    #[serde(default)]
    pub subtotal_words: Vec<String>,
    /// Cell texts meaning zero in an amount table: `-`, `–`.
    pub zero_words: Vec<String>,
    /// A header cell starting with one of these names an account-code
    /// column (`Ramme`, `30.50`): never a row's key, never an amount.
    #[serde(default)]
    pub account_words: Vec<String>,
    /// The note on a changed amount cell of the annotated workbook, with
    /// the previous amount in `{before}`.
    pub before_note: String,
}

/// Words of the workbook `new-round` sends out.
#[derive(Debug, Clone, Deserialize)]
pub struct Handout {
    /// How the title starts in rounds 0 to 4 (5); the next round's replaces
    /// this round's: `Første opfølgning på` → `Anden opfølgning på`.
    pub title_prefixes: Vec<String>,
    /// Name of the reading-guide sheet (hand-out and blank workbook): `Læsevejledning`.
    pub guide_sheet: String,
    /// The reading guide's first line, its title; also how an unmarked guide is known.
    pub guide_title: String,
    /// The guide's opening paragraph: how and when the agreement is followed up.
    pub guide_intro: String,
    /// Heading over what the effort (milestone) smileys mean.
    pub guide_effort: String,
    /// One line per effort smiley saying what it means.
    pub guide_effort_lines: Vec<String>,
    /// Heading over what the economy smileys mean.
    pub guide_economy: String,
    /// One line per economy smiley saying what it means.
    pub guide_economy_lines: Vec<String>,
    /// Hand-out only: heading over what to fill in, with `{round}`.
    pub guide_this_round: String,
    /// Hand-out only: the fill-in instructions, one bullet each; the first
    /// (about the blue cells) is shown blue.
    pub guide_fill_lines: Vec<String>,
    /// Title of the prompt Excel shows on a smiley cell's drop-down.
    pub input_title: String,
    /// Text of the prompt on a smiley cell's drop-down.
    pub input_message: String,
    /// The prompt on an economy smiley cell of the hand-out (☺ or ☹ only).
    pub economy_input_message: String,
    /// The error on an economy smiley cell of the hand-out.
    pub economy_error_message: String,
    /// The word that starts the preamble's date line (`Dato:`): a
    /// hand-out's says the day it was made.
    pub date_label: String,
    /// How the date line writes a day: `{day}`, `{month}` (the template's
    /// month name), `{year}`.
    pub date_format: String,
    /// The reading guide's line naming the center a hand-out is for:
    /// `{center}`.
    pub guide_center: String,
    /// Title of Excel's error when a smiley cell gets something not in the list.
    pub error_title: String,
    /// Text of that error.
    pub error_message: String,
    /// The prompt on a milestone's smiley cell in the year-end round
    /// (☺ or ☹ only: M010).
    pub year_end_input_message: String,
    /// The error on it.
    pub year_end_error_message: String,
    /// The fill-in instructions of the year-end round's hand-out, in
    /// place of `guide_fill_lines` (its milestones are ☺ or ☹).
    pub guide_fill_lines_year_end: Vec<String>,
    /// Put after the hand-out's file name, with the next round in `{round}`: `-opf{round}`.
    pub file_suffix: String,
    /// The name of a hand-out, whole or a center's: `{who}` (the committee
    /// or the center), `{round}`, `{year}`.
    pub file_name: String,
    /// Words joining several responsible centers of one initiative
    /// (`samt`, `;`, ` / `); never `og` or a comma, which stand inside
    /// centers' names.
    pub center_joiners: Vec<String>,
    /// `new-round --per-center`: the file name (without extension) of the
    /// hand-out for the initiatives that name no responsible center.
    pub no_center_file: String,
    /// `new-round --per-center` done, with `{folder}`, `{round}`,
    /// `{whole}` (the whole round's file) and `{count}` (centers).
    pub per_center_done: String,
}

/// Words of `collect`: its summary on the command line and its sheet.
#[derive(Debug, Clone, Deserialize)]
pub struct Collect {
    /// Name of the sheet that lists what was gathered: `Indsamling`.
    pub sheet: String,
    /// The sheet's header row (center, file, what, cell, in the whole
    /// workbook, in the return); also how an unmarked one is known.
    pub headers: Vec<String>,
    /// Put after the gathered workbook's file name: `-samlet`.
    pub file_suffix: String,
    /// The name of the gathered workbook: `{who}` (the committee),
    /// `{round}`, `{year}`.
    pub file_name: String,
    /// How the initiatives that name no center are called.
    pub no_center: String,
    /// A center that returned, with `{cells}` taken.
    pub returned: String,
    /// A center that has not returned.
    pub missing: String,
    /// A change a return made outside its own cells: not taken.
    pub outside: String,
    /// Returns that fill one cell differently: not taken.
    pub conflict: String,
    /// The summary line, with `{round}`, `{returned}`, `{centers}`, `{cells}`.
    pub summary: String,
    /// What was not taken, with `{missing}`, `{outside}`, `{conflicts}`, `{sheet}`.
    pub problems: String,
    /// A file that is not taken, with `{reason}`.
    pub refused: String,
    /// Why a return given twice (or a copy of one) is counted once: `{other}`.
    pub copy: String,
    /// No return found among the files and folders given: `{returns}`.
    pub none: String,
    /// A return saved as `.{format}` without opfolg's marks.
    pub lost_marks: String,
    /// Reason: not a hand-out of opfolg's.
    pub not_handout: String,
    /// Reason: the whole round's workbook, not a center's.
    pub not_center: String,
    /// Reason: sent out for another round, with `{their}` and `{round}`.
    pub wrong_round: String,
    /// Reason: another follow-up (title), with `{title}`.
    pub other: String,
    /// The master given is not a whole hand-out.
    pub master_not_handout: String,
    /// Written, with `{path}`.
    pub written: String,
}

/// Words of the blank workbook `template` writes.
#[derive(Debug, Clone, Deserialize)]
pub struct Blank {
    /// Name of the sheet holding the example block.
    pub sheet: String,
    /// The title in A1, with the agreement's year in `{year}`.
    pub title: String,
    /// The chapter heading above the block (A3).
    pub chapter: String,
    /// The example initiative's number and title, first cell of its header row.
    pub initiative: String,
    /// The example purpose text (first column of the description row).
    pub purpose: String,
    /// The description row's second cell: the center, committee and
    /// contributor labels, one a line.
    pub details: String,
    /// The example text of each of the four milestone rows.
    pub milestone: String,
    /// The example text of the economy row.
    pub economy: String,
    /// The file name `template` writes when none is given, with `{year}`.
    pub file_name: String,
}

/// Words of folder runs and the cross-committee overview.
#[derive(Debug, Clone, Deserialize)]
pub struct Batch {
    /// File name of the overview written into the output folder; never read as a workbook.
    pub overview_file: String,
    /// Name of the overview's sheet of initiatives, one row each.
    pub overview_sheet: String,
    /// Name of the overview's sheet of totals per committee and center.
    pub totals_sheet: String,
    /// Headers of the first four overview columns: committee, initiative, title, center.
    pub headers: Vec<String>,
    /// Header of an overview column of a round's worst milestone smiley, with `{round}`.
    pub effort_column: String,
    /// Header of an overview column of a round's economy smiley, with `{round}`.
    pub economy_column: String,
    /// Header of the overview column counting an initiative's changes.
    pub changes_column: String,
    /// Header of the overview column counting an initiative's findings.
    pub findings_column: String,
    /// Header of the overview column linking to the annotated workbook.
    pub file_column: String,
    /// First header of the totals table per committee.
    pub committee: String,
    /// Caption of the totals per committee, with the latest round in `{round}`.
    pub by_committee: String,
    /// Caption of the totals per center, with `{round}`.
    pub by_center: String,
    /// Caption of the economy totals per committee, with `{round}`.
    pub economy_by_committee: String,
    /// Title of the totals chart, with `{round}`.
    pub chart: String,
    /// The committee is named after this word in the title: `… for Børne- og Skoleudvalget`.
    pub committee_word: String,
    /// The word a committee's name ends in: `udvalg` (`Børne- og
    /// Skoleudvalget`); words after it (`ansvarsområde`) are not the name.
    pub committee_noun: String,
    /// The genitive ending taken off the committee's last word:
    /// `Skoleudvalgets ansvarsområde` names `Skoleudvalget`.
    pub genitive: String,
    /// Words joining the parts of a committee's name: `og` in `Børne- og
    /// Skoleudvalget`.
    #[serde(default)]
    pub committee_joins: Vec<String>,
    /// Words in a file name that are not the committee's: `endelig`, `kopi`
    /// (`KFU opf2 - kopi (2).xlsx` pairs as `kfu`).
    pub file_noise: Vec<String>,
    /// Said of an Excel lock file (`~$…`, a workbook open in Excel), with `{path}`.
    pub lock_file: String,
    /// Said of a current workbook with no previous one to pair, with
    /// `{path}` and `{why}` (see `previous_none`).
    pub unpaired_current: String,
    /// Said of the previous round `annotate` found beside the current
    /// workbook: `{path}`, `{round}`.
    pub previous_found: String,
    /// The same, found in the folder above the current workbook's (where
    /// `new-round --per-center` keeps the round before): `{path}`, `{round}`.
    pub previous_found_above: String,
    /// Said when `annotate` found no previous round beside `{path}`;
    /// `{why}` is empty, or one of the `untitled_…` clauses.
    pub previous_none: String,
    /// Why no previous round was found: the workbook's own title
    /// (`{title}`) names no committee.
    pub untitled_self: String,
    /// Why no previous round was found: the workbook has no title.
    pub untitled_none: String,
    /// Why no previous round was found: the titles of `{paths}`, which
    /// might have been it, name no committee.
    pub untitled_others: String,
    /// Said when several workbooks beside `{path}` could be the previous
    /// round: `{paths}`.
    pub previous_unsure: String,
    /// Said of a previous workbook no current one pairs with, with `{path}`.
    pub unpaired_previous: String,
    /// A folder's workbook and the previous round it was compared with.
    pub folder_compared: String,
    /// A folder's workbook with no previous round in the folder; `{why}`
    /// as in `previous_none`.
    pub folder_alone: String,
    /// A folder's workbook that is another's previous round.
    pub folder_previous: String,
    /// A folder's earlier round, not annotated again.
    pub folder_earlier: String,
    /// A folder's copy of another workbook, counted once.
    pub folder_duplicate: String,
    /// A folder's workbooks of one committee and round with other content.
    pub folder_unsure: String,
    /// The closing line of a folder run: `{ok}`, `{total}`, `{dir}`, `{overview}`.
    pub done: String,
    /// The error when some workbooks of a folder failed, with `{failed}`.
    pub failed: String,
}

/// Words of the annotated workbook.
#[derive(Debug, Clone, Deserialize)]
pub struct AnnotateWords {
    /// Author of the notes opfolg adds; how a later run knows its own notes.
    pub note_author: String,
    /// The `Ændring` column's words for a changed text, with `{field}`: `status ændret`.
    pub field_changed: String,
    /// Header row of the `Ændringer` sheet (7): initiative, milestone,
    /// change, field, before, after, cell.
    pub changes_headers: Vec<String>,
    /// Header row of the `Kontrol` sheet (6): code, severity, initiative,
    /// milestone, message, cell.
    pub checks_headers: Vec<String>,
    /// The `Ændringer` sheet's only line when no previous round was given.
    pub no_previous: String,
    /// The `Kontrol` sheet's only line when nothing was found.
    pub no_findings: String,
    /// The `Overblik` sheet's title (A1); also how an unmarked one is known.
    pub summary_title: String,
    /// The title of `Overblik` for a workbook of amount tables only.
    pub summary_title_tables: String,
    /// Caption of the `Overblik` table of milestone smileys per round.
    pub summary_effort: String,
    /// Caption of the `Overblik` table of economy smileys per round.
    pub summary_economy: String,
    /// Header of the round column in the `Overblik` tables.
    pub summary_round: String,
    /// Header of the total column in the `Overblik` tables and the overview's totals.
    pub summary_total: String,
    /// Caption of the `Overblik` table per center, with `{round}`.
    pub summary_by_center: String,
    /// Header of the center column (`Overblik` and the overview's totals).
    pub summary_center: String,
    /// Stands for the center of an initiative that names none.
    pub summary_no_center: String,
    /// Caption of the `Overblik` table of an amount table's groups, with
    /// `{sheet}` and `{unit}`: `Beløb pr. gruppe: Bilag A (mio. kr.)`.
    pub summary_groups: String,
    /// Header of its group column: `Gruppe`.
    pub summary_group: String,
    /// Stands for the rows of such a table that are in no group.
    pub summary_no_group: String,
    /// Caption of the `Overblik` table of postponed deadlines per center
    /// (`{round}`: the current round).
    pub summary_postponed: String,
    /// Its count column's header.
    pub summary_postponed_count: String,
    /// Title of the `Overblik` chart of milestone smileys per round.
    pub chart_effort: String,
    /// Title of the `Overblik` chart of economy smileys per round.
    pub chart_economy: String,
    /// Header and chart series of ☺ counts: `☺ opfyldt`.
    pub happy: String,
    /// Header and chart series of 😐 counts.
    pub neutral: String,
    /// Header and chart series of ☹ counts.
    pub sad: String,
}

/// Words of the money overview (`[money]`): its unit and number format,
/// how an overspend, a financing source and a postpone/cancel list are
/// read, and its captions and headers. A template copied before the
/// section was added gets the built-in Danish one.
#[derive(Debug, Clone, Deserialize)]
pub struct MoneyWords {
    /// The unit the block layout's amounts are shown in: one of the
    /// `[amounts]` units' words (`mio. kr.`).
    pub unit: String,
    /// The number format of an amount cell, with `{unit}`:
    /// `#,##0.0## "{unit}"`.
    pub number_format: String,
    /// The same for amounts in whole kroner (a table in kr.).
    pub number_format_kr: String,
    /// An amount table's text column headed with a word starting with one
    /// of these holds each row's financing source.
    pub source_words: Vec<String>,
    /// A row proposed postponed: `Kan udskydes`.
    pub postpone_words: Vec<String>,
    /// A row proposed cancelled: `Annulleres`.
    pub cancel_words: Vec<String>,
    /// The header of the column holding the council's decision: `Beslutning`.
    pub decision_words: Vec<String>,
    /// A decision approving the row: `KMB 26/4-21: Godkendt.`
    pub approved_words: Vec<String>,
    /// Caption of the money per responsible center, with `{round}` and `{unit}`.
    pub by_center: String,
    /// Caption of the money per initiative, with `{round}` and `{unit}`.
    pub by_initiative: String,
    /// Caption of the money per committee (`Overblik-alle`), with `{round}` and `{unit}`.
    pub by_committee: String,
    /// Header of the initiative column.
    pub initiative: String,
    /// Header of the economy smiley column.
    pub smiley: String,
    /// Header of the amounts of the economy rows rated ☺.
    pub happy: String,
    /// Header of the amounts of the economy rows rated ☹.
    pub sad: String,
    /// Header of the amount set aside for the follow-up year, with `{year}`.
    pub set_aside: String,
    /// Header of the previous round's amount.
    pub before: String,
    /// Header of the change since the previous round.
    pub change: String,
    /// Header of the overspend named in the status.
    pub overspend: String,
    /// Put after an initiative of the previous round that is gone.
    pub removed: String,
    /// Title of the chart of amounts per center, with `{year}`, `{round}` and `{unit}`.
    pub chart_by_center: String,
    /// Title of the chart of amounts per committee, with `{year}`, `{round}` and `{unit}`.
    pub chart_by_committee: String,
    /// Caption of an amount table's sums per financing source, with `{sheet}` and `{unit}`.
    pub by_source: String,
    /// Header of the financing source column.
    pub source: String,
    /// Stands for the rows with no financing source.
    pub no_source: String,
    /// Title of the chart of an amount table's groups, with `{sheet}` and `{unit}`.
    pub chart_groups: String,
    /// Title of the chart of its financing sources, with `{sheet}` and `{unit}`.
    pub chart_sources: String,
    /// Caption of a postpone/cancel list's totals, with `{sheet}` and `{unit}`.
    pub decisions: String,
    /// Header of its first column.
    pub decision: String,
    /// Its row of the rows to postpone.
    pub postponed: String,
    /// Its row of the rows to cancel.
    pub cancelled: String,
    /// Header of its count column.
    pub count: String,
    /// Header of the approved part of an amount column.
    pub approved: String,
    /// Title of its chart, with `{sheet}` and `{unit}`.
    pub chart_decisions: String,
}

impl Default for MoneyWords {
    /// The built-in Danish words, for a template copied before `[money]`
    /// was added.
    fn default() -> MoneyWords {
        Template::danish().money
    }
}

/// Words of the diff output and the change column.
#[derive(Debug, Clone, Deserialize)]
pub struct DiffWords {
    /// Names a change (diff text, `Ændringer`, summary): a new initiative.
    pub initiative_added: String,
    /// Names a change: an initiative of the previous round is gone.
    pub initiative_removed: String,
    /// Names a change: a new milestone.
    pub milestone_added: String,
    /// Names a change: a milestone of the previous round is gone.
    pub milestone_removed: String,
    /// Names a change: a smiley changed (followed by its direction).
    pub smiley_changed: String,
    /// Names a change: a text was rewritten.
    pub text_changed: String,
    /// Names a change: a milestone's deadline moved.
    pub deadline_moved: String,
    /// Names a change: a milestone's deadline moved to a later round.
    pub deadline_postponed: String,
    /// Names a change: an amount changed (economy text or table cell).
    pub amount_changed: String,
    /// Names a change: a new amount-table row.
    pub row_added: String,
    /// Names a change: an amount-table row is gone.
    pub row_removed: String,
    /// Smiley direction: better than before (☹ → 😐).
    pub improved: String,
    /// Smiley direction: worse than before.
    pub worsened: String,
    /// Smiley direction: given where there was none.
    pub set: String,
    /// Smiley direction: taken away.
    pub cleared: String,
    /// The `Ændring` column's word for anything new.
    pub added: String,
    /// The `Ændring` column's word for anything removed.
    pub removed: String,
    /// Field name: an initiative's title.
    pub title: String,
    /// Field name: an initiative's kind (`Drift`/`Anlæg`).
    pub kind: String,
    /// Field name: an initiative's description.
    pub description: String,
    /// Field name: a milestone's text; also `milepæl 2` in the diff text.
    pub milestone: String,
    /// Field name: a `Status:` paragraph.
    pub status: String,
    /// Field name: the economy row's text, amount or smiley.
    pub economy: String,
    /// Field name: a milestone's smiley (the effort).
    pub effort: String,
    /// Field name: a text cell of an amount table (its column's header is
    /// shown where there is one).
    pub cell: String,
    /// Start of the diff's summary line, with `{changes}`.
    pub summary: String,
    /// Summary: how many initiatives changed, with `{initiatives}`.
    pub summary_initiatives: String,
    /// Summary: how many table rows changed, with `{rows}`.
    pub summary_rows: String,
    /// Joins the summary's initiatives and rows: `og`.
    pub summary_and: String,
    /// The summary line when nothing changed.
    pub no_changes: String,
}

/// Words of the tool's own text output.
#[derive(Debug, Clone, Deserialize)]
pub struct Words {
    /// `milepæl 2` in the context of a finding line.
    pub milestone: String,
    /// The economy row in the tool's own text; read by no code at present.
    pub economy: String,
    /// Severity word of an error in the `Kontrol` sheet.
    pub error: String,
    /// Severity word of a warning in the `Kontrol` sheet.
    pub warning: String,
    /// Severity word of an info finding in the `Kontrol` sheet.
    pub info: String,
    /// The closing line of `check`: `{workbook}`, counts, `{round}`, `{year}`.
    pub summary: String,
    /// Stands for a round or year opfolg could not tell.
    pub unknown: String,
    /// Stands for a blank text: `før: (tom)`.
    pub empty: String,
    /// What `annotate` says when it is done.
    pub annotated: String,
    /// What `annotate` says when a workbook had to be rebuilt as `.xlsx`.
    pub rebuilt: String,
    /// The same for an `.xlsx` whose package could not be patched.
    pub rebuilt_package: String,
    /// What `new-round` says when it has written the hand-out.
    pub handed_out: String,
    /// What `template` says when it has written the blank workbook.
    pub blank_written: String,
}

/// A complete template.
#[derive(Debug, Clone, Deserialize)]
pub struct Template {
    /// The template's language code (`da`, `en`): `--template en` names it.
    pub language: String,
    /// `[labels]`: the words of the block layout.
    pub labels: Labels,
    /// `[rounds]`: round names and dates, and how deadlines and titles name them.
    pub rounds: Rounds,
    /// `[smileys]`: smiley spellings read and written.
    pub smileys: Smileys,
    /// `[amounts]`: units and the words around amounts in text.
    pub amounts: Amounts,
    /// `[status]`: what a `Status:` paragraph may say against its smiley (A011).
    #[serde(default)]
    pub status: StatusWords,
    /// `[output]`: the columns and sheets of the annotated workbook.
    pub output: Output,
    /// `[tables]`: the words of amount tables.
    pub tables: Tables,
    /// `[handout]`: the words of the `new-round` workbook.
    pub handout: Handout,
    /// `[collect]`: the words of `collect` and its sheet.
    pub collect: Collect,
    /// `[blank]`: the words of the `template` workbook.
    pub blank: Blank,
    /// `[batch]`: the words of folder runs and their overview.
    pub batch: Batch,
    /// `[annotate]`: the words on the sheets opfolg adds.
    pub annotate: AnnotateWords,
    /// `[money]`: the words of the money overview.
    #[serde(default)]
    pub money: MoneyWords,
    /// `[diff]`: the words of changes.
    pub diff: DiffWords,
    /// `[words]`: the tool's own lines on the terminal.
    pub words: Words,
    /// `[messages]`: each rule's message by code (`M002`), with `{placeholders}`.
    pub messages: BTreeMap<String, String>,
    /// Why a file cannot be read or written, by error kind (`not_found`,
    /// `output_exists`, …). A template without some of them (one copied
    /// before they were added) falls back to the built-in Danish words.
    #[serde(default)]
    pub errors: BTreeMap<String, String>,
    /// `[cli]`: the command line's help, usage and errors, by key
    /// (`check`, `check_long`, `check.previous`, `value.OUT`, …); missing
    /// keys fall back to the built-in Danish words.
    #[serde(default)]
    pub cli: BTreeMap<String, String>,
    /// `[web]`: every word of the page (`dist/opfolg.html`), by key;
    /// missing keys fall back to the built-in Danish words.
    #[serde(default)]
    pub web: BTreeMap<String, String>,
    /// `[drop]`: what opfolg says to workbooks and folders given bare (what
    /// dropping them on opfolg.exe gives) and in a window of its own, by
    /// key; missing keys fall back to the built-in Danish words.
    #[serde(default)]
    pub drop: BTreeMap<String, String>,
    /// `[carry]`: the words of next year's plan, which `new-round` writes
    /// from the year-end workbook, by key; missing keys fall back to the
    /// built-in Danish words.
    #[serde(default)]
    pub carry: BTreeMap<String, String>,
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
    /// The label `Ansvarligt center:` (`read::blocks`).
    pub center: std::sync::OnceLock<&'static regex::Regex>,
    /// The label `Væsentlig bidragsyder:` (`read::blocks`).
    pub contributor: std::sync::OnceLock<&'static regex::Regex>,
    /// Where a description label's value ends: the next label, or the
    /// line's end (`read::blocks`).
    pub label_end: std::sync::OnceLock<&'static regex::Regex>,
    /// The first words of the addition phrases, anywhere in a text: a
    /// text without one has no addition (`parse::amount`).
    pub additions: std::sync::OnceLock<&'static regex::Regex>,
    /// The `[amounts]` word lists the years after an amount are read
    /// with, each phrase split into its folded words once
    /// (`parse::years`): read after every amount of every description.
    pub year_phrases: std::sync::OnceLock<Vec<Vec<Vec<String>>>>,
}

impl Template {
    /// The compiled-in Danish template.
    pub fn danish() -> Template {
        Template::parse(DEFAULT_TEMPLATE).expect("the compiled-in template is valid")
    }

    /// The compiled-in English template.
    pub fn english() -> Template {
        Template::parse(ENGLISH_TEMPLATE).expect("the compiled-in template is valid")
    }

    /// A compiled-in template by its name: `da` or `en`.
    pub fn builtin(name: &str) -> Option<Template> {
        match name.to_lowercase().as_str() {
            "da" | "dansk" | "danish" => Some(Template::danish()),
            "en" | "english" | "engelsk" => Some(Template::english()),
            _ => None,
        }
    }

    /// Parses template text and checks the lists that must have a fixed length.
    ///
    /// # Errors
    /// The text is not TOML of the template's shape, a list has the wrong
    /// length (5 round labels, 4 dates, 12 months, 7 and 6 sheet headers,
    /// 4 overview headers, 5 title prefixes), or a date is not `dd.mm`.
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let t: Template = toml::from_str(text).map_err(|e| TemplateError::Toml {
            line: e.span().map_or(1, |r| {
                text[..r.start.min(text.len())].lines().count().max(1)
            }),
            reason: e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        })?;
        let counts: [(&'static str, usize, usize); 7] = [
            ("[rounds] labels", t.rounds.labels.len(), 5),
            ("[rounds] dates", t.rounds.dates.len(), 4),
            (
                "[annotate] changes_headers",
                t.annotate.changes_headers.len(),
                7,
            ),
            (
                "[annotate] checks_headers",
                t.annotate.checks_headers.len(),
                6,
            ),
            ("[batch] headers", t.batch.headers.len(), 4),
            (
                "[handout] title_prefixes",
                t.handout.title_prefixes.len(),
                5,
            ),
            ("[rounds] months", t.rounds.months.len(), 12),
        ];
        if let Some((key, _, count)) = counts.into_iter().find(|(_, n, want)| n != want) {
            return Err(TemplateError::Count { key, count });
        }
        for v in &t.rounds.vague_periods {
            if parse_day_month(&v.date).is_none() {
                return Err(TemplateError::Date {
                    key: "[rounds] vague_periods",
                    value: v.date.clone(),
                });
            }
        }
        for d in &t.rounds.dates {
            if parse_day_month(d).is_none() {
                return Err(TemplateError::Date {
                    key: "[rounds] dates",
                    value: d.clone(),
                });
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
        let text = self
            .messages
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string());
        fill(&text, args)
    }

    /// A word of the command line by its `[cli]` key, with the built-in
    /// Danish one where the template lacks it (empty if neither has it).
    pub fn cli_word(&self, key: &str) -> String {
        static DANISH: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::danish);
        self.cli
            .get(key)
            .or_else(|| DANISH.cli.get(key))
            .cloned()
            .unwrap_or_default()
    }

    /// The words of a bare run and of opfolg.exe's own window (`[drop]`)
    /// for `key`: this template's, else the built-in Danish template's.
    pub fn drop_word(&self, key: &str) -> String {
        static DANISH: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::danish);
        self.drop
            .get(key)
            .or_else(|| DANISH.drop.get(key))
            .cloned()
            .unwrap_or_default()
    }

    /// The words of next year's plan (`[carry]`) for `key`, with its
    /// `{placeholders}` (and `{n|one|many}` plurals) filled in: this
    /// template's, else the built-in Danish template's.
    pub fn carry_word(&self, key: &str, args: &[(&str, String)]) -> String {
        static DANISH: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::danish);
        let text = self
            .carry
            .get(key)
            .or_else(|| DANISH.carry.get(key))
            .cloned()
            .unwrap_or_default();
        fill(&text, args)
    }

    /// The page's words: this template's, each missing key the built-in
    /// Danish template's.
    pub fn web_words(&self) -> BTreeMap<String, String> {
        static DANISH: std::sync::LazyLock<Template> = std::sync::LazyLock::new(Template::danish);
        let mut out = DANISH.web.clone();
        out.extend(self.web.iter().map(|(k, v)| (k.clone(), v.clone())));
        out
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
        if round >= 4 {
            let y = year.map_or_else(|| self.rounds.year_placeholder.clone(), |y| y.to_string());
            return format!("{}.{y}", self.rounds.dates[3]);
        }
        let year = match year {
            Some(y) => format!(" {y}"),
            None => format!(" {}", self.rounds.year_placeholder),
        };
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

/// `text` with each `{key}` replaced by its value, and each `{key|one|many}`
/// by the word for the count (where the value is a number; see
/// [`plurals`]).
///
/// ```
/// use opfolg::template::fill;
/// let text = "{n} {n|ændring|ændringer} i {file}";
/// assert_eq!(fill(text, &[("n", "1".into()), ("file", "a.xlsx".into())]), "1 ændring i a.xlsx");
/// ```
pub fn fill(text: &str, args: &[(&str, String)]) -> String {
    let mut out = text.to_string();
    let mut counts = Vec::new();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
        if let Ok(n) = v.parse::<usize>() {
            counts.push((*k, n));
        }
    }
    plurals(&out, &counts)
}

/// The words of a count, one or many: `{key|one|many}` in `text` becomes
/// `one` when the count `key` is 1, else `many` (the number itself is
/// `{key}`, filled in as any other placeholder).
///
/// ```
/// use opfolg::template::plurals;
/// let text = "{n} {n|ændring|ændringer}";
/// assert_eq!(plurals(&text.replace("{n}", "1"), &[("n", 1)]), "1 ændring");
/// assert_eq!(plurals(&text.replace("{n}", "3"), &[("n", 3)]), "3 ændringer");
/// ```
pub fn plurals(text: &str, counts: &[(&str, usize)]) -> String {
    let mut out = text.to_string();
    for (key, n) in counts {
        let open = format!("{{{key}|");
        while let Some(at) = out.find(&open) {
            let rest = &out[at + open.len()..];
            let Some(end) = rest.find('}') else { break };
            let (one, many) = rest[..end]
                .split_once('|')
                .unwrap_or((&rest[..end], &rest[..end]));
            let word = if *n == 1 { one } else { many }.to_string();
            out.replace_range(at..at + open.len() + end + 1, &word);
        }
    }
    out
}

/// The operating system's words for an error, without a path or the
/// `(os error N)` tail: `tempfile` puts the temporary file's path in its
/// errors, and users must never see it.
pub fn io_reason(e: &io::Error) -> String {
    let bare = match e.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code).to_string(),
        None => e.kind().to_string(),
    };
    match bare.find(" (os error") {
        Some(i) => bare[..i].to_string(),
        None => bare,
    }
}

/// Why a file cannot be read, in `t`'s words where the reason is a
/// common one (missing, no access), else the system's.
pub fn read_reason(e: &io::Error, t: &Template) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => t.error("not_found", &[]),
        io::ErrorKind::PermissionDenied => t.error("read_denied", &[]),
        _ => t.error("cannot_read", &[("reason", io_reason(e))]),
    }
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
    fn both_templates_say_every_word_of_a_drop() {
        let (da, en) = (Template::danish(), Template::english());
        let keys = |t: &Template| t.drop.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&da), keys(&en));
        for key in [
            "nothing_given",
            "press_a_key",
            "previous_found",
            "previous_found_above",
            "previous",
            "earlier",
            "duplicate",
            "unsure",
            "handout",
            "nothing_to_annotate",
            "done",
        ] {
            assert!(
                !da.drop_word(key).is_empty() && !en.drop_word(key).is_empty(),
                "{key}"
            );
            assert_ne!(da.drop_word(key), en.drop_word(key), "{key}");
        }
        for key in ["output_in_use", "read_in_use"] {
            assert!(
                da.errors.contains_key(key) && en.errors.contains_key(key),
                "{key}"
            );
        }
    }

    #[test]
    fn every_rule_has_a_message_in_every_template() {
        for text in [DEFAULT_TEMPLATE, ENGLISH_TEMPLATE] {
            let t = Template::parse(text).unwrap();
            for rule in crate::validate::RULES {
                assert!(t.messages.contains_key(rule.code), "{}", rule.code);
            }
        }
    }

    #[test]
    fn the_page_has_every_word_in_every_template() {
        let da = Template::danish();
        let en = Template::english();
        assert!(da.web.len() > 50, "the Danish page words");
        for key in da.web.keys() {
            assert!(en.web.contains_key(key), "[web] {key} in en.toml");
        }
        for key in en.web.keys() {
            assert!(da.web.contains_key(key), "[web] {key} in da.toml");
        }
    }

    #[test]
    fn round_dates_are_read() {
        let t = Template::danish();
        assert_eq!(t.round_day_month(1), (31, 3));
        assert_eq!(t.round_day_month(4), (31, 12));
    }
}
