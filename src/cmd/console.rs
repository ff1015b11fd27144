//! opfolg.exe's own window. Explorer starts a console program that a
//! workbook is dropped on (or that is double-clicked) in a console window
//! of its own, which closes the moment the program ends: there opfolg
//! waits for a key, so the result can be read. Run from a console (`cmd`,
//! PowerShell, a `.bat` file) the window is someone else's and opfolg never
//! waits; nor when it was given a command or an option (a scheduled task,
//! a script), nor where no one can press a key.
//!
//! Elsewhere than on Windows a program's terminal is never its own.

use std::ffi::OsString;
use std::io::Write;

use crate::template::Template;

/// Whether opfolg should wait for a key before it ends: started the way
/// Explorer starts it (only paths, or nothing: see
/// [`super::args::is_bare`]) in a console window that is its own.
pub fn should_wait(argv: &[OsString]) -> bool {
    super::args::is_bare(argv) && own_window()
}

/// Whether the console window is opfolg's alone, and someone can see it
/// and press a key in it (standard input not redirected).
pub fn own_window() -> bool {
    #[cfg(windows)]
    {
        windows::own_console() && windows::interactive() && windows::keys_can_be_read()
    }
    #[cfg(not(windows))]
    {
        false
    }
}

/// What the window says when opfolg.exe was started with nothing dropped
/// on it (a double click): what to do instead.
pub fn nothing_given(t: &Template) -> String {
    let mut text = t.drop_word("nothing_given");
    text.push('\n');
    text
}

/// Says the window closes at a key, and waits for one. Returns at once
/// when there is no console input to read (input redirected, no console).
pub fn wait_for_key(t: &Template) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err);
    let _ = write!(err, "{}", t.drop_word("press_a_key"));
    let _ = err.flush();
    drop(err);
    #[cfg(windows)]
    windows::read_key();
    let _ = writeln!(std::io::stderr());
}

#[cfg(windows)]
mod windows {
    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, FlushConsoleInputBuffer, GetConsoleMode, GetConsoleProcessList, GetStdHandle,
        INPUT_RECORD, KEY_EVENT, ReadConsoleInputW, STD_INPUT_HANDLE,
    };
    use windows_sys::Win32::System::StationsAndDesktops::{
        GetProcessWindowStation, GetUserObjectInformationW, UOI_FLAGS, USEROBJECTFLAGS,
    };

    /// `WSF_VISIBLE` (winuser.h): the window station has a desktop a
    /// person sees.
    const WSF_VISIBLE: u32 = 1;

    /// Keys that are no answer on their own: Shift, Ctrl, Alt, Caps Lock,
    /// the Windows keys.
    const MODIFIERS: [u16; 6] = [0x10, 0x11, 0x12, 0x14, 0x5B, 0x5C];

    /// Whether opfolg is the only process attached to its console: the
    /// known test for a console window created for it (Explorer, a
    /// shortcut). Started from `cmd` or PowerShell, the shell is attached
    /// too; without a console (output redirected by a service, Wine run
    /// from a pipe) the count is 0.
    ///
    /// Windows Terminal (the default terminal on Windows 11) was not
    /// available to verify this: there the window is drawn by Windows
    /// Terminal, but the console is held by its OpenConsole host, which is
    /// no client of the console and is not counted; a program dropped on
    /// still counts itself alone, one started from a tab's shell counts
    /// the shell too, as with the classic console window.
    pub fn own_console() -> bool {
        let mut ids = [0u32; 2];
        // SAFETY: the buffer holds the two ids the call is told it holds.
        let count = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), 2) };
        count == 1
    }

    /// Whether opfolg runs on a desktop a person sees (the test .NET's
    /// `Environment.UserInteractive` makes): a scheduled task run whether
    /// or not anyone is logged on has a console of its own, but no one to
    /// press a key. When it cannot be told, a person is assumed.
    pub fn interactive() -> bool {
        let mut flags = USEROBJECTFLAGS {
            fInherit: 0,
            fReserved: 0,
            dwFlags: 0,
        };
        let mut needed = 0u32;
        // SAFETY: the station handle is the process's own and is not
        // closed; the buffer is a USEROBJECTFLAGS of the size given.
        let ok = unsafe {
            let station = GetProcessWindowStation();
            !station.is_null()
                && GetUserObjectInformationW(
                    station,
                    UOI_FLAGS,
                    (&raw mut flags).cast(),
                    std::mem::size_of::<USEROBJECTFLAGS>() as u32,
                    &mut needed,
                ) != 0
        };
        !ok || flags.dwFlags & WSF_VISIBLE != 0
    }

    /// Whether standard input is the console's keyboard: not redirected
    /// (`< nul` in a task), and a console with a window (Wine without a
    /// display makes one without).
    pub fn keys_can_be_read() -> bool {
        let mut mode: CONSOLE_MODE = 0;
        // SAFETY: the handle is the process's standard input; the mode is
        // written to a local.
        unsafe { GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mut mode) != 0 }
    }

    /// Waits for a key pressed in the console window (keys pressed while
    /// opfolg worked are forgotten first). Returns at once when standard
    /// input is no console.
    pub fn read_key() {
        // SAFETY: the handle is the process's standard input; a record is
        // read into a zeroed INPUT_RECORD, one at a time, and its key
        // fields are read only for a key event.
        unsafe {
            let input = GetStdHandle(STD_INPUT_HANDLE);
            FlushConsoleInputBuffer(input);
            let mut record: INPUT_RECORD = std::mem::zeroed();
            let mut read = 0u32;
            loop {
                if ReadConsoleInputW(input, &mut record, 1, &mut read) == 0 || read == 0 {
                    return;
                }
                if u32::from(record.EventType) != KEY_EVENT {
                    continue;
                }
                let key = record.Event.KeyEvent;
                if key.bKeyDown != 0 && !MODIFIERS.contains(&key.wVirtualKeyCode) {
                    return;
                }
            }
        }
    }
}
