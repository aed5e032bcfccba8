//! `plan build` (and `plan check`, which is `plan build --check`): refresh citations and
//! generated blocks, update the lock, report diagnostics.
//!
//! The plan is written before the lock, each atomically. Should the run die between the
//! two, the next build finds rewritten citations without anchors and anchors them where
//! they now point, which is where the code is: a lock newer than its plan could instead
//! anchor old locations.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use engine::{Database, LoadConfig};
use queries::build::{BuildOptions, BuildOutput, build};
use queries::citations::PlacedCitation;
use queries::citations::resolve::Status;
use queries::lints::check_plan;
use queries::render;
use serde_json::json;

use crate::Outcome;
use crate::args::{CheckFormat, GlobalArgs};
use crate::output;

pub(crate) struct BuildSettings {
    pub(crate) check: bool,
    pub(crate) accept: bool,
    pub(crate) format: CheckFormat,
    pub(crate) budget: usize,
    /// Print the diagnostics (`plan init` runs a build without them).
    pub(crate) report: bool,
}

/// Set by end-to-end tests to the seconds a file must be old to be trusted by its stat.
const RACY_SECONDS: &str = "PLAN_TEST_RACY_SECONDS";

/// Set by end-to-end tests to simulate a crash between the two writes.
const FAIL_BETWEEN_WRITES: &str = "PLAN_TEST_FAIL_BETWEEN_WRITES";

/// `PLAN.md` → `PLAN.lock`.
pub(crate) fn lock_path(plan: &Path) -> PathBuf {
    plan.with_extension("lock")
}

pub(crate) fn run(global: &GlobalArgs, settings: &BuildSettings) -> anyhow::Result<Outcome> {
    let root = crate::root::find(global.root.as_deref())?;
    let root = engine::load::canonical_root(&root)?;
    let config = crate::config::load(&root)?;
    let plan_path = crate::plan_file::plan_path(global, &root, &config);
    let plan_text = engine::load::read_document(&plan_path)?.with_context(|| {
        format!("no plan at {} (create one with `plan init`, or name it with --plan)", plan_path.display())
    })?;
    let lock_path = lock_path(&plan_path);
    let lock_text = engine::load::read_document(&lock_path)?.unwrap_or_default();
    let display_path = crate::plan_file::display(&root, &plan_path);

    // A build of an unchanged tree and documents prints what the last one printed, without
    // reading a source file (the stat index); only a build that wrote nothing is stamped.
    // One listing serves the stamp's fingerprint and, on a miss, the load.
    let listing = engine::load::list_tree(&root, &[]);
    let stamp_key = stamp_key(global, settings, &listing, &config, &plan_path, &plan_text, &lock_text);
    if let Some(key) = stamp_key
        && let Some(stamp) = engine::BuildStamp::load(&root, STAMP_VERSION)
        && stamp.key == key
    {
        tracing::debug!("unchanged since the last build: replaying its report");
        print(&stamp.stdout)?;
        return Ok(if stamp.code == 0 { Outcome::Clean } else { Outcome::ProblemsFound });
    }

    let load_config =
        LoadConfig { max_file_size: config.max_file_size.unwrap_or(LoadConfig::DEFAULT_MAX_FILE_SIZE) };
    let mut db = Database::load_listing(load_config, listing);
    let cache = use_cache(global, &root, &mut db);
    let plan = db.set_plan(&display_path, &plan_text);
    let lock = db.set_lock(&lock_text);
    if queries::build::has_generated_block(&db, plan, "recon") {
        // The recon reads every file: parse them in parallel first.
        analyze_all(global, &db)?;
    }

    let mut diagnostics = check_plan(&db, plan, lock, &config.rules);
    if settings.accept {
        // Accepted in this run: the lock now anchors the code as it is.
        diagnostics.retain(|placed| placed.diagnostic.rule != queries::lints::CITATION_CHANGED);
    }
    let options = BuildOptions { accept: settings.accept, recon_budget: settings.budget };
    let first = build(&db, plan, lock, options);
    let output = settle(&mut db, &display_path, first, options);
    let plan_changes = output.plan != plan_text;
    let lock_changes = output.lock != lock_text;

    let printed = if settings.report {
        let printed =
            report(global, settings.format, &display_path, &plan_text, &diagnostics, &output.citations)?;
        print(&printed)?;
        printed
    } else {
        Vec::new()
    };
    let errors = render::summarize(&diagnostics).errors;
    if let Some(key) = stamp_key {
        if plan_changes || lock_changes || cache.as_ref().is_some_and(|cache| cache.had_warning()) {
            engine::BuildStamp::clear(&root);
        } else if !settings.check {
            let stamp = engine::BuildStamp { key, code: u8::from(errors > 0), stdout: printed };
            if let Err(error) = stamp.save(&root, STAMP_VERSION) {
                output::warn(global, &format!("could not save the build stamp: {error}"));
            }
        }
    }
    if settings.check {
        if plan_changes || lock_changes {
            let what = match (plan_changes, lock_changes) {
                (true, true) => format!("{display_path} and its lock"),
                (true, false) => display_path.clone(),
                _ => format!("the lock of {display_path}"),
            };
            output::note(global, &format!("`plan build` would change {what}"));
            return Ok(Outcome::ProblemsFound);
        }
    } else {
        write_documents(
            &plan_path,
            plan_changes.then_some(output.plan.as_str()),
            lock_changes.then_some(output.lock.as_str()),
        )?;
        save_cache(global, cache.as_deref());
    }
    Ok(if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean })
}

