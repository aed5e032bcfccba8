//! `plan build` (and `plan check`, which is `plan build --check`): refresh citations and
//! generated blocks, update the lock, report diagnostics.
//!
//! The plan is written before the lock, each atomically. Should the run die between the
//! two, the next build finds rewritten citations without anchors and anchors them where
//! they now point, which is where the code is: a lock newer than its plan could instead
//! anchor old locations.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use queries::PlacedCitation;
use queries::check_plan;
use queries::{BuildOptions, build};

use crate::Outcome;
use crate::args::{CheckFormat, GlobalArgs};
use crate::output;
use crate::session::{self, Session};

pub(crate) struct BuildSettings {
    pub(crate) check: bool,
    pub(crate) accept: bool,
    pub(crate) format: CheckFormat,
    /// `--budget`, if given (else `[recon] budget`, else the default).
    pub(crate) budget: Option<usize>,
    /// Print the diagnostics (`plan init` runs a build without them).
    pub(crate) report: bool,
}

/// How old a file must be for its stat to be trusted ("racy git"). End-to-end tests shorten
/// it (`PLAN_TEST_RACY_SECONDS`) to see a stamp on a tree they just wrote.
fn racy_window() -> std::time::Duration {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    if let Some(seconds) =
        std::env::var("PLAN_TEST_RACY_SECONDS").ok().and_then(|seconds| seconds.parse().ok())
    {
        return std::time::Duration::from_secs(seconds);
    }
    std::time::Duration::from_secs(2)
}

pub(crate) fn run(global: &GlobalArgs, settings: &BuildSettings) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (plan_text, lock_text) = documents.read_plan()?;
    let (root, config, display_path) = (&session.root, &session.config, &documents.display_path);

    // A build of an unchanged tree and documents prints what the last one printed, without
    // reading a source file (the stat index); only a build that wrote nothing is stamped.
    // One listing serves the stamp's fingerprint and, on a miss, the load.
    let listing = engine::load::list_tree(root, &[]);
    let stamp_key =
        stamp_key(global, settings, &listing, config, &documents.plan_path, &plan_text, &lock_text);
    if let Some(key) = stamp_key
        && let Some(stamp) = engine::BuildStamp::load(root, STAMP_VERSION)
        && stamp.key == key
    {
        tracing::debug!("unchanged since the last build: replaying its report");
        let (summary, printed) = unpack(&stamp.stdout);
        print(printed)?;
        if !settings.check {
            output::status(global, summary);
        }
        return Ok(if stamp.code == 0 { Outcome::Clean } else { Outcome::ProblemsFound });
    }

    let mut db = warn_unwalked(global, session.database_from(listing));
    let cache = session.use_cache(global, &mut db);
    let plan = db.set_plan(display_path, &plan_text);
    let lock = db.set_lock(&lock_text);
    if queries::has_generated_block(&db, plan, "recon") {
        // The recon reads every file: parse them in parallel first.
        session::analyze_all(global, &db)?;
    }

    let mut diagnostics = check_plan(&db, plan, lock, &config.rules);
    if settings.accept {
        // Accepted in this run: the lock now anchors the code as it is.
        diagnostics.retain(|placed| placed.diagnostic.rule != queries::CITATION_CHANGED);
    }
    let options =
        BuildOptions { accept: settings.accept, recon_budget: session.recon_budget(settings.budget) };
    let first = build(&db, plan, lock, options);
    let suspicious = mass_marking(&db, &first, root).filter(|_| !settings.accept);
    let output = queries::settle(&mut db, display_path, first, options);
    let (plan_changes, lock_changes) = (output.plan != plan_text, output.lock != lock_text);
    let would_change = would_change(settings.check, plan_changes, lock_changes);
    let printed = if settings.report {
        let printed = report(
            global,
            settings.format,
            &documents,
            &plan_text,
            &diagnostics,
            &output.citations,
            &would_change,
        )?;
        print(&printed)?;
        printed
    } else {
        Vec::new()
    };
    let errors = queries::summarize(&diagnostics).errors;
    let summary = summary_line(&documents, plan_changes, lock_changes, &output.citations);
    if let Some(key) = stamp_key {
        let unchanged =
            !plan_changes && !lock_changes && !cache.as_ref().is_some_and(|cache| cache.had_warning());
        update_stamp(global, root, key, unchanged && !settings.check, errors, pack(&summary, &printed));
    }
    if settings.check {
        return Ok(check_outcome(global, display_path, plan_changes, lock_changes, errors));
    }
    refuse_suspicious(suspicious)?;
    documents
        .write(plan_changes.then_some(output.plan.as_str()), lock_changes.then_some(output.lock.as_str()))?;
    session::save_cache(global, cache.as_deref());
    if settings.report {
        output::status(global, &summary);
    }
    Ok(if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean })
}

