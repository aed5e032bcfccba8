//! The rules: one module per rule with its documentation, its check and its fixture test;
//! one registry, sorted by code. Codes are never renumbered or reused.
//!
//! Rules run in salsa queries grouped by the section they belong to
//! ([`section_diagnostics`]), or by the whole document ([`document_diagnostics`]), so an
//! edit to one section re-runs only the rules that read it.

use std::collections::BTreeMap;

use engine::{Db, LockFile, PlanFile};

use crate::diagnostics::{Diagnostic, Placed, Severity, place};
use crate::plan::outline::SectionId;
use crate::plan::tracked::SectionKey;

mod block_count;
mod block_responsibility;
mod citation_changed;
mod citation_invalid;
mod citation_moved;
mod citation_stale;
mod concept_model_too_long;
mod contract_changed_silently;
mod contract_duplicate;
mod crosscutting_unassigned;
mod dag_cycle;
mod dag_mismatch;
mod dag_unknown_pr;
mod extension_point_default;
mod extension_point_unplanned;
mod gate_after_dependent;
mod gate_unknown_pr;
mod generated_block_unbalanced;
mod interaction_unknown_block;
mod missing_section;
mod objective_count;
mod pr_missing_field;
mod pr_numbering;
mod pr_unknown_block;
mod revision_note_undated;
mod risk_table_shape;
mod risk_validation_missing;
mod section_order;
mod state_owner;
mod summary_too_long;
mod tier1_too_long;
mod uncited_claim;

#[cfg(test)]
pub(crate) mod tests;

/// What a rule's check reads.
pub(crate) struct Context<'db> {
    pub(crate) db: &'db dyn Db,
    pub(crate) plan: PlanFile,
    /// The lock; document-level rules read it (citations, contracts).
    pub(crate) lock: Option<LockFile>,
}

/// A rule: its stable code and name, default severity, documentation, and check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line for `plan rules`.
    pub summary: &'static str,
    /// Markdown with `## What it does`, `## Why is this bad?`, `## Example`, for
    /// `plan explain`.
    pub docs: &'static str,
    /// The section whose query runs the rule; `None` for document-level rules.
    pub(crate) section: Option<SectionId>,
    pub(crate) check: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

/// Every rule, sorted by code.
pub static RULES: &[Rule] = &[
    missing_section::RULE,
    section_order::RULE,
    summary_too_long::RULE,
    objective_count::RULE,
    concept_model_too_long::RULE,
    block_count::RULE,
    block_responsibility::RULE,
    state_owner::RULE,
    interaction_unknown_block::RULE,
    extension_point_default::RULE,
    extension_point_unplanned::RULE,
    risk_table_shape::RULE,
    risk_validation_missing::RULE,
    gate_unknown_pr::RULE,
    gate_after_dependent::RULE,
    pr_unknown_block::RULE,
    tier1_too_long::RULE,
    pr_missing_field::RULE,
    contract_duplicate::RULE,
    pr_numbering::RULE,
    contract_changed_silently::RULE,
    dag_cycle::RULE,
    dag_unknown_pr::RULE,
    dag_mismatch::RULE,
    crosscutting_unassigned::RULE,
    citation_invalid::RULE,
    citation_stale::RULE,
    citation_changed::RULE,
    citation_moved::RULE,
    uncited_claim::RULE,
    revision_note_undated::RULE,
    generated_block_unbalanced::RULE,
];

/// The rule with this code (case-insensitive), or with this name.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code.eq_ignore_ascii_case(code_or_name) || rule.name == code_or_name)
}

/// The diagnostics of the rules that belong to one section.
pub fn section_diagnostics(db: &dyn Db, plan: PlanFile, id: SectionId) -> &Vec<Diagnostic> {
    section_diagnostics_query(db, SectionKey::new(db, plan, id))
}

#[salsa::tracked(returns(ref))]
fn section_diagnostics_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Vec<Diagnostic> {
    let (plan, id) = (key.plan(db), key.id(db));
    let _span = tracing::debug_span!("section_diagnostics", section = ?id).entered();
    let context = Context { db, plan, lock: None };
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|rule| rule.section == Some(id)) {
        (rule.check)(&context, &mut out);
    }
    out
}

