//! The repository recon: the seven Phase-0 items of the seed, each fact cited, ranked so
//! that the most important come first, rendered within a line budget.
//!
//! 1. packages and modules with their responsibility (manifests, module documentation);
//! 2. core data structures and interfaces, ranked by how much the rest of the code refers
//!    to them (PageRank over the file reference graph, as aider's repo map does);
//! 3. invariants (assertions, panics, `SAFETY:`/`INVARIANT:` comments);
//! 4. entry points and the command-line flag surface;
//! 5. configuration (environment variables, configuration files, configuration types);
//! 6. extension points (traits and interfaces with their implementations);
//! 7. coupling (package import cycles, the most depended-on packages and files).
//!
//! What cannot be cited is listed as inferred; what could not be analysed as open
//! uncertainties. Deterministic: no timestamps, stable order.

pub mod packages;
pub mod view;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::Arc;

use engine::{Db, FileContents, RelPath, SkipReason, SourceFile};
use petgraph::graphmap::DiGraphMap;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::code::analysis::analyze;
use crate::code::facts::Flag;
use crate::code::lang::LanguageSpec;
use crate::code::symbols::SymbolKind;
use crate::recon::packages::{Package, parse_manifest};
use crate::recon::view::{Anchor, Cite, FactList, ReconView};

/// Where a citation goes in a fact's text: a control character that no source text holds
/// (a `{}` would collide with format strings quoted from the code).
const CITE: &str = "\u{1}";

/// One confirmed fact: a sentence with [`CITE`] placeholders filled by its citations in
/// order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReconFact {
    pub text: String,
    pub cites: Vec<Cite>,
}

impl ReconFact {
    fn new(text: impl Into<String>, cites: Vec<Cite>) -> ReconFact {
        ReconFact { text: text.into(), cites }
    }

    /// The sentence with each citation's current lines.
    pub fn render(&self, db: &dyn Db) -> String {
        let mut out = String::new();
        let mut cites = self.cites.iter();
        let mut parts = self.text.split(CITE);
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            if let Some(cite) = cites.next() {
                let (start, end) = view::lines(db, cite);
                let _ = write!(out, "`{}`", crate::citations::key(cite.path.as_str(), start, end));
            }
            out.push_str(part);
        }
        out
    }
}

/// The seven items, in the seed's order.
pub const ITEMS: [&str; 7] = [
    "Packages and responsibilities",
    "Core data structures and interfaces",
    "Invariants and assumptions",
    "Entry points and command-line flags",
    "Configuration",
    "Extension points",
    "Coupling and fragility",
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recon {
    pub packages: Vec<Package>,
    /// The facts of each item of [`ITEMS`], best first.
    pub items: [Vec<ReconFact>; 7],
    /// Every flag found, by file, for the JSON output.
    pub flags: Vec<(Cite, Flag)>,
    pub inferred: Vec<String>,
    pub uncertainties: Vec<String>,
}

/// Paths whose facts describe tests, examples, fixtures or vendored code rather than the
/// system: kept out of the ranking.
pub fn is_peripheral(path: &str) -> bool {
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

pub(crate) const TYPE_KINDS: [SymbolKind; 6] = [
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::Type,
];

/// Names defined in more places than this are too generic (`Error`, `Config`) to carry
/// reference weight.
const MAX_DEFINITIONS_PER_NAME: usize = 20;

/// A source file as the recon sees it.
struct SourceInfo<'db> {
    path: &'db RelPath,
    file: SourceFile,
    peripheral: bool,
    language: &'static str,
    /// Its package: an index into [`Recon::packages`], by the longest root.
    package: Option<usize>,
    view: &'db ReconView,
    references: &'db [(String, u32)],
}

impl SourceInfo<'_> {
    fn cite(&self, anchor: Anchor) -> Cite {
        Cite { path: self.path.clone(), file: self.file, anchor }
    }
}

