//! Word-level differences of two texts, bounded so a pathological cell
//! cannot blow up the run time.

use similar::{Algorithm, ChangeTag, TextDiff};

use super::{Segment, SegmentOp};

/// Past this many words on either side, a text change is shown as the whole
/// old text deleted and the whole new one inserted. Myers' algorithm costs
/// at most (N+M)·D steps, D ≤ N+M: 16 million at this bound, a few
/// milliseconds. The bound is a count, not a time, so the page and the
/// command line (and a slow machine and a fast one) give the same diff;
/// a follow-up's longest texts are a few hundred words.
const MAX_WORDS: usize = 2_000;

/// The word-level segments turning `before` into `after`; neighbouring
/// segments of the same kind are merged.
///
/// ```
/// use opfolg::diff::{words::segments, SegmentOp};
/// let s = segments("Arbejdsgruppe er nedsat.", "Arbejdsgruppe er ikke nedsat.");
/// assert_eq!(s[1].op, SegmentOp::Insert);
/// assert_eq!(s[1].text, "ikke ");
/// ```
pub fn segments(before: &str, after: &str) -> Vec<Segment> {
    let too_long = |s: &str| s.split_whitespace().nth(MAX_WORDS).is_some();
    if too_long(before) || too_long(after) {
        return [(SegmentOp::Delete, before), (SegmentOp::Insert, after)]
            .into_iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(op, t)| Segment {
                op,
                text: t.to_string(),
            })
            .collect();
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_words(before, after);
    let raw = diff.iter_all_changes().map(|change| {
        let op = match change.tag() {
            ChangeTag::Equal => SegmentOp::Equal,
            ChangeTag::Delete => SegmentOp::Delete,
            ChangeTag::Insert => SegmentOp::Insert,
        };
        (op, change.value())
    });
    cleanup(merge(raw))
}

/// Joins neighbouring pieces of the same kind.
fn merge<'a>(pieces: impl Iterator<Item = (SegmentOp, &'a str)>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (op, text) in pieces {
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(Segment {
                op,
                text: text.to_string(),
            }),
        }
    }
    out
}

/// An unchanged island this small between two changes is folded into them,
/// so a rewritten sentence reads as one deletion and one insertion instead
/// of alternating words.
fn is_small_island(text: &str) -> bool {
    text.split_whitespace().count() <= 1
}

/// Folds small unchanged islands between changes into the changes, then
/// puts each region's deletion before its insertion.
fn cleanup(segs: Vec<Segment>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Segment>, del: &mut String, ins: &mut String| {
        for (op, text) in [(SegmentOp::Delete, del), (SegmentOp::Insert, ins)] {
            if !text.is_empty() {
                out.push(Segment {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, s) in segs.iter().enumerate() {
        let in_region = !del.is_empty() || !ins.is_empty();
        let next_changes = segs.get(i + 1).is_some_and(|n| n.op != SegmentOp::Equal);
        match s.op {
            SegmentOp::Delete => del.push_str(&s.text),
            SegmentOp::Insert => ins.push_str(&s.text),
            SegmentOp::Equal if in_region && next_changes && is_small_island(&s.text) => {
                del.push_str(&s.text);
                ins.push_str(&s.text);
            }
            SegmentOp::Equal => {
                flush(&mut out, &mut del, &mut ins);
                out.push(s.clone());
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(segs: &[Segment], keep: SegmentOp) -> String {
        segs.iter()
            .filter(|s| s.op == SegmentOp::Equal || s.op == keep)
            .map(|s| s.text.as_str())
            .collect()
    }

    #[test]
    fn segments_rebuild_both_texts() {
        let cases = [
            ("Data tilrettelægges.", "Data er tilrettelagt."),
            ("", "Ny tekst"),
            ("Gammel tekst", ""),
            ("Samme tekst", "Samme tekst"),
            ("a b c d", "a c d e"),
        ];
        for (a, b) in cases {
            let s = segments(a, b);
            assert_eq!(joined(&s, SegmentOp::Delete), a);
            assert_eq!(joined(&s, SegmentOp::Insert), b);
        }
    }

    #[test]
    fn a_rewritten_sentence_is_one_deletion_and_one_insertion() {
        let s = segments(
            "Pilotprojektet er planlagt, men opstarten er udskudt til april.",
            "Pilotprojektet i Distrikt Skovlunde er i gang.",
        );
        let ops: Vec<SegmentOp> = s.iter().map(|s| s.op).collect();
        assert_eq!(
            ops,
            [SegmentOp::Equal, SegmentOp::Delete, SegmentOp::Insert]
        );
        assert_eq!(s[0].text, "Pilotprojektet ");
    }

    #[test]
    fn a_single_changed_word_stays_a_single_word() {
        let s = segments("Data er indsamlet i marts.", "Data er indsamlet i april.");
        assert_eq!(
            s[1],
            Segment {
                op: SegmentOp::Delete,
                text: "marts.".into()
            }
        );
        assert_eq!(
            s[2],
            Segment {
                op: SegmentOp::Insert,
                text: "april.".into()
            }
        );
    }

    #[test]
    fn a_pathological_cell_is_bounded() {
        let a = "ord ".repeat(30_000);
        let b = "andet ".repeat(30_000);
        // Past the word limit the change is one deletion and one insertion,
        // not a word-by-word diff of 30,000 × 30,000 words.
        let s = segments(&a, &b);
        assert_eq!(s.len(), 2);
    }
}
