//! PLAN050 crosscutting-unassigned.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::cross_cutting;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN050",
        name: "crosscutting-unassigned",
        severity: Severity::Error,
        summary: "an item in G names no PR and gives no reason why none is needed, or is deferred",
        docs: "## What it does\nChecks that every item of the cross-cutting infrastructure plan names the PR that delivers it, or says why none is needed (`none: the project has no CLAUDE.md`), and that none is deferred (\"address when needed\", \"TBD\", \"later\").\n\n## Why is this bad?\nThe format plans shared test infrastructure, documentation, CI and dependencies once, for the whole series. An unassigned item is done by nobody, or by every PR differently.\n\n## Example\n```markdown\n- Golden datasets: address when needed.\n```\nUse instead: `- Golden datasets: created in PR1, extended by PR3.`\n",
    },
    section: Some(SectionId::G),
    check,
};

fn check(cx: &mut Context<'_>) {
    for item in cross_cutting(cx.db, cx.plan) {
        let short: String = item.text.chars().take(60).collect();
        if item.deferred {
            cx.report_in(
                &RULE,
                SectionId::G,
                item.range.clone(),
                format!("cross-cutting item `{short}` is deferred"),
            )
            .help("assign it to a PR now; nothing may be left as \"address when needed\"");
        } else if item.prs.is_empty() && item.no_pr_reason.is_none() {
            cx.report_in(
                &RULE,
                SectionId::G,
                item.range.clone(),
                format!("cross-cutting item `{short}` names no PR"),
            )
            .help("name the PR that delivers it, or write `none: <why none is needed>`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_unassigned_item() {
        check_mutation(
            &super::RULE,
            "- Benchmarks: PR1 adds the 1,000-PR check benchmark.",
            "- Benchmarks: address when needed.",
            expect_test::expect![[r#"
                PLAN050 error G+13:1 cross-cutting item `Benchmarks: address when needed.` is deferred
            "#]],
        );
    }

    #[test]
    fn a_reason_for_no_pr_assigns_it() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- Benchmarks: PR1 adds the 1,000-PR check benchmark.",
                "- Benchmarks: none: the existing CI already times the build.",
            )],
        );
    }
}
