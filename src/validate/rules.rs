//! Every rule of SPEC §4 that looks at one workbook, in one table.

use std::collections::HashMap;

use super::texts::{a004, a011};
use super::{Ctx, Findings, Rule, Severity};
use crate::diff::{Change, Field, Kind};
use crate::model::{
    Amount, CellRef, Deadline, Initiative, Milestone, Round, Smiley, SmileyCell, TableValue,
};
use crate::parse::deadline::{likely_deadline, written_round};
use crate::parse::unitless::unitless_amounts;

use Severity::{Error, Info, Warning};

/// The rule table. Codes are stable: add new ones, never reuse one.
#[rustfmt::skip]
pub static RULES: &[Rule] = &[
    Rule { code: "S001", severity: Error, summary: "no block and no amount table found", check: s001 },
    Rule { code: "S002", severity: Error, summary: "initiative header without an id", check: s002 },
    Rule { code: "S003", severity: Error, summary: "the same initiative id twice", check: s003 },
    Rule { code: "S004", severity: Warning, summary: "initiative without milestones", check: s004 },
    Rule { code: "S005", severity: Error, summary: "initiative without an economy row", check: s005 },
    Rule { code: "S006", severity: Warning, summary: "more than one economy row", check: s006 },
    Rule { code: "S007", severity: Warning, summary: "a row inside a block not understood", check: s007 },
    Rule { code: "S008", severity: Info, summary: "a cell holds HTML markup", check: s008 },
    Rule { code: "S009", severity: Warning, summary: "kind neither Drift nor Anlæg", check: s009 },
    Rule { code: "S010", severity: Warning, summary: "no responsible center named", check: s010 },
    Rule { code: "M001", severity: Error, summary: "milestone with text but no deadline", check: m001 },
    Rule { code: "M002", severity: Error, summary: "deadline neither a round nor a date", check: m002 },
    Rule { code: "M003", severity: Warning, summary: "deadline in another year", check: m003 },
    Rule { code: "M004", severity: Warning, summary: "milestones out of order", check: m004 },
    Rule { code: "M005", severity: Error, summary: "milestone due without a smiley", check: m005 },
    Rule { code: "M006", severity: Warning, summary: "smiley on a milestone not yet due", check: m006 },
    Rule { code: "M007", severity: Error, summary: "smiley not recognised", check: m007 },
    Rule { code: "M008", severity: Warning, summary: "neutral or sad milestone without Status", check: m008 },
    Rule { code: "M009", severity: Warning, summary: "placeholder milestone with a smiley", check: m009 },
    Rule { code: "M010", severity: Error, summary: "😐 in the year-end round", check: m010 },
    Rule { code: "M011", severity: Warning, summary: "deadline postponed without a Status saying why", check: m011 },
    Rule { code: "A001", severity: Error, summary: "economy without a smiley in a follow-up", check: a001 },
    Rule { code: "A002", severity: Error, summary: "neutral economy smiley", check: a002 },
    Rule { code: "A003", severity: Error, summary: "malformed amount", check: a003 },
    Rule { code: "A004", severity: Warning, summary: "economy amount differs from the description", check: a004 },
    Rule { code: "A005", severity: Error, summary: "amount-table cell that is not a number", check: a005 },
    Rule { code: "A006", severity: Error, summary: "total row differs from the sum of its rows", check: a006 },
    Rule { code: "A007", severity: Warning, summary: "sad economy without Status", check: a007 },
    Rule { code: "A008", severity: Warning, summary: "amount-table row key used twice", check: a008 },
    Rule { code: "A009", severity: Warning, summary: "economy amount without a unit", check: a009 },
    Rule { code: "A010", severity: Info, summary: "amount-table formula without a stored result", check: a010 },
    Rule { code: "A011", severity: Warning, summary: "a smiley contradicting its own Status", check: a011 },
    Rule { code: "A012", severity: Warning, summary: "numbers stored as text in an amount column", check: a012 },
    Rule { code: "R001", severity: Info, summary: "round unknown; round rules skipped", check: r001 },
    Rule { code: "D001", severity: Warning, summary: "text of a milestone due earlier rewritten", check: d001 },
    Rule { code: "D002", severity: Warning, summary: "a milestone once ☺ now rated lower", check: d002 },
    Rule { code: "D003", severity: Info, summary: "a deadline was moved", check: d003 },
    Rule { code: "D004", severity: Warning, summary: "economy amount changed without Status", check: d004 },
    Rule { code: "P001", severity: Warning, summary: "the previous workbook is of another budget year", check: p001 },
    Rule { code: "P002", severity: Warning, summary: "the previous workbook is another committee's", check: p002 },
];

