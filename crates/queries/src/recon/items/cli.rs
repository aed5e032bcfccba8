//! Item 4: entry points and the command-line flag surface.

use crate::code::facts::Flag;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::recon::model::{CITE, ReconFact, SourceInfo};
use crate::recon::packages::{Ecosystem, Package, built_by_name, built_from};
use crate::recon::render::code_span;
use crate::recon::view::{Anchor, Cite, FactList};

fn flag_name(flag: &Flag) -> String {
    match (&flag.long, &flag.short) {
        (Some(long), Some(short)) => format!("--{long}/-{short}"),
        (Some(long), None) => format!("--{long}"),
        (None, Some(short)) => format!("-{short}"),
        (None, None) => String::new(),
    }
}

pub(crate) fn item(packages: &[Package], sources: &[SourceInfo<'_>]) -> (Vec<ReconFact>, Vec<(Cite, Flag)>) {
    let mut facts = entry_points(packages, sources);
    let mut all_flags = Vec::new();
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

/// How sure it is that a file is a product entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EntryTier {
    /// A manifest names it (Cargo `[[bin]]`, package.json `bin`/`main`, pyproject scripts).
    Declared,
    /// The ecosystem's convention: `src/main.rs`, `src/bin/*`, `cmd/*/main.go`, a root
    /// `main.go`, `__main__.py`.
    Conventional,
    /// A library package's API (a sub-package's package.json `main`, `module`, `exports`):
    /// shown only when nothing is declared or conventional.
    Library,
    /// Any other `main` outside tests, examples and scripts.
    Other,
}

/// Which packages are the project's tools rather than its product ([`Package::is_tooling`],
/// [`Package::is_unpublished`], members of a crate that is a program: [`root_program`]), by
/// index.
fn tooling(packages: &[Package], root_program: bool) -> Vec<bool> {
    // In a repository that publishes npm packages, its unpublished ones are its tools.
    let publishes = packages.iter().any(|package| package.ecosystem == Ecosystem::Npm && !package.private);
    // A repository crate that is a program (`cargo`, `wasmtime`): its workspace members'
    // programs are the project's tools (`xtask-*`, generators, fuzz drivers), as `cmd/*`
    // beside a Go module's root program are.
    let member_program =
        |package: &Package| root_program && package.ecosystem == Ecosystem::Cargo && !package.root.is_empty();
    packages
        .iter()
        .map(|package| package.is_tooling() || package.is_unpublished(publishes) || member_program(package))
        .collect()
}

/// Whether the repository's own crate is a program: it declares binaries, or has a
/// `src/main.rs` or `src/bin/` with a `main`.
fn root_program(packages: &[Package], sources: &[SourceInfo<'_>]) -> bool {
    packages.iter().any(|package| {
        package.ecosystem == Ecosystem::Cargo
            && package.root.is_empty()
            && (!package.entries.is_empty()
                || sources.iter().any(|source| {
                    let path = source.path.as_str();
                    (path == "src/main.rs" || path.starts_with("src/bin/"))
                        && !source.view.entrypoints.is_empty()
                }))
    })
}

/// The library root of the repository's own crate when that crate is a library and not a
/// program (`pyo3`, `tantivy`): the product's entry, shown beside its members' programs.
fn root_library(packages: &[Package], root_program: bool) -> Option<&str> {
    if root_program {
        return None;
    }
    let root =
        packages.iter().find(|package| package.ecosystem == Ecosystem::Cargo && package.root.is_empty())?;
    root.library_entries.first().map(String::as_str)
}

/// Entry points, product ones first: declared by a manifest, then by convention; any other
/// `main` only when neither exists.
fn entry_points(packages: &[Package], sources: &[SourceInfo<'_>]) -> Vec<ReconFact> {
    let root_program = root_program(packages, sources);
    let tools = tooling(packages, root_program);
    let root_library = root_library(packages, root_program);
    let product = || packages.iter().zip(&tools).filter(|(_, tool)| !**tool).map(|(package, _)| package);
    let mut declared: FxHashMap<&str, Option<&str>> = product()
        .flat_map(|package| &package.entries)
        .map(|(path, function)| (path.as_str(), function.as_deref()))
        .collect();
    let mut library: FxHashSet<&str> =
        product().flat_map(|package| &package.library_entries).map(String::as_str).collect();
    let (by_name, library_by_name) = built_by_names(packages, sources);
    declared.extend(by_name.into_iter().map(|path| (path, None)));
    library.extend(library_by_name);
    // A Go module whose root is a program: `cmd/*` next to it are the project's tools.
    let root_go_program =
        sources.iter().any(|source| source.path.as_str() == "main.go" && !source.view.entrypoints.is_empty());
    let mut found: Vec<(EntryTier, ReconFact)> = Vec::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        let path = source.path.as_str();
        let tier = match declared.get(path) {
            _ if source.package.is_some_and(|index| tools[index]) => EntryTier::Other,
            Some(_) => EntryTier::Declared,
            None if undeclared_bin(packages, source) => EntryTier::Other,
            None if root_library == Some(path) => EntryTier::Declared,
            None if library.contains(path) => EntryTier::Library,
            None if root_go_program && path.starts_with("cmd/") && path.ends_with(".go") => EntryTier::Other,
            // A Go program below `internal/` cannot be installed from outside its module: a
            // driver or generator of the project's own (`internal/analysis/x/cmd/x`).
            None if path.ends_with(".go") && path.split('/').any(|part| part == "internal") => {
                EntryTier::Other
            }
            None if is_conventional(path) => EntryTier::Conventional,
            None => EntryTier::Other,
        };
        for (index, entry) in source.view.entrypoints.iter().enumerate() {
            found.push((
                tier,
                ReconFact::new(
                    format!("entry point {} {CITE}", code_span(entry)),
                    vec![source.cite(Anchor::Fact(FactList::Entrypoint, index as u32))],
                ),
            ));
        }
        if !source.view.entrypoints.is_empty() {
            continue;
        }
        // A declared entry without a `main` of its own: the function the manifest names, or
        // the file.
        let Some(function) = declared.get(path).or(library.contains(path).then_some(&None)) else { continue };
        let named =
            function.and_then(|function| source.view.functions.iter().find(|(_, name)| name == function));
        let fact = match named {
            Some((index, name)) => ReconFact::new(
                format!("entry point `{name}` {CITE}"),
                vec![source.cite(Anchor::SymbolStart(*index))],
            ),
            // An empty file has no line 1 to cite (and nothing to run).
            None if source.view.empty => continue,
            None => ReconFact::new(
                format!("entry point `{}` {CITE}", source.path),
                vec![source.cite(Anchor::Lines(1, 1))],
            ),
        };
        found.push((tier, fact));
    }
    // Declared and conventional entries together; otherwise only the best tier there is.
    let best = found.iter().map(|(tier, _)| *tier).min();
    let cutoff = best.map_or(EntryTier::Conventional, |best| best.max(EntryTier::Conventional));
    found.retain(|(tier, _)| *tier <= cutoff);
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cites.cmp(&b.1.cites)));
    found.into_iter().map(|(_, fact)| fact).collect()
}

