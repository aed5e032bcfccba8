//! The rules: one module per rule with its documentation, its check and its fixture test;
//! one registry, sorted by code. Codes are never renumbered or reused.
//!
//! Rules run in salsa queries grouped by the section they belong to
//! ([`section_diagnostics`]), or by the whole document ([`document_diagnostics`]), so an
//! edit to one section re-runs only the rules that read it. The drift rules, which read the
//! code, run one query per rule ([`drift_diagnostics`]), so a code edit re-runs none of the
//! prose rules.

use std::collections::BTreeMap;

use engine::{Db, LockFile, PlanFile};

use crate::diagnostics::{Diagnostic, Placed, Rule, Severity, place};
use crate::lints::context::{Context, Lint};
use crate::plan::outline::SectionId;
use crate::plan::series::{PrText, pr_texts};
use crate::plan::tracked::SectionKey;

mod arrow_not_seen;
mod block_count;
mod block_path_unmatched;
mod block_paths_overlap;
mod block_responsibility;
mod block_without_code;
mod build_would_change;
mod citation_changed;
mod citation_invalid;
mod citation_moved;
mod citation_stale;
mod concept_model_too_long;
mod context;
mod contract_changed_silently;
mod contract_duplicate;
mod crosscutting_unassigned;
mod dag_cycle;
mod dag_mismatch;
mod dag_unknown_pr;
mod doc_drift;
mod extension_point_default;
mod extension_point_unplanned;
mod gate_after_dependent;
mod gate_unknown_pr;
mod generated_block_crosses_structure;
mod generated_block_nested;
mod generated_block_outdated;
mod generated_block_unbalanced;
mod interaction_unknown_block;
mod lock_missing;
mod lock_unreadable;
mod micro;
mod micro_block_mismatch;
mod micro_contract_untraced;
mod micro_criterion_not_checklist;
mod micro_edge_case_missing;
mod micro_item_missing;
mod micro_section_missing;
mod micro_section_order;
mod micro_status_mismatch;
mod micro_unknown_pr;
mod micro_unlinked;
mod missing_section;
mod nothing_read;
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
mod suppression;
mod tier1_too_long;
mod uncited_claim;
mod undeclared_coupling;
mod unowned_file;

#[cfg(test)]
mod micro_tests;
#[cfg(test)]
pub(crate) mod tests;

/// Every rule, sorted by code.
static LINTS: [&Lint; 56] = [
    &missing_section::RULE,
    &section_order::RULE,
    &summary_too_long::RULE,
    &objective_count::RULE,
    &concept_model_too_long::RULE,
    &block_count::RULE,
    &block_responsibility::RULE,
    &state_owner::RULE,
    &interaction_unknown_block::RULE,
    &extension_point_default::RULE,
    &extension_point_unplanned::RULE,
    &risk_table_shape::RULE,
    &risk_validation_missing::RULE,
    &gate_unknown_pr::RULE,
    &gate_after_dependent::RULE,
    &pr_unknown_block::RULE,
    &tier1_too_long::RULE,
    &pr_missing_field::RULE,
    &contract_duplicate::RULE,
    &pr_numbering::RULE,
    &contract_changed_silently::RULE,
    &dag_cycle::RULE,
    &dag_unknown_pr::RULE,
    &dag_mismatch::RULE,
    &crosscutting_unassigned::RULE,
    &citation_invalid::RULE,
    &citation_stale::RULE,
    &citation_changed::RULE,
    &citation_moved::RULE,
    &uncited_claim::RULE,
    &revision_note_undated::RULE,
    &generated_block_unbalanced::RULE,
    &nothing_read::RULE,
    &lock_missing::RULE,
    &generated_block_outdated::RULE,
    &build_would_change::RULE,
    &generated_block_crosses_structure::RULE,
    &generated_block_nested::RULE,
    &lock_unreadable::RULE,
    &block_path_unmatched::RULE,
    &undeclared_coupling::RULE,
    &doc_drift::RULE,
    &block_paths_overlap::RULE,
    &block_without_code::RULE,
    &arrow_not_seen::RULE,
    &unowned_file::RULE,
    &micro_unlinked::RULE,
    &micro_unknown_pr::RULE,
    &micro_section_missing::RULE,
    &micro_section_order::RULE,
    &micro_item_missing::RULE,
    &micro_contract_untraced::RULE,
    &micro_criterion_not_checklist::RULE,
    &micro_status_mismatch::RULE,
    &micro_edge_case_missing::RULE,
    &micro_block_mismatch::RULE,
];

