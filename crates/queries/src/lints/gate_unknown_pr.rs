//! PLAN022 gate-unknown-pr.

use super::{Context, Rule, defined_prs};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::risk_register;

pub(super) const RULE: Rule = Rule {
    code: "PLAN022",
    name: "gate-unknown-pr",
    severity: Severity::Error,
    summary: "a gate names a PR that H does not define",
    docs: "## What it does\nChecks that the PR named by each risk's Gate (`Before PR3`) is defined in the PR plan.\n\n## Why is this bad?\nA gate on a PR that does not exist gates nothing: the validation can be skipped without anyone noticing.\n\n## Example\n```markdown\n| … | Before PR12 |\n```\nUse instead: name a PR of section H.\n",
    section: Some(SectionId::E),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let defined = defined_prs(context);
    for risk in &risk_register(context.db, context.plan).risks {
        if let Some(gate) = risk.gate_pr
            && !defined.contains(&gate)
        {
            out.push(
                Diagnostic::in_section(
                    "PLAN022",
                    SectionId::E,
                    risk.gate_range.clone(),
                    format!(
                        "the gate of `{}` names PR{gate}, which section H does not define",
                        risk.decision
                    ),
                )
                .with_help("gate a PR of the PR plan"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undefined_gate() {
        check_mutation(
            "PLAN022",
            "| Before PR1 merge |",
            "| Before PR7 merge |",
            expect_test::expect![[r#"
            PLAN022 error 90:107 the gate of `Per-section queries` names PR7, which section H does not define
        "#]],
        );
    }
}
