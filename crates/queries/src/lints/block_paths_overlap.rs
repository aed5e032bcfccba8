//! PLAN083 block-paths-overlap.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN083",
        name: "block-paths-overlap",
        severity: Severity::Warning,
        summary: "two building blocks claim the same files with equally specific `Paths:`",
        docs: "## What it does\nA file belongs to the block whose matching `Paths:` pattern is the most specific (more literal leading directories, then more literal characters, then no wildcard). When two blocks match a file equally, the file belongs to neither; this reports each such pair of blocks once, with the files.\n\n## Why is this bad?\nA file in two blocks makes every drift finding about it ambiguous.\n\n## Example\n```markdown\n- **Engine** — …\n  - Paths: crates/**\n- **Cli** — …\n  - Paths: crates/**\n```\nUse instead: `Paths: crates/engine/**` and `Paths: crates/cli/**`.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let map = block_map(cx.db, cx.plan);
    let model = concept_model(cx.db, cx.plan);
    for (first, second, files) in &map.ties {
        let Some(block) = model.blocks.get(*second) else { continue };
        let shown: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
        let more = if files.len() > 3 { format!(" and {} more", files.len() - 3) } else { String::new() };
        cx.report_in(
            &RULE,
            SectionId::D,
            block.range.clone(),
            format!(
                "blocks `{}` and `{}` both claim {}{more} with equally specific paths",
                map.blocks[*first].name,
                map.blocks[*second].name,
                shown.join(", ")
            ),
        )
        .help("make one block's path more specific (a longer directory, or the file itself)");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_two_blocks_claiming_a_file_equally() {
        crate::lints::tests::check_mutations(
            &super::RULE,
            &[
                ("Paths: crates/engine/**", "Paths: `crates/engine/**`, `crates/cli/**`"),
                ("Paths: crates/queries/src/plan/**", "Paths: `crates/queries/src/plan/**`, `crates/cli/**`"),
            ],
            expect_test::expect![[r#"
                PLAN083 warning D+7:1 blocks `Engine` and `Queries` both claim crates/cli/src/args.rs with equally specific paths
            "#]],
        );
    }

    #[test]
    fn the_more_specific_path_wins() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("Paths: crates/engine/**", "Paths: `crates/engine/**`, `crates/queries/src/**`")],
        );
    }
}
