//! The workbooks opfolg hands out: the next round's workbook to fill in
//! (`new-round`) and a blank follow-up workbook (`template`).

use std::collections::HashMap;

use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DataValidation, Format, FormatAlign,
    Workbook as XlsxWorkbook, Worksheet, XlsxError,
};

use super::copy::{HandoutCells, SheetCopy};
use super::style;
use crate::model::{Round, Smiley, Workbook};
use crate::parse::text::fold;
use crate::read::raw::RawWorkbook;
use crate::template::Template;

/// The `Læsevejledning` sheet: the smiley definitions of the seeds and,
/// for a round, what to fill in.
fn guide(ws: &mut Worksheet, t: &Template, round: Option<Round>) -> Result<(), XlsxError> {
    let h = &t.handout;
    ws.set_name(&h.guide_sheet)?;
    ws.set_column_width(0, 100)?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    // (text, format); an empty text is a blank line.
    let mut lines: Vec<(String, &Format)> = vec![
        (h.guide_title.clone(), &title),
        (h.guide_intro.clone(), &wrap),
    ];
    lines.push((String::new(), &wrap));
    lines.push((h.guide_effort.clone(), &bold));
    lines.extend(h.guide_effort_lines.iter().map(|l| (l.clone(), &wrap)));
    lines.push((String::new(), &wrap));
    lines.push((h.guide_economy.clone(), &bold));
    lines.extend(h.guide_economy_lines.iter().map(|l| (l.clone(), &wrap)));
    // The first fill line explains the blue cells: it is shown in blue.
    let blue = style::to_fill(wrap.clone()).set_locked();
    if let Some(round) = round {
        let label = t.round_label(round);
        lines.push((String::new(), &wrap));
        lines.push((h.guide_this_round.replace("{round}", label), &bold));
        for (i, l) in h.guide_fill_lines.iter().enumerate() {
            let f = if i == 0 { &blue } else { &wrap };
            lines.push((format!("• {}", l.replace("{round}", label)), f));
        }
    }
    for (r, (text, f)) in lines.iter().enumerate() {
        if text.is_empty() {
            continue;
        }
        let r = r as u32;
        ws.write_string_with_format(r, 0, text, f)?;
        let n = super::text_lines(text, 100.0);
        if n > 1 {
            ws.set_row_height(r, super::row_height(n))?;
        }
    }
    super::page_setup(ws, None);
    Ok(())
}

/// The title with this round's opening words swapped for the next round's:
/// `Første opfølgning på …` → `Anden opfølgning på …`.
fn next_title(title: &str, next: Round, t: &Template) -> Option<String> {
    let prefixes = &t.handout.title_prefixes;
    let folded = fold(title);
    let p = prefixes.iter().find(|p| folded.starts_with(&fold(p)))?;
    let rest = title.trim_start().get(p.len()..).unwrap_or("");
    Some(format!("{}{rest}", prefixes[usize::from(next.min(4))]))
}

/// The cells a center fills in round `next` on one sheet, and the title.
fn handout_cells(
    wb: &Workbook,
    raw: &RawWorkbook,
    sheet: usize,
    next: Round,
    t: &Template,
) -> HandoutCells {
    let mut h = HandoutCells::default();
    let model = &wb.sheets[sheet];
    let year = wb.year();
    for ini in &model.initiatives {
        for m in ini.milestones.iter().filter(|m| !m.is_placeholder()) {
            let due_now = m
                .deadline
                .due()
                .is_some_and(|(y, r)| r == next && year.is_none_or(|yr| yr == y));
            if due_now {
                h.smileys.insert((m.smiley_cell.row, m.smiley_cell.col));
                h.texts.insert((m.text_cell.row, m.text_cell.col));
            }
        }
        for e in &ini.economy {
            h.smileys.insert((e.smiley_cell.row, e.smiley_cell.col));
            h.texts.insert((e.text_cell.row, e.text_cell.col));
        }
    }
    let first_header = model
        .initiatives
        .first()
        .map_or(u32::MAX, |i| i.header_cell.row);
    let title = raw.sheets[sheet]
        .rows
        .iter()
        .take_while(|r| r.row < first_header)
        .flat_map(|r| r.cells.iter().map(move |c| (r.row, c)))
        .find_map(|(row, c)| next_title(&c.value.text(), next, t).map(|s| ((row, c.col), s)));
    if let Some((at, text)) = title {
        h.replace.insert(at, text);
    }
    h
}

