//! The command line in the template's language: clap's help, usage and
//! errors are English, so the command built from [`Cli`] gets every text
//! from the template's `[cli]` section, and a command line clap refuses is
//! told in one line of the same language.
//!
//! A workbook as the only argument (what a Windows user gets by dropping a
//! workbook on the program) runs `annotate` on it.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use crate::cli::Cli;
use crate::template::Template;

/// What the command line asks for: a run, or a text to print and an exit
/// code (help and version on stdout with 0, a refusal on stderr with 2).
pub enum Parsed {
    /// Run this.
    Run(Cli),
    /// Print `text` (to stdout when `code` is 0, else stderr) and exit.
    Exit {
        /// The help, the version, or the one-line refusal.
        text: String,
        /// 0 or 2.
        code: u8,
    },
}

/// Parses the command line (`argv` with the program name first).
pub fn parse(argv: Vec<OsString>) -> Parsed {
    let t = language(&argv);
    let argv = with_command(argv);
    let cmd = localized(Cli::command(), &t);
    let matches = match cmd.try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => return refused(&e, &t),
    };
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => refused(&e, &t),
    }
}

/// The template whose words the command line speaks: the one `--template`
/// names when it is a built-in name or a readable template, else Danish.
fn language(argv: &[OsString]) -> Template {
    let mut value = None;
    for (i, a) in argv.iter().enumerate() {
        let a = a.to_string_lossy();
        if let Some(v) = a.strip_prefix("--template=") {
            value = Some(v.to_string());
        } else if a == "--template" {
            value = argv.get(i + 1).map(|v| v.to_string_lossy().into_owned());
        }
    }
    let Some(v) = value else {
        return Template::danish();
    };
    Template::builtin(&v)
        .or_else(|| super::template_file(std::path::Path::new(&v)).ok())
        .unwrap_or_else(Template::danish)
}

/// `opfolg WORKBOOK …` is `opfolg annotate WORKBOOK …`; a `--template`
/// before the command belongs to the command (and to nothing when there is
/// none: `opfolg --template en --help`).
fn with_command(mut argv: Vec<OsString>) -> Vec<OsString> {
    let mut leading = Vec::new();
    while argv.len() > 1 {
        let first = argv[1].to_string_lossy().into_owned();
        if first == "--template" && argv.len() > 2 {
            leading.extend(argv.drain(1..3));
        } else if first.starts_with("--template=") {
            leading.push(argv.remove(1));
        } else {
            break;
        }
    }
    let mut argv = with_annotate(argv);
    if argv.len() > 1 && !argv[1].to_string_lossy().starts_with('-') {
        argv.extend(leading);
    }
    argv
}

/// `opfolg WORKBOOK …` is `opfolg annotate WORKBOOK …`. Paths alone, a
/// folder or several of them (what Explorer gives a program a folder or
/// several workbooks are dropped on), are the hidden command `dropped`.
fn with_annotate(mut argv: Vec<OsString>) -> Vec<OsString> {
    let Some(first) = argv.get(1) else {
        return argv;
    };
    let first_text = first.to_string_lossy();
    if is_command(&first_text) || first_text.starts_with('-') {
        return argv;
    }
    let looks_like_a_path = |a: &OsString| {
        let p = std::path::Path::new(a);
        p.exists() || super::batch::has_workbook_extension(p)
    };
    let path = std::path::Path::new(first);
    let paths = without_template(&argv[1..]);
    let paths_only = paths.iter().all(|a| !a.to_string_lossy().starts_with('-'));
    let several = paths.len() > 1 && paths.iter().all(|a| looks_like_a_path(a));
    if paths_only && (path.is_dir() || several) {
        argv.insert(1, OsString::from("dropped"));
    } else if looks_like_a_path(first) {
        argv.insert(1, OsString::from("annotate"));
    }
    argv
}

/// The arguments without `--template T` (or `--template=T`).
fn without_template(args: &[OsString]) -> Vec<&OsString> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        let text = a.to_string_lossy();
        if std::mem::take(&mut skip) || text.starts_with("--template=") {
            continue;
        }
        if text == "--template" {
            skip = true;
            continue;
        }
        out.push(a);
    }
    out
}

fn is_command(word: &str) -> bool {
    Cli::command()
        .get_subcommands()
        .any(|c| c.get_name() == word)
}

/// Whether the command line is only paths, or nothing: what Explorer gives
/// a program that workbooks are dropped on, or that is double-clicked
/// (`argv` with the program name first). A command or an option says a
/// person or a script wrote it.
pub fn is_bare(argv: &[OsString]) -> bool {
    let mut args = argv.iter().skip(1).map(|a| a.to_string_lossy());
    let first_is_command = argv
        .get(1)
        .is_some_and(|a| is_command(&a.to_string_lossy()));
    !first_is_command && args.all(|a| !a.starts_with('-'))
}

