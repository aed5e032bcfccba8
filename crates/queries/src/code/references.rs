//! The type-like names a file refers to, read off its syntax tree: what the recon ranks
//! types by. Comments and strings never count (the English word "Store" in a comment is
//! not a use of `Store`), and in languages whose grammar marks type positions
//! (`type_identifier`) a capitalized name that is only called (`Run(…)`, `pkg.Run(…)`) is
//! a function, not a type. A Go constructor call `NewStore(…)` counts as a use of `Store`.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use tree_sitter::{Language, Node};

use crate::code::roots::QueryStarts;

/// At most this many names per file, the most used first.
pub(crate) const MAX_REFERENCES: usize = 512;

/// What a node kind is to the reference count.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Other,
    /// A comment or a string: read by [`mentions`], not descended into.
    Prose,
    /// `type_identifier`: a type position, whatever the case.
    Type,
    /// Any other identifier: a type when capitalized and not only called.
    Name,
    /// A call (`call_expression`, Python's `call`).
    Call,
}

/// Each node kind of a grammar classified once, so that the walk does a table lookup per
/// node, not string comparisons.
pub(crate) struct KindTable {
    kinds: Vec<Kind>,
    /// The grammar marks type positions (`type_identifier`): a capitalized name that is
    /// only called is then a function.
    pub(crate) typed: bool,
    function_field: Option<std::num::NonZeroU16>,
}

impl KindTable {
    pub(crate) fn new(language: &Language) -> KindTable {
        let kinds = (0..language.node_kind_count() as u16)
            .map(|id| {
                let kind = language.node_kind_for_id(id).unwrap_or("");
                if kind.contains("comment") || kind.contains("string") || kind == "char_literal" {
                    Kind::Prose
                } else if kind == "type_identifier" {
                    Kind::Type
                } else if kind.ends_with("identifier") || kind == "constant" {
                    Kind::Name
                } else if matches!(kind, "call_expression" | "call") {
                    Kind::Call
                } else {
                    Kind::Other
                }
            })
            .collect();
        KindTable {
            kinds,
            typed: marks_type_positions(language),
            function_field: language.field_id_for_name("function"),
        }
    }

    fn of(&self, node: Node<'_>) -> Kind {
        self.of_id(node.kind_id())
    }

    fn of_id(&self, id: u16) -> Kind {
        self.kinds.get(usize::from(id)).copied().unwrap_or(Kind::Other)
    }
}

/// Whether `language`'s grammar marks type positions (`type_identifier`): a capitalized
/// name that is only called is then a function.
pub(crate) fn marks_type_positions(language: &Language) -> bool {
    language.id_for_node_kind("type_identifier", true) != 0
}

/// What one walk of a tree finds: the type-like names used under it, with how often (at
/// most [`MAX_REFERENCES`] names, sorted by name); the tree's depth outside comments and
/// strings, which `Family` needs; and the nodes at which the language's query is to run
/// ([`Starts`]), in the walk's order.
pub(crate) struct Walk<'tree> {
    pub(crate) references: Vec<(String, u32)>,
    pub(crate) depth: usize,
    pub(crate) starts: Vec<Start<'tree>>,
}

