//! What the micro-plan rules (PLAN090–PLAN099) share: the micro-plan read, its profile,
//! and the macro PR it is linked to.

use crate::lints::context::Context;
use crate::plan::micro::model::MicroPlan;
use crate::plan::micro::profile::{Profile, profile};
use crate::plan::micro::query::micro_plan;
use crate::plan::model::Pr;
use crate::plan::series::{pr, pr_links_all, pr_texts};

/// The micro-plan being checked.
pub(crate) fn read<'db>(cx: &Context<'db>) -> &'db MicroPlan {
    micro_plan(cx.db, cx.plan)
}

/// Its profile, when the marker names a known one.
pub(crate) fn micro_profile(cx: &Context<'_>) -> Option<&'static Profile> {
    read(cx).profile.as_deref().and_then(profile)
}

/// The macro plan's PR the micro-plan is linked to, when it defines it.
pub(crate) fn macro_pr(cx: &Context<'_>) -> Option<Pr> {
    let number = read(cx).pr?;
    let macro_plan = cx.macro_plan?;
    let (key, _) = pr_texts(cx.db, macro_plan)
        .zip(pr_links_all(cx.db, macro_plan))
        .find(|(_, links)| links.number == number)?;
    Some(pr(cx.db, key).clone())
}
