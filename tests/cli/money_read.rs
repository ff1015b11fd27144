//! The money read as the agreements write it (issue 27 points 2 and 3):
//! amounts over several years, additions, revised budgets (A004), and a
//! smiley its own `Status:` contradicts (A011). Each case is one
//! initiative of a workbook built here, with the seeds' texts and variants
//! of them; one `check` reads them all.

use std::collections::BTreeSet;

use tempfile::TempDir;

use super::common::{Grid, check_json, save};

/// One initiative: its description, economy text (a `Status:` paragraph
/// on its own line), economy smiley, and a milestone's smiley and text.
#[derive(Clone, Copy)]
struct Block<'a> {
    description: &'a str,
    economy: &'a str,
    economy_smiley: &'a str,
    milestone: &'a str,
    milestone_smiley: &'a str,
}

impl<'a> Block<'a> {
    /// An initiative whose milestone is met and whose economy is rated ☺.
    fn money(description: &'a str, economy: &'a str) -> Block<'a> {
        Block {
            description,
            economy,
            economy_smiley: "☺",
            milestone: "Arbejdsgruppe er nedsat.",
            milestone_smiley: "☺",
        }
    }
}

/// A round-`round` workbook of budget `year` with one initiative per
/// block, ids `3.1`, `3.2`, … (block `i` is `3.{i+1}`).
fn workbook(year: i32, round: &str, blocks: &[Block]) -> Grid {
    let title =
        format!("{round} opfølgning på Aftale om budget {year} for Børne- og Skoleudvalget");
    let mut rows: Vec<Vec<String>> = vec![vec![title], vec![]];
    for (i, b) in blocks.iter().enumerate() {
        let strings = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        rows.push(strings(&[
            &format!("3.{}. Indsats {}", i + 1, i + 1),
            "Drift",
            "Tid",
            "Smiley",
        ]));
        rows.push(strings(&[
            b.description,
            "Ansvarligt center: Skoler, Institutioner og Kultur Ansvarligt udvalg: Børne- og Skoleudvalget",
        ]));
        let deadline = format!("1. budgetopfølgning {year}");
        rows.push(strings(&[
            "Milepæl",
            b.milestone,
            &deadline,
            b.milestone_smiley,
        ]));
        rows.push(strings(&["Økonomi", b.economy, "", b.economy_smiley]));
        rows.push(vec![]);
    }
    let rows: Vec<Vec<&str>> = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    Grid::from_rows("Ark1", &rows)
}

/// The findings of `code` in a checked workbook: (initiative, cell, message).
fn findings(grid: Grid, code: &str) -> Vec<(String, String, String)> {
    let dir = TempDir::new().unwrap();
    let path = save(dir.path(), "opf.xlsx", &[grid]);
    let (doc, _) = check_json(&path, &[]);
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("initiative"), s("cell"), s("message"))
        })
        .collect()
}

/// Checks each case as one initiative of one workbook of `year` and
/// asserts which have A004.
fn assert_a004(year: i32, cases: &[(&str, &str, bool)]) {
    let blocks: Vec<Block> = cases.iter().map(|(d, e, _)| Block::money(d, e)).collect();
    let found: BTreeSet<String> = findings(workbook(year, "Første", &blocks), "A004")
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    for (i, (description, economy, want)) in cases.iter().enumerate() {
        let id = format!("3.{}", i + 1);
        assert_eq!(
            found.contains(&id),
            *want,
            "{year}: {description} / {economy}: A004 {}expected",
            if *want { "" } else { "not " }
        );
    }
}

