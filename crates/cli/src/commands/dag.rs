//! `plan dag`: merge order, parallel waves, workstreams, critical path and gates.

use std::io::{self, Write};

use queries::DagView;

use crate::Outcome;
use crate::args::{DagArgs, DagFormat, GlobalArgs};

pub(crate) fn run(global: &GlobalArgs, args: &DagArgs) -> anyhow::Result<Outcome> {
    let (db, plan) = crate::session::plan_only(global)?;
    let view = match args.format {
        DagFormat::Text => DagView::Text,
        DagFormat::Mermaid => DagView::Mermaid,
        DagFormat::Dot => DagView::Dot,
        DagFormat::Json => DagView::Json,
    };
    let mut stdout = io::stdout().lock();
    stdout.write_all(queries::render_dag(&db, plan, view).as_bytes())?;
    stdout.flush()?;
    Ok(if queries::dag_cycles(&db, plan).is_empty() { Outcome::Clean } else { Outcome::ProblemsFound })
}
