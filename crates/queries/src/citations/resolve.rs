//! Resolving one citation against the current code, given the anchor recorded at the last
//! build.
//!
//! `fresh` needs the same path, the same lines, the same text and the same enclosing
//! symbol. Otherwise the code is looked for: first the anchored symbol in the same file,
//! then (only when it is gone from there) in other files, then the same text anywhere. A
//! symbol found with different text is `changed`; the same text elsewhere is `moved`;
//! nothing, or more than one equally good candidate, is `stale`: a citation is never
//! re-pointed at code it cannot tell is the cited one.

use std::collections::{BTreeMap, BTreeSet};

use engine::{Db, FileContents, RelPath, SourceFile};

use crate::citations::lines::{line_hash, may_hold};
use crate::citations::lock::{Anchor, key, lines_hash};
use crate::code::analysis::file_symbols;
use crate::code::symbols::Symbol;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Fresh,
    Moved,
    Changed,
    Stale,
    Invalid,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fresh => "fresh",
            Status::Moved => "moved",
            Status::Changed => "changed",
            Status::Stale => "stale",
            Status::Invalid => "invalid",
        }
    }
}

/// Where a citation points: a path and 1-based inclusive lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub path: String,
    pub start: u32,
    pub end: u32,
}

impl Location {
    /// `path:START-END` (or `path:LINE`), as a colon citation writes it.
    pub fn key(&self) -> String {
        key(&self.path, self.start, self.end)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolution {
    pub status: Status,
    /// Where the citation should point now (fresh, moved, changed).
    pub location: Option<Location>,
    /// The anchor of the code at `location` as it is now.
    pub current: Option<Anchor>,
    /// Why a citation is invalid or stale.
    pub reason: Option<String>,
}

impl Resolution {
    pub(crate) fn invalid(reason: impl Into<String>) -> Resolution {
        Resolution { status: Status::Invalid, location: None, current: None, reason: Some(reason.into()) }
    }

    fn stale(reason: impl Into<String>) -> Resolution {
        Resolution { status: Status::Stale, location: None, current: None, reason: Some(reason.into()) }
    }
}

/// The files of the workspace by path, and the directories they imply.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FileIndex {
    pub files: BTreeMap<RelPath, SourceFile>,
    pub dirs: BTreeSet<String>,
}

/// Changes only when files appear or disappear, so content edits do not invalidate it.
#[salsa::tracked(returns(ref))]
pub fn file_index(db: &dyn Db) -> FileIndex {
    let mut index = FileIndex::default();
    let workspace = db.workspace();
    for (file, path) in workspace.files(db).iter().zip(workspace.paths(db).iter()) {
        let path = path.clone();
        let mut dir = path.as_str();
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if !index.dirs.insert(parent.to_owned()) {
                break;
            }
            dir = parent;
        }
        index.files.insert(path, *file);
    }
    index
}

/// Why `path` could not be read when a directory above it (or the path itself) could not
/// be walked: then its absence says nothing about the code, and the claim must not be
/// marked stale.
fn unreadable_above(db: &dyn Db, path: &RelPath) -> Option<String> {
    db.workspace().problems(db).iter().find_map(|problem| {
        let dir = RelPath::new(&problem.path)?;
        (problem.reason.is_error() && path.starts_with(&dir)).then(|| {
            format!("{} cannot be read ({}), so {path} was not checked", problem.path, problem.reason)
        })
    })
}

/// What one citation says, plus its anchor: the key of [`resolve`].
#[salsa::interned(debug)]
pub struct CitationKey<'db> {
    #[returns(ref)]
    pub path: String,
    #[returns(copy)]
    pub start: u32,
    #[returns(copy)]
    pub end: u32,
    #[returns(ref)]
    pub anchor: Option<Anchor>,
}

/// No file `plan` reads has more lines than this: a citation or lock anchor past it is an
/// absurd value, reported and never relocated (nor rewritten).
pub(crate) const MAX_LINE: u32 = 100_000_000;

/// At most this many bytes of other files are read when looking for moved code.
const MAX_SEARCH_BYTES: usize = 256 * 1024 * 1024;

