//! The field toolkit every section reader shares: groups under sub-headings, bold labels,
//! `Label:` lines and label items; `Name: value` fields; top items and their children.

use std::ops::Range;

use crate::plan::label::{label_matches, normalize_label};
use crate::plan::markdown::{Block, BlockKind};

/// A list item or line of text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub text: String,
    pub range: Range<usize>,
}

/// A block that introduces a group, with its level (heading level, 7 for a label line,
/// or none for a label item, whose group is its nested items).
fn group_label(block: &Block) -> Option<(&str, Option<u8>)> {
    match block.kind {
        BlockKind::Heading { level } => Some((block.text.as_str(), Some(level))),
        BlockKind::Paragraph => {
            if let Some(label) = &block.label
                && block.after_label().is_empty()
            {
                return Some((label.as_str(), Some(7)));
            }
            let text = block.text.trim();
            // `Objectives:`, or a short plain line that is only a name (`Non-Goals`).
            let is_label = (text.ends_with(':') && text.len() <= 80)
                || (text.split_whitespace().count() <= 5
                    && text.len() <= 48
                    && !text.ends_with(['.', '!', '?', ')']));
            is_label.then_some((text, Some(7)))
        }
        BlockKind::Item { .. } => {
            let label = block.label.as_deref().unwrap_or(block.text.as_str());
            let is_label =
                block.after_label().is_empty() || (block.label.is_none() && block.text.ends_with(':'));
            (is_label && label.len() <= 80).then_some((label, None))
        }
        _ => None,
    }
}

/// The blocks of the first group whose label matches one of `names` (normalized).
pub(super) fn group<'a>(blocks: &'a [Block], names: &[&str]) -> Option<&'a [Block]> {
    for (index, block) in blocks.iter().enumerate() {
        let Some((label, level)) = group_label(block) else { continue };
        if !label_matches(label, names) {
            continue;
        }
        let start = index + 1;
        let mut end = start;
        match (level, block.kind) {
            (None, BlockKind::Item { depth, .. }) => {
                while end < blocks.len()
                    && matches!(blocks[end].kind, BlockKind::Item { depth: d, .. } if d > depth)
                {
                    end += 1;
                }
            }
            (Some(level), _) => {
                while end < blocks.len() {
                    let next = &blocks[end];
                    let closes = match next.kind {
                        BlockKind::Heading { level: next_level } => next_level <= level.min(6) || level == 7,
                        BlockKind::Paragraph => level == 7 && group_label(next).is_some(),
                        _ => false,
                    };
                    if closes {
                        break;
                    }
                    end += 1;
                }
            }
            _ => {}
        }
        return Some(&blocks[start..end]);
    }
    None
}

/// The smallest depth of the list items of `blocks`, if any.
pub(super) fn top_depth(blocks: &[Block]) -> Option<u16> {
    blocks
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min()
}

/// The list items of `blocks` at their smallest depth.
pub(super) fn top_items(blocks: &[Block]) -> Vec<&Block> {
    let depth = top_depth(blocks);
    blocks
        .iter()
        .filter(|block| matches!(block.kind, BlockKind::Item { depth: d, .. } if Some(d) == depth))
        .collect()
}

/// The items nested under the item at `index` (deeper, contiguous).
pub(super) fn children(blocks: &[Block], index: usize) -> &[Block] {
    let BlockKind::Item { depth, .. } = blocks[index].kind else { return &[] };
    let mut end = index + 1;
    while end < blocks.len() && matches!(blocks[end].kind, BlockKind::Item { depth: d, .. } if d > depth) {
        end += 1;
    }
    &blocks[index + 1..end]
}

/// `Name: value` at the start of a text, with a short name.
pub(super) fn split_field(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once(':')?;
    let name = name.trim().trim_matches('*').trim();
    if name.is_empty() || name.len() > 48 || name.split_whitespace().count() > 7 {
        return None;
    }
    Some((name, value.trim().trim_start_matches('*').trim()))
}

