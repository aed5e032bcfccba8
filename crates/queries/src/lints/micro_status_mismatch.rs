//! PLAN097 micro-status-mismatch.

use super::context::{Context, Lint};
use super::micro::{macro_pr, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN097",
        name: "micro-status-mismatch",
        severity: Severity::Warning,
        summary: "a PR's written status disagrees with its micro-plan's acceptance criteria",
        docs: "## What it does\nCompares the status of a macro PR with its micro-plan's acceptance criteria: a PR marked merged whose criteria are not all checked, or a PR whose criteria are all checked but which is not marked merged.\n\n## Why is this bad?\nSeed 002's living-document protocol tracks completed PRs by their status; when the status and the checklist disagree, one of them is wrong.\n\n## Example\n```markdown\n- Status: merged\n```\nwith `- [ ] BC-1: …` in the micro-plan. Use instead: check the criterion, or set the status back.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = macro_pr(cx) else { return };
    let plan = read(cx);
    let (done, total) = plan.criteria_done();
    if total == 0 {
        return;
    }
    let merged = pr.status.as_deref().is_some_and(|status| status.to_lowercase().contains("merged"));
    let at = plan.criteria_heading.clone().unwrap_or_else(|| plan.marker.clone());
    let message = if merged && done < total {
        format!(
            "PR{} is marked merged but {} of {total} acceptance criteria are unchecked",
            pr.number,
            total - done
        )
    } else if !merged && done == total {
        format!("every acceptance criterion is checked but PR{} is not marked merged", pr.number)
    } else {
        return;
    };
    cx.report(&RULE, Location::Document(at), message)
        .help("check the criteria that hold, or correct the PR's status in the macro plan");
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_when_every_criterion_is_checked_but_the_pr_is_not_merged() {
        check_micro(
            &super::RULE,
            "task",
            &[("- [ ] Clippy", "- [x] Clippy")],
            expect_test::expect![[r#"
            PLAN097 warning 34:1 every acceptance criterion is checked but PR1 is not marked merged
        "#]],
        );
    }

    #[test]
    fn one_unchecked_criterion_of_an_open_pr_is_fine() {
        near_miss_micro(&super::RULE, "task", &[("- [x] BC-1", "- [ ] BC-1")]);
    }
}
