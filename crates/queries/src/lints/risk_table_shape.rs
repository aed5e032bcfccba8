//! PLAN020 risk-table-shape.

use super::{Context, Rule, section_heading};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::risk_register;

pub(super) const RULE: Rule = Rule {
    code: "PLAN020",
    name: "risk-table-shape",
    severity: Severity::Error,
    summary: "E's table lacks one of the five required columns",
    docs: "## What it does\nChecks that the risk register is a table with the columns Decision, Assumption, Validation Method, Cost if Wrong and Gate (Success Criteria and Abort Plan may be columns too).\n\n## Why is this bad?\nEach column answers a question reviewers must ask of every non-obvious decision; a missing column means a question nobody answered.\n\n## Example\n```markdown\n| Decision | Assumption | Gate |\n```\nUse instead: `| Decision | Assumption | Validation Method | Cost if Wrong | Gate |`.\n",
    section: Some(SectionId::E),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(heading) = section_heading(context, SectionId::E) else { return };
    let register = risk_register(context.db, context.plan);
    match &register.table {
        None => out.push(
            Diagnostic::in_section(
                "PLAN020",
                SectionId::E,
                heading,
                "the risk register has no table with a Decision column",
            )
            .with_help("add `| Decision | Assumption | Validation Method | Cost if Wrong | Gate |`"),
        ),
        Some(header) if !register.missing_columns.is_empty() => out.push(
            Diagnostic::in_section(
                "PLAN020",
                SectionId::E,
                header.clone(),
                format!(
                    "the risk table lacks the column{} {}",
                    if register.missing_columns.len() > 1 { "s" } else { "" },
                    register.missing_columns.join(", ")
                ),
            )
            .with_help("the columns are Decision, Assumption, Validation Method, Cost if Wrong, Gate"),
        ),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_missing_column() {
        check_mutation(
            "PLAN020",
            "| Decision | Assumption | Validation Method | Cost if Wrong | Gate |",
            "| Decision | Assumption | Validation Method | Impact | Gate |",
            expect_test::expect![[r#"
            PLAN020 error 88:1 the risk table lacks the column Cost if Wrong
        "#]],
        );
    }
}
