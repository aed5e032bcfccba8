//! What the recon produces ([`Recon`], [`ReconFact`]) and what its items read of each
//! source file ([`SourceInfo`]).

use engine::{RelPath, SourceFile};

use crate::code::facts::Flag;
use crate::recon::packages::Package;
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
}

impl ReconFact {
    pub(crate) fn new(text: impl Into<String>, cites: Vec<Cite>) -> ReconFact {
        ReconFact { text: text.into(), cites }
    }
}

/// The seven items, in the seed's order.
pub(super) const ITEMS: [&str; 7] = [
    "Packages and responsibilities",
    "Core data structures and interfaces",
    "Invariants and assumptions",
    "Entry points and command-line flags",
    "Configuration",
    "Extension points",
    "Coupling and fragility",
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recon {
    pub packages: Vec<Package>,
    /// The facts of each item of [`ITEMS`], best first.
    pub items: [Vec<ReconFact>; 7],
    /// Every flag found, by file, for the JSON output.
    pub flags: Vec<(Cite, Flag)>,
    pub inferred: Vec<String>,
    pub uncertainties: Vec<String>,
}

/// Names defined in more places than this are too generic (`Error`, `Config`) to carry
/// reference weight.
pub(crate) const MAX_DEFINITIONS_PER_NAME: usize = 20;

/// A source file as the recon sees it.
pub(crate) struct SourceInfo<'db> {
    pub(crate) path: &'db RelPath,
    pub(crate) file: SourceFile,
    pub(crate) peripheral: bool,
    pub(crate) language: &'static str,
    /// Its package: an index into [`Recon::packages`], by the longest root.
    pub(crate) package: Option<usize>,
    pub(crate) view: &'db ReconView,
    pub(crate) references: &'db [(String, u32)],
}

impl SourceInfo<'_> {
    pub(crate) fn cite(&self, anchor: Anchor) -> Cite {
        Cite { path: self.path.clone(), file: self.file, anchor }
    }
}

/// The view's types.
pub(crate) fn types<'a>(source: &'a SourceInfo<'_>) -> impl Iterator<Item = &'a ViewSymbol> {
    source.view.symbols.iter().filter(|symbol| TYPE_KINDS.contains(&symbol.kind))
}
