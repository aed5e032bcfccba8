//! Symbols: the definitions of a file, with kinds, qualified names and whole extents.
//!
//! The model ([`Symbol`], [`FileSymbols`]) and the step from tags-query matches to symbols:
//! [`definition_of`] reads one match, [`qualify`] resolves nesting. The parse that feeds them
//! is `analysis.rs`. A result holds line numbers only, never byte offsets or a syntax tree,
//! so an edit that moves no line (a whitespace change inside a body) yields an equal value
//! and salsa backdates everything downstream.

use std::fmt;

use tree_sitter::{Node, QueryPredicateArg};

use crate::code::family::Family;
use crate::code::lang::LanguageSpec;

mod names;
pub(super) use names::collapse_whitespace;
use names::{NEVER_NAMES, definition_name, scope_name, split_qualified};

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
    /// A variable defined at file, module or namespace level (never a local one).
    Variable,
    Module,
    Macro,
}

impl SymbolKind {
    pub const ALL: [SymbolKind; 12] = [
        SymbolKind::Function,
        SymbolKind::Method,
        SymbolKind::Class,
        SymbolKind::Struct,
        SymbolKind::Enum,
        SymbolKind::Interface,
        SymbolKind::Trait,
        SymbolKind::Type,
        SymbolKind::Const,
        SymbolKind::Variable,
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
            SymbolKind::Variable => "variable",
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

    /// Whether this kind is a constant or a variable: never a local one, and never the
    /// scope of what its initializer holds (`const routes = { get() {…} }` leaves `get`
    /// where it was).
    fn is_data(self) -> bool {
        matches!(self, SymbolKind::Const | SymbolKind::Variable)
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
    /// `MAX_REPORTED_SYNTAX_ERRORS` are kept.
    pub syntax_errors: Vec<u32>,
    /// Lines swallowed by a top-level syntax error that no re-parse recovered: where
    /// definitions may be missing (0 when every error was local).
    #[serde(default)]
    pub lost_lines: u32,
    /// Set when the language's queries failed to compile (a bug in `plan`).
    pub internal_error: Option<String>,
}

pub(crate) const MAX_REPORTED_SYNTAX_ERRORS: usize = 32;

/// A registry language id. An alias, so that serde's derive does not see the `'static`
/// and demand it of the deserializer.
pub(crate) type LanguageId = &'static str;

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
        crate::code::lang::LanguageSpec::by_id(&id)
            .map(|spec| Some(spec.id))
            .ok_or_else(|| D::Error::custom(format!("unknown language `{id}`")))
    }
}

/// A definition or scope as matched, before nesting is resolved.
pub(super) struct RawDefinition {
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
pub(super) fn definition_of<'tree>(
    spec: &LanguageSpec,
    family: &Family<'tree>,
    found: &tree_sitter::QueryMatch<'_, 'tree>,
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
        } else if capture_name == "declarator" {
            name_node = declared_name(capture.node);
        } else if capture_name == "receiver" {
            receiver = text.get(capture.node.byte_range()).map(str::to_owned);
        } else if capture_name == "scope" {
            definition = Some((None, capture.node));
        } else if let Some(kind) = SymbolKind::from_capture(capture_name) {
            definition = Some((Some(kind), capture.node));
        }
    }
    let (Some((kind, node)), Some(name_node)) = (definition, name_node) else { return None };
    if !parents_allowed(spec, family, found) {
        return None;
    }
    let name_text = text.get(name_node.start_byte()..name_end(name_node))?;
    if kind.is_some_and(SymbolKind::is_data)
        && (misplaced(family, node, name_text)
            || disabled(family, node, text)
            || (base_byte > 0 && indented_at_file_scope(family, node)))
    {
        return None;
    }
    let name = if kind.is_none() { scope_name(name_text) } else { definition_name(name_text) };
    if name.is_empty() || NEVER_NAMES.contains(&name.as_str()) {
        return None;
    }
    let node = widen(spec, family, node);
    let (start_byte, start_line) = leading_start(spec, family, node);
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

/// Where a definition's name ends: a C++ conversion operator (`operator const T&() const`,
/// `Foo::operator bool()`) is named without its parameter list and qualifiers.
fn name_end(name_node: Node<'_>) -> usize {
    let mut node = name_node;
    while let Some(name) =
        (node.kind() == "qualified_identifier").then(|| node.child_by_field_name("name")).flatten()
    {
        node = name;
    }
    let mut declarator = (node.kind() == "operator_cast").then_some(node);
    while let Some(inner) = declarator.and_then(inner_declarator) {
        if let Some(parameters) = inner.child_by_field_name("parameters") {
            return parameters.start_byte();
        }
        declarator = Some(inner);
    }
    name_node.end_byte()
}

