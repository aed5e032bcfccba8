//! `plan build`: citations rewritten in place, idempotence, byte-for-byte preservation,
//! crash safety, and citations that can never resolve.

use crate::util::TestRepo;

const STORE: &str = "pub struct Store {\n    items: Vec<u32>,\n}\n\nimpl Store {\n    pub fn get(&self, index: usize) -> Option<u32> {\n        self.items.get(index).copied()\n    }\n\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n";

fn plan_citing(claims: &str) -> String {
    format!("# Plan\n\n## B) Repository Recon Summary\n\n{claims}\n")
}

/// A repository whose plan.toml allows the structure rules: these plans are only section B.
fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n");
    repo
}

fn read(repo: &TestRepo, path: &str) -> String {
    std::fs::read_to_string(repo.child(path)).unwrap()
}

fn build(repo: &TestRepo, args: &[&str]) -> crate::util::Run {
    let mut all = vec!["build", "--format", "json"];
    all.extend_from_slice(args);
    repo.run(&all)
}

fn statuses(run: &crate::util::Run) -> Vec<String> {
    run.json()["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["text"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect()
}

#[test]
fn moved_code_is_rewritten_in_place_keeping_the_form() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    let plan = plan_citing(
        "- `Store::get` reads one item (`src/store.rs:6-8`).\n- Length: [len](src/store.rs#L10-L12), and the struct src/store.rs:1.\n",
    );
    repo.write("PLAN.md", &plan);
    let first = build(&repo, &[]);
    assert_eq!(
        statuses(&first),
        ["src/store.rs:6-8 fresh", "src/store.rs#L10-L12 fresh", "src/store.rs:1 fresh"]
    );
    assert_eq!(read(&repo, "PLAN.md"), plan, "a first build anchors, it does not rewrite");
    assert!(read(&repo, "PLAN.lock").contains("anchor\tsrc/store.rs:6-8\tmethod\tStore::get\twhole\t"));

    // Three lines above everything: all three citations move.
    repo.write("src/store.rs", format!("//! The store.\n\nuse std::vec::Vec;\n{STORE}"));
    let second = build(&repo, &[]);
    assert_eq!(
        statuses(&second),
        ["src/store.rs:6-8 moved", "src/store.rs#L10-L12 moved", "src/store.rs:1 moved"]
    );
    assert_eq!(second.code, 0, "moved is a note, not an error");
    assert_eq!(
        read(&repo, "PLAN.md"),
        plan_citing(
            "- `Store::get` reads one item (`src/store.rs:9-11`).\n- Length: [len](src/store.rs#L13-L15), and the struct src/store.rs:4.\n"
        )
    );
    let third = build(&repo, &[]);
    assert_eq!(
        statuses(&third),
        ["src/store.rs:9-11 fresh", "src/store.rs#L13-L15 fresh", "src/store.rs:4 fresh"]
    );
}

#[test]
fn a_renamed_file_and_a_function_moved_to_another_module_are_followed() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    repo.write("src/other.rs", "pub fn len() -> usize {\n    0\n}\n");
    repo.write("PLAN.md", plan_citing("- get: `src/store.rs:6-8`\n- struct: `src/store.rs:1-3`\n"));
    build(&repo, &[]);
    std::fs::remove_file(repo.child("src/store.rs")).unwrap();
    repo.write("src/storage/mod.rs", format!("// moved here\n{STORE}"));
    let run = build(&repo, &[]);
    assert_eq!(statuses(&run), ["src/store.rs:6-8 moved", "src/store.rs:1-3 moved"]);
    assert_eq!(
        read(&repo, "PLAN.md"),
        plan_citing("- get: `src/storage/mod.rs:7-9`\n- struct: `src/storage/mod.rs:2-4`\n")
    );
}

#[test]
fn changed_code_is_flagged_until_accepted() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", plan_citing("- get: `src/store.rs:6-8`\n"));
    build(&repo, &[]);
    repo.write(
        "src/store.rs",
        STORE.replace(
            "self.items.get(index).copied()",
            "// Bounds are checked.\n        self.items.get(index).copied()",
        ),
    );
    let run = build(&repo, &[]);
    assert_eq!(statuses(&run), ["src/store.rs:6-8 changed"]);
    assert_eq!(run.json()["diagnostics"][0]["code"], "PLAN062");
    assert_eq!(run.code, 0, "changed is a warning");
    assert_eq!(
        read(&repo, "PLAN.md"),
        plan_citing("- get: `src/store.rs:6-9`\n"),
        "a whole-symbol citation follows the symbol"
    );
    assert_eq!(statuses(&build(&repo, &[])), ["src/store.rs:6-9 changed"], "still changed until accepted");
    let accepted = build(&repo, &["--accept"]);
    assert_eq!(statuses(&accepted), ["src/store.rs:6-9 changed"]);
    assert_eq!(accepted.json()["diagnostics"], serde_json::json!([]), "accepted, so not reported");
    assert_eq!(statuses(&build(&repo, &[])), ["src/store.rs:6-9 fresh"]);
}

