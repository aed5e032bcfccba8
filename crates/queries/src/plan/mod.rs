//! The plan document: Markdown blocks, the outline of sections, the entities of each
//! section, and the salsa queries that tie them to the `PlanFile` input.

pub mod markdown;
pub mod outline;