#[salsa::tracked(returns(ref))]
pub fn resolve<'db>(db: &'db dyn Db, key: CitationKey<'db>) -> Resolution {
    let (path, start, end) = (key.path(db).as_str(), key.start(db), key.end(db));
    let anchor = key.anchor(db).as_ref();
    if start == 0 {
        return Resolution::invalid("line numbers start at 1");
    }
    if start > end {
        return Resolution::invalid(format!("the range starts at line {start}, after its end at line {end}"));
    }
    if end > MAX_LINE {
        return Resolution::invalid(format!(
            "line {end} is past any file (at most {MAX_LINE} lines are read)"
        ));
    }
    if path.starts_with('/')
        || path.starts_with('\\')
        || path.get(1..3) == Some(":\\")
        || path.get(1..3) == Some(":/")
    {
        return Resolution::invalid("the path is absolute; cite paths relative to the repository root");
    }
    let Some(relative) = RelPath::new(path) else {
        return Resolution::invalid("the path leaves the repository root");
    };
    let file = match cited_file(db, key) {
        CitedFile::File(file) => file,
        CitedFile::Directory => return Resolution::invalid(format!("{path} is a directory, not a file")),
        CitedFile::Absent => {
            if let Some(reason) = unreadable_above(db, &relative) {
                return Resolution::invalid(reason);
            }
            return match anchor {
                Some(anchor) => relocate(db, file_index(db), &relative, None, start, end, anchor),
                None => Resolution::invalid(format!("{path} does not exist")),
            };
        }
    };
    let text = match file.contents(db) {
        FileContents::Text(text) => text,
        FileContents::Skipped(reason) => {
            return Resolution::invalid(format!("{path} is not analysed: {reason}"));
        }
        FileContents::Missing => {
            return match anchor {
                Some(anchor) => relocate(db, file_index(db), &relative, None, start, end, anchor),
                None => Resolution::invalid(format!("{path} does not exist")),
            };
        }
    };
    let lines: Vec<&str> = text.lines().collect();
    let Some(anchor) = anchor else {
        if end as usize > lines.len() {
            return Resolution::invalid(format!(
                "lines {start}-{end} are out of range: {path} has {} lines",
                lines.len()
            ));
        }
        let current = anchor_at(db, file, &lines, start, end);
        return Resolution {
            status: Status::Fresh,
            location: Some(Location { path: path.to_owned(), start, end }),
            current: Some(current),
            reason: None,
        };
    };
    if end as usize <= lines.len() {
        let current = anchor_at(db, file, &lines, start, end);
        if current.hash == anchor.hash && (anchor.symbol.is_none() || current.symbol == anchor.symbol) {
            return Resolution {
                status: Status::Fresh,
                location: Some(Location { path: path.to_owned(), start, end }),
                current: Some(current),
                reason: None,
            };
        }
    }
    relocate(db, file_index(db), &relative, Some((file, &lines)), start, end, anchor)
}

/// What a citation's path names in the file list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CitedFile {
    File(SourceFile),
    Directory,
    Absent,
}

/// The cited path looked up in the sorted file list (a binary search, so that adding a file
/// costs no index of every path): unchanged, so backdated, when files appear or disappear
/// elsewhere, and a fresh citation is not resolved again.
#[salsa::tracked(returns(copy))]
fn cited_file<'db>(db: &'db dyn Db, key: CitationKey<'db>) -> CitedFile {
    let Some(relative) = RelPath::new(key.path(db)) else { return CitedFile::Absent };
    let workspace = db.workspace();
    let paths = workspace.paths(db);
    let at = paths.partition_point(|path| *path < relative);
    if paths.get(at) == Some(&relative) {
        return workspace.files(db).get(at).map_or(CitedFile::Absent, |&file| CitedFile::File(file));
    }
    if engine::paths_below(paths, relative.as_str()).is_empty() {
        CitedFile::Absent
    } else {
        CitedFile::Directory
    }
}

/// The anchor of `start..=end` in `file` as it is now.
pub(crate) fn anchor_at(db: &dyn Db, file: SourceFile, lines: &[&str], start: u32, end: u32) -> Anchor {
    let symbols = &file_symbols(db, file).symbols;
    let innermost = symbols
        .iter()
        .filter(|symbol| symbol.start <= start && end <= symbol.end)
        .min_by_key(|symbol| (symbol.end - symbol.start, std::cmp::Reverse(symbol.start)));
    let whole = innermost
        .is_some_and(|symbol| (start == symbol.start || start == symbol.name_line) && end == symbol.end);
    let range = (start as usize - 1)..(end as usize).min(lines.len());
    Anchor {
        symbol: innermost.map(|symbol| (symbol.kind, symbol.qualified_name.clone())),
        whole,
        hash: lines_hash(lines.get(range.clone()).unwrap_or(&[]).iter().copied()),
        first_line: lines.get(start as usize - 1).map(|line| line.to_string()).unwrap_or_default(),
    }
}

