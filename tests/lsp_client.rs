//! A small JSON-RPC client for `plan lsp` over stdio, for the end-to-end tests: framing
//! (`Content-Length`), request ids, and the server's own requests (`workspace/applyEdit`
//! is applied by recording it and answering `applied`).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Liveness bound for one expected message, not a performance assertion.
const PATIENCE: Duration = Duration::from_secs(60);

pub(crate) struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
    /// Notifications from the server not yet looked at.
    pub(crate) notifications: Vec<Value>,
    /// Edits the server asked the editor to apply.
    pub(crate) applied_edits: Vec<Value>,
}

impl Client {
    /// Starts the server `command` runs (its stdin and stdout become the connection).
    pub(crate) fn spawn(mut command: Command) -> Client {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("plan lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, messages, next_id: 0, notifications: Vec::new(), applied_edits: Vec::new() }
    }

    /// `initialize` with `root` as the workspace, then `initialized`.
    pub(crate) fn initialize(&mut self, root: &Path) {
        let result =
            self.request("initialize", json!({"processId": null, "rootUri": uri(root), "capabilities": {}}));
        assert!(result["capabilities"]["hoverProvider"] == json!(true), "{result}");
        self.notify("initialized", json!({}));
    }

    /// The server's process id (for `benches/lsp.rs`).
    #[allow(dead_code)]
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    /// Sends `body` framed as it is, JSON or not.
    pub(crate) fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("the server reads");
        self.stdin.flush().expect("the server reads");
    }

    /// The next message matching `predicate` (others are handled as usual).
    pub(crate) fn message_where(&mut self, predicate: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.next_message();
            if predicate(&message) {
                return message;
            }
        }
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response: the `result`, or `{"error": …}`.
    pub(crate) fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.next_message();
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return match message.get("error") {
                    Some(error) => json!({ "error": error }),
                    None => message["result"].clone(),
                };
            }
        }
    }

    /// The next message; server requests and notifications are handled on the way.
    fn next_message(&mut self) -> Value {
        let message = self.messages.recv_timeout(PATIENCE).expect("the server answers");
        match (message.get("method").and_then(Value::as_str), message.get("id")) {
            (Some("workspace/applyEdit"), Some(id)) => {
                self.applied_edits.push(message["params"]["edit"].clone());
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": {"applied": true}}));
            }
            (Some(_), Some(id)) => {
                let id = id.clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
            }
            (Some(_), None) => self.notifications.push(message.clone()),
            _ => {}
        }
        message
    }

    /// Waits for published diagnostics matching `predicate`; returns them.
    pub(crate) fn diagnostics_where(&mut self, predicate: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let found = self
                .notifications
                .drain(..)
                .filter(|n| n["method"] == "textDocument/publishDiagnostics")
                .map(|n| n["params"].clone())
                .filter(|params| predicate(params))
                .last();
            if let Some(params) = found {
                return params;
            }
            assert!(Instant::now() < deadline, "no such diagnostics were published");
            self.next_message();
        }
    }

    /// `shutdown`, then `exit`; returns the exit code.
    pub(crate) fn shutdown(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().expect("plan lsp exits").code().unwrap_or(-1)
    }
}

impl Client {
    /// `exit` without `shutdown` first; returns the exit code.
    pub(crate) fn exit_without_shutdown(mut self) -> i32 {
        self.notify("exit", Value::Null);
        self.child.wait().expect("plan lsp exits").code().unwrap_or(-1)
    }
}

pub(crate) fn uri(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or(path.to_path_buf());
    format!("file://{}", path.display())
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}
