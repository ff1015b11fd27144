//! The money overview's figures: what each initiative sets aside for the
//! follow-up year, what it set aside in the previous round, the overspend
//! its economy row's `Status:` names; for an amount table, its rows summed
//! per financing source, and a postpone/cancel list's totals. Amounts are
//! øre, added as integers; `money_sheet` writes them on `Overblik`,
//! `write::overview` in the department's `Overblik-alle`.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;

use crate::diff::Comparison;
use crate::model::{
    Amount, AmountMention, AmountTable, CellRef, Initiative, Round, Smiley, Workbook, Years,
};
use crate::parse::amount::find_amounts;
use crate::parse::text::{cached_regex, fold};
use crate::template::Template;

/// How the overview writes amounts: the unit one cell's number counts
/// (`mio. kr.`: an amount of 762.000 kr. is the number 0,762) and the
/// number format that shows it (`#,##0.0## "mio. kr."`), so a cell holds a
/// number Excel can sum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// What one in a cell is worth in kr.
    pub kr: i64,
    /// The unit's word, as the template writes it.
    pub word: String,
    /// The cells' number format.
    pub format: String,
}

impl Unit {
    /// The unit the template's `[money]` section names (an `[amounts]`
    /// unit's word; kr. if it names none of them).
    pub fn of_template(t: &Template) -> Unit {
        let kr = t
            .amounts
            .units
            .iter()
            .find(|u| u.word == t.money.unit)
            .map_or(1, |u| u.kr);
        Unit::new(kr, &t.money.unit, t)
    }

    /// The unit worth `kr` (an amount table's): its first word among the
    /// template's units.
    pub fn worth(kr: i64, t: &Template) -> Unit {
        let word = t
            .amounts
            .units
            .iter()
            .find(|u| u.kr == kr)
            .map_or("kr.", |u| u.word.as_str());
        Unit::new(kr, word, t)
    }

    fn new(kr: i64, word: &str, t: &Template) -> Unit {
        let format = if kr > 1 {
            &t.money.number_format
        } else {
            &t.money.number_format_kr
        };
        Unit {
            kr: kr.max(1),
            word: word.to_string(),
            format: format.replace("{unit}", word),
        }
    }

    /// A chart's value axis' format: the cells' number without the unit
    /// (the chart's title names it).
    pub fn axis_format(&self) -> String {
        self.format
            .split('"')
            .next()
            .map_or("General", str::trim)
            .to_string()
    }

    /// The number a cell holds for `a`: exact øre divided once, a float
    /// only as Excel keeps it.
    pub fn number(&self, a: Amount) -> f64 {
        a.ore as f64 / (self.kr as f64 * 100.0)
    }
}

/// One initiative's money.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IniMoney {
    /// Its id (`3.01`), if it has one.
    pub id: Option<String>,
    /// Its title.
    pub title: String,
    /// Its header's first cell in the current workbook (`None` for one of
    /// the previous round that is gone).
    pub header: Option<CellRef>,
    /// Its responsible center, if named.
    pub center: Option<String>,
    /// Its economy smiley this round, ☺ or ☹ (a 😐 there is A002: none).
    pub smiley: Option<Smiley>,
    /// What it sets aside for the follow-up year (see [`set_aside`]).
    pub set_aside: Option<Amount>,
    /// The cell that amount stands in (the economy text, the amount's own
    /// cell or the description), else the economy text's; `None` for an
    /// initiative of the previous round that is gone.
    pub cell: Option<CellRef>,
    /// What it set aside in the previous round, when there is one.
    pub before: Option<Amount>,
    /// The overspend its economy row's `Status:` names (see [`overspend`]).
    pub overspend: Option<Amount>,
    /// An initiative of the previous round that is gone: its amount then
    /// is `before`, none now.
    pub removed: bool,
}

/// The money of a follow-up workbook's initiatives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Money {
    /// The follow-up year the amounts are for.
    pub year: Option<i32>,
    /// The round the smileys are of.
    pub round: Option<Round>,
    /// Whether a previous round was compared (the before and the change).
    pub compared: bool,
    /// Each initiative once, in the workbook's order, then those of the
    /// previous round that are gone.
    pub initiatives: Vec<IniMoney>,
}

