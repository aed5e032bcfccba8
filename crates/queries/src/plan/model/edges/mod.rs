//! I: the DAG as written. Edges come from lines with arrows (`PR0 -> PR1, PR2`,
//! `PR0 → {PR1 ∥ PR2} → PR3`, `PR2 depends on PR0 and PR1`), from mermaid blocks (`-->`,
//! `-.->`, `==>`, chains, `A & B --> C`, edge labels, node labels naming PRs, subgraphs),
//! from Graphviz and plain pictures that are only PR ids and arrows, and from tables only
//! when their header says what a column means (`| PR | Depends on |`). Other tables
//! (waves, summaries), pictures with junctions, and lines that list an order rather than
//! dependencies (`Merge order: PR0 → PR1 → PR2`) give no edges, unless nothing else does.

pub(crate) mod mermaid;
pub(crate) mod read;
pub(crate) mod text;

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: u32,
    pub to: u32,
    pub range: Range<usize>,
}
