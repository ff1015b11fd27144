//! The command line, declared with clap derive. The doc comments are for
//! developers: the help the user reads comes from the template's `[cli]`
//! section (`cmd::args`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Check and compare the follow-up workbooks of a municipal budget agreement.
///
/// opfolg reads the Excel workbooks finance staff use to follow up their
/// council's budget agreement (initiatives, milestones with deadlines and
/// smileys, an economy row with amounts) and tells what is missing or wrong,
/// cell by cell.
#[derive(Debug, Parser)]
#[command(name = "opfolg", version, about, long_about)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a follow-up workbook's milestones, smileys and amounts.
    ///
    /// Prints one line per finding, `file:Sheet!C12: error[M002]: …`, then a
    /// summary. Exit code 0 when there are no errors (warnings allowed), 1
    /// when there are errors, 2 when the workbook cannot be read.
    Check(CheckArgs),
    /// Compare a follow-up round with the previous one.
    ///
    /// Initiatives are matched by id (or a nearly same title when renumbered),
    /// milestones by deadline round, so inserted or reordered blocks never
    /// show as changes. Prints the changes grouped by initiative, the D
    /// findings, and a summary. Exit code 0 whatever was found, 2 when a
    /// workbook cannot be read.
    Diff(DiffArgs),
    /// Write the workbook back with smiley history, changes and findings.
    ///
    /// Every sheet and cell of CURRENT is kept; on the block sheets opfolg
    /// adds a `Smiley <round>` column per round known, an `Ændring` column
    /// (what changed since PREVIOUS) and a `Kontrol` column (the findings),
    /// and adds the sheets `Ændringer`, `Kontrol` and `Overblik`. The output
    /// goes to `<current>-annoteret.xlsx` beside CURRENT unless `-o` says
    /// otherwise; an input is never overwritten. Exit code 0 whatever was
    /// found, 2 when a workbook cannot be read or the output not written.
    Annotate(AnnotateArgs),
    /// Make the next round's workbook to send out to the centers.
    ///
    /// From a round-N workbook (plain or annotated): the same sheets and
    /// blocks, the title moved to round N+1, the smiley history in its
    /// columns, and the cells to fill this round — the smileys of the
    /// milestones due in N+1 and of every economy row, and their texts —
    /// open, yellow and with the ☺ 😐 ☹ list; everything else locked by
    /// sheet protection without a password. A `Læsevejledning` sheet comes
    /// first. Default output: `<workbook>-opf<N+1>.xlsx` beside it.
    NewRound(NewRoundArgs),
    /// Gather the centers' returns into the whole round's workbook.
    ///
    /// WORKBOOK is the whole round's workbook from `new-round
    /// --per-center`; each return is a center's hand-out, filled in. Each
    /// filled cell of a center's own goes into WORKBOOK's copy; changes
    /// outside a center's own cells and returns that disagree are listed,
    /// not taken. Default output: `<workbook>-samlet.xlsx` beside it.
    Collect(CollectArgs),
    /// Write a blank follow-up workbook for a new budget agreement.
    ///
    /// The reading guide and one example initiative block with four
    /// milestones (`1./2./3. budgetopfølgning Y`, `31.12.Y`) and an economy
    /// row, drop-downs in place, ready to copy blocks.
    Template(TemplateArgs),
    /// Workbooks and folders given bare: what dropping several of them (or
    /// a folder) on opfolg.exe gives. Each committee's latest round is
    /// annotated against the round before it, found among them, beside
    /// it, with an overview of them all. Not named in the help: one
    /// writes the paths alone (`opfolg A.xlsx B.xlsx`, `opfolg FOLDER`).
    #[command(hide = true)]
    Dropped(DroppedArgs),
}

/// Options shared by the commands that read workbooks.
#[derive(Debug, Args)]
pub struct TemplateArg {
    /// The labels of your workbooks: `da` (the default) or `en` for the
    /// built-in Danish or English ones, or a template file of your own.
    #[arg(long, value_name = "T")]
    pub template: Option<PathBuf>,
}

