//! Loading a repository from disk: walking it the way git sees it and reading its files.
//!
//! The walk honours `.gitignore`, `.ignore` and `.git/info/exclude` (with or without a git
//! repository), includes hidden files, and skips version-control and `plan`'s own
//! directories. It never follows a symbolic link: a link to a file inside the root is read
//! under the link's path; a link to a directory, to a path outside the root, or into a loop
//! is reported and skipped. Reading runs in parallel and checks size before reading, so a
//! huge file costs one `stat`.

use std::fs;
use std::io;
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

/// The largest `max_file_size` accepted: a larger setting is a configuration error, so
/// that no setting makes `plan` read (and hold) an unbounded file.
pub const MAX_FILE_SIZE_LIMIT: u64 = 64 * 1024 * 1024;

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
    #[error("{path} cannot be read: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("{path} is {size} bytes, over the {limit}-byte limit for a plan")]
    PlanTooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{path} is {kind}, not a regular file; plan reads only regular files")]
    NotRegular { path: PathBuf, kind: crate::regular::FileKind },
    #[error("{path} is a symbolic link loop")]
    SymlinkLoop { path: PathBuf },
    #[error("{path} kept changing while it was read; run again once it is saved")]
    Changing { path: PathBuf },
    #[error("{path} is not valid UTF-8 (first invalid byte on line {line}); save it as UTF-8")]
    NotUtf8 { path: PathBuf, line: usize },
}

/// The largest plan document `plan` reads.
pub const MAX_PLAN_SIZE: u64 = 64 * 1024 * 1024;

/// Reads a text document (the plan, its lock, `plan.toml`): `Ok(None)` when it does not
/// exist, an error naming the path when it cannot be read, is not a regular file (a FIFO
/// is never opened: it would wait for a writer), is too large or is not UTF-8.
pub fn read_document(path: &Path) -> Result<Option<String>, LoadError> {
    use crate::regular::ReadError;
    let bytes = match crate::regular::read_regular(path, MAX_PLAN_SIZE) {
        Ok(bytes) => bytes,
        Err(ReadError::NotFound) => return Ok(None),
        Err(ReadError::NotRegular(kind)) => {
            return Err(LoadError::NotRegular { path: path.to_path_buf(), kind });
        }
        Err(ReadError::SymlinkLoop) => return Err(LoadError::SymlinkLoop { path: path.to_path_buf() }),
        Err(ReadError::TooLarge { size, limit }) => {
            return Err(LoadError::PlanTooLarge { path: path.to_path_buf(), size, limit });
        }
        Err(ReadError::Changing) => return Err(LoadError::Changing { path: path.to_path_buf() }),
        Err(ReadError::Io(source)) => return Err(LoadError::Read { path: path.to_path_buf(), source }),
    };
    String::from_utf8(bytes).map(Some).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let line = error.as_bytes()[..valid].iter().filter(|&&byte| byte == b'\n').count() + 1;
        LoadError::NotUtf8 { path: path.to_path_buf(), line }
    })
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
    read_listing(config, list_tree(root, scope))
}

/// What the walk found under a root, before reading: listed once, then fingerprinted
/// ([`tree_fingerprint`]) and read ([`read_listing`]) without walking again.
pub struct Listing {
    root: PathBuf,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
}

/// Lists `root` (canonical), or only the parts of it named by `scope` when it is not empty.
pub fn list_tree(root: &Path, scope: &[RelPath]) -> Listing {
    let _span = tracing::info_span!("walk", root = %root.display()).entered();
    let (mut entries, problems) = list(root, scope);
    entries.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Listing { root: root.to_path_buf(), entries, problems }
}

/// Reads every file of `listing`.
pub fn read_listing(config: &LoadConfig, listing: Listing) -> Loaded {
    let _span = tracing::info_span!("read", files = listing.entries.len()).entered();
    read_entries(&listing.root, config, listing.entries, listing.problems)
}

impl Listing {
    /// The root it was listed under.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The paths listed, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|entry| entry.path.as_str())
    }
}