/// At least this many claims, and over half of all citations, newly marked `UNVERIFIED`
/// in one build, none of whose files exist, is not code that changed: it is a tree that is
/// not the plan's (a wrong `--root`, a checkout that failed).
const SUSPICIOUS_MARKS: usize = 5;

/// Why a build must not write: it would newly mark most claims `UNVERIFIED` when none of
/// their files exist in the tree. `None` when the marks look like code changes.
fn mass_marking(db: &engine::Database, first: &queries::BuildOutput, root: &Path) -> Option<String> {
    let marked: Vec<&queries::PlacedCitation> = first
        .citations
        .iter()
        .filter(|cited| cited.resolution.status == queries::CitationStatus::Stale)
        .filter(|cited| !cited.site.unverified && !cited.site.generated)
        .collect();
    let missing = |cited: &&queries::PlacedCitation| {
        engine::RelPath::new(&cited.site.citation.path)
            .and_then(|path| db.file(&path))
            .is_none_or(|file| matches!(file.contents(db), engine::FileContents::Missing))
    };
    (marked.len() >= SUSPICIOUS_MARKS && marked.len() * 2 > first.citations.len() && marked.iter().all(missing))
        .then(|| {
            format!(
                "refusing to write: {} of the plan's {} citations would be marked UNVERIFIED, and none of their files exist under {}; is that the repository the plan describes? (if the code really is gone, run `plan build --accept`)",
                marked.len(),
                first.citations.len(),
                root.display()
            )
        })
}

fn refuse_suspicious(reason: Option<String>) -> anyhow::Result<()> {
    reason.map_or(Ok(()), |reason| Err(anyhow::anyhow!(reason)))
}

/// What could not be walked or read (an unreadable directory or file, a link loop) is
/// said, once: citations into it are reported as not checked, never marked.
fn warn_unwalked(global: &GlobalArgs, db: engine::Database) -> engine::Database {
    let workspace = engine::Db::workspace(&db);
    let problems = workspace.problems(&db).iter().map(|problem| (problem.path.clone(), &problem.reason));
    let unreadable = workspace.files(&db).iter().filter_map(|file| match file.contents(&db) {
        engine::FileContents::Skipped(reason) => Some((file.path(&db).to_string(), reason)),
        _ => None,
    });
    for (path, reason) in problems.chain(unreadable).filter(|(_, reason)| reason.is_error()) {
        output::warn(global, &format!("{path}: {reason}; citations into it are not checked"));
    }
    db
}

/// What a build would rewrite: the reason `plan check` fails when no rule does.
fn would_change(check: bool, plan_changes: bool, lock_changes: bool) -> Vec<&'static str> {
    [("plan", plan_changes), ("lock", lock_changes)]
        .into_iter()
        .filter(|(_, changes)| check && *changes)
        .map(|(what, _)| what)
        .collect()
}

