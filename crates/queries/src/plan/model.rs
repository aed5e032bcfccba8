//! The entities of each section, read from its Markdown blocks.
//!
//! Every reader takes the blocks of one section (ranges relative to the section's text)
//! and returns plain data with relative ranges, so that a section's model only changes
//! when that section's text does. Readers accept the ways agents write: sub-headings or
//! bold labels or `Label:` lines, tables or lists, `->` or `→`.

use std::ops::Range;

use crate::plan::markdown::{Block, BlockKind};
use crate::plan::refs::{pr_mentions, pr_numbers};

/// A list item or line of text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    pub range: Range<usize>,
}

// ---------------------------------------------------------------------------------------
// Grouping: sub-headings, bold labels, `Label:` lines and label items.

/// The normalized text of a label: lower case, numbering and trailing `:` dropped.
pub fn normalize_label(text: &str) -> String {
    let text = text.trim();
    let text = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | ' ' | '#'));
    // `a) Building Blocks`, `(1) Building Blocks`.
    let text = match text.as_bytes() {
        [letter, b')', b' ', ..] if letter.is_ascii_alphabetic() => &text[3..],
        _ => text,
    };
    let mut out = String::new();
    for character in text.chars() {
        match character {
            '-' | '_' | '/' => out.push(' '),
            '*' | '`' => {}
            other => out.extend(other.to_lowercase()),
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.trim_end_matches([':', '.']).trim().to_owned()
}

fn label_matches(label: &str, names: &[&str]) -> bool {
    let label = normalize_label(label);
    names.iter().any(|name| {
        label == *name
            || label
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with(" (") || rest.starts_with(':') || rest.starts_with(" —"))
    })
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
            (block.text.ends_with(':') && block.text.len() <= 80).then_some((block.text.as_str(), Some(7)))
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
pub fn group<'a>(blocks: &'a [Block], names: &[&str]) -> Option<&'a [Block]> {
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

/// The list items of `blocks` at their smallest depth.
fn top_items(blocks: &[Block]) -> Vec<&Block> {
    let depth = blocks
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    blocks
        .iter()
        .filter(|block| matches!(block.kind, BlockKind::Item { depth: d, .. } if Some(d) == depth))
        .collect()
}

/// The items nested under the item at `index` (deeper, contiguous).
fn children(blocks: &[Block], index: usize) -> &[Block] {
    let BlockKind::Item { depth, .. } = blocks[index].kind else { return &[] };
    let mut end = index + 1;
    while end < blocks.len() && matches!(blocks[end].kind, BlockKind::Item { depth: d, .. } if d > depth) {
        end += 1;
    }
    &blocks[index + 1..end]
}

/// `Name: value` at the start of a text, with a short name.
pub fn split_field(text: &str) -> Option<(&str, &str)> {
    let (name, value) = text.split_once(':')?;
    let name = name.trim().trim_matches('*').trim();
    if name.is_empty() || name.len() > 48 || name.split_whitespace().count() > 7 {
        return None;
    }
    Some((name, value.trim().trim_start_matches('*').trim()))
}

/// A block's field name and value: `**Name:** value`, `**Name**: value`, `Name: value`.
fn field_of(block: &Block) -> Option<(String, String)> {
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
fn name_and_rest(block: &Block) -> (String, String) {
    if let Some(label) = &block.label {
        return (label.trim().trim_end_matches(':').trim().to_owned(), block.after_label().to_owned());
    }
    for separator in [" — ", " – ", ": ", " - "] {
        if let Some((name, rest)) = block.text.split_once(separator) {
            return (name.trim().to_owned(), rest.trim().to_owned());
        }
    }
    (block.text.trim().to_owned(), String::new())
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split([',', ';'])
        .map(|part| part.trim().trim_matches('`').trim().trim_end_matches('.').to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

/// Finds `Field:` markers inside one line of text: `… responsibility. Owns: a, b Paths: x`.
fn inline_field<'a>(text: &'a str, names: &[&str]) -> Option<&'a str> {
    let lower = text.to_lowercase();
    for name in names {
        let marker = format!("{name}:");
        if let Some(position) = lower.find(&marker) {
            let rest = &text[position + marker.len()..];
            let end = ["Owns:", "Paths:", "Default:", "First non-default:"]
                .iter()
                .filter_map(|next| rest.find(next))
                .min()
                .unwrap_or(rest.len());
            return Some(rest[..end].trim().trim_end_matches(['.', ';']).trim());
        }
    }
    None
}

// ---------------------------------------------------------------------------------------
// C: objectives and non-goals.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Objectives {
    pub objectives: Vec<Item>,
    pub non_goals: Vec<Item>,
}

