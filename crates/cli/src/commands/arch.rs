//! `plan arch`: the building blocks of the plan's concept model with the imports between
//! them as the code has them; exit 1 when code couples blocks that no arrow connects.

use std::io::{self, Write};

use queries::DagView;

use crate::Outcome;
use crate::args::{DagArgs, DagFormat, GlobalArgs};
use crate::session::{self, Session};

pub(crate) fn run(global: &GlobalArgs, args: &DagArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (text, _) = documents.read_plan()?;
    let mut db = session.load_database()?;
    let cache = session.use_cache(global, &mut db);
    session::analyze_all(global, &db)?;
    session::save_cache(global, cache.as_deref());
    let plan = db.set_plan(&documents.display_path, &text);
    let view = match args.format {
        DagFormat::Text => DagView::Text,
        DagFormat::Mermaid => DagView::Mermaid,
        DagFormat::Dot => DagView::Dot,
        DagFormat::Json => DagView::Json,
    };
    let mut stdout = io::stdout().lock();
    stdout.write_all(queries::render_arch(&db, plan, view).as_bytes())?;
    stdout.flush()?;
    Ok(if queries::undeclared_couplings(&db, plan) == 0 { Outcome::Clean } else { Outcome::ProblemsFound })
}
