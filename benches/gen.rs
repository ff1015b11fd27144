//! Synthetic follow-up workbooks for the benchmark: a previous/current pair
//! in the block layout with N initiatives (four milestones and one economy
//! row each, texts of realistic length), deterministic for a given N.
//!
//!     cargo run --release --example bench_gen -- N OUT_DIR [heavy]
//!
//! writes OUT_DIR/prev-N.xlsx and OUT_DIR/cur-N.xlsx. Between them, about
//! 10% of the smileys change, 5% of the texts are edited, 2% of the amounts
//! change, and 1% of the initiatives are added or removed.
//!
//! With `heavy` (files `prev-N-heavy.xlsx`, `cur-N-heavy.xlsx`) most rows
//! carry findings, and so notes: half the smileys are 😐 or ☹ and none has
//! a `Status:` note (M008), and most economy rows of the current round have
//! no smiley (A001) — the worst case for writing notes.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A small deterministic generator (xorshift), so runs are comparable;
/// it also carries whether the workbook is the finding-heavy one.
struct Rng(u64, bool);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn heavy(&self) -> bool {
        self.1
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(1000) < percent * 10
    }
}

const WORDS: &[&str] = &[
    "Børne- og Skoleudvalget",
    "forelægges",
    "en",
    "analyse",
    "af",
    "den",
    "specialiserede",
    "undervisning",
    "og",
    "sundhedsplejen",
    "dagtilbud",
    "samarbejde",
    "med",
    "forældrene",
    "om",
    "deres",
    "børns",
    "trivsel",
    "indsatsen",
    "evalueres",
    "i",
    "foråret",
    "midlerne",
    "udmøntes",
    "på",
    "ramme",
    "distrikterne",
    "kompetenceudvikling",
    "er",
    "igangsat",
    "planlægges",
    "afsluttet",
    "status",
    "for",
    "arbejdet",
    "skoler",
    "institutioner",
    "kultur",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words)
        .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize])
        .collect();
    s[0] = "Der";
    format!("{}.", s.join(" "))
}

const SMILEYS: [&str; 3] = ["☺", "😐", "☹"];

/// A smiley as offices give them: mostly ☺; 😐 and ☹ come with a
/// `Status:` note, except now and then (a realistic mistake).
fn rate(rng: &mut Rng, text: &mut String) -> String {
    let s = match (rng.below(20), rng.heavy()) {
        (0..=15, false) | (0..=9, true) => 0,
        (16..=18, false) | (10..=15, true) => 1,
        _ => 2,
    };
    if s > 0 && !rng.chance(5) && !rng.heavy() {
        text.push_str(&format!(" Status: {}", sentence(rng, 14)));
    }
    SMILEYS[s].to_string()
}

/// One initiative as the cells of its seven rows.
struct Block {
    id: String,
    rows: Vec<[String; 4]>,
}

fn block(rng: &mut Rng, n: usize) -> Block {
    let id = format!("{}.{:02}", 3 + n / 100, n % 100 + 1);
    let amount = format!("{},{} mio. kr.", rng.below(9), rng.below(1000));
    let purpose = format!(
        "{} Parterne er enige om at afsætte {amount} i 2018. {}",
        sentence(rng, 40),
        sentence(rng, 60)
    );
    let details = format!(
        "Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Social og Sundhed {}",
        sentence(rng, 30)
    );
    let mut rows = vec![
        [
            format!("{id}. {}", sentence(rng, 6)),
            "Drift".into(),
            "Tid".into(),
            "Smiley".into(),
        ],
        [purpose, details, String::new(), String::new()],
    ];
    let deadlines = [
        "1. budgetopfølgning 2018",
        "2. budgetopfølgning 2018",
        "3. budgetopfølgning 2018",
        "31.12.2018",
    ];
    for (i, d) in deadlines.iter().enumerate() {
        // The first round rates the milestones due in it; `evolve` rates
        // the next round's.
        let mut text = sentence(rng, 18);
        let smiley = if i == 0 {
            rate(rng, &mut text)
        } else {
            String::new()
        };
        rows.push(["Milepæl".into(), text, d.to_string(), smiley]);
    }
    rows.push([
        "Økonomi".into(),
        format!("Der er afsat {amount} på ramme 30.31."),
        String::new(),
        "☺".into(),
    ]);
    Block { id, rows }
}

/// The current round: smileys, texts and amounts changed, initiatives added
/// and removed, at the rates above.
fn evolve(prev: &[Block], rng: &mut Rng) -> Vec<Block> {
    let mut out = Vec::new();
    for b in prev {
        if rng.chance(1) {
            continue; // removed
        }
        let mut rows = b.rows.clone();
        // The current round rates its milestones (the second ones).
        let mut text = rows[3][1].clone();
        rows[3][3] = rate(rng, &mut text);
        rows[3][1] = text;
        // About 10% of the smileys of the rows due before (milestone 1,
        // the economy) change, and 5% of the texts get a status note.
        for i in [2, 6] {
            if rng.chance(10) {
                let mut text = rows[i][1].clone();
                let s = rate(rng, &mut text);
                // The economy is ☺ or ☹ only.
                rows[i][3] = if i == 6 && s == SMILEYS[1] {
                    SMILEYS[2].into()
                } else {
                    s
                };
                rows[i][1] = text;
            }
        }
        for row in rows.iter_mut().skip(2) {
            if rng.chance(5) && !row[1].contains("Status:") {
                row[1] = format!("{} Status: {}", row[1], sentence(rng, 12));
            }
        }
        if rng.heavy() && rng.chance(70) {
            rows[6][3] = String::new();
        }
        if rng.chance(2) {
            let last = rows.len() - 1;
            rows[last][1] = format!(
                "Der er afsat {},{} mio. kr. på ramme 30.31.",
                rng.below(9),
                rng.below(1000)
            );
        }
        out.push(Block {
            id: b.id.clone(),
            rows,
        });
        if rng.chance(1) {
            let mut added = block(rng, 9000 + out.len());
            added.id = format!("9.{}", out.len());
            added.rows[0][0] = format!("{}. {}", added.id, sentence(rng, 6));
            out.push(added);
        }
    }
    out
}

fn write(path: &Path, title: &str, blocks: &[Block]) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let wrap = Format::new().set_text_wrap();
    ws.write_string(0, 0, title)?;
    let mut r = 2u32;
    for b in blocks {
        for row in &b.rows {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string_with_format(r, c as u16, text, &wrap)?;
                }
            }
            r += 1;
        }
        r += 1;
    }
    wb.save(path)
}

fn main() -> Result<(), XlsxError> {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .expect("usage: bench_gen N OUT_DIR");
    let dir = std::path::PathBuf::from(args.next().expect("usage: bench_gen N OUT_DIR [heavy]"));
    let heavy = args.next().is_some_and(|a| a == "heavy");
    let suffix = if heavy { "-heavy" } else { "" };
    std::fs::create_dir_all(&dir).map_err(XlsxError::IoError)?;
    let mut rng = Rng(0x5eed ^ n as u64, heavy);
    let prev: Vec<Block> = (0..n).map(|i| block(&mut rng, i)).collect();
    let cur = evolve(&prev, &mut rng);
    write(
        &dir.join(format!("prev-{n}{suffix}.xlsx")),
        "Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        &prev,
    )?;
    write(
        &dir.join(format!("cur-{n}{suffix}.xlsx")),
        "Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
        &cur,
    )?;
    Ok(())
}
