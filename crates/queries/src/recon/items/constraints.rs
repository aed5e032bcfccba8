//! Item 8: architectural constraints proposed from the code (seed B.3): the package layers
//! as observed (each package imports only packages of lower layers) and the packages
//! nothing imports. Each is cited at the package's manifest, for the author to keep as a
//! constraint or delete.

use std::collections::BTreeSet;

use crate::recon::model::{CITE, ReconFact, SourceInfo};
use crate::recon::packages::Package;
use crate::recon::rank::{ImportMatcher, package_imports};
use crate::recon::view::Cite;

/// Fewer packages than this have no layering worth proposing.
const MIN_PACKAGES: usize = 3;

/// Packages named per fact at most (the first by name; "and others" says there are more).
const SHOWN: usize = 8;

/// "`a` (cite), `b` (cite)" for the first [`SHOWN`] of `members`, with their citations.
fn named(packages: &[Package], manifests: &[Cite], members: &[usize]) -> (String, Vec<Cite>) {
    let mut members = members.to_vec();
    members.sort_by(|a, b| packages[*a].name.cmp(&packages[*b].name));
    let shown = &members[..members.len().min(SHOWN)];
    let mut names: Vec<String> =
        shown.iter().map(|&index| format!("`{}` {CITE}", packages[index].name)).collect();
    if members.len() > SHOWN {
        names.push("and others".to_owned());
    }
    (names.join(", "), shown.iter().map(|&index| manifests[index].clone()).collect())
}

pub(crate) fn item(packages: &[Package], manifests: &[Cite], sources: &[SourceInfo<'_>]) -> Vec<ReconFact> {
    if packages.len() < MIN_PACKAGES {
        return Vec::new();
    }
    let imports = package_imports(packages, &ImportMatcher::new(packages), sources);
    let layers = layers(&imports);
    let mut facts = Vec::new();
    let top = layers.iter().copied().max().unwrap_or(0);
    for layer in 0..=top {
        let members: Vec<usize> = (0..packages.len()).filter(|&index| layers[index] == layer).collect();
        if members.is_empty() {
            continue;
        }
        let (names, cites) = named(packages, manifests, &members);
        let verb = if members.len() == 1 { "imports" } else { "import" };
        let rule = if layer == 0 {
            format!("{verb} no other package of the repository")
        } else {
            format!("{verb} only packages of layers below {layer}")
        };
        facts.push(ReconFact::new(format!("layer {layer}: {names} {rule}"), cites));
    }
    let imported: BTreeSet<usize> = imports.iter().flatten().copied().collect();
    let roots: Vec<usize> = (0..packages.len()).filter(|index| !imported.contains(index)).collect();
    if !roots.is_empty() && roots.len() < packages.len() {
        let (names, cites) = named(packages, manifests, &roots);
        facts.push(ReconFact::new(
            format!(
                "nothing in the repository imports {names}: applications, tools or candidates for removal"
            ),
            cites,
        ));
    }
    facts
}

/// Each package's layer: 0 when it imports no other package, else one above the highest
/// layer it imports. Packages in an import cycle share the layer of the cycle (a cycle is
/// reported under coupling).
fn layers(imports: &[BTreeSet<usize>]) -> Vec<usize> {
    let count = imports.len();
    let mut graph: petgraph::graphmap::DiGraphMap<usize, ()> = petgraph::graphmap::DiGraphMap::new();
    for index in 0..count {
        graph.add_node(index);
    }
    for (from, targets) in imports.iter().enumerate() {
        for &to in targets {
            graph.add_edge(from, to, ());
        }
    }
    // Tarjan's components come in reverse topological order: imported ones first.
    let components = petgraph::algo::tarjan_scc(&graph);
    let mut component_of = vec![0usize; count];
    for (component, members) in components.iter().enumerate() {
        for &member in members {
            component_of[member] = component;
        }
    }
    let mut layer_of_component = vec![0usize; components.len()];
    for (component, members) in components.iter().enumerate() {
        let below = members
            .iter()
            .flat_map(|&member| &imports[member])
            .filter(|&&target| component_of[target] != component)
            .map(|&target| layer_of_component[component_of[target]] + 1)
            .max()
            .unwrap_or(0);
        layer_of_component[component] = below;
    }
    (0..count).map(|index| layer_of_component[component_of[index]]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_rise_above_what_they_import_and_cycles_share_one() {
        let set = |items: &[usize]| items.iter().copied().collect::<BTreeSet<usize>>();
        // 0 core; 1 and 2 import core; 3 imports 1 and 2; 4 and 5 import each other and 3.
        let imports = [set(&[]), set(&[0]), set(&[0]), set(&[1, 2]), set(&[5, 3]), set(&[4])];
        assert_eq!(layers(&imports), [0, 1, 1, 2, 3, 3]);
    }
}
