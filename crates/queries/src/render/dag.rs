//! The PR DAG for people and tools: text (merge order, waves, workstreams, critical path,
//! gates), mermaid, Graphviz dot and JSON. Validation gates are placed before the PRs they
//! gate.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::plan::dag::{Dag, EdgeSource};
use crate::plan::model::{Pr, RiskRegister};

/// A validation gate: a risk's validation that must pass before a PR merges.
pub(super) struct Gate<'a> {
    pub pr: u32,
    pub decision: &'a str,
    pub validation: &'a str,
}

pub(super) fn gates(risks: &RiskRegister) -> Vec<Gate<'_>> {
    risks
        .risks
        .iter()
        .filter_map(|risk| {
            risk.gate_pr.map(|pr| Gate {
                pr,
                decision: risk.decision.as_str(),
                validation: risk.validation.as_str(),
            })
        })
        .collect()
}

fn title(prs: &[Pr], number: u32) -> &str {
    prs.iter().find(|pr| pr.number == number).map_or("", |pr| pr.title.as_str())
}

fn chain(prs: &[u32]) -> String {
    prs.iter().map(|pr| format!("PR{pr}")).collect::<Vec<_>>().join(" → ")
}

pub(super) fn text(dag: &Dag, prs: &[Pr], risks: &RiskRegister) -> String {
    let mut out = String::new();
    if !dag.cycles.is_empty() {
        for cycle in &dag.cycles {
            let mut closed = cycle.clone();
            closed.push(cycle[0]);
            let _ = writeln!(out, "cycle: {}", chain(&closed));
        }
        out.push_str("no merge order exists until the cycles are broken\n");
        return out;
    }
    let gates = gates(risks);
    out.push_str("merge order:\n");
    for (position, pr) in dag.merge_order.iter().enumerate() {
        for gate in gates.iter().filter(|gate| gate.pr == *pr) {
            let _ = writeln!(out, "      gate: {} — {}", gate.decision, gate.validation);
        }
        let _ = writeln!(out, "  {:>3}. PR{pr} {}", position + 1, title(prs, *pr));
    }
    out.push_str("waves (PRs of a wave can proceed in parallel):\n");
    for (index, wave) in dag.waves.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}: {}",
            index + 1,
            wave.iter().map(|pr| format!("PR{pr}")).collect::<Vec<_>>().join(", ")
        );
    }
    out.push_str("workstreams:\n");
    for (index, stream) in dag.workstreams.iter().enumerate() {
        let _ = writeln!(out, "  {}: {}", index + 1, chain(stream));
    }
    let _ = writeln!(out, "critical path: {} ({} PRs)", chain(&dag.critical_path), dag.critical_path.len());
    out
}

fn escape(text: &str) -> String {
    text.replace('"', "'").replace(['\n', '\r'], " ")
}

pub(super) fn mermaid(dag: &Dag, prs: &[Pr], risks: &RiskRegister) -> String {
    let mut out = String::from("graph TD\n");
    for pr in &dag.prs {
        let _ = writeln!(out, "  PR{pr}[\"PR{pr}: {}\"]", escape(title(prs, *pr)));
    }
    for (from, to) in &dag.edges {
        let _ = writeln!(out, "  PR{from} --> PR{to}");
    }
    for (index, gate) in gates(risks).iter().enumerate().filter(|(_, gate)| dag.prs.contains(&gate.pr)) {
        let _ =
            writeln!(out, "  G{}{{{{\"gate: {}\"}}}} -.-> PR{}", index + 1, escape(gate.decision), gate.pr);
    }
    out
}

pub(super) fn dot(dag: &Dag, prs: &[Pr], risks: &RiskRegister) -> String {
    let mut out = String::from("digraph plan {\n  rankdir=LR;\n  node [shape=box];\n");
    for pr in &dag.prs {
        let _ = writeln!(out, "  \"PR{pr}\" [label=\"PR{pr}: {}\"];", escape(title(prs, *pr)));
    }
    for (from, to) in &dag.edges {
        let _ = writeln!(out, "  \"PR{from}\" -> \"PR{to}\";");
    }
    for (index, gate) in gates(risks).iter().enumerate().filter(|(_, gate)| dag.prs.contains(&gate.pr)) {
        let _ = writeln!(
            out,
            "  \"G{}\" [shape=hexagon, style=dashed, label=\"gate: {}\"];",
            index + 1,
            escape(gate.decision)
        );
        let _ = writeln!(out, "  \"G{}\" -> \"PR{}\" [style=dashed];", index + 1, gate.pr);
    }
    out.push_str("}\n");
    out
}

pub(super) fn json(dag: &Dag, prs: &[Pr], risks: &RiskRegister) -> Value {
    json!({
        "prs": dag.prs.iter().map(|number| {
            let pr = prs.iter().find(|pr| pr.number == *number);
            json!({"number": number, "title": pr.map(|pr| pr.title.as_str()), "status": pr.and_then(|pr| pr.status.as_deref())})
        }).collect::<Vec<_>>(),
        "edges": dag.edges.iter().map(|(from, to)| {
            let sources: Vec<&str> = dag.sources.get(&(*from, *to)).into_iter().flatten().map(|source| match source {
                EdgeSource::DependsOn => "depends_on",
                EdgeSource::Written => "dag_section",
            }).collect();
            json!({"from": from, "to": to, "sources": sources})
        }).collect::<Vec<_>>(),
        "cycles": dag.cycles,
        "merge_order": dag.merge_order,
        "waves": dag.waves,
        "workstreams": dag.workstreams,
        "critical_path": dag.critical_path,
        "gates": gates(risks).iter().map(|gate| json!({"pr": gate.pr, "decision": gate.decision, "validation": gate.validation})).collect::<Vec<_>>(),
    })
}
