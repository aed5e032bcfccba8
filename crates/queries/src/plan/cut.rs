//! A section's blocks cut out of the whole plan's parse, so that the plan is parsed once
//! per edit rather than once for the outline and again for each changed section.
//!
//! Markdown is parsed line by line with a stack of open containers (lists, block quotes);
//! at a top-level block's first line the stack is empty, so the text from there parses as
//! it would alone, up to the next top-level block where the section ends. What reaches
//! further (link reference definitions, the nesting cap) makes [`cut`] decline, and the
//! section is parsed alone.

use std::ops::Range;

use crate::plan::markdown::{self, Block, BlockKind};

/// The whole text's parser blocks and whether cutting them is exact
/// ([`markdown::parse_raw`]).
pub(crate) struct WholeParse {
    raw: Vec<Block>,
    local: bool,
    /// Which blocks a cut took the text of.
    taken: Vec<bool>,
}

impl WholeParse {
    /// Parses `text`; returns the parse and the text's [`markdown::blocks`].
    pub(crate) fn new(text: &str) -> (WholeParse, Vec<Block>) {
        let (raw, local) = markdown::parse_raw(text);
        let blocks = markdown::finish(text, raw.clone());
        let taken = vec![false; raw.len()];
        (WholeParse { raw, local, taken }, blocks)
    }

    /// The blocks of `text[range]` as [`markdown::blocks`] of that part gives them, positions
    /// relative to its start; `None` when the part does not start and end at top-level
    /// blocks, or the parse holds something that reaches across it. The blocks' text moves
    /// into the cut: each block goes into one cut at most (a cut that overlaps an earlier
    /// one is `None`).
    pub(crate) fn cut(&mut self, text: &str, range: Range<usize>) -> Option<Vec<Block>> {
        let part = text.get(range.clone())?;
        if !self.local || !self.starts_top_level(range.start) {
            return None;
        }
        if range.end < text.len() && !self.starts_top_level(range.end) {
            return None;
        }
        let straddles = |block: &Block| {
            let crosses = |at: usize| block.range.start < at && at < block.range.end;
            crosses(range.start) || crosses(range.end)
        };
        if self.raw.iter().any(straddles) {
            return None;
        }
        let inside = |index: &usize| range.contains(&self.raw[*index].range.start);
        let indices: Vec<usize> = (0..self.raw.len()).filter(inside).collect();
        if indices.iter().any(|&index| self.taken[index]) {
            return None;
        }
        let first_table = indices
            .iter()
            .filter_map(|&index| match self.raw[index].kind {
                BlockKind::TableRow { table, .. } => Some(table),
                _ => None,
            })
            .min()
            .unwrap_or(0);
        let from = range.start;
        let shifted = indices
            .into_iter()
            .map(|index| {
                self.taken[index] = true;
                let block = &mut self.raw[index];
                let mut cut = Block {
                    kind: block.kind,
                    text: std::mem::take(&mut block.text),
                    label: block.label.take(),
                    range: block.range.start - from..block.range.end.saturating_sub(from),
                    nested: block.nested,
                    cells: std::mem::take(&mut block.cells),
                };
                for cell in &mut cut.cells {
                    cell.range = cell.range.start.saturating_sub(from)..cell.range.end.saturating_sub(from);
                }
                if let BlockKind::TableRow { table, header } = cut.kind {
                    cut.kind = BlockKind::TableRow { table: table - first_table, header };
                }
                cut
            })
            .collect();
        Some(markdown::finish(part, shifted))
    }

    /// Whether a heading or paragraph of the parser (what opens a section) starts at `at`
    /// outside every list and block quote.
    fn starts_top_level(&self, at: usize) -> bool {
        self.raw.iter().any(|block| block.range.start == at && opens(block))
    }
}

/// Whether `block` is a heading or paragraph outside every list and block quote.
fn opens(block: &Block) -> bool {
    !block.nested && matches!(block.kind, BlockKind::Heading { .. } | BlockKind::Paragraph)
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use super::{WholeParse, opens};
    use crate::plan::markdown;

    /// Plans in several styles, and texts where a cut must decline: a link reference
    /// definition in another part, a line past the nesting cap, a part that starts inside
    /// a block.
    fn cases() -> Vec<(&'static str, String)> {
        vec![
            ("valid", include_str!("../../fixtures/plans/valid.md").to_owned()),
            ("style-bold", include_str!("../../fixtures/plans/style-bold.md").to_owned()),
            ("style-headings", include_str!("../../fixtures/plans/style-headings.md").to_owned()),
            ("synthetic", crate::plan::synthetic::plan_with_prs(12, None)),
            ("reference", "## A\n\nSee [the spec].\n\n## B\n\n[the spec]: https://example.com\n".to_owned()),
            ("capped", format!("## A\n\n{}x\n\n## B\n\ntext\n", "- ".repeat(70))),
            ("tables", "## A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n## B\n\n| c |\n|---|\n| 3 |\n".to_owned()),
        ]
    }

    /// Every part from one heading or paragraph to the next, and from some of them to the
    /// end: cut, where the cut is exact, equals the part parsed alone.
    #[test]
    fn a_cut_equals_the_part_parsed_alone() {
        let mut report = String::new();
        for (name, text) in cases() {
            let (mut whole, _) = WholeParse::new(&text);
            let starts: Vec<usize> =
                whole.raw.iter().filter(|block| opens(block)).map(|b| b.range.start).collect();
            let fresh = whole.raw.clone();
            let mut parts: Vec<Range<usize>> = starts.windows(2).map(|pair| pair[0]..pair[1]).collect();
            parts.extend(starts.iter().step_by(5).map(|&start| start..text.len()));
            parts.push(1..text.len());
            let (mut exact, mut declined) = (0, 0);
            for part in parts {
                // Each part from a fresh parse: a cut takes its blocks' text.
                whole.raw.clone_from(&fresh);
                whole.taken.fill(false);
                match whole.cut(&text, part.clone()) {
                    Some(cut) => {
                        assert_eq!(cut, markdown::blocks(&text[part.clone()]), "{name} {part:?}");
                        exact += 1;
                    }
                    None => declined += 1,
                }
            }
            report.push_str(&format!("{name}: {exact} exact, {declined} declined\n"));
            // A part cut twice: the second cut would find its blocks' text taken.
            if let [first, second, ..] = starts[..] {
                whole.raw.clone_from(&fresh);
                whole.taken.fill(false);
                let twice = [whole.cut(&text, first..second), whole.cut(&text, first..second)];
                assert!(twice[0].is_none() || twice[1].is_none(), "{name}: cut twice");
            }
        }
        expect_test::expect![[r#"
            valid: 50 exact, 1 declined
            style-bold: 29 exact, 1 declined
            style-headings: 117 exact, 1 declined
            synthetic: 63 exact, 1 declined
            reference: 0 exact, 4 declined
            capped: 0 exact, 4 declined
            tables: 2 exact, 1 declined
        "#]]
        .assert_eq(&report);
    }
}
