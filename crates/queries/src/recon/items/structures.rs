//! Item 2: core data structures and interfaces, ranked by how much the rest of the code
//! refers to them, from files that can see them.

use engine::Interrupt;
use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashMap as HashMap, FxHashSet};

use crate::recon::model::{
    CITE, MAX_DEFINITIONS_PER_NAME, MAX_FACTS_PER_ITEM, ReconFact, SourceInfo, associated_type,
    is_declaration_file, stable_sort, types,
};
use crate::recon::packages::Package;
use crate::recon::rank::{ImportMatcher, package_imports};
use crate::recon::resolve::{Resolver, shared_names};
use crate::recon::view::{Anchor, Reach, ViewSymbol};

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

/// How much each documentation file naming a type (up to three) raises its score.
const DOC_WEIGHT: f64 = 30.0;

/// How much more a type weighs when an architecture document's prose gives its name as
/// code (`docs::Mentions::named`). Measured on the four truth sets in
/// scripts/recon-truth (mean R@25 of dev / held-out / unseen / fresh): 0 gives
/// 0.65 / 0.70 / 0.63 / 0.61, 1 gives 0.69 / 0.72 / 0.64 / 0.65, 2 gives
/// 0.69 / 0.77 / 0.63 / 0.70, 3 gives 0.69 / 0.79 / 0.62 / –.
const NAMED_WEIGHT: f64 = 2.0;

pub(crate) fn item(
    packages: &[Package],
    sources: &[SourceInfo<'_>],
    scores: &[f64],
    resolver: &Resolver<'_>,
    (doc_mentions, doc_named): (&FxHashMap<&str, u32>, &FxHashMap<&str, u32>),
    interrupt: &Interrupt,
) -> Vec<ReconFact> {
    let credit = Credit::new(packages, sources, scores, resolver, interrupt);
    let (defined_in, in_code) = definitions_by_name(sources);
    // Facts are written for the kept ones only.
    let mut definitions: Vec<(f64, Ranked<'_>)> = Vec::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        interrupt.check();
        let declaration = is_declaration_file(source.path.as_str());
        // One entry per name and file: `#[cfg]` alternatives and merged declarations are
        // one type.
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for symbol in types(source) {
            if !seen.insert(symbol.qualified_name.as_str()) {
                continue;
            }
            if symbol.in_test
                || associated_type(source, symbol)
                || declaration && in_code.contains(symbol.name.as_str())
            {
                continue;
            }
            let definers = defined_in.get(symbol.name.as_str()).copied().unwrap_or(1);
            if definers > MAX_DEFINITIONS_PER_NAME {
                continue;
            }
            let (others, rank) = credit.of(index, symbol.name.as_str(), symbol.reach);
            let mentions = doc_mentions.get(symbol.name.as_str()).copied().unwrap_or(0);
            if others == 0.0 && mentions == 0 {
                continue;
            }
            let prelude = if PRELUDE_NAMES.contains(&symbol.name.as_str()) { 0.05 } else { 1.0 };
            // The rank that flows to this definition from the files that mean it, weighted by
            // the square root of how many files use it (measured against the truth set in
            // scripts/recon-truth: a linear weight favours types used everywhere a little,
            // R@25 0.58 against 0.55), raised when the project's docs name it.
            let named = doc_named.get(symbol.name.as_str()).copied().unwrap_or(0);
            let docs = (1.0 + DOC_WEIGHT * f64::from(mentions.min(3)))
                * (1.0 + NAMED_WEIGHT * f64::from(named.min(1)));
            let share = (rank * others.max(1.0).sqrt() * prelude).max(f64::MIN_POSITIVE) * docs;
            definitions.push((share, (symbol.qualified_name.as_str(), index, symbol, others, mentions)));
        }
    }
    // Ordered as the facts' cites are: by name, then path, then anchor.
    let tiers =
        stable_sort(&mut definitions, |&(name, index, symbol, ..)| (name, sources[index].path, symbol.index));
    definitions.truncate(MAX_FACTS_PER_ITEM);
    definitions
        .into_iter()
        .zip(tiers)
        .map(|((_, (_, index, symbol, others, mentions)), tier)| {
            let text = format!("{} `{}` {CITE}", symbol.kind, symbol.qualified_name);
            let detail =
                format!("referred to from {others:.0} other files; named in {mentions} documentation files");
            ReconFact::new(text, vec![sources[index].cite(Anchor::Symbol(symbol.index))])
                .with_detail(detail)
                .with_tier(tier)
        })
        .collect()
}

/// A ranked definition: its name, its source's index, the symbol, the other files
/// referring to it and the documentation files naming it.
type Ranked<'a> = (&'a str, usize, &'a ViewSymbol, f64, u32);

/// Who refers to which definition: the files using each name, which packages can see
/// which, and which of same-named definitions a file means.
struct Credit<'s, 'db> {
    sources: &'s [SourceInfo<'db>],
    scores: &'s [f64],
    imports: Vec<BTreeSet<usize>>,
    /// For each name, the files using it: (file index, uses, the file's total uses).
    users: HashMap<&'s str, Vec<(usize, f64, f64)>>,
    resolver: &'s Resolver<'s>,
    /// Names defined in more than one product file, with those files.
    shared: HashMap<&'s str, Vec<usize>>,
    /// For each name in `shared` that `item` ranks (defined at most
    /// `MAX_DEFINITIONS_PER_NAME` times), per user of it (as `users` lists them): which of
    /// those files the user means ([`Resolver::best_affinity`]), once per name rather than
    /// once per definition of it.
    meant: HashMap<&'s str, Vec<(u32, u32)>>,
}

