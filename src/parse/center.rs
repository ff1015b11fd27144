//! Centers' names. One center is written many ways in one department's
//! workbooks — `Center for Børne- og Ungerådgivning`, `Børne- og
//! Ungerådgivning`, `C-BUR` — and is one center: case folded, the
//! template's `center_prefixes` taken off the front, its
//! `center_abbreviations` read as the names they stand for. Also the main
//! contributor (`Væsentlig bidragsyder: …`) as a description writes it.

use crate::parse::text::fold;
use crate::template::Template;

/// How complete a spelling of a center's name is: the fullest names the
/// center (a hand-out, a row of `Overblik`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fullness {
    /// An abbreviation (`C-BUR`): named by the template's name for it.
    Abbreviation,
    /// The name alone: `Børne- og Ungerådgivning`.
    Bare,
    /// The name with its prefix: `Center for Børne- og Ungerådgivning`.
    Prefixed,
}

/// A center's name as written, its spaces tidied and a closing full stop
/// taken off: `Skoler, Institutioner og Kultur.` is `Skoler, Institutioner
/// og Kultur`.
fn tidy(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    words.join(" ").trim_end_matches('.').trim().to_string()
}

/// The name without the template's prefix (`Center for`), if it has one
/// and more follows.
fn without_prefix(name: &str, t: &Template) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    t.labels.center_prefixes.iter().find_map(|p| {
        let prefix: Vec<String> = p.split_whitespace().map(str::to_lowercase).collect();
        let n = prefix.len();
        let same = n > 0
            && words.len() > n
            && words[..n]
                .iter()
                .zip(&prefix)
                .all(|(w, p)| w.to_lowercase() == *p);
        same.then(|| words[n..].join(" "))
    })
}

/// The name a spelling stands for (abbreviation read, prefix taken off),
/// and how complete the spelling is.
fn bare(name: &str, t: &Template) -> (String, Fullness) {
    let name = tidy(name);
    let folded = fold(&name);
    if let Some(a) = t
        .labels
        .center_abbreviations
        .iter()
        .find(|a| fold(&a.short) == folded)
    {
        let full = tidy(&a.name);
        return (
            without_prefix(&full, t).unwrap_or(full),
            Fullness::Abbreviation,
        );
    }
    match without_prefix(&name, t) {
        Some(rest) => (rest, Fullness::Prefixed),
        None => (name, Fullness::Bare),
    }
}

/// A center's name folded for comparing: two spellings of one center
/// have the same key.
///
/// ```
/// use opfolg::parse::center::key;
/// let t = opfolg::template::Template::danish();
/// let k = key("Børne- og Ungerådgivning", &t);
/// assert_eq!(key("Center for Børne- og Ungerådgivning", &t), k);
/// assert_eq!(key("C-BUR", &t), k);
/// assert_eq!(key("børne- og  ungerådgivning.", &t), k);
/// assert_ne!(key("Social og Sundhed", &t), k);
/// ```
pub fn key(name: &str, t: &Template) -> String {
    fold(&bare(name, t).0)
}

/// Whether two spellings name the same center.
pub fn same(a: &str, b: &str, t: &Template) -> bool {
    key(a, t) == key(b, t)
}

/// The name to show for one spelling alone: an abbreviation gives the name
/// it stands for, any other spelling is its own.
fn shown(name: &str, t: &Template) -> (String, Fullness) {
    match bare(name, t) {
        (full, Fullness::Abbreviation) => (full, Fullness::Abbreviation),
        (_, fullness) => (tidy(name), fullness),
    }
}

/// The responsible centers a description names: `Ansvarligt center: A`,
/// or several joined by one of the template's `center_joiners` (`samt`,
/// `;`, ` / `) — never split at `og` or a comma: `Skoler, Institutioner og
/// Kultur` is one center. A template's placeholder (`[center]`) names none.
pub fn split(text: &str, t: &Template) -> Vec<String> {
    pieces(text, t)
        .into_iter()
        .filter_map(|(part, _)| Some(part).filter(|p| !p.is_empty()))
        .collect()
}

