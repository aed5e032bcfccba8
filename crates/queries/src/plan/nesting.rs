//! A cap on the list and quote markers that open one line: past `MAX_LINE_NESTING` of
//! them (`- - - - … x`, `1. 1. 1. … x`, `>>>> … x`), the rest are read as text. Each
//! marker opens a nested block for the Markdown parser, so 5 million of them on one line
//! (a 10 MB plan) made millions of nested list items and took 1.8 GB and 7 s; no plan
//! nests a list 64 deep on one line. The text keeps its length, so every byte offset stays
//! valid: a marker past the cap has its marker character replaced by `x`.

use std::borrow::Cow;

/// The most list items and block quotes one line may open.
pub(crate) const MAX_LINE_NESTING: usize = 64;

/// `text`, or a copy of it with the markers past the cap on each line read as text.
pub(crate) fn cap_line_nesting(text: &str) -> Cow<'_, str> {
    let mut capped: Option<Vec<u8>> = None;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let bytes = line.as_bytes();
        let mut at = 0;
        let mut depth = 0;
        while let Some(marker) = marker_at(bytes, at) {
            depth += 1;
            if depth > MAX_LINE_NESTING {
                let copy = capped.get_or_insert_with(|| text.as_bytes().to_vec());
                // The character that makes it a marker: `-`, `*`, `+`, `>`, or the `.` or `)`
                // after the digits; all ASCII, so the copy stays UTF-8.
                copy[line_start + marker.key] = b'x';
            }
            at = marker.end;
        }
        line_start += line.len();
    }
    match capped {
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned())),
        None => Cow::Borrowed(text),
    }
}

struct Marker {
    /// The byte that makes it a marker.
    key: usize,
    /// Where the next one may start.
    end: usize,
}

/// A list marker (`-`, `*`, `+`, `1.`, `1)`) followed by a space or tab, or a `>`, after up
/// to three spaces, starting at `at`.
fn marker_at(bytes: &[u8], at: usize) -> Option<Marker> {
    let mut cursor = at;
    while cursor < at + 3 && bytes.get(cursor) == Some(&b' ') {
        cursor += 1;
    }
    let spaced = |position: usize| matches!(bytes.get(position), Some(b' ' | b'\t'));
    match bytes.get(cursor)? {
        b'>' => Some(Marker { key: cursor, end: cursor + 1 + usize::from(spaced(cursor + 1)) }),
        b'-' | b'*' | b'+' if spaced(cursor + 1) => Some(Marker { key: cursor, end: cursor + 2 }),
        b'0'..=b'9' => {
            let digits = bytes[cursor..].iter().take_while(|byte| byte.is_ascii_digit()).count();
            let key = cursor + digits;
            (digits <= 9 && matches!(bytes.get(key), Some(b'.' | b')')) && spaced(key + 1))
                .then_some(Marker { key, end: key + 2 })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_past_the_cap_become_text_and_offsets_hold() {
        let deep = format!("{}x\n", "- ".repeat(MAX_LINE_NESTING + 3));
        let capped = cap_line_nesting(&deep);
        assert_eq!(capped.len(), deep.len());
        assert_eq!(capped, format!("{}{}x\n", "- ".repeat(MAX_LINE_NESTING), "x ".repeat(3)));
        let ordered = format!("{}x\n", "1. ".repeat(MAX_LINE_NESTING + 1));
        assert!(cap_line_nesting(&ordered).ends_with("1x x\n"));
        let quotes = format!("{}x\n", ">".repeat(MAX_LINE_NESTING + 2));
        assert!(cap_line_nesting(&quotes).ends_with(">xxx\n"));
        let shallow = format!("- a\n{}x\n  - b — ü\n", "- ".repeat(MAX_LINE_NESTING));
        assert!(matches!(cap_line_nesting(&shallow), Cow::Borrowed(_)));
    }
}
