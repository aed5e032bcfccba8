//! Symbols: the definitions of a file, with kinds, qualified names and whole extents.
//!
//! [`file_symbols`] is the tracked query; [`extract`] is the pure function behind it. The
//! result holds line numbers only, never byte offsets or a syntax tree, so an edit that
//! moves no line (a whitespace change inside a body) yields an equal value and salsa
//! backdates everything downstream.

use std::cell::RefCell;
use std::fmt;

use engine::{Db, SourceFile};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Node, Parser, QueryCursor};

use crate::lang::{LanguageSpec, PatternKind};

/// What kind of definition a symbol is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum SymbolKind {
    Function,
    Method,
    Class,
    Struct,
    Enum,
    Interface,
    Trait,
    Type,
    Const,
    Module,
    Macro,
}

impl SymbolKind {
    pub const ALL: [SymbolKind; 11] = [
        SymbolKind::Function,
        SymbolKind::Method,
        SymbolKind::Class,
        SymbolKind::Struct,
        SymbolKind::Enum,
        SymbolKind::Interface,
        SymbolKind::Trait,
        SymbolKind::Type,
        SymbolKind::Const,
        SymbolKind::Module,
        SymbolKind::Macro,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Function => "function",
            SymbolKind::Method => "method",
            SymbolKind::Class => "class",
            SymbolKind::Struct => "struct",
            SymbolKind::Enum => "enum",
            SymbolKind::Interface => "interface",
            SymbolKind::Trait => "trait",
            SymbolKind::Type => "type",
            SymbolKind::Const => "const",
            SymbolKind::Module => "module",
            SymbolKind::Macro => "macro",
        }
    }

    fn from_capture(name: &str) -> Option<SymbolKind> {
        let kind = name.strip_prefix("definition.")?;
        SymbolKind::ALL.into_iter().find(|candidate| candidate.as_str() == kind)
    }

    /// Whether functions defined directly inside this kind are methods.
    fn holds_methods(self) -> bool {
        matches!(
            self,
            SymbolKind::Class
                | SymbolKind::Struct
                | SymbolKind::Enum
                | SymbolKind::Interface
                | SymbolKind::Trait
        )
    }
}

impl fmt::Display for SymbolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One definition. Lines are 1-based and inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Symbol {
    pub name: String,
    /// The name prefixed by its enclosing scopes: `Store::get`, `pkg.Server.Run`.
    pub qualified_name: String,
    pub kind: SymbolKind,
    /// First line of the whole extent, attributes and decorators included.
    pub start: u32,
    /// Last line of the whole extent.
    pub end: u32,
    /// The line of the name.
    pub name_line: u32,
}

/// Everything extracted from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileSymbols {
    /// The language id, `None` for a file no language claims (or one that was skipped).
    #[serde(with = "language_id")]
    pub language: Option<LanguageId>,
    /// Definitions in source order (by start line, outer before inner).
    pub symbols: Vec<Symbol>,
    /// Imported modules and paths, in source order, without duplicates.
    pub imports: Vec<String>,
    /// Lines with syntax errors; extraction went on around them. At most
    /// [`MAX_REPORTED_SYNTAX_ERRORS`] are kept.
    pub syntax_errors: Vec<u32>,
    /// Set when the language's queries failed to compile (a bug in `plan`).
    pub internal_error: Option<String>,
}

pub const MAX_REPORTED_SYNTAX_ERRORS: usize = 32;

/// Symbols and facts of one file, from one parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub symbols: FileSymbols,
    pub facts: crate::facts::FileFacts,
    /// Capitalized identifiers used in the file and how often, for ranking the types the
    /// rest of the code refers to. At most [`MAX_REFERENCES`] names, sorted.
    pub references: Vec<(String, u32)>,
}

pub const MAX_REFERENCES: usize = 512;

/// A registry language id. An alias, so that serde's derive does not see the `'static`
/// and demand it of the deserializer.
pub type LanguageId = &'static str;

