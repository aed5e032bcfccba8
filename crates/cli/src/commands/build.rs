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
use crate::commands::guard;
use crate::output;
use crate::session::{self, Session};

pub(crate) struct BuildSettings {
    pub(crate) check: bool,
    /// `--accept`: `Some([])` (or naming PLAN062) accepts every changed citation, a list of
    /// citations only those.
    pub(crate) accept: Option<Vec<String>>,
    pub(crate) format: CheckFormat,
    /// `--budget`, if given (else `[recon] budget`, else the default).
    pub(crate) budget: Option<usize>,
    /// Print the diagnostics (`plan init` runs a build without them).
    pub(crate) report: bool,
    /// `--diff` (with `--check`): print the unified diff of the plan and its lock.
    pub(crate) diff: bool,
    /// `--output-file`: where the report goes instead of stdout.
    pub(crate) output_file: Option<std::path::PathBuf>,
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
        && let Some(outcome) = replay_stamp(global, settings, root, key)?
    {
        return Ok(outcome);
    }

    let mut db = guard::warn_unwalked(global, session.database_from(listing));
    let cache = session.use_cache(global, &mut db);
    let plan = db.set_plan(display_path, &plan_text);
    let lock =
        crate::history::lock_or_history(global, &mut db, &session.root, &documents.plan_path, &lock_text);
    if queries::has_generated_block(&db, plan, "recon") || queries::maps_blocks(&db, plan) {
        // The recon and the drift rules read every file: parse them in parallel first.
        session::analyze_all(global, &db)?;
    }

    let mut diagnostics = check_plan(&db, plan, lock, &config.rules);
    let suppressed = queries::suppressed_diagnostics(&db, plan, lock, &config.rules);
    let options = BuildOptions {
        recon_budget: session.recon_budget(settings.budget),
        accept: accepts_all(settings),
        ..BuildOptions::default()
    };
    let mut first = build(&db, plan, lock, options);
    accept_selected(global, settings, &mut first, &mut diagnostics);
    let suspicious = guard::mass_marking(&db, &first, root).filter(|_| settings.accept.is_none());
    let output = queries::settle(&mut db, display_path, first, options);
    let (plan_changes, lock_changes) = (output.plan != plan_text, output.lock != lock_text);
    let (diagnostics, gate) = if settings.check {
        // Judged against the documents as written: `settle` left its last build in `db`.
        let plan = db.set_plan(display_path, &plan_text);
        let lock = db.set_lock(&lock_text);
        let gate = queries::gate(&db, plan, lock, &output, diagnostics, &config.rules);
        (gate.diagnostics.clone(), Some(gate))
    } else {
        (diagnostics, None)
    };

    let would_change = would_change(settings.check, plan_changes, lock_changes);
    let printed = if settings.report {
        let shown = (diagnostics.as_slice(), suppressed.as_slice());
        report(global, settings, &documents, &plan_text, shown, &output, gate.as_ref(), &would_change)?
    } else {
        Vec::new()
    };
    print(settings, &printed)?;
    let errors = queries::summarize(&diagnostics).errors;
    let summary = summary_line(&documents, plan_changes, lock_changes, &output.citations);
    if let Some(key) = stamp_key {
        let unchanged = !plan_changes && !lock_changes && stampable(&diagnostics, cache.as_deref());
        update_stamp(global, root, key, unchanged && !settings.check, errors, pack(&summary, &printed));
    }
    if settings.check {
        session::close_check_cache(global, cache.as_deref());
        return Ok(check_outcome(global, display_path, plan_changes, lock_changes, errors));
    }
    guard::refuse_suspicious(suspicious)?;
    documents
        .write(plan_changes.then_some(output.plan.as_str()), lock_changes.then_some(output.lock.as_str()))?;
    session::save_cache(global, cache.as_deref());
    if settings.report {
        note_gone(global, &output.gone);
        output::status(global, &summary);
    }
    Ok(if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean })
}