pub(super) fn each_initiative<'a>(ctx: &Ctx<'a>, mut f: impl FnMut(&'a Initiative)) {
    ctx.wb.initiatives().for_each(&mut f);
}

fn each_milestone<'a>(ctx: &Ctx<'a>, mut f: impl FnMut(&'a Initiative, usize, &'a Milestone)) {
    each_initiative(ctx, |ini| {
        for (i, m) in ini.milestones.iter().enumerate() {
            f(ini, i + 1, m);
        }
    });
}

pub(super) fn id(ini: &Initiative) -> Option<&str> {
    ini.id.as_deref()
}

fn smiley_glyph(ctx: &Ctx, s: Smiley) -> String {
    ctx.t.glyph(s).to_string()
}

/// The round and year the workbook follows up, when both are known.
fn now(ctx: &Ctx) -> Option<(i32, Round)> {
    Some((ctx.wb.year()?, ctx.wb.round()?))
}

fn first_cell(ctx: &Ctx) -> CellRef {
    let sheet = ctx
        .wb
        .sheets
        .iter()
        .position(|s| !s.initiatives.is_empty())
        .unwrap_or(0);
    CellRef::new(sheet, 0, 0)
}

fn s001(ctx: &Ctx, f: &mut Findings) {
    if ctx.wb.initiatives().next().is_none() && ctx.wb.tables().next().is_none() {
        f.add(first_cell(ctx), None, None, &[]);
    }
}

fn s002(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        if ini.id.is_none() {
            f.add(ini.header_cell, None, None, &[("title", ini.title.clone())]);
        }
    });
}

fn s003(ctx: &Ctx, f: &mut Findings) {
    let mut seen: HashMap<&str, CellRef> = HashMap::new();
    each_initiative(ctx, |ini| {
        let Some(id) = ini.id.as_deref() else { return };
        match seen.get(id) {
            Some(first) => {
                let other = format!("{}!{}", ctx.wb.sheet_name(first.sheet), first.a1());
                f.add(
                    ini.header_cell,
                    Some(id),
                    None,
                    &[("id", id.to_string()), ("other", other)],
                );
            }
            None => {
                seen.insert(id, ini.header_cell);
            }
        }
    });
}

fn s004(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        if ini.milestones.iter().all(Milestone::is_placeholder) {
            f.add(ini.header_cell, id(ini), None, &[]);
        }
    });
}

fn s005(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        if ini.economy.is_empty() {
            f.add(ini.header_cell, id(ini), None, &[]);
        }
    });
}

fn s006(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        if let [first, _, ..] = ini.economy.as_slice() {
            let other = first.label_cell.a1();
            f.add(ini.header_cell, id(ini), None, &[("other", other)]);
        }
    });
}

fn s007(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        for cell in &ini.unknown_rows {
            f.add(*cell, id(ini), None, &[]);
        }
    });
}

