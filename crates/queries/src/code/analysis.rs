//! One parse per file: the tags, imports and facts queries run in one walk of the tree,
//! giving an [`Analysis`] that [`file_symbols`] and [`file_facts`] project out of, so that
//! each backdates on its own. Also the fact-cache codec ([`EXTRACTOR_VERSION`] keys it)
//! and recovery after top-level syntax errors ([`parse_region`]).

use std::cell::RefCell;

use engine::{Db, SourceFile};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Parser, QueryCursor};

use crate::code::facts::{self, Fact, FileFacts};
use crate::code::family::Family;
use crate::code::lang::{Compiled, LanguageSpec, PatternKind, PreParse};
#[cfg(doc)]
use crate::code::references::MAX_REFERENCES;
use crate::code::references::{Start, Walk, walk};
use crate::code::symbols::{
    FileSymbols, LOCAL_BLOCKS, MAX_REPORTED_SYNTAX_ERRORS, RawDefinition, collapse_whitespace, definition_of,
    symbols_of,
};

/// Symbols and facts of one file, from one parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Analysis {
    pub symbols: FileSymbols,
    pub facts: FileFacts,
    /// Type-like names the file's code uses and how often, for ranking the types the rest
    /// of the code refers to (`references::walk`). At most [`MAX_REFERENCES`] names, sorted.
    pub references: Vec<(String, u32)>,
}

/// Parses `file` once for both [`file_symbols`] and [`file_facts`], which project out of it
/// so that each backdates on its own.
#[salsa::tracked(returns(ref))]
pub(crate) fn analyze(db: &dyn Db, file: SourceFile) -> Analysis {
    let _span = tracing::trace_span!("analyze", path = %file.path(db)).entered();
    analyze_file(db, file, b"", analyze_text)
}

/// `analyze` of `file`'s text through the fact cache, under the cache key part `kind`
/// (one per kind of analysis); empty for a file of no language or without text.
fn analyze_file(
    db: &dyn Db,
    file: SourceFile,
    kind: &[u8],
    analyze: impl FnOnce(&LanguageSpec, &str) -> Analysis,
) -> Analysis {
    let Some(spec) = LanguageSpec::for_path(file.path(db).as_str()) else { return Analysis::default() };
    let Some(text) = file.contents(db).text() else { return Analysis::failed(spec, None) };
    match db.fact_cache() {
        Some(cache) => cached_analysis(cache, kind, spec, text, analyze),
        None => analyze(spec, text),
    }
}

impl Analysis {
    /// Nothing found in a file of `spec`'s language, and why when it is `plan`'s fault.
    fn failed(spec: &LanguageSpec, internal_error: Option<String>) -> Analysis {
        let symbols = FileSymbols { language: Some(spec.id), internal_error, ..FileSymbols::default() };
        Analysis { symbols, ..Analysis::default() }
    }
}

/// The version of the extractor: the cache written by any other is discarded.
pub const EXTRACTOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("PLAN_EXTRACTOR_HASH"));

fn bincode_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ 64 << 20 }>()
}

/// `analyze` (`analyze_text` or `peripheral::analyze_lexically`) through the fact cache.
/// The key is the analysis (`kind`: empty for the whole one), the language and the
/// bytes, so a hit is exactly what analysing would give; an entry that does not decode is
/// dropped and the text analysed again.
fn cached_analysis(
    cache: &engine::FactCache,
    kind: &[u8],
    spec: &LanguageSpec,
    text: &str,
    analyze: impl FnOnce(&LanguageSpec, &str) -> Analysis,
) -> Analysis {
    let key = engine::cache::content_key(&[kind, spec.id.as_bytes(), text.as_bytes()]);
    if let Some(bytes) = cache.get(key) {
        match bincode::serde::decode_from_slice::<Analysis, _>(&bytes, bincode_config()) {
            Ok((analysis, read)) if read == bytes.len() => return analysis,
            _ => {
                tracing::warn!("dropped an undecodable fact-cache entry");
                cache.forget(key);
            }
        }
    }
    let analysis = analyze(spec, text);
    // An internal error is a bug in `plan`: never keep it.
    if analysis.symbols.internal_error.is_none()
        && let Ok(bytes) = bincode::serde::encode_to_vec(&analysis, bincode_config())
    {
        cache.put(key, bytes);
    }
    analysis
}

