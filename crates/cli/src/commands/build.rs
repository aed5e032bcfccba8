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
use queries::check_plan;
use queries::{BuildOptions, build};

use crate::Outcome;
use crate::args::{CheckFormat, GlobalArgs};
use crate::commands::guard;
use crate::commands::micro::MicroDocument;
use crate::commands::micro_build::{self, Built, MicroSettings};
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
    let micro_documents = crate::commands::micro::read_all(Some(global), &session);

    // One listing serves the stamp's fingerprint ([`replay_stamp`]) and, on a miss, the load.
    let listing = engine::load::list_tree(root, &[]);
    let texts = stamp_texts(&plan_text, &lock_text, &micro_documents);
    let stamp_key = stamp_key(global, settings, &listing, config, &documents.plan_path, &texts);
    if let Some(key) = stamp_key
        && let Some(outcome) = replay_stamp(global, settings, root, key)?
    {
        return Ok(outcome);
    }

    session.compile_ahead(global, &listing);
    let mut db = guard::warn_unwalked(global, session.database_from(listing));
    let cache = session.use_cache(global, &mut db);
    let plan = db.set_plan(display_path, &plan_text);
    let lock =
        crate::history::lock_or_history(global, &mut db, &session.root, &documents.plan_path, &lock_text);
    session::analyze_for(global, &db, Some(plan))?;

    let options = BuildOptions {
        recon_budget: session.recon_budget(settings.budget),
        accept: accepts_all(settings),
        ..BuildOptions::default()
    };
    // Micro-plans first: the plan's `status` block reads them as built.
    let micro_settings = (global, root.as_path(), options, &config.rules);
    let mut micros = build_micros(&mut db, plan, settings, micro_settings, &micro_documents);
    let mut diagnostics = check_plan(&db, plan, lock, &config.rules);
    let suppressed = queries::suppressed_diagnostics(&db, plan, lock, &config.rules);
    let mut first = build(&db, plan, lock, options);
    accept_selected(global, settings, &mut first, &mut diagnostics, &micros);
    let suspicious = guard::mass_marking(&db, &first, root).filter(|_| settings.accept.is_none());
    let output = queries::settle(&mut db, display_path, first, options);
    let (plan_changes, lock_changes) = (output.plan != plan_text, output.lock != lock_text);
    let written = (display_path.as_str(), plan_text.as_str(), lock_text.as_str());
    let (diagnostics, gate) = match settings.check {
        true => judge(&mut db, written, &output, diagnostics, &mut micros, &config.rules),
        false => (diagnostics, None),
    };

    let would_change = would_change(settings.check, plan_changes, lock_changes, &micros);
    let printed = if settings.report {
        let shown = (diagnostics.as_slice(), suppressed.as_slice(), micros.as_slice());
        report(global, settings, &documents, &plan_text, shown, &output, gate.as_ref(), &would_change)?
    } else {
        Vec::new()
    };
    print(settings, &printed)?;
    let errors = queries::summarize(&diagnostics).errors + micros.iter().map(Built::errors).sum::<usize>();
    let summary = documents.summary_line(plan_changes, lock_changes, &output.citations);
    if let Some(key) = stamp_key {
        let unchanged = !plan_changes && !lock_changes && stampable(&diagnostics, &micros, cache.as_deref());
        update_stamp(global, root, key, unchanged && !settings.check, errors, pack(&summary, &printed));
    }
    // The database is never freed: the process ends after this run, and freeing the memos
    // of a large tree (600 MB at 100,000 files) took a third of a second for nothing.
    if settings.check {
        session::close_check_cache(global, cache.as_deref());
        micro_build::note_changes(global, &micros);
        std::mem::forget(db);
        return Ok(check_outcome(global, display_path, plan_changes, lock_changes, errors));
    }
    guard::refuse_suspicious(suspicious)?;
    documents
        .write(plan_changes.then_some(output.plan.as_str()), lock_changes.then_some(output.lock.as_str()))?;
    micro_build::write_all(global, &session, &micros)?;
    session::save_cache(global, cache.as_deref());
    if settings.report {
        note_gone(global, &output.gone);
        output::status(global, &summary);
    }
    std::mem::forget(db);
    Ok(if errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean })
}