/// The diagnostics of the document-level rules (sections present and in order, revision
/// notes, generated-block markers, citations, contracts against the lock).
#[salsa::tracked(returns(ref))]
pub fn document_diagnostics(db: &dyn Db, plan: PlanFile, lock: LockFile) -> Vec<Diagnostic> {
    let context = Context { db, plan, lock: Some(lock) };
    let mut out = Vec::new();
    for rule in RULES.iter().filter(|rule| rule.section.is_none()) {
        (rule.check)(&context, &mut out);
    }
    out
}

/// Severity overrides from `plan.toml`: `allow` drops a rule's diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleLevels {
    pub levels: BTreeMap<&'static str, Level>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

impl RuleLevels {
    /// Parses `code = "allow" | "warn" | "deny"` pairs; unknown codes and levels are errors
    /// naming what is wrong.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<RuleLevels, String> {
        let mut levels = BTreeMap::new();
        for (code, level) in pairs {
            let Some(rule) = rule(code) else {
                return Err(format!("unknown rule `{code}` (see `plan rules`)"));
            };
            let level = match level {
                "allow" => Level::Allow,
                "warn" | "warning" => Level::Warn,
                "deny" | "error" => Level::Deny,
                other => {
                    return Err(format!(
                        "rule {code}: unknown level `{other}` (expected \"allow\", \"warn\" or \"deny\")"
                    ));
                }
            };
            levels.insert(rule.code, level);
        }
        Ok(RuleLevels { levels })
    }

    fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        match self.levels.get(diagnostic.code) {
            None => Some(diagnostic),
            Some(Level::Allow) => None,
            Some(Level::Warn) => {
                diagnostic.severity = Severity::Warning;
                Some(diagnostic)
            }
            Some(Level::Deny) => {
                diagnostic.severity = Severity::Error;
                Some(diagnostic)
            }
        }
    }
}

/// Every diagnostic of the plan, placed in its text and sorted by position.
pub fn check_plan(db: &dyn Db, plan: PlanFile, lock: LockFile, levels: &RuleLevels) -> Vec<Placed> {
    let _span = tracing::info_span!("check_plan").entered();
    let mut all: Vec<Diagnostic> = document_diagnostics(db, plan, lock).clone();
    for id in SectionId::ALL {
        all.extend(section_diagnostics(db, plan, id).iter().cloned());
    }
    place(db, plan, all.into_iter().filter_map(|diagnostic| levels.apply(diagnostic)))
}

/// The contracts changed since the lock without an explaining revision note.
pub(crate) fn unexplained_contract_changes(context: &Context<'_>) -> Vec<(u32, String)> {
    contract_changed_silently::unexplained_changes(context)
}

/// The hash a revision note is recorded under in the lock.
pub(crate) fn revision_note_hash(text: &str) -> u64 {
    contract_changed_silently::note_hash(text)
}

/// The plan's citations with `status`, and where each is (section-relative), for the
/// citation rules.
pub(crate) fn citations_with_status(
    context: &Context<'_>,
    status: crate::citations::resolve::Status,
) -> Vec<(crate::citations::PlacedCitation, crate::diagnostics::Location)> {
    let Some(lock) = context.lock else { return Vec::new() };
    crate::citations::plan_citations(context.db, context.plan, lock)
        .into_iter()
        .filter(|citation| citation.resolution.status == status)
        .map(|citation| {
            let location =
                crate::diagnostics::Location::Section(citation.section, citation.site.citation.range.clone());
            (citation, location)
        })
        .collect()
}

/// The heading line of a section (relative range), where section-wide diagnostics point.
pub(crate) fn heading_range(text: &str) -> std::ops::Range<usize> {
    0..text.find('\n').unwrap_or(text.len())
}

/// The heading range of section `id`, if present.
pub(crate) fn section_heading(context: &Context<'_>, id: SectionId) -> Option<std::ops::Range<usize>> {
    crate::plan::tracked::section_text(context.db, context.plan, id).as_ref().map(|text| heading_range(text))
}

/// The PR numbers defined in H.
pub(crate) fn defined_prs(context: &Context<'_>) -> std::collections::BTreeSet<u32> {
    crate::plan::tracked::pr_numbers(context.db, context.plan).clone()
}
