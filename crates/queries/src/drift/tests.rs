//! Incrementality of the drift rules, through the event log: an edit that adds a function
//! re-runs nothing after the file's own (equal) imports; an import that crosses no block boundary stops
//! at the block graph; an import between two blocks re-resolves that file only, slices the block graph
//! per pair and re-runs the one rule and the one pair it changes, none of section D's prose rules.

use engine::{Database, FileContents, RelPath};
use expect_test::expect;

use crate::lints::tests::{CRATES, VALID_PLAN, cited_files};
use crate::lints::{RuleLevels, check_plan};

fn database() -> (Database, engine::PlanFile, engine::LockFile) {
    let mut db = Database::with_event_log();
    let mut files = cited_files(VALID_PLAN);
    for (path, text) in CRATES {
        files.insert((*path).to_owned(), (*text).to_owned());
    }
    db.set_files(
        files.into_iter().map(|(path, text)| (RelPath::new(&path).unwrap(), FileContents::Text(text.into()))),
    );
    let plan = db.set_plan("PLAN.md", VALID_PLAN);
    let lock = db.set_lock(crate::citations::lock::HEADER);
    (db, plan, lock)
}

/// The queries an edit of `crates/queries/src/plan/mod.rs` to `text` re-executes, sorted.
fn re_executed_after(text: &str) -> Vec<String> {
    let (mut db, plan, lock) = database();
    assert!(check_plan(&db, plan, lock, &RuleLevels::default()).is_empty());
    db.take_executed();
    db.set_file(RelPath::new("crates/queries/src/plan/mod.rs").unwrap(), FileContents::Text(text.into()));
    check_plan(&db, plan, lock, &RuleLevels::default());
    let executed = db.take_executed_by_name().into_iter().filter(|query| !query.starts_with("section_text"));
    counted(executed)
}

/// Queries keyed by a file by name; queries keyed by an interned id (block pairs, rules,
/// chunks), whose ids say nothing, by how many ran.
fn counted(executed: impl Iterator<Item = String>) -> Vec<String> {
    let mut by_name: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for query in executed {
        let name = match query.strip_suffix("(..)") {
            Some(name) => format!("{name} ×"),
            None => query,
        };
        *by_name.entry(name).or_default() += 1;
    }
    by_name
        .into_iter()
        .map(|(name, count)| if name.ends_with('×') { format!("{name}{count}") } else { name })
        .collect()
}

#[test]
fn a_body_edit_stops_at_the_files_own_imports() {
    expect![[r#"
        [
            "analyze(crates/queries/src/plan/mod.rs)",
            "file_facts(crates/queries/src/plan/mod.rs)",
            "file_imports(crates/queries/src/plan/mod.rs)",
            "file_symbols(crates/queries/src/plan/mod.rs)",
        ]
    "#]]
    .assert_debug_eq(&re_executed_after("//! The plan.\nuse engine::db::Database;\nfn added() {}\n"));
}

#[test]
fn an_import_edit_re_resolves_one_file_and_re_runs_the_block_graph() {
    expect![[r#"
        [
            "analyze(crates/queries/src/plan/mod.rs)",
            "architecture ×1",
            "chunk_crossings ×1",
            "file_facts(crates/queries/src/plan/mod.rs)",
            "file_imports(crates/queries/src/plan/mod.rs)",
            "file_symbols(crates/queries/src/plan/mod.rs)",
            "import_chunk ×1",
            "import_part ×1",
            "lint_diagnostics ×1",
            "pair_diagnostics ×1",
            "pair_imports ×12",
        ]
    "#]]
    .assert_debug_eq(&re_executed_after(
        "//! The plan.\nuse engine::db::Database;\nuse engine::inputs::PlanFile;\n",
    ));
}

#[test]
fn an_import_that_crosses_no_block_boundary_stops_at_the_block_graph() {
    // `crate::PlanFile` is `crates/queries/src/lib.rs`, under no block.
    expect![[r#"
        [
            "analyze(crates/queries/src/plan/mod.rs)",
            "chunk_crossings ×1",
            "file_facts(crates/queries/src/plan/mod.rs)",
            "file_imports(crates/queries/src/plan/mod.rs)",
            "file_symbols(crates/queries/src/plan/mod.rs)",
            "import_chunk ×1",
            "import_part ×1",
        ]
    "#]]
    .assert_debug_eq(&re_executed_after("//! The plan.\nuse engine::db::Database;\nuse crate::PlanFile;\n"));
}

#[test]
fn a_moved_import_between_blocks_re_runs_that_pair_only() {
    expect![[r#"
        [
            "analyze(crates/queries/src/plan/mod.rs)",
            "architecture ×1",
            "chunk_crossings ×1",
            "file_facts(crates/queries/src/plan/mod.rs)",
            "file_imports(crates/queries/src/plan/mod.rs)",
            "file_symbols(crates/queries/src/plan/mod.rs)",
            "import_chunk ×1",
            "import_part ×1",
            "lint_diagnostics ×1",
            "pair_diagnostics ×1",
            "pair_imports ×12",
        ]
    "#]]
    .assert_debug_eq(&re_executed_after("//! The plan.\n\nuse engine::db::Database;\n"));
}
