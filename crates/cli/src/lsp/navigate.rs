//! Reading the plan in the editor: go to a citation's code (or a PR's, a block's or a
//! contract's definition), hover a citation for its status and code, the outline, and a
//! link per citation for clients without go-to-definition.

use std::fmt::Write;

use lsp_types::{
    DocumentLink, DocumentSymbol, Hover, HoverContents, InlayHint, InlayHintLabel, InlayHintTooltip,
    Location, MarkupContent, MarkupKind, Position, SymbolKind,
};
use queries::{CitationStatus, PlacedCitation, PlanSymbol, PlanSymbolKind};

use crate::lsp::text;
use crate::lsp::world::World;

/// At most this many lines of cited code in a hover.
const HOVER_LINES: u32 = 12;

/// The citation of the plan at `position`, with its resolution.
pub(crate) fn citation_at(world: &World, position: Position) -> Option<PlacedCitation> {
    let offset = text::offset(&world.plan_text(), position);
    queries::plan_citations(&world.db, world.plan, world.lock)
        .into_iter()
        .find(|citation| citation.range.start <= offset && offset <= citation.range.end)
}

/// Where a citation's code is: where it is now when it was found, else as written.
fn target(citation: &PlacedCitation) -> (String, u32, u32) {
    match &citation.resolution.location {
        Some(location) => (location.path.clone(), location.start, location.end),
        None => {
            let written = &citation.site.citation;
            (written.path.clone(), written.start, written.end)
        }
    }
}

fn code_location(world: &World, citation: &PlacedCitation) -> Option<Location> {
    let (path, start, end) = target(citation);
    let file_text = world.file_text(&path)?;
    Some(Location::new(world.uri(&path)?, text::line_range(&file_text, start, end)))
}

/// `textDocument/definition` in the plan.
pub(crate) fn definition(world: &World, position: Position) -> Option<Location> {
    if let Some(citation) = citation_at(world, position) {
        return code_location(world, &citation);
    }
    let plan_text = world.plan_text();
    let offset = text::offset(&plan_text, position);
    let symbol = queries::plan_definition(&world.db, world.plan, offset)?;
    Some(Location::new(world.plan_uri()?, text::range(&plan_text, symbol.selection)))
}

/// `textDocument/references` on a PR id, a contract id or a block's name.
pub(crate) fn references(world: &World, position: Position) -> Vec<Location> {
    let plan_text = world.plan_text();
    let Some(uri) = world.plan_uri() else { return Vec::new() };
    let offset = text::offset(&plan_text, position);
    queries::plan_references(&world.db, world.plan, offset)
        .into_iter()
        .map(|range| Location::new(uri.clone(), text::range(&plan_text, range)))
        .collect()
}

/// `textDocument/hover` on a citation: its status, where it moved, why it is stale or
/// invalid, and the cited code with its enclosing symbol.
pub(crate) fn hover(world: &World, position: Position) -> Option<Hover> {
    let citation = citation_at(world, position)?;
    let resolution = &citation.resolution;
    let mut markdown = format!("**{}** citation `{}`", resolution.status.as_str(), citation.site.key());
    if let Some(location) = &resolution.location
        && location.key() != citation.site.key()
    {
        let _ = write!(markdown, " → now `{}`", location.key());
    }
    if let Some(reason) = &resolution.reason {
        let _ = write!(markdown, "\n\n{reason}");
    }
    let advice = match resolution.status {
        CitationStatus::Fresh => "",
        CitationStatus::Moved => "\n\n`plan build` rewrites the location.",
        CitationStatus::Changed => "\n\nReview the claim, then accept it (`plan build --accept`).",
        CitationStatus::Stale => "\n\nThe claim is marked UNVERIFIED by `plan build`.",
        CitationStatus::Invalid => "\n\nFix the path or the lines.",
    };
    markdown.push_str(advice);
    let (path, start, end) = target(&citation);
    if let Some(code) = world.file_text(&path).filter(|_| resolution.status != CitationStatus::Invalid) {
        code_block(world, &mut markdown, &path, &code, start, end);
    }
    let plan_text = world.plan_text();
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown }),
        range: Some(text::range(&plan_text, citation.range)),
    })
}

/// `textDocument/hover` in a source file: the plan's claims that cite this line.
pub(crate) fn source_hover(world: &World, path: &str, position: Position) -> Option<Hover> {
    let line = position.line + 1;
    let plan_text = world.plan_text();
    let citations = queries::plan_citations(&world.db, world.plan, world.lock);
    let citing: Vec<String> = citations
        .iter()
        .filter(|citation| {
            let (cited, start, end) = target(citation);
            cited == path && start <= line && line <= end
        })
        .map(|citation| {
            let claim = plan_text.get(citation.claim.clone()).unwrap_or_default();
            let claim: String = claim.lines().next().unwrap_or_default().trim().chars().take(160).collect();
            format!(
                "- {}:{} ({}): {claim}",
                world.documents.display_path,
                citation.line,
                citation.resolution.status.as_str()
            )
        })
        .collect();
    if citing.is_empty() {
        return None;
    }
    let value = format!("Cited by the plan:\n\n{}", citing.join("\n"));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value }),
        range: None,
    })
}