/// Seed 000's and 001's amounts over several years, and variants: each is
/// that amount in each of its years, compared for the follow-up year.
#[test]
fn amounts_over_several_years_are_compared_for_the_follow_up_year() {
    let per_year_2019_2022 = "Der afsættes derfor årligt 0,5 mio. kr. i 2019-2022 til at imødekomme behovet for flere forløb i Familiehuset.";
    let cases_2020: &[(&str, &str, bool)] = &[
        (
            per_year_2019_2022,
            "Der er afsat 0,5 mio. kr. årligt i 2019-2022.",
            false,
        ),
        (per_year_2019_2022, "Der er afsat 0,5 mio. kr.", false),
        (
            per_year_2019_2022,
            "Der er afsat 0,5 mio. kr. i 2020.",
            false,
        ),
        (per_year_2019_2022, "Der er afsat 0,6 mio. kr.", true),
        (
            per_year_2019_2022,
            "Der er afsat 0,6 mio. kr. årligt i 2019-2022.",
            true,
        ),
        (
            "Der afsættes derfor årligt 0,5 mio. kr. i 2019-\n2022 til at imødekomme behovet.",
            "Der er afsat 0,5 mio. kr. i 2020.",
            false,
        ),
        (
            "Der er allerede afsat 3 mio. kr. i 2018 og 2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering i folkeskolen.",
            "Der er afsat 2,5 mio. kr.",
            false,
        ),
        (
            "Der er allerede afsat 3 mio. kr. i 2018 og 2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering i folkeskolen.",
            "Der er afsat 3 mio. kr.",
            true,
        ),
        (
            "Der afsættes 0,25 mio. kr. årligt fra 2018 og frem. Indsatserne koster samlet set 2,7 mio. kr.",
            "Der er afsat 0,25 mio. kr.",
            false,
        ),
        (
            "Der afsættes 0,25 mio. kr. årligt fra 2018 og frem.",
            "Der er afsat 0,3 mio. kr.",
            true,
        ),
        (
            "Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.",
            "Der er afsat 0,9 mio. kr. på ramme 30.31 Sundheds- og tandpleje.",
            false,
        ),
        (
            "Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.",
            "Der er afsat 0,762 mio. kr. på ramme 30.31 Sundheds- og tandpleje.",
            true,
        ),
        (
            "Der afsættes 1 mio. kr. i 2019. Der afsættes 3 mio. kr. årligt i perioden 2020-2022.",
            "Der er afsat 3 mio. kr. i 2020.",
            false,
        ),
        (
            "Der afsættes 1 mio. kr. i 2019. Der afsættes 3 mio. kr. årligt i perioden 2020-2022.",
            "Der er afsat 1 mio. kr.",
            true,
        ),
        (
            "Der afsættes 0,5 mio. kr. i 2017 og 2018.",
            "Der er afsat 0,4 mio. kr.",
            false,
        ),
        (
            "Der afsættes 0,5 mio. kr. i 2020 og 2021.",
            "Der er afsat 0,4 mio. kr.",
            true,
        ),
        (
            "Der afsættes årligt 0,3 mio. kr. til indkøb og drift.",
            "Der er afsat 0,3 mio. kr.",
            false,
        ),
        (
            "Der afsættes årligt 0,3 mio. kr. til indkøb og drift.",
            "Der er afsat 0,2 mio. kr.",
            true,
        ),
        (
            "Der afsættes 0,4 mio. kr. om året i 2019-22.",
            "Der er afsat 0,4 mio. kr.",
            false,
        ),
        (
            "Der afsættes 1,64 mio. kr. fra 2020 og frem.",
            "Der er afsat 1,4 mio. kr.",
            true,
        ),
    ];
    assert_a004(2020, cases_2020);
}

/// Seed 000's additions: `allerede afsat … yderligere` and `øges med` add
/// up, and each amount alone is right too; a wrong amount is still A004.
#[test]
fn additions_add_up() {
    let it = "Parterne ønsker at investere yderligere i it i folkeskolen. Der er allerede afsat 3 mio. kr. i 2018 og 2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering i folkeskolen. De nye midler skal gå til en 1:1 løsning i folkeskolens 4.-9. klasse, hvor der stilles en digital enhed til rådighed for alle børn. Der afsættes yderligere 4 mio. kr. i 2018, 5,6 mio. kr. i 2019 og 3,3 mio. kr. i 2020 og 2021.";
    let dental = "Parterne er endvidere enige om, at det nuværende anlægsbudget på 7,75 mio. kr. i 2018 til modernisering af Ballerup Kommunes tandklinikstruktur øges med 3 mio. kr. i 2018 og 6 mio. kr. i 2019 til de nødvendige investeringer og fornyelser.";
    let cases: &[(&str, &str, bool)] = &[
        (it, "Der er afsat 7 mio. kr. i 2018.", false),
        (it, "Der er afsat 4 mio. kr. i 2018.", false),
        (it, "Der er afsat 3 mio. kr. i 2018.", false),
        (it, "Der er afsat 8,1 mio. kr. i 2019.", false),
        (it, "Der er afsat 3,3 mio. kr. i 2021.", false),
        (it, "Der er afsat 6 mio. kr. i 2018.", true),
        (it, "Der er afsat 5,8 mio. kr. i 2019.", true),
        (dental, "Der er afsat 10,75 mio. kr. i 2018.", false),
        (dental, "Der er afsat 10,75 mio. kr.", false),
        (
            dental,
            "Afsat yderligere 3 mio. kr. på anlægsprojektet i 2018 og 6 mio. kr. 2019 (ombygning af tandklinikken i Skovlunde).",
            false,
        ),
        (
            dental,
            "Der er afsat 7,75 mio. kr. i 2018, og budgettet øges med 3 mio. kr. i 2018.",
            false,
        ),
        (dental, "Der er afsat 9,75 mio. kr. i 2018.", true),
        (dental, "Der er afsat 6 mio. kr. i 2019.", false),
        (
            "Der afsættes 0,8 mio. kr. i 2018 til kompetenceløft af en lærer pr. matrikel. Der afsættes ydermere 1,2 mio. kr. fra 2018 og frem til faste forløb i Uddannelse og Job.",
            "Der er afsat 2 mio. kr. i 2018.",
            false,
        ),
        (
            "Anlægsbudgettet på 5 mio. kr. i 2018 forhøjes med 1 mio. kr. i 2018.",
            "Der er afsat 6 mio. kr.",
            false,
        ),
        // Two amounts without an addition word are two readings, not a sum.
        (
            "Der afsættes 3 mio. kr. i 2018 til skolerne. Der afsættes 4 mio. kr. i 2018 til klubberne.",
            "Der er afsat 7 mio. kr.",
            true,
        ),
    ];
    assert_a004(2018, cases);
}