/// The centers of a joined name, each with the joiner after it (`""` after
/// the last); placeholders and empty parts as `""`.
fn pieces<'a>(text: &str, t: &'a Template) -> Vec<(String, &'a str)> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let next = t
            .handout
            .center_joiners
            .iter()
            .filter(|j| !j.is_empty())
            .filter_map(|j| rest.find(j.as_str()).map(|at| (at, j.as_str())))
            .min_by_key(|(at, j)| (*at, usize::MAX - j.len()));
        let (part, joiner, after) = match next {
            Some((at, j)) => (&rest[..at], j, &rest[at + j.len()..]),
            None => (rest, "", ""),
        };
        let part = part.trim().trim_end_matches('.').trim();
        let placeholder = part.starts_with('[') && part.ends_with(']');
        out.push((if placeholder { "" } else { part }.to_string(), joiner));
        if joiner.is_empty() {
            return out;
        }
        rest = after;
    }
}

/// The centers of one or more workbooks, each under its fullest spelling:
/// written with its prefix (`Center for Børne- og Ungerådgivning`) where
/// it is written so anywhere, else as first written without it; a center
/// written only as an abbreviation (`C-BUR`) under the name the template
/// gives it.
#[derive(Debug, Clone)]
pub struct Names<'t> {
    t: &'t Template,
    /// (key, fullest spelling, its fullness), in the order first met.
    found: Vec<(String, String, Fullness)>,
    /// Each spelling met, read once: its key, the name it shows and how
    /// complete it is (a department's thousands of initiatives name a
    /// dozen centers).
    read: std::collections::HashMap<String, (String, String, Fullness)>,
}

