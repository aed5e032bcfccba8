//! Item 1: packages and modules with their responsibility (manifests, module documentation).

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