/// Names the lock entries a build dropped because no citation of the plan has them.
fn note_gone(global: &GlobalArgs, gone: &[String]) {
    if gone.is_empty() {
        return;
    }
    let shown: Vec<String> = gone.iter().take(5).map(|key| format!("`{key}`")).collect();
    let more = match gone.len() - shown.len() {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    output::note(
        global,
        &format!("dropped PLAN.lock entries of citations the plan no longer has: {}{more}", shown.join(", ")),
    );
}

/// `--accept` alone, or naming the rule: every changed citation.
fn accepts_all(settings: &BuildSettings) -> bool {
    settings.accept.as_ref().is_some_and(|names| {
        names.is_empty()
            || names
                .iter()
                .any(|name| queries::rule(name).is_some_and(|rule| rule == queries::CITATION_CHANGED))
    })
}

/// `--accept CITATION…`: anchors those changed citations to the code as it is now, warns
/// about names that match none, and drops the accepted ones' PLAN062 (all of them for a
/// plain `--accept`).
fn accept_selected(
    global: &GlobalArgs,
    settings: &BuildSettings,
    first: &mut queries::BuildOutput,
    diagnostics: &mut Vec<queries::Placed>,
) {
    let Some(names) = &settings.accept else { return };
    let all = accepts_all(settings);
    let keys: std::collections::BTreeSet<String> =
        names.iter().map(|name| name.trim_matches('`').to_owned()).filter(|_| !all).collect();
    let accepted = queries::accept_changed(first, &keys);
    for key in &keys {
        let matched = first.citations.iter().any(|citation| {
            accepted.contains(&citation.site.key())
                && (citation.site.key() == *key
                    || citation.resolution.location.as_ref().is_some_and(|location| location.key() == *key))
        });
        if !matched {
            output::warn(global, &format!("--accept {key}: no changed citation is written or found there"));
        }
    }
    let accepted_ranges: Vec<std::ops::Range<usize>> = first
        .citations
        .iter()
        .filter(|citation| accepted.contains(&citation.site.key()))
        .map(|citation| citation.range.clone())
        .collect();
    diagnostics.retain(|placed| {
        placed.diagnostic.rule != queries::CITATION_CHANGED
            || !(all || accepted_ranges.contains(&placed.range))
    });
}

/// The report of the last build, if it was stamped with `key`, printed again.
fn replay_stamp(
    global: &GlobalArgs,
    settings: &BuildSettings,
    root: &Path,
    key: engine::CacheKey,
) -> anyhow::Result<Option<Outcome>> {
    let Some(stamp) = engine::BuildStamp::load(root, STAMP_VERSION).filter(|stamp| stamp.key == key) else {
        return Ok(None);
    };
    tracing::debug!("unchanged since the last build: replaying its report");
    let (summary, printed) = unpack(&stamp.stdout);
    print(settings, printed)?;
    if !settings.check {
        output::status(global, summary);
    }
    Ok(Some(if stamp.code == 0 { Outcome::Clean } else { Outcome::ProblemsFound }))
}

/// The diff `plan check` prints after its diagnostics: all of it (the plan's and the lock's)
/// under `--diff`; the plan's when a rewrite fails the check; else the `recon` blocks' when
/// only they are out of date (not under `-q`).
fn diff_to_show(
    global: &GlobalArgs,
    all: bool,
    gate: &queries::Gate,
    diagnostics: &[queries::Placed],
) -> String {
    if all {
        return format!("{}{}", gate.plan_diff, gate.lock_diff);
    }
    let errors = queries::summarize(diagnostics).errors;
    let rewrite_fails = diagnostics.iter().any(|placed| {
        placed.diagnostic.severity == queries::Severity::Error
            && ["PLAN062", "PLAN063", "PLAN074", "PLAN075"].contains(&placed.code())
    });
    if errors > 0 && rewrite_fails {
        let entries: String = gate.lock_entries.iter().map(|entry| format!("  {entry}\n")).collect();
        let lock =
            if entries.is_empty() { String::new() } else { format!("PLAN.lock would change:\n{entries}") };
        format!("{}{lock}", gate.plan_diff)
    } else if !global.quiet && errors == 0 {
        gate.recon_diff.clone()
    } else {
        String::new()
    }
}

/// What a build would rewrite (informational: `plan check` fails on errors, and every
/// rewrite that matters is one).
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
        let verdict = if errors > 0 { "" } else { " (only generated text: the check passes)" };
        output::note(global, &format!("`plan build` would change {what}{verdict}"));
    }
    if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean }
}

/// Whether a build that changed nothing may be stamped: `plan check` replays a build's
/// stamp, so only one whose report a check would repeat (a changed citation, a warning
/// here, is an error there), and not after a cache warning.
fn stampable(diagnostics: &[queries::Placed], cache: Option<&engine::FactCache>) -> bool {
    !diagnostics.iter().any(|placed| placed.diagnostic.rule == queries::CITATION_CHANGED)
        && !cache.is_some_and(engine::FactCache::had_warning)
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

/// The report to stdout, or to `--output-file` (written atomically, even when empty).
fn print(settings: &BuildSettings, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(path) = &settings.output_file {
        return engine::write::write_atomic(path, bytes)
            .with_context(|| format!("failed to write the report to {}", path.display()));
    }
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
    if global.no_cache || settings.accept.is_some() || !settings.report {
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

#[allow(clippy::too_many_arguments)]
fn report(
    global: &GlobalArgs,
    settings: &BuildSettings,
    documents: &session::Documents,
    text: &str,
    (diagnostics, suppressed): (&[queries::Placed], &[queries::Placed]),
    output: &queries::BuildOutput,
    gate: Option<&queries::Gate>,
    would_change: &[&str],
) -> anyhow::Result<Vec<u8>> {
    let (format, citations) = (settings.format, &output.citations);
    let path = documents.display_path.as_str();
    let mut stdout = Vec::new();
    // `-q`: only errors (which include every reason `plan check` fails) in the human formats.
    let errors_only: Vec<queries::Placed>;
    let diagnostics = if global.quiet && matches!(format, CheckFormat::Text | CheckFormat::Github) {
        errors_only = diagnostics
            .iter()
            .filter(|placed| placed.diagnostic.severity == queries::Severity::Error)
            .cloned()
            .collect();
        &errors_only
    } else {
        diagnostics
    };
    match format {
        CheckFormat::Text => {
            let rendered = queries::render_text(path, text, diagnostics, output::stdout_color(global));
            stdout.write_all(rendered.as_bytes())?;
            if let Some(gate) = gate {
                stdout.write_all(diff_to_show(global, settings.diff, gate, diagnostics).as_bytes())?;
            }
        }
        CheckFormat::Json => {
            let report = queries::render_json(path, text, diagnostics, suppressed, citations, would_change);
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        CheckFormat::Github => {
            stdout.write_all(queries::render_github(path, text, diagnostics).as_bytes())?;
        }
        CheckFormat::Sarif => {
            let report = queries::render_sarif(path, text, diagnostics, suppressed, &sarif_tool(documents));
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