/// What a file is to the recon.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FileRole {
    Source { peripheral: bool, language: &'static str },
    Manifest(Package),
    Skipped(&'static str),
    Other,
}

/// One file as the recon reads it: without line numbers, so that an edit that only moves
/// code leaves it equal and everything downstream backdates.
#[derive(Debug, PartialEq, Eq)]
struct ReconFile {
    role: FileRole,
    /// Empty unless the file is a source file.
    view: ReconView,
    references: Vec<(String, u32)>,
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
pub fn prepare(db: &dyn Db, file: SourceFile) {
    recon_file(db, file);
}

/// A run of [`CHUNK_FILES`] consecutive files of [`stable_files`]: the recon reads files
/// through chunks, so that verifying it after an edit visits the chunks and the edited
/// file's chunk, not every file (the other chunks are verified by their durability).
#[salsa::interned(debug)]
struct ReconChunk<'db> {
    #[returns(copy)]
    index: u32,
}

const CHUNK_FILES: usize = 512;

/// The workspace's files except those expected to be edited, which [`recon_expected`]
/// reads apart: their edits then re-verify that short list, not a chunk of the tree.
#[salsa::tracked(returns(ref))]
fn stable_files(db: &dyn Db) -> Arc<[SourceFile]> {
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
fn recon_expected(db: &dyn Db) -> Vec<ChunkEntry> {
    let expected = db.workspace().expected_edits(db);
    let existing: Vec<SourceFile> =
        expected.iter().copied().filter(|file| !matches!(file.contents(db), FileContents::Missing)).collect();
    chunk_entries(db, &existing)
}

/// One file the recon reads, with its path.
type ChunkEntry = (SourceFile, RelPath, Arc<ReconFile>);

#[salsa::tracked(returns(ref))]
fn recon_chunk<'db>(db: &'db dyn Db, chunk: ReconChunk<'db>) -> Vec<ChunkEntry> {
    let files = stable_files(db);
    let start = (chunk.index(db) as usize).saturating_mul(CHUNK_FILES).min(files.len());
    let end = start.saturating_add(CHUNK_FILES).min(files.len());
    chunk_entries(db, &files[start..end])
}

fn chunk_entries(db: &dyn Db, files: &[SourceFile]) -> Vec<ChunkEntry> {
    files.iter().map(|&file| (file, file.path(db).clone(), recon_file(db, file).clone())).collect()
}

/// Packages by root directory, to find a path's package by its ancestors rather than by
/// comparing it with every package.
struct PackageRoots<'a> {
    /// Each root with the packages there, in [`Recon::packages`] order.
    by_root: HashMap<&'a str, Vec<usize>>,
}

