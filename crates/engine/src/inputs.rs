//! The salsa inputs: files, their contents, and the workspace file list.

use std::fmt;
use std::sync::Arc;

/// A path relative to the repository root, with `/` separators and no `.` or `..` parts.
///
/// Stored as shared text because it is cloned into every result that names a file.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelPath(Arc<str>);

impl RelPath {
    /// Builds a relative path from `/`-separated text (a backslash separates too on Windows;
    /// on Unix it is part of a file name), dropping empty and `.` components and resolving
    /// `..` against the components before it. Returns `None` for an absolute path, one
    /// whose `..` climbs above the root, or an empty one: such a path cannot name a file
    /// inside the root.
    pub fn new(text: &str) -> Option<RelPath> {
        if text.starts_with('/') || (cfg!(windows) && text.starts_with('\\')) || has_drive_prefix(text) {
            return None;
        }
        let separators: &[char] = if cfg!(windows) { &['/', '\\'] } else { &['/'] };
        let mut parts: Vec<&str> = Vec::new();
        for part in text.split(separators) {
            match part {
                "" | "." => continue,
                ".." => {
                    parts.pop()?;
                }
                part => parts.push(part),
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(RelPath(parts.join("/").into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file extension, without its dot.
    pub fn extension(&self) -> Option<&str> {
        let file_name = self.file_name();
        let dot = file_name.rfind('.')?;
        (dot > 0).then(|| &file_name[dot + 1..])
    }

    pub fn file_name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or(&self.0)
    }

    /// Whether `self` is `dir` or lies below it.
    pub fn starts_with(&self, dir: &RelPath) -> bool {
        self.0.as_ref() == dir.as_str()
            || (self.0.starts_with(dir.as_str()) && self.0.as_bytes().get(dir.0.len()) == Some(&b'/'))
    }
}

fn has_drive_prefix(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':'
}

impl fmt::Debug for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for RelPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `plan` could read of a file.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum FileContents {
    /// The whole file, valid UTF-8, within the size limit.
    Text(Arc<str>),
    /// The file exists but is not analysed; the reason says why.
    Skipped(SkipReason),
    /// The file does not exist (any more). Kept so that a query that asked for it re-runs
    /// when it appears.
    Missing,
}

impl FileContents {
    pub fn text(&self) -> Option<&str> {
        match self {
            FileContents::Text(text) => Some(text),
            FileContents::Skipped(_) | FileContents::Missing => None,
        }
    }
}

/// Why a path was not analysed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum SkipReason {
    /// A NUL byte in the first 8 KiB, as git and ripgrep decide it.
    Binary,
    /// A binary format by its file name (`.png`, `.ttf`, `.zip`: `load::BINARY_EXTENSIONS`),
    /// never read.
    BinaryFormat,
    /// Larger than the configured limit; not read.
    TooLarge { size: u64, limit: u64 },
    /// Not UTF-8; `line` is the 1-based line of the first invalid byte.
    InvalidUtf8 { line: u32 },
    /// The operating system refused to read it (permissions, I/O error).
    Unreadable(String),
    /// Listed, then gone before it could be read.
    Vanished,
    /// It changed during each read (a save in progress): not analysed, so that no claim is
    /// judged from half a file; read again at the next build.
    Changing,
    /// A symbolic link that leads back into itself.
    SymlinkLoop,
    /// A symbolic link whose target lies outside the root; never followed.
    SymlinkOutsideRoot,
    /// A symbolic link to a directory; not followed, so nothing is walked twice.
    SymlinkToDirectory,
    /// A file name that is not valid UTF-8.
    NonUtf8Path,
    /// A FIFO, socket or device (or a link to one): never opened.
    NotRegular(crate::regular::FileKind),
}

impl SkipReason {
    /// Whether this is a fault the user should hear about (and the exit code report), as
    /// opposed to a file `plan` skips by policy, as it skips images.
    pub fn is_error(&self) -> bool {
        match self {
            SkipReason::Unreadable(_)
            | SkipReason::Vanished
            | SkipReason::Changing
            | SkipReason::SymlinkLoop => true,
            SkipReason::Binary
            | SkipReason::BinaryFormat
            | SkipReason::TooLarge { .. }
            | SkipReason::InvalidUtf8 { .. }
            | SkipReason::SymlinkOutsideRoot
            | SkipReason::SymlinkToDirectory
            | SkipReason::NonUtf8Path
            | SkipReason::NotRegular(_) => false,
        }
    }

    /// A short machine-readable tag, used as `reason` in JSON output.
    pub fn tag(&self) -> &'static str {
        match self {
            SkipReason::Binary | SkipReason::BinaryFormat => "binary",
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::InvalidUtf8 { .. } => "invalid-utf8",
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Vanished => "vanished",
            SkipReason::Changing => "changing",
            SkipReason::SymlinkLoop => "symlink-loop",
            SkipReason::SymlinkOutsideRoot => "symlink-outside-root",
            SkipReason::SymlinkToDirectory => "symlink-to-directory",
            SkipReason::NonUtf8Path => "non-utf8-path",
            SkipReason::NotRegular(_) => "not-regular",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Binary => f.write_str("binary file (NUL byte in the first 8 KiB)"),
            SkipReason::BinaryFormat => f.write_str("binary format (by its file extension; not read)"),
            SkipReason::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes, over the {limit}-byte limit (raise `max_file_size` in plan.toml to analyse it)"
            ),
            SkipReason::InvalidUtf8 { line } => {
                write!(f, "not valid UTF-8 (first invalid byte on line {line})")
            }
            SkipReason::Unreadable(error) => write!(f, "cannot be read: {error}"),
            SkipReason::Vanished => f.write_str("deleted while it was being read"),
            SkipReason::Changing => f.write_str("kept changing while it was read (a save in progress?)"),
            SkipReason::SymlinkLoop => f.write_str("symbolic link loop"),
            SkipReason::SymlinkOutsideRoot => {
                f.write_str("symbolic link to a path outside the root (not followed)")
            }
            SkipReason::SymlinkToDirectory => f.write_str("symbolic link to a directory (not followed)"),
            SkipReason::NonUtf8Path => f.write_str("path is not valid UTF-8"),
            SkipReason::NotRegular(kind) => write!(f, "{kind}, not a regular file (never opened)"),
        }
    }
}

/// A path the loader met but could not turn into a file: an unreadable directory, a
/// symlink loop, a file that vanished. Reported, never analysed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    pub path: String,
    pub reason: SkipReason,
}

