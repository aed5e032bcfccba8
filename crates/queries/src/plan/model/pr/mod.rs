//! H: the PR series: each PR heading (`heading.rs`), its Tier 1 and Tier 2 fields and
//! contracts in every form they are written (`fields.rs`), and the reader that walks a PR's
//! body (`read.rs`). This module holds what they produce.

pub(crate) mod fields;
pub(crate) mod heading;
pub(crate) mod read;

use std::ops::Range;

use crate::plan::label::normalize_label;
use crate::plan::markdown::Block;
use crate::plan::model::pr::heading::PrHeading;

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

    pub(crate) fn from_label(label: &str) -> Option<PrField> {
        let label = normalize_label(label);
        let label = label.as_str();
        let starts = |prefixes: &[&str]| {
            prefixes.iter().any(|prefix| {
                label.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
            })
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

/// One PR's text as section H cuts it: its heading, its text from the heading's start, and
/// its blocks (the heading's first), with positions relative to the PR's start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PrSource {
    pub heading: PrHeading,
    pub text: String,
    pub blocks: Vec<Block>,
}

/// What other PRs and sections need of a PR: no prose, no position, so that it stays equal
/// (and salsa backdates it) when the PR's prose changes or the PR moves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PrLinks {
    pub number: u32,
    /// `Depends on` as written: `None` when absent, `Some([])` for `none`.
    pub depends_on: Option<Vec<u32>>,
    pub has_contracts: bool,
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

#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    /// The PR with its ranges moved by `offset` (from PR-relative to section-relative).
    pub(crate) fn shifted(mut self, offset: usize) -> Pr {
        let shift = |range: &mut Range<usize>| *range = range.start + offset..range.end + offset;
        shift(&mut self.heading);
        shift(&mut self.range);
        shift(&mut self.tier1_range);
        self.fields.iter_mut().for_each(|field| shift(&mut field.range));
        self.contracts.iter_mut().for_each(|contract| shift(&mut contract.range));
        if let Some(range) = &mut self.depends_range {
            shift(range);
        }
        self
    }

    pub(crate) fn field(&self, field: PrField) -> Option<&FieldValue> {
        self.fields.iter().find(|value| value.field == field)
    }

    /// The names of the Tier 1 and Tier 2 fields the PR does not write, in the seed's order.
    pub(crate) fn missing_fields(&self) -> Vec<&'static str> {
        PrField::TIER1
            .iter()
            .chain(PrField::TIER2.iter())
            .filter(|field| self.field(**field).is_none())
            .map(|field| field.name())
            .collect()
    }
}
