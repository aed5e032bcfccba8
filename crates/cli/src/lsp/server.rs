//! `plan lsp`: a language server over stdio (`lsp-server`'s synchronous connection and
//! messages, the crates rust-analyzer uses, with `lsp-types`; the framing is
//! `transport.rs`).
//!
//! One thread owns the database and handles every message in order. Diagnostics are
//! computed on a worker holding a clone of the database, once the messages waiting are
//! handled (edits arriving together make one computation); a newer edit sets an input,
//! which makes salsa unwind the worker, and the computation starts over. Changes on disk
//! come from the server's own watcher and from `workspace/didChangeWatchedFiles`. A panic
//! in a handler becomes an error response; the server stays up.

use std::panic::AssertUnwindSafe;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{PublishDiagnosticsParams, Url, notification, request};

use crate::args::GlobalArgs;
use crate::lsp::world::World;
use crate::lsp::{capabilities, diagnostics, handlers, transport};

/// How long the loop waits for a message before looking at the watcher.
const POLL: Duration = Duration::from_millis(20);

/// The same while diagnostics are computed, to publish them as soon as they are done.
const WORKER_POLL: Duration = Duration::from_millis(1);

/// The diagnostics being computed, and for which revision of the inputs.
struct Pending {
    generation: u64,
    version: Option<i32>,
    worker: JoinHandle<Option<Computed>>,
}

/// The plan's diagnostics, and each open micro-plan's with its URI and version.
type Computed = (Vec<lsp_types::Diagnostic>, Vec<(Url, i32, Vec<lsp_types::Diagnostic>)>);

struct Server {
    connection: Connection,
    world: World,
    watcher: Option<engine::watch::Watcher>,
    /// Bumped whenever an input changes.
    generation: u64,
    /// The generation whose diagnostics were published.
    published: Option<u64>,
    pending: Option<Pending>,
    next_request: i32,
}

/// Serves one client over stdio; `false` when it left without `shutdown`.
pub(crate) fn serve(global: &GlobalArgs) -> anyhow::Result<bool> {
    let (connection, writer) = transport::stdio();
    let (id, params) = connection.initialize_start()?;
    let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut global = global.clone();
    if global.root.is_none() {
        global.root = capabilities::root(&params);
    }
    let world = match World::load(&global) {
        Ok(world) => world,
        Err(error) => {
            let message = format!("plan lsp cannot start: {error:#}");
            connection
                .sender
                .send(Response::new_err(id, ErrorCode::RequestFailed as i32, message.clone()).into())?;
            anyhow::bail!(message);
        }
    };
    // Answered here rather than by `initialize_finish`, which fails on any message but
    // `initialized` next: `initialized` is then one more notification the loop ignores.
    let result = capabilities::initialize_result(capabilities::wants_inlay_hints(&params));
    connection.sender.send(Response::new_ok(id, result).into())?;
    // Watch after loading: the editor's own notifications cover the gap, and a missed
    // change is picked up at the next one of the same file.
    let watcher = engine::watch::Watcher::start(world.root(), Duration::from_millis(50))
        .map_err(|error| tracing::warn!("no file watcher ({error}); relying on the editor's notifications"))
        .ok();
    let mut server =
        Server { connection, world, watcher, generation: 0, published: None, pending: None, next_request: 0 };
    let ended = server.main_loop();
    let orderly = match ended {
        Ok(orderly) => orderly,
        Err(error) if error.is::<ClientGone>() => {
            // Nobody to answer; what the editor left is saved below all the same.
            tracing::debug!("the client went away");
            false
        }
        Err(error) => return Err(error),
    };
    server.world.finish();
    let Server { connection, .. } = server;
    drop(connection);
    // Every response written before the process ends.
    let _ = writer.join();
    Ok(orderly)
}

/// The client closed the connection: the server ends quietly.
#[derive(Debug)]
struct ClientGone;

impl std::fmt::Display for ClientGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the client closed the connection")
    }
}

impl std::error::Error for ClientGone {}

impl Server {
    fn send(&self, message: Message) -> anyhow::Result<()> {
        self.connection.sender.send(message).map_err(|_| anyhow::Error::new(ClientGone))
    }

    /// Serves until the client leaves: `true` when it asked for `shutdown` first, as the
    /// protocol wants (an `exit` without it ends the process with code 1).
    fn main_loop(&mut self) -> anyhow::Result<bool> {
        loop {
            // Due: look at once. Computing: look often, since a worker ending is no message.
            let wait = match (&self.pending, self.published == Some(self.generation)) {
                (Some(_), _) => WORKER_POLL,
                (None, false) => Duration::ZERO,
                (None, true) => POLL,
            };
            match self.connection.receiver.recv_timeout(wait) {
                Ok(Message::Request(request)) => {
                    match self.connection.handle_shutdown(&request) {
                        Ok(true) => return Ok(true),
                        Ok(false) => {}
                        // Shut down, and the client went away without `exit`.
                        Err(error) => {
                            tracing::debug!("after shutdown: {error}");
                            return Ok(true);
                        }
                    }
                    self.request(request)?;
                }
                Ok(Message::Notification(notification)) => {
                    if notification.method == notification::Exit::METHOD {
                        return Ok(false);
                    }
                    self.notification(notification);
                }
                Ok(Message::Response(_)) => {}
                Err(error) if error.is_disconnected() => return Ok(false),
                Err(_) => {}
            }
            if let Some(batch) =
                self.watcher.as_ref().and_then(|watcher| watcher.next_batch(Duration::ZERO).ok().flatten())
            {
                self.changed(|world| world.apply_disk(&batch));
            }
            self.diagnostics()?;
        }
    }

