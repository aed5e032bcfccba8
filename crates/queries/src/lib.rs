//! Everything `plan` derives from the engine's inputs.
//!
//! Pure functions of the inputs: no file system, no printing, no clock: the language
//! registry, symbol and fact extraction (`code/`; run over many files in parallel by
//! [`extract_all`]), the plan model and its rules (`plan/`, `lints/`), citations
//! (`citations/`), the recon (`recon/`) and what `plan build` writes ([`build`]).

mod build;
mod citations;
mod code;
mod diagnostics;
mod drift;
#[cfg(test)]
mod fuzz;
mod gate;
mod globs;
mod ide;
mod line_index;
mod lints;
mod plan;
mod recon;
mod render;
mod status;

// The API: what `cli`, the benches and the end-to-end tests use. ARCHITECTURE.md lists
// exactly these names (checked by `tests/tidy.rs`).
pub use build::{
    BuildOptions, BuildOutput, accept_changed, build, build_micro, has_generated_block, settle, settle_micro,
};
pub use citations::recover::{LockedCitation, lock_citations, merge_anchors, micro_lock_citations};
pub use citations::resolve::Status as CitationStatus;
pub use citations::{PlacedCitation, cited_paths, plan_citations};
pub use code::analysis::{EXTRACTOR_VERSION, file_symbols};
pub use code::imports::model::{FileImports, ResolvedImport, Target as ImportTarget};
pub use code::imports::{ImportEdge, ImportGraph, file_imports, import_graph};
pub use code::lang::LanguageSpec;
pub use code::parallel::Cancelled;
pub use code::symbols::{FileSymbols, Symbol, SymbolKind};
pub use diagnostics::{Placed, Rule, Severity};
pub use drift::affected::{Affected, ChangedFile, affected, render_affected};
pub use drift::blocks::maps_blocks;
pub use drift::docs::{PLAN_COMMANDS, PLAN_GLOBAL_FLAGS};
pub use drift::render::{render_arch, undeclared_couplings};
pub use gate::{Gate, gate};
pub use globs::glob_match;
pub use ide::{
    PlanFix, PlanSymbol, PlanSymbolKind, accept_citation, citation_fix, plan_definition, plan_fixes,
    plan_references, plan_symbols,
};
pub use lints::{
    CITATION_CHANGED, RuleLevels, check_micro_plan, check_plan, rule, rules, suppressed_diagnostics,
};
pub use plan::micro::skeleton::micro_skeleton;
pub use plan::tracked::plan_outline;
pub use recon::{
    ReconRead, compile_ahead, recon_read, render_markdown as recon_markdown, to_json as recon_json,
    workspace_recon,
};
pub use render::{
    DagView, ReportDocument, SarifTool, Summary, dag_cycles, render_dag, render_github, render_json,
    render_sarif, render_text, summarize, unified_diff,
};
pub use status::{StatusRow, render_status, status_rows, validation_target};

use std::sync::atomic::AtomicBool;

use engine::{Db, SourceFile};

/// Which per-file queries [`extract_all`] computes for a file; each parse is memoized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerFile {
    /// [`file_symbols`], for `plan symbols` and what a plan cites.
    Symbols,
    /// What the recon reads of the file, for `plan build`, `plan recon` and `plan watch`.
    Recon,
    /// Both: a file the recon reads and the plan cites (two parses when the recon's leaves
    /// part of the file out).
    Both,
}

/// Computes each job's queries, all jobs in parallel (give the largest first: a worker
/// left with one large file at the end is time the other waits). `on_file_done` is called
/// once per job from the worker threads (for a progress bar). Returns `Err(Cancelled)` if
/// `cancel` was set or salsa cancelled the workers.
pub fn extract_all<D>(
    db: &D,
    jobs: &[(SourceFile, PerFile)],
    cancel: &AtomicBool,
    on_file_done: &(dyn Fn() + Sync),
) -> Result<(), Cancelled>
where
    D: Db + Clone + Send,
{
    let work = |db: &dyn Db, (file, what): (SourceFile, PerFile)| {
        if what != PerFile::Symbols {
            recon::prepare(db, file);
        }
        if what != PerFile::Recon {
            file_symbols(db, file);
        }
    };
    code::parallel::run_all(db, jobs, &work, cancel, on_file_done)
}
