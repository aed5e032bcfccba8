//! Markdown as a flat list of blocks with byte ranges, the shape every section reader
//! works on: headings, list items (with their nesting depth and leading bold label),
//! paragraphs, table rows with cells, code blocks and HTML.
//!
//! Ranges are relative to the text given to [`blocks`]. Fenced and indented code is kept
//! as one `Code` block and never looked into: examples that look like citations go there.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BlockKind {
    Heading {
        level: u8,
    },
    /// A list item; `depth` is 1 for a top-level list.
    Item {
        depth: u16,
        ordered: bool,
    },
    Paragraph,
    /// A table row; `table` numbers the tables of the text from 0.
    TableRow {
        table: u32,
        header: bool,
    },
    Code,
    Html,
}

/// One block. `text` is its inline content rendered as plain text (emphasis markers
/// dropped, code spans kept without backticks); for a list item, without its nested lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// The text of a leading `**bold**` span, when the block starts with one.
    pub label: Option<String>,
    /// The source range of the block: for a list item, from its marker to the end of its
    /// own text (nested lists excluded).
    pub range: Range<usize>,
    /// Whether the block sits inside a list item or a block quote.
    pub nested: bool,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cell {
    pub text: String,
    pub range: Range<usize>,
}

impl Block {
    fn new(kind: BlockKind, start: usize, nested: bool) -> Block {
        Block { kind, text: String::new(), label: None, range: start..start, nested, cells: Vec::new() }
    }

    /// The text after the leading bold label, trimmed of separators (`:`, `—`, `-`).
    pub(crate) fn after_label(&self) -> &str {
        let Some(label) = &self.label else { return self.text.trim() };
        let rest = self.text.trim_start();
        let rest = rest.strip_prefix(label.as_str()).unwrap_or(rest);
        rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '—' | '–' | '-')).trim_end()
    }
}

/// The blocks of `text`, in document order.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH);
    let mut out: Vec<Block> = Vec::new();
    // Open list items (index into `out`) and whether each has started a nested list.
    let mut items: Vec<(usize, bool)> = Vec::new();
    let mut lists: Vec<bool> = Vec::new();
    let mut quotes = 0usize;
    // Where inline text goes: a block, or a cell of a block.
    let mut target: Option<(usize, Option<usize>)> = None;
    let mut in_code = false;
    let mut label_start: Option<usize> = None;
    let mut tables = 0u32;
    let mut in_header = false;

    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    let nested = !items.is_empty() || quotes > 0;
                    out.push(Block::new(BlockKind::Heading { level: level as u8 }, range.start, nested));
                    let index = out.len() - 1;
                    out[index].range = range.clone();
                    target = Some((index, None));
                }
                Tag::List(start) => {
                    if let Some(last) = items.last_mut() {
                        last.1 = true;
                    }
                    lists.push(start.is_some());
                    target = None;
                }
                Tag::Item => {
                    let depth = u16::try_from(lists.len()).unwrap_or(u16::MAX);
                    let ordered = lists.last().copied().unwrap_or(false);
                    let nested = !items.is_empty() || quotes > 0;
                    out.push(Block::new(BlockKind::Item { depth, ordered }, range.start, nested));
                    let index = out.len() - 1;
                    items.push((index, false));
                    target = Some((index, None));
                }
                Tag::Paragraph => match items.last() {
                    Some(&(index, false)) => target = Some((index, None)),
                    Some(&(_, true)) => target = None,
                    None => {
                        out.push(Block::new(BlockKind::Paragraph, range.start, quotes > 0));
                        let index = out.len() - 1;
                        out[index].range = range.clone();
                        target = Some((index, None));
                    }
                },
                Tag::Table(_) => {
                    tables += 1;
                }
                Tag::TableHead => {
                    in_header = true;
                    let kind = BlockKind::TableRow { table: tables - 1, header: true };
                    out.push(Block::new(kind, range.start, !items.is_empty() || quotes > 0));
                    let index = out.len() - 1;
                    out[index].range = range.clone();
                    target = Some((index, None));
                }
                Tag::TableRow => {
                    let kind = BlockKind::TableRow { table: tables.saturating_sub(1), header: in_header };
                    out.push(Block::new(kind, range.start, !items.is_empty() || quotes > 0));
                    let index = out.len() - 1;
                    out[index].range = range.clone();
                    target = Some((index, None));
                }
                Tag::TableCell => {
                    if let Some((index, _)) = target {
                        out[index].cells.push(Cell { text: String::new(), range: range.clone() });
                        target = Some((index, Some(out[index].cells.len() - 1)));
                    }
                }
                Tag::CodeBlock(_) => {
                    in_code = true;
                    let mut block = Block::new(BlockKind::Code, range.start, !items.is_empty() || quotes > 0);
                    block.range = range.clone();
                    out.push(block);
                }
                Tag::HtmlBlock => {
                    let mut block = Block::new(BlockKind::Html, range.start, !items.is_empty() || quotes > 0);
                    block.range = range.clone();
                    block.text = text.get(range.clone()).unwrap_or("").to_owned();
                    out.push(block);
                    in_code = true;
                }
                Tag::BlockQuote(_) => quotes += 1,
                Tag::Strong => {
                    if let Some((index, None)) = target
                        && out[index].label.is_none()
                        && out[index].text.trim().is_empty()
                    {
                        label_start = Some(out[index].text.len());
                    }
                }
                _ => {}
            },
            Event::End(tag_end) => match tag_end {
                TagEnd::Heading(_) | TagEnd::TableCell => {
                    if let (TagEnd::TableCell, Some((index, Some(_)))) = (tag_end, target) {
                        target = Some((index, None));
                    } else {
                        target = None;
                    }
                }
                TagEnd::TableHead => {
                    in_header = false;
                    target = None;
                }
                TagEnd::TableRow => target = None,
                TagEnd::Paragraph => {
                    if let Some((index, _)) = target
                        && matches!(out[index].kind, BlockKind::Item { .. })
                    {
                        out[index].range.end = out[index].range.end.max(range.end);
                    }
                    if items.is_empty() {
                        target = None;
                    }
                }
                TagEnd::List(_) => {
                    lists.pop();
                    target = None;
                }
                TagEnd::Item => {
                    if let Some((index, has_nested)) = items.pop() {
                        if !has_nested {
                            out[index].range.end = out[index].range.end.max(trim_end(text, range.end));
                        }
                        if out[index].range.end <= out[index].range.start {
                            out[index].range.end = trim_end(text, range.end);
                        }
                    }
                    target = None;
                }
                TagEnd::CodeBlock | TagEnd::HtmlBlock => in_code = false,
                TagEnd::BlockQuote(_) => quotes = quotes.saturating_sub(1),
                TagEnd::Strong => {
                    if let (Some(start), Some((index, None))) = (label_start.take(), target) {
                        let label = out[index].text[start..].trim().to_owned();
                        if !label.is_empty() {
                            out[index].label = Some(label);
                        }
                    }
                }
                _ => {}
            },
            Event::Text(content) | Event::Code(content) => {
                if in_code {
                    continue;
                }
                push_text(&mut out, target, &content, &range);
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut out, target, " ", &range),
            Event::Html(content) | Event::InlineHtml(content) => {
                if let Some(block) = out.last_mut()
                    && block.kind == BlockKind::Html
                {
                    let _ = content;
                    continue;
                }
                if content.trim_start().starts_with("<!--") {
                    let mut block = Block::new(BlockKind::Html, range.start, !items.is_empty() || quotes > 0);
                    block.range = range.clone();
                    block.text = content.to_string();
                    out.push(block);
                }
            }
            _ => {}
        }
    }
    for block in &mut out {
        if block.kind != BlockKind::Html {
            block.text = block.text.trim().to_owned();
        }
        for cell in &mut block.cells {
            cell.text = cell.text.trim().to_owned();
        }
    }
    out
}

