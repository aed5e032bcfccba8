//! `plan recon`: the repository recon generated from the code.

use std::io::{self, Write};

use crate::Outcome;
use crate::args::{GlobalArgs, ReconArgs, ReconFormat};
use crate::session::Session;

pub(crate) fn run(global: &GlobalArgs, args: &ReconArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let db = session.analyzed_database(global)?;
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
