//! Reads a micro-plan's text into a [`MicroPlan`]: the marker, then the blocks of
//! `markdown.rs`, matched against the profile's sections.

use std::ops::Range;

use crate::plan::label::{is_name, normalize_label};
use crate::plan::markdown::{self, Block, BlockKind};
use crate::plan::micro::inputs::{EDGE_WORDS, input_classes, uncovered};
use crate::plan::micro::model::{Command, Criterion, MicroPlan};
use crate::plan::micro::profile::{Profile, profile};

/// Reads one micro-plan; never fails (what is missing is left empty for the rules).
pub(crate) fn read(text: &str) -> MicroPlan {
    let (profile_id, pr, marker) = marker(text);
    let blocks = markdown::blocks(text);
    let mut plan = MicroPlan { profile: profile_id, pr, marker, ..MicroPlan::default() };
    let profile = plan.profile.as_deref().and_then(profile);
    if let Some(profile) = profile {
        plan.sections = sections(profile, &blocks);
    }
    let spans = section_spans(text, &plan.sections);
    if let Some(profile) = profile {
        let items = profile.items_section.and_then(|index| spans.iter().find(|(at, ..)| *at == index));
        if let Some((_, heading, span)) = items {
            plan.items_heading = Some(heading.clone());
            plan.items_text = normalize_label(&text[span.clone()]);
        }
        if let Some((_, _, span)) = spans.iter().find(|(at, ..)| *at == profile.tests_section) {
            plan.traced.extend(contract_ids(&text[span.clone()]));
            let lower = text[span.clone()].to_lowercase();
            plan.edge_cases = EDGE_WORDS.iter().any(|word| lower.contains(word));
            let classes = input_classes(text, &blocks);
            plan.input_classes = classes.len();
            plan.uncovered_inputs = uncovered(classes, &text[span.clone()]);
        }
    }
    let (heading, criteria) = criteria(text, &blocks);
    plan.criteria_heading = heading;
    for criterion in &criteria {
        plan.traced.extend(contract_ids(&criterion.text));
    }
    plan.criteria = criteria;
    plan.traced.sort();
    plan.traced.dedup();
    plan.validation = validation(text, &blocks);
    (plan.last_run, plan.last_run_at) = last_run(text).map_or((None, None), |(run, at)| (Some(run), at));
    plan.block = blocks.iter().find_map(|block| {
        let (label, value) = block.text.split_once(':')?;
        let normalized = normalize_label(label);
        (normalized == "block" || normalized == "building block")
            .then(|| (value.trim().to_owned(), block.range.clone()))
    });
    plan
}

/// The first-line marker `<!-- plan: implementation PR3 -->`, or front matter with
/// `profile:` and `pr:` keys: (profile, PR, range). Without either, the first line's range.
fn marker(text: &str) -> (Option<String>, Option<u32>, Range<usize>) {
    let start = text.len() - text.trim_start().len();
    let first_end = crate::line_index::first_line_end(&text[start..]) + start;
    let first = &text[start..first_end];
    let inner = first.trim().strip_prefix("<!--").and_then(|rest| rest.trim_end().strip_suffix("-->"));
    if let Some(words) = inner.and_then(|inner| inner.trim().strip_prefix("plan:")) {
        let mut words = words.split_whitespace();
        let profile = words.next().map(str::to_owned);
        let pr = words.next().and_then(pr_number);
        return (profile, pr, start..first_end);
    }
    if first.trim_end() == "---" {
        let body = &text[first_end..];
        let mut offset = first_end;
        let (mut profile, mut pr) = (None, None);
        for line in crate::line_index::lines_inclusive(body) {
            offset += line.len();
            let line = line.trim();
            if line == "---" {
                return (profile, pr, start..offset);
            }
            if let Some((key, value)) = line.split_once(':') {
                let value = value.trim().trim_matches(['"', '\'']);
                match key.trim() {
                    "profile" => profile = Some(value.to_owned()),
                    "pr" => pr = pr_number(value),
                    _ => {}
                }
            }
        }
    }
    (None, None, start..first_end)
}

/// `PR3`, `pr3`, `3`.
fn pr_number(text: &str) -> Option<u32> {
    let digits =
        text.trim().trim_start_matches(['P', 'p']).trim_start_matches(['R', 'r']).trim_start_matches('-');
    digits.parse().ok()
}

/// The headings that name one of the profile's sections (the first of each).
fn sections(profile: &Profile, blocks: &[Block]) -> Vec<(usize, Range<usize>)> {
    let mut found: Vec<(usize, Range<usize>)> = Vec::new();
    for block in blocks {
        // Only headings are asked: naming a section normalizes every name and alias.
        let BlockKind::Heading { .. } = block.kind else { continue };
        let Some(index) = profile.section_of(&block.text) else { continue };
        if found.iter().all(|(seen, _)| *seen != index) {
            found.push((index, block.range.clone()));
        }
    }
    found
}