const NON_GOAL_NAMES: &[&str] = &["non goals", "nongoals", "non goal", "out of scope", "explicit non goals"];
const OBJECTIVE_NAMES: &[&str] = &["objectives", "high level objectives", "goals", "objective"];

pub fn objectives(blocks: &[Block]) -> Objectives {
    let items = |group: Option<&[Block]>| -> Vec<Item> {
        group
            .map(|blocks| {
                top_items(blocks)
                    .into_iter()
                    .map(|block| Item { text: block.text.clone(), range: block.range.clone() })
                    .collect()
            })
            .unwrap_or_default()
    };
    let non_goals = items(group(blocks, NON_GOAL_NAMES));
    let mut objectives = items(group(blocks, OBJECTIVE_NAMES));
    if objectives.is_empty() && group(blocks, OBJECTIVE_NAMES).is_none() {
        // No `Objectives` label: the section's first list is the objectives.
        let first_list: Vec<&Block> = top_items(blocks);
        let non_goal_ranges: Vec<Range<usize>> = non_goals.iter().map(|item| item.range.clone()).collect();
        objectives = first_list
            .into_iter()
            .filter(|block| {
                !non_goal_ranges.contains(&block.range) && !label_matches(&block.text, NON_GOAL_NAMES)
            })
            .take_while(|block| !block.text.to_lowercase().starts_with("non-goal"))
            .map(|block| Item { text: block.text.clone(), range: block.range.clone() })
            .collect();
    }
    Objectives { objectives, non_goals }
}

