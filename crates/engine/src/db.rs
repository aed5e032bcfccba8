//! The salsa database: storage, the path → input map, and the optional event log.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use salsa::plumbing::AsId;
use salsa::{Durability, Setter};

use crate::cache::FactCache;
use crate::inputs::{FileContents, LockFile, PlanFile, Problem, RelPath, SourceFile, Workspace};
use crate::interrupt::{Epoch, Interrupt};
use crate::load::{self, LoadConfig, LoadError};

/// The database trait every query takes as `&dyn Db`.
#[salsa::db]
pub trait Db: salsa::Database {
    /// The workspace input. The handle never changes; its fields do.
    fn workspace(&self) -> Workspace;

    /// The content-addressed fact cache, when the run uses one. Queries consult it only
    /// for values that are a pure function of the key, so it never changes a result.
    fn fact_cache(&self) -> Option<&FactCache> {
        None
    }

    /// The micro-plans and their locks, by path. Not an input: only code that runs outside
    /// tracked queries reads it (`plan build`'s `status` block), never a tracked function.
    fn micro_plan_locks(&self) -> Vec<(PlanFile, LockFile)> {
        Vec::new()
    }

    /// For a long computation inside a query: fires once an input of this database is about
    /// to change (see [`Interrupt`]).
    fn interrupt(&self) -> Interrupt {
        Interrupt::never()
    }
}

/// The concrete database.
///
/// `Send + Clone` but not `Sync`: give each worker thread its own clone, and drop every
/// clone before setting an input (a setter waits for the others to finish).
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    /// Canonical repository root; `None` for an in-memory database.
    root: Option<Arc<Path>>,
    config: Arc<LoadConfig>,
    /// One input per path ever seen, kept after deletion (see [`SourceFile`]). Shared by
    /// clones; copied on write, which only happens when no clone is alive.
    files: Arc<HashMap<RelPath, SourceFile>>,
    /// Always `Some` once [`Database::build`] returns: an input needs storage to exist first.
    workspace: Option<Workspace>,
    plan: Option<PlanFile>,
    lock: Option<LockFile>,
    /// The micro-plans (one per PR's implementation plan), by path: one input each, so an
    /// edit of one re-runs only its own queries.
    micro_plans: Arc<BTreeMap<String, PlanFile>>,
    /// Each micro-plan's lock (`plans/pr3.lock` beside `plans/pr3.md`), by the micro-plan's
    /// path.
    micro_locks: Arc<BTreeMap<String, LockFile>>,
    event_log: Option<EventLog>,
    fact_cache: Option<Arc<FactCache>>,
    /// Advanced before every input change, shared by clones: a worker's long query stops
    /// at its next [`Interrupt::check`] instead of running to its next query call.
    epoch: Epoch,
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {
    fn workspace(&self) -> Workspace {
        self.workspace.expect("the workspace input is created in `Database::build`")
    }

    fn fact_cache(&self) -> Option<&FactCache> {
        self.fact_cache.as_deref()
    }

    fn interrupt(&self) -> Interrupt {
        self.epoch.interrupt()
    }

    fn micro_plan_locks(&self) -> Vec<(PlanFile, LockFile)> {
        self.micro_plans
            .iter()
            .filter_map(|(path, file)| Some((*file, *self.micro_locks.get(path)?)))
            .collect()
    }
}

/// The durability of the tree as loaded: files, the file list, the problems. Above that of
/// the plan and its lock, so that a revision that changes only those re-verifies nothing
/// that reads only files.
const TREE: Durability = Durability::MEDIUM;

/// The durability of files edited while `plan watch` runs. The first edit of a file moves
/// it down from [`TREE`], which re-verifies everything once; from then on an edit of it
/// re-verifies only what reads it, whatever the size of the repository.
const EDITED: Durability = Durability::LOW;

/// Above this many files appearing or disappearing at once, the file list is sorted anew
/// rather than edited in place.
const INCREMENTAL_LIST_EDITS: usize = 64;

/// What setting one file's contents did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SetOutcome {
    Unchanged,
    Changed,
    /// The file appeared (`exists`) or disappeared.
    Existence {
        file: SourceFile,
        exists: bool,
    },
}

