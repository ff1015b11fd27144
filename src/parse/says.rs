//! What a `Status:` paragraph says in words: an overspend, a budget kept,
//! a milestone postponed (A011), a budget the council changed (A004). A
//! phrase counts where it stands not negated: `intet merforbrug`, `ingen
//! overskridelse`, `ikke udskudt` and `overholdes ikke` say the opposite.
//! Every word comes from the template.

use crate::parse::amount::find_amounts;
use crate::parse::text::{Word, phrase_at, phrase_words, sentence_at, sentence_cuts, words};
use crate::template::Template;

/// How many words before a phrase a negation still denies it (`ikke at
/// blive et merforbrug`), and after it (`overholdes formentlig ikke`).
const NEGATION_BEFORE: usize = 4;
const NEGATION_AFTER: usize = 2;

/// One place where a text says a phrase, not negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said<'a> {
    /// The sentence it stands in, as written, trimmed.
    pub sentence: &'a str,
    /// The phrase as written in the text: `merforbruget`.
    pub words: &'a str,
    /// Whether the sentence names an amount (`merforbrug på 0,5 mio. kr.`).
    pub with_amount: bool,
}

/// Every place `text` says one of `phrases`, not negated, in text order
/// (one per place: the first phrase that matches there).
///
/// ```
/// use opfolg::{parse::says::says, template::Template};
/// let t = Template::danish();
/// let said = says("Der forventes et merforbrug på 0,5 mio. kr.", &t.status.overspend, &t);
/// assert_eq!(said[0].words, "merforbrug");
/// assert!(said[0].with_amount);
/// assert!(says("Der forventes intet merforbrug.", &t.status.overspend, &t).is_empty());
/// ```
pub fn says<'a>(text: &'a str, phrases: &[String], t: &Template) -> Vec<Said<'a>> {
    if phrases.is_empty() || text.trim().is_empty() {
        return Vec::new();
    }
    let words = words(text, &t.status.clause_words);
    let phrases: Vec<Vec<String>> = phrases.iter().map(|p| phrase_words(p)).collect();
    let mut found: Vec<Said<'a>> = Vec::new();
    let mut cuts: Option<Vec<usize>> = None;
    let mut amounts: Option<Vec<usize>> = None;
    for i in 0..words.len() {
        let Some(len) = phrases
            .iter()
            .find(|p| phrase_at(&words, i, p))
            .map(Vec::len)
        else {
            continue;
        };
        if negated(&words, i, len, t) {
            continue;
        }
        let cuts = cuts.get_or_insert_with(|| sentence_cuts(text));
        let at = words[i].range.start;
        let sentence = sentence_at(text, cuts, at);
        let start = sentence.as_ptr() as usize - text.as_ptr() as usize;
        let span = start..start + sentence.len();
        let amounts = amounts.get_or_insert_with(|| {
            find_amounts(text, t)
                .mentions
                .iter()
                .map(|m| m.span.start)
                .collect()
        });
        found.push(Said {
            sentence: sentence.trim(),
            words: &text[at..words[i + len - 1].range.end],
            with_amount: amounts.iter().any(|a| span.contains(a)),
        });
    }
    found
}

/// Whether `text` says one of `phrases` anywhere, not negated.
///
/// ```
/// use opfolg::{parse::says::says_any, template::Template};
/// let t = Template::danish();
/// assert!(says_any("Økonomien overholdes.", &t.status.kept, &t));
/// assert!(!says_any("Budgettet overholdes ikke.", &t.status.kept, &t));
/// ```
pub fn says_any(text: &str, phrases: &[String], t: &Template) -> bool {
    !says(text, phrases, t).is_empty()
}

