//! Laying a sheet out on A4: which orientation and scale print the chosen
//! columns side by side with the text still readable, and where page
//! breaks go so that a group of rows (an initiative's block) is not split
//! when it fits on a page. Pure arithmetic on widths and heights; the
//! sheet patcher measures them.

/// A4 in points (portrait: width, height).
pub const A4: (f64, f64) = (595.28, 841.89);

/// Page margins in inches, as `<pageMargins>` has them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Margins {
    /// The margins opfolg writes where a sheet has none or Excel's
    /// defaults: Excel's "narrow" margins.
    pub const OURS: Margins = Margins {
        left: 0.25,
        right: 0.25,
        top: 0.75,
        bottom: 0.75,
    };

    /// Excel's default margins (what a sheet nobody set up has).
    pub const EXCEL: Margins = Margins {
        left: 0.7,
        right: 0.7,
        top: 0.75,
        bottom: 0.75,
    };
}

/// A column of stored width `w` (`<col width>`: characters of the digit 0
/// of the default font, padding included), in printed points. Excel
/// prints a unit as 7 pixels (5.25 pt); LibreOffice as 7 points
/// (measured: widths 5, 10, 20, 40 print 35, 70, 140, 280 pt). The wider
/// one is used, so a page that fits in LibreOffice fits in Excel too.
pub fn stored_points(w: f64) -> f64 {
    w.max(0.0) * 7.0
}

/// Excel's stored width for a column of `chars` characters of the default
/// font (Calibri 11: 7 pixels a digit, 5 pixels of padding).
pub fn stored_width(chars: f64) -> f64 {
    ((chars * 7.0 + 5.0) / 7.0 * 256.0).trunc() / 256.0
}

/// A column opfolg adds and prints: its planned width and the narrowest
/// it may become to fit the page (characters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Narrowable {
    pub col: u16,
    pub width: f64,
    pub min: f64,
}

/// The layout of a sheet's columns on paper: orientation and scale, and
/// the widths of opfolg's columns (narrowed where the page needs it).
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    pub choice: Choice,
    pub widths: Vec<(u16, f64)>,
    /// Whether every column prints across one page.
    pub fits: bool,
}

/// Fits `fixed` points of the user's columns and opfolg's `ours` on a
/// page: at full size if they fit, else scaled down; where the scale
/// would print text below `min_font_pt`, opfolg's columns are narrowed
/// (never below their minimum) first.
pub fn fit(fixed: f64, ours: &[Narrowable], font_pt: f64, min_font_pt: f64, m: Margins) -> Fitted {
    let at = |t: f64| -> (f64, Vec<(u16, f64)>) {
        let widths: Vec<(u16, f64)> = ours
            .iter()
            .map(|n| (n.col, n.min.min(n.width) + (n.width - n.min).max(0.0) * t))
            .collect();
        let total = fixed
            + widths
                .iter()
                .map(|(_, w)| stored_points(stored_width(*w)))
                .sum::<f64>();
        (total, widths)
    };
    let floor = floor_percent(font_pt, min_font_pt);
    let mut t = 1.0;
    loop {
        let (total, widths) = at(t);
        let choice = choose(total / RESERVE, font_pt, min_font_pt, m);
        let fits =
            f64::from(choice.scale) / 100.0 * total <= printable(choice.landscape, m).0 * RESERVE;
        if fits || t <= 0.0 || choice.scale > floor {
            return Fitted {
                choice,
                widths,
                fits,
            };
        }
        t = (t - 0.05_f64).max(0.0);
    }
}

/// How a sheet prints: landscape or not, and the scale in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub landscape: bool,
    pub scale: u32,
}

/// The printable (width, height) of an A4 page in points.
fn printable(landscape: bool, m: Margins) -> (f64, f64) {
    let (w, h) = if landscape { (A4.1, A4.0) } else { A4 };
    (
        (w - (m.left + m.right) * 72.0).max(72.0),
        (h - (m.top + m.bottom) * 72.0).max(72.0),
    )
}

/// The share of the page width the columns may take: spreadsheets add a
/// little to each column, and a column that misses by a point goes to a
/// page of its own.
const RESERVE: f64 = 0.98;

