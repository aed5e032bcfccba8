//! PLAN091 micro-plan-unknown-pr.

use super::context::{Context, Lint};
use super::micro::{macro_pr, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN091",
        name: "micro-plan-unknown-pr",
        severity: Severity::Error,
        summary: "a micro-plan is linked to a PR the macro plan does not define",
        docs: "## What it does\nChecks that the PR a micro-plan's marker names is defined in section H of the macro plan.\n\n## Why is this bad?\nA micro-plan for a PR that does not exist (renumbered, dropped, mistyped) plans work nobody scheduled, and its contracts cannot be traced.\n\n## Example\n```markdown\n<!-- plan: implementation PR9 -->\n```\nUse instead: name a PR of section H (`PR3`), or add PR9 to the macro plan.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let plan = read(cx);
    let (Some(number), Some(_)) = (plan.pr, cx.macro_plan) else { return };
    if macro_pr(cx).is_some() {
        return;
    }
    cx.report(
        &RULE,
        Location::Document(plan.marker.clone()),
        format!("PR{number} is not defined in the macro plan"),
    )
    .help("name a PR of section H, or add this one to the macro plan");
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_a_pr_the_macro_plan_lacks() {
        check_micro(
            &super::RULE,
            "task",
            &[("pr: PR1", "pr: PR4")],
            expect_test::expect![[r#"
            PLAN091 error 1:1 PR4 is not defined in the macro plan
        "#]],
        );
    }

    #[test]
    fn the_last_pr_of_the_macro_plan_is_known() {
        near_miss_micro(&super::RULE, "task", &[("pr: PR1", "pr: PR3")]);
    }
}
