//! PLAN008 state-owner.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN008",
        name: "state-owner",
        severity: Severity::Error,
        summary: "a state has no owner, several owners, or an owner that is not a block; or shared state lacks a justification",
        docs: "## What it does\nChecks the State Ownership Map of the concept model: every piece of mutable state has exactly one owner, the owner is a building block, and state shared with other blocks says why.\n\n## Why is this bad?\nState with two owners is the classic source of races and drift; an owner that is not a block means the model is missing a component.\n\n## Example\n```markdown\n| State | Owner | Justification |\n|---|---|---|\n| cache | Engine, Cli | |\n```\nUse instead: one owner, and a `Shared with` column with a justification for the others.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let model = concept_model(cx.db, cx.plan);
    for entry in &model.state {
        let mut push = |message: String, help: &str| {
            cx.report_in(&RULE, SectionId::D, entry.range.clone(), message).help(help.to_owned());
        };
        // Owners outside the model (code, libraries) do not count when a block owns it too.
        let owners: Vec<&String> =
            match entry.owners.iter().filter(|owner| model.resolve(owner).is_some()).count() {
                0 => entry.owners.iter().collect(),
                _ => entry.owners.iter().filter(|owner| model.resolve(owner).is_some()).collect(),
            };
        match owners.as_slice() {
            [] => push(
                format!("state `{}` has no owner", entry.state),
                "name the one building block that owns it",
            ),
            [owner] => {
                if model.resolve(owner).is_none() && !is_outside_the_model(model, owner) {
                    push(
                        format!(
                            "state `{}` is owned by `{owner}`, which is not a building block",
                            entry.state
                        ),
                        "owners are blocks of `Building Blocks`",
                    );
                }
            }
            owners if owners.iter().all(|owner| is_outside_the_model(model, owner)) => {}
            owners => push(
                format!(
                    "state `{}` has {} owners ({}); state has exactly one",
                    entry.state,
                    owners.len(),
                    owners.iter().map(|owner| owner.as_str()).collect::<Vec<_>>().join(", ")
                ),
                "keep one owner and list the others under `Shared with`, with a justification",
            ),
        }
        if !entry.shared_with.is_empty() && entry.justification.is_none() {
            push(
                format!(
                    "state `{}` is shared with {} without a justification",
                    entry.state,
                    entry.shared_with.join(", ")
                ),
                "say why sharing is needed",
            );
        }
    }
}

/// An owner the concept model does not have to hold: existing code the plan leaves as it is
/// (`existing SignalHandler`, `buildAll (unchanged owner)`), a library (`pflag`), or an
/// extension point's implementation (`IncrementalEngine`).
fn is_outside_the_model(model: &crate::plan::model::ConceptModel, owner: &str) -> bool {
    let lower = owner.to_lowercase();
    owner.starts_with(|c: char| c.is_lowercase())
        || owner.contains(['(', '.', '_', ':'])
        || lower.contains("existing")
        || lower.contains("unchanged")
        || model.extension_points.iter().any(|point| {
            [&point.name, &point.responsibility]
                .into_iter()
                .chain(point.default.iter())
                .chain(point.first_non_default.iter())
                .any(|text| text.contains(owner))
        })
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_two_owners() {
        check_mutation(
            &super::RULE,
            "| Salsa inputs | Engine |",
            "| Salsa inputs | Engine, Cli |",
            expect_test::expect![[r#"
                PLAN008 error D+36:1 state `Salsa inputs` has 2 owners (Engine, Cli); state has exactly one
            "#]],
        );
    }

    #[test]
    fn a_bold_owner_is_one_owner() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("| Rule levels | Checker |", "| Rule levels | **Checker** |")],
        );
    }
}
