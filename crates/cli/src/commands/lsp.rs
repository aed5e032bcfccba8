//! `plan lsp`: the language server (its rooms are under `crate::lsp`).

use crate::Outcome;
use crate::args::GlobalArgs;

pub(crate) fn run(global: &GlobalArgs) -> anyhow::Result<Outcome> {
    // Exit code 1 when the client left without `shutdown`, as the protocol says.
    Ok(if crate::lsp::serve(global)? { Outcome::Clean } else { Outcome::ProblemsFound })
}
