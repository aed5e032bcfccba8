//! What tells a save from a burst under `plan watch`: the distinct paths changed lately.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use engine::ChangeEvent;

/// Distinct paths changed within one burst window from which changes are a burst.
const BURST_PATHS: usize = 4;

/// The quiet period that ends a burst.
pub(super) const BURST_QUIET: Duration = Duration::from_millis(50);

/// The distinct paths changed since changes last paused for `BURST_QUIET`, to tell a
/// save from a burst; and the files changed since the last summary line.
#[derive(Default)]
pub(super) struct Seen {
    paths: HashSet<PathBuf>,
    rescan: bool,
    last: Option<Instant>,
    changed: Changed,
    /// When someone else last changed the plan (not a write of ours).
    pub(super) plan_edited: Option<Instant>,
    /// Warnings about the files of the latest batches, to be printed.
    pub(super) warnings: Vec<String>,
    /// What the recon read of the files changed since it last ran.
    pub(super) recon: super::recon::ReconBase,
}

/// Files changed since the last summary line: a file saved in two events counts once.
#[derive(Default)]
struct Changed {
    files: usize,
    paths: HashSet<PathBuf>,
    rescanned: bool,
}

impl Seen {
    /// Counts what a batch changed (`files` of its paths, per the database). A batch that
    /// changed no file (our own writes of the plan, an editor's backup file) is no part
    /// of a burst.
    pub(super) fn changed(&mut self, files: usize, sources: &[ChangeEvent]) {
        if files == 0 {
            return;
        }
        self.add(sources);
        self.changed.files += files;
        for change in sources {
            match change {
                ChangeEvent::Changed(path) | ChangeEvent::Removed(path) => {
                    self.changed.paths.insert(path.clone());
                }
                ChangeEvent::Rescan => self.changed.rescanned = true,
            }
        }
    }

    /// The files changed since the last call.
    pub(super) fn take_changed(&mut self) -> usize {
        let changed = std::mem::take(&mut self.changed);
        if changed.rescanned { changed.files } else { changed.files.min(changed.paths.len()) }
    }

    fn add(&mut self, batch: &[ChangeEvent]) {
        if self.last.is_some_and(|last| last.elapsed() > BURST_QUIET) {
            let changed = std::mem::take(&mut self.changed);
            let warnings = std::mem::take(&mut self.warnings);
            *self = Seen {
                changed,
                warnings,
                plan_edited: self.plan_edited,
                recon: std::mem::take(&mut self.recon),
                ..Seen::default()
            };
        }
        self.last = Some(Instant::now());
        for change in batch {
            match change {
                ChangeEvent::Changed(path) | ChangeEvent::Removed(path) => {
                    if self.paths.len() < BURST_PATHS {
                        self.paths.insert(path.clone());
                    }
                }
                ChangeEvent::Rescan => self.rescan = true,
            }
        }
    }

    pub(super) fn is_burst(&self) -> bool {
        self.rescan || self.paths.len() >= BURST_PATHS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_in_several_events_is_one_file_and_four_paths_are_a_burst() {
        let change = |path: &str| ChangeEvent::Changed(PathBuf::from(path));
        let mut seen = Seen::default();
        for _ in 0..3 {
            seen.changed(1, &[change("src/lib.rs")]);
        }
        assert!(!seen.is_burst());
        assert_eq!(seen.take_changed(), 1);
        seen.changed(0, &[change("PLAN.md"), change("PLAN.lock"), change("plan-tmp")]);
        assert!(!seen.is_burst(), "our own writes");
        seen.changed(3, &[change("a.rs"), change("b.rs"), change("c.rs")]);
        assert!(seen.is_burst());
        assert_eq!((seen.take_changed(), seen.take_changed()), (3, 0));
        let mut rescanned = Seen::default();
        rescanned.changed(40, &[ChangeEvent::Rescan]);
        assert!(rescanned.is_burst());
        assert_eq!(rescanned.take_changed(), 40);
    }
}
