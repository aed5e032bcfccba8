//! PLAN094 micro-plan-item-missing.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN094",
        name: "micro-plan-item-missing",
        severity: Severity::Warning,
        summary: "an implementation plan's Plan section omits a required item",
        docs: "## What it does\nChecks that the Plan section of an `implementation` micro-plan names what seed 000 requires: architecture overview, key data structures, control flow, concurrency model (ownership, cancellation, backpressure), error handling, performance trade-offs and acceptance criteria.\n\n## Why is this bad?\nEach item is a decision the implementer makes anyway; written down, it is reviewed before the code is.\n\n## Example\n```markdown\n## Plan\n- Architecture overview: …\n```\nUse instead: one item each, e.g. `- Concurrency model: none; one thread, nothing to cancel.`\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(profile) = micro_profile(cx) else { return };
    let plan = read(cx);
    let Some(heading) = plan.items_heading.clone() else { return };
    for (item, words) in profile.required_items {
        if words.iter().any(|word| plan.items_text.contains(word)) {
            continue;
        }
        cx.report(&RULE, Location::Document(heading.clone()), format!("the plan does not name its {item}"))
            .help(format!("add an item `- {item}: …` (`none` and why, when there is none)"));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_an_absent_concurrency_model() {
        check_micro(
            &super::RULE,
            "implementation",
            &[("- Concurrency model:", "- Threads:")],
            expect_test::expect![[r#"
            PLAN094 warning 6:1 the plan does not name its concurrency model
        "#]],
        );
    }

    #[test]
    fn concurrency_named_in_other_words_counts() {
        near_miss_micro(&super::RULE, "implementation", &[("- Concurrency model:", "- Concurrency:")]);
    }
}