fn print(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush().context("failed to write to stdout")
}

/// Builds again on `first`'s output and lock while a build changes the plan (regenerated
/// blocks bring new citations, rewrites move old ones), up to three times, so that the lock
/// anchors what the written plan says and a second `plan build` changes nothing. The
/// citations reported are `first`'s: those of the plan as the user wrote it.
pub(crate) fn settle(
    db: &mut Database,
    display_path: &str,
    first: BuildOutput,
    options: BuildOptions,
) -> BuildOutput {
    let mut settled = first.clone();
    for _ in 0..3 {
        if db.plan().is_some_and(|plan| settled.plan == **plan.text(db)) {
            break;
        }
        let next_plan = db.set_plan(display_path, &settled.plan);
        let next_lock = db.set_lock(&settled.lock);
        settled = build(db, next_plan, next_lock, BuildOptions { accept: false, ..options });
    }
    BuildOutput { plan: settled.plan, lock: settled.lock, citations: first.citations }
}

/// Writes the plan, then its lock, each atomically and only when given.
pub(crate) fn write_documents(
    plan_path: &Path,
    plan: Option<&str>,
    lock: Option<&str>,
) -> anyhow::Result<()> {
    if let Some(plan) = plan {
        engine::write::write_atomic(plan_path, plan.as_bytes())
            .with_context(|| format!("failed to write {}", plan_path.display()))?;
    }
    if std::env::var_os(FAIL_BETWEEN_WRITES).is_some() {
        anyhow::bail!("{FAIL_BETWEEN_WRITES} is set: stopping between the plan and the lock");
    }
    if let Some(lock) = lock {
        let lock_path = lock_path(plan_path);
        engine::write::write_atomic(&lock_path, lock.as_bytes())
            .with_context(|| format!("failed to write {}", lock_path.display()))?;
    }
    Ok(())
}

/// The version the build stamp is written with. Its key also holds the running binary's
/// identity ([`binary_identity`]), so a stamp never outlives the code that printed it.
const STAMP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The size and modification time of the running `plan`: any rebuild changes them.
fn binary_identity() -> Option<String> {
    let metadata = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    Some(format!("{}:{:?}", metadata.len(), metadata.modified().ok()?))
}

/// The key of a build's memoized report: the tree's fingerprint, the documents, the
/// configuration and every setting that shapes the report. `None` when the run may not
/// use or write a stamp (`--no-cache`, `--accept`, a tree that changed too recently).
fn stamp_key(
    global: &GlobalArgs,
    settings: &BuildSettings,
    listing: &engine::load::Listing,
    config: &crate::config::Config,
    plan_path: &Path,
    plan_text: &str,
    lock_text: &str,
) -> Option<engine::CacheKey> {
    if global.no_cache || settings.accept || !settings.report {
        return None;
    }
    // Tests shorten the window to see a stamp on a tree they just wrote.
    let racy_window = std::env::var(RACY_SECONDS)
        .ok()
        .and_then(|seconds| seconds.parse().ok())
        .map_or(std::time::Duration::from_secs(2), std::time::Duration::from_secs);
    let Some(tree) = engine::load::tree_fingerprint(listing, racy_window) else {
        tracing::debug!("no build stamp: a file changed within {racy_window:?}, or the walk met a problem");
        return None;
    };
    // `check` is left out: a stamped build changed nothing, so `plan check` reports the same.
    let shape = format!(
        "{}|{config:?}|{:?}|{}|{}|{}|{}",
        binary_identity()?,
        settings.format,
        settings.budget,
        output::stdout_color(global),
        global.verbose,
        global.quiet,
    );
    Some(engine::cache::content_key(&[
        &tree.to_le_bytes(),
        plan_path.as_os_str().as_encoded_bytes(),
        plan_text.as_bytes(),
        lock_text.as_bytes(),
        shape.as_bytes(),
    ]))
}

