//! A temporary repository builder and a runner for the `plan` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub(crate) struct TestRepo {
    dir: tempfile::TempDir,
}

impl TestRepo {
    pub(crate) fn new() -> TestRepo {
        TestRepo { dir: tempfile::tempdir().expect("a temporary directory") }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn child(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file, creating its parent directories.
    pub(crate) fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> &TestRepo {
        let path = self.child(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("parent directories");
        std::fs::write(&path, bytes).expect("a written file");
        self
    }

    /// A command running `plan` with `--root` set to this repository.
    pub(crate) fn plan(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_plan"));
        command
            .arg("--root")
            .arg(self.path())
            .args(args)
            .env_remove("PLAN_LOG")
            .env_remove("PLAN_CACHE_DIR")
            .env("NO_COLOR", "1")
            .current_dir(self.path())
            .stdin(Stdio::null());
        command
    }

    pub(crate) fn run(&self, args: &[&str]) -> Run {
        Run::from(self.plan(args).output().expect("plan runs"))
    }
}

/// The outcome of one run of `plan`.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!("stdout is not JSON ({error}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }
}

/// A small deterministic generator for the kill tests: the delays it gives only spread the
/// kills over a run (no timing is asserted).
pub(crate) struct Lcg(pub(crate) u64);

impl Lcg {
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound.max(1)
    }
}

/// What a kill left of a plan and its lock: wholly old, the new plan with the old lock (the
/// plan is written first), or wholly new. Anything else, a torn file or a lock newer than
/// its plan, fails the test.
pub(crate) fn kill_state<T: AsRef<[u8]> + PartialEq>(
    (plan, lock): (&T, &T),
    (old_plan, old_lock): (&T, &T),
    (new_plan, new_lock): (&T, &T),
) -> &'static str {
    match (plan == old_plan, plan == new_plan, lock == old_lock, lock == new_lock) {
        (true, _, true, _) => "old plan, old lock",
        (_, true, true, _) => "new plan, old lock",
        (_, true, _, true) => "new plan, new lock",
        _ => panic!(
            "torn or out of order:\n{}\n---\n{}",
            String::from_utf8_lossy(plan.as_ref()),
            String::from_utf8_lossy(lock.as_ref())
        ),
    }
}
