//! The tracked queries of micro-plans: one per micro-plan file, so an edit of one
//! micro-plan re-runs only its own queries.

use engine::{Db, PlanFile};

use crate::plan::micro::model::MicroPlan;

/// One micro-plan read ([`PlanFile`] here is a micro-plan's input, set by
/// `Database::set_micro_plan`).
#[salsa::tracked(returns(ref))]
pub(crate) fn micro_plan(db: &dyn Db, file: PlanFile) -> MicroPlan {
    let _span = tracing::debug_span!("micro_plan").entered();
    super::read::read(file.text(db))
}
