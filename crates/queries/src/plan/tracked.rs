//! The plan's salsa queries, in pipeline order.
//!
//! `plan_parse` parses the whole text once per edit: its outline (`plan_outline`) and each
//! section's blocks, cut out of the same parse ([`WholeParse::cut`]). `section_doc` and
//! `section_text` project one section out of it: they re-execute on every edit, but their
//! value only changes when that section's text does, so salsa backdates them and nothing
//! downstream of an untouched section re-executes. Everything after them (the models, the
//! rules) works with positions relative to the section, so an edit that shifts a section
//! down the document does not invalidate it either.

use std::ops::Range;
use std::sync::Arc;

use engine::{Db, PlanFile};

use crate::plan::cut::WholeParse;
use crate::plan::markdown::{self, Block};
use crate::plan::model::{
    self, ConceptModel, CrossCuttingItem, Edge, Objectives, RevisionNote, RiskRegister,
};
use crate::plan::outline::{self, Outline, SectionId};

/// The outline of the whole plan: section boundaries, revision notes, generated blocks.
#[salsa::tracked(returns(ref))]
pub fn plan_outline(db: &dyn Db, plan: PlanFile) -> Outline {
    plan_parse(db, plan).outline.clone()
}

/// The plan parsed once: its outline, and each section parsed ([`SectionDoc`]), cut out of
/// the same parse where that is exact ([`WholeParse::cut`]). Re-runs on every edit; the
/// per-section queries project out of it and backdate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PlanParse {
    outline: Outline,
    sections: Vec<(SectionId, Arc<SectionDoc>)>,
}

#[salsa::tracked(returns(ref))]
fn plan_parse(db: &dyn Db, plan: PlanFile) -> PlanParse {
    let text = plan.text(db);
    let _span = tracing::debug_span!("plan_parse", bytes = text.len()).entered();
    let (mut whole, blocks) = WholeParse::new(text);
    let outline = outline::outline(text, &blocks);
    drop(blocks);
    let mut sections = Vec::new();
    for id in SectionId::ALL {
        let Some(span) = outline.section(id) else { continue };
        let Some(section) = text.get(span.range.clone()) else { continue };
        let blocks = whole.cut(text, span.range.clone()).unwrap_or_else(|| markdown::blocks(section));
        sections.push((id, Arc::new(section_doc_of(Arc::from(section), blocks))));
    }
    PlanParse { outline, sections }
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
pub(crate) fn section_doc(db: &dyn Db, plan: PlanFile, id: SectionId) -> Option<&SectionDoc> {
    section_doc_query(db, SectionKey::new(db, plan, id)).as_deref()
}

/// [`section_doc`] by key, for other per-section queries.
pub(crate) fn section_doc_for<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Option<&'db SectionDoc> {
    section_doc_query(db, key).as_deref()
}

/// One section's [`SectionDoc`] projected out of [`plan_parse`]: re-runs on every edit and
/// backdates unless the section's text changed.
#[salsa::tracked(returns(ref))]
fn section_doc_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Option<Arc<SectionDoc>> {
    let sections = &plan_parse(db, key.plan(db)).sections;
    sections.iter().find(|(id, _)| *id == key.id(db)).map(|(_, doc)| doc.clone())
}

/// A section's text and its blocks made a [`SectionDoc`].
fn section_doc_of(text: Arc<str>, blocks: Vec<Block>) -> SectionDoc {
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
    section_doc(db, plan, SectionId::C).map(|doc| model::objectives(&authored(doc))).unwrap_or_default()
}

/// The concept model: building blocks, interactions, invariants, extension points and
/// state ownership.
#[salsa::tracked(returns(ref))]
pub fn concept_model(db: &dyn Db, plan: PlanFile) -> ConceptModel {
    section_doc(db, plan, SectionId::D).map(|doc| model::concept_model(&authored(doc))).unwrap_or_default()
}

#[salsa::tracked(returns(ref))]
pub fn risk_register(db: &dyn Db, plan: PlanFile) -> RiskRegister {
    section_doc(db, plan, SectionId::E).map(|doc| model::risk_register(&authored(doc))).unwrap_or_default()
}

#[salsa::tracked(returns(ref))]
pub fn cross_cutting(db: &dyn Db, plan: PlanFile) -> Vec<CrossCuttingItem> {
    section_doc(db, plan, SectionId::G).map(|doc| model::cross_cutting(&authored(doc))).unwrap_or_default()
}

/// The names of the building blocks: what rules of other sections need of D.
#[salsa::tracked(returns(ref))]
pub fn block_names(db: &dyn Db, plan: PlanFile) -> Vec<String> {
    concept_model(db, plan).blocks.iter().map(|block| block.name.clone()).collect()
}

/// The edges written in section I (its generated block excluded).
#[salsa::tracked(returns(ref))]
pub fn written_edges(db: &dyn Db, plan: PlanFile) -> Vec<Edge> {
    let Some(doc) = section_doc(db, plan, SectionId::I) else { return Vec::new() };
    model::dag_edges(&doc.text, &doc.blocks, &doc.generated)
}

/// The revision notes and where they are (relative to the revisions section).
#[salsa::tracked(returns(ref))]
pub fn revision_notes(db: &dyn Db, plan: PlanFile) -> Vec<RevisionNote> {
    let Some(range) = plan_outline(db, plan).revisions.clone() else { return Vec::new() };
    let text = plan.text(db).get(range).unwrap_or("");
    model::revision_notes(&markdown::blocks(text))
}