/// The line `plan build` ends with: what it rewrote and the citations by status, e.g.
/// `rewrote PLAN.md and its lock; 12 citations: 10 fresh, 2 moved`.
fn summary_line(
    documents: &session::Documents,
    plan_changes: bool,
    lock_changes: bool,
    citations: &[PlacedCitation],
) -> String {
    let path = &documents.display_path;
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

/// A stamp's bytes: the summary line, a NUL, then what went to stdout.
fn pack(summary: &str, printed: &[u8]) -> Vec<u8> {
    [summary.as_bytes(), b"\0", printed].concat()
}

fn unpack(bytes: &[u8]) -> (&str, &[u8]) {
    match bytes.iter().position(|&byte| byte == 0) {
        Some(split) => (std::str::from_utf8(&bytes[..split]).unwrap_or_default(), &bytes[split + 1..]),
        None => ("", bytes),
    }
}

/// `plan check` fails when a rule reports an error or when a build would rewrite the plan
/// or its lock, and says which.
fn check_outcome(
    global: &GlobalArgs,
    display_path: &str,
    plan_changes: bool,
    lock_changes: bool,
    errors: usize,
) -> Outcome {
    if plan_changes || lock_changes {
        let what = match (plan_changes, lock_changes) {
            (true, true) => format!("{display_path} and its lock"),
            (true, false) => display_path.to_owned(),
            _ => format!("the lock of {display_path}"),
        };
        output::note(global, &format!("`plan build` would change {what}"));
        return Outcome::ProblemsFound;
    }
    if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean }
}

/// Stamps a build that changed nothing with its report, so that the next one on an
/// unchanged tree replays it; any other build clears the stamp.
fn update_stamp(
    global: &GlobalArgs,
    root: &Path,
    key: engine::CacheKey,
    keep: bool,
    errors: usize,
    printed: Vec<u8>,
) {
    if !keep {
        engine::BuildStamp::clear(root);
        return;
    }
    let stamp = engine::BuildStamp { key, code: u8::from(errors > 0), stdout: printed };
    if let Err(error) = stamp.save(root, STAMP_VERSION) {
        output::warn(global, &format!("could not save the build stamp: {error}"));
    }
}

fn print(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(bytes)?;
    stdout.flush().context("failed to write to stdout")
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
    let racy_window = racy_window();
    let Some(tree) = engine::load::tree_fingerprint(listing, racy_window) else {
        tracing::debug!("no build stamp: a file changed within {racy_window:?}, or the walk met a problem");
        return None;
    };
    // `check` is left out: a stamped build changed nothing, so `plan check` reports the same.
    let shape = format!(
        "{}|{config:?}|{:?}|{:?}|{}|{}|{}",
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

fn report(
    global: &GlobalArgs,
    format: CheckFormat,
    documents: &session::Documents,
    text: &str,
    diagnostics: &[queries::Placed],
    citations: &[PlacedCitation],
    would_change: &[&str],
) -> anyhow::Result<Vec<u8>> {
    let path = documents.display_path.as_str();
    let mut stdout = Vec::new();
    match format {
        CheckFormat::Text => {
            let rendered = queries::render_text(path, text, diagnostics, output::stdout_color(global));
            stdout.write_all(rendered.as_bytes())?;
        }
        CheckFormat::Json => {
            let report = queries::render_json(path, text, diagnostics, citations, would_change);
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        CheckFormat::Github => {
            stdout.write_all(queries::render_github(path, text, diagnostics).as_bytes())?;
        }
        CheckFormat::Sarif => {
            let report = queries::render_sarif(path, text, diagnostics, &sarif_tool(documents));
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    Ok(stdout)
}

/// The tool as SARIF names it; a plan outside the root is located relative to its own
/// directory (`PLANDIR`), never by an absolute URI.
fn sarif_tool(documents: &session::Documents) -> queries::SarifTool {
    let plan_dir_uri = documents.outside_root.as_ref().map(|dir| {
        let dir = dir.to_string_lossy().replace('\\', "/");
        format!("file://{}{}/", if dir.starts_with('/') { "" } else { "/" }, dir.trim_end_matches('/'))
    });
    queries::SarifTool {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        information_uri: crate::HOMEPAGE.to_owned(),
        help_uri_prefix: format!("{}/blob/main/docs/rules.md#", crate::HOMEPAGE),
        plan_dir_uri,
    }
}
