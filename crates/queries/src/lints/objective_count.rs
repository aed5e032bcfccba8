//! PLAN004 objective-count.

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::objectives;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN004",
        name: "objective-count",
        severity: Severity::Error,
        summary: "C has fewer than 3 or more than 7 objectives, or no non-goals",
        docs: "## What it does\nCounts the objectives of section C (the items under `Objectives`) and checks that non-goals are listed (under `Non-Goals`).\n\n## Why is this bad?\nFewer than three objectives rarely justify a program of PRs; more than seven cannot be held in mind at review. Without explicit non-goals, scope creeps.\n\n## Example\n```markdown\n**Objectives**\n1. Faster builds.\n```\nUse instead: three to seven crisp objectives, and a `**Non-Goals**` list.\n",
    },
    section: Some(SectionId::C),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(heading) = section_heading(cx, SectionId::C) else { return };
    let model = objectives(cx.db, cx.plan);
    let count = model.objectives.len();
    if !(3..=7).contains(&count) {
        let at = model.objectives.first().map_or(heading.clone(), |item| item.range.clone());
        cx.report_in(
            &RULE,
            SectionId::C,
            at,
            format!("section C lists {count} objectives; the format asks for 3 to 7"),
        )
        .help("list the objectives under an `Objectives` sub-heading or bold label");
    }
    if model.non_goals.is_empty() {
        cx.report_in(&RULE, SectionId::C, heading, "section C lists no non-goals")
            .help("add a `**Non-Goals**` list of what this plan deliberately does not do");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_two_objectives() {
        check_mutation(
            &super::RULE,
            "3. Generated views: the recon and DAG views are regenerated from code on every build.\n",
            "",
            expect_test::expect![[r#"
                PLAN004 error C+4:1 section C lists 2 objectives; the format asks for 3 to 7
            "#]],
        );
    }

    #[test]
    fn fires_without_non_goals() {
        check_mutation(
            &super::RULE,
            "**Non-Goals**",
            "**Constraints**",
            expect_test::expect![[r#"
                PLAN004 error C+0:1 section C lists no non-goals
            "#]],
        );
    }

    #[test]
    fn seven_objectives_are_within_the_limit() {
        let more: String =
            (4..=7).map(|n| format!("{n}. Objective {n}: one more measurable outcome.\n")).collect();
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "3. Generated views: the recon and DAG views are regenerated from code on every build.\n",
                &format!(
                    "3. Generated views: the recon and DAG views are regenerated from code on every build.\n{more}"
                ),
            )],
        );
    }
}
