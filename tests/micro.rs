//! Micro-plans end to end: a macro plan with two micro-plans (one per profile) in a
//! temporary repository; every micro-plan rule fires alone, `plan validate` records what
//! ran, `plan status` counts, `plan init --profile` writes a clean skeleton.

use expect_test::expect;

use crate::check::{VALID, repo_with_plan};
use crate::util::TestRepo;

const IMPLEMENTATION: &str = include_str!("../crates/queries/fixtures/micro/implementation.md");
const TASK: &str = include_str!("../crates/queries/fixtures/micro/task.md");

/// `2026-12-05T05:44:43Z`: UTC, RFC 3339, to the second.
fn is_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    bytes.len() == 20
        && digits.iter().all(|at| bytes[*at].is_ascii_digit())
        && [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':'), (19, b'Z')]
            .iter()
            .all(|(at, byte)| bytes[*at] == *byte)
}

fn repo_with_micro_plans() -> TestRepo {
    let repo = repo_with_plan(VALID);
    repo.write("plans/pr2.md", IMPLEMENTATION);
    repo.write("plans/pr1.md", TASK);
    repo
}

/// The codes `plan check --format github` reports in micro-plans, and its exit code.
fn micro_codes(repo: &TestRepo) -> (Vec<String>, i32) {
    let run = repo.run(&["check", "--format", "github"]);
    let codes = run
        .stdout
        .lines()
        .filter(|line| line.contains("file=plans/"))
        .filter_map(|line| line.split("title=").nth(1))
        .filter_map(|rest| rest.split("::").next())
        .map(str::to_owned)
        .collect();
    (codes, run.code)
}

