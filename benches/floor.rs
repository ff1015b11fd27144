//! The floor of the benchmark: the least a tool must do for the job — read
//! both workbooks with calamine and write the current one's cells plus three
//! columns with rust_xlsxwriter. Nothing is parsed, checked or compared.
//!
//!     cargo run --release --example bench_floor -- PREV CUR OUT

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::Workbook;

/// The sheets of a workbook as calamine reads them.
type Sheets = Vec<(String, calamine::Range<Data>)>;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [prev, cur, out] = args.as_slice() else {
        return Err("usage: bench_floor PREV CUR OUT".into());
    };
    let read = |p: &str| -> Result<Sheets, Box<dyn std::error::Error + Send + Sync>> {
        let mut wb = open_workbook_auto(p)?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names() {
            let range = wb.worksheet_range(&name)?;
            sheets.push((name, range));
        }
        Ok(sheets)
    };
    // Both workbooks at once, as opfolg does on two cores.
    let (p, c) = std::thread::scope(|s| {
        let p = s.spawn(|| read(prev));
        let c = read(cur);
        (p.join().expect("reader thread"), c)
    });
    let (_prev, cur) = (p.map_err(|e| e.to_string())?, c.map_err(|e| e.to_string())?);
    let mut wb = Workbook::new();
    for (name, range) in &cur {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let last = c0 + range.width() as u32;
        for (r, c, d) in range.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
            match d {
                Data::String(s) => ws.write_string(r, c, s)?,
                Data::Float(f) => ws.write_number(r, c, *f)?,
                Data::Int(i) => ws.write_number(r, c, *i as f64)?,
                other => ws.write_string(r, c, other.to_string())?,
            };
            if c as u32 == c0 {
                for k in 0..3u16 {
                    ws.write_string(r, last as u16 + k, "x")?;
                }
            }
        }
    }
    wb.save(out)?;
    Ok(())
}
