//! Hostile and unusual workbooks (issue 15): each is read within bounds —
//! under 1 GiB of memory and a minute, ending in a written workbook or exit
//! 2 with one line, never a signal or a panic. Memory is the child's peak
//! resident set as the kernel counts it (`wait4`), under `ulimit -v 1 GiB`.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Command as Std;
use std::time::Instant;

use tempfile::TempDir;
use zip::write::SimpleFileOptions;

use super::common::{self, Cell, clean};

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub out: String,
    pub err: String,
    /// Peak resident memory, MiB.
    pub peak_mib: u64,
    pub secs: f64,
}

/// 1 GiB of address space for the child.
const LIMIT_KIB: u64 = 1 << 20;

/// Runs opfolg with `args` under `ulimit -v 1 GiB` and measures its peak
/// resident memory.
///
/// Linux keeps a process's peak across `exec`, and a child spawned by this
/// test process starts from this process's peak (hundreds of MiB, with the
/// other tests running). So the measuring is done by a fresh copy of this
/// test binary ([`measure_trampoline`], a few MiB), which starts opfolg and
/// reads its peak with `wait4`.
pub fn run_measured(args: &[&OsStr]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("opfolg");
    let mut script = format!("ulimit -v {LIMIT_KIB}; exec '{}'", bin.display());
    for a in args {
        script.push_str(&format!(
            " '{}'",
            a.to_string_lossy().replace('\'', "'\\''")
        ));
    }
    let dir = TempDir::new().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let o = Std::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "hostile::measure_trampoline",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("OPFOLG_MEASURE", &script)
        .env("OPFOLG_MEASURE_OUT", &out_path)
        .env("OPFOLG_MEASURE_ERR", &err_path)
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&o.stdout);
    let line = report
        .lines()
        .find_map(|l| l.split_once("MEASURED ").map(|(_, m)| m))
        .unwrap_or_else(|| panic!("no measurement: {report}"));
    let f: Vec<&str> = line.split(' ').collect();
    Run {
        code: f[0].parse().unwrap(),
        out: std::fs::read_to_string(&out_path).unwrap_or_default(),
        err: std::fs::read_to_string(&err_path).unwrap_or_default(),
        peak_mib: f[1].parse::<u64>().unwrap() / 1024,
        secs: f[2].parse().unwrap(),
    }
}

/// Not a test: the small process [`run_measured`] measures from. It runs
/// the shell line in `OPFOLG_MEASURE` with its output to the files named in
/// `OPFOLG_MEASURE_OUT` and `_ERR`, and prints `MEASURED <exit> <peak KiB>
/// <seconds>`; a signal is a negative exit.
#[test]
#[ignore]
// The child is reaped by `wait4`, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn measure_trampoline() {
    let Ok(script) = std::env::var("OPFOLG_MEASURE") else {
        return;
    };
    let file = |k: &str| std::fs::File::create(std::env::var(k).unwrap()).unwrap();
    let start = Instant::now();
    let child = Std::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(file("OPFOLG_MEASURE_OUT"))
        .stderr(file("OPFOLG_MEASURE_ERR"))
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child, which
    // it also reaps.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    // Linux gives ru_maxrss in KiB.
    println!(
        "MEASURED {code} {} {:.3}",
        usage.ru_maxrss,
        start.elapsed().as_secs_f64()
    );
}

/// Asserts a run stayed within bounds: no signal, no panic, under 1 GiB
/// and a minute; returns it for further checks.
fn bounded(what: &str, run: Run) -> Run {
    assert!(run.code >= 0, "{what}: killed by signal {}", -run.code);
    assert!(
        !run.err.contains("panicked") && !run.err.contains("internal error"),
        "{what}: {}",
        run.err
    );
    assert!(run.peak_mib < 1024, "{what}: peak {} MiB", run.peak_mib);
    // A minute for the release binary; the tests' debug build diffs long
    // texts some twenty times slower.
    let minute = if cfg!(debug_assertions) { 180.0 } else { 60.0 };
    assert!(run.secs < minute, "{what}: {:.1} s", run.secs);
    eprintln!(
        "{what}: exit {}, peak {} MiB, {:.2} s",
        run.code, run.peak_mib, run.secs
    );
    run
}

