//! `plan lsp` driven over stdio as an editor drives it, on a temporary repository:
//! initialize, open the plan, diagnostics, code moved on disk, definition, hover, code
//! actions, incremental edits, completion, document symbols, `plan build` from the editor,
//! bad requests, shutdown.

use expect_test::{Expect, expect};
use serde_json::{Value, json};

use crate::lsp_client::{Client, uri};
use crate::util::TestRepo;

const STORE: &str = "pub struct Store {\n    items: Vec<u32>,\n}\n\nimpl Store {\n    pub fn get(&self, index: usize) -> Option<u32> {\n        self.items.get(index).copied()\n    }\n\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n";

const PLAN: &str = "# Plan

## B) Repository Recon Summary

- The store keeps its items in a vector: `src/store.rs:1-3`.
- Lookup is by index: `src/store.rs:6-8`.

## D) Concept Model

- **Store**: keeps the items.
- **Api**: serves lookups.
- **Cli**: parses the flags.

## H) PR Plan

### PR0: Store

- Building Block Change: Store
- Depends on: none

### PR1: Api

- Building Block Change: Api
- Depends on: PR0

## I) DAG

- PR0 -> PR1
";

fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\npr-missing-field = \"allow\"\n");
    repo.write("src/store.rs", STORE);
    repo.write("PLAN.md", PLAN);
    assert_eq!(repo.run(&["build"]).code, 0, "the fixture builds clean");
    repo
}

struct Session {
    client: Client,
    plan: String,
    repo: TestRepo,
}

impl Session {
    fn open() -> Session {
        let repo = repo();
        let mut client = Client::spawn(repo.plan(&["lsp"]));
        client.initialize(repo.path());
        let plan = uri(&repo.child("PLAN.md"));
        let document = json!({"uri": plan, "languageId": "markdown", "version": 1, "text": PLAN});
        client.notify("textDocument/didOpen", json!({ "textDocument": document }));
        Session { client, plan, repo }
    }

    fn at(&self, line: u32, character: u32) -> Value {
        json!({"textDocument": {"uri": self.plan}, "position": {"line": line, "character": character}})
    }

    fn request_at(&mut self, method: &str, line: u32, character: u32) -> Value {
        let params = self.at(line, character);
        self.client.request(method, params)
    }

    /// Diagnostics of `version` once published, one line each.
    fn diagnostics(&mut self, predicate: impl Fn(&Value) -> bool) -> String {
        let params = self.client.diagnostics_where(predicate);
        params["diagnostics"].as_array().unwrap().iter().map(diagnostic).collect::<Vec<_>>().join("\n")
    }

    /// Relative to the repository: `src/store.rs`.
    fn short(&self, text: &str) -> String {
        text.replace(&uri(self.repo.path()), "")
    }
}

fn diagnostic(value: &Value) -> String {
    let range = &value["range"];
    let related: Vec<String> = value["relatedInformation"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|info| {
            let start = &info["location"]["range"]["start"];
            let path = info["location"]["uri"].as_str().unwrap().rsplit('/').next().unwrap().to_owned();
            format!("\n    related {path}:{} {}", start["line"], info["message"].as_str().unwrap())
        })
        .collect();
    format!(
        "{}:{}-{}:{} {} sev{} {} [{}]{}",
        range["start"]["line"],
        range["start"]["character"],
        range["end"]["line"],
        range["end"]["character"],
        value["code"].as_str().unwrap(),
        value["severity"],
        value["message"].as_str().unwrap().replace('\n', " / "),
        value["codeDescription"]["href"].as_str().unwrap().rsplit('#').next().unwrap(),
        related.concat()
    )
}

fn check(actual: &str, expect: Expect) {
    expect.assert_eq(actual);
}

fn pretty(session: &Session, value: &Value) -> String {
    session.short(&serde_json::to_string_pretty(value).unwrap())
}

