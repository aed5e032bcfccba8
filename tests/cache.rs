//! The fact cache in `.plan/cache/`: only ever an optimization. A warm, a garbage, a
//! deleted and a bypassed cache all give the output a cache-less run gives.

use crate::util::TestRepo;

const CACHE: &str = ".plan/cache/facts.bin";

fn read(repo: &TestRepo, path: &str) -> Vec<u8> {
    std::fs::read(repo.child(path)).unwrap()
}

/// PLAN.md, PLAN.lock and the report of a `plan build` run from `plan`/`lock`.
fn build_from(
    repo: &TestRepo,
    plan: &[u8],
    lock: &[u8],
    args: &[&str],
) -> (Vec<u8>, Vec<u8>, String, String) {
    std::fs::write(repo.child("PLAN.md"), plan).unwrap();
    std::fs::write(repo.child("PLAN.lock"), lock).unwrap();
    let mut all = vec!["build", "--format", "json"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    (read(repo, "PLAN.md"), read(repo, "PLAN.lock"), run.stdout, run.stderr)
}

#[test]
fn no_cache_state_changes_the_output() {
    let repo = crate::recon::sample();
    let init = repo.run(&["init"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(repo.child(CACHE).is_file(), "plan init saves the facts it parsed");
    assert_eq!(std::fs::read_to_string(repo.child(".plan/cache/.gitignore")).unwrap(), "*\n");
    let (plan, lock) = (read(&repo, "PLAN.md"), read(&repo, "PLAN.lock"));

    // An edit after the cache was written: a new type, a new flag, a moved module doc.
    repo.write(
        "crates/core/src/lib.rs",
        "\n//! The store and its backends.\n\npub trait Backend {\n    fn get(&self, key: &str) -> Option<String>;\n}\n\npub struct Disk;\n\nimpl Backend for Disk {\n    fn get(&self, _key: &str) -> Option<String> {\n        None\n    }\n}\n",
    );
    let reference = build_from(&repo, &plan, &lock, &["--no-cache"]);
    assert_ne!(reference.0, plan, "the edit shows in the recon");
    assert!(reference.2.contains("\"citations\""));

    let warm = build_from(&repo, &plan, &lock, &[]);
    assert_eq!((&warm.0, &warm.1, &warm.2), (&reference.0, &reference.1, &reference.2), "warm cache");
    let saved = read(&repo, CACHE);
    let again = build_from(&repo, &plan, &lock, &[]);
    assert_eq!((&again.0, &again.1, &again.2), (&reference.0, &reference.1, &reference.2), "hot cache");
    assert_eq!(read(&repo, CACHE), saved, "a run that parsed nothing new leaves the cache as it was");

    std::fs::write(repo.child(CACHE), b"PLANFACT but then garbage").unwrap();
    let garbage = build_from(&repo, &plan, &lock, &[]);
    assert_eq!((&garbage.0, &garbage.1, &garbage.2), (&reference.0, &reference.1, &reference.2), "garbage");
    assert!(garbage.3.contains("discarded the fact cache"), "{}", garbage.3);
    assert_eq!(read(&repo, CACHE), saved, "the garbage was replaced by good facts");

    std::fs::remove_dir_all(repo.child(".plan")).unwrap();
    let deleted = build_from(&repo, &plan, &lock, &[]);
    assert_eq!((&deleted.0, &deleted.1, &deleted.2), (&reference.0, &reference.1, &reference.2), "deleted");

    std::fs::remove_dir_all(repo.child(".plan")).unwrap();
    build_from(&repo, &plan, &lock, &["--no-cache"]);
    assert!(!repo.child(".plan").exists(), "--no-cache writes no cache");
    build_from(&repo, &plan, &lock, &[]);
    // The init plan still lacks its written sections (rule errors), but is settled.
    let check = repo.run(&["check"]);
    assert!(!check.stderr.contains("would change"), "{}", check.stderr);
}

/// `plan build` on an unchanged tree and plan replays the last no-op build's report
/// without loading; any change to a file, the plan or the settings builds in full.
#[test]
fn an_unchanged_tree_replays_the_last_report() {
    let repo = crate::recon::sample();
    assert_eq!(repo.run(&["init"]).code, 0);
    let stamp = repo.child(".plan/cache/build.bin");
    let replayed = |run: &crate::util::Run| run.stderr.contains("replaying its report");
    let build = |args: &[&str], racy: &str| {
        let mut command = repo.plan(&[&["-v", "build"], args].concat());
        command.env("PLAN_TEST_RACY_SECONDS", racy);
        crate::util::Run::from(command.output().unwrap())
    };

    // Files written a moment ago cannot be trusted by their stat: no stamp.
    let fresh = build(&[], "3600");
    assert!(!stamp.exists() && !replayed(&fresh));

    let first = build(&[], "0");
    assert!(stamp.exists() && !replayed(&first), "{}", first.stderr);
    let second = build(&[], "0");
    assert!(replayed(&second), "{}", second.stderr);
    assert_eq!((second.code, &second.stdout), (first.code, &first.stdout));
    // The summary line too, which says the plan is up to date.
    let summary = |run: &crate::util::Run| {
        run.stderr.lines().find(|line| line.contains("are up to date;")).map(str::to_owned)
    };
    assert!(summary(&first).is_some(), "{}", first.stderr);
    assert_eq!(summary(&second), summary(&first));

    // `plan check` reports what the stamped build reported.
    let mut check = repo.plan(&["-v", "check"]);
    check.env("PLAN_TEST_RACY_SECONDS", "0");
    let check = crate::util::Run::from(check.output().unwrap());
    assert!(replayed(&check), "{}", check.stderr);
    assert_eq!((check.code, &check.stdout), (first.code, &first.stdout));
    assert_eq!(summary(&check), None, "`plan check` has no build summary");

    // Another format is another report.
    assert!(!replayed(&build(&["--format", "json"], "0")));

    // The same size, one byte different: the stat (times) still tells.
    let lib = std::fs::read_to_string(repo.child("crates/core/src/lib.rs")).unwrap();
    repo.write("crates/core/src/lib.rs", lib.replace("Memory", "Memorx"));
    let edited = build(&[], "0");
    assert!(!replayed(&edited), "{}", edited.stderr);
    // That build rewrote the recon, and a build that writes is not stamped: the next is.
    assert!(!replayed(&build(&[], "0")));
    assert!(replayed(&build(&[], "0")));

    // A new file, and an edit to the plan, each build in full.
    repo.write("crates/core/src/extra.rs", "pub struct Extra;\n");
    assert!(!replayed(&build(&[], "0")));
    let plan = std::fs::read_to_string(repo.child("PLAN.md")).unwrap();
    repo.write("PLAN.md", plan.replace("# ", "#  "));
    assert!(!replayed(&build(&[], "0")));
    assert!(!replayed(&build(&["--no-cache"], "0")));
}

/// A fresh clone's `plan check` reads a fact cache restored into `--cache-dir` (or
/// `PLAN_CACHE_DIR`), and leaves it as it was unless `--cache-write`.
#[test]
fn check_reads_a_restored_cache_dir_and_saves_it_only_when_told() {
    let repo = crate::recon::sample();
    assert_eq!(repo.run(&["init"]).code, 0);
    let restored = tempfile::tempdir().unwrap();
    let dir = restored.path().join("facts");
    let dir_arg = dir.to_str().unwrap();
    std::fs::remove_dir_all(repo.child(".plan")).unwrap();
    repo.run(&["--cache-dir", dir_arg, "build"]);
    assert!(!repo.child(".plan/cache/facts.bin").exists(), "the cache went to --cache-dir");
    let saved = std::fs::read(dir.join("facts.bin")).expect("a fact cache in --cache-dir");

    // A fresh clone (no `.plan/`), with a file the cache has not seen.
    let _ = std::fs::remove_dir_all(repo.child(".plan"));
    repo.write("crates/core/src/extra.rs", "pub struct Extra;\n");
    let check = |args: &[&str]| {
        let mut command = repo.plan(&[&["-v", "check"], args].concat());
        command.env("PLAN_CACHE_DIR", &dir);
        crate::util::Run::from(command.output().unwrap())
    };
    let read_only = check(&[]);
    let stats = |run: &crate::util::Run| {
        run.stderr.lines().find(|line| line.contains("fact cache")).map(str::to_owned).unwrap_or_default()
    };
    assert!(
        stats(&read_only).contains("stored=1") && !stats(&read_only).contains("hits=0"),
        "{}",
        read_only.stderr
    );
    assert_eq!(std::fs::read(dir.join("facts.bin")).unwrap(), saved, "check only reads it");
    assert!(!repo.child(".plan/cache/facts.bin").exists());

    let writing = check(&["--cache-write"]);
    assert_eq!(writing.code, read_only.code);
    assert_ne!(std::fs::read(dir.join("facts.bin")).unwrap(), saved, "--cache-write saves it");
}
