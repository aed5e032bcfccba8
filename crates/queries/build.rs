//! Computes the extractor version that keys the fact cache: a hash of the repository side
//! of this crate (`src/code/`, the queries in `languages/`) and the grammar versions, so
//! that any change to extraction invalidates cached facts, and nothing else does (a new
//! lint message keeps every user's cache).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src/code", "languages"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&manifest.join(dir), &mut files);
    }
    // The grammar crates' versions live in the lock file.
    for file in ["Cargo.toml", "../../Cargo.lock"] {
        println!("cargo:rerun-if-changed={file}");
        files.push(manifest.join(file));
    }
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        let relative = file.strip_prefix(&manifest).unwrap_or(file);
        hasher.write(relative.to_string_lossy().as_bytes());
        let bytes = std::fs::read(file).unwrap_or_default();
        hasher.write_usize(bytes.len());
        hasher.write(&bytes);
    }
    println!("cargo:rustc-env=PLAN_EXTRACTOR_HASH={:016x}", hasher.finish());
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
