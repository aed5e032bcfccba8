//! PLAN007 block-responsibility.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN007",
        name: "block-responsibility",
        severity: Severity::Warning,
        summary: "a block has no responsibility, or more than one sentence of it",
        docs: "## What it does\nChecks that each building block states its responsibility in exactly one sentence.\n\n## Why is this bad?\nThe format allows no block more than one core responsibility. Two sentences are usually two responsibilities, and a block without one is not yet designed.\n\n## Example\n```markdown\n- **Store** — Keeps facts. Also renders the report.\n```\nUse instead: split the block, or state its one responsibility.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    for block in &concept_model(cx.db, cx.plan).blocks {
        let sentences = sentence_count(&block.responsibility);
        if sentences == 0 {
            cx.report_in(
                &RULE,
                SectionId::D,
                block.range.clone(),
                format!("building block `{}` has no responsibility", block.name),
            )
            .help("write `**Name** — one-sentence responsibility`");
        } else if sentences > 1 {
            cx.report_in(
                &RULE,
                SectionId::D,
                block.range.clone(),
                format!(
                    "building block `{}` has {sentences} sentences of responsibility; a block has one",
                    block.name
                ),
            )
            .help("one core responsibility per block: split the block or shorten the sentence");
        }
    }
}

/// Sentences end with `.`, `!` or `?` followed by a space and a capital letter, or by the
/// end of the text.
fn sentence_count(text: &str) -> usize {
    let text = text.trim();
    if text.is_empty() {
        return 0;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut count = 1;
    for index in 0..chars.len().saturating_sub(2) {
        if matches!(chars[index], '.' | '!' | '?')
            && chars[index + 1] == ' '
            && chars[index + 2].is_uppercase()
        {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_two_sentences() {
        check_mutation(
            &super::RULE,
            "owns the salsa database and its inputs.",
            "owns the salsa database and its inputs. It also renders reports.",
            expect_test::expect![[r#"
                PLAN007 warning D+4:1 building block `Engine` has 2 sentences of responsibility; a block has one
            "#]],
        );
    }

    #[test]
    fn counts_sentences() {
        assert_eq!(super::sentence_count(""), 0);
        assert_eq!(super::sentence_count("Keeps facts, e.g. symbols."), 1);
        assert_eq!(super::sentence_count("Keeps facts. Renders them."), 2);
    }

    #[test]
    fn an_abbreviation_does_not_end_the_sentence() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("owns the salsa database and its inputs.", "owns the salsa database, e.g. its inputs.")],
        );
    }
}
