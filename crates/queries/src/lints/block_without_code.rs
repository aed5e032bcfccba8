//! PLAN084 block-without-code.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN084",
        name: "block-without-code",
        severity: Severity::Error,
        summary: "the `Paths:` of a building block that exists (no unmerged PR builds it) hold no source code",
        docs: "## What it does\nWhen the plan maps blocks to code (some block has `Paths:`), checks that the paths of every block hold source code, except for blocks that only PRs not yet merged change (new blocks may stay empty until their PR is merged).\n\n## Why is this bad?\nA block that exists in the model but in no code is a hallucinated module, and its interaction arrows cannot be checked.\n\n## Example\n```markdown\n- **Checker** — runs the rules.\n  - Paths: docs/rules.md\n```\nUse instead: `  - Paths: crates/queries/src/lints/**`.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let map = block_map(cx.db, cx.plan);
    if !map.mapped {
        return;
    }
    let model = concept_model(cx.db, cx.plan);
    for (mapped, block) in map.blocks.iter().zip(&model.blocks) {
        if mapped.planned || mapped.has_code || mapped.patterns.is_empty() {
            continue;
        }
        let message = format!("the paths of block `{}` hold no source code", mapped.name);
        cx.report_in(&RULE, SectionId::D, block.range.clone(), message)
            .help("give the block `Paths:` to the code it owns, or name it in the Building Block Change of the PR that builds it");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_a_block_whose_paths_hold_no_code() {
        crate::lints::tests::check_mutation(
            &super::RULE,
            "Paths: crates/queries/src/plan/**",
            "Paths: crates/queries/Cargo.toml",
            expect_test::expect![[r#"
                PLAN084 error D+7:1 the paths of block `Queries` hold no source code
            "#]],
        );
    }

    #[test]
    fn one_source_file_is_code() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "Paths: crates/queries/src/plan/**",
                "Paths: crates/queries/Cargo.toml, crates/queries/src/plan/mod.rs",
            )],
        );
    }
}
