//! Feeds arbitrary bytes to the whole pipeline: read (as .xlsx, .xlsb,
//! .xls or .ods, picked by the first byte), check, diff against a bundled
//! sample in both directions, and build the annotated workbook. A panic
//! inside a reader (calamine, or opfolg's .ods reader) is caught by
//! `opfolg::panics::quietly` and becomes a clean error; any other panic is a
//! bug in opfolg and aborts the run.
#![no_main]

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The other round of every diff. Not the fuzzed file itself: opfolg
/// refuses to compare a workbook with itself (same bytes) before any work.
const SAMPLE: &[u8] = include_bytes!("../../samples/budget2018-opfoelgning-1.xlsx");

/// The sample, written to a temporary file once and kept for the run.
static SAMPLE_FILE: OnceLock<tempfile::TempPath> = OnceLock::new();

fuzz_target!(
    init: {
        // libfuzzer-sys's hook (set just before `init` runs) aborts on every
        // panic, even one `opfolg::panics::quietly` catches. Let those pass
        // silently, as opfolg's own hook does; any other panic still aborts.
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !opfolg::panics::is_quiet() {
                abort(info);
            }
        }));
        let mut sample = tempfile::Builder::new()
            .prefix("opfolg-fuzz-sample-")
            .suffix(".xlsx")
            .tempfile()
            .expect("a temporary file for the sample");
        sample.write_all(SAMPLE).expect("the sample written");
        SAMPLE_FILE.get_or_init(|| sample.into_temp_path());
    },
    |data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else { return };
        let ext = ["xlsx", "xlsb", "xls", "ods"][usize::from(pick % 4)];
        let Ok(mut file) = tempfile::Builder::new().suffix(&format!(".{ext}")).tempfile() else {
            return;
        };
        if file.write_all(bytes).is_err() {
            return;
        }
        let sample: &Path = SAMPLE_FILE.get().expect("set in init");
        let s = opfolg::pipeline::Settings::danish();
        let _ = opfolg::pipeline::check(file.path(), None, &s);
        let _ = opfolg::pipeline::compare(sample, file.path(), &s);
        let _ = opfolg::pipeline::compare(file.path(), sample, &s);
        let Ok(dir) = tempfile::tempdir() else { return };
        let _ = opfolg::pipeline::annotate(file.path(), None, &dir.path().join("out.xlsx"), true, &s);
    }
);
