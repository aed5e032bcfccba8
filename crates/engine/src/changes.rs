//! Applying a batch of file-system changes to the inputs.

use std::path::{Path, PathBuf};

use crate::db::{Database, Db};
use crate::inputs::{FileContents, RelPath};
use crate::load;

/// A change observed in the repository, in engine terms. Paths are absolute or relative to
/// the root; paths outside the root are ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeEvent {
    /// A file was created or modified (or a directory was created).
    Changed(PathBuf),
    /// A file or a directory was removed.
    Removed(PathBuf),
    /// Anything may have changed: walk the whole tree again (after an event overflow, a
    /// change to an ignore file, or a branch switch).
    Rescan,
}

/// What a batch of changes did to the inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeSummary {
    /// Files whose contents or existence changed.
    pub changed_files: usize,
    /// Whether the batch was handled by a full rescan.
    pub rescanned: bool,
}

/// File names whose change can alter which files are walked.
const IGNORE_FILES: &[&str] = &[".gitignore", ".ignore", "exclude"];

impl Database {
    /// Applies `changes` to the inputs in one batch. Re-reads only the files named, sets
    /// only values that differ from the current ones, and falls back to one full rescan
    /// when the batch asks for it or touches an ignore file. Does nothing for an in-memory
    /// database.
    pub fn apply_changes(&mut self, changes: &[ChangeEvent]) -> ChangeSummary {
        let Some(root) = self.root_path() else { return ChangeSummary::default() };
        let _span = tracing::info_span!("apply_changes", count = changes.len()).entered();
        let needs_rescan = changes.iter().any(|change| match change {
            ChangeEvent::Rescan => true,
            ChangeEvent::Changed(path) | ChangeEvent::Removed(path) => path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| IGNORE_FILES.contains(&name)),
        });
        if needs_rescan {
            let loaded = load::walk(&root, &self.config().clone(), &[]);
            let changed_files = self.replace_all(loaded.files, loaded.problems);
            return ChangeSummary { changed_files, rescanned: true };
        }

        let mut updates: Vec<(RelPath, FileContents)> = Vec::new();
        for change in changes {
            let (ChangeEvent::Changed(path) | ChangeEvent::Removed(path)) = change else { continue };
            if path.file_name().and_then(|name| name.to_str()).is_some_and(crate::write::is_temporary) {
                // `plan`'s own atomic writes: never a file of the tree.
                continue;
            }
            let Some(relative) = relative_path(&root, path) else { continue };
            updates.extend(self.refresh(&root, &relative));
        }
        // The last word on a path wins: a batch may change and then remove it.
        updates.reverse();
        let mut seen = std::collections::HashSet::new();
        updates.retain(|(path, _)| seen.insert(path.clone()));
        let changed_files = self.set_edited_files(updates);
        ChangeSummary { changed_files, rescanned: false }
    }

    /// The input of the file a change event names (an absolute path under the root, or
    /// a relative one), if the file is known.
    pub fn file_at(&self, path: &Path) -> Option<crate::SourceFile> {
        let root = self.root_path()?;
        self.file(&relative_path(&root, path)?)
    }

    /// The new contents of `path` and, when it is (or was) a directory, of every known
    /// file below it.
    fn refresh(&self, root: &Path, path: &RelPath) -> Vec<(RelPath, FileContents)> {
        let absolute = root.join(path.as_str());
        if absolute.is_dir() {
            let loaded = load::walk(root, self.config(), std::slice::from_ref(path));
            let mut updates: Vec<(RelPath, FileContents)> = self
                .known_paths_below(path)
                .into_iter()
                .filter(|known| !loaded.files.iter().any(|(found, _)| found == known))
                .map(|known| (known, FileContents::Missing))
                .collect();
            updates.extend(loaded.files);
            return updates;
        }
        let contents = if self.file(path).is_some() || load::is_included(root, path) {
            load::read_path(root, path, self.config())
        } else {
            // New and ignored (or gone): nothing to track.
            FileContents::Missing
        };
        let mut updates = vec![(path.clone(), contents.clone())];
        if contents == FileContents::Missing {
            // A removed directory arrives as a removed path with files below it.
            updates
                .extend(self.known_paths_below(path).into_iter().map(|known| (known, FileContents::Missing)));
        }
        updates
    }

    /// The listed files below `dir`: a range of the sorted file list, found by binary
    /// search (every removed or unknown path asks, and at 100k files a scan of every known
    /// path per event cost a watch tens of milliseconds per write of its own temp files).
    fn known_paths_below(&self, dir: &RelPath) -> Vec<RelPath> {
        crate::inputs::paths_below(self.workspace().paths(self), dir.as_str()).to_vec()
    }
}

