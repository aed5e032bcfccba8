//! PLAN006 block-count.

use super::{Context, Rule, section_heading};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) const RULE: Rule = Rule {
    code: "PLAN006",
    name: "block-count",
    severity: Severity::Error,
    summary: "D has fewer than 3 or more than 7 building blocks",
    docs: "## What it does\nCounts the building blocks of the concept model: list items `**Name** — responsibility` under `Building Blocks` (or rows of a table with Block and Responsibility columns).\n\n## Why is this bad?\nThe format asks for 3 to 7 named components: fewer is not a model, more cannot be explained on a whiteboard in two minutes. Every PR must map to one of them.\n\n## Example\n```markdown\n**Building Blocks**\n- **Everything** — does it all.\n```\nUse instead: three to seven blocks with one responsibility each.\n",
    section: Some(SectionId::D),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(heading) = section_heading(context, SectionId::D) else { return };
    let model = concept_model(context.db, context.plan);
    let count = model.blocks.len();
    if !(3..=7).contains(&count) {
        let at = model.blocks.first().map_or(heading, |block| block.range.clone());
        out.push(
            Diagnostic::in_section(
                "PLAN006",
                SectionId::D,
                at,
                format!("the concept model has {count} building blocks; the format asks for 3 to 7"),
            )
            .with_help("list them under a `Building Blocks` label as `**Name** — responsibility`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_eight_blocks() {
        let extra: String = (1..=4).map(|n| format!("- **Extra{n}** — does one more thing.\n")).collect();
        check_mutation(
            "PLAN006",
            "\n**Interaction Model**",
            &format!("{extra}\n**Interaction Model**"),
            expect_test::expect![[r#"
            PLAN006 error 51:1 the concept model has 8 building blocks; the format asks for 3 to 7
        "#]],
        );
    }
}
