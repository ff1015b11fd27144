//! The money on `Overblik`: the block layout's amounts per responsible
//! center (with a bar chart) and per initiative; an amount table's sums
//! per group and per financing source, and a postpone/cancel list's
//! totals (each with a bar chart). Amounts are numbers in a unit with its
//! number format, so Excel can sum them; each table closes with SUM
//! formulas that carry their values.

use super::looks;
use super::money::{self, Money, Sums, Unit};
use crate::layout::colours;
use crate::model::{Amount, AmountTable, CellRef, Smiley, Workbook};
use crate::package::edits::{Align, Cell, Chart, ChartKind, Link, Look, NewSheet, Style, Value};
use crate::package::xml::col_name;
use crate::template::Template;

/// A chart's width in pixels: about the tables' seven columns.
const CHART_WIDTH: u32 = 640;
/// How high a default row is, in pixels: a chart's height in rows.
const ROW_PX: u32 = 20;

/// One cell of a money table's row.
enum Item {
    /// Text.
    Text(String),

    /// An economy smiley, or none.
    Smiley(Option<Smiley>),
    /// An amount, or none (a blank cell).
    Amount(Option<Amount>),
    /// An amount linking to the cell of the workbook it was read from:
    /// (amount, sheet, cell).
    Linked(Amount, String, CellRef),
    /// A count.
    Count(u32),
}

/// A money table: its caption, header, rows, and the unit of its amounts.
struct Table {
    caption: String,
    heads: Vec<String>,
    rows: Vec<Vec<Item>>,
    unit: Unit,
}

/// Where a table was written: its rows (first and last, 0-based; the
/// total's row after them) and the row after it.
struct Written {
    rows: (u32, u32),
    next: u32,
}

fn put(s: &mut NewSheet, at: (u32, u16), value: Value, look: Look) {
    s.cells.insert(
        at,
        Cell {
            value,
            style: Style::New(look),
        },
    );
}

fn amount_look(unit: &Unit, base: Look) -> Look {
    Look {
        number_format: Some(unit.format.clone()),
        ..base
    }
}

/// What a column's total adds up: øre or a count.
#[derive(Clone, Copy)]
enum Sum {
    Ore(i64),
    Count(u64),
}

/// A column's total with `item` added (none for text and smileys).
fn accumulate(sum: Option<Sum>, item: &Item) -> Option<Sum> {
    let ore = |s: Option<Sum>| match s {
        Some(Sum::Ore(o)) => o,
        _ => 0,
    };
    match item {
        Item::Amount(a) => Some(Sum::Ore(ore(sum).saturating_add(a.map_or(0, |a| a.ore)))),
        Item::Linked(a, ..) => Some(Sum::Ore(ore(sum).saturating_add(a.ore))),
        Item::Count(n) => Some(Sum::Count(
            u64::from(*n)
                + match sum {
                    Some(Sum::Count(m)) => m,
                    _ => 0,
                },
        )),
        Item::Text(_) | Item::Smiley(_) => sum,
    }
}

/// Raises row `r` to the lines its longest text wraps to (`Overblik`'s
/// first column is 36 characters wide, the others 14; bold text is wider).
fn fit_height<'a>(
    s: &mut NewSheet,
    (r, bold): (u32, bool),
    texts: impl Iterator<Item = Option<&'a str>>,
) {
    let scale = if bold { 0.85 } else { 1.0 };
    let lines = texts
        .enumerate()
        .filter_map(|(c, x)| {
            let width = if c == 0 { 36.0 } else { 14.0 };
            Some(super::sheets::text_lines(x?, width * scale))
        })
        .max()
        .unwrap_or(1);
    if lines > 1 {
        s.heights.insert(r, super::sheets::row_height(lines));
    }
}

/// Writes `table` at row `top` and closes it with a total row: a SUM
/// formula under each column of amounts or counts, with the sum it has.
fn write(s: &mut NewSheet, top: u32, table: &Table, t: &Template) -> Written {
    let caption = Value::Text(table.caption.clone());
    put(s, (top, 0), caption, looks::caption());
    for (c, h) in table.heads.iter().enumerate() {
        put(
            s,
            (top + 1, c as u16),
            Value::Text(h.clone()),
            looks::header(),
        );
    }
    fit_height(
        s,
        (top + 1, true),
        table.heads.iter().map(|h| Some(h.as_str())),
    );
    let first = top + 2;
    let mut sums: Vec<Option<Sum>> = vec![None; table.heads.len()];
    for (i, row) in table.rows.iter().enumerate() {
        let r = first + i as u32;
        for (c, item) in row.iter().enumerate() {
            write_item(s, (r, c as u16), item, &table.unit, t);
            sums[c] = accumulate(sums[c], item);
        }
        let texts = row.iter().map(|i| match i {
            Item::Text(x) => Some(x.as_str()),
            _ => None,
        });
        fit_height(s, (r, false), texts);
    }
    let last = first + table.rows.len().max(1) as u32 - 1;
    let total = first + table.rows.len() as u32;
    total_row(s, (total, (first, last)), &sums, &table.unit, t);
    Written {
        rows: (first, last),
        next: total + 3,
    }
}

