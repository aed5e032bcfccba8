//! The content-addressed fact cache: `.plan/cache/facts.bin`.
//!
//! A warm run must not parse what it parsed before. Keys are 128-bit hashes of a file's
//! bytes and the extractor's version (computed by `queries`, which owns the extractor);
//! values are opaque byte strings (`queries` encodes them). The engine only stores, loads
//! and saves them.
//!
//! The file is a header (magic, format version, the extractor version it was written
//! with), the entries (`key: 16 bytes, length: u32 LE, bytes`), and a trailing checksum
//! of everything before it. It is written to a temporary file and renamed into place. A
//! file that is unreadable, corrupt or from another version is discarded with a warning:
//! the cache is only ever an optimization, and deleting it changes no output.
//!
//! Only the entries used by the current run are saved, so the file never grows beyond
//! the facts of the current tree.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const MAGIC: &[u8; 8] = b"PLANFACT";
const FORMAT_VERSION: u32 = 1;
/// Where the cache lives under the repository root.
pub const CACHE_DIR: &str = ".plan/cache";
const FILE_NAME: &str = "facts.bin";
/// A value larger than this is a corrupt length, not a fact list.
const MAX_ENTRY: usize = 64 << 20;
/// A cache file larger than this is not read (a link to `/dev/zero` must not eat memory).
pub const MAX_CACHE_FILE: u64 = 1 << 30;

/// A cache key: a 128-bit content hash.
pub type CacheKey = u128;

/// Hashes `parts` into a [`CacheKey`]: two SipHash lanes seeded apart, each over every
/// part and its length. Stable across runs of the same binary; a binary built with
/// another hasher only misses, as the cache header names the extractor version.
pub fn content_key(parts: &[&[u8]]) -> CacheKey {
    let lane = |seed: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write_u8(seed);
        for part in parts {
            hasher.write_usize(part.len());
            hasher.write(part);
        }
        hasher.finish()
    };
    (u128::from(lane(1)) << 64) | u128::from(lane(2))
}

#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }
    fn write_u128(&mut self, value: u128) {
        self.0 = value as u64;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Map = HashMap<CacheKey, Arc<[u8]>, BuildHasherDefault<KeyHasher>>;

#[derive(Default)]
struct State {
    /// What the file held when loaded.
    loaded: Map,
    /// What this run looked up successfully or stored: the next file's contents.
    used: Map,
    hits: usize,
    stored: usize,
}

/// The fact cache of one repository. Shared by database clones; lookups and stores take
/// a short lock.
pub struct FactCache {
    path: PathBuf,
    version: String,
    had_warning: bool,
    /// The cache directory is not a real directory inside the root: never written.
    refused: bool,
    state: Mutex<State>,
}

/// Why a cache file was discarded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheWarning {
    pub path: PathBuf,
    pub reason: String,
    /// Whether the cached facts were discarded (every file is parsed again), as opposed to
    /// only the build stamp.
    pub facts_discarded: bool,
}

impl std::fmt::Display for CacheWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.facts_discarded {
            write!(f, "discarded the fact cache {}: {}", self.path.display(), self.reason)
        } else {
            write!(f, "{}: {}", self.path.display(), self.reason)
        }
    }
}

/// What [`FactCache::stats`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheStats {
    pub loaded: usize,
    pub hits: usize,
    pub stored: usize,
}

impl FactCache {
    /// Opens the cache under `root` for an extractor of `version`. A missing file is an
    /// empty cache; an unreadable, corrupt or foreign one is an empty cache and a warning.
    pub fn open(root: &Path, version: &str) -> (FactCache, Option<CacheWarning>) {
        FactCache::open_at(&root.join(CACHE_DIR), Some(root), version)
    }

    /// Whether `root` has a fact cache file (a build then parses only what changed).
    pub fn present(root: &Path) -> bool {
        root.join(CACHE_DIR).join(FILE_NAME).is_file()
    }

    /// Whether the directory `dir` holds a fact cache file.
    pub fn present_in(dir: &Path) -> bool {
        dir.join(FILE_NAME).is_file()
    }

    /// Opens the cache kept in the directory `dir` (`--cache-dir`: one restored in CI)
    /// instead of a repository's `.plan/cache/`: a directory the user named, so neither the
    /// `.plan` checks nor the build stamp apply.
    pub fn open_in(dir: &Path, version: &str) -> (FactCache, Option<CacheWarning>) {
        FactCache::open_at(dir, None, version)
    }

