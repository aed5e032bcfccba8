//! The import graph: each file's imports (from `imports.scm`, with their lines) resolved to
//! the repository's files and package directories, per language, or kept as external.
//!
//! [`file_imports`] is one tracked query per file; it reads the file's own imports and the
//! [`import_index`] (the file list and the manifests), so that an edit re-resolves only the
//! edited file. [`import_graph`] gathers them.

pub(crate) mod index;
pub(crate) mod js;
pub(crate) mod model;
pub(crate) mod others;
pub(crate) mod rust;

use std::sync::Arc;

use engine::{Db, SourceFile};

use crate::code::analysis::{file_facts, file_symbols};
use crate::code::imports::model::{FileImports, ImportIndex, ResolvedImport, Target};
use crate::code::lang::LanguageSpec;
use crate::code::symbols::SymbolKind;

/// The file list and what manifests declare: changes when a file is added or removed or a
/// manifest is edited, not otherwise.
#[salsa::tracked(returns(ref))]
pub(crate) fn import_index(db: &dyn Db) -> ImportIndex {
    let files = db.workspace().files(db);
    let mut paths = Vec::with_capacity(files.len());
    let mut manifests = Vec::new();
    for file in files.iter() {
        let path = file.path(db).as_str();
        paths.push(path.to_owned());
        if index::is_manifest(path)
            && let Some(text) = file.contents(db).text()
        {
            manifests.push((path, text));
        }
    }
    index::build(paths, &manifests)
}

/// The imports of `file`, each with what it resolves to.
#[salsa::tracked(returns(ref))]
pub fn file_imports(db: &dyn Db, file: SourceFile) -> FileImports {
    let path = file.path(db).as_str();
    let Some(spec) = LanguageSpec::for_path(path) else { return FileImports::default() };
    let raw = &file_facts(db, file).imports;
    if raw.is_empty() {
        return FileImports::default();
    }
    let index = import_index(db);
    let inline_modules: Vec<(u32, u32)> = if spec.id == "rust" {
        file_symbols(db, file)
            .symbols
            .iter()
            .filter(|symbol| symbol.kind == SymbolKind::Module && symbol.end > symbol.name_line)
            .map(|symbol| (symbol.name_line, symbol.end))
            .collect()
    } else {
        Vec::new()
    };
    let imports = raw
        .iter()
        .map(|import| {
            let inline = inline_modules
                .iter()
                .filter(|(start, end)| *start < import.line && import.line <= *end)
                .count();
            ResolvedImport {
                line: import.line,
                text: import.text.clone(),
                targets: resolve(index, spec, path, &import.text, inline),
            }
        })
        .collect();
    FileImports { imports }
}

/// What `text`, imported by `from` in `spec`'s language, names.
pub(crate) fn resolve(
    index: &ImportIndex,
    spec: &LanguageSpec,
    from: &str,
    text: &str,
    inline: usize,
) -> Vec<Target> {
    let target = match spec.id {
        "rust" => return rust::resolve(index, from, text, inline),
        "go" => others::go(index, text),
        "python" => others::python(index, from, text),
        "java" => others::java(index, from, text),
        "c" | "cpp" => others::c(index, from, text),
        _ => js::resolve(index, from, text),
    };
    vec![target]
}

/// Every file's imports that name something in the repository, in chunks of
/// [`CHUNK_FILES`] files (so that an edit re-collects one chunk and clones no edge).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ImportGraph {
    chunks: Vec<Arc<Vec<ImportEdge>>>,
}

impl ImportGraph {
    /// Every edge, sorted by importing file and line.
    pub fn edges(&self) -> impl Iterator<Item = &ImportEdge> {
        self.chunks.iter().flat_map(|chunk| chunk.iter())
    }
}

/// One import of one file that names a file or directory of the repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ImportEdge {
    pub from: String,
    pub line: u32,
    pub to: String,
    pub import: String,
}

/// Files per chunk of the import graph.
const CHUNK_FILES: usize = PART_FILES * PARTS_PER_CHUNK;
const PART_FILES: usize = 32;
const PARTS_PER_CHUNK: usize = 16;

/// A run of [`CHUNK_FILES`] consecutive files of the workspace.
#[salsa::interned(debug)]
struct ImportChunk<'db> {
    #[returns(copy)]
    index: u32,
}

/// A run of [`PART_FILES`] consecutive files of the workspace, read by one chunk.
#[salsa::interned(debug)]
struct ImportPart<'db> {
    #[returns(copy)]
    index: u32,
}

/// The edges of one chunk, read through its parts. Of edited files' durability from the
/// start, as `recon_chunk` is (see `Workspace::edit_floor`): a file's first edit stops at
/// its chunk when the edges are equal, and every revision re-verifies chunks over parts,
/// not files.
#[salsa::tracked(returns(ref))]
fn import_chunk<'db>(db: &'db dyn Db, chunk: ImportChunk<'db>) -> Arc<Vec<ImportEdge>> {
    db.workspace().edit_floor(db);
    let parts = db.workspace().files(db).len().div_ceil(PART_FILES);
    let first = (chunk.index(db) as usize).saturating_mul(PARTS_PER_CHUNK).min(parts);
    let last = first.saturating_add(PARTS_PER_CHUNK).min(parts);
    let mut edges: Vec<ImportEdge> = (first..last)
        .flat_map(|index| import_part(db, ImportPart::new(db, index as u32)).iter().cloned())
        .collect();
    edges.sort();
    edges.dedup();
    Arc::new(edges)
}

#[salsa::tracked(returns(ref))]
fn import_part<'db>(db: &'db dyn Db, part: ImportPart<'db>) -> Vec<ImportEdge> {
    let files = db.workspace().files(db);
    let start = (part.index(db) as usize).saturating_mul(PART_FILES).min(files.len());
    let end = start.saturating_add(PART_FILES).min(files.len());
    let mut edges = Vec::new();
    for file in &files[start..end] {
        let from = file.path(db).as_str();
        for import in &file_imports(db, *file).imports {
            for target in &import.targets {
                if let Some(to) = target.path()
                    && to != from
                {
                    edges.push(ImportEdge {
                        from: from.to_owned(),
                        line: import.line,
                        to: to.to_owned(),
                        import: import.text.clone(),
                    });
                }
            }
        }
    }
    edges
}

/// The repository's import graph: every resolved edge, naming its import line.
#[salsa::tracked(returns(ref))]
pub fn import_graph(db: &dyn Db) -> ImportGraph {
    let chunks = (0..import_chunk_count(db)).map(|index| import_chunk_edges(db, index).clone()).collect();
    ImportGraph { chunks }
}

/// How many chunks the import graph has: a query that reads it per chunk re-runs only for
/// the chunks an edit changed.
pub(crate) fn import_chunk_count(db: &dyn Db) -> u32 {
    db.workspace().files(db).len().div_ceil(CHUNK_FILES) as u32
}

/// The edges of chunk `index`, sorted by importing file and line.
pub(crate) fn import_chunk_edges(db: &dyn Db, index: u32) -> &Arc<Vec<ImportEdge>> {
    import_chunk(db, ImportChunk::new(db, index))
}

#[cfg(test)]
mod tests;