/// The total row at row `r`: under each column of amounts or counts a
/// SUM of its rows (`first` to `last`) with the sum it has.
fn total_row(
    s: &mut NewSheet,
    (r, (first, last)): (u32, (u32, u32)),
    sums: &[Option<Sum>],
    unit: &Unit,
    t: &Template,
) {
    put(
        s,
        (r, 0),
        Value::Text(t.annotate.summary_total.clone()),
        looks::header(),
    );
    for (c, sum) in sums.iter().enumerate().skip(1) {
        let col = col_name(c as u16);
        let formula = format!("SUM({col}{}:{col}{})", first + 1, last + 1);
        let (value, look) = match sum {
            Some(Sum::Ore(o)) => (
                Value::Formula(formula, unit.number(Amount { ore: *o })),
                amount_look(unit, looks::header()),
            ),
            Some(Sum::Count(n)) => (
                Value::Formula(formula, *n as f64),
                Look {
                    align: Align::Center,
                    ..looks::header()
                },
            ),
            None => (Value::Blank, looks::header()),
        };
        put(s, (r, c as u16), value, look);
    }
}

fn write_item(s: &mut NewSheet, at: (u32, u16), item: &Item, unit: &Unit, t: &Template) {
    match item {
        Item::Text(x) => put(s, at, Value::Text(x.clone()), looks::cell()),
        Item::Linked(a, sheet, cell) => {
            let look = Look {
                underline: true,
                font_color: Some(colours::LINK),
                ..amount_look(unit, looks::cell())
            };
            put(s, at, Value::Number(unit.number(*a)), look);
            s.links.insert(
                at,
                Link {
                    sheet: sheet.clone(),
                    cell: cell.a1(),
                },
            );
        }
        Item::Smiley(sm) => {
            let v = sm.map_or(Value::Blank, |sm| Value::Text(t.glyph(sm).to_string()));
            put(s, at, v, looks::smiley());
        }
        Item::Amount(a) => {
            let v = a.map_or(Value::Blank, |a| Value::Number(unit.number(a)));
            put(s, at, v, amount_look(unit, looks::cell()));
        }
        Item::Count(n) => put(s, at, Value::Number(f64::from(*n)), looks::number()),
    }
}

/// A clustered bar chart of `written`'s rows under the table: their
/// labels (column A) and one bar per series (name, column, colour); the
/// row after it.
fn bar_chart(
    s: &mut NewSheet,
    (title, written): (String, &Written),
    series: Vec<(String, u16, u32)>,
    unit: &Unit,
) -> u32 {
    let (first, last) = written.rows;
    let categories = last + 1 - first;
    let bars = categories * (series.len() as u32).max(1);
    let height = (90 + 22 * bars).clamp(220, 560);
    let at = written.next - 1;
    s.charts.push(Chart {
        kind: ChartKind::ClusteredBar,
        title,
        at: (at, 0),
        size: (CHART_WIDTH, height),
        rows: written.rows,
        label_col: 0,
        series,
        value_format: Some(unit.axis_format()),
    });
    at + height.div_ceil(ROW_PX) + 3
}

fn year_word(year: Option<i32>) -> String {
    year.map_or_else(String::new, |y| y.to_string())
}

/// The header of the amount set aside for `year`: `Afsat 2018`.
fn set_aside_head(year: Option<i32>, t: &Template) -> String {
    t.money
        .set_aside
        .replace("{year}", &year_word(year))
        .trim()
        .to_string()
}

