//! `collect`: the centers' returns gathered into a copy of the whole
//! round's workbook. A return is a center's hand-out (known by the marks
//! `new-round --per-center` wrote), compared cell by cell with the whole
//! workbook: a changed cell among the center's own open cells is a fill,
//! any other change is listed and left; two returns that fill a cell
//! differently are listed and neither is taken.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Settings, failed, package_failed, patchable, read_failed, to_package_sheets, write_package,
};
use crate::input::Input;
use crate::layout::{CENTER_MARK, HANDOUT_MARK};
use crate::model::{Round, Workbook};
use crate::package::Package;
use crate::package::edits::Value as Put;
use crate::parse::text::fold;
use crate::plan::{self, sheets::CollectedRow};
use crate::read::Read;
use crate::read::raw::Value as Got;
use crate::template::Template;

/// A change a return made outside its center's own cells (not taken).
#[derive(Debug, Clone)]
pub struct Outside {
    /// The center whose return it is.
    pub center: String,
    /// The return's name.
    pub file: String,
    /// The sheet.
    pub sheet: String,
    /// The cell (A1).
    pub cell: String,
    /// The whole workbook's value.
    pub before: String,
    /// The return's value.
    pub after: String,
}

/// A cell two returns filled differently (not taken).
#[derive(Debug, Clone)]
pub struct Conflict {
    /// The sheet.
    pub sheet: String,
    /// The cell (A1).
    pub cell: String,
    /// Each return's center and value.
    pub answers: Vec<(String, String)>,
}

/// What `collect` did.
pub struct Collected {
    /// The gathered workbook's bytes.
    pub bytes: Vec<u8>,
    /// Its name: what it is (committee, round, year), collected.
    pub name: String,
    /// The round.
    pub round: Round,
    /// Every center of the workbook (the initiatives without one under
    /// the template's name for them).
    pub centers: Vec<String>,
    /// The centers that returned (each once), their files' names and the
    /// cells taken.
    pub returned: Vec<(String, Vec<String>, usize)>,
    /// The centers that have not returned.
    pub missing: Vec<String>,
    /// Cells taken in all.
    pub taken: usize,
    /// Changes outside a center's own cells.
    pub outside: Vec<Outside>,
    /// Cells the returns disagree on.
    pub conflicts: Vec<Conflict>,
    /// Files not taken (by name), with the reason.
    pub refused: Vec<(String, String)>,
}

/// A cell: sheet name, row, column.
type At = (String, u32, u16);

/// One return's answer for a cell: its center, the value as shown, the
/// value.
struct Answer {
    center: String,
    /// The return's file name.
    file: String,
    shown: String,
    value: Got,
}

/// The cells of a workbook's sheets as shown, by sheet name.
type Shown = BTreeMap<String, BTreeMap<(u32, u16), String>>;

/// A hidden string name's value: `"3"` → `3`.
fn name_value(pkg: &Package, name: &str) -> Option<String> {
    let n = pkg.names.iter().find(|n| n.name == name)?;
    let v = n.value.trim();
    let v = v.strip_prefix('"')?.strip_suffix('"')?;
    Some(v.replace("\"\"", "\""))
}

/// The round a hand-out was sent out for.
fn handout_round(pkg: &Package) -> Option<Round> {
    name_value(pkg, HANDOUT_MARK).and_then(|v| v.parse().ok())
}

/// opfolg's hand-out marks on a workbook: the round it was sent out for,
/// and (on a center's hand-out) the center, from the package's hidden
/// names — or from the named expressions of an `.ods` LibreOffice saved
/// it as, which keep them.
struct HandoutMarks {
    round: Option<Round>,
    center: Option<String>,
}

fn handout_marks(input: &Input) -> HandoutMarks {
    let unquote = |v: &str| {
        let v = v.trim();
        v.strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .map(|v| v.replace("\"\"", "\""))
    };
    if let Some(pkg) = patchable(input) {
        return HandoutMarks {
            round: handout_round(&pkg),
            center: name_value(&pkg, CENTER_MARK),
        };
    }
    if input.extension() != "ods" {
        return HandoutMarks {
            round: None,
            center: None,
        };
    }
    let names = crate::read::named_expressions(input);
    let get = |name: &str| {
        names
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| unquote(v))
    };
    HandoutMarks {
        round: get(HANDOUT_MARK).and_then(|v| v.parse().ok()),
        center: get(CENTER_MARK),
    }
}