/// A language id through serde: written as its name, read back as the registry's
/// `&'static str`.
mod language_id {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(
        id: &Option<&'static str>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        id.serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<&'static str>, D::Error> {
        let Some(id) = Option::<String>::deserialize(deserializer)? else { return Ok(None) };
        crate::lang::LanguageSpec::by_id(&id)
            .map(|spec| Some(spec.id))
            .ok_or_else(|| D::Error::custom(format!("unknown language `{id}`")))
    }
}

/// Counts identifiers that look like type names (`Store`, `HashMap`): a capital letter then
/// at least two more characters.
fn type_references(text: &str) -> Vec<(String, u32)> {
    let mut counts: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte.is_ascii_alphabetic() || byte == b'_' {
            let start = index;
            while index < bytes.len() && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_') {
                index += 1;
            }
            let preceded_by_word =
                start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] >= 0x80);
            if !preceded_by_word && bytes[start].is_ascii_uppercase() && index - start >= 3 {
                *counts.entry(&text[start..index]).or_default() += 1;
            }
        } else {
            index += 1;
        }
    }
    let mut references: Vec<(String, u32)> =
        counts.into_iter().map(|(name, count)| (name.to_owned(), count)).collect();
    references.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    references.truncate(MAX_REFERENCES);
    references.sort();
    references
}

/// Parses `file` once for both [`file_symbols`] and [`file_facts`](crate::facts::file_facts),
/// which project out of it so that each backdates on its own.
#[salsa::tracked(returns(ref))]
pub(crate) fn analyze(db: &dyn Db, file: SourceFile) -> Analysis {
    let path = file.path(db);
    let _span = tracing::trace_span!("analyze", path = %path).entered();
    let Some(spec) = LanguageSpec::for_path(path.as_str()) else { return Analysis::default() };
    let Some(text) = file.contents(db).text() else {
        return Analysis {
            symbols: FileSymbols { language: Some(spec.id), ..FileSymbols::default() },
            facts: Default::default(),
            references: Vec::new(),
        };
    };
    match db.fact_cache() {
        Some(cache) => cached_analysis(cache, spec, text),
        None => analyze_text(spec, text),
    }
}

/// The version of the extractor: the cache written by any other is discarded.
pub const EXTRACTOR_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("PLAN_EXTRACTOR_HASH"));

fn bincode_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<{ 64 << 20 }>()
}

/// [`analyze_text`] through the fact cache. The key is the language and the bytes, so a
/// hit is exactly what parsing would give; an entry that does not decode is dropped and
/// the text parsed again.
fn cached_analysis(cache: &engine::FactCache, spec: &LanguageSpec, text: &str) -> Analysis {
    let key = engine::cache::content_key(&[spec.id.as_bytes(), text.as_bytes()]);
    if let Some(bytes) = cache.get(key) {
        match bincode::serde::decode_from_slice::<Analysis, _>(&bytes, bincode_config()) {
            Ok((analysis, read)) if read == bytes.len() => return analysis,
            _ => {
                tracing::warn!("dropped an undecodable fact-cache entry");
                cache.forget(key);
            }
        }
    }
    let analysis = analyze_text(spec, text);
    // An internal error is a bug in `plan`: never keep it.
    if analysis.symbols.internal_error.is_none()
        && let Ok(bytes) = bincode::serde::encode_to_vec(&analysis, bincode_config())
    {
        cache.put(key, bytes);
    }
    analysis
}

/// The type-like names `file` refers to, with counts.
#[salsa::tracked(returns(ref))]
pub fn file_references(db: &dyn Db, file: SourceFile) -> Vec<(String, u32)> {
    analyze(db, file).references.clone()
}

/// The symbols of `file`. Changes only when a definition's name, kind or lines change, so
/// that an edit inside a body backdates everything downstream.
#[salsa::tracked(returns(ref))]
pub fn file_symbols(db: &dyn Db, file: SourceFile) -> FileSymbols {
    analyze(db, file).symbols.clone()
}

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new(Parser::new());
}

/// Extracts the symbols and imports of `text` written in `spec`'s language. Never panics on
/// input: syntax errors are skipped over and reported as lines.
pub fn extract(spec: &LanguageSpec, text: &str) -> FileSymbols {
    analyze_text(spec, text).symbols
}

