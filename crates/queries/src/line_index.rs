//! Lines and columns of byte offsets in a text: one scan for one offset ([`line_column`]),
//! an index of line starts for many ([`LineIndex`]).

/// 1-based line and column (in characters) of a byte offset, by one scan of the text
/// before it. For many offsets into one text, build a [`LineIndex`] once instead.
pub(crate) fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = char_boundary_at_or_before(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&byte| byte == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |position| position + 1);
    position(text, line, line_start, offset)
}

fn char_boundary_at_or_before(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The 1-based `(line, column)` of `offset`, on `line` starting at byte `line_start`.
fn position(text: &str, line: usize, line_start: usize, offset: usize) -> (u32, u32) {
    let column = text[line_start..offset].chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

/// Where each line of a text starts, so that placing many offsets costs a binary search
/// each rather than a scan of the text each.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset of `text`, the text the
    /// index was built from.
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = char_boundary_at_or_before(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        position(text, line, self.starts[line - 1], offset)
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, line_column};

    /// The index places every offset where [`line_column`]'s scan of the text does: line starts, line
    /// ends, offsets inside a multi-byte character, past the end, an empty text.
    #[test]
    fn the_line_index_agrees_with_a_scan() {
        for text in ["", "\n", "a", "é\nb\r\n\nçd€\n", "# Plan\n\n- `src/a.rs:1` ü\nlast"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let scanned = line_column(text, offset);
                assert_eq!(index.line_column(text, offset), scanned, "{text:?} at {offset}");
            }
        }
    }
}
