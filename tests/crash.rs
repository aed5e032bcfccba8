//! Crash safety: `plan build` killed (SIGKILL) at hundreds of points of a build that
//! rewrites citations leaves the plan wholly old or wholly new, its lock parseable and
//! never newer than the plan.

use crate::util::{Lcg, TestRepo, kill_state};

const STORE: &str = "pub struct Store {\n    items: Vec<u32>,\n}\n\nimpl Store {\n    pub fn get(&self, index: usize) -> Option<u32> {\n        self.items.get(index).copied()\n    }\n\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n";

const PLAN: &str = "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n\n- `Store::get` reads one item (`src/store.rs:6-8`).\n- Its length: `src/store.rs:10-12`.\n- The struct: src/store.rs:1.\n";

#[test]
fn a_build_killed_anywhere_leaves_the_old_or_the_new_plan() {
    let repo = TestRepo::new();
    repo.write("plan.toml", "[rules]\nmissing-section = \"allow\"\n")
        .write("src/store.rs", STORE)
        .write("PLAN.md", PLAN);
    let read = |name: &str| std::fs::read(repo.child(name)).unwrap();
    assert_ne!(repo.run(&["build"]).code, 2);
    let (old_plan, old_lock) = (read("PLAN.md"), read("PLAN.lock"));
    // Code moves: the next build rewrites every citation and the lock.
    repo.write("src/store.rs", format!("//! The store.\n\nuse std::vec::Vec;\n{STORE}"));
    let reset = || {
        std::fs::write(repo.child("PLAN.md"), &old_plan).unwrap();
        std::fs::write(repo.child("PLAN.lock"), &old_lock).unwrap();
        let _ = std::fs::remove_dir_all(repo.child(".plan"));
    };
    let started = std::time::Instant::now();
    assert_ne!(repo.run(&["build"]).code, 2);
    let full_run = started.elapsed().as_micros() as u64;
    let (new_plan, new_lock) = (read("PLAN.md"), read("PLAN.lock"));
    assert_ne!(new_plan, old_plan);
    assert_ne!(new_lock, old_lock);

    let mut random = Lcg(17);
    let mut seen = std::collections::BTreeMap::new();
    for _ in 0..300 {
        reset();
        let mut child = repo
            .plan(&["build", "-q"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_micros(random.below(full_run + full_run / 4)));
        let _ = child.kill();
        child.wait().unwrap();
        let (plan, lock) = (read("PLAN.md"), read("PLAN.lock"));
        let state = kill_state((&plan, &lock), (&old_plan, &old_lock), (&new_plan, &new_lock));
        *seen.entry(state).or_insert(0) += 1;
    }
    // Whatever state a kill left, the next build ends at the new plan and lock.
    let last = repo.run(&["build"]);
    assert_ne!(last.code, 2, "{}", last.stderr);
    assert_eq!((read("PLAN.md"), read("PLAN.lock")), (new_plan, new_lock));
    assert!(seen.len() >= 2, "the kills all landed in one state: {seen:?}");
}
