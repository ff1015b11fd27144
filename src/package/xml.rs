//! Small XML helpers for patching package parts: escaping, attributes, a
//! scanner that reports each event with its byte span, and a splice list
//! that rebuilds a part from the input bytes and a few replacements.
//!
//! Patching by splicing keeps every byte we do not mean to change: the
//! parts of the input we pass through are copied, not re-serialised.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::PackageError;

/// A part's XML as UTF-8: a part saved in UTF-16 (with a byte order mark,
/// or without one, as its `<?xml` shows) is decoded, and its declaration
/// says `UTF-8` from then on. Excel reads both; calamine and opfolg's
/// patches read UTF-8. A part in UTF-8 comes back as it is, borrowed.
///
/// ```
/// use opfolg::package::xml::utf8;
/// let be: Vec<u8> = "\u{feff}<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>æ</a>"
///     .encode_utf16()
///     .flat_map(u16::to_be_bytes)
///     .collect();
/// let want = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>æ</a>";
/// assert_eq!(&*utf8(&be), want.as_bytes());
/// assert_eq!(&*utf8(b"<a/>"), b"<a/>");
/// ```
pub fn utf8(bytes: &[u8]) -> Cow<'_, [u8]> {
    let (big_endian, body) = match bytes {
        [0xFE, 0xFF, rest @ ..] => (true, rest),
        [0xFF, 0xFE, rest @ ..] => (false, rest),
        [0x00, b'<', 0x00, b'?', ..] => (true, bytes),
        [b'<', 0x00, b'?', 0x00, ..] => (false, bytes),
        _ => return Cow::Borrowed(bytes),
    };
    // XML, not a binary part that happens to start so.
    let starts_xml = match big_endian {
        true => body.starts_with(&[0x00, b'<']),
        false => body.starts_with(&[b'<', 0x00]),
    };
    if !starts_xml {
        return Cow::Borrowed(bytes);
    }
    let units = body.chunks_exact(2).map(|p| match big_endian {
        true => u16::from_be_bytes([p[0], p[1]]),
        false => u16::from_le_bytes([p[0], p[1]]),
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    // The declaration's encoding, which now is UTF-8.
    let text = match text.find("?>").filter(|_| text.starts_with("<?xml")) {
        Some(end) => {
            let decl = &text[..end];
            let fixed = [
                "UTF-16", "utf-16", "UTF-16BE", "UTF-16LE", "utf-16be", "utf-16le",
            ]
            .iter()
            .fold(decl.to_string(), |d, e| {
                d.replace(&format!("\"{e}\""), "\"UTF-8\"")
                    .replace(&format!("'{e}'"), "'UTF-8'")
            });
            format!("{fixed}{}", &text[end..])
        }
        None => text,
    };
    Cow::Owned(text.into_bytes())
}

/// Escapes text for an element's content: `&`, `<`, `>`, and the control
/// characters XML 1.0 cannot hold, which OOXML writes as `_xHHHH_` (a
/// literal `_x…_` in the text is itself escaped, as Excel does).
///
/// ```
/// use opfolg::package::xml::escape_text;
/// assert_eq!(escape_text("a < b & c"), "a &lt; b &amp; c");
/// assert_eq!(escape_text("bell\u{7}"), "bell_x0007_");
/// assert_eq!(escape_text("_x0041_"), "_x005F_x0041_");
/// ```
pub fn escape_text(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Escapes text for an attribute value (also `"`, and line breaks as
/// character references so they survive attribute normalisation).
///
/// ```
/// use opfolg::package::xml::escape_attr;
/// assert_eq!(escape_attr("\"a\"\nb"), "&quot;a&quot;&#10;b");
/// ```
pub fn escape_attr(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

fn needs_escape(s: &str, attr: bool) -> bool {
    s.bytes().any(|b| {
        matches!(b, b'&' | b'<' | b'>' | b'_')
            || (b < 0x20 && (attr || !matches!(b, b'\t' | b'\n' | b'\r')))
            || (attr && b == b'"')
    }) || s.contains(['\u{FFFE}', '\u{FFFF}'])
}

fn escape(s: &str, attr: bool) -> Cow<'_, str> {
    if !needs_escape(s, attr) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let len = c.len_utf8();
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\n' if attr => out.push_str("&#10;"),
            '\r' if attr => out.push_str("&#13;"),
            '\t' if attr => out.push_str("&#9;"),
            '_' if is_ooxml_escape(rest) => out.push_str("_x005F_"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            '\u{FFFE}' | '\u{FFFF}' => out.push_str(&format!("_x{:04X}_", c as u32)),
            c => out.push(c),
        }
        rest = &rest[len..];
    }
    Cow::Owned(out)
}

/// Whether `s` starts with an OOXML escape `_xHHHH_`.
fn is_ooxml_escape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// Undoes OOXML's `_xHHHH_` escapes in text read from a part.
///
/// ```
/// use opfolg::package::xml::unescape_ooxml;
/// assert_eq!(unescape_ooxml("a_x000D_b"), "a\rb");
/// assert_eq!(unescape_ooxml("_x005F_x0041_"), "_x0041_");
/// ```
pub fn unescape_ooxml(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if is_ooxml_escape(tail) {
            let code = u32::from_str_radix(&tail[2..6], 16).unwrap_or(0xFFFD);
            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            rest = &tail[7..];
        } else {
            out.push_str("_x");
            rest = &tail[2..];
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The value of the attribute whose local name (without prefix) is `local`.
pub fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            quick_xml::escape::unescape(&a.value)
                .map(Cow::into_owned)
                .unwrap_or_else(|_| a.value.clone().into_owned())
        })
    })
}

