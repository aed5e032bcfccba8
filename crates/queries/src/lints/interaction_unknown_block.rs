//! PLAN009 interaction-unknown-block.

use super::{Context, Rule};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) const RULE: Rule = Rule {
    code: "PLAN009",
    name: "interaction-unknown-block",
    severity: Severity::Error,
    summary: "an interaction arrow names something that is neither a block of D nor a declared external actor",
    docs: "## What it does\nChecks that both ends of every arrow in the Interaction Model (`A -> B: what crosses`) are building blocks or external actors declared with `External: User, Filesystem`.\n\n## Why is this bad?\nAn arrow to an undeclared component is a component the model forgot; the diagram and the PR series will disagree.\n\n## Example\n```markdown\n- Engine -> Database: facts\n```\nUse instead: add `Database` as a block, or declare it: `External: Database`.\n",
    section: Some(SectionId::D),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let model = concept_model(context.db, context.plan);
    if model.blocks.is_empty() {
        return;
    }
    for interaction in &model.interactions {
        for end in [&interaction.from, &interaction.to] {
            if model.block(end).is_none() && !model.is_external(end) {
                out.push(
                    Diagnostic::in_section("PLAN009", SectionId::D, interaction.range.clone(), format!("interaction names `{end}`, which is neither a building block nor a declared external actor"))
                        .with_help(format!("add `{end}` to the building blocks, or declare it with `External: {end}`")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_unknown_end() {
        check_mutation(
            "PLAN009",
            "- Engine -> Queries: file texts",
            "- Engine -> Database: file texts",
            expect_test::expect![[r#"
            PLAN009 error 64:1 interaction names `Database`, which is neither a building block nor a declared external actor
        "#]],
        );
    }
}
