//! The entities of each section, read from its Markdown blocks.
//!
//! Every reader takes the blocks of one section (ranges relative to the section's text)
//! and returns plain data with relative ranges, so that a section's model only changes
//! when that section's text does. Readers accept the ways agents write: sub-headings or
//! bold labels or `Label:` lines, tables or lists, `->` or `→`. One module per section;
//! `fields.rs` is the toolkit they share.

mod concept;
mod cross_cutting;
mod edges;
mod fields;
mod objectives;
mod pr;
mod revisions;
mod risks;

pub(crate) use concept::{ConceptModel, Interaction, concept_model};
pub(crate) use cross_cutting::{CrossCuttingItem, cross_cutting};
pub(crate) use edges::Edge;
pub(crate) use edges::read::dag_edges;
pub(crate) use objectives::{Objectives, objectives};
pub(crate) use pr::read::{pr_sources, read_pr};
pub(crate) use pr::{Pr, PrField, PrLinks, PrSource};
pub(crate) use revisions::{RevisionNote, revision_notes};
pub(crate) use risks::{RiskRegister, risk_register};
