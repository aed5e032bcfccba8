//! The harness every rule's fixture test uses: a complete valid plan in the seed's format,
//! mutated to break one rule.

use engine::Database;
use expect_test::Expect;

use crate::lints::{RULES, RuleLevels, check_plan};

pub(crate) const VALID_PLAN: &str = include_str!("../../fixtures/plans/valid.md");

/// `code severity line:column message`, one line per diagnostic.
pub(crate) fn render(text: &str) -> String {
    let mut db = Database::in_memory();
    let plan = db.set_plan("PLAN.md", text);
    check_plan(&db, plan, &RuleLevels::default())
        .iter()
        .map(|placed| {
            format!(
                "{} {} {}:{} {}\n",
                placed.diagnostic.code,
                placed.diagnostic.severity,
                placed.line,
                placed.column,
                placed.diagnostic.message
            )
        })
        .collect()
}

/// Replaces the first `from` of the valid plan with `to`, and checks that the result
/// breaks exactly rule `code`, with the expected diagnostics.
#[track_caller]
pub(crate) fn check_mutation(code: &str, from: &str, to: &str, expected: Expect) {
    assert!(VALID_PLAN.contains(from), "the valid plan does not contain {from:?}");
    let mutated = VALID_PLAN.replacen(from, to, 1);
    let output = render(&mutated);
    assert!(!output.is_empty(), "no diagnostic for {code}");
    for line in output.lines() {
        assert!(line.starts_with(code), "a mutation for {code} also broke another rule: {line}");
    }
    expected.assert_eq(&output);
}

/// Like [`check_mutation`], with several replacements applied in order.
#[track_caller]
pub(crate) fn check_mutations(code: &str, replacements: &[(&str, &str)], expected: Expect) {
    let mut mutated = VALID_PLAN.to_owned();
    for (from, to) in replacements {
        assert!(mutated.contains(from), "the plan does not contain {from:?}");
        mutated = mutated.replacen(from, to, 1);
    }
    let output = render(&mutated);
    assert!(!output.is_empty(), "no diagnostic for {code}");
    for line in output.lines() {
        assert!(line.starts_with(code), "a mutation for {code} also broke another rule: {line}");
    }
    expected.assert_eq(&output);
}

/// Like [`check_mutation`], for a mutation that must keep the plan clean.
#[track_caller]
pub(crate) fn check_mutation_clean(from: &str, to: &str) {
    assert!(VALID_PLAN.contains(from), "the valid plan does not contain {from:?}");
    assert_eq!(render(&VALID_PLAN.replacen(from, to, 1)), "");
}

#[test]
fn the_valid_plan_yields_no_diagnostic() {
    assert_eq!(render(VALID_PLAN), "");
}

#[test]
fn rules_are_sorted_unique_documented() {
    let codes: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "rule codes must be sorted and unique");
    let mut names: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RULES.len(), "rule names must be unique");
    for rule in RULES {
        assert!(
            rule.code.len() == 7
                && rule.code.starts_with("PLAN")
                && rule.code[4..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            rule.code
        );
        assert!(
            rule.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is not kebab-case",
            rule.name
        );
        for heading in ["## What it does", "## Why is this bad?", "## Example"] {
            assert!(rule.docs.contains(heading), "{} docs lack {heading}", rule.code);
        }
    }
}

/// Every rule has a fixture test: a test module in its file that calls `check_mutation`
/// with its code.
#[test]
fn every_rule_has_a_fixture_test() {
    let sources: Vec<(&str, &str)> = vec![
        ("PLAN001", include_str!("missing_section.rs")),
        ("PLAN002", include_str!("section_order.rs")),
        ("PLAN003", include_str!("summary_too_long.rs")),
        ("PLAN004", include_str!("objective_count.rs")),
        ("PLAN005", include_str!("concept_model_too_long.rs")),
        ("PLAN006", include_str!("block_count.rs")),
        ("PLAN007", include_str!("block_responsibility.rs")),
        ("PLAN008", include_str!("state_owner.rs")),
        ("PLAN009", include_str!("interaction_unknown_block.rs")),
        ("PLAN010", include_str!("extension_point_default.rs")),
        ("PLAN011", include_str!("extension_point_unplanned.rs")),
        ("PLAN020", include_str!("risk_table_shape.rs")),
        ("PLAN021", include_str!("risk_validation_missing.rs")),
        ("PLAN022", include_str!("gate_unknown_pr.rs")),
        ("PLAN023", include_str!("gate_after_dependent.rs")),
        ("PLAN030", include_str!("pr_unknown_block.rs")),
        ("PLAN031", include_str!("tier1_too_long.rs")),
        ("PLAN032", include_str!("pr_missing_field.rs")),
        ("PLAN033", include_str!("contract_duplicate.rs")),
        ("PLAN034", include_str!("pr_numbering.rs")),
        ("PLAN040", include_str!("dag_cycle.rs")),
        ("PLAN041", include_str!("dag_unknown_pr.rs")),
        ("PLAN042", include_str!("dag_mismatch.rs")),
        ("PLAN050", include_str!("crosscutting_unassigned.rs")),
        ("PLAN064", include_str!("uncited_claim.rs")),
        ("PLAN070", include_str!("revision_note_undated.rs")),
        ("PLAN071", include_str!("generated_block_unbalanced.rs")),
    ];
    let listed: Vec<&str> = sources.iter().map(|(code, _)| *code).collect();
    let registered: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
    assert_eq!(listed, registered, "list every rule here");
    for (code, source) in sources {
        let called = ["check_mutation(", "check_mutations("].iter().any(|helper| {
            source.contains(&format!("{helper}\"{code}\""))
                || source.contains(&format!("{helper}\n            \"{code}\""))
        });
        assert!(called, "{code} has no fixture test");
    }
}