/// The symbols of `file`. Changes only when a definition's name, kind or lines change, so
/// that an edit inside a body backdates everything downstream.
#[salsa::tracked(returns(ref))]
pub fn file_symbols(db: &dyn Db, file: SourceFile) -> FileSymbols {
    analyze(db, file).symbols.clone()
}

/// The facts of `file`; changes when an edit changes a fact, not otherwise.
#[salsa::tracked(returns(ref))]
pub fn file_facts(db: &dyn Db, file: SourceFile) -> FileFacts {
    analyze(db, file).facts.clone()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

/// Extracts the symbols and imports of `text` written in `spec`'s language. Never panics on
/// input: syntax errors are skipped over and reported as lines.
#[cfg(test)]
pub(crate) fn extract(spec: &LanguageSpec, text: &str) -> FileSymbols {
    analyze_text(spec, text).symbols
}

/// Symbols and facts of `text`, parsed without the function bodies in which no query can
/// find anything (`lexical::function_bodies`: most of a Rust file's bytes), whose
/// references are read off their tokens. The symbols, imports and facts are those of the
/// whole parse; syntax errors inside such a body go unreported.
pub(crate) fn analyze_text(spec: &LanguageSpec, text: &str) -> Analysis {
    analyze_text_without(spec, text, &crate::code::lexical::bodies::function_bodies(spec.lexicon, text))
}

/// Symbols and facts of `text` parsed as if the byte ranges `without` (sorted, disjoint)
/// were not there (a test module's body: the module parses as empty), and the references
/// of all of it: those in `without` read off their tokens (`lexical::scan`).
pub(crate) fn analyze_text_without(
    spec: &LanguageSpec,
    text: &str,
    without: &[std::ops::Range<usize>],
) -> Analysis {
    let compiled = match spec.compiled() {
        Ok(compiled) => compiled,
        Err(error) => return Analysis::failed(spec, Some(error.message.clone())),
    };
    // Same length, same lines: every position found in `parsed` is a position in `text`.
    let parsed = match spec.pre_parse() {
        PreParse::None => text.into(),
        PreParse::BlankMacros => crate::code::macros::blank_macros(text),
        PreParse::SeparateSignatures => crate::code::separators::separate_signatures(text),
    };
    let mut region =
        Region { included: included_ranges(text, &complement(without, text.len())), ..Region::default() };
    if let Err(message) = parse_region(spec, compiled, &parsed, 0, 0, 0, &mut region) {
        return Analysis::failed(spec, Some(message));
    }
    let mut symbols = symbols_of(spec, region.definitions);
    crate::code::lexical::bodies::restore_ends(spec.lexicon, text, without, &mut symbols);
    let mut syntax_errors = region.syntax_errors;
    syntax_errors.sort_unstable();
    syntax_errors.dedup();
    syntax_errors.truncate(MAX_REPORTED_SYNTAX_ERRORS);
    let mut facts = region.facts;
    facts.sort_and_dedup();
    facts.module_doc = facts::module_doc::module_doc(spec, text);
    let symbols = FileSymbols {
        language: Some(spec.id),
        symbols,
        imports: in_source_order(region.imports),
        syntax_errors,
        lost_lines: region.lost_lines,
        internal_error: None,
    };
    let mut references = region.references;
    if !without.is_empty() {
        references = with_references_in(spec, text, without, references);
    }
    Analysis { symbols, facts, references }
}

/// `references` (of the parsed part) and those in `ranges` of `text`, read off tokens.
fn with_references_in(
    spec: &LanguageSpec,
    text: &str,
    ranges: &[std::ops::Range<usize>],
    references: Vec<(String, u32)>,
) -> Vec<(String, u32)> {
    let typed = spec.compiled().is_ok_and(|compiled| compiled.reference_kinds.typed);
    let mut counts: rustc_hash::FxHashMap<&str, u32> = rustc_hash::FxHashMap::default();
    for (name, uses) in &references {
        *counts.entry(name.as_str()).or_default() += uses;
    }
    for part in ranges.iter().filter_map(|range| text.get(range.clone())) {
        crate::code::lexical::count_names(spec.lexicon, part, typed, &mut counts);
    }
    crate::code::references::top_references(counts)
}

/// The byte ranges of `0..len` outside `ranges` (sorted, disjoint); empty when `ranges`
/// is, which parses everything.
fn complement(ranges: &[std::ops::Range<usize>], len: usize) -> Vec<std::ops::Range<usize>> {
    if ranges.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut start = 0;
    for range in ranges {
        if range.start > start {
            out.push(start..range.start);
        }
        start = start.max(range.end);
    }
    if start < len {
        out.push(start..len);
    }
    out
}

/// Tree-sitter's ranges for whole-line byte ranges of `text`.
pub(super) fn included_ranges(text: &str, lines: &[std::ops::Range<usize>]) -> Vec<tree_sitter::Range> {
    let bytes = text.as_bytes();
    let (mut row, mut counted) = (0, 0);
    let mut point = |at: usize| {
        row += bytes[counted..at].iter().filter(|&&byte| byte == b'\n').count();
        counted = at;
        let line_start = bytes[..at].iter().rposition(|&byte| byte == b'\n').map_or(0, |newline| newline + 1);
        tree_sitter::Point { row, column: at - line_start }
    };
    lines
        .iter()
        .map(|range| {
            let start_point = point(range.start);
            let end_point = point(range.end);
            tree_sitter::Range { start_byte: range.start, end_byte: range.end, start_point, end_point }
        })
        .collect()
}

/// The imports by line (a stable sort: those of one line stay in match order).
fn in_source_order(mut imports: Vec<(u32, String)>) -> Vec<String> {
    imports.sort_by_key(|(line, _)| *line);
    imports.into_iter().map(|(_, import)| import).collect()
}

/// How many times extraction re-parses the text after a top-level syntax error.
const MAX_RECOVERY_DEPTH: usize = 32;

/// What the parses of a file (the whole file, then any recovered regions) found.
#[derive(Default)]
struct Region {
    facts: FileFacts,
    definitions: Vec<RawDefinition>,
    /// With their lines: matches come in the order of the nodes the query ran at, which
    /// for a pattern of siblings is their parent.
    imports: Vec<(u32, String)>,
    /// The imports seen, so that a file of many imports is not searched once per import.
    seen_imports: std::collections::HashSet<String>,
    syntax_errors: Vec<u32>,
    /// Lines inside top-level error regions that no re-parse recovered.
    lost_lines: u32,
    /// What the whole file's tree refers to (recovered regions are inside it already).
    references: Vec<(String, u32)>,
    /// The ranges the first parse reads (tree-sitter's included ranges); empty for all of
    /// the text. Re-parses of recovered regions read all of theirs.
    included: Vec<tree_sitter::Range>,
}

/// Parses `text`, which starts at byte `base_byte` and line `base_line` (0-based) of the
/// file, and adds what it finds to `out`.
///
/// Tree-sitter's error recovery sometimes folds everything after a bad line into one
/// top-level `ERROR` node (an unbalanced parenthesis in C or JavaScript), losing every
/// later definition. So the text of such a node is parsed again from the first line after
/// its start that begins at column 0, where a new top-level item most likely starts. Each
/// recovery parses a strictly shorter suffix, and depth is bounded.
fn parse_region(
    spec: &LanguageSpec,
    compiled: &Compiled,
    text: &str,
    base_byte: usize,
    base_line: u32,
    depth: usize,
    out: &mut Region,
) -> Result<(), String> {
    let included = std::mem::take(&mut out.included);
    let tree = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&compiled.language).ok()?;
        if included.is_empty() || parser.set_included_ranges(&included).is_err() {
            return parser.parse(text, None);
        }
        let tree = parser.parse(text, None);
        // The parser is the thread's: the next text is parsed whole.
        let _ = parser.set_included_ranges(&[]);
        tree
    });
    let Some(tree) = tree else { return Err("the parser returned no tree".to_owned()) };
    let root = tree.root_node();

    // One walk: the references (the whole file's: recovered regions are inside its tree
    // already), the tree's depth and where the query's patterns start.
    let mut walked = walk(&compiled.reference_kinds, &compiled.starts, root, text, MAX_START_DEPTH);
    if depth == 0 {
        out.references = std::mem::take(&mut walked.references);
    }
    collect_matches(spec, compiled, root, &walked, text, (base_byte, base_line), out);

    if !root.has_error() {
        return Ok(());
    }
    out.syntax_errors.extend(syntax_error_lines(root).into_iter().map(|line| line + base_line));
    let mut walker = root.walk();
    let top_level_errors: Vec<(usize, usize, u32)> = root
        .children(&mut walker)
        .filter(|child| child.is_error() && child.end_position().row > child.start_position().row)
        .map(|child| {
            let rows = (child.end_position().row - child.start_position().row) as u32;
            (child.start_byte(), child.end_byte(), rows)
        })
        .collect();
    for (error_start, error_end, rows) in top_level_errors {
        let resume = resume_point(text, error_start, error_end).filter(|_| depth < MAX_RECOVERY_DEPTH);
        let Some(resume) = resume else {
            out.lost_lines = out.lost_lines.saturating_add(rows);
            continue;
        };
        let Some(fragment) = text.get(resume..error_end) else { continue };
        let skipped_lines = text[..resume].bytes().filter(|&byte| byte == b'\n').count() as u32;
        parse_region(
            spec,
            compiled,
            fragment,
            base_byte + resume,
            base_line + skipped_lines,
            depth + 1,
            out,
        )?;
    }
    Ok(())
}

