//! PLAN034 pr-numbering.

use std::collections::BTreeSet;

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::prs;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN034",
        name: "pr-numbering",
        severity: Severity::Warning,
        summary: "PR ids are not PR0…PRn without gaps or repeats",
        docs: "## What it does\nChecks that the PRs of section H are numbered PR0 to PRn (or PR1 to PRn) without gaps or repeats.\n\n## Why is this bad?\nGates, dependencies and extension points refer to PRs by number; a repeated number makes those references ambiguous and a gap suggests a PR was dropped without updating them.\n\n## Example\n`PR0, PR1, PR3`. Use instead: renumber, or restore PR2.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let prs = prs(cx.db, cx.plan);
    let mut seen = BTreeSet::new();
    for pr in prs {
        if !seen.insert(pr.number) {
            cx.report_in(
                &RULE,
                SectionId::H,
                pr.heading.start..pr.heading.end.saturating_sub(1),
                format!("PR{} is defined twice", pr.number),
            )
            .help("give each PR its own number");
        }
    }
    let Some(&first) = seen.iter().next() else { return };
    let Some(&last) = seen.iter().next_back() else { return };
    let start = if first <= 1 { first } else { 0 };
    let missing: Vec<String> =
        (start..=last).filter(|number| !seen.contains(number)).map(|number| format!("PR{number}")).collect();
    if !missing.is_empty() {
        let at = section_heading(cx, SectionId::H).unwrap_or(0..0);
        cx.report_in(
            &RULE,
            SectionId::H,
            at,
            format!(
                "the PR numbers have gaps: {} {} missing",
                missing.join(", "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
        )
        .help("number the PRs PR0…PRn without gaps");
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
            &super::RULE,
            &replacements,
            expect_test::expect![[r#"
                PLAN034 warning H+0:1 the PR numbers have gaps: PR3 is missing
            "#]],
        );
    }

    #[test]
    fn another_title_separator_keeps_the_numbering() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("### PR3 — Dogfood the plan", "### PR3: Dogfood the plan")],
        );
    }
}