/// Records the queries that executed, for tests of incrementality.
#[derive(Clone, Default)]
struct EventLog {
    executed: Arc<Mutex<Vec<String>>>,
}

impl Database {
    /// An empty database with no root: files are added with [`Database::set_file`].
    pub fn in_memory() -> Database {
        Database::build(None, LoadConfig::default(), None)
    }

    /// Like [`Database::in_memory`], recording every query execution; read them with
    /// [`Database::take_executed`].
    pub fn with_event_log() -> Database {
        Database::build(None, LoadConfig::default(), Some(EventLog::default()))
    }

    /// Loads the repository at `root` (or only the parts of it named by `scope`).
    pub fn load(root: &Path, config: LoadConfig, scope: &[RelPath]) -> Result<Database, LoadError> {
        let root = load::canonical_root(root)?;
        Ok(Database::load_listing(config, load::list_tree(&root, scope)))
    }

    /// Loads the files of `listing`, rooted where it was listed (a canonical root).
    pub fn load_listing(config: LoadConfig, listing: load::Listing) -> Database {
        let mut db = Database::build(Some(listing.root().into()), config, None);
        let loaded = load::read_listing(&db.config, listing);
        db.replace_all(loaded.files, loaded.problems);
        db
    }

    fn build(root: Option<Arc<Path>>, config: LoadConfig, event_log: Option<EventLog>) -> Database {
        let callback: Option<Box<dyn Fn(salsa::Event) + Send + Sync>> = event_log.as_ref().map(|log| {
            let executed = log.executed.clone();
            Box::new(move |event: salsa::Event| {
                if let salsa::EventKind::WillExecute { database_key } = event.kind {
                    let mut executed = executed.lock().unwrap_or_else(|poison| poison.into_inner());
                    executed.push(format!("{database_key:?}"));
                }
            }) as Box<dyn Fn(salsa::Event) + Send + Sync>
        });
        let storage = salsa::Storage::new(callback);
        let mut db = Database {
            storage,
            root,
            config: Arc::new(config),
            files: Arc::default(),
            workspace: None,
            plan: None,
            lock: None,
            micro_plans: Arc::default(),
            micro_locks: Arc::default(),
            event_log,
            fact_cache: None,
            epoch: Epoch::default(),
        };
        db.workspace = Some(
            Workspace::builder(
                Arc::from([]),
                Arc::from([]),
                Arc::from([]),
                Arc::from([]),
                Arc::from([]),
                false,
            )
            .durability(TREE)
            .new(&db),
        );
        db.workspace().set_edit_floor(&mut db).with_durability(EDITED).to(true);
        db
    }

    /// Uses `cache` for the facts of files from now on (shared by every clone made after).
    pub fn set_fact_cache(&mut self, cache: Arc<FactCache>) {
        self.fact_cache = Some(cache);
    }

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    pub fn config(&self) -> &LoadConfig {
        &self.config
    }

    /// The input for `path`, if the path was ever seen.
    pub fn file(&self, path: &RelPath) -> Option<SourceFile> {
        self.files.get(path).copied()
    }

    /// Sets the contents of `path`, creating its input if needed and updating the file list
    /// if the file appears or disappears. Returns whether anything changed; an equal value
    /// is never set, so no new revision starts for it.
    pub fn set_file(&mut self, path: RelPath, contents: FileContents) -> bool {
        self.set_files([(path, contents)]) > 0
    }

    /// [`Database::set_files`] for files being edited now: their new contents get
    /// `EDITED` durability, so that the next edits of the same files re-verify only the
    /// queries that read them.
    pub fn set_edited_files(&mut self, files: impl IntoIterator<Item = (RelPath, FileContents)>) -> usize {
        self.set_files_with(files, EDITED)
    }

