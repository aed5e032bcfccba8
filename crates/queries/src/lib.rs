//! Everything `plan` derives from the engine's inputs.
//!
//! Pure functions of the inputs: no file system, no printing, no clock: the language
//! registry ([`lang`]), symbol and fact extraction ([`symbols`], [`facts`]; run over many
//! files in parallel by [`extract_all`]), the plan model and its rules ([`plan`],
//! [`lints`]), citations ([`citations`]), the recon ([`recon`]) and what `plan build`
//! writes ([`build`]).

pub mod build;
pub mod citations;
pub mod diagnostics;
pub mod facts;
pub mod lang;
pub mod lints;
mod macros;
mod parallel;
pub mod plan;
pub mod recon;
pub mod render;
pub mod symbols;

pub use parallel::{Cancelled, PerFile, extract_all};