/// One finding per initiative (and one for the cells outside any), at its
/// first cell with markup, naming them all: the same info on 39 cells
/// drowned the errors (issue 26.5).
fn s008(ctx: &Ctx, f: &mut Findings) {
    for sheet in &ctx.wb.sheets {
        let mut groups: Vec<(Option<usize>, Vec<&crate::model::HtmlCell>)> = Vec::new();
        for h in &sheet.html_cells {
            let at = initiative_index(sheet, h.cell.row);
            match groups.iter_mut().find(|(i, _)| *i == at) {
                Some((_, cells)) => cells.push(h),
                None => groups.push((at, vec![h])),
            }
        }
        for (at, mut cells) in groups {
            cells.sort_by_key(|h| (h.cell.row, h.cell.col));
            let mut tags: Vec<&str> = Vec::new();
            for h in &cells {
                if !tags.contains(&h.tag.as_str()) {
                    tags.push(&h.tag);
                }
            }
            let names = cell_ranges(cells.iter().map(|h| (h.cell.row, h.cell.col)));
            let ini = at.and_then(|i| sheet.initiatives[i].id.as_deref());
            f.add(
                cells[0].cell,
                ini,
                None,
                &[
                    ("tag", tags.join(" ")),
                    ("cells", names),
                    ("n", cells.len().to_string()),
                ],
            );
        }
    }
}

/// Cells as A1 names, a run of rows in one column as a range (`B33:B35,
/// C36`), in row order.
fn cell_ranges(cells: impl Iterator<Item = (u32, u16)>) -> String {
    let mut by_col: std::collections::BTreeMap<u16, Vec<u32>> = Default::default();
    for (r, c) in cells {
        by_col.entry(c).or_default().push(r);
    }
    let mut runs: Vec<((u32, u16), (u32, u16))> = Vec::new();
    for (c, mut rows) in by_col {
        rows.sort_unstable();
        rows.dedup();
        let mut start = rows[0];
        let mut end = rows[0];
        for r in rows.into_iter().skip(1) {
            if r == end + 1 {
                end = r;
            } else {
                runs.push(((start, c), (end, c)));
                start = r;
                end = r;
            }
        }
        runs.push(((start, c), (end, c)));
    }
    runs.sort_by_key(|((r, c), _)| (*r, *c));
    runs.iter()
        .map(|(a, b)| crate::package::xml::range_a1(*a, *b))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The index of the initiative whose block holds `row`, if any.
fn initiative_index(sheet: &crate::model::Sheet, row: u32) -> Option<usize> {
    sheet
        .initiatives
        .iter()
        .take_while(|i| i.header_cell.row <= row)
        .count()
        .checked_sub(1)
}

fn s009(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        let known = ctx
            .t
            .labels
            .kinds
            .iter()
            .any(|k| crate::parse::text::is_label(&ini.kind, k));
        if !known {
            f.add(ini.kind_cell, id(ini), None, &[("kind", ini.kind.clone())]);
        }
    });
}

fn s010(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| match &ini.description {
        Some(d) if d.center.is_none() => f.add(d.details_cell, id(ini), None, &[]),
        None => f.add(ini.header_cell, id(ini), None, &[]),
        _ => {}
    });
}

fn m001(ctx: &Ctx, f: &mut Findings) {
    each_milestone(ctx, |ini, n, m| {
        if !m.is_placeholder() && m.deadline == Deadline::Empty {
            let example = ctx.t.example_deadline((n as u8).min(3), ctx.wb.year());
            f.add(m.deadline_cell, id(ini), Some(n), &[("example", example)]);
        }
    });
}

/// The example names the round written (`2. budgetopføling 2019` is
/// `2. budgetopfølgning 2019`: never another round), else the round the
/// text most likely means (`foråret 2019` is `2. budgetopfølgning 2019`),
/// else one by the milestone's position.
fn m002(ctx: &Ctx, f: &mut Findings) {
    each_milestone(ctx, |ini, n, m| {
        if let Deadline::Invalid(text) = &m.deadline {
            let likely = || likely_deadline(text, ctx.wb.year(), ctx.t).and_then(|d| d.due());
            let example = match written_round(text, ctx.t) {
                Some((round, year)) => ctx.t.example_deadline(round, year.or(ctx.wb.year())),
                None => match likely() {
                    Some((year, round)) => ctx.t.example_deadline(round, Some(year)),
                    None => ctx.t.example_deadline((n as u8).min(3), ctx.wb.year()),
                },
            };
            let args = [("deadline", text.clone()), ("example", example)];
            f.add(m.deadline_cell, id(ini), Some(n), &args);
        }
    });
}