/// The help template: clap's layout with the headings in the template's
/// words (clap's own headings are English): the arguments, options and
/// commands `cmd` has.
fn help_template(cmd: &Command, t: &Template) -> String {
    let mut out = format!(
        "{{about-with-newline}}\n{} {{usage}}\n",
        t.cli_word("usage_heading")
    );
    if cmd.get_subcommands().next().is_some() {
        out.push_str(&format!("\n{}:\n{{subcommands}}\n", t.cli_word("commands")));
    }
    if cmd.get_positionals().next().is_some() {
        out.push_str(&format!(
            "\n{}:\n{{positionals}}\n",
            t.cli_word("arguments")
        ));
    }
    out.push_str(&format!(
        "\n{}:\n{{options}}{{after-help}}",
        t.cli_word("options")
    ));
    out
}

/// `cmd` with every text from the template: about, usage, the headings,
/// each argument's help and value name, and the help and version flags.
fn localized(cmd: Command, t: &Template) -> Command {
    let word = |k: &str| t.cli_word(k);
    let mut cmd = cmd
        .about(word("about"))
        .long_about(word("long_about"))
        .override_usage(word("usage"))
        .subcommand_value_name(word("command_value"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help_flag(t))
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(word("version")),
        );
    let template = help_template(&cmd, t);
    cmd = cmd.help_template(template);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |sub| localized_command(sub, &name, t));
    }
    cmd
}

fn help_flag(t: &Template) -> Arg {
    Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help(t.cli_word("help"))
        .display_order(usize::MAX)
}

/// A subcommand with its texts: `name`, `name_long`, `name_usage`, and each
/// argument's `name.id` (or the shared `round`, `year`, `template_arg`).
fn localized_command(sub: Command, name: &str, t: &Template) -> Command {
    let word = |k: &str| t.cli_word(k);
    let mut sub = sub
        .about(word(name))
        .long_about(word(&format!("{name}_long")))
        .override_usage(word(&format!("{name}_usage")))
        .disable_help_flag(true)
        .arg(help_flag(t));
    let args: Vec<(String, Option<String>)> = sub
        .get_arguments()
        .filter(|a| a.get_id() != "help")
        .map(|a| {
            let value = a
                .get_value_names()
                .and_then(|v| v.first())
                .map(|v| v.to_string());
            (a.get_id().to_string(), value)
        })
        .collect();
    for (order, (id, value)) in args.into_iter().enumerate() {
        // The command's own words for the option, else the shared ones.
        let own = word(&format!("{name}.{id}"));
        let help = match id.as_str() {
            _ if !own.is_empty() => own,
            "template" => word("template_arg"),
            _ => word(&id),
        };
        let value = value.map(|v| word(&format!("value.{v}")));
        sub = sub.mut_arg(&id, |a| {
            // clap's `[default: …]` and `[possible values: …]` are English:
            // the help text says them.
            let a = a.help(help).display_order(order);
            let a = if a.get_action().takes_values() {
                a.hide_default_value(true).hide_possible_values(true)
            } else {
                a
            };
            match value {
                Some(v) if !v.is_empty() => a.value_name(v),
                _ => a,
            }
        });
    }
    let template = help_template(&sub, t);
    sub.help_template(template)
}

