//! Bad input never hurts: corrupt files, hostile workbooks, faults while
//! writing. Each answers with one line naming the file, exit 2 (or
//! findings, where the workbook is readable), no panic, no output left.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Std;

use tempfile::TempDir;

use super::common::{Cell, Grid, clean, opfolg, save};

/// Runs a command line of opfolg under a memory limit (KiB of address
/// space) and returns (exit code, stdout, stderr).
fn run_limited(args: &[&std::ffi::OsStr], limit_kib: u64) -> (i32, String, String) {
    let bin = assert_cmd::cargo::cargo_bin("opfolg");
    let mut script = format!("ulimit -v {limit_kib}; exec '{}'", bin.display());
    for a in args {
        script.push_str(&format!(
            " '{}'",
            a.to_string_lossy().replace('\'', "'\\''")
        ));
    }
    let out = Std::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// 1 GiB of address space: plenty for opfolg, far too little for a
/// bounding box of seventeen billion cells.
const LIMIT_KIB: u64 = 1 << 20;

/// Asserts the file is refused with exit 2 and one line naming it, and
/// that `annotate` leaves nothing behind.
fn assert_refused(path: &Path, reason: &str) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    for cmd in ["check", "annotate"] {
        let (code, _, err) = run_limited(&[cmd.as_ref(), path.as_os_str()], LIMIT_KIB);
        assert_eq!(code, 2, "{cmd} {name}: {err}");
        assert_eq!(err.lines().count(), 1, "{cmd} {name}: {err}");
        assert!(err.contains(&name), "{cmd} {name}: {err}");
        assert!(
            err.contains(reason),
            "{cmd} {name}: `{reason}` not in {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("internal error"),
            "{err}"
        );
    }
    let dir = path.parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("annoteret") || n.starts_with(".opfolg"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Deterministic noise.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn corrupt_and_foreign_files_are_refused_with_one_line() {
    let dir = TempDir::new().unwrap();
    let sample = std::fs::read("samples/budget2018-opfoelgning-2.xlsx").unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (write(dir.path(), "tom.xlsx", b""), "filen er tom (0 byte)"),
        (
            write(dir.path(), "stoej.xlsx", &noise(4096, 7)),
            "ikke et regneark, opfolg kan læse",
        ),
        (
            write(dir.path(), "halv.xlsx", &sample[..sample.len() / 2]),
            "ikke et regneark, opfolg kan læse",
        ),
        (
            write(
                dir.path(),
                "csv.xlsx",
                "Indsats;Milepæl;Tid\n3.01;Pilotprojekt;1. budgetopfølgning 2018\n".as_bytes(),
            ),
            "ikke et regneark, opfolg kan læse",
        ),
        (
            write(dir.path(), "skrald.xls", &noise(8192, 11)),
            "ikke et regneark, opfolg kan læse",
        ),
        (
            write(dir.path(), "skrald.ods", &noise(512, 13)),
            "ikke et regneark, opfolg kan læse",
        ),
    ];
    for (path, reason) in cases {
        assert_refused(&path, reason);
    }
}

#[test]
fn password_protected_workbook_says_so() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("adgangskode.xlsx");
    std::fs::copy("tests/fixtures/adgangskode.xlsx", &path).unwrap();
    assert_refused(
        &path,
        "beskyttet med adgangskode; gem en kopi uden adgangskode",
    );
}