/// `plan check`'s verdict, against the documents as written (`settle` left its last build
/// in `db`): the plan's and each micro-plan's.
fn judge(
    db: &mut engine::Database,
    (display_path, plan_text, lock_text): (&str, &str, &str),
    output: &queries::BuildOutput,
    diagnostics: Vec<queries::Placed>,
    micros: &mut [Built],
    levels: &queries::RuleLevels,
) -> (Vec<queries::Placed>, Option<queries::Gate>) {
    let plan = db.set_plan(display_path, plan_text);
    let lock = db.set_lock(lock_text);
    let gate = queries::gate(db, plan, lock, output, diagnostics, levels);
    micro_build::gate_all(db, micros, levels);
    (gate.diagnostics.clone(), Some(gate))
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

/// The micro-plans checked and built against the macro plan (`plan`), in the same database.
fn build_micros(
    db: &mut engine::Database,
    plan: engine::PlanFile,
    settings: &BuildSettings,
    (global, root, options, levels): (&GlobalArgs, &Path, BuildOptions, &queries::RuleLevels),
    documents: &[MicroDocument],
) -> Vec<Built> {
    let accepted = named_accepts(settings);
    let micro_settings = MicroSettings { global, root, options, accepted: &accepted, levels };
    micro_build::build_all(db, plan, documents, &micro_settings)
}

/// The citations `--accept CITATION…` names (none for a plain `--accept`, which accepts
/// every changed citation through [`BuildOptions::accept`]).
fn named_accepts(settings: &BuildSettings) -> std::collections::BTreeSet<String> {
    match &settings.accept {
        Some(names) if !accepts_all(settings) => {
            names.iter().map(|name| name.trim_matches('`').to_owned()).collect()
        }
        _ => std::collections::BTreeSet::new(),
    }
}

/// `--accept CITATION…`: anchors those changed citations to the code as it is now, warns
/// about names that match none, and drops the accepted ones' PLAN062 (all of them for a
/// plain `--accept`).
fn accept_selected(
    global: &GlobalArgs,
    settings: &BuildSettings,
    first: &mut queries::BuildOutput,
    diagnostics: &mut Vec<queries::Placed>,
    micros: &[Built],
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
        let in_micro = micros.iter().any(|micro| micro.accepted.contains(key));
        if !matched && !in_micro {
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

/// The report of the last build, if it was stamped with `key`, printed again: a build of an
/// unchanged tree and documents prints what the last one printed, without reading a source
/// file (the stat index); only a build that wrote nothing is stamped.
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
/// rewrite that matters is one): `plan`, `lock`, and each micro-plan or micro-plan lock by
/// its path (`plans/pr3.md`, `plans/pr3.lock`).
fn would_change(check: bool, plan_changes: bool, lock_changes: bool, micros: &[Built]) -> Vec<String> {
    let mut changes: Vec<String> = [("plan", plan_changes), ("lock", lock_changes)]
        .into_iter()
        .filter(|(_, changes)| *changes)
        .map(|(what, _)| what.to_owned())
        .collect();
    for micro in micros {
        if micro.plan_changes() {
            changes.push(micro.path.clone());
        }
        if micro.lock_changes() {
            changes.push(crate::commands::micro::lock_path(&micro.path));
        }
    }
    if check { changes } else { Vec::new() }
}

/// What the build stamp's key holds of the documents: the plan, its lock, and each
/// micro-plan's path, text and lock.
fn stamp_texts<'a>(plan: &'a str, lock: &'a str, micros: &'a [MicroDocument]) -> Vec<&'a [u8]> {
    let mut texts = vec![plan.as_bytes(), lock.as_bytes()];
    for micro in micros {
        texts.extend([micro.path.as_bytes(), micro.text.as_bytes(), micro.lock_text.as_bytes()]);
    }
    texts
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

/// Whether a build that changed nothing (no micro-plan either) may be stamped: `plan
/// check` replays a build's stamp, so only one whose report a check would repeat (a
/// changed citation, a warning here, is an error there), and not after a cache warning.
fn stampable(diagnostics: &[queries::Placed], micros: &[Built], cache: Option<&engine::FactCache>) -> bool {
    let micro_diagnostics = micros.iter().flat_map(|micro| &micro.diagnostics);
    let micros_unchanged = micros.iter().all(|micro| !micro.plan_changes() && !micro.lock_changes());
    micros_unchanged
        && !diagnostics
            .iter()
            .chain(micro_diagnostics)
            .any(|placed| placed.diagnostic.rule == queries::CITATION_CHANGED)
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
    texts: &[&[u8]],
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
    let tree = tree.to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![&tree, plan_path.as_os_str().as_encoded_bytes()];
    parts.extend(texts);
    parts.push(shape.as_bytes());
    Some(engine::cache::content_key(&parts))
}

#[allow(clippy::too_many_arguments)]
fn report(
    global: &GlobalArgs,
    settings: &BuildSettings,
    documents: &session::Documents,
    text: &str,
    (diagnostics, suppressed, micros): (&[queries::Placed], &[queries::Placed], &[Built]),
    output: &queries::BuildOutput,
    gate: Option<&queries::Gate>,
    would_change: &[String],
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
            let documents =
                micro_build::report_documents(path, text, (diagnostics, suppressed, citations), micros);
            let would_change: Vec<&str> = would_change.iter().map(String::as_str).collect();
            let report = queries::render_json(&documents, &would_change);
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        CheckFormat::Github => {
            stdout.write_all(queries::render_github(path, text, diagnostics).as_bytes())?;
        }
        CheckFormat::Sarif => {
            let found =
                micro_build::report_documents(path, text, (diagnostics, suppressed, citations), micros);
            let report = queries::render_sarif(&found, &sarif_tool(documents));
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    micro_build::report_micros(global, format, micros, &mut stdout);
    if format == CheckFormat::Text {
        for micro in micros {
            let Some(gate) = &micro.gate else { continue };
            stdout.write_all(diff_to_show(global, settings.diff, gate, &micro.diagnostics).as_bytes())?;
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
