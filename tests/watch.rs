//! `plan watch` on a temporary repository: rebuilds on edits, coalesces a burst, never
//! writes over the user's edit, does not depend on its cache, and stops cleanly on Ctrl-C.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::util::TestRepo;

/// Liveness bound for one expected line, not a performance assertion.
pub(crate) const PATIENCE: Duration = Duration::from_secs(60);

pub(crate) struct Watching {
    pub(crate) child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    pub(crate) fn start(repo: &TestRepo) -> Watching {
        // The default: each change applied as it arrives (leading edge).
        let mut watching = Watching::spawn(repo.plan(&["watch"]));
        watching.wait_for(|line| line.contains("initial build"));
        watching
    }

    pub(crate) fn spawn(mut command: std::process::Command) -> Watching {
        let mut child =
            command.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("plan watch starts");
        let stderr = child.stderr.take().unwrap();
        let (sender, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Watching { child, lines, seen: Vec::new() }
    }

    /// Waits for a summary line matching `predicate`; returns it.
    pub(crate) fn wait_for(&mut self, predicate: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if predicate(&line) {
                        return line;
                    }
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("no such line; plan watch said:\n{}", self.seen.join("\n"))
                }
            }
        }
    }

    /// The lines said within `window`: a watch at rest says none.
    pub(crate) fn said_within(&mut self, window: Duration) -> Vec<String> {
        let deadline = Instant::now() + window;
        let mut said = Vec::new();
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            self.seen.push(line.clone());
            said.push(line);
        }
        said
    }

    /// Ctrl-C; returns the exit code.
    pub(crate) fn interrupt(mut self) -> i32 {
        let status = std::process::Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        self.child.wait().expect("plan watch exits").code().unwrap_or(-1)
    }
}

fn repo() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("src/lib.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n")
        .write(
            "PLAN.md",
            "# Plan\n\n## B) Repository Recon Summary\n\n- The store `src/lib.rs:1`.\n- Reading `src/lib.rs:3-5`.\n",
        );
    assert_eq!(repo.run(&["build"]).code, 0);
    repo
}

fn plan_text(repo: &TestRepo) -> String {
    std::fs::read_to_string(repo.child("PLAN.md")).unwrap()
}

