//! The plan's salsa queries, in pipeline order.
//!
//! `plan_outline` finds the sections of the whole text. `section_text` projects one
//! section's text out of it: it re-executes on every edit, but its value only changes when
//! that section's text does, so salsa backdates it and nothing downstream of an untouched
//! section re-executes. Everything after it (`section_doc`, the models, the rules) works
//! with positions relative to the section, so an edit that shifts a section down the
//! document does not invalidate it either.

use std::ops::Range;
use std::sync::Arc;

use engine::{Db, PlanFile};

use crate::plan::markdown::{self, Block};
use crate::plan::model::{
    self, ConceptModel, CrossCuttingItem, Edge, Objectives, RevisionNote, RiskRegister,
};
use crate::plan::outline::{self, Outline, SectionId};

/// The outline of the whole plan: section boundaries, revision notes, generated blocks.
#[salsa::tracked(returns(ref))]
pub fn plan_outline(db: &dyn Db, plan: PlanFile) -> Outline {
    let text = plan.text(db);
    let _span = tracing::debug_span!("plan_outline", bytes = text.len()).entered();
    outline::outline(text, &markdown::blocks(text))
}

/// One section of one plan: the key of the per-section queries.
#[salsa::interned(debug)]
pub struct SectionKey<'db> {
    #[returns(copy)]
    pub plan: PlanFile,
    #[returns(copy)]
    pub id: SectionId,
}

/// The text of one section, from its heading to its end; `None` when the plan lacks it.
/// The first occurrence counts when a section appears twice.
pub(crate) fn section_text(db: &dyn Db, plan: PlanFile, id: SectionId) -> &Option<Arc<str>> {
    section_text_query(db, SectionKey::new(db, plan, id))
}

#[salsa::tracked(returns(ref))]
fn section_text_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Option<Arc<str>> {
    let span = plan_outline(db, key.plan(db)).section(key.id(db))?;
    key.plan(db).text(db).get(span.range.clone()).map(Arc::from)
}

/// A section parsed into blocks, with its generated blocks' content ranges. Positions are
/// relative to the section's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SectionDoc {
    pub text: Arc<str>,
    pub blocks: Vec<Block>,
    /// Content ranges of the generated blocks (between their markers, markers included).
    pub generated: Vec<Range<usize>>,
}

impl SectionDoc {
    /// Non-blank lines after the heading line, generated blocks excluded.
    pub(crate) fn body_lines(&self) -> u32 {
        let body_start = crate::line_index::next_line_start(&self.text, 0);
        let mut count = 0u32;
        let mut offset = body_start;
        for line in crate::line_index::lines_inclusive(&self.text[body_start..]) {
            let generated = self.generated.iter().any(|range| range.start <= offset && offset < range.end);
            if !generated && !line.trim().is_empty() {
                count += 1;
            }
            offset += line.len();
        }
        count
    }

    /// Blocks outside generated blocks.
    pub(crate) fn authored_blocks(&self) -> impl Iterator<Item = &Block> {
        self.blocks.iter().filter(|block| {
            !self
                .generated
                .iter()
                .any(|range| range.start <= block.range.start && block.range.start < range.end)
        })
    }
}

/// One section parsed; `None` when the plan lacks it.
pub(crate) fn section_doc(db: &dyn Db, plan: PlanFile, id: SectionId) -> &Option<SectionDoc> {
    section_doc_query(db, SectionKey::new(db, plan, id))
}

/// [`section_doc`] by key, for other per-section queries.
pub(crate) fn section_doc_for<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> &'db Option<SectionDoc> {
    section_doc_query(db, key)
}

#[salsa::tracked(returns(ref))]
fn section_doc_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Option<SectionDoc> {
    let text = section_text_query(db, key).as_ref()?;
    let _span = tracing::debug_span!("section_doc", section = ?key.id(db)).entered();
    Some(parse_section(text.clone()))
}

fn parse_section(text: Arc<str>) -> SectionDoc {
    let blocks = markdown::blocks(&text);
    let inner = outline::outline(&text, &blocks);
    let generated = inner.generated.iter().map(|block| block.begin.start..block.end.end).collect();
    SectionDoc { text, blocks, generated }
}

/// The blocks of a section outside its generated blocks.
pub(crate) fn authored(doc: &SectionDoc) -> Vec<Block> {
    doc.authored_blocks().cloned().collect()
}

#[salsa::tracked(returns(ref))]
pub fn objectives(db: &dyn Db, plan: PlanFile) -> Objectives {
    section_doc(db, plan, SectionId::C)
        .as_ref()
        .map(|doc| model::objectives(&authored(doc)))
        .unwrap_or_default()
}

/// The concept model: building blocks, interactions, invariants, extension points and
/// state ownership.
#[salsa::tracked(returns(ref))]
pub fn concept_model(db: &dyn Db, plan: PlanFile) -> ConceptModel {
    section_doc(db, plan, SectionId::D)
        .as_ref()
        .map(|doc| model::concept_model(&authored(doc)))
        .unwrap_or_default()
}

#[salsa::tracked(returns(ref))]
pub fn risk_register(db: &dyn Db, plan: PlanFile) -> RiskRegister {
    section_doc(db, plan, SectionId::E)
        .as_ref()
        .map(|doc| model::risk_register(&authored(doc)))
        .unwrap_or_default()
}

#[salsa::tracked(returns(ref))]
pub fn cross_cutting(db: &dyn Db, plan: PlanFile) -> Vec<CrossCuttingItem> {
    section_doc(db, plan, SectionId::G)
        .as_ref()
        .map(|doc| model::cross_cutting(&authored(doc)))
        .unwrap_or_default()
}

/// The names of the building blocks: what rules of other sections need of D.
#[salsa::tracked(returns(ref))]
pub fn block_names(db: &dyn Db, plan: PlanFile) -> Vec<String> {
    concept_model(db, plan).blocks.iter().map(|block| block.name.clone()).collect()
}

/// The edges written in section I (its generated block excluded).
#[salsa::tracked(returns(ref))]
pub fn written_edges(db: &dyn Db, plan: PlanFile) -> Vec<Edge> {
    let Some(doc) = section_doc(db, plan, SectionId::I).as_ref() else { return Vec::new() };
    model::dag_edges(&doc.text, &doc.blocks, &doc.generated)
}

/// The revision notes and where they are (relative to the revisions section).
#[salsa::tracked(returns(ref))]
pub fn revision_notes(db: &dyn Db, plan: PlanFile) -> Vec<RevisionNote> {
    let Some(range) = plan_outline(db, plan).revisions.clone() else { return Vec::new() };
    let text = plan.text(db).get(range).unwrap_or("");
    model::revision_notes(&markdown::blocks(text))
}
