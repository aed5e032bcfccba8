//! Positions as the protocol counts them (0-based lines, UTF-16 columns) and bytes of a
//! document, both ways, and the edits a client sends (whole text or a range). Positions
//! past a line's end or the document's end are clamped, never an error.

use std::ops::Range;

use lsp_types::{Position, TextDocumentContentChangeEvent};

/// The byte offset of `position` in `text`, clamped to the line and the document.
pub(crate) fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(at) => line_start += at + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
    let line = text[line_start..line_end].strip_suffix('\r').unwrap_or(&text[line_start..line_end]);
    let mut units = 0u32;
    for (at, character) in line.char_indices() {
        if units >= position.character {
            return line_start + at;
        }
        units += u32::try_from(character.len_utf16()).unwrap_or(2);
    }
    line_start + line.len()
}

/// The position of byte `offset` in `text` (clamped to the text, and back to a character
/// boundary).
pub(crate) fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&byte| byte == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    Position::new(to_u32(line), to_u32(character))
}

/// The protocol range of bytes `range` of `text`.
pub(crate) fn range(text: &str, range: Range<usize>) -> lsp_types::Range {
    lsp_types::Range::new(position(text, range.start), position(text, range.end))
}

/// The protocol range covering 1-based lines `start..=end` of `text`, whole lines.
pub(crate) fn line_range(text: &str, start: u32, end: u32) -> lsp_types::Range {
    let first = Position::new(start.saturating_sub(1), 0);
    let last_line = end.max(start).saturating_sub(1);
    let end_offset = offset(text, Position::new(last_line, u32::MAX));
    lsp_types::Range::new(first, position(text, end_offset))
}

/// Applies one change from `textDocument/didChange` to `text`.
pub(crate) fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let start = offset(text, range.start);
            let end = offset(text, range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(range: Option<(u32, u32, u32, u32)>, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: range
                .map(|(l0, c0, l1, c1)| lsp_types::Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_owned(),
        }
    }

    #[test]
    fn positions_count_utf16_and_clamp() {
        let text = "a→b\r\n𝄞x\nlast";
        assert_eq!(offset(text, Position::new(0, 2)), "a→".len());
        assert_eq!(offset(text, Position::new(0, 99)), "a→b".len());
        assert_eq!(offset(text, Position::new(1, 2)), "a→b\r\n𝄞".len());
        assert_eq!(
            offset(text, Position::new(1, 1)),
            "a→b\r\n".len() + 4,
            "inside a surrogate pair: after it"
        );
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(position(text, "a→b\r\n𝄞x".len()), Position::new(1, 3));
        assert_eq!(position(text, 2), Position::new(0, 1), "inside a character: its start");
        for at in [0, 1, 4, 5, 7, 11, 12, text.len()] {
            assert_eq!(offset(text, position(text, at)), at);
        }
    }

    #[test]
    fn edits_apply_in_order() {
        let mut text = "one\ntwo\nthree\n".to_owned();
        apply_change(&mut text, change(Some((1, 0, 1, 3)), "2"));
        apply_change(&mut text, change(Some((2, 5, 2, 5)), "!"));
        apply_change(&mut text, change(Some((9, 0, 0, 0)), "?"));
        assert_eq!(text, "one\n2\nthree!\n?");
        apply_change(&mut text, change(None, "all new"));
        assert_eq!(text, "all new");
        assert_eq!(
            line_range("ab\ncd\n", 2, 2),
            lsp_types::Range::new(Position::new(1, 0), Position::new(1, 2))
        );
    }
}