#[test]
fn removed_code_marks_the_claim_unverified_once() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", plan_citing("- `len` counts items (`src/store.rs:10-12`).\n\n| Fact | Where |\n|---|---|\n| get | src/store.rs:6-8 |\n"));
    build(&repo, &[]);
    repo.write("src/store.rs", "pub struct Store;\n");
    let run = build(&repo, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(statuses(&run), ["src/store.rs:10-12 stale", "src/store.rs:6-8 stale"]);
    let expected = plan_citing(
        "- `len` counts items (`src/store.rs:10-12` UNVERIFIED).\n\n| Fact | Where |\n|---|---|\n| get | src/store.rs:6-8 UNVERIFIED |\n",
    );
    assert_eq!(read(&repo, "PLAN.md"), expected);
    let again = build(&repo, &[]);
    assert_eq!(again.code, 1, "still an error: the claim needs attention");
    assert_eq!(read(&repo, "PLAN.md"), expected, "marked once");
}

#[test]
fn a_same_named_function_elsewhere_is_not_the_cited_one() {
    let repo = repo();
    repo.write("src/a.rs", "pub fn helper() -> u32 {\n    1\n}\n\npub fn other() {}\n");
    repo.write("src/b.rs", "pub fn helper() -> u32 {\n    2\n}\n");
    repo.write("PLAN.md", plan_citing("- helper in a: `src/a.rs:1-3`\n"));
    build(&repo, &[]);
    repo.write("src/a.rs", "pub fn other() {}\n");
    let run = build(&repo, &[]);
    assert_eq!(statuses(&run), ["src/a.rs:1-3 stale"]);
}

