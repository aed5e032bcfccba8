//! The server's state: the one long-lived database (loaded as `plan watch` loads it), the
//! plan and lock inputs, and which documents the editor has open. An open document's input
//! holds the editor's buffer, not the disk; a change on disk of a file that is open is left
//! to the editor, which sends it when it reloads the buffer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use engine::{ChangeEvent, Database, FileContents, LockFile, PlanFile, RelPath};
use lsp_types::{TextDocumentContentChangeEvent, Url};

use crate::args::GlobalArgs;
use crate::lsp::text;
use crate::session::{self, Documents, Session};

/// What a document of the client is to the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    Plan,
    Lock,
    /// A micro-plan (a path `[documents] micro_plans` matches), relative to the root.
    Micro(String),
    Source(RelPath),
    /// Outside the root, or not a file path.
    Elsewhere,
}

pub(crate) struct World {
    pub(crate) db: Database,
    pub(crate) session: Session,
    pub(crate) documents: Documents,
    pub(crate) plan: PlanFile,
    pub(crate) lock: LockFile,
    /// The plan's version in the editor, while it is open there.
    pub(crate) plan_version: Option<i32>,
    /// Source files open in the editor, with their buffers (bounded by what is open).
    open_sources: HashMap<RelPath, Arc<str>>,
    /// Micro-plans open in the editor, by path, with their versions: their diagnostics are
    /// published while they are open.
    pub(crate) open_micros: std::collections::BTreeMap<String, i32>,
    /// Micro-plans closed since the last publication: their diagnostics are cleared.
    pub(crate) closed_micros: Vec<String>,
    cache: Option<Arc<engine::FactCache>>,
    global: GlobalArgs,
}

impl World {
    /// Loads the repository, the plan and its lock from disk (an absent plan is empty).
    pub(crate) fn load(global: &GlobalArgs) -> anyhow::Result<World> {
        let session = Session::open(global)?;
        let documents = session.documents(global);
        let mut db = session.load_database()?;
        let expected = crate::commands::watch::expected_edits(&mut db, &session.root, &documents);
        db.expect_edits(&expected);
        let cache = session.use_cache(global, &mut db);
        // An unreadable plan (not UTF-8, too large) is empty until the editor opens it.
        let (plan_text, lock_text) = documents
            .read()
            .unwrap_or_else(|error| {
                tracing::warn!("{error:#}");
                None
            })
            .unwrap_or_default();
        let plan = db.set_plan(&documents.display_path, &plan_text);
        let lock = db.set_lock(&lock_text);
        // Every micro-plan as on disk: the plan's `status` block reads them all.
        for micro in crate::commands::micro::read_all(None, &session) {
            micro.set(&mut db);
        }
        Ok(World {
            db,
            session,
            documents,
            plan,
            lock,
            plan_version: None,
            open_sources: HashMap::new(),
            open_micros: std::collections::BTreeMap::new(),
            closed_micros: Vec::new(),
            cache,
            global: global.clone(),
        })
    }

    pub(crate) fn root(&self) -> &Path {
        &self.session.root
    }

    pub(crate) fn plan_text(&self) -> Arc<str> {
        self.plan.text(&self.db).clone()
    }

    pub(crate) fn plan_uri(&self) -> Option<Url> {
        Url::from_file_path(&self.documents.plan_path).ok()
    }

    /// The URI of a path relative to the root.
    pub(crate) fn uri(&self, relative: &str) -> Option<Url> {
        Url::from_file_path(self.root().join(relative)).ok()
    }

    /// The text of a file of the tree, as the database has it.
    pub(crate) fn file_text(&self, relative: &str) -> Option<Arc<str>> {
        let file = self.db.file(&RelPath::new(relative)?)?;
        match file.contents(&self.db) {
            FileContents::Text(text) => Some(text.clone()),
            _ => None,
        }
    }

    pub(crate) fn target(&self, uri: &Url) -> Target {
        let Ok(path) = uri.to_file_path() else { return Target::Elsewhere };
        let path = canonical(&path);
        if path == canonical(&self.documents.plan_path) {
            return Target::Plan;
        }
        if path == canonical(&self.documents.lock_path) {
            return Target::Lock;
        }
        match path
            .strip_prefix(self.root())
            .ok()
            .and_then(|relative| relative.to_str())
            .and_then(RelPath::new)
        {
            Some(relative) if self.is_micro(relative.as_str()) => Target::Micro(relative.as_str().to_owned()),
            Some(relative) => Target::Source(relative),
            None => Target::Elsewhere,
        }
    }