/// The false A004 of the issue, now a sum; and the message of a real one
/// shows how the description adds up.
#[test]
fn an_addition_is_shown_as_its_sum() {
    let it = "Der er allerede afsat 3 mio. kr. i 2018 og 2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering i folkeskolen. Der afsættes yderligere 4 mio. kr. i 2018, 5,6 mio. kr. i 2019 og 3,3 mio. kr. i 2020 og 2021.";
    let blocks = [Block::money(it, "Der er afsat 6 mio. kr. i 2018.")];
    let found = findings(workbook(2018, "Første", &blocks), "A004");
    assert_eq!(found.len(), 1, "{found:?}");
    let (id, cell, message) = &found[0];
    assert_eq!((id.as_str(), cell.as_str()), ("3.1", "B6"));
    assert_eq!(
        message,
        "Økonomien nævner 6 mio. kr. i 2018, men beskrivelsen afsætter 3 mio. kr. + 4 mio. kr. = 7 mio. kr.: ret beløbet eller beskrivelsen"
    );
}

/// A budget the council changed is the new baseline: no A004 round after
/// round while the economy row says so, in its text or its status; the
/// same amount without those words is A004 in every round.
#[test]
fn a_revised_budget_is_the_new_baseline_round_after_round() {
    let description = "Parterne er enige om at afsætte 0,762 mio. kr. i 2018, 0,938 mio. kr. i 2019 og 0,9 mio. kr. i 2020 og frem.";
    let cases: &[(&str, bool)] = &[
        ("Korrigeret budget 2018: 0,9 mio. kr.", false),
        (
            "Der er afsat 0,9 mio. kr. i 2018 jf. KB-beslutning af 23. april 2018.",
            false,
        ),
        (
            "Der er afsat 0,9 mio. kr. i 2018 (budgettet er ændret ved 1. budgetopfølgning).",
            false,
        ),
        ("Det korrigerede budget er 0,9 mio. kr. i 2018.", false),
        (
            "Der er afsat 0,9 mio. kr. i 2018.\nStatus: Budgettet er korrigeret jf. KB-beslutning.",
            false,
        ),
        (
            "Der er afsat 0,9 mio. kr. i 2018, godkendt af Kommunalbestyrelsen ved en tillægsbevilling.",
            false,
        ),
        ("Der er afsat 0,9 mio. kr. i 2018.", true),
        (
            "Der er afsat 0,9 mio. kr. i 2018.\nStatus: Økonomien overholdes.",
            true,
        ),
        (
            "Der er afsat 0,9 mio. kr. i 2018. Budgettet er ikke ændret ved budgetopfølgningen.",
            true,
        ),
    ];
    for round in ["Anden", "Tredje"] {
        let blocks: Vec<Block> = cases
            .iter()
            .map(|(e, _)| Block::money(description, e))
            .collect();
        let found: BTreeSet<String> = findings(workbook(2018, round, &blocks), "A004")
            .into_iter()
            .map(|(id, _, _)| id)
            .collect();
        for (i, (economy, want)) in cases.iter().enumerate() {
            assert_eq!(
                found.contains(&format!("3.{}", i + 1)),
                *want,
                "{round}: {economy}"
            );
        }
    }
}