// ---------------------------------------------------------------------------------------
// D: the concept model.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildingBlock {
    pub name: String,
    pub responsibility: String,
    pub owns: Vec<String>,
    pub paths: Vec<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    pub from: String,
    pub to: String,
    pub what: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invariant {
    pub id: Option<String>,
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionPoint {
    pub name: String,
    pub responsibility: String,
    pub default: Option<String>,
    pub first_non_default: Option<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateEntry {
    pub state: String,
    pub owners: Vec<String>,
    pub justification: Option<String>,
    pub shared_with: Vec<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConceptModel {
    pub blocks: Vec<BuildingBlock>,
    pub interactions: Vec<Interaction>,
    pub externals: Vec<String>,
    pub invariants: Vec<Invariant>,
    pub extension_points: Vec<ExtensionPoint>,
    pub state: Vec<StateEntry>,
}

impl ConceptModel {
    /// The block named `name` (case-insensitive, bold and backticks ignored).
    pub fn block(&self, name: &str) -> Option<&BuildingBlock> {
        let wanted = normalize_label(name);
        self.blocks.iter().find(|block| normalize_label(&block.name) == wanted)
    }

    pub fn is_external(&self, name: &str) -> bool {
        let wanted = normalize_label(name);
        self.externals.iter().any(|external| normalize_label(external) == wanted)
    }
}

pub fn concept_model(blocks: &[Block]) -> ConceptModel {
    let mut model = ConceptModel::default();
    if let Some(group) = group(blocks, &["building blocks", "blocks", "components"]) {
        model.blocks = building_blocks(group);
    }
    if let Some(group) = group(blocks, &["interaction model", "interactions"]) {
        for block in group {
            if !matches!(block.kind, BlockKind::Item { .. } | BlockKind::Paragraph) {
                continue;
            }
            if let Some((name, value)) = split_field(&block.text)
                && matches!(normalize_label(name).as_str(), "external" | "externals" | "external actors")
            {
                model.externals.extend(split_list(value));
                continue;
            }
            model.interactions.extend(interactions(block));
        }
    }
    if let Some(group) = group(blocks, &["system invariants", "invariants"]) {
        for block in group.iter().filter(|block| matches!(block.kind, BlockKind::Item { .. })) {
            if block.after_label().is_empty() && block.label.is_some() {
                continue; // `**Always**`, `**Never**` sub-labels.
            }
            let (id, text) = match block.text.split_once(':') {
                Some((id, rest)) if is_invariant_id(id.trim().trim_matches('*')) => {
                    (Some(id.trim().trim_matches('*').to_owned()), rest.trim().to_owned())
                }
                _ => (None, block.text.clone()),
            };
            model.invariants.push(Invariant { id, text, range: block.range.clone() });
        }
    }
    if let Some(group) = group(blocks, &["extension points"]) {
        model.extension_points = extension_points(group);
    }
    if let Some(group) = group(blocks, &["state ownership map", "state ownership", "ownership map"]) {
        model.state = state_entries(group);
    }
    model
}

fn is_invariant_id(text: &str) -> bool {
    let Some((prefix, number)) = text.rsplit_once('-') else { return false };
    !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_uppercase())
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit())
}

fn building_blocks(group: &[Block]) -> Vec<BuildingBlock> {
    let mut out = Vec::new();
    // A table: | Block | Responsibility | Owns | Paths |.
    if let Some(header) =
        group.iter().find(|block| matches!(block.kind, BlockKind::TableRow { header: true, .. }))
    {
        let column = |names: &[&str]| header.cells.iter().position(|cell| label_matches(&cell.text, names));
        if let (Some(name_column), Some(responsibility_column)) =
            (column(&["block", "building block", "name", "component"]), column(&["responsibility"]))
        {
            let owns_column = column(&["owns", "state", "owned state"]);
            let paths_column = column(&["paths", "code", "path"]);
            for row in
                group.iter().filter(|block| matches!(block.kind, BlockKind::TableRow { header: false, .. }))
            {
                let cell = |index: Option<usize>| {
                    index.and_then(|i| row.cells.get(i)).map(|cell| cell.text.clone()).unwrap_or_default()
                };
                out.push(BuildingBlock {
                    name: cell(Some(name_column)).trim_matches('*').to_owned(),
                    responsibility: cell(Some(responsibility_column)),
                    owns: split_list(&cell(owns_column)),
                    paths: split_list(&cell(paths_column)),
                    range: row.range.clone(),
                });
            }
            return out;
        }
    }
    let depth = group
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    for (index, block) in group.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Item { depth: d, .. } if Some(d) == depth) {
            continue;
        }
        let (name, rest) = name_and_rest(block);
        let mut responsibility = rest.clone();
        let mut owns = inline_field(&rest, &["owns"]).map(split_list).unwrap_or_default();
        let mut paths = inline_field(&rest, &["paths"]).map(split_list).unwrap_or_default();
        for marker in ["Owns:", "Paths:", "owns:", "paths:"] {
            if let Some(position) = responsibility.find(marker) {
                responsibility.truncate(position);
            }
        }
        for child in children(group, index) {
            if let Some((field, value)) = field_of(child) {
                match field.as_str() {
                    "owns" | "owned state" | "state" => owns.extend(split_list(&value)),
                    "paths" | "path" | "code" => paths.extend(split_list(&value)),
                    "responsibility" if responsibility.is_empty() => responsibility = value,
                    _ => {}
                }
            }
        }
        out.push(BuildingBlock {
            name: name.trim_matches('`').to_owned(),
            responsibility: responsibility.trim().to_owned(),
            owns,
            paths,
            range: block.range.clone(),
        });
    }
    out
}

