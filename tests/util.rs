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
