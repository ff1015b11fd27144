//! opfolg.exe, cross-built here, run under Wine: the outputs of the Linux
//! binary, Windows paths and file identities, a workbook open as in Excel,
//! the console text, and the window a drop opens. `cargo test` builds
//! these but runs none: `scripts/test-windows.sh` builds opfolg.exe, sets
//! up Wine and Xvfb, and runs them.

mod window;
mod wine;

use std::path::Path;
use std::time::Duration;

use tempfile::TempDir;

use window::{ONE_AT_A_TIME, ends, exe_copy, press_key, start, still_running, unwrapped, wait_for};
use wine::{assert_same_files, copy_samples, exe_run, linux_run, unc_share, win};

/// The prompt of a window that waits (templates/da.toml `[drop]`).
const PROMPT: &str = "Tryk på en tast for at lukke vinduet";

/// Every job a finance officer runs, on the bundled samples, by both
/// binaries in copies of their own: the same exit codes, the same text
/// (paths aside, `\` for `/`) and the same files written, part by part.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn every_job_gives_what_the_linux_binary_gives() {
    let dir = TempDir::new().unwrap();
    let (lin, windows) = (dir.path().join("linux"), dir.path().join("windows"));
    copy_samples(&lin);
    copy_samples(&windows);
    std::fs::write(lin.join("noter.xlsx"), "ikke en arbejdsbog").unwrap();
    std::fs::write(windows.join("noter.xlsx"), "ikke en arbejdsbog").unwrap();
    let jobs: &[(&[&str], i32)] = &[
        (&["annotate", "budget2018-opfoelgning-2.xlsx"], 0),
        (&["check", "budget2018-opfoelgning-2.xlsx"], 1),
        (
            &["check", "budget2018-opfoelgning-1.xlsx", "--format", "json"],
            0,
        ),
        (
            &["check", "budget2019-opfoelgning-1.xlsx", "--template", "en"],
            1,
        ),
        (
            &[
                "diff",
                "budget2018-opfoelgning-1.xlsx",
                "budget2018-opfoelgning-2.xlsx",
            ],
            0,
        ),
        (
            &[
                "new-round",
                "budget2018-opfoelgning-2.xlsx",
                "-o",
                "runde3.xlsx",
            ],
            0,
        ),
        (
            &[
                "new-round",
                "--per-center",
                "budget2018-opfoelgning-1.xlsx",
                "-o",
                "centre",
            ],
            0,
        ),
        (
            &[
                "annotate",
                "afdeling/opf2",
                "--previous",
                "afdeling/opf1",
                "-o",
                "ud",
            ],
            0,
        ),
        (&["afdeling/opf1/bsu-opf1.xlsx", "afdeling/opf2"], 0),
        (&["check", "noter.xlsx"], 2),
        (&["annotate", "budget2018-opfoelgning-2.xlsx"], 2),
    ];
    let mut all_text = String::new();
    for (args, code) in jobs {
        let linux = linux_run(&lin, args);
        let win_args: Vec<String> = args.iter().map(|a| a.replace('/', "\\")).collect();
        let win_args: Vec<&str> = win_args.iter().map(String::as_str).collect();
        let exe = exe_run(&windows, &win_args);
        assert_eq!(linux.code, *code, "{args:?} on Linux: {}", linux.text());
        assert_eq!(exe.code, linux.code, "{args:?}: {}", exe.text());
        assert_eq!(exe.text(), linux.text(), "{args:?}");
        all_text.push_str(&linux.text());
    }
    // The text compared holds what a Windows console gets wrong most.
    for c in ["☺", "😐", "☹", "æ", "ø", "å", "–"] {
        assert!(all_text.contains(c), "no {c} in the text compared");
    }
    let workbooks = assert_same_files(&lin, &windows);
    assert!(workbooks >= 20, "{workbooks} workbooks compared");
}

/// A sample pair in a folder named as finance staff name theirs.
fn danish_folder(root: &Path) -> std::path::PathBuf {
    let folder = root.join("Økonomi – opfølgning").join("Børne og unge 2018");
    std::fs::create_dir_all(&folder).unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    for (from, to) in [
        ("budget2018-opfoelgning-1.xlsx", "BSU opfølgning 1.xlsx"),
        ("budget2018-opfoelgning-2.xlsx", "BSU opfølgning 2.xlsx"),
    ] {
        std::fs::copy(samples.join(from), folder.join(to)).unwrap();
    }
    folder
}

