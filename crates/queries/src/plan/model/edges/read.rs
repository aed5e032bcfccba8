//! Walking section I's blocks for edges: lines clause by clause, fences, tables by their
//! header; a merge order only when nothing else gives an edge.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::edges::Edge;
use crate::plan::model::edges::mermaid::{is_mermaid, mermaid_edges};
use crate::plan::model::edges::text::{ARROWS, edges_about, edges_in_line, fence_edges};
use crate::plan::refs::{pr_mentions, pr_numbers};

/// Labels of lines that list an order or a path, not dependencies.
const ORDER_LABELS: &[&str] = &[
    "merge order",
    "order",
    "merge sequence",
    "sequence",
    "sequencing",
    "critical path",
    "topological order",
    "linear order",
    "suggested order",
    "recommended order",
    "timeline",
    "wave",
    "waves",
    "parallelism",
    "parallel",
    "workstreams",
    "path",
];

/// Edges written in I. Blocks inside `skip` (generated blocks) are not read.
pub(crate) fn dag_edges(text: &str, blocks: &[Block], skip: &[Range<usize>]) -> Vec<Edge> {
    let mut out = Vec::new();
    // Edges from lines that list a merge order: used only when nothing else gives any.
    let mut from_order = Vec::new();
    let mut tables: BTreeMap<u32, Option<TableColumns>> = BTreeMap::new();
    for block in blocks {
        if skip.iter().any(|range| range.start <= block.range.start && block.range.start < range.end) {
            continue;
        }
        match block.kind {
            BlockKind::Code if is_mermaid(text, block) => out.extend(mermaid_edges(text, block)),
            BlockKind::Code => out.extend(fence_edges(text, block)),
            BlockKind::Item { .. } | BlockKind::Paragraph => {
                // The PR a line starts with is the subject of its clauses: `- PR#2 — blocked
                // by PR#0; blocks PR#3`.
                let subject = pr_mentions(&block.text)
                    .first()
                    .filter(|mention| mention.range.start == 0)
                    .map(|mention| mention.first);
                // Clause by clause: `Parallelism: PR0 ∥ PR1. Critical path: PR0 → PR2 → PR3.`
                for clause in block.text.split(". ").flat_map(|sentence| sentence.split("; ")) {
                    let edges = clause_edges(clause, subject, &block.range);
                    if is_order_line(clause) {
                        from_order.extend(edges);
                    } else {
                        out.extend(edges);
                    }
                }
            }
            BlockKind::TableRow { table, header: true } => {
                tables.insert(table, TableColumns::of(block));
            }
            BlockKind::TableRow { table, header: false } => {
                if let Some(Some(columns)) = tables.get(&table) {
                    out.extend(columns.edges(block));
                }
            }
            _ => {}
        }
    }
    if out.is_empty() { from_order } else { out }
}

/// The edges of one clause: a list of pairs (`Edges: PR0→PR1, PR0→PR2, PR1→PR3`) edge by
/// edge, anything else as one line.
fn clause_edges(clause: &str, subject: Option<u32>, range: &Range<usize>) -> Vec<Edge> {
    let arrow = |part: &str| ARROWS.iter().any(|arrow| part.contains(arrow)) || part.contains("->");
    // Pairs: every part that names a PR has an arrow (a label such as `Edges` aside).
    let parts: Vec<&str> = clause.split(", ").filter(|part| !pr_mentions(part).is_empty()).collect();
    if parts.len() >= 2 && parts.iter().all(|part| arrow(part)) {
        return parts.iter().flat_map(|part| edges_in_line(part, range.clone())).collect();
    }
    edges_about(clause, subject, range.clone())
}

fn is_order_line(text: &str) -> bool {
    let Some((label, _)) = text.split_once(':') else { return false };
    let label = normalize_label(label);
    ORDER_LABELS.iter().any(|order| {
        label == *order || label.ends_with(&format!(" {order}")) || label.starts_with(&format!("{order} "))
    })
}

/// The meaning of a table's columns for edges: the PR column and the columns that hold its
/// prerequisites or its dependents.
struct TableColumns {
    pr: usize,
    before: Vec<usize>,
    after: Vec<usize>,
}

