//! Micro-plans: one PR's implementation plan, in one of the document profiles of
//! `profile.rs` (seed 000's `implementation`, seed 001's `task`), read by `read.rs` into the
//! model of `model.rs`, one tracked query per micro-plan file (`query.rs`).

pub(crate) mod claims;
mod inputs;
pub(crate) mod model;
pub(crate) mod profile;
pub(crate) mod query;
mod read;
pub(crate) mod skeleton;

#[cfg(test)]
pub(crate) mod tests;
