//! PLAN090 micro-plan-unlinked.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::micro::profile::PROFILES;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN090",
        name: "micro-plan-unlinked",
        severity: Severity::Error,
        summary: "a micro-plan does not name its profile and macro PR",
        docs: "## What it does\nChecks that a micro-plan (a file under `plans/`) starts with a marker naming its profile and the PR of the macro plan it implements: `<!-- plan: implementation PR3 -->` on its first line, or front matter with `profile:` and `pr:` keys.\n\n## Why is this bad?\nWithout the link, nothing can check that the micro-plan covers its PR's contracts, and `plan status` cannot count it.\n\n## Example\n```markdown\n# PR3 — implementation plan\n```\nUse instead:\n```markdown\n<!-- plan: implementation PR3 -->\n# PR3 — implementation plan\n```\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let plan = read(cx);
    let known = PROFILES.iter().map(|profile| profile.id).collect::<Vec<_>>().join("`, `");
    let message = match (&plan.profile, micro_profile(cx), plan.pr) {
        (None, ..) => "the micro-plan names no profile and no PR".to_owned(),
        (Some(written), None, _) => format!("unknown profile `{written}` (known: `{known}`)"),
        (Some(_), Some(_), None) => "the micro-plan's marker names no PR".to_owned(),
        (Some(_), Some(_), Some(_)) => return,
    };
    cx.report(&RULE, Location::Document(plan.marker.clone()), message)
        .help(format!("start the file with `<!-- plan: PROFILE PRn -->`, PROFILE one of `{known}`"));
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_without_a_marker_or_with_an_unknown_profile() {
        check_micro(
            &super::RULE,
            "implementation",
            &[("<!-- plan: implementation PR2 -->", "<!-- plan: implementaton PR2 -->")],
            expect_test::expect![[r#"
                PLAN090 error 1:1 unknown profile `implementaton` (known: `implementation`, `task`)
            "#]],
        );
        check_micro(
            &super::RULE,
            "task",
            &[("profile: task\npr: PR1\n", "")],
            expect_test::expect![[r#"
            PLAN090 error 1:1 the micro-plan names no profile and no PR
        "#]],
        );
    }

    #[test]
    fn front_matter_or_a_bare_number_is_a_link() {
        near_miss_micro(
            &super::RULE,
            "implementation",
            &[("<!-- plan: implementation PR2 -->", "---\nprofile: implementation\npr: 2\n---")],
        );
    }
}
