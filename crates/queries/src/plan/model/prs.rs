//! H: the PR series: each PR heading, its Tier 1 and Tier 2 fields, contracts, `Depends on`
//! and status.

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::{field_of, split_field};
use crate::plan::model::pr_heading::{PrHeading, pr_heading, status_word};
use crate::plan::refs::pr_numbers;

/// The fields the seed asks of each PR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PrField {
    Title,
    BuildingBlockChange,
    Motivation,
    Scope,
    BehavioralGuarantees,
    Risks,
    CrossCutting,
    ValidationGate,
    ArchitecturalImpact,
    ApiSurfaceChanges,
    CliChanges,
    TestCategories,
    DocumentationUpdates,
    WhyIndependentlyReviewable,
    WhyNoDeadCode,
    DependsOn,
    Status,
}

impl PrField {
    pub(crate) const TIER1: [PrField; 8] = [
        PrField::Title,
        PrField::BuildingBlockChange,
        PrField::Motivation,
        PrField::Scope,
        PrField::BehavioralGuarantees,
        PrField::Risks,
        PrField::CrossCutting,
        PrField::ValidationGate,
    ];
    pub(crate) const TIER2: [PrField; 7] = [
        PrField::ArchitecturalImpact,
        PrField::ApiSurfaceChanges,
        PrField::CliChanges,
        PrField::TestCategories,
        PrField::DocumentationUpdates,
        PrField::WhyIndependentlyReviewable,
        PrField::WhyNoDeadCode,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            PrField::Title => "Title",
            PrField::BuildingBlockChange => "Building Block Change",
            PrField::Motivation => "Motivation",
            PrField::Scope => "Scope",
            PrField::BehavioralGuarantees => "Behavioral Guarantees",
            PrField::Risks => "Risks",
            PrField::CrossCutting => "Cross-Cutting",
            PrField::ValidationGate => "Validation Gate",
            PrField::ArchitecturalImpact => "Architectural Impact",
            PrField::ApiSurfaceChanges => "API Surface Changes",
            PrField::CliChanges => "CLI Changes",
            PrField::TestCategories => "Test Categories",
            PrField::DocumentationUpdates => "Documentation Updates",
            PrField::WhyIndependentlyReviewable => "Why Independently Reviewable",
            PrField::WhyNoDeadCode => "Why No Dead Code",
            PrField::DependsOn => "Depends on",
            PrField::Status => "Status",
        }
    }

    pub(super) fn from_label(label: &str) -> Option<PrField> {
        let label = normalize_label(label);
        let label = label.as_str();
        let starts = |prefixes: &[&str]| {
            prefixes.iter().any(|prefix| label == *prefix || label.starts_with(&format!("{prefix} ")))
        };
        Some(match label {
            _ if starts(&["title", "name"]) => PrField::Title,
            _ if starts(&[
                "building block change",
                "building block",
                "block change",
                "building blocks",
                "block",
            ]) =>
            {
                PrField::BuildingBlockChange
            }
            _ if starts(&["motivation", "why", "rationale"])
                && !label.contains("review")
                && !label.contains("dead") =>
            {
                PrField::Motivation
            }
            _ if starts(&["scope", "in scope"]) => PrField::Scope,
            _ if starts(&[
                "behavioral guarantees",
                "behavioural guarantees",
                "guarantees",
                "contracts",
                "behavioral contracts",
            ]) =>
            {
                PrField::BehavioralGuarantees
            }
            _ if starts(&["risks", "risk", "top risks"]) => PrField::Risks,
            _ if starts(&["cross cutting", "crosscutting", "cross cutting infrastructure"]) => {
                PrField::CrossCutting
            }
            _ if starts(&["validation gate", "gate", "validation"]) => PrField::ValidationGate,
            _ if starts(&[
                "architectural impact",
                "architecture impact",
                "impact",
                "structural impact",
                "structural changes",
                "architecture",
            ]) =>
            {
                PrField::ArchitecturalImpact
            }
            _ if starts(&["api surface changes", "api surface", "api changes", "api"]) => {
                PrField::ApiSurfaceChanges
            }
            _ if starts(&["cli changes", "cli"]) => PrField::CliChanges,
            _ if starts(&["test categories", "tests", "testing", "test plan"]) => PrField::TestCategories,
            _ if starts(&["documentation updates", "documentation", "docs", "doc updates"]) => {
                PrField::DocumentationUpdates
            }
            _ if label.contains("reviewable") => PrField::WhyIndependentlyReviewable,
            _ if label.contains("dead code") => PrField::WhyNoDeadCode,
            _ if starts(&[
                "depends on",
                "dependencies",
                "depends",
                "prerequisites",
                "requires",
                "blocked by",
                "after",
            ]) =>
            {
                PrField::DependsOn
            }
            _ if starts(&["status"]) => PrField::Status,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldValue {
    pub field: PrField,
    pub value: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Contract {
    pub id: String,
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pr {
    pub number: u32,
    pub title: String,
    pub heading: Range<usize>,
    /// The heading and body.
    pub range: Range<usize>,
    pub fields: Vec<FieldValue>,
    pub contracts: Vec<Contract>,
    /// `Depends on` as written: `None` when absent, `Some([])` for `none`.
    pub depends_on: Option<Vec<u32>>,
    pub depends_range: Option<Range<usize>>,
    pub status: Option<String>,
    /// Non-blank lines after the Tier 1 label (or the heading, without a label), up to
    /// Tier 2 or the end of the PR; and the range they span.
    pub tier1_lines: u32,
    pub tier1_range: Range<usize>,
}

impl Pr {
    pub(crate) fn field(&self, field: PrField) -> Option<&FieldValue> {
        self.fields.iter().find(|value| value.field == field)
    }
}

/// The PRs of section H, in document order: each opened by a PR heading (any level, a bold
/// line) and read up to the next one or a heading that closes it; when H has no PR heading,
/// top-level list items that name a PR with their fields nested below.
pub(crate) fn prs(text: &str, blocks: &[Block]) -> Vec<Pr> {
    let top = blocks.iter().enumerate().filter(|(_, block)| !block.nested);
    let mut headings: Vec<(usize, PrHeading)> = top
        .filter(|(_, block)| !matches!(block.kind, BlockKind::Item { .. }))
        .filter_map(|(index, block)| pr_heading(block).map(|heading| (index, heading)))
        .collect();
    if headings.is_empty() {
        headings = item_headings(blocks);
    }
    let mut out = Vec::new();
    for (position, (start, heading)) in headings.iter().enumerate() {
        let next_pr = headings.get(position + 1).map_or(blocks.len(), |(next, _)| *next);
        let end = (start + 1..next_pr).find(|&later| closes(heading, &blocks[later])).unwrap_or(next_pr);
        let range_end = blocks.get(end).map_or(text.len(), |block| block.range.start);
        let read =
            PrText { text, heading, block: &blocks[*start], body: &blocks[start + 1..end], end: range_end };
        out.push(read.read());
    }
    out
}

/// Whether `block` ends the body of the PR `heading` opened. A PR opened by a bold line
/// holds the headings of its tiers and fields (`#### Tier 1`, `##### Motivation`); any
/// other heading up to level 3 ends it.
fn closes(heading: &PrHeading, block: &Block) -> bool {
    match (heading.level, block.kind) {
        (8, BlockKind::Item { depth, .. }) => depth <= 1 || !block.nested,
        (8, _) => !block.nested,
        (7, BlockKind::Heading { level: next }) => {
            next <= 3 && tier_of(block).is_none() && PrField::from_label(&block.text).is_none()
        }
        (level, BlockKind::Heading { level: next }) => next <= level.min(6),
        _ => false,
    }
}

/// Top-level list items that open a PR: `- **PR0: Title**` with nested fields.
fn item_headings(blocks: &[Block]) -> Vec<(usize, PrHeading)> {
    let depth = blocks
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    blocks
        .iter()
        .enumerate()
        .filter(|(index, block)| {
            matches!(block.kind, BlockKind::Item { depth: d, .. } if Some(d) == depth)
                && blocks.get(index + 1).is_some_and(|next| next.nested)
        })
        .filter_map(|(index, block)| pr_heading(block).map(|heading| (index, heading)))
        .collect()
}

/// One PR's heading and body, with the section text they are in.
struct PrText<'a> {
    text: &'a str,
    heading: &'a PrHeading,
    block: &'a Block,
    body: &'a [Block],
    /// Where the PR's text ends.
    end: usize,
}

impl PrText<'_> {
    fn read(&self) -> Pr {
        let mut fields: Vec<FieldValue> = Vec::new();
        let mut contracts = Vec::new();
        let mut tier1_start: Option<usize> = None;
        let mut tier2_start: Option<usize> = None;
        let mut first_tier2_field: Option<usize> = None;
        let mut index = 0;
        while index < self.body.len() {
            let block = &self.body[index];
            match tier_of(block) {
                Some(1) => {
                    tier1_start.get_or_insert(line_end(self.text, block.range.start));
                }
                Some(_) => {
                    tier2_start.get_or_insert(block.range.start);
                }
                None => {}
            }
            contracts.extend(contracts_of(block));
            let mut found = match block.kind {
                BlockKind::Code => yaml_fields(self.text, block, &mut contracts),
                _ => block_fields(block),
            };
            // Without a `Tier 2` label, Tier 2 starts at its first field.
            if found.iter().any(|(field, _)| PrField::TIER2.contains(field)) {
                first_tier2_field.get_or_insert(block.range.start);
            }
            if found.is_empty() {
                index += 1;
                continue;
            }
            // A single field's value may continue below its block (nested items, the list
            // after a label line, the paragraphs under a field heading).
            let mut next = index + 1;
            if found.len() == 1 && !matches!(block.kind, BlockKind::TableRow { .. } | BlockKind::Code) {
                let (value, after) = field_value(self.body, index, &mut contracts);
                found[0].1 = value;
                next = after;
            }
            for (field, value) in found {
                if !fields.iter().any(|existing| existing.field == field) {
                    fields.push(FieldValue {
                        field,
                        value: value.trim().to_owned(),
                        range: block.range.clone(),
                    });
                }
            }
            index = next;
        }
        self.finish(fields, contracts, tier1_start, tier2_start.or(first_tier2_field))
    }

    fn finish(
        &self,
        mut fields: Vec<FieldValue>,
        contracts: Vec<Contract>,
        tier1_start: Option<usize>,
        tier2_start: Option<usize>,
    ) -> Pr {
        let (text, heading) = (self.text, self.heading);
        if !heading.title.is_empty() && !fields.iter().any(|field| field.field == PrField::Title) {
            let title = FieldValue {
                field: PrField::Title,
                value: heading.title.clone(),
                range: self.block.range.clone(),
            };
            fields.insert(0, title);
        }
        // Contracts written with no `Behavioral Guarantees` label are the guarantees.
        if let Some(first) = contracts.first()
            && !fields.iter().any(|field| field.field == PrField::BehavioralGuarantees)
        {
            let value = contracts
                .iter()
                .map(|contract| format!("{}: {}", contract.id, contract.text))
                .collect::<Vec<_>>()
                .join("\n");
            fields.push(FieldValue {
                field: PrField::BehavioralGuarantees,
                value,
                range: first.range.clone(),
            });
        }
        let depends = fields.iter().find(|field| field.field == PrField::DependsOn);
        let depends_on = depends.map(|field| pr_numbers(&field.value));
        let depends_range = depends.map(|field| field.range.clone());
        let status = fields
            .iter()
            .find(|field| field.field == PrField::Status)
            .map(|field| status_word(&field.value).unwrap_or_else(|| field.value.to_lowercase()))
            .or_else(|| heading.status.clone());
        let heading_end = line_end(text, self.block.range.start);
        let tier1_from = tier1_start.unwrap_or(heading_end);
        let tier1_to = tier2_start.unwrap_or(self.end).max(tier1_from);
        let tier1_lines =
            u32::try_from(text[tier1_from..tier1_to].lines().filter(|line| !line.trim().is_empty()).count())
                .unwrap_or(u32::MAX);
        Pr {
            number: heading.number,
            title: heading.title.clone(),
            heading: self.block.range.start..heading_end.min(self.block.range.end.max(heading_end)),
            range: self.block.range.start..self.end,
            fields,
            contracts,
            depends_on,
            depends_range,
            status,
            tier1_lines,
            tier1_range: tier1_from..tier1_to,
        }
    }
}

/// `Some(1)` or `Some(2)` for a `Tier 1` / `Tier 2` label (heading, bold line, bare item),
/// or a table row whose first cell says the tier.
fn tier_of(block: &Block) -> Option<u8> {
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
fn block_fields(block: &Block) -> Vec<(PrField, String)> {
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
fn yaml_fields(text: &str, block: &Block, contracts: &mut Vec<Contract>) -> Vec<(PrField, String)> {
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
fn field_value(body: &[Block], index: usize, contracts: &mut Vec<Contract>) -> (String, usize) {
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
fn contracts_of(block: &Block) -> Vec<Contract> {
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

fn contracts_in(text: &str, range: &Range<usize>) -> Vec<Contract> {
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

fn line_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..].find('\n').map_or(text.len(), |offset| from + offset + 1)
}
