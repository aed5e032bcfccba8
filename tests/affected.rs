//! `plan affected`: a diff mapped to blocks, PRs and claims on a temporary git repository,
//! and the errors for an unknown revision and a missing repository.

use std::process::Command;

use expect_test::expect;

use crate::check::{VALID, repo_with_plan};
use crate::util::TestRepo;

fn git(repo: &TestRepo, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(repo.path())
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn a_diff_names_its_blocks_prs_and_claims() {
    let repo = repo_with_plan(VALID);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "start"]);
    // Line 14 of db.rs is inside a cited range of the valid plan; the plan module changes too.
    let db = std::fs::read_to_string(repo.child("crates/engine/src/db.rs")).unwrap();
    let edited: Vec<String> = db
        .lines()
        .enumerate()
        .map(|(index, line)| if index == 13 { "// edited".to_owned() } else { line.to_owned() })
        .collect();
    repo.write("crates/engine/src/db.rs", edited.join("\n") + "\n");
    repo.write("crates/queries/src/plan/mod.rs", "//! The plan, edited.\nuse engine::db::Database;\n");
    let run = repo.run(&["affected"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect![[r#"
        2 changed files
        block Engine: crates/engine/src/db.rs
        block Queries: crates/queries/src/plan/mod.rs
        PR0 Parse plans into sections (merged): block Queries
        claim PLAN.md:18 (B) cites crates/engine/src/db.rs:12-40: - The engine owns the salsa database (`crates/engine/src/db.rs:12-40`).
    "#]].assert_eq(&run.stdout);
    git(&repo, &["commit", "-q", "-am", "edit"]);
    let run = repo.run(&["affected", "HEAD~1..HEAD", "--format", "json"]);
    assert_eq!(run.json()["blocks"].as_array().unwrap().len(), 2, "{}", run.stdout);
}

#[test]
fn an_unknown_revision_and_no_repository_are_clear_errors() {
    let repo = repo_with_plan(VALID);
    let run = repo.run(&["affected", "main"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not in a git repository"), "{}", run.stderr);
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "start"]);
    let run = repo.run(&["affected", "no-such-branch"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown revision `no-such-branch`"), "{}", run.stderr);
}
