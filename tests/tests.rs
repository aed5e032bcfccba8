//! End-to-end tests of the `plan` binary on temporary repositories, and repository
//! hygiene checks. One integration binary, to save link time.

mod build;
mod cache;
mod check;
mod gate;
mod integrations;
mod lsp;
mod lsp_client;
mod micro;
mod recon;
mod symbols;
mod tidy;
mod util;
mod watch;
