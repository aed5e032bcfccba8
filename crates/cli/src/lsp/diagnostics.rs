//! The plan's diagnostics as the protocol has them: what `plan check` reports (rules with
//! their codes, severities and levels from `plan.toml`), each with a link to its
//! documentation (`plan explain CODE`) and, for a citation, where the cited code is.

use std::path::Path;

use engine::{Database, LockFile, PlanFile};
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url,
};
use queries::{PlacedCitation, RuleLevels, Severity};

use crate::lsp::text;

/// The `source` of every diagnostic.
pub(crate) const SOURCE: &str = "plan";

/// Every diagnostic of the plan, in protocol terms. Runs on a worker's clone of the
/// database: salsa unwinds it when a newer edit sets an input.
pub(crate) fn compute(
    db: &Database,
    plan: PlanFile,
    lock: LockFile,
    levels: &RuleLevels,
    root: &Path,
) -> Vec<lsp_types::Diagnostic> {
    let citations = queries::plan_citations(db, plan, lock);
    to_protocol(db, root, plan.text(db), &queries::check_plan(db, plan, lock, levels), &citations)
}

/// Every diagnostic of an open micro-plan (`micro`, with its `lock`), read against the
/// macro plan, as `plan check` reports it.
pub(crate) fn compute_micro(
    db: &Database,
    (micro, lock): (PlanFile, LockFile),
    macro_plan: PlanFile,
    levels: &RuleLevels,
    root: &Path,
) -> Vec<lsp_types::Diagnostic> {
    let placed = queries::check_micro_plan(db, micro, macro_plan, lock, levels);
    let citations = queries::build_micro(db, micro, lock, queries::BuildOptions::default()).citations;
    to_protocol(db, root, micro.text(db), &placed, &citations)
}

fn to_protocol(
    db: &Database,
    root: &Path,
    text: &str,
    placed: &[queries::Placed],
    citations: &[PlacedCitation],
) -> Vec<lsp_types::Diagnostic> {
    placed
        .iter()
        .map(|placed| {
            let cited = citations.iter().find(|citation| {
                citation.range.start < placed.range.end.max(placed.range.start + 1)
                    && placed.range.start < citation.range.end
            });
            let related = cited
                .filter(|_| placed.code().starts_with("PLAN06"))
                .and_then(|citation| related(db, root, citation));
            let mut message = placed.diagnostic.message.clone();
            if let Some(help) = &placed.diagnostic.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            lsp_types::Diagnostic {
                range: text::range(text, placed.range.clone()),
                severity: Some(severity(placed.diagnostic.severity)),
                code: Some(NumberOrString::String(placed.code().to_owned())),
                code_description: rule_page(placed.code()).map(|href| CodeDescription { href }),
                source: Some(SOURCE.to_owned()),
                message,
                related_information: related.map(|info| vec![info]),
                tags: None,
                data: Some(serde_json::json!({ "explain": format!("plan explain {}", placed.code()) })),
            }
        })
        .collect()
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
    }
}

/// The rule's page in `docs/rules.md`: what `plan explain CODE` prints.
pub(crate) fn rule_page(code: &str) -> Option<Url> {
    Url::parse(&format!("{}/blob/main/docs/rules.md#{}", crate::HOMEPAGE, code.to_ascii_lowercase())).ok()
}

/// Where the cited code is now (moved, changed), or where the citation points as written.
fn related(db: &Database, root: &Path, citation: &PlacedCitation) -> Option<DiagnosticRelatedInformation> {
    let written = &citation.site.citation;
    let (path, start, end, message) = match &citation.resolution.location {
        Some(location) if location.key() != citation.site.key() => (
            location.path.as_str(),
            location.start,
            location.end,
            format!("the cited code is now at {}", location.key()),
        ),
        Some(location) => (location.path.as_str(), location.start, location.end, "the cited code".to_owned()),
        None => (written.path.as_str(), written.start, written.end, "the citation as written".to_owned()),
    };
    let uri = Url::from_file_path(root.join(path)).ok()?;
    let file_text = engine::RelPath::new(path)
        .and_then(|relative| db.file(&relative))
        .and_then(|file| file.contents(db).text().map(str::to_owned))
        .unwrap_or_default();
    Some(DiagnosticRelatedInformation {
        location: Location::new(uri, text::line_range(&file_text, start, end)),
        message,
    })
}
