//! Incrementality of the per-file queries: an edit re-executes only the edited file's
//! symbols, and an edit that moves no definition backdates what depends on them.

use engine::{Database, Db, FileContents, RelPath, SourceFile};
use expect_test::expect;

use crate::code::analysis::file_symbols;

/// A downstream query that depends only on the names defined in a file.
#[salsa::tracked(returns(ref))]
fn defined_names(db: &dyn Db, file: SourceFile) -> Vec<String> {
    file_symbols(db, file).symbols.iter().map(|symbol| symbol.qualified_name.clone()).collect()
}

/// Depends on `defined_names` only: re-executes only when the names change.
#[salsa::tracked(returns(copy))]
fn name_count(db: &dyn Db, file: SourceFile) -> usize {
    defined_names(db, file).len()
}

fn set(db: &mut Database, path: &str, text: &str) -> SourceFile {
    let path = RelPath::new(path).unwrap();
    db.set_file(path.clone(), FileContents::Text(text.into()));
    db.file(&path).unwrap()
}

#[test]
fn editing_one_file_re_executes_only_its_symbols() {
    let mut db = Database::with_event_log();
    let a = set(&mut db, "src/a.rs", "fn a() {}\n");
    let b = set(&mut db, "src/b.rs", "fn b() {}\n");
    assert_eq!(name_count(&db, a) + name_count(&db, b), 2);
    expect![[r#"
        [
            "name_count(src/a.rs)",
            "defined_names(src/a.rs)",
            "file_symbols(src/a.rs)",
            "analyze(src/a.rs)",
            "name_count(src/b.rs)",
            "defined_names(src/b.rs)",
            "file_symbols(src/b.rs)",
            "analyze(src/b.rs)",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());

    set(&mut db, "src/a.rs", "fn a() {}\nfn a2() {}\n");
    assert_eq!(name_count(&db, a) + name_count(&db, b), 3);
    expect![[r#"
        [
            "analyze(src/a.rs)",
            "file_symbols(src/a.rs)",
            "defined_names(src/a.rs)",
            "name_count(src/a.rs)",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());
}

#[test]
fn a_whitespace_edit_inside_a_body_backdates_downstream_queries() {
    let mut db = Database::with_event_log();
    let file = set(&mut db, "lib.rs", "fn a() {\n    let x = 1;\n}\n");
    assert_eq!(name_count(&db, file), 1);
    db.take_executed();

    set(&mut db, "lib.rs", "fn a() {\n    let x   =   1;\n}\n");
    assert_eq!(name_count(&db, file), 1);
    // The parse's result (symbols and facts, lines only) is equal, so `analyze`
    // backdates: neither `file_symbols` nor anything after it re-executes.
    expect![[r#"
        [
            "analyze(lib.rs)",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());

    // A body edit that changes no name re-executes `defined_names`, whose equal result
    // then stops `name_count` from re-executing.
    set(&mut db, "lib.rs", "fn a() {\n    let x = 1;\n    let y = 2;\n}\n");
    assert_eq!(name_count(&db, file), 1);
    expect![[r#"
        [
            "analyze(lib.rs)",
            "file_symbols(lib.rs)",
            "defined_names(lib.rs)",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());
}
