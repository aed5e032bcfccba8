//! What every command starts from and ends with: the root (`--root`, else found from the
//! plan's location with `--plan`, else the enclosing git work tree, else the current
//! directory), `plan.toml`, the plan and its lock, the loaded
//! database with its fact cache, and the writes of the plan then the lock.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use engine::{Database, Db, FileContents, LoadConfig, PlanFile};

use crate::args::GlobalArgs;
use crate::config::{self, Config};
use crate::output;

/// Set by end-to-end tests to simulate a crash between the two writes.
#[cfg(any(debug_assertions, feature = "test-hooks"))]
const FAIL_BETWEEN_WRITES: &str = "PLAN_TEST_FAIL_BETWEEN_WRITES";

/// The repository a command works on, with its configuration.
pub(crate) struct Session {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
}

/// The plan and its lock: where they are, and how the plan is named in output.
pub(crate) struct Documents {
    pub(crate) plan_path: PathBuf,
    pub(crate) lock_path: PathBuf,
    /// The plan's path relative to the root when it is inside it.
    pub(crate) display_path: String,
    /// The plan's directory when the plan is outside the root (`display_path` is then not
    /// relative to the root).
    pub(crate) outside_root: Option<PathBuf>,
    /// Where writes may land: the root, or the directory of a plan named with `--plan`
    /// outside it. A link or a `plan.toml` never leads a write elsewhere.
    write_boundary: PathBuf,
}

impl Session {
    /// Finds the root and reads `plan.toml`.
    pub(crate) fn open(global: &GlobalArgs) -> anyhow::Result<Session> {
        let root = find_root(global.root.as_deref(), global.plan.as_deref())?;
        let root = engine::load::canonical_root(&root)?;
        let config = config::load(&root)?;
        if let Some(plan) = &config.plan
            && !stays_inside(plan)
        {
            anyhow::bail!(
                "{}: plan = {:?} leaves the repository root; a repository's config names a plan inside it (use --plan to work on a plan elsewhere)",
                root.join(config::FILE_NAME).display(),
                plan.display().to_string()
            );
        }
        Ok(Session { root, config })
    }

    /// `--plan`, else `plan` in `plan.toml`, else `PLAN.md` under the root; its lock beside it.
    pub(crate) fn documents(&self, global: &GlobalArgs) -> Documents {
        let plan_path = match (&global.plan, &self.config.plan) {
            (Some(path), _) => path.clone(),
            (None, Some(path)) => self.root.join(path),
            (None, None) => self.root.join("PLAN.md"),
        };
        let outside_root = plan_path
            .parent()
            .map(|parent| if parent.as_os_str().is_empty() { Path::new(".") } else { parent })
            .and_then(|parent| parent.canonicalize().ok())
            .filter(|parent| !parent.starts_with(&self.root));
        let write_boundary = match (&global.plan, &outside_root) {
            (Some(_), Some(dir)) => dir.clone(),
            _ => self.root.clone(),
        };
        Documents {
            write_boundary,
            lock_path: plan_path.with_extension("lock"),
            display_path: display(&self.root, &plan_path),
            outside_root,
            plan_path,
        }
    }

    /// The documents of the micro-plan at `path` (relative to the root) and its lock beside
    /// it: written as the plan and its lock are, inside the root only.
    pub(crate) fn micro_documents(&self, path: &str) -> Documents {
        let plan_path = self.root.join(path);
        Documents {
            lock_path: plan_path.with_extension("lock"),
            display_path: path.to_owned(),
            outside_root: None,
            write_boundary: self.root.clone(),
            plan_path,
        }
    }

    pub(crate) fn load_config(&self) -> LoadConfig {
        LoadConfig { max_file_size: self.config.max_file_size.unwrap_or(LoadConfig::DEFAULT_MAX_FILE_SIZE) }
    }

    /// The recon's line budget: `--budget`, else `[recon] budget`, else the default.
    pub(crate) fn recon_budget(&self, flag: Option<usize>) -> usize {
        flag.or(self.config.recon_budget).unwrap_or(queries::BuildOptions::DEFAULT_RECON_BUDGET)
    }

    /// Loads the whole repository.
    pub(crate) fn load_database(&self) -> anyhow::Result<Database> {
        let root = engine::load::canonical_root(&self.root)?;
        Ok(self.database_from(engine::load::list_tree(&root, &[])))
    }

    /// The tree loaded and every source file parsed (through the fact cache, which is saved),
    /// for the commands that read the whole code at once (`plan recon`, `plan arch`).
    pub(crate) fn analyzed_database(&self, global: &GlobalArgs) -> anyhow::Result<Database> {
        let mut db = self.load_database()?;
        let cache = self.use_cache(global, &mut db);
        analyze_for(global, &db, None)?;
        save_cache(global, cache.as_deref());
        Ok(db)
    }

