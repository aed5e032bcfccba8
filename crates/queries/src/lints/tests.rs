//! The harness every rule's fixture test uses: a complete valid plan in the seed's format,
//! mutated to break one rule.

use std::collections::BTreeMap;

use engine::{Database, FileContents, LockFile, PlanFile, RelPath};
use expect_test::Expect;

use crate::build::{BuildOptions, build};
use crate::lints::context::Lint;
use crate::lints::{LINTS, RuleLevels, check_plan};
use crate::plan::refs::citations;
use crate::plan::tracked::plan_outline;

pub(crate) const VALID_PLAN: &str = include_str!("../../fixtures/plans/valid.md");

/// Source files for every path `text` cites: Rust functions spanning exactly each cited
/// range, comment lines elsewhere. Absurd ranges (line 0, reversed, past line 5,000: the
/// fuzzer writes them) get no lines.
pub(crate) fn cited_files(text: &str) -> BTreeMap<String, String> {
    let mut ranges: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    let sane = |citation: &crate::plan::refs::Citation| {
        1 <= citation.start && citation.start <= citation.end && citation.end <= 5_000
    };
    for citation in citations(text).into_iter().filter(sane) {
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

/// The crates around the cited files, for the drift rules: `queries`' plan module imports
/// the engine, which the valid plan's interaction model declares.
pub(crate) const CRATES: &[(&str, &str)] = &[
    ("crates/engine/Cargo.toml", "[package]\nname = \"engine\"\n"),
    ("crates/engine/src/lib.rs", "//! Engine.\npub mod db;\npub mod inputs;\n"),
    (
        "crates/queries/Cargo.toml",
        "[package]\nname = \"queries\"\n\n[dependencies]\nengine = { path = \"../engine\" }\n",
    ),
    ("crates/queries/src/lib.rs", "//! Queries.\npub mod plan;\npub use engine::inputs::PlanFile;\n"),
    ("crates/queries/src/plan/mod.rs", "//! The plan.\nuse engine::db::Database;\n"),
    ("README.md", "# Demo\n\nRun `plan check`; the engine is in `crates/engine/`.\n"),
];

/// A database with `text` as the plan, its cited files, and an empty lock.
pub(crate) fn fixture(text: &str) -> (Database, PlanFile, LockFile) {
    fixture_with_files_of(text, text)
}

/// Like [`fixture`], with the files cited by `files_of` (so that a mutation of a plan can
/// cite a file that does not exist).
pub(crate) fn fixture_with_files_of(text: &str, files_of: &str) -> (Database, PlanFile, LockFile) {
    let mut db = Database::in_memory();
    let mut files = cited_files(files_of);
    for (path, content) in CRATES {
        files.entry((*path).to_owned()).or_insert_with(|| (*content).to_owned());
    }
    db.set_files(
        files
            .into_iter()
            .filter_map(|(path, content)| Some((RelPath::new(&path)?, FileContents::Text(content.into())))),
    );
    let plan = db.set_plan("PLAN.md", text);
    // A lock with nothing recorded yet: the repository has one (PLAN073 is about none).
    let lock = db.set_lock(crate::citations::lock::HEADER);
    (db, plan, lock)
}

/// The valid plan without any PLAN.lock: only rule `lint` may fire.
#[track_caller]
pub(crate) fn check_without_lock(lint: &'static Lint, expected: Expect) {
    let (mut db, plan, _) = fixture(VALID_PLAN);
    let lock = db.set_lock("");
    assert_only(lint, &render_check(&db, plan, lock), expected);
}

/// The valid plan with `lock` as its PLAN.lock: only rule `lint` may fire.
#[track_caller]
pub(crate) fn check_with_lock(lint: &'static Lint, lock: &str, expected: Expect) {
    let (mut db, plan, _) = fixture(VALID_PLAN);
    let lock = db.set_lock(lock);
    assert_only(lint, &render_check(&db, plan, lock), expected);
}

fn render_check(db: &Database, plan: PlanFile, lock: LockFile) -> String {
    render_placed(db, plan, &check_plan(db, plan, lock, &RuleLevels::default()))
}

fn render_placed(db: &Database, plan: PlanFile, placed: &[crate::diagnostics::Placed]) -> String {
    let outline = plan_outline(db, plan);
    let text = plan.text(db);
    placed
        .iter()
        .map(|placed| {
            format!(
                "{} {} {}:{} {}\n",
                placed.diagnostic.rule.code,
                placed.diagnostic.severity,
                section_relative(text, &outline.sections, placed.range.start, placed.line),
                placed.column,
                placed.diagnostic.message
            )
        })
        .collect()
}

/// `D+3` for the third line after section D's heading (`D+0` is the heading), so that a
/// snapshot does not move when another section of the fixture grows; `L12` before any section.
fn section_relative(
    text: &str,
    sections: &[crate::plan::outline::SectionSpan],
    at: usize,
    line: u32,
) -> String {
    match sections.iter().rev().find(|span| span.range.start <= at) {
        Some(span) => {
            let heading_line = text[..span.range.start].matches('\n').count() as u32 + 1;
            format!("{}+{}", span.id.letter(), line - heading_line)
        }
        None => format!("L{line}"),
    }
}

/// `code severity section+line:column message`, one line per diagnostic, with the files the valid
/// plan cites.
pub(crate) fn render(text: &str) -> String {
    let (db, plan, lock) = fixture_with_files_of(text, VALID_PLAN);
    render_check(&db, plan, lock)
}

#[track_caller]
fn assert_only(lint: &'static Lint, output: &str, expected: Expect) {
    let code = lint.rule.code;
    assert!(!output.is_empty(), "no diagnostic for {code}");
    for line in output.lines() {
        assert!(line.starts_with(code), "a mutation for {code} also broke another rule: {line}");
    }
    expected.assert_eq(output);
}

/// Builds the valid plan (recording anchors and contracts in the lock), then edits the
/// code of `path` and checks again: only rule `code` may fire.
#[track_caller]
pub(crate) fn check_with_edit(
    lint: &'static Lint,
    path: &str,
    edit: impl Fn(&str) -> String,
    expected: Expect,
) {
    let (mut db, plan, lock) = fixture(VALID_PLAN);
    let built = build(&db, plan, lock, BuildOptions::default());
    let lock = db.set_lock(&built.lock);
    let relative = RelPath::new(path).unwrap();
    let old = db.file(&relative).expect("a cited file").contents(&db).text().unwrap().to_owned();
    db.set_file(relative, FileContents::Text(edit(&old).into()));
    assert_only(lint, &render_check(&db, plan, lock), expected);
}

/// Builds the valid plan, then applies `replacements` to the built plan and checks it
/// against the built lock: only rule `code` may fire.
#[track_caller]
pub(crate) fn check_after_build(lint: &'static Lint, replacements: &[(&str, &str)], expected: Expect) {
    assert_only(lint, &after_build(replacements), expected);
}

/// The near miss of [`check_after_build`]: these replacements stay within rule `lint`'s
/// threshold, and the plan stays clean.
#[track_caller]
pub(crate) fn near_miss_after_build(lint: &'static Lint, replacements: &[(&str, &str)]) {
    let output = after_build(replacements);
    assert_eq!(output, "", "the near miss of {} fired", lint.rule.code);
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
pub(crate) fn check_mutation(lint: &'static Lint, from: &str, to: &str, expected: Expect) {
    assert!(VALID_PLAN.contains(from), "the valid plan does not contain {from:?}");
    let mutated = VALID_PLAN.replacen(from, to, 1);
    assert_only(lint, &render(&mutated), expected);
}

/// Like [`check_mutation`], with several replacements applied in order.
#[track_caller]
pub(crate) fn check_mutations(lint: &'static Lint, replacements: &[(&str, &str)], expected: Expect) {
    let mut mutated = VALID_PLAN.to_owned();
    for (from, to) in replacements {
        assert!(mutated.contains(from), "the plan does not contain {from:?}");
        mutated = mutated.replacen(from, to, 1);
    }
    assert_only(lint, &render(&mutated), expected);
}

/// The near miss of [`check_mutation`]: replacements that stay just within rule `lint`'s
/// threshold (seven blocks for a limit of seven), so that the plan stays clean.
#[track_caller]
pub(crate) fn near_miss(lint: &'static Lint, replacements: &[(&str, &str)]) {
    let mut mutated = VALID_PLAN.to_owned();
    for (from, to) in replacements {
        assert!(mutated.contains(from), "the plan does not contain {from:?}");
        mutated = mutated.replacen(from, to, 1);
    }
    assert_eq!(render(&mutated), "", "the near miss of {} fired", lint.rule.code);
}

/// The near miss of [`check_with_edit`]: an edit of the cited code that must not fire
/// rule `lint` (nor any other).
#[track_caller]
pub(crate) fn near_miss_with_edit(lint: &'static Lint, path: &str, edit: impl Fn(&str) -> String) {
    let (mut db, plan, lock) = fixture(VALID_PLAN);
    let built = build(&db, plan, lock, BuildOptions::default());
    let lock = db.set_lock(&built.lock);
    let relative = RelPath::new(path).unwrap();
    let old = db.file(&relative).expect("a cited file").contents(&db).text().unwrap().to_owned();
    db.set_file(relative, FileContents::Text(edit(&old).into()));
    assert_eq!(render_check(&db, plan, lock), "", "the near miss of {} fired", lint.rule.code);
}

/// The valid plan with a `recon` block in B and a `dag` block in I, built and settled; its
/// files plus `added`; then `mutation` applied to the built plan. What `plan check` reports.
fn gate_output(added: &[(&str, &str)], mutation: Option<(&str, &str)>) -> String {
    let with_blocks = VALID_PLAN
        .replacen(
            "## B) Repository Recon Summary\n",
            "## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n",
            1,
        )
        .replacen(
            "## I) Dependency DAG\n",
            "## I) Dependency DAG\n\n<!-- plan:begin dag -->\n<!-- plan:end dag -->\n",
            1,
        );
    let (mut db, plan, lock) = fixture(&with_blocks);
    let first = build(&db, plan, lock, BuildOptions::default());
    let built = crate::build::settle(&mut db, "PLAN.md", first, BuildOptions::default());
    for (path, text) in added {
        db.set_file(RelPath::new(path).unwrap(), FileContents::Text((*text).into()));
    }
    let mut text = built.plan.clone();
    if let Some((from, to)) = mutation {
        assert!(text.contains(from), "the built plan does not contain {from:?}");
        text = text.replacen(from, to, 1);
    }
    let plan = db.set_plan("PLAN.md", &text);
    let lock = db.set_lock(&built.lock);
    let levels = RuleLevels::default();
    let diagnostics = check_plan(&db, plan, lock, &levels);
    let first = build(&db, plan, lock, BuildOptions::default());
    let output = crate::build::settle(&mut db, "PLAN.md", first, BuildOptions::default());
    let plan = db.set_plan("PLAN.md", &text);
    let lock = db.set_lock(&built.lock);
    let gate = crate::gate::gate(&db, plan, lock, &output, diagnostics, &levels);
    render_placed(&db, plan, &gate.diagnostics)
}

/// After a build, `added` files appear: only rule `lint` may fire under `plan check`.
#[track_caller]
pub(crate) fn check_gate(lint: &'static Lint, added: &[(&str, &str)], expected: Expect) {
    assert_only(lint, &gate_output(added, None), expected);
}

/// After a build, the plan is edited (`from` → `to`): only rule `lint` may fire under
/// `plan check`.
#[track_caller]
pub(crate) fn check_gate_mutation(lint: &'static Lint, mutation: (&str, &str), expected: Expect) {
    assert_only(lint, &gate_output(&[], Some(mutation)), expected);
}

/// The near miss of [`check_gate`]: nothing fires under `plan check`.
#[track_caller]
pub(crate) fn near_miss_gate(lint: &'static Lint, added: &[(&str, &str)]) {
    assert_eq!(gate_output(added, None), "", "the near miss of {} fired", lint.rule.code);
}

#[test]
fn the_valid_plan_yields_no_diagnostic() {
    assert_eq!(render(VALID_PLAN), "");
}

#[test]
fn rules_are_sorted_unique_documented() {
    let codes: Vec<&str> = LINTS.iter().map(|lint| lint.rule.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(codes, sorted, "rule codes must be sorted and unique");
    let mut names: Vec<&str> = LINTS.iter().map(|lint| lint.rule.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), LINTS.len(), "rule names must be unique");
    for rule in LINTS.iter().map(|lint| &lint.rule) {
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

/// The helpers that make a firing fixture test, and a near-miss one.
const FIRING_HELPERS: &[&str] = &[
    "check_mutation",
    "check_mutations",
    "check_with_edit",
    "check_after_build",
    "check_without_lock",
    "check_with_lock",
    "check_gate",
    "check_gate_mutation",
    "check_micro",
];
const NEAR_MISS_HELPERS: &[&str] =
    &["near_miss", "near_miss_with_edit", "near_miss_after_build", "near_miss_gate", "near_miss_micro"];

/// Every rule has a firing fixture and a near-miss fixture: a test module in its own file
/// that calls a firing helper and a near-miss helper with its `RULE`.
#[test]
fn every_rule_has_a_firing_and_a_near_miss_test() {
    let sources = [
        (&super::missing_section::RULE, include_str!("missing_section.rs")),
        (&super::section_order::RULE, include_str!("section_order.rs")),
        (&super::summary_too_long::RULE, include_str!("summary_too_long.rs")),
        (&super::objective_count::RULE, include_str!("objective_count.rs")),
        (&super::concept_model_too_long::RULE, include_str!("concept_model_too_long.rs")),
        (&super::block_count::RULE, include_str!("block_count.rs")),
        (&super::block_responsibility::RULE, include_str!("block_responsibility.rs")),
        (&super::state_owner::RULE, include_str!("state_owner.rs")),
        (&super::interaction_unknown_block::RULE, include_str!("interaction_unknown_block.rs")),
        (&super::extension_point_default::RULE, include_str!("extension_point_default.rs")),
        (&super::extension_point_unplanned::RULE, include_str!("extension_point_unplanned.rs")),
        (&super::risk_table_shape::RULE, include_str!("risk_table_shape.rs")),
        (&super::risk_validation_missing::RULE, include_str!("risk_validation_missing.rs")),
        (&super::gate_unknown_pr::RULE, include_str!("gate_unknown_pr.rs")),
        (&super::gate_after_dependent::RULE, include_str!("gate_after_dependent.rs")),
        (&super::pr_unknown_block::RULE, include_str!("pr_unknown_block.rs")),
        (&super::tier1_too_long::RULE, include_str!("tier1_too_long.rs")),
        (&super::pr_missing_field::RULE, include_str!("pr_missing_field.rs")),
        (&super::contract_duplicate::RULE, include_str!("contract_duplicate.rs")),
        (&super::pr_numbering::RULE, include_str!("pr_numbering.rs")),
        (&super::contract_changed_silently::RULE, include_str!("contract_changed_silently.rs")),
        (&super::dag_cycle::RULE, include_str!("dag_cycle.rs")),
        (&super::dag_unknown_pr::RULE, include_str!("dag_unknown_pr.rs")),
        (&super::dag_mismatch::RULE, include_str!("dag_mismatch.rs")),
        (&super::crosscutting_unassigned::RULE, include_str!("crosscutting_unassigned.rs")),
        (&super::citation_invalid::RULE, include_str!("citation_invalid.rs")),
        (&super::citation_stale::RULE, include_str!("citation_stale.rs")),
        (&super::citation_changed::RULE, include_str!("citation_changed.rs")),
        (&super::citation_moved::RULE, include_str!("citation_moved.rs")),
        (&super::uncited_claim::RULE, include_str!("uncited_claim.rs")),
        (&super::revision_note_undated::RULE, include_str!("revision_note_undated.rs")),
        (&super::generated_block_unbalanced::RULE, include_str!("generated_block_unbalanced.rs")),
        (&super::nothing_read::RULE, include_str!("nothing_read.rs")),
        (&super::lock_missing::RULE, include_str!("lock_missing.rs")),
        (&super::generated_block_outdated::RULE, include_str!("generated_block_outdated.rs")),
        (&super::build_would_change::RULE, include_str!("build_would_change.rs")),
        (
            &super::generated_block_crosses_structure::RULE,
            include_str!("generated_block_crosses_structure.rs"),
        ),
        (&super::generated_block_nested::RULE, include_str!("generated_block_nested.rs")),
        (&super::lock_unreadable::RULE, include_str!("lock_unreadable.rs")),
        (&super::block_path_unmatched::RULE, include_str!("block_path_unmatched.rs")),
        (&super::undeclared_coupling::RULE, include_str!("undeclared_coupling.rs")),
        (&super::doc_drift::RULE, include_str!("doc_drift.rs")),
        (&super::block_paths_overlap::RULE, include_str!("block_paths_overlap.rs")),
        (&super::block_without_code::RULE, include_str!("block_without_code.rs")),
        (&super::arrow_not_seen::RULE, include_str!("arrow_not_seen.rs")),
        (&super::unowned_file::RULE, include_str!("unowned_file.rs")),
    ];
    let sources: Vec<(&Lint, &str)> = sources.into_iter().chain(super::micro_tests::SOURCES).collect();
    let listed: Vec<&str> = sources.iter().map(|(lint, _)| lint.rule.code).collect();
    let registered: Vec<&str> = LINTS.iter().map(|lint| lint.rule.code).collect();
    assert_eq!(listed, registered, "list every rule here");
    let calls = |source: &str, helpers: &[&str]| {
        let compact: String = source.split_whitespace().collect();
        helpers.iter().any(|helper| compact.contains(&format!("{helper}(&super::RULE,")))
    };
    for (lint, source) in sources {
        let code = lint.rule.code;
        assert!(calls(source, FIRING_HELPERS), "{code} has no firing fixture test");
        assert!(calls(source, NEAR_MISS_HELPERS), "{code} has no near-miss fixture test");
    }
}

/// CR-only line endings once put every diagnostic on line 1: the lines, columns and
/// rendered snippets of a plan are the same whichever line endings it uses.
#[test]
fn diagnostics_have_the_same_lines_whatever_the_line_endings() {
    let long_summary = "## A) Executive Summary\n\n".to_owned() + &"A line of summary.\n".repeat(15);
    let text = VALID_PLAN
        .replacen("### PR3 — Dogfood the plan", "### PR4 — Dogfood the plan", 1)
        .replacen("- PR2 -> PR3", "- PR2 -> PR5", 1)
        .replacen("## A) Executive Summary\n", &long_summary, 1);
    let placed = |text: &str| {
        let (db, plan, lock) = fixture(text);
        let diagnostics = check_plan(&db, plan, lock, &RuleLevels::default());
        let lines: Vec<String> =
            diagnostics.iter().map(|p| format!("{} {}:{}", p.code(), p.line, p.column)).collect();
        (lines, crate::render::render_text("PLAN.md", text, &diagnostics, false))
    };
    let (lf_lines, lf_text) = placed(&text);
    assert_eq!(lf_lines, ["PLAN003 7:1", "PLAN034 140:1", "PLAN042 230:1", "PLAN041 248:1"]);
    for ending in ["\r", "\r\n"] {
        let (lines, rendered) = placed(&text.replace('\n', ending));
        assert_eq!(lines, lf_lines, "{ending:?}");
        // The snippets show a CRLF line's `\r` as `␍`, as they always have.
        assert_eq!(rendered.replace('␍', ""), lf_text, "{ending:?}");
    }
}

/// The micro-plan rules are the PLAN090+ tail of the registry, no more and no fewer.
#[test]
fn micro_rules_are_the_tail_of_the_registry() {
    let run: Vec<&str> = super::micro_lints().iter().map(|lint| lint.rule.code).collect();
    let listed: Vec<&str> = super::micro_tests::SOURCES.iter().map(|(lint, _)| lint.rule.code).collect();
    assert_eq!(run, listed);
    assert_eq!(run.len(), 10);
}
