//! The workbooks dropped on the page, and the jobs run on them.

use std::io::{Cursor, Write};

use opfolg::input::{Clock, Input};
use opfolg::pipeline::pairing::{self, Candidate, Role};
use opfolg::pipeline::{self, Made, Settings, names};
use opfolg::read::Overrides;
use opfolg::read::identity::{Identity, identify};
use opfolg::template::Template;
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

use crate::report;

/// A workbook dropped on the page.
struct File {
    input: Input,
    /// Who its first rows say it is, or the one line why it cannot be read.
    identity: Result<Identity, String>,
    /// What opfolg wrote it as, if anything.
    made: Made,
}

/// An annotation kept to be packed with the others and an overview.
struct Kept {
    name: String,
    annotated: pipeline::Annotated,
}

/// What a job gives the page: a file to download and what to show.
#[wasm_bindgen]
pub struct Output {
    name: String,
    bytes: Vec<u8>,
    report: String,
}

#[wasm_bindgen]
impl Output {
    /// The download's file name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.name.clone()
    }

    /// The download's bytes (taken: a second call gives none).
    pub fn take_bytes(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// What the page shows of the job, as JSON.
    #[wasm_bindgen(getter)]
    pub fn report(&self) -> String {
        self.report.clone()
    }
}

/// The page's session: the template, the caller's clock, the dropped
/// workbooks, and the annotations waiting to be packed.
#[wasm_bindgen]
pub struct Session {
    settings: Settings,
    files: Vec<Option<File>>,
    kept: Vec<Kept>,
}

fn error(e: anyhow::Error) -> JsValue {
    JsValue::from_str(&format!("{e:#}"))
}