/// A fingerprint of the metadata of every file of `listing` (path, size,
/// modification and change times, inode, and a symlink's target's), as git's index keeps
/// them: equal fingerprints mean an unchanged tree without reading a byte. `None` when the
/// walk met a problem, or when a file changed within `racy_window` (a change in the same
/// clock tick as the one before could leave its times equal: "racy git").
#[cfg(unix)]
pub fn tree_fingerprint(
    listing: &Listing,
    racy_window: std::time::Duration,
) -> Option<crate::cache::CacheKey> {
    use std::os::unix::fs::MetadataExt;
    let root = &listing.root;
    let _span = tracing::info_span!("tree_fingerprint").entered();
    if !listing.problems.is_empty() {
        return None;
    }
    let entries = &listing.entries;
    let racy_after = std::time::SystemTime::now()
        .checked_sub(racy_window)?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as i128;
    let nanos = |seconds: i64, nanos: i64| i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
    let stats: Option<Vec<[i64; 7]>> = entries
        .par_iter()
        .map(|entry| {
            let absolute = root.join(entry.path.as_str());
            let metadata = match entry.kind {
                EntryKind::File => fs::symlink_metadata(&absolute).ok()?,
                // The target's metadata: a symlink's own does not change with its target.
                EntryKind::Symlink => fs::metadata(&absolute).ok()?,
            };
            if nanos(metadata.mtime(), metadata.mtime_nsec()) >= racy_after
                || nanos(metadata.ctime(), metadata.ctime_nsec()) >= racy_after
            {
                return None;
            }
            Some([
                metadata.size() as i64,
                metadata.mtime(),
                metadata.mtime_nsec(),
                metadata.ctime(),
                metadata.ctime_nsec(),
                metadata.ino() as i64,
                i64::from(matches!(entry.kind, EntryKind::Symlink)),
            ])
        })
        .collect();
    let stats = stats?;
    let mut bytes = Vec::with_capacity(entries.len() * 96);
    for (entry, stat) in entries.iter().zip(&stats) {
        bytes.extend_from_slice(entry.path.as_str().as_bytes());
        bytes.push(0);
        for value in stat {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
    }
    Some(crate::cache::content_key(&[b"tree", &bytes]))
}

/// Without unix metadata there is no fingerprint: every run reads the tree.
#[cfg(not(unix))]
pub fn tree_fingerprint(
    _listing: &Listing,
    _racy_window: std::time::Duration,
) -> Option<crate::cache::CacheKey> {
    None
}

/// Reads listed entries in parallel. A file that vanished since it was listed becomes a
/// problem, not a file.
fn read_entries(root: &Path, config: &LoadConfig, entries: Vec<Entry>, mut problems: Vec<Problem>) -> Loaded {
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
    let mut files: Vec<(RelPath, FileContents)> = Vec::with_capacity(read.len());
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

/// A tree whose git index is smaller than this (about 100 bytes a tracked file: some
/// 5,000 files) is walked on one thread.
const SMALL_TREE_INDEX_BYTES: u64 = 500_000;

/// The threads that walk `root`: one for a tree git's index says is small, since the
/// parallel walker's idle threads poll every millisecond for work, which costs a tree of a
/// thousand files more than the parallelism gains (a no-op build of jj, 700 files: 7.4 ms
/// on two threads, 5.9 ms on one); else one per core (`0`). A tree without an index (not
/// a repository, a worktree) is taken to be large.
fn walk_threads(root: &Path) -> usize {
    let index = fs::metadata(root.join(".git").join("index"));
    usize::from(index.is_ok_and(|index| index.is_file() && index.len() < SMALL_TREE_INDEX_BYTES))
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
        let name = entry.file_name().to_str();
        if entry.file_type().is_some_and(|kind| kind.is_dir())
            && name.is_some_and(|name| ALWAYS_SKIPPED_DIRS.contains(&name))
        {
            return false;
        }
        if name.is_some_and(crate::write::is_temporary) {
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

    // Walked on several threads (but a small tree), as `git status` stats on several: each
    // collects its own entries and hands them over when the walk is done (the caller sorts).
    let collected = std::sync::Mutex::new((Vec::new(), Vec::new()));
    builder.threads(walk_threads(root));
    builder.build_parallel().visit(&mut CollectorBuilder { root, scope, collected: &collected });
    let (entries, mut problems) = collected.into_inner().unwrap_or_else(|poison| poison.into_inner());
    problems.sort_by(|a: &Problem, b: &Problem| a.path.cmp(&b.path));
    (entries, problems)
}

type Collected = (Vec<Entry>, Vec<Problem>);

struct CollectorBuilder<'s> {
    root: &'s Path,
    scope: &'s [RelPath],
    collected: &'s std::sync::Mutex<Collected>,
}

impl<'s> ignore::ParallelVisitorBuilder<'s> for CollectorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ignore::ParallelVisitor + 's> {
        Box::new(Collector {
            root: self.root,
            scope: self.scope,
            collected: self.collected,
            local: (Vec::new(), Vec::new()),
        })
    }
}