fn m003(ctx: &Ctx, f: &mut Findings) {
    let Some(year) = ctx.wb.year() else { return };
    each_milestone(ctx, |ini, n, m| {
        if let Some((due, _)) = m.deadline.due()
            && due != year
        {
            let args = [
                ("deadline", m.deadline_raw.clone()),
                ("found", due.to_string()),
                ("year", year.to_string()),
            ];
            f.add(m.deadline_cell, id(ini), Some(n), &args);
        }
    });
}

/// A sort key for deadlines: year, round, then the date within the round
/// (a round deadline sorts last in its round).
fn order_key(d: &Deadline) -> Option<(i32, Round, Option<chrono::NaiveDate>)> {
    match d {
        Deadline::Round { round, year } => Some((*year, *round, None)),
        Deadline::Date { date, round, year } => Some((*year, *round, Some(*date))),
        _ => None,
    }
}

fn m004(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        let mut latest: Option<(_, &Milestone)> = None;
        for (i, m) in ini.milestones.iter().enumerate() {
            let Some(key) = order_key(&m.deadline) else {
                continue;
            };
            // `None` (a whole round) sorts after any date of that round.
            let after = |a: &(i32, Round, Option<chrono::NaiveDate>),
                         b: &(i32, Round, Option<chrono::NaiveDate>)| {
                (a.0, a.1, a.2.is_none(), a.2) > (b.0, b.1, b.2.is_none(), b.2)
            };
            match &latest {
                Some((prev, pm)) if after(prev, &key) => {
                    let args = [
                        ("deadline", m.deadline_raw.clone()),
                        ("previous", pm.deadline_raw.clone()),
                    ];
                    f.add(m.deadline_cell, id(ini), Some(i + 1), &args);
                }
                _ => latest = Some((key, m)),
            }
        }
    });
}

/// When a milestone is due: its deadline's round, or the earlier round
/// its deadline was postponed from this round (the milestone due then
/// is still rated: a postponement does not make it not due).
fn due_of(m: &Milestone, postponed: &HashMap<CellRef, (i32, Round)>) -> Option<(i32, Round)> {
    let due = m.deadline.due();
    match postponed.get(&m.deadline_cell) {
        Some(from) => Some(due.map_or(*from, |d| d.min(*from))),
        None => due,
    }
}

/// The rounds postponed deadlines were due in before, by the deadline's cell.
fn postponed_from(ctx: &Ctx) -> HashMap<CellRef, (i32, Round)> {
    let mut out = HashMap::new();
    each_change(ctx, |c| {
        if let Kind::DeadlineMoved {
            postponed_from: Some(from),
            ..
        } = c.kind
        {
            out.insert(c.cell, from);
        }
    });
    out
}

fn m005(ctx: &Ctx, f: &mut Findings) {
    let Some(now) = now(ctx) else { return };
    if now.1 == 0 {
        return;
    }
    let postponed = postponed_from(ctx);
    each_milestone(ctx, |ini, n, m| {
        let due = due_of(m, &postponed);
        if !m.is_placeholder() && m.smiley.is_empty() && due.is_some_and(|d| d <= now) {
            let round = ctx.t.round_label(due.map_or(0, |d| d.1)).to_string();
            f.add(m.smiley_cell, id(ini), Some(n), &[("due", round)]);
        }
    });
}