#[wasm_bindgen]
impl Session {
    /// A session speaking `language` (`da` or `en`), at the caller's time
    /// (`Date.now()`, and minutes east of UTC: `-new Date().getTimezoneOffset()`).
    #[wasm_bindgen(constructor)]
    pub fn new(language: &str, now_ms: f64, offset_minutes: f64) -> Session {
        let template = Template::builtin(language).unwrap_or_else(Template::danish);
        Session {
            settings: Settings {
                template,
                overrides: Overrides::default(),
                clock: Clock::from_millis(now_ms as i64, offset_minutes as i64),
            },
            files: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// The page's words in the session's language, with the round labels
    /// and the severity words, as JSON.
    pub fn words(&self) -> String {
        let t = &self.settings.template;
        json!({
            "language": t.language,
            "web": t.web_words(),
            "rounds": t.rounds.labels,
            "severity": {
                "error": t.words.error,
                "warning": t.words.warning,
                "info": t.words.info,
            },
        })
        .to_string()
    }

    /// Runs one annotation of the bundled sample pair and forgets it: the
    /// first job pays for compiling the template's patterns and for the
    /// browser's optimising compiler, so the page does it while the person
    /// is still choosing workbooks.
    pub fn warm_up(&self) {
        const PREVIOUS: &[u8] = include_bytes!("../../samples/budget2018-opfoelgning-1.xlsx");
        const CURRENT: &[u8] = include_bytes!("../../samples/budget2018-opfoelgning-2.xlsx");
        let prev = Input::new("1.xlsx", PREVIOUS.to_vec());
        let cur = Input::new("2.xlsx", CURRENT.to_vec());
        for _ in 0..2 {
            let _ = pipeline::annotate(&cur, Some(prev.clone()), true, &self.settings);
        }
    }

    /// Adds a dropped workbook; returns its id.
    pub fn add(&mut self, name: String, bytes: Vec<u8>) -> usize {
        let t = &self.settings.template;
        let input = Input::new(name, bytes);
        let identity = identify(&input, t, Overrides::default())
            .map_err(|e| format!("{}: {}", input.name(), e.message(t)));
        let made = pipeline::made(&input);
        self.files.push(Some(File {
            input,
            identity,
            made,
        }));
        self.files.len() - 1
    }

    /// Removes a workbook.
    pub fn remove(&mut self, id: usize) {
        if let Some(f) = self.files.get_mut(id) {
            *f = None;
        }
    }

    /// The one line for a workbook the reader failed on (the page's worker
    /// stopped on it): the command line's words.
    pub fn reader_failed(&self, name: &str) -> String {
        let t = &self.settings.template;
        format!("{name}: {}", t.error("reader_failed", &[]))
    }

    /// The workbooks as the page lists them: who each is, what opfolg made
    /// it as, and its role — which are annotated against which (the same
    /// pairing as the command line's), which are returns to collect.
    pub fn overview(&self) -> String {
        let t = &self.settings.template;
        let ids: Vec<usize> = self.rounds_ids();
        let set: Vec<Candidate> = ids.iter().map(|&i| self.candidate(i)).collect();
        let roles = pairing::plan_set(
            &set,
            |a, b| self.input(ids[a]).same_content(self.input(ids[b])),
            t,
        );
        let mut files = Vec::new();
        for (id, f) in self.files.iter().enumerate() {
            let Some(f) = f else { continue };
            let role = ids
                .iter()
                .position(|&i| i == id)
                .map(|k| role_json(&roles[k], &ids));
            files.push(report::file_json(
                id,
                f.input.name(),
                &f.identity,
                &f.made,
                role,
                t,
            ));
        }
        json!({ "files": files }).to_string()
    }

    /// Annotates workbook `current` against `previous`: the annotated
    /// workbook and what to show. With `keep`, the annotation is also kept
    /// for [`Session::pack`] (several committees at once).
    ///
    /// # Errors
    /// The one line saying why, as the command line says it.
    pub fn annotate(
        &mut self,
        current: usize,
        previous: Option<usize>,
        keep: bool,
    ) -> Result<Output, JsValue> {
        let s = &self.settings;
        let cur = self.input(current).clone();
        let prev = previous.map(|p| self.input(p).clone());
        let mut done = pipeline::annotate(&cur, prev.clone(), true, s).map_err(error)?;
        let name = names::annotated(cur.file_name(), pipeline::macros(&cur), &s.template);
        let report = report::annotated_json(&cur, prev.as_ref(), &name, &done, &s.template);
        let bytes = std::mem::take(&mut done.bytes);
        if keep {
            // Only what the overview needs is kept; the bytes go with it.
            done.bytes = bytes.clone();
            done.comparison = None;
            self.kept.push(Kept {
                name: name.clone(),
                annotated: done,
            });
        }
        Ok(Output {
            name,
            bytes,
            report,
        })
    }

    /// Packs the annotations kept by [`Session::annotate`] into one `.zip`
    /// with the overview of them all, and forgets them.
    ///
    /// # Errors
    /// The overview cannot be written.
    pub fn pack(&mut self) -> Result<Output, JsValue> {
        let kept = std::mem::take(&mut self.kept);
        let s = &self.settings;
        let t = &s.template;
        let committees: Vec<String> = kept
            .iter()
            .map(|k| report::committee(&k.annotated.current, &k.name))
            .collect();
        let entries: Vec<opfolg::write::overview::Entry> = kept
            .iter()
            .zip(&committees)
            .map(|(k, c)| opfolg::write::overview::Entry {
                committee: c.clone(),
                file: &k.name,
                current: &k.annotated.current,
                marks: &k.annotated.marks,
                changes: &k.annotated.changes_by_initiative,
                findings: &k.annotated.findings,
                money: &k.annotated.money,
            })
            .collect();
        let overview = opfolg::write::overview::overview(&entries, t, s.clock)
            .and_then(opfolg::write::to_bytes)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let mut files: Vec<(String, &[u8])> = kept
            .iter()
            .map(|k| (k.name.clone(), k.annotated.bytes.as_slice()))
            .collect();
        files.push((t.batch.overview_file.clone(), &overview));
        let bytes = zip_of(&files, s.clock).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let name = t
            .web_words()
            .get("zip_annotated")
            .cloned()
            .unwrap_or_default();
        let report = json!({
            "kind": "pack",
            "files": files.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            "overview": t.batch.overview_file,
        })
        .to_string();
        Ok(Output {
            name,
            bytes,
            report,
        })
    }

    /// The next round's hand-out of workbook `id`: the whole workbook, or
    /// with `per_center` a `.zip` of the whole one and one per center.
    ///
    /// # Errors
    /// The one line saying why, as the command line says it.
    pub fn next_round(&mut self, id: usize, per_center: bool) -> Result<Output, JsValue> {
        let s = &self.settings;
        let t = &s.template;
        let input = self.input(id);
        if !per_center {
            let done = pipeline::new_round(input, s).map_err(error)?;
            let report = report::handout_json(
                &done.name,
                (done.round, done.carried.as_ref()),
                None,
                &done.notices,
                t,
            );
            return Ok(Output {
                name: done.name,
                bytes: done.bytes,
                report,
            });
        }
        let done = pipeline::new_round_per_center(input, s).map_err(error)?;
        let whole = done.whole_name.clone();
        let folder = std::path::Path::new(&whole)
            .with_extension("")
            .to_string_lossy()
            .into_owned();
        let mut files: Vec<(String, &[u8])> = vec![(format!("{folder}/{whole}"), &done.whole)];
        for (_, file, bytes) in &done.centers {
            files.push((format!("{folder}/{file}"), bytes));
        }
        let bytes = zip_of(&files, s.clock).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let centers: Vec<Option<String>> = done.centers.iter().map(|(c, _, _)| c.clone()).collect();
        let report =
            report::handout_json(&whole, (done.round, None), Some(&centers), &done.notices, t);
        Ok(Output {
            name: format!("{folder}.zip"),
            bytes,
            report,
        })
    }

    /// Gathers the returns `returns` (ids, as JSON `[1, 2]`) into the
    /// whole round's workbook `whole`.
    ///
    /// # Errors
    /// The one line saying why, as the command line says it.
    pub fn collect(&mut self, whole: usize, returns: &str) -> Result<Output, JsValue> {
        let s = &self.settings;
        let t = &s.template;
        let ids: Vec<usize> = serde_json::from_str(returns).unwrap_or_default();
        let master = self.input(whole);
        let inputs: Vec<Input> = ids
            .iter()
            .filter(|&&i| i != whole)
            .map(|&i| self.input(i).clone())
            .collect();
        let done = pipeline::collect(master, &inputs, s).map_err(error)?;
        let report = report::collected_json(&done.name, &done, t);
        Ok(Output {
            name: done.name,
            bytes: done.bytes,
            report,
        })
    }
}

impl Session {
    fn input(&self, id: usize) -> &Input {
        &self.files[id]
            .as_ref()
            .expect("a workbook still on the page")
            .input
    }

    /// The ids of the workbooks that are rounds of a follow-up (readable,
    /// not a hand-out nor a center's return).
    fn rounds_ids(&self) -> Vec<usize> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let f = f.as_ref()?;
                let round = matches!(
                    f.made,
                    Made::Plain | Made::Annotated | Made::Collected { .. }
                );
                (f.identity.is_ok() && round).then_some(i)
            })
            .collect()
    }

    fn candidate(&self, id: usize) -> Candidate {
        let f = self.files[id].as_ref().expect("listed");
        Candidate {
            name: f.input.name().to_string(),
            identity: f.identity.clone().unwrap_or_default(),
        }
    }
}

