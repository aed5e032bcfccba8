//! End-to-end tests of the `plan` binary on temporary repositories, and repository
//! hygiene checks. One integration binary, to save link time.

mod build;
mod cache;
mod check;
mod crash;
mod hostile;
mod integrations;
mod recon;
mod symbols;
mod tidy;
mod util;
mod watch;