    /// Gives the files at `paths` `EDITED` durability now, as if they had just been edited,
    /// and lists them in [`Workspace::expected_edits`], so that their first edit does not
    /// re-verify everything. For files a caller knows will change: under `plan watch`, the
    /// plan, its lock and the files the plan cites. Meant to be called before the first
    /// query runs; replaces the previous list.
    pub fn expect_edits(&mut self, paths: &[RelPath]) {
        let mut expected: Vec<(RelPath, SourceFile)> = Vec::new();
        for path in paths {
            if let Some(file) = self.file(path) {
                let contents = file.contents(self).clone();
                self.epoch.advance();
                file.set_contents(self).with_durability(EDITED).to(contents);
                expected.push((path.clone(), file));
            }
        }
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        expected.dedup_by(|a, b| a.0 == b.0);
        let list: Vec<SourceFile> = expected.into_iter().map(|(_, file)| file).collect();
        if **self.workspace().expected_edits(self) != *list {
            // The list itself changes once per session: tree durability, so that queries
            // over the other files stay verified by it.
            self.epoch.advance();
            self.workspace().set_expected_edits(self).with_durability(TREE).to(list.into());
        }
    }

    /// Sets the contents of many files at once and updates the file list once, by
    /// insertion and removal when few files appear or disappear (an edit batch), so that
    /// an edit costs nothing in the size of the repository.
    pub fn set_files(&mut self, files: impl IntoIterator<Item = (RelPath, FileContents)>) -> usize {
        self.set_files_with(files, TREE)
    }

    fn set_files_with(
        &mut self,
        files: impl IntoIterator<Item = (RelPath, FileContents)>,
        durability: Durability,
    ) -> usize {
        let mut changed = 0;
        let mut existence: Vec<(RelPath, SourceFile, bool)> = Vec::new();
        for (path, contents) in files {
            match self.set_file_contents(&path, contents, durability) {
                SetOutcome::Unchanged => {}
                SetOutcome::Changed => changed += 1,
                SetOutcome::Existence { file, exists } => {
                    changed += 1;
                    existence.push((path, file, exists));
                }
            }
        }
        if existence.len() > INCREMENTAL_LIST_EDITS {
            self.sync_file_list();
        } else if !existence.is_empty() {
            let mut list: Vec<SourceFile> = self.workspace().files(self).to_vec();
            let mut paths: Vec<RelPath> = self.workspace().paths(self).to_vec();
            for (path, file, exists) in existence {
                match (paths.binary_search(&path), exists) {
                    (Err(at), true) => {
                        list.insert(at, file);
                        paths.insert(at, path);
                    }
                    (Ok(at), false) => {
                        list.remove(at);
                        paths.remove(at);
                    }
                    _ => {}
                }
            }
            self.set_file_list(list, paths);
        }
        changed
    }

    /// Replaces the whole state: files not listed become `Missing`.
    pub(crate) fn replace_all(
        &mut self,
        files: Vec<(RelPath, FileContents)>,
        problems: Vec<Problem>,
    ) -> usize {
        let mut changed = 0;
        let listed: std::collections::HashSet<&RelPath> = files.iter().map(|(path, _)| path).collect();
        let gone: Vec<RelPath> = self
            .files
            .iter()
            .filter(|(path, file)| !listed.contains(path) && *file.contents(self) != FileContents::Missing)
            .map(|(path, _)| path.clone())
            .collect();
        for path in gone {
            changed += usize::from(
                self.set_file_contents(&path, FileContents::Missing, TREE) != SetOutcome::Unchanged,
            );
        }
        for (path, contents) in files {
            changed += usize::from(self.set_file_contents(&path, contents, TREE) != SetOutcome::Unchanged);
        }
        self.set_problems(problems);
        self.sync_file_list();
        changed
    }

    /// Sets the path patterns the recon leaves out of its ranking (a no-op when unchanged).
    pub fn set_recon_exclude(&mut self, patterns: Vec<String>) {
        if self.workspace().recon_exclude(self).as_ref() != patterns.as_slice() {
            self.epoch.advance();
            self.workspace().set_recon_exclude(self).with_durability(TREE).to(patterns.into());
        }
    }

    pub(crate) fn set_problems(&mut self, problems: Vec<Problem>) {
        if **self.workspace().problems(self) != *problems {
            self.epoch.advance();
            self.workspace().set_problems(self).with_durability(TREE).to(problems.into());
        }
    }