/// Asserts `check` and `annotate` refuse the file with exit 2 and one line
/// naming it and saying `reason`, within bounds, leaving nothing behind.
fn assert_refused_within_bounds(path: &Path, reason: &str) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    for cmd in ["check", "annotate"] {
        let run = bounded(
            &format!("{cmd} {name}"),
            run_measured(&[cmd.as_ref(), path.as_os_str()]),
        );
        assert_eq!(run.code, 2, "{cmd} {name}: {}", run.err);
        assert_eq!(run.err.lines().count(), 1, "{cmd} {name}: {}", run.err);
        assert!(run.err.contains(&name), "{}", run.err);
        assert!(run.err.contains(reason), "`{reason}` not in {}", run.err);
    }
    let left: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("annoteret") || n.starts_with(".opfolg"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// A one-sheet .xlsx whose shared-string table holds `text` once (and says
/// it holds `unique_count`), referenced by `cells` cells in column A.
fn shared_string_xlsx(path: &Path, text: &str, unique_count: u64, cells: u32) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ] {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/sharedStrings.xml", opts).unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{cells}" uniqueCount="{unique_count}"><si><t>{text}</t></si></sst>"#
    )
    .unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    for r in 1..=cells {
        write!(z, r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#).unwrap();
    }
    z.write_all(b"</sheetData></worksheet>").unwrap();
    z.finish().unwrap();
}

