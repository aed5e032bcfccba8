//! PLAN032 pr-missing-field.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN032",
        name: "pr-missing-field",
        severity: Severity::Error,
        summary: "a PR lacks a Tier 1 or Tier 2 field",
        docs: "## What it does\nChecks that every PR has the Tier 1 fields (Title, Building Block Change, Motivation, Scope, Behavioral Guarantees, Risks, Cross-Cutting, Validation Gate) and the Tier 2 fields (Architectural Impact, API Surface Changes, CLI Changes, Test Categories, Documentation Updates, Why Independently Reviewable, Why No Dead Code). Fields are written `**Field:** value`, `- Field: value`, or as a list under a bold label.\n\n## Why is this bad?\nEach field is a question the format requires every PR to answer before micro-planning; an unanswered one is a decision deferred into review.\n\n## Example\nA PR without `Why No Dead Code`. Use instead: say why nothing it adds is unused after it merges.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = cx.pr() else { return };
    let missing = pr.missing_fields();
    if !missing.is_empty() {
        cx.report_pr(
            &RULE,
            pr.heading.start..pr.heading.end.saturating_sub(1),
            format!("PR{} lacks {}", pr.number, missing.join(", ")),
        )
        .help("write each field as `**Field:** value` or `- Field: value`");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_missing_field() {
        check_mutation(
            &super::RULE,
            "- Why No Dead Code: the rule runs on every check.\n",
            "",
            expect_test::expect![[r#"
                PLAN032 error H+52:1 PR2 lacks Why No Dead Code
            "#]],
        );
    }

    #[test]
    fn a_field_under_another_accepted_label_counts() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- Why No Dead Code: the rule runs on every check.",
                "- Why it introduces no dead code: the rule runs on every check.",
            )],
        );
    }
}
