//! `plan arch`: the building blocks of the plan's concept model with the imports between
//! them as the code has them; exit 1 when code couples blocks that no arrow connects.

use std::io::{self, Write};

use crate::Outcome;
use crate::args::{DagArgs, GlobalArgs};
use crate::session::Session;

pub(crate) fn run(global: &GlobalArgs, args: &DagArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (text, _) = documents.read_plan()?;
    let mut db = session.analyzed_database(global)?;
    let plan = db.set_plan(&documents.display_path, &text);
    let mut stdout = io::stdout().lock();
    stdout.write_all(queries::render_arch(&db, plan, args.format.into()).as_bytes())?;
    stdout.flush()?;
    Ok(if queries::undeclared_couplings(&db, plan) == 0 { Outcome::Clean } else { Outcome::ProblemsFound })
}
