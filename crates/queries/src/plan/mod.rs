//! The plan document: Markdown blocks, the outline of sections, the entities of each
//! section, and the salsa queries that tie them to the `PlanFile` input.

pub(crate) mod cut;
pub(crate) mod dag;
pub(crate) mod headings;
pub(crate) mod label;
pub(crate) mod markdown;
pub(crate) mod micro;
pub(crate) mod model;
pub(crate) mod nesting;
pub(crate) mod outline;
pub(crate) mod refs;
pub(crate) mod series;
#[cfg(test)]
pub(crate) mod synthetic;
pub(crate) mod tracked;

#[cfg(test)]
mod tests;
