//! C: objectives and non-goals.

use std::ops::Range;

use crate::plan::label::label_matches;
use crate::plan::markdown::Block;
use crate::plan::model::fields::{Item, group, top_items};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Objectives {
    pub objectives: Vec<Item>,
    pub non_goals: Vec<Item>,
}

const NON_GOAL_NAMES: &[&str] = &["non goals", "nongoals", "non goal", "out of scope", "explicit non goals"];
const OBJECTIVE_NAMES: &[&str] = &["objectives", "high level objectives", "goals", "objective"];

pub(crate) fn objectives(blocks: &[Block]) -> Objectives {
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