/// The money of a set of initiatives added up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// Set aside by the initiatives whose economy is ☺.
    pub happy: Amount,
    /// Set aside by those whose economy is ☹.
    pub sad: Amount,
    /// Set aside by all of them.
    pub set_aside: Amount,
    /// Set aside by all of them in the previous round.
    pub before: Amount,
    /// The overspends their statuses name.
    pub overspend: Amount,
}

fn add(a: &mut Amount, b: Option<Amount>) {
    a.ore = a.ore.saturating_add(b.map_or(0, |b| b.ore));
}

impl Sums {
    /// Adds an initiative's money.
    pub fn add(&mut self, i: &IniMoney) {
        match i.smiley {
            Some(Smiley::Happy) => add(&mut self.happy, i.set_aside),
            Some(Smiley::Sad) => add(&mut self.sad, i.set_aside),
            _ => {}
        }
        add(&mut self.set_aside, i.set_aside);
        add(&mut self.before, i.before);
        add(&mut self.overspend, i.overspend);
    }

    /// The change since the previous round.
    pub fn change(&self) -> Amount {
        Amount {
            ore: self.set_aside.ore.saturating_sub(self.before.ore),
        }
    }
}

impl Money {
    /// The initiatives' money added up per responsible center (`no_center`
    /// for those that name none), the centers in alphabetical order.
    pub fn by_center(&self, no_center: &str) -> BTreeMap<String, Sums> {
        let mut out: BTreeMap<String, Sums> = BTreeMap::new();
        for i in &self.initiatives {
            let center = i.center.clone().unwrap_or_else(|| no_center.to_string());
            out.entry(center).or_default().add(i);
        }
        out
    }

    /// All the initiatives' money added up.
    pub fn total(&self) -> Sums {
        let mut out = Sums::default();
        for i in &self.initiatives {
            out.add(i);
        }
        out
    }

    /// Whether any initiative names an amount, before or now, or an overspend.
    pub fn has_amounts(&self) -> bool {
        self.initiatives
            .iter()
            .any(|i| i.set_aside.is_some() || i.before.is_some() || i.overspend.is_some())
    }
}

/// The amount of `mentions` for `year`: the first the text attaches to
/// the year; else the first with no year of its own — but only in a text
/// that attaches none of its amounts to another year (`Der er afsat 0,672
/// mio. kr.` is the year's; beside `1 mio. kr. i 2020` an amount without
/// a year could be any year's, and is not guessed).
///
/// ```
/// use opfolg::{model::Amount, plan::money::for_year, template::Template};
/// let t = Template::danish();
/// let find = |text: &str, year: Option<i32>| {
///     let scan = opfolg::parse::amount::find_amounts(text, &t);
///     for_year(&scan.mentions, year).map(|m| m.amount)
/// };
/// let years = "Der er afsat 0,3 mio. kr. til kurser, 0,5 mio. kr. i 2018 og 0,7 mio. kr. i 2019";
/// assert_eq!(find(years, Some(2019)), Some(Amount::kr(700_000)));
/// assert_eq!(find(years, Some(2018)), Some(Amount::kr(500_000)));
/// assert_eq!(find(years, Some(2020)), None);
/// assert_eq!(find("Der er afsat 0,672 mio. kr.", Some(2018)), Some(Amount::kr(672_000)));
/// ```
pub fn for_year(mentions: &[AmountMention], year: Option<i32>) -> Option<&AmountMention> {
    if let Some(m) = year.and_then(|y| mentions.iter().find(|m| m.years.covers(y))) {
        return Some(m);
    }
    if mentions.iter().any(|m| m.years != Years::Unnamed) {
        return None;
    }
    mentions.first()
}

/// The amount `mentions` set aside for `year`: the one [`for_year`]
/// finds, or where an amount for the year adds to another (`der er
/// allerede afsat 3 mio. kr. i 2019 … yderligere 4 mio. kr. i 2019`) their
/// sum, as A004 reads it ([`crate::parse::years::for_year`]).
fn amount_for_year(
    mentions: &[AmountMention],
    year: Option<i32>,
) -> Option<(Amount, Option<CellRef>)> {
    let m = for_year(mentions, year)?;
    let total = year.and_then(|y| crate::parse::years::for_year(mentions, y).total);
    Some((total.unwrap_or(m.amount), m.cell))
}

