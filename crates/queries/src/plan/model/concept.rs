//! D: the concept model: building blocks, interactions, invariants, extension points and
//! state ownership.

use std::ops::Range;

use crate::plan::label::{label_matches, normalize_label};
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::loose_field;
use crate::plan::model::fields::{
    children, column, field_of, group, inline_field, is_empty_marker, name_and_rest, split_field, split_list,
    top_items,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BuildingBlock {
    pub name: String,
    pub responsibility: String,
    pub owns: Vec<String>,
    pub paths: Vec<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Interaction {
    pub from: String,
    pub to: String,
    pub what: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Invariant {
    pub id: Option<String>,
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExtensionPoint {
    pub name: String,
    pub responsibility: String,
    pub default: Option<String>,
    pub first_non_default: Option<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StateEntry {
    pub state: String,
    pub owners: Vec<String>,
    pub justification: Option<String>,
    pub shared_with: Vec<String>,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ConceptModel {
    pub blocks: Vec<BuildingBlock>,
    pub interactions: Vec<Interaction>,
    pub externals: Vec<String>,
    pub invariants: Vec<Invariant>,
    pub extension_points: Vec<ExtensionPoint>,
    pub state: Vec<StateEntry>,
}

impl ConceptModel {
    /// The block named `name` (case-insensitive, bold and backticks ignored).
    pub(crate) fn block(&self, name: &str) -> Option<&BuildingBlock> {
        let wanted = normalize_label(name);
        self.blocks.iter().find(|block| normalize_label(&block.name) == wanted)
    }

    /// The block a name refers to: the block of that name, else the one block whose name
    /// appears in it as words (`Session (per iteration)`, `ChangeSource impl`, `creates
    /// Recorder`).
    pub(crate) fn resolve(&self, name: &str) -> Option<&BuildingBlock> {
        if let Some(block) = self.block(name) {
            return Some(block);
        }
        let padded = format!(" {} ", normalize_label(name));
        let mut named = self.blocks.iter().filter(|block| {
            let block_name = normalize_label(&block.name);
            !block_name.is_empty() && padded.contains(&format!(" {block_name} "))
        });
        match (named.next(), named.next()) {
            (Some(block), None) => Some(block),
            _ => None,
        }
    }

    /// Whether `name` is a declared external actor: the same name, or named by the
    /// declaration's words (`User` in `the user at the shell`).
    pub(crate) fn is_external(&self, name: &str) -> bool {
        let wanted = normalize_label(name);
        if wanted.is_empty() {
            return false;
        }
        self.externals.iter().any(|external| {
            let external = normalize_label(external);
            external == wanted || format!(" {external} ").contains(&format!(" {wanted} "))
        })
    }
}

pub(crate) fn concept_model(blocks: &[Block]) -> ConceptModel {
    let blocks_read = match group(blocks, &["building blocks", "blocks", "components"]) {
        Some(group) => building_blocks(group),
        None => unlabelled_blocks(blocks),
    };
    let mut model = ConceptModel { blocks: blocks_read, ..ConceptModel::default() };
    if let Some(group) =
        group(blocks, &["interaction model", "interactions", "interaction", "data flow", "flow"])
    {
        for block in group {
            if !matches!(block.kind, BlockKind::Item { .. } | BlockKind::Paragraph) {
                continue;
            }
            if let Some((name, value)) = split_field(&block.text)
                && matches!(
                    normalize_label(name).as_str(),
                    "external"
                        | "externals"
                        | "external actors"
                        | "actors"
                        | "external systems"
                        | "external parties"
                )
            {
                model.externals.extend(split_list(value));
                continue;
            }
            model.interactions.extend(interactions(block));
        }
    }
    if let Some(group) = group(blocks, &["system invariants", "invariants", "invariant"]) {
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
    if let Some(group) = group(blocks, &["extension points", "extension point", "extensibility"]) {
        model.extension_points = extension_points(group);
    }
    if let Some(group) =
        group(blocks, &["state ownership map", "state ownership", "ownership map", "state", "ownership"])
    {
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

/// With no `Building Blocks` label: a table of blocks anywhere in D, else the first list
/// whose items all start with a bold name.
fn unlabelled_blocks(blocks: &[Block]) -> Vec<BuildingBlock> {
    let from_table = building_blocks(blocks);
    if !from_table.is_empty()
        && blocks.iter().any(|block| matches!(block.kind, BlockKind::TableRow { header: true, .. }))
    {
        return from_table;
    }
    let Some(start) = blocks.iter().position(|block| matches!(block.kind, BlockKind::Item { .. })) else {
        return Vec::new();
    };
    let end = blocks[start..]
        .iter()
        .position(|block| !matches!(block.kind, BlockKind::Item { .. }))
        .map_or(blocks.len(), |offset| start + offset);
    let list = &blocks[start..end];
    let named = top_items(list).iter().all(|block| block.label.is_some() && !block.after_label().is_empty());
    if named { building_blocks(list) } else { Vec::new() }
}

fn building_blocks(group: &[Block]) -> Vec<BuildingBlock> {
    let mut out = Vec::new();
    // A table: | Block | Responsibility | Owns | Paths |.
    if let Some(header) =
        group.iter().find(|block| matches!(block.kind, BlockKind::TableRow { header: true, .. }))
    {
        let column = |names: &[&str]| column(header, names);
        if let (Some(name_column), Some(responsibility_column)) = (
            column(&["block", "building block", "name", "component"]),
            column(&["responsibility", "role", "purpose"]),
        ) {
            let owns_column = column(&["owns", "state", "owned state", "owns state"]);
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
        let mut default =
            inline_field(&rest, &["default"]).or_else(|| loose_field(&rest, "default")).map(str::to_owned);
        let mut first = inline_field(
            &rest,
            &["first non-default", "first non default", "first non-default implementation"],
        )
        .or_else(|| {
            [
                "first non-default",
                "first non default",
                "first new",
                "first alternative",
                "first custom",
                "first plug-in",
            ]
            .into_iter()
            .find_map(|name| loose_field(&rest, name))
        })
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

/// `Engine`, `Engine, Cache`, `Engine and Cache`, `Engine / Cache`.
fn owners(text: &str) -> Vec<String> {
    // `Session (per iteration)`: the parenthesis qualifies; `Parser → args`: the owner
    // hands the state on, it is still the owner.
    let text = without_parentheses(text);
    let text = text.split(['→']).next().unwrap_or("").split("->").next().unwrap_or("");
    text.split([',', '/', '&', '+', ';'])
        .flat_map(|part| part.split(" and "))
        .map(|part| part.trim().trim_matches(|c| matches!(c, '*' | '`')).trim().to_owned())
        .filter(|part| !part.is_empty() && !is_empty_marker(part))
        .collect()
}

/// `text` without its parenthesized parts.
fn without_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}
