//! The rules that read what the texts say: A004 (the economy's amounts
//! against what the description sets aside, year by year) and A011 (a
//! smiley against its own `Status:`). Their lines are in the one table,
//! `rules::RULES`.

use super::rules::{each_initiative, id};
use super::{Ctx, Findings};
use crate::model::{Amount, Economy, Initiative, Smiley, Years};
use crate::parse::amount::{find_amounts, speaks_of_saving};
use crate::parse::says::{Said, says, says_any};
use crate::parse::years::for_year;
use crate::template::Template;

/// An economy amount that nothing the description sets aside for its year
/// comes to. The year compared is the follow-up year where the amount is
/// for it (`0,5 mio. kr. årligt i 2019-2022` in 2020), else the first year
/// it names (`6 mio. kr. i 2019` in a 2018 workbook). The description's
/// amounts for that year count each and, where one adds to the others
/// (`yderligere`, `øges med`), summed; so do the economy's own. A saving
/// (template `saving_words`) matches with or without its minus. No A004
/// where the economy says its budget was changed by the council (template
/// `revision_words`: `korrigeret budget`, `jf. KB-beslutning`): that is the
/// new baseline, round after round; nor where its `Status:` names an
/// amount (the change is explained there).
pub(super) fn a004(ctx: &Ctx, f: &mut Findings) {
    let Some(year) = ctx.wb.year() else { return };
    each_initiative(ctx, |ini| {
        let (Some(desc), Some(eco)) = (&ini.description, ini.economy.first()) else {
            return;
        };
        // Whether the texts speak of a saving, or of a revised budget: read
        // only when an amount differs (most do not).
        let mut saving: Option<bool> = None;
        for mention in &eco.amounts {
            let y = compared_year(&mention.years, year);
            let set_aside = for_year(&desc.amounts, y);
            if set_aside.is_empty() {
                continue;
            }
            let own_total = for_year(&eco.amounts, y).total;
            let found = |exact: bool| {
                let same = |a: Amount, d: Amount| {
                    a == d || (!exact && a.ore.unsigned_abs() == d.ore.unsigned_abs())
                };
                std::iter::once(mention.amount)
                    .chain(own_total)
                    .any(|a| set_aside.readings().any(|d| same(a, d)))
            };
            if found(true) {
                continue;
            }
            let saving = *saving.get_or_insert_with(|| {
                speaks_of_saving(&desc.purpose.text, ctx.t)
                    || speaks_of_saving(&eco.text.text, ctx.t)
            });
            if (saving && found(false)) || explained(eco, ctx.t) {
                return;
            }
            let args = [
                ("found", mention.amount.to_string()),
                ("year", y.to_string()),
                ("expected", set_aside.to_string()),
            ];
            f.add(mention.cell.unwrap_or(eco.text_cell), id(ini), None, &args);
            return;
        }
    });
}

/// The year an economy amount is compared for: the follow-up year where
/// it is for that year (or names none), else the first year it names.
fn compared_year(years: &Years, year: i32) -> i32 {
    match years.first() {
        Some(first) if !years.covers(year) => first,
        _ => year,
    }
}

/// Whether a differing economy amount is explained: its `Status:` names an
/// amount, or the row says the council changed its budget.
fn explained(eco: &Economy, t: &Template) -> bool {
    let status = eco.text.status.as_deref().unwrap_or("");
    !find_amounts(status, t).mentions.is_empty()
        || says_any(&eco.text.text, &t.amounts.revision_words, t)
        || says_any(status, &t.amounts.revision_words, t)
}

/// The longest part of a status quoted in a message, in characters.
const QUOTE: usize = 160;

