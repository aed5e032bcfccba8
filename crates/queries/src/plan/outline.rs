//! The outline of a plan: where each section A–J starts and ends, the revision notes, and
//! the generated blocks.
//!
//! A section starts at a heading (or a paragraph that is only bold text, as some agents
//! write) whose text, after an optional label (`A)`, `A.`, `A:`, `A -`, `A —`) and
//! numbering, names a section or one of its aliases. Once a section is open at level k,
//! deeper headings are its subsections; a heading at level k or above closes it.

use std::ops::Range;

pub(crate) use crate::plan::headings::SectionId;
use crate::plan::headings::{Heading, classify, normalized_names, split_label};
use crate::plan::label::{is_name, normalize_label};
use crate::plan::markdown::{Block, BlockKind};

/// Where a section is. Ranges are byte ranges of the whole plan text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SectionSpan {
    pub id: SectionId,
    pub heading: String,
    /// Heading level, or 7 for a bold paragraph.
    pub level: u8,
    /// The label letter written before the name, if any.
    pub letter: Option<char>,
    /// Whether the heading named the section (as opposed to only its letter).
    pub named: bool,
    pub heading_range: Range<usize>,
    /// From the heading's start to the next heading that closes the section.
    pub range: Range<usize>,
}

/// A `<!-- plan:begin NAME -->` … `<!-- plan:end NAME -->` pair, in plan bytes. The
/// content is between `begin.end` and `end.start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedBlock {
    pub name: String,
    pub begin: Range<usize>,
    pub end: Range<usize>,
}

/// A generated-block marker; in [`Outline::unbalanced_markers`], one without its partner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnbalancedMarker {
    pub name: String,
    pub range: Range<usize>,
    pub is_begin: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// Every section heading found, in document order (duplicates included).
    pub sections: Vec<SectionSpan>,
    /// Headings that repeat the section open above them (`## J)` twice in a row): the
    /// section goes on through them, and PLAN002 reports them.
    pub repeated: Vec<SectionSpan>,
    /// The revision notes section, if any.
    pub revisions: Option<Range<usize>>,
    /// The generated blocks `plan build` regenerates: each within one section, holding no
    /// other marker and no section heading.
    pub generated: Vec<GeneratedBlock>,
    pub unbalanced_markers: Vec<UnbalancedMarker>,
    /// Pairs that hold another marker or lie inside another pair (PLAN077): left as written.
    pub nested_blocks: Vec<GeneratedBlock>,
    /// Pairs whose markers lie in different sections or around a section heading
    /// (PLAN076): left as written.
    pub crossing_blocks: Vec<GeneratedBlock>,
}

impl Outline {
    /// The first occurrence of a section.
    pub fn section(&self, id: SectionId) -> Option<&SectionSpan> {
        self.sections.iter().find(|span| span.id == id)
    }
}

pub(crate) fn outline(text: &str, blocks: &[Block]) -> Outline {
    let mut builder = OutlineBuilder { text, outline: Outline::default(), open: None };
    for block in blocks {
        if block.nested {
            continue;
        }
        let (level, heading_text) = match block.kind {
            BlockKind::Heading { level } => (level, block.text.as_str()),
            BlockKind::Paragraph if first_line_is_bold(text, block) => {
                (7, block.label.as_deref().unwrap_or(""))
            }
            _ => continue,
        };
        builder.heading(block, level, heading_text);
    }
    let mut outline = builder.outline;
    find_generated(blocks, &mut outline);
    outline
}

/// The outline as headings arrive, with the section open (an index into `sections`, or
/// `None` for the revision notes) and its level.
struct OutlineBuilder<'a> {
    text: &'a str,
    outline: Outline,
    open: Option<(Option<usize>, u8)>,
}

