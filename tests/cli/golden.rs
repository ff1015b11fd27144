//! Golden files: the JSON of `check` and `diff` on every sample and fixture,
//! as the code gave it before the reshape of `src/` (issue 14). Behaviour
//! that no issue asks to change must stay byte for byte the same; where an
//! issue does change it, the golden file changes in the same commit and the
//! commit says why.
//!
//! `OPFOLG_UPDATE_GOLDEN=1 cargo test golden` rewrites them.

use std::path::{Path, PathBuf};

use crate::common::opfolg;

/// Every workbook the golden files cover: the samples and the fixtures.
fn workbooks() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "samples",
        "samples/afdeling/opf1",
        "samples/afdeling/opf2",
        "tests/fixtures",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
                ["xlsx", "xls", "ods"].contains(&ext)
                    && !p.to_string_lossy().contains("adgangskode")
                    && !p.to_string_lossy().contains("-annoteret")
            })
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

/// The pairs `diff` is run on: (previous, current).
const PAIRS: &[(&str, &str)] = &[
    (
        "samples/budget2018-opfoelgning-1.xlsx",
        "samples/budget2018-opfoelgning-2.xlsx",
    ),
    (
        "samples/budget2018-udmoentning.xlsx",
        "samples/budget2018-opfoelgning-1.xlsx",
    ),
    (
        "samples/budget2021-udskydelser.xlsx",
        "samples/budget2021-udskydelser-kmb.xlsx",
    ),
    (
        "samples/budget2025-bilag-a.xlsx",
        "samples/budget2025-bilag-a-ny.xlsx",
    ),
    (
        "samples/afdeling/opf1/bsu-opf1.xlsx",
        "samples/afdeling/opf2/bsu-opf2.xlsx",
    ),
    (
        "samples/afdeling/opf1/kfu-opf1.xlsx",
        "samples/afdeling/opf2/kfu-opf2.xlsx",
    ),
];

fn golden_name(kind: &str, parts: &[&Path]) -> PathBuf {
    let stem = parts
        .iter()
        .map(|p| p.to_string_lossy().replace(['/', '\\'], "_"))
        .collect::<Vec<_>>()
        .join("__");
    Path::new("tests/golden").join(format!("{kind}-{stem}.json"))
}

fn compare(golden: &Path, got: &[u8]) -> Option<String> {
    if std::env::var_os("OPFOLG_UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, got).unwrap();
        return None;
    }
    let want = std::fs::read(golden).unwrap_or_default();
    (want != got).then(|| {
        format!(
            "{} differs:\n--- want\n{}\n--- got\n{}",
            golden.display(),
            String::from_utf8_lossy(&want),
            String::from_utf8_lossy(got)
        )
    })
}

#[test]
fn golden_check_json_of_every_sample() {
    let mut failures = Vec::new();
    for wb in workbooks() {
        let out = opfolg()
            .args(["check", "--format", "json"])
            .arg(&wb)
            .output()
            .unwrap();
        assert!(out.status.code().unwrap() < 2, "{}", wb.display());
        failures.extend(compare(&golden_name("check", &[&wb]), &out.stdout));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn golden_diff_json_of_every_pair() {
    let mut failures = Vec::new();
    for (prev, cur) in PAIRS {
        let (prev, cur) = (Path::new(prev), Path::new(cur));
        let out = opfolg()
            .args(["diff", "--format", "json"])
            .arg(prev)
            .arg(cur)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", cur.display());
        failures.extend(compare(&golden_name("diff", &[prev, cur]), &out.stdout));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
