//! Feeds arbitrary bytes to the whole pipeline: read (as .xlsx, .xlsb,
//! .xls or .ods, picked by the first byte), check, diff against a bundled
//! sample in both directions, and build the annotated workbook. A panic
//! inside a reader (calamine, or opfolg's .ods reader) is caught by
//! `opfolg::panics::quietly` and becomes a clean error; any other panic is a
//! bug in opfolg and aborts the run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opfolg::input::Input;

/// The other round of every diff. Not the fuzzed file itself: opfolg
/// refuses to compare a workbook with itself (same bytes) before any work.
const SAMPLE: &[u8] = include_bytes!("../../samples/budget2018-opfoelgning-1.xlsx");

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
    },
    |data: &[u8]| {
        let Some((&pick, bytes)) = data.split_first() else { return };
        let ext = ["xlsx", "xlsb", "xls", "ods"][usize::from(pick % 4)];
        // The core reads bytes: no file is written.
        let file = Input::new(format!("fuzz.{ext}"), bytes.to_vec());
        let sample = Input::new("sample.xlsx", SAMPLE.to_vec());
        let s = opfolg::pipeline::Settings::danish(opfolg::pipeline::Clock::from_millis(0, 0));
        let _ = opfolg::pipeline::check(&file, None, &s);
        let _ = opfolg::pipeline::compare(&sample, &file, &s);
        let _ = opfolg::pipeline::compare(&file, &sample, &s);
        let _ = opfolg::pipeline::annotate(&file, None, false, &s);
    }
);
