//! The input classes a micro-plan names (`Input classes: plans, lock files`, or list items
//! under that label) and those no negative or edge scenario of its tests mentions: seed 000
//! asks for at least one such scenario per major input class.

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};

/// Words that name a negative or edge scenario.
pub(crate) const EDGE_WORDS: &[&str] =
    &["edge", "negative", "invalid", "malformed", "empty", "missing", "failure", "error case"];

/// Labels that open the list of input classes.
const LABELS: &[&str] = &["input classes", "input class", "inputs"];

/// The input classes named, each with the block that names it. A list under the label ends
/// at a blank line (or at an item no deeper than a labelled item).
pub(crate) fn input_classes(text: &str, blocks: &[Block]) -> Vec<(String, Range<usize>)> {
    let mut classes = Vec::new();
    for (at, block) in blocks.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Item { .. }) {
            continue;
        }
        let Some((label, value)) = block.text.split_once(':') else { continue };
        if !LABELS.contains(&normalize_label(label).as_str()) {
            continue;
        }
        let value = value.trim().trim_end_matches('.');
        if !value.is_empty() {
            let named = value.split([',', ';']).map(|class| class.trim().trim_start_matches("and "));
            classes.extend(
                named.filter(|class| !class.is_empty()).map(|class| (class.to_owned(), block.range.clone())),
            );
            continue;
        }
        let under = match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        };
        let mut previous_end = block.range.end;
        for item in &blocks[at + 1..] {
            let content_end = text.get(..previous_end).map_or(0, |before| before.trim_end().len());
            let gap = text.get(content_end..item.range.start).unwrap_or("");
            let blank = gap.matches('\n').count() >= 2 && previous_end > block.range.end;
            previous_end = item.range.end;
            match item.kind {
                BlockKind::Item { depth, .. } if !blank && under.is_none_or(|under| depth > under) => {
                    let name = item.text.split([':', '—', '(']).next().unwrap_or("").trim();
                    if !name.is_empty() {
                        classes.push((name.to_owned(), item.range.clone()));
                    }
                }
                _ => break,
            }
        }
    }
    classes
}

/// The classes that no line of `tests` both mentions (a word of three letters or more of
/// the class, a plural's `s` dropped, is a word of the line) and calls negative or edge.
/// Linear in the text: the scenario lines' words are gathered once.
pub(crate) fn uncovered(classes: Vec<(String, Range<usize>)>, tests: &str) -> Vec<(String, Range<usize>)> {
    let scenarios: Vec<String> = tests
        .lines()
        .map(str::to_lowercase)
        .filter(|line| EDGE_WORDS.iter().any(|word| line.contains(word)))
        .collect();
    let words: std::collections::HashSet<&str> = scenarios.iter().flat_map(|line| stems(line)).collect();
    classes
        .into_iter()
        .filter(|(class, _)| {
            let class = class.to_lowercase();
            let mut named = stems(&class).filter(|word| word.len() >= 3).peekable();
            match named.peek() {
                Some(_) => !named.any(|word| words.contains(word)),
                None => !scenarios.iter().any(|line| line.contains(class.as_str())),
            }
        })
        .collect()
}

/// The words of `text` (lowercase), a plural's `s` dropped.
fn stems(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| if word.len() > 3 { word.strip_suffix('s').unwrap_or(word) } else { word })
}
