//! One module per subcommand, each with a `run` function.

pub(crate) mod check;
pub(crate) mod dag;
pub(crate) mod explain;
pub(crate) mod symbols;
