//! One module per subcommand, each with a `run` function.

pub(crate) mod affected;
pub(crate) mod arch;
pub(crate) mod build;
pub(crate) mod dag;
pub(crate) mod explain;
pub(crate) mod guard;
pub(crate) mod init;
pub(crate) mod lsp;
pub(crate) mod micro;
pub(crate) mod micro_build;
pub(crate) mod recon;
pub(crate) mod shell;
pub(crate) mod symbols;
pub(crate) mod validate;
pub(crate) mod watch;