impl<'t> Names<'t> {
    /// No centers yet.
    pub fn new(t: &'t Template) -> Names<'t> {
        Names {
            t,
            found: Vec::new(),
            read: std::collections::HashMap::new(),
        }
    }

    /// A spelling's key, shown name and fullness.
    fn reading(&self, spelling: &str) -> (String, String, Fullness) {
        let (name, fullness) = shown(spelling, self.t);
        (key(spelling, self.t), name, fullness)
    }

    /// The centers these texts name (each as [`split`] reads it).
    pub fn of<'a>(texts: impl IntoIterator<Item = &'a str>, t: &'t Template) -> Names<'t> {
        let mut names = Names::new(t);
        for text in texts {
            for c in split(text, t) {
                names.add(&c);
            }
        }
        names
    }

    /// Counts one spelling of a center.
    pub fn add(&mut self, spelling: &str) {
        if !self.read.contains_key(spelling) {
            let reading = self.reading(spelling);
            self.read.insert(spelling.to_string(), reading);
        }
        let (k, name, fullness) = &self.read[spelling];
        if k.is_empty() {
            return;
        }
        match self.found.iter_mut().find(|f| f.0 == *k) {
            Some(f) if *fullness > f.2 => (f.1, f.2) = (name.clone(), *fullness),
            Some(_) => {}
            None => self.found.push((k.clone(), name.clone(), *fullness)),
        }
    }

    /// The center's name for `spelling`: the fullest spelling of its
    /// center met, else its own (an abbreviation's name read).
    pub fn full(&self, spelling: &str) -> String {
        let reading;
        let (k, name, _) = match self.read.get(spelling) {
            Some(r) => r,
            None => {
                reading = self.reading(spelling);
                &reading
            }
        };
        match self.found.iter().find(|f| f.0 == *k) {
            Some(f) => f.1.clone(),
            None => name.clone(),
        }
    }

    /// A description's `Ansvarligt center:` with each center under its
    /// name and the joiners kept: `Social og Sundhed samt C-BUR` is
    /// `Social og Sundhed samt Center for Børne- og Ungerådgivning`.
    pub fn full_joined(&self, text: &str) -> String {
        let mut out = String::new();
        for (part, joiner) in pieces(text, self.t) {
            if !part.is_empty() {
                out.push_str(&self.full(&part));
            }
            out.push_str(joiner);
        }
        out.trim().to_string()
    }

    /// The centers' names, in the order first met.
    pub fn names(&self) -> Vec<String> {
        self.found.iter().map(|f| f.1.clone()).collect()
    }
}

/// The main contributor after `Væsentlig bidragsyder:` (the text up to the
/// next label or the line's end), or `None` where it names none.
///
/// A description exported from a case system often runs on into the
/// initiative's text on the same line (`Væsentlig bidragsyder: Skoler,
/// Institutioner og Kultur samt Ejendomme Nedlæggelse, ombygning og …`).
/// Where the text reads as sentences (a full stop), the contributor is the
/// names before the first sentence: the capitalised words and the words
/// joining them (`og`, `samt`), up to a word of the sentence; the
/// capitalised word that opens the sentence is no name, nor is one word
/// alone before it (`Ballerup Kommune har …`).
///
/// ```
/// use opfolg::parse::center::contributor;
/// let t = opfolg::template::Template::danish();
/// assert_eq!(contributor("Skoler, Institutioner og Kultur", &t).as_deref(), Some("Skoler, Institutioner og Kultur"));
/// assert_eq!(contributor("Der foretages en opgørelse med sammenlignelige kommuner.", &t), None);
/// ```
pub fn contributor(text: &str, t: &Template) -> Option<String> {
    let text = text.trim();
    let prose = text.ends_with('.') || text.contains(". ");
    let name = if prose {
        names_before_sentence(text, t)
    } else {
        tidy(text)
    };
    let name = name.trim_end_matches([',', ';', ':']).trim().to_string();
    let placeholder = name.starts_with('[') && name.ends_with(']');
    (!(name.is_empty() || placeholder)).then_some(name)
}

/// The capitalised words and their joiners at the start of `text`, up to
/// the first word of a sentence.
fn names_before_sentence(text: &str, t: &Template) -> String {
    let joins: Vec<String> = (t.handout.center_joiners.iter())
        .chain(&t.batch.committee_joins)
        .map(|j| j.trim().to_lowercase())
        .filter(|j| !j.is_empty())
        .collect();
    let is_join = |w: &str| joins.iter().any(|j| *j == w.to_lowercase());
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    // The capitalised and joining words up to the first other one (a
    // description runs on for hundreds of words after them).
    let words: Vec<&str> = (text.split_whitespace())
        .take_while(|w| capital(w) || is_join(w))
        .collect();
    let mut end = words.len();
    let after = text.split_whitespace().nth(end);
    // A lowercase word goes on a sentence the capitalised word before it
    // opened (`Ejendomme Nedlæggelse, ombygning …`); a number does not
    // (`Børne- og Ungerådgivning 1 mio. kr. …`).
    let sentence_goes_on = after
        .and_then(|w| w.chars().next())
        .is_some_and(char::is_lowercase);
    if sentence_goes_on && end > 0 && capital(words[end - 1]) {
        end -= 1;
        // One word left before the sentence's opener is more likely a
        // proper name opening it (`Ballerup Kommune har …`) than a
        // center: none.
        if end == 1 {
            end = 0;
        }
    }
    while end > 0 && is_join(words[end - 1]) {
        end -= 1;
    }
    words[..end].join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 28.4: one center, three spellings in one department's
    /// workbooks; other centers stay apart.
    #[test]
    fn spellings_of_one_center() {
        let t = Template::danish();
        let bur = [
            "Center for Børne- og Ungerådgivning",
            "Børne- og Ungerådgivning",
            "C-BUR",
            "c-bur",
            "BØRNE- OG UNGERÅDGIVNING",
            "Centret for Børne- og Ungerådgivning",
            " Børne- og  Ungerådgivning. ",
        ];
        for s in bur {
            assert!(same(s, "Børne- og Ungerådgivning", &t), "{s}");
        }
        let sik = [
            "Skoler, Institutioner og Kultur",
            "Center for Skoler, Institutioner og Kultur",
            "C-SIK",
        ];
        for s in sik {
            assert!(same(s, "Skoler, Institutioner og Kultur", &t), "{s}");
            assert!(!same(s, "C-BUR", &t), "{s}");
        }
        for other in [
            "Social og Sundhed",
            "Center for Økonomi",
            "Ejendomme",
            "C-SOS",
        ] {
            assert!(!same(other, "C-BUR", &t), "{other}");
        }
        // `Center for` alone is no center's name, and the prefix only
        // counts in front.
        assert_eq!(key("Center for", &t), "center for");
        assert_ne!(key("Økonomi center for", &t), key("Økonomi", &t));
    }

    /// The fullest spelling names the center, wherever it was met.
    #[test]
    fn the_fullest_spelling_names_the_center() {
        let t = Template::danish();
        let cases: [(&[&str], &str); 5] = [
            (
                &[
                    "Børne- og Ungerådgivning",
                    "C-BUR",
                    "Center for Børne- og Ungerådgivning",
                ],
                "Center for Børne- og Ungerådgivning",
            ),
            (
                &["C-BUR", "Børne- og Ungerådgivning"],
                "Børne- og Ungerådgivning",
            ),
            (&["C-BUR"], "Børne- og Ungerådgivning"),
            (&["C-SIK", "c-sik"], "Skoler, Institutioner og Kultur"),
            (
                &["børne- og ungerådgivning", "Børne- og Ungerådgivning"],
                "børne- og ungerådgivning",
            ),
        ];
        for (spellings, want) in cases {
            let names = Names::of(spellings.iter().copied(), &t);
            assert_eq!(names.names(), [want], "{spellings:?}");
            for s in spellings {
                assert_eq!(names.full(s), want, "{s}");
            }
        }
        let names = Names::of(
            [
                "Social og Sundhed samt C-BUR",
                "Center for Børne- og Ungerådgivning",
            ],
            &t,
        );
        assert_eq!(
            names.names(),
            ["Social og Sundhed", "Center for Børne- og Ungerådgivning"]
        );
        assert_eq!(
            names.full_joined("Social og Sundhed samt C-BUR"),
            "Social og Sundhed samt Center for Børne- og Ungerådgivning"
        );
        // A center not met keeps its own spelling.
        assert_eq!(names.full("Ejendomme"), "Ejendomme");
    }

    #[test]
    fn joined_centers() {
        let t = Template::danish();
        let cases: [(&str, &[&str]); 5] = [
            (
                "Skoler, Institutioner og Kultur",
                &["Skoler, Institutioner og Kultur"],
            ),
            (
                "Social og Sundhed samt Børne- og Ungerådgivning",
                &["Social og Sundhed", "Børne- og Ungerådgivning"],
            ),
            ("C-SIK; C-BUR.", &["C-SIK", "C-BUR"]),
            ("[center]", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(split(text, &t), want, "{text}");
        }
    }

    /// `Væsentlig bidragsyder:` as the seeds write it (000, with what
    /// follows it on the same line of the export).
    #[test]
    fn contributors_from_seed_000() {
        let t = Template::danish();
        let cases = [
            (
                "Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning",
                Some("Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning"),
            ),
            (
                "Social og Sundhed samt Børne- og Ungerådgivning 1 mio. kr. i driftsmidler fordeles ud i dagtilbuddene (5 distriktsinstitutioner og dagplejen) til at styrke kvaliteten for de yngste børn.",
                Some("Social og Sundhed samt Børne- og Ungerådgivning"),
            ),
            (
                "Skoler, Institutioner og Kultur samt Ejendomme Nedlæggelse, ombygning og renovering af tandklinikker som implementering af beslutning af ny klinikstruktur.",
                Some("Skoler, Institutioner og Kultur samt Ejendomme"),
            ),
            (
                "Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning Indsatsen omhandler en gennemgang af Tandplejens opgaveløsning med henblik på, at Tandplejen fremadrettet løser opgaverne på mest effektive måde.",
                Some("Skoler, Institutioner og Kultur samt Børne- og Ungerådgivning"),
            ),
            ("Børne- og Ungerådgivning", Some("Børne- og Ungerådgivning")),
            (
                "Der foretages en opgørelse med sammenlignelige kommuner, så vidt muligt med bud på baggrundene for evt. forskelle.",
                None,
            ),
            (
                "Indsatsen omlægger eksisterende behandlingsforløb for familier, så de i perioder deltager i gruppeforløb. Der er ikke afsat økonomi til denne del af Tilbudsviften.",
                None,
            ),
            (
                "Udarbejdelse af midtvejsevaluering inden budgetforhandlingerne og med henblik på at give en vurdering af projektet.",
                None,
            ),
            (
                "Ballerup Kommune har indgået et samarbejde med KL og andre kommuner omkring udvikling og implementering af AULA.",
                None,
            ),
            (
                "Der er ikke afsat økonomi til denne del af Tilbudsviften.",
                None,
            ),
            ("", None),
            ("[bidragsyder]", None),
            ("Alle centre", Some("Alle centre")),
        ];
        for (text, want) in cases {
            assert_eq!(contributor(text, &t).as_deref(), want, "{text}");
        }
    }
}
