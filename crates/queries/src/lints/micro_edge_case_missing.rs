//! PLAN098 micro-edge-case-missing.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN098",
        name: "micro-edge-case-missing",
        severity: Severity::Warning,
        summary: "a micro-plan's tests name no negative or edge scenario (for one of the input classes it names)",
        docs: "## What it does\nChecks that the section of a micro-plan that holds its tests (Validation Plan/Results for `implementation`, Tests for `task`) names at least one negative or edge scenario: words such as edge, negative, invalid, malformed, empty, missing, failure. When the micro-plan names its input classes (`Input classes: plans, lock files`, or list items under that label), each class needs one: a line of the tests that both mentions the class and says negative or edge.\n\n## Why is this bad?\nSeed 000 asks for at least one negative or edge scenario per major input class; a plan that lists only happy paths has not reasoned through the exceptional ones.\n\n## Example\n```markdown\n## Tests\n- BC-1: the valid plan yields no diagnostic.\n```\nUse instead: add `- Edge: an empty plan; a plan with only headings.`\n\nWith `Input classes: plans, lock files.`, `- Edge: an empty plan.` leaves lock files uncovered; add `- Negative: a lock file with a merge conflict.`\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(profile) = micro_profile(cx) else { return };
    let plan = read(cx);
    let Some((_, heading)) = plan.sections.iter().find(|(index, _)| *index == profile.tests_section) else {
        return;
    };
    let name = profile.sections[profile.tests_section].name;
    if plan.input_classes > 0 {
        for (class, range) in &plan.uncovered_inputs {
            cx.report(
                &RULE,
                Location::Document(range.clone()),
                format!("input class `{class}` has no negative or edge scenario in `{name}`"),
            )
            .help("add one that names it: an empty, missing, malformed or invalid input of that class, a failure");
        }
        return;
    }
    if plan.edge_cases {
        return;
    }
    cx.report(
        &RULE,
        Location::Document(heading.clone()),
        format!("`{name}` names no negative or edge scenario"),
    )
    .help("add at least one per input class: an empty, missing, malformed or invalid input, a failure");
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_tests_without_an_edge_case() {
        check_micro(
            &super::RULE,
            "task",
            &[("- Edge: an empty plan; a plan with only headings.\n", "")],
            expect_test::expect![[r#"
                PLAN098 warning 19:1 `Tests` names no negative or edge scenario
            "#]],
        );
    }

    #[test]
    fn fires_for_an_input_class_without_an_edge_case() {
        check_micro(
            &super::RULE,
            "task",
            &[("## Tests\n", "## Tests\n\nInput classes: plans, lock files.\n\n")],
            expect_test::expect![[r#"
                PLAN098 warning 21:1 input class `lock files` has no negative or edge scenario in `Tests`
            "#]],
        );
    }

    #[test]
    fn one_edge_case_per_input_class_is_enough() {
        near_miss_micro(
            &super::RULE,
            "task",
            &[(
                "## Tests\n",
                "## Tests\n\nInput classes:\n\n- Plans\n- Lock files: PLAN.lock\n\n- Negative: a lock file with a merge conflict.\n",
            )],
        );
    }

    #[test]
    fn one_negative_scenario_is_enough() {
        near_miss_micro(
            &super::RULE,
            "task",
            &[(
                "- Edge: an empty plan; a plan with only headings.",
                "- Negative: a plan with only headings.",
            )],
        );
    }
}