/// The deepest node at which a query pattern may start matching: every pattern that
/// started above a node and is still in progress is advanced at that node, which in a tree
/// thousands of levels deep is quadratic. No pattern starts deeper than this (about
/// `MAX_NESTING` nested definitions, or a builder chain of hundreds of calls).
const MAX_START_DEPTH: usize = 1024;

/// Definitions, imports and facts: the query run at each node where a pattern starts
/// (`starts`, from the walk), which finds what running it over the whole tree finds
/// without carrying the query cursor over every node.
fn collect_matches<'tree>(
    spec: &LanguageSpec,
    compiled: &Compiled,
    root: Node<'tree>,
    walked: &Walk<'tree>,
    text: &str,
    (base_byte, base_line): (usize, u32),
    out: &mut Region,
) {
    let source = text.as_bytes();
    let capture_names = compiled.query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut seen_chains: Vec<usize> = Vec::new();
    let family = Family::of_depth(root, Some(walked.depth), LOCAL_BLOCKS);
    for start in &walked.starts {
        let (query, node) = match (*start, &compiled.siblings) {
            (Start::At(node), _) => {
                cursor.set_max_start_depth(Some(0));
                (&compiled.query, node)
            }
            (Start::Below(parent), Some(siblings)) => {
                cursor.set_max_start_depth(Some(1));
                (siblings, parent)
            }
            (Start::Below(_), None) => continue,
            (Start::Alone(node, capture), _) => {
                let name = capture_names[capture as usize];
                facts::collect::collect_capture(
                    spec,
                    name,
                    node,
                    text,
                    base_line,
                    &mut seen_chains,
                    &mut out.facts,
                );
                continue;
            }
        };
        let mut matches = cursor.matches(query, node, source);
        while let Some(found) = matches.next() {
            match compiled.kind_of(found.pattern_index) {
                PatternKind::Tag => {
                    if let Some(definition) =
                        definition_of(spec, &family, found, capture_names, text, base_byte, base_line)
                    {
                        out.definitions.push(definition);
                    }
                }
                PatternKind::Import => record_import(found, capture_names, text, base_line, out),
                PatternKind::Fact => facts::collect::collect_match(
                    spec,
                    found,
                    capture_names,
                    text,
                    base_line,
                    &mut seen_chains,
                    &mut out.facts,
                ),
            }
        }
    }
}

