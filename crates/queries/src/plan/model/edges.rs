//! I: the DAG as written: edges from lists, lines and mermaid blocks.

use std::ops::Range;

use crate::plan::markdown::{Block, BlockKind};
use crate::plan::refs::pr_numbers;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edge {
    pub from: u32,
    pub to: u32,
    pub range: Range<usize>,
}

/// Edges written in I: `PR0 -> PR1, PR2`, `PR0 → PR1 → PR2`, or mermaid `PR0 --> PR1`.
/// Blocks inside `skip` (generated blocks) are not read.
pub(crate) fn dag_edges(text: &str, blocks: &[Block], skip: &[Range<usize>]) -> Vec<Edge> {
    let mut out = Vec::new();
    for block in blocks {
        if skip.iter().any(|range| range.start <= block.range.start && block.range.start < range.end) {
            continue;
        }
        match block.kind {
            BlockKind::Code => {
                let source = &text[block.range.clone()];
                let mut offset = block.range.start;
                for line in source.split_inclusive('\n') {
                    out.extend(edges_in_line(line, offset..offset + line.trim_end().len()));
                    offset += line.len();
                }
            }
            BlockKind::Item { .. } | BlockKind::Paragraph | BlockKind::TableRow { .. } => {
                let line = if block.cells.is_empty() {
                    block.text.clone()
                } else {
                    block.cells.iter().map(|cell| cell.text.as_str()).collect::<Vec<_>>().join(" -> ")
                };
                out.extend(edges_in_line(&line, block.range.clone()));
            }
            _ => {}
        }
    }
    out
}

fn edges_in_line(line: &str, range: Range<usize>) -> Vec<Edge> {
    let normalized = line.replace('→', "->").replace("-->", "->").replace("==>", "->").replace("-.->", "->");
    if !normalized.contains("->") {
        return Vec::new();
    }
    let parts: Vec<Vec<u32>> = normalized
        .split("->")
        .map(|part| {
            // Mermaid labels `PR0[PR0: title]` and edge labels `|text|` name the node once.
            let part = part.split('|').next_back().unwrap_or(part);
            let mut numbers = pr_numbers(part);
            if part.contains('[') || part.contains('(') {
                numbers.truncate(1);
            }
            numbers
        })
        .collect();
    let mut out = Vec::new();
    for pair in parts.windows(2) {
        for &from in &pair[0] {
            for &to in &pair[1] {
                out.push(Edge { from, to, range: range.clone() });
            }
        }
    }
    out
}
