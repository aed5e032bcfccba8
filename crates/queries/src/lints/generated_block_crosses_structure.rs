//! PLAN076 generated-block-crosses-structure.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::tracked::plan_outline;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN076",
        name: "generated-block-crosses-structure",
        severity: Severity::Error,
        summary: "a generated block's markers lie in different sections, or a section heading lies between them",
        docs: "## What it does\nChecks that each `<!-- plan:begin NAME -->` … `<!-- plan:end NAME -->` pair lies within one section and holds no section heading.\n\n## Why is this bad?\n`plan build` replaces everything between the markers. A pair that spans sections would delete the headings and the text of every section between them, so `plan` leaves such a block as written and regenerates nothing in it until the markers are put back inside one section.\n\n## Example\n```markdown\n## B) Repository Recon Summary\n<!-- plan:begin dag -->\n## C) High-Level Objectives + Non-Goals\n…\n<!-- plan:end dag -->\n```\nUse instead: move `<!-- plan:end dag -->` up, before the next section heading (the `dag` block belongs in section I).\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for block in &plan_outline(cx.db, cx.plan).crossing_blocks {
        let message = format!(
            "generated block `{}` is opened in one section and closed in another (or around a section heading)",
            block.name
        );
        cx.report(&RULE, Location::Document(block.begin.clone()), message).help(
            "`plan build` leaves this block as written; put both markers inside one section, with no section heading between them",
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_mutations, near_miss};

    #[test]
    fn fires_for_a_block_from_b_to_before_j() {
        check_mutations(
            &super::RULE,
            &[
                (
                    "## B) Repository Recon Summary\n",
                    "## B) Repository Recon Summary\n\n<!-- plan:begin notes -->\n",
                ),
                (
                    "## J) Design Bug Prevention Checklist\n",
                    "<!-- plan:end notes -->\n\n## J) Design Bug Prevention Checklist\n",
                ),
            ],
            expect_test::expect![[r#"
                PLAN076 error B+2:1 generated block `notes` is opened in one section and closed in another (or around a section heading)
            "#]],
        );
    }

    #[test]
    fn a_block_within_one_section_under_a_subheading_is_fine() {
        near_miss(
            &super::RULE,
            &[(
                "## J) Design Bug Prevention Checklist\n",
                "## J) Design Bug Prevention Checklist\n\n<!-- plan:begin notes -->\n### Notes\n\nGenerated.\n<!-- plan:end notes -->\n",
            )],
        );
    }
}