/// A zip with a workbook's parts and a sheet XML of `sheet_bytes` bytes
/// of blank space inside `<sheetData>`.
fn workbook_zip(path: &Path, sheets: &[&str], sheet_bytes: usize) {
    use zip::write::SimpleFileOptions;
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut overrides = String::new();
    let mut entries = String::new();
    let mut rels = String::new();
    for (i, name) in sheets.iter().enumerate() {
        let n = i + 1;
        overrides.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#));
        entries.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#));
    }
    let parts = [
        ("[Content_Types].xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#)),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{entries}</sheets></workbook>"#)),
        ("xl/_rels/workbook.xml.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#)),
    ];
    for (name, body) in parts {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    for i in 0..sheets.len() {
        z.start_file(format!("xl/worksheets/sheet{}.xml", i + 1), opts)
            .unwrap();
        z.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
        let chunk = vec![b' '; 1 << 20];
        let mut left = sheet_bytes;
        while left > 0 {
            let n = left.min(chunk.len());
            z.write_all(&chunk[..n]).unwrap();
            left -= n;
        }
        z.write_all(b"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData></worksheet>").unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn zip_bomb_is_refused_before_inflating() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("bombe.xlsx");
    // 150 MiB of spaces pack into a few hundred KiB: over 100 MiB and
    // over 100 times its compressed size.
    workbook_zip(&path, &["Ark1"], 150 << 20);
    assert!(std::fs::metadata(&path).unwrap().len() < 2 << 20);
    assert_refused(&path, "mulig zip-bombe");
}

#[test]
fn workbook_without_sheets_is_a_finding_not_a_crash() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ingen-ark.xlsx");
    workbook_zip(&path, &[], 0);
    let (code, out, err) = run_limited(&["check".as_ref(), path.as_os_str()], LIMIT_KIB);
    assert!(code == 1 || code == 2, "{out}{err}");
    if code == 2 {
        assert_eq!(err.lines().count(), 1, "{err}");
    } else {
        assert!(out.contains("S001"), "{out}");
    }
}

#[test]
fn hidden_sheets_are_read() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("skjult.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let visible = wb.add_worksheet();
        visible.write_string(0, 0, "Forside").unwrap();
        let hidden = wb.add_worksheet();
        hidden.set_name("Skjult").unwrap();
        hidden.set_hidden(true);
        for ((r, c), cell) in clean().clear("D6").cells {
            if let Cell::Text(s) = cell {
                hidden.write_string(r, c, s).unwrap();
            }
        }
        wb.save(&path).unwrap();
    }
    let (doc, _) = super::common::check_json(&path, &[]);
    assert_eq!(doc["initiatives"], 2);
    assert_eq!(doc["findings"][0]["sheet"], "Skjult");
}

#[test]
fn a_workbook_of_only_hidden_sheets_is_read() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("kun-skjulte.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        for name in ["Skjult1", "Skjult2"] {
            let ws = wb.add_worksheet();
            ws.set_name(name).unwrap();
            ws.set_hidden(true);
            for ((r, c), cell) in clean().cells {
                if let Cell::Text(s) = cell {
                    ws.write_string(r, c, s).unwrap();
                }
            }
        }
        wb.save(dir.path().join("tmp.xlsx")).unwrap();
    }
    // rust_xlsxwriter keeps one sheet visible: hide every sheet in the
    // package's workbook.xml, as another program could.
    {
        use std::io::Read;
        let mut src =
            zip::ZipArchive::new(std::fs::File::open(dir.path().join("tmp.xlsx")).unwrap())
                .unwrap();
        let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..src.len() {
            let mut entry = src.by_index(i).unwrap();
            let name = entry.name().unwrap().into_owned();
            let mut body = Vec::new();
            entry.read_to_end(&mut body).unwrap();
            if name == "xl/workbook.xml" {
                let xml = String::from_utf8(body)
                    .unwrap()
                    .replace(" state=\"hidden\"", "")
                    .replace("<sheet ", "<sheet state=\"hidden\" ");
                body = xml.into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&body).unwrap();
        }
        out.finish().unwrap();
    }
    let (code, out, err) = run_limited(
        &[
            "check".as_ref(),
            path.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
        LIMIT_KIB,
    );
    assert_eq!(code, 1, "S003 for the same ids on both sheets: {err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Both hidden sheets are read; the second holds copies of the first's
    // blocks, counted once (S003 on each copy).
    assert_eq!(doc["initiatives"], 2);
    let s003 = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "S003")
        .count();
    assert_eq!(s003, 2, "{doc}");
}

#[test]
fn far_apart_cells_are_read_sparsely() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("langt-ude.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "Aftale om budget 2018").unwrap();
        ws.write_string(1_048_575, 16_383, "langt ude").unwrap();
        wb.save(&path).unwrap();
    }
    assert!(std::fs::metadata(&path).unwrap().len() < 10_000);
    let (code, out, err) = run_limited(&["check".as_ref(), path.as_os_str()], LIMIT_KIB);
    assert_eq!(code, 1, "S001, within 1 GiB: {out}{err}");
    let out_path = dir.path().join("ud.xlsx");
    let (code, _, err) = run_limited(
        &[
            "annotate".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out_path.as_os_str(),
        ],
        LIMIT_KIB,
    );
    assert_eq!(code, 0, "{err}");
    let cells = super::common::read_cells(&out_path);
    assert_eq!(
        cells[0]
            .1
            .get(&(1_048_575, 16_383))
            .map(|d| d.to_string())
            .as_deref(),
        Some("langt ude"),
        "the far cell is kept"
    );
}

