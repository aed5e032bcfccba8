//! `plan watch`: one build, then a rebuild per batch of changes.
//!
//! The watcher (engine) delivers changes on a bounded channel as they happen (or
//! coalesced over `--debounce`). Each batch is applied to the one long-lived database at
//! once (the leading edge), so a rebuild recomputes only what the changed files reach and
//! a single save is answered at engine speed. The recompute runs on a worker holding a
//! clone of the database; when newer changes arrive meanwhile, applying them cancels it
//! (salsa unwinds the worker) and the rebuild starts over with everything. Once more than
//! a few files changed since the last write (a branch switch, a formatter), the loop first
//! waits for `BURST_QUIET` without changes, so a burst ends in one rebuild and one write;
//! after `STORM_BOUND` of restarts a rebuild is no longer cancelled, so it always finishes.
//! A single change is answered without the recon (`BuildOptions::recon`), which ranks the
//! whole tree and costs the most at scale; a recon pass follows at once, cancelled by
//! newer changes, and says a line only when it writes. PLAN.md and PLAN.lock are written atomically and
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
use crate::commands::{guard, micro_build};
use crate::output;
use crate::session::{self, Documents, Session};

mod burst;
mod delta;
mod recon;
mod summary;
mod writer;
use burst::{BURST_QUIET, Seen};
use delta::{report_delta, shown_diagnostics};
use summary::{Summary, citation_counts, line, rewritten_sections, section_texts};

/// How often the loop looks at Ctrl-C while nothing happens.
const POLL: Duration = Duration::from_millis(100);

/// How long changes may keep cancelling rebuilds: past it the rebuild runs to its write.
const STORM_BOUND: Duration = Duration::from_millis(1000);

pub(crate) fn run(global: &GlobalArgs, args: &WatchArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let root = &session.root;
    let documents = session.documents(global);
    let stop = stop_on_ctrl_c()?;
    // Watch before loading, so that no change between the two is missed.
    let watcher = Watcher::start(root, Duration::from_millis(args.debounce))?;
    writer::seed(&watcher, &documents.plan_path);
    let mut db = guard::warn_unwalked(global, session.load_database()?);
    let expected = expected_edits(&mut db, root, &documents);
    db.expect_edits(&expected);
    let cache = session.use_cache(global, &mut db);
    session::analyze_for(global, &db, db.plan())?;
    let options = BuildOptions {
        recon_budget: session.recon_budget(args.budget),
        mark_stale: false,
        ..BuildOptions::default()
    };
    let mark_after = Duration::from_millis(args.mark_after);
    let levels = &session.config.rules;

    let mut state = State::new();
    state.seen.recon.expect(expected.iter().filter_map(|path| db.file(path)));
    while !stop.load(Ordering::Acquire) {
        if let Some(Step { pass, mark, burst }) = state.next_step(&db) {
            let options = BuildOptions { mark_stale: mark, recon: pass != Pass::Quick, ..options };
            if burst {
                settle(&mut db, &documents, &watcher, &mut state, &stop)?;
            }
            let cancellable =
                pass == Pass::Recon || state.burst.is_none_or(|since| since.elapsed() < STORM_BOUND);
            let from = (&watcher, &*stop, cancellable);
            match rebuild(&mut db, (global, &session, &documents), (options, levels), from, &mut state.seen)?
            {
                Rebuilt::Stopped => break,
                rebuilt => {
                    let again = state.handle(global, rebuilt, (pass, mark), mark_after);
                    warn_all(global, &mut state.seen);
                    if again {
                        continue;
                    }
                }
            }
        }
        let Some(batch) =
            watcher.next_batch(POLL).map_err(|_| anyhow::anyhow!("the file watcher stopped"))?
        else {
            continue;
        };
        state.since = Instant::now();
        let applied = apply(&mut db, &documents, &batch, &mut state.seen);
        warn_all(global, &mut state.seen);
        if applied.files > 0 || applied.documents || state.waiting.is_some() {
            state.dirty = true;
        }
    }
    if state.marks_due.is_some() {
        // Stopped within the quiet period: leave the plan as `plan build` would.
        let options = BuildOptions { mark_stale: true, ..options };
        let _ = rebuild(
            &mut db,
            (global, &session, &documents),
            (options, levels),
            (&watcher, &AtomicBool::new(false), true),
            &mut state.seen,
        )?;
    }
    session::save_cache(global, cache.as_deref());
    output::note(global, "stopped watching");
    Ok(Outcome::Clean)
}

/// A flag Ctrl-C raises: the loop finishes its step, saves the cache and stops.
fn stop_on_ctrl_c() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let raised = stop.clone();
    ctrlc::set_handler(move || raised.store(true, Ordering::Release))
        .context("cannot install the Ctrl-C handler")?;
    Ok(stop)
}

