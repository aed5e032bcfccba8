//! The JSON report of `plan check --format json`:
//!
//! ```json
//! {
//!   "diagnostics": [
//!     {"code": "PLAN040", "name": "dag-cycle", "severity": "error", "message": "…",
//!      "file": "PLAN.md", "line": 120, "column": 1, "end_line": 120, "end_column": 18,
//!      "help": "…"}
//!   ],
//!   "suppressed": [
//!     {"code": "PLAN031", "name": "uncited-claim", "severity": "warning", "message": "…",
//!      "file": "PLAN.md", "line": 40, "column": 1, "end_line": 40, "end_column": 9}
//!   ],
//!   "citations": [
//!     {"file": "plans/pr3.md", "text": "src/a.rs:3-9", "plan_line": 12, "status": "fresh",
//!      "path": "src/a.rs", "start": 3, "end": 9, "resolved": null}
//!   ],
//!   "summary": {"errors": 1, "warnings": 0, "would_change": ["lock"], "exit_code": 1}
//! }
//! ```
//!
//! `suppressed` lists what an HTML comment on the line silenced (`<!-- plan:allow
//! PLAN031 -->`); it counts nowhere else. Lines and columns are 1-based; columns count characters. `citations` lists each
//! citation with its status once citations are resolved.

use serde::Serialize;
use serde_json::json;

use crate::citations::PlacedCitation;
use crate::citations::resolve::Status;
use crate::diagnostics::Placed;
use crate::line_index::LineIndex;
use crate::render::document::ReportDocument;
use crate::render::summary::summarize;

#[derive(Serialize)]
struct Report<'a> {
    diagnostics: Vec<Entry<'a>>,
    suppressed: Vec<Entry<'a>>,
    citations: Vec<serde_json::Value>,
    summary: Counts<'a>,
}

#[derive(Serialize)]
struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Counts<'a> {
    errors: usize,
    warnings: usize,
    /// What `plan build` would rewrite (`plan check` only): `plan`, `lock`.
    would_change: &'a [&'a str],
    /// 1 when there are errors (every rewrite that fails `plan check` is one), else 0.
    exit_code: u8,
}

/// The report as a JSON value: the diagnostics of every document (the macro plan first,
/// then each micro-plan, each entry naming its `file`), with every citation and its status.
pub fn report(documents: &[ReportDocument<'_>], would_change: &[&str]) -> serde_json::Value {
    let mut diagnostics = Vec::new();
    let mut suppressed = Vec::new();
    let mut citations = Vec::new();
    for document in documents {
        diagnostics.extend(entries(document, document.diagnostics));
        suppressed.extend(entries(document, document.suppressed));
        citations.extend(document.citations.iter().map(|citation| citation_json(document, citation)));
    }
    let all: Vec<Placed> =
        documents.iter().flat_map(|document| document.diagnostics.iter().cloned()).collect();
    let summary = summarize(&all);
    serde_json::to_value(Report {
        diagnostics,
        suppressed,
        citations,
        summary: Counts {
            errors: summary.errors,
            warnings: summary.warnings,
            would_change,
            exit_code: u8::from(summary.errors > 0),
        },
    })
    .unwrap_or(serde_json::Value::Null)
}

fn entries<'a>(document: &ReportDocument<'a>, placed: &'a [Placed]) -> Vec<Entry<'a>> {
    let (path, source) = (document.path, document.text);
    let lines = LineIndex::new(source);
    placed
        .iter()
        .map(|placed| {
            let (end_line, end_column) = lines.line_column(source, placed.range.end);
            Entry {
                code: placed.diagnostic.rule.code,
                name: placed.name(),
                severity: placed.diagnostic.severity.as_str(),
                message: &placed.diagnostic.message,
                file: path,
                line: placed.line,
                column: placed.column,
                end_line,
                end_column,
                help: placed.diagnostic.help.as_deref(),
            }
        })
        .collect()
}

fn citation_json(document: &ReportDocument<'_>, citation: &PlacedCitation) -> serde_json::Value {
    let text = document.text;
    let written = &citation.site.citation;
    let resolved = match (citation.resolution.status, &citation.resolution.location) {
        (Status::Moved | Status::Changed, Some(location)) => {
            json!({"path": location.path, "start": location.start, "end": location.end})
        }
        _ => serde_json::Value::Null,
    };
    let mut value = json!({
        "file": document.path,
        "text": text.get(citation.range.clone()).unwrap_or(""),
        "plan_line": citation.line,
        "status": citation.resolution.status.as_str(),
        "path": written.path,
        "start": written.start,
        "end": written.end,
        "resolved": resolved,
    });
    if let Some(reason) = &citation.resolution.reason {
        value["reason"] = json!(reason);
    }
    value
}
