//! The seven items of the recon, in the seed's order, and the proposed architectural
//! constraints; each ranks its own facts.

pub(crate) mod cli;
pub(crate) mod configuration;
pub(crate) mod constraints;
pub(crate) mod coupling;
pub(crate) mod extension_points;
pub(crate) mod invariants;
pub(crate) mod packages;
pub(crate) mod structures;
pub(crate) mod units;

#[cfg(test)]
mod tests;