impl OutlineBuilder<'_> {
    fn heading(&mut self, block: &Block, level: u8, heading_text: &str) {
        // Words alone name a section only in a real heading no deeper than the open section.
        let words =
            level <= 6 && self.open.is_none_or(|(_, open_level)| open_level <= 6 && level <= open_level);
        let classified = classify(heading_text, words);
        if let Some((open_index, open_level)) = self.open {
            let same_section = match (&classified, open_index) {
                (Heading::Section { id, .. }, Some(index)) => self.outline.sections[index].id == *id,
                _ => false,
            };
            // A section opened by a bold line holds headings of any level (`### PR0` under
            // `**H) PR Plan**`); only another section or a level-1 heading closes it.
            let inside_bold = open_level == 7 && !matches!(classified, Heading::Section { .. }) && level > 1;
            // The section's own heading again (`## J) …` twice), not a sub-label that happens
            // to be one of its aliases (`**Objectives**` inside C).
            if same_section
                && level == open_level
                && let Heading::Section { id, letter, named } = classified
                && (letter.is_some() || is_canonical_name(id, heading_text))
            {
                let mut span = self.span(block, heading_text, level, (id, letter, named));
                span.range = span.heading_range.clone();
                self.outline.repeated.push(span);
                return;
            }
            if level > open_level || same_section || inside_bold {
                return;
            }
        }
        match classified {
            Heading::Section { id, letter, named } => {
                self.close(block.range.start);
                let span = self.span(block, heading_text, level, (id, letter, named));
                self.outline.sections.push(span);
                self.open = Some((Some(self.outline.sections.len() - 1), level));
            }
            Heading::Revisions => {
                self.close(block.range.start);
                if self.outline.revisions.is_none() {
                    self.outline.revisions = Some(block.range.start..self.text.len());
                    self.open = Some((None, level));
                } else {
                    self.open = None;
                }
            }
            Heading::Other if level <= 6 => {
                self.close(block.range.start);
                self.open = None;
            }
            Heading::Other => {}
        }
    }

    /// A section starting at `block`, open to the end of the text until closed.
    fn span(
        &self,
        block: &Block,
        heading: &str,
        level: u8,
        (id, letter, named): (SectionId, Option<char>, bool),
    ) -> SectionSpan {
        let heading_end = line_end(self.text, block.range.start);
        SectionSpan {
            id,
            heading: heading.to_owned(),
            level,
            letter,
            named,
            heading_range: block.range.start..heading_end,
            range: block.range.start..self.text.len(),
        }
    }

    /// Ends the open section (or revision notes) at `at`.
    fn close(&mut self, at: usize) {
        match self.open {
            Some((Some(index), _)) => self.outline.sections[index].range.end = at,
            Some((None, _)) => {
                if let Some(revisions) = &mut self.outline.revisions {
                    revisions.end = at;
                }
            }
            None => {}
        }
    }
}

fn is_canonical_name(id: SectionId, heading: &str) -> bool {
    let (_, rest) = split_label(heading.trim());
    is_name(&normalize_label(rest), &normalized_names(id)[0])
}

/// A paragraph whose first line is only bold text: `**E) Risk Register**`.
fn first_line_is_bold(text: &str, block: &Block) -> bool {
    if block.label.is_none() {
        return false;
    }
    let source = text.get(block.range.clone()).unwrap_or("");
    let first_line = source.lines().next().unwrap_or("").trim();
    (first_line.starts_with("**") && first_line.ends_with("**"))
        || (first_line.starts_with("__") && first_line.ends_with("__"))
}

fn line_end(text: &str, from: usize) -> usize {
    crate::line_index::next_line_start(text, from)
}

/// The generated-block markers in document order, paired by name (the nearest open
/// `plan:begin` of the same name). A pair that holds another marker, lies inside another
/// pair, or crosses a section boundary is set apart and never regenerated.
fn find_generated(blocks: &[Block], outline: &mut Outline) {
    let markers = markers(blocks);
    let mut open: Vec<usize> = Vec::new();
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (index, marker) in markers.iter().enumerate() {
        if marker.is_begin {
            open.push(index);
        } else if let Some(at) = open.iter().rposition(|&begin| markers[begin].name == marker.name) {
            pairs.push((open.remove(at), index));
        } else {
            outline.unbalanced_markers.push(marker.clone());
        }
    }
    outline.unbalanced_markers.extend(open.into_iter().map(|index| markers[index].clone()));
    outline.unbalanced_markers.sort_by_key(|marker| marker.range.start);
    pairs.sort_unstable();
    for &(begin, end) in &pairs {
        let block = GeneratedBlock {
            name: markers[begin].name.clone(),
            begin: markers[begin].range.clone(),
            end: markers[end].range.clone(),
        };
        let holds_marker = end > begin + 1;
        let inside_other =
            pairs.iter().any(|&(outer_begin, outer_end)| outer_begin < begin && end < outer_end);
        if holds_marker || inside_other {
            outline.nested_blocks.push(block);
        } else if crosses_structure(outline, &block) {
            outline.crossing_blocks.push(block);
        } else {
            outline.generated.push(block);
        }
    }
}

/// Every `<!-- plan:begin NAME -->` and `<!-- plan:end NAME -->` comment, by position.
fn markers(blocks: &[Block]) -> Vec<UnbalancedMarker> {
    let mut markers = Vec::new();
    for block in blocks.iter().filter(|block| block.kind == BlockKind::Html) {
        let mut offset = 0;
        while let Some(found) = block.text[offset..].find("<!--") {
            let start = offset + found;
            // The closing `-->` after the opening `<!--`; `<!-->` and `<!--->` are empty
            // comments, as in HTML (their `-->` overlaps the `<!--`: found by the fuzzer, it
            // sliced backwards).
            let rest = block.text.get(start + 4..).unwrap_or("");
            let (body, close) = match (rest.strip_prefix('>'), rest.strip_prefix("->")) {
                (Some(_), _) => (0, 1),
                (_, Some(_)) => (0, 2),
                _ => match rest.find("-->") {
                    Some(body) => (body, 3),
                    None => break,
                },
            };
            let end = start + 4 + body + close;
            let comment = block.text[start + 4..start + 4 + body].trim();
            let range = block.range.start + start..block.range.start + end;
            if let Some(name) = comment.strip_prefix("plan:begin") {
                markers.push(UnbalancedMarker { name: name.trim().to_owned(), range, is_begin: true });
            } else if let Some(name) = comment.strip_prefix("plan:end") {
                markers.push(UnbalancedMarker { name: name.trim().to_owned(), range, is_begin: false });
            }
            offset = end;
        }
    }
    markers.sort_by_key(|marker| marker.range.start);
    markers
}