/// What opfolg wrote a workbook as, by the marks it left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Made {
    /// Not by opfolg (or nothing opfolg marks).
    Plain,
    /// An annotated workbook (it carries opfolg's sheets).
    Annotated,
    /// The whole round's hand-out (`new-round`), the returns are collected
    /// into.
    Handout {
        /// The round it was sent out for.
        round: Round,
    },
    /// The whole round's workbook with the returns gathered in
    /// (`collect`): the round to annotate, and to gather late returns into.
    Collected {
        /// The round.
        round: Round,
    },
    /// A center's hand-out (`new-round --per-center`), filled or not.
    Return {
        /// The round it was sent out for.
        round: Round,
        /// The center; `None` for the initiatives that name none.
        center: Option<String>,
    },
}

/// Whether the package has opfolg's sheet of this kind (by its mark).
fn has_sheet(pkg: &Package, kind: crate::layout::Generated) -> bool {
    pkg.names
        .iter()
        .any(|n| n.name == crate::layout::MARK && n.value == kind.mark_value())
}

/// What opfolg wrote `input` as, from the package's hidden names alone.
pub fn made(input: &Input) -> Made {
    let Some(pkg) = patchable(input) else {
        // A center's return LibreOffice saved as .ods keeps the marks.
        return match handout_marks(input) {
            HandoutMarks {
                round: Some(round),
                center: Some(center),
            } => Made::Return {
                round,
                center: Some(center).filter(|c| !c.is_empty()),
            },
            _ => Made::Plain,
        };
    };
    match (handout_round(&pkg), name_value(&pkg, CENTER_MARK)) {
        (Some(round), Some(center)) => Made::Return {
            round,
            center: Some(center).filter(|c| !c.is_empty()),
        },
        (Some(round), None) if has_sheet(&pkg, crate::layout::Generated::Collected) => {
            Made::Collected { round }
        }
        (Some(round), None) => Made::Handout { round },
        _ if pkg.names.iter().any(|n| n.name == crate::layout::MARK) => Made::Annotated,
        _ => Made::Plain,
    }
}

