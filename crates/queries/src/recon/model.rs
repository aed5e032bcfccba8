//! What the recon produces ([`Recon`], [`ReconFact`]) and what its items read of each
//! source file ([`SourceInfo`]).

use engine::{RelPath, SourceFile};

use crate::code::symbols::SymbolKind;

use crate::code::facts::Flag;
use crate::recon::packages::Package;
use crate::recon::roles::FileClass;
use crate::recon::view::{Anchor, Cite, ReconView, TYPE_KINDS, ViewSymbol};

/// Where a citation goes in a fact's text: a control character that no source text holds
/// (a `{}` would collide with format strings quoted from the code).
pub(crate) const CITE: &str = "\u{1}";

/// One confirmed fact: a sentence with [`CITE`] placeholders filled by its citations in
/// order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ReconFact {
    pub text: String,
    pub cites: Vec<Cite>,
    /// Figures behind the fact (reference counts, mentions), shown in JSON only: the
    /// Markdown holds nothing that changes with unrelated files.
    pub detail: String,
    /// Other ways to say the same fact (`text` and `cites` the preferred one): a plan's
    /// block keeps the one it shows while it is still among them (`hysteresis`).
    pub variants: Vec<(String, Vec<Cite>)>,
    /// Its tier in the item's ranking, where the item ranks by tiers (higher is better): a
    /// plan's block keeps a fact it shows while it is within one tier of the cut.
    pub tier: Option<i32>,
}

impl ReconFact {
    pub(crate) fn new(text: impl Into<String>, cites: Vec<Cite>) -> ReconFact {
        ReconFact { text: text.into(), cites, detail: String::new(), variants: Vec::new(), tier: None }
    }

    pub(crate) fn with_detail(mut self, detail: String) -> ReconFact {
        self.detail = detail;
        self
    }

    pub(crate) fn with_tier(mut self, tier: i32) -> ReconFact {
        self.tier = Some(tier);
        self
    }

    pub(crate) fn with_variants(mut self, variants: Vec<(String, Vec<Cite>)>) -> ReconFact {
        self.variants = variants;
        self
    }
}

/// The seven items, in the seed's order, then the architectural constraints proposed from them.
pub(super) const ITEMS: [&str; 8] = [
    "Packages and responsibilities",
    "Core data structures and interfaces",
    "Invariants and assumptions",
    "Entry points and command-line flags",
    "Configuration",
    "Extension points",
    "Coupling and fragility",
    "Architectural constraints (proposed from the code: keep or delete)",
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recon {
    pub packages: Vec<Package>,
    /// The facts of each item of [`ITEMS`], best first.
    pub items: [Vec<ReconFact>; 8],
    /// Every flag found, by file, for the JSON output.
    pub flags: Vec<(Cite, Flag)>,
    pub inferred: Vec<String>,
    pub uncertainties: Vec<String>,
}

/// An item keeps at most this many facts, best first (JSON included): a plan's block shows
/// a few dozen, and a tree of 100,000 files would otherwise carry a fact per type, built and
/// dropped on every recon.
pub(crate) const MAX_FACTS_PER_ITEM: usize = 1000;

/// Names defined in more places than this are too generic (`Error`, `Config`) to carry
/// reference weight.
pub(crate) const MAX_DEFINITIONS_PER_NAME: usize = 20;

/// A source file as the recon sees it.
pub(crate) struct SourceInfo<'db> {
    pub(crate) path: &'db RelPath,
    pub(crate) file: SourceFile,
    pub(crate) class: FileClass,
    /// Not product code: `class` is not [`FileClass::Product`].
    pub(crate) peripheral: bool,
    pub(crate) language: &'static str,
    /// Its package: an index into [`Recon::packages`], by the longest root.
    pub(crate) package: Option<usize>,
    pub(crate) view: &'db ReconView,
    pub(crate) references: &'db [(String, u32)],
    /// Read without parsing it whole (`ReconFile::lexical`).
    pub(crate) lexical: bool,
}

impl SourceInfo<'_> {
    pub(crate) fn cite(&self, anchor: Anchor) -> Cite {
        Cite { path: self.path.clone(), file: self.file, anchor }
    }
}

/// A count's tier for stable ordering: 0 for 0–1, then one per doubling (2–3, 4–7, …).
pub(crate) fn tier(count: usize) -> u32 {
    count.max(1).ilog2()
}

/// A score's tier against `reference`: one per factor of 1.5, so that a small change of
/// the score (one more file using a type) seldom moves it to another tier.
pub(crate) fn score_tier(score: f64, reference: f64) -> i32 {
    if score <= 0.0 || reference <= 0.0 {
        return i32::MIN;
    }
    ((score / reference).ln() / 1.5f64.ln()).floor().clamp(-1000.0, 1000.0) as i32
}

/// The best scores whose geometric mean the tiers are measured against.
const REFERENCE_TOP: usize = 50;

/// Sorts `items` by tiers of score ([`score_tier`] against the geometric mean of the best
/// scores), then by `key`: a file added or removed elsewhere nudges every score a little,
/// seldom moves an item to another tier and never reorders a tier, so the Markdown stays
/// byte-identical. The tiers, in the new order.
pub(crate) fn stable_sort<T, K: Ord>(items: &mut [(f64, T)], key: impl Fn(&T) -> K) -> Vec<i32> {
    items.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best: Vec<f64> =
        items.iter().take(REFERENCE_TOP).map(|(score, _)| *score).filter(|score| *score > 0.0).collect();
    let reference = (best.iter().map(|score| score.ln()).sum::<f64>() / best.len().max(1) as f64).exp();
    items.sort_by(|a, b| {
        score_tier(b.0, reference).cmp(&score_tier(a.0, reference)).then_with(|| key(&a.1).cmp(&key(&b.1)))
    });
    items.iter().map(|(score, _)| score_tier(*score, reference)).collect()
}

/// A TypeScript declaration file (`.d.ts`): its types describe code defined elsewhere.
pub(crate) fn is_declaration_file(path: &str) -> bool {
    [".d.ts", ".d.mts", ".d.cts"].iter().any(|end| path.ends_with(end))
}

/// The view's types.
pub(crate) fn types<'a>(source: &'a SourceInfo<'_>) -> impl Iterator<Item = &'a ViewSymbol> {
    source.view.symbols.iter().filter(|symbol| TYPE_KINDS.contains(&symbol.kind))
}

/// An associated type (`type Item` inside an `impl` or a trait: `Batch::Item` where the
/// file defines `Batch`, `I::Item` on a type parameter, `[T; N]::Item`): part of its owner,
/// not a data structure of its own.
pub(crate) fn associated_type(source: &SourceInfo<'_>, symbol: &ViewSymbol) -> bool {
    let Some((scope, _)) = symbol.qualified_name.rsplit_once("::") else { return false };
    let owner = scope.rsplit("::").next().unwrap_or(scope);
    // A module's name is a lowercase identifier; a type, a type parameter or a type
    // expression is not.
    let module = owner.starts_with(|c: char| c.is_lowercase() || c == '_')
        && owner.chars().all(|c| c.is_alphanumeric() || c == '_');
    symbol.kind == SymbolKind::Type
        && (!module || types(source).any(|other| other.name == owner && other.kind != SymbolKind::Type))
}
