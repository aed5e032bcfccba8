//! I: the DAG as written. Edges come from lines with arrows (`PR0 -> PR1, PR2`,
//! `PR0 → {PR1 ∥ PR2} → PR3`, `PR2 depends on PR0 and PR1`), from mermaid blocks (`-->`,
//! `-.->`, `==>`, chains, `A & B --> C`, edge labels, node labels naming PRs, subgraphs),
//! and from tables only when their header says what a column means (`| PR | Depends on |`).
//! Other tables (waves, summaries), ASCII-art pictures in plain fences, and lines that list
//! an order rather than dependencies (`Merge order: PR0 → PR1 → PR2`) give no edges.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::refs::{pr_mentions, pr_numbers};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: u32,
    pub to: u32,
    pub range: Range<usize>,
}

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

const ARROWS: [&str; 7] = ["⟶", "→", "⇒", "-->", "==>", "-.->", "=>"];

/// Edges in a fenced block that is not mermaid: a Graphviz `digraph` (`PR0 -> PR1;`), or
/// a plain picture whose lines are only PR ids and arrows (`[PR0] ──▶ [PR2] ──▶ [PR3]`).
/// Lines of a picture with junctions (`┼`, `┴`, `│`) say too little to be read.
fn fence_edges(text: &str, block: &Block) -> Vec<Edge> {
    let source = text.get(block.range.clone()).unwrap_or("");
    let info = block.text.to_ascii_lowercase();
    let dot = matches!(info.as_str(), "dot" | "graphviz" | "gv")
        || source.lines().nth(1).is_some_and(|line| line.trim_start().starts_with("digraph"));
    if !dot && !matches!(info.as_str(), "" | "text" | "txt" | "plain" | "ascii") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = block.range.start;
    for (number, line) in source.split_inclusive('\n').enumerate() {
        let range = offset..offset + line.trim_end().len();
        offset += line.len();
        let fence =
            number == 0 || line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence || line.trim().is_empty() {
            continue;
        }
        let read = if dot {
            line.split('[').next().unwrap_or(line).replace([';', '"'], " ")
        } else {
            picture_line(line)
        };
        if read.is_empty() && !dot {
            // A picture is read whole or not at all: a partial DAG is worse than none.
            return Vec::new();
        }
        out.extend(edges_in_line(&read, range));
    }
    out
}

/// A picture's line as `PR0 -> PR2 -> PR3`, or empty when it holds anything else.
fn picture_line(line: &str) -> String {
    if line.contains(['┼', '┴', '┬', '├', '┤', '┐', '┘', '└', '┌', '│', '|']) {
        return String::new();
    }
    let mut normalized = line.replace(['[', ']'], " ");
    for arrow in ["──▶", "─▶", "──►", "─►", "──>", "─>", "▶", "►", "→", "-->", "->"]
    {
        normalized = normalized.replace(arrow, " -> ");
    }
    let normalized = normalized.replace('─', " ");
    let mentions = pr_mentions(&normalized);
    let mut rest = normalized.clone();
    for mention in mentions.iter().rev() {
        rest.replace_range(mention.range.clone(), " ");
    }
    let only_nodes_and_arrows = rest.replace("->", " ").trim().is_empty();
    if mentions.len() >= 2 && only_nodes_and_arrows { normalized } else { String::new() }
}

