//! The file watcher: notify events become [`ChangeEvent`]s on a bounded channel.
//!
//! With no debounce (the watch's default) each event is sent as it arrives, so a single
//! save reaches the consumer at once; the consumer coalesces bursts (see `plan watch`).
//! With a debounce, notify-debouncer-full coalesces the events of that window first.
//! The handler runs on notify's thread and never blocks: when the channel is full the
//! batch is dropped and an overflow flag is set, which the consumer turns into one
//! [`ChangeEvent::Rescan`], so a burst of any size (a branch switch) costs bounded memory.
//!
//! Where the events tell the close of a descriptor that wrote (inotify), the watcher
//! knows which files are in the middle of a save ([`Watcher::writing`]): a batch naming
//! one waits for its close (up to [`SAVE_HOLD`]), so that a large file saved in several
//! writes is read once, whole, rather than rebuilt half-written first.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use notify::EventKind;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::changes::ChangeEvent;

/// Directories whose changes never concern the analysis (`plan`'s own cache among them).
const QUIET_DIRS: &[&str] = &[".git", ".hg", ".jj", ".plan", ".svn"];

/// Batches of changes waiting for the consumer. Small: a batch is already coalesced, and
/// an overflow only costs a rescan.
pub const CHANNEL_CAPACITY: usize = 64;

/// Events waiting for the consumer when they are sent one by one (no debounce): room for
/// a branch switch of a few hundred files before it becomes a rescan.
pub const EVENT_CHANNEL_CAPACITY: usize = 4096;

/// How long a batch naming a file in the middle of a save waits for the save to end.
pub const SAVE_HOLD: Duration = Duration::from_millis(25);

/// Files in the middle of a save tracked at most: past it, more are not (a tool writing
/// thousands of files at once is a burst, which the consumer settles anyway).
const MAX_WRITING: usize = 1024;

/// The files written to and not closed since, as the events tell: a modification, then
/// the close of the descriptor that wrote (or the file's removal or renaming).
#[derive(Default)]
struct Writing {
    /// The events tell closes (inotify, events not debounced).
    tells: bool,
    tracked: Mutex<Tracked>,
}

#[derive(Default)]
struct Tracked {
    paths: HashSet<PathBuf>,
    /// Some write may have gone untracked (more than [`MAX_WRITING`] at once, or events
    /// lost in the kernel's queue): from then on the events no longer tell who writes.
    lost: bool,
}

impl Writing {
    fn observe(&self, root: &Path, event: &notify::Event) {
        use notify::event::{AccessKind, AccessMode, ModifyKind};
        if event.need_rescan() {
            if let Ok(mut tracked) = self.tracked.lock() {
                tracked.lost = true;
            }
            return;
        }
        let writes = match event.kind {
            EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => true,
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(_)) => false,
            _ => return,
        };
        let Ok(mut tracked) = self.tracked.lock() else { return };
        for path in event.paths.iter().filter(|path| !in_quiet_dir(root, path)) {
            if !writes {
                tracked.paths.remove(path);
            } else if tracked.paths.len() < MAX_WRITING {
                tracked.paths.insert(path.clone());
            } else {
                tracked.lost = true;
            }
        }
    }

    fn any(&self, batch: &[ChangeEvent]) -> bool {
        let Ok(tracked) = self.tracked.lock() else { return false };
        !tracked.paths.is_empty()
            && batch
                .iter()
                .any(|change| matches!(change, ChangeEvent::Changed(path) if tracked.paths.contains(path)))
    }

    /// Whether `path` is being written, if the events can tell.
    fn of(&self, path: &Path) -> Option<bool> {
        let tracked = self.tracked.lock().ok()?;
        (self.tells && !tracked.lost).then(|| tracked.paths.contains(path))
    }
}

/// Whether `path` is inside one of the [`QUIET_DIRS`] under `root`.
fn in_quiet_dir(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .any(|component| component.as_os_str().to_str().is_some_and(|name| QUIET_DIRS.contains(&name)))
}

/// A running watcher (notify itself, or its debouncer). Dropping it stops watching.
pub struct Watcher {
    _immediate: Option<notify::RecommendedWatcher>,
    _debounced: Option<
        notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>,
    >,
    batches: Batches,
}