/// A block's field name and value: `**Name:** value`, `**Name**: value`, `Name: value`.
pub(super) fn field_of(block: &Block) -> Option<(String, String)> {
    if let Some(label) = &block.label {
        let name = label.trim().trim_end_matches(':').trim();
        if !name.is_empty() {
            return Some((normalize_label(name), block.after_label().to_owned()));
        }
    }
    let (name, value) = split_field(&block.text)?;
    Some((normalize_label(name), value.to_owned()))
}

/// Splits `Name — text`, `Name: text`, `Name - text` (or a bold name and the rest).
pub(super) fn name_and_rest(block: &Block) -> (String, String) {
    if let Some(label) = &block.label {
        return (label.trim().trim_end_matches(':').trim().to_owned(), block.after_label().to_owned());
    }
    // The earliest separator: `Name — text`, `Name: text`, `Name. Default: …`.
    let earliest = [" — ", " – ", ": ", " - ", ". "]
        .iter()
        .filter_map(|separator| block.text.find(separator).map(|at| (at, separator.len())))
        .min_by_key(|(at, _)| *at);
    match earliest {
        Some((at, length)) => {
            (block.text[..at].trim().to_owned(), block.text[at + length..].trim().to_owned())
        }
        None => (block.text.trim().to_owned(), String::new()),
    }
}

pub(super) fn split_list(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(|part| part.trim().trim_matches('`').trim().trim_end_matches('.').to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

/// Finds `Field:` markers inside one line of text: `… responsibility. Owns: a, b Paths: x`.
pub(super) fn inline_field<'a>(text: &'a str, names: &[&str]) -> Option<&'a str> {
    // ASCII lower case keeps byte offsets, so positions found in it are positions in `text`.
    let lower = text.to_ascii_lowercase();
    for name in names {
        // `Name:`, or `Name <a few words>:` (`first non-default entry:`).
        let found = lower.match_indices(name).find_map(|(position, _)| {
            // A word of its own, and not the end of `non-default`.
            let before = &lower[..position];
            if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-') || before.ends_with("non ") {
                return None;
            }
            let after = &lower[position + name.len()..];
            let colon = after.find(':')?;
            let between = &after[..colon];
            (between.split_whitespace().count() <= 2 && !between.contains(['.', ';', ',']))
                .then_some((position, colon))
        });
        let Some((position, colon)) = found else { continue };
        let start = position + name.len() + colon + 1;
        let rest = &text[start..];
        let rest_lower = &lower[start..];
        let end = ["owns:", "paths:", "default:", "first non-default", "first non default"]
            .iter()
            .filter_map(|next| rest_lower.find(next))
            .min()
            .unwrap_or(rest.len());
        return Some(rest[..end].trim().trim_end_matches(['.', ';', ',']).trim());
    }
    None
}

/// `-`, `—`, `none`, `n/a`: a cell or value that says nothing.
pub(super) fn is_empty_marker(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "–" | "none" | "None" | "n/a" | "N/A")
}

/// The first cell of a table header naming one of `names` (normalized): the name itself,
/// or the name as one of its words (`One-sentence responsibility`).
pub(super) fn column(header: &Block, names: &[&str]) -> Option<usize> {
    header.cells.iter().position(|cell| {
        let cell = normalize_label(&cell.text);
        let padded = format!(" {cell} ");
        names.iter().any(|name| cell == *name || padded.contains(&format!(" {name} ")))
    })
}

/// A field written without a colon inside a line: `default `Polling` (PR2); first
/// non-default `Notify` (PR4)`: the words after `name`, up to `;` or the end of the sentence.
pub(super) fn loose_field<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    let lower = text.to_ascii_lowercase();
    lower.match_indices(name).find_map(|(position, _)| {
        let before = &lower[..position];
        if before.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-') || before.ends_with("non ") {
            return None;
        }
        let rest = text[position + name.len()..].trim_start_matches([':', ' ']);
        let end = rest.find("; ").or_else(|| rest.find(". ")).unwrap_or(rest.len());
        let value = rest[..end].trim().trim_end_matches(['.', ';', ',']).trim();
        (!value.is_empty()).then_some(value)
    })
}
