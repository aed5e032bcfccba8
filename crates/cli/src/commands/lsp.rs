//! `plan lsp`: the language server (its rooms are under `crate::lsp`).

use crate::Outcome;
use crate::args::GlobalArgs;

pub(crate) fn run(global: &GlobalArgs) -> anyhow::Result<Outcome> {
    crate::lsp::serve(global)?;
    Ok(Outcome::Clean)
}