/// One walking thread's entries and problems.
struct Collector<'s> {
    root: &'s Path,
    scope: &'s [RelPath],
    collected: &'s std::sync::Mutex<Collected>,
    local: Collected,
}

impl ignore::ParallelVisitor for Collector<'_> {
    fn visit(&mut self, result: Result<ignore::DirEntry, ignore::Error>) -> ignore::WalkState {
        let (entries, problems) = &mut self.local;
        let root = self.root;
        let entry = match result {
            Ok(entry) => entry,
            Err(error) => {
                problems.push(problem_from_walk_error(root, &error));
                return ignore::WalkState::Continue;
            }
        };
        if entry.depth() == 0 {
            return ignore::WalkState::Continue;
        }
        let Some(file_type) = entry.file_type() else { return ignore::WalkState::Continue };
        // A FIFO, socket or device is listed (and never opened), so that a citation of it
        // says what it is.
        let kind = if file_type.is_symlink() {
            EntryKind::Symlink
        } else if file_type.is_dir() {
            return ignore::WalkState::Continue;
        } else {
            EntryKind::File
        };
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let Some(text) = relative.to_str() else {
            problems.push(Problem {
                path: relative.to_string_lossy().into_owned(),
                reason: SkipReason::NonUtf8Path,
            });
            return ignore::WalkState::Continue;
        };
        let Some(path) = RelPath::new(text) else { return ignore::WalkState::Continue };
        if !self.scope.is_empty() && !self.scope.iter().any(|scoped| path.starts_with(scoped)) {
            return ignore::WalkState::Continue;
        }
        entries.push(Entry { path, kind });
        ignore::WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        let mut collected = self.collected.lock().unwrap_or_else(|poison| poison.into_inner());
        collected.0.append(&mut self.local.0);
        collected.1.append(&mut self.local.1);
    }
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
        Err(error) if crate::regular::is_loop(&error) => return Err(SkipReason::SymlinkLoop),
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
/// vanished); `Ok(Skipped(..))` means it exists and is deliberately not analysed (a FIFO,
/// socket or device is never opened).
fn read_file(absolute: &Path, config: &LoadConfig) -> Result<FileContents, SkipReason> {
    use crate::regular::ReadError;
    let skipped = |reason| Ok(FileContents::Skipped(reason));
    if is_binary_format(absolute) {
        return skipped(SkipReason::BinaryFormat);
    }
    match crate::regular::read_regular(absolute, config.max_file_size) {
        Ok(bytes) => Ok(decode(bytes)),
        Err(ReadError::NotFound) => Err(SkipReason::Vanished),
        Err(ReadError::NotRegular(kind)) => skipped(SkipReason::NotRegular(kind)),
        Err(ReadError::SymlinkLoop) => skipped(SkipReason::SymlinkLoop),
        Err(ReadError::TooLarge { size, limit }) => skipped(SkipReason::TooLarge { size, limit }),
        Err(ReadError::Changing) => skipped(SkipReason::Changing),
        Err(ReadError::Io(error)) => skipped(SkipReason::Unreadable(error.to_string())),
    }
}

/// File extensions (lower case) of binary formats: such a file is listed and never read,
/// as `ctags` never opens one. Only formats no text file is named for; `.svg`, `.dat` or
/// `.bin` are read and judged by their bytes.
const BINARY_EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "avif",
    "heic", // images
    "ttf", "otf", "woff", "woff2", "eot", // fonts
    "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "jar", "war", "whl", // archives
    "pdf", "mp3", "mp4", "m4a", "wav", "ogg", "flac", "mov", "avi", "mkv", "webm", // documents, media
    "exe", "dll", "so", "dylib", "o", "a", "lib", "class", "pyc", "pyo", "wasm", // compiled
];

/// Whether `path` names a binary format by its extension.
fn is_binary_format(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| BINARY_EXTENSIONS.iter().any(|known| extension.eq_ignore_ascii_case(known)))
}

/// Classifies raw bytes as text, binary or invalid UTF-8. A file whose lines all end in a
/// lone CR (classic Mac OS) is read with LF endings, so that its lines are numbered as an
/// editor numbers them (tree-sitter and `str::lines` see one line otherwise).
pub fn decode(bytes: Vec<u8>) -> FileContents {
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if sniff.contains(&0) {
        return FileContents::Skipped(SkipReason::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(text) if text.contains('\r') && !text.contains('\n') => {
            FileContents::Text(text.replace('\r', "\n").into())
        }
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
mod tests;
