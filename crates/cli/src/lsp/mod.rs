//! `plan lsp`: the plan as a live document in the editor. The protocol side lives here;
//! what is computed comes from `queries`, on the database `plan watch` uses.

mod actions;
mod capabilities;
mod complete;
mod diagnostics;
mod handlers;
mod navigate;
mod server;
mod text;
mod transport;
mod world;

pub(crate) use server::serve;
