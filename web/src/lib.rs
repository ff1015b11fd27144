//! The page's glue: opfolg's core compiled to WebAssembly, driven by the
//! page's worker (`web/page/worker.js`). Thin by design: every job is the
//! core's (`opfolg::pipeline`), every word the template's; this crate only
//! keeps the dropped workbooks in memory, turns results into the JSON the
//! page shows, and packs several outputs into one `.zip`.

#![deny(missing_docs)]

mod report;
mod session;

pub use session::{Output, Session};
