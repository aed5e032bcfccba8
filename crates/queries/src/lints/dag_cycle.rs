//! PLAN040 dag-cycle.

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::dag;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN040",
        name: "dag-cycle",
        severity: Severity::Error,
        summary: "the PR dependencies contain a cycle (the cycle is named)",
        docs: "## What it does\nMerges the `Depends on` fields of section H with the edges of section I and checks that the result is acyclic. Each cycle found is named, PR by PR.\n\n## Why is this bad?\nPRs in a cycle cannot be merged in any order: each waits for another. The plan is not executable as written.\n\n## Example\n```markdown\n- PR1 -> PR2\n- PR2 -> PR1\n```\nUse instead: decide which of the two merges first.\n",
    },
    section: Some(SectionId::I),
    check,
};

fn check(cx: &mut Context<'_>) {
    let graph = dag(cx.db, cx.plan);
    if graph.cycles.is_empty() {
        return;
    }
    let (section, at) = match section_heading(cx, SectionId::I) {
        Some(at) => (SectionId::I, at),
        None => (SectionId::H, section_heading(cx, SectionId::H).unwrap_or(0..0)),
    };
    for cycle in &graph.cycles {
        let mut names: Vec<String> = cycle.iter().map(|pr| format!("PR{pr}")).collect();
        names.push(format!("PR{}", cycle[0]));
        cx.report_in(
            &RULE,
            section,
            at.clone(),
            format!("the PR dependencies contain a cycle: {}", names.join(" → ")),
        )
        .help("remove one of these dependencies (in `Depends on` or in section I)");
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
            &super::RULE,
            &replacements,
            expect_test::expect![[r#"
                PLAN040 error I+0:1 the PR dependencies contain a cycle: PR1 → PR2 → PR3 → PR1
            "#]],
        );
    }

    #[test]
    fn a_diamond_is_no_cycle() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[
                ("- Depends on: PR2\n", "- Depends on: PR1, PR2\n"),
                ("- PR2 -> PR3", "- PR2 -> PR3\n- PR1 -> PR3"),
            ],
        );
    }
}
