//! The files as the recon reads them: each file's role (source, manifest, skipped) and
//! line-free view, one tracked query per file, grouped in chunks so that verifying the
//! recon after an edit visits the chunks, not every file.

use std::sync::Arc;

use engine::{Db, FileContents, RelPath, SkipReason, SourceFile};
use rustc_hash::FxHashSet;

use crate::code::analysis::partial::{analyze_peripheral, recon_analysis};
use crate::code::facts::module_doc::module_doc_markdown;
use crate::code::lang::LanguageSpec;
use crate::recon::docs;
use crate::recon::packages::{Package, parse_manifest};
use crate::recon::roles::{Attributes, FileClass, classify};
use crate::recon::view::ReconView;

/// What a file is to the recon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileRole {
    Source {
        class: FileClass,
        language: &'static str,
    },
    Manifest(Package),
    /// A `.gitattributes` file's linguist rules.
    Attributes(Attributes),
    /// Project documentation (README, ARCHITECTURE, docs/): the code names it mentions,
    /// and how much a mention there weighs ([`docs::weight`]).
    Doc(docs::Mentions, u32),
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
    /// What a source file's module documentation names, when it is an overview of the
    /// design ([`docs::overview_mentions`]): read as an architecture document.
    pub(crate) doc: Option<docs::Mentions>,
    /// A peripheral source read without parsing it whole (`analyze_peripheral`): its view
    /// holds imports and no symbols. Should `.gitattributes` make it product code, the
    /// recon reads it whole ([`recon_file_whole`]).
    pub(crate) lexical: bool,
}

#[salsa::tracked]
fn recon_file(db: &dyn Db, file: SourceFile) -> Arc<ReconFile> {
    read_file(db, file, false)
}

/// [`recon_file`] of a file its path calls peripheral that is product code after all
/// (`.gitattributes` says so): every source analysed whole.
#[salsa::tracked(returns(ref))]
pub(crate) fn recon_file_whole(db: &dyn Db, file: SourceFile) -> Arc<ReconFile> {
    read_file(db, file, true)
}

fn read_file(db: &dyn Db, file: SourceFile, whole: bool) -> Arc<ReconFile> {
    let path = file.path(db);
    let role = match file.contents(db) {
        FileContents::Text(text) => {
            if let Some(package) = manifest_package(path, text) {
                FileRole::Manifest(package)
            } else if let Some(spec) = LanguageSpec::for_path(path.as_str()) {
                FileRole::Source { class: classify(path.as_str(), head(text)), language: spec.id }
            } else if path.file_name() == ".gitattributes" {
                let base = path.as_str().strip_suffix(".gitattributes").unwrap_or("").trim_end_matches('/');
                FileRole::Attributes(Attributes::parse(base, text))
            } else if let Some(names) = docs::mentions(path.as_str(), text) {
                FileRole::Doc(names, docs::weight(path.as_str(), text))
            } else {
                FileRole::Other
            }
        }
        FileContents::Skipped(reason) => FileRole::Skipped(skip_kind(reason)),
        FileContents::Missing => FileRole::Other,
    };
    let lexical = !whole && matches!(role, FileRole::Source { class, .. } if class.is_peripheral());
    let (view, references, doc) = match role {
        FileRole::Source { language, .. } => {
            let analysis = if lexical { analyze_peripheral(db, file) } else { recon_analysis(db, file) };
            let structural = LanguageSpec::by_id(language).is_some_and(|spec| spec.structural_interfaces);
            let mut view = ReconView::new(analysis, structural);
            let text = file.contents(db).text().unwrap_or("");
            view.empty = text.is_empty();
            let mut doc = None;
            if let Some(spec) = LanguageSpec::by_id(language) {
                view.set_reaches(spec, text, &analysis.symbols.symbols);
                if !lexical {
                    doc = module_doc_markdown(spec, text).and_then(|doc| docs::overview_mentions(&doc));
                }
            }
            (view, analysis.references.clone(), doc)
        }
        _ => (ReconView::default(), Vec::new(), None),
    };
    Arc::new(ReconFile { role, view, references, doc, lexical })
}

