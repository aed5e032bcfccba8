//! The fields and contracts of a PR in every form they are written: `**F:** v` lines,
//! `- F: v` items, several on one line, a `##### F` heading, a `| Field | Value |` row, a
//! YAML block, a paragraph of notes; contracts in lists, cells and prose.

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::{field_of, split_field};
use crate::plan::model::pr::{Contract, PrField};

/// `Some(1)` or `Some(2)` for a `Tier 1` / `Tier 2` label (heading, bold line, bare item),
/// or a table row whose first cell says the tier.
pub(super) fn tier_of(block: &Block) -> Option<u8> {
    let label = match block.kind {
        BlockKind::Heading { .. } => block.text.as_str(),
        BlockKind::TableRow { header: false, .. } => {
            let first = normalize_label(block.cells.first().map_or("", |cell| cell.text.as_str()));
            return match first.as_str() {
                "2" | "tier 2" | "t2" => Some(2),
                _ => None,
            };
        }
        BlockKind::TableRow { .. } | BlockKind::Code | BlockKind::Html => return None,
        _ => match &block.label {
            Some(label) if block.after_label().is_empty() => label.as_str(),
            _ if block.text.len() <= 60 => block.text.as_str(),
            _ => return None,
        },
    };
    let label = normalize_label(label);
    if label.starts_with("tier 1") {
        Some(1)
    } else if label.starts_with("tier 2") {
        Some(2)
    } else {
        None
    }
}

/// The fields one block states: `**F:** v`, `F: v`, a `##### F` heading, several on one line
/// (`**Status:** planned · **Depends on:** PR1`), or a table row (`| F | v |`, `| 1 | F | v |`).
pub(super) fn block_fields(block: &Block) -> Vec<(PrField, String)> {
    match block.kind {
        BlockKind::Heading { .. } => {
            PrField::from_label(&block.text).map(|field| (field, String::new())).into_iter().collect()
        }
        BlockKind::TableRow { header: false, .. } => {
            let cells = &block.cells;
            (0..cells.len().min(2))
                .find_map(|at| {
                    let field = PrField::from_label(&cells[at].text)?;
                    Some((field, cells.get(at + 1).map(|cell| cell.text.clone()).unwrap_or_default()))
                })
                .into_iter()
                .collect()
        }
        BlockKind::Item { .. } | BlockKind::Paragraph => {
            // The label as written, before normalizing turns its `/` into a space.
            let raw =
                block.label.clone().or_else(|| split_field(&block.text).map(|(name, _)| name.to_owned()));
            if let (Some(raw), Some((_, value))) = (raw, field_of(block))
                && let Some(several) = several_fields(&raw, &value)
            {
                return several;
            }
            let mut found: Vec<(PrField, String)> = match field_of(block)
                .and_then(|(name, value)| Some((PrField::from_label(&name)?, value)))
            {
                Some((first, value)) => split_fields(first, &value),
                // Fields after a lead-in: `Tier 2 — Impact: …. API: ….`
                None => fields_in(&block.text).into_iter().map(|(_, field, value)| (field, value)).collect(),
            };
            // A paragraph of notes that states fields also states others in plain sentences:
            // `Touches src/compiler.rs. No new CLI flags. Reviewable alone because …`.
            let notes = block.label.as_deref().map(normalize_label).is_some_and(|label| {
                label.contains("implementation") || label.contains("tier 2") || label.contains("notes")
            });
            if found.len() >= 2 || notes {
                for (field, sentence) in sentence_fields(&block.text) {
                    if !found.iter().any(|(existing, _)| *existing == field) {
                        found.push((field, sentence));
                    }
                }
            }
            found
        }
        _ => Vec::new(),
    }
}

