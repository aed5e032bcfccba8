//! PLAN093 micro-section-order.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN093",
        name: "micro-section-order",
        severity: Severity::Warning,
        summary: "a micro-plan's sections are not in its profile's order",
        docs: "## What it does\nChecks that a micro-plan's sections come in the order of its profile (seed 000's or seed 001's output format).\n\n## Why is this bad?\nThe seeds fix the order so that the plan comes before the code and the validation before the summary; a reviewer reads them in that order.\n\n## Example\n```markdown\n## Design Details\n## Plan\n```\nUse instead: `## Plan` first.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(profile) = micro_profile(cx) else { return };
    let plan = read(cx);
    let mut highest: Option<usize> = None;
    for (index, heading) in plan.sections.iter().filter(|(index, _)| profile.sections[*index].ordered) {
        match highest {
            Some(before) if before > *index => {
                let message = format!(
                    "section `{}` comes after `{}`",
                    profile.sections[*index].name, profile.sections[before].name
                );
                cx.report(&RULE, Location::Document(heading.clone()), message)
                    .help(format!("move it before `{}`", profile.sections[before].name));
            }
            _ => highest = Some(*index),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_a_section_out_of_order() {
        check_micro(
            &super::RULE,
            "task",
            &[
                ("## Summary\n\nThe rules run on every check.\n", ""),
                ("## Assumptions", "## Summary\n\nThe rules run.\n\n## Assumptions"),
            ],
            expect_test::expect![[r#"
                PLAN093 warning 11:1 section `Assumptions` comes after `Summary`
                PLAN093 warning 15:1 section `Design notes` comes after `Summary`
                PLAN093 warning 19:1 section `Implementation` comes after `Summary`
                PLAN093 warning 23:1 section `Tests` comes after `Summary`
                PLAN093 warning 28:1 section `How to run & test` comes after `Summary`
            "#]],
        );
    }

    #[test]
    fn acceptance_criteria_may_come_anywhere() {
        near_miss_micro(
            &super::RULE,
            "task",
            &[
                (
                    "## Acceptance Criteria\n\n- [x] BC-1 holds on the valid plan.\n- [ ] Clippy is clean.\n",
                    "",
                ),
                (
                    "## Assumptions",
                    "## Acceptance Criteria\n\n- [x] BC-1 holds.\n- [ ] Clippy is clean.\n\n## Assumptions",
                ),
            ],
        );
    }
}
