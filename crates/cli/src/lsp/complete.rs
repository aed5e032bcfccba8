//! Completion in the plan: inside a citation, the paths of the tree one directory at a
//! time, then after `path:` the symbols of that file with their lines (`Store::get 40-58`
//! inserts `40-58`); PR ids where a PR is named (`PR…`, and anything in section I).

use engine::{Db, FileContents};
use lsp_types::{CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, Position, TextEdit};
use queries::PlanSymbolKind;

use crate::lsp::text;
use crate::lsp::world::World;

/// At most this many paths are offered at once; the list says it is incomplete beyond.
const MAX_PATHS: usize = 200;

/// The characters that end a citation token (as the plan's reader splits them).
fn is_separator(character: char) -> bool {
    character.is_whitespace()
        || matches!(character, '`' | '(' | ')' | '[' | ']' | '<' | '>' | '|' | '"' | '\'' | ',' | ';' | '*')
}

pub(crate) fn completion(world: &World, position: Position) -> CompletionList {
    let plan_text = world.plan_text();
    let offset = text::offset(&plan_text, position);
    let token_start = plan_text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| !is_separator(*c))
        .last()
        .map_or(offset, |(at, _)| at);
    let token = &plan_text[token_start..offset];
    let after_backtick = plan_text[..token_start].ends_with('`');
    let edit_from = |start: usize| text::range(&plan_text, start..offset);
    let in_dag = queries::plan_outline(&world.db, world.plan)
        .sections
        .iter()
        .any(|span| span.id.letter() == 'I' && span.range.contains(&offset));
    if token.to_ascii_uppercase().starts_with("PR") || (in_dag && token.is_empty()) {
        return complete(pr_items(world, edit_from(token_start)), false);
    }
    if let Some((path, _)) = token.rsplit_once(':') {
        let colon = token_start + path.len() + 1;
        return complete(symbol_items(world, path, edit_from(colon)), false);
    }
    if token.contains('/') || (after_backtick && !token.is_empty()) {
        let (items, incomplete) = path_items(world, token, edit_from(token_start));
        return complete(items, incomplete);
    }
    complete(Vec::new(), false)
}

fn complete(items: Vec<CompletionItem>, is_incomplete: bool) -> CompletionList {
    CompletionList { is_incomplete, items }
}

fn item(label: String, kind: CompletionItemKind, range: lsp_types::Range, insert: String) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
        ..CompletionItem::default()
    }
}

/// Files under the typed prefix, completed to the next `/`: directories once each.
fn path_items(world: &World, prefix: &str, range: lsp_types::Range) -> (Vec<CompletionItem>, bool) {
    let db = &world.db;
    let files = db.workspace().files(db);
    // The list is sorted by path: start at the prefix, stop past it.
    let first = files.partition_point(|file| file.path(db).as_str() < prefix);
    let mut items: Vec<CompletionItem> = Vec::new();
    for file in files[first..].iter() {
        let path = file.path(db).as_str();
        let Some(rest) = path.strip_prefix(prefix) else { break };
        if matches!(file.contents(db), FileContents::Missing) {
            continue;
        }
        let (label, kind) = match rest.find('/') {
            Some(slash) => (format!("{prefix}{}", &rest[..=slash]), CompletionItemKind::FOLDER),
            None => (path.to_owned(), CompletionItemKind::FILE),
        };
        if items.last().is_some_and(|last| last.label == label) {
            continue;
        }
        if items.len() == MAX_PATHS {
            return (items, true);
        }
        items.push(item(label.clone(), kind, range, label));
    }
    (items, false)
}

/// The symbols of the file at `path`: `Store::get 40-58`, inserting `40-58`.
fn symbol_items(world: &World, path: &str, range: lsp_types::Range) -> Vec<CompletionItem> {
    let Some(file) = engine::RelPath::new(path).and_then(|relative| world.db.file(&relative)) else {
        return Vec::new();
    };
    queries::file_symbols(&world.db, file)
        .symbols
        .iter()
        .enumerate()
        .map(|(index, symbol)| {
            let lines = if symbol.start == symbol.end {
                symbol.start.to_string()
            } else {
                format!("{}-{}", symbol.start, symbol.end)
            };
            let mut completion = item(
                format!("{} {lines}", symbol.qualified_name),
                CompletionItemKind::REFERENCE,
                range,
                lines.clone(),
            );
            completion.detail = Some(symbol.kind.as_str().to_owned());
            completion.filter_text = Some(format!("{lines} {}", symbol.qualified_name));
            completion.sort_text = Some(format!("{index:06}"));
            completion
        })
        .collect()
}

/// The PRs of section H, with their titles.
fn pr_items(world: &World, range: lsp_types::Range) -> Vec<CompletionItem> {
    queries::plan_symbols(&world.db, world.plan)
        .iter()
        .flat_map(|section| section.children.iter())
        .filter(|symbol| symbol.kind == PlanSymbolKind::Pr)
        .map(|pr| {
            let mut completion = item(pr.name.clone(), CompletionItemKind::MODULE, range, pr.name.clone());
            completion.detail = Some(pr.detail.clone());
            completion
        })
        .collect()
}
