//! A generated monorepo for the benchmarks, from `scripts/gen-monorepo.py` (needs python3).
//! Included by the bench targets with `#[path]`; not a target itself.

use std::path::Path;

/// A temporary monorepo of `files` source files with a PLAN.md; removed when dropped.
pub(crate) fn generate(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/gen-monorepo.py");
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(dir.path())
        .args(["--files", &files.to_string()])
        .status()
        .expect("python3 runs the generator");
    assert!(status.success(), "the generator failed");
    dir
}