/// `A -> B: what`, `A → B → C: what`, `**A** → **B** (what)`.
fn interactions(block: &Block) -> Vec<Interaction> {
    let text = block.text.replace('→', "->").replace("⟶", "->").replace("-->", "->");
    if !text.contains("->") {
        return Vec::new();
    }
    let (chain, what) = match text.split_once(':') {
        Some((chain, what)) if chain.contains("->") => (chain.to_owned(), what.trim().to_owned()),
        _ => (text.clone(), String::new()),
    };
    let names: Vec<String> = chain
        .split("->")
        .map(|name| {
            let name = name.trim();
            // `B (what)`: the parenthetical is the payload, not the name.
            let name = name.split(" (").next().unwrap_or(name);
            name.trim().trim_matches(|c| matches!(c, '*' | '`' | '[' | ']')).trim().to_owned()
        })
        .collect();
    names
        .windows(2)
        .filter(|pair| !pair[0].is_empty() && !pair[1].is_empty())
        .map(|pair| Interaction {
            from: pair[0].clone(),
            to: pair[1].clone(),
            what: what.clone(),
            range: block.range.clone(),
        })
        .collect()
}

fn extension_points(group: &[Block]) -> Vec<ExtensionPoint> {
    let mut out = Vec::new();
    let depth = group
        .iter()
        .filter_map(|block| match block.kind {
            BlockKind::Item { depth, .. } => Some(depth),
            _ => None,
        })
        .min();
    for (index, block) in group.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Item { depth: d, .. } if Some(d) == depth) {
            continue;
        }
        let (name, rest) = name_and_rest(block);
        let mut default = inline_field(&rest, &["default"]).map(str::to_owned);
        let mut first = inline_field(
            &rest,
            &["first non-default", "first non default", "first non-default implementation"],
        )
        .map(str::to_owned);
        let mut responsibility = rest.clone();
        for marker in ["Default:", "First non-default:", "default:"] {
            if let Some(position) = responsibility.find(marker) {
                responsibility.truncate(position);
            }
        }
        for child in children(group, index) {
            if let Some((field, value)) = field_of(child) {
                if field == "default" || field == "default behaviour" || field == "default behavior" {
                    default = Some(value);
                } else if field.starts_with("first non default") {
                    first = Some(value);
                }
            }
        }
        out.push(ExtensionPoint {
            name,
            responsibility: responsibility.trim().to_owned(),
            default: default.filter(|value| !value.is_empty()),
            first_non_default: first.filter(|value| !value.is_empty()),
            range: block.range.clone(),
        });
    }
    out
}

fn state_entries(group: &[Block]) -> Vec<StateEntry> {
    let mut out = Vec::new();
    if let Some(header) =
        group.iter().find(|block| matches!(block.kind, BlockKind::TableRow { header: true, .. }))
    {
        let column = |names: &[&str]| header.cells.iter().position(|cell| label_matches(&cell.text, names));
        let state_column = column(&["state", "mutable state"]);
        let owner_column = column(&["owner", "owners", "owning block"]);
        let justification_column = column(&["justification", "why", "notes"]);
        let shared_column = column(&["shared with", "shared"]);
        if let (Some(state_column), Some(owner_column)) = (state_column, owner_column) {
            for row in
                group.iter().filter(|block| matches!(block.kind, BlockKind::TableRow { header: false, .. }))
            {
                let cell = |index: Option<usize>| {
                    index
                        .and_then(|i| row.cells.get(i))
                        .map(|cell| cell.text.trim().to_owned())
                        .unwrap_or_default()
                };
                let justification = cell(justification_column);
                let shared = cell(shared_column);
                out.push(StateEntry {
                    state: cell(Some(state_column)),
                    owners: owners(&cell(Some(owner_column))),
                    justification: (!justification.is_empty() && !is_empty_marker(&justification))
                        .then_some(justification),
                    shared_with: if is_empty_marker(&shared) { Vec::new() } else { split_list(&shared) },
                    range: row.range.clone(),
                });
            }
            return out;
        }
    }
    for block in group.iter().filter(|block| matches!(block.kind, BlockKind::Item { .. })) {
        let text = block.text.replace('→', "->");
        let Some((state, owner)) = text.split_once("->") else { continue };
        let (owner, justification) = match owner.split_once(['(', ':', '—']) {
            Some((owner, why)) => (owner, Some(why.trim().trim_end_matches(')').trim().to_owned())),
            None => (owner, None),
        };
        out.push(StateEntry {
            state: state.trim().trim_matches('*').trim().to_owned(),
            owners: owners(owner),
            justification,
            shared_with: Vec::new(),
            range: block.range.clone(),
        });
    }
    out
}

