//! E: the risk register: the table, and success criteria and abort plans after it.

use std::ops::Range;

use crate::plan::label::{label_matches, normalize_label};
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::{field_of, is_empty_marker};
use crate::plan::refs::pr_numbers;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Risk {
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
pub(crate) struct RiskRegister {
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

pub(crate) fn risk_register(blocks: &[Block]) -> RiskRegister {
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
    let after_table = blocks
        .iter()
        .position(|block| std::ptr::eq(block, *rows.last().unwrap_or(&header)))
        .map_or(blocks.len(), |i| i + 1);
    read_after_table(&blocks[after_table..], &mut register.risks);
    register
}

/// Success criteria and abort plans written after the table, per risk: a bold label
/// naming the decision (or, failing that, the labels in row order), then fields.
fn read_after_table(blocks: &[Block], risks: &mut [Risk]) {
    let mut next_in_order = 0;
    let mut current: Option<usize> = None;
    for block in blocks {
        if let Some((field, value)) = field_of(block)
            && (field.starts_with("success") || field.starts_with("abort"))
        {
            let index = match current {
                Some(index) => index,
                None => continue,
            };
            if let Some(risk) = risks.get_mut(index) {
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
            let by_name = risks.iter().position(|risk| {
                let decision = normalize_label(&risk.decision);
                !decision.is_empty() && (wanted.contains(&decision) || decision.starts_with(&wanted))
            });
            current = by_name.or_else(|| {
                let index = next_in_order;
                next_in_order += 1;
                (index < risks.len()).then_some(index)
            });
        }
    }
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