impl<'a> PackageRoots<'a> {
    fn new(packages: &'a [Package]) -> PackageRoots<'a> {
        let mut by_root: HashMap<&str, Vec<usize>> = HashMap::default();
        for (index, package) in packages.iter().enumerate() {
            by_root.entry(package.root.as_str()).or_default().push(index);
        }
        PackageRoots { by_root }
    }

    /// The packages containing `path`: the deepest root first, and the packages of one
    /// root last listed first.
    fn containing<'p>(&'p self, path: &'p str) -> impl Iterator<Item = usize> + 'p {
        let dirs = path.rmatch_indices('/').map(|(at, _)| &path[..at]).chain(std::iter::once(""));
        dirs.filter_map(|dir| self.by_root.get(dir)).flat_map(|indices| indices.iter().rev().copied())
    }

    /// The package of `path`: the one with the longest root (the last listed of a root).
    fn package_of(&self, path: &str) -> Option<usize> {
        self.containing(path).next()
    }
}

#[salsa::tracked(returns(ref))]
pub fn recon(db: &dyn Db) -> Recon {
    let _span = tracing::info_span!("recon").entered();
    let mut recon = Recon::default();
    let mut sources: Vec<SourceInfo<'_>> = Vec::new();
    let mut manifests: Vec<(&Package, SourceFile, &RelPath)> = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let chunks = stable_files(db).len().div_ceil(CHUNK_FILES);
    let expected = recon_expected(db);
    let chunks = (0..chunks).map(|index| recon_chunk(db, ReconChunk::new(db, index as u32)));
    for chunk in chunks.chain(std::iter::once(expected)) {
        for (file, path, read) in chunk {
            match &read.role {
                &FileRole::Source { peripheral, language } => sources.push(SourceInfo {
                    path,
                    file: *file,
                    peripheral,
                    language,
                    package: None,
                    view: &read.view,
                    references: &read.references,
                }),
                FileRole::Manifest(package) => manifests.push((package, *file, path)),
                FileRole::Skipped(kind) => *skipped.entry(kind).or_default() += 1,
                FileRole::Other => {}
            }
        }
    }
    if !expected.is_empty() {
        // Path order, as without expected edits: ties between files break by it.
        sources.sort_by(|a, b| a.path.cmp(b.path));
    }
    manifests.sort_by(|(a, ..), (b, ..)| a.root.cmp(&b.root).then(a.name.cmp(&b.name)));
    recon.packages = manifests.iter().map(|(package, ..)| (*package).clone()).collect();
    let manifest_files: Vec<Cite> = manifests
        .iter()
        .map(|(package, file, path)| Cite {
            path: (*path).clone(),
            file: *file,
            anchor: Anchor::Lines(package.line, package.line),
        })
        .collect();
    let roots = PackageRoots::new(&recon.packages);
    for source in &mut sources {
        source.package = roots.package_of(source.path.as_str());
    }

    let scores = timed("rank_files", || rank_files(&sources));
    // The items read only what was gathered above: two halves of about equal work run on
    // two threads.
    let packages = &recon.packages;
    let (
        (structures, invariants, (cli, flags), configuration),
        (packages_and_modules, extension_points, coupling),
    ) = rayon::join(
        || {
            (
                timed("structures", || structures_item(packages, &sources, &scores)),
                timed("invariants", || invariants_item(&sources, &scores)),
                timed("cli", || cli_item(&sources)),
                timed("configuration", || configuration_item(&sources, &scores)),
            )
        },
        || {
            (
                timed("packages", || packages_item(packages, &manifest_files, &roots, &sources, &scores)),
                timed("extension_points", || extension_points_item(&sources)),
                timed("coupling", || coupling_item(packages, &sources, &scores)),
            )
        },
    );
    recon.items =
        [packages_and_modules, structures, invariants, cli, configuration, extension_points, coupling];
    recon.flags = flags;

    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for source in &sources {
        *languages.entry(source.language).or_default() += 1;
    }
    let mut language_counts: Vec<(&str, usize)> = languages.into_iter().collect();
    language_counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    if !language_counts.is_empty() {
        let parts: Vec<String> =
            language_counts.iter().map(|(language, count)| format!("{language} ({count} files)")).collect();
        recon.inferred.push(format!("Languages by file count: {}.", parts.join(", ")));
    }
    let peripheral = sources.iter().filter(|source| source.peripheral).count();
    if peripheral > 0 {
        recon.inferred.push(format!("{peripheral} source files look like tests, examples, fixtures or vendored code and are left out of the ranking."));
    }
    let with_errors: Vec<&str> = sources
        .iter()
        .filter(|source| source.view.has_syntax_errors)
        .map(|source| source.path.as_str())
        .collect();
    if !with_errors.is_empty() {
        let shown: Vec<String> = with_errors.iter().take(5).map(|path| format!("`{path}`")).collect();
        let more = if with_errors.len() > 5 {
            format!(" and {} more", with_errors.len() - 5)
        } else {
            String::new()
        };
        recon.uncertainties.push(format!(
            "{} files have syntax errors that may hide definitions: {}{more}.",
            with_errors.len(),
            shown.join(", ")
        ));
    }
    if !skipped.is_empty() {
        let parts: Vec<String> = skipped.iter().map(|(kind, count)| format!("{count} {kind}")).collect();
        recon.uncertainties.push(format!("Files not analysed: {}.", parts.join(", ")));
    }
    recon
}

/// Runs `part` of the recon inside a debug span (its time shows under `-v`).
fn timed<T>(part: &'static str, run: impl FnOnce() -> T) -> T {
    let _span = tracing::debug_span!("recon_part", part).entered();
    run()
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

/// The view's types.
fn types<'a>(source: &'a SourceInfo<'_>) -> impl Iterator<Item = &'a view::ViewSymbol> {
    source.view.symbols.iter().filter(|symbol| TYPE_KINDS.contains(&symbol.kind))
}

/// A score per source file: PageRank over "file A refers to a type defined in file B".
fn rank_files(sources: &[SourceInfo<'_>]) -> Vec<f64> {
    let mut definers: HashMap<&str, Vec<usize>> = HashMap::default();
    for (index, source) in sources.iter().enumerate() {
        if source.peripheral {
            continue;
        }
        for symbol in types(source) {
            let list = definers.entry(symbol.name.as_str()).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    let count = sources.len();
    let mut outgoing: Vec<Vec<(usize, f64)>> = vec![Vec::new(); count];
    for (index, source) in sources.iter().enumerate() {
        for (name, uses) in source.references {
            let Some(files) =
                definers.get(name.as_str()).filter(|files| files.len() <= MAX_DEFINITIONS_PER_NAME)
            else {
                continue;
            };
            for &target in files {
                if target != index {
                    outgoing[index].push((target, f64::from(*uses) / files.len() as f64));
                }
            }
        }
    }
    pagerank(&outgoing, 30)
}

fn pagerank(outgoing: &[Vec<(usize, f64)>], iterations: usize) -> Vec<f64> {
    let count = outgoing.len();
    if count == 0 {
        return Vec::new();
    }
    let damping = 0.85;
    let totals: Vec<f64> =
        outgoing.iter().map(|edges| edges.iter().map(|(_, weight)| weight).sum()).collect();
    let mut rank = vec![1.0 / count as f64; count];
    for _ in 0..iterations {
        let dangling: f64 =
            rank.iter().zip(&totals).filter(|(_, total)| **total == 0.0).map(|(rank, _)| rank).sum();
        let mut next = vec![(1.0 - damping) / count as f64 + damping * dangling / count as f64; count];
        for (from, edges) in outgoing.iter().enumerate() {
            if totals[from] == 0.0 {
                continue;
            }
            for &(to, weight) in edges {
                next[to] += damping * rank[from] * weight / totals[from];
            }
        }
        rank = next;
    }
    rank
}

fn packages_item(
    packages: &[Package],
    manifests: &[Cite],
    roots: &PackageRoots<'_>,
    sources: &[SourceInfo<'_>],
    scores: &[f64],
) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // The best documented module of each package (the last of equal scores).
    let mut best_doc: Vec<Option<(f64, &str)>> = vec![None; packages.len()];
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        let Some(doc) = &source.view.module_doc else { continue };
        for package in roots.containing(source.path.as_str()) {
            if best_doc[package].is_none_or(|(best, _)| scores[index].total_cmp(&best).is_ge()) {
                best_doc[package] = Some((scores[index], doc.as_str()));
            }
        }
    }
    // Documentation already said: module docs that describe a package, then module docs.
    let mut borrowed_docs = FxHashSet::default();
    for (index, package) in packages.iter().enumerate() {
        let doc = package.description.clone().or_else(|| {
            best_doc[index].map(|(_, doc)| {
                borrowed_docs.insert(doc.to_owned());
                doc.to_owned()
            })
        });
        let location =
            if package.root.is_empty() { "the root".to_owned() } else { format!("`{}`", package.root) };
        let text = match doc {
            Some(doc) => format!("`{}` ({location}): {doc} {CITE}", package.name),
            None => format!("`{}` ({location}) {CITE}", package.name),
        };
        facts.push(ReconFact::new(text, vec![manifests[index].clone()]));
    }
    // Modules with documentation, most referenced first.
    let mut modules: Vec<(f64, &SourceInfo<'_>, &str)> = sources
        .iter()
        .enumerate()
        .filter(|(_, source)| !source.peripheral)
        .filter_map(|(index, source)| {
            source.view.module_doc.as_deref().map(|doc| (scores[index], source, doc))
        })
        .collect();
    modules.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.path.cmp(b.1.path)));
    for (_, source, doc) in modules {
        // A package description or an earlier module said it already (Go's package doc
        // often is the module's).
        let said = !borrowed_docs.insert(doc.to_owned())
            || roots.containing(source.path.as_str()).any(|package| {
                packages[package].description.as_ref().is_some_and(|description| description.contains(doc))
            });
        if said {
            continue;
        }
        facts.push(ReconFact::new(
            format!("module `{}`: {doc} {CITE}", source.path),
            vec![source.cite(Anchor::ModuleDoc)],
        ));
    }
    facts
}

/// Type names every program uses from its language's standard library: a definition with
/// one of these names gets credit only for a small share of the references to the name.
const PRELUDE_NAMES: &[&str] = &[
    "Result",
    "Error",
    "Option",
    "Box",
    "Vec",
    "String",
    "Debug",
    "Display",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Iterator",
    "Path",
    "PathBuf",
    "Object",
    "Exception",
    "List",
    "Map",
    "Set",
    "Self",
    "Some",
    "None",
    "Ok",
    "Err",
];

/// Which package an import names, by ecosystem rules: a Rust crate's first path segment, a
/// Go module path prefix, a Python top-level module, an npm package name. Hash lookups of
/// the import's prefixes, so that matching is linear in the imports, not in imports times
/// packages.
struct ImportMatcher<'a> {
    /// Cargo and Python packages by import name: the first of each name.
    by_segment: HashMap<String, usize>,
    /// Go and npm packages by name, matched by the whole import or a `/` prefix of it.
    by_path: HashMap<&'a str, usize>,
}

impl<'a> ImportMatcher<'a> {
    fn new(packages: &'a [Package]) -> ImportMatcher<'a> {
        let mut by_segment = HashMap::default();
        let mut by_path = HashMap::default();
        for (index, package) in packages.iter().enumerate() {
            match package.ecosystem {
                "go" | "npm" => {
                    by_path.entry(package.name.as_str()).or_insert(index);
                }
                _ => {
                    by_segment.entry(package.import_name()).or_insert(index);
                }
            }
        }
        ImportMatcher { by_segment, by_path }
    }

    /// The first package (in [`Recon::packages`] order) that `import` names.
    fn package(&self, import: &str) -> Option<usize> {
        let first_segment = import.split(['.', ':', '/', '{']).next().unwrap_or(import);
        let prefixes = import.match_indices('/').map(|(at, _)| &import[..at]).chain(std::iter::once(import));
        prefixes
            .filter_map(|prefix| self.by_path.get(prefix).copied())
            .chain(self.by_segment.get(first_segment).copied())
            .min()
    }
}

/// Which packages each package imports, for deciding which files can refer to a
/// package's types.
fn package_imports(
    packages: &[Package],
    matcher: &ImportMatcher<'_>,
    sources: &[SourceInfo<'_>],
) -> Vec<BTreeSet<usize>> {
    let mut imports = vec![BTreeSet::new(); packages.len()];
    for source in sources {
        let Some(from) = source.package else { continue };
        for import in &source.view.imports {
            if let Some(to) = matcher.package(import)
                && to != from
            {
                imports[from].insert(to);
            }
        }
    }
    imports
}

fn structures_item(packages: &[Package], sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let imports = package_imports(packages, &ImportMatcher::new(packages), sources);
    // A file can refer to a package's types from inside that package or from a package
    // that imports it: a same-named type elsewhere gets no credit.
    let can_refer = |from: Option<usize>, to: Option<usize>| match (from, to) {
        (Some(from), Some(to)) => from == to || imports[from].contains(&to),
        _ => true,
    };
    // For each name, the files using it: (file index, uses, the file's total uses).
    let mut users: HashMap<&str, Vec<(usize, f64, f64)>> = HashMap::default();
    for (index, source) in sources.iter().enumerate() {
        let total: f64 = source.references.iter().map(|(_, uses)| f64::from(*uses)).sum();
        for (name, uses) in source.references {
            users.entry(name.as_str()).or_default().push((index, f64::from(*uses), total));
        }
    }
    let mut defined_in: HashMap<&str, usize> = HashMap::default();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for symbol in types(source) {
            *defined_in.entry(symbol.name.as_str()).or_default() += 1;
        }
    }
    let mut definitions: Vec<(f64, usize, ReconFact)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for symbol in types(source) {
            if symbol.in_test {
                continue;
            }
            let definers = defined_in.get(symbol.name.as_str()).copied().unwrap_or(1);
            if definers > MAX_DEFINITIONS_PER_NAME {
                continue;
            }
            let mut others = 0usize;
            let mut rank = 0.0;
            for &(user, uses, total) in users.get(symbol.name.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                if user == index || !can_refer(sources[user].package, source.package) {
                    continue;
                }
                others += 1;
                if total > 0.0 {
                    rank += scores[user] * uses / total;
                }
            }
            if others == 0 {
                continue;
            }
            let prelude = if PRELUDE_NAMES.contains(&symbol.name.as_str()) { 0.05 } else { 1.0 };
            // The rank that flows to the name, shared among its definitions, weighted by how
            // many files use it.
            let share = rank / definers as f64 * others as f64 * prelude;
            let plural = if others == 1 { "" } else { "s" };
            let text = format!(
                "{} `{}` {CITE}, referred to from {others} other file{plural}",
                symbol.kind, symbol.qualified_name
            );
            definitions.push((
                share,
                others,
                ReconFact::new(text, vec![source.cite(Anchor::Symbol(symbol.index))]),
            ));
        }
    }
    definitions.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cites.cmp(&b.2.cites)));
    definitions.into_iter().map(|(_, _, fact)| fact).collect()
}

