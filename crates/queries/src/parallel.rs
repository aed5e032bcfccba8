//! Running per-file queries over many files in parallel.
//!
//! The database is `Send + Clone` but not `Sync`, so each rayon worker gets its own clone
//! (`map_init`). Results stay memoized in the shared storage; callers read them afterwards
//! on their own handle at no cost. Work stops between files when the cancel flag is set,
//! and salsa's own cancellation (a pending write) is caught and reported the same way.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use engine::{Db, SourceFile};
use rayon::prelude::*;

use crate::symbols::file_symbols;

/// The work was cancelled before it finished; its partial results are still memoized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Which per-file query [`extract_all`] computes; both parse the file once (memoized).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerFile {
    /// [`file_symbols`], for `plan symbols`.
    Symbols,
    /// What the recon reads of the file, for `plan build`, `plan recon` and `plan watch`.
    Recon,
}

/// Computes `what` for every file in parallel. `on_file_done` is called once per
/// file from the worker threads (for a progress bar). Returns `Err(Cancelled)` if `cancel`
/// was set or salsa cancelled the workers.
pub fn extract_all<D>(
    db: &D,
    files: &[SourceFile],
    what: PerFile,
    cancel: &AtomicBool,
    on_file_done: &(dyn Fn() + Sync),
) -> Result<(), Cancelled>
where
    D: Db + Clone + Send,
{
    let _span = tracing::info_span!("extract_all", files = files.len()).entered();
    // `D` is not `Sync`: hand out clones through a lock, once per worker split.
    let template = Mutex::new(db.clone());
    files
        .par_iter()
        .map_init(
            || template.lock().unwrap_or_else(|poison| poison.into_inner()).clone(),
            |db, &file| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Cancelled);
                }
                let result = salsa::Cancelled::catch(AssertUnwindSafe(|| {
                    let db = &*db as &dyn Db;
                    match what {
                        PerFile::Symbols => {
                            file_symbols(db, file);
                        }
                        PerFile::Recon => crate::recon::prepare(db, file),
                    }
                }));
                on_file_done();
                result.map_err(|_| Cancelled)
            },
        )
        .collect::<Result<(), Cancelled>>()
}
