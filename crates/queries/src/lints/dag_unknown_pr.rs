//! PLAN041 dag-unknown-pr.

use super::context::{Context, Lint, defined_prs};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::{pr, pr_links_all, pr_texts};
use crate::plan::tracked::written_edges;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN041",
        name: "dag-unknown-pr",
        severity: Severity::Error,
        summary: "an edge names a PR that H does not define",
        docs: "## What it does\nChecks that every PR named by an edge of section I, or by a `Depends on` field, is defined in section H.\n\n## Why is this bad?\nA dependency on a PR that does not exist cannot be satisfied; usually a PR was renumbered or dropped and its references were not updated.\n\n## Example\n```markdown\n- PR2 -> PR9\n```\nUse instead: name a PR of the PR plan.\n",
    },
    section: Some(SectionId::I),
    check,
};

fn check(cx: &mut Context<'_>) {
    let defined = defined_prs(cx);
    if defined.is_empty() {
        return; // PLAN072 says that H has no PR this rule could compare with.
    }
    if defined.is_empty() {
        return;
    }
    for edge in written_edges(cx.db, cx.plan) {
        for pr in [edge.from, edge.to] {
            if !defined.contains(&pr) {
                cx.report_in(
                    &RULE,
                    SectionId::I,
                    edge.range.clone(),
                    format!(
                        "edge PR{} → PR{} names PR{pr}, which section H does not define",
                        edge.from, edge.to
                    ),
                )
                .help("name PRs of the PR plan");
            }
        }
    }
    for (key, links) in pr_texts(cx.db, cx.plan).zip(pr_links_all(cx.db, cx.plan)) {
        let Some(depends) = &links.depends_on else { continue };
        for dependency in depends.iter().filter(|dependency| !defined.contains(dependency)) {
            let Some(range) = pr(cx.db, key).depends_range.clone() else { continue };
            cx.report(
                &RULE,
                Location::Pr(key.index(cx.db), range),
                format!("PR{} depends on PR{dependency}, which section H does not define", links.number),
            )
            .help("name PRs of the PR plan");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undefined_pr() {
        check_mutation(
            &super::RULE,
            "- PR2 -> PR3",
            "- PR2 -> PR3\n- PR3 -> PR9",
            expect_test::expect![[r#"
                PLAN041 error I+6:1 edge PR3 → PR9 names PR9, which section H does not define
            "#]],
        );
    }

    #[test]
    fn a_pr_named_in_a_parenthesis_is_no_edge() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("- PR2 -> PR3", "- PR2 -> PR3 (PR9 comes after this plan)")],
        );
    }
}
