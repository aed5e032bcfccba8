//! PLAN075 build-would-change. Reported by [`crate::gate`] from the build's output, not by
//! a section query: only a build knows what it would rewrite.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};

pub(crate) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN075",
        name: "build-would-change",
        severity: Severity::Error,
        summary: "`plan build` would rewrite the plan or its lock for a reason no other diagnostic gives",
        docs: "## What it does\nUnder `plan check`, reports each part of PLAN.md that `plan build` would rewrite, and the PLAN.lock entries it would add or drop, when no other error already explains it: a generated `dag` block older than section I, a lock that lacks entries for the plan's citations or contracts, a lock with entries for citations that are gone, no lock at all. `plan check --diff` prints the whole diff of PLAN.md and PLAN.lock.\n\n## Why is this bad?\nThe committed plan is not what the tool would write: its generated text or its lock no longer match what the plan says, so a reader (or the next build) sees something else than what was reviewed. Every exit 1 of `plan check` comes with at least one diagnostic saying why.\n\n## Example\nSection I gained an edge but the `dag` block was not rebuilt. Use instead: run `plan build` and commit PLAN.md and PLAN.lock.\n",
    },
    section: None,
    check,
};

/// Nothing to check on the plan alone; see [`crate::gate`].
fn check(_: &mut Context<'_>) {}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_gate_mutation, near_miss_gate};

    #[test]
    fn fires_when_the_dag_block_is_older_than_section_i() {
        check_gate_mutation(
            &super::RULE,
            ("<!-- plan:end dag -->", "stale text\n<!-- plan:end dag -->"),
            expect_test::expect![[r#"
                PLAN075 error I+2:1 the generated `dag` block is out of date with the plan
            "#]],
        );
    }

    #[test]
    fn a_built_plan_would_not_change() {
        near_miss_gate(&super::RULE, &[]);
    }
}
