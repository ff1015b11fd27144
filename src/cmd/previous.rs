//! `opfolg annotate CURRENT` without `--previous`: the previous round of
//! the same committee and year, looked for beside CURRENT by what the
//! workbooks' titles say (not by file dates). Siblings that cannot be read
//! are passed over; only their first rows are read. Which one is the
//! previous round is the core's to say (`pipeline::pairing`), the same
//! for the page's dropped files.

use std::path::{Path, PathBuf};

use crate::pipeline::pairing::{Candidate, find_previous};
use crate::read::Overrides;
use crate::read::identity::{Identity, identify};
use crate::template::Template;

/// What the search found, and the one line that says so.
pub struct Found {
    /// The previous round's workbook, if exactly one could be it.
    pub previous: Option<PathBuf>,
    /// The line telling the user which workbook was taken, or why none.
    pub notice: String,
}

/// Who the workbook at `path` is, if it can be read.
pub fn identity_of(path: &Path, o: Overrides, t: &Template) -> Option<Identity> {
    let input = super::load(path, t).ok()?;
    identify(&input, t, o).ok()
}

/// Looks beside `current` for its previous round. Says nothing when
/// `current` is the plan, or names no round, or cannot be read (the
/// annotation says why); a sibling that cannot be read is passed over.
pub fn find(current: &Path, o: Overrides, t: &Template) -> Found {
    let Some(me) = identity_of(current, o, t) else {
        return Found {
            previous: None,
            notice: String::new(),
        };
    };
    let me = Candidate {
        name: current.display().to_string(),
        identity: me,
    };
    let dir = match current.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let (here, unsure) = search(&me, siblings(current, &dir, t), false, t);
    // Nothing of this committee's earlier rounds beside it: the folder
    // above, where `new-round --per-center` keeps the round before (a
    // round's folder of hand-outs, returns and the gathered workbook sits
    // inside the previous round's).
    // Not canonicalised: Windows would show `\\?\C:\…`.
    let up = match dir.parent() {
        _ if dir == Path::new(".") => Some(PathBuf::from("..")),
        Some(p) if p.as_os_str().is_empty() => Some(PathBuf::from(".")),
        p => p.map(Path::to_path_buf),
    };
    if let (None, false, Some(up)) = (&here.previous, unsure, up) {
        let (above, _) = search(&me, siblings(current, &up, t), true, t);
        if above.previous.is_some() {
            return above;
        }
    }
    here
}

/// The previous round of `me` among `paths` (`above`: they lie in the
/// folder above), and whether several could be it.
fn search(me: &Candidate, paths: Vec<PathBuf>, above: bool, t: &Template) -> (Found, bool) {
    let shown = |p: &Path| p.display().to_string();
    let (paths, others): (Vec<PathBuf>, Vec<Candidate>) = paths
        .into_iter()
        .filter_map(|p| {
            let identity = identity_of(&p, Overrides::default(), t)?;
            let name = shown(&p);
            Some((p, Candidate { name, identity }))
        })
        .unzip();
    let same = |a: usize, b: usize| match (std::fs::read(&paths[a]), std::fs::read(&paths[b])) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    };
    let found = find_previous(me, &others, same, t);
    // In opfolg.exe's own window (a drop), the line names no option the
    // person there cannot give.
    let key = if above {
        "previous_found_above"
    } else {
        "previous_found"
    };
    let notice = match found.previous {
        Some(_) if super::console::own_window() => t.drop_word(key),
        Some(_) if above => t.batch.previous_found_above.clone(),
        _ => found.notice,
    };
    let notice = match found.previous {
        Some(i) if above || super::console::own_window() => {
            notice.replace("{path}", &others[i].name).replace(
                "{round}",
                others[i].identity.round.map_or("", |r| t.round_label(r)),
            )
        }
        _ => notice,
    };
    let unsure = !found.several.is_empty();
    let found = Found {
        previous: found.previous.map(|i| paths[i].clone()),
        notice,
    };
    (found, unsure)
}

/// The workbooks beside `current`: not itself, not its own annotation,
/// not the folder overview, not Excel's lock files.
fn siblings(current: &Path, dir: &Path, t: &Template) -> Vec<PathBuf> {
    let mine = super::default_output(current, t);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    // Itself by file identity, not by canonical paths: Windows cannot make
    // one of every path (past 260 characters under Wine, some network
    // drives), and two paths it cannot make are not the same file.
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && super::batch::is_workbook_name(p, t))
        .filter(|p| !crate::output::same_file(p, current) && p.file_name() != mine.file_name())
        .collect();
    out.sort();
    out
}
