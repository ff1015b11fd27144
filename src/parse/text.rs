//! Text cells: HTML left over from the systems the workbooks were exported
//! from, case folding for label matching, and the `Status:` paragraph.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::NoteText;

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>").unwrap());
static BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>|</p>|</li>|</div>|<li[^<>]*>").unwrap());

static COMPILED: LazyLock<std::sync::Mutex<std::collections::HashMap<String, &'static Regex>>> =
    LazyLock::new(Default::default);

/// A regex built from template words, compiled once: the patterns depend
/// on the template, so they cannot be statics, and compiling one per cell
/// cost milliseconds per initiative. The same `Regex` is handed out every
/// time (a clone would start with an empty lazy-DFA cache); the patterns
/// come from a template or two, so keeping them for the process is cheap.
pub fn cached_regex(pattern: &str) -> &'static Regex {
    let mut map = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(re) = map.get(pattern) {
        return re;
    }
    let re: &'static Regex = Box::leak(Box::new(
        Regex::new(pattern).expect("patterns built from escaped template words are valid"),
    ));
    map.insert(pattern.to_string(), re);
    re
}

/// The first HTML tag in a cell, if it holds markup (finding S008).
///
/// ```
/// use opfolg::parse::text::html_tag;
/// assert_eq!(html_tag("<p>Milepæl</p>"), Some("<p>".to_string()));
/// assert_eq!(html_tag("1 < 2 > 0"), None);
/// ```
pub fn html_tag(s: &str) -> Option<String> {
    if !s.contains('<') {
        return None;
    }
    TAG.find(s).map(|m| m.as_str().to_string())
}

/// The text with HTML tags removed and entities decoded; paragraphs and list
/// items become lines, runs of spaces one space.
///
/// ```
/// use opfolg::parse::text::strip_html;
/// assert_eq!(strip_html("<p>Første</p> <p>Anden &amp; tredje</p>"), "Første\nAnden & tredje");
/// ```
pub fn strip_html(s: &str) -> String {
    // Most cells hold no markup: only tidy their lines.
    if !has_markup(s) {
        return tidy_lines(s);
    }
    let s = BREAK.replace_all(s, "\n");
    let s = TAG.replace_all(&s, "");
    let s = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    tidy_lines(&s)
}

/// Whether a text may hold markup: a `<` or `&` (a quick byte search).
fn has_markup(s: &str) -> bool {
    memchr::memchr2(b'<', b'&', s.as_bytes()).is_some()
}

/// Lines trimmed, runs of spaces made one, empty lines dropped.
fn tidy_lines(s: &str) -> String {
    if is_tidy(s) {
        return s.to_string();
    }
    tidy_words(s)
}

/// [`tidy_lines`] word by word.
fn tidy_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let words = line.split([' ', '\t', '\u{a0}']).filter(|w| !w.is_empty());
        let mut first = true;
        for w in words {
            if first {
                if !out.is_empty() {
                    out.push('\n');
                }
                first = false;
            } else {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Whether [`tidy_lines`] would leave `s` as it is: no tab, carriage
/// return or no-break space, no space or line break next to another or at
/// either end. A few quick searches of the bytes, where tidying splits every line
/// into words (most cells are tidy).
fn is_tidy(s: &str) -> bool {
    use memchr::{memchr_iter, memchr2, memmem};
    let b = s.as_bytes();
    let blank = |c: Option<&u8>| matches!(c, Some(b' ' | b'\n'));
    if blank(b.first()) || blank(b.last()) || memchr2(b'\t', b'\r', b).is_some() {
        return false;
    }
    // U+00A0, the no-break space, is C2 A0 in UTF-8.
    if memmem::find(b, b"\xC2\xA0").is_some() || memmem::find(b, b"  ").is_some() {
        return false;
    }
    // A line break with a space or another line break beside it.
    memchr_iter(b'\n', b)
        .all(|i| !blank(b.get(i + 1)) && !blank(i.checked_sub(1).and_then(|k| b.get(k))))
}

/// A label as compared: tags stripped, trimmed, case folded, one space between words.
///
/// ```
/// use opfolg::parse::text::fold;
/// assert_eq!(fold(" <p>MILEPÆL</p> "), "milepæl");
/// ```
pub fn fold(s: &str) -> String {
    let stripped;
    // Most cells hold no markup: their words are taken as they are.
    let plain = if has_markup(s) {
        stripped = strip_html(s);
        stripped.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(plain.len());
    for w in plain.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        out.to_lowercase()
    }
}

/// A sentence ends at a line break, or at `.`, `!` or `?` before a capital
/// or a digit (`mio. kr. Der …`; not `mio. kr. i 2019`).
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n|[.!?]\s+(?:\p{Lu}|\d)").unwrap());

/// Where the text's sentences start, and its end.
///
/// ```
/// use opfolg::parse::text::sentence_cuts;
/// let text = "Der er afsat 3 mio. kr. i 2018. Der afsættes yderligere 4 mio. kr.";
/// assert_eq!(sentence_cuts(text), vec![0, 31, text.len()]);
/// ```
pub fn sentence_cuts(text: &str) -> Vec<usize> {
    let mut cuts = vec![0];
    // Cut after the punctuation, before the capital that opens the next.
    cuts.extend(SENTENCE_END.find_iter(text).map(|m| m.start() + 1));
    cuts.push(text.len());
    cuts
}

/// The sentence holding byte `at`, given the text's [`sentence_cuts`].
pub fn sentence_at<'a>(text: &'a str, cuts: &[usize], at: usize) -> &'a str {
    let i = cuts.partition_point(|&c| c <= at).max(1);
    let end = cuts.get(i).copied().unwrap_or(text.len());
    text.get(cuts[i - 1]..end).unwrap_or(text)
}

