//! PLAN081 undeclared-coupling.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::drift::couplings::architecture;
use crate::plan::outline::SectionId;
use crate::plan::tracked::{concept_model, section_text};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN081",
        name: "undeclared-coupling",
        severity: Severity::Error,
        summary: "code of one building block imports another block, and no interaction arrow connects them",
        docs: "## What it does\nMaps every file to its building block (`Paths:`, the most specific pattern winning), resolves every import to the file it names, and reports each pair of blocks that the imports connect while the Interaction Model has no arrow between them (in either direction: an arrow says what flows, an import who depends on whom). One diagnostic per block pair, listing the import lines.\n\n## Why is this bad?\nThe concept model is the plan's picture of the architecture; a coupling the picture leaves out is one that reviewers and later PRs will not expect. Either the model is missing an arrow or the code crosses a boundary the plan keeps.\n\n## Example\n```markdown\n- Engine -> Checker: file texts\n```\nwhile `crates/queries/src/plan/mod.rs:2` imports `engine`: Use instead: add `- Engine -> Queries: file texts`, or remove the import.\n",
    },
    section: Some(SectionId::D),
    check,
};

/// Import lines listed per diagnostic at most.
const LISTED: usize = 5;

fn check(cx: &mut Context<'_>) {
    let map = block_map(cx.db, cx.plan);
    if !map.mapped {
        return;
    }
    let architecture = architecture(cx.db, cx.plan);
    let model = concept_model(cx.db, cx.plan);
    let at = interaction_model_range(cx).or_else(|| model.blocks.first().map(|block| block.range.clone()));
    let Some(at) = at else { return };
    for coupling in architecture.couplings.iter().filter(|coupling| !coupling.declared) {
        let (from, to) = (&map.blocks[coupling.from].name, &map.blocks[coupling.to].name);
        let mut lines: Vec<String> = coupling
            .imports
            .iter()
            .take(LISTED)
            .map(|import| format!("{}:{}", import.file, import.line))
            .collect();
        if coupling.imports.len() > LISTED {
            lines.push(format!("and {} more", coupling.imports.len() - LISTED));
        }
        cx.report_in(
            &RULE,
            SectionId::D,
            at.clone(),
            format!("`{from}` imports `{to}` ({}), but no interaction arrow connects them", lines.join(", ")),
        )
        .help(format!(
            "add `- {from} -> {to}: what crosses` to the Interaction Model, or remove the coupling"
        ));
    }
}

/// The `Interaction Model` label of section D, where block pairs are declared.
fn interaction_model_range(cx: &Context<'_>) -> Option<std::ops::Range<usize>> {
    let text = section_text(cx.db, cx.plan, SectionId::D).as_ref()?;
    let start = text.find("Interaction Model").or_else(|| text.find("Interactions"))?;
    let end = text[start..].find('\n').map_or(text.len(), |offset| start + offset);
    Some(start..end)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_an_import_between_blocks_without_an_arrow() {
        crate::lints::tests::check_mutation(
            &super::RULE,
            "- Engine -> Queries: file texts",
            "- Engine -> Checker: file texts",
            expect_test::expect![[r#"
                PLAN081 error D+12:3 `Queries` imports `Engine` (crates/queries/src/plan/mod.rs:2), but no interaction arrow connects them
            "#]],
        );
    }

    #[test]
    fn an_arrow_in_either_direction_declares_the_coupling() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("- Engine -> Queries: file texts", "- Queries -> Engine: file texts")],
        );
    }
}