fn relative_path(root: &Path, path: &Path) -> Option<RelPath> {
    let relative = if path.is_absolute() { path.strip_prefix(root).ok()? } else { path };
    RelPath::new(relative.to_str()?)
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::Db;
    use crate::load::LoadConfig;

    fn listing(db: &Database) -> Vec<String> {
        db.workspace()
            .files(db)
            .iter()
            .map(|file| format!("{}={:?}", file.path(db), file.contents(db).text().unwrap_or("<skipped>")))
            .collect()
    }

    #[test]
    fn changes_are_applied_in_one_batch_and_equal_values_are_not_set() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.rs"), "a").unwrap();
        fs::write(dir.path().join(".gitignore"), "ignored.rs\n").unwrap();
        let mut db = Database::load(dir.path(), LoadConfig::default(), &[]).unwrap();
        let root = db.root().unwrap().to_path_buf();
        assert_eq!(listing(&db), [r#".gitignore="ignored.rs\n""#, r#"a.rs="a""#]);

        // Touching a file without changing it sets nothing.
        let summary = db.apply_changes(&[ChangeEvent::Changed(root.join("a.rs"))]);
        assert_eq!(summary, ChangeSummary { changed_files: 0, rescanned: false });

        fs::write(root.join("a.rs"), "a2").unwrap();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/b.rs"), "b").unwrap();
        fs::write(root.join("ignored.rs"), "i").unwrap();
        let summary = db.apply_changes(&[
            ChangeEvent::Changed(root.join("a.rs")),
            ChangeEvent::Changed(root.join("sub")),
            ChangeEvent::Changed(root.join("ignored.rs")),
            ChangeEvent::Changed(PathBuf::from("/elsewhere/x.rs")),
        ]);
        assert_eq!(summary, ChangeSummary { changed_files: 2, rescanned: false });
        assert_eq!(listing(&db), [r#".gitignore="ignored.rs\n""#, r#"a.rs="a2""#, r#"sub/b.rs="b""#]);

        fs::remove_dir_all(root.join("sub")).unwrap();
        let summary = db.apply_changes(&[ChangeEvent::Removed(root.join("sub"))]);
        assert_eq!(summary, ChangeSummary { changed_files: 1, rescanned: false });
        assert_eq!(listing(&db), [r#".gitignore="ignored.rs\n""#, r#"a.rs="a2""#]);

        // A removed file that comes back reuses its input.
        let input = db.file(&RelPath::new("a.rs").unwrap()).unwrap();
        fs::remove_file(root.join("a.rs")).unwrap();
        db.apply_changes(&[ChangeEvent::Removed(root.join("a.rs"))]);
        assert_eq!(listing(&db), [r#".gitignore="ignored.rs\n""#]);
        fs::write(root.join("a.rs"), "a3").unwrap();
        db.apply_changes(&[ChangeEvent::Changed(root.join("a.rs"))]);
        assert_eq!(db.file(&RelPath::new("a.rs").unwrap()), Some(input));
    }

    #[test]
    fn an_ignore_file_change_rescans() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.rs"), "a").unwrap();
        fs::write(dir.path().join("b.rs"), "b").unwrap();
        let mut db = Database::load(dir.path(), LoadConfig::default(), &[]).unwrap();
        let root = db.root().unwrap().to_path_buf();
        fs::write(root.join(".gitignore"), "b.rs\n").unwrap();
        let summary = db.apply_changes(&[ChangeEvent::Changed(root.join(".gitignore"))]);
        assert!(summary.rescanned);
        assert_eq!(listing(&db), [r#".gitignore="b.rs\n""#, r#"a.rs="a""#]);
        let summary = db.apply_changes(&[ChangeEvent::Rescan]);
        assert_eq!(summary, ChangeSummary { changed_files: 0, rescanned: true });
    }

    #[test]
    fn the_temporary_files_of_atomic_writes_are_never_files_of_the_tree() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.rs"), "a").unwrap();
        fs::write(dir.path().join(".PLAN.md.plan-tmp-1"), "left over").unwrap();
        let mut db = Database::load(dir.path(), LoadConfig::default(), &[]).unwrap();
        let root = db.root().unwrap().to_path_buf();
        assert_eq!(listing(&db), [r#"a.rs="a""#]);
        fs::write(root.join(".PLAN.lock.plan-tmp-2"), "being written").unwrap();
        let summary = db.apply_changes(&[
            ChangeEvent::Changed(root.join(".PLAN.lock.plan-tmp-2")),
            ChangeEvent::Removed(root.join(".PLAN.md.plan-tmp-1")),
        ]);
        assert_eq!(summary, ChangeSummary { changed_files: 0, rescanned: false });
        assert_eq!(listing(&db), [r#"a.rs="a""#]);
    }
}
