//! PLAN081 undeclared-coupling.

use engine::Db;

use super::context::{Context, Lint};
use crate::diagnostics::{Diagnostic, Rule, Severity};
use crate::drift::blocks::block_map;
use crate::drift::couplings::{BlockPair, block_arrows, pair_imports};
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
    let count = map.blocks.len();
    for from in 0..count {
        for to in (0..count).filter(|&to| to != from) {
            let pair = BlockPair::new(cx.db, cx.plan, from, to);
            cx.extend(pair_diagnostics(cx.db, pair).iter().cloned());
        }
    }
}

/// The diagnostic of one block pair: re-run only when the pair's imports, the arrows or
/// section D's text change.
#[salsa::tracked(returns(ref))]
fn pair_diagnostics<'db>(db: &'db dyn Db, pair: BlockPair<'db>) -> Vec<Diagnostic> {
    let (plan, from, to) = (pair.plan(db), pair.source(db), pair.target(db));
    let imports = pair_imports(db, pair);
    let declared = block_arrows(db, plan);
    if imports.is_empty() || declared.contains(&(from, to)) || declared.contains(&(to, from)) {
        return Vec::new();
    }
    let mut cx = Context::new(db, plan, None);
    let at = interaction_model_range(&cx)
        .or_else(|| concept_model(db, plan).blocks.first().map(|block| block.range.clone()));
    let Some(at) = at else { return Vec::new() };
    let map = block_map(db, plan);
    let (from, to) = (&map.blocks[from].name, &map.blocks[to].name);
    let mut lines: Vec<String> =
        imports.iter().take(LISTED).map(|import| format!("{}:{}", import.file, import.line)).collect();
    if imports.len() > LISTED {
        lines.push(format!("and {} more", imports.len() - LISTED));
    }
    cx.report_in(
        &RULE,
        SectionId::D,
        at,
        format!("`{from}` imports `{to}` ({}), but no interaction arrow connects them", lines.join(", ")),
    )
    .help(format!("add `- {from} -> {to}: what crosses` to the Interaction Model, or remove the coupling"));
    cx.finish()
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
