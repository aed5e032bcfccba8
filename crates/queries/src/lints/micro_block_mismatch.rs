//! PLAN099 micro-block-mismatch.

use super::context::{Context, Lint};
use super::micro::{macro_pr, read};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::label::normalize_label;
use crate::plan::model::PrField;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN099",
        name: "micro-block-mismatch",
        severity: Severity::Warning,
        summary: "a micro-plan's building block is not its macro PR's",
        docs: "## What it does\nCompares the `Block:` line of a micro-plan with the `Building Block Change` of the macro PR it is linked to.\n\n## Why is this bad?\nA micro-plan that works on another building block than its PR plans changes the macro plan did not schedule there, and the concept model's ownership no longer says who changes what.\n\n## Example\n```markdown\nBlock: Cli\n```\nfor a PR whose Building Block Change is `Checker (adds the cycle rule)`. Use instead: `Block: Checker`, or change the PR in the macro plan.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let plan = read(cx);
    let Some((block, range)) = plan.block.clone() else { return };
    let Some(pr) = macro_pr(cx) else { return };
    let Some(field) = pr.field(PrField::BuildingBlockChange) else { return };
    let (micro, written) = (normalize_label(&block), normalize_label(&field.value));
    if micro.is_empty() || written.starts_with(&micro) {
        return;
    }
    cx.report(
        &RULE,
        Location::Document(range),
        format!(
            "the micro-plan works on `{}`, PR{}'s building block change is `{}`",
            block.trim(),
            pr.number,
            field.value.trim()
        ),
    )
    .help("name the PR's building block, or change the PR's Building Block Change in the macro plan");
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_another_block() {
        check_micro(
            &super::RULE,
            "implementation",
            &[("Block: Checker", "Block: Cli")],
            expect_test::expect![[r#"
                PLAN099 warning 4:1 the micro-plan works on `Cli`, PR2's building block change is `Checker (adds the cycle rule)`
            "#]],
        );
    }

    #[test]
    fn the_case_of_the_name_does_not_matter() {
        near_miss_micro(&super::RULE, "implementation", &[("Block: Checker", "Block: checker")]);
    }
}
