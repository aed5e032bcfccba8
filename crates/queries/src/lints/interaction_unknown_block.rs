//! PLAN009 interaction-unknown-block.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN009",
        name: "interaction-unknown-block",
        severity: Severity::Error,
        summary: "an interaction arrow names something that is neither a block of D nor a declared external actor",
        docs: "## What it does\nChecks that both ends of every arrow in the Interaction Model (`A -> B: what crosses`) are building blocks or external actors declared with `External: User, Filesystem`.\n\n## Why is this bad?\nAn arrow to an undeclared component is a component the model forgot; the diagram and the PR series will disagree.\n\n## Example\n```markdown\n- Engine -> Database: facts\n```\nUse instead: add `Database` as a block, or declare it: `External: Database`.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let model = concept_model(cx.db, cx.plan);
    if model.blocks.is_empty() {
        return;
    }
    for interaction in &model.interactions {
        for end in [&interaction.from, &interaction.to] {
            if model.resolve(end).is_none() && !model.is_external(end) && !is_code_or_common_noun(end) {
                cx.report_in(&RULE, SectionId::D, interaction.range.clone(), format!("interaction names `{end}`, which is neither a building block nor a declared external actor")).help(format!("add `{end}` to the building blocks, or declare it with `External: {end}`"));
            }
        }
    }
}

/// An end that is code (`Justfile::run`, `run_recipe()`, `src/walk.rs`) or a common noun
/// (`pflag`, `the filesystem`): a reference to what already exists, not an invented
/// component. Capitalized names that are no block are reported.
fn is_code_or_common_noun(name: &str) -> bool {
    let name = name.trim();
    name.contains("::") || name.contains(['(', '.', '/', '_']) || name.starts_with(|c: char| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_unknown_end() {
        check_mutation(
            &super::RULE,
            "- Checker -> Cli: diagnostics",
            "- Checker -> Database: diagnostics",
            expect_test::expect![[r#"
                PLAN009 error D+19:1 interaction names `Database`, which is neither a building block nor a declared external actor
            "#]],
        );
    }

    #[test]
    fn a_declared_external_actor_is_known() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[
                ("- External: User", "- External: User, Filesystem"),
                (
                    "- Engine -> Queries: file texts",
                    "- Engine -> Queries: file texts\n- Filesystem -> Engine: file changes",
                ),
            ],
        );
    }
}
