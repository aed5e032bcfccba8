//! The harness every rule's fixture test uses: a complete valid plan in the seed's format,
//! mutated to break one rule.

use std::collections::BTreeMap;

use engine::{Database, FileContents, LockFile, PlanFile, RelPath};
use expect_test::Expect;

use crate::build::{BuildOptions, build};
use crate::lints::{RULES, RuleLevels, check_plan};
use crate::plan::refs::citations;

pub(crate) const VALID_PLAN: &str = include_str!("../../fixtures/plans/valid.md");

/// Source files for every path `text` cites: Rust functions spanning exactly each cited
/// range, comment lines elsewhere.
pub(crate) fn cited_files(text: &str) -> BTreeMap<String, String> {
    let mut ranges: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    for citation in citations(text) {
        ranges.entry(citation.path).or_default().push((citation.start, citation.end));
    }
    ranges
        .into_iter()
        .map(|(path, ranges)| {
            let last = ranges.iter().map(|(_, end)| *end).max().unwrap_or(0) + 20;
            let mut lines: Vec<String> = (1..=last).map(|line| format!("// line {line}")).collect();
            for (start, end) in ranges {
                let (first, last) = (start as usize - 1, end as usize - 1);
                if start == end {
                    lines[first] = format!("fn f{start}() {{}}");
                } else {
                    lines[first] = format!("fn f{start}(x: u32) -> u32 {{");
                    for (offset, line) in lines.iter_mut().enumerate().take(last).skip(first + 1) {
                        *line = format!("    let v{} = x + {};", offset + 1, offset + 1);
                    }
                    lines[last] = "}".to_owned();
                }
            }
            (path, lines.join("\n") + "\n")
        })
        .collect()
}

/// A database with `text` as the plan, its cited files, and an empty lock.
pub(crate) fn fixture(text: &str) -> (Database, PlanFile, LockFile) {
    fixture_with_files_of(text, text)
}

/// Like [`fixture`], with the files cited by `files_of` (so that a mutation of a plan can
/// cite a file that does not exist).
pub(crate) fn fixture_with_files_of(text: &str, files_of: &str) -> (Database, PlanFile, LockFile) {
    let mut db = Database::in_memory();
    db.set_files(
        cited_files(files_of)
            .into_iter()
            .map(|(path, content)| (RelPath::new(&path).unwrap(), FileContents::Text(content.into()))),
    );
    let plan = db.set_plan("PLAN.md", text);
    let lock = db.set_lock("");
    (db, plan, lock)
}

fn render_check(db: &Database, plan: PlanFile, lock: LockFile) -> String {
    check_plan(db, plan, lock, &RuleLevels::default())
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

/// `code severity line:column message`, one line per diagnostic, with the files the valid
/// plan cites.
pub(crate) fn render(text: &str) -> String {
    let (db, plan, lock) = fixture_with_files_of(text, VALID_PLAN);
    render_check(&db, plan, lock)
}

#[track_caller]
fn assert_only(code: &str, output: &str, expected: Expect) {
    assert!(!output.is_empty(), "no diagnostic for {code}");
    for line in output.lines() {
        assert!(line.starts_with(code), "a mutation for {code} also broke another rule: {line}");
    }
    expected.assert_eq(output);
}

/// Builds the valid plan (recording anchors and contracts in the lock), then edits the
/// code of `path` and checks again: only rule `code` may fire.
#[track_caller]
pub(crate) fn check_with_edit(code: &str, path: &str, edit: impl Fn(&str) -> String, expected: Expect) {
    let (mut db, plan, lock) = fixture(VALID_PLAN);
    let built = build(&db, plan, lock, BuildOptions::default());
    let lock = db.set_lock(&built.lock);
    let relative = RelPath::new(path).unwrap();
    let old = db.file(&relative).expect("a cited file").contents(&db).text().unwrap().to_owned();
    db.set_file(relative, FileContents::Text(edit(&old).into()));
    assert_only(code, &render_check(&db, plan, lock), expected);
}

/// Builds the valid plan, then applies `replacements` to the built plan and checks it
/// against the built lock: only rule `code` may fire.
#[track_caller]
pub(crate) fn check_after_build(code: &str, replacements: &[(&str, &str)], expected: Expect) {
    assert_only(code, &after_build(replacements), expected);
}

#[track_caller]
pub(crate) fn check_after_build_clean(replacements: &[(&str, &str)]) {
    assert_eq!(after_build(replacements), "");
}

fn after_build(replacements: &[(&str, &str)]) -> String {
    let (mut db, plan, lock) = fixture(VALID_PLAN);
    let built = build(&db, plan, lock, BuildOptions::default());
    let lock = db.set_lock(&built.lock);
    let mut text = built.plan;
    for (from, to) in replacements {
        assert!(text.contains(from), "the plan does not contain {from:?}");
        text = text.replacen(from, to, 1);
    }
    db.set_plan("PLAN.md", &text);
    render_check(&db, plan, lock)
}

/// Replaces the first `from` of the valid plan with `to`, and checks that the result
/// breaks exactly rule `code`, with the expected diagnostics.
#[track_caller]
pub(crate) fn check_mutation(code: &str, from: &str, to: &str, expected: Expect) {
    assert!(VALID_PLAN.contains(from), "the valid plan does not contain {from:?}");
    let mutated = VALID_PLAN.replacen(from, to, 1);
    assert_only(code, &render(&mutated), expected);
}

/// Like [`check_mutation`], with several replacements applied in order.
#[track_caller]
pub(crate) fn check_mutations(code: &str, replacements: &[(&str, &str)], expected: Expect) {
    let mut mutated = VALID_PLAN.to_owned();
    for (from, to) in replacements {
        assert!(mutated.contains(from), "the plan does not contain {from:?}");
        mutated = mutated.replacen(from, to, 1);
    }
    assert_only(code, &render(&mutated), expected);
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
        ("PLAN035", include_str!("contract_changed_silently.rs")),
        ("PLAN040", include_str!("dag_cycle.rs")),
        ("PLAN041", include_str!("dag_unknown_pr.rs")),
        ("PLAN042", include_str!("dag_mismatch.rs")),
        ("PLAN050", include_str!("crosscutting_unassigned.rs")),
        ("PLAN060", include_str!("citation_invalid.rs")),
        ("PLAN061", include_str!("citation_stale.rs")),
        ("PLAN062", include_str!("citation_changed.rs")),
        ("PLAN063", include_str!("citation_moved.rs")),
        ("PLAN064", include_str!("uncited_claim.rs")),
        ("PLAN070", include_str!("revision_note_undated.rs")),
        ("PLAN071", include_str!("generated_block_unbalanced.rs")),
    ];
    let listed: Vec<&str> = sources.iter().map(|(code, _)| *code).collect();
    let registered: Vec<&str> = RULES.iter().map(|rule| rule.code).collect();
    assert_eq!(listed, registered, "list every rule here");
    for (code, source) in sources {
        let called = ["check_mutation(", "check_mutations(", "check_with_edit(", "check_after_build("]
            .iter()
            .any(|helper| {
                source.contains(&format!("{helper}\"{code}\""))
                    || source.contains(&format!("{helper}\n            \"{code}\""))
            });
        assert!(called, "{code} has no fixture test");
    }
}