/// Records the import one match of `imports.scm` finds, the first time the file names it.
fn record_import(
    found: &tree_sitter::QueryMatch<'_, '_>,
    capture_names: &[&str],
    text: &str,
    base_line: u32,
    out: &mut Region,
) {
    if let Some((line, import)) = import_of(found, capture_names, text, base_line)
        && !import.is_empty()
        && out.seen_imports.insert(import.clone())
    {
        out.facts.imports.push(Fact { line, text: import.clone() });
        out.imports.push((line, import));
    }
}

/// The import one match of `imports.scm` records, with its 1-based line: `@import` as
/// written, `@import.mod` as `mod name` (`mod name @ file.rs` under `#[path = "file.rs"]`), `@import.from` with `@import.name` as `from.name`
/// (`.name` when `from` is only dots).
fn import_of(
    found: &tree_sitter::QueryMatch<'_, '_>,
    capture_names: &[&str],
    text: &str,
    base_line: u32,
) -> Option<(u32, String)> {
    let mut import = None;
    let mut from = None;
    let mut name = None;
    let mut path = None;
    let mut line = None;
    for capture in found.captures() {
        let Some(raw) = text.get(capture.node.byte_range()) else { continue };
        let raw = clean_import(raw);
        line.get_or_insert(base_line + capture.node.start_position().row as u32 + 1);
        match capture_names[capture.index as usize] {
            "import" => import = Some(raw),
            "import.mod" => import = Some(format!("mod {raw}")),
            "import.path" => path = Some(raw),
            "import.from" => from = Some(raw),
            "import.name" => name = Some(raw),
            _ => {}
        }
    }
    if let (Some(from), Some(name)) = (from, name) {
        import = Some(if from.chars().all(|c| c == '.') {
            format!("{from}{name}")
        } else {
            format!("{from}.{name}")
        });
    }
    if let (Some(module), Some(path)) = (&import, path) {
        import = Some(format!("{module} @ {path}"));
    }
    Some((line?, import?))
}