/// Finds the anchored code elsewhere, in order: the anchored symbol in the same file
/// (`current`, when it still exists), the same text in the same file, the anchored symbol
/// in other files (only when it left the original file), the same text in other files.
fn relocate(
    db: &dyn Db,
    index: &FileIndex,
    original: &RelPath,
    current: Option<(SourceFile, &Vec<&str>)>,
    start: u32,
    end: u32,
    anchor: &Anchor,
) -> Resolution {
    let length = end - start + 1;
    let mut search = Search { db, index, original, start, length, anchor, scanned: 0 };
    if let Some((file, lines)) = current {
        if let Some(found) = search.symbol_in_file(file, lines) {
            return found;
        }
        if let Some(found) = search.text_in_file(file, lines) {
            return found;
        }
    }
    if let Some(found) = search.symbol_elsewhere(current.is_some()) {
        return found;
    }
    search.text_elsewhere()
}

/// What [`relocate`] looks for, and how many bytes of other files it has read.
struct Search<'a> {
    db: &'a dyn Db,
    index: &'a FileIndex,
    original: &'a RelPath,
    start: u32,
    length: u32,
    anchor: &'a Anchor,
    scanned: usize,
}

impl Search<'_> {
    /// The anchored symbol in the cited file. Overloads share a name: the one holding the
    /// text, else the one closest in size (an implementation rather than its one-line
    /// stubs), else the nearest.
    fn symbol_in_file(&self, file: SourceFile, lines: &[&str]) -> Option<Resolution> {
        let (kind, name) = self.anchor.symbol.as_ref()?;
        let best = file_symbols(self.db, file)
            .symbols
            .iter()
            .filter(|symbol| symbol.kind == *kind && symbol.qualified_name == *name)
            .min_by_key(|symbol| {
                let size = (symbol.end - symbol.start + 1).abs_diff(self.length);
                (
                    !symbol_holds(lines, symbol, self.anchor, self.length),
                    size,
                    symbol.start.abs_diff(self.start),
                )
            })?;
        Some(within_symbol(self.db, file, self.original, lines, best, self.start, self.length, self.anchor))
    }

    /// The same text in the cited file, nearest the cited lines.
    fn text_in_file(&self, file: SourceFile, lines: &[&str]) -> Option<Resolution> {
        let found = find_text(lines, self.anchor, self.length);
        let &line = found.iter().min_by_key(|line| line.abs_diff(self.start))?;
        Some(found_at(self.db, file, self.original, lines, line, self.length, Status::Moved))
    }

    /// The anchored symbol in other files. A same-named symbol with other text is the
    /// cited one only if the original file is gone and the candidate's file carries its
    /// name (a move to another directory): a function of the same name in an unrelated
    /// file is another function.
    fn symbol_elsewhere(&mut self, original_exists: bool) -> Option<Resolution> {
        let (kind, name) = self.anchor.symbol.as_ref()?;
        let mut exact = Vec::new();
        let mut same_name = Vec::new();
        for (path, &file) in &self.index.files {
            if path == self.original {
                continue;
            }
            let Some(text) = file.contents(self.db).text() else { continue };
            let named = |symbol: &&Symbol| symbol.kind == *kind && symbol.qualified_name == *name;
            let symbols = &file_symbols(self.db, file).symbols;
            if !symbols.iter().any(|symbol| named(&symbol)) {
                continue;
            }
            self.scanned += text.len();
            let lines: Vec<&str> = text.lines().collect();
            for symbol in symbols.iter().filter(named) {
                let candidate = (path.clone(), file, symbol.clone());
                if symbol_holds(&lines, symbol, self.anchor, self.length) {
                    exact.push(candidate);
                } else {
                    same_name.push(candidate);
                }
            }
        }
        same_name.retain(|(path, _, _)| path.file_name() == self.original.file_name());
        let (path, file, symbol) = match (exact.len(), same_name.len()) {
            (1, _) => exact.pop()?,
            (0, 1) if !original_exists => same_name.pop()?,
            (0, 0) => return None,
            (count_exact, count_named) if count_exact > 1 || (count_exact == 0 && !original_exists) => {
                return Some(Resolution::stale(format!(
                    "`{name}` is gone from {} and {} symbols of that name exist elsewhere; cite the right one",
                    self.original,
                    count_exact + count_named
                )));
            }
            _ => return None,
        };
        let text = file.contents(self.db).text().unwrap_or("");
        let lines: Vec<&str> = text.lines().collect();
        Some(within_symbol(self.db, file, &path, &lines, &symbol, self.start, self.length, self.anchor))
    }

    /// The same text in other files: same file name first, then same extension.
    fn text_elsewhere(&mut self) -> Resolution {
        let mut found = self.text_candidates();
        if found.len() > 1 {
            found = self.by_shared_tail(found);
        }
        match found.as_slice() {
            [(path, file, line)] => {
                let text = file.contents(self.db).text().unwrap_or("");
                let lines: Vec<&str> = text.lines().collect();
                found_at(self.db, *file, path, &lines, *line, self.length, Status::Moved)
            }
            [] => Resolution::stale(match &self.anchor.symbol {
                Some((kind, name)) => format!("the cited {kind} `{name}` and its text are gone"),
                None => "the cited text is gone".to_owned(),
            }),
            _ => Resolution::stale("the cited text now appears in several places; cite the right one"),
        }
    }

    /// Where other files of the same name or extension hold the cited text (at most a
    /// few, within [`MAX_SEARCH_BYTES`] read).
    fn text_candidates(&mut self) -> Vec<(RelPath, SourceFile, u32)> {
        let file_name = self.original.file_name();
        let extension = self.original.extension();
        let mut candidates: Vec<(&RelPath, SourceFile)> = self
            .index
            .files
            .iter()
            .filter(|(path, _)| {
                *path != self.original
                    && (path.file_name() == file_name
                        || (extension.is_some() && path.extension() == extension))
            })
            .map(|(path, file)| (path, *file))
            .collect();
        candidates.sort_by_key(|(path, _)| path.file_name() != file_name);
        let first_line = line_hash(&self.anchor.first_line);
        let mut found = Vec::new();
        for (path, file) in candidates {
            let Some(text) = file.contents(self.db).text() else { continue };
            self.scanned += text.len();
            if self.scanned > MAX_SEARCH_BYTES {
                break;
            }
            if !may_hold(self.db, file, first_line) {
                continue;
            }
            let lines: Vec<&str> = text.lines().collect();
            for line in find_text(&lines, self.anchor, self.length) {
                found.push((path.clone(), file, line));
            }
            if found.len() > 8 {
                break;
            }
        }
        found
    }

    /// Several places hold the text: keep the one whose enclosing symbol shares the longest
    /// qualified-name tail with the anchored one (a renamed outer class keeps
    /// `Inner.method`), if it is the only one with at least two shared segments.
    fn by_shared_tail(&self, mut found: Vec<(RelPath, SourceFile, u32)>) -> Vec<(RelPath, SourceFile, u32)> {
        let Some((_, name)) = &self.anchor.symbol else { return found };
        let scored: Vec<usize> = found
            .iter()
            .map(|(_, file, line)| {
                let text = file.contents(self.db).text().unwrap_or("");
                let lines: Vec<&str> = text.lines().collect();
                let end = line.saturating_add(self.length - 1);
                let here = anchor_at(self.db, *file, &lines, *line, end);
                here.symbol.map_or(0, |(_, qualified)| shared_tail(&qualified, name))
            })
            .collect();
        let best = scored.iter().copied().max().unwrap_or(0);
        if best >= 2 && scored.iter().filter(|score| **score == best).count() == 1 {
            let index = scored.iter().position(|score| *score == best).unwrap_or(0);
            found = vec![found.swap_remove(index)];
        }
        found
    }
}

