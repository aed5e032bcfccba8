//! The incremental core of `plan`.
//!
//! `engine` owns the salsa database and its inputs: one [`SourceFile`] per path of the
//! repository and one [`Workspace`] holding the file list. It loads a repository from disk
//! ([`load`]), applies batches of file-system changes to the inputs ([`ChangeEvent`]), and
//! records which queries re-executed when asked to ([`Database::with_event_log`]).
//!
//! It knows nothing about plans, Markdown or tree-sitter: everything derived lives in
//! `queries`.

pub mod cache;
mod changes;
mod db;
mod inputs;
mod interrupt;
pub mod load;
pub mod regular;
pub mod watch;
pub mod write;

pub use cache::{BuildStamp, CacheKey, FactCache};
pub use changes::{ChangeEvent, ChangeSummary};
pub use db::{Database, Db};
pub use inputs::{
    FileContents, LockFile, PlanFile, Problem, RelPath, SkipReason, SourceFile, Workspace, paths_below,
};
pub use interrupt::Interrupt;
pub use load::{LoadConfig, LoadError};

/// Re-exported so that downstream crates name the same salsa the inputs were built with.
pub use salsa;