/// The block layout's money from row `top`: per responsible center, with
/// its chart, then per initiative; the row after them (`top` when no
/// initiative names an amount).
pub fn blocks(s: &mut NewSheet, top: u32, (money, cur): (&Money, &Workbook), t: &Template) -> u32 {
    if !money.has_amounts() {
        return top;
    }
    let m = &t.money;
    let unit = Unit::of_template(t);
    let round = money
        .round
        .map_or_else(|| t.words.unknown.clone(), |r| t.round_label(r).to_string());
    let word = unit.word.clone();
    let caption = |c: &str| c.replace("{round}", &round).replace("{unit}", &word);
    let set_aside = set_aside_head(money.year, t);
    let by_center = money.by_center(&t.annotate.summary_no_center);
    let mut heads = vec![
        t.annotate.summary_center.clone(),
        m.happy.clone(),
        m.sad.clone(),
        set_aside.clone(),
    ];
    heads.extend(money_heads(money.compared, t));
    let rows = by_center
        .iter()
        .map(|(center, sums)| {
            let mut row = vec![
                Item::Text(center.clone()),
                Item::Amount(Some(sums.happy)),
                Item::Amount(Some(sums.sad)),
                Item::Amount(Some(sums.set_aside)),
            ];
            row.extend(sum_items(sums, money.compared));
            row
        })
        .collect();
    let table = Table {
        caption: caption(&m.by_center),
        heads,
        rows,
        unit,
    };
    let written = write(s, top, &table, t);
    let rated = money.initiatives.iter().any(|i| i.smiley.is_some());
    let series = if rated {
        vec![
            (m.happy.clone(), 1, colours::chart(Smiley::Happy)),
            (m.sad.clone(), 2, colours::chart(Smiley::Sad)),
        ]
    } else {
        vec![(set_aside.clone(), 3, colours::AMOUNTS[0])]
    };
    let title = caption(&m.chart_by_center).replace("{year}", &year_word(money.year));
    let next = bar_chart(s, (title, &written), series, &table.unit);
    initiatives(
        s,
        next,
        (money, cur),
        (&caption(&m.by_initiative), set_aside),
        t,
    )
}

/// The headers after the amount set aside: the previous round's and the
/// change (when a previous round was compared), and the overspend.
fn money_heads(compared: bool, t: &Template) -> Vec<String> {
    let m = &t.money;
    let mut out = Vec::new();
    if compared {
        out.extend([m.before.clone(), m.change.clone()]);
    }
    out.push(m.overspend.clone());
    out
}

/// The cells under [`money_heads`] for a sum of initiatives.
fn sum_items(sums: &Sums, compared: bool) -> Vec<Item> {
    let mut out = Vec::new();
    if compared {
        out.extend([
            Item::Amount(Some(sums.before)),
            Item::Amount(Some(sums.change())),
        ]);
    }
    out.push(Item::Amount(Some(sums.overspend)));
    out
}

/// The table per initiative: its id and title, center, economy smiley,
/// the amount (a link to the cell it stands in), before and change,
/// overspend; the row after it.
fn initiatives(
    s: &mut NewSheet,
    top: u32,
    (money, cur): (&Money, &Workbook),
    (caption, set_aside): (&str, String),
    t: &Template,
) -> u32 {
    let m = &t.money;
    let mut heads = vec![
        m.initiative.clone(),
        t.annotate.summary_center.clone(),
        m.smiley.clone(),
        set_aside,
    ];
    heads.extend(money_heads(money.compared, t));
    let rows = money
        .initiatives
        .iter()
        .map(|i| {
            let name = format!("{} {}", i.id.as_deref().unwrap_or(""), i.title);
            let name = if i.removed {
                format!("{} {}", name.trim(), m.removed)
            } else {
                name.trim().to_string()
            };
            // The amount links to the cell it was read from.
            let amount = match (i.set_aside, i.cell.filter(|c| c.sheet < cur.sheets.len())) {
                (Some(a), Some(c)) => Item::Linked(a, cur.sheet_name(c.sheet).to_string(), c),
                (a, _) => Item::Amount(a),
            };
            let mut row = vec![
                Item::Text(name),
                Item::Text(i.center.clone().unwrap_or_default()),
                Item::Smiley(i.smiley),
                amount,
            ];
            if money.compared {
                let change = (i.set_aside.is_some() || i.before.is_some()).then(|| Amount {
                    ore: i.set_aside.map_or(0, |a| a.ore) - i.before.map_or(0, |a| a.ore),
                });
                row.extend([Item::Amount(i.before), Item::Amount(change)]);
            }
            row.push(Item::Amount(i.overspend));
            row
        })
        .collect();
    let table = Table {
        caption: caption.to_string(),
        heads,
        rows,
        unit: Unit::of_template(t),
    };
    write(s, top, &table, t).next
}