/// Issue 27 point 3: an economy ☺ whose status reports an overspend with an
/// amount, an economy ☹ whose status says the budget is kept, a milestone
/// ☺ whose status says postponed or not started — and their negations.
#[test]
fn a_smiley_its_status_contradicts_is_a011() {
    let description = "Der afsættes 6 mio. kr. i 2019.";
    let eco = |economy_smiley: &'static str, economy: &'static str| Block {
        economy_smiley,
        economy,
        ..Block::money(description, "")
    };
    let ms = |milestone_smiley: &'static str, milestone: &'static str| Block {
        milestone_smiley,
        milestone,
        ..Block::money(description, "Der er afsat 6 mio. kr.")
    };
    let cases: Vec<(Block, Option<&str>)> = vec![
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der forventes et merforbrug på 0,5 mio. kr. i 2019.",
            ),
            Some("D6"),
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Budgettet overskrides med 300.000 kr.",
            ),
            Some("D11"),
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der ses et merforbrug på 1,2 mio. kr. som ligger ud over bevillingsrammen.",
            ),
            Some("D16"),
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der forventes intet merforbrug.",
            ),
            None,
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der er ingen overskridelse af rammen på 6 mio. kr.",
            ),
            None,
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der forventes ikke et merforbrug på 0,5 mio. kr.",
            ),
            None,
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Der ses i forbindelse med visitationen i januar en stagnerende anvendelse af specialiseret undervisning i forhold til 2018, dog forventes fortsat et mindre merforbrug som ligger ud over bevillingsrammen.",
            ),
            None,
        ),
        (
            eco(
                "☺",
                "Der er afsat 6 mio. kr.\nStatus: Et merforbrug på 0,2 mio. kr. dækkes af centrets ramme, så budgettet overholdes.",
            ),
            None,
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Økonomien overholdes.",
            ),
            Some("D46"),
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Budgettet forventes overholdt.",
            ),
            Some("D51"),
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Budgettet overholdes ikke.",
            ),
            None,
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Det forventes at være svært at overholde budgettet på Fællesskabsmodellen.",
            ),
            None,
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Budgettet forventes ikke overholdt; der er et merforbrug på 0,5 mio. kr.",
            ),
            None,
        ),
        (
            eco(
                "☹",
                "Der er afsat 6 mio. kr.\nStatus: Budgettet overholdes, men besparelsen på 1 mio. kr. opnås ikke i 2019.",
            ),
            None,
        ),
        (
            ms(
                "☺",
                "Midtvejsevaluering er gennemført.\nStatus: Midtvejsevalueringen er udskudt, da de frivillige rådgivere ikke har kunnet afsætte tid før efter sommerferien.",
            ),
            Some("D75"),
        ),
        (
            ms(
                "☺",
                "Arbejdet igangsættes.\nStatus: Arbejdet er endnu ikke påbegyndt.",
            ),
            Some("D80"),
        ),
        (
            ms(
                "☺",
                "Projektet igangsættes.\nStatus: Projektet er ikke igangsat.",
            ),
            Some("D85"),
        ),
        (
            ms(
                "☺",
                "Evalueringen gennemføres.\nStatus: Evalueringen udskydes til efteråret.",
            ),
            Some("D90"),
        ),
        (
            ms(
                "☺",
                "Evalueringen gennemføres.\nStatus: Evalueringen er ikke udskudt og er gennemført.",
            ),
            None,
        ),
        (
            ms(
                "☺",
                "Evalueringen gennemføres.\nStatus: Evalueringen udskydes ikke.",
            ),
            None,
        ),
        (
            ms(
                "☺",
                "Pilotprojektet igangsættes.\nStatus: Pilotprojektet i Distrikt Skovlunde er i gang.",
            ),
            None,
        ),
        (
            ms(
                "😐",
                "Midtvejsevaluering er gennemført.\nStatus: Midtvejsevalueringen er udskudt til efter sommerferien.",
            ),
            None,
        ),
        (
            ms(
                "☹",
                "Arbejdet igangsættes.\nStatus: Arbejdet er endnu ikke påbegyndt.",
            ),
            None,
        ),
    ];
    let blocks: Vec<Block> = cases.iter().map(|(b, _)| *b).collect();
    let found = findings(workbook(2019, "Første", &blocks), "A011");
    for (i, (block, want)) in cases.iter().enumerate() {
        let id = format!("3.{}", i + 1);
        let got: Vec<&str> = found
            .iter()
            .filter(|f| f.0 == id)
            .map(|f| f.1.as_str())
            .collect();
        let status = format!(
            "{} {} / {} {}",
            block.economy_smiley, block.economy, block.milestone_smiley, block.milestone
        );
        assert_eq!(
            got,
            want.iter().copied().collect::<Vec<_>>(),
            "{id}: {status}"
        );
    }
}

/// The message names the smiley and quotes the status.
#[test]
fn a011_names_the_smiley_and_quotes_the_status() {
    let blocks = [Block {
        economy_smiley: "☺",
        ..Block::money(
            "Der afsættes 6 mio. kr. i 2019.",
            "Der er afsat 6 mio. kr.\nStatus: Der forventes et merforbrug på 0,5 mio. kr. i 2019. Det dækkes ved 2. budgetopfølgning.",
        )
    }];
    let found = findings(workbook(2019, "Første", &blocks), "A011");
    assert_eq!(
        found,
        vec![(
            "3.1".to_string(),
            "D6".to_string(),
            "Økonomien er givet ☺ (budget overholdt), men status melder et merforbrug (`Der forventes et merforbrug på 0,5 mio. kr. i 2019.`): giv ☹, hvis budgettet ikke holder, eller ret status".to_string()
        )]
    );
}