    /// The cache file in `dir`; `root` when `dir` is the repository's own `.plan/cache/`.
    fn open_at(dir: &Path, root: Option<&Path>, version: &str) -> (FactCache, Option<CacheWarning>) {
        let path = dir.join(FILE_NAME);
        let mut warning = None;
        let refused = root.and_then(refuse_cache_dir);
        let loaded = match (&refused, root) {
            (Some(reason), Some(root)) => {
                warning = Some(CacheWarning {
                    path: root.join(".plan"),
                    reason: reason.clone(),
                    facts_discarded: true,
                });
                Map::default()
            }
            _ => match read_cache_file(&path) {
                Ok(Some(bytes)) => decode(&bytes, version).unwrap_or_else(|reason| {
                    warning = Some(CacheWarning { path: path.clone(), reason, facts_discarded: true });
                    Map::default()
                }),
                Ok(None) => Map::default(),
                Err(reason) => {
                    warning = Some(CacheWarning { path: path.clone(), reason, facts_discarded: true });
                    Map::default()
                }
            },
        };
        // The build stamp is read apart (`BuildStamp::load`, silently): a stamp that is not
        // a regular file is said here, once.
        let stamp = root.map(|root| root.join(CACHE_DIR).join(STAMP_FILE));
        if warning.is_none()
            && refused.is_none()
            && let Some(stamp) = stamp
            && let Ok(metadata) = std::fs::metadata(&stamp)
            && let Some(kind) = crate::regular::special_kind(metadata.file_type())
        {
            // Ours to replace: the next stamp is written in its place.
            let _ = std::fs::remove_file(&stamp);
            warning = Some(CacheWarning {
                path: stamp,
                reason: format!("the build stamp was {kind}, not a regular file; removed it"),
                facts_discarded: false,
            });
        }
        let state = State { loaded, ..State::default() };
        let cache = FactCache {
            path,
            version: version.to_owned(),
            had_warning: warning.is_some(),
            refused: refused.is_some(),
            state: Mutex::new(state),
        };
        (cache, warning)
    }

    /// Whether opening it printed a warning (a run that warned is not memoized).
    pub fn had_warning(&self) -> bool {
        self.had_warning
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    pub fn get(&self, key: CacheKey) -> Option<Arc<[u8]>> {
        let mut state = self.state();
        if let Some(value) = state.used.get(&key) {
            return Some(value.clone());
        }
        let value = state.loaded.get(&key)?.clone();
        state.hits += 1;
        state.used.insert(key, value.clone());
        Some(value)
    }

    pub fn put(&self, key: CacheKey, value: Vec<u8>) {
        if value.len() > MAX_ENTRY {
            return;
        }
        let mut state = self.state();
        state.stored += 1;
        state.used.insert(key, value.into());
    }

    /// Drops an entry that failed to decode, so it is neither used nor saved again.
    pub fn forget(&self, key: CacheKey) {
        let mut state = self.state();
        state.used.remove(&key);
        state.loaded.remove(&key);
    }

    pub fn stats(&self) -> CacheStats {
        let state = self.state();
        CacheStats { loaded: state.loaded.len(), hits: state.hits, stored: state.stored }
    }

    /// Whether saving would write different contents than were loaded.
    pub fn is_dirty(&self) -> bool {
        let state = self.state();
        state.stored > 0 || state.used.len() != state.loaded.len()
    }

    /// Writes the entries this run used, atomically, with the directory's `.gitignore`.
    /// Does nothing when nothing changed.
    pub fn save(&self) -> std::io::Result<()> {
        if self.refused || !self.is_dirty() {
            return Ok(());
        }
        let _span = tracing::info_span!("save_fact_cache").entered();
        let bytes = {
            let state = self.state();
            encode(&state.used, &self.version)
        };
        write_in_cache_dir(&self.path, &bytes)
    }
}

/// The memoized result of a build that changed nothing: its key (the tree's
/// fingerprint, the documents, the settings; computed by the caller), its exit code and
/// what it printed. A later run with the same key prints the same without loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildStamp {
    pub key: CacheKey,
    pub code: u8,
    pub stdout: Vec<u8>,
}

const STAMP_FILE: &str = "build.bin";

impl BuildStamp {
    /// The stamp under `root`, if there is a readable one written by `version`.
    pub fn load(root: &Path, version: &str) -> Option<BuildStamp> {
        if refuse_cache_dir(root).is_some() {
            return None;
        }
        let bytes = read_cache_file(&root.join(CACHE_DIR).join(STAMP_FILE)).ok()??;
        let map = decode(&bytes, version).ok()?;
        let mut entries = map.into_iter();
        let (key, value) = entries.next()?;
        let (&code, stdout) = value.split_first()?;
        entries.next().is_none().then(|| BuildStamp { key, code, stdout: stdout.to_vec() })
    }