/// One file of the repository. Created once per path and reused for the life of the
/// database, even across deletion and re-creation, so that dependent queries are
/// invalidated rather than orphaned.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: RelPath,
    #[returns(ref)]
    pub contents: FileContents,
}

/// The repository as a whole: the files that exist now, sorted by path, and what the
/// loader could not read.
#[salsa::input(debug)]
pub struct Workspace {
    #[returns(ref)]
    pub files: Arc<[SourceFile]>,
    /// The path of each of `files`, in the same order: a query over every path reads this
    /// once rather than each file's path (100,000 tracked reads cost about 40 ms).
    #[returns(ref)]
    pub paths: Arc<[RelPath]>,
    #[returns(ref)]
    pub problems: Arc<[Problem]>,
    /// Files expected to be edited soon (under `plan watch`: the plan's cited files),
    /// sorted by path. Queries over many files keep these apart, so that editing one of
    /// them re-verifies only the queries over this short list.
    #[returns(ref)]
    pub expected_edits: Arc<[SourceFile]>,
    /// Path patterns the recon must not rank (`[recon] exclude` in `plan.toml`): the files
    /// stay parsed and citable.
    #[returns(ref)]
    pub recon_exclude: Arc<[String]>,
    /// Never changes, and is of the durability of edited files: a query that gathers many
    /// files (a chunk of the tree) reads it so that it has that durability from the start.
    /// The first edit of a file lowers the file's durability, and salsa never backdates a
    /// value whose durability fell, so without this floor that edit would re-run every
    /// query above the file up to the tree-wide ones (the whole recon), even for an equal
    /// value; with it, the re-run stops at the file's chunk.
    pub edit_floor: bool,
}

/// The paths below directory `dir` (`dir/…`) of `paths` sorted by path: a range found by
/// binary search, so that asking costs nothing in the size of the tree.
pub fn paths_below<'a>(paths: &'a [RelPath], dir: &str) -> &'a [RelPath] {
    let prefix = format!("{dir}/");
    let start = paths.partition_point(|path| path.as_str() < prefix.as_str());
    let len = paths[start..].partition_point(|path| path.as_str().starts_with(&prefix));
    &paths[start..start + len]
}

#[cfg(test)]
mod tests {
    use super::RelPath;

    #[test]
    fn relative_paths_are_normalized_and_confined() {
        assert_eq!(RelPath::new("./src//a.rs").unwrap().as_str(), "src/a.rs");
        // A backslash is a file name's on Unix, a separator on Windows.
        let backslash = if cfg!(windows) { "src/b.rs" } else { "src\\b.rs" };
        assert_eq!(RelPath::new("src\\b.rs").unwrap().as_str(), backslash);
        // `..` inside the root resolves; above it, there is no such path.
        assert_eq!(RelPath::new("src/../lib/./x.rs").unwrap().as_str(), "lib/x.rs");
        assert!(RelPath::new("src/../..").is_none());
        assert!(RelPath::new("src/..").is_none());
        assert!(RelPath::new("/etc/passwd").is_none());
        assert!(RelPath::new("src/../../x").is_none());
        assert!(RelPath::new("C:/x").is_none());
        assert!(RelPath::new("").is_none());
        assert!(RelPath::new(".").is_none());
    }

    #[test]
    fn starts_with_respects_component_boundaries() {
        let path = RelPath::new("src/lib.rs").unwrap();
        assert!(path.starts_with(&RelPath::new("src").unwrap()));
        assert!(path.starts_with(&RelPath::new("src/lib.rs").unwrap()));
        assert!(!path.starts_with(&RelPath::new("sr").unwrap()));
        assert_eq!(path.extension(), Some("rs"));
        assert_eq!(RelPath::new(".gitignore").unwrap().extension(), None);
    }
}

/// The plan document: its display path and its text. The engine stores it and knows
/// nothing of its syntax.
#[salsa::input(debug)]
pub struct PlanFile {
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: Arc<str>,
}

/// The lock file beside the plan, as text (empty when there is none yet).
#[salsa::input(debug)]
pub struct LockFile {
    #[returns(ref)]
    pub text: Arc<str>,
}