/// What the watch loop remembers between rebuilds.
struct State {
    first: bool,
    /// A change is waiting to be rebuilt.
    dirty: bool,
    /// Why the watch waits for a plan, once said.
    waiting: Option<String>,
    /// The diagnostics last shown.
    shown: Vec<String>,
    /// When the batch being handled arrived: the summary measures from there to the write.
    since: Instant,
    /// When stale claims that are not marked yet get their `UNVERIFIED`, if they stay stale.
    marks_due: Option<Instant>,
    /// The paths changed lately.
    seen: Seen,
    /// When newer changes first cancelled a rebuild since the last write.
    burst: Option<Instant>,
    /// When a rewrite that waits for another writer of the plan looks again, and whether
    /// it marks; the reason last said.
    write_due: Option<(Instant, bool)>,
    deferred: Option<String>,
    /// A quick rebuild kept the recon as written: a recon pass is due.
    recon_due: bool,
}

/// The rebuild the loop runs next.
struct Step {
    pass: Pass,
    /// Stale claims get their `UNVERIFIED`.
    mark: bool,
    /// The change is part of a burst, which settles first.
    burst: bool,
}

impl State {
    /// The rebuild due now, if any; clears what it answers.
    fn next_step(&mut self, db: &Database) -> Option<Step> {
        let now = Instant::now();
        let marks_due = self.marks_due.is_some_and(|due| now >= due);
        let write_due = self.write_due.filter(|(due, _)| now >= *due);
        if !(self.dirty || marks_due || write_due.is_some() || self.recon_due) {
            return None;
        }
        // A rebuild for changes holds `UNVERIFIED` back; one after a quiet period writes it
        // (and a rewrite that waited for a writer marks as it would have).
        let mark = !self.dirty && (marks_due || write_due.is_some_and(|(_, mark)| mark));
        // A burst of changes settles before the rebuild (this looked at `dirty` after
        // clearing it, so 10,000 writes in 3 s were 324 rebuilds).
        let burst = self.dirty && self.seen.is_burst();
        // A single change is answered without the recon, which ranks the whole tree; the
        // recon follows in a pass of its own that newer changes cancel.
        let pass = match (self.dirty && !burst && !self.first, self.dirty) {
            (true, _) if self.seen.recon.touched(db) => Pass::Quick,
            (true, _) => Pass::Full,
            (false, false) if self.recon_due && !marks_due && write_due.is_none() => Pass::Recon,
            _ => Pass::Full,
        };
        self.dirty = false;
        if pass != Pass::Recon {
            self.marks_due = None;
            self.write_due = None;
        }
        Some(Step { pass, mark, burst })
    }
}

/// What a rebuild regenerates.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Everything.
    Full,
    /// Everything but the recon, for a change (a recon pass follows).
    Quick,
    /// Everything, after a quick rebuild: said only when it writes.
    Recon,
}

/// A burst: takes in changes until `BURST_QUIET` passes without any (or the storm bound).
fn settle(
    db: &mut Database,
    documents: &Documents,
    watcher: &Watcher,
    state: &mut State,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let since = *state.burst.get_or_insert_with(Instant::now);
    while !stop.load(Ordering::Acquire) && since.elapsed() < STORM_BOUND {
        let Some(batch) =
            watcher.next_batch(BURST_QUIET).map_err(|_| anyhow::anyhow!("the file watcher stopped"))?
        else {
            break;
        };
        apply(db, documents, &batch, &mut state.seen);
    }
    Ok(())
}

impl State {
    fn new() -> State {
        State {
            first: true,
            dirty: true,
            waiting: None,
            shown: Vec::new(),
            since: Instant::now(),
            marks_due: None,
            seen: Seen::default(),
            burst: None,
            write_due: None,
            deferred: None,
            recon_due: false,
        }
    }

