//! PLAN095 micro-contract-untraced.

use super::context::{Context, Lint};
use super::micro::{macro_pr, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN095",
        name: "micro-contract-untraced",
        severity: Severity::Error,
        summary: "a contract of the linked PR is in no acceptance criterion or test",
        docs: "## What it does\nChecks traceability: each `BC-n` contract of the macro PR a micro-plan is linked to is referenced by at least one of the micro-plan's acceptance criteria or by its tests section.\n\n## Why is this bad?\nA contract nobody plans to check is a promise the PR may silently break.\n\n## Example\n```markdown\n- Acceptance criteria:\n  - [ ] BC-1: a cycle is reported.\n```\nfor a PR with BC-1 and BC-2. Use instead: add `- [ ] BC-2: …`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = macro_pr(cx) else { return };
    let plan = read(cx);
    let at = plan.criteria_heading.clone().unwrap_or_else(|| plan.marker.clone());
    for contract in &pr.contracts {
        if plan.traced.iter().any(|traced| traced.eq_ignore_ascii_case(&contract.id)) {
            continue;
        }
        cx.report(
            &RULE,
            Location::Document(at.clone()),
            format!(
                "PR{}'s {} ({}) is in no acceptance criterion or test",
                pr.number,
                contract.id,
                contract.text.trim()
            ),
        )
        .help(format!("add an acceptance criterion `- [ ] {}: …`", contract.id));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_a_contract_no_criterion_names() {
        check_micro(
            &super::RULE,
            "implementation",
            &[("- [ ] BC-2: the", "- [ ] the")],
            expect_test::expect![[r#"
            PLAN095 error 14:1 PR2's BC-2 (the cycle's PRs are listed in order.) is in no acceptance criterion or test
        "#]],
        );
    }

    #[test]
    fn a_test_that_names_the_contract_traces_it() {
        near_miss_micro(&super::RULE, "task", &[("- [x] BC-1 holds", "- [x] it holds")]);
    }
}
