//! One regression fixture per family of valid plans that used to get false diagnostics
//! (issue: "read plans the way agents and people really write them"). Each rewrites a part
//! of the valid fixture plan the way another agent writes it, and the plan must stay clean
//! with the same PRs and DAG.

use crate::lints::tests::{VALID_PLAN, render};
use crate::plan::series::{dag, prs};

/// The valid plan with `replacements` applied, which must check clean; its PRs (number,
/// title, status, dependencies) and DAG edges.
#[track_caller]
fn clean_model(replacements: &[(&str, &str)]) -> String {
    let mut text = VALID_PLAN.to_owned();
    for (from, to) in replacements {
        assert!(text.contains(from), "the plan does not contain {from:?}");
        text = text.replacen(from, to, 1);
    }
    assert_eq!(render(&text), "", "false diagnostics for:\n{text}");
    let (db, plan, _) = crate::lints::tests::fixture(&text);
    let mut out: Vec<String> = prs(&db, plan)
        .iter()
        .map(|pr| {
            format!(
                "PR{} {:?} {:?} {:?} {}",
                pr.number,
                pr.title,
                pr.status,
                pr.depends_on,
                pr.contracts.len()
            )
        })
        .collect();
    out.push(format!("{:?}", dag(&db, plan).edges));
    out.join("\n")
}

const PR2: &str = "### PR2 — DAG rules\n\n**Tier 1**\n\n- Building Block Change: Checker (adds the cycle rule)\n- Motivation: a DAG with a cycle cannot be merged in any order.\n- Scope: in: PLAN040–PLAN042; out: rendering.\n- Behavioral Guarantees:\n  - BC-1: a cycle is reported.\n  - BC-2: the cycle's PRs are listed in order.\n- Risks: large DAGs; petgraph is linear.\n- Cross-Cutting: consumes the fixture plans.\n- Validation Gate: none.\n- Depends on: PR0, PR1\n- Status: planned\n";

fn reference() -> String {
    clean_model(&[])
}

#[test]
fn family_1_fields_on_consecutive_lines() {
    let consecutive = "### PR2 — DAG rules\n\n**Tier 1**\n\n**Building Block Change:** Checker (adds the cycle rule)\n**Motivation:** a DAG with a cycle cannot be merged in any order.\n**Scope:** in: PLAN040–PLAN042; out: rendering.\n**Behavioral Guarantees:**\n- BC-1: a cycle is reported.\n- BC-2: the cycle's PRs are listed in order.\n**Risks:** large DAGs; petgraph is linear.\n**Cross-Cutting:** consumes the fixture plans.\n**Validation Gate:** none.\n**Depends on:** PR0, PR1\n**Status:** planned\n";
    assert_eq!(clean_model(&[(PR2, consecutive)]), reference());
}

#[test]
fn family_2_pr_ids_and_decorated_headings() {
    let found = clean_model(&[
        ("### PR0 — Parse plans into sections", "### ✅ PR-0 — Parse plans into sections (Status: merged)"),
        ("### PR1 — Check the rules", "### Step 2 · PR #1 — Check the rules"),
        ("### PR2 — DAG rules", "### PR 2: DAG rules"),
        ("- Depends on: PR0, PR1", "- Depends on: PR-0, PR #1"),
    ]);
    assert_eq!(found, reference());
}

#[test]
fn family_3_fields_as_a_table() {
    let table = "### PR2 — DAG rules\n\n**Tier 1**\n\n| Field | Value |\n|---|---|\n| Building Block Change | Checker (adds the cycle rule) |\n| Motivation | a DAG with a cycle cannot be merged in any order. |\n| Scope | in: PLAN040–PLAN042; out: rendering. |\n| Behavioral Guarantees | BC-1: a cycle is reported.<br>BC-2: the cycle's PRs are listed in order. |\n| Risks | large DAGs; petgraph is linear. |\n| Cross-Cutting | consumes the fixture plans. |\n| Validation Gate | none. |\n| Depends on | PR0, PR1 |\n| Status | planned |\n";
    assert_eq!(clean_model(&[(PR2, table)]), reference());
}

#[test]
fn family_4_a_summary_table_in_i() {
    let table = "| PR | Depends on | Wave |\n|---|---|---|\n| PR0 | — | 1 |\n| PR1 | PR0 | 2 |\n| PR2 | PR0, PR1 | 3 |\n| PR3 | PR2 | 4 |\n";
    assert_eq!(
        clean_model(&[("- PR0 -> PR1\n- PR0 -> PR2\n- PR1 -> PR2\n- PR2 -> PR3\n", table)]),
        reference()
    );
}

#[test]
fn family_5_setext_sections_with_deeper_subsections() {
    let setext = "High-Level Objectives + Non-Goals\n---------------------------------\n\n#### Objectives\n\n1. Parse: every plan in the seed's format parses into a model with positions.\n2. Check: every rule of the format reports with a stable code and a precise location.\n3. Generated views: the recon and DAG views are regenerated from code on every build.\n\n#### Non-Goals\n\n- Editing the plan's prose.\n- Rendering HTML.\n\n#### Compatibility constraints\n\n- The lock format stays readable by the previous release.\n";
    let old = VALID_PLAN
        .split("## C) High-Level Objectives + Non-Goals")
        .nth(1)
        .and_then(|rest| rest.split("## D)").next())
        .unwrap();
    let old = format!("## C) High-Level Objectives + Non-Goals{old}");
    assert_eq!(clean_model(&[(&old, &format!("{setext}\n"))]), reference());
}

#[test]
fn family_6_a_section_written_twice_is_reported_once() {
    let text = VALID_PLAN.replacen(
        "## J) Design Bug Prevention Checklist\n",
        "## J) Design Bug Prevention Checklist\n\n## J) Design Bug Prevention Checklist\n",
        1,
    );
    expect_test::expect![[r#"
        PLAN002 warning J+2:1 section J (Design Bug Prevention Checklist) is given twice in a row; both parts are read as one section
    "#]]
    .assert_eq(&render(&text));
}

#[test]
fn family_7_constraints_in_b_need_no_citation() {
    let found = clean_model(&[(
        "**Inferred**",
        "**Constraints that must not be violated**\n\n- The lock format stays readable.\n\n### Architectural constraints\n\n- Queries never read the file system.\n\n**Inferred**",
    )]);
    assert_eq!(found, reference());
}

#[test]
fn family_8_none_reasons_anywhere_in_an_item() {
    let found = clean_model(&[(
        "- Lint rules: none: clippy already runs with -D warnings.",
        "- Lint rules: none for this series; clippy already runs with -D warnings.\n- Docs: none for CLAUDE.md; the repository has no agent file.\n- Dependencies. None added.",
    )]);
    assert_eq!(found, reference());
}

#[test]
fn family_9_separators_and_badges_leave_titles_and_statuses() {
    let found = clean_model(&[
        ("### PR3 — Dogfood the plan", "### PR3 · Dogfood the plan 🚀"),
        ("- Depends on: PR2\n- Status: planned", "- **Status:** planned · **Depends on:** PR2"),
    ]);
    assert_eq!(found, reference());
}
