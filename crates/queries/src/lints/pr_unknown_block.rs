//! PLAN030 pr-unknown-block.

use super::{Context, Rule};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::model::{PrField, normalize_label};
use crate::plan::outline::SectionId;
use crate::plan::tracked::{block_names, prs, risk_register};

pub(super) const RULE: Rule = Rule {
    code: "PLAN030",
    name: "pr-unknown-block",
    severity: Severity::Error,
    summary: "a PR's Building Block Change names no block of D (a validation spike that E names may say `none`)",
    docs: "## What it does\nChecks that every PR's `Building Block Change` names a building block of the concept model. A pure validation spike may write `none (validation spike)` when the risk register names that PR as a validation.\n\n## Why is this bad?\nThe format: every PR adds or modifies a specific building block. A PR that maps to none is either missing from the model or not needed.\n\n## Example\n```markdown\n**Building Block Change:** the new thing\n```\nUse instead: `**Building Block Change:** Engine (adds the fact cache)`.\n",
    section: Some(SectionId::H),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let blocks = block_names(context.db, context.plan);
    if blocks.is_empty() {
        return;
    }
    let risks = risk_register(context.db, context.plan);
    for pr in prs(context.db, context.plan) {
        let Some(change) = pr.field(PrField::BuildingBlockChange) else { continue };
        let value = normalize_label(&change.value);
        if value.starts_with("none") || value.starts_with("n a") {
            if !risks.risks.iter().any(|risk| risk.validation_pr == Some(pr.number)) {
                out.push(
                    Diagnostic::in_section(
                        "PLAN030",
                        SectionId::H,
                        change.range.clone(),
                        format!(
                            "PR{} changes no building block, and the risk register names it as no validation",
                            pr.number
                        ),
                    )
                    .with_help("only a validation spike named in E's Validation Method may change no block"),
                );
            }
            continue;
        }
        let names_a_block = blocks.iter().any(|block| {
            let name = normalize_label(block);
            !name.is_empty() && contains_words(&value, &name)
        });
        if !names_a_block {
            let names: Vec<&str> = blocks.iter().map(String::as_str).collect();
            out.push(
                Diagnostic::in_section(
                    "PLAN030",
                    SectionId::H,
                    change.range.clone(),
                    format!(
                        "PR{}'s building block change names no building block of the concept model",
                        pr.number
                    ),
                )
                .with_help(format!("name one of: {}", names.join(", "))),
            );
        }
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
            "PLAN030",
            "- Building Block Change: Checker (adds the cycle rule)",
            "- Building Block Change: Linter (adds the cycle rule)",
            expect_test::expect![[r#"
            PLAN030 error 180:1 PR2's building block change names no building block of the concept model
        "#]],
        );
    }
}
