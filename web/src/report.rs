//! What the page shows, as JSON: the same data the command line prints
//! (findings, changes, notices), for a person — words from the template,
//! counts by severity and by round, the changed words marked.

use std::collections::BTreeMap;

use opfolg::input::Input;
use opfolg::model::{Round, Workbook};
use opfolg::pipeline::{Annotated, Collected, Made};
use opfolg::present::{before_after, change_mark, kind_word, severity_word};
use opfolg::read::identity::Identity;
use opfolg::report::diff::change_json;
use opfolg::template::Template;
use opfolg::validate::Severity;
use serde_json::{Value, json};

/// A page word with its `{placeholders}` filled in.
fn word(t: &Template, key: &str, args: &[(&str, String)]) -> String {
    let text = t.web_words().get(key).cloned().unwrap_or_default();
    opfolg::template::fill(&text, args)
}

/// One dropped workbook as the page lists it.
pub fn file_json(
    id: usize,
    name: &str,
    identity: &Result<Identity, String>,
    made: &Made,
    role: Option<Value>,
    t: &Template,
) -> Value {
    let made_json = match made {
        Made::Plain => json!({ "kind": "plain" }),
        Made::Annotated => json!({ "kind": "annotated" }),
        Made::Handout { round } => json!({
            "kind": "handout",
            "round": round,
            "label": word(t, "kind_handout", &[("round", t.round_label(*round).into())]),
        }),
        Made::Collected { round } => json!({
            "kind": "collected",
            "round": round,
            "label": word(t, "kind_collected", &[("round", t.round_label(*round).into())]),
        }),
        Made::Return { round, center } => {
            let center = center.clone().unwrap_or_else(|| word(t, "no_center", &[]));
            json!({
                "kind": "return",
                "round": round,
                "center": center,
                "label": word(t, "kind_return", &[
                    ("center", center.clone()),
                    ("round", t.round_label(*round).into()),
                ]),
            })
        }
    };
    match identity {
        Ok(i) => json!({
            "id": id,
            "name": name,
            "committee": i.committee,
            "year": i.year,
            "round": i.round,
            "round_label": i.round.map(|r| t.round_label(r).to_string()),
            "title": i.title,
            "made": made_json,
            "role": role,
        }),
        Err(line) => json!({
            "id": id,
            "name": name,
            "error": line,
            "made": made_json,
        }),
    }
}

/// The committee of an annotated workbook: named in its title, else its
/// file name (as the folder overview names it).
pub fn committee(wb: &Workbook, file: &str) -> String {
    wb.committee.clone().unwrap_or_else(|| {
        std::path::Path::new(file)
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    })
}

fn counts(findings: &[opfolg::validate::Finding]) -> [usize; 3] {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    [n(Severity::Error), n(Severity::Warning), n(Severity::Info)]
}

/// An annotation: the summary line, the counts by severity, the smileys
/// by round and the postponed deadlines per center (as the `Overblik`
/// sheet counts them), the findings (as
/// `check --format json` gives them, with the template's words), the
/// changes with their words marked, and the notices.
pub fn annotated_json(
    current: &Input,
    previous: Option<&Input>,
    output: &str,
    a: &Annotated,
    t: &Template,
) -> String {
    let [errors, warnings, infos] = counts(&a.findings);
    let args = |extra: Vec<(&'static str, String)>| {
        let mut v = vec![
            ("file", output.to_string()),
            ("changes", a.changes.to_string()),
            ("errors", errors.to_string()),
            ("warnings", warnings.to_string()),
            ("infos", infos.to_string()),
        ];
        v.extend(extra);
        v
    };
    let summary = match previous {
        Some(p) => word(
            t,
            "annotated_summary",
            &args(vec![("previous", p.file_name().to_string())]),
        ),
        None => word(t, "annotated_alone", &args(vec![])),
    };
    let tally = opfolg::plan::sheets::tally(&a.current, &a.marks, a.current.round(), t);
    let rounds: Vec<Value> = a
        .marks
        .rounds
        .iter()
        .map(|r| {
            json!({
                "round": r,
                "label": t.round_label(*r),
                "effort": tally.effort.get(r).copied().unwrap_or_default(),
                "economy": tally.economy.get(r).copied().unwrap_or_default(),
            })
        })
        .collect();
    let findings: Vec<Value> = a
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "severity": f.severity,
                "severity_word": severity_word(t, f.severity),
                "sheet": f.sheet,
                "cell": f.cell.a1(),
                "initiative": f.initiative,
                "message": f.message,
            })
        })
        .collect();
    let titles: BTreeMap<&str, &str> = a
        .current
        .initiatives()
        .filter_map(|i| Some((i.id.as_deref()?, i.title.as_str())))
        .collect();
    let changes: Vec<Value> = a
        .comparison
        .iter()
        .flat_map(|c| &c.changes)
        .map(|c| {
            let wire = change_json(c, t);
            // A text change shows its words marked; the rest what they
            // were and became.
            let (before, after) = match &wire.segments {
                Some(_) => (String::new(), String::new()),
                None => before_after(c, t),
            };
            json!({
                "initiative": c.initiative,
                "title": c.initiative.as_deref().and_then(|i| titles.get(i)),
                "sheet": wire.sheet,
                "cell": wire.cell,
                "kind": kind_word(c, t),
                "mark": change_mark(c, t),
                "before": before,
                "after": after,
                "segments": wire.segments,
            })
        })
        .collect();
    // Deadlines moved to a later round, per center, as `Overblik` counts
    // them (none without a previous round).
    let postponed: Vec<Value> = a
        .comparison
        .iter()
        .flat_map(|c| opfolg::plan::sheets::postponed_by_center(&a.current, &c.changes, t))
        .map(|(center, count)| json!({ "center": center, "count": count }))
        .collect();
    json!({
        "kind": "annotate",
        "file": current.name(),
        "output": output,
        "previous": previous.map(Input::name),
        "summary": summary,
        "counts": { "error": errors, "warning": warnings, "info": infos },
        "rounds": rounds,
        "postponed": postponed,
        "findings": findings,
        "changes": changes,
        "notices": a.notices,
    })
    .to_string()
}