/// What an initiative sets aside for `year`, and the cell it stands in:
/// its economy row's amount for the year (the round's own account of the
/// money), else its description's.
pub fn set_aside(ini: &Initiative, year: Option<i32>) -> Option<(Amount, CellRef)> {
    if let Some(eco) = ini.economy.first()
        && let Some((amount, cell)) = amount_for_year(&eco.amounts, year)
    {
        return Some((amount, cell.unwrap_or(eco.text_cell)));
    }
    let desc = ini.description.as_ref()?;
    amount_for_year(&desc.amounts, year).map(|(amount, _)| (amount, desc.purpose_cell))
}

/// The regex finding words that start with one of `stems` (a stem may be
/// several words: `ud over bevillingsrammen`), case folded.
fn stems_regex(stems: &[String]) -> Option<&'static Regex> {
    let alts: Vec<String> = stems
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect();
    (!alts.is_empty()).then(|| cached_regex(&format!(r"(?i)\b(?:{})", alts.join("|"))))
}

/// Whether the words just around `hit` negate it: one of `negations`
/// among the three words before it in its clause (`intet merforbrug`,
/// `Ikke godkendt`), or the word right after it (`godkendes ikke`).
fn negated(text: &str, hit: Range<usize>, negations: &[String]) -> bool {
    let is_negation = |w: &str| {
        negations
            .iter()
            .any(|n| w.to_lowercase() == n.to_lowercase())
    };
    let words = |s: &'_ str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let clause_start = text[..hit.start].rfind(CLAUSE_ENDS).map_or(0, |i| i + 1);
    let before = words(&text[clause_start..hit.start]);
    let rest = &text[hit.end..];
    let clause = &rest[..rest.find(CLAUSE_ENDS).unwrap_or(rest.len())];
    // The first piece is the rest of the hit's own word (`es` of `godkendes`).
    let after = clause
        .split(|c: char| !c.is_alphanumeric())
        .skip(1)
        .find(|w| !w.is_empty());
    before.iter().rev().take(3).any(|w| is_negation(w)) || after.is_some_and(is_negation)
}

/// What ends a clause: a negation does not reach past these.
const CLAUSE_ENDS: [char; 5] = [',', ';', ':', '.', '\n'];

/// Whether `text` has a word starting with one of `stems` that no
/// negation around it takes back.
fn says(text: &str, stems: &[String], negations: &[String]) -> bool {
    stems_regex(stems).is_some_and(|re| {
        re.find_iter(text)
            .any(|m| !negated(text, m.range(), negations))
    })
}