    /// Writes the stamp atomically, in the fact cache's format (one entry).
    pub fn save(&self, root: &Path, version: &str) -> std::io::Result<()> {
        let mut value = Vec::with_capacity(1 + self.stdout.len());
        value.push(self.code);
        value.extend_from_slice(&self.stdout);
        let mut map = Map::default();
        map.insert(self.key, value.into());
        write_in_cache_dir(&root.join(CACHE_DIR).join(STAMP_FILE), &encode(&map, version))
    }

    /// Removes the stamp: the next run builds in full.
    pub fn clear(root: &Path) {
        if refuse_cache_dir(root).is_some() {
            return;
        }
        let _ = std::fs::remove_file(root.join(CACHE_DIR).join(STAMP_FILE));
    }
}

/// Why the cache directory under `root` must not be used: `.plan` or `.plan/cache` is a
/// symbolic link (a repository could commit `.plan -> /anywhere` and have `plan` write
/// there) or not a directory. `None` when both are real directories or do not exist yet.
pub fn refuse_cache_dir(root: &Path) -> Option<String> {
    let mut dir = root.to_path_buf();
    for part in CACHE_DIR.split('/') {
        dir.push(part);
        let shown = dir.strip_prefix(root).unwrap_or(&dir).display().to_string();
        match std::fs::symlink_metadata(&dir) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Some(format!(
                    "{shown} is a symbolic link; plan keeps its cache only in a real directory inside the root (remove the link to use the cache)"
                ));
            }
            Ok(metadata) if !metadata.is_dir() => {
                return Some(format!("{shown} is not a directory (remove it to use the cache)"));
            }
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
            Err(error) => return Some(format!("{shown} cannot be read: {error}")),
        }
    }
    None
}

/// Reads a cache file: `None` when there is none; a reason when it is not a regular file,
/// is over [`MAX_CACHE_FILE`] or cannot be read.
fn read_cache_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    use crate::regular::ReadError;
    match crate::regular::read_regular(path, MAX_CACHE_FILE) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::NotFound) => Ok(None),
        Err(ReadError::NotRegular(kind)) => Err(format!("it is {kind}, not a regular file")),
        Err(ReadError::SymlinkLoop) => Err("it is a symbolic link loop".to_owned()),
        Err(ReadError::TooLarge { size, limit }) => {
            Err(format!("it is {size} bytes, over the {limit}-byte limit"))
        }
        Err(ReadError::Changing) => Err("it kept changing while it was read".to_owned()),
        Err(ReadError::Io(error)) => Err(error.to_string()),
    }
}

/// Writes `path` (a file of the cache directory) atomically, creating the directory and
/// its `.gitignore` first; never through a symbolic link ([`refuse_cache_dir`]).
fn write_in_cache_dir(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let root = dir.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    if let Some(reason) = refuse_cache_dir(root) {
        return Err(std::io::Error::other(reason));
    }
    std::fs::create_dir_all(dir)?;
    crate::write::remove_stale_temporaries(path);
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        crate::write::write_atomic(&ignore, b"*\n")?;
    }
    crate::write::write_atomic(path, bytes)
}

