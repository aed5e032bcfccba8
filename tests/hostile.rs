//! Hostile repositories: a `plan.toml`, links and special files that try to make `plan`
//! write outside the root or block forever. Nothing outside the root changes, and every
//! special file is named, never opened.

use std::path::{Path, PathBuf};

use crate::util::TestRepo;

/// A plan whose build writes it (the recon block is filled) and its lock.
const PLAN: &str = "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n\nThe store: `src/store.rs:1`.\n";

/// What makes a repository hostile, done to its directory.
type Trick<'a> = &'a dyn Fn(&Path);
/// What makes a repository hold a special file.
type Setup<'a> = &'a dyn Fn(&TestRepo);

/// Every path under `dir` with its type, contents (or link target) and modification time.
fn snapshot(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let metadata = std::fs::symlink_metadata(&path).unwrap();
        let shown = path.strip_prefix(dir).unwrap().display().to_string();
        let what = if metadata.file_type().is_symlink() {
            format!("link to {}", std::fs::read_link(&path).unwrap().display())
        } else if metadata.is_dir() {
            let mut children: Vec<PathBuf> =
                std::fs::read_dir(&path).unwrap().map(|entry| entry.unwrap().path()).collect();
            children.sort();
            stack.extend(children);
            "dir".to_owned()
        } else {
            format!("{:?}", std::fs::read(&path).unwrap())
        };
        out.push(format!("{shown}: {what} {:?}", metadata.modified().unwrap()));
    }
    out.sort();
    out
}

fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// One repository per trick, all beside one `outside` directory; every command runs in
/// each, and `outside` is byte-for-byte and time-for-time what it was.
#[test]
fn nothing_is_written_outside_the_root_whatever_the_repository_holds() {
    let parent = TestRepo::new();
    parent.write("outside/P.md", PLAN).write("outside/P.lock", "").write("outside/target.md", PLAN);
    // What a killed write would leave: never removed outside the root.
    parent.write("outside/.P.md.plan-tmp-4294967295", "partial");
    std::fs::create_dir_all(parent.child("outside/evil")).unwrap();
    let tricks: &[(&str, Trick)] = &[
        ("plan.toml leaves the root", &|repo| {
            std::fs::write(repo.join("plan.toml"), "plan = \"../outside/P.md\"\n").unwrap();
        }),
        ("plan.toml through a linked directory", &|repo| {
            std::fs::write(repo.join("plan.toml"), "plan = \"docs/P.md\"\n").unwrap();
            symlink("../outside", &repo.join("docs"));
        }),
        ("PLAN.md is a link out", &|repo| {
            std::fs::remove_file(repo.join("PLAN.md")).unwrap();
            symlink("../outside/target.md", &repo.join("PLAN.md"));
        }),
        ("PLAN.lock is a link out", &|repo| symlink("../outside/P.lock", &repo.join("PLAN.lock"))),
        (".plan is a link out", &|repo| symlink("../outside/evil", &repo.join(".plan"))),
        (".plan/cache is a link out", &|repo| symlink("../../outside/evil", &repo.join(".plan/cache"))),
    ];
    let before = snapshot(&parent.child("outside"));
    let mut report = String::new();
    for (index, (name, trick)) in tricks.iter().enumerate() {
        let repo = parent.child(&format!("repo{index}"));
        std::fs::create_dir_all(repo.join("src")).unwrap();
        std::fs::write(repo.join("src/store.rs"), "pub struct Store;\n").unwrap();
        std::fs::write(repo.join("PLAN.md"), PLAN).unwrap();
        trick(&repo);
        for args in [&["build"][..], &["build", "--accept"], &["check"], &["symbols"], &["recon"]] {
            let output = std::process::Command::new(env!("CARGO_BIN_EXE_plan"))
                .arg("--root")
                .arg(&repo)
                .args(args)
                .env("NO_COLOR", "1")
                .current_dir(&repo)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr
                .lines()
                .find(|line| line.starts_with("error:") || line.starts_with("warning:"))
                .unwrap_or("")
                .replace(parent.path().to_str().unwrap(), "$TMP");
            if args == ["build"] {
                report.push_str(&format!("{name}: {}\n", first));
            }
        }
        assert_eq!(snapshot(&parent.child("outside")), before, "{name}");
    }
    expect_test::expect![[r#"
        plan.toml leaves the root: error: $TMP/repo0/plan.toml: plan = "../outside/P.md" leaves the repository root; a repository's config names a plan inside it (use --plan to work on a plan elsewhere)
        plan.toml through a linked directory: error: refusing to write $TMP/repo1/docs/P.md: it leads to $TMP/outside/P.md, outside $TMP/repo1; plan never writes outside the repository root (name a plan elsewhere explicitly with --plan)
        PLAN.md is a link out: error: refusing to write $TMP/repo2/PLAN.md: it leads to $TMP/outside/target.md, outside $TMP/repo2; plan never writes outside the repository root (name a plan elsewhere explicitly with --plan)
        PLAN.lock is a link out: error: refusing to write $TMP/repo3/PLAN.lock: it leads to $TMP/outside/P.lock, outside $TMP/repo3; plan never writes outside the repository root (name a plan elsewhere explicitly with --plan)
        .plan is a link out: warning: discarded the fact cache $TMP/repo4/.plan: .plan is a symbolic link; plan keeps its cache only in a real directory inside the root (remove the link to use the cache); parsing every file again
        .plan/cache is a link out: warning: discarded the fact cache $TMP/repo5/.plan: .plan/cache is a symbolic link; plan keeps its cache only in a real directory inside the root (remove the link to use the cache); parsing every file again
    "#]]
    .assert_eq(&report);
}

/// A plan that is a link inside the root is updated through the link: the link stays a
/// link and its target gets the new text.
#[test]
fn a_plan_linked_inside_the_root_is_written_through_the_link() {
    let repo = TestRepo::new();
    repo.write("src/store.rs", "pub struct Store;\n").write("docs/real.md", PLAN);
    symlink("docs/real.md", &repo.child("PLAN.md"));
    let run = repo.run(&["build"]);
    assert!(run.stderr.contains("rewrote"), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(repo.child("PLAN.md")).unwrap().file_type().is_symlink());
    let written = std::fs::read_to_string(repo.child("docs/real.md")).unwrap();
    assert_ne!(written, PLAN, "the recon block was filled in the target");
}

/// Runs `plan` and kills it if it is still running after a minute (a blocked open of a
/// FIFO never returns): the test fails instead of hanging.
fn run_or_kill(repo: &TestRepo, args: &[&str]) -> crate::util::Run {
    let mut child = repo
        .plan(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return crate::util::Run::from(child.wait_with_output().unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("plan {args:?} blocked");
}

fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(path).status().unwrap().success());
}

/// A FIFO, a socket or a device where `plan` reads a document, a cache file or a source
/// is named as such, and never opened (opening a FIFO waits for a writer forever).
#[test]
fn special_files_are_named_and_never_opened() {
    let cases: &[(&str, Setup)] = &[
        ("PLAN.md", &|repo| {
            std::fs::remove_file(repo.child("PLAN.md")).unwrap();
            mkfifo(&repo.child("PLAN.md"));
        }),
        ("PLAN.lock", &|repo| mkfifo(&repo.child("PLAN.lock"))),
        ("plan.toml", &|repo| mkfifo(&repo.child("plan.toml"))),
        ("facts.bin", &|repo| mkfifo(&repo.child(".plan/cache/facts.bin"))),
        ("build.bin", &|repo| mkfifo(&repo.child(".plan/cache/build.bin"))),
        ("facts.bin to /dev/zero", &|repo| symlink("/dev/zero", &repo.child(".plan/cache/facts.bin"))),
        ("sources", &|repo| {
            mkfifo(&repo.child("src/fifo.rs"));
            symlink("fifo.rs", &repo.child("src/link.rs"));
            repo.write("PLAN.md", format!("{PLAN}\nThe pipes: `src/fifo.rs:1`, `src/link.rs:1`.\n"));
        }),
    ];
    let mut report = String::new();
    for (name, setup) in cases {
        let repo = TestRepo::new();
        repo.write("src/store.rs", "pub struct Store;\n").write("PLAN.md", PLAN);
        std::fs::create_dir_all(repo.child(".plan/cache")).unwrap();
        setup(&repo);
        let mut lines: Vec<String> = Vec::new();
        for args in [&["build"][..], &["check"], &["symbols"], &["recon"]] {
            let run = run_or_kill(&repo, args);
            let root = repo.path().to_str().unwrap();
            let both = format!("{}{}", run.stdout, run.stderr);
            for line in both.lines().filter(|line| line.contains("FIFO") || line.contains("device")) {
                let line = format!("{}: {}", args[0], line.replace(root, "$ROOT"));
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
        if lines.is_empty() {
            lines.push("(discarded and replaced, nothing to say)".to_owned());
        }
        report.push_str(&format!("{name}:\n  {}\n", lines.join("\n  ")));
    }
    expect_test::expect![[r#"
        PLAN.md:
          build: error: $ROOT/PLAN.md is a FIFO (named pipe), not a regular file; plan reads only regular files
          check: error: $ROOT/PLAN.md is a FIFO (named pipe), not a regular file; plan reads only regular files
        PLAN.lock:
          build: error: $ROOT/PLAN.lock is a FIFO (named pipe), not a regular file; plan reads only regular files
          check: error: $ROOT/PLAN.lock is a FIFO (named pipe), not a regular file; plan reads only regular files
        plan.toml:
          build: error: $ROOT/plan.toml is a FIFO (named pipe), not a regular file; plan reads only regular files
          check: error: $ROOT/plan.toml is a FIFO (named pipe), not a regular file; plan reads only regular files
          symbols: error: $ROOT/plan.toml is a FIFO (named pipe), not a regular file; plan reads only regular files
          recon: error: $ROOT/plan.toml is a FIFO (named pipe), not a regular file; plan reads only regular files
        facts.bin:
          build: warning: discarded the fact cache $ROOT/.plan/cache/facts.bin: it is a FIFO (named pipe), not a regular file; parsing every file again
        build.bin:
          build: warning: $ROOT/.plan/cache/build.bin: the build stamp was a FIFO (named pipe), not a regular file; removed it
        facts.bin to /dev/zero:
          build: warning: discarded the fact cache $ROOT/.plan/cache/facts.bin: it is a character device, not a regular file; parsing every file again
        sources:
          build: error[PLAN060]: citation `src/fifo.rs:1` is invalid: src/fifo.rs is not analysed: a FIFO (named pipe), not a regular file (never opened)
          build: error[PLAN060]: citation `src/link.rs:1` is invalid: src/link.rs is not analysed: a FIFO (named pipe), not a regular file (never opened)
          check: error[PLAN060]: citation `src/fifo.rs:1` is invalid: src/fifo.rs is not analysed: a FIFO (named pipe), not a regular file (never opened)
          check: error[PLAN060]: citation `src/link.rs:1` is invalid: src/link.rs is not analysed: a FIFO (named pipe), not a regular file (never opened)
    "#]].assert_eq(&report);
}

/// A `max_file_size` out of range is a configuration error naming the range, and the
/// plan is left as it was (a huge value once aborted on a sparse file, and made every
/// citation stale on a normal tree).
#[test]
fn absurd_file_size_limits_are_config_errors_and_touch_nothing() {
    let mut report = String::new();
    for value in ["18446744073709551615", "0", "67108865"] {
        let repo = TestRepo::new();
        repo.write("src/store.rs", "pub struct Store;\n")
            .write("PLAN.md", PLAN)
            .write("plan.toml", format!("max_file_size = {value}\n"));
        let run = repo.run(&["build"]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), PLAN);
        assert!(!repo.child("PLAN.lock").exists());
        report.push_str(&run.stderr.replace(repo.path().to_str().unwrap(), "$ROOT"));
    }
    let repo = TestRepo::new();
    repo.write("src/store.rs", "pub struct Store;\n")
        .write("PLAN.md", PLAN)
        .write("plan.toml", "max_file_size = 67108864\n");
    assert_ne!(repo.run(&["build"]).code, 2, "64 MiB itself is accepted");
    expect_test::expect![[r#"
        error: $ROOT/plan.toml: max_file_size = 18446744073709551615 is out of range: it must be between 1 and 67108864 bytes (64 MiB)
        error: $ROOT/plan.toml: max_file_size = 0 is out of range: it must be between 1 and 67108864 bytes (64 MiB)
        error: $ROOT/plan.toml: max_file_size = 67108865 is out of range: it must be between 1 and 67108864 bytes (64 MiB)
    "#]].assert_eq(&report);
}

/// A lock that is not this plan's (here: no `plan-lock` line, anchors that disagree with
/// the code) is reported once and ignored: it marks no claim, and the build writes a good
/// lock.
#[test]
fn a_foreign_lock_marks_no_claim() {
    let repo = TestRepo::new();
    let plan = "# Plan\n\n## B) Repository Recon Summary\n\n- The store: `src/store.rs:2`.\n- The getter: `src/store.rs:3`.\n";
    repo.write("src/store.rs", "//! Store.\npub struct Store;\npub fn get() {}\n")
        .write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("PLAN.md", plan)
        .write(
            "PLAN.lock",
            "anchor\tsrc/store.rs:2\tstruct\tOther\twhole\t00000000000000aa\tpub struct Other;\nanchor\tsrc/store.rs:3\tfunction\tnope\twhole\t00000000000000bb\tfn nope() {}\n",
        );
    let run = repo.run(&["build", "--format", "json"]);
    let statuses: Vec<String> = run.json()["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["text"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(statuses, ["src/store.rs:2 fresh", "src/store.rs:3 fresh"], "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), plan);
    let json = run.json();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PLAN078"]);
    assert!(std::fs::read_to_string(repo.child("PLAN.lock")).unwrap().contains("plan-lock\t1"));
}

/// `..` that stays inside the root is resolved, a backslash is part of a Unix file name,
/// and a file with CR-only line endings has the lines an editor shows.
#[test]
fn odd_paths_and_line_endings_resolve_as_written() {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("src/store.rs", "//! Store.\npub struct Store;\n")
        .write("src/a\\b.rs", "pub fn odd() {}\n")
        .write("mac.rs", "fn one() {}\rfn two() {}\rfn three() {}\r")
        .write(
            "PLAN.md",
            "# Plan\n\n## B) Repository Recon Summary\n\n- Up and down: `src/../src/store.rs:2`.\n- Odd name: `src/a\\b.rs:1`.\n- Classic Mac: `mac.rs:3`.\n- Above the root: `src/../../x.rs:1`.\n",
        );
    let run = repo.run(&["build", "--format", "json"]);
    let json = run.json();
    let statuses: Vec<String> = json["citations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{} {}", c["text"].as_str().unwrap(), c["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        ["src/../src/store.rs:2 fresh", "src/a\\b.rs:1 fresh", "mac.rs:3 fresh", "src/../../x.rs:1 invalid"],
        "{}",
        run.stdout
    );
    let lock = std::fs::read_to_string(repo.child("PLAN.lock")).unwrap();
    assert!(lock.contains("\tfunction\tthree\t"), "{lock}");
}

/// A part of the tree that cannot be walked (here a symbolic link loop where a directory
/// was; an unreadable directory is the same problem) is a warning naming it, and its
/// citations are reported as not checked, never marked UNVERIFIED.
#[test]
fn an_unwalkable_directory_marks_no_claim() {
    let repo = TestRepo::new();
    let plan = "# Plan\n\n## B) Repository Recon Summary\n\n- The store: `data/store.rs:2`.\n";
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("data/store.rs", "//! Store.\npub struct Store;\n")
        .write("PLAN.md", plan);
    assert_eq!(repo.run(&["build"]).code, 0);
    std::fs::remove_dir_all(repo.child("data")).unwrap();
    symlink("loop", &repo.child("data"));
    symlink("data", &repo.child("loop"));
    let run = repo.run(&["build"]);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), plan, "no claim is marked");
    let warnings: Vec<&str> = run.stderr.lines().filter(|line| line.starts_with("warning")).collect();
    assert_eq!(
        warnings,
        [
            "warning: data: symbolic link loop; citations into it are not checked",
            "warning: loop: symbolic link loop; citations into it are not checked"
        ]
    );
    assert!(
        run.stdout.contains("`data/store.rs:2` is invalid: data cannot be read (symbolic link loop), so data/store.rs was not checked"),
        "{}",
        run.stdout
    );
}

/// A build that would newly mark most claims UNVERIFIED when none of their files exist
/// (the tree is not the plan's: a wrong root, a failed checkout) writes nothing and says
/// why; `--accept` marks them when the code really is gone. Fewer marks are code changes.
#[test]
fn a_tree_that_is_not_the_plans_is_never_written_into_the_plan() {
    let repo = TestRepo::new();
    let claims: String = (1..=6).map(|n| format!("- Part {n}: `src/p{n}.rs:1`.\n")).collect();
    let plan = format!("# Plan\n\n## B) Repository Recon Summary\n\n{claims}");
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n").write("PLAN.md", &plan);
    for n in 1..=6 {
        repo.write(&format!("src/p{n}.rs"), format!("pub fn part{n}() {{}}\n"));
    }
    assert_eq!(repo.run(&["build"]).code, 0);
    let lock = std::fs::read_to_string(repo.child("PLAN.lock")).unwrap();
    // Two files gone: code that changed; their claims are marked.
    for n in 1..=2 {
        std::fs::remove_file(repo.child(&format!("src/p{n}.rs"))).unwrap();
    }
    repo.run(&["build"]);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap().matches("UNVERIFIED").count(), 2);
    // Every file gone: nothing is written.
    std::fs::write(repo.child("PLAN.md"), &plan).unwrap();
    std::fs::write(repo.child("PLAN.lock"), &lock).unwrap();
    std::fs::remove_dir_all(repo.child("src")).unwrap();
    let run = repo.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("refusing to write: 6 of the plan's 6 citations would be marked UNVERIFIED"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap(), plan);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.lock")).unwrap(), lock);
    assert_eq!(repo.run(&["build", "--accept"]).code, 1);
    assert_eq!(std::fs::read_to_string(repo.child("PLAN.md")).unwrap().matches("UNVERIFIED").count(), 6);
}
