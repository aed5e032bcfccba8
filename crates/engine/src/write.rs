//! Replacing files atomically: a reader or a crash sees the old file or the new one,
//! never a truncated mix.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, and renames it
/// over `path`. The temporary file is removed on failure.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_if(path, bytes, &mut || true).map(|_| ())
}

/// [`write_atomic`], replacing `path` only if `unchanged()` holds when the temporary file
/// is on disk, right before the rename (a compare-and-swap against what the caller read,
/// as tight as a rename allows). `Ok(false)`: it did not hold, nothing was replaced.
pub fn write_atomic_if(path: &Path, bytes: &[u8], unchanged: &mut dyn FnMut() -> bool) -> io::Result<bool> {
    let (dir, prefix) = temporary_prefix(path);
    let temporary = dir.join(format!("{prefix}{}", std::process::id()));
    let result = (|| {
        let mut file = create_new(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        // Keep the permissions of the file being replaced.
        if let Ok(metadata) = fs::metadata(path) {
            fs::set_permissions(&temporary, metadata.permissions())?;
        }
        if !unchanged() {
            return Ok(false);
        }
        fs::rename(&temporary, path)?;
        // Make the rename itself durable.
        if let Ok(directory) = fs::File::open(dir) {
            let _ = directory.sync_all();
        }
        Ok(true)
    })();
    if !matches!(result, Ok(true)) {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Whether another process holds `path` open for writing (a streaming agent, an editor or
/// a sync tool in the middle of a write), as far as `/proc` tells on Linux: a descriptor
/// of the same file opened write-only or read-write. `None` where that cannot be told.
/// Processes of other users are not visible and do not count.
#[cfg(target_os = "linux")]
pub fn open_for_writing(path: &Path) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let target = fs::metadata(path).ok()?;
    let me = std::process::id().to_string();
    for process in fs::read_dir("/proc").ok()?.flatten() {
        let name = process.file_name();
        let Some(pid) = name.to_str().filter(|name| name.bytes().all(|byte| byte.is_ascii_digit())) else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(descriptors) = fs::read_dir(process.path().join("fd")) else { continue };
        for descriptor in descriptors.flatten() {
            // Sockets, pipes and anonymous inodes read as `socket:[…]`: never the plan, and
            // not worth a `stat` each (a desktop holds tens of thousands of descriptors).
            if fs::read_link(descriptor.path()).is_ok_and(|target| !target.is_absolute()) {
                continue;
            }
            let Ok(metadata) = fs::metadata(descriptor.path()) else { continue };
            if (metadata.dev(), metadata.ino()) != (target.dev(), target.ino()) {
                continue;
            }
            let info = process.path().join("fdinfo").join(descriptor.file_name());
            let info = fs::read_to_string(info).unwrap_or_default();
            let flags = info
                .lines()
                .find_map(|line| line.strip_prefix("flags:"))
                .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok());
            // O_ACCMODE: 1 is O_WRONLY, 2 is O_RDWR.
            if flags.is_some_and(|flags| flags & 0o3 != 0) {
                return Some(true);
            }
        }
    }
    Some(false)
}

/// Elsewhere, who holds a file open cannot be told.
#[cfg(not(target_os = "linux"))]
pub fn open_for_writing(_path: &Path) -> Option<bool> {
    None
}

/// Creates `path` as a new file, never through what is already there: a repository could
/// commit a symbolic link under the temporary name (process ids are predictable) to have
/// the write land outside it. Whatever is there is removed (the link, not its target).
fn create_new(path: &Path) -> io::Result<fs::File> {
    let open = || fs::OpenOptions::new().write(true).create_new(true).open(path);
    match open() {
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(path)?;
            open()
        }
        result => result,
    }
}

/// Where [`write_atomic`] puts the temporary files of `path`, and how their names start
/// (`.NAME.plan-tmp-`, then the writing process's id).
fn temporary_prefix(path: &Path) -> (&Path, String) {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("file");
    (dir, format!(".{name}.plan-tmp-"))
}

/// Whether a file name is one of [`write_atomic`]'s temporary files: never a file of the
/// tree (the walk skips them, and a watch ignores their events, which follow every write).
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(".plan-tmp-")
}

