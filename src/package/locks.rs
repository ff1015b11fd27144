//! Which cells of a protected sheet are open to fill in: those whose
//! cell format says `<protection locked="0"/>`. Read from the package as
//! it is: what the recipient could type into.

use std::collections::BTreeSet;

use quick_xml::events::Event;

use super::edits::Rgb;
use super::xml::{Scanner, attr, local, parse_a1};
use super::{Package, PackageError};

/// The cell formats (`cellXfs` indexes) that leave a cell unlocked.
fn unlocked_formats(styles: &[u8], part: &str) -> Result<BTreeSet<u32>, PackageError> {
    let mut sc = Scanner::new(styles, part);
    let mut out = BTreeSet::new();
    let (mut in_xfs, mut index, mut open) = (false, 0u32, None::<u32>);
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::Start(e) if local(e) == "cellXfs" => in_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Start(e) if in_xfs && local(e) == "xf" => {
                open = Some(index);
                index += 1;
            }
            Event::Empty(e) if in_xfs && local(e) == "xf" => index += 1,
            Event::End(e) if in_xfs && e.local_name().as_ref() == "xf" => open = None,
            Event::Start(e) | Event::Empty(e)
                if local(e) == "protection"
                    && attr(e, "locked").is_some_and(|v| v == "0" || v == "false") =>
            {
                out.extend(open);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The open cells (row, col; 0-based) of each worksheet, by sheet name.
pub type OpenCells = std::collections::BTreeMap<String, BTreeSet<(u32, u16)>>;

/// The cell formats that are unlocked and filled solid with `rgb`: the
/// look opfolg gives the cells a hand-out opens.
fn marked_formats(styles: &[u8], part: &str, rgb: Rgb) -> Result<BTreeSet<u32>, PackageError> {
    let open = unlocked_formats(styles, part)?;
    if open.is_empty() {
        return Ok(open);
    }
    let want = format!("{rgb:06X}");
    // The fills: which indexes are solid in that colour.
    let mut sc = Scanner::new(styles, part);
    let (mut in_fills, mut fill, mut ours) = (false, 0u32, BTreeSet::new());
    let (mut in_xfs, mut xf, mut out) = (false, 0u32, BTreeSet::new());
    while let Some(s) = sc.next_event()? {
        match &s.event {
            Event::Start(e) if local(e) == "fills" => in_fills = true,
            Event::End(e) if e.local_name().as_ref() == "fills" => in_fills = false,
            Event::End(e) if in_fills && e.local_name().as_ref() == "fill" => fill += 1,
            Event::Empty(e) if in_fills && local(e) == "fill" => fill += 1,
            Event::Start(e) | Event::Empty(e)
                if in_fills
                    && local(e) == "fgColor"
                    && attr(e, "rgb").is_some_and(|v| v.to_uppercase().ends_with(&want)) =>
            {
                ours.insert(fill);
            }
            Event::Start(e) if local(e) == "cellXfs" => in_xfs = true,
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_xfs = false,
            Event::Start(e) | Event::Empty(e) if in_xfs && local(e) == "xf" => {
                let filled = attr(e, "fillId")
                    .and_then(|v| v.parse().ok())
                    .is_some_and(|f: u32| ours.contains(&f));
                if filled && open.contains(&xf) {
                    out.insert(xf);
                }
                xf += 1;
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The cells an earlier hand-out opened and filled `rgb`: unlocked and
/// filled solid in that colour, by sheet name. Sheets without any are left
/// out. Known by what they look like, so the marks survive a round trip
/// through Excel or LibreOffice, which renumber the formats.
///
/// # Errors
/// A part cannot be read or is not well-formed.
pub fn marked_cells(pkg: &mut Package, rgb: Rgb) -> Result<OpenCells, PackageError> {
    let Some(styles_part) = pkg.styles_part().filter(|p| pkg.has(p)) else {
        return Ok(OpenCells::new());
    };
    let formats = marked_formats(&pkg.part(&styles_part)?, &styles_part, rgb)?;
    cells_in(pkg, &formats)
}

/// The unlocked cells of each worksheet. Sheets without any are left out.
///
/// # Errors
/// A part cannot be read or is not well-formed.
pub fn unlocked_cells(pkg: &mut Package) -> Result<OpenCells, PackageError> {
    let Some(styles_part) = pkg.styles_part().filter(|p| pkg.has(p)) else {
        return Ok(OpenCells::new());
    };
    let formats = unlocked_formats(&pkg.part(&styles_part)?, &styles_part)?;
    cells_in(pkg, &formats)
}

/// The cells of each worksheet whose format is one of `formats`.
fn cells_in(pkg: &mut Package, formats: &BTreeSet<u32>) -> Result<OpenCells, PackageError> {
    let mut out = OpenCells::new();
    if formats.is_empty() {
        return Ok(out);
    }
    let sheets: Vec<(String, String)> = pkg
        .sheets
        .iter()
        .map(|s| (s.name.clone(), s.part.clone()))
        .collect();
    for (name, part) in sheets {
        if !pkg.has(&part) {
            continue;
        }
        let bytes = pkg.part(&part)?;
        let mut sc = Scanner::new(&bytes, &part);
        let mut cells = BTreeSet::new();
        while let Some(s) = sc.next_event()? {
            if let Event::Start(e) | Event::Empty(e) = &s.event
                && local(e) == "c"
                && attr(e, "s")
                    .and_then(|v| v.parse().ok())
                    .is_some_and(|x: u32| formats.contains(&x))
                && let Some(at) = attr(e, "r").as_deref().and_then(parse_a1)
            {
                cells.insert(at);
            }
        }
        if !cells.is_empty() {
            out.insert(name, cells);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_with_locked_0_are_open() {
        let styles = br#"<styleSheet><cellStyleXfs count="1"><xf><protection locked="0"/></xf></cellStyleXfs><cellXfs count="3"><xf numFmtId="0"/><xf applyProtection="1"><protection locked="0"/></xf><xf><protection locked="1"/></xf></cellXfs></styleSheet>"#;
        let open = super::unlocked_formats(styles, "styles").unwrap();
        assert_eq!(open.into_iter().collect::<Vec<_>>(), vec![1]);
    }
}