/// The consuming half: the channel and the overflow flag.
struct Batches {
    receiver: Receiver<Vec<ChangeEvent>>,
    overflow: Arc<AtomicBool>,
    writing: Arc<Writing>,
}

/// A failure to start watching.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path}: {source}")]
pub struct WatchError {
    pub path: PathBuf,
    #[source]
    pub source: notify::Error,
}

impl Watcher {
    /// Watches `root` recursively, coalescing events over `debounce`; a zero `debounce`
    /// delivers each event as it arrives.
    pub fn start(root: &Path, debounce: Duration) -> Result<Watcher, WatchError> {
        let capacity = if debounce.is_zero() { EVENT_CHANNEL_CAPACITY } else { CHANNEL_CAPACITY };
        let (sender, receiver) = std::sync::mpsc::sync_channel(capacity);
        let overflow = Arc::new(AtomicBool::new(false));
        // inotify tells the close of a descriptor that wrote; the debouncer reorders events.
        let tells = cfg!(target_os = "linux") && debounce.is_zero();
        let writing = Arc::new(Writing { tells, ..Writing::default() });
        let handler = Handler {
            sender,
            overflow: overflow.clone(),
            root: root.to_path_buf(),
            writing: writing.clone(),
        };
        let error = |source| WatchError { path: root.to_path_buf(), source };
        let batches = Batches { receiver, overflow, writing };
        if debounce.is_zero() {
            let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
                handler.handle_one(result);
            })
            .map_err(error)?;
            notify::Watcher::watch(&mut watcher, root, notify::RecursiveMode::Recursive).map_err(error)?;
            return Ok(Watcher { _immediate: Some(watcher), _debounced: None, batches });
        }
        let mut debouncer =
            new_debouncer(debounce, None, move |result: DebounceEventResult| handler.handle(result))
                .map_err(error)?;
        debouncer.watch(root, notify::RecursiveMode::Recursive).map_err(error)?;
        Ok(Watcher { _immediate: None, _debounced: Some(debouncer), batches })
    }

    /// Waits up to `timeout` for changes, then takes every batch already waiting, so that
    /// one call returns everything that happened: `Ok(None)` on timeout, `Err` when the
    /// watcher stopped.
    pub fn next_batch(&self, timeout: Duration) -> Result<Option<Vec<ChangeEvent>>, WatcherStopped> {
        self.batches.next(timeout)
    }

    /// Whether `path` (absolute, under the root) was written to and not closed since, as
    /// the events tell; `None` where they do not tell closes (not Linux, or debounced) or
    /// may have missed one (too many files written at once, events lost by the kernel).
    /// A file a process opened for writing before the watch started, and has not written
    /// since, is not known here ([`Watcher::assume_writing`]).
    pub fn writing(&self, path: &Path) -> Option<bool> {
        self.batches.writing.of(path)
    }

    /// Counts `path` as being written until the events tell its close (or removal): for a
    /// file found open for writing when the watch started.
    pub fn assume_writing(&self, path: &Path) {
        if let Ok(mut tracked) = self.batches.writing.tracked.lock() {
            tracked.paths.insert(path.to_path_buf());
        }
    }
}

impl Batches {
    fn next(&self, timeout: Duration) -> Result<Option<Vec<ChangeEvent>>, WatcherStopped> {
        let mut batch = match self.receiver.recv_timeout(timeout) {
            Ok(batch) => batch,
            Err(RecvTimeoutError::Timeout) => {
                return Ok(self.overflow.swap(false, Ordering::AcqRel).then(|| vec![ChangeEvent::Rescan]));
            }
            Err(RecvTimeoutError::Disconnected) => return Err(WatcherStopped),
        };
        while let Ok(more) = self.receiver.try_recv() {
            batch.extend(more);
        }
        // A file in the middle of a save: its close ends the save.
        let held = Instant::now();
        while self.writing.any(&batch) {
            let Some(left) = SAVE_HOLD.checked_sub(held.elapsed()) else {
                tracing::debug!("a save did not end within the hold: applying what is there");
                break;
            };
            match self.receiver.recv_timeout(left) {
                Ok(more) => batch.extend(more),
                Err(_) => break,
            }
            while let Ok(more) = self.receiver.try_recv() {
                batch.extend(more);
            }
        }
        if self.overflow.swap(false, Ordering::AcqRel) {
            batch = vec![ChangeEvent::Rescan];
        }
        Ok(Some(batch))
    }
}

