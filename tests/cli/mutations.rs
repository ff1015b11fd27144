//! Mutated workbooks: whatever the bytes, reading, checking, comparing and
//! annotating return a result or a clean error, never a panic.

use std::io::Write;

use proptest::prelude::*;

const SAMPLES: [&str; 4] = [
    "samples/budget2018-opfoelgning-2.xlsx",
    "samples/budget2025-bilag-a-ny.xlsx",
    "tests/fixtures/clean-opf1.xls",
    "tests/fixtures/clean-opf1.ods",
];

/// How to damage a workbook.
#[derive(Debug, Clone)]
enum Damage {
    /// Overwrite bytes at these (fractional position, value) pairs.
    Flip(Vec<(f64, u8)>),
    /// Keep only this fraction of the file.
    Truncate(f64),
    /// Copy a slice of the file over another place.
    Splice(f64, f64, f64),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        prop::collection::vec((0.0..1.0f64, any::<u8>()), 1..16).prop_map(Damage::Flip),
        (0.0..1.0f64).prop_map(Damage::Truncate),
        (0.0..1.0f64, 0.0..1.0f64, 0.0..0.2f64).prop_map(|(a, b, n)| Damage::Splice(a, b, n)),
    ]
}

fn apply(bytes: &[u8], d: &Damage) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = |f: f64, len: usize| ((f * len as f64) as usize).min(len.saturating_sub(1));
    match d {
        Damage::Flip(flips) => {
            for (f, v) in flips {
                let i = at(*f, out.len());
                out[i] = *v;
            }
        }
        Damage::Truncate(f) => out.truncate(at(*f, bytes.len())),
        Damage::Splice(from, to, n) => {
            let len = ((n * bytes.len() as f64) as usize).max(1);
            let (a, b) = (at(*from, bytes.len()), at(*to, bytes.len()));
            for k in 0..len {
                if a + k < bytes.len() && b + k < out.len() {
                    out[b + k] = bytes[a + k];
                }
            }
        }
    }
    out
}

/// The whole pipeline on one file, through the library's own entry
/// points; errors are fine, panics are not.
fn pipeline(path: &std::path::Path, previous: &std::path::Path) {
    let s = opfolg::pipeline::Settings::danish(opfolg::pipeline::Clock::from_millis(0, 0));
    let (path, previous) = (crate::common::input(path), crate::common::input(previous));
    let _ = opfolg::pipeline::check(&path, Some(&previous), &s);
    let _ = opfolg::pipeline::compare(&previous, &path, &s);
    let _ = opfolg::pipeline::annotate(&path, Some(previous.clone()), false, &s);
    let _ = opfolg::pipeline::new_round(&path, &s);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn mutated_workbooks_never_panic(sample in 0..SAMPLES.len(), d in damage()) {
        let path = SAMPLES[sample];
        let bytes = std::fs::read(path).unwrap();
        let ext = std::path::Path::new(path).extension().unwrap().to_string_lossy().into_owned();
        let mut file = tempfile::Builder::new().suffix(&format!(".{ext}")).tempfile().unwrap();
        file.write_all(&apply(&bytes, &d)).unwrap();
        pipeline(file.path(), std::path::Path::new(path));
    }
}
