//! Markdown as a flat list of blocks with byte ranges, the shape every section reader
//! works on: headings, list items (with their nesting depth and leading bold label),
//! paragraphs, table rows with cells, code blocks and HTML.
//!
//! Ranges are relative to the text given to [`blocks`]. Fenced and indented code is kept
//! as one `Code` block and never looked into: examples that look like citations go there.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::line_index::lines_inclusive;

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
/// dropped, code spans kept without backticks); for a list item, without its nested lists;
/// for a fenced code block, its info string (`mermaid`).
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
    finish(text, parse(text))
}

/// The parser's blocks of `text` (before [`finish`]), and whether the text's parse holds
/// nothing that reaches across the text: no link reference definition (a link anywhere
/// reads them) and no line capped by [`super::nesting`]. Then the blocks of a part of the
/// text that starts and ends at a top-level block are the blocks of that part parsed alone
/// (`plan::cut`).
pub(crate) fn parse_raw(text: &str) -> (Vec<Block>, bool) {
    let mut local = true;
    let blocks = parse_with(text, |parser, capped| {
        local = !capped && parser.reference_definitions().iter().next().is_none();
    });
    (blocks, local)
}

/// The parser's blocks made [`blocks`]: paragraphs of field lines split, text trimmed.
pub(crate) fn finish(text: &str, raw: Vec<Block>) -> Vec<Block> {
    let mut out = split_field_lines(text, raw);
    for block in &mut out {
        if block.kind != BlockKind::Html {
            trim_in_place(&mut block.text);
        }
        for cell in &mut block.cells {
            trim_in_place(&mut cell.text);
        }
    }
    out
}

/// `text.trim()`, without a new allocation.
fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
}

/// One pass over pulldown-cmark's events.
fn parse(text: &str) -> Vec<Block> {
    parse_with(text, |_, _| {})
}

/// [`parse`], showing `inspect` the parser after its first pass and whether the text was
/// capped.
fn parse_with(text: &str, inspect: impl FnOnce(&Parser<'_>, bool)) -> Vec<Block> {
    let capped = super::nesting::cap_line_nesting(text);
    let is_capped = matches!(capped, std::borrow::Cow::Owned(_));
    let text = capped.as_ref();
    let parser = Parser::new_ext(
        text,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    );
    inspect(&parser, is_capped);
    let mut builder = Builder { text, ..Builder::default() };
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(tag) => builder.start(tag, range),
            Event::End(tag_end) => builder.end(tag_end, range),
            Event::Text(content) | Event::Code(content) if !builder.in_code => {
                builder.push_text(&content, &range);
            }
            Event::SoftBreak | Event::HardBreak => builder.push_text(" ", &range),
            Event::Html(content) | Event::InlineHtml(content) => builder.html(&content, range),
            _ => {}
        }
    }
    builder.out
}

/// The state of one pass over pulldown-cmark's events.
#[derive(Default)]
struct Builder<'a> {
    text: &'a str,
    out: Vec<Block>,
    /// Open list items (index into `out`) and where each one's first nested list starts.
    items: Vec<(usize, Option<usize>)>,
    /// Open lists: whether each is ordered.
    lists: Vec<bool>,
    quotes: usize,
    /// Where inline text goes: a block, or a cell of a block.
    target: Option<(usize, Option<usize>)>,
    in_code: bool,
    label_start: Option<usize>,
    tables: u32,
    in_header: bool,
}

