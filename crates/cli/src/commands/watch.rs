//! `plan watch`: one build, then a rebuild per batch of changes.
//!
//! The watcher (engine) delivers coalesced batches on a bounded channel. Each batch is
//! applied to the one long-lived database, so a rebuild recomputes only what the changed
//! files reach. The recompute runs on a worker holding a clone of the database; when newer
//! changes arrive meanwhile, applying them cancels it (salsa unwinds the worker) and the
//! rebuild starts over with everything. PLAN.md and PLAN.lock are written atomically and
//! only when their bytes change; a write of ours coming back as an event rebuilds nothing,
//! and a render is never written over an edit the user made while it was computed.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use engine::watch::Watcher;
use engine::{ChangeEvent, Database};
use queries::{BuildOptions, build};

use crate::Outcome;
use crate::args::{GlobalArgs, WatchArgs};
use crate::output;
use crate::session::{self, Documents, Session};

/// How often the loop looks at Ctrl-C while nothing happens.
const POLL: Duration = Duration::from_millis(100);

pub(crate) fn run(global: &GlobalArgs, args: &WatchArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let root = &session.root;
    let documents = session.documents(global);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || stop.store(true, Ordering::Release))
            .context("cannot install the Ctrl-C handler")?;
    }
    // Watch before loading, so that no change between the two is missed.
    let watcher = Watcher::start(root, Duration::from_millis(args.debounce))?;
    let mut db = session.load_database()?;
    let expected = expected_edits(&mut db, root, &documents);
    db.expect_edits(&expected);
    let cache = session.use_cache(global, &mut db);
    session::analyze_all(global, &db)?;
    let options = BuildOptions { accept: false, recon_budget: session.recon_budget(args.budget) };

    let mut changed_files = 0;
    let mut first = true;
    let mut dirty = true;
    // When the batch being handled arrived: the summary measures from there to the write.
    let mut since = Instant::now();
    while !stop.load(Ordering::Acquire) {
        if dirty {
            match rebuild(&mut db, &documents, options, &watcher, &stop)? {
                Rebuilt::Done(summary) => {
                    dirty = summary.user_edited;
                    line(
                        global,
                        &summary,
                        if first { "initial build" } else { "" },
                        changed_files,
                        since.elapsed(),
                    );
                    first = false;
                    changed_files = 0;
                }
                Rebuilt::Stale(more) => {
                    changed_files += more;
                    continue;
                }
                Rebuilt::Stopped => break,
            }
        }
        let Some(batch) =
            watcher.next_batch(POLL).map_err(|_| anyhow::anyhow!("the file watcher stopped"))?
        else {
            continue;
        };
        since = Instant::now();
        let applied = apply(&mut db, &documents, &batch);
        if applied.files > 0 || applied.documents {
            changed_files += applied.files;
            dirty = true;
        }
    }
    session::save_cache(global, cache.as_deref());
    output::note(global, "stopped watching");
    Ok(Outcome::Clean)
}

/// The files a watch session will most likely see edited: the plan and its lock (every
/// rebuild rewrites them) and the files the plan cites when the watch starts (the code
/// being refactored). Given edit durability up front, their first edit costs what later
/// ones do.
pub(crate) fn expected_edits(db: &mut Database, root: &Path, documents: &Documents) -> Vec<engine::RelPath> {
    let relative = |path: &Path| path.strip_prefix(root).ok()?.to_str().and_then(engine::RelPath::new);
    let mut paths: Vec<engine::RelPath> =
        [&documents.plan_path, &documents.lock_path].into_iter().filter_map(|path| relative(path)).collect();
    // Only the plan is parsed: resolving the citations here would analyse the cited files
    // once before their durability changes and once again after.
    if let Some((plan_text, _)) = read_documents(documents) {
        let plan = db.set_plan(&documents.display_path, &plan_text);
        let cited = queries::cited_paths(db, plan);
        paths.extend(cited.iter().filter_map(|path| engine::RelPath::new(path)));
    }
    paths
}

struct Applied {
    files: usize,
    documents: bool,
}

/// Applies a batch. Returns how many files other than the plan and its lock changed, and
/// whether the plan or its lock on disk now differ from what the database holds (our own
/// writes do not).
fn apply(db: &mut Database, documents: &Documents, batch: &[ChangeEvent]) -> Applied {
    let (touched, sources): (Vec<ChangeEvent>, Vec<ChangeEvent>) = batch.iter().cloned().partition(
        |change| matches!(change, ChangeEvent::Changed(path) | ChangeEvent::Removed(path) if is_document(path, documents)),
    );
    let files = db.apply_changes(&sources).changed_files;
    let rescanned = sources.contains(&ChangeEvent::Rescan);
    if touched.is_empty() && !rescanned {
        return Applied { files, documents: false };
    }
    // They are files of the tree too: keep those inputs current, without counting them.
    db.apply_changes(&touched);
    let documents_changed = read_documents(documents).is_some_and(|(plan, lock)| {
        db.plan().is_none_or(|input| **input.text(db) != *plan) || lock_differs(db, &lock)
    });
    Applied { files, documents: documents_changed }
}

fn lock_differs(db: &Database, lock: &str) -> bool {
    db.lock().is_none_or(|input| &**input.text(db) != lock)
}

fn is_document(path: &Path, documents: &Documents) -> bool {
    path == documents.plan_path || path == documents.lock_path
}

fn read_documents(documents: &Documents) -> Option<(String, String)> {
    documents.read().ok().flatten()
}

struct Summary {
    plan_written: bool,
    lock_written: bool,
    not_fresh: usize,
    /// The sections whose text the rebuild changed, by letter.
    rewritten: Vec<char>,
    /// The user changed the plan while it was rebuilt: nothing was written, rebuild again.
    user_edited: bool,
}

