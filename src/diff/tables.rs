//! Comparing amount tables: tables paired by sheet and position, rows by
//! key, cells by column header.

use std::collections::HashMap;

use super::{Change, Field, Kind};
use crate::model::{AmountTable, CellRef, TableRow, TableValue, Workbook};
use crate::parse::text::fold;

/// (sheet name, position on the sheet, table) for every table, in order.
fn all(wb: &Workbook) -> Vec<(&str, usize, &AmountTable)> {
    wb.sheets
        .iter()
        .flat_map(|sheet| {
            sheet
                .tables
                .iter()
                .enumerate()
                .map(move |(i, t)| (sheet.name.as_str(), i, t))
        })
        .collect()
}

/// Pairs each current table with the previous one on the sheet of the same
/// name at the same position, else at the same position in the workbook.
fn pairs<'a>(
    prev: &'a Workbook,
    cur: &'a Workbook,
) -> Vec<(Option<&'a AmountTable>, &'a AmountTable)> {
    let p = all(prev);
    all(cur)
        .into_iter()
        .enumerate()
        .map(|(n, (name, i, table))| {
            let same_sheet = p.iter().find(|(pn, pi, _)| *pn == name && *pi == i);
            (same_sheet.or_else(|| p.get(n)).map(|(_, _, t)| *t), table)
        })
        .collect()
}

/// A row of the current table that the previous one does not have.
fn added(cur: &Workbook, row: &TableRow) -> Change {
    let kind = Kind::RowAdded {
        key: row.key.clone(),
    };
    change(cur, false, row.key_cell, row, None, kind)
}

fn change(
    wb: &Workbook,
    in_previous: bool,
    cell: CellRef,
    row: &TableRow,
    column: Option<String>,
    kind: Kind,
) -> Change {
    Change {
        cell,
        sheet: wb.sheet_name(cell.sheet).to_string(),
        in_previous,
        initiative: None,
        milestone: None,
        row: Some(row.key.clone()),
        group: row.group.clone(),
        column,
        kind,
    }
}

/// For each current column, the previous column it is: the one with the
/// same header, else (a renamed header) the next unmatched one in order.
fn columns(prev: &AmountTable, cur: &AmountTable) -> Vec<Option<usize>> {
    let by_header: HashMap<String, usize> = prev
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (fold(&c.header), i))
        .collect();
    let mut used = vec![false; prev.columns.len()];
    let mut out: Vec<Option<usize>> = cur
        .columns
        .iter()
        .map(|c| {
            let p = by_header.get(&fold(&c.header)).copied();
            if let Some(p) = p {
                used[p] = true;
            }
            p
        })
        .collect();
    let mut free = (0..prev.columns.len())
        .filter(|p| !used[*p])
        .collect::<Vec<_>>()
        .into_iter();
    for slot in out.iter_mut().filter(|s| s.is_none()) {
        *slot = free.next();
    }
    out
}

/// Every change in the amount tables.
pub fn changes(prev: &Workbook, cur: &Workbook) -> Vec<Change> {
    let mut out = Vec::new();
    for (pt, ct) in pairs(prev, cur) {
        match pt {
            Some(pt) => table_changes(prev, cur, pt, ct, &mut out),
            None => out.extend(ct.rows.iter().map(|row| added(cur, row))),
        }
    }
    out
}

/// The previous row a current row is: the first unmatched one of the same
/// key in the same group (`Læringsmiljøer` under `Drift`, not `Anlæg`),
/// else the first unmatched one of the same key in any group.
fn partner(
    by_key: &HashMap<&str, Vec<usize>>,
    pt: &AmountTable,
    used: &[bool],
    row: &TableRow,
) -> Option<usize> {
    let candidates = by_key.get(row.key.as_str())?;
    let group = row.group.as_deref().map(fold);
    let free = || candidates.iter().copied().filter(|&i| !used[i]);
    free()
        .find(|&i| pt.rows[i].group.as_deref().map(fold) == group)
        .or_else(|| free().next())
}

/// The changes of one table since the previous round's: rows matched by
/// key (within their group first), added, changed cell by cell, then the
/// previous rows left over removed.
fn table_changes(
    prev: &Workbook,
    cur: &Workbook,
    pt: &AmountTable,
    ct: &AmountTable,
    out: &mut Vec<Change>,
) {
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in pt.rows.iter().enumerate() {
        by_key.entry(r.key.as_str()).or_default().push(i);
    }
    let col_of = columns(pt, ct);
    let mut used = vec![false; pt.rows.len()];
    for row in &ct.rows {
        let Some(i) = partner(&by_key, pt, &used, row) else {
            out.push(added(cur, row));
            continue;
        };
        used[i] = true;
        let p = &pt.rows[i];
        cell_changes(cur, ct, &col_of, p, row, out);
        text_changes(cur, (pt, ct), p, row, out);
    }
    for (r, _) in pt.rows.iter().zip(&used).filter(|(_, used)| !**used) {
        out.push(change(
            prev,
            true,
            r.key_cell,
            r,
            None,
            Kind::RowRemoved { key: r.key.clone() },
        ));
    }
}

/// The text cells of a matched row (`Beslutning`, `Bemærkninger`) that
/// were rewritten, by the column's header: word by word, as in blocks.
fn text_changes(
    cur: &Workbook,
    (pt, ct): (&AmountTable, &AmountTable),
    p: &TableRow,
    row: &TableRow,
    out: &mut Vec<Change>,
) {
    for (column, text) in ct.text_columns.iter().zip(&row.texts) {
        let header = fold(&column.header);
        let Some(before) = pt
            .text_columns
            .iter()
            .zip(&p.texts)
            .find(|(c, _)| fold(&c.header) == header)
            .map(|(_, t)| t.text.as_str())
        else {
            continue;
        };
        if super::compare::same_text(before, &text.text) {
            continue;
        }
        let kind = Kind::TextChanged {
            field: Field::Cell,
            before: before.to_string(),
            after: text.text.clone(),
            segments: super::words::segments(before, &text.text),
        };
        out.push(change(
            cur,
            false,
            text.cell,
            row,
            Some(column.header.clone()),
            kind,
        ));
    }
}

/// The cells of a matched row whose amount differs from the previous row's
/// in the column it is paired with (`col_of`); a cell the previous row
/// lacks was zero.
fn cell_changes(
    cur: &Workbook,
    ct: &AmountTable,
    col_of: &[Option<usize>],
    p: &TableRow,
    row: &TableRow,
    out: &mut Vec<Change>,
) {
    for cell in &row.cells {
        let header = &ct.columns[cell.column].header;
        let Some(pc) = col_of[cell.column] else {
            continue;
        };
        let before = p.cells.iter().find(|c| c.column == pc).map(|c| &c.value);
        // A formula without a stored result is not known: no change to report.
        if !cell.value.is_known() || before.is_some_and(|v| !v.is_known()) {
            continue;
        }
        let before = before.map(TableValue::amount).unwrap_or_default();
        let after = cell.value.amount();
        if before != after {
            out.push(change(
                cur,
                false,
                cell.cell,
                row,
                Some(header.clone()),
                Kind::AmountChanged { before, after },
            ));
        }
    }
}
