//! Code actions on the plan: per citation, the fix `plan build` would make (a moved
//! location rewritten, `UNVERIFIED` after a stale claim's citation) and accepting a changed
//! citation (`plan build --accept` for that one); a skeleton of a PR's missing fields; a
//! `Depends on` edge section I lacks; for the whole plan, `plan build` itself.
//! Edits to the plan go through the editor (its buffer is the plan); the lock is written by
//! the server, atomically.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Command, TextEdit, Url, WorkspaceEdit};
use queries::{BuildOptions, CitationStatus, PlacedCitation};

use crate::lsp::text;
use crate::lsp::world::World;

/// Commands the server runs (`workspace/executeCommand`).
pub(crate) const BUILD: &str = "plan.build";
pub(crate) const ACCEPT: &str = "plan.accept";
pub(crate) const COMMANDS: [&str; 2] = [BUILD, ACCEPT];

/// `textDocument/codeAction` for the plan's range `range`.
pub(crate) fn code_actions(world: &World, range: lsp_types::Range) -> Vec<CodeActionOrCommand> {
    let Some(uri) = world.plan_uri() else { return Vec::new() };
    let plan_text = world.plan_text();
    // Whole lines: an editor asks with the cursor, the citation may be anywhere on its line.
    let start = text::offset(&plan_text, lsp_types::Position::new(range.start.line, 0));
    let end = text::offset(&plan_text, lsp_types::Position::new(range.end.line, u32::MAX));
    let citations = queries::plan_citations(&world.db, world.plan, world.lock);
    let mut actions = Vec::new();
    for citation in
        citations.iter().filter(|citation| citation.range.start <= end && start <= citation.range.end)
    {
        actions.extend(citation_actions(&uri, &plan_text, citation));
    }
    for fix in queries::plan_fixes(&world.db, world.plan)
        .into_iter()
        .filter(|fix| fix.about.start <= end && start <= fix.about.end)
    {
        actions.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title,
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(plan_edit(&uri, &plan_text, fix.at..fix.at, &fix.text)),
            ..CodeAction::default()
        }));
    }
    actions.push(CodeActionOrCommand::CodeAction(CodeAction {
        title: "Refresh every citation and generated block (plan build)".to_owned(),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        command: Some(Command::new("plan build".to_owned(), BUILD.to_owned(), None)),
        ..CodeAction::default()
    }));
    actions
}

fn citation_actions(uri: &Url, plan_text: &str, citation: &PlacedCitation) -> Vec<CodeActionOrCommand> {
    let key = citation.site.key();
    let fix = queries::citation_fix(plan_text, citation);
    let edit = fix.as_ref().map(|(range, new_text)| plan_edit(uri, plan_text, range.clone(), new_text));
    let mut actions = Vec::new();
    match (citation.resolution.status, &fix) {
        (CitationStatus::Moved | CitationStatus::Fresh, Some((_, new_text))) => actions.push(CodeAction {
            title: format!("Rewrite `{key}` to `{new_text}` (the code moved)"),
            kind: Some(CodeActionKind::QUICKFIX),
            edit: edit.clone(),
            is_preferred: Some(true),
            ..CodeAction::default()
        }),
        (CitationStatus::Stale, Some(_)) => actions.push(CodeAction {
            title: format!("Mark the claim citing `{key}` UNVERIFIED (the code is gone)"),
            kind: Some(CodeActionKind::QUICKFIX),
            edit: edit.clone(),
            ..CodeAction::default()
        }),
        _ => {}
    }
    if citation.resolution.status == CitationStatus::Changed {
        let now = citation.resolution.location.as_ref().map_or(key.clone(), |location| location.key());
        actions.push(CodeAction {
            title: format!("Accept the changed code of `{now}` (plan build --accept, for this citation)"),
            kind: Some(CodeActionKind::QUICKFIX),
            edit,
            command: Some(Command::new("accept".to_owned(), ACCEPT.to_owned(), Some(vec![key.into()]))),
            is_preferred: Some(true),
            ..CodeAction::default()
        });
    }
    actions.into_iter().map(CodeActionOrCommand::CodeAction).collect()
}

