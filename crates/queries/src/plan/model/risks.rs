//! E: the risk register: the table, and success criteria and abort plans after it.

use std::ops::Range;

use crate::plan::label::{label_matches, normalize_label};
use crate::plan::markdown::{Block, BlockKind};
use crate::plan::model::fields::is_empty_marker;
use crate::plan::refs::{pr_mentions, pr_numbers};

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
            validation_pr: performing_pr(&validation),
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

/// The PR that performs a validation: the first PR its text names, except a PR it must come
/// before (`spike before PR 1` is a pre-PR step).
fn performing_pr(validation: &str) -> Option<u32> {
    let lower = validation.to_ascii_lowercase();
    pr_mentions(validation)
        .into_iter()
        .find(|mention| {
            let before = lower[..mention.range.start].trim_end();
            !["before", "prior to", "ahead of", "until", "gates", "gating"]
                .iter()
                .any(|word| before.ends_with(word))
        })
        .map(|mention| mention.first)
}

/// Success criteria and abort plans written after the table: per risk under a label naming
/// its decision (a heading, a bold or plain label, an item, `Validation gate for the first
/// risk:`), as fields (`Success criteria: …`, `- abort: …`) or inline in one item
/// (`**Decision** — success criteria: …; abort plan: …`). A label that names no decision
/// takes the risks in row order; fields before any label go to the first risk that needs
/// them.
fn read_after_table(blocks: &[Block], risks: &mut [Risk]) {
    let mut next_in_order = 0;
    let mut current: Option<usize> = None;
    for block in blocks {
        if let Some(label) = after_table_label(block) {
            let by_name = risk_named(label, risks);
            current = by_name.or_else(|| {
                let index = next_in_order;
                next_in_order += 1;
                (index < risks.len()).then_some(index)
            });
        } else if let Some(index) = risk_named(&block.text, risks) {
            current = Some(index);
        }
        for (is_success, value) in success_and_abort(block) {
            let index = current.or_else(|| first_needing(risks, is_success));
            let Some(risk) = index.and_then(|index| risks.get_mut(index)) else { continue };
            if is_success {
                risk.success_criteria = Some(value);
            } else {
                risk.abort_plan = Some(value);
            }
        }
    }
}

/// A block that introduces one risk's criteria: a heading, a bold label with nothing after
/// it, a short line ending with `:`, or a list item that is only a label.
fn after_table_label(block: &Block) -> Option<&str> {
    match block.kind {
        BlockKind::Heading { .. } => Some(block.text.as_str()),
        BlockKind::Paragraph | BlockKind::Item { .. } => {
            if let Some(label) = &block.label {
                let rest = normalize_label(block.after_label());
                if rest.is_empty() || rest.starts_with("success") || rest.starts_with("abort") {
                    return Some(label.as_str());
                }
            }
            let text = block.text.trim();
            (text.ends_with(':') && text.chars().count() <= 80 && !is_criteria_field(text)).then_some(text)
        }
        _ => None,
    }
}

fn is_criteria_field(text: &str) -> bool {
    let normalized = normalize_label(text);
    normalized.starts_with("success") || normalized.starts_with("abort")
}

/// The risk a label names: by its decision (contained either way), or by position (`risk
/// 2`, `the first risk`).
fn risk_named(label: &str, risks: &[Risk]) -> Option<usize> {
    let wanted = normalize_label(label);
    if wanted.is_empty() {
        return None;
    }
    let by_decision = risks.iter().position(|risk| {
        let decision = normalize_label(&risk.decision);
        !decision.is_empty() && (wanted.contains(&decision) || decision.starts_with(&wanted))
    });
    by_decision.or_else(|| {
        let words: Vec<&str> = wanted.split_whitespace().collect();
        let at = words.iter().position(|word| *word == "risk" || *word == "decision")?;
        const ORDINALS: [&str; 7] = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"];
        let before =
            at.checked_sub(1).and_then(|index| ORDINALS.iter().position(|ordinal| *ordinal == words[index]));
        let after = words
            .get(at + 1)
            .and_then(|word| word.trim_start_matches('#').parse::<usize>().ok()?.checked_sub(1));
        before.or(after).filter(|index| *index < risks.len())
    })
}

/// The success criteria and abort plans a block states: a field (`Success criteria: …`,
/// `abort: …`) or several inline (`… — success criteria: x; abort plan: y`).
fn success_and_abort(block: &Block) -> Vec<(bool, String)> {
    if !matches!(block.kind, BlockKind::Paragraph | BlockKind::Item { .. }) {
        return Vec::new();
    }
    let text = block.text.as_str();
    // ASCII lower case keeps byte offsets.
    let lower = text.to_ascii_lowercase();
    let mut marks: Vec<(usize, usize, bool)> = Vec::new();
    for (word, is_success) in [
        ("success criteria", true),
        ("success", true),
        ("abort plan", false),
        ("abort", false),
        ("fallback", false),
    ] {
        for (at, _) in lower.match_indices(word) {
            let end = at + word.len();
            let boundary = at == 0 || !lower.as_bytes()[at - 1].is_ascii_alphanumeric();
            let colon = lower[end..].trim_start().starts_with(':');
            if boundary && colon && !marks.iter().any(|(start, stop, _)| *start <= at && at < *stop) {
                let value_start = end + lower[end..].find(':').unwrap_or(0) + 1;
                marks.push((at, value_start, is_success));
            }
        }
    }
    marks.sort_unstable();
    marks
        .iter()
        .enumerate()
        .map(|(index, (_, value_start, is_success))| {
            let value_end = marks.get(index + 1).map_or(text.len(), |(next, ..)| *next);
            let value = text[*value_start..value_end].trim().trim_end_matches([';', ',']).trim();
            (*is_success, value.to_owned())
        })
        .filter(|(_, value)| !value.is_empty())
        .collect()
}

/// The first risk costing 3 PRs or more that lacks success criteria (or an abort plan),
/// else the first that lacks it.
fn first_needing(risks: &[Risk], success: bool) -> Option<usize> {
    let lacks =
        |risk: &Risk| if success { risk.success_criteria.is_none() } else { risk.abort_plan.is_none() };
    risks.iter().position(|risk| risk.cost >= 3 && lacks(risk)).or_else(|| risks.iter().position(lacks))
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