    fn set_file_contents(
        &mut self,
        path: &RelPath,
        contents: FileContents,
        durability: Durability,
    ) -> SetOutcome {
        match self.files.get(path).copied() {
            Some(file) => {
                let old = file.contents(self);
                if *old == contents {
                    return SetOutcome::Unchanged;
                }
                let existed = *old != FileContents::Missing;
                let exists = contents != FileContents::Missing;
                self.epoch.advance();
                file.set_contents(self).with_durability(durability).to(contents);
                if existed == exists { SetOutcome::Changed } else { SetOutcome::Existence { file, exists } }
            }
            None => {
                if contents == FileContents::Missing {
                    return SetOutcome::Unchanged;
                }
                // The path at tree durability whatever the contents get: queries over the
                // file list (`file_index`) read every path, and a value whose durability fell
                // is never backdated, so a low path would re-run all their readers.
                let file = if durability == TREE {
                    SourceFile::builder(path.clone(), contents).durability(TREE).new(self)
                } else {
                    let file =
                        SourceFile::builder(path.clone(), FileContents::Missing).durability(TREE).new(self);
                    self.epoch.advance();
                    file.set_contents(self).with_durability(durability).to(contents);
                    file
                };
                Arc::make_mut(&mut self.files).insert(path.clone(), file);
                SetOutcome::Existence { file, exists: true }
            }
        }
    }

    /// Recomputes the sorted list of existing files and sets it if it differs.
    fn sync_file_list(&mut self) {
        let mut existing: Vec<(&RelPath, SourceFile)> = self
            .files
            .iter()
            .filter(|(_, file)| *file.contents(self) != FileContents::Missing)
            .map(|(path, file)| (path, *file))
            .collect();
        existing.sort_by(|a, b| a.0.cmp(b.0));
        let (paths, list): (Vec<RelPath>, Vec<SourceFile>) =
            existing.into_iter().map(|(path, file)| (path.clone(), file)).unzip();
        if **self.workspace().files(self) != *list {
            self.set_file_list(list, paths);
        }
    }

    /// Sets the file list (sorted by path) and the paths of its files, in the same order.
    fn set_file_list(&mut self, list: Vec<SourceFile>, paths: Vec<RelPath>) {
        self.epoch.advance();
        self.workspace().set_files(self).with_durability(TREE).to(list.into());
        self.workspace().set_paths(self).with_durability(TREE).to(paths.into());
    }

    /// The queries executed since the last call, as `query(path)` for queries keyed by a
    /// file and `query(Id(..))` otherwise. Empty without an event log.
    pub fn take_executed(&self) -> Vec<String> {
        let Some(log) = &self.event_log else { return Vec::new() };
        let executed = std::mem::take(&mut *log.executed.lock().unwrap_or_else(|poison| poison.into_inner()));
        let mut by_id: HashMap<String, &str> =
            self.files.iter().map(|(path, file)| (format!("{:?}", file.as_id()), path.as_str())).collect();
        by_id.extend(
            self.micro_plans.iter().map(|(path, file)| (format!("{:?}", file.as_id()), path.as_str())),
        );
        executed
            .into_iter()
            .map(|entry| {
                let Some(open) = entry.find('(') else { return entry };
                let Some(key) = entry[open + 1..].strip_suffix(')') else { return entry };
                match by_id.get(key) {
                    Some(path) => format!("{}({})", &entry[..open], path),
                    None => entry,
                }
            })
            .collect()
    }

    /// [`Database::take_executed`] with interned keys, whose ids say nothing, written
    /// `query(..)`.
    pub fn take_executed_by_name(&self) -> Vec<String> {
        self.take_executed()
            .into_iter()
            .map(|entry| match entry.find("(Id(") {
                Some(at) => format!("{}(..)", &entry[..at]),
                None => entry,
            })
            .collect()
    }

    /// The root the tree was loaded from; `None` for an in-memory database.
    pub fn root_path(&self) -> Option<PathBuf> {
        self.root.as_deref().map(Path::to_path_buf)
    }
}

impl Database {
    /// Sets the plan document, creating its input on first use. Sets nothing when the
    /// path and text are unchanged. Returns the input.
    pub fn set_plan(&mut self, path: &str, text: &str) -> PlanFile {
        match self.plan {
            Some(plan) => {
                if plan.path(self) != path {
                    self.epoch.advance();
                    plan.set_path(self).to(path.to_owned());
                }
                if &**plan.text(self) != text {
                    self.epoch.advance();
                    plan.set_text(self).to(text.into());
                }
                plan
            }
            None => {
                let plan = PlanFile::new(self, path.to_owned(), text.into());
                self.plan = Some(plan);
                plan
            }
        }
    }

