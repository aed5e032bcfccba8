//! The plan document: Markdown blocks, the outline of sections, the entities of each
//! section, and the salsa queries that tie them to the `PlanFile` input.

pub mod dag;
pub mod label;
pub mod markdown;
pub mod model;
pub mod outline;
pub mod refs;
pub mod synthetic;
pub mod tracked;

#[cfg(test)]
mod tests;
