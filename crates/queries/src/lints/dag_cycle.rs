//! PLAN040 dag-cycle.

use super::{Context, Rule, section_heading};
use crate::diagnostics::{Diagnostic, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::dag;

pub(super) const RULE: Rule = Rule {
    code: "PLAN040",
    name: "dag-cycle",
    severity: Severity::Error,
    summary: "the PR dependencies contain a cycle (the cycle is named)",
    docs: "## What it does\nMerges the `Depends on` fields of section H with the edges of section I and checks that the result is acyclic. Each cycle found is named, PR by PR.\n\n## Why is this bad?\nPRs in a cycle cannot be merged in any order: each waits for another. The plan is not executable as written.\n\n## Example\n```markdown\n- PR1 -> PR2\n- PR2 -> PR1\n```\nUse instead: decide which of the two merges first.\n",
    section: Some(SectionId::I),
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let graph = dag(context.db, context.plan);
    if graph.cycles.is_empty() {
        return;
    }
    let (section, at) = match section_heading(context, SectionId::I) {
        Some(at) => (SectionId::I, at),
        None => (SectionId::H, section_heading(context, SectionId::H).unwrap_or(0..0)),
    };
    for cycle in &graph.cycles {
        let mut names: Vec<String> = cycle.iter().map(|pr| format!("PR{pr}")).collect();
        names.push(format!("PR{}", cycle[0]));
        out.push(
            Diagnostic::in_section(
                "PLAN040",
                section,
                at.clone(),
                format!("the PR dependencies contain a cycle: {}", names.join(" → ")),
            )
            .with_help("remove one of these dependencies (in `Depends on` or in section I)"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutations;

    #[test]
    fn names_the_cycle() {
        let replacements = [
            ("- Depends on: PR0\n", "- Depends on: PR0, PR3\n"),
            ("- PR2 -> PR3", "- PR2 -> PR3\n- PR3 -> PR1"),
        ];
        check_mutations(
            "PLAN040",
            &replacements,
            expect_test::expect![[r#"
            PLAN040 error 227:1 the PR dependencies contain a cycle: PR1 → PR2 → PR3 → PR1
        "#]],
        );
    }
}