/// A word of a text: where it stands, its letters case folded, and whether
/// a new clause starts with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Where the word stands in the text, in bytes.
    pub range: std::ops::Range<usize>,
    /// The word, case folded.
    pub folded: String,
    /// Whether a sentence or clause starts at this word: after a sentence's
    /// end, a `,` (not inside a number: `0,5`), `;` or `:`, or at one of
    /// the template's clause words (`men`).
    pub starts_clause: bool,
}

/// The words of a text (letters and digits, a hyphen inside a word kept:
/// `KB-beslutning`), with where each clause starts.
///
/// ```
/// use opfolg::parse::text::words;
/// let w = words("Der er et merforbrug på 0,5 mio. kr., men det dækkes.", &["men".into()]);
/// let clauses: Vec<&str> = w.iter().filter(|w| w.starts_clause).map(|w| w.folded.as_str()).collect();
/// assert_eq!(clauses, ["der", "men"]);
/// ```
pub fn words(text: &str, clause_words: &[String]) -> Vec<Word> {
    let cuts = sentence_cuts(text);
    let mut out: Vec<Word> = Vec::new();
    let mut start: Option<usize> = None;
    let mut end_of_previous = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let inner_hyphen = c == '-' && start.is_some() && next.is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner_hyphen {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(new_word(text, s..i, end_of_previous, &cuts, clause_words));
            end_of_previous = i;
        }
    }
    if let Some(s) = start {
        out.push(new_word(
            text,
            s..text.len(),
            end_of_previous,
            &cuts,
            clause_words,
        ));
    }
    if let Some(first) = out.first_mut() {
        first.starts_clause = true;
    }
    out
}

fn new_word(
    text: &str,
    range: std::ops::Range<usize>,
    end_of_previous: usize,
    cuts: &[usize],
    clause_words: &[String],
) -> Word {
    let folded = text[range.clone()].to_lowercase();
    let gap = &text[end_of_previous..range.start];
    let between_digits = gap == ","
        && text[..end_of_previous].ends_with(|c: char| c.is_ascii_digit())
        && text[range.start..].starts_with(|c: char| c.is_ascii_digit());
    let starts_clause = (gap.contains([',', ';', ':']) && !between_digits)
        || cuts
            .iter()
            .any(|&c| c > end_of_previous && c <= range.start)
        || clause_words.iter().any(|w| w.to_lowercase() == folded);
    Word {
        range,
        folded,
        starts_clause,
    }
}

/// The words of a template phrase, case folded: `ud over bevillingsrammen`.
pub fn phrase_words(phrase: &str) -> Vec<String> {
    words(phrase, &[]).into_iter().map(|w| w.folded).collect()
}

/// Whether `phrase` (its [`phrase_words`]) stands at word `i` of `words`,
/// within one clause, each of its words the start of a word of the text:
/// `ud over bevillingsramme` matches `ud over bevillingsrammen`.
pub fn phrase_at(words: &[Word], i: usize, phrase: &[String]) -> bool {
    !phrase.is_empty()
        && words.len() >= i + phrase.len()
        && phrase.iter().enumerate().all(|(k, p)| {
            let w = &words[i + k];
            w.folded.starts_with(p.as_str()) && (k == 0 || !w.starts_clause)
        })
}

/// Whether a word of `text` starts with one of `stems` (case folded):
/// template words such as `bespar` match `Besparelsen` and `besparelse`.
///
/// ```
/// use opfolg::parse::text::has_word_starting_with;
/// let stems = ["bespar".to_string()];
/// assert!(has_word_starting_with("Besparelsen på 1 mio. kr.", &stems));
/// assert!(!has_word_starting_with("Der er afsat 1 mio. kr.", &stems));
/// ```
pub fn has_word_starting_with(text: &str, stems: &[String]) -> bool {
    if stems.is_empty() {
        return false;
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| stems.iter().any(|s| starts_with_folded(w, s)))
}

/// Whether `word` starts with `stem`, case folded, without allocating
/// (this runs on every word of every economy text).
fn starts_with_folded(word: &str, stem: &str) -> bool {
    let mut w = word.chars().flat_map(char::to_lowercase);
    stem.chars()
        .flat_map(char::to_lowercase)
        .all(|c| w.next() == Some(c))
}

