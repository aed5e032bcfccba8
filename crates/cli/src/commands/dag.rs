//! `plan dag`: merge order, parallel waves, workstreams, critical path and gates.

use std::io::{self, Write};

use crate::Outcome;
use crate::args::{DagArgs, GlobalArgs};

pub(crate) fn run(global: &GlobalArgs, args: &DagArgs) -> anyhow::Result<Outcome> {
    let (db, plan) = crate::session::plan_only(global)?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(queries::render_dag(&db, plan, args.format.into()).as_bytes())?;
    stdout.flush()?;
    Ok(if queries::dag_cycles(&db, plan).is_empty() { Outcome::Clean } else { Outcome::ProblemsFound })
}