/// A fenced block tagged `mermaid`, or a plain fence whose first line is a mermaid graph.
fn is_mermaid(text: &str, block: &Block) -> bool {
    if block.text.eq_ignore_ascii_case("mermaid") {
        return true;
    }
    let source = text.get(block.range.clone()).unwrap_or("");
    let first = source.lines().skip(1).map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
    block.text.is_empty() && (first.starts_with("graph ") || first.starts_with("flowchart "))
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

/// `PR0 -> PR1, PR2`, `PR0 → PR1 → PR2`, `PR0 → {PR1 ∥ PR2} → PR3`, `PR3 depends on PR1
/// and PR2`. Each step's PRs all follow each of the previous step's; a parenthesis names
/// no node (`PR2 -> PR3 (after review of PR1)`).
fn edges_in_line(line: &str, range: Range<usize>) -> Vec<Edge> {
    edges_about(line, None, range)
}

/// Phrases that state a dependency in words: `true` when the PRs after the phrase come
/// after the one before it (`PR0 blocks PR2`), `false` when they come before it (`PR2
/// depends on PR0`).
const PHRASES: [(&str, bool); 8] = [
    (" depends on ", false),
    (" is blocked by ", false),
    (" blocked by ", false),
    (" requires ", false),
    (" after ", false),
    (" blocks ", true),
    (" unblocks ", true),
    (" enables ", true),
];

/// The edges of one line; `subject` is the PR a clause without its own subject is about
/// (`PR#2 — blocked by PR#0; blocks PR#3`: the second clause is about PR#2 too).
fn edges_about(line: &str, subject: Option<u32>, range: Range<usize>) -> Vec<Edge> {
    let mut normalized = line.to_owned();
    for arrow in ARROWS {
        normalized = normalized.replace(arrow, "->");
    }
    let lower = format!(" {}", normalized.to_ascii_lowercase());
    let padded = format!(" {normalized}");
    for (phrase, forward) in PHRASES {
        let Some(at) = lower.find(phrase).filter(|_| !normalized.contains("->")) else { continue };
        let (before, rest) = (&padded[..at], &padded[at + phrase.len()..]);
        // The PR the phrase is about stands right before it (`PR 3 after PR 1`, `PR#2 —
        // blocked by …`), or is the line's subject.
        let this = pr_mentions(before)
            .pop()
            .filter(|mention| {
                before[mention.range.end..]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | ','))
                    .is_empty()
            })
            .map(|mention| mention.first)
            .or(subject.filter(|_| pr_mentions(before).is_empty()));
        let Some(this) = this else { return Vec::new() };
        let rest = rest.split(['(', '.', ';']).next().unwrap_or(rest);
        return pr_numbers(rest)
            .into_iter()
            .map(|other| {
                if forward {
                    Edge { from: this, to: other, range: range.clone() }
                } else {
                    Edge { from: other, to: this, range: range.clone() }
                }
            })
            .collect();
    }
    if !normalized.contains("->") {
        return Vec::new();
    }
    let parts: Vec<&str> = normalized.split("->").collect();
    let mut out = Vec::new();
    for pair in parts.windows(2) {
        // The PRs next to the arrow: `lane A (PR 2 → PR 3) and lane B` links PR2 to PR3.
        let from = adjacent(pair[0], Side::End);
        let to = adjacent(pair[1], Side::Start);
        for &from in &from {
            for &to in &to {
                out.push(Edge { from, to, range: range.clone() });
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// The group of PRs at one end of `part`: the PR mention nearest that end, with the
/// mentions joined to it only by list separators (`,` `&` `∥` `and` `{` `}`): `PR1, PR2`,
/// `{PR1 ∥ PR2}`. An edge label (`|text|`) is not part of a node.
fn adjacent(part: &str, side: Side) -> Vec<u32> {
    let part = match side {
        Side::Start => part
            .split_once('|')
            .filter(|(before, _)| before.trim().is_empty())
            .map_or(part, |(_, after)| after.split_once('|').map_or(after, |(_, rest)| rest)),
        Side::End => part,
    };
    // PRs inside a balanced parenthesis or bracket are a label's words, not nodes.
    let masked = mask_balanced(part);
    let part = masked.as_str();
    let mentions = pr_mentions(part);
    let joins = |between: &str| {
        // A closed group ends the group: `{PR 02 → PR 03}, {PR 04}`.
        if between.contains('}') && between.contains('{') {
            return false;
        }
        // A node label between two PRs (`PR1 [checker], PR2`) is part of the first node.
        let between = without_labels(between);
        between.split_whitespace().all(|word| {
            word.trim_matches(|c: char| {
                matches!(c, ',' | '&' | '∥' | '{' | '}' | '+' | '/' | '|' | '[' | ']')
            })
            .is_empty()
                || word.eq_ignore_ascii_case("and")
        })
    };
    let mut group: Vec<usize> = Vec::new();
    match side {
        Side::End => {
            for index in (0..mentions.len()).rev() {
                let after = group.last().map_or(&part[mentions[index].range.end..], |&next| {
                    &part[mentions[index].range.end..mentions[next].range.start]
                });
                if group.is_empty() && !trailing_ok(after) || !group.is_empty() && !joins(after) {
                    break;
                }
                group.push(index);
            }
        }
        Side::Start => {
            for index in 0..mentions.len() {
                let before = group.last().map_or(&part[..mentions[index].range.start], |&previous| {
                    &part[mentions[previous].range.end..mentions[index].range.start]
                });
                if group.is_empty() && !leading_ok(before) || !group.is_empty() && !joins(before) {
                    break;
                }
                group.push(index);
            }
        }
    }
    group.into_iter().flat_map(|index| mentions[index].first..=mentions[index].last).collect()
}

/// `text` with the inside of every balanced `(…)` and `[…]` blanked (same byte offsets).
fn mask_balanced(text: &str) -> String {
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (at, character) in text.char_indices() {
        match character {
            '(' | '[' => open.push((character, at)),
            ')' | ']' => {
                let wanted = if character == ')' { '(' } else { '[' };
                if let Some(position) = open.iter().rposition(|(kind, _)| *kind == wanted) {
                    let (_, start) = open.remove(position);
                    open.truncate(position);
                    blank.push((start + 1, at));
                }
            }
            _ => {}
        }
    }
    // How many blanked ranges cover each byte: a difference array, one pass.
    let mut delta = vec![0i32; text.len() + 1];
    for (start, end) in blank {
        delta[start] += 1;
        delta[end] -= 1;
    }
    let mut out = String::with_capacity(text.len());
    let mut covered = 0i32;
    let mut last = 0;
    for (at, character) in text.char_indices() {
        covered += delta[last..=at].iter().sum::<i32>();
        last = at + 1;
        if covered > 0 {
            out.extend(std::iter::repeat_n(' ', character.len_utf8()));
        } else {
            out.push(character);
        }
    }
    out
}

/// `text` without its bracketed and parenthesized parts.
fn without_labels(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}

/// What may stand between the arrow and the PR before it: separators, a node label
/// (`PR1[Parse]`, `PR1 (docs)`), nothing else.
fn trailing_ok(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || text.starts_with(['[', '(', '{', '}', '∥', ','])
        || text.split_whitespace().count() <= 3
}

/// What may stand between the arrow and the PR after it: separators or a short label.
fn leading_ok(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text.ends_with(['{', '(', '[']) || text.split_whitespace().count() <= 2
}

/// The edges of a mermaid graph. Nodes are PR ids (`PR0`), or ids whose label names a PR
/// (`n0[PR0: Parse]`); links are `-->`, `-.->`, `==>`, `--o`, `--x`, `-- text -->`, with
/// optional `|labels|`, chained (`A --> B --> C`) or grouped (`A & B --> C`).
fn mermaid_edges(text: &str, block: &Block) -> Vec<Edge> {
    let source = text.get(block.range.clone()).unwrap_or("");
    let mut labels: BTreeMap<String, u32> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut offset = block.range.start;
    for line in source.split_inclusive('\n') {
        let range = offset..offset + line.trim_end().len();
        offset += line.len();
        let line = line.split("%%").next().unwrap_or("").trim();
        let keyword = line.split_whitespace().next().unwrap_or("");
        if line.starts_with("```") || line.starts_with("~~~") || is_mermaid_statement(keyword) {
            continue;
        }
        let chain = split_links(line);
        for group in &chain {
            for node in group {
                if let Some((id, pr)) = labelled_node(node) {
                    labels.insert(id, pr);
                }
            }
        }
        lines.push((chain, range));
    }
    let resolve = |node: &str| -> Option<u32> {
        let id = node_id(node);
        labels
            .get(id)
            .copied()
            .or_else(|| pr_mentions(id).first().filter(|m| m.range.len() == id.len()).map(|m| m.first))
    };
    let mut out = Vec::new();
    for (chain, range) in lines {
        for pair in chain.windows(2) {
            for from in pair[0].iter().filter_map(|node| resolve(node)) {
                for to in pair[1].iter().filter_map(|node| resolve(node)) {
                    out.push(Edge { from, to, range: range.clone() });
                }
            }
        }
    }
    out
}

fn is_mermaid_statement(keyword: &str) -> bool {
    let keyword = keyword.to_ascii_lowercase();
    matches!(
        keyword.as_str(),
        "graph"
            | "flowchart"
            | "subgraph"
            | "end"
            | "classdef"
            | "class"
            | "style"
            | "linkstyle"
            | "click"
            | "direction"
    )
}

/// `A & B -->|x| C --> D` → `[[A, B], [C], [D]]`: the node groups between links.
fn split_links(line: &str) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let mut rest = line;
    loop {
        match next_link(rest) {
            Some((start, end)) => {
                groups.push(nodes(&rest[..start]));
                rest = &rest[end..];
                // `-->|label|`: the label belongs to the link.
                if let Some(after) = rest.trim_start().strip_prefix('|') {
                    rest = after.split_once('|').map_or("", |(_, after)| after);
                }
            }
            None => {
                groups.push(nodes(rest));
                break;
            }
        }
    }
    if groups.len() < 2 { Vec::new() } else { groups }
}

/// The next link operator of a mermaid line: its start and end, text labels included
/// (`-- text -->`, `-. text .->`, `== text ==>`).
fn next_link(line: &str) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'[' | b'(' | b'{' | b'"' if depth == 0 || bytes[index] != b'"' => depth += 1,
            b']' | b')' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'=' if depth == 0 && matches!(bytes.get(index + 1), Some(b'-' | b'.' | b'=')) => {
                // Scan the whole operator, a text label inside it included.
                let start = index;
                let mut end = index;
                while end < bytes.len() && !matches!(bytes[end], b'>' | b'o' | b'x') {
                    if bytes[end].is_ascii_alphanumeric() && !line[start..end].contains(' ') {
                        break;
                    }
                    end += 1;
                }
                if end < bytes.len() && bytes[end] == b'>' {
                    return Some((start, end + 1));
                }
                index += 1;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    None
}

fn nodes(group: &str) -> Vec<String> {
    group.split('&').map(|node| node.trim().to_owned()).filter(|node| !node.is_empty()).collect()
}

/// The id of a node written with its shape: `n0[Parse]`, `PR1("Parse")`, `A{{x}}`.
fn node_id(node: &str) -> &str {
    let end = node.find(['[', '(', '{', '>', ':']).unwrap_or(node.len());
    node[..end].trim()
}

/// A node defined with a label that names one PR: `n0[PR0: Parse]` → (`n0`, 0).
fn labelled_node(node: &str) -> Option<(String, u32)> {
    let id = node_id(node);
    let label = &node[id.len()..];
    if label.is_empty() {
        return None;
    }
    let mention = pr_mentions(label).into_iter().next()?;
    Some((id.to_owned(), mention.first))
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