/// Compiles, in the background, the queries of the languages a cold build will parse
/// whole: those of the files outside tests, fixtures, vendored and generated code (which
/// are read without a parse, `analyze_peripheral`). Their compilation then overlaps the
/// reading of the files.
pub fn compile_ahead<'a>(paths: impl IntoIterator<Item = &'a str>) {
    // One product file per language is enough: classify only until each has one.
    let mut found: Vec<&'static LanguageSpec> = Vec::new();
    for path in paths {
        if let Some(spec) = LanguageSpec::for_path(path)
            && !found.iter().any(|known| std::ptr::eq(*known, spec))
            && !classify(path, "").is_peripheral()
        {
            found.push(spec);
        }
    }
    LanguageSpec::compile_ahead(found);
}

/// What the recon reads of one file ([`recon_read`]).
#[derive(Debug, PartialEq, Eq)]
pub struct ReconRead(Arc<ReconFile>);

/// What the recon reads of `file` (its role and line-free view, memoized). When an edit
/// leaves it equal for every file it changed, and no file appeared or disappeared, the
/// recon is verified without running again: salsa backdates each read and stops there.
/// `plan watch` then rebuilds the plan with the recon in one pass.
pub fn recon_read(db: &dyn Db, file: SourceFile) -> ReconRead {
    ReconRead(recon_file(db, file).clone())
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

pub(crate) const CHUNK_FILES: usize = PART_FILES * PARTS_PER_CHUNK;

/// A run of [`PART_FILES`] consecutive files of [`stable_files`], read by one chunk.
#[salsa::interned(debug)]
struct ReconPart<'db> {
    #[returns(copy)]
    index: u32,
}

const PART_FILES: usize = 32;
const PARTS_PER_CHUNK: usize = 16;

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

/// How many chunks the recon reads.
pub(crate) fn chunk_count(db: &dyn Db) -> u32 {
    stable_files(db).len().div_ceil(CHUNK_FILES) as u32
}

/// The files of one chunk, read through its parts. Of edited files' durability from the
/// start (see `Workspace::edit_floor`): a file's first edit, which lowers the file's
/// durability, re-runs its part and its chunk and stops there when the chunk is equal.
/// Every revision re-verifies the chunks, which read parts rather than files: a few
/// thousand edges at 100,000 files, where reading files would be 100,000.
#[salsa::tracked(returns(ref))]
pub(crate) fn recon_chunk<'db>(db: &'db dyn Db, chunk: ReconChunk<'db>) -> Vec<ChunkEntry> {
    db.workspace().edit_floor(db);
    let parts = stable_files(db).len().div_ceil(PART_FILES);
    let first = (chunk.index(db) as usize).saturating_mul(PARTS_PER_CHUNK).min(parts);
    let last = first.saturating_add(PARTS_PER_CHUNK).min(parts);
    (first..last).flat_map(|index| recon_part(db, ReconPart::new(db, index as u32)).iter().cloned()).collect()
}

#[salsa::tracked(returns(ref))]
fn recon_part<'db>(db: &'db dyn Db, part: ReconPart<'db>) -> Vec<ChunkEntry> {
    let files = stable_files(db);
    let start = (part.index(db) as usize).saturating_mul(PART_FILES).min(files.len());
    let end = start.saturating_add(PART_FILES).min(files.len());
    chunk_entries(db, &files[start..end])
}

fn chunk_entries(db: &dyn Db, files: &[SourceFile]) -> Vec<ChunkEntry> {
    files.iter().map(|&file| (file, file.path(db).clone(), recon_file(db, file).clone())).collect()
}

fn skip_kind(reason: &SkipReason) -> &'static str {
    match reason {
        SkipReason::Binary | SkipReason::BinaryFormat => "binary",
        SkipReason::TooLarge { .. } => "over the size limit",
        SkipReason::InvalidUtf8 { .. } => "not UTF-8",
        _ => "unreadable or not followed",
    }
}

fn manifest_package(path: &engine::RelPath, text: &str) -> Option<Package> {
    if !matches!(path.file_name(), "Cargo.toml" | "go.mod" | "package.json" | "pyproject.toml")
        || classify(path.as_str(), "").is_peripheral()
    {
        return None;
    }
    parse_manifest(path, text)
}

/// The first bytes of `text`, where generated-file markers stand.
fn head(text: &str) -> &str {
    let mut end = text.len().min(1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