#[test]
fn the_second_build_changes_no_byte_and_a_plan_without_citations_round_trips() {
    let repo = repo();
    let text = "# Plän 🚀\r\n\r\n## A) Executive Summary\r\n\tTabbed line with trailing spaces   \r\nÜnïcödé — “quotes”\r\n\r\n```\r\nsrc/not/a/citation.rs:1\r\n```\r\n";
    repo.write("PLAN.md", text);
    build(&repo, &[]);
    assert_eq!(std::fs::read(repo.child("PLAN.md")).unwrap(), text.as_bytes());
    let lock = read(&repo, "PLAN.lock");
    build(&repo, &[]);
    assert_eq!(std::fs::read(repo.child("PLAN.md")).unwrap(), text.as_bytes());
    assert_eq!(read(&repo, "PLAN.lock"), lock);

    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", plan_citing("- get: `src/store.rs:6-8`\r\n"));
    build(&repo, &[]);
    let plan = std::fs::read(repo.child("PLAN.md")).unwrap();
    let lock = read(&repo, "PLAN.lock");
    let check = repo.run(&["build", "--check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    build(&repo, &[]);
    assert_eq!(std::fs::read(repo.child("PLAN.md")).unwrap(), plan);
    assert_eq!(read(&repo, "PLAN.lock"), lock);
}

#[test]
fn check_writes_nothing_and_fails_when_a_build_would_change_something() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    let plan = plan_citing("- get: `src/store.rs:6-8`\n");
    repo.write("PLAN.md", &plan);
    build(&repo, &[]);
    repo.write("src/store.rs", format!("\n{STORE}"));
    for args in [["check"].as_slice(), ["build", "--check"].as_slice()] {
        let run = repo.run(args);
        assert_eq!(run.code, 1, "{args:?}");
        assert_eq!(run.stderr, "note: `plan build` would change PLAN.md and its lock\n");
        assert_eq!(read(&repo, "PLAN.md"), plan);
    }
}

/// A failure between the two writes leaves each file wholly old or wholly new; the next
/// build repairs the mismatch.
#[test]
fn a_crash_between_the_writes_is_repaired_by_the_next_build() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", plan_citing("- get: `src/store.rs:6-8`\n"));
    build(&repo, &[]);
    let old_lock = read(&repo, "PLAN.lock");
    repo.write("src/store.rs", format!("\n\n{STORE}"));
    let crashed = crate::util::Run::from(
        repo.plan(&["build", "-q"]).env("PLAN_TEST_FAIL_BETWEEN_WRITES", "1").output().unwrap(),
    );
    assert_eq!(crashed.code, 2, "{}", crashed.stderr);
    assert_eq!(read(&repo, "PLAN.md"), plan_citing("- get: `src/store.rs:8-10`\n"), "the plan is wholly new");
    assert_eq!(read(&repo, "PLAN.lock"), old_lock, "the lock is wholly old");
    let names: Vec<String> = std::fs::read_dir(repo.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(names.iter().all(|name| !name.contains("plan-tmp")), "{names:?}");
    let repaired = build(&repo, &[]);
    assert_eq!(statuses(&repaired), ["src/store.rs:8-10 fresh"]);
    assert!(read(&repo, "PLAN.lock").contains("anchor\tsrc/store.rs:8-10\t"));
    assert_eq!(statuses(&build(&repo, &[])), ["src/store.rs:8-10 fresh"]);
}

#[test]
fn citations_that_can_never_resolve_are_plan060() {
    let repo = repo();
    let outside = TestRepo::new();
    repo.write("src/nested/x.rs", "fn x() {}\n");
    outside.write("secret.rs", "fn secret() {}\n");
    repo.write("src/store.rs", STORE);
    repo.write("assets/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\0");
    let big = std::fs::File::create(repo.child("big.rs")).unwrap();
    big.set_len(3 * 1024 * 1024).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.child("secret.rs"), repo.child("escape.rs")).unwrap();
    let absolute = format!("{}:1", outside.child("secret.rs").display());
    repo.write(
        "PLAN.md",
        plan_citing(&format!(
            "- dir: `src/main:1`\n- dir2: `src/nested:1`\n- binary: `assets/logo.png:1`\n- zero: `src/store.rs:0`\n- reversed: `src/store.rs:8-6`\n- absolute: `{absolute}`\n- escape: `../outside/secret.rs:1`\n- symlink: `escape.rs:1`\n- big: `big.rs:1`\n- past the end: `src/store.rs:100`\n"
        )),
    );
    let run = build(&repo, &[]);
    assert_eq!(run.code, 1);
    let messages: Vec<String> = run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    let expected = [
        "PLAN073 there is no PLAN.lock yet: citations are anchored where they point now, and `plan check` fails until the lock is written".to_owned(),
        "PLAN060 citation `src/main:1` is invalid: src/main does not exist".to_owned(),
        "PLAN060 citation `src/nested:1` is invalid: src/nested is a directory, not a file".to_owned(),
        "PLAN060 citation `assets/logo.png:1` is invalid: assets/logo.png is not analysed: binary format (by its file extension; not read)".to_owned(),
        "PLAN060 citation `src/store.rs:0` is invalid: line numbers start at 1".to_owned(),
        "PLAN060 citation `src/store.rs:8-6` is invalid: the range starts at line 8, after its end at line 6".to_owned(),
        format!("PLAN060 citation `{absolute}` is invalid: the path is absolute; cite paths relative to the repository root"),
        "PLAN060 citation `../outside/secret.rs:1` is invalid: the path leaves the repository root".to_owned(),
        "PLAN060 citation `escape.rs:1` is invalid: escape.rs is not analysed: symbolic link to a path outside the root (not followed)".to_owned(),
        "PLAN060 citation `big.rs:1` is invalid: big.rs is not analysed: file is 3145728 bytes, over the 2097152-byte limit (raise `max_file_size` in plan.toml to analyse it)".to_owned(),
        "PLAN060 citation `src/store.rs:100` is invalid: lines 100-100 are out of range: src/store.rs has 13 lines".to_owned(),
    ];
    assert_eq!(messages, expected);
}

/// A run killed while writing leaves `.PLAN.md.plan-tmp-<pid>` beside the plan: the next
/// run removes it (its process is gone), whether it builds or replays its stamp.
#[test]
fn temporaries_of_a_killed_write_are_removed_at_the_next_run() {
    let repo = repo();
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", plan_citing("- The store (`src/store.rs:1-3`).\n"));
    for args in [&["build"][..], &["build"], &["check"]] {
        // 4294967295 is above every system's largest process id: never a running process.
        for name in [".PLAN.md.plan-tmp-4294967295", ".PLAN.lock.plan-tmp-4294967295"] {
            repo.write(name, "half a plan");
        }
        let run = repo.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        for name in [".PLAN.md.plan-tmp-4294967295", ".PLAN.lock.plan-tmp-4294967295"] {
            assert!(!repo.child(name).exists(), "{args:?} left {name}");
        }
    }
    assert!(repo.child("PLAN.md").exists());
}
