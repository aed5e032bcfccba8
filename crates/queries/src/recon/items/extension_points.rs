//! Item 6: extension points: traits and interfaces with their implementations (Go's by
//! method sets).

use engine::Interrupt;
use std::collections::{BTreeMap, BTreeSet};

use crate::code::symbols::SymbolKind;
use crate::recon::model::{CITE, ReconFact, SourceInfo, tier};
use crate::recon::view::{Anchor, Cite, FactList};

pub(crate) fn item(sources: &[SourceInfo<'_>], interrupt: &Interrupt) -> Vec<ReconFact> {
    // Interfaces and traits by name, with where they are defined.
    let mut interfaces: BTreeMap<&str, (SymbolKind, Cite)> = BTreeMap::new();
    // Go interfaces: their method names; Go types: their method names.
    let mut go_interface_methods: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut go_type_methods: BTreeMap<(&str, &str), (BTreeSet<&str>, Cite)> = BTreeMap::new();
    for source in sources.iter().filter(|source| !source.peripheral) {
        interrupt.check();
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
    let mut facts: Vec<(u32, ReconFact)> = Vec::new();
    for (name, (kind, cite)) in &interfaces {
        let Some(implementations) = implementors.get(name) else { continue };
        const SHOWN: usize = 4;
        let names: Vec<String> =
            implementations.keys().take(SHOWN).map(|implementor| format!("`{implementor}` {CITE}")).collect();
        let more = if implementations.len() > SHOWN { " and others".to_owned() } else { String::new() };
        let text = format!("{kind} `{name}` {CITE}, implemented by {}{more}", names.join(", "));
        let mut cites = vec![cite.clone()];
        cites.extend(implementations.values().take(SHOWN).cloned());
        let detail = format!("{} implementations", implementations.len());
        facts.push((tier(implementations.len()), ReconFact::new(text, cites).with_detail(detail)));
    }
    // By tiers of implementation counts (1, 2–3, 4–7, …), then by place: one more
    // implementation elsewhere seldom reorders the list.
    facts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cites.cmp(&b.1.cites)));
    facts.into_iter().map(|(tier, fact)| fact.with_tier(tier as i32)).collect()
}
