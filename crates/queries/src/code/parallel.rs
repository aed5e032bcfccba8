//! Running per-file queries over many files in parallel.
//!
//! The database is `Send + Clone` but not `Sync`, so each rayon worker gets its own clone
//! (`map_init`). Results stay memoized in the shared storage; callers read them afterwards
//! on their own handle at no cost. Work stops between files when the cancel flag is set,
//! and salsa's own cancellation (a pending write) is caught and reported the same way.

use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use engine::Db;
use rayon::prelude::*;

/// The work was cancelled before it finished; its partial results are still memoized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Runs `work` (per-file queries, whose results stay memoized) for every job in parallel.
/// `on_file_done` is called once per job from the worker threads (for a progress bar).
/// Returns `Err(Cancelled)` if `cancel` was set or salsa cancelled the workers.
pub(crate) fn run_all<D, J: Copy + Sync>(
    db: &D,
    jobs: &[J],
    work: &(dyn Fn(&dyn Db, J) + Sync),
    cancel: &AtomicBool,
    on_file_done: &(dyn Fn() + Sync),
) -> Result<(), Cancelled>
where
    D: Db + Clone + Send,
{
    let _span = tracing::info_span!("extract_all", files = jobs.len()).entered();
    // `D` is not `Sync`: hand out clones through a lock, once per worker split.
    let template = Mutex::new(db.clone());
    jobs.par_iter()
        .map_init(
            || template.lock().unwrap_or_else(|poison| poison.into_inner()).clone(),
            |db, &job| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Cancelled);
                }
                let result = salsa::Cancelled::catch(AssertUnwindSafe(|| work(&*db as &dyn Db, job)));
                on_file_done();
                result.map_err(|_| Cancelled)
            },
        )
        .collect::<Result<(), Cancelled>>()
}