fn invariants_item(sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut candidates: Vec<(bool, f64, ReconFact)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for invariant in &source.view.invariants {
            let text = format!("{} {CITE}", code_span(&invariant.text.replace(CITE, "")));
            candidates.push((
                invariant.is_comment,
                scores[index],
                ReconFact::new(text, vec![source.cite(Anchor::Fact(FactList::Invariant, invariant.index))]),
            ));
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cites.cmp(&b.2.cites)));
    candidates.into_iter().map(|(_, _, fact)| fact).collect()
}

/// Text as an inline code span, whatever backticks it holds.
fn code_span(text: &str) -> String {
    let text = text.trim();
    if text.contains('`') { format!("`` {} ``", text.replace("``", "` `")) } else { format!("`{text}`") }
}

fn flag_name(flag: &Flag) -> String {
    match (&flag.long, &flag.short) {
        (Some(long), Some(short)) => format!("--{long}/-{short}"),
        (Some(long), None) => format!("--{long}"),
        (None, Some(short)) => format!("-{short}"),
        (None, None) => String::new(),
    }
}

fn cli_item(sources: &[SourceInfo<'_>]) -> (Vec<ReconFact>, Vec<(Cite, Flag)>) {
    let mut facts = Vec::new();
    let mut all_flags = Vec::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for (index, entry) in source.view.entrypoints.iter().enumerate() {
            facts.push(ReconFact::new(
                format!("entry point {} {CITE}", code_span(entry)),
                vec![source.cite(Anchor::Fact(FactList::Entrypoint, index as u32))],
            ));
        }
    }
    let mut groups: Vec<(usize, ReconFact)> = Vec::new();
    for source in sources {
        let flags = &source.view.flags;
        let cite = |index: usize| source.cite(Anchor::Fact(FactList::Flag, index as u32));
        all_flags.extend(flags.iter().enumerate().map(|(index, flag)| (cite(index), flag.clone())));
        if flags.is_empty() || source.peripheral {
            continue;
        }
        const SHOWN: usize = 8;
        let names: Vec<String> =
            flags.iter().take(SHOWN).map(|flag| format!("`{}` {CITE}", flag_name(flag))).collect();
        let more =
            if flags.len() > SHOWN { format!(", and {} more", flags.len() - SHOWN) } else { String::new() };
        let text = format!(
            "{} flag{} in `{}`: {}{more}",
            flags.len(),
            if flags.len() == 1 { "" } else { "s" },
            source.path,
            names.join(", ")
        );
        let cites = (0..flags.len().min(SHOWN)).map(cite).collect();
        groups.push((flags.len(), ReconFact::new(text, cites)));
    }
    groups.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    facts.extend(groups.into_iter().map(|(_, fact)| fact));
    (facts, all_flags)
}