impl TableColumns {
    fn of(header: &Block) -> Option<TableColumns> {
        let names: Vec<String> = header.cells.iter().map(|cell| normalize_label(&cell.text)).collect();
        let is_any = |name: &str, words: &[&str]| {
            words.iter().any(|word| name == *word || name.starts_with(&format!("{word} ")))
        };
        let pr = names.iter().position(|name| is_any(name, &["pr", "prs", "id", "pull request", "step"]))?;
        let before: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| {
                is_any(
                    name,
                    &[
                        "depends on",
                        "dependencies",
                        "depends",
                        "prerequisites",
                        "requires",
                        "blocked by",
                        "after",
                        "needs",
                    ],
                )
            })
            .map(|(index, _)| index)
            .collect();
        let after: Vec<usize> = names
            .iter()
            .enumerate()
            .filter(|(_, name)| {
                is_any(
                    name,
                    &["unblocks", "enables", "blocks", "dependents", "successors", "leads to", "then"],
                )
            })
            .map(|(index, _)| index)
            .collect();
        (!before.is_empty() || !after.is_empty()).then_some(TableColumns { pr, before, after })
    }

    fn edges(&self, row: &Block) -> Vec<Edge> {
        let cell = |index: usize| row.cells.get(index).map_or("", |cell| cell.text.as_str());
        let Some(&this) = pr_numbers(cell(self.pr)).first() else { return Vec::new() };
        let mut out = Vec::new();
        for &column in &self.before {
            out.extend(pr_numbers(cell(column)).into_iter().map(|from| Edge {
                from,
                to: this,
                range: row.range.clone(),
            }));
        }
        for &column in &self.after {
            out.extend(pr_numbers(cell(column)).into_iter().map(|to| Edge {
                from: this,
                to,
                range: row.range.clone(),
            }));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::markdown::blocks;

    fn edges(text: &str) -> String {
        let mut found: Vec<String> = dag_edges(text, &blocks(text), &[])
            .iter()
            .map(|edge| format!("PR{}->PR{}", edge.from, edge.to))
            .collect();
        found.sort();
        found.dedup();
        found.join(" ")
    }

    #[test]
    fn lists_and_prose() {
        assert_eq!(edges("- PR0 -> PR1, PR2\n- PR2 → PR3\n"), "PR0->PR1 PR0->PR2 PR2->PR3");
        assert_eq!(edges("- PR0 → {PR1 ∥ PR2} → PR3\n"), "PR0->PR1 PR0->PR2 PR1->PR3 PR2->PR3");
        assert_eq!(edges("PR3 depends on PR1 and PR2.\n"), "PR1->PR3 PR2->PR3");
        assert_eq!(edges("- PR2 -> PR3 (after review of PR1)\n"), "PR2->PR3");
        assert_eq!(
            edges("- Lanes: after PR 1, lane A (PR 2 → PR 3) and lane B (PR 4) run in parallel.\n"),
            "PR2->PR3"
        );
        assert_eq!(edges("- PR0 (parser) -> PR1 [checker], PR2\n"), "PR0->PR1 PR0->PR2");
        // Only when nothing else gives an edge does a merge order stand for the DAG.
        assert_eq!(
            edges("Merge order: PR0 → PR1 → PR2\n\nCritical path: PR0 → PR2\n"),
            "PR0->PR1 PR0->PR2 PR1->PR2"
        );
        assert_eq!(
            edges("Parallelism: PR0 ∥ PR1; PR3 ∥ PR4. Critical path: PR0 → PR2 → PR3. PR2 -> PR4.\n"),
            "PR2->PR4"
        );
    }

    #[test]
    fn mermaid_graphs() {
        let graph = "```mermaid\ngraph TD\n  subgraph Foundations\n    PR0[PR0: Parse] --> PR1\n  end\n  PR0 & PR1 & PR2 --> PR3 --> PR4\n  PR1 -.-> PR5\n  PR5 ==>|gate| PR6\n  n7[PR7 — Docs] -- after --> PR6\n  PR1 --> PR2[Checker] & PR8(Views)\nclassDef done fill:#9f9\n```\n";
        expect_test::expect![
            "PR0->PR1 PR0->PR3 PR1->PR2 PR1->PR3 PR1->PR5 PR1->PR8 PR2->PR3 PR3->PR4 PR5->PR6 PR7->PR6"
        ]
        .assert_eq(&edges(graph));
    }

    #[test]
    fn tables_only_by_their_header() {
        let summary = "| PR | Depends on | Wave |\n|---|---|---|\n| PR0 | — | 1 |\n| PR1 | PR0 | 2 |\n| PR2 | PR0, PR1 | 3 |\n";
        assert_eq!(edges(summary), "PR0->PR1 PR0->PR2 PR1->PR2");
        let waves = "| Wave | PRs |\n|---|---|\n| 1 | PR0 |\n| 2 | PR1, PR2 |\n";
        assert_eq!(edges(waves), "");
        let ascii = "```\nPR0 ──► PR1 ──► PR3\n  └──► PR2 ──┘\n```\n";
        assert_eq!(edges(ascii), "");
        let clean = "```\n[PR0] ──▶ [PR2] ──▶ [PR3]\n[PR1] ──▶ [PR2]\n```\n";
        assert_eq!(edges(clean), "PR0->PR2 PR1->PR2 PR2->PR3");
        let dot =
            "```dot\ndigraph g {\n  rankdir=LR;\n  PR00 -> PR01;\n  \"PR 1\" -> PR02 [label=x];\n}\n```\n";
        assert_eq!(edges(dot), "PR0->PR1 PR1->PR2");
    }

    #[test]
    fn pairs_orders_and_after() {
        assert_eq!(edges("Edges: PR0→PR1, PR0→PR2, PR1→PR3.\n"), "PR0->PR1 PR0->PR2 PR1->PR3");
        assert_eq!(edges("- PR 3 after PR 1 and PR 2; PR 5 after PR 2.\n"), "PR1->PR3 PR2->PR3 PR2->PR5");
        assert_eq!(edges("- Parallel after PR0: PR1, PR2.\n"), "");
        assert_eq!(edges("- PR7 -> PR8\n- Workstreams after PR 01: {PR 02 → PR 03}, {PR 04}.\n"), "PR7->PR8");
        assert_eq!(edges("- Streams: {PR 02 → PR 03}, {PR 04}.\n"), "PR2->PR3");
        assert_eq!(
            edges("- PR#0 — blocks PR#2\n- PR#2 — blocked by PR#0, PR#1; blocks PR#3, PR#4\n"),
            "PR0->PR2 PR1->PR2 PR2->PR3 PR2->PR4"
        );
        assert_eq!(
            edges("Edges, explicitly: PR 0→PR 1, PR 0→PR 2, PR 1→PR 3.\n"),
            "PR0->PR1 PR0->PR2 PR1->PR3"
        );
        assert_eq!(edges("- Merge order: {PR0, PR1} → PR3 → PR4.\n"), "PR0->PR3 PR1->PR3 PR3->PR4");
        assert_eq!(edges("- PR1 -> PR2\n- Merge order: PR0 → PR1 → PR2.\n"), "PR1->PR2");
    }
}
