//! PLAN023 gate-after-dependent.

use super::context::{Context, Lint, defined_prs};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::dag;
use crate::plan::tracked::risk_register;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN023",
        name: "gate-after-dependent",
        severity: Severity::Error,
        summary: "a risk's validation is scheduled (by the DAG) after the PR it gates",
        docs: "## What it does\nFor each risk whose validation is done in a PR (`spike in PR1`) and whose gate names a PR (`Before PR3`), checks that the DAG makes the validating PR merge before the gated one. A validation naming no PR is a pre-PR step and is scheduled first. Validating in the gated PR itself is allowed only when the gate says `before … merge`.\n\n## Why is this bad?\nIf the DAG lets the gated PR merge first, the validation protects nothing: the rework it should prevent has already happened.\n\n## Example\nA spike in PR4 gating `Before PR2`, with no path PR4 → PR2. Use instead: move the spike before PR2, or add the dependency.\n",
    },
    section: Some(SectionId::E),
    check,
};

fn check(cx: &mut Context<'_>) {
    let graph = dag(cx.db, cx.plan);
    if !graph.cycles.is_empty() {
        return;
    }
    let defined = defined_prs(cx);
    if defined.is_empty() {
        return; // PLAN072 says that H has no PR this rule could compare with.
    }
    for risk in &risk_register(cx.db, cx.plan).risks {
        let (Some(validation), Some(gate)) = (risk.validation_pr, risk.gate_pr) else { continue };
        if !defined.contains(&validation) || !defined.contains(&gate) {
            continue;
        }
        let in_time = if validation == gate {
            risk.gate_text.to_lowercase().contains("merge")
        } else {
            graph.precedes(validation, gate)
        };
        if !in_time {
            cx.report_in(&RULE, SectionId::E, risk.gate_range.clone(), format!("`{}` is validated in PR{validation}, which the DAG does not schedule before PR{gate}, the PR it gates", risk.decision)).help(format!("make PR{gate} depend on PR{validation}, or validate earlier"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_when_the_gated_pr_can_merge_first() {
        check_mutation(
            &super::RULE,
            "| Benchmark in PR1 on a 1,000-PR plan",
            "| Benchmark in PR2 on a 1,000-PR plan",
            expect_test::expect![[r#"
                PLAN023 error E+4:107 `Per-section queries` is validated in PR2, which the DAG does not schedule before PR1, the PR it gates
            "#]],
        );
    }

    #[test]
    fn a_validation_before_the_gated_pr_is_in_time() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("| Benchmark in PR1 on a 1,000-PR plan", "| Benchmark in PR0 on a 1,000-PR plan")],
        );
    }
}