/// `æøå`, `–` and spaces in folder and file names, given as Explorer gives
/// them (the whole path, `Z:\…` here as `C:\…` on a PC), as a relative
/// path, and as a UNC path `\\server\share\…`: the previous round found
/// beside it, the output beside it, the same as on Linux.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn danish_names_spaces_and_unc_paths() {
    let dir = TempDir::new().unwrap();
    let folder = danish_folder(&dir.path().join("windows"));
    let current = folder.join("BSU opfølgning 2.xlsx");
    let out = exe_run(dir.path(), &[&win(&current)]);
    assert_eq!(out.code, 0, "{}", out.text());
    let written = folder.join("BSU opfølgning 2-annoteret.xlsx");
    assert!(
        out.stdout.contains(&format!(
            "Skrev {}: 35 ændringer, 6 fejl, 5 advarsler, 13 oplysninger",
            win(&written)
        )),
        "{}",
        out.text()
    );
    assert!(
        out.stderr.contains(&format!(
            "Forrige runde: {} (1. opf.)",
            win(&folder.join("BSU opfølgning 1.xlsx"))
        )),
        "{}",
        out.text()
    );
    let linux_folder = danish_folder(&dir.path().join("linux"));
    let linux = linux_run(&linux_folder, &["BSU opfølgning 2.xlsx"]);
    assert_eq!(linux.code, 0, "{}", linux.text());
    assert_same_files(&linux_folder, &folder);

    // Relative, from the folder above.
    std::fs::remove_file(&written).unwrap();
    let relative = r"Økonomi – opfølgning\Børne og unge 2018\BSU opfølgning 2.xlsx";
    let out = exe_run(&dir.path().join("windows"), &[relative]);
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(written.exists());

    // UNC: the same folder as `\\opfolgtest\<share>\…`.
    std::fs::remove_file(&written).unwrap();
    let share = unc_share(
        &dir.path().file_name().unwrap().to_string_lossy(),
        &dir.path().join("windows"),
    );
    let unc = format!(r"{share}\Økonomi – opfølgning\Børne og unge 2018");
    let out = exe_run(dir.path(), &[&format!(r"{unc}\BSU opfølgning 2.xlsx")]);
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(
        out.stdout
            .contains(&format!(r"Skrev {unc}\BSU opfølgning 2-annoteret.xlsx")),
        "{}",
        out.text()
    );
    assert!(
        out.stderr
            .contains(&format!(r"Forrige runde: {unc}\BSU opfølgning 1.xlsx")),
        "{}",
        out.text()
    );
    assert_same_files(&linux_folder, &folder);
}

/// A folder deeper than Windows' old 260-character limit (MAX_PATH): read
/// and written as any other.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn paths_past_260_characters() {
    let dir = TempDir::new().unwrap();
    let mut deep = dir.path().join("windows");
    while win(&deep).chars().count() < 300 {
        deep = deep.join("Budgetopfølgning for Børne- og Skoleudvalget");
    }
    copy_samples(&deep);
    let current = deep.join("budget2018-opfoelgning-2.xlsx");
    assert!(win(&current).chars().count() > 300);
    let out = exe_run(dir.path(), &[&win(&current)]);
    assert_eq!(out.code, 0, "{}", out.text());
    // Regression: the previous round beside it was not found — the search
    // told the workbook from its siblings by canonical paths, which Wine
    // cannot make past 260 characters (nor Windows on some network drives).
    assert!(
        out.stderr
            .contains("budget2018-opfoelgning-1.xlsx (1. opf.)"),
        "{}",
        out.text()
    );
    let out = exe_run(dir.path(), &[&win(&deep.join("afdeling").join("opf2"))]);
    assert_eq!(out.code, 0, "{}", out.text());
    let linux = dir.path().join("linux");
    copy_samples(&linux);
    linux_run(&linux, &["budget2018-opfoelgning-2.xlsx"]);
    linux_run(&linux, &["afdeling/opf2"]);
    assert_same_files(&linux, &deep);
}

