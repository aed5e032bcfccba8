//! PLAN041 dag-unknown-pr.

use super::{Context, Rule, defined_prs};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::{prs, written_edges};

pub(super) const RULE: Rule = Rule {
    code: "PLAN041",
    name: "dag-unknown-pr",
    severity: Severity::Error,
    summary: "an edge names a PR that H does not define",
    docs: "## What it does\nChecks that every PR named by an edge of section I, or by a `Depends on` field, is defined in section H.\n\n## Why is this bad?\nA dependency on a PR that does not exist cannot be satisfied; usually a PR was renumbered or dropped and its references were not updated.\n\n## Example\n```markdown\n- PR2 -> PR9\n```\nUse instead: name a PR of the PR plan.\n",
    section: Some(SectionId::I),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let defined = defined_prs(context);
    if defined.is_empty() {
        return;
    }
    for edge in written_edges(context.db, context.plan) {
        for pr in [edge.from, edge.to] {
            if !defined.contains(&pr) {
                out.push(
                    Diagnostic::in_section(
                        "PLAN041",
                        SectionId::I,
                        edge.range.clone(),
                        format!(
                            "edge PR{} → PR{} names PR{pr}, which section H does not define",
                            edge.from, edge.to
                        ),
                    )
                    .with_help("name PRs of the PR plan"),
                );
            }
        }
    }
    for pr in prs(context.db, context.plan) {
        let (Some(depends), Some(range)) = (&pr.depends_on, &pr.depends_range) else { continue };
        for dependency in depends {
            if !defined.contains(dependency) {
                out.push(
                    Diagnostic::in_section(
                        "PLAN041",
                        SectionId::H,
                        range.clone(),
                        format!("PR{} depends on PR{dependency}, which section H does not define", pr.number),
                    )
                    .with_help("name PRs of the PR plan"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undefined_pr() {
        check_mutation(
            "PLAN041",
            "- PR2 -> PR3",
            "- PR2 -> PR3\n- PR3 -> PR9",
            expect_test::expect![[r#"
            PLAN041 error 233:1 edge PR3 → PR9 names PR9, which section H does not define
        "#]],
        );
    }
}
