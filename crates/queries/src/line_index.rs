//! Lines and columns of byte offsets in a text: one scan for one offset ([`line_column`]),
//! an index of line starts for many ([`LineIndex`]). A line ends at `\n`, `\r\n` or a lone
//! `\r`, as in CommonMark.

/// 1-based line and column (in characters) of a byte offset, by one scan of the text
/// before it. For many offsets into one text, build a [`LineIndex`] once instead.
pub(crate) fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = char_boundary_at_or_before(text, offset);
    let starts = line_starts(text).take_while(|&start| start <= offset);
    let (line, line_start) = starts.fold((0, 0), |(count, _), start| (count + 1, start));
    position(text, line, line_start, offset)
}

/// The byte offsets where lines start: 0, and after every line ending.
fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let ends = (0..bytes.len()).filter(move |&at| ends_line(bytes, at));
    std::iter::once(0).chain(ends.map(|at| at + 1))
}

/// Whether the byte at `at` ends a line: `\n`, or `\r` not followed by `\n`.
fn ends_line(bytes: &[u8], at: usize) -> bool {
    match bytes[at] {
        b'\n' => true,
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        _ => false,
    }
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

/// Where the line holding `from` ends: the offset of its line ending (or the text's end)
/// and the offset just past it, where the next line starts.
pub(crate) fn line_bounds(text: &str, from: usize) -> (usize, usize) {
    let from = char_boundary_at_or_before(text, from);
    match text[from..].find(['\n', '\r']) {
        None => (text.len(), text.len()),
        Some(offset) => {
            let end = from + offset;
            (end, if text[end..].starts_with("\r\n") { end + 2 } else { end + 1 })
        }
    }
}

/// Where the line after the one holding `from` starts (the text's end after the last).
pub(crate) fn next_line_start(text: &str, from: usize) -> usize {
    line_bounds(text, from).1
}

/// The first line's end, before its line ending.
pub(crate) fn first_line_end(text: &str) -> usize {
    line_bounds(text, 0).0
}

/// The lines of a text with their endings (`\n`, `\r\n` or a lone `\r`), as
/// `split_inclusive('\n')` gives them for `\n`.
pub(crate) fn lines_inclusive(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, tail) = rest.split_at(next_line_start(rest, 0));
        rest = tail;
        Some(line)
    })
}

/// Where each line of a text starts, so that placing many offsets costs a binary search
/// each rather than a scan of the text each; and how many characters precede every
/// [`BLOCK`]-th byte, so that a column on a line megabytes long costs at most a block's
/// scan, not the line's.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// `(byte, characters before it)` at the first character boundary at or after each
    /// multiple of [`BLOCK`].
    blocks: Vec<(usize, usize)>,
}

const BLOCK: usize = 4096;

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        // One loop over the bytes rather than `line_starts`' iterator chain, which cost a
        // re-check of a large plan more than the loop does.
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        for at in 0..bytes.len() {
            if ends_line(bytes, at) {
                starts.push(at + 1);
            }
        }
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let (mut at, mut chars) = (0, 0);
        for target in (0..=text.len()).step_by(BLOCK) {
            let mut boundary = target;
            while !text.is_char_boundary(boundary) {
                boundary += 1;
            }
            chars += text[at..boundary].chars().count();
            blocks.push((boundary, chars));
            at = boundary;
        }
        LineIndex { starts, blocks }
    }

    /// 1-based line and column (in characters) of a byte offset of `text`, the text the
    /// index was built from.
    pub(crate) fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = char_boundary_at_or_before(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let column = self.chars_before(text, offset) - self.chars_before(text, self.starts[line - 1]) + 1;
        (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }

    /// How many characters of `text` precede the character boundary `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let mut block = (offset / BLOCK).min(self.blocks.len().saturating_sub(1));
        while block > 0 && self.blocks[block].0 > offset {
            block -= 1;
        }
        let (byte, chars) = self.blocks.get(block).copied().unwrap_or((0, 0));
        chars + text.get(byte..offset).map_or(0, |between| between.chars().count())
    }
}

#[cfg(test)]
mod tests {
    use super::{LineIndex, line_column};

    /// The index places every offset where [`line_column`]'s scan of the text does: line starts, line
    /// ends, offsets inside a multi-byte character, past the end, an empty text.
    #[test]
    fn the_line_index_agrees_with_a_scan() {
        let long = "é€a".repeat(700) + "\n" + &"x".repeat(4500);
        for text in [
            "",
            "\n",
            "a",
            "é\nb\r\n\nçd€\n",
            "# Plan\n\n- `src/a.rs:1` ü\nlast",
            "a\rb\r\rc\r\nd\r",
            long.as_str(),
        ] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let scanned = line_column(text, offset);
                assert_eq!(index.line_column(text, offset), scanned, "{text:?} at {offset}");
            }
        }
    }

    /// CR-only line endings (classic Mac) once put every position on line 1.
    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let cases = [
            ("a\nb\nc", 4, (3, 1)),
            ("a\rb\rc", 4, (3, 1)),
            ("a\r\nb\r\nc", 6, (3, 1)),
            ("a\r\rb", 3, (3, 1)),
        ];
        for (text, offset, expected) in cases {
            assert_eq!(line_column(text, offset), expected, "{text:?}");
            assert_eq!(LineIndex::new(text).line_column(text, offset), expected, "{text:?}");
        }
    }

    #[test]
    fn lines_end_at_every_line_ending() {
        let lines: Vec<&str> = super::lines_inclusive("a\rb\r\nc\n\rd").collect();
        assert_eq!(lines, ["a\r", "b\r\n", "c\n", "\r", "d"]);
        assert_eq!(super::first_line_end("ab\r\ncd"), 2);
        assert_eq!(super::next_line_start("ab\r\ncd", 1), 4);
        assert_eq!(super::next_line_start("ab", 1), 2);
    }
}