#[test]
fn valid_micro_plans_are_clean_and_each_rule_fires_alone() {
    let repo = repo_with_micro_plans();
    assert_eq!(micro_codes(&repo), (Vec::new(), 0));
    let mutations = [
        (
            "PLAN064",
            "plans/pr2.md",
            "The graph lives in `dag.rs`.",
            "Existing code:\n\n- Cycles are found by Tarjan's algorithm.",
        ),
        ("PLAN090", "plans/pr2.md", "<!-- plan: implementation PR2 -->", "<!-- plan: implementaton PR2 -->"),
        ("PLAN091", "plans/pr1.md", "pr: PR1", "pr: PR7"),
        ("PLAN092", "plans/pr2.md", "## Performance Notes", "## Speed"),
        ("PLAN093", "plans/pr2.md", "## Plan\n", "## Code Changes\n\nSee below.\n\n## Plan\n"),
        ("PLAN094", "plans/pr2.md", "- Concurrency model:", "- Threads:"),
        ("PLAN095", "plans/pr2.md", "- [ ] BC-2: the", "- [ ] the"),
        ("PLAN096", "plans/pr1.md", "- [ ] Clippy", "- Clippy"),
        ("PLAN097", "plans/pr1.md", "- [ ] Clippy", "- [x] Clippy"),
        ("PLAN098", "plans/pr1.md", "- Edge: an empty plan; a plan with only headings.\n", ""),
        ("PLAN098", "plans/pr1.md", "## Tests\n", "## Tests\n\nInput classes: plans, lock files.\n\n"),
        ("PLAN099", "plans/pr2.md", "Block: Checker", "Block: Cli"),
    ];
    let mut fired = Vec::new();
    for (code, path, from, to) in mutations {
        let original = if path.ends_with("pr2.md") { IMPLEMENTATION } else { TASK };
        assert!(original.contains(from), "{code}: {path} lacks {from:?}");
        repo.write(path, original.replacen(from, to, 1));
        let (codes, _) = micro_codes(&repo);
        fired.push(format!("{code}: {}", codes.join(" ")));
        repo.write(path, original);
    }
    expect![[r#"
        PLAN064: PLAN064
        PLAN090: PLAN090
        PLAN091: PLAN091
        PLAN092: PLAN092
        PLAN093: PLAN093
        PLAN094: PLAN094
        PLAN095: PLAN095
        PLAN096: PLAN096
        PLAN097: PLAN097
        PLAN098: PLAN098
        PLAN098: PLAN098
        PLAN099: PLAN099
    "#]]
    .assert_eq(&(fired.join("\n") + "\n"));
}

#[test]
fn plan_validate_records_a_passing_and_a_failing_command() {
    let repo = repo_with_micro_plans();
    let commands = "```sh plan:validate\ntrue\necho out; echo err >&2; exit 3\n```";
    repo.write("plans/pr1.md", TASK.replacen("```sh plan:validate\ntrue\n```", commands, 1));
    let dry = repo.run(&["validate", "PR1", "--dry-run"]);
    assert_eq!((dry.code, dry.stdout.as_str()), (0, "true\necho out; echo err >&2; exit 3\n"));
    let before = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    let run = repo.run(&["validate", "PR1"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let after = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert!(after.starts_with(&before[..before.find("## Summary").unwrap()]), "text before the block kept");
    let block: String = after
        [after.find("<!-- plan:begin validation").unwrap()..after.find("## Summary").unwrap()]
        .lines()
        .map(|line| line.split(" in ").next().unwrap_or(line).to_owned() + "\n")
        .map(|line| match line.strip_prefix("Recorded by `plan validate` at ") {
            Some(at) => {
                assert!(is_rfc3339(at.trim_end().trim_end_matches(':')), "{at}");
                "Recorded by `plan validate` at TIME:\n".to_owned()
            }
            None => line,
        })
        .collect();
    expect![[r#"
        <!-- plan:begin validation -->
        Recorded by `plan validate` at TIME:

        - pass: `true`: exit 0
        - FAIL: `echo out; echo err >&2; exit 3`: exit 3

          ```text
          out
          (stderr)
          err
          ```

        <!-- plan:end validation -->

    "#]]
    .assert_eq(&block);
    // Again: the block is replaced, not added.
    repo.run(&["validate", "PR1"]);
    let again = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert_eq!(again.matches("plan:begin validation").count(), 1);
    assert_eq!(micro_codes(&repo), (Vec::new(), 0), "the recorded block breaks no rule");
    let status = repo.run(&["status"]).stdout;
    assert!(status.contains("| 1/1 | 0/0 | FAIL (1 of 2) at "), "{status}");
    let json = repo.run(&["status", "--format", "json"]).json();
    assert!(is_rfc3339(json[1]["last_run_at"].as_str().unwrap_or("")), "{json}");
}

#[test]
fn plan_validate_bounds_time_and_output_and_refuses_a_micro_plan_with_errors() {
    let repo = repo_with_micro_plans();
    repo.write(
        "plans/pr1.md",
        TASK.replacen("```sh plan:validate\ntrue\n```", "```sh plan:validate\nsleep 30\n```", 1),
    );
    let run = repo.run(&["validate", "PR1", "--timeout", "1"]);
    assert_eq!(run.code, 1);
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert!(text.contains("- FAIL: `sleep 30`: timed out after"), "{text}");
    // Output is bounded: 8 MB of it leaves ten lines of at most 200 characters.
    let flood = "```sh plan:validate\nhead -c 8000000 /dev/zero | tr '\\0' x; echo; seq 1 50\n```";
    repo.write("plans/pr1.md", TASK.replacen("```sh plan:validate\ntrue\n```", flood, 1));
    assert_eq!(repo.run(&["validate", "PR1"]).code, 0);
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    let tail: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.contains("```text"))
        .skip(1)
        .take_while(|line| !line.contains("```"))
        .collect();
    assert_eq!(tail, ["  41", "  42", "  43", "  44", "  45", "  46", "  47", "  48", "  49", "  50"]);
    assert!(text.len() < TASK.len() + 1000, "{} bytes", text.len());
    repo.write("plans/pr2.md", IMPLEMENTATION.replacen("## Performance Notes", "## Speed", 1));
    let refused = repo.run(&["validate", "PR2"]);
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("plans/pr2.md has errors"), "{}", refused.stderr);
    let unknown = repo.run(&["validate", "PR3"]);
    assert!(unknown.stderr.contains("PR3 has no micro-plan"), "{}", unknown.stderr);
}

#[test]
fn plan_status_counts_criteria_contracts_and_waves() {
    let repo = repo_with_micro_plans();
    let run = repo.run(&["status"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect![[r#"
        | PR | Status | Micro-plan | Criteria | Contracts | Citations | Validation | Wave |
        |---|---|---|---|---|---|---|---|
        | PR0 Parse plans into sections | merged | — | — | 0/1 | — | — | 0 |
        | PR1 Check the rules | in progress | task `plans/pr1.md` | 1/2 | 1/1 | 0/0 | — | 1 |
        | PR2 DAG rules | planned | implementation `plans/pr2.md` | 0/2 | 2/2 | 0/0 | — | 2 |
        | PR3 Dogfood the plan | planned | — | — | 0/1 | — | — | 3 |
    "#]]
    .assert_eq(&run.stdout);
    let json = repo.run(&["status", "--format", "json"]).json();
    assert_eq!(json[1]["criteria_done"], 1);
    assert_eq!(repo.run(&["status", "--format", "md"]).stdout, run.stdout, "`md` is `markdown`");
    // PR1 marked merged while PR0 is not: reported, exit 1.
    repo.write(
        "PLAN.md",
        VALID.replacen("- Status: merged", "- Status: planned", 1).replacen(
            "- Status: in progress",
            "- Status: merged",
            1,
        ),
    );
    let inconsistent = repo.run(&["status"]);
    assert_eq!(inconsistent.code, 1);
    assert!(inconsistent.stdout.contains("| merged (before PR0) |"), "{}", inconsistent.stdout);
}

#[test]
fn plan_init_profile_writes_a_skeleton_with_the_prs_contracts() {
    let repo = repo_with_micro_plans();
    let run = repo.run(&["init", "--profile", "task", "--pr", "PR2"]);
    assert_eq!(run.code, 2, "pr2.md exists: {}", run.stderr);
    let run = repo.run(&["init", "--profile", "task", "--pr", "PR3"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let skeleton = std::fs::read_to_string(repo.child("plans/pr3.md")).unwrap();
    assert!(skeleton.starts_with("<!-- plan: task PR3 -->\n# PR3 — Dogfood the plan\n"), "{skeleton}");
    assert!(skeleton.contains("## Acceptance Criteria\n\n<!-- Checklist items"), "{skeleton}");
    assert!(skeleton.contains("- [ ] BC-1: CI fails when the plan breaks a rule."), "{skeleton}");
    let wrong = repo.run(&["init", "--profile", "epic", "--pr", "PR3"]);
    assert!(wrong.stderr.contains("unknown profile `epic`"), "{}", wrong.stderr);
}

#[test]
fn micro_plans_are_found_where_plan_toml_says_and_bad_ones_are_diagnostics() {
    let repo = repo_with_plan(VALID);
    repo.write("docs/micro/pr1.md", TASK);
    repo.write("plan.toml", "[documents]\nmicro_plans = [\"docs/micro/*.md\"]\n");
    let status = repo.run(&["status"]).stdout;
    assert!(status.contains("task `docs/micro/pr1.md`"), "{status}");
    repo.write("plan.toml", "");
    let status = repo.run(&["status"]).stdout;
    assert!(!status.contains("docs/micro/pr1.md"), "the default is plans/**/*.md: {status}");
    repo.write("plans/empty.md", "");
    repo.write("plans/deep/a/b/front.md", "---\nprofile: task\n");
    let run = repo.run(&["check", "--format", "github"]);
    let codes: Vec<&str> = run.stdout.lines().filter(|line| line.contains("file=plans/")).collect();
    assert_eq!(codes.len(), 2, "{}", run.stdout);
    assert!(codes.iter().all(|line| line.contains("title=PLAN090::")), "{}", run.stdout);
    assert_eq!(run.code, 1);
    // One that cannot be read is named and left out; the others are still checked.
    repo.write("plans/binary.md", [0xff, 0xfe, 0x00]);
    let run = repo.run(&["check", "--format", "github"]);
    assert!(run.stderr.contains("plans/binary.md") && run.stderr.contains("left out"), "{}", run.stderr);
    assert_eq!(run.stdout.lines().filter(|line| line.contains("file=plans/")).count(), 2, "{}", run.stdout);
}

const STORE: &str = "pub fn keep() -> u32 {\n    1\n}\n\npub fn run() -> u32 {\n    2\n}\n";

/// The codes and lines of `plan check --format github` in `plans/pr1.md`, and its exit code.
fn pr1_report(repo: &TestRepo) -> String {
    let run = repo.run(&["check", "--format", "github"]);
    let lines: Vec<String> = run
        .stdout
        .lines()
        .filter(|line| line.contains("file=plans/pr1.md"))
        .map(|line| {
            let (place, rest) = line.split_once(",endLine").unwrap_or((line, ""));
            format!("{place} {}", rest.split_once(",title=").map_or("", |(_, title)| title))
        })
        .collect();
    format!("exit {}\n{}", run.code, lines.join("\n"))
}

/// A micro-plan's citations go through the citation engine: anchored in its own lock by
/// `plan build`, rewritten when the code moves, flagged when it changes, marked
/// `UNVERIFIED` when it is gone; `plan check` fails until the build is run.
#[test]
fn micro_plan_citations_are_anchored_rewritten_flagged_and_marked() {
    let repo = repo_with_micro_plans();
    repo.write("src/store.rs", STORE);
    let cited = TASK.replacen(
        "One module per rule (Strategy), one registry.",
        "One module per rule (Strategy), one registry.\n\n- `keep` returns one (`src/store.rs:1-3`).\n- `run` returns two (`src/store.rs:5-7`).",
        1,
    );
    repo.write("plans/pr1.md", &cited);
    let mut out = vec![pr1_report(&repo)];
    let built = repo.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        built.stderr.contains("rewrote the lock of plans/pr1.md; 2 citations: 2 fresh"),
        "{}",
        built.stderr
    );
    let lock = std::fs::read_to_string(repo.child("plans/pr1.lock")).unwrap();
    assert!(lock.contains("anchor\tsrc/store.rs:5-7\tfunction\trun\twhole\t"), "{lock}");
    assert!(!repo.child("plans/pr2.lock").exists(), "a micro-plan citing nothing gets no lock");
    out.push(pr1_report(&repo));

    repo.write("src/store.rs", format!("// moved down\n{STORE}"));
    out.push(pr1_report(&repo));
    let diff = repo.run(&["check", "--diff"]).stdout;
    assert!(diff.contains("+- `keep` returns one (`src/store.rs:2-4`)."), "{diff}");
    let built = repo.run(&["build"]);
    assert!(built.stderr.contains("rewrote plans/pr1.md and its lock"), "{}", built.stderr);
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert_eq!(
        text,
        cited.replace("src/store.rs:1-3", "src/store.rs:2-4").replace("src/store.rs:5-7", "src/store.rs:6-8")
    );

    repo.write("src/store.rs", format!("// moved down\n{}", STORE.replace("    1\n", "    10\n")));
    out.push(pr1_report(&repo));
    let accepted = repo.run(&["build", "--accept", "src/store.rs:2-4"]);
    assert_eq!(
        (accepted.code, accepted.stderr.contains("no changed citation")),
        (0, false),
        "{}",
        accepted.stderr
    );
    out.push(pr1_report(&repo));

    repo.write("src/store.rs", "// moved down\npub fn keep() -> u32 {\n    10\n}\n");
    let built = repo.run(&["build"]);
    assert_eq!(built.code, 1);
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert!(text.contains("- `run` returns two (`src/store.rs:6-8` UNVERIFIED)."), "{text}");
    out.push(pr1_report(&repo));
    json_names_the_micro_plan(&repo);
    let status = repo.run(&["status"]).stdout;
    assert!(status.contains("| task `plans/pr1.md` | 1/2 | 1/1 | 1/2 |"), "{status}");
    expect![[r#"
        exit 1
        ::error file=plans/pr1.md,line=1,col=1 PLAN075::there is no plans/pr1.lock: `plan build` would write one anchoring 2 citations [build-would-change]%0Ahelp: run `plan build` and commit plans/pr1.lock with the plan (`plan check --diff` shows the lock's diff)%0Afor more: plan explain PLAN075
        ---
        exit 0

        ---
        exit 1
        ::error file=plans/pr1.md,line=15,col=24 PLAN063::the code cited by `src/store.rs:1-3` moved to src/store.rs:2-4 [citation-moved]%0Afor more: plan explain PLAN063
        ::error file=plans/pr1.md,line=16,col=23 PLAN063::the code cited by `src/store.rs:5-7` moved to src/store.rs:6-8 [citation-moved]%0Afor more: plan explain PLAN063
        ---
        exit 1
        ::error file=plans/pr1.md,line=15,col=24 PLAN062::the code cited by `src/store.rs:2-4` changed since it was anchored; review the claim [citation-changed]%0Ahelp: check the claim against the code, then run `plan build --accept`%0Afor more: plan explain PLAN062
        ---
        exit 0

        ---
        exit 1
        ::error file=plans/pr1.md,line=16,col=23 PLAN061::citation `src/store.rs:6-8` is stale: the cited function `run` and its text are gone [citation-stale]%0Ahelp: the claim is marked UNVERIFIED: re-ground it in the current code or remove it%0Afor more: plan explain PLAN061
    "#]]
    .assert_eq(&(out.join("\n---\n") + "\n"));
}

/// The macro plan's `status` block is `plan status`'s table: `plan build` writes it, and
/// `plan check` fails while it is out of date (after `plan validate` recorded a run).
#[test]
fn the_status_block_shows_the_plans_progress() {
    let repo = repo_with_micro_plans();
    let with_block = VALID.replacen(
        "## H) PR Plan\n",
        "## H) PR Plan\n\n<!-- plan:begin status -->\n<!-- plan:end status -->\n",
        1,
    );
    repo.write("PLAN.md", &with_block);
    let check = repo.run(&["check", "--format", "github"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("PLAN075::the generated `status` block is out of date"),
        "{}",
        check.stdout
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    let block =
        &plan[plan.find("<!-- plan:begin status").unwrap()..plan.find("<!-- plan:end status").unwrap()];
    expect![[r#"
        <!-- plan:begin status -->
        | PR | Status | Micro-plan | Criteria | Contracts | Citations | Validation | Wave |
        |---|---|---|---|---|---|---|---|
        | PR0 Parse plans into sections | merged | — | — | 0/1 | — | — | 0 |
        | PR1 Check the rules | in progress | task `plans/pr1.md` | 1/2 | 1/1 | 0/0 | — | 1 |
        | PR2 DAG rules | planned | implementation `plans/pr2.md` | 0/2 | 2/2 | 0/0 | — | 2 |
        | PR3 Dogfood the plan | planned | — | — | 0/1 | — | — | 3 |

    "#]]
    .assert_eq(block);
    assert_eq!(repo.run(&["check"]).code, 0, "{}", repo.run(&["check"]).stdout);
    assert_eq!(repo.run(&["build"]).stdout, "", "a second build changes nothing");
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), plan);
    // Without the markers, no block: the plan is left as it was.
    repo.write("PLAN.md", VALID);
    assert_eq!(repo.run(&["build"]).code, 0);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), VALID);
    // A run recorded by `plan validate` makes the block out of date.
    repo.write("PLAN.md", &plan);
    assert_eq!(repo.run(&["validate", "PR1"]).code, 0);
    let check = repo.run(&["check", "--format", "github"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("PLAN075::the generated `status` block is out of date"),
        "{}",
        check.stdout
    );
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap().contains("| pass (1) at "));
    assert_eq!(repo.run(&["check"]).code, 0);
}

/// `plan check --format json` names the micro-plan as the file of its diagnostics and its
/// citations (after `run`'s code is gone: one stale, one fresh).
fn json_names_the_micro_plan(repo: &TestRepo) {
    let json = repo.run(&["check", "--format", "json"]).json();
    let stale =
        json["diagnostics"].as_array().unwrap().iter().find(|entry| entry["code"] == "PLAN061").unwrap();
    assert_eq!((stale["file"].as_str(), stale["line"].as_u64()), (Some("plans/pr1.md"), Some(16)));
    let cited: Vec<String> = json["citations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|citation| citation["file"] == "plans/pr1.md")
        .map(|citation| format!("{} {}", citation["text"], citation["status"]))
        .collect();
    assert_eq!(cited, ["\"src/store.rs:2-4\" \"fresh\"", "\"src/store.rs:6-8\" \"stale\""]);
}

/// Without its lock, a micro-plan's anchors are recovered from git history, as PLAN.lock's
/// are: code that moved since the micro-plan was committed is followed.
#[test]
fn a_micro_plans_missing_lock_is_recovered_from_history() {
    let repo = repo_with_micro_plans();
    repo.write("src/store.rs", STORE);
    let cited = TASK.replacen(
        "One module per rule (Strategy), one registry.",
        "One module per rule (Strategy), one registry.\n\n- `run` returns two (`src/store.rs:5-7`).",
        1,
    );
    repo.write("plans/pr1.md", &cited);
    crate::gate::git(&repo, &["init", "-q"]);
    crate::gate::git(&repo, &["add", "-A"]);
    crate::gate::git(&repo, &["commit", "-q", "-m", "micro-plan without its lock"]);
    repo.write("src/store.rs", format!("// moved\n{STORE}"));
    let built = repo.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        built.stderr.contains("no plans/pr1.lock: anchored 1 of 1 citation as they were when written"),
        "{}",
        built.stderr
    );
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert!(text.contains("(`src/store.rs:6-8`)"), "the moved code is followed: {text}");
}

/// `plan build --accept` settles a micro-plan's lock in the database before the macro plan's
/// `status` block is rendered: right after it, `plan check` passes (the block used to count
/// the accepted citation as still changed until a second build).
#[test]
fn an_accepted_micro_plan_citation_leaves_the_status_block_current() {
    let repo = repo_with_micro_plans();
    repo.write("src/store.rs", STORE);
    let block = "## H) PR Plan\n\n<!-- plan:begin status -->\n<!-- plan:end status -->\n";
    repo.write("PLAN.md", VALID.replacen("## H) PR Plan\n", block, 1));
    let cited = TASK.replacen(
        "One module per rule (Strategy), one registry.",
        "One module per rule (Strategy), one registry.\n\n- `keep` returns one (`src/store.rs:1-3`).",
        1,
    );
    repo.write("plans/pr1.md", &cited);
    assert_eq!(repo.run(&["build"]).code, 0);
    repo.write("src/store.rs", STORE.replace("    1\n", "    10\n"));
    assert_eq!(repo.run(&["check"]).code, 1, "the changed citation fails the check");
    let accepted = repo.run(&["build", "--accept"]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);
    let check = repo.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap().contains("| 1/1 | — | 1 |"));
}