/// Splits a milestone or economy text at its `Status:` paragraph.
///
/// ```
/// use opfolg::parse::text::note_text;
/// let n = note_text("<p>Arbejdsgruppe er nedsat.</p><p>Status: Gruppen mødes i april.</p>", "Status:");
/// assert_eq!(n.text, "Arbejdsgruppe er nedsat.");
/// assert_eq!(n.status.as_deref(), Some("Gruppen mødes i april."));
/// ```
pub fn note_text(raw: &str, status_prefix: &str) -> NoteText {
    note_text_re(raw, status_regex(status_prefix))
}

/// The pattern of a `Status:` prefix at a paragraph's start.
pub fn status_regex(status_prefix: &str) -> &'static Regex {
    cached_regex(&format!(
        r"(?i)(?:^|\s){}",
        regex::escape(status_prefix.trim())
    ))
}

/// [`note_text`] with the status pattern already built.
pub fn note_text_re(raw: &str, re: &Regex) -> NoteText {
    let plain = strip_html(raw);
    let (text, status) = match re.find(&plain) {
        Some(m) => {
            let status = plain[m.end()..].trim().to_string();
            (plain[..m.start()].trim().to_string(), Some(status))
        }
        // strip_html's lines are already trimmed: no second copy.
        None => (plain, None),
    };
    NoteText { text, status }
}

/// Whether `cell` is the label `label` (folded, tags stripped).
pub fn is_label(cell: &str, label: &str) -> bool {
    // A cell far longer than the label (a description) cannot be it,
    // even wrapped in tags: skip folding a kilobyte of text.
    if cell.len() > 4 * label.len() + 64 {
        return false;
    }
    if !has_markup(cell) {
        // Without markup: compare word by word, case folded, without
        // building new strings (this runs on every short cell).
        fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
            s.split_whitespace()
                .flat_map(|w| w.chars().flat_map(char::to_lowercase).chain([' ']))
        }
        return folded(cell).eq(folded(label));
    }
    fold(cell) == fold(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tidy_text_is_what_tidying_makes_of_it() {
        let cases = [
            "",
            " ",
            "\n",
            "\t",
            "\r",
            "a",
            "a b",
            "a  b",
            "a \nb",
            "a\n b",
            "a\n\nb",
            "a\nb",
            " a",
            "a ",
            "a\n",
            "\na",
            "a\tb",
            "a\r\nb",
            "a\u{a0}b",
            "a\u{2003}b",
            "Status: Forløber planmæssigt.\nDer er afsat 0,762 mio. kr. i 2019.",
            "æ ø å\nÆ Ø Å",
            "a \u{a0}b",
            "a\u{a0}",
            "\u{a0}a",
        ];
        for s in cases {
            assert_eq!(tidy_lines(s), tidy_words(s), "{s:?}");
            if is_tidy(s) {
                assert_eq!(tidy_words(s), s, "{s:?} is tidy");
            }
        }
        assert!(is_tidy("a b\nc"));
        assert!(!is_tidy("a  b"));
    }

    #[test]
    fn labels_match_with_and_without_markup() {
        let cases = [
            ("Milepæl", "Milepæl", true),
            ("  MILEPÆL ", "Milepæl", true),
            ("<p>Milepæl</p>", "Milepæl", true),
            ("Milepæl\u{a0}", "Milepæl", true),
            ("Milepæle", "Milepæl", false),
            ("Tid", "Tid", true),
            ("Ansvarligt  center:", "Ansvarligt center:", true),
            ("1. budgetopfølgning 2018", "Tid", false),
            ("", "Tid", false),
        ];
        for (cell, label, want) in cases {
            assert_eq!(is_label(cell, label), want, "{cell:?}");
        }
    }

    #[test]
    fn html_variants_from_the_seeds() {
        let cases = [
            ("<p>Milepæl</p>", "Milepæl"),
            (
                "<p>1. budgetopfølgning 2018</p>",
                "1. budgetopfølgning 2018",
            ),
            (
                r#"<ul style="list-style-type: none"> • Styrket samarbejde</ul>"#,
                "• Styrket samarbejde",
            ),
            ("Ingen markup", "Ingen markup"),
            ("a<br/>b", "a\nb"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_html(input), want, "{input}");
        }
    }

    #[test]
    fn status_paragraph_variants() {
        let cases = [
            ("Data tilrettelægges.", "Data tilrettelægges.", None),
            (
                "Data tilrettelægges.\nStatus: Data er indsamlet.",
                "Data tilrettelægges.",
                Some("Data er indsamlet."),
            ),
            ("Tekst STATUS: ok", "Tekst", Some("ok")),
            ("Status: kun status", "", Some("kun status")),
            ("Statusmøde holdes.", "Statusmøde holdes.", None),
        ];
        for (raw, text, status) in cases {
            let n = note_text(raw, "Status:");
            assert_eq!(n.text, text, "{raw}");
            assert_eq!(n.status.as_deref(), status, "{raw}");
        }
    }
}
