//! Twelve valid plans written by another agent, in the styles agents and people really use
//! (fields on consecutive lines, field tables, `PR-0` and `PR #0` ids, badges in headings,
//! setext and bold-line sections, mermaid with subgraphs, summary tables in I, CRLF, a
//! BOM, tabs and non-breaking spaces), for four real repositories. With the files they cite
//! stubbed, each must check clean and yield the PRs and the DAG its author intended
//! (`scripts/style-corpus.sh` runs them against the real repositories).

use crate::lints::{RuleLevels, check_plan};
use crate::plan::tracked::{dag, prs};

/// (fixture, PR count, the intended edges), from the corpus manifest.
const CORPUS: [(&str, &str, usize, &str); 12] = [
    (
        "fd-consecutive-bold-fields",
        include_str!("../../../fixtures/plans/styles/fd-consecutive-bold-fields.md"),
        5,
        "0->1 0->2 1->3 2->3 3->4",
    ),
    (
        "fd-setext-table-fields",
        include_str!("../../../fixtures/plans/styles/fd-setext-table-fields.md"),
        4,
        "0->2 1->2 2->3",
    ),
    (
        "fd-tier-subheadings-crlf",
        include_str!("../../../fixtures/plans/styles/fd-tier-subheadings-crlf.md"),
        5,
        "0->2 1->3 2->3 3->4",
    ),
    (
        "glow-dash-bold-bullets",
        include_str!("../../../fixtures/plans/styles/glow-dash-bold-bullets.md"),
        5,
        "0->1 1->2 1->4 2->3",
    ),
    (
        "glow-bold-sections-numbered-fields-bom",
        include_str!("../../../fixtures/plans/styles/glow-bold-sections-numbered-fields-bom.md"),
        5,
        "0->1 1->2 1->3 2->4 3->4",
    ),
    (
        "glow-h1-no-letters-step-headings",
        include_str!("../../../fixtures/plans/styles/glow-h1-no-letters-step-headings.md"),
        5,
        "0->2 1->2 2->3 2->4",
    ),
    (
        "click-plain-dash-fields-tabs-nbsp",
        include_str!("../../../fixtures/plans/styles/click-plain-dash-fields-tabs-nbsp.md"),
        5,
        "0->2 1->2 2->3 3->4",
    ),
    (
        "click-em-dash-sections-ascii-dag",
        include_str!("../../../fixtures/plans/styles/click-em-dash-sections-ascii-dag.md"),
        5,
        "0->1 1->2 1->3 2->4",
    ),
    (
        "click-h1-sections-label-paragraph-fields",
        include_str!("../../../fixtures/plans/styles/click-h1-sections-label-paragraph-fields.md"),
        5,
        "0->3 1->3 2->3 3->4",
    ),
    (
        "got-plain-key-value-lines",
        include_str!("../../../fixtures/plans/styles/got-plain-key-value-lines.md"),
        5,
        "0->3 1->2 2->3 3->4",
    ),
    (
        "got-nested-h3-three-col-tables",
        include_str!("../../../fixtures/plans/styles/got-nested-h3-three-col-tables.md"),
        5,
        "0->2 1->2 2->3 2->4",
    ),
    (
        "got-numbered-sections-em-dash-fields",
        include_str!("../../../fixtures/plans/styles/got-numbered-sections-em-dash-fields.md"),
        5,
        "0->1 0->4 1->3 2->3 3->4",
    ),
];

#[test]
fn plans_in_other_agents_styles_check_clean_with_the_intended_prs_and_dag() {
    let mut failures = String::new();
    for (name, text, pr_count, intended) in CORPUS {
        let (db, plan, lock) = crate::lints::tests::fixture(text);
        let numbers: Vec<u32> = prs(&db, plan).iter().map(|pr| pr.number).collect();
        if numbers != (0..pr_count as u32).collect::<Vec<_>>() {
            failures.push_str(&format!("{name}: PRs {numbers:?}, expected PR0..PR{}\n", pr_count - 1));
        }
        let mut edges: Vec<String> =
            dag(&db, plan).edges.iter().map(|(from, to)| format!("{from}->{to}")).collect();
        edges.sort();
        edges.dedup();
        if edges.join(" ") != intended {
            failures.push_str(&format!("{name}: edges {}, intended {intended}\n", edges.join(" ")));
        }
        for placed in check_plan(&db, plan, lock, &RuleLevels::default()) {
            if placed.diagnostic.severity != crate::diagnostics::Severity::Note {
                failures.push_str(&format!(
                    "{name}:{}: {} {}\n",
                    placed.line,
                    placed.code(),
                    placed.diagnostic.message
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures}");
}