fn has_code(code: &'static str) -> impl Fn(&Value) -> bool {
    move |params: &Value| params["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == code)
}

/// Inserts `text` at the start of `line` (an incremental change).
fn insert(session: &mut Session, version: i32, line: u32, text: &str) {
    let position = json!({"line": line, "character": 0});
    let change = json!({"range": {"start": position, "end": position}, "text": text});
    let params =
        json!({"textDocument": {"uri": session.plan, "version": version}, "contentChanges": [change]});
    session.client.notify("textDocument/didChange", params);
}

/// Moves the store down two lines on disk and tells the server, as an editor's file
/// watcher does.
fn move_store(session: &mut Session) {
    session.repo.write("src/store.rs", format!("\n\n{STORE}"));
    let changes = json!({"changes": [{"uri": uri(&session.repo.child("src/store.rs")), "type": 2}]});
    session.client.notify("workspace/didChangeWatchedFiles", changes);
}

#[test]
fn lsp_diagnostics_follow_the_buffer_and_the_disk() {
    let mut session = Session::open();
    check(&session.diagnostics(|params| params["version"] == 1), expect![""]);
    insert(&mut session, 2, 6, "- Gone: `src/gone.rs:1`.\n");
    check(
        &session.diagnostics(|params| params["version"] == 2),
        expect![[r#"
            6:9-6:22 PLAN060 sev1 citation `src/gone.rs:1` is invalid: src/gone.rs does not exist / help: cite a file of the repository with lines that exist, relative to the root [plan060]
                related gone.rs:0 the citation as written"#]],
    );
    let full =
        json!({"textDocument": {"uri": session.plan, "version": 3}, "contentChanges": [{"text": PLAN}]});
    session.client.notify("textDocument/didChange", full);
    check(&session.diagnostics(|params| params["version"] == 3), expect![""]);
    move_store(&mut session);
    check(
        &session.diagnostics(has_code("PLAN063")),
        expect![[r#"
        4:42-4:58 PLAN063 sev3 the code cited by `src/store.rs:1-3` moved to src/store.rs:3-5 [plan063]
            related store.rs:2 the cited code is now at src/store.rs:3-5
        5:23-5:39 PLAN063 sev3 the code cited by `src/store.rs:6-8` moved to src/store.rs:8-10 [plan063]
            related store.rs:7 the cited code is now at src/store.rs:8-10"#]],
    );
    assert_eq!(session.client.shutdown(), 0);
}

#[test]
fn lsp_definition_hover_and_quick_fixes_on_a_moved_citation() {
    let mut session = Session::open();
    move_store(&mut session);
    session.diagnostics(has_code("PLAN063"));
    let definition = session.request_at("textDocument/definition", 4, 45);
    check(
        &pretty(&session, &definition),
        expect![[r#"
        {
          "range": {
            "end": {
              "character": 1,
              "line": 4
            },
            "start": {
              "character": 0,
              "line": 2
            }
          },
          "uri": "/src/store.rs"
        }"#]],
    );
    let hover = session.request_at("textDocument/hover", 4, 45);
    check(
        hover["contents"]["value"].as_str().unwrap(),
        expect![[r#"
        **moved** citation `src/store.rs:1-3` → now `src/store.rs:3-5`

        `plan build` rewrites the location.

        In struct `Store` (src/store.rs:3-5)

        ```rust
        pub struct Store {
            items: Vec<u32>,
        }
        ```"#]],
    );
    let actions = code_actions(&mut session, 4);
    check(
        &pretty(&session, &actions),
        expect![[r#"
        [
          {
            "edit": {
              "changes": {
                "/PLAN.md": [
                  {
                    "newText": "src/store.rs:3-5",
                    "range": {
                      "end": {
                        "character": 58,
                        "line": 4
                      },
                      "start": {
                        "character": 42,
                        "line": 4
                      }
                    }
                  }
                ]
              }
            },
            "isPreferred": true,
            "kind": "quickfix",
            "title": "Rewrite `src/store.rs:1-3` to `src/store.rs:3-5` (the code moved)"
          },
          {
            "command": {
              "command": "plan.build",
              "title": "plan build"
            },
            "kind": "source.fixAll",
            "title": "Refresh every citation and generated block (plan build)"
          }
        ]"#]],
    );
    assert_eq!(session.client.shutdown(), 0);
}

/// The code actions for the cursor at the start of `line`.
fn code_actions(session: &mut Session, line: u32) -> Value {
    let cursor = json!({"line": line, "character": 0});
    let plan = session.plan.clone();
    let params = json!({"textDocument": {"uri": plan}, "range": {"start": cursor, "end": cursor}, "context": {"diagnostics": []}});
    session.client.request("textDocument/codeAction", params)
}

#[test]
fn lsp_completion_and_document_symbols() {
    let mut session = Session::open();
    insert(&mut session, 2, 6, "- More: `src/\n");
    let paths = session.request_at("textDocument/completion", 6, 13);
    insert(&mut session, 3, 7, "- Get: `src/store.rs:\n");
    let symbols = session.request_at("textDocument/completion", 7, 21);
    insert(&mut session, 4, 30, "- PR\n");
    let prs = session.request_at("textDocument/completion", 30, 4);
    let labels = |list: &Value| -> String {
        let items = list["items"].as_array().unwrap().iter();
        items
            .map(|item| {
                format!(
                    "{} => {}",
                    item["label"].as_str().unwrap(),
                    item["textEdit"]["newText"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    check(
        &format!("{}\n--\n{}\n--\n{}", labels(&paths), labels(&symbols), labels(&prs)),
        expect![[r#"
        src/store.rs => src/store.rs
        --
        Store 1-3 => 1-3
        Store::get 6-8 => 6-8
        Store::len 10-12 => 10-12
        --
        PR0 => PR0
        PR1 => PR1"#]],
    );
    let plan = session.plan.clone();
    let outline =
        session.client.request("textDocument/documentSymbol", json!({"textDocument": {"uri": plan}}));
    check(
        &outline_text(&outline, 0),
        expect![[r#"
        B. Repository Recon Summary (kind 3, line 2) B) Repository Recon Summary
        D. Concept Model (kind 3, line 9) D) Concept Model
          Store (kind 5, line 11) keeps the items.
          Api (kind 5, line 12) serves lookups.
          Cli (kind 5, line 13) parses the flags.
        H. PR Plan (kind 3, line 15) H) PR Plan
          PR0 (kind 2, line 17) Store
          PR1 (kind 2, line 22) Api
        I. Dependency DAG (kind 3, line 27) I) DAG
    "#]],
    );
    assert_eq!(session.client.shutdown(), 0);
}

fn outline_text(symbols: &Value, depth: usize) -> String {
    let mut out = String::new();
    for symbol in symbols.as_array().into_iter().flatten() {
        let line = &symbol["range"]["start"]["line"];
        let detail = symbol["detail"].as_str().unwrap_or_default();
        out.push_str(&format!(
            "{}{} (kind {}, line {line}) {detail}\n",
            "  ".repeat(depth),
            symbol["name"].as_str().unwrap(),
            symbol["kind"]
        ));
        out.push_str(&outline_text(&symbol["children"], depth + 1));
    }
    out
}

#[test]
fn lsp_plan_build_and_accept_from_the_editor() {
    let mut session = Session::open();
    move_store(&mut session);
    session.diagnostics(has_code("PLAN063"));
    let built =
        session.client.request("workspace/executeCommand", json!({"command": "plan.build", "arguments": []}));
    assert_eq!(built, Value::Null);
    check(
        &pretty(&session, &json!(session.client.applied_edits)),
        expect![[r#"
        [
          {
            "changes": {
              "/PLAN.md": [
                {
                  "newText": "3-5`.\n- Lookup is by index: `src/store.rs:8-10",
                  "range": {
                    "end": {
                      "character": 39,
                      "line": 5
                    },
                    "start": {
                      "character": 55,
                      "line": 4
                    }
                  }
                }
              ]
            }
          }
        ]"#]],
    );
    let lock = std::fs::read_to_string(session.repo.child("PLAN.lock")).unwrap();
    assert!(lock.contains("src/store.rs:3-5\t"), "{lock}");
    // The editor applied the edit; then the code of `get` changes: accepting it anchors
    // the new code in the lock.
    let built_plan = PLAN.replace("store.rs:1-3", "store.rs:3-5").replace("store.rs:6-8", "store.rs:8-10");
    let full = json!({"textDocument": {"uri": session.plan, "version": 2}, "contentChanges": [{"text": built_plan}]});
    session.client.notify("textDocument/didChange", full);
    session.diagnostics(|params| params["version"] == 2 && !has_code("PLAN063")(params));
    session.repo.write("src/store.rs", format!("\n\n{}", STORE.replace(".copied()", ".cloned()")));
    let changes = json!({"changes": [{"uri": uri(&session.repo.child("src/store.rs")), "type": 2}]});
    session.client.notify("workspace/didChangeWatchedFiles", changes);
    session.diagnostics(has_code("PLAN062"));
    let accepted = session.client.request(
        "workspace/executeCommand",
        json!({"command": "plan.accept", "arguments": ["src/store.rs:8-10"]}),
    );
    assert_eq!(accepted, Value::Null);
    session.diagnostics(|params| !has_code("PLAN062")(params));
    assert_eq!(session.client.shutdown(), 0);
}

#[test]
fn lsp_plan_names_lead_to_their_definitions_and_bad_requests_get_errors() {
    let mut session = Session::open();
    // A PR id and a block's name lead to their definitions in the plan.
    let pr = session.request_at("textDocument/definition", 27, 3);
    let block = session.request_at("textDocument/definition", 17, 26);
    check(&format!("{} {}", pr["range"]["start"]["line"], block["range"]["start"]["line"]), expect!["15 9"]);
    let mut params = session.at(27, 3);
    params["context"] = json!({"includeDeclaration": true});
    let references = session.client.request("textDocument/references", params);
    let lines: Vec<String> =
        references.as_array().unwrap().iter().map(|at| at["range"]["start"]["line"].to_string()).collect();
    check(&lines.join(" "), expect!["15 23 27"]);
    let on_pr0 = code_actions(&mut session, 15);
    let titles: Vec<&str> =
        on_pr0.as_array().unwrap().iter().map(|action| action["title"].as_str().unwrap()).collect();
    check(
        &titles.join("\n"),
        expect![[r#"
        Add the missing fields to PR0 (Motivation, Scope, Behavioral Guarantees, Risks, Cross-Cutting, Validation Gate, Architectural Impact, API Surface Changes, CLI Changes, Test Categories, Documentation Updates, Why Independently Reviewable, Why No Dead Code)
        Refresh every citation and generated block (plan build)"#]],
    );
    // In the code, a hover lists the claims citing the line.
    let store = json!({"textDocument": {"uri": uri(&session.repo.child("src/store.rs"))}, "position": {"line": 6, "character": 4}});
    let cited_by = session.client.request("textDocument/hover", store);
    check(
        cited_by["contents"]["value"].as_str().unwrap_or_default(),
        expect![[r#"
        Cited by the plan:

        - PLAN.md:6 (fresh): - Lookup is by index: `src/store.rs:6-8`."#]],
    );
    let panicked = session.client.request("plan/testPanic", json!({}));
    assert_eq!(panicked["error"]["code"], -32603, "{panicked}");
    let unknown = session.client.request("plan/unknown", json!({}));
    let malformed = session.client.request("textDocument/hover", json!({"textDocument": 3}));
    let far = session.request_at("textDocument/hover", 9999, 9999);
    let command = session
        .client
        .request("workspace/executeCommand", json!({"command": "plan.nothing", "arguments": []}));
    session.client.send_raw("{not json");
    let not_json =
        session.client.message_where(|message| message["id"].is_null() && message.get("error").is_some());
    session.client.send_raw(r#"{"jsonrpc": "2.0", "id": 77, "params": 1}"#);
    let not_rpc = session.client.message_where(|message| message["id"] == 77);
    let codes =
        [&unknown, &malformed, &command, &not_json, &not_rpc].map(|reply| reply["error"]["code"].to_string());
    check(
        &format!("{codes:?} {far}"),
        expect![[r#"["-32601", "-32602", "-32803", "-32700", "-32600"] null"#]],
    );
    assert_eq!(session.client.shutdown(), 0);
}

#[test]
fn lsp_an_open_source_file_is_its_buffer_until_closed() {
    let mut session = Session::open();
    session.diagnostics(|params| params["version"] == 1);
    let store = uri(&session.repo.child("src/store.rs"));
    let moved = format!("\n\n{STORE}");
    let document = json!({"uri": store, "languageId": "rust", "version": 1, "text": moved});
    session.client.notify("textDocument/didOpen", json!({ "textDocument": document }));
    let moved_in_buffer = session.diagnostics(has_code("PLAN063"));
    let lines = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    let plan = session.plan.clone();
    let hints = session
        .client
        .request("textDocument/inlayHint", json!({"textDocument": {"uri": plan}, "range": lines}));
    let hints: Vec<String> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|hint| {
            format!("{}:{} {}", hint["position"]["line"], hint["position"]["character"], hint["label"])
        })
        .collect();
    check(
        &hints.join("\n"),
        expect![[r#"
        4:58 "moved → src/store.rs:3-5"
        5:39 "moved → src/store.rs:8-10""#]],
    );
    // Disk events for the open file change nothing; closing it goes back to the disk.
    let changes = json!({"changes": [{"uri": store, "type": 2}]});
    session.client.notify("workspace/didChangeWatchedFiles", changes);
    session.client.notify("textDocument/didClose", json!({"textDocument": {"uri": store}}));
    let closed = session.diagnostics(|params| params["diagnostics"].as_array().unwrap().is_empty());
    check(
        &format!("{moved_in_buffer}\n--\n{closed}"),
        expect![[r#"
        4:42-4:58 PLAN063 sev3 the code cited by `src/store.rs:1-3` moved to src/store.rs:3-5 [plan063]
            related store.rs:2 the cited code is now at src/store.rs:3-5
        5:23-5:39 PLAN063 sev3 the code cited by `src/store.rs:6-8` moved to src/store.rs:8-10 [plan063]
            related store.rs:7 the cited code is now at src/store.rs:8-10
        --
    "#]],
    );
    assert_eq!(session.client.shutdown(), 0);
}

/// The protocol: `exit` ends the server with code 0 after `shutdown`, 1 without it.
#[test]
fn lsp_exit_without_shutdown_ends_with_code_one() {
    let mut session = Session::open();
    session.diagnostics(|params| params["version"] == 1);
    assert_eq!(session.client.exit_without_shutdown(), 1);
}

/// An open micro-plan gets its diagnostics published under its own URI (its rules and its
/// citations'), following its buffer; closing it clears them.
#[test]
fn lsp_publishes_the_diagnostics_of_an_open_micro_plan() {
    let mut session = Session::open();
    let micro = uri(&session.repo.child("plans/pr1.md"));
    let text = "<!-- plan: epic PR1 -->\n# PR1\n\n- Reads `src/gone.rs:1`.\n";
    let document = json!({"uri": micro, "languageId": "markdown", "version": 1, "text": text});
    session.client.notify("textDocument/didOpen", json!({ "textDocument": document }));
    let of_micro = |version: i32| {
        let micro = micro.clone();
        move |params: &Value| params["uri"] == micro.as_str() && params["version"] == version
    };
    check(
        &session.diagnostics(of_micro(1)),
        expect![[r#"
            0:0-0:23 PLAN090 sev1 unknown profile `epic` (known: `implementation`, `task`) / help: start the file with `<!-- plan: PROFILE PRn -->`, PROFILE one of `implementation`, `task` [plan090]
            0:0-0:23 PLAN096 sev2 the micro-plan lists no acceptance criteria / help: add `- [ ] …` items under `Acceptance criteria` [plan096]
            3:9-3:22 PLAN060 sev1 citation `src/gone.rs:1` is invalid: src/gone.rs does not exist / help: cite a file of the repository with lines that exist, relative to the root [plan060]
                related gone.rs:0 the citation as written"#]],
    );
    let change = json!({"textDocument": {"uri": micro, "version": 2}, "contentChanges": [{"text": text.replace("gone.rs:1", "store.rs:1")}]});
    session.client.notify("textDocument/didChange", change);
    check(
        &session.diagnostics(of_micro(2)),
        expect![[r#"
            0:0-0:23 PLAN090 sev1 unknown profile `epic` (known: `implementation`, `task`) / help: start the file with `<!-- plan: PROFILE PRn -->`, PROFILE one of `implementation`, `task` [plan090]
            0:0-0:23 PLAN096 sev2 the micro-plan lists no acceptance criteria / help: add `- [ ] …` items under `Acceptance criteria` [plan096]"#]],
    );
    session.client.notify("textDocument/didClose", json!({"textDocument": {"uri": micro}}));
    let cleared = session.client.diagnostics_where(|params| params["uri"] == micro.as_str());
    assert_eq!(cleared["diagnostics"], json!([]), "{cleared}");
    assert_eq!(session.client.shutdown(), 0);
}
