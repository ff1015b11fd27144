//! Cell writes kept until a sheet's rows are all known, then written in row
//! order: a constant-memory worksheet (rust_xlsxwriter flushes each row to
//! disk when the next begins) only takes rows in order, while the copy, the
//! added columns and the row heights are worked out in separate passes.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use chrono::NaiveDateTime;
use rust_xlsxwriter::{Format, Formula, Url, Worksheet, XlsxError};

/// A format, by its place in [`Rows::formats`].
type Fmt = u32;

/// One write to one cell; text is borrowed from the input where it can be.
enum Op<'a> {
    Str(Cow<'a, str>, Fmt),
    Num(f64, Fmt),
    Bool(bool, Fmt),
    Date(NaiveDateTime, Fmt),
    Formula(Box<Formula>, Fmt),
    Blank(Fmt),
    Url(Box<Url>, Fmt),
}

/// The writes of one sheet, by row. Each distinct format is kept once: a
/// sheet has a few dozen, and a format is a large value.
#[derive(Default)]
pub struct Rows<'a> {
    rows: BTreeMap<u32, Vec<(u16, Op<'a>)>>,
    heights: BTreeMap<u32, f64>,
    formats: Vec<Format>,
    index: FxHashMap<Format, Fmt>,
}

impl<'a> Rows<'a> {
    fn fmt(&mut self, f: &Format) -> Fmt {
        if let Some(i) = self.index.get(f) {
            return *i;
        }
        let i = self.formats.len() as Fmt;
        self.formats.push(f.clone());
        self.index.insert(f.clone(), i);
        i
    }

    fn put(&mut self, r: u32, c: u16, op: Op<'a>) {
        self.rows.entry(r).or_default().push((c, op));
    }

    pub fn string(&mut self, r: u32, c: u16, s: impl Into<Cow<'a, str>>, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Str(s.into(), f));
    }

    pub fn number(&mut self, r: u32, c: u16, n: f64, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Num(n, f));
    }

    pub fn boolean(&mut self, r: u32, c: u16, b: bool, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Bool(b, f));
    }

    pub fn datetime(&mut self, r: u32, c: u16, d: NaiveDateTime, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Date(d, f));
    }

    pub fn formula(&mut self, r: u32, c: u16, formula: Formula, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Formula(Box::new(formula), f));
    }

    pub fn blank(&mut self, r: u32, c: u16, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Blank(f));
    }

    pub fn url(&mut self, r: u32, c: u16, url: Url, f: &Format) {
        let f = self.fmt(f);
        self.put(r, c, Op::Url(Box::new(url), f));
    }

    pub fn height(&mut self, r: u32, h: f64) {
        self.heights.insert(r, h);
    }

    /// Writes everything, row by row and left to right. At one cell the
    /// last write wins, as if the writes had gone straight to the worksheet
    /// in the order they were made.
    pub fn flush(self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        let formats = self.formats;
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
                // The last write wins; a link Excel would refuse falls back
                // to the write before it (the text it was).
                for (_, op) in group.iter().rev() {
                    if write(ws, r, c, op, &formats)? {
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
fn write(
    ws: &mut Worksheet,
    r: u32,
    c: u16,
    op: &Op,
    formats: &[Format],
) -> Result<bool, XlsxError> {
    let f = |i: &Fmt| &formats[*i as usize];
    match op {
        Op::Str(s, i) => ws.write_string_with_format(r, c, s.as_ref(), f(i))?,
        Op::Num(n, i) => ws.write_number_with_format(r, c, *n, f(i))?,
        Op::Bool(b, i) => ws.write_boolean_with_format(r, c, *b, f(i))?,
        Op::Date(d, i) => ws.write_datetime_with_format(r, c, d, f(i))?,
        Op::Formula(formula, i) => {
            ws.write_formula_with_format(r, c, formula.as_ref().clone(), f(i))?
        }
        Op::Blank(i) => ws.write_blank(r, c, f(i))?,
        Op::Url(url, i) => {
            if ws
                .write_url_with_format(r, c, url.as_ref().clone(), f(i))
                .is_err()
            {
                return Ok(false);
            }
            ws
        }
    };
    Ok(true)
}
