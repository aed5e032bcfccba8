//! PLAN080 block-path-unmatched.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN080",
        name: "block-path-unmatched",
        severity: Severity::Error,
        summary: "a building block's `Paths:` entry matches no file of the repository",
        docs: "## What it does\nChecks that every entry of a building block's `Paths:` (a file, a directory, a glob with `*`, `?` and `**`, or `file::Symbol`) matches at least one file of the repository.\n\n## Why is this bad?\nA block whose paths name nothing is a block the code does not have: the model describes a hallucinated module, and the drift rules cannot see its imports.\n\n## Example\n```markdown\n- **Engine** — owns the inputs.\n  - Paths: crates/engin/**\n```\nUse instead: `Paths: crates/engine/**`, or drop the entry.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let map = block_map(cx.db, cx.plan);
    let model = concept_model(cx.db, cx.plan);
    for (mapped, block) in map.blocks.iter().zip(&model.blocks) {
        for (pattern, count) in &mapped.patterns {
            if *count == 0 {
                cx.report_in(
                    &RULE,
                    SectionId::D,
                    block.range.clone(),
                    format!("`Paths:` entry `{}` of block `{}` matches no file", pattern.text, mapped.name),
                )
                .help("correct the path (globs: `*`, `?`, `**`; a directory matches everything below it), or remove it");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_a_path_that_matches_nothing() {
        crate::lints::tests::check_mutation(
            &super::RULE,
            "Paths: crates/queries/src/plan/**",
            "Paths: crates/queries/src/plan/**, crates/queries/src/missing/**",
            expect_test::expect![[r#"
                PLAN080 error D+7:1 `Paths:` entry `crates/queries/src/missing/` of block `Queries` matches no file
            "#]],
        );
    }

    #[test]
    fn a_path_matching_one_file_is_enough() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "Paths: crates/queries/src/plan/**",
                "Paths: crates/queries/src/plan/**, crates/queries/Cargo.toml",
            )],
        );
    }
}
