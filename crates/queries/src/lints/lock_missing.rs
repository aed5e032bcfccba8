//! PLAN073 lock-missing.

use super::context::{Context, Lint};
use crate::citations::section_citations;
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::pr_links_all;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN073",
        name: "lock-missing",
        severity: Severity::Note,
        summary: "the plan has citations or contracts but no PLAN.lock yet",
        docs: "## What it does\nNotes that the plan has no lock file (`PLAN.lock` beside `PLAN.md`) although it has citations or behavioral contracts to record.\n\n## Why is this bad?\nThe lock remembers what each citation pointed at, so that a later build can follow code that moved and flag code that changed. Without it, every citation is anchored wherever it points now, and `plan check` fails because a build would write the lock.\n\n## Example\nA plan committed without its lock. Use instead: run `plan build` once and commit `PLAN.lock` with the plan.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(lock) = cx.lock else { return };
    if !lock.text(cx.db).is_empty() {
        return;
    }
    let cites = SectionId::ALL.into_iter().any(|id| !section_citations(cx.db, cx.plan, id).is_empty());
    let contracts = pr_links_all(cx.db, cx.plan).iter().any(|links| links.has_contracts);
    if !cites && !contracts {
        return;
    }
    let text = cx.plan.text(cx.db);
    let first_line = crate::line_index::first_line_end(text);
    cx.report(
        &RULE,
        Location::Document(0..first_line),
        "there is no PLAN.lock yet: citations are anchored where they point now, and `plan check` fails until the lock is written",
    )
    .help("run `plan build` once and commit PLAN.lock with the plan");
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_without_lock, near_miss};

    #[test]
    fn fires_without_a_lock() {
        check_without_lock(
            &super::RULE,
            expect_test::expect![[r#"
                PLAN073 note L1:1 there is no PLAN.lock yet: citations are anchored where they point now, and `plan check` fails until the lock is written
            "#]],
        );
    }

    #[test]
    fn an_empty_lock_file_is_a_lock() {
        near_miss(&super::RULE, &[]);
    }
}
