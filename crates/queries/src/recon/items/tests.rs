//! Fixture repositories in, one item of the recon out: each fact with its citations.

use engine::{Database, FileContents, RelPath};
use expect_test::expect;

use crate::recon::render::render_fact;
use crate::recon::workspace_recon;

/// The first `shown` facts of item `item` (0-based, in the seed's order) of the recon of
/// `files`, one per line.
fn item(files: &[(&str, &str)], item: usize, shown: usize) -> String {
    let mut db = Database::in_memory();
    let files: Vec<(RelPath, FileContents)> = files
        .iter()
        .map(|(path, text)| (RelPath::new(path).unwrap(), FileContents::Text((*text).into())))
        .collect();
    db.set_files(files);
    let recon = workspace_recon(&db);
    let facts: Vec<String> =
        recon.items[item].iter().take(shown).map(|fact| render_fact(&db, fact)).collect();
    facts.join("\n")
}

const ENTRY_POINTS: usize = 3;

/// A monorepo of libraries: each sub-package's `main` points into the unbuilt `dist/`,
/// built from `src/`; Yarn's SDK shims are vendored.
#[test]
fn library_mains_built_from_src_when_nothing_else_is_an_entry_point() {
    let files = [
        ("package.json", r#"{"name": "mono", "private": true, "workspaces": ["packages/*"]}"#),
        (
            "packages/core/package.json",
            r#"{"name": "core", "main": "dist/index.js", "module": "dist/index.es.js"}"#,
        ),
        ("packages/core/src/index.ts", "export * from './editor'\n"),
        ("packages/core/src/editor.ts", "export interface Editor {}\n"),
        (
            "packages/react/package.json",
            r#"{"name": "react", "exports": {".": {"types": "./dist/index.d.ts", "import": "./dist/es/index.mjs"}}}"#,
        ),
        ("packages/react/src/index.tsx", "export const x = 1\n"),
        (
            ".yarn/sdks/eslint/bin/eslint.js",
            "#!/usr/bin/env node\nrequire.main === module && main();\nfunction main() {}\n",
        ),
    ];
    expect![[r#"
        entry point `packages/core/src/index.ts` `packages/core/src/index.ts:1`
        entry point `packages/react/src/index.tsx` `packages/react/src/index.tsx:1`"#]]
    .assert_eq(&item(&files, ENTRY_POINTS, 10));
}

/// The repository's own package: `bin`, `main` and `exports` into `dist/` stand for their
/// sources; sub-packages' mains are then left out.
#[test]
fn declared_entries_into_dist_name_their_sources() {
    let files = [
        (
            "package.json",
            r#"{"name": "tool", "bin": {"tool": "dist/bin/tool.js"}, "exports": {"./parse": {"require": "./dist/parse.cjs"}}}"#,
        ),
        ("src/bin/tool.ts", "export function run() {}\n"),
        ("src/parse/index.ts", "export function parse() {}\n"),
        ("packages/lib/package.json", r#"{"name": "lib", "main": "dist/index.js"}"#),
        ("packages/lib/src/index.ts", "export const y = 2\n"),
    ];
    expect![[r#"
        entry point `src/bin/tool.ts` `src/bin/tool.ts:1`
        entry point `src/parse/index.ts` `src/parse/index.ts:1`"#]]
    .assert_eq(&item(&files, ENTRY_POINTS, 10));
}

/// A Go module with a root program: drivers below `internal/` are tooling.
#[test]
fn go_programs_below_internal_are_tooling() {
    let main = "package main\n\nfunc main() {}\n";
    let files = [
        ("go.mod", "module example.com/tool\n"),
        ("main.go", main),
        ("internal/analysis/x/cmd/x/main.go", main),
        ("internal/gen/main.go", main),
    ];
    expect!["entry point `func main() {}` `main.go:3`"].assert_eq(&item(&files, ENTRY_POINTS, 10));
}