/// Whether `symbol` still holds the cited text (its whole extent for a whole-symbol
/// citation, a window of it otherwise).
fn symbol_holds(lines: &[&str], symbol: &Symbol, anchor: &Anchor, length: u32) -> bool {
    if anchor.whole {
        let (start, end) = whole_range(lines, symbol, anchor);
        return window_hash(lines, start, end - start + 1) == Some(anchor.hash);
    }
    (symbol.start..=symbol.end.saturating_sub(length - 1))
        .any(|line| window_hash(lines, line, length) == Some(anchor.hash))
}

/// The range a whole-symbol citation covers now: from the symbol's start, or from its name
/// line when that is where the citation started.
fn whole_range(lines: &[&str], symbol: &Symbol, anchor: &Anchor) -> (u32, u32) {
    let at_name =
        lines.get(symbol.name_line as usize - 1).is_some_and(|line| same_line(line, &anchor.first_line));
    let at_start =
        lines.get(symbol.start as usize - 1).is_some_and(|line| same_line(line, &anchor.first_line));
    // When neither line is unchanged (a new signature), a first line that named the
    // symbol while the symbol's first line (a decorator, an attribute) does not shows the
    // citation started at the name line.
    let started_at_name = !at_start
        && (at_name
            || (contains_identifier(&anchor.first_line, &symbol.name)
                && !lines
                    .get(symbol.start as usize - 1)
                    .is_some_and(|line| contains_identifier(line, &symbol.name))));
    let start = if started_at_name { symbol.name_line } else { symbol.start };
    (start, symbol.end)
}

