//! PLAN005 concept-model-too-long.

use super::context::{Context, Lint, heading_range};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::section_doc;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN005",
        name: "concept-model-too-long",
        severity: Severity::Error,
        summary: "D has 60 or more non-blank lines below its heading, generated blocks excluded",
        docs: "## What it does\nCounts the non-blank lines of the Concept Model below its heading, leaving out generated blocks (`<!-- plan:begin … -->`).\n\n## Why is this bad?\nThe format's rule: if the concept model does not fit in under 60 lines, the design is too complex. Simplify before proceeding.\n\n## Example\nA concept model that describes each block's internals. Use instead: names, one-sentence responsibilities, arrows, invariants, extension points and the ownership map.\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(doc) = section_doc(cx.db, cx.plan, SectionId::D) else { return };
    let lines = doc.body_lines();
    if lines >= 60 {
        cx.report_in(
            &RULE,
            SectionId::D,
            heading_range(&doc.text),
            format!("the concept model has {lines} non-blank lines; the format asks for under 60"),
        )
        .help("simplify the design until it fits the whiteboard");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_at_sixty_lines_but_not_for_generated_ones() {
        let filler = "Some explanation of the model.\n\n".repeat(45);
        check_mutation(
            &super::RULE,
            "**Building Blocks**",
            &format!("{filler}**Building Blocks**"),
            expect_test::expect![[r#"
                PLAN005 error D+0:1 the concept model has 72 non-blank lines; the format asks for under 60
            "#]],
        );
        let generated = format!(
            "<!-- plan:begin concept-diagram -->\n{}<!-- plan:end concept-diagram -->\n\n**Building Blocks**",
            "generated\n".repeat(50)
        );
        crate::lints::tests::near_miss(&super::RULE, &[("**Building Blocks**", &generated)]);
    }
}
