//! PLAN003 summary-too-long.

use super::context::{Context, Lint, heading_range};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::section_doc;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN003",
        name: "summary-too-long",
        severity: Severity::Error,
        summary: "section A has 15 or more non-blank lines below its heading",
        docs: "## What it does\nCounts the non-blank lines of the Executive Summary below its heading; the format asks for under 15.\n\n## Why is this bad?\nThe summary is the elevator pitch a reviewer reads first. Past 15 lines it stops being a summary and the core review (A, C, D, Tier 1) no longer fits in one sitting.\n\n## Example\nA summary that lists every PR. Use instead: what is built, why, how many PRs and the key milestones, in a few lines.\n",
    },
    section: Some(SectionId::A),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(doc) = section_doc(cx.db, cx.plan, SectionId::A) else { return };
    let lines = doc.body_lines();
    if lines >= 15 {
        cx.report_in(
            &RULE,
            SectionId::A,
            heading_range(&doc.text),
            format!("the executive summary has {lines} non-blank lines; the format asks for under 15"),
        )
        .help("keep what is built, why, how many PRs and the key milestones");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_at_fifteen_lines() {
        let long = "## A) Executive Summary\n\n".to_owned() + &"A line of summary.\n".repeat(15);
        check_mutation(
            &super::RULE,
            "## A) Executive Summary\n",
            &format!("{long}\n"),
            expect_test::expect![[r#"
                PLAN003 error A+0:1 the executive summary has 19 non-blank lines; the format asks for under 15
            "#]],
        );
    }

    #[test]
    fn fourteen_lines_are_within_the_limit() {
        let long = "## A) Executive Summary\n\n".to_owned() + &"A line of summary.\n".repeat(14);
        crate::lints::tests::near_miss(
            &super::RULE,
            &[
                (
                    "We add a checking pipeline to the tool: it parses PLAN.md into sections, builds a model of the\n",
                    "",
                ),
                ("concept blocks, PRs and DAG, and reports rule violations like a compiler.\n", ""),
                (
                    "Four PRs: PR0 parses, PR1 models and checks, PR2 adds the DAG rules, PR3 dogfoods the plan.\n",
                    "",
                ),
                ("Milestone: after PR1 every plan in the repository is checked in CI.\n", ""),
                ("## A) Executive Summary\n\n", &long),
            ],
        );
    }
}