    /// Takes in a rebuild's result and says it; `true` when it must start over at once.
    fn handle(
        &mut self,
        global: &GlobalArgs,
        rebuilt: Rebuilt,
        (pass, marked): (Pass, bool),
        mark_after: Duration,
    ) -> bool {
        match rebuilt {
            Rebuilt::Done(summary) => {
                self.dirty = summary.user_edited;
                self.burst = None;
                self.deferred = None;
                self.recon_due = pass == Pass::Quick || (self.recon_due && summary.user_edited);
                if pass != Pass::Quick && !summary.user_edited {
                    self.seen.recon.ran();
                }
                let wrote = summary.plan_written || summary.lock_written || summary.user_edited;
                if pass == Pass::Recon && !wrote {
                    return false;
                }
                let label = if self.first {
                    "initial build"
                } else if self.waiting.take().is_some() {
                    "plan back"
                } else if marked {
                    "stale after a quiet period"
                } else if pass == Pass::Recon {
                    "recon"
                } else {
                    ""
                };
                line(global, &summary, label, self.seen.take_changed(), self.since.elapsed());
                if let Some(now) = summary.diagnostics {
                    report_delta(global, &mut self.shown, now);
                }
                if !marked && summary.unmarked_stale > 0 {
                    self.marks_due = Some(Instant::now() + mark_after);
                }
                self.first = false;
                false
            }
            Rebuilt::Stale(newer) => {
                // A cancelled recon pass follows the next quick rebuild; it is no storm, and
                // the change that cancelled it is the one the next summary answers.
                if pass != Pass::Recon {
                    self.burst.get_or_insert_with(Instant::now);
                } else if let Some(newer) = newer {
                    self.since = newer;
                }
                self.dirty = true;
                true
            }
            Rebuilt::Waiting(why) => {
                if self.waiting.as_deref() != Some(why.as_str()) {
                    output::warn(global, &why);
                }
                self.waiting = Some(why);
                false
            }
            Rebuilt::Deferred(why) => {
                if self.deferred.as_deref() != Some(why.as_str()) {
                    output::note(global, &why);
                }
                self.deferred = Some(why);
                self.write_due = Some((Instant::now() + writer::RECHECK, marked));
                false
            }
            Rebuilt::Stopped => false,
        }
    }
}

