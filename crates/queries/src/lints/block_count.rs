//! PLAN006 block-count.

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN006",
        name: "block-count",
        severity: Severity::Error,
        summary: "D has fewer than 3 or more than 7 building blocks",
        docs: "## What it does\nCounts the building blocks of the concept model: list items `**Name** — responsibility` under `Building Blocks` (or rows of a table with Block and Responsibility columns).\n\n## Why is this bad?\nThe format asks for 3 to 7 named components: fewer is not a model, more cannot be explained on a whiteboard in two minutes. Every PR must map to one of them.\n\n## Example\n```markdown\n**Building Blocks**\n- **Everything** — does it all.\n```\nUse instead: three to seven blocks with one responsibility each.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(heading) = section_heading(cx, SectionId::D) else { return };
    let model = concept_model(cx.db, cx.plan);
    let count = model.blocks.len();
    if !(3..=7).contains(&count) {
        let at = model.blocks.first().map_or(heading, |block| block.range.clone());
        cx.report_in(
            &RULE,
            SectionId::D,
            at,
            format!("the concept model has {count} building blocks; the format asks for 3 to 7"),
        )
        .help("list them under a `Building Blocks` label as `**Name** — responsibility`");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_eight_blocks() {
        let extra: String = (1..=4).map(|n| format!("- **Extra{n}** — does one more thing.\n")).collect();
        check_mutation(
            &super::RULE,
            "\n**Interaction Model**",
            &format!("{extra}\n**Interaction Model**"),
            expect_test::expect![[r#"
                PLAN006 error D+4:1 the concept model has 8 building blocks; the format asks for 3 to 7
            "#]],
        );
    }

    #[test]
    fn seven_blocks_are_within_the_limit() {
        let extra: String = (1..=3).map(|n| format!("- **Extra{n}** — does one more thing.\n")).collect();
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("\n**Interaction Model**", &format!("{extra}\n**Interaction Model**"))],
        );
    }
}
