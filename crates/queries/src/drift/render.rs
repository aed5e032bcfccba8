//! The architecture as the code has it, for `plan arch` and the generated `architecture`
//! block: the building blocks, the import couplings between them (declared by an arrow or
//! not) and the declared arrows that no import supports. Text, mermaid, Graphviz and JSON.

use std::fmt::Write as _;

use engine::{Db, PlanFile};

use crate::drift::blocks::{BlockMap, block_map};
use crate::drift::couplings::{Architecture, architecture};
use crate::render::DagView;

/// Import lines named per coupling in the text view.
const SHOWN: usize = 3;

/// The block graph of `plan` in `view`.
pub fn render_arch(db: &dyn Db, plan: PlanFile, view: DagView) -> String {
    let (map, graph) = (block_map(db, plan), architecture(db, plan));
    match view {
        DagView::Text => text(map, graph),
        DagView::Mermaid => mermaid(map, graph),
        DagView::Dot => dot(map, graph),
        DagView::Json => {
            let mut out = serde_json::to_string_pretty(&json(map, graph)).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

/// Couplings the plan leaves out, for the exit code of `plan arch`.
pub fn undeclared_couplings(db: &dyn Db, plan: PlanFile) -> usize {
    architecture(db, plan).couplings.iter().filter(|coupling| !coupling.declared).count()
}

fn text(map: &BlockMap, graph: &Architecture) -> String {
    let mut out = String::new();
    if !map.mapped {
        out.push_str("no building block has `Paths:`: nothing to map\n");
        return out;
    }
    out.push_str("blocks:\n");
    for block in &map.blocks {
        let _ = writeln!(out, "  {}: {} files", block.name, block.files.len());
    }
    out.push_str("couplings (imports between blocks):\n");
    for coupling in &graph.couplings {
        let mut lines: Vec<String> = coupling
            .imports
            .iter()
            .take(SHOWN)
            .map(|import| format!("{}:{}", import.file, import.line))
            .collect();
        if coupling.imports.len() > SHOWN {
            lines.push(format!("and {} more", coupling.imports.len() - SHOWN));
        }
        let _ = writeln!(
            out,
            "  {} -> {} ({}): {}",
            map.blocks[coupling.from].name,
            map.blocks[coupling.to].name,
            if coupling.declared { "declared" } else { "UNDECLARED" },
            lines.join(", ")
        );
    }
    let unseen: Vec<String> = graph
        .arrows
        .iter()
        .filter(|(from, to, seen)| !seen && map.blocks[*from].has_code && map.blocks[*to].has_code)
        .map(|(from, to, _)| format!("  {} -> {}\n", map.blocks[*from].name, map.blocks[*to].name))
        .collect();
    if !unseen.is_empty() {
        out.push_str("declared, not seen in code:\n");
        out.extend(unseen);
    }
    out
}

fn mermaid(map: &BlockMap, graph: &Architecture) -> String {
    let mut out = String::from("graph LR\n");
    for (index, block) in map.blocks.iter().enumerate() {
        let _ = writeln!(out, "  B{index}[\"{}\"]", block.name.replace('"', "'"));
    }
    // No counts: the generated block changes only when a coupling appears or goes.
    for coupling in &graph.couplings {
        if coupling.declared {
            let _ = writeln!(out, "  B{} --> B{}", coupling.from, coupling.to);
        } else {
            let _ = writeln!(out, "  B{} -.->|undeclared| B{}", coupling.from, coupling.to);
        }
    }
    for (from, to, seen) in &graph.arrows {
        if !seen && map.blocks[*from].has_code && map.blocks[*to].has_code {
            let _ = writeln!(out, "  B{from} ---|\"declared, not seen\"| B{to}");
        }
    }
    out
}

fn dot(map: &BlockMap, graph: &Architecture) -> String {
    let mut out = String::from("digraph architecture {\n  rankdir=LR;\n  node [shape=box];\n");
    for (index, block) in map.blocks.iter().enumerate() {
        let _ = writeln!(out, "  B{index} [label=\"{}\"];", block.name.replace('"', "'"));
    }
    for coupling in &graph.couplings {
        let style = if coupling.declared { "solid" } else { "dashed, color=red" };
        let _ = writeln!(
            out,
            "  B{} -> B{} [style={style}, label=\"{}\"];",
            coupling.from,
            coupling.to,
            coupling.imports.len()
        );
    }
    for (from, to, seen) in &graph.arrows {
        if !seen && map.blocks[*from].has_code && map.blocks[*to].has_code {
            let _ = writeln!(out, "  B{from} -> B{to} [style=dotted, label=\"declared, not seen\"];");
        }
    }
    out.push_str("}\n");
    out
}

fn json(map: &BlockMap, graph: &Architecture) -> serde_json::Value {
    let name = |index: usize| map.blocks[index].name.clone();
    serde_json::json!({
        "mapped": map.mapped,
        "blocks": map.blocks.iter().map(|block| serde_json::json!({
            "name": block.name,
            "paths": block.patterns.iter().map(|(pattern, _)| pattern.text.clone()).collect::<Vec<_>>(),
            "files": block.files.len(),
            "has_code": block.has_code,
            "planned": block.planned,
        })).collect::<Vec<_>>(),
        "couplings": graph.couplings.iter().map(|coupling| serde_json::json!({
            "from": name(coupling.from),
            "to": name(coupling.to),
            "declared": coupling.declared,
            "imports": coupling.imports,
        })).collect::<Vec<_>>(),
        "arrows": graph.arrows.iter().map(|(from, to, seen)| serde_json::json!({
            "from": name(*from),
            "to": name(*to),
            "seen": seen,
        })).collect::<Vec<_>>(),
    })
}