/// One edit of the plan's buffer.
fn plan_edit(uri: &Url, plan_text: &str, range: std::ops::Range<usize>, new_text: &str) -> WorkspaceEdit {
    let edit = TextEdit::new(text::range(plan_text, range), new_text.to_owned());
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), vec![edit])])), ..WorkspaceEdit::default() }
}

/// `workspace/executeCommand`. Returns the edit of the plan's buffer to ask the editor for
/// (`workspace/applyEdit`), if any.
pub(crate) fn execute(
    world: &mut World,
    command: &str,
    arguments: &[serde_json::Value],
) -> anyhow::Result<Option<WorkspaceEdit>> {
    match command {
        BUILD => build(world),
        ACCEPT => {
            let key = arguments.first().and_then(|value| value.as_str()).unwrap_or_default();
            let citations = queries::plan_citations(&world.db, world.plan, world.lock);
            let citation = citations
                .iter()
                .find(|citation| citation.site.key() == key)
                .ok_or_else(|| anyhow::anyhow!("no citation `{key}` in the plan any more"))?;
            let lock = queries::accept_citation(&world.db, world.lock, citation)
                .ok_or_else(|| anyhow::anyhow!("`{key}` has no code to accept"))?;
            world.write_lock(&lock)?;
            Ok(None)
        }
        other => anyhow::bail!("unknown command `{other}` (the server runs {})", COMMANDS.join(", ")),
    }
}

/// `plan build` on the editor's buffer: the lock is written now; the plan, when open in
/// the editor, comes back as one edit of its buffer (else it is written too, first).
fn build(world: &mut World) -> anyhow::Result<Option<WorkspaceEdit>> {
    let options = BuildOptions { recon_budget: world.session.recon_budget(None), ..BuildOptions::default() };
    world.prepare_recon()?;
    let buffer = world.plan_text();
    let lock_before = world.lock.text(&world.db).clone();
    let first = queries::build(&world.db, world.plan, world.lock, options);
    let output = queries::settle(&mut world.db, &world.documents.display_path, first, options);
    // `settle` set the inputs to its output: the buffer stays the plan until the editor
    // applies the edit, and the lock is what the disk holds until written below.
    world.plan = world.db.set_plan(&world.documents.display_path, &buffer);
    world.lock = world.db.set_lock(&lock_before);
    if world.plan_version.is_none() {
        world.documents.write((*output.plan != *buffer).then_some(output.plan.as_str()), None)?;
        world.set_plan(&output.plan);
    }
    if **world.lock.text(&world.db) != *output.lock {
        world.write_lock(&output.lock)?;
    }
    if world.plan_version.is_none() || *output.plan == *buffer {
        return Ok(None);
    }
    let Some(uri) = world.plan_uri() else { return Ok(None) };
    // The smallest range that differs, so that the editor keeps the rest (and the cursor).
    let prefix = common_prefix(&buffer, &output.plan);
    let suffix = common_suffix(&buffer[prefix..], &output.plan[prefix..]);
    let range = prefix..buffer.len() - suffix;
    let new_text = &output.plan[prefix..output.plan.len() - suffix];
    Ok(Some(plan_edit(&uri, &buffer, range, new_text)))
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut length = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(length) {
        length -= 1;
    }
    length
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut length = a.bytes().rev().zip(b.bytes().rev()).take_while(|(x, y)| x == y).count();
    while !a.is_char_boundary(a.len() - length) || !b.is_char_boundary(b.len() - length) {
        length -= 1;
    }
    length
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_edit_is_the_smallest_differing_range() {
        let (a, b) = ("keep `a.rs:1` → keep", "keep `a.rs:12` → keep");
        let prefix = common_prefix(a, b);
        let suffix = common_suffix(&a[prefix..], &b[prefix..]);
        assert_eq!((&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]), ("", "2"));
        assert_eq!(common_suffix("é", "è"), 0);
    }
}