fn m006(ctx: &Ctx, f: &mut Findings) {
    let Some(now) = now(ctx) else { return };
    let postponed = postponed_from(ctx);
    each_milestone(ctx, |ini, n, m| {
        let Some(s) = m.smiley.smiley() else { return };
        if !m.is_placeholder() && due_of(m, &postponed).is_some_and(|d| d > now) {
            let args = [
                ("smiley", smiley_glyph(ctx, s)),
                ("deadline", m.deadline_raw.clone()),
                ("round", ctx.t.round_label(now.1).to_string()),
            ];
            f.add(m.smiley_cell, id(ini), Some(n), &args);
        }
    });
}

fn m007(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        let rows = ini
            .milestones
            .iter()
            .enumerate()
            .map(|(i, m)| (&m.smiley, m.smiley_cell, Some(i + 1)))
            .chain(ini.economy.iter().map(|e| (&e.smiley, e.smiley_cell, None)));
        for (smiley, cell, n) in rows {
            if let SmileyCell::Unrecognised(value) = smiley {
                f.add(cell, id(ini), n, &[("value", value.clone())]);
            }
        }
    });
}

fn m008(ctx: &Ctx, f: &mut Findings) {
    each_milestone(ctx, |ini, n, m| {
        let Some(s) = m.smiley.smiley() else { return };
        if s != Smiley::Happy && m.text.status.is_none() && !m.is_placeholder() {
            f.add(
                m.text_cell,
                id(ini),
                Some(n),
                &[("smiley", smiley_glyph(ctx, s))],
            );
        }
    });
}

fn m009(ctx: &Ctx, f: &mut Findings) {
    each_milestone(ctx, |ini, n, m| {
        if let (true, Some(s)) = (m.is_placeholder(), m.smiley.smiley()) {
            f.add(
                m.smiley_cell,
                id(ini),
                Some(n),
                &[("smiley", smiley_glyph(ctx, s))],
            );
        }
    });
}

/// 😐 is "not fully met, but realistic within the year": at the year end
/// (round 4, `pr. 31. december`) a milestone of the year is met or not.
/// A milestone due in a later year (M003, M006) is not judged; the economy
/// has no 😐 in any round (A002).
fn m010(ctx: &Ctx, f: &mut Findings) {
    let Some((year, 4)) = now(ctx) else { return };
    each_milestone(ctx, |ini, n, m| {
        let later = m.deadline.due().is_some_and(|(y, _)| y > year);
        if m.smiley.smiley() == Some(Smiley::Neutral) && !m.is_placeholder() && !later {
            f.add(m.smiley_cell, id(ini), Some(n), &[]);
        }
    });
}

/// A deadline moved to a later round in a return needs a reason: a
/// `Status:` paragraph written or rewritten this round (the previous
/// round's status, unchanged, does not say why it moved). The finding
/// stands at the milestone's text, where the `Status:` goes.
fn m011(ctx: &Ctx, f: &mut Findings) {
    for (c, m) in unexplained_postponements(ctx) {
        if let Kind::DeadlineMoved { before, after, .. } = &c.kind {
            let args = [("before", before.clone()), ("after", after.clone())];
            f.add(m.text_cell, c.initiative.as_deref(), c.milestone, &args);
        }
    }
}

/// The postponements (see [`m011`]) whose milestone gives no reason, with
/// the milestone.
fn unexplained_postponements<'a>(ctx: &Ctx<'a>) -> Vec<(&'a Change, &'a Milestone)> {
    let by_deadline: HashMap<CellRef, &Milestone> = ctx
        .wb
        .initiatives()
        .flat_map(|i| &i.milestones)
        .map(|m| (m.deadline_cell, m))
        .collect();
    let changes = ctx.changes.unwrap_or_default();
    let status_written = |m: &Milestone| {
        m.text.status.as_deref().is_some_and(|s| !s.trim().is_empty())
            && changes.iter().any(|c| {
                c.cell == m.text_cell
                    && matches!(c.kind, Kind::TextChanged { field: Field::Status, ref after, .. } if !after.trim().is_empty())
            })
    };
    changes
        .iter()
        .filter(|c| c.kind.is_postponement() && !c.in_previous)
        .filter_map(|c| Some((c, *by_deadline.get(&c.cell)?)))
        .filter(|(_, m)| !status_written(m))
        .collect()
}