/// A smiley its own `Status:` contradicts: an economy ☺ (budget kept)
/// whose status reports an overspend with an amount (`merforbrug på 0,5
/// mio. kr.`) and does not also say the budget is kept; an economy ☹
/// whose status says the budget is kept and reports no overspend and no
/// saving missed; a milestone ☺ whose status says it is postponed or not
/// started. Negated words (`intet merforbrug`, `ikke udskudt`) say the
/// opposite. At the smiley, quoting the status's sentence.
pub(super) fn a011(ctx: &Ctx, f: &mut Findings) {
    let t = ctx.t;
    // The template's phrases of a milestone not done, gathered once.
    let not_done: Vec<String> = t
        .status
        .postponed
        .iter()
        .chain(&t.status.not_started)
        .cloned()
        .collect();
    each_initiative(ctx, |ini| {
        for e in &ini.economy {
            economy_against_status(ini, e, t, f);
        }
        for (i, m) in ini.milestones.iter().enumerate() {
            let Some(status) = m.text.status.as_deref() else {
                continue;
            };
            if m.smiley.smiley() != Some(Smiley::Happy) {
                continue;
            }
            if let Some(said) = says(status, &not_done, t).first() {
                let args = quoted(said);
                f.add_as("A011_milestone", m.smiley_cell, id(ini), Some(i + 1), &args);
            }
        }
    });
}

fn economy_against_status(ini: &Initiative, e: &Economy, t: &Template, f: &mut Findings) {
    let Some(status) = e.text.status.as_deref() else {
        return;
    };
    let words = &t.status;
    match e.smiley.smiley() {
        Some(Smiley::Happy) => {
            let overspend = says(status, &words.overspend, t);
            if let Some(said) = overspend.iter().find(|s| s.with_amount)
                && !says_any(status, &words.kept, t)
            {
                f.add(e.smiley_cell, id(ini), None, &quoted(said));
            }
        }
        Some(Smiley::Sad) => {
            let kept = says(status, &words.kept, t);
            if let Some(said) = kept.first()
                && !says_any(status, &words.overspend, t)
                && !speaks_of_saving(status, t)
            {
                f.add_as("A011_kept", e.smiley_cell, id(ini), None, &quoted(said));
            }
        }
        _ => {}
    }
}

/// The message's arguments: the sentence said, cut to [`QUOTE`] characters.
fn quoted(said: &Said) -> [(&'static str, String); 2] {
    let mut sentence: String = said.sentence.chars().take(QUOTE).collect();
    if said.sentence.chars().count() > QUOTE {
        sentence.push('…');
    }
    [("said", sentence), ("words", said.words.to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::years::ForYear;

    #[test]
    fn the_year_compared() {
        assert_eq!(compared_year(&Years::Unnamed, 2019), 2019);
        assert_eq!(compared_year(&Years::Every, 2019), 2019);
        assert_eq!(compared_year(&Years::Listed(vec![2019, 2020]), 2020), 2020);
        assert_eq!(compared_year(&Years::Listed(vec![2019]), 2018), 2019);
        assert_eq!(compared_year(&Years::From(2018), 2021), 2021);
        assert_eq!(compared_year(&Years::From(2020), 2019), 2020);
    }

    #[test]
    fn what_a_year_comes_to_is_shown_as_its_sum() {
        let t = Template::danish();
        let text = "Der er allerede afsat 3 mio. kr. i 2018 og 2,5 mio. kr. i hvert af årene 2019 og 2020 til it-opgradering i folkeskolen. De nye midler skal gå til en 1:1 løsning. Der afsættes yderligere 4 mio. kr. i 2018, 5,6 mio. kr. i 2019 og 3,3 mio. kr. i 2020 og 2021.";
        let amounts = find_amounts(text, &t).mentions;
        let shown = |y| for_year(&amounts, y).to_string();
        assert_eq!(shown(2018), "3 mio. kr. + 4 mio. kr. = 7 mio. kr.");
        assert_eq!(shown(2019), "2,5 mio. kr. + 5,6 mio. kr. = 8,1 mio. kr.");
        assert_eq!(shown(2020), "2,5 mio. kr. + 3,3 mio. kr. = 5,8 mio. kr.");
        assert_eq!(shown(2021), "3,3 mio. kr.");
        // The same amount said twice for a year is shown once.
        let twice = find_amounts(
            "Der afsættes 1 mio. kr. i 2019. Heraf anvendes 1 mio. kr. hvert år.",
            &t,
        )
        .mentions;
        assert_eq!(for_year(&twice, 2019).to_string(), "1 mio. kr.");
        assert_eq!(for_year(&amounts, 2022), ForYear::default());
    }
}
