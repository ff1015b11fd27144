//! A blank follow-up workbook for a new agreement (`template`): written
//! new with rust_xlsxwriter, as there is no workbook of the user's yet.

use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, DataValidation, Format, FormatAlign,
    Workbook as XlsxWorkbook, Worksheet, XlsxError,
};

use super::style;
use crate::layout::{Generated, MARK};
use crate::model::Smiley;
use crate::plan::sheets::{row_height, text_lines};
use crate::template::Template;

/// The `Læsevejledning` sheet: the smiley definitions of the seeds.
fn guide(ws: &mut Worksheet, t: &Template) -> Result<(), XlsxError> {
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
    for (r, (text, f)) in lines.iter().enumerate() {
        if text.is_empty() {
            continue;
        }
        let r = r as u32;
        ws.write_string_with_format(r, 0, text, f)?;
        let n = text_lines(text, 100.0);
        if n > 1 {
            ws.set_row_height(r, row_height(n))?;
        }
    }
    super::page_setup(ws);
    Ok(())
}

/// A blank follow-up workbook for a new agreement: the reading guide and
/// one example block with four milestones and an economy row.
///
/// # Errors
/// rust_xlsxwriter refuses a value: a sheet name from the template that is
/// too long or has a character Excel forbids, a text past a cell's limit.
pub fn blank(
    year: i32,
    t: &Template,
    clock: crate::input::Clock,
) -> Result<XlsxWorkbook, XlsxError> {
    let mut out = super::new_workbook(clock);
    guide(out.add_worksheet(), t)?;
    // The guide is opfolg's: the mark lets a later run know it.
    let guide_name = t.handout.guide_sheet.replace('\'', "''");
    out.define_name(
        format!("'{guide_name}'!{MARK}"),
        &format!("={}", Generated::Guide.mark_value()),
    )?;
    let ws = out.add_worksheet();
    example_sheet(ws, year, t)?;
    smiley_list(ws, t)?;
    super::page_setup(ws);
    ws.set_active(true);
    Ok(out)
}

/// The example sheet: title, chapter, and one block of a header row, a
/// description, four milestones due in the rounds of `year`, and an
/// economy row.
fn example_sheet(ws: &mut Worksheet, year: i32, t: &Template) -> Result<(), XlsxError> {
    let b = &t.blank;
    let y = year.to_string();
    let fill = |s: &str| s.replace("{year}", &y);
    ws.set_name(&b.sheet)?;
    for (c, w) in [45.0, 70.0, 24.0, 10.0].iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let title = Format::new().set_bold().set_font_size(14);
    let text = style::house_text();
    let chapter = Format::new().set_bold();
    ws.write_string_with_format(0, 0, fill(&b.title), &title)?;
    ws.write_string_with_format(2, 0, fill(&b.chapter), &chapter)?;
    header_row(ws, &fill(&b.initiative), t)?;
    ws.write_string_with_format(4, 0, fill(&b.purpose), &text)?;
    ws.write_string_with_format(4, 1, fill(&b.details).replace("\\n", "\n"), &text)?;
    ws.set_row_height(4, row_height(3))?;
    let l = &t.labels;
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
    Ok(())
}

/// The block's header row (row 4): the initiative, the first kind, `Tid`,
/// `Smiley`.
fn header_row(ws: &mut Worksheet, initiative: &str, t: &Template) -> Result<(), XlsxError> {
    let header = style::house_header();
    let l = &t.labels;
    let kind = l.kinds.first().map_or("", String::as_str);
    for (c, s) in [
        initiative.to_string(),
        kind.to_string(),
        l.time.clone(),
        l.smiley.clone(),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(3, c as u16, s, &header)?;
    }
    Ok(())
}

/// The smiley cells' drop-down of ☺ 😐 ☹ (with the hand-out's prompt and
/// error) and their colours.
fn smiley_list(ws: &mut Worksheet, t: &Template) -> Result<(), XlsxError> {
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
    Ok(())
}
