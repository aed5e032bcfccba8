//! Reading only regular files, and never more than a limit.
//!
//! Opening a FIFO for reading waits for a writer, and a device (`/dev/zero`) never ends:
//! every read of `plan` (sources, the plan, its lock, `plan.toml`, the cache) goes through
//! [`read_regular`], which looks at the file type before opening (following links, so a
//! link to a FIFO is a FIFO), opens without blocking, checks the type again on the open
//! descriptor (the path may have been swapped in between), and reads at most the limit.
//!
//! A read is kept only when it is stable: the descriptor's size and modification time are
//! the same after the read as before it, and the bytes read are that size. A file an
//! editor or formatter is saving meanwhile is read again (a few times, a little later
//! each time), so that a claim is never marked stale from half a file.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

/// What a path is when it is not a regular file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Directory => "a directory",
            FileKind::Fifo => "a FIFO (named pipe)",
            FileKind::Socket => "a socket",
            FileKind::CharDevice => "a character device",
            FileKind::BlockDevice => "a block device",
            FileKind::Other => "not a regular file",
        })
    }
}

/// Why [`read_regular`] read nothing.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    /// Not a regular file: never opened for reading.
    NotRegular(FileKind),
    /// A symbolic link that leads back into itself.
    SymlinkLoop,
    /// Over the limit; `size` is the real size as far as it could be told.
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// It changed during each of [`STABLE_READ_TRIES`] reads.
    Changing,
    Io(io::Error),
}

/// How many times a file that changes while it is read is read.
pub const STABLE_READ_TRIES: u32 = 5;

/// The kind of a file type that is not a regular file; `None` for a regular file.
pub fn special_kind(file_type: fs::FileType) -> Option<FileKind> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some(FileKind::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some(FileKind::Fifo);
        }
        if file_type.is_socket() {
            return Some(FileKind::Socket);
        }
        if file_type.is_char_device() {
            return Some(FileKind::CharDevice);
        }
        if file_type.is_block_device() {
            return Some(FileKind::BlockDevice);
        }
    }
    Some(FileKind::Other)
}

/// Whether an I/O error is ELOOP (40 on Linux, 62 on macOS and the BSDs; no stable
/// `ErrorKind`).
pub fn is_loop(error: &io::Error) -> bool {
    matches!(error.raw_os_error(), Some(40 | 62)) && cfg!(unix)
}

fn classify(error: io::Error) -> ReadError {
    if error.kind() == io::ErrorKind::NotFound {
        ReadError::NotFound
    } else if is_loop(&error) {
        ReadError::SymlinkLoop
    } else {
        ReadError::Io(error)
    }
}

/// Reads the regular file at `path` (links followed), at most `limit` bytes, from a
/// stable read.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_stable(path, limit, &mut |_| {})
}

/// [`read_regular`], with `after_read` called after each read and before the look at the
/// file's stat that decides whether the read was stable (tests change the file there).
fn read_stable(path: &Path, limit: u64, after_read: &mut dyn FnMut(u32)) -> Result<Vec<u8>, ReadError> {
    let metadata = fs::metadata(path).map_err(classify)?;
    if let Some(kind) = special_kind(metadata.file_type()) {
        return Err(ReadError::NotRegular(kind));
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { size: metadata.len(), limit });
    }
    for attempt in 0..STABLE_READ_TRIES {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(20 << attempt));
        }
        let file = open_nonblocking(path).map_err(classify)?;
        let before = file.metadata().map_err(ReadError::Io)?;
        if let Some(kind) = special_kind(before.file_type()) {
            return Err(ReadError::NotRegular(kind));
        }
        let bytes = read_bounded(&file, before.len(), limit)?;
        after_read(attempt);
        let after = file.metadata().map_err(ReadError::Io)?;
        if stamp(&before) == stamp(&after) && bytes.len() as u64 == after.len() {
            return Ok(bytes);
        }
    }
    Err(ReadError::Changing)
}

