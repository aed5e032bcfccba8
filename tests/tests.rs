//! End-to-end tests of the `plan` binary on temporary repositories, and repository
//! hygiene checks. One integration binary, to save link time.

mod affected;
mod build;
mod cache;
mod check;
mod crash;
mod gate;
mod hostile;
mod integrations;
mod lsp;
mod lsp_client;
mod micro;
mod recon;
mod recon_stability;
mod symbols;
mod tidy;
mod util;
mod watch;
mod watch_writes;