/// Symbols and facts of `text`.
pub fn analyze_text(spec: &LanguageSpec, text: &str) -> Analysis {
    let compiled = match spec.compiled() {
        Ok(compiled) => compiled,
        Err(error) => {
            let symbols = FileSymbols {
                language: Some(spec.id),
                internal_error: Some(error.message.clone()),
                ..FileSymbols::default()
            };
            return Analysis { symbols, facts: Default::default(), references: Vec::new() };
        }
    };
    // Same length, same lines: every position found in `parsed` is a position in `text`.
    let parsed = if spec.blanks_macros() { crate::macros::blank_macros(text) } else { text.into() };
    let mut region = Region::default();
    if let Err(message) = parse_region(spec, compiled, &parsed, 0, 0, 0, &mut region) {
        let symbols =
            FileSymbols { language: Some(spec.id), internal_error: Some(message), ..FileSymbols::default() };
        return Analysis { symbols, facts: Default::default(), references: Vec::new() };
    }
    let mut raw = region.definitions;
    // One symbol per name: when several patterns match the same name (a decorated Python
    // function and the function inside it), the earliest pattern wins.
    raw.sort_by_key(|definition| (definition.name_byte, definition.kind.is_none(), definition.pattern));
    raw.dedup_by_key(|definition| (definition.name_byte, definition.kind.is_none()));
    raw.sort_by(|a, b| a.start_byte.cmp(&b.start_byte).then(b.end_byte.cmp(&a.end_byte)));
    let symbols = qualify(spec, raw);
    let mut syntax_errors = region.syntax_errors;
    syntax_errors.sort_unstable();
    syntax_errors.dedup();
    syntax_errors.truncate(MAX_REPORTED_SYNTAX_ERRORS);
    let mut facts = region.facts;
    facts.sort_and_dedup();
    facts.module_doc = crate::facts::module_doc(spec.id, text);
    let symbols = FileSymbols {
        language: Some(spec.id),
        symbols,
        imports: region.imports,
        syntax_errors,
        internal_error: None,
    };
    Analysis { symbols, facts, references: type_references(text) }
}

/// How many times extraction re-parses the text after a top-level syntax error.
const MAX_RECOVERY_DEPTH: usize = 32;

