//! PLAN042 dag-mismatch.

use std::collections::BTreeSet;

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::{pr, pr_links_all, pr_texts};
use crate::plan::tracked::written_edges;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN042",
        name: "dag-mismatch",
        severity: Severity::Warning,
        summary: "the edges written in I and the `Depends on` fields disagree",
        docs: "## What it does\nWhen both section I lists edges and PRs carry `Depends on` fields, checks that they describe the same graph.\n\n## Why is this bad?\nTwo sources of truth drift apart: one reviewer reads the DAG, another the PR, and they schedule different orders. `plan` merges both, so the stricter order wins silently.\n\n## Example\nI says `PR0 -> PR2` but PR2 says `Depends on: PR1`. Use instead: make them agree, or write the dependencies in one place only.\n",
    },
    section: Some(SectionId::I),
    check,
};

fn check(cx: &mut Context<'_>) {
    let prs = pr_links_all(cx.db, cx.plan);
    let written = written_edges(cx.db, cx.plan);
    if written.is_empty() || prs.iter().all(|pr| pr.depends_on.is_none()) {
        return;
    }
    let defined: BTreeSet<u32> = prs.iter().map(|pr| pr.number).collect();
    let declared: BTreeSet<(u32, u32)> = prs
        .iter()
        .flat_map(|pr| pr.depends_on.iter().flatten().map(move |dependency| (*dependency, pr.number)))
        .filter(|(from, to)| defined.contains(from) && defined.contains(to))
        .collect();
    let mut written_set = BTreeSet::new();
    for edge in written {
        if !defined.contains(&edge.from)
            || !defined.contains(&edge.to)
            || !written_set.insert((edge.from, edge.to))
        {
            continue;
        }
        let target_declares = prs.iter().any(|pr| pr.number == edge.to && pr.depends_on.is_some());
        if target_declares && !declared.contains(&(edge.from, edge.to)) {
            cx.report_in(
                &RULE,
                SectionId::I,
                edge.range.clone(),
                format!(
                    "section I has PR{} → PR{}, but PR{}'s `Depends on` does not name PR{}",
                    edge.from, edge.to, edge.to, edge.from
                ),
            )
            .help("make section I and the `Depends on` fields agree");
        }
    }
    for (key, links) in pr_texts(cx.db, cx.plan).zip(prs) {
        let Some(depends) = &links.depends_on else { continue };
        for dependency in depends {
            if defined.contains(dependency) && !written_set.contains(&(*dependency, links.number)) {
                let Some(range) = pr(cx.db, key).depends_range.clone() else { continue };
                cx.report(
                    &RULE,
                    Location::Pr(key.index(cx.db), range),
                    format!(
                        "PR{} depends on PR{dependency}, but section I has no edge PR{dependency} → PR{}",
                        links.number, links.number
                    ),
                )
                .help("make section I and the `Depends on` fields agree");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_when_i_and_depends_on_disagree() {
        check_mutation(
            &super::RULE,
            "- PR0 -> PR2\n",
            "",
            expect_test::expect![[r#"
                PLAN042 warning H+65:1 PR2 depends on PR0, but section I has no edge PR0 → PR2
            "#]],
        );
    }

    #[test]
    fn edges_written_together_still_agree() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("- PR0 -> PR1\n- PR0 -> PR2\n", "- PR0 -> PR1, PR2\n")],
        );
    }
}
