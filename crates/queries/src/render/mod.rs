//! Every output format: diagnostics as rustc-style text, JSON (with the citations), SARIF
//! 2.1.0 and GitHub workflow annotations, each reading the same [`Placed`](crate::diagnostics::Placed) list; the PR DAG as
//! text, mermaid, dot and JSON. Wire types are private to their module.

mod dag;
mod diff;
mod document;
mod github;
mod json;
mod sarif;
mod summary;
mod text;

use engine::{Db, PlanFile};

pub(crate) use diff::changed_lines;
pub use diff::unified_diff;
pub use document::ReportDocument;
pub use github::report as render_github;
pub use json::report as render_json;
pub use sarif::{SarifTool, report as render_sarif};
pub use summary::{Summary, summarize};
pub use text::render as render_text;

use crate::plan::{series, tracked};

/// How `plan dag` shows the DAG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DagView {
    /// Merge order, waves, workstreams, critical path and gates.
    Text,
    Mermaid,
    Dot,
    Json,
}

/// The plan's PR DAG in `view`; JSON is pretty-printed.
pub fn render_dag(db: &dyn Db, plan: PlanFile, view: DagView) -> String {
    let (graph, prs, risks) =
        (series::dag(db, plan), series::prs(db, plan), tracked::risk_register(db, plan));
    match view {
        DagView::Text => dag::text(graph, prs, risks),
        DagView::Mermaid => dag::mermaid(graph, prs, risks),
        DagView::Dot => dag::dot(graph, prs, risks),
        DagView::Json => {
            let mut out = serde_json::to_string_pretty(&dag::json(graph, prs, risks)).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

/// The cycles of the plan's PR dependencies, each as its PRs.
pub fn dag_cycles(db: &dyn Db, plan: PlanFile) -> &[Vec<u32>] {
    &series::dag(db, plan).cycles
}
