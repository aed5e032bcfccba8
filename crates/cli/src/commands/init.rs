//! `plan init`: a new PLAN.md in the seed's format, with guidance in HTML comments (so that
//! it reads as an empty plan) and the generated blocks filled in by a first build.

use crate::Outcome;
use crate::args::{CheckFormat, GlobalArgs, InitArgs};
use crate::commands::build::{BuildSettings, run as build};
use crate::session::Session;

const TEMPLATE: &str = r#"# Plan: <what is being built>

## A) Executive Summary

<!-- Under 15 lines: what is being built and why, how many PRs, the key milestones. -->

## B) Repository Recon Summary

<!-- plan:begin recon -->
<!-- plan:end recon -->

<!-- Add confirmed facts as list items, each citing the code as `path:LINE` or `path:START-END`.
     Put what you infer under **Inferred** and what you could not decide under **Open uncertainties**.
     Name the architectural constraints that must not be violated. -->

## C) High-Level Objectives + Non-Goals

**Objectives**

<!-- 3 to 7 crisp objectives, one list item each. -->

**Non-Goals**

<!-- What this plan deliberately does not do, one list item each. Then the compatibility,
     performance and CLI stability constraints. -->

## D) Concept Model

<!-- Under 60 lines: the whiteboard picture. -->

**Building Blocks**

<!-- 3 to 7 items: `- **Name** — one-sentence responsibility`, with `Owns:` and `Paths:` sub-items. -->

**Interaction Model**

<!-- `- A -> B: what crosses`; declare outside actors with `- External: User, Filesystem`. -->

**System Invariants**

<!-- `- INV-1: what must always hold`; what must never happen; ordering guarantees. -->

**Extension Points**

<!-- `- **Name** — responsibility` with `Default:` and `First non-default: PRn` sub-items. -->

**State Ownership Map**

<!-- A table `| State | Owner | Justification |`: exactly one owner, a block, per state. -->

## E) Architectural Risk Register

<!-- A table `| Decision | Assumption | Validation Method | Cost if Wrong | Gate |` with a row per
     non-obvious decision. A decision that costs 3 PRs or more if wrong needs a validation
     step, `Success criteria:` and an `Abort plan:`. -->

## F) Architectural Evolution

<!-- From the current architecture to the concept model, block by block; what stays unchanged;
     when each extension point gets its first non-default implementation. -->

## G) Cross-Cutting Infrastructure Plan

<!-- Shared test infrastructure, documentation maintenance, CI changes, dependencies: each item
     names the PR that delivers it, or says `none: why`. Nothing is left as "address when needed". -->

## H) PR Plan

<!-- One `### PRn — Title` per PR, with **Tier 1** (Building Block Change, Motivation, Scope,
     Behavioral Guarantees as `BC-n:` contracts, Risks, Cross-Cutting, Validation Gate, Depends on)
     and **Tier 2** (Architectural Impact, API Surface Changes, CLI Changes, Test Categories,
     Documentation Updates, Why Independently Reviewable, Why No Dead Code). -->

## I) Dependency DAG

<!-- Edges `- PR0 -> PR1, PR2`, parallel workstreams, merge order, gate placement. -->

<!-- plan:begin dag -->
<!-- plan:end dag -->

## J) Design Bug Prevention Checklist

<!-- Invariants that must never break, regression surfaces, cross-PR state migration risks,
     and how the plan prevents scaffolding creep, documentation drift, duplicated test helpers,
     stale golden data and premature interfaces. -->
"#;

pub(crate) fn run(global: &GlobalArgs, args: &InitArgs) -> anyhow::Result<Outcome> {
    if let (Some(profile), Some(pr)) = (&args.profile, &args.pr) {
        return crate::commands::micro::init(global, profile, pr, args.force);
    }
    let documents = Session::open(global)?.documents(global);
    let path = documents.plan_path.clone();
    if path.exists() && !args.force {
        anyhow::bail!("{} exists; pass --force to overwrite it", path.display());
    }
    documents.write(Some(TEMPLATE), None)?;
    // The first build fills the recon and DAG blocks and writes the lock.
    let quiet = GlobalArgs { quiet: true, ..global.clone() };
    build(
        &quiet,
        &BuildSettings {
            check: false,
            accept: None,
            format: CheckFormat::Text,
            budget: args.budget,
            report: false,
            diff: false,
            output_file: None,
        },
    )
    .map_err(|error| error.context("the plan was written, but its first build failed"))?;
    crate::output::note(
        global,
        &format!("wrote {} and its lock; `plan check` lists what is left to write", path.display()),
    );
    Ok(Outcome::Clean)
}
