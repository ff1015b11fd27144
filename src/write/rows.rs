//! Cell writes kept until a sheet's rows are all known, then written in row
//! order: a constant-memory worksheet (rust_xlsxwriter flushes each row to
//! disk when the next begins) only takes rows in order, while the copy, the
//! added columns and the row heights are worked out in separate passes.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{Format, Formula, Url, Worksheet, XlsxError};

/// One write to one cell.
enum Op {
    Str(String, Format),
    Num(f64, Format),
    Bool(bool, Format),
    Date(NaiveDateTime, Format),
    Formula(Formula, Format),
    Blank(Format),
    Url(Url, Format),
    /// A merged range from this cell to (last row, last col).
    Merge(u32, u16, Format),
}

/// The writes of one sheet, by row.
#[derive(Default)]
pub struct Rows {
    rows: BTreeMap<u32, Vec<(u16, Op)>>,
    heights: BTreeMap<u32, f64>,
}

impl Rows {
    fn put(&mut self, r: u32, c: u16, op: Op) {
        self.rows.entry(r).or_default().push((c, op));
    }

    pub fn string(&mut self, r: u32, c: u16, s: impl Into<String>, f: &Format) {
        self.put(r, c, Op::Str(s.into(), f.clone()));
    }

    pub fn number(&mut self, r: u32, c: u16, n: f64, f: &Format) {
        self.put(r, c, Op::Num(n, f.clone()));
    }

    pub fn boolean(&mut self, r: u32, c: u16, b: bool, f: &Format) {
        self.put(r, c, Op::Bool(b, f.clone()));
    }

    pub fn datetime(&mut self, r: u32, c: u16, d: NaiveDateTime, f: &Format) {
        self.put(r, c, Op::Date(d, f.clone()));
    }

    pub fn formula(&mut self, r: u32, c: u16, formula: Formula, f: &Format) {
        self.put(r, c, Op::Formula(formula, f.clone()));
    }

    pub fn blank(&mut self, r: u32, c: u16, f: &Format) {
        self.put(r, c, Op::Blank(f.clone()));
    }

    pub fn url(&mut self, r: u32, c: u16, url: Url, f: &Format) {
        self.put(r, c, Op::Url(url, f.clone()));
    }

    pub fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, f: &Format) {
        self.put(r1, c1, Op::Merge(r2, c2, f.clone()));
    }

    pub fn height(&mut self, r: u32, h: f64) {
        self.heights.insert(r, h);
    }

    /// Writes everything, row by row and left to right. At one cell a merge
    /// comes first and then the last other write wins, as if the writes had
    /// gone straight to the worksheet in the order they were made.
    pub fn flush(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let mut heights = self.heights;
        let rows: Vec<u32> = self
            .rows
            .keys()
            .chain(heights.keys())
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut all = self.rows;
        for r in rows {
            if let Some(h) = heights.remove(&r) {
                ws.set_row_height(r, h)?;
            }
            let Some(mut ops) = all.remove(&r) else {
                continue;
            };
            ops.sort_by_key(|(c, _)| *c);
            let mut i = 0;
            while i < ops.len() {
                let c = ops[i].0;
                let mut j = i;
                while j < ops.len() && ops[j].0 == c {
                    j += 1;
                }
                let group = &ops[i..j];
                for (_, op) in group.iter().filter(|(_, op)| matches!(op, Op::Merge(..))) {
                    if let Op::Merge(r2, c2, f) = op {
                        ws.merge_range(r, c, *r2, *c2, "", f)?;
                    }
                }
                // The last write wins; a link Excel would refuse falls back
                // to the write before it (the text it was).
                for (_, op) in group
                    .iter()
                    .rev()
                    .filter(|(_, op)| !matches!(op, Op::Merge(..)))
                {
                    if write(ws, r, c, op)? {
                        break;
                    }
                }
                i = j;
            }
        }
        Ok(())
    }
}

/// Writes one op; false for a link that could not be written.
fn write(ws: &mut Worksheet, r: u32, c: u16, op: &Op) -> Result<bool, XlsxError> {
    match op {
        Op::Str(s, f) => ws.write_string_with_format(r, c, s, f)?,
        Op::Num(n, f) => ws.write_number_with_format(r, c, *n, f)?,
        Op::Bool(b, f) => ws.write_boolean_with_format(r, c, *b, f)?,
        Op::Date(d, f) => ws.write_datetime_with_format(r, c, d, f)?,
        Op::Formula(formula, f) => ws.write_formula_with_format(r, c, formula.clone(), f)?,
        Op::Blank(f) => ws.write_blank(r, c, f)?,
        Op::Url(url, f) => {
            if ws.write_url_with_format(r, c, url.clone(), f).is_err() {
                return Ok(false);
            }
            ws
        }
        Op::Merge(..) => ws,
    };
    Ok(true)
}
