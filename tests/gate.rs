//! `plan check` as a gate: what fails it (a wrong plan) and what does not (code the plan
//! does not cite), on temporary git repositories; `--diff`, `-q`, and every exit 1 with a
//! diagnostic in text, JSON and SARIF.

use std::process::Command;

use crate::util::{Run, TestRepo};

const STORE: &str = "pub struct Store {\n    items: Vec<u32>,\n}\n\nimpl Store {\n    pub fn get(&self, index: usize) -> Option<u32> {\n        self.items.get(index).copied()\n    }\n\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n";

const MAIN: &str = "mod store;\n\nfn main() {\n    let _ = store::Store { items: Vec::new() };\n}\n";

/// Section B with a recon block and one claim citing `Store::get`.
const PLAN: &str = "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n\n- get: `src/store.rs:6-8`\n";

pub(crate) fn git(repo: &TestRepo, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(repo.path())
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A git repository with a small crate and a built, committed plan.
fn committed_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n");
    repo.write("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n");
    repo.write("src/store.rs", STORE);
    repo.write("src/main.rs", MAIN);
    repo.write("PLAN.md", PLAN);
    git(&repo, &["init", "-q"]);
    let built = repo.run(&["build", "-q"]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "plan"]);
    assert_eq!(repo.run(&["check"]).code, 0);
    repo
}

/// A new package with a binary: the recon lists it, the plan does not cite it.
fn add_unrelated_package(repo: &TestRepo, name: &str) {
    repo.write(
        &format!("tools/{name}/Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n"),
    );
    repo.write(&format!("tools/{name}/src/main.rs"), "fn main() {\n    println!(\"hi\");\n}\n");
}

fn codes(run: &Run) -> Vec<String> {
    run.json()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect()
}

#[test]
fn an_unrelated_file_warns_with_a_diff_and_passes() {
    let repo = committed_repo();
    add_unrelated_package(&repo, "gen");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("warning[PLAN074]"), "{}", run.stdout);
    assert!(run.stdout.contains("--- a/PLAN.md\n+++ b/PLAN.md\n@@ "), "{}", run.stdout);
    assert!(run.stdout.contains("\n+") && run.stdout.contains("tools/gen"), "{}", run.stdout);
    let json = repo.run(&["check", "--format", "json"]);
    assert_eq!(codes(&json), ["PLAN074 warning"]);
    assert_eq!(json.json()["summary"]["exit_code"], 0);
    // Strict teams make it fail.
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\nPLAN074 = \"deny\"\n");
    let strict = repo.run(&["check", "-q"]);
    assert_eq!(strict.code, 1);
    assert!(strict.stdout.starts_with("error[PLAN074]"), "{}", strict.stdout);
    assert!(strict.stdout.contains("+++ b/PLAN.md"), "{}", strict.stdout);
}

