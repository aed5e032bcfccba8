//! PLAN034 pr-numbering.

use std::collections::BTreeSet;

use super::{Context, Rule, section_heading};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::prs;

pub(super) const RULE: Rule = Rule {
    code: "PLAN034",
    name: "pr-numbering",
    severity: Severity::Warning,
    summary: "PR ids are not PR0…PRn without gaps or repeats",
    docs: "## What it does\nChecks that the PRs of section H are numbered PR0 to PRn (or PR1 to PRn) without gaps or repeats.\n\n## Why is this bad?\nGates, dependencies and extension points refer to PRs by number; a repeated number makes those references ambiguous and a gap suggests a PR was dropped without updating them.\n\n## Example\n`PR0, PR1, PR3`. Use instead: renumber, or restore PR2.\n",
    section: Some(SectionId::H),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let prs = prs(context.db, context.plan);
    let mut seen = BTreeSet::new();
    for pr in prs {
        if !seen.insert(pr.number) {
            out.push(
                Diagnostic::in_section(
                    "PLAN034",
                    SectionId::H,
                    pr.heading.start..pr.heading.end.saturating_sub(1),
                    format!("PR{} is defined twice", pr.number),
                )
                .with_help("give each PR its own number"),
            );
        }
    }
    let Some(&first) = seen.iter().next() else { return };
    let Some(&last) = seen.iter().next_back() else { return };
    let start = if first <= 1 { first } else { 0 };
    let missing: Vec<String> =
        (start..=last).filter(|number| !seen.contains(number)).map(|number| format!("PR{number}")).collect();
    if !missing.is_empty() {
        let at = section_heading(context, SectionId::H).unwrap_or(0..0);
        out.push(
            Diagnostic::in_section(
                "PLAN034",
                SectionId::H,
                at,
                format!(
                    "the PR numbers have gaps: {} {} missing",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ),
            )
            .with_help("number the PRs PR0…PRn without gaps"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutations;

    #[test]
    fn fires_for_a_gap() {
        let replacements =
            [("### PR3 — Dogfood the plan", "### PR4 — Dogfood the plan"), ("- PR2 -> PR3", "- PR2 -> PR4")];
        check_mutations(
            "PLAN034",
            &replacements,
            expect_test::expect![[r#"
            PLAN034 warning 124:1 the PR numbers have gaps: PR3 is missing
        "#]],
        );
    }
}