fn configuration_item(sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut types_found: Vec<(f64, ReconFact)> = Vec::new();
    let mut env: BTreeMap<&str, Cite> = BTreeMap::new();
    let mut files: BTreeMap<&str, Cite> = BTreeMap::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for symbol in types(source) {
            let is_config = ["Config", "Configuration", "Settings", "Options", "Preferences"]
                .iter()
                .any(|suffix| symbol.name.ends_with(suffix));
            if is_config {
                let text = format!("configuration {} `{}` {CITE}", symbol.kind, symbol.qualified_name);
                types_found.push((
                    scores[index],
                    ReconFact::new(text, vec![source.cite(Anchor::Symbol(symbol.index))]),
                ));
            }
        }
        for (list, kind, out) in [
            (&source.view.env_vars, FactList::EnvVar, &mut env),
            (&source.view.config_files, FactList::ConfigFile, &mut files),
        ] {
            for (at, name) in list.iter().enumerate() {
                out.entry(name.as_str()).or_insert_with(|| source.cite(Anchor::Fact(kind, at as u32)));
            }
        }
    }
    types_found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    let mut out: Vec<ReconFact> = types_found.into_iter().map(|(_, fact)| fact).collect();
    out.extend(env.into_iter().map(|(name, cite)| {
        ReconFact::new(format!("environment variable `{name}` read {CITE}"), vec![cite])
    }));
    out.extend(
        files.into_iter().map(|(name, cite)| {
            ReconFact::new(format!("configuration file `{name}` named {CITE}"), vec![cite])
        }),
    );
    out
}