fn is_empty_marker(text: &str) -> bool {
    matches!(text.trim(), "" | "-" | "—" | "–" | "none" | "None" | "n/a" | "N/A")
}

/// `Engine`, `Engine, Cache`, `Engine and Cache`, `Engine / Cache`.
fn owners(text: &str) -> Vec<String> {
    text.split([',', '/', '&', '+'])
        .flat_map(|part| part.split(" and "))
        .map(|part| part.trim().trim_matches(|c| matches!(c, '*' | '`')).trim().to_owned())
        .filter(|part| !part.is_empty() && !is_empty_marker(part))
        .collect()
}

// ---------------------------------------------------------------------------------------
// E: the risk register.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    pub decision: String,
    pub assumption: String,
    pub validation: String,
    pub cost_text: String,
    /// PRs of rework: an explicit count, else the number of distinct PRs named.
    pub cost: u32,
    pub gate_text: String,
    /// The PR the gate names.
    pub gate_pr: Option<u32>,
    /// The PR performing the validation; `None` for a pre-PR step.
    pub validation_pr: Option<u32>,
    pub success_criteria: Option<String>,
    pub abort_plan: Option<String>,
    pub range: Range<usize>,
    pub gate_range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RiskRegister {
    /// The header row of the risk table, if one was found.
    pub table: Option<Range<usize>>,
    pub missing_columns: Vec<&'static str>,
    pub risks: Vec<Risk>,
}

const RISK_COLUMNS: [(&str, &[&str]); 7] = [
    ("Decision", &["decision", "architectural decision"]),
    ("Assumption", &["assumption", "assumptions"]),
    ("Validation Method", &["validation method", "validation", "how to validate"]),
    ("Cost if Wrong", &["cost if wrong", "cost", "cost of being wrong"]),
    ("Gate", &["gate", "validation gate"]),
    ("Success Criteria", &["success criteria", "success criterion"]),
    ("Abort Plan", &["abort plan", "abort", "fallback"]),
];

