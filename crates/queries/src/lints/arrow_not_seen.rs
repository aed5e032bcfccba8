//! PLAN085 arrow-not-seen.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::drift::couplings::{block_arrows, imports_between};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN085",
        name: "arrow-not-seen",
        severity: Severity::Note,
        summary: "an interaction arrow between two blocks with code that no import supports",
        docs: "## What it does\nFor every arrow of the Interaction Model between two blocks that both own source code, looks for an import between them (in either direction). When there is none, notes the arrow as declared but not seen in code.\n\n## Why is this bad?\nAn arrow the code does not have is either planned work (fine: the note says so) or a relationship that went away; the picture of the architecture should say which.\n\n## Example\n```markdown\n- Cli -> Engine: file changes\n```\nwhile nothing under `Cli`'s paths imports `Engine`'s files: check whether the arrow still holds, or whether the data crosses through a third block.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let map = block_map(cx.db, cx.plan);
    if !map.mapped {
        return;
    }
    let arrows = block_arrows(cx.db, cx.plan);
    let model = concept_model(cx.db, cx.plan);
    let mut reported = Vec::new();
    for (&(from, to), interaction) in arrows.iter().zip(resolved(model, map)) {
        if !map.blocks[from].has_code || !map.blocks[to].has_code || reported.contains(&(from, to)) {
            continue;
        }
        if imports_between(cx.db, cx.plan, from, to) {
            continue;
        }
        reported.push((from, to));
        cx.report_in(
            &RULE,
            SectionId::D,
            interaction.range.clone(),
            format!(
                "`{} -> {}` is declared, not seen in code: no import between the two blocks",
                map.blocks[from].name, map.blocks[to].name
            ),
        )
        .help("if the data crosses through another block, draw it that way; if the arrow is planned work, this note goes away when the code lands");
    }
}

/// The interactions whose two ends are blocks, in order: those `architecture` lists.
fn resolved<'m>(
    model: &'m crate::plan::model::ConceptModel,
    map: &crate::drift::blocks::BlockMap,
) -> Vec<&'m crate::plan::model::Interaction> {
    let known = |name: &str| {
        model.resolve(name).is_some_and(|block| map.blocks.iter().any(|mapped| mapped.name == block.name))
    };
    model
        .interactions
        .iter()
        .filter(|interaction| known(&interaction.from) && known(&interaction.to))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_an_arrow_without_imports() {
        crate::lints::tests::check_mutation(
            &super::RULE,
            "Paths: crates/queries/src/plan/**",
            "Paths: crates/cli/**",
            expect_test::expect![[r#"
                PLAN085 note D+17:1 `Engine -> Queries` is declared, not seen in code: no import between the two blocks
            "#]],
        );
    }

    #[test]
    fn one_import_supports_the_arrow() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("Paths: crates/queries/src/plan/**", "Paths: crates/queries/**")],
        );
    }
}