/// A command line clap could not take, in the template's words.
fn refused(e: &clap::Error, t: &Template) -> Parsed {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            return Parsed::Exit {
                text: e.render().to_string(),
                code: 0,
            };
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            return Parsed::Exit {
                text: e.render().to_string(),
                code: 2,
            };
        }
        _ => {}
    }
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let fill = |key: &str, args: &[(&str, String)]| {
        let mut text = t.cli_word(key);
        for (k, v) in args {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        text
    };
    let arg = get(ContextKind::InvalidArg);
    let reason = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            fill("unknown_argument", &[("arg", arg)])
        }
        ErrorKind::UnknownArgument => fill("unexpected", &[("arg", arg)]),
        ErrorKind::InvalidSubcommand => fill(
            "unknown_command",
            &[("arg", get(ContextKind::InvalidSubcommand))],
        ),
        ErrorKind::MissingRequiredArgument => fill("missing", &[("arg", arg)]),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let valid = get(ContextKind::ValidValue);
            let value = get(ContextKind::InvalidValue);
            if valid.is_empty() {
                fill("invalid_value", &[("value", value), ("arg", arg)])
            } else {
                fill(
                    "invalid_value_choices",
                    &[("value", value), ("arg", arg), ("valid", valid)],
                )
            }
        }
        ErrorKind::ArgumentConflict => fill(
            "conflict",
            &[("arg", arg), ("other", get(ContextKind::PriorArg))],
        ),
        _ => t.cli_word("not_understood"),
    };
    Parsed::Exit {
        text: format!("opfolg: {reason}; {}\n", t.cli_word("try_help")),
        code: 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Parsed {
        parse(
            std::iter::once("opfolg")
                .chain(args.iter().copied())
                .map(OsString::from)
                .collect(),
        )
    }

    fn text(p: Parsed) -> (String, u8) {
        match p {
            Parsed::Exit { text, code } => (text, code),
            Parsed::Run(cli) => panic!("ran {cli:?}"),
        }
    }

    #[test]
    fn help_is_danish_by_default_and_english_with_the_english_template() {
        let (help, code) = text(run(&["--help"]));
        assert_eq!(code, 0);
        for word in [
            "Brug:",
            "Kommandoer",
            "Tilvalg",
            "Vis denne hjælp",
            "Tjek en opfølgnings",
        ] {
            assert!(help.contains(word), "`{word}` not in {help}");
        }
        assert!(
            !help.contains("Usage:") && !help.contains("Options"),
            "{help}"
        );
        let (help, _) = text(run(&["new-round", "--help"]));
        assert!(help.contains("blå") && !help.contains("gul"), "{help}");
        assert!(
            help.contains("ARBEJDSBOG") && help.contains("Argumenter"),
            "{help}"
        );
        let (help, _) = text(run(&["check", "--help", "--template", "en"]));
        assert!(
            help.contains("Usage:") && help.contains("WORKBOOK"),
            "{help}"
        );
    }

    #[test]
    fn a_wrong_command_line_is_one_danish_line() {
        for (args, says) in [
            (vec!["chek", "x.xlsx"], "ukendt kommando `chek`"),
            (vec!["check"], "mangler"),
            (
                vec!["check", "a.xlsx", "--rund", "2"],
                "ukendt tilvalg `--rund`",
            ),
            (
                vec!["check", "a.xlsx", "--round", "7"],
                "`7` kan ikke bruges som --round",
            ),
            (
                vec!["check", "a.xlsx", "--format", "xml"],
                "vælg text, json",
            ),
            (
                vec!["diff", "a.xlsx", "b.xlsx", "c.xlsx"],
                "`c.xlsx` er ét argument for meget",
            ),
        ] {
            let (line, code) = text(run(&args));
            assert_eq!(code, 2, "{args:?}");
            assert_eq!(line.lines().count(), 1, "{line}");
            assert!(line.contains(says), "{args:?}: `{says}` not in {line}");
            assert!(line.contains("opfolg --help"), "{line}");
        }
    }

    #[test]
    fn every_command_is_built_in_both_languages() {
        for t in [Template::danish(), Template::english()] {
            localized(Cli::command(), &t).debug_assert();
            for name in ["check", "diff", "annotate", "new-round", "template"] {
                let (help, code) = text(run(&[name, "--help", "--template", &t.language]));
                assert_eq!(code, 0, "{name}");
                assert!(
                    !help.contains("[default") && !help.contains("possible values"),
                    "{help}"
                );
            }
        }
    }

    fn argv(args: &[&str]) -> Vec<OsString> {
        std::iter::once("opfolg")
            .chain(args.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn paths_alone_are_what_explorer_gives() {
        for (args, bare) in [
            (vec![], true),
            (vec!["a.xlsx"], true),
            (vec![r"C:\Økonomi – opfølgning\a.xlsx", "b.xlsx"], true),
            (vec!["samples"], true),
            (vec!["annotate", "a.xlsx"], false),
            (vec!["check", "a.xlsx"], false),
            (vec!["a.xlsx", "--previous", "b.xlsx"], false),
            (vec!["--help"], false),
            (vec!["--template", "en", "a.xlsx"], false),
        ] {
            assert_eq!(is_bare(&argv(&args)), bare, "{args:?}");
        }
    }

    #[test]
    fn several_workbooks_or_a_folder_are_one_set() {
        let command = |args: &[&str]| match run(args) {
            Parsed::Run(cli) => format!("{:?}", cli.command),
            Parsed::Exit { text, .. } => panic!("{args:?}: {text}"),
        };
        for args in [
            vec!["a-opf1.xlsx", "a-opf2.xlsx"],
            vec!["samples"],
            vec!["--template", "en", "samples"],
            vec!["samples", "a.xlsx", "--template=en"],
        ] {
            assert!(command(&args).starts_with("Dropped("), "{args:?}");
        }
        for args in [
            vec!["a.xlsx"],
            vec!["samples", "-o", "out"],
            vec!["a.xlsx", "--previous", "b.xlsx"],
        ] {
            assert!(command(&args).starts_with("Annotate("), "{args:?}");
        }
        let Parsed::Run(cli) = run(&["--template", "en", "samples", "a.xlsx"]) else {
            panic!("not run")
        };
        let crate::cli::Command::Dropped(d) = cli.command else {
            panic!("not dropped")
        };
        assert_eq!(d.paths.len(), 2);
        assert_eq!(
            d.template.template.as_deref(),
            Some(std::path::Path::new("en"))
        );
        // A misspelt command stays one: it names no file there is.
        let (line, code) = text(run(&["chek", "x.xlsx"]));
        assert_eq!(code, 2);
        assert!(line.contains("ukendt kommando `chek`"), "{line}");
    }

    #[test]
    fn a_workbook_alone_is_annotated() {
        let Parsed::Run(cli) = run(&["budget2018-opf2.xlsx"]) else {
            panic!("not run")
        };
        assert!(matches!(cli.command, crate::cli::Command::Annotate(_)));
        let Parsed::Run(cli) = run(&["check", "x.xlsx"]) else {
            panic!("not run")
        };
        assert!(matches!(cli.command, crate::cli::Command::Check(_)));
    }
}