/// The watcher's thread is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatcherStopped;

struct Handler {
    sender: SyncSender<Vec<ChangeEvent>>,
    overflow: Arc<AtomicBool>,
    root: PathBuf,
    writing: Arc<Writing>,
}

impl Handler {
    fn handle(&self, result: DebounceEventResult) {
        let changes = match result {
            Ok(events) => to_changes(&self.root, events.iter().map(|event| &event.event)),
            // The watcher lost track (a queue overflow in the kernel, a removed watch).
            Err(errors) => {
                tracing::warn!(?errors, "file watcher errors: rescanning");
                vec![ChangeEvent::Rescan]
            }
        };
        self.send(changes);
    }

    /// One event from notify itself (no debounce).
    fn handle_one(&self, result: notify::Result<notify::Event>) {
        let changes = match result {
            Ok(event) => {
                if self.writing.tells {
                    self.writing.observe(&self.root, &event);
                }
                to_changes(&self.root, std::iter::once(&event))
            }
            Err(error) => {
                tracing::warn!(%error, "file watcher error: rescanning");
                vec![ChangeEvent::Rescan]
            }
        };
        self.send(changes);
    }

    fn send(&self, changes: Vec<ChangeEvent>) {
        if changes.is_empty() {
            return;
        }
        match self.sender.try_send(changes) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => self.overflow.store(true, Ordering::Release),
            Err(TrySendError::Disconnected(_)) => {}
        }
    }
}

