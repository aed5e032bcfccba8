//! Synthetic plans of any size, in the seed's format, for benchmarks and stress tests.

use std::fmt::Write;

/// A valid plan with `prs` PRs in a chain with some fan-out (PRn depends on PRn-1 and, for
/// every fifth PR, on PRn-5), and `cycle` closing a cycle over the given PRs when set.
pub(crate) fn plan_with_prs(prs: usize, cycle: Option<&[u32]>) -> String {
    let mut out = String::with_capacity(prs * 1200 + 4096);
    out.push_str("# Synthetic plan\n\n## A) Executive Summary\n\nA synthetic plan.\n\n");
    out.push_str("## B) Repository Recon Summary\n\n- The engine owns the database (`src/db.rs:1`).\n\n");
    out.push_str("## C) High-Level Objectives + Non-Goals\n\n**Objectives**\n\n1. One.\n2. Two.\n3. Three.\n\n**Non-Goals**\n\n- None of that.\n\n");
    out.push_str("## D) Concept Model\n\n**Building Blocks**\n\n- **Engine** — owns the inputs.\n- **Queries** — derives the model.\n- **Cli** — runs commands.\n\n");
    out.push_str("## E) Architectural Risk Register\n\n| Decision | Assumption | Validation Method | Cost if Wrong | Gate |\n|---|---|---|---|---|\n| Chain | fast | Benchmark in PR0 | PR1 rework | Before PR1 merge |\n\n");
    out.push_str("## F) Architectural Evolution\n\nGrows one PR at a time.\n\n## G) Cross-Cutting Infrastructure Plan\n\n- Tests: PR0.\n\n## H) PR Plan\n\n");
    let cycle_closer = cycle.and_then(|cycle| Some((*cycle.first()?, *cycle.last()?)));
    for number in 0..prs as u32 {
        let mut depends: Vec<String> = Vec::new();
        if number > 0 {
            depends.push(format!("PR{}", number - 1));
        }
        if number >= 5 && number % 5 == 0 {
            depends.push(format!("PR{}", number - 5));
        }
        if let Some((first, last)) = cycle_closer
            && number == first
        {
            depends.push(format!("PR{last}"));
        }
        let depends = if depends.is_empty() { "none".to_owned() } else { depends.join(", ") };
        let block = ["Engine", "Queries", "Cli"][number as usize % 3];
        let _ = write!(
            out,
            "### PR{number} — Step {number}\n\n**Tier 1**\n\n- Building Block Change: {block}\n- Motivation: step {number}.\n- Scope: in: step {number}.\n- Behavioral Guarantees:\n  - BC-1: step {number} holds.\n- Risks: none.\n- Cross-Cutting: tests.\n- Validation Gate: none.\n- Depends on: {depends}\n\n**Tier 2**\n\n- Architectural Impact: small.\n- API Surface Changes: none.\n- CLI Changes: none.\n- Test Categories: unit.\n- Documentation Updates: none.\n- Why Independently Reviewable: small.\n- Why No Dead Code: tested.\n\n"
        );
    }
    out.push_str("## I) Dependency DAG\n\nThe `Depends on` fields are the DAG.\n\n## J) Design Bug Prevention Checklist\n\n- Keep it acyclic.\n");
    out
}