/// The sentences of a text: split after `.`, `!` or `?` before a capital
/// letter, and at line breaks (`mio. kr. i 2018` is one sentence).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let end_mark = matches!(c, '.' | '!' | '?')
            && chars.get(k + 1).is_some_and(|(_, n)| n.is_whitespace())
            && chars.get(k + 2).is_some_and(|(_, n)| n.is_uppercase());
        if c == '\n' || end_mark {
            out.push(&text[start..=i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out.retain(|s| !s.trim().is_empty());
    out
}

/// The overspend a `Status:` paragraph names: in the first sentence with
/// an overspend word (`merforbrug`, `overskridelse`, `overstige`; the
/// template's `[status] overspend`, as A011 reads them) that no negation takes back, the amount
/// after the word, else the one before it; positive.
///
/// ```
/// use opfolg::{model::Amount, plan::money::overspend, template::Template};
/// let t = Template::danish();
/// let s = "Udgifterne forventes at overstige budgettet med 2,1 mio. kr. i 2018.";
/// assert_eq!(overspend(s, &t), Some(Amount::kr(2_100_000)));
/// assert_eq!(overspend("Der forventes intet merforbrug.", &t), None);
/// ```
pub fn overspend(status: &str, t: &Template) -> Option<Amount> {
    let re = stems_regex(&t.status.overspend)?;
    for sentence in sentences(status) {
        for hit in re.find_iter(sentence) {
            if negated(sentence, hit.range(), &t.status.negations) {
                continue;
            }
            let amounts = find_amounts(sentence, t).mentions;
            let after = amounts.iter().find(|a| a.span.start >= hit.end());
            let before = amounts.iter().rev().find(|a| a.span.end <= hit.start());
            if let Some(a) = after.or(before) {
                return Some(Amount {
                    ore: a.amount.ore.saturating_abs(),
                });
            }
        }
    }
    None
}

/// An initiative's money this round (and `before`, the previous round's).
fn initiative_money(ini: &Initiative, year: Option<i32>, t: &Template) -> IniMoney {
    let eco = ini.economy.first();
    let found = set_aside(ini, year);
    IniMoney {
        id: ini.id.clone(),
        title: ini.title.clone(),
        header: Some(ini.header_cell),
        center: ini.description.as_ref().and_then(|d| d.center.clone()),
        smiley: eco
            .and_then(|e| e.smiley.smiley())
            .filter(|s| *s != Smiley::Neutral),
        set_aside: found.map(|f| f.0),
        cell: found.map(|f| f.1).or(eco.map(|e| e.text_cell)),
        before: None,
        overspend: eco
            .and_then(|e| e.text.status.as_deref())
            .and_then(|s| overspend(s, t)),
        removed: false,
    }
}

/// Each initiative's centers under their fullest spelling in the two
/// rounds (`C-BUR` and `Center for Børne- og Ungerådgivning` are one
/// center), as the smiley tables name them.
fn same_center_names(money: &mut Money, cur: &Workbook, prev: Option<&Workbook>, t: &Template) {
    let names = crate::parse::center::Names::of(
        std::iter::once(cur)
            .chain(prev)
            .flat_map(|wb| wb.sheets.iter().flat_map(|s| &s.initiatives))
            .filter_map(|i| i.description.as_ref()?.center.as_deref()),
        t,
    );
    for i in &mut money.initiatives {
        if let Some(c) = &i.center {
            i.center = Some(names.full_joined(c)).filter(|c| !c.is_empty());
        }
    }
}

/// The money of the current round's initiatives and, with the previous
/// round and the comparison, what each set aside then (an initiative
/// paired by the comparison; a new one had none) and the previous
/// round's initiatives that are gone. Computed before the descriptions
/// are shed.
pub fn money(cur: &Workbook, previous: Option<(&Workbook, &Comparison)>, t: &Template) -> Money {
    let year = cur.year();
    let mut out = Money {
        year,
        round: cur.round(),
        compared: previous.is_some(),
        initiatives: Vec::new(),
    };
    let Some((prev, cmp)) = previous else {
        out.initiatives = cur
            .distinct_initiatives()
            .map(|i| initiative_money(i, year, t))
            .collect();
        same_center_names(&mut out, cur, None, t);
        return out;
    };
    let prev_year = prev.year().or(year);
    fn at(wb: &Workbook, (s, i): (usize, usize)) -> Option<&Initiative> {
        wb.sheets.get(s)?.initiatives.get(i)
    }
    for (p, c) in &cmp.alignment.initiatives {
        let before = p.and_then(|p| at(prev, p));
        let then = before.and_then(|b| set_aside(b, prev_year)).map(|f| f.0);
        match (c.and_then(|c| at(cur, c)), before) {
            (Some(now), _) => out.initiatives.push(IniMoney {
                before: then,
                ..initiative_money(now, year, t)
            }),
            (None, Some(gone)) => out.initiatives.push(IniMoney {
                id: gone.id.clone(),
                title: gone.title.clone(),
                center: gone.description.as_ref().and_then(|d| d.center.clone()),
                before: then,
                removed: true,
                ..IniMoney::default()
            }),
            (None, None) => {}
        }
    }
    same_center_names(&mut out, cur, Some(prev), t);
    out
}

/// Sums per name (a group, a financing source; `None`: none named), one
/// amount per amount column.
pub type NamedSums = Vec<(Option<String>, Vec<Amount>)>;

/// An amount table's rows summed per amount column under each value of a
/// text column (`column`: its index among the table's text columns), in
/// the order the values first appear (case folded alike); totals left
/// out, and rows with no value only where they have an amount.
fn sums_by_text(table: &AmountTable, column: usize) -> NamedSums {
    let mut out: NamedSums = Vec::new();
    let mut keys: Vec<Option<String>> = Vec::new();
    for row in table.rows.iter().filter(|r| !r.is_total) {
        let text = row.texts.get(column).map_or("", |x| x.text.trim());
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let key = (!text.is_empty()).then(|| fold(&text));
        if key.is_none() && row.cells.iter().all(|c| c.value.amount().ore == 0) {
            continue;
        }
        let at = match keys.iter().position(|k| *k == key) {
            Some(at) => at,
            None => {
                keys.push(key.clone());
                let name = key.is_some().then_some(text);
                out.push((name, vec![Amount::default(); table.columns.len()]));
                out.len() - 1
            }
        };
        for c in &row.cells {
            let sum = &mut out[at].1[c.column];
            sum.ore = sum.ore.saturating_add(c.value.amount().ore);
        }
    }
    out
}

/// Whether a header has a word starting with one of `stems`.
fn headed(header: &str, stems: &[String]) -> bool {
    crate::parse::text::has_word_starting_with(header, stems)
}

/// An amount table's rows summed per financing source: the text column
/// headed with one of the template's `source_words` (`Finansieringskilde`),
/// each source's rows per amount column. `None` without such a column.
pub fn source_sums(table: &AmountTable, t: &Template) -> Option<(String, NamedSums)> {
    let at = table
        .text_columns
        .iter()
        .position(|c| headed(&c.header, &t.money.source_words))?;
    let sums = sums_by_text(table, at);
    (!sums.is_empty()).then(|| (table.text_columns[at].header.clone(), sums))
}

/// The rows of a postpone/cancel list that one proposal covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Proposed {
    /// How many rows.
    pub count: u32,
    /// Their amounts per amount column.
    pub sums: Vec<Amount>,
    /// Of those, the approved rows' amounts per amount column.
    pub approved: Vec<Amount>,
    /// How many of the rows were approved.
    pub approved_count: u32,
}

/// A postpone/cancel list's totals (seed 002): what is to be postponed,
/// what cancelled, and of each what the council approved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// The rows to postpone (`Kan udskydes`).
    pub postponed: Proposed,
    /// The rows to cancel (`Annulleres`).
    pub cancelled: Proposed,
}

