//! Small syntaxes found inside plan text: PR references and citations.

use std::ops::Range;

/// A PR named in text: `PR3`, `PR 3`, `pr3`. Ranges (`PR3–PR5`, `PR3-PR5`, `PR3..PR5`)
/// yield every PR of the range.
pub(crate) fn pr_numbers(text: &str) -> Vec<u32> {
    pr_mentions(text).into_iter().flat_map(|mention| mention.first..=mention.last).collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PrMention {
    pub first: u32,
    pub last: u32,
    pub range: Range<usize>,
}

pub(crate) fn pr_mentions(text: &str) -> Vec<PrMention> {
    let bytes = text.as_bytes();
    let mut out: Vec<PrMention> = Vec::new();
    let mut index = 0;
    while index + 2 < bytes.len() + 1 {
        let Some((number, end)) = pr_at(bytes, index) else {
            index += 1;
            continue;
        };
        let start = index;
        let mut last = number;
        let mut cursor = end;
        // A range: `–PR5`, `-PR5`, `..PR5`, ` to PR5`.
        for separator in ["–", "—", "-", "..", " to ", " - ", " – "] {
            if text[cursor..].starts_with(separator)
                && let Some((to, to_end)) = pr_at(bytes, cursor + separator.len())
                && to >= number
                && to - number <= 1000
            {
                last = to;
                cursor = to_end;
                break;
            }
        }
        out.push(PrMention { first: number, last, range: start..cursor });
        index = cursor;
    }
    out
}

/// A PR id starting at `index` on a word boundary: `PR3`, `PR 3`, `PR-3`, `PR #3`, `PR#3`,
/// `PR_3` (any case). Returns the number and the end offset.
fn pr_at(bytes: &[u8], index: usize) -> Option<(u32, usize)> {
    if index > 0 && (bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'_') {
        return None;
    }
    let prefix = bytes.get(index..index + 2)?;
    if !prefix.eq_ignore_ascii_case(b"pr") {
        return None;
    }
    let mut cursor = index + 2;
    // At most one space, then at most one `#`, `-` or `_`: `PR 3`, `PR #3`, `PR-3`.
    if bytes.get(cursor) == Some(&b' ') {
        cursor += 1;
    }
    if matches!(bytes.get(cursor), Some(b'#' | b'-' | b'_')) {
        cursor += 1;
    }
    let digits_start = cursor;
    while bytes.get(cursor).is_some_and(u8::is_ascii_digit) {
        cursor += 1;
    }
    if cursor == digits_start || cursor - digits_start > 6 {
        return None;
    }
    if bytes.get(cursor).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_') {
        return None;
    }
    let number = std::str::from_utf8(&bytes[digits_start..cursor]).ok()?.parse().ok()?;
    Some((number, cursor))
}

/// How a citation is written, kept so a rewrite preserves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CitationForm {
    /// `path:12` or `path:12-20`.
    Colon,
    /// A link target `path#L12` or `path#L12-L20`.
    Link,
}

/// A citation as written. `range` covers exactly the citation text (`src/a.rs:12-20`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Citation {
    pub path: String,
    pub start: u32,
    pub end: u32,
    pub form: CitationForm,
    pub range: Range<usize>,
}

/// The most citations of one claim that are resolved: past it a claim (a 10 MB line of
/// citations) is not a claim a reader checks, and the rest are left as written, reported
/// once (PLAN060), so that the work per claim is bounded.
pub(crate) const MAX_CITATIONS_PER_CLAIM: usize = 1000;

/// Citations in `text` (one block's source). Code spans are searched, URLs are not.
pub(crate) fn citations(text: &str) -> Vec<Citation> {
    citations_up_to(text, usize::MAX)
}