/// The sources of declared paths into a build directory (`dist/parseAst.js`) that no
/// conventional source stands for ([`built_from`]): the one product source file of the
/// package with the built file's name ([`built_by_name`]), when exactly one has it and no
/// other entry of the package leads to a source. The declared entries' and the library
/// entries' apart.
fn built_by_names<'s>(packages: &[Package], sources: &'s [SourceInfo<'_>]) -> (Vec<&'s str>, Vec<&'s str>) {
    let present: FxHashSet<&str> = sources.iter().map(|source| source.path.as_str()).collect();
    // Whether the path, or a source it is built from by convention, is present; `None` when
    // neither is and the path lies outside a build directory (no source is known for it).
    let resolved = |package: &Package, path: &str| {
        let candidates = built_from(package, path);
        let found = present.contains(path) || candidates.iter().any(|c| present.contains(c.as_str()));
        (found || !candidates.is_empty()).then_some(found)
    };
    let unresolved = |package: &Package, path: &str| resolved(package, path) == Some(false);
    let by_name = |index: usize, path: &str| {
        let package = &packages[index];
        let mut named = sources.iter().filter(|source| {
            !source.peripheral
                && source.package == Some(index)
                && built_by_name(package, path, source.path.as_str())
        });
        match (named.next(), named.next()) {
            (Some(source), None) => Some(source.path.as_str()),
            _ => None,
        }
    };
    let (mut declared, mut library) = (Vec::new(), Vec::new());
    for (index, package) in packages.iter().enumerate() {
        // A package whose manifest already leads to a source (an export's `source`, a
        // conventional `src/index.ts`) has its entry: a same-named file elsewhere in it is a
        // shim that requires the build output (`LexicalA11y.js`), not what it is built from.
        let entries = package.entries.iter().map(|(path, _)| path).chain(&package.library_entries);
        if entries.clone().any(|path| resolved(package, path) == Some(true)) {
            continue;
        }
        for (path, _) in &package.entries {
            if unresolved(package, path) {
                declared.extend(by_name(index, path));
            }
        }
        for path in &package.library_entries {
            if unresolved(package, path) {
                library.extend(by_name(index, path));
            }
        }
    }
    (declared, library)
}

/// A file under `src/bin/` of a Cargo package that declares its binaries only
/// (`autobins = false`): a module of a binary, not one.
fn undeclared_bin(packages: &[Package], source: &SourceInfo<'_>) -> bool {
    source.package.map(|index| &packages[index]).is_some_and(|package| {
        let bin = if package.root.is_empty() {
            "src/bin/".to_owned()
        } else {
            format!("{}/src/bin/", package.root)
        };
        !package.autobins && source.path.as_str().starts_with(&bin)
    })
}

/// The conventional place of a program's `main` in its ecosystem (a Go `main.go` below
/// `internal/` is ranked apart, as tooling).
fn is_conventional(path: &str) -> bool {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let parent = dir.rsplit('/').next().unwrap_or("");
    match name {
        "main.rs" => parent == "src" || dir.contains("src/bin"),
        "main.go" => dir.is_empty() || dir.split('/').any(|part| part == "cmd") || !dir.contains('/'),
        "__main__.py" => true,
        _ => name.ends_with(".rs") && dir.ends_with("src/bin"),
    }
}
