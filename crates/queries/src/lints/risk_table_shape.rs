//! PLAN020 risk-table-shape.

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::risk_register;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN020",
        name: "risk-table-shape",
        severity: Severity::Error,
        summary: "E's table lacks one of the five required columns",
        docs: "## What it does\nChecks that the risk register is a table with the columns Decision, Assumption, Validation Method, Cost if Wrong and Gate (Success Criteria and Abort Plan may be columns too).\n\n## Why is this bad?\nEach column answers a question reviewers must ask of every non-obvious decision; a missing column means a question nobody answered.\n\n## Example\n```markdown\n| Decision | Assumption | Gate |\n```\nUse instead: `| Decision | Assumption | Validation Method | Cost if Wrong | Gate |`.\n",
    },
    section: Some(SectionId::E),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(heading) = section_heading(cx, SectionId::E) else { return };
    let register = risk_register(cx.db, cx.plan);
    match &register.table {
        None => cx
            .report_in(&RULE, SectionId::E, heading, "the risk register has no table with a Decision column")
            .help("add `| Decision | Assumption | Validation Method | Cost if Wrong | Gate |`"),
        Some(header) if !register.missing_columns.is_empty() => cx
            .report_in(
                &RULE,
                SectionId::E,
                header.clone(),
                format!(
                    "the risk table lacks the column{} {}",
                    if register.missing_columns.len() > 1 { "s" } else { "" },
                    register.missing_columns.join(", ")
                ),
            )
            .help("the columns are Decision, Assumption, Validation Method, Cost if Wrong, Gate"),
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_missing_column() {
        check_mutation(
            &super::RULE,
            "| Decision | Assumption | Validation Method | Cost if Wrong | Gate |",
            "| Decision | Assumption | Validation Method | Impact | Gate |",
            expect_test::expect![[r#"
                PLAN020 error E+2:1 the risk table lacks the column Cost if Wrong
            "#]],
        );
    }

    #[test]
    fn column_aliases_are_accepted() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "| Decision | Assumption | Validation Method | Cost if Wrong | Gate |",
                "| Decision | Assumption | How to validate | Cost of being wrong | Validation gate |",
            )],
        );
    }
}
