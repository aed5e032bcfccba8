//! Item 7: coupling and fragility: package import cycles, the most depended-on packages
//! and files.

use engine::Interrupt;
use std::collections::{BTreeMap, BTreeSet};

use petgraph::graphmap::DiGraphMap;
use rustc_hash::FxHashMap as HashMap;

use crate::recon::model::{CITE, ReconFact, SourceInfo, associated_type, is_declaration_file, tier, types};
use crate::recon::packages::Package;
use crate::recon::rank::ImportMatcher;
use crate::recon::view::{Anchor, Cite, FactList, ViewSymbol};

pub(crate) fn item(
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    scores: &[f64],
    interrupt: &Interrupt,
) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    // Package import graph, with the first import line of each edge.
    let matcher = ImportMatcher::new(packages);
    let mut edges: BTreeMap<(usize, usize), Cite> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        interrupt.check();
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
        grouped.sort_by(|a, b| tier(b.1.len()).cmp(&tier(a.1.len())).then(a.0.cmp(&b.0)));
        grouped
    };
    let fan_in = by_count(|&(_, to)| to).into_iter().map(|(package, cites)| {
        let text = format!("`{}` is imported by other packages", packages[package].name);
        (text, cites)
    });
    let fan_out = by_count(|&(from, _)| from).into_iter().take(3).map(|(package, cites)| {
        (format!("`{}` imports several other packages", packages[package].name), cites)
    });
    for (text, cites) in fan_in.chain(fan_out) {
        let shown: Vec<Cite> = cites.into_iter().take(3).collect();
        let placeholders = vec![CITE; shown.len()].join(", ");
        facts.push(ReconFact::new(format!("{text} ({placeholders})"), shown));
    }
    facts.extend(central_files(sources, scores));
    facts
}

/// The files whose types the most other files use.
fn central_files(sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
    let mut facts = Vec::new();
    let defined_here = sole_definers(sources);
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
    // By tiers of user counts, then by path: one more user elsewhere seldom reorders them.
    ranked.sort_by(|a, b| tier(b.0).cmp(&tier(a.0)).then(sources[a.2].path.cmp(sources[b.2].path)));
    // Twice what a plan shows, so that a file nudged below the cut keeps its place there
    // (`hysteresis`).
    for (count, _, index) in ranked.into_iter().take(10) {
        let source = &sources[index];
        let used = |symbol: &ViewSymbol| name_users.get(symbol.name.as_str()).copied().unwrap_or(0);
        let mut candidates: Vec<&ViewSymbol> =
            types(source).filter(|symbol| defined_here.get(symbol.name.as_str()) == Some(&index)).collect();
        // The file's most used type, the first of equals; any type with at least half its
        // users is a variant, so that a plan's block keeps naming the one it names while one
        // user more or less elsewhere tips the balance.
        candidates.sort_by_key(|symbol| (std::cmp::Reverse(used(symbol)), symbol.index));
        let Some(&best) = candidates.first() else { continue };
        let sentence = |symbol: &ViewSymbol| {
            let text = format!(
                "`{}` defines types that many other files use, most of all `{}` {CITE}: changes there ripple widely",
                source.path, symbol.qualified_name
            );
            (text, vec![source.cite(Anchor::Symbol(symbol.index))])
        };
        let variants = candidates[1..]
            .iter()
            .filter(|symbol| used(symbol) * 2 >= used(best))
            .map(|symbol| sentence(symbol));
        let (text, cites) = sentence(best);
        facts.push(
            ReconFact::new(text, cites)
                .with_detail(format!("used by {count} other files"))
                .with_tier(tier(count) as i32)
                .with_variants(variants.collect()),
        );
    }
    facts
}

/// The file defining each type name, for names one code file defines (a `.d.ts` twin is
/// not where a type is defined; a name several files define is nobody's). Associated types
/// (`Batch::Item`) and types in tests are left out: their bare names are everyone's.
fn sole_definers<'a>(sources: &'a [SourceInfo<'_>]) -> HashMap<&'a str, usize> {
    let mut code: HashMap<&str, Option<usize>> = HashMap::default();
    let mut declared: HashMap<&str, usize> = HashMap::default();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        let declaration = is_declaration_file(source.path.as_str());
        for symbol in types(source).filter(|symbol| !symbol.in_test && !associated_type(source, symbol)) {
            let name = symbol.name.as_str();
            if declaration {
                declared.entry(name).or_insert(index);
            } else {
                code.entry(name)
                    .and_modify(|definer| *definer = definer.filter(|&at| at == index))
                    .or_insert(Some(index));
            }
        }
    }
    for (name, index) in declared {
        code.entry(name).or_insert(Some(index));
    }
    code.into_iter().filter_map(|(name, definer)| Some((name, definer?))).collect()
}