    fn is_micro(&self, relative: &str) -> bool {
        let patterns = &self.session.config.micro_plans;
        patterns.iter().any(|pattern| queries::glob_match(pattern, relative))
    }

    /// A micro-plan's buffer, with its lock from disk, set as its inputs.
    fn set_micro(&mut self, path: &str, text: &str) {
        let lock_path = self.root().join(crate::commands::micro::lock_path(path));
        let lock = engine::load::read_document(&lock_path).ok().flatten().unwrap_or_default();
        self.db.set_micro_plan(path, text);
        self.db.set_micro_lock(path, &lock);
    }

    /// The open micro-plans' inputs, with their URIs and versions.
    pub(crate) fn open_micro_inputs(&self) -> Vec<(Url, i32, PlanFile, LockFile)> {
        self.open_micros
            .iter()
            .filter_map(|(path, version)| {
                let file = self.db.micro_plans().into_iter().find(|file| file.path(&self.db) == path)?;
                Some((self.uri(path)?, *version, file, self.db.micro_lock(path)?))
            })
            .collect()
    }

    /// `textDocument/didOpen`. Returns whether diagnostics are due again (an input changed,
    /// or the plan has a new version).
    pub(crate) fn open(&mut self, uri: &Url, version: i32, text: &str) -> bool {
        match self.target(uri) {
            Target::Plan => {
                // A new version is published even when the text is what the disk held.
                self.plan_version = Some(version);
                self.set_plan(text);
                true
            }
            Target::Source(path) => {
                let text: Arc<str> = text.into();
                self.open_sources.insert(path.clone(), text.clone());
                self.db.set_edited_files([(path, FileContents::Text(text))]) > 0
            }
            Target::Micro(path) => {
                self.set_micro(&path, text);
                self.open_micros.insert(path, version);
                true
            }
            Target::Lock | Target::Elsewhere => false,
        }
    }

    /// `textDocument/didChange`: the edits, in order, on the buffer the input holds.
    pub(crate) fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> bool {
        match self.target(uri) {
            Target::Plan => {
                self.plan_version = Some(version);
                let mut buffer = self.plan_text().to_string();
                for change in changes {
                    text::apply_change(&mut buffer, change);
                }
                self.set_plan(&buffer);
                true
            }
            Target::Source(path) if self.open_sources.contains_key(&path) => {
                let mut buffer =
                    self.open_sources.get(&path).map(|text| text.to_string()).unwrap_or_default();
                for change in changes {
                    text::apply_change(&mut buffer, change);
                }
                let buffer: Arc<str> = buffer.into();
                self.open_sources.insert(path.clone(), buffer.clone());
                self.db.set_edited_files([(path, FileContents::Text(buffer))]) > 0
            }
            Target::Micro(path) if self.open_micros.contains_key(&path) => {
                let mut buffer = self.micro_text(&path).unwrap_or_default();
                for change in changes {
                    text::apply_change(&mut buffer, change);
                }
                self.set_micro(&path, &buffer);
                self.open_micros.insert(path, version);
                true
            }
            _ => false,
        }
    }

    /// `textDocument/didClose`: the input goes back to what the disk holds.
    pub(crate) fn close(&mut self, uri: &Url) -> bool {
        match self.target(uri) {
            Target::Plan => {
                self.plan_version = None;
                let text = self.documents.read().ok().flatten().map(|(plan, _)| plan).unwrap_or_default();
                self.set_plan(&text)
            }
            Target::Source(path) => {
                self.open_sources.remove(&path);
                self.db.apply_changes(&[ChangeEvent::Changed(self.root().join(path.as_str()))]).changed_files
                    > 0
            }
            Target::Micro(path) => {
                self.open_micros.remove(&path);
                let disk = engine::load::read_document(&self.root().join(&path)).ok().flatten();
                self.set_micro(&path, &disk.unwrap_or_default());
                self.closed_micros.push(path);
                true
            }
            Target::Lock | Target::Elsewhere => false,
        }
    }