/// Every attribute as (qualified name, raw value), in order.
pub fn raw_attrs(e: &BytesStart) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| (a.key.as_ref().to_string(), a.value.into_owned()))
        .collect()
}

/// The element's local name as text.
pub fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// The element's prefix with its colon (`x:`), or "".
pub fn prefix_of(e: &BytesStart) -> String {
    let name = e.name();
    let full = name.as_ref();
    match full.find(':') {
        Some(i) => full[..=i].to_string(),
        None => String::new(),
    }
}

/// The text a reference stands for: `&amp;` → `&`, `&#10;` → a line break.
pub fn ref_text(r: &quick_xml::events::BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.borrow().into_inner().as_ref() {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_string()
}

/// Writes a start tag `<name a="v" …>` (or empty `…/>`) with the
/// attributes given as (qualified name, raw, already escaped value).
pub fn tag(name: &str, attrs: &[(String, String)], empty: bool) -> String {
    let mut s = format!("<{name}");
    for (k, v) in attrs {
        s.push(' ');
        s.push_str(k);
        s.push_str("=\"");
        s.push_str(v);
        s.push('"');
    }
    s.push_str(if empty { "/>" } else { ">" });
    s
}

/// Sets (or adds) attribute `key` to the raw, escaped `value`.
pub fn set_attr(attrs: &mut Vec<(String, String)>, key: &str, value: String) {
    match attrs.iter_mut().find(|(k, _)| k == key) {
        Some(a) => a.1 = value,
        None => attrs.push((key.to_string(), value)),
    }
}

/// One event of a part with where it stands in the bytes.
pub struct Spanned<'a> {
    /// The event as quick-xml reads it.
    pub event: Event<'a>,
    /// Its bytes in the part.
    pub span: Range<usize>,
    /// Depth of the element the event opens or closes (root = 1); for
    /// other events, the depth of the element they stand in.
    pub depth: usize,
}

/// Reads a part event by event, with byte spans and depth.
pub struct Scanner<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    part: &'a str,
    /// Bytes before what the reader reads (a byte order mark), added to
    /// every span so spans index the part's own bytes.
    offset: usize,
}