/// Whether a block's markers lie in different sections (or one outside every section), or
/// a section heading (the revision notes' included) lies between them.
fn crosses_structure(outline: &Outline, block: &GeneratedBlock) -> bool {
    let spans = || outline.sections.iter().map(|span| span.range.clone()).chain(outline.revisions.clone());
    let section_at = |offset: usize| spans().position(|range| range.contains(&offset));
    let mut headings = outline
        .sections
        .iter()
        .chain(&outline.repeated)
        .map(|span| span.heading_range.start)
        .chain(outline.revisions.as_ref().map(|range| range.start));
    section_at(block.begin.start) != section_at(block.end.start)
        || headings.any(|start| block.begin.start < start && start < block.end.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::markdown::blocks;

    fn sections(text: &str) -> String {
        let outline = outline(text, &blocks(text));
        let mut out = String::new();
        for span in &outline.sections {
            out.push_str(&format!(
                "{:?} level={} letter={:?} named={} {:?}\n",
                span.id,
                span.level,
                span.letter,
                span.named,
                &text[span.range.clone()]
            ));
        }
        if let Some(revisions) = outline.revisions {
            out.push_str(&format!("revisions {:?}\n", &text[revisions]));
        }
        out
    }

    #[test]
    fn headings_of_every_style_open_sections() {
        let text = "# Plan for X\n\n## Revision notes\n- 2026-01-02: first\n\n## A) Executive Summary\nshort\n### Objectives\nnot C\n## B. Repository Recon\nfacts\n## 3 - High-Level Objectives & Non-Goals\n**Objectives**\n- one\n## D — Concept Model (whiteboard)\n## Appendix\nnot a section\n\n**E) Risk Register**\nrow\n## J: Design bug prevention\n";
        expect_test::expect![[r###"
            A level=2 letter=Some('A') named=true "## A) Executive Summary\nshort\n### Objectives\nnot C\n"
            B level=2 letter=Some('B') named=true "## B. Repository Recon\nfacts\n"
            C level=2 letter=None named=true "## 3 - High-Level Objectives & Non-Goals\n**Objectives**\n- one\n"
            D level=2 letter=Some('D') named=true "## D — Concept Model (whiteboard)\n"
            E level=7 letter=Some('E') named=true "**E) Risk Register**\nrow\n"
            J level=2 letter=Some('J') named=true "## J: Design bug prevention\n"
            revisions "## Revision notes\n- 2026-01-02: first\n\n"
        "###]]
        .assert_eq(&sections(text));
    }

    #[test]
    fn a_letter_alone_identifies_a_section() {
        expect_test::expect![[r####"
            H level=3 letter=Some('H') named=true "### H) The PRs\n"
        "####]]
        .assert_eq(&sections("### H) The PRs\n"));
    }

    #[test]
    fn generated_blocks_pair_up() {
        let text = "<!-- plan:begin recon -->\nx\n<!-- plan:end recon -->\n\n<!-- plan:end dag -->\n";
        let outline = outline(text, &blocks(text));
        assert_eq!(outline.generated.len(), 1);
        assert_eq!(outline.generated[0].name, "recon");
        assert_eq!(&text[outline.generated[0].begin.end..outline.generated[0].end.start], "\nx\n");
        assert_eq!(outline.unbalanced_markers.len(), 1);
        assert_eq!(outline.unbalanced_markers[0].name, "dag");
    }

    /// Markers inline in a paragraph are markers (the second one was dropped, a false
    /// PLAN071); crossing and nested pairs are set apart from the blocks to regenerate.
    /// `<!-->` (the fuzzer's find: its `-->` overlaps its `<!--`) is no marker, and the
    /// markers after it are still read.
    #[test]
    fn an_empty_comment_before_markers_is_read() {
        let text = "## B) Recon\n\n<!--> <!-- plan:begin dag -->\n<!-- plan:end dag -->\n";
        let markers = markers(&blocks(text));
        assert_eq!(markers.len(), 2, "{text}");
    }

    #[test]
    fn markers_inline_crossing_and_nested() {
        let text = "## A) Executive Summary\nSee <!-- plan:begin dag --> here <!-- plan:end dag --> now.\n";
        let inline = outline(text, &blocks(text));
        assert_eq!((inline.generated.len(), inline.unbalanced_markers.len()), (1, 0), "{inline:?}");
        let text = "## A) Executive Summary\n<!-- plan:begin dag -->\n## B) Repository Recon\n<!-- plan:end dag -->\n";
        let crossing = outline(text, &blocks(text));
        assert_eq!((crossing.generated.len(), crossing.crossing_blocks.len()), (0, 1), "{crossing:?}");
        let text = "<!-- plan:begin a -->\n<!-- plan:begin b -->\n<!-- plan:end a -->\n<!-- plan:end b -->\n";
        let nested = outline(text, &blocks(text));
        assert_eq!((nested.generated.len(), nested.nested_blocks.len()), (0, 2), "{nested:?}");
    }
}
