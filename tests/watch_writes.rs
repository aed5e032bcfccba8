//! `plan watch` and the writes around it: another process writing the plan through one
//! open descriptor in chunks seconds apart, appends raced against rebuilds, a watch killed
//! (SIGKILL) at hundreds of points of its write, a tree whose cited files all vanish, and
//! a file that cannot be read. No byte of the user's is lost, PLAN.md is always a whole
//! old or new text, and PLAN.lock always parses.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::util::{Lcg, TestRepo, kill_state};
use crate::watch::Watching;

const CODE: &str = "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n";

fn repo(plan: &str) -> TestRepo {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("src/lib.rs", CODE)
        .write("PLAN.md", plan);
    assert_ne!(repo.run(&["build"]).code, 2);
    repo
}

fn read(repo: &TestRepo, name: &str) -> String {
    std::fs::read_to_string(repo.child(name)).unwrap()
}

/// The code moved down by `lines` blank lines: every citation of it needs a rewrite.
fn moved(lines: usize) -> String {
    format!("{}{CODE}", "\n".repeat(lines))
}

/// A streaming writer (an agent, a slow editor) truncates the plan and writes it through
/// one descriptor in three chunks two seconds apart; the first chunk has an empty recon
/// block, which the watch wants to fill. The watch waits for the writer to close the file
/// and for the plan to be left alone, so the second and third chunks land in the file that
/// stays (the finding: 5 of 5 tries lost the rest of the text).
#[test]
fn a_writer_holding_the_plan_open_loses_no_byte() {
    let repo = repo("# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n");
    write_in_chunks_and_check(&repo);
}

/// The same through a plan that is a symbolic link to a file in the tree: the writer's
/// events name the link's target, not the plan, so the watch asks `/proc` about the plan.
#[cfg(unix)]
#[test]
fn a_writer_holding_a_linked_plan_open_loses_no_byte() {
    let repo = repo("# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n");
    std::fs::create_dir_all(repo.child("docs")).unwrap();
    std::fs::rename(repo.child("PLAN.md"), repo.child("docs/PLAN.md")).unwrap();
    std::os::unix::fs::symlink("docs/PLAN.md", repo.child("PLAN.md")).unwrap();
    assert_ne!(repo.run(&["build"]).code, 2);
    write_in_chunks_and_check(&repo);
}

/// Writes the plan through one descriptor in three chunks two seconds apart, then checks
/// that every chunk is in the plan the watch rewrote.
fn write_in_chunks_and_check(repo: &TestRepo) {
    let mut watching = Watching::start(repo);
    let chunks = [
        "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n\n- The store `src/lib.rs:1`.\n",
        "- Reading `src/lib.rs:3-5`, from the second chunk.\n",
        "- The third chunk, the last.\n",
    ];
    let mut file =
        std::fs::OpenOptions::new().write(true).truncate(true).open(repo.child("PLAN.md")).unwrap();
    for (index, chunk) in chunks.iter().enumerate() {
        if index > 0 {
            std::thread::sleep(Duration::from_secs(2));
        }
        file.write_all(chunk.as_bytes()).unwrap();
        file.flush().unwrap();
    }
    drop(file);
    watching.wait_for(|line| line.contains("wrote the plan"));
    let plan = read(repo, "PLAN.md");
    for chunk in chunks.iter().skip(1) {
        assert!(plan.contains(chunk), "a chunk was lost:\n{plan}");
    }
    assert!(
        !plan.contains("<!-- plan:begin recon -->\n<!-- plan:end recon -->"),
        "the recon was filled:\n{plan}"
    );
    assert_eq!(watching.interrupt(), 0);
}

/// Hundreds of appends to the plan, each through its own descriptor, raced against the
/// rebuilds that moving code causes (each wants to rewrite the plan's citations): every
/// appended line is in the plan at the end, in order, and the watch did rewrite it.
#[test]
fn appends_raced_against_rebuilds_lose_no_byte() {
    let repo = repo(
        "# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n- Reading `src/lib.rs:3-5`.\n",
    );
    let watching = Watching::start(&repo);
    let code = repo.child("src/lib.rs");
    let mover = std::thread::spawn(move || {
        for round in 0..150 {
            std::fs::write(&code, moved(round % 7)).unwrap();
            std::thread::sleep(Duration::from_millis(7));
        }
    });
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for index in 0..300 {
        let mut file = std::fs::OpenOptions::new().append(true).open(repo.child("PLAN.md")).unwrap();
        file.write_all(format!("- Appended line {index}.\n").as_bytes()).unwrap();
        drop(file);
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::thread::sleep(Duration::from_micros(state % 4000));
    }
    mover.join().unwrap();
    // The last word on the code: three lines down, so the citations must be rewritten.
    std::fs::write(repo.child("src/lib.rs"), moved(3)).unwrap();
    let deadline = Instant::now() + crate::watch::PATIENCE;
    while !read(&repo, "PLAN.md").contains("`src/lib.rs:4`") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let plan = read(&repo, "PLAN.md");
    assert!(plan.contains("`src/lib.rs:4`") && plan.contains("`src/lib.rs:6-8`"), "not rewritten:\n{plan}");
    let appended: Vec<&str> = plan.lines().filter(|line| line.starts_with("- Appended line")).collect();
    let expected: Vec<String> = (0..300).map(|index| format!("- Appended line {index}.")).collect();
    assert_eq!(appended, expected, "lines were lost or reordered");
    assert_eq!(watching.interrupt(), 0);
}

