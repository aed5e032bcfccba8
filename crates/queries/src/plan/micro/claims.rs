//! Claims about existing code in a micro-plan: the list items and table rows under a label
//! that says they describe the code as it is (`Existing code`, `Current behaviour`,
//! `Recon`, `Code the PR cites`). Each must cite `file:line` or say `UNVERIFIED`, as the
//! macro plan's section B must (PLAN064).

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::refs::citations;

/// Words of a label over claims about existing code.
const LABELS: &[&str] = &[
    "existing code",
    "existing behaviour",
    "existing behavior",
    "current code",
    "current behaviour",
    "current behavior",
    "as is",
    "recon",
    "code the pr cites",
];

fn is_label(text: &str) -> bool {
    let label = normalize_label(text.trim_end().trim_end_matches(':'));
    LABELS.iter().any(|word| label.contains(word))
}

/// The claims under such a label with no citation and no `UNVERIFIED`: (its text, its range).
pub(crate) fn uncited_claims(text: &str, blocks: &[Block]) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    // The open zone: a heading's level, or the depth of a labelled item (0 after a
    // labelled paragraph, which takes the list that follows it).
    let mut heading: Option<u8> = None;
    let mut item: Option<u16> = None;
    for block in blocks {
        match block.kind {
            BlockKind::Heading { level } => {
                if heading.is_none_or(|open| level <= open) {
                    heading = is_label(&block.text).then_some(level);
                }
                item = None;
                continue;
            }
            BlockKind::Paragraph if !block.nested => {
                item = (block.text.trim_end().ends_with(':') && is_label(&block.text)).then_some(0);
                continue;
            }
            BlockKind::Item { depth, .. } => {
                if item.is_some_and(|open| open > 0 && depth <= open) {
                    item = None;
                }
                let (label, rest) = block.text.split_once(':').unwrap_or((&block.text, ""));
                if rest.trim().is_empty() && block.text.contains(':') {
                    if is_label(label) && item.is_none() {
                        item = Some(depth);
                    }
                    continue;
                }
            }
            BlockKind::TableRow { header: false, .. } => {}
            _ => continue,
        }
        if heading.is_none() && item.is_none() {
            continue;
        }
        let source = text.get(block.range.clone()).unwrap_or("");
        if citations(source).is_empty() && !source.contains("UNVERIFIED") {
            out.push((block.text.chars().take(60).collect(), block.range.clone()));
        }
    }
    out
}