    /// Changes on disk (the watcher's, or the client's `workspace/didChangeWatchedFiles`).
    /// Files open in the editor keep their buffers. Returns whether an input changed.
    pub(crate) fn apply_disk(&mut self, batch: &[ChangeEvent]) -> bool {
        let open: Vec<PathBuf> =
            self.open_sources.keys().map(|path| self.root().join(path.as_str())).collect();
        let kept: Vec<ChangeEvent> = batch
            .iter()
            .filter(|change| match change {
                ChangeEvent::Changed(path) | ChangeEvent::Removed(path) => !open.contains(path),
                ChangeEvent::Rescan => true,
            })
            .cloned()
            .collect();
        let summary = self.db.apply_changes(&kept);
        let mut changed = summary.changed_files > 0;
        if summary.rescanned {
            // The rescan read the disk under the open buffers: they win again.
            let buffers =
                self.open_sources.iter().map(|(path, text)| (path.clone(), FileContents::Text(text.clone())));
            changed |= self.db.set_edited_files(buffers.collect::<Vec<_>>()) > 0;
        }
        let (plan_text, lock_text) = self.documents.read().ok().flatten().unwrap_or_default();
        if self.plan_version.is_none() {
            changed |= self.set_plan(&plan_text);
        }
        changed |= self.set_lock(&lock_text);
        // Micro-plans not open in the editor, and every micro-plan's lock, as on disk.
        for micro in crate::commands::micro::read_all(None, &self.session) {
            let text = match self.open_micros.contains_key(&micro.path) {
                true => self.micro_text(&micro.path).unwrap_or(micro.text),
                false => micro.text,
            };
            let (file, lock) = (self.db.micro_plans(), self.db.micro_lock(&micro.path));
            let same_text =
                file.iter().any(|file| *file.path(&self.db) == micro.path && **file.text(&self.db) == *text);
            let same_lock = lock.is_some_and(|lock| **lock.text(&self.db) == *micro.lock_text);
            if !same_text || !same_lock {
                self.db.set_micro_plan(&micro.path, &text);
                self.db.set_micro_lock(&micro.path, &micro.lock_text);
                changed = true;
            }
        }
        changed
    }

    fn micro_text(&self, path: &str) -> Option<String> {
        let file = self.db.micro_plans().into_iter().find(|file| *file.path(&self.db) == path)?;
        Some(file.text(&self.db).to_string())
    }

    pub(crate) fn set_plan(&mut self, text: &str) -> bool {
        if **self.plan.text(&self.db) == *text {
            return false;
        }
        self.plan = self.db.set_plan(&self.documents.display_path, text);
        true
    }

    pub(crate) fn set_lock(&mut self, text: &str) -> bool {
        if **self.lock.text(&self.db) == *text {
            return false;
        }
        self.lock = self.db.set_lock(text);
        true
    }

    /// Parses in parallel what a build of the plan will read (`session::analyze_for`), so
    /// that a build from the editor reads memoized results.
    pub(crate) fn prepare_recon(&self) -> anyhow::Result<()> {
        session::analyze_for(&self.global, &self.db, Some(self.plan))
    }

    /// Whether there is a plan to report on: open in the editor, or on disk.
    pub(crate) fn has_plan(&self) -> bool {
        self.plan_version.is_some() || self.documents.plan_path.is_file()
    }

    /// Writes the lock (atomically) and holds it as the input.
    pub(crate) fn write_lock(&mut self, text: &str) -> anyhow::Result<()> {
        self.documents.write(None, Some(text))?;
        self.set_lock(text);
        Ok(())
    }

    /// Saves the fact cache when the server stops.
    pub(crate) fn finish(&self) {
        session::save_cache(&self.global, self.cache.as_deref());
    }
}

/// `path` with its directory resolved (the file itself may not exist).
fn canonical(path: &Path) -> PathBuf {
    let Some(parent) = path.parent() else { return path.to_path_buf() };
    match parent.canonicalize() {
        Ok(parent) => parent.join(path.file_name().unwrap_or_default()),
        Err(_) => path.to_path_buf(),
    }
}
