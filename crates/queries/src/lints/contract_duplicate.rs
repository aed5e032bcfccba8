//! PLAN033 contract-duplicate.

use std::collections::BTreeMap;

use super::{Context, Rule};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::prs;

pub(super) const RULE: Rule = Rule {
    code: "PLAN033",
    name: "contract-duplicate",
    severity: Severity::Error,
    summary: "a contract id (`BC-n`) is defined twice within a PR",
    docs: "## What it does\nChecks that each behavioral contract id (`BC-1`, `BC-2`, …) is defined once within a PR.\n\n## Why is this bad?\nContracts are referenced by id in reviews, tests and revision notes; two contracts with one id make every reference ambiguous, and the lock file cannot tell which one changed.\n\n## Example\n```markdown\n- BC-1: builds are idempotent.\n- BC-1: exit code 1 on errors.\n```\nUse instead: `BC-2` for the second.\n",
    section: Some(SectionId::H),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for pr in prs(context.db, context.plan) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for contract in &pr.contracts {
            if seen.insert(contract.id.as_str(), contract.range.start).is_some() {
                out.push(
                    Diagnostic::in_section(
                        "PLAN033",
                        SectionId::H,
                        contract.range.clone(),
                        format!("PR{} defines {} twice", pr.number, contract.id),
                    )
                    .with_help("give each contract its own id"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_repeated_id() {
        check_mutation(
            "PLAN033",
            "  - BC-2: the cycle's PRs are listed in order.",
            "  - BC-1: the cycle's PRs are listed in order.",
            expect_test::expect![[r#"
            PLAN033 error 185:3 PR2 defines BC-1 twice
        "#]],
        );
    }
}