/// The first `limit` citations in `text`: the scan stops there.
pub(crate) fn citations_up_to(text: &str, limit: usize) -> Vec<Citation> {
    let mut out = Vec::new();
    if !may_cite(text) {
        return out;
    }
    let mut token_start = None;
    for (index, character) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let separator = character.is_whitespace()
            || matches!(
                character,
                '`' | '(' | ')' | '[' | ']' | '<' | '>' | '|' | '"' | '\'' | ',' | ';' | '*'
            );
        match (separator, token_start) {
            (false, None) => token_start = Some(index),
            (true, Some(start)) => {
                if let Some(citation) = parse_token(text, start, index) {
                    out.push(citation);
                    if out.len() >= limit {
                        break;
                    }
                }
                token_start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether `text` may hold a citation: every one has a digit after a `:` (`path:12`) or
/// after `#L` (`path#L12`). Most prose has neither, and is not scanned token by token.
fn may_cite(text: &str) -> bool {
    text.as_bytes().windows(2).enumerate().any(|(at, pair)| {
        pair[1].is_ascii_digit()
            && (pair[0] == b':' || (pair[0] == b'L' && at > 0 && text.as_bytes()[at - 1] == b'#'))
    })
}

fn parse_token(text: &str, start: usize, end: usize) -> Option<Citation> {
    let raw = &text[start..end];
    if raw.contains("://") || raw.starts_with("mailto:") {
        return None;
    }
    // Sentence punctuation after a citation: `see src/a.rs:12.` or `src/a.rs:12:`.
    let trimmed = raw.trim_end_matches(['.', ':', '!', '?']);
    let end = start + trimmed.len();
    if let Some((path, lines)) = trimmed.rsplit_once("#L") {
        let (first, last) = parse_lines(lines, true)?;
        return valid_path(path).then(|| Citation {
            path: path.to_owned(),
            start: first,
            end: last,
            form: CitationForm::Link,
            range: start..end,
        });
    }
    let (path, lines) = trimmed.rsplit_once(':')?;
    let (first, last) = parse_lines(lines, false)?;
    valid_path(path).then(|| Citation {
        path: path.to_owned(),
        start: first,
        end: last,
        form: CitationForm::Colon,
        range: start..end,
    })
}

/// `12`, `12-20`, or for links `12-L20`.
fn parse_lines(lines: &str, link: bool) -> Option<(u32, u32)> {
    let (first, last) = match lines.split_once(['-', '–']) {
        Some((first, last)) => {
            let last = if link { last.strip_prefix('L').unwrap_or(last) } else { last };
            (first, last)
        }
        None => (lines, lines),
    };
    if first.is_empty()
        || last.is_empty()
        || !first.bytes().all(|b| b.is_ascii_digit())
        || !last.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some((first.parse().ok()?, last.parse().ok()?))
}

/// A path has a `/` or a file extension (starting with a letter), and no spaces.
fn valid_path(path: &str) -> bool {
    if path.is_empty() || path.len() > 4096 {
        return false;
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let has_extension = file_name.rsplit_once('.').is_some_and(|(stem, extension)| {
        !extension.is_empty()
            && extension.starts_with(|c: char| c.is_ascii_alphabetic())
            && (!stem.is_empty() || file_name.starts_with('.'))
    });
    (path.contains('/') || has_extension) && !path.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pr_references() {
        assert_eq!(pr_numbers("Before PR3 merge"), [3]);
        assert_eq!(pr_numbers("PR 3 rework"), [3]);
        assert_eq!(pr_numbers("PR3–PR5 and pr7"), [3, 4, 5, 7]);
        assert_eq!(pr_numbers("PR10, PR11"), [10, 11]);
        assert_eq!(pr_numbers("APR3 PRs PRx SPR1 PR-ready pr_x"), Vec::<u32>::new());
        assert_eq!(pr_numbers("PR-0, PR #1, PR#2, PR_3, [PR4], PR 5:"), [0, 1, 2, 3, 4, 5]);
        assert_eq!(pr_numbers("PR-1–PR-3"), [1, 2, 3]);
        assert_eq!(pr_numbers("PR2-PR1"), [2, 1]);
    }

    #[test]
    fn citation_forms() {
        let found: Vec<String> = citations(
            "See `src/walk.rs:42`, crates/a/lib.rs:10-20. [x](src/b.go#L3-L9) and (docs/x.md#L7); not 10:30, PR3:, https://x.io/a.rs:3, Cargo.toml:5:",
        )
        .into_iter()
        .map(|c| format!("{}:{}-{} {:?}", c.path, c.start, c.end, c.form))
        .collect();
        assert_eq!(
            found,
            [
                "src/walk.rs:42-42 Colon",
                "crates/a/lib.rs:10-20 Colon",
                "src/b.go:3-9 Link",
                "docs/x.md:7-7 Link",
                "Cargo.toml:5-5 Colon"
            ]
        );
    }

    #[test]
    fn citation_ranges_cover_the_written_text() {
        let text = "at `src/a.rs:3-4`.";
        let citation = &citations(text)[0];
        assert_eq!(&text[citation.range.clone()], "src/a.rs:3-4");
    }
}
