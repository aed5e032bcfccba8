//! PLAN077 generated-block-nested.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::tracked::plan_outline;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN077",
        name: "generated-block-nested",
        severity: Severity::Error,
        summary: "a generated block holds another `plan:begin`/`plan:end` marker, or lies inside another block",
        docs: "## What it does\nChecks that no `plan:begin`/`plan:end` marker lies between the markers of a generated block: blocks neither nest nor cross, and no unmatched marker sits inside one.\n\n## Why is this bad?\n`plan build` replaces everything between a block's markers. With another marker inside, it cannot tell which text is its own: regenerating the outer block would delete the inner markers and the text between them. `plan` leaves every such block as written until the markers are sorted out.\n\n## Example\n```markdown\n<!-- plan:begin dag -->\n<!-- plan:begin dag -->\nMy notes.\n<!-- plan:end dag -->\n<!-- plan:end dag -->\n```\nUse instead: one `<!-- plan:begin dag -->` … `<!-- plan:end dag -->` pair, with your notes outside it.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let outline = plan_outline(cx.db, cx.plan);
    for block in &outline.nested_blocks {
        let inside_other = outline
            .nested_blocks
            .iter()
            .any(|outer| outer.begin.start < block.begin.start && block.end.end < outer.end.end);
        let message = if inside_other {
            format!("generated block `{}` lies inside another generated block", block.name)
        } else {
            format!("generated block `{}` holds another `plan:begin` or `plan:end` marker", block.name)
        };
        cx.report(&RULE, Location::Document(block.begin.clone()), message).help(
            "`plan build` leaves this block as written; keep one pair of markers per block, with no marker between them",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_mutation, near_miss};

    #[test]
    fn fires_for_nested_blocks() {
        check_mutation(
            &super::RULE,
            "## J) Design Bug Prevention Checklist\n",
            "## J) Design Bug Prevention Checklist\n\n<!-- plan:begin notes -->\n<!-- plan:begin notes -->\nMine.\n<!-- plan:end notes -->\n<!-- plan:end notes -->\n",
            expect_test::expect![[r#"
                PLAN077 error J+2:1 generated block `notes` holds another `plan:begin` or `plan:end` marker
                PLAN077 error J+3:1 generated block `notes` lies inside another generated block
            "#]],
        );
    }

    #[test]
    fn blocks_one_after_another_are_fine() {
        near_miss(
            &super::RULE,
            &[(
                "## J) Design Bug Prevention Checklist\n",
                "## J) Design Bug Prevention Checklist\n\n<!-- plan:begin notes -->\n<!-- plan:end notes -->\n<!-- plan:begin notes -->\nMine.\n<!-- plan:end notes -->\n",
            )],
        );
    }
}