fn encode(map: &Map, version: &str) -> Vec<u8> {
    let mut entries: Vec<(&CacheKey, &Arc<[u8]>)> = map.iter().collect();
    entries.sort_unstable_by_key(|(key, _)| **key);
    let size: usize = entries.iter().map(|(_, value)| 20 + value.len()).sum();
    let mut out = Vec::with_capacity(32 + version.len() + size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version.as_bytes());
    out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (key, value) in entries {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&(value.len() as u32).to_le_bytes());
        out.extend_from_slice(value);
    }
    let checksum = checksum(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

fn checksum(bytes: &[u8]) -> CacheKey {
    content_key(&[b"plan-cache-checksum", bytes])
}

fn decode(bytes: &[u8], version: &str) -> Result<Map, String> {
    let corrupt = || "the file is truncated or corrupt".to_owned();
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a fact cache (bad magic)".to_owned());
    }
    let (body, trailer) = bytes.split_at_checked(bytes.len().saturating_sub(16)).ok_or_else(corrupt)?;
    let stored = u128::from_le_bytes(trailer.try_into().map_err(|_| corrupt())?);
    let mut reader = Reader { bytes: body, at: MAGIC.len() };
    let format = reader.u32().ok_or_else(corrupt)?;
    if format != FORMAT_VERSION {
        return Err(format!("format version {format}, this plan reads {FORMAT_VERSION}"));
    }
    let version_len = reader.u32().ok_or_else(corrupt)? as usize;
    let written_by = reader.take(version_len).ok_or_else(corrupt)?;
    if written_by != version.as_bytes() {
        return Err("written by another version of plan".to_owned());
    }
    if checksum(body) != stored {
        return Err("checksum mismatch".to_owned());
    }
    let count = reader.u64().ok_or_else(corrupt)?;
    let mut map = Map::default();
    for _ in 0..count {
        let key =
            u128::from_le_bytes(reader.take(16).ok_or_else(corrupt)?.try_into().map_err(|_| corrupt())?);
        let len = reader.u32().ok_or_else(corrupt)? as usize;
        if len > MAX_ENTRY {
            return Err(corrupt());
        }
        let value = reader.take(len).ok_or_else(corrupt)?;
        map.insert(key, value.into());
    }
    if reader.at != body.len() {
        return Err(corrupt());
    }
    Ok(map)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(len)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(root: &Path) -> FactCache {
        let (cache, warning) = FactCache::open(root, "v1");
        assert_eq!(warning, None);
        cache.put(content_key(&[b"a"]), b"alpha".to_vec());
        cache.put(content_key(&[b"b"]), b"beta".to_vec());
        cache.save().unwrap();
        cache
    }

    #[test]
    fn round_trips_and_keeps_only_used_entries() {
        let dir = tempfile::tempdir().unwrap();
        filled(dir.path());
        assert_eq!(std::fs::read_to_string(dir.path().join(".plan/cache/.gitignore")).unwrap(), "*\n");
        let (cache, warning) = FactCache::open(dir.path(), "v1");
        assert_eq!(warning, None);
        assert_eq!(cache.stats().loaded, 2);
        assert_eq!(cache.get(content_key(&[b"a"])).as_deref(), Some(&b"alpha"[..]));
        assert!(cache.is_dirty(), "one entry went unused");
        cache.save().unwrap();
        let (cache, _) = FactCache::open(dir.path(), "v1");
        assert_eq!(cache.stats().loaded, 1);
        assert_eq!(cache.get(content_key(&[b"b"])), None);
        assert!(cache.get(content_key(&[b"a"])).is_some());
        assert!(!cache.is_dirty());
    }

    #[test]
    fn discards_garbage_truncation_and_other_versions() {
        let dir = tempfile::tempdir().unwrap();
        filled(dir.path());
        let path = dir.path().join(".plan/cache/facts.bin");
        let good = std::fs::read(&path).unwrap();

        let (_, warning) = FactCache::open(dir.path(), "v2");
        assert_eq!(warning.unwrap().reason, "written by another version of plan");

        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"garbage".to_vec(), "not a fact cache (bad magic)"),
            (good[..good.len() - 3].to_vec(), "checksum mismatch"),
            (good[..12].to_vec(), "the file is truncated or corrupt"),
            (
                {
                    let mut flipped = good.clone();
                    let at = flipped.len() - 20;
                    flipped[at] ^= 1;
                    flipped
                },
                "checksum mismatch",
            ),
        ];
        for (bytes, reason) in cases {
            std::fs::write(&path, &bytes).unwrap();
            let (cache, warning) = FactCache::open(dir.path(), "v1");
            assert_eq!(warning.map(|warning| warning.reason).as_deref(), Some(reason));
            assert_eq!(cache.stats().loaded, 0);
        }
    }

    #[test]
    fn build_stamps_round_trip_and_other_versions_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let stamp = BuildStamp { key: content_key(&[b"tree"]), code: 1, stdout: b"report\n".to_vec() };
        stamp.save(dir.path(), "v1").unwrap();
        assert_eq!(BuildStamp::load(dir.path(), "v1"), Some(stamp));
        assert_eq!(BuildStamp::load(dir.path(), "v2"), None);
        std::fs::write(dir.path().join(".plan/cache/build.bin"), b"PLANFACT garbage").unwrap();
        assert_eq!(BuildStamp::load(dir.path(), "v1"), None);
        BuildStamp::clear(dir.path());
        assert_eq!(BuildStamp::load(dir.path(), "v1"), None);
    }

    #[test]
    fn keys_depend_on_every_part_and_its_boundaries() {
        assert_ne!(content_key(&[b"ab", b"c"]), content_key(&[b"a", b"bc"]));
        assert_ne!(content_key(&[b"abc"]), content_key(&[b"abd"]));
        assert_eq!(content_key(&[b"abc"]), content_key(&[b"abc"]));
    }
}
