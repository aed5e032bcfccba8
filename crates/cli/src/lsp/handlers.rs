//! One function per method: the parameters read, the answer computed on the world. A
//! request about a document other than the plan gets an empty answer; bad parameters get
//! `InvalidParams`, an unknown method `MethodNotFound`.

use lsp_server::{ErrorCode, Notification, Request};
use lsp_types::notification::{self, Notification as _};
use lsp_types::request::{self, Request as _};
use lsp_types::{TextDocumentPositionParams, Url, WorkspaceEdit};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::lsp::world::{Target, World};
use crate::lsp::{actions, complete, navigate};

pub(crate) enum Reply {
    Value(Value),
    /// Ask the editor to apply this edit, then answer `null`.
    ApplyEdit(WorkspaceEdit),
}

/// An error response: its code and message.
pub(crate) struct Failure(pub(crate) ErrorCode, pub(crate) String);

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params)
        .map_err(|error| Failure(ErrorCode::InvalidParams, format!("invalid parameters: {error}")))
}

fn reply(value: impl serde::Serialize) -> Result<Reply, Failure> {
    serde_json::to_value(value)
        .map(Reply::Value)
        .map_err(|error| Failure(ErrorCode::InternalError, error.to_string()))
}

fn is_plan(world: &World, uri: &Url) -> bool {
    world.target(uri) == Target::Plan
}

pub(crate) fn request(world: &mut World, request: Request) -> Result<Reply, Failure> {
    let Request { method, params, .. } = request;
    let at = |params: &TextDocumentPositionParams| params.position;
    match method.as_str() {
        request::GotoDefinition::METHOD => {
            let params: lsp_types::GotoDefinitionParams = parse(params)?;
            let position = &params.text_document_position_params;
            if !is_plan(world, &position.text_document.uri) {
                return reply(Value::Null);
            }
            reply(navigate::definition(world, at(position)).map(lsp_types::GotoDefinitionResponse::Scalar))
        }
        request::References::METHOD => {
            let params: lsp_types::ReferenceParams = parse(params)?;
            let position = &params.text_document_position;
            if !is_plan(world, &position.text_document.uri) {
                return reply(Value::Null);
            }
            reply(navigate::references(world, at(position)))
        }
        request::HoverRequest::METHOD => {
            let params: lsp_types::HoverParams = parse(params)?;
            let position = &params.text_document_position_params;
            match world.target(&position.text_document.uri) {
                Target::Plan => reply(navigate::hover(world, at(position))),
                Target::Source(path) => reply(navigate::source_hover(world, path.as_str(), at(position))),
                Target::Lock | Target::Micro(_) | Target::Elsewhere => reply(Value::Null),
            }
        }
        request::Completion::METHOD => {
            let params: lsp_types::CompletionParams = parse(params)?;
            let position = &params.text_document_position;
            if !is_plan(world, &position.text_document.uri) {
                return reply(Value::Null);
            }
            reply(complete::completion(world, at(position)))
        }
        request::DocumentSymbolRequest::METHOD => {
            let params: lsp_types::DocumentSymbolParams = parse(params)?;
            if !is_plan(world, &params.text_document.uri) {
                return reply(Value::Null);
            }
            reply(lsp_types::DocumentSymbolResponse::Nested(navigate::symbols(world)))
        }
        request::InlayHintRequest::METHOD => {
            let params: lsp_types::InlayHintParams = parse(params)?;
            if !is_plan(world, &params.text_document.uri) {
                return reply(Value::Null);
            }
            reply(navigate::inlay_hints(world, params.range))
        }
        request::DocumentLinkRequest::METHOD => {
            let params: lsp_types::DocumentLinkParams = parse(params)?;
            if !is_plan(world, &params.text_document.uri) {
                return reply(Value::Null);
            }
            reply(navigate::links(world))
        }
        request::CodeActionRequest::METHOD => {
            let params: lsp_types::CodeActionParams = parse(params)?;
            if !is_plan(world, &params.text_document.uri) {
                return reply(Value::Null);
            }
            reply(actions::code_actions(world, params.range))
        }
        request::ExecuteCommand::METHOD => {
            let params: lsp_types::ExecuteCommandParams = parse(params)?;
            match actions::execute(world, &params.command, &params.arguments) {
                Ok(Some(edit)) => Ok(Reply::ApplyEdit(edit)),
                Ok(None) => reply(Value::Null),
                Err(error) => Err(Failure(ErrorCode::RequestFailed, format!("{error:#}"))),
            }
        }
        // Tests only: a handler that panics, to show that the server answers and goes on.
        #[cfg(any(debug_assertions, feature = "test-hooks"))]
        "plan/testPanic" => std::panic::resume_unwind(Box::new("plan/testPanic: a panic on purpose")),
        other => Err(Failure(ErrorCode::MethodNotFound, format!("plan lsp does not handle `{other}`"))),
    }
}

/// Handles a notification; returns whether an input changed.
pub(crate) fn notification(world: &mut World, notification: Notification) -> bool {
    let Notification { method, params } = notification;
    match method.as_str() {
        notification::DidOpenTextDocument::METHOD => {
            let Ok(params) = parse::<lsp_types::DidOpenTextDocumentParams>(params) else { return false };
            let document = params.text_document;
            world.open(&document.uri, document.version, &document.text)
        }
        notification::DidChangeTextDocument::METHOD => {
            let Ok(params) = parse::<lsp_types::DidChangeTextDocumentParams>(params) else { return false };
            world.change(&params.text_document.uri, params.text_document.version, params.content_changes)
        }
        notification::DidCloseTextDocument::METHOD => {
            let Ok(params) = parse::<lsp_types::DidCloseTextDocumentParams>(params) else { return false };
            world.close(&params.text_document.uri)
        }
        notification::DidChangeWatchedFiles::METHOD => {
            let Ok(params) = parse::<lsp_types::DidChangeWatchedFilesParams>(params) else { return false };
            let batch: Vec<engine::ChangeEvent> = params
                .changes
                .iter()
                .filter_map(|event| change_event(&event.uri, event.typ == lsp_types::FileChangeType::DELETED))
                .collect();
            world.apply_disk(&batch)
        }
        _ => false,
    }
}

/// A file event from the editor, in engine terms.
fn change_event(uri: &Url, deleted: bool) -> Option<engine::ChangeEvent> {
    let path = uri.to_file_path().ok()?;
    Some(if deleted { engine::ChangeEvent::Removed(path) } else { engine::ChangeEvent::Changed(path) })
}
