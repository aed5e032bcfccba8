//! Import resolution on one small repository per language (`fixtures/imports/`): every
//! import with its line and what it resolves to; and incrementality through the event log.

use engine::{Database, FileContents, RelPath};
use expect_test::{Expect, expect};

use crate::code::imports::model::Target;
use crate::code::imports::{file_imports, import_graph};

/// The files of a fixture: `=== path` lines, each followed by the file's text.
fn files(fixture: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in fixture.lines() {
        match line.strip_prefix("=== ") {
            Some(path) => files.push((path.to_owned(), String::new())),
            None => {
                if let Some((_, text)) = files.last_mut() {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
    }
    files
}

fn database(fixture: &str) -> Database {
    let mut db = Database::with_event_log();
    db.set_files(
        files(fixture)
            .into_iter()
            .map(|(path, text)| (RelPath::new(&path).unwrap(), FileContents::Text(text.into()))),
    );
    db
}

fn check(fixture: &str, expected: Expect) {
    let db = database(fixture);
    let mut out = String::new();
    for (path, _) in files(fixture) {
        let file = db.file(&RelPath::new(&path).unwrap()).unwrap();
        for import in &file_imports(&db, file).imports {
            let targets: Vec<String> = import
                .targets
                .iter()
                .map(|target| match target {
                    Target::File(path) => path.clone(),
                    Target::Directory(path) => format!("{path}/"),
                    Target::External => "external".to_owned(),
                })
                .collect();
            out.push_str(&format!("{path}:{} {} -> {}\n", import.line, import.text, targets.join(", ")));
        }
    }
    expected.assert_eq(&out);
}

#[test]
fn rust() {
    check(
        include_str!("../../../fixtures/imports/rust.txt"),
        expect![[r#"
            crates/core/src/lib.rs:2 mod store -> crates/core/src/store/mod.rs
            crates/core/src/lib.rs:3 mod util -> crates/core/src/util.rs
            crates/core/src/lib.rs:4 store::Store -> crates/core/src/store/mod.rs
            crates/core/src/lib.rs:5 crate::util::helper -> crates/core/src/util.rs
            crates/core/src/store/mod.rs:2 mod disk -> crates/core/src/store/disk.rs
            crates/core/src/store/mod.rs:3 super::util::{helper, Limits} -> crates/core/src/util.rs
            crates/core/src/store/mod.rs:4 self::disk::Disk -> crates/core/src/store/disk.rs
            crates/core/src/store/mod.rs:5 std::collections::HashMap -> external
            crates/core/src/store/disk.rs:2 super::Store -> crates/core/src/store/mod.rs
            crates/core/src/store/disk.rs:3 crate::{store, util::helper as h} -> crates/core/src/store/mod.rs, crates/core/src/util.rs
            crates/core/src/store/disk.rs:8 super::* -> crates/core/src/store/disk.rs
            crates/core/src/store/disk.rs:9 super::super::Store -> crates/core/src/store/mod.rs
            crates/core/src/util.rs:3 mod imp @ util/unix.rs -> crates/core/src/util/unix.rs
            crates/core/src/util.rs:4 mod imp -> external
            crates/app/src/main.rs:2 mod cli -> crates/app/src/cli.rs
            crates/app/src/main.rs:3 core::store::Store -> crates/core/src/store/mod.rs
            crates/app/src/main.rs:4 demo_core::Store as Again -> crates/core/src/lib.rs
            crates/app/src/main.rs:5 serde::Deserialize -> external
            crates/app/src/cli.rs:2 crate::main -> crates/app/src/main.rs
            crates/app/src/cli.rs:3 core::missing::Thing -> crates/core/src/lib.rs
            crates/app/src/bin/tool.rs:2 mod extra -> crates/app/src/bin/extra.rs
            crates/app/src/bin/tool.rs:3 demo_app_missing::X -> external
        "#]],
    );
}

#[test]
fn go() {
    check(
        include_str!("../../../fixtures/imports/go.txt"),
        expect![[r#"
        cmd/app/main.go:4 fmt -> external
        cmd/app/main.go:6 example.com/app/internal/store -> internal/store/
        cmd/app/main.go:7 example.com/app/pkg/config -> pkg/config/
        cmd/app/main.go:8 example.com/app/pkg/missing -> external
        cmd/app/main.go:9 github.com/spf13/cobra -> external
        internal/store/store.go:3 example.com/app/pkg/config -> pkg/config/
        tools/gen/gen.go:4 example.com/app/tools/gen/templates -> tools/gen/templates/
        tools/gen/gen.go:5 example.com/app -> /
    "#]],
    );
}

#[test]
fn python() {
    check(
        include_str!("../../../fixtures/imports/python.txt"),
        expect![[r#"
            src/demo/__init__.py:1 .core -> src/demo/core.py
            src/demo/__init__.py:1 .core.run -> src/demo/core.py
            src/demo/__init__.py:2 . -> src/demo/__init__.py
            src/demo/__init__.py:2 .util -> src/demo/util.py
            src/demo/__init__.py:2 .plugins -> src/demo/plugins/__init__.py
            src/demo/__init__.py:3 .plugins.web -> src/demo/plugins/web.py
            src/demo/__init__.py:3 .plugins.web.serve -> src/demo/plugins/web.py
            src/demo/core.py:1 os -> external
            src/demo/core.py:2 demo.util -> src/demo/util.py
            src/demo/core.py:3 demo.plugins -> src/demo/plugins/__init__.py
            src/demo/core.py:3 demo.plugins.loader -> src/demo/plugins/loader.py
            src/demo/core.py:4 ..outside -> external
            src/demo/core.py:4 ..outside.x -> external
            src/demo/util.py:1 typing -> external
            src/demo/util.py:1 typing.Any -> external
            src/demo/plugins/loader.py:1 .. -> src/demo/__init__.py
            src/demo/plugins/loader.py:1 ..core -> src/demo/core.py
            src/demo/plugins/loader.py:2 ..util -> src/demo/util.py
            src/demo/plugins/loader.py:2 ..util.helper -> src/demo/util.py
            src/demo/plugins/loader.py:3 demo.plugins.web -> src/demo/plugins/web.py
            src/demo/plugins/web.py:1 requests -> external
            src/demo/ns/thing.py:1 demo.ns -> src/demo/__init__.py
            src/demo/ns/thing.py:1 demo.ns.thing -> src/demo/ns/thing.py
            src/demo/ns/thing.py:2 demo.ns.thing.f -> src/demo/ns/thing.py
            tests/conftest.py:1 demo -> src/demo/__init__.py
            tests/conftest.py:2 tests.helpers -> tests/helpers.py
            tests/conftest.py:2 tests.helpers.make -> tests/helpers.py
            tests/helpers.py:1 helpers_sibling -> external
        "#]],
    );
}

#[test]
fn typescript_and_javascript() {
    check(
        include_str!("../../../fixtures/imports/typescript.txt"),
        expect![[r#"
        packages/ui/src/index.ts:1 ./button -> packages/ui/src/button.tsx
        packages/ui/src/button.tsx:1 react -> external
        src/app/main.ts:1 ./util.js -> src/app/util.ts
        src/app/main.ts:2 ../lib -> src/lib/index.ts
        src/app/main.ts:3 @app/store -> src/app/store/index.ts
        src/app/main.ts:4 @lib -> src/lib/index.ts
        src/app/main.ts:5 @demo/ui -> packages/ui/src/index.ts
        src/app/main.ts:6 @demo/ui/button -> packages/ui/src/button.tsx
        src/app/main.ts:7 lib/index -> src/lib/index.ts
        src/app/main.ts:8 node:fs -> external
        src/app/main.ts:9 ./missing -> external
        src/app/main.ts:10 ./util -> src/app/util.ts
        web/app.jsx:1 ../src/app/util -> src/app/util.ts
        web/app.jsx:2 ./x.mjs -> web/x.mjs
    "#]],
    );
}

#[test]
fn java() {
    check(
        include_str!("../../../fixtures/imports/java.txt"),
        expect![[r#"
        core/src/main/java/com/acme/core/Store.java:3 java.util.Map -> external
        core/src/main/java/com/acme/core/Store.java:4 com.acme.core.util.Limits -> core/src/main/java/com/acme/core/util/Limits.java
        core/src/main/java/com/acme/core/Store.java:5 com.acme.core.util -> core/src/main/java/com/acme/core/util/
        core/src/main/java/com/acme/core/Store.java:6 com.acme.core.util.Limits.MAX -> core/src/main/java/com/acme/core/util/Limits.java
        core/src/main/java/com/acme/core/Store.java:7 com.acme.api.Client.Builder -> external
        api/src/main/java/com/acme/api/Client.java:2 com.acme.core.Store -> core/src/main/java/com/acme/core/Store.java
        api/src/main/java/com/acme/api/Client.java:3 com.acme.missing.Thing -> external
        other/src/com/acme/Main.java:2 com.acme.api.Client -> other/src/com/acme/api/Client.java
    "#]],
    );
}

#[test]
fn c_and_cpp() {
    check(
        include_str!("../../../fixtures/imports/c.txt"),
        expect![[r#"
        include/demo/store.h:1 demo/util.h -> include/demo/util.h
        include/demo/store.h:2 stddef.h -> external
        src/store.c:1 demo/store.h -> include/demo/store.h
        src/store.c:2 internal.h -> src/internal.h
        src/store.c:3 ../include/demo/util.h -> include/demo/util.h
        src/store.c:4 stdio.h -> external
        src/store.c:5 config.h -> external
        tools/main.cpp:1 demo/store.h -> include/demo/store.h
        tools/main.cpp:2 vendor/json.hpp -> external
        tools/main.cpp:3 vector -> external
    "#]],
    );
}

#[test]
fn editing_one_file_re_resolves_only_its_imports() {
    let mut db = database(include_str!("../../../fixtures/imports/rust.txt"));
    let before = import_graph(&db).edges().count();
    db.take_executed();
    let path = RelPath::new("crates/core/src/util.rs").unwrap();
    db.set_file(
        path,
        FileContents::Text("//! Helpers.\n#[cfg(unix)]\n#[path = \"util/unix.rs\"]\nmod imp;\nuse crate::store::Store;\npub fn helper() {}\n".into()),
    );
    assert_eq!(import_graph(&db).edges().count(), before + 1);
    expect![[r#"
        [
            "analyze(crates/core/src/util.rs)",
            "file_facts(crates/core/src/util.rs)",
            "file_imports(crates/core/src/util.rs)",
            "file_symbols(crates/core/src/util.rs)",
            "import_part(Id(200))",
            "import_chunk(Id(180))",
            "import_graph(Id(100))",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());
}

/// The first edit of a file under `plan watch` lowers its durability: when its edges are
/// unchanged, the re-run stops at its chunk, not at the graph over every chunk.
#[test]
fn a_first_edit_with_the_same_edges_stops_at_its_chunk() {
    let mut db = database(include_str!("../../../fixtures/imports/rust.txt"));
    let before = import_graph(&db).edges().count();
    let path = RelPath::new("crates/core/src/util.rs").unwrap();
    let text = db.file(&path).and_then(|file| file.contents(&db).text().map(str::to_owned)).unwrap();
    db.take_executed();
    db.set_edited_files([(path, FileContents::Text(format!("{text}// a comment\n").into()))]);
    assert_eq!(import_graph(&db).edges().count(), before);
    let executed = db.take_executed_by_name();
    assert!(executed.iter().any(|query| query.starts_with("import_chunk")), "{executed:?}");
    assert!(!executed.iter().any(|query| query.starts_with("import_graph")), "{executed:?}");
}