fn push_text(out: &mut [Block], target: Option<(usize, Option<usize>)>, content: &str, range: &Range<usize>) {
    let Some((index, cell)) = target else { return };
    let block = &mut out[index];
    match cell {
        Some(cell) => {
            if let Some(cell) = block.cells.get_mut(cell) {
                cell.text.push_str(content);
            }
        }
        None => {
            block.text.push_str(content);
            if matches!(block.kind, BlockKind::Item { .. }) {
                block.range.end = block.range.end.max(range.end);
            }
        }
    }
}

/// `end` moved back over trailing whitespace.
fn trim_end(text: &str, end: usize) -> usize {
    let end = end.min(text.len());
    let trimmed = text[..end].trim_end();
    trimmed.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str) -> String {
        blocks(text)
            .iter()
            .map(|block| {
                let cells: Vec<&str> = block.cells.iter().map(|cell| cell.text.as_str()).collect();
                format!(
                    "{:?} {:?} label={:?} {:?}{}\n",
                    block.kind,
                    &text[block.range.clone()],
                    block.label,
                    block.text,
                    if cells.is_empty() { String::new() } else { format!(" cells={cells:?}") }
                )
            })
            .collect()
    }

    #[test]
    fn blocks_keep_ranges_labels_and_nesting() {
        let text = "## D) Concept Model\n\n**Building Blocks**\n\n- **Engine** — owns the database.\n  - Owns: inputs\n- Cache: stores facts\n\n| State | Owner |\n|---|---|\n| files | Engine |\n\n```\nsrc/a.rs:1\n```\n<!-- plan:begin dag -->\n";
        expect_test::expect![[r###"
            Heading { level: 2 } "## D) Concept Model\n" label=None "D) Concept Model"
            Paragraph "**Building Blocks**\n" label=Some("Building Blocks") "Building Blocks"
            Item { depth: 1, ordered: false } "- **Engine** — owns the database." label=Some("Engine") "Engine — owns the database."
            Item { depth: 2, ordered: false } "- Owns: inputs" label=None "Owns: inputs"
            Item { depth: 1, ordered: false } "- Cache: stores facts" label=None "Cache: stores facts"
            TableRow { table: 0, header: true } "| State | Owner |\n" label=None "" cells=["State", "Owner"]
            TableRow { table: 0, header: false } "| files | Engine |\n" label=None "" cells=["files", "Engine"]
            Code "```\nsrc/a.rs:1\n```" label=None ""
            Html "<!-- plan:begin dag -->\n" label=None "<!-- plan:begin dag -->\n"
        "###]]
        .assert_eq(&render(text));
    }
}
