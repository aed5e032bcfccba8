//! Whether someone else may still be writing the plan: `plan watch` replaces PLAN.md by
//! a rename, so a writer still at work (a streaming agent writing through one open
//! descriptor in chunks, a slow editor or sync tool) would write the rest of its text into
//! the replaced file, and it would be lost. A rewrite of the plan waits while another
//! process holds it open for writing, and until the plan has been quiet for `PLAN_QUIET`
//! after someone else changed it; right before the rename it must still hold the text
//! the rebuild started from (`Documents::write_unless_changed`).

use std::time::{Duration, Instant};

use crate::session::Documents;

/// How long the plan must be left alone after someone else changed it before the watch
/// replaces it.
pub(super) const PLAN_QUIET: Duration = Duration::from_secs(2);

/// How often a waiting rewrite looks again.
pub(super) const RECHECK: Duration = Duration::from_millis(250);

/// Why the plan must not be replaced now, if it must not.
pub(super) fn writer_at_work(documents: &Documents, plan_edited: Option<Instant>) -> Option<String> {
    let name = documents.plan_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    if plan_edited.is_some_and(|edited| edited.elapsed() < PLAN_QUIET) {
        return Some(format!(
            "{name} changed: its rewrite waits until it has been left alone for {} s",
            PLAN_QUIET.as_secs()
        ));
    }
    (engine::write::open_for_writing(&documents.plan_path) == Some(true)).then(|| {
        format!("{name} is open for writing in another process: its rewrite waits until it is closed")
    })
}