#[expect(clippy::too_many_arguments, reason = "the search state is passed down as is")]
fn within_symbol(
    db: &dyn Db,
    file: SourceFile,
    path: &RelPath,
    lines: &[&str],
    symbol: &Symbol,
    original_start: u32,
    length: u32,
    anchor: &Anchor,
) -> Resolution {
    let (new_start, new_end) = if anchor.whole {
        whole_range(lines, symbol, anchor)
    } else {
        let windows: Vec<u32> = (symbol.start..=symbol.end.saturating_sub(length - 1).max(symbol.start))
            .filter(|line| window_hash(lines, *line, length) == Some(anchor.hash))
            .collect();
        match windows.iter().min_by_key(|line| line.abs_diff(original_start)) {
            Some(&line) => (line, line.saturating_add(length - 1)),
            None => {
                // Changed: where its first line is now; else, when that line named the
                // symbol, its name line (the signature changed); else the symbol's start.
                let first = (symbol.start..=symbol.end).find(|line| {
                    lines.get(*line as usize - 1).is_some_and(|text| same_line(text, &anchor.first_line))
                });
                let names_symbol = contains_identifier(&anchor.first_line, &symbol.name);
                let line = first
                    .unwrap_or(if names_symbol { symbol.name_line } else { symbol.start })
                    .min(symbol.end);
                (line, line.saturating_add(length - 1).min(symbol.end.max(line)))
            }
        }
    };
    let hash = window_hash(lines, new_start, new_end - new_start + 1);
    let unchanged = hash == Some(anchor.hash);
    let status = if unchanged { Status::Moved } else { Status::Changed };
    found_at(db, file, path, lines, new_start, new_end - new_start + 1, status)
}

fn found_at(
    db: &dyn Db,
    file: SourceFile,
    path: &RelPath,
    lines: &[&str],
    start: u32,
    length: u32,
    status: Status,
) -> Resolution {
    let end = start.saturating_add(length.saturating_sub(1));
    let current = anchor_at(db, file, lines, start, end);
    Resolution {
        status,
        location: Some(Location { path: path.to_string(), start, end }),
        current: Some(current),
        reason: None,
    }
}

/// Start lines (1-based) of windows of `length` lines whose hash is the anchor's, looked
/// for only where the first line matches.
fn find_text(lines: &[&str], anchor: &Anchor, length: u32) -> Vec<u32> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| same_line(line, &anchor.first_line))
        .map(|(index, _)| index as u32 + 1)
        .filter(|line| window_hash(lines, *line, length) == Some(anchor.hash))
        .collect()
}

fn window_hash(lines: &[&str], start: u32, length: u32) -> Option<u64> {
    let from = start.checked_sub(1)? as usize;
    let to = from.saturating_add(length as usize);
    lines.get(from..to).map(|window| lines_hash(window.iter().copied()))
}

/// How many trailing segments two qualified names share (`A.B.c` and `X.B.c`: 2).
fn shared_tail(a: &str, b: &str) -> usize {
    let split = |name: &str| {
        name.split(['.', ':']).filter(|part| !part.is_empty()).map(str::to_owned).collect::<Vec<_>>()
    };
    split(a).iter().rev().zip(split(b).iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Whether `text` contains `name` as a whole identifier.
fn contains_identifier(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            boundary(before) && boundary(after)
        })
}

fn same_line(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}