/// A role as the page reads it, with the set's indexes turned into ids.
fn role_json(role: &Role, ids: &[usize]) -> Value {
    match role {
        Role::Current {
            previous,
            notice,
            several,
            why,
        } => json!({
            "role": "current",
            "previous": previous.map(|p| ids[p]),
            "notice": notice,
            // A title that could not be read, named (empty when none).
            "why": why,
            "several": several.iter().map(|s| ids[*s]).collect::<Vec<_>>(),
        }),
        Role::Previous { of } => json!({ "role": "previous", "of": ids[*of] }),
        Role::Earlier => json!({ "role": "earlier" }),
        Role::Duplicate { of } => json!({ "role": "duplicate", "of": ids[*of] }),
        Role::Unsure { with } => json!({
            "role": "unsure",
            "with": with.iter().map(|w| ids[*w]).collect::<Vec<_>>(),
        }),
    }
}

/// Several files in one `.zip`, stamped with the caller's time.
fn zip_of(files: &[(String, &[u8])], clock: Clock) -> zip::result::ZipResult<Vec<u8>> {
    use chrono::{Datelike, Timelike};
    let utc = clock.utc;
    let time = zip::DateTime::from_date_and_time(
        utc.year().clamp(1980, 2107) as u16,
        utc.month() as u8,
        utc.day() as u8,
        utc.hour() as u8,
        utc.minute() as u8,
        utc.second() as u8,
    )
    .unwrap_or_default();
    // The workbooks are zips already: stored, not compressed again.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(time);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
