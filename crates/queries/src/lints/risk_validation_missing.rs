//! PLAN021 risk-validation-missing.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::risk_register;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN021",
        name: "risk-validation-missing",
        severity: Severity::Error,
        summary: "a risk whose cost is 3 PRs or more lacks a validation step, success criteria or an abort plan",
        docs: "## What it does\nFor every risk whose cost if wrong is 3 PRs of rework or more, checks that it has a validation method, measurable success criteria and an abort plan.\n\n## Why is this bad?\nThe format's mandatory validation rule: a decision that can cost three PRs must be validated first, with a measurable bar and a plan for failing it.\n\n## Example\n```markdown\n| Shared cache | fits in memory | — | PR2–PR5 | Before PR2 |\n```\nUse instead: a spike or benchmark, plus `Success criteria:` and `Abort plan:`.\n",
    },
    section: Some(SectionId::E),
    check,
};

fn check(cx: &mut Context<'_>) {
    for risk in &risk_register(cx.db, cx.plan).risks {
        if risk.cost < 3 {
            continue;
        }
        let mut missing = Vec::new();
        if matches!(risk.validation.trim().to_lowercase().as_str(), "" | "-" | "—" | "none" | "n/a" | "tbd")
        {
            missing.push("a validation step");
        }
        if risk.success_criteria.is_none() {
            missing.push("success criteria");
        }
        if risk.abort_plan.is_none() {
            missing.push("an abort plan");
        }
        if !missing.is_empty() {
            cx.report_in(&RULE, SectionId::E, risk.range.clone(), format!("risk `{}` costs {} PRs if wrong but lacks {}", risk.decision, risk.cost, missing.join(" and "))).help("validation is mandatory at 3 PRs of rework: add a spike or pre-PR step with measurable success criteria and an abort plan");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_without_an_abort_plan() {
        check_mutation(
            &super::RULE,
            "- Abort plan: keep one parse per build and drop per-section memoization.\n",
            "",
            expect_test::expect![[r#"
                PLAN021 error E+4:1 risk `Per-section queries` costs 4 PRs if wrong but lacks an abort plan
            "#]],
        );
    }

    #[test]
    fn two_prs_of_rework_need_no_abort_plan() {
        crate::lints::tests::near_miss(&super::RULE, &[("| PR2 rework |", "| 2 PRs |")]);
    }
}
