//! PLAN074 generated-block-outdated. Reported by [`crate::gate`] from the build's output,
//! not by a section query: only a build knows what it would regenerate.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};

pub(crate) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN074",
        name: "generated-block-outdated",
        severity: Severity::Warning,
        summary: "the generated recon is out of date only because of code the plan does not cite",
        docs: "## What it does\nUnder `plan check`, warns that `plan build` would regenerate the `recon` block of section B although no citation of the plan moved or changed: files were added, removed or edited that the recon ranks but the plan does not cite. The text output shows the block's diff.\n\n## Why is this bad?\nMostly it is not: the recon is a summary of the repository, and a pull request that adds an unrelated file should not fail the gate, nor should two such pull requests merged together. So this is a warning, and `plan check` still exits 0. Run `plan build` now and then to keep the summary current, or make it strict with `PLAN074 = \"deny\"` under `[rules]` in `plan.toml`, or silence it for one block with `<!-- plan:allow PLAN074 -->` on the begin marker's line, before the marker (after it is the block's own text, which a build replaces).\n\n## Example\nA new `src/extra.rs` becomes one of the recon's most referenced files. Use instead: run `plan build` and commit PLAN.md and PLAN.lock.\n",
    },
    section: None,
    check,
};

/// Nothing to check on the plan alone; see [`crate::gate`].
fn check(_: &mut Context<'_>) {}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_gate, near_miss_gate};

    #[test]
    fn fires_when_only_the_recon_would_change() {
        check_gate(
            &super::RULE,
            &[
                ("tools/gen/src/main.rs", "fn main() {}\n"),
                ("tools/gen/Cargo.toml", "[package]\nname = \"gen\"\nversion = \"0.1.0\"\n"),
            ],
            expect_test::expect![[r#"
                PLAN074 warning B+2:1 the generated `recon` block is out of date: code the plan does not cite changed
            "#]],
        );
    }

    #[test]
    fn an_unchanged_repository_is_up_to_date() {
        near_miss_gate(&super::RULE, &[]);
    }
}
