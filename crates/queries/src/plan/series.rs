//! Section H one PR at a time: the per-PR queries that keep an edit of one PR's text from
//! re-reading the other 999.
//!
//! `pr_split` cuts section H into PRs on every edit of H and creates one [`PrText`] per PR,
//! a tracked struct whose one tracked field is the PR's source (its text and blocks,
//! positions relative to the PR's own start): salsa keeps the field's revision when the
//! edit left it equal, also for the PRs it moved down, so their queries are not re-executed.
//! `pr` reads one PR, `pr_links` keeps of it only what other PRs and sections need (its
//! number, its dependencies, whether it has contracts), which backdates on a prose edit.
//! `pr_list` (what iterates over the PRs reads) backdates unless a PR is added or removed.
//! Where each PR starts (`pr_starts`) is read only where positions become absolute
//! (`diagnostics::place`) and by `prs`, the whole series with section-relative positions.

use std::borrow::Cow;
use std::collections::BTreeSet;

use engine::{Db, PlanFile};

use crate::plan::dag::{Dag, build_dag};
use crate::plan::model::{self, Pr, PrLinks, PrSource};
use crate::plan::outline::SectionId;
use crate::plan::tracked::{authored, section_doc, written_edges};

/// One PR of one plan, created by [`pr_split`]: its identity is its plan and its position
/// in section H (untracked fields), its source the one tracked field. `pr_split` re-runs on
/// every edit of H and re-creates every PR, but salsa keeps a field's revision when its new
/// value equals the old one, so the queries of a PR the edit did not touch (also one it
/// moved down) are verified, not re-executed.
#[salsa::tracked(debug)]
pub(crate) struct PrText<'db> {
    #[returns(copy)]
    pub plan: PlanFile,
    #[returns(copy)]
    pub index: u32,
    /// The PR's text and blocks, positions relative to its start.
    #[tracked]
    #[returns(ref)]
    source: PrSource,
}

/// Section H cut into PRs: where each starts in H, and the PR. Re-runs on every edit of H.
#[derive(Clone, Debug, Default, PartialEq, Eq, salsa::SalsaValue)]
struct Series<'db> {
    starts: Vec<usize>,
    prs: Vec<PrText<'db>>,
}

#[salsa::tracked(returns(ref))]
fn pr_split<'db>(db: &'db dyn Db, plan: PlanFile) -> Series<'db> {
    let Some(doc) = section_doc(db, plan, SectionId::H) else { return Series::default() };
    let _span = tracing::debug_span!("pr_split").entered();
    // Most sections hold no generated block: read their blocks without copying them.
    let blocks =
        if doc.generated.is_empty() { Cow::Borrowed(&doc.blocks) } else { Cow::Owned(authored(doc)) };
    let mut series = Series::default();
    for (index, (start, source)) in (0u32..).zip(model::pr_sources(&doc.text, &blocks)) {
        series.starts.push(start);
        series.prs.push(PrText::new(db, plan, index, source));
    }
    series
}

/// Where each PR starts in section H's text: what turns a PR-relative position into a
/// section-relative one.
pub(crate) fn pr_starts(db: &dyn Db, plan: PlanFile) -> &[usize] {
    &pr_split(db, plan).starts
}

/// The PRs of section H, in document order: backdates unless a PR is added or removed, so
/// that what iterates over the PRs re-runs only when one of those it reads changed.
#[salsa::tracked(returns(ref))]
fn pr_list<'db>(db: &'db dyn Db, plan: PlanFile) -> Vec<PrText<'db>> {
    pr_split(db, plan).prs.clone()
}

/// The PRs of section H, in document order.
pub(crate) fn pr_texts(db: &dyn Db, plan: PlanFile) -> impl Iterator<Item = PrText<'_>> + '_ {
    pr_list(db, plan).iter().copied()
}

/// The number of PRs in section H.
pub(crate) fn pr_count(db: &dyn Db, plan: PlanFile) -> u32 {
    u32::try_from(pr_list(db, plan).len()).unwrap_or(u32::MAX)
}

/// One PR read: fields, contracts, tiers, status; ranges relative to the PR's start.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr<'db>(db: &'db dyn Db, text: PrText<'db>) -> Pr {
    model::read_pr(text.source(db))
}

/// What other PRs and sections need of one PR; backdates when only its prose changed.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr_links<'db>(db: &'db dyn Db, text: PrText<'db>) -> PrLinks {
    let pr = pr(db, text);
    PrLinks { number: pr.number, depends_on: pr.depends_on.clone(), has_contracts: !pr.contracts.is_empty() }
}

/// Every PR's links, in document order: the narrow view of section H the DAG, the numbering
/// rule and other sections read. Re-runs on an edit of H and backdates on a prose edit.
#[salsa::tracked(returns(ref))]
pub(crate) fn pr_links_all(db: &dyn Db, plan: PlanFile) -> Vec<PrLinks> {
    pr_texts(db, plan).map(|text| pr_links(db, text).clone()).collect()
}

/// The PRs of section H, in document order, with positions relative to the section. Re-runs
/// on every edit of H: rules read single PRs ([`pr`]) or [`pr_links_all`] instead.
#[salsa::tracked(returns(ref))]
pub fn prs(db: &dyn Db, plan: PlanFile) -> Vec<Pr> {
    let series = pr_split(db, plan);
    series.prs.iter().zip(&series.starts).map(|(&text, start)| pr(db, text).clone().shifted(*start)).collect()
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