fn a001(ctx: &Ctx, f: &mut Findings) {
    let Some(round) = ctx.wb.round() else { return };
    if round == 0 {
        return;
    }
    each_initiative(ctx, |ini| {
        for e in ini.economy.iter().filter(|e| e.smiley.is_empty()) {
            let label = ctx.t.round_label(round).to_string();
            f.add(e.smiley_cell, id(ini), None, &[("round", label)]);
        }
    });
}

fn a002(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        for e in &ini.economy {
            if e.smiley.smiley() == Some(Smiley::Neutral) {
                f.add(e.smiley_cell, id(ini), None, &[]);
            }
        }
    });
}

fn a003(ctx: &Ctx, f: &mut Findings) {
    for m in ctx.malformed {
        let args = [
            ("amount", m.malformed.written.clone()),
            ("suggestion", m.malformed.suggestion.clone()),
        ];
        f.add(m.cell, m.initiative.as_deref(), None, &args);
    }
}

fn a007(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        for e in &ini.economy {
            if e.smiley.smiley() == Some(Smiley::Sad) && e.text.status.is_none() {
                f.add(e.text_cell, id(ini), None, &[]);
            }
        }
    });
}

fn a005(ctx: &Ctx, f: &mut Findings) {
    for table in ctx.wb.tables() {
        for cell in table.rows.iter().flat_map(|r| &r.cells) {
            if let TableValue::Invalid(value) = &cell.value {
                f.add(cell.cell, None, None, &[("value", value.clone())]);
            }
        }
    }
}

/// Numbers stored as text (pasted from a document: `1,5`): read as their
/// numbers, and said once per amount column, at its first such cell, as
/// Excel marks them ("tal gemt som tekst").
fn a012(ctx: &Ctx, f: &mut Findings) {
    for table in ctx.wb.tables() {
        for (i, column) in table.columns.iter().enumerate() {
            let texts: Vec<_> = table
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .filter(|c| c.column == i)
                .filter_map(|c| match &c.value {
                    TableValue::Text(_, s) => Some((c.cell, s)),
                    _ => None,
                })
                .collect();
            if let Some((cell, value)) = texts.first() {
                let args = [
                    ("column", column.header.clone()),
                    ("count", texts.len().to_string()),
                    ("value", (*value).clone()),
                ];
                f.add(*cell, None, None, &args);
            }
        }
    }
}

/// Per amount column, a running sum; `None` once a value it takes is
/// unknown (a formula without a stored result, A010).
type Sums = Vec<Option<Amount>>;

fn zeros(n: usize) -> Sums {
    vec![Some(Amount { ore: 0 }); n]
}

/// Adds each cell's value: a number stored as text as its number (A012),
/// text that is no number as 0 (A005).
fn add_cells(sums: &mut Sums, cells: &[crate::model::TableCell]) {
    for c in cells {
        let sum = &mut sums[c.column];
        *sum = sum.filter(|_| c.value.is_known()).map(|s| Amount {
            ore: s.ore + c.value.amount().ore,
        });
    }
}