#[test]
fn many_blank_formatted_rows_are_bounded() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("formateret.xlsx");
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        let f = rust_xlsxwriter::Format::new().set_border(rust_xlsxwriter::FormatBorder::Thin);
        for ((r, c), cell) in clean().cells {
            if let Cell::Text(s) = cell {
                ws.write_string(r, c, s).unwrap();
            }
        }
        for r in 100..100_100 {
            ws.write_blank(r, 0, &f).unwrap();
        }
        wb.save(&path).unwrap();
    }
    let (code, out, err) = run_limited(&["check".as_ref(), path.as_os_str()], LIMIT_KIB);
    assert_eq!(code, 0, "{out}{err}");
    let out_path = dir.path().join("ud.xlsx");
    let (code, _, err) = run_limited(
        &[
            "annotate".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out_path.as_os_str(),
        ],
        LIMIT_KIB,
    );
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_cell_at_excels_limit_is_kept_whole() {
    let dir = TempDir::new().unwrap();
    let long = "Status: ".to_string() + &"ø".repeat(32_767 - 8);
    assert_eq!(long.chars().count(), 32_767);
    let g = clean().text("B6", &long);
    let path = save(dir.path(), "lang.xlsx", &[g]);
    let (doc, _) = super::common::check_json(&path, &[]);
    assert!(doc["findings"].is_array());
    let out = dir.path().join("ud.xlsx");
    let (code, _, err) =
        super::common::annotate(&[path.as_os_str(), "-o".as_ref(), out.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    super::common::assert_nothing_lost(&path, &out);
}

/// A tmpfs of `size` mounted on a fresh folder, unmounted on drop. Tests
/// run as root on these machines; elsewhere the folder is made read-only.
struct Mounted {
    dir: TempDir,
    mounted: bool,
}

impl Mounted {
    fn new(options: &str) -> Mounted {
        let dir = TempDir::new().unwrap();
        let status = Std::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .status();
        let mounted = status.is_ok_and(|s| s.success());
        Mounted { dir, mounted }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if self.mounted {
            let _ = Std::new("umount").arg(self.dir.path()).status();
        }
    }
}

fn is_root() -> bool {
    Std::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"))
}

/// Annotates the sample pair into `out_dir` and asserts it failed cleanly:
/// exit 2, one line, no file left in `out_dir`, the inputs unchanged.
fn assert_write_fails_cleanly(out_dir: &Path, reason: &str) {
    let inputs = TempDir::new().unwrap();
    let cur = inputs.path().join("nu.xlsx");
    let prev = inputs.path().join("forrige.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-2.xlsx", &cur).unwrap();
    std::fs::copy("samples/budget2018-opfoelgning-1.xlsx", &prev).unwrap();
    let before = (std::fs::read(&cur).unwrap(), std::fs::read(&prev).unwrap());
    let out = out_dir.join("ud.xlsx");
    let (code, _, err) = super::common::annotate(&[
        cur.as_os_str(),
        "--previous".as_ref(),
        prev.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("ud.xlsx") && err.contains(reason),
        "`{reason}` not in {err}"
    );
    assert!(!err.contains(".opfolg-"), "names the temporary file: {err}");
    let left: Vec<_> = std::fs::read_dir(out_dir)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert_eq!(
        (std::fs::read(&cur).unwrap(), std::fs::read(&prev).unwrap()),
        before,
        "inputs untouched"
    );
}

#[test]
fn full_disk_leaves_no_partial_file() {
    if !is_root() {
        eprintln!("not root: a tmpfs cannot be mounted; the read-only test covers the path");
        return;
    }
    // 16 KiB cannot hold the ~35 KiB annotated workbook.
    let m = Mounted::new("size=16k");
    if !m.mounted {
        eprintln!("SKIPPED full_disk: this machine does not let root mount a tmpfs");
        return;
    }
    assert_write_fails_cleanly(m.dir.path(), "ikke plads nok på disken");
}

#[test]
fn read_only_folder_leaves_no_partial_file() {
    let m = if is_root() {
        let m = Mounted::new("ro,size=64k");
        if !m.mounted {
            eprintln!("SKIPPED read_only_folder: this machine does not let root mount a tmpfs");
            return;
        }
        m
    } else {
        let m = Mounted {
            dir: TempDir::new().unwrap(),
            mounted: false,
        };
        let mut perm = std::fs::metadata(m.dir.path()).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o555);
        std::fs::set_permissions(m.dir.path(), perm).unwrap();
        m
    };
    // A read-only file system, or (not root) a folder without write permission.
    let reason = if m.mounted {
        "mappen er skrivebeskyttet"
    } else {
        "ingen adgang til at skrive i mappen"
    };
    assert_write_fails_cleanly(m.dir.path(), reason);
}

#[test]
fn an_output_in_a_missing_folder_fails_cleanly() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("findes-ikke");
    let inputs = TempDir::new().unwrap();
    let cur = inputs.path().join("nu.xlsx");
    std::fs::copy("samples/budget2018-opfoelgning-2.xlsx", &cur).unwrap();
    let out = missing.join("ud.xlsx");
    let o = opfolg()
        .args([
            "annotate".as_ref(),
            cur.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!missing.exists());
}

#[test]
fn grid_builder_still_makes_valid_workbooks() {
    // The corpus above is only meaningful if good input passes.
    let dir = TempDir::new().unwrap();
    let path = save(
        dir.path(),
        "god.xlsx",
        &[Grid::from_rows("Ark1", &[&["Aftale om budget 2018"]])],
    );
    let (code, _, err) = run_limited(&["check".as_ref(), path.as_os_str()], LIMIT_KIB);
    assert_eq!(code, 1, "S001 and exit 1: {err}");
}
