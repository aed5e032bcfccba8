//! The architecture as the code has it: the import edges between building blocks, each
//! listing the import lines that make it, and whether the concept model declares it (an
//! interaction arrow between the two blocks, in either direction: an arrow says what
//! flows, an import says who depends on whom).

use engine::{Db, PlanFile};

use crate::code::imports::import_graph;
use crate::drift::blocks::block_map;
use crate::plan::tracked::concept_model;

/// An import that crosses from one block into another.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub(crate) struct Crossing {
    pub file: String,
    pub line: u32,
    pub to: String,
}

/// Imports from block `from` into block `to` (indices of [`super::blocks::BlockMap`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Coupling {
    pub from: usize,
    pub to: usize,
    pub declared: bool,
    /// Sorted.
    pub imports: Vec<Crossing>,
}

/// The block graph: every coupling the code has, and each declared arrow between two
/// blocks (as a pair of block indices) with whether some import supports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Architecture {
    pub couplings: Vec<Coupling>,
    /// (from, to, seen in code), in the interaction model's order.
    pub arrows: Vec<(usize, usize, bool)>,
}

/// The interaction arrows between two blocks, as block indices, in order: backdates when
/// prose of D changes.
#[salsa::tracked(returns(ref))]
pub(crate) fn block_arrows(db: &dyn Db, plan: PlanFile) -> Vec<(usize, usize)> {
    let model = concept_model(db, plan);
    let index_of = |name: &str| {
        let block = model.resolve(name)?;
        model.blocks.iter().position(|candidate| candidate.name == block.name)
    };
    model
        .interactions
        .iter()
        .filter_map(|interaction| Some((index_of(&interaction.from)?, index_of(&interaction.to)?)))
        .collect()
}

#[salsa::tracked(returns(ref))]
pub(crate) fn architecture(db: &dyn Db, plan: PlanFile) -> Architecture {
    let map = block_map(db, plan);
    if !map.mapped {
        return Architecture::default();
    }
    let declared = block_arrows(db, plan);
    let mut couplings: Vec<Coupling> = Vec::new();
    for edge in import_graph(db).edges() {
        let (Some(from), Some(to)) = (map.block_of(&edge.from), map.block_of(&edge.to)) else { continue };
        if from == to {
            continue;
        }
        let crossing = Crossing { file: edge.from.clone(), line: edge.line, to: edge.to.clone() };
        match couplings.iter_mut().find(|coupling| coupling.from == from && coupling.to == to) {
            Some(coupling) => coupling.imports.push(crossing),
            None => couplings.push(Coupling {
                from,
                to,
                declared: declared.contains(&(from, to)) || declared.contains(&(to, from)),
                imports: vec![crossing],
            }),
        }
    }
    for coupling in &mut couplings {
        coupling.imports.sort();
        coupling.imports.dedup();
    }
    couplings.sort_by_key(|coupling| (coupling.from, coupling.to));
    let seen = |a: usize, b: usize| {
        couplings
            .iter()
            .any(|coupling| (coupling.from, coupling.to) == (a, b) || (coupling.from, coupling.to) == (b, a))
    };
    let arrows = declared.iter().map(|&(from, to)| (from, to, seen(from, to))).collect();
    Architecture { couplings, arrows }
}

/// An ordered pair of blocks of one plan (indices of [`super::blocks::BlockMap`]): the key
/// of the per-pair drift queries, so an import edit re-runs the rules of the pairs whose
/// imports it changes and no other.
#[salsa::interned(debug)]
pub(crate) struct BlockPair<'db> {
    #[returns(copy)]
    pub plan: PlanFile,
    #[returns(copy)]
    pub source: usize,
    #[returns(copy)]
    pub target: usize,
}

/// The imports from block `from` into block `to`, sorted (empty when none): a slice of
/// [`architecture`] that backdates when an edit leaves this pair's imports as they were.
#[salsa::tracked(returns(ref))]
pub(crate) fn pair_imports<'db>(db: &'db dyn Db, pair: BlockPair<'db>) -> Vec<Crossing> {
    let graph = architecture(db, pair.plan(db));
    let key = (pair.source(db), pair.target(db));
    match graph.couplings.binary_search_by_key(&key, |coupling| (coupling.from, coupling.to)) {
        Ok(found) => graph.couplings[found].imports.clone(),
        Err(_) => Vec::new(),
    }
}

/// Whether some import connects blocks `a` and `b`, in either direction.
pub(crate) fn imports_between(db: &dyn Db, plan: PlanFile, a: usize, b: usize) -> bool {
    !pair_imports(db, BlockPair::new(db, plan, a, b)).is_empty()
        || !pair_imports(db, BlockPair::new(db, plan, b, a)).is_empty()
}