pub fn risk_register(blocks: &[Block]) -> RiskRegister {
    let mut register = RiskRegister::default();
    let header = blocks.iter().find(|block| {
        matches!(block.kind, BlockKind::TableRow { header: true, .. })
            && block
                .cells
                .iter()
                .any(|cell| label_matches(&cell.text, &["decision", "architectural decision", "risk"]))
    });
    let Some(header) = header else { return register };
    let BlockKind::TableRow { table, .. } = header.kind else { return register };
    register.table = Some(header.range.clone());
    let columns: Vec<Option<usize>> = RISK_COLUMNS
        .iter()
        .map(|(_, names)| header.cells.iter().position(|cell| label_matches(&cell.text, names)))
        .collect();
    register.missing_columns = RISK_COLUMNS
        .iter()
        .zip(&columns)
        .take(5)
        .filter(|(_, column)| column.is_none())
        .map(|((name, _), _)| *name)
        .collect();
    let decision_column =
        columns[0].or_else(|| header.cells.iter().position(|cell| label_matches(&cell.text, &["risk"])));
    let rows: Vec<&Block> =
        blocks.iter().filter(|block| block.kind == (BlockKind::TableRow { table, header: false })).collect();
    for row in &rows {
        let cell = |index: Option<usize>| {
            index.and_then(|i| row.cells.get(i)).map(|cell| cell.text.trim().to_owned()).unwrap_or_default()
        };
        let cost_text = cell(columns[3]);
        let gate_text = cell(columns[4]);
        let validation = cell(columns[2]);
        let gate_range = columns[4]
            .and_then(|i| row.cells.get(i))
            .map(|cell| cell.range.clone())
            .unwrap_or(row.range.clone());
        register.risks.push(Risk {
            decision: cell(decision_column),
            assumption: cell(columns[1]),
            cost: cost_count(&cost_text),
            cost_text,
            gate_pr: pr_numbers(&gate_text).first().copied(),
            gate_text,
            validation_pr: pr_numbers(&validation).first().copied(),
            validation,
            success_criteria: Some(cell(columns[5])).filter(|text| !is_empty_marker(text)),
            abort_plan: Some(cell(columns[6])).filter(|text| !is_empty_marker(text)),
            range: row.range.clone(),
            gate_range,
        });
    }
    // Success criteria and abort plans written after the table, per risk: a bold label
    // naming the decision (or, failing that, the labels in row order), then fields.
    let after_table = blocks
        .iter()
        .position(|block| std::ptr::eq(block, *rows.last().unwrap_or(&header)))
        .map_or(blocks.len(), |i| i + 1);
    let mut next_in_order = 0;
    let mut current: Option<usize> = None;
    for block in &blocks[after_table..] {
        if let Some((field, value)) = field_of(block)
            && (field.starts_with("success") || field.starts_with("abort"))
        {
            let index = match current {
                Some(index) => index,
                None => continue,
            };
            if let Some(risk) = register.risks.get_mut(index) {
                if field.starts_with("success") {
                    risk.success_criteria = Some(value);
                } else {
                    risk.abort_plan = Some(value);
                }
            }
            continue;
        }
        let label = match block.kind {
            BlockKind::Heading { .. } => Some(block.text.as_str()),
            _ => block.label.as_deref(),
        };
        if let Some(label) = label {
            let wanted = normalize_label(label);
            let by_name = register.risks.iter().position(|risk| {
                let decision = normalize_label(&risk.decision);
                !decision.is_empty() && (wanted.contains(&decision) || decision.starts_with(&wanted))
            });
            current = by_name.or_else(|| {
                let index = next_in_order;
                next_in_order += 1;
                (index < register.risks.len()).then_some(index)
            });
        }
    }
    register
}

/// `4 PRs` → 4; `PR3–PR5` → 3; `PR 3 rework` → 1; nothing → 0.
fn cost_count(text: &str) -> u32 {
    let lower = text.to_lowercase();
    let words: Vec<&str> =
        lower.split(|c: char| !c.is_ascii_alphanumeric()).filter(|word| !word.is_empty()).collect();
    for pair in words.windows(2) {
        if let Ok(count) = pair[0].parse::<u32>()
            && (pair[1] == "prs" || pair[1] == "pr")
        {
            return count;
        }
    }
    let mut prs = pr_numbers(text);
    prs.sort_unstable();
    prs.dedup();
    u32::try_from(prs.len()).unwrap_or(u32::MAX)
}

// ---------------------------------------------------------------------------------------
// G: cross-cutting infrastructure.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossCuttingItem {
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