/// Whether a negation stands in the phrase's clause, up to
/// [`NEGATION_BEFORE`] words before it or [`NEGATION_AFTER`] after it.
fn negated(words: &[Word], i: usize, len: usize, t: &Template) -> bool {
    let is_negation = |w: &Word| {
        t.status
            .negations
            .iter()
            .any(|n| n.to_lowercase() == w.folded)
    };
    let mut before = false;
    let mut k = i;
    for _ in 0..NEGATION_BEFORE {
        if words[k].starts_clause || k == 0 {
            break;
        }
        k -= 1;
        if is_negation(&words[k]) {
            before = true;
            break;
        }
    }
    let after = words
        .iter()
        .skip(i + len)
        .take(NEGATION_AFTER)
        .take_while(|w| !w.starts_clause)
        .any(is_negation);
    before || after
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overspend(text: &str) -> Option<bool> {
        let t = Template::danish();
        says(text, &t.status.overspend, &t)
            .first()
            .map(|s| s.with_amount)
    }

    /// An overspend as the documents write it (seed 001: `et mindre
    /// merforbrug som ligger ud over bevillingsrammen`), with and without
    /// an amount in its sentence; and its negations, which say none.
    #[test]
    fn overspends_and_their_negations() {
        let cases = [
            (
                "Der forventes et merforbrug på 0,5 mio. kr. i 2019.",
                Some(true),
            ),
            ("Merforbruget forventes at udgøre 1,2 mio. kr.", Some(true)),
            ("Budgettet overskrides med 300.000 kr.", Some(true)),
            ("Der forventes en overskridelse på 0,2 mio. kr.", Some(true)),
            ("Rammen er overskredet med 0,4 mio. kr.", Some(true)),
            (
                "Udgifterne forventes at overstige budgettet med 2,1 mio. kr. i 2018.",
                Some(true),
            ),
            (
                "dog forventes fortsat et mindre merforbrug som ligger ud over bevillingsrammen.",
                Some(false),
            ),
            (
                "Der forventes et merforbrug. Der er afsat 6 mio. kr.",
                Some(false),
            ),
            ("Der forventes intet merforbrug.", None),
            ("Der er ingen overskridelse af rammen.", None),
            ("Der forventes ikke et merforbrug på 0,5 mio. kr.", None),
            ("Der forventes ikke at blive et merforbrug.", None),
            // A negation further on denies something else.
            (
                "Merforbruget på 0,5 mio. kr. kan ikke dækkes af rammen.",
                Some(true),
            ),
            ("Der forventes et mindreforbrug på 0,1 mio. kr.", None),
            ("Udgifterne holdes uden merforbrug.", None),
            (
                "Der er ikke afsat midler, men merforbruget er 0,3 mio. kr.",
                Some(true),
            ),
            ("Økonomien overholdes.", None),
        ];
        for (text, want) in cases {
            assert_eq!(overspend(text), want, "{text}");
        }
    }

    #[test]
    fn budget_kept_and_not() {
        let t = Template::danish();
        let kept = [
            "Økonomien overholdes.",
            "Budgettet forventes overholdt.",
            "Budgettet holdes.",
            "Rammen holder.",
            "Udgifterne holdes inden for rammen.",
            "Budget er overholdt",
        ];
        for text in kept {
            assert!(says_any(text, &t.status.kept, &t), "{text}");
        }
        let not_kept = [
            "Budgettet overholdes ikke.",
            "Budgettet forventes ikke overholdt.",
            "Det forventes at være svært at overholde budgettet på Fællesskabsmodellen.",
            "Budgettet kan ikke forventes at blive overholdt.",
            "Budgettet er ikke overholdt, da udgifterne steg.",
            "Mødet holdes i april.",
        ];
        for text in not_kept {
            assert!(!says_any(text, &t.status.kept, &t), "{text}");
        }
    }

    #[test]
    fn postponed_or_not_started_and_not() {
        let t = Template::danish();
        let phrases: Vec<String> = t
            .status
            .postponed
            .iter()
            .chain(&t.status.not_started)
            .cloned()
            .collect();
        let yes = [
            "Midtvejsevalueringen er udskudt, da de frivillige rådgivere ikke har kunnet afsætte tid.",
            "Pilotprojektet er planlagt, men opstarten er udskudt til april.",
            "Evalueringen udskydes til efteråret.",
            "Arbejdet er endnu ikke påbegyndt.",
            "Projektet er ikke igangsat.",
            "Indsatsen er ikke gået i gang.",
            "Der er sket en udskydelse af opstarten.",
        ];
        for text in yes {
            assert!(says_any(text, &phrases, &t), "{text}");
        }
        let no = [
            "Milepælen er ikke udskudt.",
            "Evalueringen udskydes ikke.",
            "Arbejdet er påbegyndt.",
            "Projektet er igangsat og kører.",
            "Pilotprojektet i Distrikt Skovlunde er i gang.",
        ];
        for text in no {
            assert!(!says_any(text, &phrases, &t), "{text}");
        }
    }

    #[test]
    fn revisions_of_the_budget() {
        let t = Template::danish();
        let yes = [
            "Korrigeret budget 2019: 0,6 mio. kr.",
            "Der er afsat 0,6 mio. kr. jf. KB-beslutning af 26. april 2019.",
            "Budgettet er ændret ved 2. budgetopfølgning til 0,6 mio. kr.",
            "Det korrigerede budget er 0,6 mio. kr.",
            "Beløbet er godkendt af Kommunalbestyrelsen den 26/4-19.",
            "KMB 26/4-21: Godkendt.",
        ];
        for text in yes {
            assert!(says_any(text, &t.amounts.revision_words, &t), "{text}");
        }
        for text in [
            "Der er afsat 0,762 mio. kr. på ramme 30.31.",
            "Budgettet er ikke ændret ved budgetopfølgningen.",
        ] {
            assert!(!says_any(text, &t.amounts.revision_words, &t), "{text}");
        }
    }

    #[test]
    fn english_words() {
        let t = Template::english();
        assert!(says_any(
            "An overspend of 0,5 m. kr. is expected.",
            &t.status.overspend,
            &t
        ));
        assert!(!says_any(
            "No overspend is expected.",
            &t.status.overspend,
            &t
        ));
        assert!(says_any("The budget is kept.", &t.status.kept, &t));
        assert!(!says_any("The budget is not kept.", &t.status.kept, &t));
        assert!(says_any(
            "The evaluation is postponed to May.",
            &t.status.postponed,
            &t
        ));
    }
}