/// A node to run the query at: the patterns that start at it, or the patterns of siblings
/// that start at its children; or a node a pattern of that node alone captures (by the
/// capture's index), with no query to run.
#[derive(Clone, Copy)]
pub(crate) enum Start<'tree> {
    At(Node<'tree>),
    Below(Node<'tree>),
    Alone(Node<'tree>, u32),
}

/// Walks the tree under `root` once: references (when `count`), depth, and where the
/// query's patterns start, to `max_start_depth` levels.
pub(crate) fn walk<'tree>(
    table: &KindTable,
    starts: &QueryStarts,
    root: Node<'tree>,
    text: &str,
    max_start_depth: usize,
) -> Walk<'tree> {
    let mut counts: HashMap<&str, u32> = HashMap::default();
    let mut cursor = root.walk();
    // The ancestors of the cursor's node: a stack rather than `Node::parent`, which walks
    // down from the root on every call.
    let mut ancestors: Vec<Node<'tree>> = Vec::new();
    let mut deepest = 0;
    let mut found = Vec::new();
    let mut parents: FxHashSet<usize> = FxHashSet::default();
    // The depth of the comment or string the cursor is in: nothing under it counts, but a
    // pattern may start there (a call in an f-string).
    let mut prose: Option<usize> = None;
    'walk: loop {
        let node = cursor.node();
        let id = node.kind_id();
        if ancestors.len() <= max_start_depth {
            if starts.single.at(id, node) {
                found.push(Start::At(node));
            }
            found.extend(starts.single.captures(id).iter().map(|&capture| Start::Alone(node, capture)));
            if starts.siblings.at(id, node)
                && let Some(&parent) = ancestors.last()
                && parents.insert(parent.id())
            {
                found.push(Start::Below(parent));
            }
        }
        let kind = table.of_id(id);
        if prose.is_none() && kind == Kind::Prose {
            prose = Some(ancestors.len());
            for name in text.get(node.byte_range()).into_iter().flat_map(mentions) {
                *counts.entry(name).or_default() += 1;
            }
        }
        if cursor.goto_first_child() {
            ancestors.push(node);
            if prose.is_none() {
                deepest = deepest.max(ancestors.len());
            }
            continue;
        }
        if prose.is_none()
            && let Some(name) = reference(table, kind, &cursor, &ancestors, text)
        {
            *counts.entry(name).or_default() += 1;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
            ancestors.pop();
        }
        if prose.is_some_and(|level| ancestors.len() <= level) {
            prose = None;
        }
    }
    Walk { references: top_references(counts), depth: deepest, starts: found }
}

/// The [`MAX_REFERENCES`] most used names of `counts`, sorted by name.
pub(crate) fn top_references(counts: HashMap<&str, u32>) -> Vec<(String, u32)> {
    let mut references: Vec<(String, u32)> =
        counts.into_iter().map(|(name, count)| (name.to_owned(), count)).collect();
    references.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    references.truncate(MAX_REFERENCES);
    references.sort();
    references
}

/// The name the leaf under `cursor` refers to as a type, if it does.
fn reference<'t>(
    table: &KindTable,
    kind: Kind,
    cursor: &tree_sitter::TreeCursor<'_>,
    ancestors: &[Node<'_>],
    text: &'t str,
) -> Option<&'t str> {
    if !matches!(kind, Kind::Type | Kind::Name) {
        return None;
    }
    let node = cursor.node();
    let name = text.get(node.byte_range())?;
    if kind == Kind::Type {
        return (name.len() >= 2).then_some(name);
    }
    if !capitalized(name) {
        return None;
    }
    if table.typed && callee(table, cursor, ancestors) {
        // `NewStore(…)`: Go's constructor convention names the type it builds.
        return name.strip_prefix("New").filter(|rest| capitalized(rest));
    }
    Some(name)
}

/// Whether the cursor's node is what a call calls: `Run` in `Run(…)`, `x.Run(…)` or
/// `pkg.Run(…)`.
fn callee(table: &KindTable, cursor: &tree_sitter::TreeCursor<'_>, ancestors: &[Node<'_>]) -> bool {
    let Some(function) = table.function_field else { return false };
    let node = cursor.node();
    let is_function_of = |call: &Node<'_>, child: &Node<'_>| {
        table.of(*call) == Kind::Call
            && call.child_by_field_id(function.get()).is_some_and(|f| f.id() == child.id())
    };
    match ancestors {
        [.., grandparent, parent] => {
            is_function_of(parent, &node)
                || matches!(cursor.field_name(), Some("field" | "property" | "name"))
                    && is_function_of(grandparent, parent)
        }
        [parent] => is_function_of(parent, &node),
        [] => false,
    }
}

