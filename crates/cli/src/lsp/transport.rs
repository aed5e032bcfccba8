//! The stdio transport: `Content-Length` framing on stdin and stdout, with the server on
//! the other end of an in-memory `lsp_server::Connection`. Unlike `Connection::stdio`, a
//! body that is not JSON, or not a JSON-RPC message, is answered with a `ParseError` or
//! `InvalidRequest` response and the server reads on; only the end of stdin, a broken
//! header or the `exit` notification stops the reader.

use std::io::{self, BufRead, Read, Write};
use std::thread::JoinHandle;

use lsp_server::{Connection, ErrorCode, Message};
use serde_json::{Value, json};

/// A message larger than this is refused (and skipped), not read into memory.
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// The server's end of the connection, and the writer thread to join at the end (so that
/// every response is flushed).
pub(crate) fn stdio() -> (Connection, JoinHandle<()>) {
    let (server, client) = Connection::memory();
    let Connection { sender, receiver } = client;
    std::thread::Builder::new()
        .name("lsp-reader".to_owned())
        .spawn(move || {
            let mut stdin = io::stdin().lock();
            while let Some(message) = read(&mut stdin) {
                let exit =
                    matches!(&message, Message::Notification(notification) if notification.method == "exit");
                if sender.send(message).is_err() || exit {
                    break;
                }
            }
        })
        .ok();
    let writer = std::thread::Builder::new()
        .name("lsp-writer".to_owned())
        .spawn(move || {
            for message in receiver {
                if message.write(&mut io::stdout().lock()).is_err() {
                    break;
                }
            }
        })
        .unwrap_or_else(|_| std::thread::spawn(|| ()));
    (server, writer)
}

/// The next message; a malformed one is answered here and skipped. `None` at the end of
/// the input or on a header that cannot be read.
fn read(input: &mut impl BufRead) -> Option<Message> {
    loop {
        let body = read_body(input)?;
        let value: Value = match serde_json::from_slice(&body) {
            Ok(value) => value,
            Err(error) => {
                respond_error(
                    Value::Null,
                    ErrorCode::ParseError,
                    &format!("the message is not JSON: {error}"),
                );
                continue;
            }
        };
        let id = value.get("id").cloned().unwrap_or(Value::Null);
        // `Message` takes any object with an `id` as a response: say what is wrong first.
        let method = value.get("method");
        let answers = value.get("result").is_some() || value.get("error").is_some();
        if method.is_some_and(|method| !method.is_string()) || (method.is_none() && !answers) {
            respond_error(
                id,
                ErrorCode::InvalidRequest,
                "a message needs a string `method`, or a `result` or `error`",
            );
            continue;
        }
        match serde_json::from_value::<Message>(value) {
            Ok(message) => return Some(message),
            Err(error) => {
                respond_error(
                    id,
                    ErrorCode::InvalidRequest,
                    &format!("not a JSON-RPC request or notification: {error}"),
                );
            }
        }
    }
}

/// One framed body: headers up to a blank line, then `Content-Length` bytes.
fn read_body(input: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length: Option<usize> = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok();
        }
    }
    let length = length?;
    if length > MAX_MESSAGE_BYTES {
        io::copy(&mut input.take(length as u64), &mut io::sink()).ok()?;
        respond_error(Value::Null, ErrorCode::InvalidRequest, "the message is too large");
        return read_body(input);
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    Some(body)
}

/// An error response written straight to stdout (its id may be `null`, which a
/// `lsp_server::Response` cannot hold).
fn respond_error(id: Value, code: ErrorCode, message: &str) {
    tracing::warn!("{message}");
    let body =
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": code as i32, "message": message}}).to_string();
    let mut stdout = io::stdout().lock();
    let _ = write!(stdout, "Content-Length: {}\r\n\r\n{body}", body.len());
    let _ = stdout.flush();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_skips_blank_lines_and_reads_any_header_case() {
        let mut input = io::Cursor::new(
            b"\r\ncontent-length: 2\r\nContent-Type: x\r\n\r\n{}Content-Length: 4\r\n\r\nnull".to_vec(),
        );
        assert_eq!(read_body(&mut input).as_deref(), Some(&b"{}"[..]));
        assert_eq!(read_body(&mut input).as_deref(), Some(&b"null"[..]));
        assert_eq!(read_body(&mut input), None);
    }
}
