//! Feeds arbitrary bytes to the whole pipeline: read (as .xlsx, .xlsb,
//! .xls or .ods, picked by the first byte), check, diff against itself, and
//! build the annotated workbook. Any panic outside calamine is a bug in
//! opfolg (calamine's own panics are caught and become a clean error).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use opfolg::template::Template;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xlsb", "xls", "ods"][usize::from(pick % 4)];
    let Ok(mut file) = tempfile::Builder::new().suffix(&format!(".{ext}")).tempfile() else { return };
    if file.write_all(bytes).is_err() {
        return;
    }
    let t = Template::danish();
    let Ok(read) = opfolg::read::read_for_copy(file.path(), &t, Default::default()) else { return };
    let changes = opfolg::diff::diff(&read.workbook, &read.workbook);
    let findings = opfolg::validate::check(&read.workbook, &t, &read.malformed, Some(&changes));
    let raw = read.raw.as_ref().expect("read_for_copy keeps the cells");
    let annotation = opfolg::write::Annotation {
        t: &t,
        current: &read.workbook,
        raw,
        previous: Some(&read.workbook),
        changes: &changes,
        findings: &findings,
    };
    let _ = opfolg::write::build(&annotation).and_then(|mut wb| wb.save_to_buffer());
});
