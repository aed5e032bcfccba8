//! C: objectives and non-goals: the items under their labels, an objectives table
//! (`| # | Objective | Measured by |`), an inline list (`**Non-goals:** a; b; c`), or,
//! with no label at all, the section's first list.

use crate::plan::label::label_matches;
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::{Item, column, field_of, group, top_items};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Objectives {
    pub objectives: Vec<Item>,
    pub non_goals: Vec<Item>,
}

const NON_GOAL_NAMES: &[&str] =
    &["non goals", "nongoals", "non goal", "out of scope", "explicit non goals", "not in scope"];
const OBJECTIVE_NAMES: &[&str] = &["objectives", "high level objectives", "goals", "objective"];

pub(crate) fn objectives(blocks: &[Block]) -> Objectives {
    let non_goals = labelled(blocks, NON_GOAL_NAMES).unwrap_or_default();
    let objectives = labelled(blocks, OBJECTIVE_NAMES)
        .or_else(|| table_rows(blocks, &["objective", "objectives", "goal", "goals"]))
        .unwrap_or_else(|| first_list(blocks));
    Objectives { objectives, non_goals }
}

fn item(block: &Block) -> Item {
    Item { text: block.text.clone(), range: block.range.clone() }
}

/// The items under a label naming `names` (a list, a table, or the label's own inline
/// list), or an inline field `Name: a; b; c`. `None` when nothing is labelled so.
fn labelled(blocks: &[Block], names: &[&str]) -> Option<Vec<Item>> {
    if let Some(group) = group(blocks, names) {
        let items: Vec<Item> = top_items(group).into_iter().map(item).collect();
        if !items.is_empty() {
            return Some(items);
        }
        if let Some(rows) = table_rows(group, &[]) {
            return Some(rows);
        }
    }
    blocks
        .iter()
        .filter(|block| matches!(block.kind, BlockKind::Paragraph | BlockKind::Item { .. }))
        .find_map(|block| {
            let (name, value) = field_of(block)?;
            if !label_matches(&name, names) || value.trim().is_empty() {
                return None;
            }
            Some(
                value
                    .split(';')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(|part| Item { text: part.to_owned(), range: block.range.clone() })
                    .collect(),
            )
        })
}

/// The rows of the first table in `blocks` (whose header names one of `columns`, when
/// given).
fn table_rows(blocks: &[Block], columns: &[&str]) -> Option<Vec<Item>> {
    let header = blocks.iter().find(|block| {
        matches!(block.kind, BlockKind::TableRow { header: true, .. })
            && (columns.is_empty() || column(block, columns).is_some())
    })?;
    let BlockKind::TableRow { table, .. } = header.kind else { return None };
    let at = column(header, columns).unwrap_or(0);
    let rows: Vec<Item> = blocks
        .iter()
        .filter(|block| block.kind == (BlockKind::TableRow { table, header: false }))
        .map(|row| Item {
            text: row.cells.get(at).map_or_else(|| row.text.clone(), |cell| cell.text.clone()),
            range: row.range.clone(),
        })
        .collect();
    (!rows.is_empty()).then_some(rows)
}

/// With no label: the first list of the section, up to the first block that is not one of
/// its items.
fn first_list(blocks: &[Block]) -> Vec<Item> {
    let Some(start) = blocks.iter().position(|block| matches!(block.kind, BlockKind::Item { .. })) else {
        return Vec::new();
    };
    let BlockKind::Item { depth, .. } = blocks[start].kind else { return Vec::new() };
    blocks[start..]
        .iter()
        .take_while(|block| matches!(block.kind, BlockKind::Item { .. }))
        .filter(|block| matches!(block.kind, BlockKind::Item { depth: d, .. } if d == depth))
        .filter(|block| !label_matches(&block.text, NON_GOAL_NAMES))
        .map(item)
        .collect()
}
