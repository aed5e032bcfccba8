//! Finding the repository root.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// `--root` if given, else the enclosing git work tree, else the current directory.
pub(crate) fn find(explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(root) = explicit {
        return Ok(root.to_path_buf());
    }
    let cwd = std::env::current_dir().context("failed to read the current directory")?;
    Ok(enclosing_work_tree(&cwd).unwrap_or(cwd))
}

/// The nearest ancestor of `start` (itself included) holding a `.git` directory or file.
fn enclosing_work_tree(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| dir.join(".git").exists()).map(Path::to_path_buf)
}