/// The byte offset of the first line after the one holding `error_start`, and before
/// `error_end`, that starts at column 0 with something other than a closing bracket.
fn resume_point(text: &str, error_start: usize, error_end: usize) -> Option<usize> {
    let mut offset = error_start + text.get(error_start..)?.find('\n')? + 1;
    while offset < error_end {
        let rest = text.get(offset..error_end)?;
        let first = rest.chars().next()?;
        if !first.is_whitespace() && !matches!(first, '}' | ')' | ']') {
            return Some(offset);
        }
        offset += rest.find('\n')? + 1;
    }
    None
}

fn clean_import(text: &str) -> String {
    let trimmed = text.trim().trim_matches(|c| matches!(c, '"' | '\'' | '`' | '<' | '>'));
    collapse_whitespace(trimmed)
}

fn syntax_error_lines(root: Node<'_>) -> Vec<u32> {
    let mut lines = Vec::new();
    let mut cursor = root.walk();
    // Iterative pre-order walk, descending only into subtrees that contain an error.
    'walk: loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            let line = node.start_position().row as u32 + 1;
            if lines.last() != Some(&line) {
                lines.push(line);
                if lines.len() >= MAX_REPORTED_SYNTAX_ERRORS {
                    break;
                }
            }
        } else if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines
}

pub(crate) mod partial;
#[cfg(test)]
mod tests;