fn extension_points_item(sources: &[SourceInfo<'_>]) -> Vec<ReconFact> {
    // Interfaces and traits by name, with where they are defined.
    let mut interfaces: BTreeMap<&str, (SymbolKind, Cite)> = BTreeMap::new();
    // Go interfaces: their method names; Go types: their method names.
    let mut go_interface_methods: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut go_type_methods: BTreeMap<(&str, &str), (BTreeSet<&str>, Cite)> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for symbol in &source.view.symbols {
            if matches!(symbol.kind, SymbolKind::Trait | SymbolKind::Interface) {
                interfaces
                    .entry(symbol.name.as_str())
                    .or_insert_with(|| (symbol.kind, source.cite(Anchor::Symbol(symbol.index))));
            }
            // The view holds methods of Go files only.
            if symbol.kind == SymbolKind::Method
                && let Some((owner, method)) = symbol.qualified_name.rsplit_once('.')
            {
                if symbol.in_interface {
                    go_interface_methods.entry(owner).or_default().insert(method);
                } else {
                    let dir = source.path.as_str().rsplit_once('/').map_or("", |(dir, _)| dir);
                    let entry = go_type_methods
                        .entry((dir, owner))
                        .or_insert_with(|| (BTreeSet::new(), source.cite(Anchor::SymbolStart(symbol.index))));
                    entry.0.insert(method);
                }
            }
        }
    }
    let mut implementors: BTreeMap<&str, BTreeMap<&str, Cite>> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for (index, (interface, implementor)) in source.view.implementations.iter().enumerate() {
            if let Some((name, _)) = interfaces.get_key_value(interface.as_str()) {
                implementors
                    .entry(name)
                    .or_default()
                    .entry(implementor.as_str())
                    .or_insert_with(|| source.cite(Anchor::Fact(FactList::Implementation, index as u32)));
            }
        }
    }
    for (interface, methods) in &go_interface_methods {
        for ((_, type_name), (type_methods, cite)) in &go_type_methods {
            if !methods.is_empty() && methods.is_subset(type_methods) {
                implementors.entry(interface).or_default().entry(type_name).or_insert_with(|| cite.clone());
            }
        }
    }
    let mut facts: Vec<(usize, ReconFact)> = Vec::new();
    for (name, (kind, cite)) in &interfaces {
        let Some(implementations) = implementors.get(name) else { continue };
        const SHOWN: usize = 4;
        let names: Vec<String> =
            implementations.keys().take(SHOWN).map(|implementor| format!("`{implementor}` {CITE}")).collect();
        let more = if implementations.len() > SHOWN {
            format!(" and {} more", implementations.len() - SHOWN)
        } else {
            String::new()
        };
        let text = format!("{kind} `{name}` {CITE}, implemented by {}{more}", names.join(", "));
        let mut cites = vec![cite.clone()];
        cites.extend(implementations.values().take(SHOWN).cloned());
        facts.push((implementations.len(), ReconFact::new(text, cites)));
    }
    facts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    facts.into_iter().map(|(_, fact)| fact).collect()
}