/// The first code of the micro-plan rules: PLAN090–PLAN099 are the tail of [`LINTS`]
/// (sorted by code), run by [`micro_diagnostics`] only.
const FIRST_MICRO_CODE: &str = "PLAN090";

fn micro_lints() -> &'static [&'static Lint] {
    &LINTS[LINTS.partition_point(|lint| lint.rule.code < FIRST_MICRO_CODE)..]
}

fn is_micro(lint: &Lint) -> bool {
    lint.rule.code >= FIRST_MICRO_CODE
}

/// The macro plan's rules that run on micro-plans too: their citations, claims about
/// existing code without one, and their lock.
const SHARED_WITH_MICRO: [&str; 6] = ["PLAN060", "PLAN061", "PLAN062", "PLAN063", "PLAN064", "PLAN078"];

/// The drift rules of section D (PLAN080–PLAN089 with a section): they read the code's
/// import graph and file list, so they run in [`drift_diagnostics`], each memoized on its
/// own, not with the section's prose rules.
fn is_drift(lint: &Lint) -> bool {
    lint.section.is_some() && ("PLAN080".."PLAN090").contains(&lint.rule.code)
}

/// The rules of section H that read one PR each: they run in [`pr_diagnostics`], one query
/// per PR, so an edit of one PR re-runs them on that PR only.
const PER_PR: [&str; 4] = ["PLAN030", "PLAN031", "PLAN032", "PLAN033"];

fn is_per_pr(lint: &Lint) -> bool {
    PER_PR.contains(&lint.rule.code)
}

/// Every rule, sorted by code.
pub fn rules() -> impl ExactSizeIterator<Item = &'static Rule> {
    LINTS.iter().map(|lint| &lint.rule)
}

/// The rule with this code (case-insensitive), or with this name.
pub fn rule(code_or_name: &str) -> Option<&'static Rule> {
    rules().find(|rule| rule.code.eq_ignore_ascii_case(code_or_name) || rule.name == code_or_name)
}

/// PLAN062 citation-changed: what `plan build --accept` settles.
pub static CITATION_CHANGED: &Rule = &citation_changed::RULE.rule;

/// PLAN063 citation-moved: an error under `plan check` ([`crate::gate`]).
pub(crate) static CITATION_MOVED: &Rule = &citation_moved::RULE.rule;

/// Whether an HTML comment on a diagnostic's line silences it (`<!-- plan:allow … -->`).
pub(crate) use suppression::Suppressions;

/// PLAN074 and PLAN075: reported by [`crate::gate`] from a build's output.
pub(crate) static GENERATED_BLOCK_OUTDATED: &Lint = &generated_block_outdated::RULE;
pub(crate) static BUILD_WOULD_CHANGE: &Lint = &build_would_change::RULE;

/// The diagnostics of the rules that belong to one section.
pub(crate) fn section_diagnostics(db: &dyn Db, plan: PlanFile, id: SectionId) -> &Vec<Diagnostic> {
    section_diagnostics_query(db, SectionKey::new(db, plan, id))
}

#[salsa::tracked(returns(ref))]
fn section_diagnostics_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Vec<Diagnostic> {
    let (plan, id) = (key.plan(db), key.id(db));
    let _span = tracing::debug_span!("section_diagnostics", section = ?id).entered();
    let mut cx = Context::new(db, plan, None);
    for lint in LINTS.iter().filter(|lint| lint.section == Some(id) && !is_drift(lint) && !is_per_pr(lint)) {
        (lint.check)(&mut cx);
    }
    if id == SectionId::H {
        for text in pr_texts(db, plan) {
            cx.extend(pr_diagnostics(db, text).iter().cloned());
        }
    }
    cx.finish()
}

/// The diagnostics of the per-PR rules ([`PER_PR`]) for one PR, at positions relative to
/// the PR's start: equal after an edit of another PR, even one that moved this one.
#[salsa::tracked(returns(ref))]
fn pr_diagnostics<'db>(db: &'db dyn Db, text: PrText<'db>) -> Vec<Diagnostic> {
    let mut cx = Context::for_pr(db, text);
    for lint in LINTS.iter().filter(|lint| is_per_pr(lint)) {
        (lint.check)(&mut cx);
    }
    cx.finish()
}

/// One rule of one plan: the key of [`lint_diagnostics`].
#[salsa::interned(debug)]
struct LintKey<'db> {
    #[returns(copy)]
    plan: PlanFile,
    /// Index into [`LINTS`].
    #[returns(copy)]
    index: usize,
}

