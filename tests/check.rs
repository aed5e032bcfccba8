//! `plan check`, `plan dag`, `plan explain`, `plan rules`: formats, exit codes, config.

use expect_test::expect;

use crate::util::TestRepo;

pub(crate) const VALID: &str = include_str!("../crates/queries/fixtures/plans/valid.md");

/// The files the fixture plans cite, each long enough for its citations.
pub(crate) fn write_cited_files(repo: &TestRepo) {
    for path in [
        "crates/engine/src/db.rs",
        "crates/engine/src/inputs.rs",
        "crates/cli/src/args.rs",
        "crates/queries/src/symbols.rs",
    ] {
        let text: String = (1..=200).map(|line| format!("// {path} line {line}\n")).collect();
        repo.write(path, text);
    }
    // The code of the `Queries` block, importing the engine as the interaction model says.
    repo.write("crates/engine/Cargo.toml", "[package]\nname = \"engine\"\n");
    repo.write("crates/engine/src/lib.rs", "//! The engine.\npub mod db;\npub mod inputs;\n");
    repo.write("crates/queries/src/plan/mod.rs", "//! The plan.\nuse engine::db::Database;\n");
}

/// A repository with the plan and the files it cites, built once so that PLAN.lock exists.
pub(crate) fn repo_with_plan(text: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("PLAN.md", text);
    write_cited_files(&repo);
    let built = repo.run(&["build", "-q"]);
    assert!(built.code == 0 || built.code == 1, "{}", built.stderr);
    assert_eq!(
        std::fs::read_to_string(repo.child("PLAN.md")).unwrap(),
        text,
        "the first build changed the plan"
    );
    repo
}

pub(crate) fn broken_plan() -> String {
    VALID.replacen("- PR2 -> PR3", "- PR2 -> PR3\n- PR3 -> PR9", 1).replacen("- 2026-11-02: PR3", "- PR3", 1)
}

#[test]
fn a_valid_plan_checks_clean() {
    let repo = repo_with_plan(VALID);
    let run = repo.run(&["check"]);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
}

#[test]
fn text_diagnostics_look_like_rustc() {
    let repo = repo_with_plan(&broken_plan());
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    expect![[r#"
        warning[PLAN070]: revision note has no `YYYY-MM-DD` date
         --> PLAN.md:5:1
          |
        5 | - PR3 added to dogfood the plan.
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: start it with the date: `2026-11-21: what changed and why`; `plan explain PLAN070` says more

        error[PLAN041]: edge PR3 → PR9 names PR9, which section H does not define
           --> PLAN.md:233:1
            |
        233 | - PR3 -> PR9
            | ^^^^^^^^^^^^
            |
            = help: name PRs of the PR plan; `plan explain PLAN041` says more

        PLAN.md: 1 error, 1 warning
    "#]]
    .assert_eq(&run.stdout);
}

#[test]
fn json_has_the_documented_shape() {
    let repo = repo_with_plan(&broken_plan());
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let json = run.json();
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 1, "warnings": 1, "would_change": [], "exit_code": 1})
    );
    assert_eq!(
        json["citations"][2],
        serde_json::json!({"file": "PLAN.md", "text": "crates/cli/src/args.rs:7", "plan_line": 20, "status": "fresh",
                           "path": "crates/cli/src/args.rs", "start": 7, "end": 7, "resolved": null})
    );
    assert_eq!(json["citations"].as_array().unwrap().len(), 4);
    let first = &json["diagnostics"][1];
    assert_eq!(first["code"], "PLAN041");
    assert_eq!(first["name"], "dag-unknown-pr");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "PLAN.md");
    assert_eq!(first["line"], 233);
    assert_eq!(first["column"], 1);
}

/// Every property SARIF 2.1.0 requires: `version` and `runs` on the log, `tool.driver.name`
/// on a run, `id` on a rule, `message.text` on a result, and a location whose region lines
/// and columns are 1-based.
#[test]
fn sarif_has_every_required_property() {
    let repo = repo_with_plan(&broken_plan());
    let run = repo.run(&["check", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = sarif["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "plan");
    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|rule| rule["id"].as_str().unwrap()).collect();
    assert_eq!(rule_ids, ["PLAN070", "PLAN041"]);
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(
            ["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for result in results {
        let rule_index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(result["ruleId"], rules[rule_index]["id"]);
        assert!(result["message"]["text"].is_string());
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "PLAN.md");
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
    }
}

#[test]
fn plan_toml_sets_rule_levels_and_the_plan_path() {
    let repo = TestRepo::new();
    repo.write("docs/design.md", broken_plan());
    write_cited_files(&repo);
    repo.write(
        "plan.toml",
        "plan = \"docs/design.md\"\n\n[rules]\nPLAN041 = \"allow\"\nrevision-note-undated = \"deny\"\n",
    );
    assert_eq!(repo.run(&["build", "-q"]).code, 1);
    assert!(repo.child("docs/design.lock").exists());
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 1, "warnings": 0, "would_change": [], "exit_code": 1}),
        "{}",
        run.stdout
    );
    assert_eq!(json["diagnostics"][0]["code"], "PLAN070");
    assert_eq!(json["diagnostics"][0]["file"], "docs/design.md");

    repo.write("plan.toml", "[rules]\nPLAN999 = \"allow\"\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("plan.toml: [rules]: unknown rule `PLAN999`"), "{}", run.stderr);

    repo.write("plan.toml", "plann = \"x\"\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown field `plann`"), "{}", run.stderr);
}

