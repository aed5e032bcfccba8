//! Finding and reading the plan document.

use std::path::{Path, PathBuf};

use anyhow::Context;
use engine::{Database, PlanFile};

use crate::args::GlobalArgs;
use crate::config::{self, Config};

/// The plan loaded into a database (for commands that need no source files).
pub(crate) struct LoadedPlan {
    pub(crate) db: Database,
    pub(crate) plan: PlanFile,
}

/// `--plan`, else `plan` in `plan.toml`, else `PLAN.md` under the root.
pub(crate) fn plan_path(global: &GlobalArgs, root: &Path, config: &Config) -> PathBuf {
    match (&global.plan, &config.plan) {
        (Some(path), _) => path.clone(),
        (None, Some(path)) => root.join(path),
        (None, None) => root.join("PLAN.md"),
    }
}

pub(crate) fn load(global: &GlobalArgs) -> anyhow::Result<LoadedPlan> {
    let root = crate::root::find(global.root.as_deref())?;
    let root = engine::load::canonical_root(&root)?;
    let config = config::load(&root)?;
    let path = plan_path(global, &root, &config);
    let text = engine::load::read_document(&path)?.with_context(|| {
        format!("no plan at {} (create one with `plan init`, or name it with --plan)", path.display())
    })?;
    let display_path = display(&root, &path);
    let mut db = Database::in_memory();
    let plan = db.set_plan(&display_path, &text);
    Ok(LoadedPlan { db, plan })
}

pub(crate) fn display(root: &Path, path: &Path) -> String {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or(path.to_path_buf())
    };
    let canonical = absolute
        .parent()
        .and_then(|parent| parent.canonicalize().ok())
        .map(|parent| parent.join(absolute.file_name().unwrap_or_default()))
        .unwrap_or(absolute);
    canonical
        .strip_prefix(root)
        .map(|relative| relative.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string_lossy().into_owned())
}
