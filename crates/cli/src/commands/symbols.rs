//! `plan symbols [PATH…]`: the definitions and imports extracted from source files.
//!
//! JSON shape (`--format json`), one object on stdout:
//!
//! ```json
//! {
//!   "files": [
//!     {"path": "src/store.rs", "language": "rust",
//!      "symbols": [{"name": "get", "qualified_name": "Store::get", "kind": "method",
//!                   "start": 12, "end": 30, "name_line": 12}],
//!      "imports": ["crate::config"], "syntax_errors": [],
//!      "resolved_imports": [{"line": 3, "text": "crate::config",
//!                            "targets": [{"kind": "file", "path": "src/config.rs"}]}]}
//!   ],
//!   "skipped": [{"path": "assets/logo.bin", "reason": "binary", "detail": "binary file (…)"}]
//! }
//! ```
//!
//! A resolved import's targets are files, directories (a Go package) or `{"kind":
//! "external"}`; resolution sees only the files loaded, so give no PATH for whole-repository
//! resolution. Lines are 1-based and inclusive. Exit code 1 when a path could not be read (an
//! unreadable file or directory, a symlink loop, a file deleted while reading); files
//! skipped by policy (binary, over the size limit, not UTF-8) are listed but do not fail.

use std::io::{self, BufWriter, Write};
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use engine::{Database, Db, FileContents, SkipReason, SourceFile};
use queries::LanguageSpec;
use queries::{FileSymbols, ResolvedImport, file_imports, file_symbols};
use serde::Serialize;

use crate::Outcome;
use crate::args::{GlobalArgs, SymbolsArgs, SymbolsFormat};
use crate::output;
use crate::progress::Progress;
use crate::session::Session;

pub(crate) fn run(global: &GlobalArgs, args: &SymbolsArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let root = &session.root;
    let cwd = std::env::current_dir().context("failed to read the current directory")?;
    let mut scope = Vec::new();
    for path in &args.paths {
        match engine::load::relative_to_root(root, &cwd, path)? {
            Some(relative) => scope.push(relative),
            // The root itself: everything.
            None => {
                scope.clear();
                break;
            }
        }
    }

    let db = Database::load(root, session.load_config(), &scope)?;
    let workspace = db.workspace();
    let sources: Vec<(SourceFile, queries::PerFile)> = workspace
        .files(&db)
        .iter()
        .copied()
        .filter(|file| LanguageSpec::for_path(file.path(&db).as_str()).is_some())
        .filter(|file| matches!(file.contents(&db), FileContents::Text(_)))
        .map(|file| (file, queries::PerFile::Symbols))
        .collect();

    let progress = Progress::new(global, sources.len() as u64, "parsing");
    let never_cancelled = AtomicBool::new(false);
    let extracted = queries::extract_all(&db, &sources, &never_cancelled, &|| progress.tick());
    progress.finish();
    if extracted.is_err() {
        anyhow::bail!("symbol extraction was cancelled");
    }

    let mut skipped: Vec<(String, SkipReason)> = workspace
        .files(&db)
        .iter()
        .filter_map(|file| match file.contents(&db) {
            FileContents::Skipped(reason) => Some((file.path(&db).to_string(), reason.clone())),
            FileContents::Text(_) | FileContents::Missing => None,
        })
        .collect();
    skipped
        .extend(workspace.problems(&db).iter().map(|problem| (problem.path.clone(), problem.reason.clone())));
    skipped.sort_by(|a, b| a.0.cmp(&b.0));

    let results: Vec<(SourceFile, &FileSymbols)> =
        sources.iter().map(|&(file, _)| (file, file_symbols(&db, file))).collect();
    let stdout = io::stdout().lock();
    let mut out = BufWriter::new(stdout);
    match args.format {
        SymbolsFormat::Text => write_text(&mut out, &db, &results)?,
        SymbolsFormat::Json => write_json(&mut out, &db, &results, &skipped)?,
    }
    out.flush().context("failed to write to stdout")?;

    report_skipped(global, &skipped);
    for (file, symbols) in &results {
        if let Some(error) = &symbols.internal_error {
            output::warn(
                global,
                &format!("{}: internal error in the language queries: {error}", file.path(&db)),
            );
        }
    }
    let failed = skipped.iter().any(|(_, reason)| reason.is_error());
    Ok(if failed { Outcome::ProblemsFound } else { Outcome::Clean })
}