/// A hand-out: the line the command line prints, the centers' files.
pub fn handout_json(
    name: &str,
    (round, carried): (Round, Option<&opfolg::plan::carry::Carried>),
    centers: Option<&[Option<String>]>,
    notices: &[String],
    t: &Template,
) -> String {
    let label = t.round_label(round).to_string();
    let summary = match carried {
        // From the year end: next year's plan, and what it carried over.
        Some(c) => c.line(name, t),
        None => word(
            t,
            "handout_summary",
            &[("file", name.to_string()), ("round", label.clone())],
        ),
    };
    let mut lines = vec![summary];
    if carried.is_some() {
        lines.push(opfolg::plan::carry::Carried::next_step(name, true, t));
    }
    if let Some(cs) = centers {
        let named: Vec<String> = cs
            .iter()
            .map(|c| c.clone().unwrap_or_else(|| word(t, "no_center", &[])))
            .collect();
        lines.push(word(
            t,
            "per_center_summary",
            &[
                ("count", cs.len().to_string()),
                ("round", label),
                ("centers", named.join(", ")),
            ],
        ));
    }
    json!({
        "kind": "handout",
        "lines": lines,
        "notices": notices,
    })
    .to_string()
}

/// A collection: who answered, what was taken, what was not and why.
pub fn collected_json(name: &str, c: &Collected, t: &Template) -> String {
    let mut problems = Vec::new();
    for center in &c.missing {
        problems.push(word(t, "collect_missing", &[("center", center.clone())]));
    }
    for o in &c.outside {
        problems.push(word(
            t,
            "collect_outside",
            &[
                ("center", o.center.clone()),
                ("cell", format!("{}!{}", o.sheet, o.cell)),
                ("before", o.before.clone()),
                ("after", o.after.clone()),
            ],
        ));
    }
    for k in &c.conflicts {
        let answers: Vec<String> = k
            .answers
            .iter()
            .map(|a| format!("{} «{}»", a.0, a.1))
            .collect();
        problems.push(word(
            t,
            "collect_conflict",
            &[
                ("cell", format!("{}!{}", k.sheet, k.cell)),
                ("answers", answers.join(" · ")),
            ],
        ));
    }
    let refused: Vec<String> = c
        .refused
        .iter()
        .map(|(f, why)| {
            word(
                t,
                "collect_refused",
                &[("file", f.clone()), ("reason", why.clone())],
            )
        })
        .collect();
    json!({
        "kind": "collect",
        "output": name,
        "lines": [word(t, "collect_summary", &[
            ("returned", c.returned.len().to_string()),
            ("centers", c.centers.len().to_string()),
            ("cells", c.taken.to_string()),
        ])],
        "problems": problems,
        "notices": refused,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use opfolg::package::edits::{Cell, Edits, Restyle, SheetEdits, Style, Value as CellValue};

    /// The sample's round 2 with 3.01's third milestone (C37, Social og
    /// Sundhed's) moved from round 3 to the year end.
    fn postponed_one(sample: &Input) -> Input {
        let mut sheet = SheetEdits::default();
        sheet.cells.insert(
            (36, 2),
            Cell {
                value: CellValue::Text("31.12.2018".into()),
                style: Style::Own(Restyle::default()),
            },
        );
        let mut edits = Edits::default();
        edits.sheets.insert(0, sheet);
        let mut pkg = opfolg::package::Package::open_input(sample).unwrap();
        let mut bytes = std::io::Cursor::new(Vec::new());
        opfolg::package::write(&mut pkg, edits, &mut bytes).unwrap();
        Input::new("udskudt.xlsx", bytes.into_inner())
    }

    /// Issue 28: the page showed the smileys of `Overblik`, not its
    /// postponed deadlines per center.
    #[test]
    fn the_page_counts_postponed_deadlines_per_center() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../samples/budget2018-opfoelgning-2.xlsx"
        );
        let sample = Input::new("forrige.xlsx", std::fs::read(path).unwrap());
        let current = postponed_one(&sample);
        let s = opfolg::pipeline::Settings::danish(opfolg::pipeline::Clock::from_millis(0, 0));
        let a = opfolg::pipeline::annotate(&current, Some(sample.clone()), true, &s).unwrap();
        let doc: Value = serde_json::from_str(&annotated_json(
            &current,
            Some(&sample),
            "ud.xlsx",
            &a,
            &s.template,
        ))
        .unwrap();
        assert_eq!(
            doc["postponed"],
            json!([{ "center": "Social og Sundhed", "count": 1 }]),
            "{doc:#}"
        );
        let alone = opfolg::pipeline::annotate(&sample, None, true, &s).unwrap();
        let doc: Value = serde_json::from_str(&annotated_json(
            &sample,
            None,
            "ud.xlsx",
            &alone,
            &s.template,
        ))
        .unwrap();
        assert_eq!(doc["postponed"], json!([]));
    }
}