/// The declarator inside an abstract one; a reference declarator (`operator const T&()`)
/// holds it without a field name.
fn inner_declarator(node: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = node.walk();
    let unnamed = node.named_children(&mut cursor).find(|child| child.kind().starts_with("abstract_"));
    node.child_by_field_name("declarator").or(unnamed)
}

/// Whether a match passes its `(#parent? @capture kind …)` predicates: the captured node's
/// parent is of one of the kinds. A module-level declaration is anchored so rather than by
/// a pattern rooted at the module, which the query cursor would carry over every node of
/// the file. A `compound_statement` parent counts only at file scope (a block error
/// recovery made of a stray `{`; see [`at_file_scope`]).
fn parents_allowed<'tree>(
    spec: &LanguageSpec,
    family: &Family<'tree>,
    found: &tree_sitter::QueryMatch<'_, 'tree>,
) -> bool {
    let Ok(compiled) = spec.compiled() else { return true };
    let predicates = compiled.query.general_predicates(found.pattern_index);
    predicates.iter().filter(|predicate| &*predicate.operator == "parent?").all(|predicate| {
        let [QueryPredicateArg::Capture(index), kinds @ ..] = &*predicate.args else { return false };
        let parent = found.nodes_for_capture_index(*index).next().and_then(|node| family.parent(node));
        parent.is_some_and(|parent| {
            let listed = kinds
                .iter()
                .any(|kind| matches!(kind, QueryPredicateArg::String(kind) if **kind == *parent.kind()));
            listed
                && (parent.kind() != "compound_statement"
                    || family.parent(parent).is_some_and(|scope| scope.kind() == "translation_unit"))
        })
    })
}

/// Whether a constant or variable was found where it cannot be one: in a block of
/// statements of a function the parser did not recognize (a C++ `TEST_CASE("…") { … }`
/// macro, a macro's body read as code), or where the parser recovered from a syntax error
/// inside its declaration: a macro call without its `;` glued to the next function, or an
/// attribute macro on a line of its own (`JEMALLOC_ALLOCATOR JEMALLOC_RESTRICT_RETURN`) read
/// as a declaration that lacks its `;`. Or among the members of a class or function body
/// that error recovery tore out to file scope.
fn misplaced<'tree>(family: &Family<'tree>, node: Node<'tree>, name: &str) -> bool {
    if node.has_error() {
        let mut cursor = node.walk();
        if node.children(&mut cursor).any(|child| child.is_error()) {
            return true;
        }
        let macro_like = name.contains('_')
            && name.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if macro_like
            && node.child(node.child_count().saturating_sub(1)).is_some_and(|last| last.is_missing())
        {
            return true;
        }
    }
    (family.in_local_block(node) && !at_file_scope(family, node)) || family.in_torn_body(node)
}

/// Whether a declaration in a block at file scope starts at column 0: a file-scope
/// declaration the block swallowed when error recovery read a stray `{` as one (an
/// initializer that holds a `#define`), not a local of a function defined by a macro
/// (`TEST_CASE("…") { int a = …; }`), which is indented.
fn at_file_scope<'tree>(family: &Family<'tree>, node: Node<'tree>) -> bool {
    node.start_position().column == 0
        && family.parent(node).is_some_and(|block| {
            block.kind() == "compound_statement"
                && family.parent(block).is_some_and(|scope| scope.kind() == "translation_unit")
        })
}

/// Whether a C or C++ declaration at file scope (or under an `#if` there) is indented. Asked
/// in a region recovery parsed again (`base_byte > 0`): recovery resumes at the first line
/// at column 0 in an error, and a preprocessor line is written at column 0 inside a
/// function body too, so the indented declarations after it are that body's locals.
fn indented_at_file_scope<'tree>(family: &Family<'tree>, node: Node<'tree>) -> bool {
    let mut parent = family.parent(node);
    while let Some(conditional) = parent.filter(|scope| scope.kind().starts_with("preproc_")) {
        parent = family.parent(conditional);
    }
    node.start_position().column > 0 && parent.is_some_and(|scope| scope.kind() == "translation_unit")
}

/// Whether `node` is in the text of an `#if 0`, which the compiler never reads (its `#else`
/// is read).
fn disabled<'tree>(family: &Family<'tree>, mut node: Node<'tree>, text: &str) -> bool {
    while let Some(parent) = family.parent(node) {
        if parent.kind() == "preproc_if"
            && parent
                .child_by_field_name("condition")
                .is_some_and(|condition| text.get(condition.byte_range()) == Some("0"))
            && parent.child_by_field_name("alternative") != Some(node)
        {
            return true;
        }
        node = parent;
    }
    false
}