/// The round-`next` workbook to fill in, made from the current round's.
pub fn new_round(
    wb: &Workbook,
    raw: &RawWorkbook,
    next: Round,
    t: &Template,
) -> Result<XlsxWorkbook, XlsxError> {
    let marks = super::marks::marks(wb, None, &[], &[], t);
    let mut out = XlsxWorkbook::new();
    guide(out.add_worksheet(), t, Some(next))?;
    let no_notes = HashMap::new();
    let no_changes = Default::default();
    for (i, (raw_sheet, model)) in raw.sheets.iter().zip(&wb.sheets).enumerate() {
        // The guide is made anew; the review sheets are annotate's.
        if model.generated.is_some() || fold(&model.name) == fold(&t.handout.guide_sheet) {
            continue;
        }
        let cells = handout_cells(wb, raw, i, next, t);
        let copy = SheetCopy {
            raw: raw_sheet,
            model,
            index: i,
            marks: &marks,
            t,
            notes: &no_notes,
            changed: &no_changes,
            handout: Some(&cells),
        };
        copy.write(super::sheet_for(&mut out, raw_sheet)?)?;
    }
    Ok(out)
}

/// A blank follow-up workbook for a new agreement: the reading guide and
/// one example block with four milestones and an economy row.
pub fn blank(year: i32, t: &Template) -> Result<XlsxWorkbook, XlsxError> {
    let b = &t.blank;
    let y = year.to_string();
    let fill = |s: &str| s.replace("{year}", &y);
    let mut out = XlsxWorkbook::new();
    guide(out.add_worksheet(), t, None)?;
    let ws = out.add_worksheet();
    ws.set_name(&b.sheet)?;
    for (c, w) in [45.0, 70.0, 24.0, 10.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let title = Format::new().set_bold().set_font_size(14);
    let header = style::house_header();
    let text = style::house_text();
    let chapter = Format::new().set_bold();
    ws.write_string_with_format(0, 0, fill(&b.title), &title)?;
    ws.write_string_with_format(2, 0, fill(&b.chapter), &chapter)?;
    let l = &t.labels;
    let kind = l.kinds.first().map_or("", String::as_str);
    for (c, s) in [
        fill(&b.initiative),
        kind.to_string(),
        l.time.clone(),
        l.smiley.clone(),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, c as u16, s, &header)?;
    }
    ws.write_string_with_format(4, 0, fill(&b.purpose), &text)?;
    ws.write_string_with_format(4, 1, fill(&b.details).replace("\\n", "\n"), &text)?;
    ws.set_row_height(4, super::row_height(3))?;
    let deadlines = (1..=3u8)
        .map(|r| t.example_deadline(r, Some(year)))
        .chain([format!("31.12.{year}")]);
    for (i, d) in deadlines.enumerate() {
        let r = 5 + i as u32;
        ws.write_string_with_format(r, 0, &l.milestone, &text)?;
        ws.write_string_with_format(r, 1, &b.milestone, &text)?;
        ws.write_string_with_format(r, 2, &d, &text)?;
        ws.write_blank(r, 3, &style::smiley_cell())?;
    }
    ws.write_string_with_format(9, 0, &l.economy, &text)?;
    ws.write_string_with_format(9, 1, fill(&b.economy), &text)?;
    ws.write_blank(9, 3, &style::smiley_cell())?;
    let glyphs = [Smiley::Happy, Smiley::Neutral, Smiley::Sad].map(|s| t.glyph(s).to_string());
    let list: Vec<&str> = glyphs.iter().map(String::as_str).collect();
    let h = &t.handout;
    let dv = DataValidation::new()
        .allow_list_strings(&list)?
        .set_input_title(&h.input_title)?
        .set_input_message(&h.input_message)?
        .set_error_title(&h.error_title)?
        .set_error_message(&h.error_message)?;
    ws.add_data_validation(5, 3, 9, 3, &dv)?;
    for ((format, _), glyph) in style::smiley_colours().into_iter().zip(&glyphs) {
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(glyph.clone()))
            .set_format(format);
        ws.add_conditional_format(3, 3, 9, 3, &cf)?;
    }
    super::page_setup(ws, None);
    ws.set_active(true);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_move_to_the_next_round() {
        let t = Template::danish();
        let cases = [
            (
                "Første opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget",
                2,
                Some("Anden opfølgning på Aftale om budget 2018 for Børne- og Skoleudvalget"),
            ),
            (
                "Udmøntning af Aftale om budget 2018",
                1,
                Some("Første opfølgning på Aftale om budget 2018"),
            ),
            (
                "Tredje opfølgning på Aftale om budget 2018",
                4,
                Some("Endelig opfølgning på Aftale om budget 2018"),
            ),
            ("Dato: 19. marts 2018", 2, None),
        ];
        for (title, next, want) in cases {
            assert_eq!(next_title(title, next, &t).as_deref(), want, "{title}");
        }
    }
}
