//! Issue 26.6: Excel's own rules, as Microsoft's Open XML SDK checks them
//! (`openxml-audit`, a Python port of its validator). Every workbook opfolg
//! writes — annotated, handed out, per center, collected — adds no error
//! its input did not have, over the samples, the feature workbook and the
//! committed corpus.
//!
//! Needs `pip install openxml-audit`: `scripts/test.sh` installs it and
//! runs this test (`cargo test` builds it but skips it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::common::{ok, opfolg};

/// The validator's errors in a workbook, counted by their description
/// (where and what), so an error of the input's kept in the output is not
/// counted as new.
fn sdk_errors(path: &Path) -> BTreeMap<String, usize> {
    let out = Command::new("python3")
        .args(["-m", "openxml_audit", "-m", "0", "-o", "json"])
        .arg(path)
        .output()
        .expect("python3 -m openxml_audit");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "openxml-audit on {}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let mut errors = BTreeMap::new();
    for e in doc[0]["errors"].as_array().into_iter().flatten() {
        if e["severity"] == "error" {
            let key = format!("{} {}", e["part"], e["description"]);
            *errors.entry(key).or_default() += 1;
        }
    }
    errors
}

/// The errors of `out` its input did not have.
fn added(input: &Path, out: &Path) -> Vec<String> {
    let before = sdk_errors(input);
    sdk_errors(out)
        .into_iter()
        .filter(|(k, n)| before.get(k).is_none_or(|b| b < n))
        .map(|(k, n)| format!("{k} ×{n}"))
        .collect()
}

fn workbooks(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .filter(|p| !p.to_string_lossy().contains("-annoteret"))
        .collect();
    out.sort();
    out
}

#[test]
#[ignore = "needs openxml-audit (pip): scripts/test.sh runs it"]
fn nothing_opfolg_writes_adds_an_sdk_error() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let mut inputs = workbooks("samples");
    inputs.extend(workbooks("samples/afdeling/opf1"));
    inputs.extend(workbooks("samples/afdeling/opf2"));
    inputs.extend(workbooks("tests/corpus"));
    inputs.push(crate::lossless::feature_workbook(d, None));
    let mut failures = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let out = d.join(format!("annoteret-{i}.xlsx"));
        let run = opfolg()
            .args(["annotate", "--no-previous", "--force", "-o"])
            .arg(&out)
            .arg(input)
            .output()
            .unwrap();
        if !run.status.success() {
            continue;
        }
        for e in added(input, &out) {
            failures.push(format!("annotate {}: {e}", input.display()));
        }
        let next = d.join(format!("udsendt-{i}.xlsx"));
        let run = opfolg()
            .args(["new-round", "--force", "-o"])
            .arg(&next)
            .arg(input)
            .output()
            .unwrap();
        if run.status.success() {
            for e in added(input, &next) {
                failures.push(format!("new-round {}: {e}", input.display()));
            }
        }
    }
    // Per center, and what collect makes of the returns.
    let plan = Path::new("samples/budget2018-opfoelgning-1.xlsx");
    let folder = d.join("centre");
    ok(opfolg()
        .args(["new-round", "--per-center", "-o"])
        .arg(&folder)
        .arg(plan));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in &files {
        for e in added(plan, f) {
            failures.push(format!("per-center {}: {e}", f.display()));
        }
    }
    let whole = files
        .iter()
        .find(|f| f.to_string_lossy().contains("Skoleudvalget"))
        .unwrap();
    let collected = d.join("samlet.xlsx");
    let mut cmd = opfolg();
    cmd.arg("collect").arg(whole);
    for f in files.iter().filter(|f| *f != whole) {
        cmd.arg(f);
    }
    ok(cmd.arg("-o").arg(&collected));
    for e in added(plan, &collected) {
        failures.push(format!("collect: {e}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        inputs.len() >= 15,
        "the samples and the corpus: {}",
        inputs.len()
    );
}