    /// Sets the lock file's text (empty for none), creating its input on first use.
    pub fn set_lock(&mut self, text: &str) -> LockFile {
        match self.lock {
            Some(lock) => {
                if &**lock.text(self) != text {
                    self.epoch.advance();
                    lock.set_text(self).to(text.into());
                }
                lock
            }
            None => {
                let lock = LockFile::new(self, text.into());
                self.lock = Some(lock);
                lock
            }
        }
    }

    /// The lock file, once [`Database::set_lock`] was called.
    pub fn lock(&self) -> Option<LockFile> {
        self.lock
    }

    /// Sets one micro-plan's text, creating its input on first use; sets nothing when the
    /// text is unchanged. Returns the input.
    pub fn set_micro_plan(&mut self, path: &str, text: &str) -> PlanFile {
        if let Some(file) = self.micro_plans.get(path).copied() {
            if &**file.text(self) != text {
                self.epoch.advance();
                file.set_text(self).to(text.into());
            }
            return file;
        }
        let file = PlanFile::new(self, path.to_owned(), text.into());
        Arc::make_mut(&mut self.micro_plans).insert(path.to_owned(), file);
        file
    }

    /// Sets the lock of the micro-plan at `path` (empty for none), creating its input on
    /// first use; sets nothing when the text is unchanged.
    pub fn set_micro_lock(&mut self, path: &str, text: &str) -> LockFile {
        if let Some(lock) = self.micro_locks.get(path).copied() {
            if &**lock.text(self) != text {
                self.epoch.advance();
                lock.set_text(self).to(text.into());
            }
            return lock;
        }
        let lock = LockFile::new(self, text.into());
        Arc::make_mut(&mut self.micro_locks).insert(path.to_owned(), lock);
        lock
    }

    /// The lock of the micro-plan at `path`, once [`Database::set_micro_lock`] was called.
    pub fn micro_lock(&self, path: &str) -> Option<LockFile> {
        self.micro_locks.get(path).copied()
    }

    /// The micro-plans set so far, by path.
    pub fn micro_plans(&self) -> Vec<PlanFile> {
        self.micro_plans.values().copied().collect()
    }

    /// The plan document, once [`Database::set_plan`] was called.
    pub fn plan(&self) -> Option<PlanFile> {
        self.plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(db: &Database) -> Vec<String> {
        db.workspace().files(db).iter().map(|file| file.path(db).to_string()).collect()
    }

    fn text(text: &str) -> FileContents {
        FileContents::Text(text.into())
    }

    /// Files appearing and disappearing a few at a time edit the list in place; many at
    /// once sort it anew. Either way the list is the existing files, sorted by path.
    #[test]
    fn the_file_list_follows_files_appearing_and_disappearing() {
        let mut db = Database::in_memory();
        let path = |text: &str| RelPath::new(text).unwrap();
        db.set_files([(path("b.rs"), text("b")), (path("d.rs"), text("d"))]);
        db.set_edited_files([
            (path("c.rs"), text("c")),
            (path("a.rs"), text("a")),
            (path("d.rs"), FileContents::Missing),
            (path("b.rs"), text("b2")),
            (path("gone.rs"), FileContents::Missing),
        ]);
        assert_eq!(listed(&db), ["a.rs", "b.rs", "c.rs"]);
        db.set_edited_files([(path("d.rs"), text("d")), (path("a.rs"), FileContents::Missing)]);
        assert_eq!(listed(&db), ["b.rs", "c.rs", "d.rs"]);

        let many: Vec<(RelPath, FileContents)> = (0..INCREMENTAL_LIST_EDITS + 1)
            .map(|index| (path(&format!("m/{index:03}.rs")), text("m")))
            .collect();
        db.set_files(many);
        let listing = listed(&db);
        assert_eq!(listing.len(), 3 + INCREMENTAL_LIST_EDITS + 1);
        assert!(listing.is_sorted(), "{listing:?}");
    }
}