/// A temporary file older than this is left over, whoever wrote it.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// Removes the temporary files that a killed [`write_atomic`] of `path` left beside it:
/// regular files named `.NAME.plan-tmp-PID` whose process is no longer running, or that
/// are older than a minute. Returns the paths removed; errors leave a file in place.
pub fn remove_stale_temporaries(path: &Path) -> Vec<PathBuf> {
    let (dir, prefix) = temporary_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else { return Vec::new() };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|name| name.strip_prefix(prefix.as_str())) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        let temporary = entry.path();
        let Ok(metadata) = fs::symlink_metadata(&temporary) else { continue };
        if pid == std::process::id() || !metadata.is_file() {
            continue;
        }
        let old = metadata
            .modified()
            .ok()
            .and_then(|time| time.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if (old || !process_is_running(pid)) && fs::remove_file(&temporary).is_ok() {
            removed.push(temporary);
        }
    }
    removed.sort();
    removed
}

/// Whether a process with this id runs; where that cannot be told, it is assumed to, and
/// only the age of its temporary file decides.
fn process_is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") { Path::new("/proc").join(pid.to_string()).exists() } else { true }
}

#[cfg(test)]
mod tests {
    use super::write_atomic;

    /// A file held open for writing is told apart from one that is not, and a write whose
    /// precondition fails replaces nothing and leaves no temporary.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_writer_holding_the_file_is_seen_and_a_failed_precondition_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("PLAN.md");
        std::fs::write(&path, "old").unwrap();
        assert_eq!(super::open_for_writing(&path), Some(false));
        let reader = std::fs::File::open(&path).unwrap();
        // Another process: this one's own descriptors do not count.
        let mut writer = std::process::Command::new("sh")
            .arg("-c")
            .arg("exec 3>>\"$0\"; read line")
            .arg(&path)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while super::open_for_writing(&path) != Some(true) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(super::open_for_writing(&path), Some(true));
        drop(writer.stdin.take());
        writer.wait().unwrap();
        drop(reader);
        assert_eq!(super::open_for_writing(&path), Some(false));
        assert!(!super::write_atomic_if(&path, b"new", &mut || false).unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("PLAN.md");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(names, ["PLAN.md"]);
    }

    /// A link planted under the temporary name is replaced, and its target (outside) is
    /// left as it was.
    #[cfg(unix)]
    #[test]
    fn a_link_under_the_temporary_name_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let target = outside.path().join("victim");
        std::fs::write(&target, "untouched").unwrap();
        let path = dir.path().join("PLAN.md");
        let temporary = dir.path().join(format!(".PLAN.md.plan-tmp-{}", std::process::id()));
        std::os::unix::fs::symlink(&target, &temporary).unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
        assert!(!temporary.exists());
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let missing_dir = dir.path().join("no/such/dir/PLAN.md");
        assert!(write_atomic(&missing_dir, b"x").is_err());
    }

    /// A kill during a write left `.PLAN.md.plan-tmp-<pid>`: the next run removes the
    /// temporaries of processes that are gone, and keeps a running writer's and any other file.
    #[test]
    fn temporaries_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("PLAN.md");
        std::fs::write(&path, "plan").unwrap();
        let mut finished = std::process::Command::new("true").spawn().unwrap();
        let dead = finished.id();
        finished.wait().unwrap();
        let mut running = std::process::Command::new("sleep").arg("30").spawn().unwrap();
        let cases = [
            (format!(".PLAN.md.plan-tmp-{dead}"), false),
            (".PLAN.md.plan-tmp-4294967295".to_owned(), false),
            (format!(".PLAN.md.plan-tmp-{}", running.id()), true),
            (format!(".PLAN.md.plan-tmp-{}", std::process::id()), true),
            (".PLAN.md.plan-tmp-x".to_owned(), true),
            (format!(".PLAN.lock.plan-tmp-{dead}"), true),
            ("PLAN.md".to_owned(), true),
        ];
        for (name, _) in &cases[..cases.len() - 1] {
            std::fs::write(dir.path().join(name), "partial").unwrap();
        }
        let removed = super::remove_stale_temporaries(&path);
        running.kill().unwrap();
        running.wait().unwrap();
        for (name, kept) in &cases {
            assert_eq!(dir.path().join(name).exists(), *kept, "{name}");
            assert_eq!(removed.contains(&dir.path().join(name)), !kept, "{name}");
        }
    }
}
