//! PLAN086 unowned-file.

use std::collections::BTreeMap;

use super::context::{Context, Lint};
use crate::code::lang::LanguageSpec;
use crate::diagnostics::{Rule, Severity};
use crate::drift::blocks::block_map;
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN086",
        name: "unowned-file",
        severity: Severity::Note,
        summary: "source files under no building block, in a directory where a block owns files",
        docs: "## What it does\nWhen the plan maps blocks to code, finds source files that no block's `Paths:` matches in directories that hold files of some block, and notes them once per directory.\n\n## Why is this bad?\nA file beside a block's files but outside the block escapes the drift rules; usually a path of the block is too narrow.\n\n## Example\n```markdown\n  - Paths: crates/engine/src/db.rs\n```\nwhile `crates/engine/src/inputs.rs` sits beside it: Use instead: `Paths: crates/engine/**`.\n",
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
    let mut covered: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, block) in &map.owner {
        covered.entry(parent(file)).or_insert(*block);
    }
    let mut unowned: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let tied: Vec<&String> = map.ties.iter().flat_map(|(_, _, files)| files).collect();
    for file in cx.db.workspace().files(cx.db).iter() {
        let path = file.path(cx.db).as_str();
        if LanguageSpec::for_path(path).is_none()
            || map.block_of(path).is_some()
            || tied.contains(&&path.to_owned())
        {
            continue;
        }
        if covered.contains_key(parent(path))
            && map.owner.binary_search_by(|(file, _)| file.as_str().cmp(path)).is_err()
        {
            unowned.entry(parent(path)).or_default().push(path);
        }
    }
    for (dir, files) in unowned {
        let Some(block) = model.blocks.get(covered[dir]) else { continue };
        let shown: Vec<&str> = files.iter().take(3).copied().collect();
        let more = if files.len() > 3 { format!(" and {} more", files.len() - 3) } else { String::new() };
        cx.report_in(
            &RULE,
            SectionId::D,
            block.range.clone(),
            format!("`{dir}/` holds files of `{}` and {} under no block{more}", block.name, shown.join(", ")),
        )
        .help(format!("widen a block's `Paths:` (`{dir}/**`), or give the files a block"));
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fires_for_files_beside_a_block_file() {
        crate::lints::tests::check_mutation(
            &super::RULE,
            "Paths: crates/engine/**",
            "Paths: crates/engine/src/db.rs",
            expect_test::expect![[r#"
                PLAN086 note D+4:1 `crates/engine/src/` holds files of `Engine` and crates/engine/src/inputs.rs, crates/engine/src/lib.rs under no block
            "#]],
        );
    }

    #[test]
    fn every_source_file_of_the_directory_in_a_block() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "Paths: crates/engine/**",
                "Paths: crates/engine/src/db.rs, crates/engine/src/inputs.rs, crates/engine/src/lib.rs",
            )],
        );
    }
}
