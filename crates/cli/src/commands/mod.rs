//! One module per subcommand, each with a `run` function.

pub(crate) mod symbols;