/// The round and year, when the workbook's title does not tell them.
#[derive(Debug, Args)]
pub struct RoundYear {
    /// The follow-up round: 0 the plan (udmøntning), 1-3 the budget
    /// follow-ups, 4 the year end (31.12). Default: from the title rows,
    /// else from the file name (`opfoelgning-2.xlsx`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=4))]
    pub round: Option<u8>,
    /// The budget year of the agreement. Default: from the title
    /// (`budget 2018`), else the most common year among the deadlines.
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub year: Option<i32>,
}

/// How to print the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One compiler-style line per finding and a summary.
    Text,
    /// One JSON document on standard output.
    Json,
}

/// `opfolg check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The workbook to check (.xlsx, .xlsm, .xlsb, .xls or .ods).
    pub workbook: PathBuf,
    /// The previous round's workbook: also report the D findings of what
    /// changed since then (D001-D004).
    #[arg(long, value_name = "PREVIOUS")]
    pub previous: Option<PathBuf>,
    /// `--round`, `--year`.
    #[command(flatten)]
    pub round_year: RoundYear,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `opfolg diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The previous round's workbook (plain or annotated).
    pub previous: PathBuf,
    /// The current round's workbook (plain or annotated).
    pub current: PathBuf,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `opfolg annotate`.
#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// The current round's workbook (plain or annotated).
    pub current: PathBuf,
    /// The previous round's workbook: its smileys become history columns
    /// and the differences fill the `Ændring` column. Without it, the
    /// previous round is looked for beside CURRENT.
    #[arg(long, value_name = "PREVIOUS")]
    pub previous: Option<PathBuf>,
    /// Annotate alone: do not look for the previous round.
    #[arg(long, conflicts_with = "previous")]
    pub no_previous: bool,
    /// Where to write the annotated workbook (.xlsx). Default:
    /// `<current>-annoteret.xlsx` beside CURRENT.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// `--round`, `--year`.
    #[command(flatten)]
    pub round_year: RoundYear,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Replace OUT if it exists (an input is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// `opfolg new-round`.
#[derive(Debug, Args)]
pub struct NewRoundArgs {
    /// This round's workbook (plain or annotated).
    pub workbook: PathBuf,
    /// Where to write the next round's workbook (.xlsx). Default:
    /// `<workbook>-opf<N+1>.xlsx` beside WORKBOOK.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// One workbook per responsible center with only its cells open, and
    /// the whole round's, all in the folder OUT.
    #[arg(long = "per-center")]
    pub per_center: bool,
    /// `--round`, `--year`.
    #[command(flatten)]
    pub round_year: RoundYear,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Replace OUT if it exists (an input is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// `opfolg collect`.
#[derive(Debug, Args)]
pub struct CollectArgs {
    /// The whole round's workbook (from `new-round --per-center`).
    pub workbook: PathBuf,
    /// The centers' returned workbooks, or folders of them.
    #[arg(required = true, value_name = "RETURNS")]
    pub returns: Vec<PathBuf>,
    /// Where to write the gathered workbook. Default:
    /// `<workbook>-samlet.xlsx` beside WORKBOOK.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Replace OUT if it exists (an input is never replaced).
    #[arg(long)]
    pub force: bool,
}

/// Workbooks and folders given bare (`opfolg A.xlsx B.xlsx`, `opfolg FOLDER`).
#[derive(Debug, Args)]
pub struct DroppedArgs {
    /// The workbooks and folders.
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
}

/// `opfolg template`.
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Where to write the blank workbook (.xlsx). Default:
    /// `budget<Y>-skabelon.xlsx` in the current folder.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The budget year of the new agreement. Default: next year.
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(i32).range(1900..=2200))]
    pub year: Option<i32>,
    /// `--template`.
    #[command(flatten)]
    pub template: TemplateArg,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
}