    /// The database over what `listing` found, with this session's recon settings.
    pub(crate) fn database_from(&self, listing: engine::load::Listing) -> Database {
        let mut db = Database::load_listing(self.load_config(), listing);
        db.set_recon_exclude(self.config.recon_exclude.clone());
        db
    }

    /// When a build will parse every file (no fact cache to read from), compiles the
    /// queries of the languages `listing` holds in the background, while the files are read.
    pub(crate) fn compile_ahead(&self, global: &GlobalArgs, listing: &engine::load::Listing) {
        let cached = match &global.cache_dir {
            Some(dir) => engine::FactCache::present_in(dir),
            None => engine::FactCache::present(&self.root),
        };
        if global.no_cache || !cached {
            queries::compile_ahead(listing.paths());
        }
    }

    /// Opens the fact cache for `db`, unless `--no-cache`. A discarded cache is a warning,
    /// never an error.
    pub(crate) fn use_cache(&self, global: &GlobalArgs, db: &mut Database) -> Option<Arc<engine::FactCache>> {
        if global.no_cache {
            return None;
        }
        let (cache, warning) = match &global.cache_dir {
            Some(dir) => engine::FactCache::open_in(dir, queries::EXTRACTOR_VERSION),
            None => engine::FactCache::open(&self.root, queries::EXTRACTOR_VERSION),
        };
        if let Some(warning) = warning {
            let again = if warning.facts_discarded { "; parsing every file again" } else { "" };
            output::warn(global, &format!("{warning}{again}"));
        }
        let cache = Arc::new(cache);
        db.set_fact_cache(cache.clone());
        Some(cache)
    }
}

impl Documents {
    /// The line `plan build` ends with: what it rewrote and the citations by status, e.g.
    /// `rewrote PLAN.md and its lock; 12 citations: 10 fresh, 2 moved`.
    pub(crate) fn summary_line(
        &self,
        plan_changes: bool,
        lock_changes: bool,
        citations: &[queries::PlacedCitation],
    ) -> String {
        let path = &self.display_path;
        let what = match (plan_changes, lock_changes) {
            (true, true) => format!("rewrote {path} and its lock"),
            (true, false) => format!("rewrote {path}"),
            (false, true) => format!("rewrote the lock of {path}"),
            (false, false) => format!("{path} and its lock are up to date"),
        };
        let statuses = [
            queries::CitationStatus::Fresh,
            queries::CitationStatus::Moved,
            queries::CitationStatus::Changed,
            queries::CitationStatus::Stale,
            queries::CitationStatus::Invalid,
        ];
        let counts: Vec<String> = statuses
            .iter()
            .map(|status| (status, citations.iter().filter(|c| c.resolution.status == *status).count()))
            .filter(|(_, count)| *count > 0)
            .map(|(status, count)| format!("{count} {}", status.as_str()))
            .collect();
        match citations.len() {
            0 => format!("{what}; no citations"),
            1 => format!("{what}; 1 citation: {}", counts.join(", ")),
            total => format!("{what}; {total} citations: {}", counts.join(", ")),
        }
    }

    /// The plan and its lock (empty when there is none); `None` when there is no plan.
    pub(crate) fn read(&self) -> anyhow::Result<Option<(String, String)>> {
        // What a run killed while writing left behind.
        // Only where this run may write: never in a directory a link leads to outside.
        let inside = |path: &Path| {
            let parent =
                path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
            parent.canonicalize().is_ok_and(|parent| parent.starts_with(&self.write_boundary))
        };
        for path in [&self.plan_path, &self.lock_path].into_iter().filter(|path| inside(path)) {
            for removed in engine::write::remove_stale_temporaries(path) {
                tracing::debug!(path = %removed.display(), "removed a temporary file left by a killed write");
            }
        }
        let Some(plan) = engine::load::read_document(&self.plan_path)? else { return Ok(None) };
        let lock = engine::load::read_document(&self.lock_path)?.unwrap_or_default();
        Ok(Some((plan, lock)))
    }

    /// [`Documents::read`], for commands that need the plan.
    pub(crate) fn read_plan(&self) -> anyhow::Result<(String, String)> {
        self.read()?.with_context(|| {
            format!(
                "no plan at {} (create one with `plan init`, or name it with --plan)",
                self.plan_path.display()
            )
        })
    }

