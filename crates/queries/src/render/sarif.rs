//! SARIF 2.1.0 for code scanning: one run, the rules used under `tool.driver.rules` (each
//! with a `helpUri`), one result per diagnostic of the macro plan and of each micro-plan,
//! with a repository-relative location and a fingerprint that survives line moves.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::citations::lock::hash;
use crate::diagnostics::{Placed, Severity};
use crate::line_index::LineIndex;
use crate::lints::rule;
use crate::render::document::ReportDocument;

/// Who wrote the log and where the plan is, for [`report`].
#[derive(Clone, Debug, Default)]
pub struct SarifTool {
    pub version: String,
    /// The tool's home page (`tool.driver.informationUri`).
    pub information_uri: String,
    /// A rule's `helpUri` is this followed by its code in lower case (`…#plan040`).
    pub help_uri_prefix: String,
    /// `file://` URI of the plan's directory when the plan is outside the repository root:
    /// its location is then relative to `PLANDIR`, never absolute.
    pub plan_dir_uri: Option<String>,
}

/// The key of each result's `partialFingerprints`.
const FINGERPRINT_KEY: &str = "planFindingHash/v1";

/// The log of every document (the macro plan first, then each micro-plan under its own
/// path): one run, one result per diagnostic.
pub fn report(documents: &[ReportDocument<'_>], tool: &SarifTool) -> Value {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    for document in documents {
        for placed in document.diagnostics.iter().chain(document.suppressed) {
            let next = rule_index.len();
            rule_index.entry(placed.diagnostic.rule.code).or_insert(next);
        }
    }
    let mut rules: Vec<(usize, Value)> =
        rule_index.iter().map(|(code, index)| (*index, descriptor(code, tool))).collect();
    rules.sort_by_key(|(index, _)| *index);
    let mut results = Vec::new();
    for (index, document) in documents.iter().enumerate() {
        // Only the macro plan may lie outside the root; micro-plans are found under it.
        let outside = if index == 0 { tool.plan_dir_uri.is_some() } else { false };
        results.extend(document_results(document, outside, &rule_index));
    }
    let mut run = json!({
        "tool": {
            "driver": {
                "name": "plan",
                "version": tool.version,
                "informationUri": tool.information_uri,
                "rules": rules.into_iter().map(|(_, descriptor)| descriptor).collect::<Vec<_>>(),
            }
        },
        "automationDetails": {"id": "plan/check/"},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(dir) = &tool.plan_dir_uri {
        run["originalUriBaseIds"] = json!({"PLANDIR": {"uri": dir}});
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run]
    })
}

/// The results of one document: its diagnostics, then those silenced in it.
fn document_results(
    document: &ReportDocument<'_>,
    outside: bool,
    rule_index: &BTreeMap<&str, usize>,
) -> Vec<Value> {
    let (path, source) = (document.path, document.text);
    let (reported, diagnostics) =
        (document.diagnostics.len(), &[document.diagnostics, document.suppressed].concat());
    let (uri, base) = match outside {
        true => (path.rsplit(['/', '\\']).next().unwrap_or(path), "PLANDIR"),
        false => (path, "%SRCROOT%"),
    };
    let uri = uri.replace('\\', "/");
    let lines = LineIndex::new(source);
    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|placed| {
            let (end_line, end_column) = lines.line_column(source, placed.range.end);
            let mut message = placed.diagnostic.message.clone();
            if let Some(help) = &placed.diagnostic.help {
                message.push_str(&format!(" (help: {help})"));
            }
            let key = finding_hash(&uri, source, placed);
            let occurrence = seen.entry(key).or_insert(0);
            *occurrence += 1;
            json!({
                "ruleId": placed.diagnostic.rule.code,
                "ruleIndex": rule_index[placed.diagnostic.rule.code],
                "level": level(placed.diagnostic.severity),
                "message": {"text": message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": base},
                        "region": {
                            "startLine": placed.line,
                            "startColumn": placed.column,
                            "endLine": end_line.max(placed.line),
                            "endColumn": if end_line > placed.line { end_column } else { end_column.max(placed.column + 1) },
                        }
                    }
                }],
                "partialFingerprints": {FINGERPRINT_KEY: format!("{key:016x}:{occurrence}")},
            })
        })
        .collect();
    with_suppressions(results, reported)
}

/// The results after the first `reported`, those an HTML comment on their line silenced,
/// marked as suppressed in source (code scanning shows them as dismissed).
fn with_suppressions(mut results: Vec<Value>, reported: usize) -> Vec<Value> {
    for result in results.iter_mut().skip(reported) {
        result["suppressions"] =
            json!([{"kind": "inSource", "justification": "`<!-- plan:allow … -->` on the line"}]);
    }
    results
}

/// A rule's `reportingDescriptor`.
fn descriptor(code: &str, tool: &SarifTool) -> Value {
    let help_uri = format!("{}{}", tool.help_uri_prefix, code.to_ascii_lowercase());
    match rule(code) {
        Some(rule) => json!({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": rule.docs, "markdown": rule.docs},
            "helpUri": help_uri,
            "defaultConfiguration": {"level": level(rule.severity)},
        }),
        None => json!({"id": code, "helpUri": help_uri}),
    }
}

/// What identifies a finding whatever its line: the rule, the file, the message and the
/// text it points at (whitespace collapsed). Equal findings are told apart by their order.
fn finding_hash(uri: &str, source: &str, placed: &Placed) -> u64 {
    let span = source.get(placed.range.clone()).unwrap_or_default();
    let span = span.split_whitespace().collect::<Vec<_>>().join(" ");
    let message = without_plan_lines(&placed.diagnostic.message);
    let key = [placed.diagnostic.rule.code, uri, &message, &span].join("\u{0}");
    hash(key.as_bytes())
}

/// `message` with the number after each `at line ` left out: a message may name another
/// line of the plan ("only the first, at line 12, is read"), which moves with it.
fn without_plan_lines(message: &str) -> String {
    const MARK: &str = "at line ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(found) = rest.find(MARK) {
        out.push_str(&rest[..found + MARK.len()]);
        rest = rest[found + MARK.len()..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::without_plan_lines;

    #[test]
    fn fingerprints_ignore_plan_lines_in_messages() {
        assert_eq!(
            without_plan_lines("section B appears twice; only the first, at line 12, is read"),
            "section B appears twice; only the first, at line , is read"
        );
        assert_eq!(without_plan_lines("at line 3 and at line 40"), "at line  and at line ");
        assert_eq!(without_plan_lines("cites src/a.rs:10"), "cites src/a.rs:10");
    }
}
