//! Whether someone else may still be writing the plan: `plan watch` replaces PLAN.md by
//! a rename, so a writer still at work (a streaming agent writing through one open
//! descriptor in chunks, a slow editor or sync tool) would write the rest of its text into
//! the replaced file, and it would be lost. A rewrite of the plan waits while another
//! process holds it open for writing, and until the plan has been quiet for `PLAN_QUIET`
//! after someone else changed it; right before the rename it must still hold the text
//! the rebuild started from (`Documents::write_unless_changed`).

use std::path::Path;
use std::time::{Duration, Instant};

use engine::watch::Watcher;

use crate::session::Documents;

/// How long the plan must be left alone after someone else changed it before the watch
/// replaces it.
pub(super) const PLAN_QUIET: Duration = Duration::from_secs(2);

/// How often a waiting rewrite looks again.
pub(super) const RECHECK: Duration = Duration::from_millis(250);

/// Whether another process holds `path` open for writing. For a file under the watched
/// `root`, the watcher's events answer where they tell closes (a modification not yet
/// followed by the close of the descriptor that made it), and `/proc` confirms what they
/// say; elsewhere, for a symbolic link (whose target's writes the events name by the
/// target's path), or where the events do not tell, `/proc` alone answers. Reading every
/// process's descriptors takes milliseconds, tens of them on a desktop: not something
/// to do on each rewrite of the plan.
pub(crate) fn writing(watcher: &Watcher, root: &Path, path: &Path) -> bool {
    let plain = || {
        path.starts_with(root)
            && std::fs::symlink_metadata(path).is_ok_and(|metadata| !metadata.file_type().is_symlink())
    };
    match watcher.writing(path).filter(|_| plain()) {
        Some(false) => false,
        _ => engine::write::open_for_writing(path) == Some(true),
    }
}

/// Tells the watcher about a plan some process held open for writing when the watch
/// started (the events only tell about writes from then on).
pub(super) fn seed(watcher: &Watcher, plan_path: &Path) {
    if engine::write::open_for_writing(plan_path) == Some(true) {
        watcher.assume_writing(plan_path);
    }
}

/// Why the plan must not be replaced now, if it must not.
pub(super) fn writer_at_work(
    documents: &Documents,
    plan_edited: Option<Instant>,
    writing: &dyn Fn(&Path) -> bool,
) -> Option<String> {
    let name = documents.plan_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    if plan_edited.is_some_and(|edited| edited.elapsed() < PLAN_QUIET) {
        return Some(format!(
            "{name} changed: its rewrite waits until it has been left alone for {} s",
            PLAN_QUIET.as_secs()
        ));
    }
    writing(&documents.plan_path).then(|| {
        format!("{name} is open for writing in another process: its rewrite waits until it is closed")
    })
}
