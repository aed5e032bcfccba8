//! PLAN035 contract-changed-silently.

use std::collections::BTreeSet;

use super::context::{Context, Lint};
use crate::citations::contracts::unexplained_contract_changes;
use crate::citations::lock_contents;
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::series::{pr, pr_links_all, pr_texts};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN035",
        name: "contract-changed-silently",
        severity: Severity::Error,
        summary: "a contract's text differs from the one in the lock, and no revision note that the lock has not yet seen mentions that PR or contract id",
        docs: "## What it does\nCompares each PR's behavioral contracts (`BC-n: text`) with the texts recorded in PLAN.lock at the last build. A changed contract needs a new revision note (one the lock has not seen) that mentions the PR (`PR3`) or the contract id (`BC-2`). Until then `plan build` keeps the old text in the lock, so the error stays.\n\n## Why is this bad?\nThe living-document protocol: never silently change a PR's behavioral guarantees. Reviewers and downstream PRs rely on the contract as agreed; a change needs the old contract, the new one and the reason, dated.\n\n## Example\n`BC-1: builds are idempotent` edited to `BC-1: builds are mostly idempotent` with no note. Use instead: add `- 2026-11-21: PR2 BC-1 relaxed: … (was: builds are idempotent)`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(lock) = cx.lock else { return };
    let unexplained: BTreeSet<(u32, String)> =
        unexplained_contract_changes(cx.db, cx.plan, lock).iter().cloned().collect();
    if unexplained.is_empty() {
        return;
    }
    let locked = lock_contents(cx.db, lock);
    for (key, links) in pr_texts(cx.db, cx.plan).zip(pr_links_all(cx.db, cx.plan)) {
        if !links.has_contracts || !unexplained.iter().any(|(number, _)| *number == links.number) {
            continue;
        }
        let pr = pr(cx.db, key);
        for contract in &pr.contracts {
            if !unexplained.contains(&(pr.number, contract.id.clone())) {
                continue;
            }
            let old = locked.contracts.get(&(pr.number, contract.id.clone())).cloned().unwrap_or_default();
            cx.report(
                &RULE,
                Location::Pr(key.index(cx.db), contract.range.clone()),
                format!("PR{} {} changed without a revision note (was: {old})", pr.number, contract.id),
            )
            .help(format!(
                "add a dated revision note mentioning PR{} or {}: the old contract, the new one and why",
                pr.number, contract.id
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_after_build;

    #[test]
    fn fires_for_a_contract_changed_without_a_note() {
        check_after_build(
            &super::RULE,
            &[("  - BC-2: the cycle's PRs are listed in order.", "  - BC-2: the cycle's PRs are listed.")],
            expect_test::expect![[r#"
                PLAN035 error H+61:3 PR2 BC-2 changed without a revision note (was: the cycle's PRs are listed in order.)
            "#]],
        );
    }

    #[test]
    fn a_new_revision_note_explains_the_change() {
        crate::lints::tests::near_miss_after_build(
            &super::RULE,
            &[
                ("  - BC-2: the cycle's PRs are listed in order.", "  - BC-2: the cycle's PRs are listed."),
                (
                    "- 2026-11-02: PR3 added to dogfood the plan.",
                    "- 2026-11-02: PR3 added to dogfood the plan.\n- 2026-11-03: PR2 BC-2 no longer promises an order.",
                ),
            ],
        );
    }
}