enum Rebuilt {
    Done(Summary),
    /// Newer changes (this many files) arrived and were applied: start over.
    Stale(usize),
    Stopped,
}

fn rebuild(
    db: &mut Database,
    documents: &Documents,
    options: BuildOptions,
    watcher: &Watcher,
    stop: &AtomicBool,
) -> anyhow::Result<Rebuilt> {
    let (plan_text, lock_text) = read_documents(documents).with_context(|| {
        format!("no plan at {} (create one with `plan init`)", documents.plan_path.display())
    })?;
    let plan = db.set_plan(&documents.display_path, &plan_text);
    let lock = db.set_lock(&lock_text);

    // The expensive part on a worker, cancelled by newer changes.
    let worker_db = db.clone();
    let worker = std::thread::spawn(move || {
        engine::salsa::Cancelled::catch(AssertUnwindSafe(|| build(&worker_db, plan, lock, options))).ok()
    });
    let mut stale = 0;
    while !worker.is_finished() {
        if stop.load(Ordering::Acquire) {
            engine::salsa::Database::trigger_cancellation(db);
            let _ = worker.join();
            return Ok(Rebuilt::Stopped);
        }
        let newer = watcher
            .next_batch(Duration::from_millis(1))
            .map_err(|_| anyhow::anyhow!("the file watcher stopped"))?;
        if let Some(newer) = newer {
            // Setting an input waits for the worker, which salsa unwinds.
            let applied = apply(db, documents, &newer);
            stale += applied.files + usize::from(applied.documents);
        }
    }
    let output = worker.join().map_err(|_| anyhow::anyhow!("the rebuild panicked"))?;
    let Some(first) = output.filter(|_| stale == 0) else { return Ok(Rebuilt::Stale(stale.max(1))) };

    let before = section_texts(db, plan);
    let output = queries::settle(db, &documents.display_path, first, options);
    test_gate();
    // A render is only written over the text it was made from.
    let (on_disk, lock_on_disk) = read_documents(documents).unwrap_or_default();
    if on_disk != plan_text || lock_on_disk != lock_text {
        return Ok(Rebuilt::Done(Summary {
            plan_written: false,
            lock_written: false,
            not_fresh: 0,
            rewritten: Vec::new(),
            user_edited: true,
        }));
    }
    let plan_written = output.plan != plan_text;
    let lock_written = output.lock != lock_text;
    documents
        .write(plan_written.then_some(output.plan.as_str()), lock_written.then_some(output.lock.as_str()))?;
    // The database holds what is on disk now, so our writes coming back change nothing.
    let written = db.set_plan(&documents.display_path, &output.plan);
    db.set_lock(&output.lock);
    let after = section_texts(db, written);
    let mut rewritten: Vec<char> = after
        .iter()
        .filter(|(letter, text)| !before.iter().any(|(old_letter, old)| old_letter == letter && old == text))
        .map(|(letter, _)| *letter)
        .collect();
    rewritten.dedup();
    let not_fresh = output
        .citations
        .iter()
        .filter(|citation| !matches!(citation.resolution.status, queries::CitationStatus::Fresh))
        .count();
    Ok(Rebuilt::Done(Summary { plan_written, lock_written, not_fresh, rewritten, user_edited: false }))
}

/// Tests only: a rebuild holds between its render and its look at the plan on disk until
/// the file `PLAN_TEST_WATCH_GATE` names exists (then removes it), so that a test can edit
/// the plan inside that window deterministically. Waits a minute at most. Not in release
/// builds without the `test-hooks` feature.
fn test_gate() {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    let Some(gate) = std::env::var_os("PLAN_TEST_WATCH_GATE").map(PathBuf::from) else { return };
    #[cfg(not(any(debug_assertions, feature = "test-hooks")))]
    let Some(gate): Option<PathBuf> = None else { return };
    let _ = writeln!(std::io::stderr().lock(), "[watch-test] rendered; waiting for {}", gate.display());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !gate.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = std::fs::remove_file(&gate);
}

/// Each section's letter and text, to tell which ones a rebuild rewrote.
fn section_texts(db: &Database, plan: engine::PlanFile) -> Vec<(char, String)> {
    let text = plan.text(db);
    queries::plan_outline(db, plan)
        .sections
        .iter()
        .map(|span| (span.id.letter(), text.get(span.range.clone()).unwrap_or_default().to_owned()))
        .collect()
}

/// `sections B, D` or `no section`.
fn sections(letters: &[char]) -> String {
    match letters {
        [] => "no section".to_owned(),
        [one] => format!("section {one}"),
        _ => {
            let list: Vec<String> = letters.iter().map(char::to_string).collect();
            format!("sections {}", list.join(", "))
        }
    }
}

fn line(global: &GlobalArgs, summary: &Summary, label: &str, changed_files: usize, took: Duration) {
    if global.quiet {
        return;
    }
    let wrote = match (summary.plan_written, summary.lock_written) {
        _ if summary.user_edited => {
            "the plan changed during the rebuild: rebuilding, nothing written".to_owned()
        }
        (true, true) => format!("wrote the plan ({}) and its lock", sections(&summary.rewritten)),
        (true, false) => format!("wrote the plan ({})", sections(&summary.rewritten)),
        (false, true) => "wrote the lock".to_owned(),
        (false, false) => "plan unchanged".to_owned(),
    };
    let files = match changed_files {
        _ if !label.is_empty() => label.to_owned(),
        1 => "1 file changed".to_owned(),
        _ => format!("{changed_files} files changed"),
    };
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(
        stderr,
        "[watch] {files}; {wrote}; {} citations not fresh; {} ms",
        summary.not_fresh,
        took.as_millis()
    );
}