#[test]
fn watch_rebuilds_on_edits_and_coalesces_a_burst() {
    let repo = repo();
    let mut watching = Watching::start(&repo);

    repo.write(
        "src/lib.rs",
        "// A comment moves everything down.\n\npub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n",
    );
    let line = watching.wait_for(|line| line.contains("wrote the plan"));
    assert!(line.contains("1 file changed; wrote the plan (section B)"), "{line}");
    assert!(plan_text(&repo).contains("`src/lib.rs:3`") && plan_text(&repo).contains("`src/lib.rs:5-7`"));
    // Its own writes of PLAN.md and PLAN.lock come back as events and rebuild nothing:
    // no loop (a second, well past any burst window).
    let after_write = watching.said_within(Duration::from_secs(1));
    assert!(after_write.is_empty(), "{after_write:?}");

    // A burst of 2,000 new files (a branch switch): few rebuilds, and the last one sees all.
    let before = watching.seen.len();
    for index in 0..2_000 {
        repo.write(&format!("src/burst/m{index}.rs"), format!("pub fn f{index}() {{}}\n"));
    }
    repo.write("src/lib.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("wrote the plan"));
    let rebuilds = watching.seen.len() - before;
    assert!(rebuilds < 20, "{rebuilds} rebuilds for one burst:\n{}", watching.seen.join("\n"));
    assert_eq!(watching.interrupt(), 0, "Ctrl-C is a clean exit");
    assert!(plan_text(&repo).contains("`src/lib.rs:1`"));
    let leftovers: Vec<_> = std::fs::read_dir(repo.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains("plan-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    // What the watch wrote is what a build from scratch writes.
    let check = repo.run(&["--no-cache", "check"]);
    assert!(!check.stderr.contains("would change"), "{}", check.stderr);
}

#[test]
fn the_users_edit_is_kept_and_a_deleted_cache_changes_nothing() {
    let repo = repo();
    let mut watching = Watching::start(&repo);

    // The user adds a claim while watch runs: it is anchored from the user's text (the
    // lock changes, the plan is the user's), then followed like every other.
    let edited = plan_text(&repo).replace("- Reading", "- A new claim about `src/lib.rs:3`.\n- Reading");
    repo.write("PLAN.md", &edited);
    watching.wait_for(|line| line.contains("wrote the lock"));
    assert_eq!(plan_text(&repo), edited, "the user's edit is kept byte for byte");
    repo.write("src/lib.rs", "\n\npub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("wrote the plan"));
    let text = plan_text(&repo);
    assert!(text.contains("- A new claim about `src/lib.rs:5`."), "{text}");

    // The cache deleted, then garbage: the next rebuilds give what a cache-less build does.
    std::fs::remove_dir_all(repo.child(".plan")).ok();
    repo.write("src/lib.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("wrote the plan"));
    repo.write(".plan/cache/facts.bin", "garbage");
    repo.write("src/other.rs", "pub fn other() {}\n");
    watching.wait_for(|line| line.contains("1 file changed"));
    assert_eq!(watching.interrupt(), 0);
    let check = repo.run(&["--no-cache", "check"]);
    assert!(!check.stderr.contains("would change"), "{}", check.stderr);
    assert!(plan_text(&repo).contains("- A new claim about `src/lib.rs:3`."));
}

/// The user edits the plan while a rebuild is in flight (rendered, not yet written): the
/// render is dropped, the user's text stays byte for byte, and the next rebuild starts
/// from it. The watch's test gate holds the rebuild in that window, so no timing decides.
#[test]
fn an_edit_during_a_rebuild_is_never_overwritten() {
    let repo = repo();
    let gate = repo.child("gate");
    let open_gate = |watching: &mut Watching| {
        watching.wait_for(|line| line.starts_with("[watch-test] rendered"));
        std::fs::write(&gate, "").unwrap();
    };
    let mut command = repo.plan(&["watch", "--debounce", "20"]);
    command.env("PLAN_TEST_WATCH_GATE", &gate);
    let mut watching = Watching::spawn(command);
    open_gate(&mut watching);
    watching.wait_for(|line| line.contains("initial build"));

    // The code moves: the rebuild renders new line numbers and waits at the gate.
    repo.write("src/lib.rs", "\n\npub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.starts_with("[watch-test] rendered"));
    let edited =
        plan_text(&repo).replace("- Reading", "- A claim written meanwhile, `src/lib.rs:3`.\n- Reading");
    repo.write("PLAN.md", &edited);
    std::fs::write(&gate, "").unwrap();
    watching.wait_for(|line| line.contains("the plan changed during the rebuild"));
    assert_eq!(plan_text(&repo), edited, "the stale render was not written");

    // The rebuild from the user's text keeps the new claim (written against the moved
    // code, so it stays) and moves the citations written before the move, once the plan
    // has been left alone for a while (each look again passes the gate).
    while !watching
        .wait_for(|line| line.contains("wrote the plan") || line.contains("[watch-test] rendered"))
        .contains("wrote the plan")
    {
        std::fs::write(&gate, "").unwrap();
    }
    assert_eq!(
        plan_text(&repo),
        edited.replace("`src/lib.rs:1`", "`src/lib.rs:3`").replace("`src/lib.rs:3-5`", "`src/lib.rs:5-7`")
    );
    assert_eq!(watching.interrupt(), 0);
}

/// A cited function deleted, then restored: the watch says so at once (PLAN061 appears),
/// marks the claim once it stayed stale for `--mark-after` (1 s), and removes its own
/// marker when the code is back.
#[test]
fn a_marker_the_watch_wrote_goes_when_the_code_comes_back() {
    let repo = repo();
    let mut watching = Watching::start(&repo);
    repo.write("src/lib.rs", "pub struct Store;\n");
    watching.wait_for(|line| line.starts_with("  + PLAN.md:") && line.contains("error[PLAN061]"));
    watching.wait_for(|line| line.contains("stale after a quiet period; wrote the plan"));
    assert!(plan_text(&repo).contains("UNVERIFIED"), "{}", plan_text(&repo));
    repo.write("src/lib.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("wrote the plan"));
    watching.wait_for(|line| line.starts_with("  - PLAN.md:") && line.contains("error[PLAN061]"));
    assert!(!plan_text(&repo).contains("UNVERIFIED"), "{}", plan_text(&repo));
    assert_eq!(watching.interrupt(), 0);
    assert_eq!(repo.run(&["check", "-q"]).code, 0);
}

/// The plan removed (a checkout from before it), then any edit: the watch says it waits,
/// and goes on when the plan is back.
#[test]
fn a_missing_plan_is_waited_for() {
    let repo = repo();
    let mut watching = Watching::start(&repo);
    let text = plan_text(&repo);
    std::fs::remove_file(repo.child("PLAN.md")).unwrap();
    watching.wait_for(|line| line.starts_with("warning: no plan at") && line.contains("waiting for it"));
    repo.write("src/other.rs", "pub fn other() {}\n");
    repo.write("PLAN.md", &text);
    watching.wait_for(|line| line.contains("plan back"));
    repo.write("src/lib.rs", "\n\npub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("wrote the plan"));
    assert_eq!(watching.interrupt(), 0);
}

/// A cycle typed into section I: the watch prints PLAN040, compact, rustc style.
#[test]
fn the_watch_prints_the_diagnostics_that_appear() {
    let repo = TestRepo::new();
    repo.write("PLAN.md", crate::check::VALID);
    crate::check::write_cited_files(&repo);
    assert_eq!(repo.run(&["build", "-q"]).code, 0);
    let mut watching = Watching::start(&repo);
    repo.write("PLAN.md", plan_text(&repo).replacen("- PR2 -> PR3", "- PR2 -> PR3\n- PR3 -> PR2", 1));
    let line = watching.wait_for(|line| line.contains("[PLAN040]"));
    assert!(line.starts_with("  + PLAN.md:") && line.contains(": error[PLAN040]: "), "{line}");
    assert_eq!(watching.interrupt(), 0);
}

/// Marking waits for a quiet period (`--mark-after`): a stale citation is reported at once
/// but marked only if it stays stale; stopped before that, the watch leaves the plan as
/// `plan build` would.
#[test]
fn marking_waits_for_a_quiet_period() {
    let repo = repo();
    let mut watching = Watching::spawn(repo.plan(&["watch", "--debounce", "20", "--mark-after", "600000"]));
    watching.wait_for(|line| line.contains("initial build"));
    repo.write("src/lib.rs", "pub struct Store;\n");
    watching.wait_for(|line| line.contains("error[PLAN061]"));
    assert!(!plan_text(&repo).contains("UNVERIFIED"), "{}", plan_text(&repo));
    assert_eq!(watching.interrupt(), 0);
    assert!(plan_text(&repo).contains("- Reading `src/lib.rs:3-5` UNVERIFIED."), "{}", plan_text(&repo));
}

/// A micro-plan's citations are kept fresh by the watch too: code that moved is rewritten
/// in the micro-plan and its lock, and that write comes back rebuilding nothing.
#[test]
fn the_watch_rewrites_a_micro_plans_citations() {
    let repo = repo();
    let micro = "<!-- plan: task PR1 -->\n# PR1\n\n## Design notes\n\n- Reads with `src/lib.rs:3-5`.\n";
    repo.write("plans/pr1.md", micro);
    // The skeleton lacks the profile's sections (errors), which changes nothing here.
    let built = repo.run(&["build"]);
    assert!(built.stderr.contains("rewrote the lock of plans/pr1.md"), "{}", built.stderr);
    let mut watching = Watching::start(&repo);
    repo.write("src/lib.rs", "// moved\npub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
    watching.wait_for(|line| line.contains("rewrote plans/pr1.md and its lock"));
    watching.wait_for(|line| line.contains("wrote the plan"));
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert_eq!(text, micro.replace("src/lib.rs:3-5", "src/lib.rs:4-6"));
    // No rebuild after ours (the delta of the rebuild that wrote may still be printed).
    let after_write = watching.said_within(Duration::from_secs(1));
    assert!(after_write.iter().all(|line| !line.starts_with("[watch]")), "{after_write:?}");
    // An edit of the micro-plan is rebuilt: its diagnostics appear.
    repo.write("plans/pr1.md", text.replace("plan: task", "plan: epic"));
    let line = watching.wait_for(|line| line.contains("[PLAN090]"));
    assert!(line.starts_with("  + plans/pr1.md:1:"), "{line}");
    assert_eq!(watching.interrupt(), 0);
}

/// A micro-plan's stale citation is marked after the quiet period too, though the plan's
/// own citations are all fresh.
#[test]
fn the_watch_marks_a_micro_plans_stale_citation_after_a_quiet_period() {
    let repo = repo();
    repo.write("src/other.rs", "pub fn other() -> u32 {\n    2\n}\n");
    let micro =
        "<!-- plan: task PR1 -->\n# PR1\n\n## Design notes\n\n- Other returns two (`src/other.rs:1-3`).\n";
    repo.write("plans/pr1.md", micro);
    repo.run(&["build"]);
    let mut watching = Watching::spawn(repo.plan(&["watch", "--mark-after", "200"]));
    watching.wait_for(|line| line.contains("initial build"));
    repo.write("src/other.rs", "// gone\n");
    watching.wait_for(|line| line.contains("stale after a quiet period"));
    let text = std::fs::read_to_string(repo.child("plans/pr1.md")).unwrap();
    assert!(text.contains("(`src/other.rs:1-3` UNVERIFIED)"), "{text}");
    assert_eq!(watching.interrupt(), 0);
}

/// A change is answered without the recon, which ranks the whole tree; the recon follows
/// in a pass of its own, said only when it writes: here a file of a new language.
#[test]
fn the_recon_follows_a_change_in_a_pass_of_its_own() {
    let repo = repo();
    let with_recon = format!("{}\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n", plan_text(&repo));
    repo.write("PLAN.md", &with_recon);
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(!plan_text(&repo).contains("python"), "{}", plan_text(&repo));
    let mut watching = Watching::start(&repo);
    repo.write("src/tool.py", "def tool():\n    return 1\n");
    let line = watching.wait_for(|line| line.contains("recon; wrote the plan (section B)"));
    assert!(line.starts_with("[watch] recon;"), "{line}");
    let quick = watching.seen.iter().filter(|line| line.contains("changed; plan unchanged")).count();
    assert!(quick >= 1, "the change was answered before the recon:\n{}", watching.seen.join("\n"));
    assert!(plan_text(&repo).contains("python"), "{}", plan_text(&repo));
    // As `plan build` has it: nothing left to rebuild.
    assert_eq!(watching.interrupt(), 0);
    let built = repo.run(&["build"]);
    assert!(!built.stderr.contains("rewrote PLAN.md"), "{}", built.stderr);
}

/// An edit after which the recon reads every file as before (here code moved down a line)
/// is answered in one rebuild: the recon, verified without running again, is rendered with
/// the new lines, and no recon pass follows.
#[test]
fn an_edit_the_recon_reads_as_before_is_answered_in_one_rebuild() {
    let repo = TestRepo::new();
    let lib = "pub struct Store;\n\npub trait Load {\n    fn load(&self);\n}\n";
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("src/lib.rs", lib)
        .write("src/user.rs", "use crate::{Load, Store};\n\npub fn a(_: Store) {}\n\nimpl Load for Store {\n    fn load(&self) {}\n}\n")
        .write("PLAN.md", "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n");
    assert_eq!(repo.run(&["build"]).code, 0);
    assert!(plan_text(&repo).contains("trait `Load` `src/lib.rs:3-5`"), "{}", plan_text(&repo));
    let mut watching = Watching::start(&repo);
    repo.write("src/lib.rs", format!("// moved down\n{lib}"));
    let line = watching.wait_for(|line| line.contains("wrote the plan"));
    assert!(line.starts_with("[watch] 1 file changed; wrote the plan (section B)"), "{line}");
    let text = plan_text(&repo);
    assert!(text.contains("trait `Load` `src/lib.rs:4-6`") && !text.contains("src/lib.rs:3-5"), "{text}");
    let after = watching.said_within(Duration::from_millis(500));
    assert!(after.is_empty(), "no recon pass follows: {after:?}");
    assert_eq!(watching.interrupt(), 0);
}