/// A total is checked where every value it sums is known: a formula
/// without a stored result (A010) is not 0. A subtotal (`I alt drift`)
/// sums the rows since the previous total; a grand total (`I alt`) the
/// subtotals since the previous grand total and the rows after the last of
/// them. A grand total that is the sum of all its rows is right too: a
/// wrong subtotal is one mistake, found once, at the subtotal.
fn a006(ctx: &Ctx, f: &mut Findings) {
    for table in ctx.wb.tables() {
        let n = table.columns.len();
        // The rows since the previous total, the subtotals since the
        // previous grand total, and every row since then.
        let (mut rows, mut subtotals, mut all) = (zeros(n), zeros(n), zeros(n));
        for row in &table.rows {
            if !row.is_total {
                add_cells(&mut rows, &row.cells);
                add_cells(&mut all, &row.cells);
                continue;
            }
            let expected: Sums = if row.subtotal {
                rows.clone()
            } else {
                rows.iter()
                    .zip(&subtotals)
                    .map(|(r, s)| {
                        Some(Amount {
                            ore: (*r)?.ore + (*s)?.ore,
                        })
                    })
                    .collect()
            };
            let had_subtotals = subtotals != zeros(n);
            for c in &row.cells {
                let Some(expected) = expected[c.column].filter(|_| c.value.is_known()) else {
                    continue;
                };
                let found = c.value.amount();
                let by_rows = !row.subtotal && all[c.column] == Some(found);
                if expected != found && !by_rows {
                    let mut args = vec![
                        ("label", row.label.clone()),
                        ("found", found.to_string()),
                        ("expected", expected.to_string()),
                    ];
                    let key = match (&row.group, row.subtotal) {
                        (Some(group), true) => {
                            args.push(("group", group.clone()));
                            "A006_group"
                        }
                        (_, false) if had_subtotals => "A006_subtotals",
                        _ => "A006",
                    };
                    f.add_as(key, c.cell, None, None, &args);
                }
            }
            if row.subtotal {
                add_cells(&mut subtotals, &row.cells);
            } else {
                subtotals = zeros(n);
                all = zeros(n);
            }
            rows = zeros(n);
        }
    }
}

fn a010(ctx: &Ctx, f: &mut Findings) {
    for table in ctx.wb.tables() {
        for cell in table.rows.iter().flat_map(|r| &r.cells) {
            if let TableValue::Uncached(formula) = &cell.value {
                f.add(cell.cell, None, None, &[("formula", formula.clone())]);
            }
        }
    }
}

fn a008(ctx: &Ctx, f: &mut Findings) {
    for table in ctx.wb.tables() {
        // The same label under two groups (`Drift`, `Anlæg`) is two rows.
        let mut seen: HashMap<(Option<&str>, &str), u32> = HashMap::new();
        for row in table.rows.iter().filter(|r| !r.is_total) {
            let key = (row.group.as_deref(), row.key.as_str());
            match seen.get(&key) {
                Some(first) => {
                    let args = [("key", row.key.clone()), ("other", (first + 1).to_string())];
                    f.add(row.key_cell, None, None, &args);
                }
                None => {
                    seen.insert(key, row.key_cell.row);
                }
            }
        }
    }
}

/// A number in an economy text (before or in its `Status:` paragraph) that
/// reads as an amount but has no unit: `Der er afsat 0,5 i 2019`. Years,
/// dates, ids, percentages and counts (`1.000 dage`) are no amount; the
/// exact conditions are [`unitless_amounts`]'s.
fn a009(ctx: &Ctx, f: &mut Findings) {
    each_initiative(ctx, |ini| {
        for e in &ini.economy {
            let texts = std::iter::once(e.text.text.as_str()).chain(e.text.status.as_deref());
            let mut seen: Vec<String> = Vec::new();
            for amount in texts.flat_map(|text| unitless_amounts(text, ctx.t)) {
                if !seen.contains(&amount) {
                    f.add(e.text_cell, id(ini), None, &[("amount", amount.clone())]);
                    seen.push(amount);
                }
            }
            // A number cell whose format names no unit, at its cell.
            for (cell, amount) in &e.unitless {
                f.add(*cell, id(ini), None, &[("amount", amount.clone())]);
            }
        }
    });
}

fn r001(ctx: &Ctx, f: &mut Findings) {
    if ctx.wb.round().is_none() && ctx.wb.initiatives().next().is_some() {
        f.add(first_cell(ctx), None, None, &[]);
    }
}