/// An output that is an input under another name: another case (NTFS and
/// Wine ignore it), `.\x\..\x\…`, the `\\?\` spelling, a UNC alias, a hard
/// link; the previous round as the output. Refused even with --force, in
/// one line, exit 2, the input untouched.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn an_input_is_never_written_over_by_any_name() {
    let dir = TempDir::new().unwrap();
    let x = dir.path().join("x");
    copy_samples(&x);
    let current = x.join("budget2018-opfoelgning-2.xlsx");
    let before = std::fs::read(&current).unwrap();
    std::fs::hard_link(&current, x.join("kopi.xlsx")).unwrap();
    let share = unc_share(&format!("id-{}", std::process::id()), dir.path());
    let spellings = [
        r"X\BUDGET2018-OPFOELGNING-2.XLSX".to_string(),
        r".\x\..\x\budget2018-opfoelgning-2.xlsx".to_string(),
        format!(r"\\?\{}", win(&current)),
        format!(r"{share}\x\budget2018-opfoelgning-2.xlsx"),
        r"x\kopi.xlsx".to_string(),
    ];
    for out in &spellings {
        let run = exe_run(
            dir.path(),
            &[
                "annotate",
                r"x\budget2018-opfoelgning-2.xlsx",
                "--no-previous",
                "-o",
                out,
                "--force",
            ],
        );
        assert_eq!(run.code, 2, "{out}: {}", run.text());
        assert_eq!(run.stderr.lines().count(), 1, "{out}: {}", run.text());
        assert!(
            run.stderr
                .contains("det er en af de arbejdsbøger, der læses"),
            "{out}: {}",
            run.text()
        );
    }
    let run = exe_run(
        dir.path(),
        &[
            "annotate",
            r"x\budget2018-opfoelgning-2.xlsx",
            "--previous",
            r"x\budget2018-opfoelgning-1.xlsx",
            "-o",
            r"x\.\BUDGET2018-opfoelgning-1.xlsx",
            "--force",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.text());
    assert!(
        std::fs::read(&current).unwrap() == before,
        "the input was changed"
    );
    let left: Vec<String> = wine::tree(&x)
        .into_keys()
        .filter(|n| n.contains(".opfolg-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

/// Holds `file` open as Excel does (or letting no one read it, `alone`)
/// while `f` runs.
fn while_open<T>(file: &Path, alone: bool, f: impl FnOnce() -> T) -> T {
    use std::io::BufRead;
    let mut args = vec![win(file)];
    if alone {
        args.push("alone".into());
    }
    let mut holder = wine::wine_command(
        file.parent().unwrap(),
        &win(&wine::bin().join("holdopen.exe")),
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    )
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(holder.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line.trim(), "ready", "holdopen: {line}");
    let result = f();
    drop(holder.stdin.take());
    assert_eq!(
        wine::exit_within(&mut holder, Duration::from_secs(30)),
        Some(0)
    );
    result
}

/// A workbook open in Excel: read as ever; an output open in Excel, which
/// Windows will not replace, is one Danish line and exit 2, the file as it
/// was and no temporary file left; a file no one else may read, the same.
/// Excel's lock file beside the workbook is passed over.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn a_workbook_open_in_excel() {
    let dir = TempDir::new().unwrap();
    let x = dir.path().join("Økonomi – opfølgning");
    copy_samples(&x);
    let current = x.join("budget2018-opfoelgning-2.xlsx");
    // Excel's lock file: the owner's name, as Excel writes it.
    std::fs::write(
        x.join("~$budget2018-opfoelgning-2.xlsx"),
        b"\x0bKaren Olsen",
    )
    .unwrap();
    let out = while_open(&current, false, || {
        exe_run(&x, &["budget2018-opfoelgning-2.xlsx"])
    });
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(
        out.stderr
            .contains(r"Forrige runde: .\budget2018-opfoelgning-1.xlsx (1. opf.)"),
        "{}",
        out.text()
    );
    let written = x.join("budget2018-opfoelgning-2-annoteret.xlsx");
    let before = std::fs::read(&written).unwrap();
    let out = while_open(&written, false, || {
        exe_run(&x, &["budget2018-opfoelgning-2.xlsx", "--force"])
    });
    assert_eq!(out.code, 2, "{}", out.text());
    assert_eq!(
        out.stderr.trim_end(),
        "opfolg: budget2018-opfoelgning-2-annoteret.xlsx: filen er åben i Excel eller et andet program (eller skrivebeskyttet), så Windows vil ikke erstatte den; luk den og prøv igen"
    );
    assert!(
        std::fs::read(&written).unwrap() == before,
        "the open file was changed"
    );
    let out = while_open(&current, true, || {
        exe_run(&x, &["check", "budget2018-opfoelgning-2.xlsx"])
    });
    assert_eq!(out.code, 2, "{}", out.text());
    assert!(
        out.stderr
            .contains("filen er åben i et andet program, som ikke lader andre læse den"),
        "{}",
        out.text()
    );
    let left: Vec<String> = wine::tree(&x)
        .into_keys()
        .filter(|n| n.contains(".opfolg-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    // The folder run names the lock file and goes on.
    std::fs::remove_file(&written).unwrap();
    let out = exe_run(&x, &["."]);
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(
        out.stderr
            .contains(r".\~$budget2018-opfoelgning-2.xlsx: Excels låsefil"),
        "{}",
        out.text()
    );
}

/// The text in a console window from `cmd` (a `.bat` file): opfolg writes
/// to the console itself, so `☺ 😐 ☹`, `æøå` and `–` are what it shows;
/// redirected to a file by `cmd`, the text is UTF-8, as on Linux. opfolg
/// does not wait in a `.bat` file's window.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn console_text_in_cmd() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    copy_samples(dir.path());
    let exe = exe_copy(dir.path(), "cmd-console");
    let args = "check budget2018-opfoelgning-2.xlsx";
    std::fs::write(
        dir.path().join("opfolg-tjek.bat"),
        format!(
            "@echo off\r\n\"{}\" {args}\r\necho slutkode %ERRORLEVEL%\r\n\"{}\" {args} > tjek.txt\r\npause\r\n",
            win(&exe),
            win(&exe)
        ),
    )
    .unwrap();
    let linux = linux_run(dir.path(), &["check", "budget2018-opfoelgning-2.xlsx"]);
    let mut child = start(dir.path(), "cmd", &["/c", "opfolg-tjek.bat"]);
    let cmd = r"C:\windows\system32\cmd.exe";
    let shown = wait_for(&mut child, cmd, "slutkode 1", Duration::from_secs(60));
    let bat = wait_for(&mut child, cmd, "Press any key", Duration::from_secs(60));
    press_key("cmd");
    ends(&mut child, Duration::from_secs(30), "the .bat file");
    assert!(
        !bat.contains(PROMPT),
        "opfolg waited in the .bat file's window: {bat}"
    );
    let shown = &shown[..shown.find("slutkode").unwrap()];
    assert!(
        unwrapped(shown).contains(&unwrapped(&linux.stdout)),
        "the window shows\n{shown}\nnot\n{}",
        linux.stdout
    );
    for c in ["☺", "😐", "☹", "æ", "ø", "å"] {
        assert!(shown.contains(c), "{c} not shown: {shown}");
    }
    let file = std::fs::read_to_string(dir.path().join("tjek.txt")).unwrap();
    assert_eq!(file, linux.stdout);
}

/// A sample pair in `Økonomi – opfølgning` for a drop.
fn drop_folder(root: &Path) -> std::path::PathBuf {
    let folder = root.join("Økonomi – opfølgning");
    copy_samples(&folder);
    folder
}

/// One workbook dropped: the window shows the previous round taken, the
/// result line with where the annotated workbook is, and waits for a key
/// (the workbook is written before); a key closes it, exit 0.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn one_workbook_dropped_waits_with_the_result() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let folder = drop_folder(dir.path());
    let exe = win(&exe_copy(dir.path(), "drop-one"));
    let current = folder.join("budget2018-opfoelgning-2.xlsx");
    let mut child = start(dir.path(), &exe, &[&win(&current)]);
    let text = wait_for(&mut child, &exe, PROMPT, Duration::from_secs(60));
    let written = folder.join("budget2018-opfoelgning-2-annoteret.xlsx");
    assert!(written.exists(), "{text}");
    for line in [
        format!(
            "Forrige runde: {} (1. opf.)",
            win(&folder.join("budget2018-opfoelgning-1.xlsx"))
        ),
        format!(
            "Skrev {}: 35 ændringer, 6 fejl, 5 advarsler, 13 oplysninger",
            win(&written)
        ),
    ] {
        assert!(
            unwrapped(&text).contains(&unwrapped(&line)),
            "`{line}` not in\n{text}"
        );
    }
    // No option a person at a drop cannot give.
    assert!(!text.contains("--previous"), "{text}");
    assert!(
        still_running(&mut child, Duration::from_secs(2)),
        "it did not wait"
    );
    press_key("drop-one");
    assert_eq!(ends(&mut child, Duration::from_secs(30), "the window"), 0);
}

/// Started with nothing dropped (a double click): what to do, then wait.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn a_double_click_says_what_to_do() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let exe = win(&exe_copy(dir.path(), "double-click"));
    let mut child = start(dir.path(), &exe, &[]);
    let text = wait_for(&mut child, &exe, PROMPT, Duration::from_secs(60));
    for words in [
        "Træk en arbejdsbog hen på opfolg.exe",
        "en hel mappe",
        "opfolg.html",
    ] {
        assert!(
            unwrapped(&text).contains(&unwrapped(words)),
            "`{words}` not in\n{text}"
        );
    }
    assert!(
        !text.contains("Brug:"),
        "the explanation, not the help: {text}"
    );
    assert!(
        still_running(&mut child, Duration::from_secs(1)),
        "it did not wait"
    );
    press_key("double-click");
    assert_eq!(ends(&mut child, Duration::from_secs(30), "the window"), 2);
}

/// Several workbooks dropped (from two folders), then a folder: paired,
/// annotated beside their own, the overview; the window waits.
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn several_workbooks_or_a_folder_dropped() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let folder = drop_folder(dir.path());
    let exe = win(&exe_copy(dir.path(), "drop-several"));
    let (one, two) = (folder.join("afdeling/opf1"), folder.join("afdeling/opf2"));
    let files = [
        win(&two.join("bsu-opf2.xlsx")),
        win(&one.join("bsu-opf1.xlsx")),
        win(&two.join("kfu-opf2.xlsx")),
    ];
    let mut child = start(
        dir.path(),
        &exe,
        &files.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let text = wait_for(&mut child, &exe, PROMPT, Duration::from_secs(60));
    assert!(
        unwrapped(&text).contains(&unwrapped("2 af 2 arbejdsbøger annoteret")),
        "{text}"
    );
    for name in [
        "bsu-opf2-annoteret.xlsx",
        "kfu-opf2-annoteret.xlsx",
        "Overblik-alle.xlsx",
    ] {
        assert!(two.join(name).exists(), "{name}: {text}");
    }
    assert!(
        still_running(&mut child, Duration::from_secs(1)),
        "it did not wait"
    );
    press_key("drop-several");
    assert_eq!(ends(&mut child, Duration::from_secs(30), "the window"), 0);

    let mut child = start(dir.path(), &exe, &[&win(&folder)]);
    let text = wait_for(&mut child, &exe, PROMPT, Duration::from_secs(60));
    assert!(
        folder
            .join("budget2018-opfoelgning-2-annoteret.xlsx")
            .exists(),
        "{text}"
    );
    assert!(folder.join("Overblik-alle.xlsx").exists(), "{text}");
    assert!(
        unwrapped(&text).contains(&unwrapped("en tidligere runde end en anden af de valgte")),
        "{text}"
    );
    press_key("drop-several");
    assert_eq!(ends(&mut child, Duration::from_secs(30), "the window"), 0);
}

/// Never a wait where no one asked for a window: in someone else's
/// console (started from `cmd`), given a command (a scheduled task, a
/// shortcut to a command), or with no console at all (output piped).
#[test]
#[ignore = "runs opfolg.exe under Wine: scripts/test-windows.sh"]
fn no_wait_in_someone_elses_console_or_for_a_command() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = TempDir::new().unwrap();
    let folder = drop_folder(dir.path());
    let exe = win(&exe_copy(dir.path(), "no-wait"));
    let current = win(&folder.join("budget2018-opfoelgning-2.xlsx"));
    let mut child = start(dir.path(), "cmd", &["/c", &exe, &current]);
    assert_eq!(
        ends(
            &mut child,
            Duration::from_secs(60),
            "opfolg in cmd's console"
        ),
        0
    );
    assert!(
        folder
            .join("budget2018-opfoelgning-2-annoteret.xlsx")
            .exists()
    );

    let mut child = start(dir.path(), &exe, &["check", &current]);
    assert_eq!(
        ends(
            &mut child,
            Duration::from_secs(60),
            "opfolg check in its own console"
        ),
        1
    );

    let out = exe_run(&folder, &["budget2018-opfoelgning-1.xlsx"]);
    assert_eq!(out.code, 0, "{}", out.text());
    assert!(!out.stderr.contains(PROMPT), "{}", out.text());
}