/// What the parses of a file (the whole file, then any recovered regions) found.
#[derive(Default)]
struct Region {
    facts: crate::facts::FileFacts,
    definitions: Vec<RawDefinition>,
    imports: Vec<String>,
    syntax_errors: Vec<u32>,
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
    compiled: &crate::lang::Compiled,
    text: &str,
    base_byte: usize,
    base_line: u32,
    depth: usize,
    out: &mut Region,
) -> Result<(), String> {
    let tree = PARSER.with(|parser| {
        let mut parser = parser.borrow_mut();
        parser.set_language(&compiled.language).ok()?;
        parser.parse(text, None)
    });
    let Some(tree) = tree else { return Err("the parser returned no tree".to_owned()) };
    let root = tree.root_node();
    let source = text.as_bytes();

    // One walk of the tree for definitions, imports and facts.
    let capture_names = compiled.query.capture_names();
    let mut cursor = QueryCursor::new();
    let mut seen_chains: Vec<usize> = Vec::new();
    let mut matches = cursor.matches(&compiled.query, root, source);
    while let Some(found) = matches.next() {
        match compiled.kind_of(found.pattern_index) {
            PatternKind::Tag => {
                if let Some(definition) =
                    definition_of(spec, found, capture_names, text, base_byte, base_line)
                {
                    out.definitions.push(definition);
                }
            }
            PatternKind::Import => {
                for capture in found.captures() {
                    if capture_names[capture.index as usize] != "import" {
                        continue;
                    }
                    let Some(raw_text) = text.get(capture.node.byte_range()) else { continue };
                    let import = clean_import(raw_text);
                    if !import.is_empty() && !out.imports.contains(&import) {
                        let line = base_line + capture.node.start_position().row as u32 + 1;
                        out.facts.imports.push(crate::facts::Fact { line, text: import.clone() });
                        out.imports.push(import);
                    }
                }
            }
            PatternKind::Fact => crate::facts::collect_match(
                spec.id,
                found,
                capture_names,
                text,
                base_line,
                &mut seen_chains,
                &mut out.facts,
            ),
        }
    }

    if !root.has_error() {
        return Ok(());
    }
    out.syntax_errors.extend(syntax_error_lines(root).into_iter().map(|line| line + base_line));
    if depth >= MAX_RECOVERY_DEPTH {
        return Ok(());
    }
    let mut walker = root.walk();
    let top_level_errors: Vec<(usize, usize)> = root
        .children(&mut walker)
        .filter(|child| child.is_error() && child.end_position().row > child.start_position().row)
        .map(|child| (child.start_byte(), child.end_byte()))
        .collect();
    for (error_start, error_end) in top_level_errors {
        let Some(resume) = resume_point(text, error_start, error_end) else { continue };
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

/// A definition or scope as matched, before nesting is resolved.
struct RawDefinition {
    /// `None` for a scope (a Rust `impl`), which qualifies names but is not a symbol.
    kind: Option<SymbolKind>,
    name: String,
    receiver: Option<String>,
    start_byte: usize,
    end_byte: usize,
    start_line: u32,
    end_line: u32,
    name_line: u32,
    name_byte: usize,
    pattern: usize,
}

/// The definition (or scope) a tags match describes.
fn definition_of(
    spec: &LanguageSpec,
    found: &tree_sitter::QueryMatch<'_, '_>,
    capture_names: &[&str],
    text: &str,
    base_byte: usize,
    base_line: u32,
) -> Option<RawDefinition> {
    let mut definition: Option<(Option<SymbolKind>, Node<'_>)> = None;
    let mut name_node = None;
    let mut receiver = None;
    for capture in found.captures() {
        let capture_name = capture_names[capture.index as usize];
        if capture_name == "name" {
            name_node = Some(capture.node);
        } else if capture_name == "receiver" {
            receiver = text.get(capture.node.byte_range()).map(str::to_owned);
        } else if capture_name == "scope" {
            definition = Some((None, capture.node));
        } else if let Some(kind) = SymbolKind::from_capture(capture_name) {
            definition = Some((Some(kind), capture.node));
        }
    }
    let (Some((kind, node)), Some(name_node)) = (definition, name_node) else { return None };
    let name_text = text.get(name_node.byte_range())?;
    let name = if kind.is_none() { scope_name(name_text) } else { definition_name(name_text) };
    if name.is_empty() || NEVER_NAMES.contains(&name.as_str()) {
        return None;
    }
    let node = widen(spec, node);
    let (start_byte, start_line) = leading_start(spec, node);
    let end = node.end_position();
    let mut end_line = end.row as u32 + 1;
    if end.column == 0 && end.row > node.start_position().row {
        end_line -= 1;
    }
    Some(RawDefinition {
        kind,
        name,
        receiver,
        start_byte: base_byte + start_byte,
        end_byte: base_byte + node.end_byte(),
        start_line: base_line + start_line,
        end_line: base_line + end_line,
        name_line: base_line + name_node.start_position().row as u32 + 1,
        name_byte: base_byte + name_node.start_byte(),
        pattern: found.pattern_index,
    })
}

/// The node whose extent is the definition's: the definition itself, or a wrapper such as
/// C++'s `template_declaration` around it.
fn widen<'tree>(spec: &LanguageSpec, mut node: Node<'tree>) -> Node<'tree> {
    while let Some(parent) = node.parent() {
        if spec.wrapping_parents().contains(&parent.kind()) {
            node = parent;
        } else {
            break;
        }
    }
    node
}

/// The start of the definition including attributes or decorators placed right before it.
fn leading_start(spec: &LanguageSpec, node: Node<'_>) -> (usize, u32) {
    let mut first = node;
    while let Some(previous) = first.prev_sibling() {
        if spec.leading_siblings().contains(&previous.kind()) {
            first = previous;
        } else {
            break;
        }
    }
    (first.start_byte(), first.start_position().row as u32 + 1)
}

/// Resolves nesting: qualified names and the function/method distinction. `raw` is sorted
/// by start, outer definitions first.
fn qualify(spec: &LanguageSpec, raw: Vec<RawDefinition>) -> Vec<Symbol> {
    let separator = spec.separator;
    let mut stack: Vec<Enclosing> = Vec::new();
    let mut symbols = Vec::with_capacity(raw.len());
    for definition in raw {
        // Pop what does not strictly contain this definition; equal extents are siblings
        // (`export const a = 1, b = 2`).
        while stack.last().is_some_and(|outer| {
            outer.end_byte < definition.end_byte
                || (outer.start_byte == definition.start_byte && outer.end_byte == definition.end_byte)
        }) {
            stack.pop();
        }
        let parent = stack.last();
        let mut qualified = String::new();
        if let Some(outer) = parent {
            qualified.push_str(&outer.qualified_name);
            qualified.push_str(separator);
        }
        if let Some(receiver) = &definition.receiver {
            qualified.push_str(receiver);
            qualified.push_str(separator);
        }
        qualified.push_str(&definition.name);
        let (name, qualified) = split_qualified(definition.name.clone(), qualified, separator);

        let kind = definition.kind.map(|kind| {
            let in_type = parent.is_some_and(|outer| outer.kind.is_none_or(SymbolKind::holds_methods));
            if kind == SymbolKind::Function && in_type { SymbolKind::Method } else { kind }
        });
        // `app.set = function set() { … }` matches twice: as the assignment and as the
        // named function inside it. Keep the outer one.
        let function_like =
            |kind: Option<SymbolKind>| matches!(kind, Some(SymbolKind::Function | SymbolKind::Method));
        let repeats_parent = parent.is_some_and(|outer| {
            function_like(outer.kind)
                && function_like(definition.kind)
                && outer.end_line == definition.end_line
                && outer.qualified_name.rsplit(separator).next() == Some(definition.name.as_str())
        });
        if repeats_parent {
            continue;
        }
        if let Some(kind) = kind {
            symbols.push(Symbol {
                name,
                qualified_name: qualified.clone(),
                kind,
                start: definition.start_line,
                end: definition.end_line,
                name_line: definition.name_line,
            });
        }
        stack.push(Enclosing {
            start_byte: definition.start_byte,
            end_byte: definition.end_byte,
            end_line: definition.end_line,
            qualified_name: qualified,
            kind,
        });
    }
    symbols
}

/// A definition or scope enclosing the ones that follow it.
struct Enclosing {
    start_byte: usize,
    end_byte: usize,
    end_line: u32,
    qualified_name: String,
    /// `None` for a scope.
    kind: Option<SymbolKind>,
}

/// A name written qualified (`Foo::bar` in C++) keeps only its last segment as the name.
/// Template arguments are dropped from the qualifying part: `Store<K, V>::put` is
/// `Store::put`.
fn split_qualified(name: String, qualified: String, separator: &str) -> (String, String) {
    match name.rsplit_once(separator) {
        Some((_, last)) if !last.is_empty() => (last.to_owned(), strip_generic_arguments(&qualified)),
        _ => (name, qualified),
    }
}

fn strip_generic_arguments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}

/// The type an `impl` block qualifies its items with: `impl<T> fmt::Debug for Foo<T>` → `Foo`.
fn scope_name(type_text: &str) -> String {
    let before_generics = type_text.split('<').next().unwrap_or(type_text);
    let last_word = before_generics.split_whitespace().last().unwrap_or("");
    let trimmed = last_word.trim_start_matches(['&', '*']);
    trimmed.rsplit("::").next().unwrap_or(trimmed).to_owned()
}

/// Keywords that error recovery sometimes mistakes for a definition's name
/// (`if (x) { … }` read as a function in macro-heavy C).
const NEVER_NAMES: &[&str] = &["catch", "do", "else", "for", "if", "return", "sizeof", "switch", "while"];

/// A definition's name as written, whitespace collapsed and template arguments dropped:
/// `is_code_unit<char>` is `is_code_unit`, `Store<K, V>::put` is `Store::put`.
fn definition_name(text: &str) -> String {
    let collapsed = collapse_whitespace(text);
    if collapsed.contains('<') && !collapsed.starts_with("operator") && !collapsed.contains("::operator") {
        strip_generic_arguments(&collapsed)
    } else {
        collapsed
    }
}

fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[cfg(test)]
mod tests;