pub fn cross_cutting(blocks: &[Block]) -> Vec<CrossCuttingItem> {
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

// ---------------------------------------------------------------------------------------
// H: the PR series.

/// The fields the seed asks of each PR.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrField {
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
    pub const TIER1: [PrField; 8] = [
        PrField::Title,
        PrField::BuildingBlockChange,
        PrField::Motivation,
        PrField::Scope,
        PrField::BehavioralGuarantees,
        PrField::Risks,
        PrField::CrossCutting,
        PrField::ValidationGate,
    ];
    pub const TIER2: [PrField; 7] = [
        PrField::ArchitecturalImpact,
        PrField::ApiSurfaceChanges,
        PrField::CliChanges,
        PrField::TestCategories,
        PrField::DocumentationUpdates,
        PrField::WhyIndependentlyReviewable,
        PrField::WhyNoDeadCode,
    ];

    pub fn name(self) -> &'static str {
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
pub struct FieldValue {
    pub field: PrField,
    pub value: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    pub id: String,
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pr {
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
    pub fn field(&self, field: PrField) -> Option<&FieldValue> {
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

pub fn prs(text: &str, blocks: &[Block]) -> Vec<Pr> {
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
            let mut value = match block.kind {
                BlockKind::Heading { .. } => String::new(),
                _ => field_of(block).map(|(_, value)| value).unwrap_or_default(),
            };
            // The value continues in nested items, or in the items after a label line.
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

// ---------------------------------------------------------------------------------------
// I: the DAG as written.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub range: Range<usize>,
}

/// Edges written in I: `PR0 -> PR1, PR2`, `PR0 → PR1 → PR2`, or mermaid `PR0 --> PR1`.
/// Blocks inside `skip` (generated blocks) are not read.
pub fn dag_edges(text: &str, blocks: &[Block], skip: &[Range<usize>]) -> Vec<Edge> {
    let mut out = Vec::new();
    for block in blocks {
        if skip.iter().any(|range| range.start <= block.range.start && block.range.start < range.end) {
            continue;
        }
        match block.kind {
            BlockKind::Code => {
                let source = &text[block.range.clone()];
                let mut offset = block.range.start;
                for line in source.split_inclusive('\n') {
                    out.extend(edges_in_line(line, offset..offset + line.trim_end().len()));
                    offset += line.len();
                }
            }
            BlockKind::Item { .. } | BlockKind::Paragraph | BlockKind::TableRow { .. } => {
                let line = if block.cells.is_empty() {
                    block.text.clone()
                } else {
                    block.cells.iter().map(|cell| cell.text.as_str()).collect::<Vec<_>>().join(" -> ")
                };
                out.extend(edges_in_line(&line, block.range.clone()));
            }
            _ => {}
        }
    }
    out
}

fn edges_in_line(line: &str, range: Range<usize>) -> Vec<Edge> {
    let normalized = line.replace('→', "->").replace("-->", "->").replace("==>", "->").replace("-.->", "->");
    if !normalized.contains("->") {
        return Vec::new();
    }
    let parts: Vec<Vec<u32>> = normalized
        .split("->")
        .map(|part| {
            // Mermaid labels `PR0[PR0: title]` and edge labels `|text|` name the node once.
            let part = part.split('|').next_back().unwrap_or(part);
            let mut numbers = pr_numbers(part);
            if part.contains('[') || part.contains('(') {
                numbers.truncate(1);
            }
            numbers
        })
        .collect();
    let mut out = Vec::new();
    for pair in parts.windows(2) {
        for &from in &pair[0] {
            for &to in &pair[1] {
                out.push(Edge { from, to, range: range.clone() });
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Revision notes.

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevisionNote {
    pub date: Option<String>,
    pub text: String,
    pub range: Range<usize>,
}

pub fn revision_notes(blocks: &[Block]) -> Vec<RevisionNote> {
    top_items(blocks)
        .into_iter()
        .map(|block| {
            let text = block.text.trim_start_matches('*').trim();
            let date = text.get(..10).filter(|candidate| is_date(candidate)).map(str::to_owned);
            RevisionNote { date, text: block.text.clone(), range: block.range.clone() }
        })
        .collect()
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit())
}