/// The text column saying what is proposed: the one headed with a
/// postpone or cancel word (`Udskydes/annulleres`), else the first whose
/// filled cells mostly have one.
fn proposal_column(table: &AmountTable, t: &Template) -> Option<usize> {
    let m = &t.money;
    let words = || {
        m.postpone_words
            .iter()
            .chain(&m.cancel_words)
            .cloned()
            .collect::<Vec<_>>()
    };
    let words = words();
    if let Some(at) = table
        .text_columns
        .iter()
        .position(|c| headed(&c.header, &words))
    {
        return Some(at);
    }
    (0..table.text_columns.len()).find(|at| {
        let filled: Vec<&str> = table
            .rows
            .iter()
            .filter(|r| !r.is_total)
            .filter_map(|r| r.texts.get(*at).map(|x| x.text.as_str()))
            .filter(|x| !x.trim().is_empty())
            .collect();
        let with = filled.iter().filter(|x| headed(x, &words)).count();
        with > 0 && with * 2 >= filled.len()
    })
}

/// Whether a proposal is to postpone (`Some(true)`), to cancel
/// (`Some(false)`), or neither: the word written first decides.
fn proposal(text: &str, t: &Template) -> Option<bool> {
    let first = |stems: &[String]| {
        stems_regex(stems)
            .and_then(|re| re.find(text))
            .map(|m| m.start())
    };
    match (first(&t.money.postpone_words), first(&t.money.cancel_words)) {
        (Some(p), Some(c)) => Some(p <= c),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// A postpone/cancel list's totals; `None` for a table that proposes no
/// postponement or cancellation. A row is approved when its decision (the
/// text column headed `Beslutning`, else any text of the row but the
/// proposal) says `Godkendt`, not `Ikke godkendt`.
pub fn decisions(table: &AmountTable, t: &Template) -> Option<Decisions> {
    let m = &t.money;
    let at = proposal_column(table, t)?;
    let decision_col = table
        .text_columns
        .iter()
        .position(|c| headed(&c.header, &m.decision_words));
    let n = table.columns.len();
    let mut out = Decisions {
        postponed: Proposed {
            sums: vec![Amount::default(); n],
            approved: vec![Amount::default(); n],
            ..Proposed::default()
        },
        ..Decisions::default()
    };
    out.cancelled = out.postponed.clone();
    let mut any = false;
    for row in table.rows.iter().filter(|r| !r.is_total) {
        let Some(postpone) = row.texts.get(at).and_then(|x| proposal(&x.text, t)) else {
            continue;
        };
        any = true;
        let approved = row.texts.iter().enumerate().any(|(i, x)| {
            decision_col.map_or(i != at, |d| d == i)
                && says(&x.text, &m.approved_words, &t.status.negations)
        });
        let p = if postpone {
            &mut out.postponed
        } else {
            &mut out.cancelled
        };
        p.count += 1;
        p.approved_count += u32::from(approved);
        for c in &row.cells {
            let a = c.value.amount().ore;
            p.sums[c.column].ore = p.sums[c.column].ore.saturating_add(a);
            if approved {
                p.approved[c.column].ore = p.approved[c.column].ore.saturating_add(a);
            }
        }
    }
    any.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overspends_as_the_statuses_write_them() {
        let t = Template::danish();
        let cases: &[(&str, Option<i64>)] = &[
            // The bundled sample's 3.03, written as seed 001 writes statuses.
            (
                "Udgifterne til den specialiserede undervisning forventes at overstige budgettet med 2,1 mio. kr. i 2018. Der anvises finansiering i forbindelse med 2. budgetopfølgning.",
                Some(2_100_000),
            ),
            ("Der forventes et merforbrug på 0,4 mio. kr.", Some(400_000)),
            (
                "Merforbruget udgør 350.000 kr. ved årets udgang.",
                Some(350_000),
            ),
            ("1,2 mio. kr. i merforbrug på vikarer.", Some(1_200_000)),
            ("Budgettet overskrides med 0,25 mio. kr.", Some(250_000)),
            ("Der er en overskridelse på kr. 1.600.000.", Some(1_600_000)),
            (
                "Der bruges 0,3 mio. kr. ud over bevillingsrammen.",
                Some(300_000),
            ),
            (
                "Budgettet overholdes ikke, merforbrug på 2 mio. kr.",
                Some(2_000_000),
            ),
            // No overspend: none named, denied, or no amount with it.
            ("Økonomien overholdes.", None),
            ("Der forventes intet merforbrug.", None),
            (
                "Der forventes ikke et merforbrug; budgettet på 2 mio. kr. holder.",
                None,
            ),
            ("Der er et merforbrug, som dækkes af centret.", None),
            ("Der er afsat 0,762 mio. kr. i 2018.", None),
            // The amount in the sentence of the word, not the one before.
            (
                "Der er afsat 3 mio. kr. Merforbrug forventes på 0,5 mio. kr.",
                Some(500_000),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(overspend(text, &t), want.map(Amount::kr), "{text}");
        }
    }

    #[test]
    fn sentences_keep_units_whole() {
        assert_eq!(
            sentences("Merforbrug på 2,1 mio. kr. i 2018. Der anvises finansiering."),
            [
                "Merforbrug på 2,1 mio. kr. i 2018.",
                " Der anvises finansiering."
            ]
        );
    }

    #[test]
    fn approvals_as_the_council_writes_them() {
        let t = Template::danish();
        let m = &t.money;
        let cases = [
            ("KMB 26/4-21: Godkendt.", true),
            (
                "KMB 26/4-21: Godkendt med denne bemærkning: Der skal findes en anden måde, hvor konferencen kan afholdes.",
                true,
            ),
            ("KMB 26/4-21: Undersøges nærmere.", false),
            ("KMB 26/4-21: Ikke godkendt.", false),
            ("Forslaget godkendes ikke.", false),
            ("Godkendes.", true),
            ("", false),
        ];
        for (text, want) in cases {
            assert_eq!(
                says(text, &m.approved_words, &t.status.negations),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn proposals_postpone_or_cancel() {
        let t = Template::danish();
        let cases = [
            ("Kan udskydes", Some(true)),
            ("Udskydes til B2022", Some(true)),
            ("Annulleres", Some(false)),
            ("Kan annulleres", Some(false)),
            ("Kan udskydes/annulleres", Some(true)),
            ("Fastholdes", None),
        ];
        for (text, want) in cases {
            assert_eq!(proposal(text, &t), want, "{text}");
        }
    }
}
