//! Loading a repository from disk: walking it the way git sees it and reading its files.
//!
//! The walk honours `.gitignore`, `.ignore` and `.git/info/exclude` (with or without a git
//! repository), includes hidden files, and skips version-control and `plan`'s own
//! directories. It never follows a symbolic link: a link to a file inside the root is read
//! under the link's path; a link to a directory, to a path outside the root, or into a loop
//! is reported and skipped. Reading runs in parallel and checks size before reading, so a
//! huge file costs one `stat`.

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::inputs::{FileContents, Problem, RelPath, SkipReason};

/// Directories never walked, whatever the ignore files say.
const ALWAYS_SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".jj", ".plan", ".svn"];

/// How many leading bytes decide whether a file is binary (git uses the same window).
const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Settings of the loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadConfig {
    /// Files larger than this many bytes are reported and not read.
    pub max_file_size: u64,
}

impl LoadConfig {
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 2 * 1024 * 1024;
}

impl Default for LoadConfig {
    fn default() -> Self {
        LoadConfig { max_file_size: Self::DEFAULT_MAX_FILE_SIZE }
    }
}

/// A failure that prevents loading at all (as opposed to a file that cannot be read,
/// which is reported and skipped).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("root {path} cannot be opened: {source}")]
    Root { path: PathBuf, source: io::Error },
    #[error("root {path} is not a directory")]
    RootNotADirectory { path: PathBuf },
    #[error("{path} is outside the root {root}")]
    OutsideRoot { path: PathBuf, root: PathBuf },
    #[error("{path} does not exist")]
    NoSuchPath { path: PathBuf },
}

/// The result of a walk: every file found with what could be read of it, sorted by path,
/// and every path that could not even be listed as a file.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<(RelPath, FileContents)>,
    pub problems: Vec<Problem>,
}

/// Canonicalizes `root` and checks that it is a directory.
pub fn canonical_root(root: &Path) -> Result<PathBuf, LoadError> {
    let canonical =
        fs::canonicalize(root).map_err(|source| LoadError::Root { path: root.to_path_buf(), source })?;
    if !canonical.is_dir() {
        return Err(LoadError::RootNotADirectory { path: root.to_path_buf() });
    }
    Ok(canonical)
}

/// Turns a user-supplied path (absolute, or relative to `cwd`) into a path relative to
/// `root`. The path must exist and lie inside the root; `None` means the root itself.
pub fn relative_to_root(root: &Path, cwd: &Path, path: &Path) -> Result<Option<RelPath>, LoadError> {
    let joined = cwd.join(path);
    let canonical = match fs::canonicalize(&joined) {
        Ok(canonical) => canonical,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(LoadError::NoSuchPath { path: path.to_path_buf() });
        }
        Err(source) => return Err(LoadError::Root { path: path.to_path_buf(), source }),
    };
    let Ok(relative) = canonical.strip_prefix(root) else {
        return Err(LoadError::OutsideRoot { path: path.to_path_buf(), root: root.to_path_buf() });
    };
    if relative.as_os_str().is_empty() {
        return Ok(None);
    }
    let Some(text) = relative.to_str() else {
        return Err(LoadError::NoSuchPath { path: path.to_path_buf() });
    };
    Ok(RelPath::new(text))
}

