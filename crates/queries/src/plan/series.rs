//! Section H one PR at a time: the per-PR queries that keep an edit of one PR's text from
//! re-reading the other 999.
//!
//! `pr_split` cuts section H into PRs on every edit of H; `pr_source` projects one PR's
//! source out of it (its text and blocks, positions relative to the PR's own start), so
//! salsa backdates every PR the edit did not touch, also those it moved down. `pr` reads
//! one PR, `pr_links` keeps of it only what other PRs and sections need (its number, its
//! dependencies, whether it has contracts), which backdates on a prose edit. Where each PR
//! starts (`pr_starts`) is read only where positions become absolute
//! (`diagnostics::place`) and by `prs`, the whole series with section-relative positions.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use engine::{Db, PlanFile};

use crate::plan::dag::{Dag, build_dag};
use crate::plan::model::{self, Pr, PrLinks, PrSource};
use crate::plan::outline::SectionId;
use crate::plan::tracked::{authored, section_doc, written_edges};

/// One PR of one plan, by its position in section H: the key of the per-PR queries.
#[salsa::interned(debug)]
pub struct PrKey<'db> {
    #[returns(copy)]
    pub plan: PlanFile,
    #[returns(copy)]
    pub index: u32,
}

/// Section H cut into PRs: where each starts in H, and its source. Re-runs on every edit of
/// H; the per-PR queries read it through [`pr_source`], which backdates.
#[salsa::tracked(returns(ref))]
fn pr_split(db: &dyn Db, plan: PlanFile) -> Vec<(usize, Arc<PrSource>)> {
    let Some(doc) = section_doc(db, plan, SectionId::H).as_ref() else { return Vec::new() };
    let _span = tracing::debug_span!("pr_split").entered();
    // Most sections hold no generated block: read their blocks without copying them.
    let blocks =
        if doc.generated.is_empty() { Cow::Borrowed(&doc.blocks) } else { Cow::Owned(authored(doc)) };
    model::pr_sources(&doc.text, &blocks)
        .into_iter()
        .map(|(start, source)| (start, Arc::new(source)))
        .collect()
}

/// Where each PR starts in section H's text: what turns a PR-relative position into a
/// section-relative one.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr_starts(db: &dyn Db, plan: PlanFile) -> Vec<usize> {
    pr_split(db, plan).iter().map(|(start, _)| *start).collect()
}

/// The number of PRs in section H. Backdates unless a PR is added or removed.
#[salsa::tracked(returns(copy))]
pub(crate) fn pr_count(db: &dyn Db, plan: PlanFile) -> u32 {
    u32::try_from(pr_split(db, plan).len()).unwrap_or(u32::MAX)
}

/// The keys of the PRs of section H, in document order.
pub(crate) fn pr_keys(db: &dyn Db, plan: PlanFile) -> impl Iterator<Item = PrKey<'_>> + '_ {
    (0..pr_count(db, plan)).map(move |index| PrKey::new(db, plan, index))
}

/// One PR's source, relative to its start: equal (so backdated) after an edit of another
/// PR, even one that moved it.
#[salsa::tracked(returns(ref))]
fn pr_source<'db>(db: &'db dyn Db, key: PrKey<'db>) -> Option<Arc<PrSource>> {
    let index = usize::try_from(key.index(db)).ok()?;
    pr_split(db, key.plan(db)).get(index).map(|(_, source)| source.clone())
}

/// One PR read: fields, contracts, tiers, status; ranges relative to the PR's start.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr<'db>(db: &'db dyn Db, key: PrKey<'db>) -> Pr {
    let Some(source) = pr_source(db, key) else { return Pr::default() };
    model::read_pr(source)
}

/// What other PRs and sections need of one PR; backdates when only its prose changed.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr_links<'db>(db: &'db dyn Db, key: PrKey<'db>) -> PrLinks {
    let pr = pr(db, key);
    PrLinks { number: pr.number, depends_on: pr.depends_on.clone(), has_contracts: !pr.contracts.is_empty() }
}

/// Every PR's links, in document order: the narrow view of section H the DAG, the numbering
/// rule and other sections read. Re-runs on an edit of H and backdates on a prose edit.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr_links_all(db: &dyn Db, plan: PlanFile) -> Vec<PrLinks> {
    pr_keys(db, plan).map(|key| pr_links(db, key).clone()).collect()
}

/// The PRs of section H, in document order, with positions relative to the section. Re-runs
/// on every edit of H: rules read single PRs ([`pr`]) or [`pr_links_all`] instead.
#[salsa::tracked(returns(ref))]
pub fn prs(db: &dyn Db, plan: PlanFile) -> Vec<Pr> {
    let starts = pr_starts(db, plan);
    pr_keys(db, plan).zip(starts).map(|(key, start)| pr(db, key).clone().shifted(*start)).collect()
}

/// The numbers of the PRs defined in H: what rules of other sections need of H. Backdates
/// when an edit to H changes prose only.
#[salsa::tracked(returns(ref))]
pub fn pr_numbers(db: &dyn Db, plan: PlanFile) -> BTreeSet<u32> {
    pr_links_all(db, plan).iter().map(|links| links.number).collect()
}

/// The PR dependency graph: `Depends on` fields and the edges of I, merged. Reads only the
/// PRs' links, so a prose edit of a PR does not rebuild it.
#[salsa::tracked(returns(ref))]
pub fn dag(db: &dyn Db, plan: PlanFile) -> Dag {
    build_dag(pr_links_all(db, plan), written_edges(db, plan))
}
