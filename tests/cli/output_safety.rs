//! Where the output goes (SPEC §9): never over an input, compared by file
//! identity; an existing output only with `--force`, decided when the file
//! is created; every failure one line, never naming a temporary file.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::common::{self, opfolg};

fn os(s: &str) -> &OsStr {
    s.as_ref()
}

/// The clean sample copied into `dir` as `nu.xlsx`.
fn input(dir: &Path) -> PathBuf {
    let p = dir.join("nu.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-2.xlsx", &p).unwrap();
    p
}

/// Asserts `annotate` refuses with exit 2, one line containing `reason`,
/// and leaves the input as it was and no temporary file.
fn assert_refused(args: &[&OsStr], input: &Path, reason: &str) {
    let before = std::fs::read(input).unwrap();
    let (code, _, err) = common::annotate(args);
    assert_eq!(code, 2, "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(reason), "`{reason}` not in {err}");
    assert!(!err.contains(".opfolg-"), "{err}");
    assert_eq!(std::fs::read(input).unwrap(), before, "input untouched");
    let tmp: Vec<_> = std::fs::read_dir(input.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".opfolg"))
        .collect();
    assert!(tmp.is_empty(), "{tmp:?}");
}

const IS_INPUT: &str = "en af de arbejdsbøger, der læses";

/// Regression: `-o` was compared with the input by name, so a hard link, a
/// symbolic link or `dir/../nu.xlsx` to the input was overwritten with
/// `--force`.
#[test]
fn the_output_is_never_the_input_by_any_name() {
    let dir = TempDir::new().unwrap();
    let cur = input(dir.path());
    let hard = dir.path().join("haard.xlsx");
    std::fs::hard_link(&cur, &hard).unwrap();
    let soft = dir.path().join("blød.xlsx");
    std::os::unix::fs::symlink(&cur, &soft).unwrap();
    std::fs::create_dir(dir.path().join("under")).unwrap();
    let dotted = dir.path().join("under").join("..").join("nu.xlsx");
    for out in [&cur, &hard, &soft, &dotted] {
        for force in [false, true] {
            let mut args = vec![cur.as_os_str(), os("-o"), out.as_os_str()];
            if force {
                args.push(os("--force"));
            }
            assert_refused(&args, &cur, IS_INPUT);
        }
    }
    // The previous round's workbook is an input too.
    let prev = dir.path().join("forrige.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-1.xlsx", &prev).unwrap();
    let link = dir.path().join("forrige-link.xlsx");
    std::os::unix::fs::symlink(&prev, &link).unwrap();
    assert_refused(
        &[
            cur.as_os_str(),
            os("--previous"),
            prev.as_os_str(),
            os("-o"),
            link.as_os_str(),
            os("--force"),
        ],
        &prev,
        IS_INPUT,
    );
}

/// Regression: a symbolic link pointing nowhere at `-o` was replaced
/// without `--force`.
#[test]
fn a_dangling_link_at_the_output_counts_as_existing() {
    let dir = TempDir::new().unwrap();
    let cur = input(dir.path());
    let out = dir.path().join("ud.xlsx");
    std::os::unix::fs::symlink(dir.path().join("ingenting.xlsx"), &out).unwrap();
    assert_refused(
        &[cur.as_os_str(), os("-o"), out.as_os_str()],
        &cur,
        "--force",
    );
    assert!(out.symlink_metadata().unwrap().file_type().is_symlink());
    let (code, _, err) =
        common::annotate(&[cur.as_os_str(), os("-o"), out.as_os_str(), os("--force")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.symlink_metadata().unwrap().is_file());
}

/// Regression: "exists" was checked before the work, so twenty runs
/// writing one output without `--force` all said they wrote it. Exactly
/// one may; the others say the file exists.
#[test]
fn of_twenty_concurrent_runs_exactly_one_writes() {
    let dir = TempDir::new().unwrap();
    let cur = input(dir.path());
    let out = dir.path().join("ud.xlsx");
    let children: Vec<_> = (0..20)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("opfolg"))
                .args([os("annotate"), cur.as_os_str(), os("-o"), out.as_os_str()])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut wrote = 0;
    let mut refused = 0;
    for child in children {
        let o = child.wait_with_output().unwrap();
        let (out_s, err) = (
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
        );
        match o.status.code() {
            Some(0) => {
                assert!(out_s.starts_with("Skrev"), "{out_s}");
                wrote += 1;
            }
            Some(2) => {
                assert_eq!(err.lines().count(), 1, "{err}");
                assert!(err.contains("findes allerede"), "{err}");
                refused += 1;
            }
            other => panic!("{other:?}: {out_s}{err}"),
        }
    }
    assert_eq!((wrote, refused), (1, 19));
    common::assert_nothing_lost(&cur, &out);
    let tmp: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".opfolg"))
        .collect();
    assert!(tmp.is_empty(), "{tmp:?}");
}

