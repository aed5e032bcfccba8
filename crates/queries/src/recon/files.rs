//! The files as the recon reads them: each file's role (source, manifest, skipped) and
//! line-free view, one tracked query per file, grouped in chunks so that verifying the
//! recon after an edit visits the chunks, not every file.

use std::sync::Arc;

use engine::{Db, FileContents, RelPath, SkipReason, SourceFile};
use rustc_hash::FxHashSet;

use crate::code::analysis::analyze;
use crate::code::lang::LanguageSpec;
use crate::recon::packages::{Package, parse_manifest};
use crate::recon::view::ReconView;

/// Paths whose facts describe tests, examples, fixtures or vendored code rather than the
/// system: kept out of the ranking.
pub(super) fn is_peripheral(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let with_slash = format!("/{lower}");
    [
        "/test/",
        "/tests/",
        "/testdata/",
        "/testing/",
        "/fixtures/",
        "/examples/",
        "/example/",
        "/benches/",
        "/bench/",
        "/vendor/",
        "/third_party/",
        "/node_modules/",
        "/__tests__/",
        "/spec/",
        "/docs/",
        "/fuzz/",
    ]
    .iter()
    .any(|dir| with_slash.contains(dir))
        || lower.contains("_test.")
        || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.rsplit('/').next().is_some_and(|name| {
            name.starts_with("test_")
                || matches!(
                    name,
                    "tests.rs"
                        | "test.rs"
                        | "tests.py"
                        | "conftest.py"
                        | "testing.go"
                        | "build.rs"
                        | "setup.py"
                )
                || name.ends_with("_tests.rs")
                || name.ends_with("_test.py")
        })
}

/// What a file is to the recon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileRole {
    Source { peripheral: bool, language: &'static str },
    Manifest(Package),
    Skipped(&'static str),
    Other,
}

/// One file as the recon reads it: without line numbers, so that an edit that only moves
/// code leaves it equal and everything downstream backdates.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ReconFile {
    pub(crate) role: FileRole,
    /// Empty unless the file is a source file.
    pub(crate) view: ReconView,
    pub(crate) references: Vec<(String, u32)>,
}

#[salsa::tracked]
fn recon_file(db: &dyn Db, file: SourceFile) -> Arc<ReconFile> {
    let path = file.path(db);
    let role = match file.contents(db) {
        FileContents::Text(text) => {
            if let Some(package) = manifest_package(path, text) {
                FileRole::Manifest(package)
            } else if let Some(spec) = LanguageSpec::for_path(path.as_str()) {
                FileRole::Source { peripheral: is_peripheral(path.as_str()), language: spec.id }
            } else {
                FileRole::Other
            }
        }
        FileContents::Skipped(reason) => FileRole::Skipped(skip_kind(reason)),
        FileContents::Missing => FileRole::Other,
    };
    let (view, references) = match role {
        FileRole::Source { language, .. } => {
            let analysis = analyze(db, file);
            let structural = LanguageSpec::by_id(language).is_some_and(|spec| spec.structural_interfaces);
            (ReconView::new(analysis, structural), analysis.references.clone())
        }
        _ => (ReconView::default(), Vec::new()),
    };
    Arc::new(ReconFile { role, view, references })
}

/// Computes what the recon reads of `file`, so that a parallel caller can do it for every
/// file before the recon runs.
pub(crate) fn prepare(db: &dyn Db, file: SourceFile) {
    recon_file(db, file);
}

/// A run of [`CHUNK_FILES`] consecutive files of [`stable_files`]: the recon reads files
/// through chunks, so that verifying it after an edit visits the chunks and the edited
/// file's chunk, not every file (the other chunks are verified by their durability).
#[salsa::interned(debug)]
pub(crate) struct ReconChunk<'db> {
    #[returns(copy)]
    index: u32,
}

pub(crate) const CHUNK_FILES: usize = 512;

/// The workspace's files except those expected to be edited, which [`recon_expected`]
/// reads apart: their edits then re-verify that short list, not a chunk of the tree.
#[salsa::tracked(returns(ref))]
pub(crate) fn stable_files(db: &dyn Db) -> Arc<[SourceFile]> {
    let workspace = db.workspace();
    let (files, expected) = (workspace.files(db), workspace.expected_edits(db));
    if expected.is_empty() {
        return files.clone();
    }
    let expected: FxHashSet<SourceFile> = expected.iter().copied().collect();
    files.iter().copied().filter(|file| !expected.contains(file)).collect()
}

/// The files expected to be edited that exist, as the recon reads them.
#[salsa::tracked(returns(ref))]
pub(crate) fn recon_expected(db: &dyn Db) -> Vec<ChunkEntry> {
    let expected = db.workspace().expected_edits(db);
    let existing: Vec<SourceFile> =
        expected.iter().copied().filter(|file| !matches!(file.contents(db), FileContents::Missing)).collect();
    chunk_entries(db, &existing)
}

/// One file the recon reads, with its path.
pub(crate) type ChunkEntry = (SourceFile, RelPath, Arc<ReconFile>);

#[salsa::tracked(returns(ref))]
pub(crate) fn recon_chunk<'db>(db: &'db dyn Db, chunk: ReconChunk<'db>) -> Vec<ChunkEntry> {
    let files = stable_files(db);
    let start = (chunk.index(db) as usize).saturating_mul(CHUNK_FILES).min(files.len());
    let end = start.saturating_add(CHUNK_FILES).min(files.len());
    chunk_entries(db, &files[start..end])
}

fn chunk_entries(db: &dyn Db, files: &[SourceFile]) -> Vec<ChunkEntry> {
    files.iter().map(|&file| (file, file.path(db).clone(), recon_file(db, file).clone())).collect()
}

fn skip_kind(reason: &SkipReason) -> &'static str {
    match reason {
        SkipReason::Binary => "binary",
        SkipReason::TooLarge { .. } => "over the size limit",
        SkipReason::InvalidUtf8 { .. } => "not UTF-8",
        _ => "unreadable or not followed",
    }
}

fn manifest_package(path: &engine::RelPath, text: &str) -> Option<Package> {
    if !matches!(path.file_name(), "Cargo.toml" | "go.mod" | "package.json" | "pyproject.toml")
        || is_peripheral(path.as_str())
    {
        return None;
    }
    parse_manifest(path, text)
}
