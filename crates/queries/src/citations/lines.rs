//! Which lines a file holds, by hash: where a cited text gone from its file could have
//! moved, without reading every other file again after each edit. A stale citation looks
//! for its text in every file of the same name or extension; each file's hashes are
//! memoized, so an edit re-hashes the edited file only, and the search reads whole only
//! the files that hold the citation's first line.

use std::hash::Hasher;

use engine::{Db, SourceFile};

/// The hash of `line` with its whitespace normalized as the citation search compares
/// lines (words separated by single spaces, no leading or trailing blanks), to 32 bits: a
/// collision only costs a file read for nothing.
pub(crate) fn line_hash(line: &str) -> u32 {
    let mut hasher = rustc_hash::FxHasher::default();
    for word in line.split_whitespace() {
        hasher.write(word.as_bytes());
        hasher.write_u8(b' ');
    }
    hasher.finish() as u32
}

/// The [`line_hash`]es of `file`'s lines, sorted and without duplicates (4 bytes a
/// distinct line).
#[salsa::tracked(returns(ref))]
fn line_hashes(db: &dyn Db, file: SourceFile) -> Box<[u32]> {
    let Some(text) = file.contents(db).text() else { return Box::default() };
    let mut hashes: Vec<u32> = text.lines().map(line_hash).collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.into()
}

/// Whether `file` may hold a line whose [`line_hash`] is `hash` (it does unless hashes
/// collide).
pub(crate) fn may_hold(db: &dyn Db, file: SourceFile, hash: u32) -> bool {
    line_hashes(db, file).binary_search(&hash).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_equal_but_for_whitespace_hash_alike() {
        assert_eq!(line_hash("  const genDoNotEdit =\t\"x\" "), line_hash("const genDoNotEdit = \"x\""));
        assert_ne!(line_hash("const a = 1"), line_hash("const a = 2"));
        assert_ne!(line_hash("ab c"), line_hash("a bc"));
    }
}