/// `Store`, `FS`: a capital letter and at least one more character.
pub(crate) fn capitalized(name: &str) -> bool {
    name.len() >= 2 && name.as_bytes()[0].is_ascii_uppercase()
}

/// The names prose mentions as code: in a code span or brackets (`` `Store` ``,
/// `` `http.Request` ``, `[Store]`, `{@link Store}`), written with an inner capital (`ParseNode`, which no English
/// word is), or a whole string that is a name (`"Store"`: a forward reference in a Python
/// annotation). A capitalized English word ("Store the value") is not one.
pub(crate) fn mentions(words: &str) -> impl Iterator<Item = &str> {
    let bytes = words.as_bytes();
    let inner = words.trim_matches(|c: char| matches!(c, '"' | '\'' | '`'));
    let whole = (inner.len() + 2 == words.len() && identifier(inner) && capitalized(inner)).then_some(inner);
    let mut index = 0;
    // Inside a code span (`` `scrapy.http.Request` ``, `` [`crate::Store`] ``): every
    // capitalized name there is code.
    let mut in_code = false;
    let quoted = std::iter::from_fn(move || {
        while index < bytes.len() {
            let start = index;
            if bytes[start] == b'`' {
                in_code = !in_code;
                index += 1;
            } else if bytes[start].is_ascii_alphabetic() || bytes[start] == b'_' {
                while index < bytes.len() && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_') {
                    index += 1;
                }
                let word = &words[start..index];
                let before = start.checked_sub(1).map(|at| bytes[at]);
                let after = bytes.get(index).copied();
                let marked = matches!(before, Some(b'`' | b'[')) && matches!(after, Some(b'`' | b']'))
                    || words[..start].ends_with("@link ");
                let glued = before.is_some_and(|byte| byte.is_ascii_alphanumeric() || byte >= 0x80);
                if !glued && capitalized(word) && (in_code || marked || inner_capital(word)) {
                    return Some(word);
                }
            } else {
                index += 1;
            }
        }
        None
    });
    whole.into_iter().chain(quoted).filter(|_| !words.is_empty())
}

fn identifier(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

/// `ParseNode`, `HTTPServer`: a capital after a lowercase letter or before one, past the
/// first letter.
fn inner_capital(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .skip(1)
        .any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use crate::code::analysis::analyze_text;
    use crate::code::lang::LanguageSpec;

    fn check(path: &str, text: &str, expect: Expect) {
        let spec = LanguageSpec::for_path(path).unwrap();
        let references = analyze_text(spec, text).references;
        let shown: Vec<String> = references.iter().map(|(name, uses)| format!("{name} {uses}")).collect();
        expect.assert_eq(&shown.join("\n"));
    }

    #[test]
    fn go_types_are_type_positions_and_constructors_not_calls_or_prose() {
        check(
            "a.go",
            r#"package a
// Run the Store. See `Cache` and LinkerContext; Store it.
type parser struct{ store *Store }
func (p *parser) go() { x := NewStore(); Run(x); p.Run(); pkg.Run(); _ = "Store" }
"#,
            expect![[r#"
                Cache 1
                LinkerContext 1
                Store 3
                parser 2"#]],
        );
    }

    #[test]
    fn rust_paths_and_struct_literals_count_english_in_comments_does_not() {
        check(
            "a.rs",
            "/// Store the value in a [`Cache`].\nfn f(s: &Store) -> Cache { Cache::new(); Store { x: 1 }; Variant::A(1) }\n",
            expect![[r#"
                Cache 3
                Store 2
                Variant 1"#]],
        );
    }

    #[test]
    fn python_names_a_call_can_construct_and_forward_references() {
        check(
            "a.py",
            "# Request handling. The Response is sent.\ndef f(r: \"Request\") -> Response:\n    \"\"\"Answers :class:`~shop.http.Request` objects.\"\"\"\n    return Response(Request())\n",
            expect![[r#"
                Request 3
                Response 2"#]],
        );
    }
}
