//! Item 5: configuration (configuration types, environment variables, configuration files).

use std::collections::BTreeMap;

use crate::recon::model::{CITE, ReconFact, SourceInfo, stable_sort, types};
use crate::recon::view::{Anchor, Cite, FactList};

pub(crate) fn item(sources: &[SourceInfo<'_>], scores: &[f64]) -> Vec<ReconFact> {
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
    let tiers = stable_sort(&mut types_found, |fact| fact.cites.clone());
    let mut out: Vec<ReconFact> =
        types_found.into_iter().zip(tiers).map(|((_, fact), tier)| fact.with_tier(tier)).collect();
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