/// Each present section with its heading and its span (to the next section's heading).
fn section_spans(text: &str, sections: &[(usize, Range<usize>)]) -> Vec<(usize, Range<usize>, Range<usize>)> {
    let mut starts: Vec<&(usize, Range<usize>)> = sections.iter().collect();
    starts.sort_by_key(|(_, heading)| heading.start);
    let mut spans = Vec::new();
    for (position, (index, heading)) in starts.iter().enumerate() {
        let end = starts.get(position + 1).map_or(text.len(), |(_, next)| next.start);
        spans.push((*index, heading.clone(), heading.start..end));
    }
    spans
}

/// The acceptance criteria: the list items after a heading, paragraph or labelled item
/// named "Acceptance criteria" (nested below it for an item).
fn criteria(text: &str, blocks: &[Block]) -> (Option<Range<usize>>, Vec<Criterion>) {
    let opens = |block: &Block| {
        let label = block.label.as_deref().unwrap_or(&block.text);
        is_name(&normalize_label(label), "acceptance criteria")
    };
    let Some(open) = blocks.iter().position(opens) else { return (None, Vec::new()) };
    let opener = &blocks[open];
    let under = match opener.kind {
        BlockKind::Item { depth, .. } => depth,
        _ => 0,
    };
    let mut criteria = Vec::new();
    let mut depth_of_items = None;
    for block in &blocks[open + 1..] {
        match block.kind {
            BlockKind::Item { depth, .. } if depth > under => {
                if *depth_of_items.get_or_insert(depth) == depth {
                    criteria.push(Criterion {
                        text: block.text.trim().to_owned(),
                        checked: checkbox(&text[block.range.clone()]),
                        range: block.range.clone(),
                    });
                }
            }
            BlockKind::Paragraph if block.nested => {}
            _ => break,
        }
    }
    (Some(opener.range.clone()), criteria)
}

/// `Some(done)` when a list item's source starts with a task-list box.
fn checkbox(source: &str) -> Option<bool> {
    let rest = source.trim_start().trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix(['-', '*', '+', '.', ')'])?.trim_start();
    match rest.get(..3)? {
        "[ ]" => Some(false),
        "[x]" | "[X]" => Some(true),
        _ => None,
    }
}

/// `BC-3`, `BC-12` in text (a word on its own).
pub(crate) fn contract_ids(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(found) = text[at..].find("BC-") {
        let start = at + found;
        let digits = text[start + 3..].bytes().take_while(u8::is_ascii_digit).count();
        let boundary = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        if digits > 0 && boundary {
            ids.push(text[start..start + 3 + digits].to_owned());
        }
        at = start + 3;
    }
    ids
}

/// The commands of fenced code blocks marked `plan:validate` (one per non-blank,
/// non-comment line).
fn validation(text: &str, blocks: &[Block]) -> Vec<Command> {
    let mut commands = Vec::new();
    for block in blocks.iter().filter(|block| block.kind == BlockKind::Code) {
        if !block.text.split_whitespace().any(|word| word == "plan:validate") {
            continue;
        }
        let source = &text[block.range.clone()];
        let mut offset = block.range.start;
        for (index, line) in crate::line_index::lines_inclusive(source).enumerate() {
            let command = line.trim();
            let fence = command.starts_with("```") || command.starts_with("~~~");
            if !(index == 0 || fence || command.is_empty() || command.starts_with('#')) {
                let lead = line.len() - line.trim_start().len();
                commands.push(Command {
                    command: command.to_owned(),
                    range: offset + lead..offset + lead + command.len(),
                });
            }
            offset += line.len();
        }
    }
    commands
}

/// What the generated `validation` block records: commands passed, failed, and when the
/// run started (`Recorded by `plan validate` at 2026-12-05T05:44:43Z:`).
fn last_run(text: &str) -> Option<((u32, u32), Option<String>)> {
    let begin = text.find("<!-- plan:begin validation -->")?;
    let end = begin + text[begin..].find("<!-- plan:end validation -->")?;
    let (mut passed, mut failed, mut at) = (0, 0, None);
    for line in text[begin..end].lines() {
        if line.starts_with("- pass:") {
            passed += 1;
        } else if line.starts_with("- FAIL:") {
            failed += 1;
        } else if let Some(rest) = line.strip_prefix("Recorded by `plan validate` at ") {
            at = rest.strip_suffix(':').map(str::to_owned);
        }
    }
    Some(((passed, failed), at))
}