    /// Runs `change` on the world; a change of an input starts a new generation.
    fn changed(&mut self, change: impl FnOnce(&mut World) -> bool) {
        if change(&mut self.world) {
            self.generation += 1;
        }
    }

    /// Publishes finished diagnostics, and starts a computation when the inputs changed
    /// and no message is waiting.
    fn diagnostics(&mut self) -> anyhow::Result<()> {
        if self.pending.as_ref().is_some_and(|pending| pending.worker.is_finished()) {
            let Some(pending) = self.pending.take() else { return Ok(()) };
            let result = pending.worker.join().ok().flatten();
            match result {
                _ if pending.generation != self.generation => {}
                Some(diagnostics) => {
                    self.publish(diagnostics, pending.version)?;
                    self.published = Some(pending.generation);
                }
                // Not cancelled (the inputs are those it started from): it panicked. Trying
                // again would panic again; the next edit tries.
                None => {
                    tracing::error!("computing the diagnostics failed (a bug: see the log above)");
                    self.published = Some(pending.generation);
                }
            }
        }
        if self.pending.is_some()
            || self.published == Some(self.generation)
            || !self.connection.receiver.is_empty()
        {
            return Ok(());
        }
        let db = self.world.db.clone();
        let (plan, lock) = (self.world.plan, self.world.lock);
        let levels = self.world.session.config.rules.clone();
        let root = self.world.root().to_path_buf();
        let micros = self.world.open_micro_inputs();
        let worker = std::thread::spawn(move || {
            let computed = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let micros = micros.into_iter().map(|(uri, version, micro, micro_lock)| {
                    (uri, version, diagnostics::compute_micro(&db, (micro, micro_lock), plan, &levels, &root))
                });
                (diagnostics::compute(&db, plan, lock, &levels, &root), micros.collect())
            }));
            computed.ok()
        });
        self.pending =
            Some(Pending { generation: self.generation, version: self.world.plan_version, worker });
        Ok(())
    }

    /// Publishes the plan's diagnostics, each open micro-plan's, and none for the
    /// micro-plans closed since (which clears them in the editor).
    fn publish(&mut self, (diagnostics, micros): Computed, version: Option<i32>) -> anyhow::Result<()> {
        for path in std::mem::take(&mut self.world.closed_micros) {
            if let Some(uri) = self.world.uri(&path) {
                self.publish_one(uri, Vec::new(), None)?;
            }
        }
        for (uri, version, diagnostics) in micros {
            self.publish_one(uri, diagnostics, Some(version))?;
        }
        let Some(uri) = self.world.plan_uri().filter(|_| self.world.has_plan()) else { return Ok(()) };
        self.publish_one(uri, diagnostics, version)
    }

    fn publish_one(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> anyhow::Result<()> {
        let params = PublishDiagnosticsParams { uri, diagnostics, version };
        let notification = Notification::new(notification::PublishDiagnostics::METHOD.to_owned(), params);
        self.send(notification.into())?;
        Ok(())
    }

    fn notification(&mut self, notification: Notification) {
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
            handlers::notification(&mut self.world, notification)
        }));
        match outcome {
            Ok(true) => self.generation += 1,
            Ok(false) => {}
            Err(_) => tracing::error!("a notification handler panicked; the server goes on"),
        }
    }

    fn request(&mut self, request: Request) -> anyhow::Result<()> {
        let id = request.id.clone();
        let command = request.method == request::ExecuteCommand::METHOD;
        let outcome =
            std::panic::catch_unwind(AssertUnwindSafe(|| handlers::request(&mut self.world, request)));
        let response = match outcome {
            Ok(Ok(handlers::Reply::Value(value))) => Response::new_ok(id, value),
            Ok(Ok(handlers::Reply::ApplyEdit(edit))) => {
                self.apply_edit(edit)?;
                Response::new_ok(id, serde_json::Value::Null)
            }
            Ok(Err(handlers::Failure(code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "plan lsp failed on this request (a bug: see its log)".to_owned(),
            ),
        };
        if command {
            // A command may have written the lock or the plan: publish again.
            self.generation += 1;
        }
        self.send(response.into())?;
        Ok(())
    }

    /// Asks the editor to apply an edit to the plan's buffer (`workspace/applyEdit`).
    fn apply_edit(&mut self, edit: lsp_types::WorkspaceEdit) -> anyhow::Result<()> {
        self.next_request += 1;
        let params = lsp_types::ApplyWorkspaceEditParams { label: Some("plan build".to_owned()), edit };
        let request = Request::new(
            RequestId::from(self.next_request),
            request::ApplyWorkspaceEdit::METHOD.to_owned(),
            params,
        );
        self.send(request.into())?;
        Ok(())
    }
}