/// The orientation and scale that print `width` points of columns across
/// one page, as large as possible and never above 100 %; portrait when
/// both print at full size. When even the better one would print text of
/// `font_pt` below `min_font_pt`, the scale is held at that minimum and
/// the columns that do not fit go on pages of their own (Excel's order:
/// down, then over).
pub fn choose(width: f64, font_pt: f64, min_font_pt: f64, m: Margins) -> Choice {
    let fit = |landscape: bool| -> f64 {
        let (w, _) = printable(landscape, m);
        if width <= 0.0 {
            1.0
        } else {
            (w / width).min(1.0)
        }
    };
    let (portrait, landscape) = (fit(false), fit(true));
    let landscape_better = landscape > portrait + 1e-9;
    let best = portrait.max(landscape);
    // Excel's scale is a whole percent from 10 to 400: the fit rounds
    // down (the columns stay on the page), the floor up (the text stays
    // at least the minimum).
    let best = (best * 100.0 + 1e-6).floor() as u32;
    Choice {
        landscape: landscape_better,
        scale: best.max(floor_percent(font_pt, min_font_pt)).clamp(10, 100),
    }
}

/// The smallest scale (percent) that prints `font_pt` text at
/// `min_font_pt` or more.
fn floor_percent(font_pt: f64, min_font_pt: f64) -> u32 {
    ((min_font_pt / font_pt.max(1.0)).min(1.0) * 100.0 - 1e-6).ceil() as u32
}

/// The height, in sheet points, of what one page holds at `choice`.
pub fn page_height(choice: Choice, m: Margins) -> f64 {
    let (_, h) = printable(choice.landscape, m);
    h * 100.0 / f64::from(choice.scale)
}

/// The most manual page breaks Excel keeps in a sheet (its
/// specifications and limits: 1,026 horizontal and vertical).
pub const MOST_BREAKS: usize = 1026;

/// Page breaks (the rows that start a new page) so that no group of rows
/// is split over two pages when it fits on one. `height(row)` is a row's
/// printed height in points; `first` the first printed row; `groups` the
/// row ranges to keep together (first, last), in order and not
/// overlapping. A group taller than a page starts a page and runs on; the
/// printer breaks it where it must. A small reserve (3 %) allows for rows
/// whose height the spreadsheet sizes itself. At most [`MOST_BREAKS`]:
/// past them the printer breaks the pages where they fill.
pub fn breaks(
    height: impl Fn(u32) -> f64,
    first: u32,
    groups: &[(u32, u32)],
    page: f64,
) -> Vec<u32> {
    let page = page * 0.97;
    let mut out = Vec::new();
    let mut used = 0.0;
    let mut row = first;
    for &(a, b) in groups {
        if b < a || a < row {
            continue;
        }
        // Rows between groups belong to the page they fall on.
        for r in row..a {
            used = advance(used, height(r), page);
        }
        let h: f64 = (a..=b).map(&height).sum();
        if used > 0.0 && used + h > page {
            if out.len() == MOST_BREAKS {
                break;
            }
            out.push(a);
            used = 0.0;
        }
        used = if h > page {
            // Runs over; what is left of it on its last page.
            (used + h) % page
        } else {
            used + h
        };
        row = b + 1;
    }
    out
}

/// `used` after a row of height `h` that is not kept with others.
fn advance(used: f64, h: f64, page: f64) -> f64 {
    if used + h > page {
        h.min(page)
    } else {
        used + h
    }
}

