//! `plan recon`: the repository recon generated from the code.

use std::io::{self, Write};

use crate::Outcome;
use crate::args::{GlobalArgs, ReconArgs, ReconFormat};

pub(crate) fn run(global: &GlobalArgs, args: &ReconArgs) -> anyhow::Result<Outcome> {
    let root = crate::root::find(global.root.as_deref())?;
    let root = engine::load::canonical_root(&root)?;
    let config = crate::config::load(&root)?;
    let mut db = crate::commands::build::load_workspace(&root, &config)?;
    let cache = crate::commands::build::use_cache(global, &root, &mut db);
    crate::commands::build::analyze_all(global, &db)?;
    crate::commands::build::save_cache(global, cache.as_deref());
    let recon = queries::recon::recon(&db);
    let mut stdout = io::stdout().lock();
    match args.format {
        ReconFormat::Md => {
            stdout.write_all(queries::recon::render_markdown(&db, recon, args.budget).as_bytes())?
        }
        ReconFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &queries::recon::to_json(&db, recon))
                .map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}
