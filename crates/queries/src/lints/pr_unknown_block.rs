//! PLAN030 pr-unknown-block.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::label::normalize_label;
use crate::plan::model::PrField;
use crate::plan::outline::SectionId;
use crate::plan::tracked::{block_names, risk_register};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN030",
        name: "pr-unknown-block",
        severity: Severity::Error,
        summary: "a PR's Building Block Change names no block of D (a validation spike that E names may say `none`)",
        docs: "## What it does\nChecks that every PR's `Building Block Change` names a building block of the concept model. A pure validation spike may write `none (validation spike)` when the risk register names that PR as a validation.\n\n## Why is this bad?\nThe format: every PR adds or modifies a specific building block. A PR that maps to none is either missing from the model or not needed.\n\n## Example\n```markdown\n**Building Block Change:** the new thing\n```\nUse instead: `**Building Block Change:** Engine (adds the fact cache)`.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(pr) = cx.pr() else { return };
    let blocks = block_names(cx.db, cx.plan);
    if blocks.is_empty() {
        return;
    }
    let Some(change) = pr.field(PrField::BuildingBlockChange) else { return };
    let value = normalize_label(&change.value);
    if value.starts_with("none") || value.starts_with("n a") {
        let risks = risk_register(cx.db, cx.plan);
        if !risks.risks.iter().any(|risk| risk.validation_pr == Some(pr.number)) {
            cx.report_pr(
                &RULE,
                change.range.clone(),
                format!(
                    "PR{} changes no building block, and the risk register names it as no validation",
                    pr.number
                ),
            )
            .help("only a validation spike named in E's Validation Method may change no block");
        }
        return;
    }
    let names_a_block = blocks.iter().any(|block| {
        let name = normalize_label(block);
        !name.is_empty() && contains_words(&value, &name)
    });
    if !names_a_block {
        let names: Vec<&str> = blocks.iter().map(String::as_str).collect();
        cx.report_pr(
            &RULE,
            change.range.clone(),
            format!("PR{}'s building block change names no building block of the concept model", pr.number),
        )
        .help(format!("name one of: {}", names.join(", ")));
    }
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    haystack.match_indices(needle).any(|(position, _)| {
        let before = haystack[..position].chars().next_back();
        let after = haystack[position + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_unknown_block() {
        check_mutation(
            &super::RULE,
            "- Building Block Change: Checker (adds the cycle rule)",
            "- Building Block Change: Linter (adds the cycle rule)",
            expect_test::expect![[r#"
                PLAN030 error H+56:1 PR2's building block change names no building block of the concept model
            "#]],
        );
    }

    #[test]
    fn a_block_named_in_a_sentence_counts() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- Building Block Change: Checker (adds the cycle rule)",
                "- Building Block Change: the checker gains the cycle rule",
            )],
        );
    }
}
