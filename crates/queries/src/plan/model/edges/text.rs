//! Edges in a line of text (arrows, words such as `depends on` and `blocks`) and in fenced
//! pictures (Graphviz, or only PR ids and arrows).

use std::ops::Range;

use crate::plan::markdown::Block;
use crate::plan::model::edges::Edge;
use crate::plan::refs::{pr_mentions, pr_numbers};

/// Arrows written between PRs, read as `->`.
pub(crate) const ARROWS: [&str; 7] = ["⟶", "→", "⇒", "-->", "==>", "-.->", "=>"];

/// Edges in a fenced block that is not mermaid: a Graphviz `digraph` (`PR0 -> PR1;`), or
/// a plain picture whose lines are only PR ids and arrows (`[PR0] ──▶ [PR2] ──▶ [PR3]`).
/// Lines of a picture with junctions (`┼`, `┴`, `│`) say too little to be read.
pub(crate) fn fence_edges(text: &str, block: &Block) -> Vec<Edge> {
    let source = text.get(block.range.clone()).unwrap_or("");
    let info = block.text.to_ascii_lowercase();
    let dot = matches!(info.as_str(), "dot" | "graphviz" | "gv")
        || source.lines().nth(1).is_some_and(|line| line.trim_start().starts_with("digraph"));
    if !dot && !matches!(info.as_str(), "" | "text" | "txt" | "plain" | "ascii") {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut offset = block.range.start;
    for (number, line) in crate::line_index::lines_inclusive(source).enumerate() {
        let range = offset..offset + line.trim_end().len();
        offset += line.len();
        let fence =
            number == 0 || line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~");
        if fence || line.trim().is_empty() {
            continue;
        }
        let read = if dot {
            line.split('[').next().unwrap_or(line).replace([';', '"'], " ")
        } else {
            picture_line(line)
        };
        if read.is_empty() && !dot {
            // A picture is read whole or not at all: a partial DAG is worse than none.
            return Vec::new();
        }
        out.extend(edges_in_line(&read, range));
    }
    out
}

/// A picture's line as `PR0 -> PR2 -> PR3`, or empty when it holds anything else.
fn picture_line(line: &str) -> String {
    if line.contains(['┼', '┴', '┬', '├', '┤', '┐', '┘', '└', '┌', '│', '|']) {
        return String::new();
    }
    let mut normalized = line.replace(['[', ']'], " ");
    for arrow in ["──▶", "─▶", "──►", "─►", "──>", "─>", "▶", "►", "→", "-->", "->"]
    {
        normalized = normalized.replace(arrow, " -> ");
    }
    let normalized = normalized.replace('─', " ");
    let mentions = pr_mentions(&normalized);
    let mut rest = normalized.clone();
    for mention in mentions.iter().rev() {
        rest.replace_range(mention.range.clone(), " ");
    }
    let only_nodes_and_arrows = rest.replace("->", " ").trim().is_empty();
    if mentions.len() >= 2 && only_nodes_and_arrows { normalized } else { String::new() }
}

/// `PR0 -> PR1, PR2`, `PR0 → PR1 → PR2`, `PR0 → {PR1 ∥ PR2} → PR3`, `PR3 depends on PR1
/// and PR2`. Each step's PRs all follow each of the previous step's; a parenthesis names
/// no node (`PR2 -> PR3 (after review of PR1)`).
pub(crate) fn edges_in_line(line: &str, range: Range<usize>) -> Vec<Edge> {
    edges_about(line, None, range)
}

/// Phrases that state a dependency in words: `true` when the PRs after the phrase come
/// after the one before it (`PR0 blocks PR2`), `false` when they come before it (`PR2
/// depends on PR0`).
const PHRASES: [(&str, bool); 8] = [
    (" depends on ", false),
    (" is blocked by ", false),
    (" blocked by ", false),
    (" requires ", false),
    (" after ", false),
    (" blocks ", true),
    (" unblocks ", true),
    (" enables ", true),
];

/// The edges of one line; `subject` is the PR a clause without its own subject is about
/// (`PR#2 — blocked by PR#0; blocks PR#3`: the second clause is about PR#2 too).
pub(crate) fn edges_about(line: &str, subject: Option<u32>, range: Range<usize>) -> Vec<Edge> {
    let mut normalized = line.to_owned();
    for arrow in ARROWS {
        normalized = normalized.replace(arrow, "->");
    }
    let lower = format!(" {}", normalized.to_ascii_lowercase());
    let padded = format!(" {normalized}");
    for (phrase, forward) in PHRASES {
        let Some(at) = lower.find(phrase).filter(|_| !normalized.contains("->")) else { continue };
        let (before, rest) = (&padded[..at], &padded[at + phrase.len()..]);
        // The PR the phrase is about stands right before it (`PR 3 after PR 1`, `PR#2 —
        // blocked by …`), or is the line's subject.
        let this = pr_mentions(before)
            .pop()
            .filter(|mention| {
                before[mention.range.end..]
                    .trim_matches(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '-' | ':' | ','))
                    .is_empty()
            })
            .map(|mention| mention.first)
            .or(subject.filter(|_| pr_mentions(before).is_empty()));
        let Some(this) = this else { return Vec::new() };
        let rest = rest.split(['(', '.', ';']).next().unwrap_or(rest);
        return pr_numbers(rest)
            .into_iter()
            .map(|other| {
                if forward {
                    Edge { from: this, to: other, range: range.clone() }
                } else {
                    Edge { from: other, to: this, range: range.clone() }
                }
            })
            .collect();
    }
    if !normalized.contains("->") {
        return Vec::new();
    }
    let parts: Vec<&str> = normalized.split("->").collect();
    let mut out = Vec::new();
    for pair in parts.windows(2) {
        // The PRs next to the arrow: `lane A (PR 2 → PR 3) and lane B` links PR2 to PR3.
        let from = adjacent(pair[0], Side::End);
        let to = adjacent(pair[1], Side::Start);
        for &from in &from {
            for &to in &to {
                out.push(Edge { from, to, range: range.clone() });
            }
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Start,
    End,
}

/// The group of PRs at one end of `part`: the PR mention nearest that end, with the
/// mentions joined to it only by list separators (`,` `&` `∥` `and` `{` `}`): `PR1, PR2`,
/// `{PR1 ∥ PR2}`. An edge label (`|text|`) is not part of a node.
fn adjacent(part: &str, side: Side) -> Vec<u32> {
    let part = match side {
        Side::Start => part
            .split_once('|')
            .filter(|(before, _)| before.trim().is_empty())
            .map_or(part, |(_, after)| after.split_once('|').map_or(after, |(_, rest)| rest)),
        Side::End => part,
    };
    // PRs inside a balanced parenthesis or bracket are a label's words, not nodes.
    let masked = mask_balanced(part);
    let part = masked.as_str();
    let mentions = pr_mentions(part);
    let joins = |between: &str| {
        // A closed group ends the group: `{PR 02 → PR 03}, {PR 04}`.
        if between.contains('}') && between.contains('{') {
            return false;
        }
        // A node label between two PRs (`PR1 [checker], PR2`) is part of the first node.
        let between = without_labels(between);
        between.split_whitespace().all(|word| {
            word.trim_matches(|c: char| {
                matches!(c, ',' | '&' | '∥' | '{' | '}' | '+' | '/' | '|' | '[' | ']')
            })
            .is_empty()
                || word.eq_ignore_ascii_case("and")
        })
    };
    let mut group: Vec<usize> = Vec::new();
    match side {
        Side::End => {
            for index in (0..mentions.len()).rev() {
                let after = group.last().map_or(&part[mentions[index].range.end..], |&next| {
                    &part[mentions[index].range.end..mentions[next].range.start]
                });
                if group.is_empty() && !trailing_ok(after) || !group.is_empty() && !joins(after) {
                    break;
                }
                group.push(index);
            }
        }
        Side::Start => {
            for index in 0..mentions.len() {
                let before = group.last().map_or(&part[..mentions[index].range.start], |&previous| {
                    &part[mentions[previous].range.end..mentions[index].range.start]
                });
                if group.is_empty() && !leading_ok(before) || !group.is_empty() && !joins(before) {
                    break;
                }
                group.push(index);
            }
        }
    }
    group.into_iter().flat_map(|index| mentions[index].first..=mentions[index].last).collect()
}

/// `text` with the inside of every balanced `(…)` and `[…]` blanked (same byte offsets).
fn mask_balanced(text: &str) -> String {
    let mut blank: Vec<(usize, usize)> = Vec::new();
    let mut open: Vec<(char, usize)> = Vec::new();
    for (at, character) in text.char_indices() {
        match character {
            '(' | '[' => open.push((character, at)),
            ')' | ']' => {
                let wanted = if character == ')' { '(' } else { '[' };
                if let Some(position) = open.iter().rposition(|(kind, _)| *kind == wanted) {
                    let (_, start) = open.remove(position);
                    open.truncate(position);
                    blank.push((start + 1, at));
                }
            }
            _ => {}
        }
    }
    // How many blanked ranges cover each byte: a difference array, one pass.
    let mut delta = vec![0i32; text.len() + 1];
    for (start, end) in blank {
        delta[start] += 1;
        delta[end] -= 1;
    }
    let mut out = String::with_capacity(text.len());
    let mut covered = 0i32;
    let mut last = 0;
    for (at, character) in text.char_indices() {
        covered += delta[last..=at].iter().sum::<i32>();
        last = at + 1;
        if covered > 0 {
            out.extend(std::iter::repeat_n(' ', character.len_utf8()));
        } else {
            out.push(character);
        }
    }
    out
}

/// `text` without its bracketed and parenthesized parts.
fn without_labels(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}

/// What may stand between the arrow and the PR before it: separators, a node label
/// (`PR1[Parse]`, `PR1 (docs)`), nothing else.
fn trailing_ok(text: &str) -> bool {
    let text = text.trim();
    text.is_empty()
        || text.starts_with(['[', '(', '{', '}', '∥', ','])
        || text.split_whitespace().count() <= 3
}

/// What may stand between the arrow and the PR after it: separators or a short label.
fn leading_ok(text: &str) -> bool {
    let text = text.trim();
    text.is_empty() || text.ends_with(['{', '(', '[']) || text.split_whitespace().count() <= 2
}
