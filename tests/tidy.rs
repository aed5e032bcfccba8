//! Repository hygiene, checked by `cargo test`: dependency direction between the crates,
//! module docs on every source file, no stubs or skipped tests.

use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2).expect("the workspace root").to_path_buf()
}

/// The crate names in the `[dependencies]` table of a manifest.
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).expect("a manifest");
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && let Some((name, _)) = line.split_once(['=', '.']) {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') {
                names.push(name.to_owned());
            }
        }
    }
    names
}

#[test]
fn dependencies_point_one_way_cli_queries_engine() {
    let root = workspace_root();
    let forbidden: &[(&str, &[&str])] = &[
        (
            "crates/engine/Cargo.toml",
            &[
                "queries",
                "cli",
                "tree-sitter",
                "pulldown-cmark",
                "clap",
                "indicatif",
                "tracing-subscriber",
                "petgraph",
            ],
        ),
        (
            "crates/queries/Cargo.toml",
            &["cli", "clap", "notify", "indicatif", "tracing-subscriber", "anyhow"],
        ),
    ];
    for (manifest, banned) in forbidden {
        for dependency in dependencies(&root.join(manifest)) {
            assert!(
                !banned
                    .iter()
                    .any(|banned| dependency == *banned || dependency.starts_with(&format!("{banned}-"))),
                "{manifest} depends on {dependency}, against the direction cli -> queries -> engine"
            );
        }
    }
    assert!(dependencies(&root.join("crates/queries/Cargo.toml")).contains(&"engine".to_owned()));
    let cli = dependencies(&root.join("crates/cli/Cargo.toml"));
    assert!(cli.contains(&"queries".to_owned()) && cli.contains(&"engine".to_owned()));
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_starts_with_a_module_doc_and_has_no_stubs() {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["crates", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 10, "found only {} files under {}", files.len(), root.display());
    // Spelled in pieces so that this file does not match itself.
    let banned = [
        ["todo", "!("].concat(),
        ["unimplemented", "!("].concat(),
        ["#[", "ignore]"].concat(),
        ["#[", "should_panic"].concat(),
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.starts_with("//!"), "{} does not start with a `//!` module doc", file.display());
        for pattern in &banned {
            assert!(!text.contains(pattern.as_str()), "{} contains {pattern}", file.display());
        }
    }
}

mod modules;

/// No import circle between the file modules of a crate: a circle means two rooms that
/// cannot be understood, tested or moved apart.
#[test]
fn no_import_circle_between_modules() {
    let root = workspace_root();
    let mut report = String::new();
    for krate in ["engine", "queries", "cli"] {
        let graph = modules::Graph::read(&root.join("crates").join(krate).join("src"));
        assert!(graph.modules.len() > 3, "read no modules of {krate}");
        for cycle in graph.cycles() {
            let names: Vec<String> =
                cycle.iter().map(|module| format!("{krate}::{}", module.join("::"))).collect();
            report.push_str(&format!("circle of {}: {}\n", names.len(), names.join(", ")));
            for module in &cycle {
                for target in graph.edges.get(module).into_iter().flatten().filter(|t| cycle.contains(t)) {
                    report.push_str(&format!("  {} -> {}\n", module.join("::"), target.join("::")));
                }
            }
        }
    }
    assert!(report.is_empty(), "import circles:\n{report}");
}

/// Files stay small enough to read in one sitting, functions short enough to hold in mind:
/// split a file on its seams before it passes 600 lines, a function before 80 (test files
/// included; string literals aside).
#[test]
fn files_and_functions_stay_small() {
    let root = workspace_root();
    let mut files = Vec::new();
    for dir in ["crates", "tests", "benches"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut report = String::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        if lines > 600 {
            report.push_str(&format!("{} has {lines} lines (at most 600)\n", file.display()));
        }
        for (name, line, length) in modules::long_functions(&text, 80) {
            report
                .push_str(&format!("{}:{line}: fn {name} has {length} lines (at most 80)\n", file.display()));
        }
    }
    assert!(report.is_empty(), "{report}");
}

/// Language knowledge lives in the registry (`code/`): elsewhere in `queries`, no string
/// names a language id, so adding a language touches one room.
#[test]
fn language_ids_are_matched_only_in_the_code_wing() {
    let root = workspace_root();
    let src = root.join("crates/queries/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let ids = [
        "\"c\"",
        "\"cpp\"",
        "\"go\"",
        "\"java\"",
        "\"javascript\"",
        "\"python\"",
        "\"rust\"",
        "\"tsx\"",
        "\"typescript\"",
    ];
    let mut report = String::new();
    for file in files.iter().filter(|file| !file.starts_with(src.join("code"))) {
        let text = std::fs::read_to_string(file).unwrap();
        let code = modules::without_tests_keeping_strings(&text);
        for (number, line) in code.lines().enumerate() {
            if let Some(id) = ids.iter().find(|id| line.contains(**id)) {
                report.push_str(&format!("{}:{}: {id}\n", file.display(), number + 1));
            }
        }
    }
    assert!(report.is_empty(), "language ids matched outside crates/queries/src/code/:\n{report}");
}

/// `queries` is used only through its façade, and ARCHITECTURE.md's API Boundary names
/// exactly what `lib.rs` exports: a new `pub use` is an API decision, written down.
#[test]
fn the_queries_api_is_what_architecture_md_lists() {
    let root = workspace_root();
    let lib = std::fs::read_to_string(root.join("crates/queries/src/lib.rs")).unwrap();
    let exported = modules::exported_names(&lib);
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let line = architecture
        .lines()
        .find(|line| line.starts_with("**API Boundary:**"))
        .expect("ARCHITECTURE.md has an **API Boundary:** paragraph");
    // The names follow the paragraph's first `): ` or `: ` after its label.
    let list = line.split_once("): ").map_or(line, |(_, list)| list);
    let listed: std::collections::BTreeSet<String> =
        list.split('`').skip(1).step_by(2).map(|name| name.trim().to_owned()).collect();
    let missing: Vec<&String> = exported.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&exported).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "exported by queries but not in ARCHITECTURE.md: {missing:?}; listed but not exported: {stale:?}"
    );
}
