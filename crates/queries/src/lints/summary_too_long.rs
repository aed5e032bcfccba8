//! PLAN003 summary-too-long.

use super::{Context, Rule, heading_range};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::section_doc;

pub(super) const RULE: Rule = Rule {
    code: "PLAN003",
    name: "summary-too-long",
    severity: Severity::Error,
    summary: "section A has 15 or more non-blank lines below its heading",
    docs: "## What it does\nCounts the non-blank lines of the Executive Summary below its heading; the format asks for under 15.\n\n## Why is this bad?\nThe summary is the elevator pitch a reviewer reads first. Past 15 lines it stops being a summary and the core review (A, C, D, Tier 1) no longer fits in one sitting.\n\n## Example\nA summary that lists every PR. Use instead: what is built, why, how many PRs and the key milestones, in a few lines.\n",
    section: Some(SectionId::A),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = section_doc(context.db, context.plan, SectionId::A) else { return };
    let lines = doc.body_lines();
    if lines >= 15 {
        out.push(
            Diagnostic::in_section(
                "PLAN003",
                SectionId::A,
                heading_range(&doc.text),
                format!("the executive summary has {lines} non-blank lines; the format asks for under 15"),
            )
            .with_help("keep what is built, why, how many PRs and the key milestones"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_at_fifteen_lines() {
        let long = "## A) Executive Summary\n\n".to_owned() + &"A line of summary.\n".repeat(15);
        check_mutation(
            "PLAN003",
            "## A) Executive Summary\n",
            &format!("{long}\n"),
            expect_test::expect![[r#"
            PLAN003 error 7:1 the executive summary has 19 non-blank lines; the format asks for under 15
        "#]],
        );
    }
}
