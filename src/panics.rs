//! Panics inside dependencies, contained: a reader that panics on a
//! hostile file gives a clean error, and only a panic in opfolg's own code
//! reaches the one-line "internal error" of `main`.

use std::cell::Cell;
use std::panic::{self, UnwindSafe};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside [`quietly`]: the panic hook stays silent.
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get)
}

/// Runs `f`, catching a panic. Per thread, unlike swapping the global
/// panic hook, so two workbooks can be read at once.
///
/// # Errors
/// The panic's payload, if `f` panicked.
pub fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> std::thread::Result<T> {
    let before = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(f);
    QUIET.with(|q| q.set(before));
    result
}