/// `plan watch` killed (SIGKILL) at hundreds of points after the code moved, while it
/// rebuilds and writes: PLAN.md is always the old or the new whole text, PLAN.lock the
/// old or the new one (never newer than the plan) and it parses.
#[test]
fn a_watch_killed_while_it_writes_leaves_the_old_or_the_new_plan() {
    let repo = repo(
        "# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n- Reading `src/lib.rs:3-5`.\n",
    );
    let (old_plan, old_lock) = (read(&repo, "PLAN.md"), read(&repo, "PLAN.lock"));
    let reset = || {
        std::fs::write(repo.child("src/lib.rs"), CODE).unwrap();
        std::fs::write(repo.child("PLAN.md"), &old_plan).unwrap();
        std::fs::write(repo.child("PLAN.lock"), &old_lock).unwrap();
    };
    // One full run: from the code moving to the plan written.
    let mut watching = Watching::start(&repo);
    let started = Instant::now();
    std::fs::write(repo.child("src/lib.rs"), moved(2)).unwrap();
    watching.wait_for(|line| line.contains("wrote the plan"));
    let full_run = started.elapsed().as_micros() as u64;
    let _ = watching.child.kill();
    let _ = watching.child.wait();
    let (new_plan, new_lock) = (read(&repo, "PLAN.md"), read(&repo, "PLAN.lock"));
    assert_ne!((&new_plan, &new_lock), (&old_plan, &old_lock));

    let mut random = Lcg(23);
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..200 {
        reset();
        let mut watching = Watching::start(&repo);
        std::fs::write(repo.child("src/lib.rs"), moved(2)).unwrap();
        std::thread::sleep(Duration::from_micros(random.below(full_run + full_run / 4)));
        let _ = watching.child.kill();
        let _ = watching.child.wait();
        let (plan, lock) = (read(&repo, "PLAN.md"), read(&repo, "PLAN.lock"));
        let state = kill_state((&plan, &lock), (&old_plan, &old_lock), (&new_plan, &new_lock));
        *seen.entry(state).or_insert(0) += 1;
        let check = repo.run(&["check", "--format", "json"]);
        assert!(!check.stdout.contains("PLAN.lock cannot be parsed"), "{}", check.stdout);
    }
    assert!(seen.len() >= 2, "the kills all landed in one state: {seen:?}");
}

/// Every cited file gone at once (a checkout that failed, a wrong root): the watch refuses
/// to rewrite the plan, says why, and goes on; the plan stays as it was.
#[test]
fn the_watch_refuses_to_mark_a_plan_whose_files_all_vanished() {
    let claims: String = (1..=6).map(|index| format!("- Claim {index} `src/lib.rs:3-5`.\n")).collect();
    let repo = repo(&format!("# Plan\n\n## B) Repository Recon Summary\n\n{claims}"));
    let plan = read(&repo, "PLAN.md");
    let mut command = repo.plan(&["watch", "--mark-after", "100"]);
    command.env("PLAN_TEST_RACY_SECONDS", "0");
    let mut watching = Watching::spawn(command);
    watching.wait_for(|line| line.contains("initial build"));
    std::fs::remove_file(repo.child("src/lib.rs")).unwrap();
    watching.wait_for(|line| line.contains("refusing to write: 6 of the plan's 6 citations"));
    assert!(
        watching.said_within(Duration::from_millis(600)).iter().all(|line| !line.contains("wrote the plan"))
    );
    assert_eq!(read(&repo, "PLAN.md"), plan);
    assert_eq!(watching.interrupt(), 0);
}

/// A file that turns unreadable under the watch (here a link into itself) is said, once
/// per change, as `plan build` says it: citations into it are not checked.
#[test]
fn the_watch_warns_of_a_file_it_cannot_read() {
    let repo = repo("# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n");
    let mut watching = Watching::start(&repo);
    std::os::unix::fs::symlink("loop.rs", repo.child("src/loop.rs")).unwrap();
    watching
        .wait_for(|line| line.contains("src/loop.rs: symbolic link loop; citations into it are not checked"));
    assert_eq!(watching.interrupt(), 0);
}

/// A micro-plan is guarded as the plan is: while another process holds it open for
/// writing, the watch does not replace it (the rest of that writer's text would go to a
/// file no longer there); once the writer is done, the next rebuild rewrites its citations.
#[test]
fn a_writer_holding_a_micro_plan_open_loses_no_byte() {
    let repo = repo("# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n");
    let micro = "<!-- plan: task PR1 -->\n# PR1\n\n## Design notes\n\n- Reads with `src/lib.rs:3-5`.\n";
    repo.write("plans/pr1.md", micro);
    assert_ne!(repo.run(&["build"]).code, 2);
    let mut watching = Watching::start(&repo);
    let mut file = std::fs::OpenOptions::new().append(true).open(repo.child("plans/pr1.md")).unwrap();
    file.write_all(b"- A first line from a slow writer.\n").unwrap();
    file.flush().unwrap();
    repo.write("src/lib.rs", moved(1));
    watching.wait_for(|line| line.contains("wrote the plan"));
    std::thread::sleep(Duration::from_secs(1));
    file.write_all(b"- A second line, written after the rebuild.\n").unwrap();
    drop(file);
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut text = read(&repo, "plans/pr1.md");
    while !text.contains("src/lib.rs:4-6") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        text = read(&repo, "plans/pr1.md");
    }
    assert!(text.contains("- A first line from a slow writer.\n"), "{text}");
    assert!(text.contains("- A second line, written after the rebuild.\n"), "a line was lost:\n{text}");
    assert!(text.contains("`src/lib.rs:4-6`"), "the citation was not rewritten:\n{text}");
    assert_eq!(watching.interrupt(), 0);
}