/// The enclosing symbol's name, then up to [`HOVER_LINES`] of the cited lines, fenced.
fn code_block(world: &World, markdown: &mut String, path: &str, code: &str, start: u32, end: u32) {
    let file = engine::RelPath::new(path).and_then(|relative| world.db.file(&relative));
    let symbols = file.map(|file| queries::file_symbols(&world.db, file));
    let enclosing = symbols
        .iter()
        .flat_map(|symbols| symbols.symbols.iter())
        .filter(|symbol| symbol.start <= start && end <= symbol.end)
        .min_by_key(|symbol| symbol.end - symbol.start);
    if let Some(symbol) = enclosing {
        let _ = write!(
            markdown,
            "\n\nIn {} `{}` ({path}:{}-{})",
            symbol.kind.as_str(),
            symbol.qualified_name,
            symbol.start,
            symbol.end
        );
    }
    let language = queries::LanguageSpec::for_path(path).map_or("", |spec| spec.id);
    let last = end.min(start.saturating_add(HOVER_LINES - 1));
    let count = (last + 1).saturating_sub(start.max(1)) as usize;
    let lines: Vec<&str> = code.lines().skip(start.saturating_sub(1) as usize).take(count).collect();
    let fence = if lines.iter().any(|line| line.contains("```")) { "~~~~" } else { "```" };
    let _ = write!(markdown, "\n\n{fence}{language}\n{}\n{fence}", lines.join("\n"));
    if last < end {
        let _ = write!(markdown, "\n… {} more lines", end - last);
    }
}

/// `textDocument/documentSymbol`: sections, blocks, risks, PRs and contracts.
pub(crate) fn symbols(world: &World) -> Vec<DocumentSymbol> {
    let plan_text = world.plan_text();
    queries::plan_symbols(&world.db, world.plan)
        .into_iter()
        .map(|symbol| document_symbol(&plan_text, symbol))
        .collect()
}

#[allow(deprecated)] // `deprecated` is a required field of the type.
fn document_symbol(plan_text: &str, symbol: PlanSymbol) -> DocumentSymbol {
    let kind = match symbol.kind {
        PlanSymbolKind::Section => SymbolKind::NAMESPACE,
        PlanSymbolKind::Block => SymbolKind::CLASS,
        PlanSymbolKind::Risk => SymbolKind::EVENT,
        PlanSymbolKind::Pr => SymbolKind::MODULE,
        PlanSymbolKind::Contract => SymbolKind::INTERFACE,
    };
    let range = text::range(plan_text, symbol.range.clone());
    // The protocol wants the selection inside the range.
    let start = symbol.selection.start.clamp(symbol.range.start, symbol.range.end);
    let mut end = symbol.selection.end.clamp(start, symbol.range.end);
    while end > start && plan_text.get(..end).is_some_and(|head| head.ends_with(['\n', '\r'])) {
        end -= 1;
    }
    let selection = text::range(plan_text, start..end);
    let children: Vec<DocumentSymbol> =
        symbol.children.into_iter().map(|child| document_symbol(plan_text, child)).collect();
    DocumentSymbol {
        name: symbol.name,
        detail: (!symbol.detail.is_empty()).then_some(symbol.detail),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    }
}

/// `textDocument/inlayHint` (when the editor asked for them at `initialize`): each
/// citation's status after it, and where a moved one points now.
pub(crate) fn inlay_hints(world: &World, range: lsp_types::Range) -> Vec<InlayHint> {
    let plan_text = world.plan_text();
    let (start, end) = (text::offset(&plan_text, range.start), text::offset(&plan_text, range.end));
    queries::plan_citations(&world.db, world.plan, world.lock)
        .iter()
        .filter(|citation| start <= citation.range.end && citation.range.start <= end)
        .map(|citation| {
            let resolution = &citation.resolution;
            let mut label = resolution.status.as_str().to_owned();
            if let Some(location) = &resolution.location
                && location.key() != citation.site.key()
            {
                label = format!("{label} → {}", location.key());
            }
            InlayHint {
                position: text::position(&plan_text, citation.range.end),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: resolution.reason.clone().map(InlayHintTooltip::String),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            }
        })
        .collect()
}

/// `textDocument/documentLink`: every citation whose code exists, linked to its lines.
pub(crate) fn links(world: &World) -> Vec<DocumentLink> {
    let plan_text = world.plan_text();
    queries::plan_citations(&world.db, world.plan, world.lock)
        .iter()
        .filter_map(|citation| {
            let location = code_location(world, citation)?;
            let mut target = location.uri;
            target.set_fragment(Some(&format!("L{}", location.range.start.line + 1)));
            Some(DocumentLink {
                range: text::range(&plan_text, citation.range.clone()),
                target: Some(target),
                tooltip: Some(format!("{} ({})", citation.site.key(), citation.resolution.status.as_str())),
                data: None,
            })
        })
        .collect()
}