/// Regression: the reader turned each reference to a shared string into an
/// owned copy, so one 32,000-character string in 100,000 cells (a few
/// hundred KB on disk) asked for 3.2 GB and the process aborted.
#[test]
fn one_long_shared_string_in_many_cells_is_bounded() {
    let dir = TempDir::new().unwrap();
    let long = "Status: ".to_string() + &"x".repeat(32_000 - 8);
    let path = dir.path().join("forstaerker.xlsx");
    shared_string_xlsx(&path, &long, 1, 100_000);
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    assert_refused_within_bounds(&path, "over 64 MiB tekst i alt");
    // Under the text budget the same string in 2,000 cells is read, and
    // the annotated copy keeps every cell.
    let path = dir.path().join("mange.xlsx");
    shared_string_xlsx(&path, &long, 1, 2_000);
    let run = bounded("check", run_measured(&["check".as_ref(), path.as_os_str()]));
    assert_eq!(run.code, 1, "S001: {}{}", run.out, run.err);
    let out = dir.path().join("ud.xlsx");
    let run = bounded(
        "annotate",
        run_measured(&[
            "annotate".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.err);
    let cells = common::read_cells(&out);
    assert_eq!(cells[0].1.len(), 2_000);
}

/// Regression: `<sst uniqueCount="2147483647">` made calamine reserve room
/// for two billion strings before reading one: abort, exit 134.
#[test]
fn a_lying_shared_string_count_is_refused() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("loegn.xlsx");
    shared_string_xlsx(&path, "Aftale om budget 2018", 2_147_483_647, 1);
    assert_refused_within_bounds(&path, "siger, den rummer 2147483647 tekster");
    // A count a little off is harmless and read.
    shared_string_xlsx(&path, "Aftale om budget 2018", 3, 1);
    let run = bounded("check", run_measured(&["check".as_ref(), path.as_os_str()]));
    assert_eq!(run.code, 1, "{}", run.err);
}

/// Regression: the zip guard was per part only. Twenty parts of 99 MiB
/// each pass Apache POI's rule (under 100 MiB); together they are 1.9 GiB.
/// Made by deflating one part and copying its compressed bytes twenty times.
#[test]
fn twenty_big_parts_are_refused_as_a_whole() {
    let dir = TempDir::new().unwrap();
    let one = dir.path().join("en.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&one).unwrap());
        let opts = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        z.start_file("part.xml", opts).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..99 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    let path = dir.path().join("tyve.xlsx");
    {
        let mut src = zip::ZipArchive::new(std::fs::File::open(&one).unwrap()).unwrap();
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = SimpleFileOptions::default();
        for (name, body) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Aftale om budget 2018</t></is></c></row></sheetData></worksheet>"#).unwrap();
        for i in 0..20 {
            let part = src.by_index_raw(0).unwrap();
            z.raw_copy_file_rename(part, format!("xl/media/fyld{i}.xml"))
                .unwrap();
        }
        z.finish().unwrap();
    }
    std::fs::remove_file(&one).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 4 << 20);
    assert_refused_within_bounds(&path, "ville fylde over 512 MiB udpakket i alt");
}

/// Regression: Excel's serial 60 (29 February 1900, which never was) was
/// read as 28 February and written back as 59.
#[test]
fn serial_60_is_written_back_as_60() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("dato.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Ark1").unwrap();
        for ((r, c), cell) in clean().cells {
            if let Cell::Text(s) = cell {
                ws.write_string(r, c, s).unwrap();
            }
        }
        let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
        for (r, serial) in [(19, 59.0), (20, 60.0), (21, 61.0), (22, 43_221.0)] {
            ws.write_number_with_format(r, 6, serial, &date).unwrap();
        }
        wb.save(&path).unwrap();
    }
    let out = dir.path().join("ud.xlsx");
    let (code, _, err) = common::annotate(&[path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    let cells = common::read_cells(&out);
    let serial = |r: u32| match cells[0].1.get(&(r, 6)) {
        Some(calamine::Data::DateTime(d)) => d.as_f64(),
        Some(calamine::Data::Float(f)) => *f,
        other => panic!("row {r}: {other:?}"),
    };
    assert_eq!(
        [serial(19), serial(20), serial(21), serial(22)],
        [59.0, 60.0, 61.0, 43_221.0]
    );
    common::assert_nothing_lost(&path, &out);
}

/// A minimal .ods package around `table`, the `<table:table>` element.
fn ods(path: &Path, table: &str) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("META-INF/manifest.xml", opts).unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", opts).unwrap();
    write!(z, r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#).unwrap();
    z.finish().unwrap();
}

/// Regression: calamine expands `number-rows-repeated` and
/// `number-columns-repeated` over the bounding box: a sub-kilobyte .ods
/// with a cell at A1 and one at XFD1048576 asked for 1.9 GB and aborted.
#[test]
fn ods_with_repeated_rows_and_columns_is_read_sparsely() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("gentaget.ods");
    ods(
        &path,
        r#"<table:table table:name="Ark1"><table:table-column table:number-columns-repeated="16384"/><table:table-row><table:table-cell office:value-type="string"><text:p>Aftale om budget 2018</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>langt ude</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    assert!(std::fs::metadata(&path).unwrap().len() < 2_000);
    let run = bounded("check", run_measured(&["check".as_ref(), path.as_os_str()]));
    assert_eq!(run.code, 1, "S001: {}{}", run.out, run.err);
    let out = dir.path().join("ud.xlsx");
    let run = bounded(
        "annotate",
        run_measured(&[
            "annotate".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.err);
    let cells = common::read_cells(&out);
    assert_eq!(
        cells[0].1.get(&(1_048_575, 16_383)).map(|d| d.to_string()),
        Some("langt ude".to_string())
    );
    // A value repeated over the whole sheet is seventeen billion cells:
    // refused with one line, not expanded.
    let path = dir.path().join("overalt.ods");
    ods(
        &path,
        r#"<table:table table:name="Ark1"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
    );
    assert_refused_within_bounds(&path, "udfyldte celler");
}

/// Regression: a chart sheet (or a dialog or macro sheet) made the whole
/// workbook unreadable. It keeps its place, without cells: sheet `i` of
/// the model is sheet `i` of workbook.xml.
#[test]
fn a_chart_sheet_keeps_its_place() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("diagram.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Ark1").unwrap();
        for ((r, c), cell) in clean().cells {
            if let Cell::Text(s) = cell {
                ws.write_string(r, c, s).unwrap();
            }
        }
        ws.write_number(30, 0, 1.0).unwrap();
        ws.write_number(31, 0, 2.0).unwrap();
        let mut chart = rust_xlsxwriter::Chart::new(rust_xlsxwriter::ChartType::Column);
        chart.add_series().set_values("Ark1!$A$31:$A$32");
        let cs = wb.add_chartsheet();
        cs.set_name("Diagram").unwrap();
        cs.insert_chart(0, 0, &chart).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name("Ark2").unwrap();
        for ((r, c), cell) in clean().clear("D6").cells {
            if let Cell::Text(s) = cell {
                ws.write_string(r, c, s).unwrap();
            }
        }
        wb.save(&path).unwrap();
    }
    let t = opfolg::template::Template::danish();
    let read =
        opfolg::read::read_workbook(&crate::common::input(&path), &t, Default::default()).unwrap();
    let names: Vec<&str> = read
        .workbook
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Ark1", "Diagram", "Ark2"]);
    assert!(read.workbook.sheets[1].initiatives.is_empty());
    let (doc, code) = common::check_json(&path, &[]);
    assert_eq!(code, 1, "S003 for the same ids, M005 on Ark2: {doc}");
    let m005: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "M005")
        .map(|f| (f["sheet"].as_str().unwrap(), f["cell"].as_str().unwrap()))
        .collect();
    assert_eq!(m005, [("Ark2", "D6")]);
    let out = dir.path().join("ud.xlsx");
    let (code, _, err) = common::annotate(&[path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    // An Excel 4 macro sheet, a relationship type calamine refuses.
    let macro_path = dir.path().join("makro.xlsm");
    with_macro_sheet(&path, &macro_path);
    let read =
        opfolg::read::read_workbook(&crate::common::input(&macro_path), &t, Default::default())
            .unwrap();
    let names: Vec<&str> = read
        .workbook
        .sheets
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Ark1", "Diagram", "Makro1", "Ark2"]);
    let (_, code) = common::check_json(&macro_path, &[]);
    assert_eq!(code, 1);
}

/// A copy of `src` with an Excel 4 macro sheet `Makro1` before its last sheet.
fn with_macro_sheet(src: &Path, dst: &Path) {
    let mut a = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut z = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..a.len() {
        let mut e = a.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut body = String::new();
        e.read_to_string(&mut body).unwrap();
        match name.as_str() {
            "xl/workbook.xml" => {
                body = body.replace(
                    r#"<sheet name="Ark2""#,
                    r#"<sheet name="Makro1" sheetId="99" r:id="rId99"/><sheet name="Ark2""#,
                );
            }
            "xl/_rels/workbook.xml.rels" => {
                body = body.replace(
                    "</Relationships>",
                    r#"<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" Target="macrosheets/sheet1.xml"/></Relationships>"#,
                );
            }
            "[Content_Types].xml" => {
                body = body.replace(
                    "</Types>",
                    r#"<Override PartName="/xl/macrosheets/sheet1.xml" ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>"#,
                );
            }
            _ => {}
        }
        z.start_file(name, SimpleFileOptions::default()).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.start_file("xl/macrosheets/sheet1.xml", SimpleFileOptions::default())
        .unwrap();
    z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1"><f>RETURN()</f></c></row></sheetData></xm:macrosheet>"#).unwrap();
    z.finish().unwrap();
}

/// Regression: an economy amount typed as a number in a cell formatted
/// `0.000 "mio. kr."` was read as the bare number: no unit, no
/// `amount_changed`, no delta.
#[test]
fn economy_amount_in_a_number_cell_is_read_with_its_unit() {
    let dir = TempDir::new().unwrap();
    let write = |name: &str, amount: f64, code: &str| {
        let path = dir.path().join(name);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Ark1").unwrap();
        for ((r, c), cell) in clean().cells {
            if let Cell::Text(s) = cell {
                ws.write_string(r, c, s).unwrap();
            }
        }
        let f = rust_xlsxwriter::Format::new().set_num_format(code);
        ws.write_number_with_format(9, 1, amount, &f).unwrap();
        wb.save(&path).unwrap();
        path
    };
    let prev = write("forrige.xlsx", 0.762, r#"0.000 "mio. kr.""#);
    let cur = write("nu.xlsx", 900.0, r#"#,##0 "t. kr.""#);
    let (doc, code) = common::diff_json(&prev, &cur);
    assert_eq!(code, 0);
    let changes = doc["changes"].as_array().unwrap();
    let amount: Vec<_> = changes
        .iter()
        .filter(|c| c["kind"] == "amount_changed")
        .collect();
    assert_eq!(amount.len(), 1, "{changes:?}");
    assert_eq!(amount[0]["cell"], "B10");
    assert_eq!(amount[0]["delta_kr"], 138_000);
    let (doc, _) = common::check_json(&cur, &[]);
    assert!(
        !common::codes(&doc).iter().any(|(c, _)| c == "A009"),
        "the unit is known: {doc}"
    );
}

/// Regression: calamine's palette of cell formats was copied for every
/// sheet: a million formats in styles.xml (a few hundred KB packed) and
/// twelve sheets asked for 2.7 GB. They are held once.
#[test]
fn a_million_cell_formats_are_held_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("formater.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let sheets = 12;
        let names: String = (1..=sheets)
            .map(|i| format!(r#"<sheet name="Ark{i}" sheetId="{i}" r:id="rId{i}"/>"#))
            .collect();
        let rels: String = (1..=sheets)
            .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
            .collect();
        for (name, body) in [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", ROOT_RELS.to_string()),
            (
                "xl/workbook.xml",
                WORKBOOK.replace(r#"<sheet name="Ark1" sheetId="1" r:id="rId1"/>"#, &names),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
                ),
            ),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.start_file("xl/styles.xml", opts).unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellXfs count="1000000">"#).unwrap();
        for _ in 0..1_000_000 {
            z.write_all(br#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>"#)
                .unwrap();
        }
        z.write_all(b"</cellXfs></styleSheet>").unwrap();
        for i in 1..=sheets {
            z.start_file(format!("xl/worksheets/sheet{i}.xml"), opts)
                .unwrap();
            z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" s="999999" t="inlineStr"><is><t>Aftale om budget 2018</t></is></c></row></sheetData></worksheet>"#).unwrap();
        }
        z.finish().unwrap();
    }
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    let run = bounded("check", run_measured(&["check".as_ref(), path.as_os_str()]));
    assert_eq!(run.code, 1, "S001: {}{}", run.out, run.err);
    let out = dir.path().join("ud.xlsx");
    let run = bounded(
        "annotate",
        run_measured(&[
            "annotate".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert_eq!(
        common::read_cells(&out).len(),
        12 + 3,
        "twelve sheets and opfolg's three"
    );
}

/// A one-sheet .xlsx of one initiative whose `milestones` milestone rows
/// all hold `text` (one shared string).
fn long_milestones_xlsx(path: &Path, text: &str, milestones: u32) {
    let strings = [
        "Første opfølgning på Aftale om budget 2018",
        "3.01. Titel",
        "Drift",
        "Tid",
        "Smiley",
        "Formål",
        "Ansvarligt center: Social og Sundhed",
        "Milepæl",
        text,
        "1. budgetopfølgning 2018",
        "☺",
        "Økonomi",
        "Der er afsat 0,5 mio. kr.",
    ];
    let s = |i: usize, at: &str| format!(r#"<c r="{at}" t="s"><v>{i}</v></c>"#);
    let mut rows = format!(
        r#"<row r="1">{}</row><row r="2">{}{}{}{}</row><row r="3">{}{}</row>"#,
        s(0, "A1"),
        s(1, "A2"),
        s(2, "B2"),
        s(3, "C2"),
        s(4, "D2"),
        s(5, "A3"),
        s(6, "B3")
    );
    for r in 4..4 + milestones {
        rows.push_str(&format!(
            r#"<row r="{r}">{}{}{}{}</row>"#,
            s(7, &format!("A{r}")),
            s(8, &format!("B{r}")),
            s(9, &format!("C{r}")),
            s(10, &format!("D{r}"))
        ));
    }
    let r = 4 + milestones;
    rows.push_str(&format!(
        r#"<row r="{r}">{}{}{}</row>"#,
        s(11, &format!("A{r}")),
        s(12, &format!("B{r}")),
        s(10, &format!("D{r}"))
    ));
    let sst: String = strings
        .iter()
        .map(|t| format!("<si><t>{t}</t></si>"))
        .collect();
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("xl/workbook.xml", WORKBOOK.to_string()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{}">{sst}</sst>"#,
                strings.len()
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ] {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// The model, the diff and its JSON copy texts (a change carries the text
/// before and after, and its words): two rounds whose every long text was
/// rewritten stay bounded at the text budget, and are refused past it.
#[test]
fn a_pair_whose_long_texts_all_changed_is_bounded() {
    let dir = TempDir::new().unwrap();
    let words = "ord ".repeat(7_998);
    let (before, after) = (format!("Status: {words}"), format!("Status: nyt {words}"));
    let prev = dir.path().join("forrige.xlsx");
    let cur = dir.path().join("nu.xlsx");
    // 1,000 milestones of 32,000 characters: 32 MB, half the budget (the
    // debug build needs 100 s for the whole budget; the release binary,
    // 5 s and 656 MiB).
    long_milestones_xlsx(&prev, &before, 1_000);
    long_milestones_xlsx(&cur, &after, 1_000);
    let run = bounded(
        "diff --format json",
        run_measured(&[
            "diff".as_ref(),
            prev.as_os_str(),
            cur.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.err);
    let out = dir.path().join("ud.xlsx");
    let run = bounded(
        "annotate --previous",
        run_measured(&[
            "annotate".as_ref(),
            cur.as_os_str(),
            "--previous".as_ref(),
            prev.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]),
    );
    assert_eq!(run.code, 0, "{}", run.err);
    // Past the budget: refused, not read.
    long_milestones_xlsx(&cur, &after, 2_200);
    assert_refused_within_bounds(&cur, "over 64 MiB tekst i alt");
}

/// Regression: calamine reserves room for the range an .xls sheet's
/// DIMENSIONS record declares before reading a cell: 8 KB declaring four
/// billion rows aborted the process (exit 134).
#[test]
fn an_xls_declaring_a_huge_range_is_refused() {
    let dir = TempDir::new().unwrap();
    let mut bytes = std::fs::read("tests/fixtures/smileys-opf1.xls").unwrap();
    let at = bytes
        .windows(4)
        .position(|w| w == [0x00, 0x02, 0x0E, 0x00])
        .expect("a DIMENSIONS record");
    // First row 0, last row + 1 = 4,294,967,295, columns 0 to 255.
    bytes[at + 4..at + 12].copy_from_slice(&[0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]);
    bytes[at + 12..at + 16].copy_from_slice(&[0, 0, 0xFF, 0]);
    let path = dir.path().join("omraade.xls");
    std::fs::write(&path, &bytes).unwrap();
    assert_refused_within_bounds(&path, "angiver et område på");
}

/// Issue 15.3: a user's own sheet named like one of ours is the user's: it
/// is read and checked, kept as it is, and ours takes a free name — also
/// when the annotated workbook is annotated again.
#[test]
fn a_users_sheet_named_like_ours_is_kept_and_checked() {
    let dir = TempDir::new().unwrap();
    let mut theirs = clean().clear("D6");
    theirs.name = "Kontrol".into();
    let path = common::save(dir.path(), "egne-ark.xlsx", &[clean(), theirs]);
    let (json, _) = common::check_json(&path, &[]);
    let on_theirs = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["sheet"] == "Kontrol")
        .count();
    assert!(on_theirs > 0, "their Kontrol sheet is checked: {json}");
    let out = dir.path().join("ud.xlsx");
    let (code, stdout, stderr) =
        common::annotate(&[path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let again = dir.path().join("igen.xlsx");
    let (code, stdout, stderr) =
        common::annotate(&[out.as_os_str(), "-o".as_ref(), again.as_os_str()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    for file in [&out, &again] {
        let sheets = common::read_cells(file);
        let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names.iter().filter(|n| n.starts_with("Kontrol")).count(),
            2,
            "theirs and ours once: {names:?}"
        );
        assert!(names.contains(&"Kontrol (2)"), "{names:?}");
        let kontrol = &sheets.iter().find(|(n, _)| n == "Kontrol").unwrap().1;
        assert_eq!(
            kontrol[&(3, 0)].to_string(),
            "3.01. Barnets første 1.000 dage: Samarbejde om børns trivsel og udvikling",
            "their sheet is theirs"
        );
    }
}

/// Issue 15.4: control and bidi characters in a cell do not reach the
/// terminal raw: not in `check`, not in `diff`; JSON stays valid.
#[test]
fn cells_cannot_write_to_the_terminal() {
    let dir = TempDir::new().unwrap();
    let hostile = "Arbejdsgruppe\u{1b}]0;ejet\u{7}\u{1b}[2J\r0 fejl\u{8}\u{202e}lrtnok";
    let prev = common::save(dir.path(), "forrige.xlsx", &[clean()]);
    let cur = common::save(
        dir.path(),
        "nu.xlsx",
        &[clean().text("C7", hostile).text("B14", hostile)],
    );
    for args in [
        vec!["check".as_ref(), cur.as_os_str()],
        vec!["diff".as_ref(), prev.as_os_str(), cur.as_os_str()],
    ] {
        let o = common::opfolg().args(&args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(text.contains("Arbejdsgruppe"), "the cell is shown: {text}");
        for c in ['\u{1b}', '\u{7}', '\r', '\u{8}', '\u{202e}'] {
            assert!(!text.contains(c), "{:?} reached the terminal: {text:?}", c);
        }
    }
    let (json, _) = common::check_json(&cur, &[]);
    assert!(json.is_object(), "valid JSON");
    let o = common::opfolg()
        .args([
            "diff".as_ref(),
            prev.as_os_str(),
            cur.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("valid JSON");
    assert!(
        doc.to_string().contains("\\u001b"),
        "JSON keeps the text, escaped: {doc}"
    );
}

/// Issue 15.9: a merge over the whole sheet (`A1:XFD1048576`) on a small
/// sheet is bounded: patched in place in an .xlsx, and carried into the
/// rebuilt workbook of an .ods.
#[test]
fn a_merge_over_the_whole_sheet_is_bounded() {
    let dir = TempDir::new().unwrap();
    let xlsx = dir.path().join("flettet.xlsx");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&xlsx).unwrap());
        let opts = SimpleFileOptions::default();
        for (name, body) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            (
                "xl/sharedStrings.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Aftale om budget 2018</t></si></sst>"#,
            ),
            (
                "xl/worksheets/sheet1.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>"#,
            ),
        ] {
            z.start_file(name, opts).unwrap();
            z.write_all(body.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    let ods_path = dir.path().join("flettet.ods");
    ods(
        &ods_path,
        r#"<table:table table:name="Ark1"><table:table-row><table:table-cell table:number-columns-spanned="16384" table:number-rows-spanned="1048576" office:value-type="string"><text:p>Aftale om budget 2018</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    for path in [&xlsx, &ods_path] {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = bounded(
            &format!("check {name}"),
            run_measured(&["check".as_ref(), path.as_os_str()]),
        );
        assert_eq!(run.code, 1, "S001 only: {}{}", run.out, run.err);
        let out = dir.path().join(format!("ud-{name}.xlsx"));
        let run = bounded(
            &format!("annotate {name}"),
            run_measured(&[
                "annotate".as_ref(),
                path.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ]),
        );
        assert!(
            run.code == 0 || (run.code == 2 && run.err.lines().count() == 1),
            "{name}: {}",
            run.err
        );
        if run.code == 0 {
            let cells = common::read_cells(&out);
            assert_eq!(cells[0].1[&(0, 0)].to_string(), "Aftale om budget 2018");
        }
    }
    common::assert_nothing_lost(&xlsx, &dir.path().join("ud-flettet.xlsx.xlsx"));
}

/// Issue 15.14: what a workbook of another format holds and an `.xlsx`
/// cannot (a long sheet name, a text over 32,767 characters, overlapping
/// merges, two sheets named alike) is refused in one line naming the
/// sheet, the cell and Excel's limit — no writer internals, no temporary
/// path, nothing left behind.
#[test]
fn what_an_xlsx_cannot_hold_is_refused_in_one_line() {
    let dir = TempDir::new().unwrap();
    let cell = |text: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    let sheet = |name: &str, rows: &str| {
        format!(r#"<table:table table:name="{name}">{rows}</table:table>"#)
    };
    let title = format!(
        "<table:table-row>{}</table:table-row>",
        cell("Aftale om budget 2018")
    );
    let long = "x".repeat(40_000);
    let cases = [
        (
            "navn.ods",
            sheet("Budget: 2018/ark [1] med et meget langt navn", &title),
            "Budget: 2018/ark [1] med et meget langt navn",
        ),
        (
            "lang.ods",
            sheet(
                "Ark1",
                &format!(
                    "{title}<table:table-row>{}{}</table:table-row>",
                    cell("a"),
                    cell(&long)
                ),
            ),
            "Ark1!B2 har 40000 tegn",
        ),
        (
            "overlap.ods",
            sheet(
                "Ark1",
                &format!(
                    r#"{title}<table:table-row><table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="2" office:value-type="string"><text:p>a</text:p></table:table-cell><table:covered-table-cell/></table:table-row><table:table-row><table:covered-table-cell/><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>b</text:p></table:table-cell></table:table-row>"#
                ),
            ),
            "overlapper (A2:B3 og B3:C3)",
        ),
        (
            "ens.ods",
            format!("{}{}", sheet("Ark1", &title), sheet("ARK1", &title)),
            "to ark hedder `ARK1`",
        ),
    ];
    for (name, tables, says) in cases {
        let path = dir.path().join(name);
        ods(&path, &tables);
        let out = dir.path().join(format!("{name}.xlsx"));
        let o = common::opfolg()
            .args([
                "annotate".as_ref(),
                path.as_os_str(),
                "-o".as_ref(),
                out.as_os_str(),
            ])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
        assert!(
            !err.contains("/tmp/.tmp") || err.contains(&*dir.path().to_string_lossy()),
            "{err}"
        );
        assert!(
            !err.contains("worksheet.") && !err.contains("Xlsx"),
            "no writer internals: {err}"
        );
        assert!(!out.exists(), "{name}: nothing written");
    }
}
