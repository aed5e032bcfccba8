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

/// Words that defer an item whatever it names.
const DEFERRAL_WORDS: &[&str] =
    &["address when needed", "tbd", "to be decided", "to be determined", "someday"];

/// Words that defer an item that names no PR (`later PRs reuse them` is no deferral).
const SOFT_DEFERRAL_WORDS: &[&str] = &["when needed", "as needed", "later", "eventually", "if needed"];

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
        let deferred = DEFERRAL_WORDS.iter().any(|word| contains_word(&lower, word))
            || (prs.is_empty()
                && !inherited
                && SOFT_DEFERRAL_WORDS.iter().any(|word| contains_word(&lower, word)));
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

/// Why an item needs no PR, when it says so: `none: the project has no CLAUDE.md`,
/// `Docs: none for CLAUDE.md; the repository has no agent file.`, `CI: no new job needed`,
/// `Dependencies: none added.`, `Man page: generated, so no manual update is needed.`
fn no_pr_reason(text: &str) -> Option<String> {
    // The value after a short label (`Docs:`, `CI —`), else the whole text.
    let values = [":", " — ", " – ", " - ", ". "].into_iter().filter_map(|separator| {
        let (label, value) = text.split_once(separator)?;
        (label.chars().count() <= 40 && !label.contains(". ") && !label.contains(';')).then_some(value)
    });
    values.chain(std::iter::once(text)).find_map(says_none)
}

/// The reason, when `value` says that no PR is needed.
fn says_none(value: &str) -> Option<String> {
    let value = value.trim().trim_start_matches(['*', '_']).trim();
    // ASCII lower case keeps byte offsets, so positions found in it are positions in `value`.
    let lower = value.to_ascii_lowercase();
    let starts = NO_PR_STARTS.iter().any(|start| {
        lower.starts_with(start) && !lower[start.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
    });
    let said =
        starts || NO_PR_PHRASES.iter().any(|phrase| contains_word(&lower, phrase)) || no_then_needed(&lower);
    said.then(|| {
        value.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '—' | '-')).to_owned()
    })
}

/// `no manual update is needed`, `no new dependency required`: a "no" and, later in the
/// same clause, "needed" or "required".
fn no_then_needed(lower: &str) -> bool {
    lower.split(['.', ';', ',']).any(|clause| {
        clause.match_indices("no ").any(|(at, _)| {
            let boundary = at == 0 || !clause.as_bytes()[at - 1].is_ascii_alphanumeric();
            boundary && (clause[at..].contains("needed") || clause[at..].contains("required"))
        })
    })
}

/// How a value that needs no PR starts.
const NO_PR_STARTS: &[&str] = &[
    "none",
    "n/a",
    "na",
    "not applicable",
    "not needed",
    "not required",
    "no change",
    "no changes",
    "no new",
    "no update",
    "no updates",
    "no workflow",
    "no additional",
    "no extra",
    "no action",
    "no pr",
    "no dependency",
    "no dependencies",
    "no manual",
    "nothing",
    "unchanged",
];

/// Phrases anywhere in a value that say no PR is needed.
const NO_PR_PHRASES: &[&str] = &[
    "none needed",
    "none required",
    "not needed",
    "no change needed",
    "no changes needed",
    "no update is needed",
    "no update needed",
    "so none",
    "is unchanged",
    "stays unchanged",
    "remains unchanged",
    "no new job",
    "nothing to",
    "none to maintain",
    "no file to maintain",
    "nothing to maintain",
    "absent from the repo",
    "not applicable",
];

fn contains_word(haystack: &str, word: &str) -> bool {
    haystack.match_indices(word).any(|(position, _)| {
        let before = haystack[..position].chars().next_back();
        let after = haystack[position + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
