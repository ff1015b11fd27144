//! The console window a drop opens, on the Xvfb display
//! `scripts/test-windows.sh` starts: Wine's `start` launches a program as
//! Explorer does (ShellExecute, a console window of its own); the helper
//! `readcon.exe` reads the text in a program's window; `xdotool` presses a
//! key in it.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::wine::{bin, exit_within, finish, win, wine};

/// One window at a time: each is found by its program's path and title.
pub static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A copy of opfolg.exe (with the shim) in `root/tag/`, so its process and
/// its window (titled by its path) are told from any other.
pub fn exe_copy(root: &Path, tag: &str) -> PathBuf {
    let dir = root.join(tag);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["opfolg.exe", "bcryptprimitives.dll"] {
        std::fs::copy(bin().join(name), dir.join(name)).unwrap();
    }
    dir.join("opfolg.exe")
}

/// `wine start /wait PROGRAM ARGS…`: what Explorer does with a drop.
pub fn start(cwd: &Path, program: &str, args: &[&str]) -> Child {
    Command::new(wine())
        .args(["start", "/wait", program])
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("wine start")
}

/// The text in the console window of the running program at `program`
/// (a Windows path), if there is one.
pub fn console_text(program: &str) -> Result<String, String> {
    let mut cmd = Command::new(wine());
    cmd.arg(win(&bin().join("readcon.exe"))).arg(program);
    let out = finish(cmd, Duration::from_secs(30));
    match out.code {
        0 => Ok(out.stdout),
        4 => Err("no such program running".into()),
        code => Err(format!("readcon: exit {code}: {}", out.stderr.trim())),
    }
}

/// Waits until the window of `program`, started by `child`, shows
/// `needle`; its whole text.
pub fn wait_for(child: &mut Child, program: &str, needle: &str, limit: Duration) -> String {
    let start = Instant::now();
    let mut last = Err(String::new());
    while start.elapsed() < limit {
        last = console_text(program);
        if let Ok(text) = &last
            && text.contains(needle)
        {
            return text.clone();
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    let ended = child.try_wait().expect("wait").map(|s| s.code());
    panic!("`{needle}` not shown by {program} within {limit:?}; last: {last:?}; ended: {ended:?}");
}

/// Presses the space bar in the window whose title holds `title`.
pub fn press_key(title: &str) {
    let mut cmd = Command::new("xdotool");
    cmd.args([
        "search",
        "--name",
        title,
        "windowfocus",
        "--sync",
        "key",
        "space",
    ]);
    let out = finish(cmd, Duration::from_secs(30));
    assert_eq!(
        out.code, 0,
        "no window titled `{title}` to press a key in: {out:?}"
    );
}

/// The window's text, whitespace taken out: the console wraps long lines
/// at its width.
pub fn unwrapped(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether `child` is still running after `time`.
pub fn still_running(child: &mut Child, time: Duration) -> bool {
    std::thread::sleep(time);
    child.try_wait().expect("wait").is_none()
}

/// Its exit code, within `limit`.
pub fn ends(child: &mut Child, limit: Duration, what: &str) -> i32 {
    exit_within(child, limit).unwrap_or_else(|| panic!("{what} did not end within {limit:?}"))
}
