//! `plan recon`: the repository recon generated from the code.

use std::io::{self, Write};

use crate::Outcome;
use crate::args::{GlobalArgs, ReconArgs, ReconFormat};
use crate::session::{self, Session};

pub(crate) fn run(global: &GlobalArgs, args: &ReconArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let mut db = session.load_database()?;
    let cache = session.use_cache(global, &mut db);
    session::analyze_all(global, &db)?;
    session::save_cache(global, cache.as_deref());
    let recon = queries::workspace_recon(&db);
    let mut stdout = io::stdout().lock();
    match args.format {
        ReconFormat::Md => stdout
            .write_all(queries::recon_markdown(&db, recon, session.recon_budget(args.budget)).as_bytes())?,
        ReconFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &queries::recon_json(&db, recon))
                .map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}
