//! H: the PR series: each PR heading, its Tier 1 and Tier 2 fields, contracts, `Depends on`
//! and status.

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::{field_of, split_field};
use crate::plan::refs::{pr_mentions, pr_numbers};

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

    fn from_label(label: &str) -> Option<PrField> {
        let label = normalize_label(label);
        let label = label.as_str();
        let starts = |prefixes: &[&str]| {
            prefixes.iter().any(|prefix| label == *prefix || label.starts_with(&format!("{prefix} ")))
        };
        Some(match label {
            _ if starts(&["title"]) => PrField::Title,
            _ if starts(&["building block change", "building block", "block change", "building blocks"]) => {
                PrField::BuildingBlockChange
            }
            _ if starts(&["motivation", "why"]) && !label.contains("review") && !label.contains("dead") => {
                PrField::Motivation
            }
            _ if starts(&["scope"]) => PrField::Scope,
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
            _ if starts(&["architectural impact", "architecture impact"]) => PrField::ArchitecturalImpact,
            _ if starts(&["api surface changes", "api surface", "api changes", "api"]) => {
                PrField::ApiSurfaceChanges
            }
            _ if starts(&["cli changes", "cli"]) => PrField::CliChanges,
            _ if starts(&["test categories", "tests", "testing", "test plan"]) => PrField::TestCategories,
            _ if starts(&["documentation updates", "documentation", "docs", "doc updates"]) => {
                PrField::DocumentationUpdates
            }
            _ if label.contains("independently reviewable") => PrField::WhyIndependentlyReviewable,
            _ if label.contains("dead code") => PrField::WhyNoDeadCode,
            _ if starts(&["depends on", "dependencies", "depends"]) => PrField::DependsOn,
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

/// A PR heading: `PR3 — Title`, `PR3: Title`, `PR 3. Title`, `**PR3 — Title**`.
fn pr_heading(block: &Block) -> Option<(u32, String, u8)> {
    let level = match block.kind {
        BlockKind::Heading { level } => level,
        BlockKind::Paragraph
            if block.label.is_some() && block.text.starts_with(block.label.as_deref().unwrap_or("")) =>
        {
            7
        }
        _ => return None,
    };
    let text = if level == 7 { block.label.as_deref()? } else { block.text.as_str() };
    let text = text.trim();
    let mention = pr_mentions(text).into_iter().next()?;
    if mention.range.start != 0 || mention.first != mention.last {
        return None;
    }
    let title = text[mention.range.end..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '—' | '–' | '-' | '.' | ')'));
    Some((mention.first, title.trim().to_owned(), level))
}

pub(crate) fn prs(text: &str, blocks: &[Block]) -> Vec<Pr> {
    let headings: Vec<(usize, u32, String, u8)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, block)| !block.nested)
        .filter_map(|(index, block)| {
            pr_heading(block).map(|(number, title, level)| (index, number, title, level))
        })
        .collect();
    let mut out = Vec::new();
    for (position, (index, number, title, level)) in headings.iter().enumerate() {
        let start = *index;
        let mut end = blocks.len();
        for (later, candidate) in blocks.iter().enumerate().skip(start + 1) {
            let closes = match candidate.kind {
                BlockKind::Heading { level: next } => next <= (*level).min(6),
                _ => false,
            };
            let next_pr = headings.get(position + 1).is_some_and(|(next_index, ..)| *next_index == later);
            if closes || next_pr {
                end = later;
                break;
            }
        }
        let body = &blocks[start + 1..end];
        let range_end = blocks.get(end).map_or(text.len(), |block| block.range.start);
        out.push(read_pr(text, *number, title.clone(), &blocks[start], body, range_end));
    }
    out
}

fn read_pr(text: &str, number: u32, title: String, heading: &Block, body: &[Block], end: usize) -> Pr {
    let mut fields: Vec<FieldValue> = Vec::new();
    let mut contracts = Vec::new();
    let mut tier1_start: Option<usize> = None;
    let mut tier2_start: Option<usize> = None;
    let mut index = 0;
    while index < body.len() {
        let block = &body[index];
        let label_text = match block.kind {
            BlockKind::Heading { .. } => Some(block.text.clone()),
            _ => block.label.clone().or_else(|| split_field(&block.text).map(|(name, _)| name.to_owned())),
        };
        let mut normalized = label_text.as_deref().map(normalize_label).unwrap_or_default();
        if normalized.is_empty() && block.text.len() <= 60 {
            // A bare `- Tier 1` item or `Tier 1` line.
            normalized = normalize_label(&block.text);
        }
        if normalized.starts_with("tier 1") {
            tier1_start.get_or_insert(line_end(text, block.range.start));
            index += 1;
            continue;
        }
        if normalized.starts_with("tier 2") {
            tier2_start.get_or_insert(block.range.start);
            index += 1;
            continue;
        }
        if let Some(contract) = contract_of(block) {
            contracts.push(contract);
        }
        let field = label_text.as_deref().and_then(PrField::from_label);
        if let Some(field) =
            field.filter(|_| !matches!(block.kind, BlockKind::TableRow { .. } | BlockKind::Code))
        {
            let (value, next) = field_value(body, index, &mut contracts);
            if !fields.iter().any(|existing| existing.field == field) {
                fields.push(FieldValue { field, value: value.trim().to_owned(), range: block.range.clone() });
            }
            index = next;
            continue;
        }
        index += 1;
    }
    if !title.is_empty() && !fields.iter().any(|field| field.field == PrField::Title) {
        fields.insert(
            0,
            FieldValue { field: PrField::Title, value: title.clone(), range: heading.range.clone() },
        );
    }
    let depends = fields.iter().find(|field| field.field == PrField::DependsOn);
    let depends_on = depends.map(|field| pr_numbers(&field.value));
    let depends_range = depends.map(|field| field.range.clone());
    let status =
        fields.iter().find(|field| field.field == PrField::Status).map(|field| field.value.to_lowercase());
    let heading_end = line_end(text, heading.range.start);
    let tier1_from = tier1_start.unwrap_or(heading_end);
    let tier1_to = tier2_start.unwrap_or(end).max(tier1_from);
    let tier1_lines =
        u32::try_from(text[tier1_from..tier1_to].lines().filter(|line| !line.trim().is_empty()).count())
            .unwrap_or(u32::MAX);
    Pr {
        number,
        title,
        heading: heading.range.start..heading_end,
        range: heading.range.start..end,
        fields,
        contracts,
        depends_on,
        depends_range,
        status,
        tier1_lines,
        tier1_range: tier1_from..tier1_to,
    }
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
        if let Some(contract) = contract_of(candidate) {
            contracts.push(contract);
        }
        if !value.is_empty() {
            value.push('\n');
        }
        value.push_str(&candidate.text);
        next += 1;
    }
    (value, next)
}

/// `BC-1: text`, `**BC-1**: text`, `BC-1 — text`.
fn contract_of(block: &Block) -> Option<Contract> {
    let text = block.text.trim();
    let rest = text.strip_prefix("BC-")?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let id = format!("BC-{}", &rest[..digits]);
    let body = rest[digits..]
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '—' | '–' | '-' | '*' | ')'));
    Some(Contract { id, text: body.trim().to_owned(), range: block.range.clone() })
}

fn line_end(text: &str, from: usize) -> usize {
    let from = from.min(text.len());
    text[from..].find('\n').map_or(text.len(), |offset| from + offset + 1)
}
