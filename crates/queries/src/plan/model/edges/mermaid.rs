//! Mermaid graphs: nodes named by PR ids or by labels that name a PR, links of every kind.

use std::collections::BTreeMap;

use crate::plan::markdown::Block;
use crate::plan::model::edges::Edge;
use crate::plan::refs::pr_mentions;

/// A fenced block tagged `mermaid`, or a plain fence whose first line is a mermaid graph.
pub(crate) fn is_mermaid(text: &str, block: &Block) -> bool {
    if block.text.eq_ignore_ascii_case("mermaid") {
        return true;
    }
    let source = text.get(block.range.clone()).unwrap_or("");
    let first = source.lines().skip(1).map(str::trim).find(|line| !line.is_empty()).unwrap_or("");
    block.text.is_empty() && (first.starts_with("graph ") || first.starts_with("flowchart "))
}

/// The edges of a mermaid graph. Nodes are PR ids (`PR0`), or ids whose label names a PR
/// (`n0[PR0: Parse]`); links are `-->`, `-.->`, `==>`, `--o`, `--x`, `-- text -->`, with
/// optional `|labels|`, chained (`A --> B --> C`) or grouped (`A & B --> C`).
pub(crate) fn mermaid_edges(text: &str, block: &Block) -> Vec<Edge> {
    let source = text.get(block.range.clone()).unwrap_or("");
    let mut labels: BTreeMap<String, u32> = BTreeMap::new();
    let mut lines = Vec::new();
    let mut offset = block.range.start;
    for line in crate::line_index::lines_inclusive(source) {
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
