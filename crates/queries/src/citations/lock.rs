//! PLAN.lock: the anchors of the citations, the contract texts and the revision notes seen,
//! as sorted, tab-separated lines made to be committed and diffed (tabs shown as `→`):
//!
//! ```text
//! # PLAN.lock: written by `plan build`; commit it with the plan.
//! plan-lock → 1
//! anchor → src/walk.rs:42-50 → function → Walker::walk → whole → 3f2a9c1e0b7d4e21 → pub fn walk(&self) {
//! contract → PR2 → BC-1 → the cycle's PRs are listed in order.
//! revision → a1b2c3d4e5f60718
//! marker → src/gone.rs:3-9
//! ```
//!
//! A `marker` line records an `UNVERIFIED` the tool wrote after that citation: the tool
//! removes it once the citation resolves again, and never touches one the author wrote.
//!
//! Text fields escape `\`, tab and newline as `\\`, `\t`, `\n`. Unknown or malformed lines
//! are reported and skipped, never fatal.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::code::symbols::SymbolKind;

/// What a citation was anchored to at the last build.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// The innermost symbol containing the cited lines, if any.
    pub symbol: Option<(SymbolKind, String)>,
    /// Whether the cited range was that symbol's whole extent.
    pub whole: bool,
    /// Hash of the cited lines, whitespace normalized.
    pub hash: u64,
    /// The first cited line, as written in the code.
    pub first_line: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Lock {
    /// Anchors by citation as written in the plan (`path:START-END`, normalized).
    pub anchors: BTreeMap<String, Anchor>,
    /// Contract texts by (PR, contract id).
    pub contracts: BTreeMap<(u32, String), String>,
    /// Hashes of the revision notes seen.
    pub revisions: std::collections::BTreeSet<u64>,
    /// Citations after which `plan build` or `plan watch` wrote `UNVERIFIED` (by key), so
    /// that the marker is removed when the citation resolves again; the author's stay.
    pub markers: std::collections::BTreeSet<String>,
    /// Lines that could not be read, 1-based.
    pub malformed: Vec<u32>,
    /// Why the whole file is not a lock of this plan (no `plan-lock` line, another format,
    /// mostly unreadable): then nothing of it is used, so that it marks no claim.
    pub foreign: Option<String>,
}

pub(crate) const HEADER: &str =
    "# PLAN.lock: written by `plan build`; commit it with the plan.\nplan-lock\t1\n";

/// The lock key of a citation: `path:START` or `path:START-END`, whatever its written form.
pub(crate) fn key(path: &str, start: u32, end: u32) -> String {
    if start == end { format!("{path}:{start}") } else { format!("{path}:{start}-{end}") }
}

/// The lock of the plan at `plan`: `PLAN.md` → `PLAN.lock`, `plans/pr3.md` → `plans/pr3.lock`.
pub(crate) fn lock_name(plan: &str) -> String {
    match plan.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() && !stem.ends_with('/') => format!("{stem}.lock"),
        _ => format!("{plan}.lock"),
    }
}

pub(crate) fn parse(text: &str) -> Lock {
    let mut lock = Lock::default();
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let ok = match fields.as_slice() {
            ["plan-lock", "1"] => true,
            ["anchor", citation, kind, name, whole, hash, first_line] => {
                let symbol = match (*kind, *name) {
                    ("-", _) => Some(None),
                    (kind, name) => SymbolKind::ALL
                        .into_iter()
                        .find(|candidate| candidate.as_str() == kind)
                        .map(|kind| Some((kind, unescape(name)))),
                };
                match (symbol, u64::from_str_radix(hash, 16), *whole) {
                    (Some(symbol), Ok(hash), "whole" | "part") => {
                        lock.anchors.insert(
                            unescape(citation),
                            Anchor {
                                symbol,
                                whole: *whole == "whole",
                                hash,
                                first_line: unescape(first_line),
                            },
                        );
                        true
                    }
                    _ => false,
                }
            }
            ["contract", pr, id, text] => {
                match pr.strip_prefix("PR").and_then(|number| number.parse().ok()) {
                    Some(number) => {
                        lock.contracts.insert((number, (*id).to_owned()), unescape(text));
                        true
                    }
                    None => false,
                }
            }
            ["marker", citation] => {
                lock.markers.insert(unescape(citation));
                true
            }
            ["revision", hash] => match u64::from_str_radix(hash, 16) {
                Ok(hash) => {
                    lock.revisions.insert(hash);
                    true
                }
                Err(_) => false,
            },
            _ => false,
        };
        if !ok {
            lock.malformed.push(u32::try_from(index + 1).unwrap_or(u32::MAX));
        }
    }
    lock.foreign = foreign(text, lock.malformed.len());
    if lock.foreign.is_some() {
        return Lock { malformed: Vec::new(), foreign: lock.foreign, ..Lock::default() };
    }
    lock
}