/// The fields of a YAML block (`building_block: …`, `scope_in: […]`), with the contracts
/// nested under a key (`  BC-1: …`).
pub(super) fn yaml_fields(
    text: &str,
    block: &Block,
    contracts: &mut Vec<Contract>,
) -> Vec<(PrField, String)> {
    if !matches!(block.text.to_ascii_lowercase().as_str(), "yaml" | "yml") {
        return Vec::new();
    }
    let source = text.get(block.range.clone()).unwrap_or("");
    let mut out: Vec<(PrField, String)> = Vec::new();
    for line in source.lines().skip(1) {
        if line.starts_with("```") || line.starts_with("~~~") {
            break;
        }
        if line.starts_with([' ', '\t', '-']) {
            contracts.extend(contracts_in(line.trim(), &block.range));
            if let Some(last) = out.last_mut() {
                last.1.push('\n');
                last.1.push_str(line.trim());
            }
            continue;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let key = key.replace('_', " ");
        if let Some(field) = PrField::from_label(&key) {
            out.push((field, value.trim().to_owned()));
        }
    }
    out
}

/// Tier 2 fields a plain sentence states by its first words: `Touches …` (impact), `New
/// API: …`, `No new CLI flags.`, `Tests …`, `Docs …`, `Reviewable alone because …`, `No dead
/// code …`.
fn sentence_fields(text: &str) -> Vec<(PrField, String)> {
    const STARTS: [(&[&str], PrField); 7] = [
        (
            &["touches", "impact", "structure", "new module", "new file", "new files", "new src"],
            PrField::ArchitecturalImpact,
        ),
        (&["api", "new api", "public api", "no api", "no public api"], PrField::ApiSurfaceChanges),
        (
            &["cli", "no cli", "no new cli", "new cli", "new flag", "no new flag", "no flag"],
            PrField::CliChanges,
        ),
        (&["tests", "test", "testing", "unit tests", "integration tests"], PrField::TestCategories),
        (&["docs", "documentation", "readme", "no docs"], PrField::DocumentationUpdates),
        (&["reviewable", "independently reviewable", "review"], PrField::WhyIndependentlyReviewable),
        (&["no dead code", "dead code"], PrField::WhyNoDeadCode),
    ];
    let mut out = Vec::new();
    for sentence in text.split(". ") {
        let words = normalize_label(&sentence.replace(':', " "));
        let padded = format!("{words} ");
        for (starts, field) in STARTS {
            if starts.iter().any(|start| padded.starts_with(&format!("{start} "))) {
                out.push((field, sentence.trim().to_owned()));
                break;
            }
        }
    }
    out
}

/// One label naming several fields (`Reviewable / no dead code: …`): each gets the value.
fn several_fields(name: &str, value: &str) -> Option<Vec<(PrField, String)>> {
    let parts: Vec<&str> = name.split(['/', '&', '+']).flat_map(|part| part.split(" and ")).collect();
    if parts.len() < 2 {
        return None;
    }
    let fields: Vec<PrField> = parts.iter().filter_map(|part| PrField::from_label(part)).collect();
    (fields.len() >= 2).then(|| fields.into_iter().map(|field| (field, value.to_owned())).collect())
}

/// A value that holds further fields after a separator: `planned · Depends on: PR1`.
fn split_fields(first: PrField, value: &str) -> Vec<(PrField, String)> {
    let found = fields_in(value);
    let head_end = found.first().map_or(value.len(), |(start, ..)| *start);
    let mut out = vec![(first, trim_separator(&value[..head_end]).to_owned())];
    out.extend(found.into_iter().map(|(_, field, value)| (field, value)));
    out
}

/// The fields a text states after a separator (`. `, `; `, ` · `, ` | `, ` — `), such as
/// `Tier 2 — Impact: new module. API: none. Tests: unit.`: each field with where its
/// segment starts and its value (up to the next field).
fn fields_in(text: &str) -> Vec<(usize, PrField, String)> {
    const SEPARATORS: [&str; 7] = [". ", "; ", " · ", " | ", " • ", " — ", " – "];
    let mut starts: Vec<(usize, usize, PrField)> = Vec::new();
    for separator in SEPARATORS {
        for (at, _) in text.match_indices(separator) {
            let after = at + separator.len();
            let Some((name, _)) = split_field(&text[after..]) else { continue };
            if let Some(field) = PrField::from_label(name) {
                starts.push((at, after, field));
            }
        }
    }
    starts.sort_unstable_by_key(|(at, ..)| *at);
    starts.dedup_by_key(|(at, ..)| *at);
    starts
        .iter()
        .enumerate()
        .map(|(index, &(at, after, field))| {
            let end = starts.get(index + 1).map_or(text.len(), |(next, ..)| *next);
            let segment = &text[after..end.max(after)];
            let value = split_field(segment).map_or(segment, |(_, value)| value);
            (at, field, trim_separator(value).to_owned())
        })
        .collect()
}

fn trim_separator(value: &str) -> &str {
    value.trim().trim_end_matches(['.', ';', '·', '|', '•']).trim()
}

/// The value of the field that `body[index]` opens: its text after the label, continued in
/// nested items or in the items after a label line (contracts among them are collected).
/// Returns the value and the index of the next block to read.
pub(super) fn field_value(body: &[Block], index: usize, contracts: &mut Vec<Contract>) -> (String, usize) {
    let block = &body[index];
    let mut value = match block.kind {
        BlockKind::Heading { .. } => String::new(),
        _ => field_of(block).map(|(_, value)| value).unwrap_or_default(),
    };
    let mut next = index + 1;
    let nested_below = |candidate: &Block| match (block.kind, candidate.kind) {
        (BlockKind::Item { depth, .. }, BlockKind::Item { depth: d, .. }) => d > depth,
        (BlockKind::Item { .. }, _) => false,
        (_, BlockKind::Item { .. }) => true,
        (BlockKind::Heading { .. }, BlockKind::Paragraph) => true,
        _ => false,
    };
    while next < body.len() && nested_below(&body[next]) {
        let candidate = &body[next];
        let is_other_field = candidate
            .label
            .as_deref()
            .or_else(|| split_field(&candidate.text).map(|(name, _)| name))
            .and_then(PrField::from_label)
            .is_some();
        if is_other_field && !matches!(block.kind, BlockKind::Item { .. }) {
            break;
        }
        contracts.extend(contracts_of(candidate));
        if !value.is_empty() {
            value.push('\n');
        }
        value.push_str(&candidate.text);
        next += 1;
    }
    (value, next)
}

/// The contracts a block states: `BC-1: text`, `**BC-1** — text`, `[BC-1] text`, one per
/// line of its text (table cells separate them with `<br>`), or a `| BC-1 | text |` row.
pub(super) fn contracts_of(block: &Block) -> Vec<Contract> {
    let range = block.range.clone();
    match block.kind {
        BlockKind::TableRow { header: false, .. } => {
            let cells = &block.cells;
            if let (Some(id), Some(text)) =
                (cells.first().and_then(|cell| contract_id(&cell.text)), cells.get(1))
                && contract_id(&cells[0].text).is_some_and(|(_, rest)| rest.trim().is_empty())
            {
                return vec![Contract { id: id.0, text: text.text.trim().to_owned(), range }];
            }
            cells.iter().flat_map(|cell| contracts_in(&cell.text, &range)).collect()
        }
        BlockKind::Item { .. } | BlockKind::Paragraph => contracts_in(&block.text, &range),
        _ => Vec::new(),
    }
}

pub(super) fn contracts_in(text: &str, range: &Range<usize>) -> Vec<Contract> {
    let mut out = Vec::new();
    for line in text.lines() {
        // Several on one line: `BC-1: x. BC-2: y`.
        let starts: Vec<usize> = line
            .match_indices("BC")
            .map(|(at, _)| at)
            .filter(|&at| {
                at == 0
                    || line[..at].trim_end().ends_with(['.', ';', ',', '-', '*', '[', '•'])
                    || line[..at].trim().is_empty()
            })
            .filter(|&at| contract_id(&line[at..]).is_some())
            .collect();
        for (index, &start) in starts.iter().enumerate() {
            let end = starts.get(index + 1).copied().unwrap_or(line.len());
            let Some((id, rest)) = contract_id(&line[start..end]) else { continue };
            let body = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '—' | '–' | '-' | '*' | ')' | ']' | '.')
            });
            let body = body.trim().trim_end_matches([';', ',']).trim();
            out.push(Contract { id, text: body.to_owned(), range: range.clone() });
        }
    }
    out
}

/// `BC-3` at the start of a line (after list marks, `[` or bold), and the text after it.
fn contract_id(line: &str) -> Option<(String, &str)> {
    let line = line.trim_start().trim_start_matches(['-', '*', '•', '[', ' ']);
    let rest = line.strip_prefix("BC-").or_else(|| line.strip_prefix("BC "))?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    Some((format!("BC-{}", &rest[..digits]), &rest[digits..]))
}

pub(super) fn line_end(text: &str, from: usize) -> usize {
    crate::line_index::next_line_start(text, from.min(text.len()))
}
