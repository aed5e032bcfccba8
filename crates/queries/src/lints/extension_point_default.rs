//! PLAN010 extension-point-default.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN010",
        name: "extension-point-default",
        severity: Severity::Error,
        summary: "an extension point has no default behaviour",
        docs: "## What it does\nChecks that every extension point of the concept model names its default behaviour (`Default: …`).\n\n## Why is this bad?\nAn extension point without a default is an interface with nothing behind it: scaffolding for later, which the format forbids.\n\n## Example\n```markdown\n- **Language** — a tree-sitter grammar with queries.\n```\nUse instead: add `Default: the nine built-in languages`.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    for point in &concept_model(cx.db, cx.plan).extension_points {
        if point.default.is_none() {
            cx.report_in(
                &RULE,
                SectionId::D,
                point.range.clone(),
                format!("extension point `{}` has no default behaviour", point.name),
            )
            .help("add `Default: …` naming what happens when nothing is plugged in");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_without_a_default() {
        check_mutation(
            &super::RULE,
            "  - Default: the nine built-in languages\n",
            "",
            expect_test::expect![[r#"
                PLAN010 error D+28:1 extension point `Language` has no default behaviour
            "#]],
        );
    }

    #[test]
    fn an_inline_default_counts() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[
                ("  - Default: the nine built-in languages\n", ""),
                (
                    "a tree-sitter grammar with its queries.",
                    "a tree-sitter grammar with its queries. Default: the nine built-in languages.",
                ),
            ],
        );
    }
}
