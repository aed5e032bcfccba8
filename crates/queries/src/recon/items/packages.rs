//! Item 1: packages and modules with their responsibility (manifests, module documentation).

use engine::Interrupt;
use rustc_hash::FxHashSet;

use crate::recon::model::{CITE, ReconFact, SourceInfo, stable_sort};
use crate::recon::packages::{Package, PackageRoots};
use crate::recon::view::{Anchor, Cite};

pub(crate) fn item(
    packages: &[Package],
    manifests: &[Cite],
    roots: &PackageRoots<'_>,
    sources: &[SourceInfo<'_>],
    scores: &[f64],
    interrupt: &Interrupt,
) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // The package's own documentation: the module doc of its root file (crate root, Go
    // package doc, `__init__.py`, `index`), never a comment of another directory or a lint
    // directive. The best ranked of those (the last of equal scores).
    let mut best_doc: Vec<Option<(f64, &str)>> = vec![None; packages.len()];
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        interrupt.check();
        let Some(doc) = source.view.module_doc.as_deref().filter(|doc| !is_directive(doc)) else { continue };
        for package in roots.containing(source.path.as_str()) {
            if !is_root_file(&packages[package].root, source.path.as_str()) {
                continue;
            }
            if best_doc[package].is_none_or(|(best, _)| scores[index].total_cmp(&best).is_ge()) {
                best_doc[package] = Some((scores[index], doc));
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
    // Go packages (directories), most imported first.
    facts.extend(crate::recon::items::units::go_packages(packages, sources, &mut borrowed_docs));
    facts.extend(crate::recon::items::units::python_packages(sources, &mut borrowed_docs));
    // Modules with documentation, most referenced first.
    let modules: Vec<(f64, &SourceInfo<'_>, &str)> = sources
        .iter()
        .enumerate()
        .filter(|(_, source)| !source.peripheral)
        .filter_map(|(index, source)| {
            source.view.module_doc.as_deref().map(|doc| (scores[index], source, doc))
        })
        .collect();
    let mut modules: Vec<(f64, (&SourceInfo<'_>, &str))> =
        modules.into_iter().map(|(score, source, doc)| (score, (source, doc))).collect();
    stable_sort(&mut modules, |(source, _)| source.path);
    for (_, (source, doc)) in modules {
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

/// Whether `path` is a root file of the package at `root`: its crate root (`src/lib.rs`,
/// `src/main.rs`), a Go file in the root directory, its top `__init__.py`, or an `index`.
fn is_root_file(root: &str, path: &str) -> bool {
    let relative = if root.is_empty() {
        path
    } else {
        path.strip_prefix(root).and_then(|rest| rest.strip_prefix('/')).unwrap_or("")
    };
    if relative.is_empty() {
        return false;
    }
    let (dir, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let depth = if dir.is_empty() { 0 } else { dir.matches('/').count() + 1 };
    let stem = name.split('.').next().unwrap_or(name);
    match depth {
        0 => name.ends_with(".go") || matches!(stem, "lib" | "main" | "index" | "__init__" | "mod"),
        1 | 2 => {
            matches!(name, "lib.rs" | "main.rs" | "__init__.py")
                && (dir == "src" || depth == 1 || dir.starts_with("src/"))
                || stem == "index" && dir == "src"
        }
        _ => false,
    }
}

/// A comment that directs a tool rather than describes the code (`nolint:`, `eslint-`,
/// `noqa`, `go:build`, `@ts-`, a licence header).
fn is_directive(doc: &str) -> bool {
    let lower = doc.trim_start_matches(['/', '#', '*', '!', ' ']).to_ascii_lowercase();
    [
        "nolint",
        "eslint",
        "noqa",
        "go:",
        "+build",
        "@ts-",
        "prettier-",
        "pylint:",
        "type:",
        "copyright",
        "license",
        "spdx-",
        "#!",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_is_described_only_by_its_own_root_files() {
        assert!(is_root_file("crates/core", "crates/core/src/lib.rs"));
        assert!(is_root_file("", "src/main.rs"));
        assert!(is_root_file("", "doc.go"));
        assert!(is_root_file("", "src/click/__init__.py"));
        assert!(is_root_file("web", "web/src/index.ts"));
        assert!(!is_root_file("", "internal/cache/cache.go"), "another directory's package doc");
        assert!(!is_root_file("", "src/click/core/__init__.py"));
        assert!(!is_root_file("crates/core", "crates/core/src/store/mod.rs"));
        assert!(!is_root_file("crates/core", "crates/corex/src/lib.rs"));
        assert!(is_directive("nolint:gocritic // reason"));
        assert!(is_directive("Copyright 2024 The Authors."));
        assert!(!is_directive("The store and its backends."));
    }
}
