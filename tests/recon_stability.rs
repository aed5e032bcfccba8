//! The recon block of a plan on real code: adding or removing one ordinary file leaves it
//! byte-identical. Real outside code cannot be committed, but a build of this repository
//! always has some on disk: the sources of the crates cargo downloaded to build it (found
//! with `cargo metadata`). Each is copied into a temporary repository; the originals are
//! never touched.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::TestRepo;

/// Three dependencies of a few hundred files each: a database framework, a regex engine
/// and an argument parser's builder, three different shapes of Rust library.
const CRATES: [&str; 3] = ["salsa", "regex-automata", "clap_builder"];

const PLAN: &str =
    "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n";

/// Files whose removal removes a package or a module tree, not an ordinary file.
const INDEX_FILES: [&str; 4] = ["lib.rs", "main.rs", "mod.rs", "build.rs"];

#[test]
fn adding_or_removing_an_ordinary_file_leaves_the_recon_block_of_real_crates_alone() {
    let sources = dependency_sources();
    for name in CRATES {
        let source =
            sources.iter().find(|(found, _)| found == name).map(|(_, dir)| dir).unwrap_or_else(|| {
                panic!("`cargo metadata` lists no sources of `{name}` (is Cargo.lock changed?)")
            });
        check_crate(name, source);
    }
}

fn check_crate(name: &str, source: &Path) {
    let repo = TestRepo::new();
    copy_tree(source, repo.path());
    repo.write("PLAN.md", PLAN);
    let baseline = recon_block(&repo);
    assert!(baseline.contains("*Core data structures and interfaces*"), "{name}: {baseline}");
    assert_eq!(recon_block(&repo), baseline, "{name}: a build of the built plan changes its recon block");

    let victims = ordinary_files(repo.path(), &baseline);
    assert!(victims.len() >= 2, "{name}: too few ordinary source files");
    // Two fixed choices: a third and two thirds of the way through them by path.
    for victim in [&victims[victims.len() / 3], &victims[victims.len() * 2 / 3]] {
        let added = victim.with_file_name("recon_stability_probe.rs");
        std::fs::write(&added, "pub fn recon_stability_probe() -> usize {\n    42\n}\n")
            .expect("a written file");
        let after_add = recon_block(&repo);
        assert_eq!(after_add, baseline, "{name}: adding {} changed the recon block", added.display());
        std::fs::remove_file(&added).expect("a removed file");

        let saved = std::fs::read(victim).expect("a readable file");
        std::fs::remove_file(victim).expect("a removed file");
        let after_remove = recon_block(&repo);
        assert_eq!(after_remove, baseline, "{name}: removing {} changed the recon block", victim.display());
        std::fs::write(victim, saved).expect("a restored file");
    }
}

/// `plan build` (the plan's recon block, with the hysteresis a plan has), then the block.
fn recon_block(repo: &TestRepo) -> String {
    let run = repo.run(&["build", "--no-cache", "-q"]);
    let text = std::fs::read_to_string(repo.child("PLAN.md")).expect("PLAN.md");
    let begin = text.find("<!-- plan:begin recon -->");
    let end = text.find("<!-- plan:end recon -->");
    match (begin, end) {
        (Some(begin), Some(end)) if begin < end => text[begin..end].to_owned(),
        _ => panic!("no recon block after `plan build`:\n{text}\nstderr:\n{}", run.stderr),
    }
}

/// The source directory of each package `cargo metadata` lists (offline, as locked).
fn dependency_sources() -> Vec<(String, PathBuf)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // Only this platform's packages: a build downloads no other (a Windows-only crate's
    // source is not there offline).
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(rustc).arg("-vV").output().expect("rustc -vV runs");
    let version = String::from_utf8_lossy(&version.stdout);
    let host = version.lines().find_map(|line| line.strip_prefix("host: ")).expect("rustc names its host");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(output.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON");
    let mut found: Vec<(String, String, PathBuf)> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|package| package["source"].as_str().is_some_and(|source| source.starts_with("registry+")))
        .filter_map(|package| {
            let name = package["name"].as_str()?.to_owned();
            let version = package["version"].as_str()?.to_owned();
            let dir = Path::new(package["manifest_path"].as_str()?).parent()?.to_path_buf();
            dir.join("src").is_dir().then_some((name, version, dir))
        })
        .collect();
    // Of several versions of a crate, the newest first.
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| version_key(&b.1).cmp(&version_key(&a.1))));
    found.into_iter().map(|(name, _, dir)| (name, dir)).collect()
}

fn version_key(version: &str) -> Vec<u64> {
    version.split(['.', '-', '+']).map(|part| part.parse().unwrap_or(0)).collect()
}

/// Copies a directory tree (regular files and directories; links are skipped).
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("a readable directory").flatten() {
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("a file type");
        if kind.is_dir() {
            std::fs::create_dir_all(&target).expect("a directory");
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).expect("a copied file");
        }
    }
}

/// The ordinary source files, by path: under `src/`, not a module index, defining no type,
/// not cited by the recon block.
fn ordinary_files(root: &Path, block: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.retain(|path| {
        let relative = path.strip_prefix(root).expect("under the root").to_string_lossy().replace('\\', "/");
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        !INDEX_FILES.contains(&name) && !block.contains(&relative) && !defines_a_type(&text)
    });
    files.sort();
    files
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

fn defines_a_type(text: &str) -> bool {
    text.lines().any(|line| {
        let mut words = line.split_whitespace().skip_while(|word| word.starts_with("pub"));
        matches!(words.next(), Some("struct" | "enum" | "trait" | "type" | "union"))
    })
}