/// An amount table's sums at row `top`: per group (`Anlæg`, `Drift`) where
/// it has groups, per financing source where it has a source column, and
/// a postpone/cancel list's totals; each with its total row, the sources
/// (else the groups) and the proposals with a chart. The row after them.
pub fn table_sums(
    s: &mut NewSheet,
    top: u32,
    (sheet, table): (&str, &AmountTable),
    t: &Template,
) -> u32 {
    let m = &t.money;
    let unit = Unit::worth(table.unit_kr, t);
    let caption = |c: &str| c.replace("{sheet}", sheet).replace("{unit}", &unit.word);
    let mut top = top;
    let groups = table.group_sums();
    let sources = money::source_sums(table, t);
    if groups.iter().any(|(g, _)| g.is_some()) {
        let no_group = &t.annotate.summary_no_group;
        let named = groups
            .into_iter()
            .map(|(g, v)| (g.unwrap_or_else(|| no_group.clone()), v));
        let head = t.annotate.summary_group.clone();
        let table_out = sums_table(
            (table, unit.clone()),
            (caption(&t.annotate.summary_groups), head),
            named,
        );
        let written = write(s, top, &table_out, t);
        top = written.next;
        if sources.is_none() {
            let title = caption(&m.chart_groups);
            top = bar_chart(s, (title, &written), year_series(table), &unit);
        }
    }
    if let Some((head, sums)) = sources {
        let named = sums
            .into_iter()
            .map(|(g, v)| (g.unwrap_or_else(|| m.no_source.clone()), v));
        let table_out = sums_table((table, unit.clone()), (caption(&m.by_source), head), named);
        let written = write(s, top, &table_out, t);
        let title = caption(&m.chart_sources);
        top = bar_chart(s, (title, &written), year_series(table), &unit);
    }
    if let Some(d) = money::decisions(table, t) {
        top = decisions(s, top, (sheet, table), &d, t);
    }
    top
}

/// A table of sums per name, one column per amount column of `table`.
fn sums_table(
    (table, unit): (&AmountTable, Unit),
    (caption, head): (String, String),
    named: impl Iterator<Item = (String, Vec<Amount>)>,
) -> Table {
    let mut heads = vec![head];
    heads.extend(table.columns.iter().map(|c| c.header.clone()));
    let rows = named
        .map(|(name, sums)| {
            std::iter::once(Item::Text(name))
                .chain(sums.into_iter().map(|a| Item::Amount(Some(a))))
                .collect()
        })
        .collect();
    Table {
        caption,
        heads,
        rows,
        unit,
    }
}

/// One series per amount column (a year), in turn of colour.
fn year_series(table: &AmountTable) -> Vec<(String, u16, u32)> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                c.header.clone(),
                i as u16 + 1,
                colours::AMOUNTS[i % colours::AMOUNTS.len()],
            )
        })
        .collect()
}

/// A postpone/cancel list's totals at row `top`: the rows to postpone and
/// to cancel, their count, amounts and the approved part; with a chart of
/// the first amount column and its approved part. The row after it.
fn decisions(
    s: &mut NewSheet,
    top: u32,
    (sheet, table): (&str, &AmountTable),
    d: &money::Decisions,
    t: &Template,
) -> u32 {
    let m = &t.money;
    let unit = Unit::worth(table.unit_kr, t);
    let one = table.columns.len() == 1;
    let mut heads = vec![m.decision.clone(), m.count.clone()];
    for c in &table.columns {
        heads.push(c.header.clone());
        heads.push(if one {
            m.approved.clone()
        } else {
            format!("{} ({})", m.approved, c.header)
        });
    }
    let row = |name: &str, p: &money::Proposed| {
        let mut row = vec![Item::Text(name.to_string()), Item::Count(p.count)];
        for (sum, approved) in p.sums.iter().zip(&p.approved) {
            row.push(Item::Amount(Some(*sum)));
            row.push(Item::Amount(Some(*approved)));
        }
        row
    };
    let out = Table {
        caption: m
            .decisions
            .replace("{sheet}", sheet)
            .replace("{unit}", &unit.word),
        heads,
        rows: vec![
            row(&m.postponed, &d.postponed),
            row(&m.cancelled, &d.cancelled),
        ],
        unit,
    };
    let written = write(s, top, &out, t);
    let first = table
        .columns
        .first()
        .map_or_else(String::new, |c| c.header.clone());
    let series = vec![
        (first, 2, colours::AMOUNTS[0]),
        (out.heads[3].clone(), 3, colours::chart(Smiley::Happy)),
    ];
    let title = m
        .chart_decisions
        .replace("{sheet}", sheet)
        .replace("{unit}", &out.unit.word);
    bar_chart(s, (title, &written), series, &out.unit)
}