impl<'a> Scanner<'a> {
    /// A scanner over `bytes`, the part named `part` (for errors).
    pub fn new(bytes: &'a [u8], part: &'a str) -> Scanner<'a> {
        // quick-xml skips a byte order mark without counting it.
        let offset = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut reader = Reader::from_reader(&bytes[offset..]);
        let c = reader.config_mut();
        c.trim_text(false);
        c.check_end_names = true;
        c.expand_empty_elements = false;
        Scanner {
            reader,
            depth: 0,
            part,
            offset,
        }
    }

    /// The next event, or `None` at the end.
    ///
    /// # Errors
    /// The part is not well-formed XML.
    pub fn next_event(&mut self) -> Result<Option<Spanned<'a>>, PackageError> {
        let start = self.reader.buffer_position() as usize + self.offset;
        let event = self
            .reader
            .read_event()
            .map_err(|e| PackageError::Xml(self.part.to_string(), e.to_string()))?;
        let end = self.reader.buffer_position() as usize + self.offset;
        let depth = match &event {
            Event::Eof => return Ok(None),
            Event::Start(_) => {
                self.depth += 1;
                self.depth
            }
            Event::Empty(_) => self.depth + 1,
            Event::End(_) => {
                let d = self.depth;
                self.depth = self.depth.saturating_sub(1);
                d
            }
            _ => self.depth,
        };
        Ok(Some(Spanned {
            event,
            span: start..end,
            depth,
        }))
    }

    /// Skips to the end of the element whose start was just read; returns
    /// the end of its closing tag.
    ///
    /// # Errors
    /// The part is not well-formed XML, or ends inside the element.
    pub fn skip_element(&mut self) -> Result<usize, PackageError> {
        let target = self.depth;
        loop {
            match self.next_event()? {
                Some(s) if matches!(s.event, Event::End(_)) && s.depth == target => {
                    return Ok(s.span.end);
                }
                Some(_) => {}
                None => {
                    return Err(PackageError::Xml(
                        self.part.to_string(),
                        "unexpected end of the part".into(),
                    ));
                }
            }
        }
    }
}

/// A part rebuilt from its input bytes with some spans replaced. The
/// replacement texts are kept one after another in one buffer: a large
/// sheet's hundreds of thousands of cell edits are not as many
/// allocations.
#[derive(Default)]
pub struct Splice {
    /// (the span replaced, the replacement's chunk of `texts` and its
    /// range there).
    edits: Vec<(Range<usize>, usize, Range<usize>)>,
    /// The replacements, in chunks of [`SPLICE_CHUNK`] or more: never
    /// grown by copying (a large sheet's are tens of megabytes).
    texts: Vec<Vec<u8>>,
}

/// The least room of a chunk of [`Splice`]'s replacement texts.
const SPLICE_CHUNK: usize = 1 << 20;

impl Splice {
    /// Replaces `span` with `text` (an empty span inserts).
    pub fn replace(&mut self, span: Range<usize>, text: impl AsRef<[u8]>) {
        let text = text.as_ref();
        let fits = (self.texts.last()).is_some_and(|c| c.capacity() - c.len() >= text.len());
        if !fits {
            self.texts
                .push(Vec::with_capacity(SPLICE_CHUNK.max(text.len())));
        }
        let chunk = self.texts.len() - 1;
        let c = &mut self.texts[chunk];
        let start = c.len();
        c.extend_from_slice(text);
        self.edits.push((span, chunk, start..c.len()));
    }

    /// Inserts `text` at `at`.
    pub fn insert(&mut self, at: usize, text: impl AsRef<[u8]>) {
        self.replace(at..at, text);
    }

    /// Whether nothing is to change.
    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// The input with every edit applied. Edits at the same place keep the
    /// order they were made in; overlapping edits are a bug.
    pub fn apply(self, input: &[u8]) -> Vec<u8> {
        let added: usize = self.texts.iter().map(Vec::len).sum();
        let mut out = Vec::with_capacity(input.len() + added);
        self.apply_to(input, &mut out)
            .expect("writing to a Vec cannot fail");
        out
    }

    /// Writes the input with every edit applied to `out`, as [`apply`]
    /// makes it, without holding the result whole.
    ///
    /// # Errors
    /// `out` fails to take the bytes.
    ///
    /// [`apply`]: Splice::apply
    pub fn apply_to<W: std::io::Write>(mut self, input: &[u8], out: &mut W) -> std::io::Result<()> {
        self.edits.sort_by_key(|(span, ..)| (span.start, span.end));
        let mut at = 0;
        for (span, chunk, text) in &self.edits {
            debug_assert!(span.start >= at, "overlapping edits");
            let start = span.start.max(at).min(input.len());
            out.write_all(&input[at.min(start)..start])?;
            out.write_all(&self.texts[*chunk][text.clone()])?;
            at = span.end.max(at);
        }
        out.write_all(&input[at.min(input.len())..])
    }
}

/// A1 name of a 0-based cell: (0, 0) → `A1`.
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", col_name(col), row + 1)
}

