//! Incrementality of the drift rules, through the event log: an edit that adds a function
//! re-runs nothing after the file's own (equal) imports; an edit of an import re-resolves that file
//! only, then the block graph and the concept model's rules.

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
    let mut executed: Vec<String> =
        db.take_executed().into_iter().filter(|query| !query.starts_with("section_text")).collect();
    executed.sort();
    executed
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
            "architecture(Id(100))",
            "file_facts(crates/queries/src/plan/mod.rs)",
            "file_imports(crates/queries/src/plan/mod.rs)",
            "file_symbols(crates/queries/src/plan/mod.rs)",
            "import_chunk(Id(600))",
            "import_graph(Id(580))",
            "section_diagnostics_query(Id(303))",
        ]
    "#]]
    .assert_debug_eq(&re_executed_after(
        "//! The plan.\nuse engine::db::Database;\nuse engine::inputs::PlanFile;\n",
    ));
}
