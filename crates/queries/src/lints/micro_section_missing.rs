//! PLAN092 micro-section-missing.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN092",
        name: "micro-section-missing",
        severity: Severity::Error,
        summary: "a section of the micro-plan's profile is absent",
        docs: "## What it does\nChecks that a micro-plan has every section of its profile: for `implementation` (seed 000) Plan, Assumptions & Questions, Design Details, Performance Notes, Validation Plan/Results, Code Changes, Documentation Changes; for `task` (seed 001) Assumptions, Design notes, Implementation, Tests, How to run & test, Summary, Acceptance Criteria.\n\n## Why is this bad?\nThe profile is what reviewers expect to find; a missing section is a question the plan leaves unanswered.\n\n## Example\n```markdown\n## Plan\n## Design Details\n```\nUse instead: add `## Assumptions & Questions` between them.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(profile) = micro_profile(cx) else { return };
    let plan = read(cx);
    for (index, spec) in profile.sections.iter().enumerate() {
        if plan.sections.iter().any(|(present, _)| *present == index) {
            continue;
        }
        cx.report(
            &RULE,
            Location::Document(plan.marker.clone()),
            format!("section `{}` of profile `{}` (seed {}) is missing", spec.name, profile.id, profile.seed),
        )
        .help(format!("add a heading `## {}`", spec.name));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_an_absent_section() {
        check_micro(
            &super::RULE,
            "implementation",
            &[("## Performance Notes", "## Speed")],
            expect_test::expect![[r#"
                PLAN092 error 1:1 section `Performance Notes` of profile `implementation` (seed 000) is missing
            "#]],
        );
    }

    #[test]
    fn an_alias_names_the_section() {
        near_miss_micro(&super::RULE, "implementation", &[("## Performance Notes", "## Performance")]);
    }
}