/// Opens the fact cache under `root` for `db`, unless `--no-cache`. A discarded cache is
/// a warning, never an error.
pub(crate) fn use_cache(
    global: &GlobalArgs,
    root: &Path,
    db: &mut Database,
) -> Option<std::sync::Arc<engine::FactCache>> {
    if global.no_cache {
        return None;
    }
    let (cache, warning) = engine::FactCache::open(root, queries::EXTRACTOR_VERSION);
    if let Some(warning) = warning {
        output::warn(global, &format!("{warning}; parsing every file again"));
    }
    let cache = std::sync::Arc::new(cache);
    db.set_fact_cache(cache.clone());
    Some(cache)
}

/// Saves the cache if the run changed it. Failing to is a warning: the cache is only an
/// optimization.
pub(crate) fn save_cache(global: &GlobalArgs, cache: Option<&engine::FactCache>) {
    let Some(cache) = cache else { return };
    let stats = cache.stats();
    tracing::debug!(loaded = stats.loaded, hits = stats.hits, stored = stats.stored, "fact cache");
    if let Err(error) = cache.save() {
        output::warn(global, &format!("could not save the fact cache: {error}"));
    }
}

/// Loads the repository with the settings of `plan.toml`.
pub(crate) fn load_workspace(root: &Path, config: &crate::config::Config) -> anyhow::Result<Database> {
    let load_config =
        LoadConfig { max_file_size: config.max_file_size.unwrap_or(LoadConfig::DEFAULT_MAX_FILE_SIZE) };
    Ok(Database::load(root, load_config, &[])?)
}

/// Parses every source file in parallel, with a progress bar on a terminal, so that the
/// recon then reads memoized results.
pub(crate) fn analyze_all(global: &GlobalArgs, db: &Database) -> anyhow::Result<()> {
    use engine::{Db, FileContents};
    let sources: Vec<engine::SourceFile> = db
        .workspace()
        .files(db)
        .iter()
        .copied()
        .filter(|file| queries::LanguageSpec::for_path(file.path(db).as_str()).is_some())
        .filter(|file| matches!(file.contents(db), FileContents::Text(_)))
        .collect();
    let progress = crate::progress::Progress::new(global, sources.len() as u64, "parsing");
    let never_cancelled = std::sync::atomic::AtomicBool::new(false);
    let result =
        queries::extract_all(db, &sources, queries::PerFile::Recon, &never_cancelled, &|| progress.tick());
    progress.finish();
    result.map_err(|_| anyhow::anyhow!("parsing was cancelled"))
}

fn report(
    global: &GlobalArgs,
    format: CheckFormat,
    path: &str,
    text: &str,
    diagnostics: &[queries::diagnostics::Placed],
    citations: &[PlacedCitation],
) -> anyhow::Result<Vec<u8>> {
    let mut stdout = Vec::new();
    match format {
        CheckFormat::Text => {
            let rendered = render::text::render(path, text, diagnostics, output::stdout_color(global));
            stdout.write_all(rendered.as_bytes())?;
        }
        CheckFormat::Json => {
            let citations = citations.iter().map(|citation| citation_json(text, citation)).collect();
            let report = render::json::report(path, text, diagnostics, citations);
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        CheckFormat::Sarif => {
            let report = render::sarif::report(path, text, diagnostics, env!("CARGO_PKG_VERSION"));
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    Ok(stdout)
}

fn citation_json(text: &str, citation: &PlacedCitation) -> serde_json::Value {
    let written = &citation.site.citation;
    let resolved = match (citation.resolution.status, &citation.resolution.location) {
        (Status::Moved | Status::Changed, Some(location)) => {
            json!({"path": location.path, "start": location.start, "end": location.end})
        }
        _ => serde_json::Value::Null,
    };
    let mut value = json!({
        "text": text.get(citation.range.clone()).unwrap_or(""),
        "plan_line": citation.line,
        "status": citation.resolution.status.as_str(),
        "path": written.path,
        "start": written.start,
        "end": written.end,
        "resolved": resolved,
    });
    if let Some(reason) = &citation.resolution.reason {
        value["reason"] = json!(reason);
    }
    value
}
