//! Renumbering among identical titles (issue 28.6): seed 000's three
//! initiatives 3.33.1–3.33.3 share the title `Tandklinikstruktur –
//! samarbejdsmodel og ekstra anlæg`. Among them an initiative is known by
//! its milestones and economy before its number.

use crate::common::{Grid, diff_planted, kinds};

const TITLE: &str = "Tandklinikstruktur – samarbejdsmodel og ekstra anlæg";

/// One of seed 000's 3.33 blocks: (purpose, details, milestones, economy).
type Block = (&'static str, &'static str, [&'static str; 4], &'static str);

const TANDKLINIK: [Block; 3] = [
    (
        "<p>Parterne er enige om, at der skal udvikles en samarbejdsmodel mellem tandplejen og tilbuddene på 0-18 års området således, at tandplejens forebyggende indsats bliver en del af det sammenhængende udviklingsforløb 0-25 år.</p>",
        "<p>Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning</p>",
        [
            "Involvering af skoler, dagtilbud og forældre planlægges og igangsættes.",
            "Samarbejds- og involveringsproces udføres på baggrund af aftaler med skoler, dagtilbud og forældre.",
            "Børn, forældre, skoler, dagtilbud og tandpleje arbejder efter de nye arbejdsgange.",
            "Erfaringer fra proces i 2018 bringes ind i 2. fase af implementeringen af klinikstrukturen.",
        ],
        "Der er ikke afsat økonomi.",
    ),
    (
        "Parterne er endvidere enige om, at det nuværende anlægsbudget på 7,75 mio. kr. i 2018 til modernisering af Ballerup Kommunes tandklinikstruktur øges med 3 mio. kr. i 2018 og 6 mio. kr. i 2019 til de nødvendige investeringer og fornyelser i forbindelse med etablering af en ny tandklinikstruktur og samarbejdsmodel for tandplejen og tilbuddene på 0-18 års området.",
        "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Skoler, Institutioner og Kultur samt Ejendomme Nedlæggelse, ombygning og renovering af tandklinikker som implementering af beslutning af ny klinikstruktur.",
        [
            "Forundersøgelser af projektering af de fysiske rammer er gennemført.",
            "Forberedelse af ombygning i Ballerup.",
            "Ombygning i Ballerup er gennemført (foregår i sommerferien).",
            "Ombygning i Ballerup er afsluttet regnskabsmæssigt.",
        ],
        "Afsat yderligere 3 mio. kr. på anlægsprojektet i 2018 og 6 mio. kr. 2019 (ombygning af tandklinikken i Skovlunde).",
    ),
    (
        "Endelig er der enighed om, at der med en ny tandklinikstruktur skal ske en effektivisering svarende til en udgiftsreduktion på 1 mio. kr. i 2019, stigende til 2,5 mio. kr. i 2021.",
        "Ansvarligt center: Social og Sundhed Ansvarligt udvalg: Børne- og Skoleudvalget Væsentlig bidragsyder: Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning Indsatsen omhandler en gennemgang af Tandplejens opgaveløsning med henblik på, at Tandplejen fremadrettet løser opgaverne på mest effektive måde.",
        [
            "Gennemgang af mulige områder i Tandplejens drift, der kan medvirke til udgiftsreduktionen.",
            "Beslutning i Børne- og Skoleudvalget om relevante områder i Tandplejens drift, der kan medvirke til effektivisering og udgiftsreduktion.",
            "Planlægning af beslutning i Børne- og Skoleudvalget.",
            "Implementering af beslutning i Børne- og Skoleudvalget.",
        ],
        "Besparselsen på 1 mio. kr. i 2019 stigende til 2,5 mio. kr. i 2021 er indregnet i driften.",
    ),
];

/// A round-1 workbook of the given (id, block) pairs in order, milestone 1
/// and the economy rated ☺. Block n starts at row 4 + 8n: header,
/// description, four milestones, economy, a blank row.
fn workbook(blocks: &[(&str, Block)]) -> Grid {
    let deadlines = [
        "1. budgetopfølgning 2018",
        "2. budgetopfølgning 2018",
        "3. budgetopfølgning 2018",
        "31.12.2018",
    ];
    let mut rows: Vec<Vec<String>> = vec![
        vec!["Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget".into()],
        vec![],
        vec!["3. Sammenhængende udviklingsforløb 0-25 år".into()],
    ];
    for (id, (purpose, details, milestones, economy)) in blocks {
        rows.push(vec![
            format!("{id}. {TITLE}"),
            "Drift".into(),
            "Tid".into(),
            "Smiley".into(),
        ]);
        rows.push(vec![(*purpose).into(), (*details).into()]);
        for (i, (m, d)) in milestones.iter().zip(deadlines).enumerate() {
            let smiley = if i == 0 { "☺" } else { "" };
            rows.push(vec!["Milepæl".into(), (*m).into(), d.into(), smiley.into()]);
        }
        rows.push(vec![
            "Økonomi".into(),
            (*economy).into(),
            "".into(),
            "☺".into(),
        ]);
        rows.push(vec![]);
    }
    let refs: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    Grid::from_rows("Ark1", &slices)
}

fn seed() -> Grid {
    workbook(&[
        ("3.33.1", TANDKLINIK[0]),
        ("3.33.2", TANDKLINIK[1]),
        ("3.33.3", TANDKLINIK[2]),
    ])
}

fn kind(k: &str, cell: &str, extra: &str) -> (String, String, String) {
    (k.into(), cell.into(), extra.into())
}

/// 3.33.2 taken out and 3.33.3 renumbered 3.33.2: a renumbering and a
/// removal, not 3.33.2 rewritten (its amount from 3 to 1 mio. kr., D004)
/// and 3.33.3 removed.
#[test]
fn one_taken_out_and_the_next_renumbered() {
    let cur = workbook(&[("3.33.1", TANDKLINIK[0]), ("3.33.2", TANDKLINIK[2])]);
    let doc = diff_planted(seed(), cur);
    assert_eq!(
        kinds(&doc),
        [
            kind("text_changed", "A12", "title"),
            kind("initiative_removed", "A12", ""),
        ],
        "{doc:#}"
    );
    let renumbered = &doc["changes"][0];
    assert_eq!(renumbered["before"], format!("3.33.3. {TITLE}"));
    assert_eq!(renumbered["after"], format!("3.33.2. {TITLE}"));
    assert_eq!(doc["changes"][1]["initiative"], "3.33.2");
    assert!(doc["findings"].as_array().unwrap().is_empty(), "{doc:#}");
}

/// Renumbered and edited in the same round (a word of a milestone, a
/// `Status:` on the economy): still the one renumbered.
#[test]
fn renumbered_and_edited() {
    let mut edited = TANDKLINIK[2];
    edited.2[2] = "Planlægning af beslutningen i Børne- og Skoleudvalget.";
    edited.3 = "Besparselsen på 1 mio. kr. i 2019 stigende til 2,5 mio. kr. i 2021 er indregnet i driften.\nStatus: Beslutningen er truffet.";
    let cur = workbook(&[("3.33.1", TANDKLINIK[0]), ("3.33.2", edited)]);
    let doc = diff_planted(seed(), cur);
    let k = kinds(&doc);
    assert_eq!(k[0], kind("text_changed", "A12", "title"), "{k:?}");
    assert!(
        k.contains(&kind("text_changed", "B16", "milestone")),
        "{k:?}"
    );
    assert!(k.contains(&kind("text_changed", "B18", "status")), "{k:?}");
    assert!(k.contains(&kind("initiative_removed", "A12", "")), "{k:?}");
    assert!(!k.iter().any(|c| c.0 == "amount_changed"), "{k:?}");
}

/// The usual round: the same numbers, texts edited. Each keeps its number.
#[test]
fn same_numbers_edited_texts_keep_their_partners() {
    let mut two = TANDKLINIK[1];
    two.2[1] = "Forberedelse af ombygning af tandklinikken i Skovlunde.";
    let mut three = TANDKLINIK[2];
    three.3 = "Besparselsen på 1 mio. kr. i 2019 stigende til 2,5 mio. kr. i 2021 er indregnet i driften.\nStatus: Besparelsen er fundet.";
    let cur = workbook(&[
        ("3.33.1", TANDKLINIK[0]),
        ("3.33.2", two),
        ("3.33.3", three),
    ]);
    let doc = diff_planted(seed(), cur);
    assert_eq!(
        kinds(&doc),
        [
            kind("text_changed", "B15", "milestone"),
            kind("text_changed", "B26", "status"),
        ],
        "{doc:#}"
    );
}

/// The blocks reordered, numbers kept: nothing changed.
#[test]
fn same_numbers_in_another_order_are_no_change() {
    let cur = workbook(&[
        ("3.33.3", TANDKLINIK[2]),
        ("3.33.1", TANDKLINIK[0]),
        ("3.33.2", TANDKLINIK[1]),
    ]);
    let doc = diff_planted(seed(), cur);
    assert!(kinds(&doc).is_empty(), "{doc:#}");
}