impl Builder<'_> {
    fn nested(&self) -> bool {
        !self.items.is_empty() || self.quotes > 0
    }

    /// Opens a block spanning `range` that inline text goes to.
    fn open(&mut self, kind: BlockKind, range: Range<usize>, nested: bool) {
        let mut block = Block::new(kind, range.start, nested);
        block.range = range;
        self.out.push(block);
        self.target = Some((self.out.len() - 1, None));
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.open(BlockKind::Heading { level: level as u8 }, range, self.nested())
            }
            Tag::List(start) => {
                if let Some(last) = self.items.last_mut() {
                    last.1.get_or_insert(range.start);
                }
                self.lists.push(start.is_some());
                self.target = None;
            }
            Tag::Item => {
                let depth = u16::try_from(self.lists.len()).unwrap_or(u16::MAX);
                let ordered = self.lists.last().copied().unwrap_or(false);
                let nested = self.nested();
                self.out.push(Block::new(BlockKind::Item { depth, ordered }, range.start, nested));
                let index = self.out.len() - 1;
                self.items.push((index, None));
                self.target = Some((index, None));
            }
            Tag::Paragraph => match self.items.last() {
                Some(&(index, None)) => self.target = Some((index, None)),
                Some(&(_, Some(_))) => self.target = None,
                None => self.open(BlockKind::Paragraph, range, self.quotes > 0),
            },
            Tag::Table(_) => self.tables += 1,
            Tag::TableHead => {
                self.in_header = true;
                self.open(BlockKind::TableRow { table: self.tables - 1, header: true }, range, self.nested());
            }
            Tag::TableRow => {
                let kind =
                    BlockKind::TableRow { table: self.tables.saturating_sub(1), header: self.in_header };
                self.open(kind, range, self.nested());
            }
            Tag::TableCell => {
                if let Some((index, _)) = self.target {
                    self.out[index].cells.push(Cell { text: String::new(), range });
                    self.target = Some((index, Some(self.out[index].cells.len() - 1)));
                }
            }
            Tag::CodeBlock(kind) => {
                self.in_code = true;
                self.open(BlockKind::Code, range, self.nested());
                // A fenced block keeps its info string (`mermaid`) as its text.
                if let (CodeBlockKind::Fenced(info), Some(block)) = (kind, self.out.last_mut()) {
                    block.text = info.trim().to_owned();
                }
                self.target = None;
            }
            Tag::HtmlBlock => {
                let html = self.text.get(range.clone()).unwrap_or("").to_owned();
                self.open(BlockKind::Html, range, self.nested());
                if let Some(block) = self.out.last_mut() {
                    block.text = html;
                }
                self.target = None;
                self.in_code = true;
            }
            Tag::BlockQuote(_) => self.quotes += 1,
            Tag::Strong | Tag::Emphasis => {
                if let Some((index, None)) = self.target
                    && self.out[index].label.is_none()
                    && self.out[index].text.trim().is_empty()
                {
                    self.label_start = Some(self.out[index].text.len());
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag_end: TagEnd, range: Range<usize>) {
        match tag_end {
            TagEnd::Heading(_) => self.target = None,
            TagEnd::TableCell => {
                self.target = match self.target {
                    Some((index, Some(_))) => Some((index, None)),
                    _ => None,
                }
            }
            TagEnd::TableHead => {
                self.in_header = false;
                self.target = None;
            }
            TagEnd::TableRow => self.target = None,
            TagEnd::Paragraph => {
                if let Some((index, _)) = self.target
                    && matches!(self.out[index].kind, BlockKind::Item { .. })
                {
                    self.out[index].range.end = self.out[index].range.end.max(range.end);
                }
                if self.items.is_empty() {
                    self.target = None;
                }
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.target = None;
            }
            TagEnd::Item => self.end_item(range),
            TagEnd::CodeBlock | TagEnd::HtmlBlock => self.in_code = false,
            TagEnd::BlockQuote(_) => self.quotes = self.quotes.saturating_sub(1),
            TagEnd::Strong | TagEnd::Emphasis => {
                if let (Some(start), Some((index, None))) = (self.label_start.take(), self.target) {
                    let label = self.out[index].text[start..].trim().to_owned();
                    if !label.is_empty() {
                        self.out[index].label = Some(label);
                    }
                }
            }
            _ => {}
        }
    }

    /// A list item ends: its range stops at its own text when it has nested lists, and at
    /// its marker when it has no text of its own (`- - - x`: each item spanning all the
    /// items inside it made every reader of ranges quadratic in the nesting).
    fn end_item(&mut self, range: Range<usize>) {
        if let Some((index, nested)) = self.items.pop() {
            let item = &mut self.out[index];
            match nested {
                None => item.range.end = item.range.end.max(trim_end(self.text, range.end)),
                Some(nested) if item.range.end <= item.range.start => {
                    let marker = self.text.get(item.range.start..).and_then(|rest| rest.chars().next());
                    let own = item.range.start + marker.map_or(0, char::len_utf8);
                    item.range.end = trim_end(self.text, nested).max(own).min(range.end.max(own));
                }
                Some(_) => {}
            }
            if item.range.end <= item.range.start {
                item.range.end = trim_end(self.text, range.end);
            }
        }
        self.target = None;
    }

    /// Inline HTML: `<br>` is a line break (in table cells it separates list entries); a
    /// comment outside an HTML block is a block of its own (generated-block markers); other
    /// inline HTML is dropped.
    fn html(&mut self, content: &str, range: Range<usize>) {
        if is_line_break(content) {
            self.push_text("\n", &range);
            return;
        }
        // Inside an HTML block the block holds its whole text already.
        if self.in_code {
            return;
        }
        // A comment in a heading says something about it (`<!-- status: done -->`): keep it
        // as a parenthesis at the end of the heading's text.
        if let Some((index, None)) = self.target
            && matches!(self.out[index].kind, BlockKind::Heading { .. })
            && let Some(inner) = content.trim().strip_prefix("<!--").and_then(|rest| rest.strip_suffix("-->"))
        {
            let inner = inner.trim().to_owned();
            self.push_text(&format!(" ({inner})"), &range);
            return;
        }
        if content.trim_start().starts_with("<!--") {
            let mut block = Block::new(BlockKind::Html, range.start, self.nested());
            block.range = range;
            block.text = content.to_owned();
            self.out.push(block);
        }
    }

    fn push_text(&mut self, content: &str, range: &Range<usize>) {
        let Some((index, cell)) = self.target else { return };
        let block = &mut self.out[index];
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
}

fn is_line_break(html: &str) -> bool {
    let compact: String =
        html.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    matches!(compact.as_str(), "<br>" | "<br/>")
}

/// Splits paragraphs written as field lines (`**Title:** …` then `**Scope:** …` on the next
/// line, with no blank line between: one Markdown paragraph) into one paragraph per field,
/// so that each field keeps its own label. Lines that do not start a field continue the
/// one before them.
fn split_field_lines(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        let source = text.get(block.range.clone()).unwrap_or("");
        if !source.trim_end().contains(['\n', '\r']) {
            out.push(block);
            continue;
        }
        if matches!(block.kind, BlockKind::Item { .. }) {
            split_lazy_lines(text, block, &mut out);
            continue;
        }
        if block.kind != BlockKind::Paragraph {
            out.push(block);
            continue;
        }
        let mut starts: Vec<usize> = Vec::new();
        let mut offset = 0;
        for line in lines_inclusive(source) {
            if starts_field(line) || starts.is_empty() {
                starts.push(offset);
            }
            offset += line.len();
        }
        if starts.iter().filter(|&&start| starts_field(&source[start..])).count() < 2 {
            out.push(block);
            continue;
        }
        starts.push(source.len());
        for pair in starts.windows(2) {
            let part = &source[pair[0]..pair[1]];
            let base = block.range.start + pair[0];
            for mut inner in parse(part) {
                inner.range = base + inner.range.start..base + inner.range.end;
                for cell in &mut inner.cells {
                    cell.range = base + cell.range.start..base + cell.range.end;
                }
                inner.nested = block.nested;
                out.push(inner);
            }
        }
    }
    out
}

