//! PLAN033 contract-duplicate.

use std::collections::BTreeMap;

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN033",
        name: "contract-duplicate",
        severity: Severity::Error,
        summary: "a contract id (`BC-n`) is defined twice within a PR",
        docs: "## What it does\nChecks that each behavioral contract id (`BC-1`, `BC-2`, …) is defined once within a PR.\n\n## Why is this bad?\nContracts are referenced by id in reviews, tests and revision notes; two contracts with one id make every reference ambiguous, and the lock file cannot tell which one changed.\n\n## Example\n```markdown\n- BC-1: builds are idempotent.\n- BC-1: exit code 1 on errors.\n```\nUse instead: `BC-2` for the second.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = cx.pr() else { return };
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for contract in &pr.contracts {
        if seen.insert(contract.id.as_str(), contract.range.start).is_some() {
            cx.report_pr(
                &RULE,
                contract.range.clone(),
                format!("PR{} defines {} twice", pr.number, contract.id),
            )
            .help("give each contract its own id");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_repeated_id() {
        check_mutation(
            &super::RULE,
            "  - BC-2: the cycle's PRs are listed in order.",
            "  - BC-1: the cycle's PRs are listed in order.",
            expect_test::expect![[r#"
                PLAN033 error H+61:3 PR2 defines BC-1 twice
            "#]],
        );
    }

    #[test]
    fn the_same_id_in_two_prs_is_no_duplicate() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "  - BC-1: CI fails when the plan breaks a rule.",
                "  - BC-2: CI fails when the plan breaks a rule.",
            )],
        );
    }
}
