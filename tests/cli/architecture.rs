//! The shape of `src/` (ARCHITECTURE.md): modules in layers, every import
//! pointing down, no circles, nothing below `cmd` importing `cmd`. Read
//! from the source's own `crate::` paths, so `cargo test architecture`
//! fails the moment an import runs the wrong way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first; a module may use modules of lower layers
/// (and its own layer's, where listed together, if the two do not use
/// each other).
const LAYERS: &[&[&str]] = &[
    &["model", "input", "cli", "panics"],
    &["template"],
    &["parse"],
    &["layout", "output", "package", "diff"],
    &["read"],
    &["validate"],
    &["present", "report"],
    &["plan"],
    &["write"],
    &["pipeline"],
    &["cmd"],
];

fn layer_of(m: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&m))
}

/// Every top-level module's uses of other top-level modules, from the
/// source outside its tests.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = p
                .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
                .unwrap();
            let top = rel
                .iter()
                .next()
                .unwrap()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            // Tests may use anything: they are not part of the flow.
            let code = without_tests(&text);
            let code = code.as_str();
            let used = out.entry(top.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let name: String = code[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    used.insert(name);
                }
            }
            // `use crate::{a, b::c}`.
            for (i, _) in code.match_indices("use crate::{") {
                let list = &code[i + 12..];
                let list = &list[..list.find("};").unwrap_or(0)];
                for part in list.split(',') {
                    let name = part
                        .trim()
                        .split("::")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    if !name.is_empty()
                        && name != top
                        && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    {
                        used.insert(name);
                    }
                }
            }
        }
    }
    out
}

/// The source without its `#[cfg(test)]` items (a module or a function:
/// the attribute up to the end of the braces that follow it).
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = after.len();
        for (j, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn architecture_imports_point_down() {
    let imports = imports();
    let mut wrong = Vec::new();
    for (m, used) in &imports {
        let Some(lm) = layer_of(m) else {
            wrong.push(format!(
                "{m}: not in a layer of ARCHITECTURE.md; add it to LAYERS"
            ));
            continue;
        };
        for u in used {
            let Some(lu) = layer_of(u) else { continue };
            if lu > lm {
                wrong.push(format!(
                    "{m} (layer {lm}) uses {u} (layer {lu}): an import that runs up"
                ));
            }
            if lu == lm && imports.get(u).is_some_and(|back| back.contains(m)) {
                wrong.push(format!("{m} and {u} use each other"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn architecture_nothing_below_cmd_imports_cmd() {
    let users: Vec<String> = imports()
        .into_iter()
        .filter(|(m, used)| m != "cmd" && used.contains("cmd"))
        .map(|(m, _)| m)
        .collect();
    assert!(users.is_empty(), "{users:?} import cmd");
}