impl<'s, 'db> Credit<'s, 'db> {
    fn new(
        packages: &[Package],
        sources: &'s [SourceInfo<'db>],
        scores: &'s [f64],
        resolver: &'s Resolver<'s>,
        interrupt: &Interrupt,
    ) -> Self {
        let imports = package_imports(packages, &ImportMatcher::new(packages), sources);
        let mut users: HashMap<&str, Vec<(usize, f64, f64)>> = HashMap::default();
        for (index, source) in sources.iter().enumerate() {
            interrupt.check();
            let total: f64 = source.references.iter().map(|(_, uses)| f64::from(*uses)).sum();
            for (name, uses) in source.references {
                users.entry(name.as_str()).or_default().push((index, f64::from(*uses), total));
            }
        }
        let shared = shared_names(
            sources
                .iter()
                .enumerate()
                .filter(|(_, source)| !source.peripheral && !is_declaration_file(source.path.as_str()))
                .flat_map(|(index, source)| types(source).map(move |symbol| (symbol.name.as_str(), index))),
        );
        let meant = shared
            .iter()
            // A name defined more often is not ranked (`item`).
            .filter(|(_, namesakes)| namesakes.len() <= MAX_DEFINITIONS_PER_NAME)
            .filter_map(|(&name, namesakes)| {
                let users = users.get(name)?;
                let best = users.iter().map(|&(user, ..)| resolver.best_affinity(user, namesakes)).collect();
                Some((name, best))
            })
            .collect();
        Credit { sources, scores, imports, users, resolver, shared, meant }
    }

    /// How many other files that can name it ([`Reach`]) refer to the definition of `name`
    /// with `reach` in file `index` (a file torn between same-named definitions counts for
    /// a share), and the rank that flows to it from them.
    fn of(&self, index: usize, name: &str, reach: Reach) -> (f64, f64) {
        let package = self.sources[index].package;
        // A file can refer to a package's types from inside that package or from a package
        // that imports it: a same-named type elsewhere gets no credit.
        let can_refer = |from: Option<usize>| match (from, package) {
            (Some(from), Some(to)) => from == to || self.imports[from].contains(&to),
            _ => true,
        };
        let namesakes = self.shared.get(name).map(Vec::as_slice).unwrap_or(&[]);
        if !namesakes.is_empty() && !namesakes.contains(&index) {
            return (0.0, 0.0);
        }
        let meant = self.meant.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let (mut others, mut rank) = (0.0, 0.0);
        for (at, &(user, uses, total)) in
            self.users.get(name).map(Vec::as_slice).unwrap_or(&[]).iter().enumerate()
        {
            if user == index
                || !can_refer(self.sources[user].package)
                || !self.resolver.can_name(user, index, reach)
            {
                continue;
            }
            // Of same-named definitions, only those the user most likely means.
            let weight = match meant.get(at) {
                Some(&(best, count)) => {
                    if self.resolver.affinity(user, index) != best {
                        continue;
                    }
                    1.0 / f64::from(count)
                }
                None => 1.0,
            };
            others += weight;
            if total > 0.0 {
                rank += self.scores[user] * uses / total * weight;
            }
        }
        (others, rank)
    }
}

/// How many product files define each type name, and the names defined in code (not only
/// in declaration files: a `.d.ts` twin then collapses into the definition it describes).
fn definitions_by_name<'a>(sources: &'a [SourceInfo<'_>]) -> (HashMap<&'a str, usize>, FxHashSet<&'a str>) {
    let mut defined_in: HashMap<&str, usize> = HashMap::default();
    let mut in_code: FxHashSet<&str> = FxHashSet::default();
    for source in sources.iter().filter(|source| !source.peripheral) {
        if is_declaration_file(source.path.as_str()) {
            continue;
        }
        for symbol in types(source) {
            *defined_in.entry(symbol.name.as_str()).or_default() += 1;
            in_code.insert(symbol.name.as_str());
        }
    }
    (defined_in, in_code)
}
