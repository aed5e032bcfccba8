//! Fixture repositories in, one item of the recon out: each fact with its citations.

use engine::{Database, FileContents, RelPath};
use expect_test::expect;

use crate::recon::render::render_fact;
use crate::recon::workspace_recon;

/// The first `shown` facts of item `item` (0-based, in the seed's order) of the recon of
/// `files`, one per line, with the figures behind each (JSON's `detail`).
fn item(files: &[(&str, &str)], item: usize, shown: usize) -> String {
    let mut db = Database::in_memory();
    let files: Vec<(RelPath, FileContents)> = files
        .iter()
        .map(|(path, text)| (RelPath::new(path).unwrap(), FileContents::Text((*text).into())))
        .collect();
    db.set_files(files);
    let recon = workspace_recon(&db);
    let facts: Vec<String> = recon.items[item]
        .iter()
        .take(shown)
        .map(|fact| match fact.detail.as_str() {
            "" => render_fact(&db, fact),
            detail => format!("{} ({detail})", render_fact(&db, fact)),
        })
        .collect();
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

const STRUCTURES: usize = 1;

/// A private Rust alias is not what other modules mean by `Result` (their prelude's), and a
/// Go program's types cannot be imported: neither gets credit from other modules' files.
#[test]
fn references_reach_only_what_can_be_named() {
    let user = |n: usize| {
        (
            format!("src/u{n}.rs"),
            "use crate::Real;\npub fn g() -> Result<Real, String> { Ok(Real) }\n".to_owned(),
        )
    };
    let mut files: Vec<(String, String)> = vec![
        ("Cargo.toml".to_owned(), "[package]\nname = \"t\"\n".to_owned()),
        ("src/lib.rs".to_owned(), "mod a;\npub struct Real;\n".to_owned()),
        (
            "src/a.rs".to_owned(),
            "type Result<T> = std::result::Result<T, ()>;\npub fn f() -> Result<u8> { Ok(1) }\n".to_owned(),
        ),
        ("src/a/inner.rs".to_owned(), "use super::Result;\nfn h() -> Result<u8> { Ok(2) }\n".to_owned()),
    ];
    files.extend((0..3).map(user));
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    expect![[r#"
        struct `Real` `src/lib.rs:2` (referred to from 3 other files; named in 0 documentation files)
        type `Result` `src/a.rs:1` (referred to from 1 other files; named in 0 documentation files)"#]]
    .assert_eq(&item(&files, STRUCTURES, 10));
    let go = [
        ("go.mod", "module example.com/m\n"),
        ("main.go", "package main\n\nimport \"example.com/m/internal/x\"\n\nfunc main() { _ = x.Use }\n"),
        ("internal/x/x.go", "package x\n\nimport \"go/types\"\n\nvar Use types.Type\n\ntype Own struct{}\n"),
        (
            "internal/y/y.go",
            "package y\n\nimport (\n\t\"go/types\"\n\t\"example.com/m/internal/x\"\n)\n\nvar T types.Type\nvar O x.Own\n",
        ),
        ("internal/gen/main.go", "package main\n\ntype Type struct{}\n\nfunc main() { _ = Type{} }\n"),
        ("internal/gen/emit.go", "package main\n\nfunc emit(t Type) {}\n"),
    ];
    expect![[r#"
        struct `Type` `internal/gen/main.go:3` (referred to from 1 other files; named in 0 documentation files)
        struct `Own` `internal/x/x.go:7` (referred to from 1 other files; named in 0 documentation files)"#]].assert_eq(&item(&go, STRUCTURES, 10));
}

/// A class nested in another is named through its owner (`API.Item`): the bare `Item` of
/// other files means the top-level class.
#[test]
fn nested_python_classes_get_no_bare_name_credit() {
    let user = "from pkg.models import Item\n\ndef f(item: Item) -> Item:\n    return item\n";
    let files = [
        ("pkg/__init__.py", ""),
        ("pkg/models.py", "class Item:\n    pass\n"),
        (
            "pkg/api.py",
            "class API:\n    class Item:\n        pass\n\n    def get(self) -> 'API.Item':\n        return API.Item()\n",
        ),
        ("pkg/a.py", user),
        ("pkg/b.py", user),
    ];
    expect![
        "class `Item` `pkg/models.py:1-2` (referred to from 2 other files; named in 0 documentation files)"
    ]
    .assert_eq(&item(&files, STRUCTURES, 10));
}

/// No conventional source for a built path: the one source of the package with its name
/// (a bundler names its outputs after their inputs); none when two have it.
#[test]
fn built_entries_name_the_one_source_with_their_name() {
    let files = [
        (
            "package.json",
            r#"{"name": "bundler", "main": "dist/bundler.js", "exports": {"./parseAst": "./dist/parseAst.js", "./log": "./dist/log.js"}}"#,
        ),
        ("src/node-entry.ts", "export const version = 1\n"),
        ("src/utils/parseAst.ts", "export function parseAst() {}\n"),
        ("src/utils/log.ts", "export function log() {}\n"),
        ("cli/log.ts", "export function log() {}\n"),
        ("test/parseAst.ts", "export function parseAst() {}\n"),
        ("browser/package.json", r#"{"name": "@b/browser", "main": "dist/browser.js"}"#),
        ("browser/src/parseAst.ts", "export function parseAst() {}\n"),
    ];
    expect!["entry point `src/utils/parseAst.ts` `src/utils/parseAst.ts:1`"].assert_eq(&item(
        &files,
        ENTRY_POINTS,
        10,
    ));
}

/// A monorepo of published packages: each package's entry is its export's `source`; a
/// root shim of the same name that requires the build output is not one; a private
/// package (a lint plugin of the repository's own) and an internal one are its tools.
#[test]
fn shims_private_and_internal_packages_are_not_entry_points() {
    let shim = "'use strict';\nmodule.exports = require('./dist/Editor.js');\n";
    let files = [
        ("package.json", r#"{"name": "mono", "private": true, "workspaces": ["packages/*"]}"#),
        (
            "packages/editor/package.json",
            r#"{"name": "@x/editor", "main": "./dist/Editor.js", "exports": {".": {"source": "./src/index.ts", "require": "./dist/Editor.js"}}}"#,
        ),
        ("packages/editor/Editor.js", shim),
        ("packages/editor/src/index.ts", "export const editor = 1\n"),
        (
            "packages/lint/package.json",
            r#"{"name": "@x/lint-internal", "private": true, "main": "src/index.js"}"#,
        ),
        ("packages/lint/src/index.js", "module.exports = {}\n"),
        (
            "packages/internal/package.json",
            r#"{"name": "@x/internal", "exports": {"./invariant": {"source": "./src/invariant.ts"}}}"#,
        ),
        ("packages/internal/src/invariant.ts", "export function invariant() {}\n"),
    ];
    expect!["entry point `packages/editor/src/index.ts` `packages/editor/src/index.ts:1`"].assert_eq(&item(
        &files,
        ENTRY_POINTS,
        10,
    ));
}

/// The near miss: where no package is published (an application's workspace), private
/// packages are the product, and a package without a source of its own keeps the one file
/// named after its build output.
#[test]
fn private_packages_of_an_unpublished_workspace_are_entry_points() {
    let files = [
        ("package.json", r#"{"name": "app", "private": true, "workspaces": ["apps/*"]}"#),
        ("apps/web/package.json", r#"{"name": "web", "private": true, "main": "src/main.js"}"#),
        ("apps/web/src/main.js", "console.log(1)\n"),
        ("apps/cli/package.json", r#"{"name": "cli", "private": true, "main": "./dist/Cli.js"}"#),
        ("apps/cli/lib/Cli.ts", "export const cli = 1\n"),
    ];
    expect![[r#"
        entry point `apps/cli/lib/Cli.ts` `apps/cli/lib/Cli.ts:1`
        entry point `apps/web/src/main.js` `apps/web/src/main.js:1`"#]]
    .assert_eq(&item(&files, ENTRY_POINTS, 10));
}

/// A repository crate that is a program: its workspace members' programs (`xtask-*`, a
/// generator) are its tools; where the root is a virtual workspace, members' programs are
/// the product (the near miss).
#[test]
fn members_of_a_program_crate_are_its_tools() {
    let main = "fn main() {}\n";
    let tool = [
        (
            "Cargo.toml",
            "[package]\nname = \"tool\"\n\n[[bin]]\nname = \"tool\"\n\n[workspace]\nmembers = [\"crates/*\"]\n",
        ),
        ("src/bin/tool/main.rs", main),
        ("crates/xtask-lint/Cargo.toml", "[package]\nname = \"xtask-lint\"\n"),
        ("crates/xtask-lint/src/main.rs", main),
    ];
    expect!["entry point `fn main() {}` `src/bin/tool/main.rs:1`"].assert_eq(&item(&tool, ENTRY_POINTS, 10));
    let virtual_root = [
        ("Cargo.toml", "[workspace]\nmembers = [\"cli\", \"lib\"]\n"),
        ("cli/Cargo.toml", "[package]\nname = \"tool-cli\"\n"),
        ("cli/src/main.rs", main),
        ("lib/Cargo.toml", "[package]\nname = \"tool-lib\"\n"),
        ("lib/src/lib.rs", "pub fn f() {}\n"),
    ];
    expect!["entry point `fn main() {}` `cli/src/main.rs:1`"].assert_eq(&item(
        &virtual_root,
        ENTRY_POINTS,
        10,
    ));
    // The repository crate is a library: its root is the product's entry, beside the
    // members' programs.
    let library_root = [
        ("Cargo.toml", "[package]\nname = \"binding\"\n\n[workspace]\nmembers = [\"introspect\"]\n"),
        ("src/lib.rs", "pub fn bind() {}\n"),
        ("introspect/Cargo.toml", "[package]\nname = \"introspect\"\n"),
        ("introspect/src/main.rs", main),
    ];
    expect![[r#"
        entry point `src/lib.rs` `src/lib.rs:1`
        entry point `fn main() {}` `introspect/src/main.rs:1`"#]]
    .assert_eq(&item(&library_root, ENTRY_POINTS, 10));
}

/// Code only tests use is test support, not core: a workspace crate that other crates
/// depend on only in `[dev-dependencies]`, a Go package only `_test.go` files import (and
/// a helper of it). The near miss: a crate one member depends on to build stays product,
/// as does a Go package a product file imports.
#[test]
fn packages_only_tests_use_are_test_support() {
    let rust = [
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.dependencies]\nsupport = { path = \"crates/support\" }\n",
        ),
        (
            "crates/app/Cargo.toml",
            "[package]\nname = \"app\"\n\n[dependencies]\ncore = { path = \"../core\" }\n\n[dev-dependencies]\nsupport.workspace = true\n",
        ),
        (
            "crates/app/src/lib.rs",
            "use core::Engine;\nuse support::Project;\npub fn run(e: Engine, p: Project) {}\n",
        ),
        ("crates/app/src/b.rs", "use support::Project;\nuse core::Engine;\nfn b(p: Project, e: Engine) {}\n"),
        (
            "crates/core/Cargo.toml",
            "[package]\nname = \"core\"\n\n[dev-dependencies.support]\npath = \"../support\"\n",
        ),
        ("crates/core/src/lib.rs", "pub struct Engine;\n"),
        (
            "crates/support/Cargo.toml",
            "[package]\nname = \"support\"\n\n[dependencies]\ncore = { path = \"../core\" }\n",
        ),
        ("crates/support/src/lib.rs", "pub struct Project;\n"),
    ];
    expect!["struct `Engine` `crates/core/src/lib.rs:1` (referred to from 2 other files; named in 0 documentation files)"]
        .assert_eq(&item(&rust, STRUCTURES, 10));
    let go = [
        ("go.mod", "module example.com/m\n"),
        ("internal/core/core.go", "package core\n\ntype State struct{}\n"),
        (
            "internal/core/core_test.go",
            "package core\n\nimport \"example.com/m/internal/coretest\"\n\nvar _ coretest.Fake\nvar _ State\n",
        ),
        (
            "internal/coretest/fake.go",
            "package coretest\n\nimport \"example.com/m/internal/archivetest\"\n\ntype Fake struct{ a archivetest.File }\n",
        ),
        ("internal/archivetest/file.go", "package archivetest\n\ntype File struct{}\n"),
        (
            "cmd/m/main.go",
            "package main\n\nimport \"example.com/m/internal/core\"\n\nfunc main() { _ = core.State{} }\n",
        ),
    ];
    expect!["struct `State` `internal/core/core.go:3` (referred to from 2 other files; named in 0 documentation files)"]
        .assert_eq(&item(&go, STRUCTURES, 10));
}

/// Go: a file names another package's type only through an import of that package, so
/// `reflect.Value` or a field `x.Value` elsewhere is no use of `metadata.Value`; a file that
/// imports the package, or shares its directory, is one (the near miss).
#[test]
fn go_types_are_credited_only_by_their_importers() {
    let other = "package other\n\nimport \"reflect\"\n\nfunc f(v reflect.Value) Value { return v }\n";
    let files = [
        ("go.mod", "module example.com/m\n"),
        (
            "cache/metadata/metadata.go",
            "package metadata\n\ntype Value struct{}\n\ntype Item struct{ v Value }\n",
        ),
        ("cache/metadata/store.go", "package metadata\n\nfunc get() Value { return Value{} }\n"),
        ("solver/a.go", other),
        ("solver/b.go", other),
        ("solver/c.go", other),
        (
            "cache/use.go",
            "package cache\n\nimport \"example.com/m/cache/metadata\"\n\nfunc g(v metadata.Value) {}\n",
        ),
    ];
    expect!["struct `Value` `cache/metadata/metadata.go:3` (referred to from 2 other files; named in 0 documentation files)"]
        .assert_eq(&item(&files, STRUCTURES, 1));
}