/// What tells a file that changed: its size and modification time.
fn stamp(metadata: &fs::Metadata) -> (u64, Option<std::time::SystemTime>) {
    (metadata.len(), metadata.modified().ok())
}

/// At most `limit` bytes of `file`, whose `stat` said `size`.
fn read_bounded(file: &fs::File, size: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    let reader = file;
    // The size the `stat` gave, without a read to find the end: the look at the file's
    // `stat` after the read tells a file that grew or changed meanwhile. A file that says
    // it is empty may not be (a pseudo-file): read to its end, at most one byte past the
    // limit.
    let bound = if size == 0 { limit.saturating_add(1) } else { size };
    reader.take(bound).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        // The real size, when the file still says so; else at least what was read.
        let now = file.metadata().map(|metadata| metadata.len()).unwrap_or(0);
        return Err(ReadError::TooLarge { size: now.max(bytes.len() as u64), limit });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn outcome(path: &Path, limit: u64) -> String {
        match read_regular(path, limit) {
            Ok(bytes) => format!("{} bytes", bytes.len()),
            Err(ReadError::NotRegular(kind)) => format!("{kind}"),
            Err(ReadError::TooLarge { size, limit }) => format!("{size} over {limit}"),
            Err(ReadError::NotFound) => "not found".to_owned(),
            Err(ReadError::SymlinkLoop) => "loop".to_owned(),
            Err(ReadError::Changing) => "changing".to_owned(),
            Err(ReadError::Io(error)) => format!("io: {error}"),
        }
    }

    /// Each special file is named and never opened (a FIFO would block this test
    /// forever); the size error gives the file's size, not the limit plus one.
    #[test]
    fn only_regular_files_are_read_and_never_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        fs::write(path("ten"), b"0123456789").unwrap();
        let status = std::process::Command::new("mkfifo").arg(path("fifo")).status().unwrap();
        assert!(status.success());
        std::os::unix::fs::symlink(path("fifo"), path("to-fifo")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", path("to-zero")).unwrap();
        std::os::unix::fs::symlink(path("a"), path("b")).unwrap();
        std::os::unix::fs::symlink(path("b"), path("a")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(path("socket")).unwrap();
        let cases = [
            ("ten", 10, "10 bytes"),
            ("ten", 9, "10 over 9"),
            ("ten", u64::MAX, "10 bytes"),
            ("fifo", 10, "a FIFO (named pipe)"),
            ("to-fifo", 10, "a FIFO (named pipe)"),
            ("to-zero", 10, "a character device"),
            ("socket", 10, "a socket"),
            ("a", 10, "loop"),
            (".", 10, "a directory"),
            ("missing", 10, "not found"),
        ];
        let got: Vec<String> = cases
            .iter()
            .map(|(name, limit, _)| format!("{name}: {}", outcome(&path(name), *limit)))
            .collect();
        let want: Vec<String> = cases.iter().map(|(name, _, want)| format!("{name}: {want}")).collect();
        assert_eq!(got, want);
    }

    /// A file saved while it is read (an editor truncates, then writes): the first read
    /// sees half of it, and the stat after the read tells; the read is done again and
    /// returns the whole file. A file that never stops changing is `Changing`, never a
    /// half read.
    #[test]
    fn a_file_changed_during_the_read_is_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.rs");
        let whole = "fn a() {}\n\nfn b() {}\n";
        fs::write(&path, &whole[..10]).unwrap();
        let mut save = |attempt: u32| {
            if attempt == 0 {
                fs::write(&path, whole).unwrap();
            }
        };
        let read = read_stable(&path, 1024, &mut save).map(String::from_utf8);
        assert_eq!(read.ok().and_then(Result::ok).as_deref(), Some(whole));

        let mut grows = 0;
        let mut keep_saving = |_| {
            grows += 1;
            fs::write(&path, "x".repeat(grows)).unwrap();
        };
        let read = read_stable(&path, 1024, &mut keep_saving);
        assert!(matches!(read, Err(ReadError::Changing)), "{read:?}");
        assert_eq!(grows, STABLE_READ_TRIES as usize);
    }
}