/// Blocks of statements that are only ever a function's (a C or C++ `compound_statement`;
/// other grammars use one kind for function bodies and module-level blocks alike).
pub(super) const LOCAL_BLOCKS: &[&str] = &["compound_statement"];

/// The name a C or C++ declarator declares: `*names[]` declares `names`, `(*handler)(int)`
/// declares `handler`. `None` for a function's declarator (a prototype declares a function
/// it does not define, also when its name is parenthesized: `int (getc)(FILE *)`) and for a
/// name it does not declare at this level (`int Foo::count` defines a member declared in its
/// class, `auto [a, b]` binds no one name), and for a parenthesized name: `FOO(bar);` at
/// the top level is a macro call far more often than a variable `bar` of type `FOO`.
fn declared_name(mut node: Node<'_>) -> Option<Node<'_>> {
    if node.kind() == "parenthesized_declarator" {
        return None;
    }
    loop {
        node = match node.kind() {
            "identifier" => return Some(node),
            "function_declarator" => {
                let inner = node.child_by_field_name("declarator")?;
                let pointer = inner.named_child(0)?;
                if inner.kind() != "parenthesized_declarator"
                    || !pointer.kind().ends_with("pointer_declarator")
                {
                    return None;
                }
                pointer
            }
            "parenthesized_declarator" | "attributed_declarator" | "reference_declarator" => {
                node.named_child(0)?
            }
            _ => node.child_by_field_name("declarator")?,
        }
    }
}

/// The node whose extent is the definition's: the definition itself, or a wrapper such as
/// C++'s `template_declaration` around it.
fn widen<'tree>(spec: &LanguageSpec, family: &Family<'tree>, mut node: Node<'tree>) -> Node<'tree> {
    while let Some(parent) = family.parent(node) {
        if spec.wrapping_parents().contains(&parent.kind()) {
            node = parent;
        } else {
            break;
        }
    }
    node
}

/// The start of the definition including attributes or decorators placed right before it.
fn leading_start<'tree>(spec: &LanguageSpec, family: &Family<'tree>, node: Node<'tree>) -> (usize, u32) {
    let mut first = node;
    while let Some(previous) = family.prev_sibling(first) {
        if spec.leading_siblings().contains(&previous.kind()) {
            first = previous;
        } else {
            break;
        }
    }
    (first.start_byte(), first.start_position().row as u32 + 1)
}

/// The symbols of a file's raw definitions: one per name (when several patterns match the
/// same name, a decorated Python function and the function inside it, the earliest pattern
/// wins), outer before inner, nesting resolved.
pub(super) fn symbols_of(spec: &LanguageSpec, mut raw: Vec<RawDefinition>) -> Vec<Symbol> {
    raw.sort_by_key(|definition| (definition.name_byte, definition.kind.is_none(), definition.pattern));
    raw.dedup_by_key(|definition| (definition.name_byte, definition.kind.is_none()));
    raw.sort_by(|a, b| a.start_byte.cmp(&b.start_byte).then(b.end_byte.cmp(&a.end_byte)));
    qualify(spec, raw)
}

/// Definitions nested deeper than this are not listed: their qualified names would grow
/// with the depth, and the names of a file with the depth squared (50,000 nested modules
/// made gigabytes). No hand-written code nests named definitions this deep.
pub(crate) const MAX_NESTING: usize = 100;

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
        let is_data = definition.kind.is_some_and(SymbolKind::is_data);
        if stack.len() >= MAX_NESTING {
            // Kept on the stack (nameless) so that what follows it is still nested right.
            if !is_data {
                stack.push(Enclosing::nameless(&definition));
            }
            continue;
        }
        // A constant or variable inside a function is a local (a C `static` under an `#if`
        // in a body, a Rust `const` in a `fn`).
        if is_data && parent.is_some_and(|outer| function_like(outer.kind)) {
            continue;
        }
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
        if !is_data {
            stack.push(Enclosing {
                start_byte: definition.start_byte,
                end_byte: definition.end_byte,
                end_line: definition.end_line,
                qualified_name: qualified,
                kind,
            });
        }
    }
    symbols
}

fn function_like(kind: Option<SymbolKind>) -> bool {
    matches!(kind, Some(SymbolKind::Function | SymbolKind::Method))
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

impl Enclosing {
    /// A definition deeper than [`MAX_NESTING`]: its extent only.
    fn nameless(definition: &RawDefinition) -> Enclosing {
        Enclosing {
            start_byte: definition.start_byte,
            end_byte: definition.end_byte,
            end_line: definition.end_line,
            qualified_name: String::new(),
            kind: definition.kind,
        }
    }
}

#[cfg(test)]
mod tests;