/// Engine change events for notify events: accesses (but a close after writing, which
/// ends a save) and paths in quiet directories are dropped, a rescan request becomes
/// [`ChangeEvent::Rescan`].
pub fn to_changes<'a>(root: &Path, events: impl Iterator<Item = &'a notify::Event>) -> Vec<ChangeEvent> {
    let mut changes = Vec::new();
    for event in events {
        if event.need_rescan() {
            return vec![ChangeEvent::Rescan];
        }
        let closed_after_write = matches!(
            event.kind,
            EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write))
        );
        if matches!(event.kind, EventKind::Access(_)) && !closed_after_write {
            continue;
        }
        for path in &event.paths {
            if in_quiet_dir(root, path) {
                continue;
            }
            // Whether it still exists decides, not the event kind: a rename reports both. A
            // link exists even when it leads nowhere or into itself (then it is reported).
            let change = if std::fs::symlink_metadata(path).is_ok() {
                ChangeEvent::Changed(path.clone())
            } else {
                ChangeEvent::Removed(path.clone())
            };
            if !changes.contains(&change) {
                changes.push(change);
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, Flag};

    #[test]
    fn accesses_and_quiet_directories_are_dropped_and_rescans_win() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.rs"), "").unwrap();
        let event = |kind, path: &str| notify::Event::new(kind).add_path(dir.path().join(path));
        let events = [
            event(EventKind::Access(AccessKind::Any), "a.rs"),
            event(EventKind::Create(CreateKind::File), "a.rs"),
            event(EventKind::Create(CreateKind::File), "a.rs"),
            event(EventKind::Create(CreateKind::File), ".plan/cache/facts.bin"),
            event(EventKind::Create(CreateKind::File), ".git/index"),
            event(EventKind::Create(CreateKind::File), "gone.rs"),
            event(EventKind::Access(AccessKind::Close(AccessMode::Write)), "saved.rs"),
        ];
        assert_eq!(
            to_changes(dir.path(), events.iter()),
            vec![
                ChangeEvent::Changed(dir.path().join("a.rs")),
                ChangeEvent::Removed(dir.path().join("gone.rs")),
                ChangeEvent::Removed(dir.path().join("saved.rs"))
            ]
        );
        let rescan = event(EventKind::Any, "a.rs").set_flag(Flag::Rescan);
        assert_eq!(to_changes(dir.path(), [events[1].clone(), rescan].iter()), vec![ChangeEvent::Rescan]);
    }

    #[test]
    fn a_burst_beyond_the_channel_collapses_into_one_rescan() {
        let (sender, receiver) = std::sync::mpsc::sync_channel(CHANNEL_CAPACITY);
        let overflow = Arc::new(AtomicBool::new(false));
        let dir = tempfile::tempdir().unwrap();
        let writing = Arc::new(Writing::default());
        let handler = Handler {
            sender,
            overflow: overflow.clone(),
            root: dir.path().to_path_buf(),
            writing: writing.clone(),
        };
        // 10,000 file events, delivered in batches of 10 as a busy debouncer would.
        for batch in 0..1_000 {
            let events: Vec<notify_debouncer_full::DebouncedEvent> = (0..10)
                .map(|index| {
                    let path = dir.path().join(format!("f{}.rs", batch * 10 + index));
                    let event = notify::Event::new(EventKind::Create(CreateKind::File)).add_path(path);
                    notify_debouncer_full::DebouncedEvent::new(event, std::time::Instant::now())
                })
                .collect();
            handler.handle(Ok(events));
        }
        // The channel held at most its capacity; the rest became the overflow flag.
        let batches = Batches { receiver, overflow, writing };
        assert_eq!(batches.next(Duration::ZERO), Ok(Some(vec![ChangeEvent::Rescan])));
        assert_eq!(batches.next(Duration::ZERO), Ok(None), "one coalesced batch");
    }
    /// A write is tracked from its first modification to the close of the descriptor that
    /// made it (or the file's removal); a batch naming a file in the middle of a save takes
    /// in the rest of the save, and one whose save never ends is still delivered.
    #[test]
    fn a_file_is_written_from_its_modification_to_its_close_and_a_batch_takes_in_the_save() {
        use notify::event::{DataChange, ModifyKind, RemoveKind};
        let dir = tempfile::tempdir().unwrap();
        let (path, other) = (dir.path().join("a.rs"), dir.path().join("b.rs"));
        std::fs::write(&path, "x").unwrap();
        std::fs::write(&other, "y").unwrap();
        let (sender, receiver) = std::sync::mpsc::sync_channel(EVENT_CHANNEL_CAPACITY);
        let overflow = Arc::new(AtomicBool::new(false));
        let writing = Arc::new(Writing { tells: true, ..Writing::default() });
        let handler = Handler {
            sender,
            overflow: overflow.clone(),
            root: dir.path().to_path_buf(),
            writing: writing.clone(),
        };
        let batches = Batches { receiver, overflow, writing: writing.clone() };
        let event = |kind, path: &Path| Ok(notify::Event::new(kind).add_path(path.to_path_buf()));
        let modify = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));

        handler.handle_one(event(modify, &path));
        assert!(writing.any(&[ChangeEvent::Changed(path.clone())]));
        handler.handle_one(event(modify, &path));
        handler.handle_one(event(close, &path));
        assert!(!writing.any(&[ChangeEvent::Changed(path.clone())]));
        assert_eq!(
            batches.next(Duration::ZERO),
            Ok(Some(vec![ChangeEvent::Changed(path.clone()); 3])),
            "the whole save in one batch"
        );

        // A file removed in the middle of its save is no longer written.
        handler.handle_one(event(modify, &other));
        handler.handle_one(event(EventKind::Remove(RemoveKind::File), &other));
        assert!(!writing.any(&[ChangeEvent::Changed(other.clone())]));
        let _ = batches.next(Duration::ZERO);

        // A save that never ends is delivered all the same, after the hold.
        handler.handle_one(event(modify, &path));
        assert_eq!(batches.next(Duration::ZERO), Ok(Some(vec![ChangeEvent::Changed(path.clone())])));
        assert!(writing.any(&[ChangeEvent::Changed(path.clone())]), "still open for writing");
        assert_eq!(writing.of(&path), Some(true));

        // Writes in `.git` are not tracked; events lost in the kernel's queue make the
        // events unable to tell who writes.
        handler.handle_one(event(modify, &dir.path().join(".git/index.lock")));
        assert_eq!(writing.of(&dir.path().join(".git/index.lock")), Some(false));
        handler.handle_one(Ok(notify::Event::new(EventKind::Any).set_flag(notify::event::Flag::Rescan)));
        assert_eq!(writing.of(&path), None);
    }
}
