//! SARIF 2.1.0 for code scanning: one run, the rules used under `tool.driver.rules`, one
//! result per diagnostic with a physical location in the plan.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::diagnostics::{Placed, Severity};
use crate::line_index::LineIndex;
use crate::lints::rule;

pub fn report(path: &str, source: &str, diagnostics: &[Placed], tool_version: &str) -> Value {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for placed in diagnostics {
        let next = rule_index.len();
        rule_index.entry(placed.diagnostic.rule.code).or_insert(next);
    }
    let mut rules: Vec<(usize, Value)> = rule_index
        .iter()
        .map(|(code, index)| {
            let descriptor = match rule(code) {
                Some(rule) => json!({
                    "id": rule.code,
                    "name": rule.name,
                    "shortDescription": {"text": rule.summary},
                    "fullDescription": {"text": rule.summary},
                    "help": {"text": rule.docs, "markdown": rule.docs},
                    "defaultConfiguration": {"level": level(rule.severity)},
                }),
                None => json!({"id": code}),
            };
            (*index, descriptor)
        })
        .collect();
    rules.sort_by_key(|(index, _)| *index);
    let lines = LineIndex::new(source);
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|placed| {
            let (end_line, end_column) = lines.line_column(source, placed.range.end);
            let mut message = placed.diagnostic.message.clone();
            if let Some(help) = &placed.diagnostic.help {
                message.push_str(&format!(" (help: {help})"));
            }
            json!({
                "ruleId": placed.diagnostic.rule.code,
                "ruleIndex": rule_index[placed.diagnostic.rule.code],
                "level": level(placed.diagnostic.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": path},
                        "region": {
                            "startLine": placed.line,
                            "startColumn": placed.column,
                            "endLine": end_line.max(placed.line),
                            "endColumn": if end_line > placed.line { end_column } else { end_column.max(placed.column + 1) },
                        }
                    }
                }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "plan",
                    "version": tool_version,
                    "rules": rules.into_iter().map(|(_, descriptor)| descriptor).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}
