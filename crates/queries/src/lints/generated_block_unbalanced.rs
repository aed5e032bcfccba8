//! PLAN071 generated-block-unbalanced.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::tracked::plan_outline;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN071",
        name: "generated-block-unbalanced",
        severity: Severity::Error,
        summary: "a `plan:begin` marker has no matching `plan:end`, or the reverse",
        docs: "## What it does\nChecks that every `<!-- plan:begin NAME -->` marker has a matching `<!-- plan:end NAME -->` after it, and the reverse.\n\n## Why is this bad?\n`plan` owns the text between the markers and rewrites it on every build. With one marker missing it cannot tell where its text ends and yours begins, so it rewrites nothing until the pair is restored.\n\n## Example\n```markdown\n<!-- plan:begin recon -->\n…\n```\nUse instead: restore `<!-- plan:end recon -->`, or delete both markers to opt out of the block.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for marker in &plan_outline(cx.db, cx.plan).unbalanced_markers {
        let message = if marker.is_begin {
            format!("generated block `{}` is opened here but never closed", marker.name)
        } else {
            format!("generated block `{}` is closed here but was never opened", marker.name)
        };
        cx.report(&RULE, Location::Document(marker.range.clone()), message)
            .help("restore the missing marker, or delete both to opt out of the block");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_lone_begin() {
        check_mutation(
            &super::RULE,
            "## J) Design Bug Prevention Checklist\n",
            "## J) Design Bug Prevention Checklist\n\n<!-- plan:begin notes -->\n",
            expect_test::expect![[r#"
                PLAN071 error J+2:1 generated block `notes` is opened here but never closed
            "#]],
        );
    }

    #[test]
    fn a_balanced_pair_is_fine() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "## J) Design Bug Prevention Checklist\n",
                "## J) Design Bug Prevention Checklist\n\n<!-- plan:begin notes -->\n<!-- plan:end notes -->\n",
            )],
        );
    }
}
