//! Reading section H: PR headings open PRs; each PR's body is read for its fields,
//! contracts, tiers and status.

use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::top_depth;
use crate::plan::model::pr::fields::{
    block_fields, contracts_of, field_value, line_end, tier_of, yaml_fields,
};
use crate::plan::model::pr::heading::{PrHeading, pr_heading, status_word};
use crate::plan::model::pr::{Contract, FieldValue, Pr, PrField, PrSource};
use crate::plan::refs::pr_numbers;

/// Section H cut into PRs, in document order: each opened by a PR heading (any level, a
/// bold line) and read up to the next one or a heading that closes it; when H has no PR
/// heading, top-level list items that name a PR with their fields nested below. Each PR's
/// source comes with where it starts in `text`; its own positions are relative to that.
pub(crate) fn pr_sources(text: &str, blocks: &[Block]) -> Vec<(usize, PrSource)> {
    let top = blocks.iter().enumerate().filter(|(_, block)| !block.nested);
    let mut headings: Vec<(usize, PrHeading)> = top
        .filter(|(_, block)| !matches!(block.kind, BlockKind::Item { .. }))
        .filter_map(|(index, block)| pr_heading(block).map(|heading| (index, heading)))
        .collect();
    if headings.is_empty() {
        headings = item_headings(blocks);
    }
    let mut out = Vec::with_capacity(headings.len());
    for (position, (start, heading)) in headings.iter().enumerate() {
        let next_pr = headings.get(position + 1).map_or(blocks.len(), |(next, _)| *next);
        let end = (start + 1..next_pr).find(|&later| closes(heading, &blocks[later])).unwrap_or(next_pr);
        let range_end = blocks.get(end).map_or(text.len(), |block| block.range.start);
        let from = blocks[*start].range.start.min(range_end);
        let source = PrSource {
            heading: heading.clone(),
            text: text.get(from..range_end).unwrap_or("").to_owned(),
            blocks: relative_blocks(&blocks[*start..end], from),
        };
        out.push((from, source));
    }
    out
}

/// `blocks` with their ranges made relative to `from`, and their tables numbered from the
/// first one among them, so that a PR's source does not change when text above it does.
fn relative_blocks(blocks: &[Block], from: usize) -> Vec<Block> {
    let first_table = blocks
        .iter()
        .find_map(|block| match block.kind {
            BlockKind::TableRow { table, .. } => Some(table),
            _ => None,
        })
        .unwrap_or(0);
    let shift =
        |range: &std::ops::Range<usize>| range.start.saturating_sub(from)..range.end.saturating_sub(from);
    blocks
        .iter()
        .map(|block| {
            let mut block = block.clone();
            block.range = shift(&block.range);
            for cell in &mut block.cells {
                cell.range = shift(&cell.range);
            }
            if let BlockKind::TableRow { table, header } = block.kind {
                block.kind = BlockKind::TableRow { table: table.saturating_sub(first_table), header };
            }
            block
        })
        .collect()
}

/// One PR read from its source; its ranges are relative to the PR's start.
pub(crate) fn read_pr(source: &PrSource) -> Pr {
    let Some((block, body)) = source.blocks.split_first() else {
        let heading = &source.heading;
        return Pr { number: heading.number, title: heading.title.clone(), ..Pr::default() };
    };
    PrText { text: &source.text, heading: &source.heading, block, body, end: source.text.len() }.read()
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
    let depth = top_depth(blocks);
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
