//! Feeds arbitrary bytes to the whole pipeline: read (as .xlsx, .xlsb,
//! .xls or .ods, picked by the first byte), check, diff against itself, and
//! build the annotated workbook. Any panic outside calamine is a bug in
//! opfolg (calamine's own panics are caught and become a clean error).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let ext = ["xlsx", "xlsb", "xls", "ods"][usize::from(pick % 4)];
    let Ok(mut file) = tempfile::Builder::new().suffix(&format!(".{ext}")).tempfile() else { return };
    if file.write_all(bytes).is_err() {
        return;
    }
    let s = opfolg::pipeline::Settings::danish();
    let _ = opfolg::pipeline::check(file.path(), None, &s);
    let _ = opfolg::pipeline::compare(file.path(), file.path(), &s);
    let Ok(dir) = tempfile::tempdir() else { return };
    let _ = opfolg::pipeline::annotate(file.path(), None, &dir.path().join("out.xlsx"), true, &s);
});