    /// Writes the plan, then its lock, each atomically and only when given. Should the run
    /// die between the two, the next build finds rewritten citations without anchors and
    /// anchors them where they now point, which is where the code is: a lock newer than its
    /// plan could instead anchor old locations.
    pub(crate) fn write(&self, plan: Option<&str>, lock: Option<&str>) -> anyhow::Result<()> {
        // Both targets are checked before either is written.
        let plan_target = plan.map(|_| self.write_target(&self.plan_path)).transpose()?;
        let lock_target = lock.map(|_| self.write_target(&self.lock_path)).transpose()?;
        if let (Some(plan), Some(target)) = (plan, plan_target) {
            engine::write::write_atomic(&target, plan.as_bytes())
                .with_context(|| format!("failed to write {}", self.plan_path.display()))?;
        }
        #[cfg(any(debug_assertions, feature = "test-hooks"))]
        if std::env::var_os(FAIL_BETWEEN_WRITES).is_some() {
            anyhow::bail!("{FAIL_BETWEEN_WRITES} is set: stopping between the plan and the lock");
        }
        if let (Some(lock), Some(target)) = (lock, lock_target) {
            engine::write::write_atomic(&target, lock.as_bytes())
                .with_context(|| format!("failed to write {}", self.lock_path.display()))?;
        }
        Ok(())
    }

    /// [`Documents::write`] for `plan watch`: each document is replaced only while it
    /// still holds the text the rebuild started from and no other process has the plan
    /// open for writing (`writing`), checked right before each rename. `false`: the plan
    /// changed, or is being written; nothing was written. (A lock that changed is left to
    /// the next rebuild, which anchors the plan's rewritten citations again.)
    pub(crate) fn write_unless_changed(
        &self,
        (plan, lock): (Option<&str>, Option<&str>),
        (plan_was, lock_was): (&str, &str),
        writing: &dyn Fn(&Path) -> bool,
    ) -> anyhow::Result<bool> {
        let plan_target = plan.map(|_| self.write_target(&self.plan_path)).transpose()?;
        let lock_target = lock.map(|_| self.write_target(&self.lock_path)).transpose()?;
        let holds = |path: &Path, was: &str| {
            engine::load::read_document(path).is_ok_and(|now| now.as_deref().unwrap_or_default() == was)
        };
        let plan_unchanged = || holds(&self.plan_path, plan_was) && !writing(&self.plan_path);
        if let (Some(plan), Some(target)) = (plan, plan_target) {
            let written = engine::write::write_atomic_if(&target, plan.as_bytes(), &mut || plan_unchanged())
                .with_context(|| format!("failed to write {}", self.plan_path.display()))?;
            if !written {
                return Ok(false);
            }
        } else if !plan_unchanged() {
            return Ok(false);
        }
        if let (Some(lock), Some(target)) = (lock, lock_target) {
            engine::write::write_atomic_if(&target, lock.as_bytes(), &mut || {
                holds(&self.lock_path, lock_was)
            })
            .with_context(|| format!("failed to write {}", self.lock_path.display()))?;
        }
        Ok(true)
    }

    /// Where a write of `path` lands: the file itself, or the target of a symbolic link (so
    /// that the link stays a link), and only inside the write boundary and onto a regular
    /// file (or a new one).
    fn write_target(&self, path: &Path) -> anyhow::Result<PathBuf> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink());
        let target = if is_link {
            std::fs::canonicalize(path).with_context(|| {
                format!(
                    "{} is a symbolic link that leads nowhere; plan does not replace a link with a file (point it at a file, or remove it)",
                    path.display()
                )
            })?
        } else {
            let parent =
                path.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let parent = parent.canonicalize().with_context(|| {
                format!("cannot write {}: its directory cannot be opened", path.display())
            })?;
            parent.join(path.file_name().unwrap_or_default())
        };
        if !target.starts_with(&self.write_boundary) {
            anyhow::bail!(
                "refusing to write {}: it leads to {}, outside {}; plan never writes outside the repository root (name a plan elsewhere explicitly with --plan)",
                path.display(),
                target.display(),
                self.write_boundary.display()
            );
        }
        if let Ok(metadata) = std::fs::metadata(&target)
            && let Some(kind) = engine::regular::special_kind(metadata.file_type())
        {
            anyhow::bail!("refusing to write {}: it is {kind}, not a regular file", path.display());
        }
        Ok(target)
    }
}

/// The plan alone in a database, for commands that read no source file (`plan dag`).
pub(crate) fn plan_only(global: &GlobalArgs) -> anyhow::Result<(Database, PlanFile)> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (text, _) = documents.read_plan()?;
    let mut db = Database::in_memory();
    let plan = db.set_plan(&documents.display_path, &text);
    Ok((db, plan))
}

/// Saves the cache if the run changed it. Failing to is a warning: the cache is only an
/// optimization.
pub(crate) fn save_cache(global: &GlobalArgs, cache: Option<&engine::FactCache>) {
    let Some(cache) = cache else { return };
    log_cache(cache);
    if let Err(error) = cache.save() {
        output::warn(global, &format!("could not save the fact cache: {error}"));
    }
}

/// `plan check` only reads the cache (one restored in CI) unless `--cache-write`.
pub(crate) fn close_check_cache(global: &GlobalArgs, cache: Option<&engine::FactCache>) {
    match cache {
        Some(cache) if global.cache_write => save_cache(global, Some(cache)),
        Some(cache) => log_cache(cache),
        None => {}
    }
}

