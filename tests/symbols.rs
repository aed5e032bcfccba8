//! `plan symbols`: output formats, scoping, and bad input.

use expect_test::expect;

use crate::util::TestRepo;

fn sample_repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "src/store.rs",
        "use crate::config;\n\npub struct Store;\n\nimpl Store {\n    pub fn get(&self) -> u32 {\n        1\n    }\n}\n",
    )
    .write("tools/gen.py", "import os\n\n\nclass Gen:\n    def run(self):\n        pass\n")
    .write("README.md", "# Sample\n");
    repo
}

#[test]
fn json_has_the_documented_shape() {
    let repo = sample_repo();
    let run = repo.run(&["symbols", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut json = run.json();
    for file in json["files"].as_array_mut().unwrap() {
        file.as_object_mut().unwrap().remove("resolved_imports");
    }
    expect![[r#"
        {
          "files": [
            {
              "imports": [
                "crate::config"
              ],
              "language": "rust",
              "path": "src/store.rs",
              "symbols": [
                {
                  "end": 3,
                  "kind": "struct",
                  "name": "Store",
                  "name_line": 3,
                  "qualified_name": "Store",
                  "start": 3
                },
                {
                  "end": 8,
                  "kind": "method",
                  "name": "get",
                  "name_line": 6,
                  "qualified_name": "Store::get",
                  "start": 6
                }
              ],
              "syntax_errors": []
            },
            {
              "imports": [
                "os"
              ],
              "language": "python",
              "path": "tools/gen.py",
              "symbols": [
                {
                  "end": 6,
                  "kind": "class",
                  "name": "Gen",
                  "name_line": 4,
                  "qualified_name": "Gen",
                  "start": 4
                },
                {
                  "end": 6,
                  "kind": "method",
                  "name": "run",
                  "name_line": 5,
                  "qualified_name": "Gen.run",
                  "start": 5
                }
              ],
              "syntax_errors": []
            }
          ],
          "skipped": []
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&json).unwrap());
}

#[test]
fn json_lists_each_import_resolved_with_its_line() {
    let repo = sample_repo();
    repo.write("src/lib.rs", "mod config;\nmod store;\n");
    repo.write("src/config.rs", "pub struct Config;\n");
    let run = repo.run(&["symbols", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let resolved: Vec<String> = run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|file| {
            let path = file["path"].as_str().unwrap().to_owned();
            file["resolved_imports"].as_array().unwrap().iter().map(move |import| format!("{path}:{import}"))
        })
        .collect();
    expect![[r#"
        src/lib.rs:{"line":1,"targets":[{"kind":"file","path":"src/config.rs"}],"text":"mod config"}
        src/lib.rs:{"line":2,"targets":[{"kind":"file","path":"src/store.rs"}],"text":"mod store"}
        src/store.rs:{"line":1,"targets":[{"kind":"file","path":"src/config.rs"}],"text":"crate::config"}
        tools/gen.py:{"line":1,"targets":[{"kind":"external"}],"text":"os"}"#]]
    .assert_eq(&resolved.join("\n"));
}

#[test]
fn text_output_lists_files_and_symbols() {
    let repo = sample_repo();
    let run = repo.run(&["symbols"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    expect![[r#"
        src/store.rs (rust)
                  3-3  struct     Store
                  6-8  method     Store::get
        tools/gen.py (python)
                  4-6  class      Gen
                  5-6  method     Gen.run
    "#]]
    .assert_eq(&run.stdout);
}

#[test]
fn paths_restrict_the_listing_and_must_lie_inside_the_root() {
    let repo = sample_repo();
    let run = repo.run(&["symbols", "tools"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("tools/gen.py (python)\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("store.rs"));

    let run = repo.run(&["symbols", "does-not-exist"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: does-not-exist does not exist\n");

    let outside = TestRepo::new();
    let run = repo.run(&["symbols", outside.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("is outside the root"), "{}", run.stderr);
}

#[test]
fn files_skipped_by_policy_are_listed_and_do_not_fail() {
    let repo = TestRepo::new();
    repo.write("ok.rs", "fn ok() {}\n")
        .write("empty.rs", "")
        .write("bad.rs", b"fn a() {}\n// caf\xe9\n")
        .write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let big = std::fs::File::create(repo.child("big.c")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();

    let run = repo.run(&["symbols", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let skipped: Vec<String> = json["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| format!("{} {} ({})", entry["path"], entry["reason"], entry["detail"]))
        .collect();
    expect![[r#"
        [
            "\"bad.rs\" \"invalid-utf8\" (\"not valid UTF-8 (first invalid byte on line 2)\")",
            "\"big.c\" \"too-large\" (\"file is 52428800 bytes, over the 2097152-byte limit (raise `max_file_size` in plan.toml to analyse it)\")",
            "\"logo.png\" \"binary\" (\"binary format (by its file extension; not read)\")",
        ]
    "#]]
    .assert_debug_eq(&skipped);
    let files: Vec<&str> =
        json["files"].as_array().unwrap().iter().map(|file| file["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["empty.rs", "ok.rs"]);
    assert_eq!(
        run.stderr,
        "note: 3 files not analysed (binary: 1, invalid-utf8: 1, too-large: 1); -v lists them\n"
    );

    let run = repo.run(&["symbols", "-v"]);
    assert!(run.stderr.contains("note: skipped logo.png: binary format"), "{}", run.stderr);
    let run = repo.run(&["symbols", "-q"]);
    assert_eq!(run.stderr, "");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_with_its_path_and_fails_the_run() {
    let repo = TestRepo::new();
    repo.write("ok.rs", "fn ok() {}\n");
    std::os::unix::fs::symlink(repo.child("b.rs"), repo.child("a.rs")).unwrap();
    std::os::unix::fs::symlink(repo.child("a.rs"), repo.child("b.rs")).unwrap();
    let run = repo.run(&["symbols"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "ok.rs (rust)\n          1-1  function   ok\n");
    assert_eq!(
        run.stderr,
        "warning: skipped a.rs: symbolic link loop\nwarning: skipped b.rs: symbolic link loop\n"
    );
}

/// An unreadable directory. As root, mode bits do not stop reading, so the run drops the
/// capabilities that bypass them (`setpriv`, from util-linux).
#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_reported_and_fails_the_run() {
    use std::os::unix::fs::PermissionsExt;
    let repo = TestRepo::new();
    repo.write("ok.rs", "fn ok() {}\n").write("locked/secret.rs", "fn secret() {}\n");
    std::fs::set_permissions(repo.child("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();

    let is_root =
        std::process::Command::new("id").arg("-u").output().map(|out| out.stdout == b"0\n").unwrap_or(false);
    let mut command = if is_root {
        let mut setpriv = std::process::Command::new("setpriv");
        setpriv
            .args([
                "--bounding-set=-dac_override,-dac_read_search",
                "--inh-caps=-dac_override,-dac_read_search",
            ])
            .arg(env!("CARGO_BIN_EXE_plan"));
        setpriv
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_plan"))
    };
    let output = command
        .arg("--root")
        .arg(repo.path())
        .args(["symbols", "--format", "json"])
        .env("NO_COLOR", "1")
        .output();
    std::fs::set_permissions(repo.child("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = crate::util::Run::from(output.expect("plan runs (as root this needs setpriv)"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["skipped"][0]["path"], "locked");
    assert_eq!(json["skipped"][0]["reason"], "unreadable");
    assert_eq!(json["files"][0]["path"], "ok.rs");
    assert!(run.stderr.starts_with("warning: skipped locked: cannot be read: "), "{}", run.stderr);
}

#[test]
fn syntax_errors_do_not_stop_extraction() {
    let repo = TestRepo::new();
    repo.write("a.go", "package a\n\nfunc broken( {\n\tx := \n}\n\nfunc After() {}\n");
    let run = repo.run(&["symbols", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    let names: Vec<&str> =
        json["files"][0]["symbols"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["broken", "After"]);
    assert_eq!(json["files"][0]["syntax_errors"], serde_json::json!([3, 4]));
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    use std::io::Read;
    let repo = TestRepo::new();
    for index in 0..300 {
        repo.write(&format!("src/m{index}.rs"), "fn a() {}\nfn b() {}\nstruct C;\n");
    }
    let mut child = repo
        .plan(&["symbols"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let repo = TestRepo::new();
    let run = crate::util::Run::from(
        std::process::Command::new(env!("CARGO_BIN_EXE_plan"))
            .args(["--root", repo.child("nope").to_str().unwrap(), "symbols"])
            .env("NO_COLOR", "1")
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.starts_with("error: root "), "{}", run.stderr);
}
