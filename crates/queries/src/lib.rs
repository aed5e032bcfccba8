//! Everything `plan` derives from the engine's inputs.
//!
//! Pure functions of the inputs: no file system, no printing, no clock. Today: the language
//! registry ([`lang`]) and symbol extraction ([`symbols`]), run in parallel by
//! [`extract_all`].

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

pub use parallel::{Cancelled, extract_all};
