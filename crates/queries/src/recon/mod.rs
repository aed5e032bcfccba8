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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;

use engine::{Db, FileContents, SkipReason, SourceFile};
use petgraph::graphmap::DiGraphMap;

use crate::facts::{FileFacts, Flag, file_facts};
use crate::lang::LanguageSpec;
use crate::recon::packages::{Package, parse_manifest};
use crate::symbols::{SymbolKind, file_references, file_symbols};

/// A cited location: a path and 1-based inclusive lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cite {
    pub path: String,
    pub start: u32,
    pub end: u32,
}

impl Cite {
    fn new(path: &str, start: u32, end: u32) -> Cite {
        Cite { path: path.to_owned(), start, end }
    }

    fn render(&self) -> String {
        format!("`{}`", crate::citations::key(&self.path, self.start, self.end))
    }
}

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

    fn render(&self) -> String {
        let mut out = String::new();
        let mut cites = self.cites.iter();
        let mut parts = self.text.split(CITE);
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            if let Some(cite) = cites.next() {
                out.push_str(&cite.render());
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
    pub flags: Vec<(String, Flag)>,
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

const TYPE_KINDS: [SymbolKind; 6] = [
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

struct SourceInfo<'db> {
    path: &'db str,
    file: SourceFile,
    peripheral: bool,
}

/// What a file is to the recon. A query of its own so that the recon does not read file
/// contents: an edit that changes no role, symbol or fact leaves the recon as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
enum FileRole {
    Source,
    Manifest(Package),
    Skipped(&'static str),
    Other,
}

#[salsa::tracked(returns(ref))]
fn file_role(db: &dyn Db, file: SourceFile) -> FileRole {
    let path = file.path(db);
    match file.contents(db) {
        FileContents::Text(text) => {
            if let Some(package) = manifest_package(path, text) {
                FileRole::Manifest(package)
            } else if LanguageSpec::for_path(path.as_str()).is_some() {
                FileRole::Source
            } else {
                FileRole::Other
            }
        }
        FileContents::Skipped(reason) => FileRole::Skipped(skip_kind(reason)),
        FileContents::Missing => FileRole::Other,
    }
}

#[salsa::tracked(returns(ref))]
pub fn recon(db: &dyn Db) -> Recon {
    let _span = tracing::info_span!("recon").entered();
    let workspace = db.workspace();
    let mut recon = Recon::default();
    let mut sources: Vec<SourceInfo<'_>> = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    for file in workspace.files(db).iter() {
        let path = file.path(db).as_str();
        match file_role(db, *file) {
            FileRole::Source => {
                sources.push(SourceInfo { path, file: *file, peripheral: is_peripheral(path) })
            }
            FileRole::Manifest(package) => recon.packages.push(package.clone()),
            FileRole::Skipped(kind) => *skipped.entry(kind).or_default() += 1,
            FileRole::Other => {}
        }
    }
    recon.packages.sort_by(|a, b| a.root.cmp(&b.root).then(a.name.cmp(&b.name)));

    let scores = rank_files(db, &sources);
    recon.items[0] = packages_item(db, &recon.packages, &sources, &scores);
    recon.items[1] = structures_item(db, &recon.packages, &sources, &scores);
    recon.items[2] = invariants_item(db, &sources, &scores);
    let (cli, flags) = cli_item(db, &sources);
    recon.items[3] = cli;
    recon.flags = flags;
    recon.items[4] = configuration_item(db, &sources, &scores);
    recon.items[5] = extension_points_item(db, &sources);
    recon.items[6] = coupling_item(db, &recon.packages, &sources, &scores);

    let mut languages: BTreeMap<&str, usize> = BTreeMap::new();
    for source in &sources {
        if let Some(spec) = LanguageSpec::for_path(source.path) {
            *languages.entry(spec.id).or_default() += 1;
        }
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
        .filter(|source| !file_symbols(db, source.file).syntax_errors.is_empty())
        .map(|source| source.path)
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

/// A score per source file: PageRank over "file A refers to a type defined in file B".
fn rank_files(db: &dyn Db, sources: &[SourceInfo<'_>]) -> Vec<f64> {
    let mut definers: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        if source.peripheral {
            continue;
        }
        for symbol in &file_symbols(db, source.file).symbols {
            if TYPE_KINDS.contains(&symbol.kind) {
                let list = definers.entry(symbol.name.as_str()).or_default();
                if list.last() != Some(&index) {
                    list.push(index);
                }
            }
        }
    }
    let count = sources.len();
    let mut outgoing: Vec<Vec<(usize, f64)>> = vec![Vec::new(); count];
    for (index, source) in sources.iter().enumerate() {
        for (name, uses) in file_references(db, source.file) {
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
    db: &dyn Db,
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    scores: &[f64],
) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // Documentation already said: module docs that describe a package, then module docs.
    let mut borrowed_docs = std::collections::HashSet::new();
    for package in packages {
        let doc = package.description.clone().or_else(|| {
            sources
                .iter()
                .enumerate()
                .filter(|(_, source)| package.contains(source.path) && !source.peripheral)
                .filter_map(|(index, source)| {
                    file_facts(db, source.file)
                        .module_doc
                        .as_ref()
                        .map(|doc| (scores[index], doc.text.clone()))
                })
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, doc)| {
                    borrowed_docs.insert(doc.clone());
                    doc
                })
        });
        let location =
            if package.root.is_empty() { "the root".to_owned() } else { format!("`{}`", package.root) };
        let text = match doc {
            Some(doc) => format!("`{}` ({location}): {doc} {CITE}", package.name),
            None => format!("`{}` ({location}) {CITE}", package.name),
        };
        facts.push(ReconFact::new(text, vec![Cite::new(&package.manifest, package.line, package.line)]));
    }
    // Modules with documentation, most referenced first.
    let mut modules: Vec<(f64, &str, u32, String)> = sources
        .iter()
        .enumerate()
        .filter(|(_, source)| !source.peripheral)
        .filter_map(|(index, source)| {
            file_facts(db, source.file)
                .module_doc
                .as_ref()
                .map(|doc| (scores[index], source.path, doc.line, doc.text.clone()))
        })
        .collect();
    modules.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    for (_, path, line, doc) in modules {
        // A package description or an earlier module said it already (Go's package doc
        // often is the module's).
        // Only the module's own packages are compared: all of them would be quadratic.
        let said = !borrowed_docs.insert(doc.clone())
            || packages.iter().any(|package| {
                package.contains(path)
                    && package.description.as_ref().is_some_and(|description| description.contains(&doc))
            });
        if said {
            continue;
        }
        facts.push(ReconFact::new(
            format!("module `{path}`: {doc} {CITE}"),
            vec![Cite::new(path, line, line)],
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

/// The package of each source file (an index into `packages`), by the longest root.
fn package_indices(packages: &[Package], sources: &[SourceInfo<'_>]) -> Vec<Option<usize>> {
    sources
        .iter()
        .map(|source| {
            packages
                .iter()
                .enumerate()
                .filter(|(_, package)| package.contains(source.path))
                .max_by_key(|(_, package)| package.root.len())
                .map(|(index, _)| index)
        })
        .collect()
}

/// Which packages each package imports, for deciding which files can refer to a
/// package's types.
fn package_imports(
    db: &dyn Db,
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    package_of: &[Option<usize>],
) -> Vec<BTreeSet<usize>> {
    let mut imports = vec![BTreeSet::new(); packages.len()];
    for (index, source) in sources.iter().enumerate() {
        let Some(from) = package_of[index] else { continue };
        for import in &file_facts(db, source.file).imports {
            if let Some(to) = imported_package(packages, &import.text)
                && to != from
            {
                imports[from].insert(to);
            }
        }
    }
    imports
}

fn structures_item(
    db: &dyn Db,
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    scores: &[f64],
) -> Vec<ReconFact> {
    let package_of = package_indices(packages, sources);
    let imports = package_imports(db, packages, sources, &package_of);
    // A file can refer to a package's types from inside that package or from a package
    // that imports it: a same-named type elsewhere gets no credit.
    let can_refer = |from: Option<usize>, to: Option<usize>| match (from, to) {
        (Some(from), Some(to)) => from == to || imports[from].contains(&to),
        _ => true,
    };
    // For each name, the files using it: (file index, uses, the file's total uses).
    let mut users: HashMap<&str, Vec<(usize, f64, f64)>> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        let references = file_references(db, source.file);
        let total: f64 = references.iter().map(|(_, uses)| f64::from(*uses)).sum();
        for (name, uses) in references {
            users.entry(name.as_str()).or_default().push((index, f64::from(*uses), total));
        }
    }
    let mut defined_in: HashMap<&str, usize> = HashMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for symbol in &file_symbols(db, source.file).symbols {
            if TYPE_KINDS.contains(&symbol.kind) {
                *defined_in.entry(symbol.name.as_str()).or_default() += 1;
            }
        }
    }
    let mut definitions: Vec<(f64, usize, ReconFact)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        let symbols = &file_symbols(db, source.file).symbols;
        for symbol in symbols {
            if !TYPE_KINDS.contains(&symbol.kind) || in_test_code(symbols, symbol.start) {
                continue;
            }
            let definers = defined_in.get(symbol.name.as_str()).copied().unwrap_or(1);
            if definers > MAX_DEFINITIONS_PER_NAME {
                continue;
            }
            let mut others = 0usize;
            let mut rank = 0.0;
            for &(user, uses, total) in users.get(symbol.name.as_str()).map(Vec::as_slice).unwrap_or(&[]) {
                if user == index || !can_refer(package_of[user], package_of[index]) {
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
                ReconFact::new(text, vec![Cite::new(source.path, symbol.start, symbol.end)]),
            ));
        }
    }
    definitions.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cites.cmp(&b.2.cites)));
    definitions.into_iter().map(|(_, _, fact)| fact).collect()
}

/// Whether `line` lies in test code: a `tests` module or a `test…` function.
fn in_test_code(symbols: &[crate::symbols::Symbol], line: u32) -> bool {
    symbols.iter().any(|symbol| {
        symbol.start <= line
            && line <= symbol.end
            && match symbol.kind {
                SymbolKind::Module => symbol.name == "tests" || symbol.name == "test",
                SymbolKind::Function | SymbolKind::Method => symbol.name.starts_with("test"),
                SymbolKind::Class => symbol.name.starts_with("Test"),
                _ => false,
            }
    })
}

fn invariants_item(db: &dyn Db, sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut candidates: Vec<(bool, f64, ReconFact)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        let facts = file_facts(db, source.file);
        let symbols = &file_symbols(db, source.file).symbols;
        let mut per_file = 0;
        let (comments, checks): (Vec<_>, Vec<_>) = facts
            .invariants
            .iter()
            .partition(|fact| fact.text.contains("SAFETY:") || fact.text.contains("INVARIANT:"));
        for fact in comments.into_iter().chain(checks) {
            if per_file == 2 {
                break;
            }
            if in_test_code(symbols, fact.line) {
                continue;
            }
            per_file += 1;
            let is_comment = fact.text.contains("SAFETY:") || fact.text.contains("INVARIANT:");
            let text = format!("{} {CITE}", code_span(&fact.text.replace(CITE, "")));
            candidates.push((
                is_comment,
                scores[index],
                ReconFact::new(text, vec![Cite::new(source.path, fact.line, fact.line)]),
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

fn cli_item(db: &dyn Db, sources: &[SourceInfo<'_>]) -> (Vec<ReconFact>, Vec<(String, Flag)>) {
    let mut facts = Vec::new();
    let mut all_flags = Vec::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for entry in &file_facts(db, source.file).entrypoints {
            facts.push(ReconFact::new(
                format!("entry point {} {CITE}", code_span(&entry.text)),
                vec![Cite::new(source.path, entry.line, entry.line)],
            ));
        }
    }
    let mut groups: Vec<(usize, ReconFact)> = Vec::new();
    for source in sources {
        let flags = &file_facts(db, source.file).flags;
        all_flags.extend(flags.iter().map(|flag| (source.path.to_owned(), flag.clone())));
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
        let cites =
            flags.iter().take(SHOWN).map(|flag| Cite::new(source.path, flag.line, flag.line)).collect();
        groups.push((flags.len(), ReconFact::new(text, cites)));
    }
    groups.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    facts.extend(groups.into_iter().map(|(_, fact)| fact));
    (facts, all_flags)
}

fn configuration_item(db: &dyn Db, sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut types: Vec<(f64, ReconFact)> = Vec::new();
    let mut env: BTreeMap<String, Cite> = BTreeMap::new();
    let mut files: BTreeMap<String, Cite> = BTreeMap::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for symbol in &file_symbols(db, source.file).symbols {
            let is_config = TYPE_KINDS.contains(&symbol.kind)
                && ["Config", "Configuration", "Settings", "Options", "Preferences"]
                    .iter()
                    .any(|suffix| symbol.name.ends_with(suffix));
            if is_config {
                let text = format!("configuration {} `{}` {CITE}", symbol.kind, symbol.qualified_name);
                types.push((
                    scores[index],
                    ReconFact::new(text, vec![Cite::new(source.path, symbol.start, symbol.end)]),
                ));
            }
        }
        let facts: &FileFacts = file_facts(db, source.file);
        for fact in &facts.env_vars {
            env.entry(fact.text.clone()).or_insert_with(|| Cite::new(source.path, fact.line, fact.line));
        }
        for fact in &facts.config_files {
            files.entry(fact.text.clone()).or_insert_with(|| Cite::new(source.path, fact.line, fact.line));
        }
    }
    types.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    let mut out: Vec<ReconFact> = types.into_iter().map(|(_, fact)| fact).collect();
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

fn extension_points_item(db: &dyn Db, sources: &[SourceInfo<'_>]) -> Vec<ReconFact> {
    // Interfaces and traits by name, with where they are defined.
    let mut interfaces: BTreeMap<&str, (SymbolKind, Cite)> = BTreeMap::new();
    // Go interfaces: their method names; Go types: their method names.
    let mut go_interface_methods: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut go_type_methods: BTreeMap<(&str, &str), (BTreeSet<&str>, Cite)> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        let go = source.path.ends_with(".go");
        let symbols = &file_symbols(db, source.file).symbols;
        for symbol in symbols {
            if matches!(symbol.kind, SymbolKind::Trait | SymbolKind::Interface) {
                interfaces
                    .entry(symbol.name.as_str())
                    .or_insert((symbol.kind, Cite::new(source.path, symbol.start, symbol.end)));
            }
            if go
                && symbol.kind == SymbolKind::Method
                && let Some((owner, method)) = symbol.qualified_name.rsplit_once('.')
            {
                let is_interface_method = symbols.iter().any(|other| {
                    other.kind == SymbolKind::Interface
                        && other.name == owner
                        && other.start <= symbol.start
                        && symbol.end <= other.end
                });
                if is_interface_method {
                    go_interface_methods.entry(owner).or_default().insert(method);
                } else {
                    let dir = source.path.rsplit_once('/').map_or("", |(dir, _)| dir);
                    let entry = go_type_methods.entry((dir, owner)).or_insert_with(|| {
                        (BTreeSet::new(), Cite::new(source.path, symbol.start, symbol.start))
                    });
                    entry.0.insert(method);
                }
            }
        }
    }
    let mut implementors: BTreeMap<&str, BTreeMap<String, Cite>> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        for implementation in &file_facts(db, source.file).implementations {
            if let Some((name, _)) = interfaces.get_key_value(implementation.interface.as_str()) {
                implementors
                    .entry(name)
                    .or_default()
                    .entry(implementation.implementor.clone())
                    .or_insert_with(|| Cite::new(source.path, implementation.line, implementation.line));
            }
        }
    }
    for (interface, methods) in &go_interface_methods {
        for ((_, type_name), (type_methods, cite)) in &go_type_methods {
            if !methods.is_empty() && methods.is_subset(type_methods) {
                implementors
                    .entry(interface)
                    .or_default()
                    .entry((*type_name).to_owned())
                    .or_insert_with(|| cite.clone());
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

fn coupling_item(
    db: &dyn Db,
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    scores: &[f64],
) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // Package import graph, with the first import line of each edge.
    let package_of = |path: &str| -> Option<usize> {
        packages
            .iter()
            .enumerate()
            .filter(|(_, package)| package.contains(path))
            .max_by_key(|(_, package)| package.root.len())
            .map(|(index, _)| index)
    };
    let mut edges: BTreeMap<(usize, usize), Cite> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        let Some(from) = package_of(source.path) else { continue };
        for import in &file_facts(db, source.file).imports {
            let Some(to) = imported_package(packages, &import.text) else { continue };
            if to != from {
                edges.entry((from, to)).or_insert_with(|| Cite::new(source.path, import.line, import.line));
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
    let mut defined_here: HashMap<&str, usize> = HashMap::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        for symbol in &file_symbols(db, source.file).symbols {
            if TYPE_KINDS.contains(&symbol.kind) {
                defined_here.entry(symbol.name.as_str()).or_insert(index);
            }
        }
    }
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); sources.len()];
    let mut name_users: HashMap<&str, usize> = HashMap::new();
    for (index, source) in sources.iter().enumerate() {
        for (name, _) in file_references(db, source.file) {
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
        // The file's most used type.
        let Some(symbol) = file_symbols(db, source.file)
            .symbols
            .iter()
            .filter(|symbol| TYPE_KINDS.contains(&symbol.kind))
            .max_by_key(|symbol| {
                (name_users.get(symbol.name.as_str()).copied().unwrap_or(0), std::cmp::Reverse(symbol.start))
            })
        else {
            continue;
        };
        facts.push(ReconFact::new(
            format!("`{}` defines types that {count} other files use, most of all `{}` {CITE}: changes there ripple widely", source.path, symbol.qualified_name),
            vec![Cite::new(source.path, symbol.start, symbol.end)],
        ));
    }
    facts
}

/// The package an import names, by ecosystem rules: a Rust crate's first path segment, a
/// Go module path prefix, a Python top-level module, an npm package name.
fn imported_package(packages: &[Package], import: &str) -> Option<usize> {
    let first_segment = import.split(['.', ':', '/', '{']).next().unwrap_or(import);
    packages.iter().enumerate().find_map(|(index, package)| {
        let name = package.import_name();
        let matches = match package.ecosystem {
            "go" => import == package.name || import.starts_with(&format!("{}/", package.name)),
            "npm" => import == package.name || import.starts_with(&format!("{}/", package.name)),
            _ => first_segment == name,
        };
        matches.then_some(index)
    })
}

/// The recon as Markdown within `budget` lines (facts are shared out across the items
/// best first, so that every item keeps its most important facts).
pub fn render_markdown(recon: &Recon, budget: usize) -> String {
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
                .and_then(|cite| {
                    recon
                        .packages
                        .iter()
                        .filter(|package| package.contains(&cite.path))
                        .max_by_key(|package| package.root.len())
                });
            match package {
                Some(package) => {
                    let _ = writeln!(out, "- [`{}`] {}", package.name, fact.render());
                }
                None => {
                    let _ = writeln!(out, "- {}", fact.render());
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
pub fn to_json(recon: &Recon) -> serde_json::Value {
    let cite = |cite: &Cite| serde_json::json!({"path": cite.path, "start": cite.start, "end": cite.end});
    let items: serde_json::Map<String, serde_json::Value> = ITEMS
        .iter()
        .zip(&recon.items)
        .map(|(title, facts)| {
            let facts: Vec<serde_json::Value> = facts.iter().map(|fact| serde_json::json!({"text": fact.render(), "citations": fact.cites.iter().map(cite).collect::<Vec<_>>()})).collect();
            ((*title).to_owned(), serde_json::Value::Array(facts))
        })
        .collect();
    serde_json::json!({
        "packages": recon.packages.iter().map(|package| serde_json::json!({
            "name": package.name, "root": package.root, "manifest": package.manifest, "line": package.line,
            "description": package.description, "ecosystem": package.ecosystem,
        })).collect::<Vec<_>>(),
        "items": items,
        "flags": recon.flags.iter().map(|(path, flag)| serde_json::json!({"path": path, "line": flag.line, "long": flag.long, "short": flag.short, "hidden": flag.hidden})).collect::<Vec<_>>(),
        "inferred": recon.inferred,
        "uncertainties": recon.uncertainties,
    })
}