/// How many lines a text wraps on in a column `width` characters wide, as
/// a spreadsheet wraps it: word by word (a word longer than a line is
/// broken), each `\n` a new line. Characters of 11-point Calibri are
/// narrower than the width's unit (the digit `0`), about 1.2 to one.
///
/// ```
/// use opfolg::package::wrapped_lines;
/// assert_eq!(wrapped_lines("frist flyttet", 26.0), 1);
/// assert_eq!(wrapped_lines("frist flyttet: 3. budgetopfølgning 2018 → 4. kvartal 2018", 12.0), 5);
/// assert_eq!(wrapped_lines("a\nb", 26.0), 2);
/// ```
pub fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = ((width * 1.2).floor() as usize).max(1);
    text.split('\n')
        .map(|paragraph| {
            let (mut lines, mut used) = (1, 0);
            for word in paragraph.split(' ').map(|w| w.chars().count()) {
                let need = if used == 0 { word } else { used + 1 + word };
                if need <= per_line {
                    used = need;
                } else {
                    lines += usize::from(used > 0);
                    // A word longer than a line takes lines of its own.
                    lines += word.saturating_sub(1) / per_line;
                    used = word % per_line;
                    if used == 0 && word > 0 {
                        used = per_line;
                    }
                }
            }
            lines
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_sheet_turns_landscape_and_shrinks() {
        // The bundled sample's columns with history and Ændring: 200 chars.
        let w: f64 = [44.7, 70.7, 24.7, 9.7, 6.7, 6.7, 16.7]
            .into_iter()
            .map(stored_points)
            .sum();
        let c = choose(w, 11.0, 7.0, Margins::OURS);
        assert!(c.landscape);
        assert!((63..100).contains(&c.scale), "{c:?}");
        assert!(11.0 * f64::from(c.scale) / 100.0 >= 7.0);
    }

    #[test]
    fn a_narrow_sheet_prints_portrait_at_full_size() {
        let w: f64 = [30.0, 40.0].into_iter().map(stored_points).sum();
        assert_eq!(
            choose(w, 11.0, 7.0, Margins::OURS),
            Choice {
                landscape: false,
                scale: 100
            }
        );
    }

    #[test]
    fn our_columns_narrow_before_text_gets_too_small() {
        // The bundled sample's own columns (150 units) and ours.
        let fixed: f64 = [44.71, 70.71, 24.71, 9.71]
            .into_iter()
            .map(stored_points)
            .sum();
        let ours = [
            Narrowable {
                col: 4,
                width: 12.0,
                min: 6.0,
            },
            Narrowable {
                col: 5,
                width: 12.0,
                min: 6.0,
            },
            Narrowable {
                col: 6,
                width: 26.0,
                min: 14.0,
            },
        ];
        let f = fit(fixed, &ours, 11.0, 7.0, Margins::OURS);
        assert!(f.choice.landscape);
        assert!(11.0 * f64::from(f.choice.scale) / 100.0 >= 7.0, "{f:?}");
        let total = fixed
            + f.widths
                .iter()
                .map(|(_, w)| stored_points(stored_width(*w)))
                .sum::<f64>();
        let (w, _) = printable(true, Margins::OURS);
        assert!(
            total * f64::from(f.choice.scale) / 100.0 <= w + 0.5,
            "{f:?}"
        );
        assert!(f.widths[2].1 < 26.0 && f.widths[2].1 >= 14.0, "{f:?}");
        // A narrow sheet keeps our widths.
        let f = fit(stored_points(30.0), &ours, 11.0, 7.0, Margins::OURS);
        assert_eq!(f.widths, vec![(4, 12.0), (5, 12.0), (6, 26.0)]);
    }

    #[test]
    fn text_never_prints_below_the_minimum() {
        // Far too wide: the scale stops where 10 pt text prints at 7 pt.
        let c = choose(5000.0, 10.0, 7.0, Margins::OURS);
        assert_eq!(c.scale, 70);
        assert!(c.landscape);
    }

    #[test]
    fn no_more_breaks_than_excel_keeps() {
        let groups: Vec<(u32, u32)> = (0..5000).map(|i| (i * 2, i * 2 + 1)).collect();
        let b = breaks(|_| 100.0, 0, &groups, 300.0);
        assert_eq!(b.len(), MOST_BREAKS);
        assert_eq!(b[..3], [2, 4, 6]);
    }

    #[test]
    fn breaks_fall_between_groups_that_fit() {
        // 10 rows of 100 points, page 300 (×0.97): groups of 2 rows.
        let groups = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9)];
        let b = breaks(|_| 100.0, 0, &groups, 300.0);
        assert_eq!(b, vec![2, 4, 6, 8]);
        // Groups of one row: three a page would be 300 > 291, so two.
        let groups: Vec<(u32, u32)> = (0..6).map(|r| (r, r)).collect();
        assert_eq!(breaks(|_| 100.0, 0, &groups, 300.0), vec![2, 4]);
    }

    #[test]
    fn a_group_taller_than_a_page_starts_one_and_runs_on() {
        let groups = [(0, 0), (1, 4), (5, 5)];
        // Row 0: 100; rows 1-4: 400 (over a page of 291); row 5: 100.
        let b = breaks(|_| 100.0, 0, &groups, 300.0);
        assert_eq!(b[0], 1, "the long group starts a page: {b:?}");
        // 400 over a 291 page leaves 109 on its last page; 109 + 100 fits.
        assert_eq!(b, vec![1]);
    }

    #[test]
    fn rows_before_the_first_group_count() {
        // A preamble of 250 points, then groups of 100.
        let h = |r: u32| if r < 5 { 50.0 } else { 100.0 };
        let b = breaks(h, 0, &[(5, 5), (6, 6)], 300.0);
        assert_eq!(b, vec![5], "the preamble leaves no room for row 5");
    }
}
