//! The repository side: tree-sitter grammars and queries per language, one parse per file
//! into symbols, imports and facts. Knows nothing about plans.

pub(crate) mod analysis;
pub(crate) mod facts;
mod family;
pub(crate) mod imports;
pub(crate) mod lang;
pub(crate) mod lexical;
mod macros;
pub(crate) mod parallel;
pub(crate) mod references;
mod roots;
mod separators;
pub(crate) mod symbols;
pub(crate) mod visibility;