/// A list item followed, without a blank line, by lines at column 0 that start fields
/// (`- BC-2 — …` then `**Risks:** …`): Markdown reads them as the item's lazy continuation,
/// the author meant new paragraphs. The item keeps its own lines; the rest become
/// paragraphs (split into field lines in turn).
fn split_lazy_lines(text: &str, item: Block, out: &mut Vec<Block>) {
    let source = text.get(item.range.clone()).unwrap_or("");
    let mut offset = 0;
    let mut cut = None;
    for (number, line) in lines_inclusive(source).enumerate() {
        if number > 0 && !line.starts_with([' ', '\t']) && (starts_field(line) || is_tier_line(line)) {
            cut = Some(offset);
            break;
        }
        offset += line.len();
    }
    let Some(cut) = cut else {
        out.push(item);
        return;
    };
    let base = item.range.start;
    let mut kept = item;
    if let Some(first) = parse(&source[..cut]).into_iter().next() {
        kept.text = first.text;
        kept.label = first.label;
    }
    kept.range = base..base + source[..cut].trim_end().len();
    out.push(kept);
    let rest_start = base + cut;
    let rest = &text[rest_start..base + source.len()];
    let mut paragraph = Block::new(BlockKind::Paragraph, rest_start, false);
    paragraph.range = rest_start..rest_start + rest.trim_end().len();
    let parsed = parse(rest).into_iter().next();
    if let Some(first) = parsed {
        paragraph.text = first.text;
        paragraph.label = first.label;
    }
    out.extend(split_field_lines(text, vec![paragraph]));
}

/// `Tier 1`, `Tier 2 — implementation guide`: a tier label on a line of its own.
fn is_tier_line(line: &str) -> bool {
    let line = line.trim().trim_matches(|c: char| matches!(c, '*' | '_' | '#'));
    let lower = line.to_ascii_lowercase();
    (lower.starts_with("tier 1") || lower.starts_with("tier 2")) && line.len() <= 48
}

/// A line that starts a field: a bold label (`**Scope:**`, `__Risks__ —`) or a short
/// capitalized name and a colon (`Depends on: PR1`).
fn starts_field(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with("**") || line.starts_with("__") {
        return true;
    }
    let Some((name, _)) = line.split_once(':') else { return false };
    let name = name.trim();
    name.chars().next().is_some_and(char::is_uppercase)
        && name.len() <= 40
        && name.split_whitespace().count() <= 5
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/' | '&' | '(' | ')' | '\''))
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

    /// Items nested with no text of their own (`- - - x`, 100k of them in 220 KB) span
    /// their marker, not every item inside them: the ranges every reader scans add up to
    /// the text's length, not its square. Past `MAX_LINE_NESTING` on one line the markers
    /// are text.
    #[test]
    fn nested_items_without_text_span_their_markers() {
        for marker in ["- ", "1. ", "* "] {
            let text = format!("# Plan\n\n{}x\n", marker.repeat(3000));
            let blocks = blocks(&text);
            let items = blocks.iter().filter(|block| matches!(block.kind, BlockKind::Item { .. })).count();
            assert_eq!(items, crate::plan::nesting::MAX_LINE_NESTING, "{marker:?}");
            let total: usize = blocks.iter().map(|block| block.range.len()).sum();
            assert!(total <= 2 * text.len(), "{marker:?}: ranges total {total} bytes");
        }
        assert_eq!(
            render("- - x\n"),
            "Item { depth: 1, ordered: false } \"-\" label=None \"\"\nItem { depth: 2, ordered: false } \"- x\" label=None \"x\"\n"
        );
    }
}
