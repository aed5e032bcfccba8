//! `plan dag`: merge order, parallel waves, workstreams, critical path and gates.

use std::io::{self, Write};

use queries::plan::tracked::{dag, prs, risk_register};
use queries::render;

use crate::Outcome;
use crate::args::{DagArgs, DagFormat, GlobalArgs};

pub(crate) fn run(global: &GlobalArgs, args: &DagArgs) -> anyhow::Result<Outcome> {
    let loaded = crate::plan_file::load(global)?;
    let (db, plan) = (&loaded.db, loaded.plan);
    let graph = dag(db, plan);
    let prs = prs(db, plan);
    let risks = risk_register(db, plan);
    let mut stdout = io::stdout().lock();
    match args.format {
        DagFormat::Text => stdout.write_all(render::dag::text(graph, prs, risks).as_bytes())?,
        DagFormat::Mermaid => stdout.write_all(render::dag::mermaid(graph, prs, risks).as_bytes())?,
        DagFormat::Dot => stdout.write_all(render::dag::dot(graph, prs, risks).as_bytes())?,
        DagFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &render::dag::json(graph, prs, risks))
                .map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(if graph.cycles.is_empty() { Outcome::Clean } else { Outcome::ProblemsFound })
}
