//! The Drift Analyzer: the concept model's building blocks mapped to files (`Paths:`,
//! [`blocks`]), and the import graph lifted to blocks ([`couplings`]), for the drift rules
//! (PLAN080–PLAN086) and `plan arch`. Joins the code side (`code/imports`) and the
//! document side (`plan/`), which do not know each other.

pub(crate) mod affected;
pub(crate) mod blocks;
pub(crate) mod couplings;
pub(crate) mod docs;
pub(crate) mod globs;
pub(crate) mod render;

#[cfg(test)]
mod tests;
