//! The lossless tests' package compare as a command, for the corpus script
//! (`scripts/corpus.sh`) and for anyone who wants proof on their own file:
//!
//!     cargo run --release --example package_compare -- IN.xlsx OUT.xlsx [--handout]
//!
//! Prints every problem (a part, cell, setting or note lost or changed, or
//! a written part Excel would reject) and exits 1 if there is any.

#[path = "../tests/cli/common/package.rs"]
mod package;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output, rest @ ..] = args.as_slice() else {
        eprintln!("usage: package_compare IN OUT [--handout]");
        std::process::exit(2);
    };
    let handout = rest.iter().any(|a| a == "--handout");
    let allow = package::Allow {
        smileys: true,
        fills: handout,
        title: None,
    };
    let problems = package::compare(input.as_ref(), output.as_ref(), allow);
    for p in &problems {
        println!("{p}");
    }
    let (same, parts) = package::identical_parts(input.as_ref(), output.as_ref());
    let verdict = if problems.is_empty() {
        "kept whole"
    } else {
        "LOST"
    };
    eprintln!("{verdict}; {same} of {parts} parts byte-identical");
    std::process::exit(i32::from(!problems.is_empty()));
}