/// Walks `root` (canonical), or only the parts of it named by `scope` when it is not
/// empty, and reads every file found.
pub fn walk(root: &Path, config: &LoadConfig, scope: &[RelPath]) -> Loaded {
    let _span = tracing::info_span!("walk", root = %root.display()).entered();
    let (entries, mut problems) = list(root, scope);
    let mut files: Vec<(RelPath, FileContents)> = Vec::with_capacity(entries.len());
    let read: Vec<(RelPath, Result<FileContents, SkipReason>)> = entries
        .into_par_iter()
        .map(|entry| {
            let contents = match entry.kind {
                EntryKind::File => read_file(&root.join(entry.path.as_str()), config),
                EntryKind::Symlink => read_symlink(root, &root.join(entry.path.as_str()), config),
            };
            (entry.path, contents)
        })
        .collect();
    for (path, contents) in read {
        match contents {
            Ok(FileContents::Missing) => {}
            Ok(contents) => files.push((path, contents)),
            Err(reason) => problems.push(Problem { path: path.to_string(), reason }),
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    tracing::debug!(files = files.len(), problems = problems.len(), "walked");
    Loaded { files, problems }
}

/// Whether the walker would include `path` (relative to `root`): it exists, is a file or a
/// symlink, and no ignore rule excludes it or any of its parents.
pub fn is_included(root: &Path, path: &RelPath) -> bool {
    let (entries, _) = list(root, std::slice::from_ref(path));
    entries.iter().any(|entry| &entry.path == path)
}

/// Reads one file the way the walker does. Returns `Missing` when it does not exist.
pub fn read_path(root: &Path, path: &RelPath, config: &LoadConfig) -> FileContents {
    let absolute = root.join(path.as_str());
    match fs::symlink_metadata(&absolute) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => FileContents::Missing,
        Err(error) => FileContents::Skipped(SkipReason::Unreadable(error.to_string())),
        Ok(metadata) if metadata.file_type().is_symlink() => {
            read_symlink(root, &absolute, config).unwrap_or_else(FileContents::Skipped)
        }
        Ok(metadata) if metadata.is_dir() => FileContents::Missing,
        Ok(_) => read_file(&absolute, config).unwrap_or_else(FileContents::Skipped),
    }
}

struct Entry {
    path: RelPath,
    kind: EntryKind,
}

enum EntryKind {
    File,
    Symlink,
}

fn list(root: &Path, scope: &[RelPath]) -> (Vec<Entry>, Vec<Problem>) {
    let mut builder = ignore::WalkBuilder::new(root);
    builder.hidden(false).follow_links(false).require_git(false).parents(false).git_global(false);
    // Always skip version-control and `plan`'s own directories. With a scope, descend only
    // into directories on the way to, or below, a scoped path, so that the root's ignore
    // files still apply to them.
    let scope_for_filter: Vec<RelPath> = scope.to_vec();
    let root_for_filter = root.to_path_buf();
    builder.filter_entry(move |entry| {
        if entry.depth() == 0 {
            return true;
        }
        if entry.file_type().is_some_and(|kind| kind.is_dir())
            && entry.file_name().to_str().is_some_and(|name| ALWAYS_SKIPPED_DIRS.contains(&name))
        {
            return false;
        }
        if scope_for_filter.is_empty() {
            return true;
        }
        let Some(relative) = entry
            .path()
            .strip_prefix(&root_for_filter)
            .ok()
            .and_then(|relative| relative.to_str())
            .and_then(RelPath::new)
        else {
            return true;
        };
        scope_for_filter.iter().any(|scoped| relative.starts_with(scoped) || scoped.starts_with(&relative))
    });

    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for result in builder.build() {
        let entry = match result {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(problem_from_walk_error(root, &error));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let Some(file_type) = entry.file_type() else { continue };
        let kind = if file_type.is_symlink() {
            EntryKind::Symlink
        } else if file_type.is_file() {
            EntryKind::File
        } else {
            continue;
        };
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(text) = relative.to_str() else {
            problems.push(Problem {
                path: relative.to_string_lossy().into_owned(),
                reason: SkipReason::NonUtf8Path,
            });
            continue;
        };
        let Some(path) = RelPath::new(text) else { continue };
        if !scope.is_empty() && !scope.iter().any(|scoped| path.starts_with(scoped)) {
            continue;
        }
        entries.push(Entry { path, kind });
    }
    (entries, problems)
}

fn problem_from_walk_error(root: &Path, error: &ignore::Error) -> Problem {
    let (path, reason) = describe_walk_error(error);
    let path = path
        .map(|path| path.strip_prefix(root).unwrap_or(&path).to_string_lossy().into_owned())
        .unwrap_or_else(|| ".".to_owned());
    Problem { path, reason }
}

fn describe_walk_error(error: &ignore::Error) -> (Option<PathBuf>, SkipReason) {
    match error {
        ignore::Error::WithPath { path, err } => {
            let (_, reason) = describe_walk_error(err);
            (Some(path.clone()), reason)
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => (Some(child.clone()), SkipReason::SymlinkLoop),
        ignore::Error::Io(io_error) if io_error.kind() == io::ErrorKind::NotFound => {
            (None, SkipReason::Vanished)
        }
        other => (None, SkipReason::Unreadable(other.to_string())),
    }
}

fn read_symlink(root: &Path, absolute: &Path, config: &LoadConfig) -> Result<FileContents, SkipReason> {
    let target = match fs::canonicalize(absolute) {
        Ok(target) => target,
        // ELOOP (40 on Linux, 62 on macOS and the BSDs) has no stable `ErrorKind`.
        Err(error) if matches!(error.raw_os_error(), Some(40 | 62)) => return Err(SkipReason::SymlinkLoop),
        // A dangling link: nothing to analyse and nothing wrong with the repository.
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(FileContents::Missing),
        Err(error) => return Err(SkipReason::Unreadable(error.to_string())),
    };
    if !target.starts_with(root) {
        return Ok(FileContents::Skipped(SkipReason::SymlinkOutsideRoot));
    }
    if target.is_dir() {
        return Ok(FileContents::Skipped(SkipReason::SymlinkToDirectory));
    }
    read_file(&target, config)
}

/// Reads a regular file. `Err` means the file could not be listed as a file at all (it
/// vanished); `Ok(Skipped(..))` means it exists and is deliberately not analysed.
fn read_file(absolute: &Path, config: &LoadConfig) -> Result<FileContents, SkipReason> {
    let mut file = match fs::File::open(absolute) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(SkipReason::Vanished),
        Err(error) => return Ok(FileContents::Skipped(SkipReason::Unreadable(error.to_string()))),
    };
    let size = match file.metadata() {
        Ok(metadata) => metadata.len(),
        Err(error) => return Ok(FileContents::Skipped(SkipReason::Unreadable(error.to_string()))),
    };
    if size > config.max_file_size {
        return Ok(FileContents::Skipped(SkipReason::TooLarge { size, limit: config.max_file_size }));
    }
    // Read at most one byte past the limit: the file may have grown since the `stat`.
    let mut bytes = Vec::with_capacity(size as usize);
    if let Err(error) = (&mut file).take(config.max_file_size + 1).read_to_end(&mut bytes) {
        return Ok(FileContents::Skipped(SkipReason::Unreadable(error.to_string())));
    }
    if bytes.len() as u64 > config.max_file_size {
        return Ok(FileContents::Skipped(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: config.max_file_size,
        }));
    }
    Ok(decode(bytes))
}

/// Classifies raw bytes as text, binary or invalid UTF-8.
pub fn decode(bytes: Vec<u8>) -> FileContents {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if sniff.contains(&0) {
        return FileContents::Skipped(SkipReason::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(text) => FileContents::Text(text.into()),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let line = bytes[..valid].iter().filter(|&&byte| byte == b'\n').count() + 1;
            FileContents::Skipped(SkipReason::InvalidUtf8 { line: u32::try_from(line).unwrap_or(u32::MAX) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_classifies_bytes() {
        assert_eq!(decode(b"fn main() {}\n".to_vec()), FileContents::Text("fn main() {}\n".into()));
        assert_eq!(decode(b"\x7fELF\0\0".to_vec()), FileContents::Skipped(SkipReason::Binary));
        assert_eq!(
            decode(b"ok\nok\n\xff\xfe".to_vec()),
            FileContents::Skipped(SkipReason::InvalidUtf8 { line: 3 })
        );
        assert_eq!(decode(Vec::new()), FileContents::Text("".into()));
    }
}
