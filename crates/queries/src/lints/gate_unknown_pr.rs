//! PLAN022 gate-unknown-pr.

use super::context::{Context, Lint, defined_prs};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::risk_register;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN022",
        name: "gate-unknown-pr",
        severity: Severity::Error,
        summary: "a gate names a PR that H does not define",
        docs: "## What it does\nChecks that the PR named by each risk's Gate (`Before PR3`) is defined in the PR plan.\n\n## Why is this bad?\nA gate on a PR that does not exist gates nothing: the validation can be skipped without anyone noticing.\n\n## Example\n```markdown\n| … | Before PR12 |\n```\nUse instead: name a PR of section H.\n",
    },
    section: Some(SectionId::E),
    check,
};

fn check(cx: &mut Context<'_>) {
    let defined = defined_prs(cx);
    if defined.is_empty() {
        return; // PLAN072 says that H has no PR this rule could compare with.
    }
    for risk in &risk_register(cx.db, cx.plan).risks {
        if let Some(gate) = risk.gate_pr
            && !defined.contains(&gate)
        {
            cx.report_in(
                &RULE,
                SectionId::E,
                risk.gate_range.clone(),
                format!("the gate of `{}` names PR{gate}, which section H does not define", risk.decision),
            )
            .help("gate a PR of the PR plan");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undefined_gate() {
        check_mutation(
            &super::RULE,
            "| Before PR1 merge |",
            "| Before PR7 merge |",
            expect_test::expect![[r#"
                PLAN022 error E+4:107 the gate of `Per-section queries` names PR7, which section H does not define
            "#]],
        );
    }

    #[test]
    fn the_last_pr_may_be_gated() {
        crate::lints::tests::near_miss(&super::RULE, &[("| Before PR1 merge |", "| Before PR3 merge |")]);
    }
}