fn each_change<'a>(ctx: &Ctx<'a>, mut f: impl FnMut(&'a Change)) {
    ctx.changes.unwrap_or_default().iter().for_each(&mut f);
}

fn d001(ctx: &Ctx, f: &mut Findings) {
    let Some(now) = now(ctx) else { return };
    let due_of: HashMap<CellRef, (i32, Round)> = ctx
        .wb
        .initiatives()
        .flat_map(|i| &i.milestones)
        .filter_map(|m| Some((m.text_cell, m.deadline.due()?)))
        .collect();
    each_change(ctx, |c| {
        if let Kind::TextChanged {
            field: Field::Milestone,
            ..
        } = c.kind
            && let Some(due) = due_of.get(&c.cell).filter(|d| **d < now)
        {
            let args = [("due", ctx.t.round_label(due.1).to_string())];
            f.add(c.cell, c.initiative.as_deref(), c.milestone, &args);
        }
    });
}

fn d002(ctx: &Ctx, f: &mut Findings) {
    each_change(ctx, |c| {
        if let Kind::SmileyChanged {
            field: Field::Effort,
            after: Some(after),
            best_before: Some(Smiley::Happy),
            ..
        } = c.kind
            && after < Smiley::Happy
        {
            let args = [("after", smiley_glyph(ctx, after))];
            f.add(c.cell, c.initiative.as_deref(), c.milestone, &args);
        }
    });
}

/// A moved deadline, told once: a postponement without a reason is M011.
fn d003(ctx: &Ctx, f: &mut Findings) {
    let told: Vec<CellRef> = unexplained_postponements(ctx)
        .iter()
        .map(|(c, _)| c.cell)
        .collect();
    each_change(ctx, |c| {
        if let Kind::DeadlineMoved { before, after, .. } = &c.kind
            && !told.contains(&c.cell)
        {
            let args = [("before", before.clone()), ("after", after.clone())];
            f.add(c.cell, c.initiative.as_deref(), c.milestone, &args);
        }
    });
}

fn d004(ctx: &Ctx, f: &mut Findings) {
    let has_status: HashMap<CellRef, bool> = ctx
        .wb
        .initiatives()
        .flat_map(|i| &i.economy)
        .flat_map(|e| {
            let cells = e.amounts.iter().filter_map(|a| a.cell);
            std::iter::once(e.text_cell)
                .chain(cells)
                .map(|c| (c, e.text.status.is_some()))
        })
        .collect();
    each_change(ctx, |c| {
        if let Kind::AmountChanged { before, after } = &c.kind
            && has_status.get(&c.cell) == Some(&false)
        {
            let args = [("before", before.to_string()), ("after", after.to_string())];
            f.add(c.cell, c.initiative.as_deref(), None, &args);
        }
    });
}

/// Where a finding about the whole workbook stands: its title, else the
/// first cell of its first block sheet.
fn title_or_first_cell(ctx: &Ctx) -> CellRef {
    ctx.wb.title_cell.unwrap_or_else(|| first_cell(ctx))
}

fn p001(ctx: &Ctx, f: &mut Findings) {
    let Some(prev) = ctx.previous else { return };
    if let (Some(before), Some(now)) = (prev.year(), ctx.wb.year())
        && before != now
    {
        let args = [
            ("previous", before.to_string()),
            ("current", now.to_string()),
        ];
        f.add(title_or_first_cell(ctx), None, None, &args);
    }
}

fn p002(ctx: &Ctx, f: &mut Findings) {
    let Some(prev) = ctx.previous else { return };
    if let (Some(before), Some(now)) = (&prev.committee, &ctx.wb.committee)
        && !crate::read::title::same_committee(before, now, ctx.t)
    {
        let args = [("previous", before.clone()), ("current", now.clone())];
        f.add(title_or_first_cell(ctx), None, None, &args);
    }
}
