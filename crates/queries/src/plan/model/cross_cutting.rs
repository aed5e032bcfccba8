//! G: cross-cutting infrastructure, each item with the PRs that deliver it or the reason
//! none is needed.

use std::ops::Range;

use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::children;
use crate::plan::refs::pr_numbers;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CrossCuttingItem {
    pub text: String,
    /// The PRs that deliver the item; `u32::MAX` stands for "every PR" or an enclosing
    /// item's PR.
    pub prs: Vec<u32>,
    /// `none: the project has no CLAUDE.md`.
    pub no_pr_reason: Option<String>,
    /// "address when needed", "TBD", "later".
    pub deferred: bool,
    pub range: Range<usize>,
}

const EVERY_PR_PHRASES: &[&str] =
    &["each pr", "every pr", "all prs", "the pr that", "whichever pr", "any pr that"];

const DEFERRAL_WORDS: &[&str] = &[
    "address when needed",
    "when needed",
    "as needed",
    "tbd",
    "to be decided",
    "to be determined",
    "later",
    "someday",
    "eventually",
];

pub(crate) fn cross_cutting(blocks: &[Block]) -> Vec<CrossCuttingItem> {
    let mut out = Vec::new();
    // PRs and reasons named by enclosing items apply to their children.
    let mut ancestors: Vec<(u16, bool)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let BlockKind::Item { depth, .. } = block.kind else { continue };
        while ancestors.last().is_some_and(|(d, _)| *d >= depth) {
            ancestors.pop();
        }
        let lower = block.text.to_lowercase();
        let mut prs = pr_numbers(&block.text);
        // "Each PR updates CLAUDE.md", "the PR that causes the change": every PR owns it.
        if prs.is_empty() && EVERY_PR_PHRASES.iter().any(|phrase| lower.contains(phrase)) {
            prs.push(u32::MAX);
        }
        let no_pr_reason = no_pr_reason(&block.text);
        let inherited = ancestors.iter().any(|(_, assigned)| *assigned);
        let assigned_here = !prs.is_empty() || no_pr_reason.is_some();
        ancestors.push((depth, assigned_here || inherited));
        let has_children = !children(blocks, index).is_empty();
        let is_label =
            block.after_label().is_empty() || (has_children && block.text.trim_end().ends_with(':'));
        if is_label && has_children && !assigned_here {
            continue;
        }
        let deferred = DEFERRAL_WORDS.iter().any(|word| contains_word(&lower, word));
        out.push(CrossCuttingItem {
            text: block.text.clone(),
            prs: if prs.is_empty() && inherited { vec![u32::MAX] } else { prs },
            no_pr_reason,
            deferred,
            range: block.range.clone(),
        });
    }
    out
}

fn no_pr_reason(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for marker in [
        "none:",
        "none —",
        "none -",
        "no pr:",
        "not needed:",
        "none needed:",
        "n/a:",
        "no change:",
        "no pr needed",
    ] {
        if let Some(position) = lower.find(marker) {
            let reason = text[position + marker.len()..].trim();
            return Some(if reason.is_empty() { text.to_owned() } else { reason.to_owned() });
        }
    }
    None
}

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(position, _)| {
        let before = haystack[..position].chars().next_back();
        let after = haystack[position + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