/// Each error is one line with the reason once and no temporary file.
#[test]
fn file_errors_are_one_plain_line() {
    let dir = TempDir::new().unwrap();
    let cur = input(dir.path());
    let one_line = |args: &[&OsStr], name: &str, reason: &str| {
        let o = opfolg().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("opfolg: ") && err.contains(name), "{err}");
        assert_eq!(err.matches(reason).count(), 1, "`{reason}` once in {err}");
        assert!(!err.contains(".opfolg-"), "{err}");
    };
    let missing = dir.path().join("findes-ikke.xlsx");
    one_line(
        &[os("check"), missing.as_os_str()],
        "findes-ikke.xlsx",
        "filen findes ikke",
    );
    one_line(
        &[os("diff"), dir.path().as_os_str(), cur.as_os_str()],
        &dir.path().display().to_string(),
        "er en mappe, ikke en arbejdsbog",
    );
    one_line(
        &[
            os("annotate"),
            cur.as_os_str(),
            os("-o"),
            dir.path().join("nej").join("ud.xlsx").as_os_str(),
        ],
        "ud.xlsx",
        "mappen findes ikke",
    );
    let folder = dir.path().join("mappe.xlsx");
    std::fs::create_dir(&folder).unwrap();
    one_line(
        &[
            os("annotate"),
            cur.as_os_str(),
            os("-o"),
            folder.as_os_str(),
            os("--force"),
        ],
        "mappe.xlsx",
        "er en mappe; angiv et filnavn",
    );
    // A folder that cannot be written in (as root a read-only file
    // system is needed for that; bad_input's tmpfs tests cover it).
    let locked = dir.path().join("laast");
    std::fs::create_dir(&locked).unwrap();
    let mut perm = std::fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o555);
    std::fs::set_permissions(&locked, perm).unwrap();
    let out = locked.join("ud.xlsx");
    let o = opfolg()
        .args([os("annotate"), cur.as_os_str(), os("-o"), out.as_os_str()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    if o.status.code() == Some(2) {
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("ingen adgang til at skrive i mappen"), "{err}");
        assert!(!err.contains(".opfolg-"), "{err}");
    } else {
        eprintln!("root writes in a 0555 folder; the read-only tmpfs test covers the line");
    }
}

/// `check_output` takes the package's own kind of extension when the
/// caller keeps the package (`.xlsm` for one with macros), and only .xlsx
/// for a workbook made new.
#[test]
fn output_extensions_follow_the_caller() {
    use opfolg::output::{Extensions, OutputError, check_output};
    let dir = TempDir::new().unwrap();
    let at = |n: &str| dir.path().join(n);
    for (name, macros) in [
        ("a.xlsm", true),
        ("a.xltm", true),
        ("a.xltx", false),
        ("a.xlsx", false),
    ] {
        assert!(
            check_output(&at(name), &[], false, Extensions::Package { macros }).is_ok(),
            "{name}"
        );
    }
    assert!(matches!(
        check_output(
            &at("a.xlsx"),
            &[],
            false,
            Extensions::Package { macros: true }
        ),
        Err(OutputError::NotXlsm)
    ));
    assert!(matches!(
        check_output(&at("a.xlsm"), &[], false, Extensions::Xlsx),
        Err(OutputError::NotXlsx)
    ));
    assert!(matches!(
        check_output(
            &at("a.ods"),
            &[],
            false,
            Extensions::Package { macros: false }
        ),
        Err(OutputError::NotOoxml)
    ));
}