/// Logs what the cache served (`-v`).
fn log_cache(cache: &engine::FactCache) {
    let stats = cache.stats();
    tracing::debug!(loaded = stats.loaded, hits = stats.hits, stored = stats.stored, "fact cache");
}

/// What a command about to build `plan` (or the recon alone, without a plan) will read of
/// the code, computed in parallel first (with a progress bar on a terminal), so that the
/// build reads memoized results rather than parsing one file at a time: what the recon
/// reads of every file when there is a recon block; the symbols of every file when the
/// plan maps building blocks to paths (the drift rules read every file's imports), else
/// of the files it cites (the recon parses a test file, or a test module, only as far as
/// it reads it). One pass of per-file jobs, the largest first.
pub(crate) fn analyze_for(
    global: &GlobalArgs,
    db: &Database,
    plan: Option<engine::PlanFile>,
) -> anyhow::Result<()> {
    use queries::PerFile;
    let recon = plan.is_none_or(|plan| queries::has_generated_block(db, plan, "recon"));
    let every_file = plan.is_some_and(|plan| queries::maps_blocks(db, plan));
    let cited: std::collections::HashSet<engine::SourceFile> =
        plan.map(|plan| cited_files(db, plan)).unwrap_or_default().into_iter().collect();
    let mut jobs: Vec<(engine::SourceFile, PerFile)> = if recon || every_file {
        let what = |file| match (recon, every_file || cited.contains(&file)) {
            (true, true) => PerFile::Both,
            (true, false) => PerFile::Recon,
            (false, _) => PerFile::Symbols,
        };
        db.workspace()
            .files(db)
            .iter()
            .copied()
            .filter(|file| queries::LanguageSpec::for_path(file.path(db).as_str()).is_some())
            .filter(|file| matches!(file.contents(db), FileContents::Text(_)))
            .map(|file| (file, what(file)))
            .collect()
    } else {
        cited.iter().map(|&file| (file, PerFile::Symbols)).collect()
    };
    // Largest work first, so that the workers do not finish on one large file while the
    // other waits (longest-processing-time order).
    jobs.sort_by_key(|&(file, what)| {
        let parses = if what == PerFile::Both { 2 } else { 1 };
        std::cmp::Reverse(file.contents(db).text().map_or(0, str::len) * parses)
    });
    let progress = crate::progress::Progress::new(global, jobs.len() as u64, "parsing");
    let never_cancelled = std::sync::atomic::AtomicBool::new(false);
    let result = queries::extract_all(db, &jobs, &never_cancelled, &|| progress.tick());
    progress.finish();
    result.map_err(|_| anyhow::anyhow!("parsing was cancelled"))
}

/// The files `plan` cites that exist.
fn cited_files(db: &Database, plan: engine::PlanFile) -> Vec<engine::SourceFile> {
    let paths = queries::cited_paths(db, plan);
    paths.iter().filter_map(|path| db.file(&engine::RelPath::new(path)?)).collect()
}

/// Whether a relative path stays inside the directory it is relative to, `..` included.
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            std::path::Component::RootDir | std::path::Component::Prefix(_) => return false,
        }
    }
    depth > 0
}

/// `explicit` if given; else, with `--plan`, the nearest ancestor of the plan's directory
/// holding `plan.toml` or `.git` (else the plan's directory), so that citations resolve
/// against the plan's repository wherever the command runs; else the nearest ancestor of
/// the current directory holding a `.git` directory or file, else the current directory.
fn find_root(explicit: Option<&Path>, plan: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(root) = explicit {
        return Ok(root.to_path_buf());
    }
    let cwd = std::env::current_dir().context("failed to read the current directory")?;
    if let Some(plan) = plan {
        let plan = cwd.join(plan);
        let dir = plan.parent().unwrap_or(&cwd);
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let marked = dir
            .ancestors()
            .find(|ancestor| ancestor.join(config::FILE_NAME).is_file() || ancestor.join(".git").exists())
            .map(Path::to_path_buf);
        return Ok(marked.unwrap_or(dir));
    }
    let work_tree = cwd.ancestors().find(|dir| dir.join(".git").exists()).map(Path::to_path_buf);
    Ok(work_tree.unwrap_or(cwd))
}

/// `path` relative to `root` when it lies inside it, else as given.
fn display(root: &Path, path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or(path.to_path_buf())
    };
    let canonical = absolute
        .parent()
        .and_then(|parent| parent.canonicalize().ok())
        .map(|parent| parent.join(absolute.file_name().unwrap_or_default()))
        .unwrap_or(absolute);
    canonical
        .strip_prefix(root)
        .map(|relative| relative.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string_lossy().into_owned())
}