/// Pushes the A1 name of a 0-based cell onto `s`, as [`a1`] writes it,
/// without a string of its own (this runs for every cell opfolg writes).
pub fn push_a1(s: &mut String, row: u32, col: u16) {
    let mut letters = [0u8; 4];
    let mut n = u32::from(col) + 1;
    let mut i = letters.len();
    while n > 0 {
        i -= 1;
        letters[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    s.push_str(std::str::from_utf8(&letters[i..]).expect("ASCII"));
    let _ = std::fmt::Write::write_fmt(s, format_args!("{}", row + 1));
}

/// Column letters of a 0-based column: 0 → `A`, 26 → `AA`.
pub fn col_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII")
}

/// Parses an A1 reference (`$`s allowed) into 0-based (row, col).
pub fn parse_a1(s: &str) -> Option<(u32, u16)> {
    let unfixed;
    let s = match s.trim() {
        t if t.contains('$') => {
            unfixed = t.replace('$', "");
            unfixed.as_str()
        }
        t => t,
    };
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > 1_048_576 || col == 0 || col > 16_384 {
        return None;
    }
    Some((row - 1, (col - 1) as u16))
}

/// Parses a range `A1:B2` (or a single cell) into its corners.
pub fn parse_range(s: &str) -> Option<((u32, u16), (u32, u16))> {
    match s.split_once(':') {
        Some((a, b)) => Some((parse_a1(a)?, parse_a1(b)?)),
        None => {
            let c = parse_a1(s)?;
            Some((c, c))
        }
    }
}

/// A range's A1 text: a single cell as `A1`, else `A1:B2`.
pub fn range_a1(first: (u32, u16), last: (u32, u16)) -> String {
    if first == last {
        a1(first.0, first.1)
    } else {
        format!("{}:{}", a1(first.0, first.1), a1(last.0, last.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names_both_ways() {
        let cases = [
            ((0, 0), "A1"),
            ((11, 2), "C12"),
            ((0, 25), "Z1"),
            ((0, 26), "AA1"),
            ((1_048_575, 16_383), "XFD1048576"),
        ];
        for ((r, c), name) in cases {
            assert_eq!(a1(r, c), name);
            assert_eq!(parse_a1(name), Some((r, c)));
        }
        assert_eq!(parse_a1("$B$3"), Some((2, 1)));
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("1A"), None);
    }

    #[test]
    fn splice_keeps_what_it_does_not_touch() {
        let input = b"<a><b/><c>x</c></a>";
        let mut s = Splice::default();
        s.replace(3..7, "<B/>");
        s.insert(15, "<d/>");
        assert_eq!(s.apply(input), b"<a><B/><c>x</c><d/></a>");
    }

    #[test]
    fn scanner_spans_and_depths() {
        let input = b"<a><b x=\"1\"/><c>t</c></a>";
        let mut sc = Scanner::new(input, "t.xml");
        let mut seen = Vec::new();
        while let Some(s) = sc.next_event().unwrap() {
            seen.push((
                String::from_utf8_lossy(&input[s.span.clone()]).into_owned(),
                s.depth,
            ));
        }
        let want = [
            ("<a>", 1),
            ("<b x=\"1\"/>", 2),
            ("<c>", 2),
            ("t", 2),
            ("</c>", 2),
            ("</a>", 1),
        ];
        let got: Vec<(&str, usize)> = seen.iter().map(|(s, d)| (s.as_str(), *d)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn ooxml_escapes_round_trip() {
        for s in ["plain", "a\u{1}b", "_x0041_", "tab\there", "æøå ☺ 😐"] {
            assert_eq!(unescape_ooxml(&escape_text(s).replace("&lt;", "<")), s);
        }
    }
}

#[cfg(test)]
mod bom_tests {
    use super::*;

    #[test]
    fn spans_count_a_byte_order_mark() {
        let input = "\u{feff}<a><b/></a>".as_bytes();
        let mut sc = Scanner::new(input, "t.xml");
        let mut spans = Vec::new();
        while let Some(s) = sc.next_event().unwrap() {
            spans.push(String::from_utf8_lossy(&input[s.span.clone()]).into_owned());
        }
        assert_eq!(spans, ["<a>", "<b/>", "</a>"]);
    }
}
