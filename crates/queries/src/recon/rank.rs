//! How much the rest of the code leans on each file and package: PageRank over "file A
//! refers to a type defined in file B", and which packages import which.

use engine::Interrupt;
use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use crate::recon::model::{MAX_DEFINITIONS_PER_NAME, SourceInfo, types};
use crate::recon::packages::{Ecosystem, Package};
use crate::recon::resolve::Resolver;

/// A score per source file: PageRank over "file A refers to a type defined in file B".
pub(crate) fn rank_files(
    sources: &[SourceInfo<'_>],
    resolver: &Resolver<'_>,
    interrupt: &Interrupt,
) -> Vec<f64> {
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
        interrupt.check();
        for (name, uses) in source.references {
            let Some(files) =
                definers.get(name.as_str()).filter(|files| files.len() <= MAX_DEFINITIONS_PER_NAME)
            else {
                continue;
            };
            // Of same-named definitions, the ones this file most likely means.
            let others: Vec<usize> = files.iter().copied().filter(|&target| target != index).collect();
            let meant: Vec<usize> =
                if others.len() > 1 { resolver.meant(index, &others).collect() } else { others };
            for &target in &meant {
                outgoing[index].push((target, f64::from(*uses) / meant.len() as f64));
            }
        }
    }
    pagerank(&outgoing, 30, interrupt)
}

fn pagerank(outgoing: &[Vec<(usize, f64)>], iterations: usize, interrupt: &Interrupt) -> Vec<f64> {
    let count = outgoing.len();
    if count == 0 {
        return Vec::new();
    }
    let damping = 0.85;
    let totals: Vec<f64> =
        outgoing.iter().map(|edges| edges.iter().map(|(_, weight)| weight).sum()).collect();
    let mut rank = vec![1.0 / count as f64; count];
    for _ in 0..iterations {
        interrupt.check();
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

/// Which package an import names, by ecosystem rules: a Rust crate's first path segment, a
/// Go module path prefix, a Python top-level module, an npm package name. Hash lookups of
/// the import's prefixes, so that matching is linear in the imports, not in imports times
/// packages.
pub(crate) struct ImportMatcher<'a> {
    /// Cargo and Python packages by import name: the first of each name.
    by_segment: HashMap<String, usize>,
    /// Go and npm packages by name, matched by the whole import or a `/` prefix of it.
    by_path: HashMap<&'a str, usize>,
}

impl<'a> ImportMatcher<'a> {
    pub(crate) fn new(packages: &'a [Package]) -> ImportMatcher<'a> {
        let mut by_segment = HashMap::default();
        let mut by_path = HashMap::default();
        for (index, package) in packages.iter().enumerate() {
            match package.ecosystem {
                Ecosystem::Go | Ecosystem::Npm => {
                    by_path.entry(package.name.as_str()).or_insert(index);
                }
                _ => {
                    by_segment.entry(package.import_name()).or_insert(index);
                }
            }
        }
        // A renamed dependency is imported by its alias, when no package has that name.
        let mut crates: HashMap<&str, usize> = HashMap::default();
        for (index, package) in packages.iter().enumerate().filter(|(_, p)| p.ecosystem == Ecosystem::Cargo) {
            crates.entry(package.name.as_str()).or_insert(index);
        }
        for (alias, name) in packages.iter().flat_map(|package| &package.renames) {
            if let Some(&target) = crates.get(name.as_str()) {
                by_segment.entry(alias.replace('-', "_")).or_insert(target);
            }
        }
        ImportMatcher { by_segment, by_path }
    }

    /// The first package (in [`Recon::packages`] order) that `import` names.
    pub(crate) fn package(&self, import: &str) -> Option<usize> {
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
pub(crate) fn package_imports(
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
