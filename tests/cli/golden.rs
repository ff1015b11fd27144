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
                    // A center's return saved by LibreOffice: collect's.
                    && !p.to_string_lossy().contains("retur-")
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

/// The parts of a written workbook, each as its name and a hash of its
/// inflated bytes; a workbook written new has its creation time masked
/// (the modified time stamp aside, every part must stay the same).
fn part_hashes(path: &Path) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name == "docProps/core.xml" {
            let text = String::from_utf8_lossy(&bytes);
            let masked = mask_time(&text);
            bytes = masked.into_bytes();
        }
        let hash = Sha256::digest(&bytes);
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        out.push((name, hex));
    }
    out.sort();
    out
}

/// `<dcterms:created …>…</dcterms:created>` (and `modified`) with the time
/// taken out.
fn mask_time(text: &str) -> String {
    let mut out = text.to_string();
    for tag in ["dcterms:created", "dcterms:modified"] {
        let open = format!("<{tag}");
        let close = format!("</{tag}>");
        if let (Some(a), Some(b)) = (out.find(&open), out.find(&close))
            && let Some(gt) = out[a..b].find('>')
        {
            out.replace_range(a + gt + 1..b, "TIME");
        }
    }
    out
}

/// Every job that writes a workbook, on every sample and fixture: the
/// parts of what it wrote, as the code gave them before the core was put
/// on bytes (issue 23). The command line's outputs stay the same part by
/// part; `OPFOLG_UPDATE_GOLDEN=1` rewrites the list where an issue
/// changes them.
#[test]
fn golden_packages_of_every_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    let mut record = |job: &str, path: &Path| {
        for (part, hash) in part_hashes(path) {
            lines.push_str(&format!("{job} {part} {hash}\n"));
        }
    };
    for (i, wb) in workbooks().iter().enumerate() {
        let name = wb.to_string_lossy().replace(['/', '\\'], "_");
        let out = dir.path().join(format!("{i}-annotated.xlsx"));
        let run = opfolg()
            .args(["annotate", "--no-previous", "-o"])
            .arg(&out)
            .arg(wb)
            .output()
            .unwrap();
        if run.status.success() {
            record(&format!("annotate:{name}"), &out);
        }
        let next = dir.path().join(format!("{i}-next.xlsx"));
        let run = opfolg()
            .args(["new-round", "-o"])
            .arg(&next)
            .arg(wb)
            .output()
            .unwrap();
        if run.status.success() {
            record(&format!("new-round:{name}"), &next);
        }
    }
    for (i, (prev, cur)) in PAIRS.iter().enumerate() {
        let out = dir.path().join(format!("pair-{i}.xlsx"));
        crate::common::ok(
            opfolg()
                .args(["annotate", cur, "--previous", prev, "-o"])
                .arg(&out),
        );
        record(&format!("annotate:{cur}:{prev}"), &out);
    }
    let centers = dir.path().join("centers");
    crate::common::ok(
        opfolg()
            .args([
                "new-round",
                "--per-center",
                "samples/budget2018-opfoelgning-1.xlsx",
                "-o",
            ])
            .arg(&centers),
    );
    let mut files: Vec<_> = std::fs::read_dir(&centers)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        record(&format!("per-center:{name}"), f);
    }
    let whole = centers.join("Børne- og Skoleudvalget – 2. opf. 2018.xlsx");
    let collected = dir.path().join("samlet.xlsx");
    let mut cmd = opfolg();
    cmd.arg("collect").arg(&whole);
    for f in files.iter().filter(|f| **f != whole) {
        cmd.arg(f);
    }
    crate::common::ok(cmd.arg("-o").arg(&collected));
    record("collect", &collected);
    let overview_dir = dir.path().join("folder");
    crate::common::ok(
        opfolg()
            .args([
                "annotate",
                "samples/afdeling/opf2",
                "--previous",
                "samples/afdeling/opf1",
                "-o",
            ])
            .arg(&overview_dir),
    );
    record(
        "folder:Overblik-alle",
        &overview_dir.join("Overblik-alle.xlsx"),
    );
    let failures: Vec<String> = compare(Path::new("tests/golden/packages.txt"), lines.as_bytes())
        .into_iter()
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
