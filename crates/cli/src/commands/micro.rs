//! Micro-plans on the command line: discovery (`[documents] micro_plans` globs in
//! `plan.toml`, default `plans/**/*.md`), their diagnostics after `plan check`, and
//! `plan status`.

use std::io::{self, Write};
use std::path::Path;

use engine::{Database, LockFile, PlanFile};

use crate::Outcome;
use crate::args::{GlobalArgs, StatusArgs, StatusFormat};
use crate::output;
use crate::session::Session;

/// Directories deeper than this below the root are not searched for micro-plans.
const MAX_DEPTH: usize = 16;

/// The macro plan and every micro-plan, with its lock, in one database over the
/// repository (their citations resolve against it).
pub(crate) struct Loaded {
    pub(crate) db: Database,
    pub(crate) macro_plan: PlanFile,
    pub(crate) micros: Vec<(PlanFile, LockFile)>,
    pub(crate) root: std::path::PathBuf,
}

/// Reads the repository, the macro plan and the micro-plans `plan.toml` points at.
pub(crate) fn load(global: &GlobalArgs) -> anyhow::Result<Loaded> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (text, _) = documents.read_plan()?;
    let mut db = session.load_database()?;
    let macro_plan = db.set_plan(&documents.display_path, &text);
    let mut micros = Vec::new();
    for document in read_all(Some(global), &session) {
        micros.push(document.set(&mut db));
    }
    Ok(Loaded { db, macro_plan, micros, root: session.root })
}

/// A micro-plan and its lock as read from disk.
pub(crate) struct MicroDocument {
    /// Relative to the root, `/`-separated.
    pub(crate) path: String,
    pub(crate) text: String,
    /// Empty when there is no lock.
    pub(crate) lock_text: String,
}

impl MicroDocument {
    /// Sets the micro-plan and its lock in `db`.
    pub(crate) fn set(&self, db: &mut Database) -> (PlanFile, LockFile) {
        (db.set_micro_plan(&self.path, &self.text), db.set_micro_lock(&self.path, &self.lock_text))
    }
}

/// `plans/pr3.md` → `plans/pr3.lock`.
pub(crate) fn lock_path(path: &str) -> String {
    Path::new(path).with_extension("lock").to_string_lossy().replace('\\', "/")
}

/// Every micro-plan `plan.toml` points at, with its lock (`plans/pr3.lock` beside
/// `plans/pr3.md`). One that cannot be read (not UTF-8, too large) is named in a warning
/// (when `global` is given) and left out: it never stops the macro plan's build.
pub(crate) fn read_all(global: Option<&GlobalArgs>, session: &Session) -> Vec<MicroDocument> {
    let mut out = Vec::new();
    for path in discover(&session.root, &session.config.micro_plans) {
        let read = |path: &str| engine::load::read_document(&session.root.join(path));
        match (read(&path), read(&lock_path(&path))) {
            (Ok(Some(text)), Ok(lock)) => {
                out.push(MicroDocument { path, text, lock_text: lock.unwrap_or_default() })
            }
            (Ok(None), _) => {}
            (Err(error), _) | (_, Err(error)) => {
                if let Some(global) = global {
                    output::warn(global, &format!("{error:#}; the micro-plan {path} is left out"));
                }
            }
        }
    }
    out
}

/// The files under `root` matching one of `patterns`, as sorted `/`-separated paths.
pub(crate) fn discover(root: &Path, patterns: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for pattern in patterns {
        let fixed: Vec<&str> = pattern.split('/').take_while(|part| !part.contains('*')).collect();
        let start = fixed.join("/");
        walk(root, &start, 0, &mut |path| {
            if queries::glob_match(pattern, path) {
                found.push(path.to_owned());
            }
        });
    }
    found.sort();
    found.dedup();
    found
}

fn walk(root: &Path, relative: &str, depth: usize, on_file: &mut dyn FnMut(&str)) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root.join(relative)) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let path = if relative.is_empty() { name } else { format!("{relative}/{name}") };
        // `file_type` does not follow symbolic links: a linked directory is never entered.
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(root, &path, depth + 1, on_file),
            Ok(kind) if kind.is_file() => on_file(&path),
            _ => {}
        }
    }
}

/// `plan status`.
pub(crate) fn status(global: &GlobalArgs, args: &StatusArgs) -> anyhow::Result<Outcome> {
    let loaded = load(global)?;
    let rows = queries::status_rows(&loaded.db, loaded.macro_plan, &loaded.micros);
    let mut stdout = io::stdout().lock();
    match args.format {
        StatusFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &rows).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        StatusFormat::Text | StatusFormat::Markdown => {
            stdout.write_all(queries::render_status(&rows).as_bytes())?
        }
    }
    stdout.flush()?;
    let inconsistent = rows.iter().any(|row| !row.merged_before.is_empty());
    Ok(if inconsistent { Outcome::ProblemsFound } else { Outcome::Clean })
}

/// `PR3`, `pr3` or `3`.
pub(crate) fn pr_number(text: &str) -> anyhow::Result<u32> {
    let digits = text.trim().trim_start_matches(['P', 'p']).trim_start_matches(['R', 'r']);
    digits.parse().map_err(|_| anyhow::anyhow!("`{text}` is not a PR; write it `PR3` or `3`"))
}

/// `plan init --profile P --pr PRn`: writes `plans/prN.md` (refuses to overwrite without
/// `--force`).
pub(crate) fn init(global: &GlobalArgs, profile: &str, pr: &str, force: bool) -> anyhow::Result<Outcome> {
    let number = pr_number(pr)?;
    let loaded = load(global)?;
    let skeleton = queries::micro_skeleton(&loaded.db, loaded.macro_plan, profile, number)
        .map_err(|message| anyhow::anyhow!("{message}"))?;
    let path = loaded.root.join("plans").join(format!("pr{number}.md"));
    if path.exists() && !force {
        anyhow::bail!("{} exists; pass --force to overwrite it", path.display());
    }
    std::fs::create_dir_all(loaded.root.join("plans"))?;
    engine::write::write_atomic(&path, skeleton.as_bytes())
        .map_err(|error| anyhow::anyhow!("failed to write {}: {error}", path.display()))?;
    output::note(global, &format!("wrote {}; `plan check` lists what is left to write", path.display()));
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    #[test]
    fn globs_match_directories_and_names() {
        let cases = [
            ("plans/**/*.md", "plans/pr3.md", true),
            ("plans/**/*.md", "plans/a/b/pr3.md", true),
            ("plans/**/*.md", "plans/pr3.txt", false),
            ("plans/**/*.md", "other/pr3.md", false),
            ("docs/pr*.md", "docs/pr3.md", true),
            ("docs/pr*.md", "docs/x/pr3.md", false),
        ];
        let got: Vec<bool> =
            cases.iter().map(|(pattern, path, _)| queries::glob_match(pattern, path)).collect();
        let want: Vec<bool> = cases.iter().map(|case| case.2).collect();
        assert_eq!(got, want);
    }
}