/// A cell's value as the user sees it, for comparing and listing.
fn shown(v: &Got) -> String {
    match v {
        Got::Text(t) | Got::Error(t) => t.as_str().to_string(),
        Got::Int(i) => i.to_string(),
        Got::Float(f) => f.to_string(),
        Got::Bool(b) => b.to_string().to_uppercase(),
        Got::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

fn shown_cells(read: &Read, skip: &[String]) -> Shown {
    let mut out = Shown::new();
    for sheet in read.raw.iter().flat_map(|r| &r.sheets) {
        if skip.contains(&sheet.name) {
            continue;
        }
        let cells = out.entry(sheet.name.clone()).or_default();
        for row in &sheet.rows {
            for c in &row.cells {
                let v = shown(&c.value);
                if !v.is_empty() {
                    cells.insert((row.row, c.col), v);
                }
            }
        }
    }
    out
}

/// The value a read workbook holds at `at`.
fn value_at(read: &Read, (sheet, r, col): &At) -> Option<Got> {
    let sheet = read
        .raw
        .iter()
        .flat_map(|w| &w.sheets)
        .find(|s| s.name == *sheet)?;
    // Rows are kept top to bottom: found by halving, not by a walk.
    let i = sheet.rows.binary_search_by_key(r, |x| x.row).ok()?;
    sheet.rows[i].get(*col).cloned()
}

/// The cells each center (under its fullest spelling) may fill in: the
/// whole workbook's open cells in the blocks of that center's initiatives.
fn own_cells(
    wb: &Workbook,
    open: &crate::package::locks::OpenCells,
    t: &Template,
) -> BTreeMap<String, BTreeSet<At>> {
    let names = plan::handout::center_names(wb, t);
    let mut out: BTreeMap<String, BTreeSet<At>> = BTreeMap::new();
    for sheet in &wb.sheets {
        let Some(cells) = open.get(&sheet.name) else {
            continue;
        };
        for ini in &sheet.initiatives {
            let (first, last) = (ini.header_cell.row, plan::blocks::last_row(ini));
            let mut centers: Vec<String> = (plan::handout::centers_of(ini, t).iter())
                .map(|c| names.full(c))
                .collect();
            if centers.is_empty() {
                centers.push(t.collect.no_center.clone());
            }
            for c in centers {
                let mine = out.entry(c).or_default();
                for &(r, col) in cells.range((first, 0)..=(last, u16::MAX)) {
                    mine.insert((sheet.name.clone(), r, col));
                }
            }
        }
    }
    out
}

/// The whole round's workbook the returns are gathered into.
struct Master {
    pkg: Package,
    read: Read,
    round: Round,
    /// opfolg's own sheets (the reading guide): not compared.
    generated: Vec<String>,
    own: BTreeMap<String, BTreeSet<At>>,
    cells: Shown,
}

impl Master {
    fn open(workbook: &Input, s: &Settings) -> anyhow::Result<Master> {
        let t = &s.template;
        let not_master = || failed(workbook.name(), t.collect.master_not_handout.clone());
        let mut pkg = patchable(workbook).ok_or_else(not_master)?;
        let round = handout_round(&pkg).ok_or_else(not_master)?;
        if name_value(&pkg, CENTER_MARK).is_some() {
            return Err(not_master());
        }
        let read = crate::read::read_for_copy(workbook, t, s.overrides)
            .map_err(read_failed(workbook, t))?;
        let generated: Vec<String> = read
            .workbook
            .sheets
            .iter()
            .filter(|s| s.generated.is_some())
            .map(|s| s.name.clone())
            .collect();
        let open =
            crate::package::locks::unlocked_cells(&mut pkg).map_err(package_failed(workbook, t))?;
        let own = own_cells(&read.workbook, &open, t);
        let cells = shown_cells(&read, &generated);
        Ok(Master {
            pkg,
            read,
            round,
            generated,
            own,
            cells,
        })
    }

    /// The centers, in the order the workbook names them.
    fn centers(&self, t: &Template) -> Vec<String> {
        let named = plan::handout::centers(&self.read.workbook, t).0;
        let mut centers: Vec<String> = self.own.keys().cloned().collect();
        centers.sort_by_key(|c| named.iter().position(|n| n == c).unwrap_or(usize::MAX));
        centers
    }

    /// Reads a return: its center and cells, or why it is not taken.
    fn open_return(&self, file: &Input, s: &Settings) -> Result<(String, Read), String> {
        let t = &s.template;
        let c = &t.collect;
        let marks = handout_marks(file);
        let ext = file.extension();
        let round = match marks.round {
            Some(r) => r,
            // Saved in a format that did not keep opfolg's marks.
            None if ["xls", "xlsb", "ods"].contains(&ext.as_str()) => {
                return Err(c.lost_marks.replace("{format}", &ext));
            }
            None => return Err(c.not_handout.clone()),
        };
        if round != self.round {
            return Err(c
                .wrong_round
                .replace("{their}", t.round_label(round))
                .replace("{round}", t.round_label(self.round)));
        }
        let center = marks.center.ok_or_else(|| c.not_center.clone())?;
        // A return is its center's under any spelling (a hand-out made
        // when the center was written `C-BUR`).
        let center = if center.is_empty() {
            c.no_center.clone()
        } else {
            plan::handout::center_names(&self.read.workbook, t).full(&center)
        };
        let back = crate::read::read_for_copy(file, t, s.overrides).map_err(|e| e.message(t))?;
        if !same_follow_up(&back.workbook, &self.read.workbook, t) {
            let title = back.workbook.title.clone().unwrap_or_default();
            return Err(c.other.replace("{title}", &title));
        }
        Ok((center, back))
    }

    /// Compares a return with the whole workbook: its fills (added to
    /// `fills`), and the changes outside its center's cells.
    fn compare(
        &self,
        center: &str,
        file: &Input,
        back: &Read,
        fills: &mut BTreeMap<At, Vec<Answer>>,
    ) -> Vec<Outside> {
        let after = shown_cells(back, &self.generated);
        let mine = self.own.get(center);
        let empty = BTreeMap::new();
        let mut outside = Vec::new();
        for (sheet, cells) in &self.cells {
            let theirs = after.get(sheet).unwrap_or(&empty);
            let keys: BTreeSet<&(u32, u16)> = cells.keys().chain(theirs.keys()).collect();
            for &(r, col) in keys {
                let a = cells.get(&(r, col)).map_or("", String::as_str);
                let b = theirs.get(&(r, col)).map_or("", String::as_str);
                if a == b {
                    continue;
                }
                let at = (sheet.clone(), r, col);
                if mine.is_some_and(|m| m.contains(&at)) {
                    let value = value_at(back, &at).unwrap_or_else(|| Got::Text("".into()));
                    fills.entry(at).or_default().push(Answer {
                        center: center.to_string(),
                        file: file_name(file.name()),
                        shown: b.to_string(),
                        value,
                    });
                } else {
                    outside.push(Outside {
                        center: center.to_string(),
                        file: file.name().to_string(),
                        sheet: sheet.clone(),
                        cell: crate::package::xml::a1(r, col),
                        before: a.to_string(),
                        after: b.to_string(),
                    });
                }
            }
        }
        outside
    }
}

/// Whether a return belongs to the whole round's workbook by its title:
/// the same committee (case and genitive folded) and year where both
/// titles name a committee (a title retyped as `Kultur- og
/// fritidsudvalgets …` still belongs), else the same title.
fn same_follow_up(back: &Workbook, whole: &Workbook, t: &Template) -> bool {
    match (&back.committee, &whole.committee) {
        (Some(a), Some(b)) => {
            crate::read::title::same_committee(a, b, t)
                && back.year().zip(whole.year()).is_none_or(|(x, y)| x == y)
        }
        _ => {
            let title = |wb: &Workbook| fold(wb.title.as_deref().unwrap_or_default());
            title(back) == title(whole)
        }
    }
}

/// Each return compared with the whole workbook: its fills gathered by
/// cell, its center counted once, what it changed outside its cells and
/// why a file is not taken noted in `done`.
fn gather(
    master: &Master,
    files: &[Input],
    done: &mut Collected,
    s: &Settings,
) -> BTreeMap<At, Vec<Answer>> {
    let t = &s.template;
    let mut fills: BTreeMap<At, Vec<Answer>> = BTreeMap::new();
    let refused = |why: &str| t.collect.refused.replace("{reason}", why);
    for (i, file) in files.iter().enumerate() {
        // The same file given twice (or a copy of it) is one return.
        if let Some(first) = files[..i].iter().find(|f| f.same_content(file)) {
            let why = t.collect.copy.replace("{other}", &file_name(first.name()));
            done.refused.push((file.name().to_string(), refused(&why)));
            continue;
        }
        match master.open_return(file, s) {
            Ok((center, back)) => {
                done.outside
                    .extend(master.compare(&center, file, &back, &mut fills));
                match done.returned.iter_mut().find(|r| r.0 == center) {
                    Some(r) => r.1.push(file.name().to_string()),
                    None => done
                        .returned
                        .push((center, vec![file.name().to_string()], 0)),
                }
            }
            Err(why) => done.refused.push((file.name().to_string(), refused(&why))),
        }
    }
    self_disagreements(master, done, &mut fills);
    fills
}

/// A center that answered twice, changing a cell in one return and
/// leaving it as it was in the other, disagrees with itself there too:
/// its answer "as it was" is added, so the cell is listed and not taken
/// (found in the year's trial: of a 😐 with its `Status:` and a corrected
/// ☺ without one, the smiley was held back and the status taken).
fn self_disagreements(master: &Master, done: &Collected, fills: &mut BTreeMap<At, Vec<Answer>>) {
    for (center, files, _) in done.returned.iter().filter(|r| r.1.len() > 1) {
        for ((sheet, r, col), answers) in fills.iter_mut() {
            if !answers.iter().any(|a| a.center == *center) {
                continue;
            }
            let before = master
                .cells
                .get(sheet)
                .and_then(|c| c.get(&(*r, *col)))
                .cloned()
                .unwrap_or_default();
            for file in files.iter().map(|f| file_name(f)) {
                if !answers
                    .iter()
                    .any(|a| a.center == *center && a.file == file)
                {
                    answers.push(Answer {
                        center: center.clone(),
                        file,
                        shown: before.clone(),
                        value: Got::Text(before.as_str().into()),
                    });
                }
            }
        }
    }
}

/// The values taken, by (sheet index, row, col).
type Taken = BTreeMap<(usize, u32, u16), Put>;

/// The answers taken (one value per cell) by (sheet index, row, col), and
/// the cells the returns disagree on.
fn resolve(wb: &Workbook, fills: &BTreeMap<At, Vec<Answer>>) -> (Taken, Vec<Conflict>) {
    let mut taken = BTreeMap::new();
    let mut conflicts = Vec::new();
    for ((sheet, r, col), answers) in fills {
        let first = &answers[0];
        if answers.iter().any(|a| a.shown != first.shown) {
            // Two returns of one center are told apart by their files.
            let twice = |a: &Answer| answers.iter().filter(|x| x.center == a.center).count() > 1;
            conflicts.push(Conflict {
                sheet: sheet.clone(),
                cell: crate::package::xml::a1(*r, *col),
                answers: answers
                    .iter()
                    .map(|a| {
                        let who = if twice(a) {
                            format!("{} ({})", a.center, a.file)
                        } else {
                            a.center.clone()
                        };
                        (who, a.shown.clone())
                    })
                    .collect(),
            });
            continue;
        }
        let Some(i) = wb.sheets.iter().position(|s| s.name == *sheet) else {
            continue;
        };
        let value = match &first.value {
            Got::Int(n) => Put::Number(*n as f64),
            Got::Float(f) => Put::Number(*f),
            _ if first.shown.is_empty() => Put::Blank,
            _ => Put::Text(first.shown.clone()),
        };
        taken.insert((i, *r, *col), value);
    }
    (taken, conflicts)
}

/// Gathers the centers' returns into a copy of the whole round's
/// workbook: each center's filled cells taken, changes outside its own
/// cells and disagreeing returns listed and left.
///
/// # Errors
/// WORKBOOK cannot be read or is not a whole hand-out, or the package
/// cannot be patched.
pub fn collect(workbook: &Input, files: &[Input], s: &Settings) -> anyhow::Result<Collected> {
    let t = &s.template;
    let master = Master::open(workbook, s)?;
    let who = super::who(&master.read.workbook);
    let mut done = Collected {
        bytes: Vec::new(),
        name: super::names::collected_for(workbook.file_name(), &who, master.round, t),
        round: master.round,
        centers: master.centers(t),
        returned: Vec::new(),
        missing: Vec::new(),
        taken: 0,
        outside: Vec::new(),
        conflicts: Vec::new(),
        refused: Vec::new(),
    };
    let fills = gather(&master, files, &mut done, s);
    let (taken, conflicts) = resolve(&master.read.workbook, &fills);
    for (center, _, count) in &mut done.returned {
        *count = fills
            .values()
            .filter(|a| a.iter().all(|x| x.shown == a[0].shown))
            .filter(|a| a.iter().any(|x| x.center == *center))
            .count();
    }
    done.taken = taken.len();
    done.conflicts = conflicts;
    done.missing = done
        .centers
        .iter()
        .filter(|c| !done.returned.iter().any(|r| r.0 == **c))
        .cloned()
        .collect();
    let rows = rows(&done, t);
    let edits = plan::collect::collected(&master.read.workbook, &taken, &rows, t)
        .map_err(|e| failed(workbook.name(), e.message(t)))?;
    let edits = to_package_sheets(edits, &master.read.workbook, &master.pkg);
    done.bytes = write_package(master.pkg, edits, workbook, t)?;
    Ok(done)
}

fn file_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or(name).to_string()
}

/// The `Indsamling` sheet's lines: each center's return or its absence,
/// then what was not taken.
fn rows(done: &Collected, t: &Template) -> Vec<CollectedRow> {
    let c = &t.collect;
    let mut rows = Vec::new();
    for center in &done.centers {
        for (_, fs, n) in done.returned.iter().filter(|r| r.0 == *center) {
            let names: Vec<String> = fs.iter().map(|f| file_name(f)).collect();
            rows.push(CollectedRow {
                center: center.clone(),
                file: names.join(", "),
                what: crate::template::fill(&c.returned, &[("cells", n.to_string())]),
                ..CollectedRow::default()
            });
        }
        if done.missing.contains(center) {
            rows.push(CollectedRow {
                center: center.clone(),
                what: c.missing.clone(),
                problem: true,
                ..CollectedRow::default()
            });
        }
    }
    rows.extend(done.outside.iter().map(|o| CollectedRow {
        center: o.center.clone(),
        file: file_name(&o.file),
        what: c.outside.clone(),
        cell: Some((o.sheet.clone(), o.cell.clone())),
        before: o.before.clone(),
        after: o.after.clone(),
        problem: true,
    }));
    rows.extend(done.conflicts.iter().map(|k| {
        let centers: Vec<&str> = k.answers.iter().map(|a| a.0.as_str()).collect();
        let answers: Vec<String> = k
            .answers
            .iter()
            .map(|a| format!("{}: {}", a.0, a.1))
            .collect();
        CollectedRow {
            center: centers.join(" · "),
            what: c.conflict.clone(),
            cell: Some((k.sheet.clone(), k.cell.clone())),
            after: answers.join(" · "),
            problem: true,
            ..CollectedRow::default()
        }
    }));
    rows.extend(done.refused.iter().map(|(f, reason)| CollectedRow {
        file: file_name(f),
        what: reason.clone(),
        problem: true,
        ..CollectedRow::default()
    }));
    rows
}