/// Why `text` (non-empty) is not a lock this version reads as one, if it is not.
fn foreign(text: &str, malformed: usize) -> Option<String> {
    let lines = || text.lines().filter(|line| !line.is_empty() && !line.starts_with('#'));
    let total = lines().count();
    if total == 0 {
        return None;
    }
    match lines().find_map(|line| line.strip_prefix("plan-lock\t")) {
        None => return Some("it has no `plan-lock` line: plan did not write it".to_owned()),
        Some("1") => {}
        Some(version) => {
            let version: String = version.chars().take(20).collect();
            return Some(format!("it is in format {version:?}, and this plan reads format 1"));
        }
    }
    (malformed * 2 > total).then(|| format!("{malformed} of its {total} lines cannot be read"))
}

pub(crate) fn render(lock: &Lock) -> String {
    let mut out = String::from(HEADER);
    for (citation, anchor) in &lock.anchors {
        let (kind, name) = match &anchor.symbol {
            Some((kind, name)) => (kind.as_str(), escape(name)),
            None => ("-", "-".to_owned()),
        };
        let _ = writeln!(
            out,
            "anchor\t{}\t{kind}\t{name}\t{}\t{:016x}\t{}",
            escape(citation),
            if anchor.whole { "whole" } else { "part" },
            anchor.hash,
            escape(&anchor.first_line)
        );
    }
    for ((pr, id), text) in &lock.contracts {
        let _ = writeln!(out, "contract\tPR{pr}\t{id}\t{}", escape(text));
    }
    for hash in &lock.revisions {
        let _ = writeln!(out, "revision\t{hash:016x}");
    }
    for citation in &lock.markers {
        let _ = writeln!(out, "marker\t{}", escape(citation));
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(character) = chars.next() {
        if character != '\\' {
            out.push(character);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// FNV-1a, 64 bits: stable across versions and platforms, which a lock file needs.
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The hash of lines with whitespace normalized: runs collapsed, ends trimmed, blank lines
/// kept (they are part of what was cited).
pub(crate) fn lines_hash<'a>(lines: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut normalized = String::new();
    for line in lines {
        normalized.push_str(&line.split_whitespace().collect::<Vec<_>>().join(" "));
        normalized.push('\n');
    }
    hash(normalized.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_round_trips() {
        let mut lock = Lock::default();
        lock.anchors.insert(
            "src/a.rs:3-9".to_owned(),
            Anchor {
                symbol: Some((SymbolKind::Method, "Store::get".to_owned())),
                whole: true,
                hash: 0xabc,
                first_line: "fn get(\t) {\\".to_owned(),
            },
        );
        lock.anchors.insert(
            "b.py:1".to_owned(),
            Anchor { symbol: None, whole: false, hash: 7, first_line: String::new() },
        );
        lock.contracts.insert((2, "BC-1".to_owned()), "line one\nline two".to_owned());
        lock.revisions.insert(42);
        let text = render(&lock);
        expect_test::expect![[r#"
            # PLAN.lock: written by `plan build`; commit it with the plan.
            plan-lock	1
            anchor	b.py:1	-	-	part	0000000000000007	
            anchor	src/a.rs:3-9	method	Store::get	whole	0000000000000abc	fn get(\t) {\\
            contract	PR2	BC-1	line one\nline two
            revision	000000000000002a
        "#]]
        .assert_eq(&text);
        assert_eq!(parse(&text), lock);
    }

    #[test]
    fn malformed_lines_are_reported_not_fatal() {
        let lock = parse("plan-lock\t1\nanchor\tx\nrevision\tzz\ncontract\tPR1\tBC-1\tok\n");
        assert_eq!(lock.malformed, [2, 3]);
        assert_eq!(lock.contracts.len(), 1);
        assert_eq!(lock.foreign, None);
    }

    /// A file that is not a lock, a lock of another format, or one mostly unreadable is
    /// ignored whole: none of its lines can mark a claim.
    #[test]
    fn foreign_locks_are_ignored_whole() {
        let anchor = "anchor\tsrc/a.rs:1\t-\t-\tpart\t0000000000000007\tx\n";
        let cases = [
            (anchor.to_owned(), "it has no `plan-lock` line: plan did not write it"),
            (format!("plan-lock\t2\n{anchor}"), "it is in format \"2\", and this plan reads format 1"),
            (format!("plan-lock\t1\n{anchor}x\ny\nz\n"), "3 of its 5 lines cannot be read"),
        ];
        for (text, reason) in cases {
            let lock = parse(&text);
            assert_eq!(lock.foreign.as_deref(), Some(reason), "{text}");
            assert!(lock.anchors.is_empty() && lock.malformed.is_empty());
        }
        assert_eq!(parse("").foreign, None);
        assert_eq!(parse(HEADER).foreign, None);
    }

    #[test]
    fn hashes_ignore_whitespace_only() {
        assert_eq!(lines_hash(["fn a() {", "    x  + 1", "}"]), lines_hash(["fn a() {", "x + 1", " } "]));
        assert_ne!(lines_hash(["fn a() {", "x + 1", "}"]), lines_hash(["fn a() {", "x + 2", "}"]));
    }
}