/// Prints the warnings the latest batches left (files that cannot be read).
fn warn_all(global: &GlobalArgs, seen: &mut Seen) {
    for warning in seen.warnings.drain(..) {
        output::warn(global, &warning);
    }
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
fn apply(db: &mut Database, documents: &Documents, batch: &[ChangeEvent], seen: &mut Seen) -> Applied {
    let (touched, sources): (Vec<ChangeEvent>, Vec<ChangeEvent>) = batch.iter().cloned().partition(
        |change| matches!(change, ChangeEvent::Changed(path) | ChangeEvent::Removed(path) if is_document(path, documents)),
    );
    seen.recon.before(db, &sources);
    let files = db.apply_changes(&sources).changed_files;
    if let Some(root) = db.root_path() {
        seen.warnings.extend(guard::unreadable_changes(db, &root, &sources));
    }
    seen.changed(files, &sources);
    let rescanned = sources.contains(&ChangeEvent::Rescan);
    if touched.is_empty() && !rescanned {
        return Applied { files, documents: false };
    }
    // They are files of the tree too: keep those inputs current, without counting them.
    db.apply_changes(&touched);
    // A plan that disappeared is a change too: the rebuild says the watch waits for it.
    let on_disk = read_documents(documents);
    let plan_differs =
        on_disk.as_ref().is_none_or(|(plan, _)| db.plan().is_none_or(|input| **input.text(db) != *plan));
    if plan_differs {
        seen.plan_edited = Some(Instant::now());
    }
    let documents_changed = plan_differs || on_disk.is_some_and(|(_, lock)| lock_differs(db, &lock));
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

enum Rebuilt {
    Done(Summary),
    /// Newer changes arrived (the first then) and were applied: start over.
    Stale(Option<Instant>),
    /// No plan to build, or none that can be read, or one a rebuild must not write
    /// (`guard::mass_marking`): why. The watch goes on.
    Waiting(String),
    /// Someone else may still be writing the plan: its rewrite waits (why).
    Deferred(String),
    Stopped,
}

fn rebuild(
    db: &mut Database,
    (global, session, documents): (&GlobalArgs, &Session, &Documents),
    (options, levels): (BuildOptions, &queries::RuleLevels),
    (watcher, stop, cancellable): (&Watcher, &AtomicBool, bool),
    seen: &mut Seen,
) -> anyhow::Result<Rebuilt> {
    let (plan_text, lock_text) = match read_or_wait(documents) {
        Ok(texts) => texts,
        Err(why) => return Ok(Rebuilt::Waiting(why)),
    };
    let plan = db.set_plan(&documents.display_path, &plan_text);
    let lock = crate::history::lock_or_history(global, db, &session.root, &documents.plan_path, &lock_text);
    let micros = micro_build::build_for_watch(global, session, db, plan, options);

    // The expensive part on a worker, cancelled by newer changes.
    let worker_db = db.clone();
    let worker = std::thread::spawn(move || {
        engine::salsa::Cancelled::catch(AssertUnwindSafe(|| build(&worker_db, plan, lock, options))).ok()
    });
    let first = match await_worker(db, documents, worker, (watcher, stop, cancellable), seen)? {
        Worked::Built(first) => first,
        Worked::Stale(newer) => return Ok(Rebuilt::Stale(newer)),
        Worked::Stopped => return Ok(Rebuilt::Stopped),
    };
    if let Some(why) = guard::mass_marking(db, &first, &session.root) {
        return Ok(Rebuilt::Waiting(why));
    }

    let before = section_texts(db, plan);
    let output = queries::settle(db, &documents.display_path, first, options);
    test_gate();
    let plan_written = output.plan != plan_text;
    let lock_written = output.lock != lock_text;
    let writing = |path: &Path| writer::writing(watcher, &session.root, path);
    if plan_written && let Some(why) = writer::writer_at_work(documents, seen.plan_edited, &writing) {
        return Ok(Rebuilt::Deferred(why));
    }
    // A render is only written over the text it was made from, checked right before each
    // rename.
    let writes = (plan_written.then_some(output.plan.as_str()), lock_written.then_some(output.lock.as_str()));
    if !documents.write_unless_changed(writes, (&plan_text, &lock_text), &writing)? {
        return Ok(Rebuilt::Done(Summary {
            plan_written: false,
            lock_written: false,
            not_fresh: 0,
            rewritten: Vec::new(),
            user_edited: true,
            unmarked_stale: 0,
            diagnostics: None,
        }));
    }
    // The database holds what is on disk now, so our writes coming back change nothing.
    let written = db.set_plan(&documents.display_path, &output.plan);
    let written_lock = db.set_lock(&output.lock);
    // What the plan as written says: not the notes about what this build just did.
    let diagnostics = queries::check_plan(db, written, written_lock, levels);
    let mut shown = shown_diagnostics(&documents.display_path, &diagnostics);
    for (path, diagnostics) in micro_build::write_for_watch(global, session, db, written, &micros, &writing)?
    {
        shown.extend(shown_diagnostics(&path, &diagnostics));
    }
    let rewritten = rewritten_sections(&before, &section_texts(db, written));
    // The micro-plans' stale citations wait for the quiet period too.
    let micro_citations = micros.iter().flat_map(|micro| micro.output.citations.iter().cloned());
    let (not_fresh, unmarked_stale) =
        citation_counts(&output.citations.iter().cloned().chain(micro_citations).collect::<Vec<_>>());
    Ok(Rebuilt::Done(Summary {
        plan_written,
        lock_written,
        not_fresh,
        rewritten,
        user_edited: false,
        unmarked_stale,
        diagnostics: Some(shown),
    }))
}

enum Worked {
    Built(queries::BuildOutput),
    /// Newer changes were applied (the first arrived then): the build is out of date (or
    /// was cancelled).
    Stale(Option<Instant>),
    Stopped,
}

/// Waits for the build on `worker`, applying newer changes meanwhile (which cancels it),
/// unless it is no longer `cancellable`.
fn await_worker(
    db: &mut Database,
    documents: &Documents,
    worker: std::thread::JoinHandle<Option<queries::BuildOutput>>,
    (watcher, stop, cancellable): (&Watcher, &AtomicBool, bool),
    seen: &mut Seen,
) -> anyhow::Result<Worked> {
    let (mut stale, mut first_newer) = (0, None);
    while !worker.is_finished() {
        if stop.load(Ordering::Acquire) {
            engine::salsa::Database::trigger_cancellation(db);
            let _ = worker.join();
            return Ok(Worked::Stopped);
        }
        if !cancellable {
            // Past the storm bound: newer changes wait for the next rebuild.
            std::thread::sleep(Duration::from_millis(1));
            continue;
        }
        let newer = watcher
            .next_batch(Duration::from_millis(1))
            .map_err(|_| anyhow::anyhow!("the file watcher stopped"))?;
        if let Some(newer) = newer {
            first_newer.get_or_insert_with(Instant::now);
            // Setting an input waits for the worker, which salsa unwinds.
            let applied = apply(db, documents, &newer, seen);
            stale += applied.files + usize::from(applied.documents);
        }
    }
    let output = worker.join().map_err(|_| anyhow::anyhow!("the rebuild panicked"))?;
    Ok(output.filter(|_| stale == 0).map_or(Worked::Stale(first_newer), Worked::Built))
}

/// The plan and its lock, or why the watch waits for them.
fn read_or_wait(documents: &Documents) -> Result<(String, String), String> {
    match documents.read() {
        Ok(Some(texts)) => Ok(texts),
        Ok(None) => Err(format!(
            "no plan at {}: waiting for it (create one with `plan init`)",
            documents.plan_path.display()
        )),
        Err(error) => Err(format!("{error:#}: waiting for a readable plan")),
    }
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