fn coupling_item(packages: &[Package], sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // Package import graph, with the first import line of each edge.
    let matcher = ImportMatcher::new(packages);
    let mut edges: BTreeMap<(usize, usize), Cite> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        let Some(from) = source.package else { continue };
        for (index, import) in source.view.imports.iter().enumerate() {
            let Some(to) = matcher.package(import) else { continue };
            if to != from {
                edges
                    .entry((from, to))
                    .or_insert_with(|| source.cite(Anchor::Fact(FactList::Import, index as u32)));
            }
        }
    }
    let mut graph: DiGraphMap<usize, ()> = DiGraphMap::new();
    for &(from, to) in edges.keys() {
        graph.add_edge(from, to, ());
    }
    for component in petgraph::algo::tarjan_scc(&graph) {
        if component.len() < 2 {
            continue;
        }
        let mut members: Vec<usize> = component;
        members.sort_unstable();
        let names: Vec<String> = members.iter().map(|index| format!("`{}`", packages[*index].name)).collect();
        let cites: Vec<Cite> = edges
            .iter()
            .filter(|((from, to), _)| members.contains(from) && members.contains(to))
            .map(|(_, cite)| cite.clone())
            .take(4)
            .collect();
        let placeholders = vec![CITE; cites.len()].join(", ");
        facts.push(ReconFact::new(
            format!("import cycle between packages {} ({placeholders})", names.join(", ")),
            cites,
        ));
    }
    let by_count = |end: fn(&(usize, usize)) -> usize| {
        let mut grouped: BTreeMap<usize, Vec<Cite>> = BTreeMap::new();
        for (edge, cite) in &edges {
            grouped.entry(end(edge)).or_default().push(cite.clone());
        }
        let mut grouped: Vec<(usize, Vec<Cite>)> =
            grouped.into_iter().filter(|(_, cites)| cites.len() >= 2).collect();
        grouped.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        grouped
    };
    let fan_in = by_count(|&(_, to)| to).into_iter().map(|(package, cites)| {
        let text = format!("`{}` is imported by {} other packages", packages[package].name, cites.len());
        (text, cites)
    });
    let fan_out = by_count(|&(from, _)| from).into_iter().take(3).map(|(package, cites)| {
        (format!("`{}` imports {} other packages", packages[package].name, cites.len()), cites)
    });
    for (text, cites) in fan_in.chain(fan_out) {
        let shown: Vec<Cite> = cites.into_iter().take(3).collect();
        let placeholders = vec![CITE; shown.len()].join(", ");
        facts.push(ReconFact::new(format!("{text} ({placeholders})"), shown));
    }
    // The files whose types the most other files use.
    let mut defined_here: HashMap<&str, usize> = HashMap::default();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for symbol in types(source) {
            defined_here.entry(symbol.name.as_str()).or_insert(index);
        }
    }
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sources.len()];
    let mut name_users: HashMap<&str, usize> = HashMap::default();
    for (index, source) in sources.iter().enumerate() {
        for (name, _) in source.references {
            if let Some(&definer) = defined_here.get(name.as_str())
                && definer != index
            {
                users[definer].insert(index);
                *name_users.entry(name.as_str()).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(usize, f64, usize)> = users
        .iter()
        .enumerate()
        .map(|(index, users)| (users.len(), scores[index], index))
        .filter(|(count, _, _)| *count >= 3)
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    for (count, _, index) in ranked.into_iter().take(5) {
        let source = &sources[index];
        // The file's most used type, the first of equals.
        let Some(symbol) = types(source).max_by_key(|symbol| {
            (name_users.get(symbol.name.as_str()).copied().unwrap_or(0), std::cmp::Reverse(symbol.index))
        }) else {
            continue;
        };
        facts.push(ReconFact::new(
            format!("`{}` defines types that {count} other files use, most of all `{}` {CITE}: changes there ripple widely", source.path, symbol.qualified_name),
            vec![source.cite(Anchor::Symbol(symbol.index))],
        ));
    }
    facts
}

/// The recon as Markdown within `budget` lines (facts are shared out across the items
/// best first, so that every item keeps its most important facts).
pub fn render_markdown(db: &dyn Db, recon: &Recon, budget: usize) -> String {
    let present: Vec<usize> = (0..ITEMS.len()).filter(|index| !recon.items[*index].is_empty()).collect();
    let inferred = recon.inferred.len().min(3);
    let uncertainties = recon.uncertainties.len().min(3);
    // The lines the output takes with `taken` facts per item: the title, then per item a
    // blank line, its heading, a blank line, its facts and a "more" line if any are left;
    // then the inferred and uncertain lists the same way.
    let lines = |taken: &[usize]| -> usize {
        let items: usize = present
            .iter()
            .filter(|index| taken[**index] > 0)
            .map(|index| 3 + taken[*index] + usize::from(taken[*index] < recon.items[*index].len()))
            .sum();
        1 + items
            + if inferred > 0 { 3 + inferred } else { 0 }
            + if uncertainties > 0 { 3 + uncertainties } else { 0 }
    };
    let mut taken = vec![0usize; ITEMS.len()];
    loop {
        let mut progressed = false;
        for &index in &present {
            if taken[index] >= recon.items[index].len() {
                continue;
            }
            taken[index] += 1;
            if lines(&taken) > budget {
                taken[index] -= 1;
                continue;
            }
            progressed = true;
        }
        if !progressed {
            break;
        }
    }
    let roots = PackageRoots::new(&recon.packages);
    let mut out = String::from("**Confirmed facts** (generated by `plan` from the code)\n");
    for &index in &present {
        if taken[index] == 0 {
            continue;
        }
        let _ = writeln!(out, "\n*{}*\n", ITEMS[index]);
        for fact in recon.items[index].iter().take(taken[index]) {
            // In a monorepo, each fact says which package it is about (item 1 lists them).
            let package = ((1..6).contains(&index) && recon.packages.len() > 1)
                .then(|| fact.cites.first())
                .flatten()
                .and_then(|cite| roots.package_of(cite.path.as_str()))
                .map(|package| &recon.packages[package]);
            match package {
                Some(package) => {
                    let _ = writeln!(out, "- [`{}`] {}", package.name, fact.render(db));
                }
                None => {
                    let _ = writeln!(out, "- {}", fact.render(db));
                }
            }
        }
        let left = recon.items[index].len() - taken[index];
        if left > 0 {
            let _ = writeln!(out, "- … and {left} more (`plan recon` lists them).");
        }
    }
    if !recon.inferred.is_empty() {
        out.push_str("\n**Inferred**\n\n");
        for line in recon.inferred.iter().take(3) {
            let _ = writeln!(out, "- {line}");
        }
    }
    if !recon.uncertainties.is_empty() {
        out.push_str("\n**Open uncertainties**\n\n");
        for line in recon.uncertainties.iter().take(3) {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// The recon as JSON: every fact of every item (no budget), the flags, the packages.
pub fn to_json(db: &dyn Db, recon: &Recon) -> serde_json::Value {
    let cite = |cite: &Cite| {
        let (start, end) = view::lines(db, cite);
        serde_json::json!({"path": cite.path.as_str(), "start": start, "end": end})
    };
    let items: serde_json::Map<String, serde_json::Value> = ITEMS
        .iter()
        .zip(&recon.items)
        .map(|(title, facts)| {
            let facts: Vec<serde_json::Value> = facts.iter().map(|fact| serde_json::json!({"text": fact.render(db), "citations": fact.cites.iter().map(cite).collect::<Vec<_>>()})).collect();
            ((*title).to_owned(), serde_json::Value::Array(facts))
        })
        .collect();
    serde_json::json!({
        "packages": recon.packages.iter().map(|package| serde_json::json!({
            "name": package.name, "root": package.root, "manifest": package.manifest, "line": package.line,
            "description": package.description, "ecosystem": package.ecosystem,
        })).collect::<Vec<_>>(),
        "items": items,
        "flags": recon.flags.iter().map(|(at, flag)| serde_json::json!({"path": at.path.as_str(), "line": view::lines(db, at).0, "long": flag.long, "short": flag.short, "hidden": flag.hidden})).collect::<Vec<_>>(),
        "inferred": recon.inferred,
        "uncertainties": recon.uncertainties,
    })
}

#[cfg(test)]
mod tests {
    use engine::{Database, FileContents, RelPath};

    use super::*;

    fn files(extra: &str) -> Vec<(RelPath, FileContents)> {
        let text = |text: &str| FileContents::Text(text.into());
        let mut files = vec![
            (RelPath::new("a/lib.rs").unwrap(), text("pub struct Store;\npub trait Load {}\n")),
            (
                RelPath::new("b/lib.rs").unwrap(),
                text(&format!("use a::Store;\nfn f(_: Store) {{}}\n{extra}")),
            ),
            (RelPath::new("c/lib.rs").unwrap(), text("fn g(_: Store, _: Store) {}\nimpl Load for G {}\n")),
        ];
        files.extend(
            (0..3).map(|index| (RelPath::new(&format!("d/m{index}.rs")).unwrap(), text("fn h() {}\n"))),
        );
        files
    }

    fn rendered(db: &Database) -> String {
        let recon = recon(db);
        format!("{}\n{}", render_markdown(db, recon, 60), to_json(db, recon))
    }

    /// Files expected to be edited are read apart from the chunks; the recon over them is
    /// the one a fresh database computes, before and after they change, and in path order.
    #[test]
    fn expected_edits_change_nothing_the_recon_says() {
        let mut db = Database::in_memory();
        db.set_files(files(""));
        db.expect_edits(&[RelPath::new("b/lib.rs").unwrap(), RelPath::new("d/m1.rs").unwrap()]);
        let mut fresh = Database::in_memory();
        fresh.set_files(files(""));
        assert_eq!(rendered(&db), rendered(&fresh));

        // A new type and a moved line in an expected file, then the same in a fresh one.
        let edited = files("\npub struct Other;\nimpl Load for Other {}\n");
        db.set_edited_files(edited.clone());
        let mut fresh = Database::in_memory();
        fresh.set_files(edited);
        assert_eq!(rendered(&db), rendered(&fresh));
        assert!(rendered(&db).contains("Other"), "{}", rendered(&db));
    }
}
