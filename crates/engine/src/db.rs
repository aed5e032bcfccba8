//! The salsa database: storage, the path → input map, and the optional event log.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use salsa::Setter;
use salsa::plumbing::AsId;

use crate::cache::FactCache;
use crate::inputs::{FileContents, LockFile, PlanFile, Problem, RelPath, SourceFile, Workspace};
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
    event_log: Option<EventLog>,
    fact_cache: Option<Arc<FactCache>>,
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
            event_log,
            fact_cache: None,
        };
        db.workspace = Some(Workspace::new(&db, Arc::from([]), Arc::from([])));
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
        let changed = self.set_file_contents(&path, contents);
        if changed {
            self.sync_file_list();
        }
        changed
    }

    /// Sets the contents of many files at once and updates the file list once.
    pub fn set_files(&mut self, files: impl IntoIterator<Item = (RelPath, FileContents)>) -> usize {
        let mut changed = 0;
        for (path, contents) in files {
            changed += usize::from(self.set_file_contents(&path, contents));
        }
        if changed > 0 {
            self.sync_file_list();
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
            changed += usize::from(self.set_file_contents(&path, FileContents::Missing));
        }
        for (path, contents) in files {
            changed += usize::from(self.set_file_contents(&path, contents));
        }
        self.set_problems(problems);
        self.sync_file_list();
        changed
    }

    pub(crate) fn set_problems(&mut self, problems: Vec<Problem>) {
        if **self.workspace().problems(self) != *problems {
            self.workspace().set_problems(self).to(problems.into());
        }
    }

    fn set_file_contents(&mut self, path: &RelPath, contents: FileContents) -> bool {
        match self.files.get(path).copied() {
            Some(file) => {
                if *file.contents(self) == contents {
                    return false;
                }
                file.set_contents(self).to(contents);
                true
            }
            None => {
                if contents == FileContents::Missing {
                    return false;
                }
                let file = SourceFile::new(self, path.clone(), contents);
                Arc::make_mut(&mut self.files).insert(path.clone(), file);
                true
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
        let list: Vec<SourceFile> = existing.into_iter().map(|(_, file)| file).collect();
        if **self.workspace().files(self) != *list {
            self.workspace().set_files(self).to(list.into());
        }
    }

    /// The queries executed since the last call, as `query(path)` for queries keyed by a
    /// file and `query(Id(..))` otherwise. Empty without an event log.
    pub fn take_executed(&self) -> Vec<String> {
        let Some(log) = &self.event_log else { return Vec::new() };
        let executed = std::mem::take(&mut *log.executed.lock().unwrap_or_else(|poison| poison.into_inner()));
        let by_id: HashMap<String, &RelPath> =
            self.files.iter().map(|(path, file)| (format!("{:?}", file.as_id()), path)).collect();
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

    pub(crate) fn root_path(&self) -> Option<PathBuf> {
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
                    plan.set_path(self).to(path.to_owned());
                }
                if &**plan.text(self) != text {
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

    /// The plan document, once [`Database::set_plan`] was called.
    pub fn plan(&self) -> Option<PlanFile> {
        self.plan
    }

    pub(crate) fn known_paths(&self) -> impl Iterator<Item = RelPath> + '_ {
        self.files.keys().cloned()
    }
}