#[test]
fn a_missing_or_unreadable_plan_is_a_usage_error() {
    let repo = TestRepo::new();
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: no plan at "), "{}", run.stderr);

    repo.write("PLAN.md", b"## A) Executive Summary\n\xff\xfe\n");
    let run = repo.run(&["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is not valid UTF-8 (first invalid byte on line 2)"), "{}", run.stderr);

    repo.write("PLAN.md", b"");
    let run = repo.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["summary"]["errors"], 10);
    assert_eq!(run.stderr, "note: `plan build` would change the lock of PLAN.md\n");
}

#[test]
fn dag_formats() {
    let repo = repo_with_plan(VALID);
    let run = repo.run(&["dag"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect![[r#"
        merge order:
            1. PR0 Parse plans into sections
              gate: Per-section queries — Benchmark in PR1 on a 1,000-PR plan
            2. PR1 Check the rules
              gate: petgraph for the DAG — Unit tests in PR2
            3. PR2 DAG rules
            4. PR3 Dogfood the plan
        waves (PRs of a wave can proceed in parallel):
          1: PR0
          2: PR1
          3: PR2
          4: PR3
        workstreams:
          1: PR0 → PR1 → PR2 → PR3
        critical path: PR0 → PR1 → PR2 → PR3 (4 PRs)
    "#]]
    .assert_eq(&run.stdout);
    let dot = repo.run(&["dag", "--format", "dot"]);
    assert!(
        dot.stdout.starts_with("digraph plan {") && dot.stdout.contains("\"PR0\" -> \"PR1\";"),
        "{}",
        dot.stdout
    );
    let json = repo.run(&["dag", "--format", "json"]).json();
    assert_eq!(json["merge_order"], serde_json::json!([0, 1, 2, 3]));
    assert_eq!(
        json["edges"][0],
        serde_json::json!({"from": 0, "to": 1, "sources": ["depends_on", "dag_section"]})
    );

    let cyclic = repo_with_plan(&VALID.replacen("- Depends on: PR0\n", "- Depends on: PR0, PR3\n", 1));
    let run = cyclic.run(&["dag"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "cycle: PR1 → PR2 → PR3 → PR1\nno merge order exists until the cycles are broken\n"
    );
}

#[test]
fn explain_and_rules() {
    let repo = TestRepo::new();
    let run = repo.run(&["explain", "PLAN040"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with("# PLAN040 dag-cycle (error by default)\n\n## What it does\n"),
        "{}",
        run.stdout
    );
    let by_name = repo.run(&["explain", "dag-cycle"]);
    assert_eq!(by_name.stdout, run.stdout);
    let unknown = repo.run(&["explain", "PLAN999"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(unknown.stderr, "error: unknown rule `PLAN999`; `plan rules` lists them\n");
    let rules = repo.run(&["rules"]);
    assert_eq!(rules.code, 0);
    assert_eq!(rules.stdout.lines().count(), queries::rules().len());
    assert!(rules.stdout.starts_with("PLAN001  missing-section"), "{}", rules.stdout);
    // The severity column lines up, however long a rule's name (PLAN076's is 33 characters).
    let columns: std::collections::BTreeSet<usize> = rules
        .stdout
        .lines()
        .map(|line| {
            let severity = line.split_whitespace().nth(2).unwrap();
            line.find(&format!(" {severity} ")).unwrap()
        })
        .collect();
    assert_eq!(columns.len(), 1, "{}", rules.stdout);
}

#[test]
fn arch_shows_the_blocks_and_their_imports_and_fails_on_an_undeclared_one() {
    let repo = repo_with_plan(VALID);
    let run = repo.run(&["arch"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect![[r#"
        blocks:
          Engine: 4 files
          Queries: 1 files
          Checker: 0 files
          Cli: 0 files
        couplings (imports between blocks):
          Queries -> Engine (declared): crates/queries/src/plan/mod.rs:2
    "#]]
    .assert_eq(&run.stdout);
    let undeclared = VALID.replacen("- Engine -> Queries: file texts", "- Engine -> Checker: file texts", 1);
    repo.write("PLAN.md", &undeclared);
    let run = repo.run(&["arch", "--format", "mermaid"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    expect![[r#"
        graph LR
          B0["Engine"]
          B1["Queries"]
          B2["Checker"]
          B3["Cli"]
          B1 -.->|undeclared| B0
    "#]]
    .assert_eq(&run.stdout);
}