/// The diagnostics of the drift rules, each rule a query of its own: an import edit
/// re-runs the rules (and, inside PLAN081, the block pairs) whose inputs it changed.
#[salsa::tracked(returns(ref))]
pub(crate) fn drift_diagnostics(db: &dyn Db, plan: PlanFile) -> Vec<Diagnostic> {
    let drift = LINTS.iter().enumerate().filter(|(_, lint)| is_drift(lint));
    drift.flat_map(|(index, _)| lint_diagnostics(db, LintKey::new(db, plan, index)).iter().cloned()).collect()
}

#[salsa::tracked(returns(ref))]
fn lint_diagnostics<'db>(db: &'db dyn Db, key: LintKey<'db>) -> Vec<Diagnostic> {
    let lint = LINTS[key.index(db)];
    let _span = tracing::debug_span!("lint_diagnostics", rule = lint.rule.code).entered();
    let mut cx = Context::new(db, key.plan(db), None);
    (lint.check)(&mut cx);
    cx.finish()
}

/// The diagnostics of the document-level rules (sections present and in order, revision
/// notes, generated-block markers, citations, contracts against the lock).
#[salsa::tracked(returns(ref))]
pub fn document_diagnostics(db: &dyn Db, plan: PlanFile, lock: LockFile) -> Vec<Diagnostic> {
    let mut cx = Context::new(db, plan, Some(lock));
    for lint in LINTS.iter().filter(|lint| lint.section.is_none() && !is_micro(lint)) {
        (lint.check)(&mut cx);
    }
    cx.finish()
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

    pub(crate) fn apply(&self, mut diagnostic: Diagnostic) -> Option<Diagnostic> {
        match self.levels.get(diagnostic.rule.code) {
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

/// Every diagnostic of the plan, placed in its text and sorted by position, except those
/// silenced on their line (`<!-- plan:allow PLAN031 -->`).
pub fn check_plan(db: &dyn Db, plan: PlanFile, lock: LockFile, levels: &RuleLevels) -> Vec<Placed> {
    let _span = tracing::info_span!("check_plan").entered();
    let allowed = Suppressions::of(plan.text(db));
    all_placed(db, plan, lock, levels).into_iter().filter(|placed| !allowed.allow(placed)).collect()
}

/// The diagnostics an HTML comment on their line silenced (`<!-- plan:allow PLAN031 -->`,
/// codes or names, several separated by spaces or commas), for the JSON report.
pub fn suppressed_diagnostics(
    db: &dyn Db,
    plan: PlanFile,
    lock: LockFile,
    levels: &RuleLevels,
) -> Vec<Placed> {
    let allowed = Suppressions::of(plan.text(db));
    all_placed(db, plan, lock, levels).into_iter().filter(|placed| allowed.allow(placed)).collect()
}

fn all_placed(db: &dyn Db, plan: PlanFile, lock: LockFile, levels: &RuleLevels) -> Vec<Placed> {
    let mut all: Vec<Diagnostic> = document_diagnostics(db, plan, lock).clone();
    for id in SectionId::ALL {
        all.extend(section_diagnostics(db, plan, id).iter().cloned());
    }
    all.extend(drift_diagnostics(db, plan).iter().cloned());
    place(db, plan, all.into_iter().filter_map(|diagnostic| levels.apply(diagnostic)))
}

/// The diagnostics of one micro-plan (`micro`, set by `Database::set_micro_plan`, with its
/// own `lock`) read against the macro plan: one query per micro-plan, so an edit of one
/// re-runs its own. The micro-plan rules, and the citation rules as the macro plan has them.
#[salsa::tracked(returns(ref))]
pub(crate) fn micro_diagnostics(
    db: &dyn Db,
    micro: PlanFile,
    macro_plan: PlanFile,
    lock: LockFile,
) -> Vec<Diagnostic> {
    let _span = tracing::debug_span!("micro_diagnostics").entered();
    let mut cx = Context::micro(db, micro, macro_plan, lock);
    let shared = LINTS.iter().filter(|lint| SHARED_WITH_MICRO.contains(&lint.rule.code));
    for lint in micro_lints().iter().chain(shared) {
        (lint.check)(&mut cx);
    }
    cx.finish()
}

/// Every diagnostic of a micro-plan, placed in its text, except those silenced on their line.
pub fn check_micro_plan(
    db: &dyn Db,
    micro: PlanFile,
    macro_plan: PlanFile,
    lock: LockFile,
    levels: &RuleLevels,
) -> Vec<Placed> {
    let allowed = Suppressions::of(micro.text(db));
    let diagnostics = micro_diagnostics(db, micro, macro_plan, lock).iter().cloned();
    place(db, micro, diagnostics.filter_map(|diagnostic| levels.apply(diagnostic)))
        .into_iter()
        .filter(|placed| !allowed.allow(placed))
        .collect()
}