fn write_text(
    out: &mut impl Write,
    db: &Database,
    results: &[(SourceFile, &FileSymbols)],
) -> anyhow::Result<()> {
    for (file, symbols) in results {
        let language = symbols.language.unwrap_or("unknown");
        writeln!(out, "{} ({language})", file.path(db))?;
        for symbol in &symbols.symbols {
            let lines = format!("{}-{}", symbol.start, symbol.end);
            writeln!(out, "  {lines:>11}  {:<9}  {}", symbol.kind.as_str(), symbol.qualified_name)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    files: Vec<JsonFile<'a>>,
    skipped: Vec<JsonSkipped>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    language: &'a str,
    symbols: Vec<JsonSymbol<'a>>,
    imports: &'a [String],
    syntax_errors: &'a [u32],
    resolved_imports: &'a [ResolvedImport],
}

#[derive(Serialize)]
struct JsonSymbol<'a> {
    name: &'a str,
    qualified_name: &'a str,
    kind: &'a str,
    start: u32,
    end: u32,
    name_line: u32,
}

#[derive(Serialize)]
struct JsonSkipped {
    path: String,
    reason: &'static str,
    detail: String,
}

fn write_json(
    out: &mut impl Write,
    db: &Database,
    results: &[(SourceFile, &FileSymbols)],
    skipped: &[(String, SkipReason)],
) -> anyhow::Result<()> {
    let files = results
        .iter()
        .map(|(file, symbols)| JsonFile {
            path: file.path(db).as_str(),
            language: symbols.language.unwrap_or("unknown"),
            symbols: symbols
                .symbols
                .iter()
                .map(|symbol| JsonSymbol {
                    name: &symbol.name,
                    qualified_name: &symbol.qualified_name,
                    kind: symbol.kind.as_str(),
                    start: symbol.start,
                    end: symbol.end,
                    name_line: symbol.name_line,
                })
                .collect(),
            imports: &symbols.imports,
            syntax_errors: &symbols.syntax_errors,
            resolved_imports: &file_imports(db, *file).imports,
        })
        .collect();
    let skipped = skipped
        .iter()
        .map(|(path, reason)| JsonSkipped {
            path: path.clone(),
            reason: reason.tag(),
            detail: reason.to_string(),
        })
        .collect();
    // Through `io::Error`, so that a closed stdout is recognized as a broken pipe.
    serde_json::to_writer(&mut *out, &JsonOutput { files, skipped }).map_err(io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// Faults are warnings, one per path. Policy skips are counted in one note, or listed
/// one per line under `-v`.
fn report_skipped(global: &GlobalArgs, skipped: &[(String, SkipReason)]) {
    let mut policy_counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for (path, reason) in skipped {
        if reason.is_error() {
            output::warn(global, &format!("skipped {path}: {reason}"));
        } else if global.verbose > 0 {
            output::note(global, &format!("skipped {path}: {reason}"));
        } else {
            *policy_counts.entry(reason.tag()).or_default() += 1;
        }
    }
    if !policy_counts.is_empty() {
        let total: usize = policy_counts.values().sum();
        let parts: Vec<String> = policy_counts.iter().map(|(tag, count)| format!("{tag}: {count}")).collect();
        let files = if total == 1 { "file" } else { "files" };
        output::note(global, &format!("{total} {files} not analysed ({}); -v lists them", parts.join(", ")));
    }
}