#[test]
fn two_branches_adding_unrelated_files_merge_into_a_passing_main() {
    let repo = committed_repo();
    git(&repo, &["checkout", "-q", "-b", "one"]);
    add_unrelated_package(&repo, "one");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "one"]);
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
    git(&repo, &["checkout", "-q", "main"]);
    git(&repo, &["checkout", "-q", "-b", "two"]);
    add_unrelated_package(&repo, "two");
    repo.write("src/extra.rs", "pub fn extra() -> u32 {\n    2\n}\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "two"]);
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
    git(&repo, &["checkout", "-q", "main"]);
    git(&repo, &["merge", "-q", "--no-edit", "one"]);
    git(&repo, &["merge", "-q", "--no-edit", "two"]);
    let run = repo.run(&["check", "-q"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn moved_code_fails_with_a_diagnostic_per_citation_in_every_format() {
    let repo = committed_repo();
    repo.write("src/store.rs", format!("// a comment\n\n{STORE}"));
    let run = repo.run(&["check", "-q"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("error[PLAN063]: the code cited by `src/store.rs:6-8` moved to src/store.rs:8-10"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("-- get: `src/store.rs:6-8`\n+- get: `src/store.rs:8-10`\n"),
        "{}",
        run.stdout
    );
    assert_eq!(run.stderr, "");
    let json = repo.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    assert!(codes(&json).contains(&"PLAN063 error".to_owned()), "{:?}", codes(&json));
    assert_eq!(json.json()["summary"]["exit_code"], 1);
    let sarif = repo.run(&["check", "--format", "sarif"]);
    let results = sarif.json()["runs"][0]["results"].as_array().unwrap().clone();
    assert!(results.iter().any(|r| r["ruleId"] == "PLAN063" && r["level"] == "error"), "{results:?}");
    let github = repo.run(&["check", "--format", "github"]);
    assert!(
        github.stdout.contains("::error file=PLAN.md,line=27,col=9,endLine=27,endColumn=25,title=PLAN063::"),
        "{}",
        github.stdout
    );
}

#[test]
fn diff_shows_the_plan_and_names_the_lock_entries() {
    let repo = committed_repo();
    repo.write("src/store.rs", format!("\n{STORE}"));
    let run = repo.run(&["check", "--diff"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("+++ b/PLAN.md"), "{}", run.stdout);
    assert!(run.stdout.contains("+++ b/PLAN.lock"), "{}", run.stdout);
    assert!(run.stdout.contains("\n+anchor\tsrc/store.rs:7-9\t"), "{}", run.stdout);
    assert!(run.stdout.contains("\n-anchor\tsrc/store.rs:6-8\t"), "{}", run.stdout);
}

#[test]
fn a_lock_that_does_not_match_the_plan_is_reported() {
    let repo = committed_repo();
    let lock = std::fs::read_to_string(repo.child("PLAN.lock")).unwrap();
    let entry = lock.lines().find(|line| line.starts_with("anchor\tsrc/store.rs:6-8")).unwrap();
    repo.write("PLAN.lock", format!("{lock}{}\n", entry.replace("src/store.rs:6-8", "src/gone.rs:1-3")));
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let message = run.json()["diagnostics"][0]["message"].as_str().unwrap().to_owned();
    assert_eq!(
        message,
        "PLAN.lock does not match the plan: it has entries for citations that are gone: `src/gone.rs:1-3`"
    );
    let built = repo.run(&["build"]);
    assert!(
        built.stderr.starts_with(
            "note: dropped PLAN.lock entries of citations the plan no longer has: `src/gone.rs:1-3`\n"
        ),
        "{}",
        built.stderr
    );
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
    std::fs::remove_file(repo.child("PLAN.lock")).unwrap();
    std::fs::remove_dir_all(repo.child(".git")).unwrap();
    let run = repo.run(&["check", "-q"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("error[PLAN075]: there is no PLAN.lock"), "{}", run.stdout);
}

#[test]
fn without_a_lock_moved_code_is_followed_from_git_history() {
    let repo = committed_repo();
    std::fs::remove_file(repo.child("PLAN.lock")).unwrap();
    git(&repo, &["commit", "-q", "-am", "no lock"]);
    repo.write("src/store.rs", format!("// one\n// two\n// three\n{STORE}"));
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.starts_with("note: no PLAN.lock: anchored 1 of 1 citation as they were when written (git blame: 1 commit); code that moved since is followed\n"),
        "{}",
        run.stderr
    );
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    assert!(plan.contains("- get: `src/store.rs:9-11`"), "{plan}");

    // Without git: anchored where the citations point now, and said.
    let bare = TestRepo::new();
    bare.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n");
    bare.write("src/store.rs", STORE);
    bare.write("PLAN.md", PLAN);
    let run = bare.run(&["build"]);
    assert!(run.stderr.starts_with("note: no PLAN.lock and the plan has no git history: citations are anchored where they point now\n"), "{}", run.stderr);
}

#[test]
fn output_file_takes_the_report_and_version_names_the_commit() {
    let repo = committed_repo();
    repo.write("src/store.rs", format!("\n{STORE}"));
    let run = repo.run(&["check", "--format", "sarif", "--output-file", "plan.sarif"]);
    assert_eq!((run.code, run.stdout.as_str()), (1, ""));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.child("plan.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|result| result["ruleId"] == "PLAN063"), "{results:?}");

    let version = repo.run(&["--version"]).stdout;
    let words: Vec<&str> = version.split_whitespace().collect();
    assert_eq!(words[..2], ["plan", env!("CARGO_PKG_VERSION")], "{version}");
    // Built from this repository's checkout: `(commit date)` follows, when git is there.
    if let [_, _, commit, _date] = words.as_slice() {
        assert!(commit.starts_with('(') && commit[1..].bytes().all(|b| b.is_ascii_hexdigit()), "{version}");
    }
}

/// `--accept CITATION` accepts that changed citation only; `--accept PLAN062` all.
#[test]
fn accept_takes_citations_or_the_rule() {
    let repo = committed_repo();
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    repo.write(
        "PLAN.md",
        plan.replace(
            "- get: `src/store.rs:6-8`\n",
            "- get: `src/store.rs:6-8`\n- len: `src/store.rs:10-12`\n",
        ),
    );
    assert_eq!(repo.run(&["build", "-q"]).code, 0);
    let changed = STORE
        .replace("self.items.get(index).copied()", "self.items.get(index).copied() // checked")
        .replace("self.items.len()", "self.items.len() // counted");
    repo.write("src/store.rs", changed);
    let changed_codes = |run: &Run| {
        run.json()["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "PLAN062")
            .map(|d| d["message"].as_str().unwrap().split('`').nth(1).unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        changed_codes(&repo.run(&["build", "--format", "json"])),
        ["src/store.rs:6-8", "src/store.rs:10-12"]
    );
    let one = repo.run(&[
        "build",
        "--format",
        "json",
        "--accept",
        "src/store.rs:10-12",
        "--accept",
        "src/nowhere.rs:1",
    ]);
    assert_eq!(changed_codes(&one), ["src/store.rs:6-8"]);
    assert!(one.stderr.contains("warning: --accept src/nowhere.rs:1: no changed citation"), "{}", one.stderr);
    assert_eq!(changed_codes(&repo.run(&["build", "--format", "json"])), ["src/store.rs:6-8"]);
    repo.run(&["build", "-q", "--accept", "PLAN062"]);
    assert_eq!(changed_codes(&repo.run(&["build", "--format", "json"])), Vec::<String>::new());
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
}

/// `<!-- plan:allow PLAN006 -->` on a diagnostic's line silences it there, and the JSON
/// report lists it under `suppressed`.
#[test]
fn an_html_comment_on_the_line_silences_one_occurrence() {
    let repo = committed_repo();
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    let concept = "\n## D) Concept Model\n\n- **Store** keeps things.\n";
    repo.write("PLAN.md", format!("{plan}{concept}"));
    let loud = repo.run(&["check", "--format", "json"]);
    assert_eq!((loud.code, codes(&loud)), (1, vec!["PLAN006 error".to_owned()]));
    repo.write(
        "PLAN.md",
        format!("{plan}{}", concept.replace("things.", "things. <!-- plan:allow PLAN006 -->")),
    );
    let quiet = repo.run(&["check", "--format", "json"]);
    assert_eq!((quiet.code, codes(&quiet)), (0, Vec::<String>::new()));
    assert_eq!(quiet.json()["suppressed"][0]["code"], "PLAN006");
    assert_eq!(repo.run(&["check", "-q"]).stdout, "");
}

/// The SARIF `plan check` writes validates against the official SARIF 2.1.0 schema
/// (`tests/data/sarif-schema-2.1.0.json`, from oasis-tcs/sarif-spec), with results of
/// every kind the gate reports.
#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let repo = committed_repo();
    add_unrelated_package(&repo, "gen");
    repo.write("src/store.rs", format!("\n{STORE}"));
    repo.write(
        "PLAN.md",
        std::fs::read_to_string(repo.child("PLAN.md")).unwrap()
            + "\n## D) Concept Model\n\n- **Store** keeps things. <!-- plan:allow PLAN006 -->\n",
    );
    // A micro-plan's diagnostics are results too, located in its own file.
    repo.write("plans/pr9.md", "<!-- plan: epic PR1 -->\n# PR1\n");
    let run = repo.run(&["check", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif = run.json();
    let results = sarif["runs"][0]["results"].as_array().unwrap().clone();
    let uri = |result: &serde_json::Value| {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };
    let last = results.iter().rfind(|result| uri(result) == "PLAN.md").unwrap();
    assert_eq!(last["ruleId"], "PLAN006", "the plan's suppressed result comes after its others");
    assert_eq!(last["suppressions"][0]["kind"], "inSource");
    let micro = results.iter().find(|result| uri(result) == "plans/pr9.md").expect("the micro-plan's result");
    assert_eq!(micro["ruleId"], "PLAN090");
    let index = micro["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"][index]["id"], "PLAN090");
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() >= 3, "{sarif}");
    let errors: Vec<String> =
        validator.iter_errors(&sarif).map(|error| format!("{error} at {}", error.instance_path())).collect();
    assert_eq!(errors, Vec::<String>::new());
    // The validator does read the schema: a wrong version is refused.
    let mut wrong = sarif.clone();
    wrong["version"] = serde_json::json!("2.0.0");
    assert!(!validator.is_valid(&wrong));
}

/// Run from a subdirectory of a tree that is not a git work tree, `--plan ../PLAN.md`
/// resolves the citations against the plan's root (found by its `plan.toml`), not the
/// current directory.
#[test]
fn the_root_is_found_from_the_plan() {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n");
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", "# Plan\n\n## B) Repository Recon Summary\n\n- get: `src/store.rs:6-8`\n");
    std::fs::create_dir_all(repo.child("src/sub")).unwrap();
    let run = |args: &[&str]| {
        Run::from(
            Command::new(env!("CARGO_BIN_EXE_plan"))
                .args(args)
                .env("NO_COLOR", "1")
                .current_dir(repo.child("src/sub"))
                .output()
                .unwrap(),
        )
    };
    let built = run(&["build", "--plan", "../../PLAN.md"]);
    assert_eq!(built.code, 0, "{}{}", built.stdout, built.stderr);
    assert!(built.stderr.ends_with("1 citation: 1 fresh\n"), "{}", built.stderr);
    assert!(repo.child("PLAN.lock").exists());
    assert_eq!(run(&["check", "-q", "--plan", "../../PLAN.md"]).code, 0);
}

/// A build's stamp never lets `plan check` pass what it fails: a changed citation is a
/// warning for `plan build` and an error for `plan check`, stamp or no stamp.
#[test]
fn a_changed_citation_fails_check_even_after_a_stamped_build() {
    let repo = committed_repo();
    repo.write(
        "src/store.rs",
        STORE.replace("self.items.get(index).copied()", "self.items.get(index).copied() // checked"),
    );
    for _ in 0..2 {
        let mut build = repo.plan(&["build", "-q"]);
        build.env("PLAN_TEST_RACY_SECONDS", "0");
        assert_eq!(build.status().unwrap().code(), Some(0));
    }
    let mut check = repo.plan(&["check", "-q"]);
    check.env("PLAN_TEST_RACY_SECONDS", "0");
    let run = Run::from(check.output().unwrap());
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.starts_with("error[PLAN062]"), "{}", run.stdout);
}

/// An `UNVERIFIED` the tool wrote, left in a committed plan after the code came back,
/// fails the check with a diagnostic that says so; `plan build` removes it.
#[test]
fn a_tool_marker_left_behind_is_reported_and_removed() {
    let repo = committed_repo();
    repo.write("src/store.rs", STORE.replace("    pub fn get(&self, index: usize) -> Option<u32> {\n        self.items.get(index).copied()\n    }\n", ""));
    assert_eq!(repo.run(&["build", "-q"]).code, 1);
    assert!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap().contains("UNVERIFIED"));
    repo.write("src/store.rs", STORE);
    let run = repo.run(&["check", "-q"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.starts_with("error[PLAN075]: `plan build` would remove the `UNVERIFIED` it wrote here"),
        "{}",
        run.stdout
    );
    assert_eq!(repo.run(&["build", "-q"]).code, 0);
    assert!(!std::fs::read_to_string(repo.child("PLAN.md")).unwrap().contains("UNVERIFIED"));
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
}

/// The gate's own diagnostics are silenced on their line like every rule's.
#[test]
fn the_recon_warning_is_silenced_on_its_line() {
    let repo = committed_repo();
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    repo.write(
        "PLAN.md",
        plan.replace("<!-- plan:begin recon -->", "<!-- plan:allow PLAN074 --> <!-- plan:begin recon -->"),
    );
    assert_eq!(repo.run(&["build", "-q"]).code, 0);
    add_unrelated_package(&repo, "gen");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!((run.code, codes(&run)), (0, Vec::<String>::new()));
}
