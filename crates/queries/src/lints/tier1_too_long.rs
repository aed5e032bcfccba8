//! PLAN031 tier1-too-long.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN031",
        name: "tier1-too-long",
        severity: Severity::Error,
        summary: "a PR's Tier 1 has more than 25 non-blank lines after its label (a note above the 15-line target)",
        docs: "## What it does\nCounts the non-blank lines of each PR's Tier 1 (from its label, or the PR heading, to Tier 2). More than 25 is an error; more than 15, the target, is a note.\n\n## Why is this bad?\nTier 1 is the human review summary. A reviewer reads every PR's Tier 1; long ones are skimmed, and what was skimmed was not reviewed.\n\n## Example\nA Tier 1 that lists every file touched. Use instead: move detail to Tier 2.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = cx.pr() else { return };
    if pr.tier1_lines > 25 {
        cx.report_pr(
            &RULE,
            pr.heading.start..pr.heading.end.saturating_sub(1),
            format!("PR{}'s Tier 1 has {} non-blank lines; the maximum is 25", pr.number, pr.tier1_lines),
        )
        .help("move implementation detail to Tier 2; the target is 15 lines");
    } else if pr.tier1_lines > 15 {
        cx.report_pr(
            &RULE,
            pr.heading.start..pr.heading.end.saturating_sub(1),
            format!(
                "PR{}'s Tier 1 has {} non-blank lines, above the 15-line target",
                pr.number, pr.tier1_lines
            ),
        )
        .severity(Severity::Note);
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_above_twenty_five_lines() {
        let padding = "- Scope note that makes Tier 1 long.\n".repeat(20);
        check_mutation(
            &super::RULE,
            "- Motivation: a DAG with a cycle cannot be merged in any order.\n",
            &format!("- Motivation: a DAG with a cycle cannot be merged in any order.\n{padding}"),
            expect_test::expect![[r#"
                PLAN031 error H+52:1 PR2's Tier 1 has 31 non-blank lines; the maximum is 25
            "#]],
        );
    }

    #[test]
    fn fifteen_lines_meet_the_target() {
        let padding = "- Scope note that makes Tier 1 long.\n".repeat(4);
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- Motivation: a DAG with a cycle cannot be merged in any order.\n",
                &format!("- Motivation: a DAG with a cycle cannot be merged in any order.\n{padding}"),
            )],
        );
    }
}
