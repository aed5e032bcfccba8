//! PLAN096 micro-criterion-not-checklist.

use super::context::{Context, Lint};
use super::micro::read;
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN096",
        name: "micro-criterion-not-checklist",
        severity: Severity::Warning,
        summary: "an acceptance criterion is not a checklist item",
        docs: "## What it does\nChecks that each acceptance criterion of a micro-plan is a checklist item (`- [ ]` or `- [x]`), and that a micro-plan has acceptance criteria at all.\n\n## Why is this bad?\n`plan status` counts the criteria done; a plain item cannot be ticked, so progress cannot be read.\n\n## Example\n```markdown\n- BC-1 holds.\n```\nUse instead: `- [ ] BC-1 holds.`\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let plan = read(cx);
    if plan.profile.is_none() {
        return;
    }
    if plan.criteria.is_empty() {
        let at = plan.criteria_heading.clone().unwrap_or_else(|| plan.marker.clone());
        cx.report(&RULE, Location::Document(at), "the micro-plan lists no acceptance criteria")
            .help("add `- [ ] …` items under `Acceptance criteria`");
        return;
    }
    for criterion in plan.criteria.iter().filter(|criterion| criterion.checked.is_none()) {
        cx.report(
            &RULE,
            Location::Document(criterion.range.clone()),
            "this acceptance criterion is not a checklist item",
        )
        .help("write it `- [ ] …` (`- [x] …` once done)");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_a_plain_item() {
        check_micro(
            &super::RULE,
            "task",
            &[("- [ ] Clippy", "- Clippy")],
            expect_test::expect![[r#"
            PLAN096 warning 37:1 this acceptance criterion is not a checklist item
        "#]],
        );
    }

    #[test]
    fn a_capital_x_is_a_checked_box() {
        near_miss_micro(&super::RULE, "task", &[("- [x] BC-1", "- [X] BC-1")]);
    }
}
