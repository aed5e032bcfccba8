//! Where a query's patterns can start: the node kinds at the root of each pattern, read off
//! the query's source, so that the query runs only at the nodes where a match can start
//! (`analysis.rs`) rather than carrying the query cursor over every node of the tree,
//! which cost more than all of the patterns' own work. A pattern made of siblings
//! (`((attribute_item) . (mod_item))`) starts at its first sibling but has to be run from
//! the siblings' parent; a pattern this reader does not understand makes every node a start.

use tree_sitter::{Language, Node, Query};

/// The node kinds at which some pattern of a query can start.
pub(crate) struct Starts {
    /// By node kind id.
    kinds: Vec<bool>,
    /// `ERROR` nodes (whose kind id is outside the grammar's table).
    error: bool,
    /// Some pattern can start anywhere (a wildcard root, or one not understood).
    any: bool,
    /// By node kind id, the captures of the patterns that are that node alone
    /// (`(string_literal) @config`): read in the walk, without running the query.
    captures: Vec<Vec<u32>>,
}

impl Starts {
    fn new(language: &Language) -> Starts {
        Starts {
            kinds: vec![false; usize::from(language.node_kind_count() as u16)],
            error: false,
            any: false,
            captures: Vec::new(),
        }
    }

    /// Whether a pattern may start at `node`, of kind `id`.
    pub(crate) fn at(&self, id: u16, node: Node<'_>) -> bool {
        if self.any {
            return true;
        }
        match self.kinds.get(usize::from(id)) {
            Some(&start) => start,
            None => self.error && node.is_error(),
        }
    }

    /// The captures of the patterns that are a node of kind `id` alone.
    pub(crate) fn captures(&self, id: u16) -> &[u32] {
        self.captures.get(usize::from(id)).map_or(&[], Vec::as_slice)
    }

    /// Ids of the node kinds named `kind`, visible and named as given.
    fn ids(&self, language: &Language, kind: &str, named: bool) -> Vec<usize> {
        (0..self.kinds.len())
            .filter(|&id| {
                language.node_kind_for_id(id as u16) == Some(kind)
                    && language.node_kind_is_named(id as u16) == named
            })
            .collect()
    }

    fn add(&mut self, language: &Language, root: &Root) {
        match root {
            Root::Any => self.any = true,
            Root::Kinds(kinds) => {
                for (kind, named) in kinds {
                    if kind == "ERROR" {
                        self.error = true;
                        continue;
                    }
                    let ids = self.ids(language, kind, *named);
                    let found = !ids.is_empty();
                    for id in ids {
                        self.kinds[id] = true;
                    }
                    // A supertype or an unknown kind: where it starts is not known here.
                    let supertype = language
                        .supertypes()
                        .iter()
                        .any(|&id| language.node_kind_for_id(id) == Some(kind.as_str()));
                    if !found || supertype {
                        self.any = true;
                    }
                }
            }
        }
    }
}

/// A query's starts: `single` for the patterns that start at one node, `siblings` for the
/// first nodes of the patterns made of siblings, and which patterns those are; the
/// patterns that are one node alone, whose captures `single` lists, are `alone`.
pub(crate) struct QueryStarts {
    pub(crate) single: Starts,
    pub(crate) siblings: Starts,
    pub(crate) sibling_patterns: Vec<usize>,
    pub(crate) alone: Vec<usize>,
}

/// Reads where each pattern of `query` (compiled from `source`) starts. A pattern for which
/// `may_stand_alone` holds and that is one node kind alone with one capture is read by
/// the walk (its index in `alone`: the query should not run it too).
pub(crate) fn query_starts(
    language: &Language,
    query: &Query,
    source: &str,
    may_stand_alone: impl Fn(usize) -> bool,
) -> QueryStarts {
    let mut starts = QueryStarts {
        single: Starts::new(language),
        siblings: Starts::new(language),
        sibling_patterns: Vec::new(),
        alone: Vec::new(),
    };
    starts.single.captures = vec![Vec::new(); starts.single.kinds.len()];
    for pattern in 0..query.pattern_count() {
        let start = query.start_byte_for_pattern(pattern);
        let end = if pattern + 1 < query.pattern_count() {
            query.start_byte_for_pattern(pattern + 1)
        } else {
            source.len()
        };
        if may_stand_alone(pattern)
            && let Some((kinds, capture)) = source.get(start..end).and_then(alone)
            && let Some(capture) = query.capture_index_for_name(&capture)
        {
            let ids: Vec<Vec<usize>> =
                kinds.iter().map(|kind| starts.single.ids(language, kind, true)).collect();
            if ids.iter().all(|ids| !ids.is_empty()) {
                for id in ids.into_iter().flatten() {
                    starts.single.captures[id].push(capture);
                }
                starts.alone.push(pattern);
                continue;
            }
        }
        match source.get(start..).and_then(|rest| Reader { text: rest.as_bytes(), at: 0 }.element()) {
            Some(Element::Node(root)) => starts.single.add(language, &root),
            Some(Element::Siblings(first)) => {
                starts.siblings.add(language, &first);
                starts.sibling_patterns.push(pattern);
            }
            _ => starts.single.any = true,
        }
    }
    starts
}

/// A pattern that is one node alone (`(kind)` or `[(kind) (kind)]`, no fields, children
/// or predicates) with one capture: its kinds and capture name.
fn alone(pattern: &str) -> Option<(Vec<String>, String)> {
    let mut reader = Reader { text: pattern.as_bytes(), at: 0 };
    let mut kinds = Vec::new();
    let alternation = reader.peek()? == b'[';
    if alternation {
        reader.at += 1;
    }
    loop {
        if reader.peek()? != b'(' {
            return None;
        }
        reader.at += 1;
        reader.skip_space();
        let kind = reader.word();
        if kind.is_empty()
            || !kind.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
            || kind == "_"
        {
            return None;
        }
        if reader.peek()? != b')' {
            return None;
        }
        reader.at += 1;
        kinds.push(kind);
        if !alternation {
            break;
        }
        if reader.peek()? == b']' {
            reader.at += 1;
            break;
        }
    }
    if reader.peek()? != b'@' {
        return None;
    }
    reader.at += 1;
    let capture = reader.word();
    (reader.peek().is_none() && !capture.is_empty()).then_some((kinds, capture))
}

/// The kinds a pattern's root node can have.
#[derive(Debug, PartialEq, Eq)]
enum Root {
    /// `(kind …)` or `"keyword"` (named or not), or an alternation of them.
    Kinds(Vec<(String, bool)>),
    /// `(_)`, `_`.
    Any,
}

#[derive(Debug, PartialEq, Eq)]
enum Element {
    Node(Root),
    /// A group of sibling nodes, with the first one's root.
    Siblings(Root),
    /// A predicate `(#eq? …)`, a capture, an anchor or a quantifier.
    Other,
}

/// A reader of query source from a pattern's start.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while let Some(&byte) = self.text.get(self.at) {
            if byte == b';' {
                while self.text.get(self.at).is_some_and(|&byte| byte != b'\n') {
                    self.at += 1;
                }
            } else if byte.is_ascii_whitespace() {
                self.at += 1;
            } else {
                break;
            }
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.get(self.at).copied()
    }

    fn word(&mut self) -> String {
        let start = self.at;
        while self
            .text
            .get(self.at)
            .is_some_and(|&byte| !byte.is_ascii_whitespace() && !b"()[]\";".contains(&byte))
        {
            self.at += 1;
        }
        String::from_utf8_lossy(&self.text[start..self.at]).into_owned()
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match *self.text.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    self.at += 1;
                    out.push(match *self.text.get(self.at)? {
                        b'n' => b'\n',
                        b't' => b'\t',
                        b'r' => b'\r',
                        b'0' => 0,
                        other => other,
                    });
                }
                other => out.push(other),
            }
            self.at += 1;
        }
        self.at += 1;
        String::from_utf8(out).ok()
    }

    /// Skips to after the bracket closing the one just read.
    fn close(&mut self, closing: u8) -> Option<()> {
        loop {
            match self.peek()? {
                byte if byte == closing => {
                    self.at += 1;
                    return Some(());
                }
                b'(' | b'[' | b'"' => {
                    self.element()?;
                }
                _ => {
                    self.at += 1;
                    self.word();
                }
            }
        }
    }

    /// Reads one element and says what it is.
    fn element(&mut self) -> Option<Element> {
        match self.peek()? {
            b'"' => Some(Element::Node(Root::Kinds(vec![(self.string()?, false)]))),
            b'[' => {
                self.at += 1;
                let mut kinds = Vec::new();
                for root in self.nodes_until(b']')? {
                    match root {
                        Root::Kinds(more) => kinds.extend(more),
                        Root::Any => return Some(Element::Node(Root::Any)),
                    }
                }
                Some(Element::Node(Root::Kinds(kinds)))
            }
            b'(' => {
                self.at += 1;
                match self.peek()? {
                    b'#' => {
                        self.close(b')')?;
                        Some(Element::Other)
                    }
                    b'(' | b'[' | b'"' => self.group(),
                    _ => {
                        let kind = self.word();
                        self.close(b')')?;
                        Some(Element::Node(if kind == "_" {
                            Root::Any
                        } else {
                            Root::Kinds(vec![(kind, true)])
                        }))
                    }
                }
            }
            b'_' => {
                self.word();
                Some(Element::Node(Root::Any))
            }
            _ => {
                self.word();
                Some(Element::Other)
            }
        }
    }

    /// A parenthesized group, its `(` read: one node with predicates, or siblings.
    fn group(&mut self) -> Option<Element> {
        let nodes = self.nodes_until(b')')?;
        let many = nodes.len() > 1;
        let first = nodes.into_iter().next()?;
        Some(if many { Element::Siblings(first) } else { Element::Node(first) })
    }

    /// The nodes of the elements up to `close`, which it reads (predicates, fields and
    /// captures skipped); `None` when one of them is a run of siblings.
    fn nodes_until(&mut self, close: u8) -> Option<Vec<Root>> {
        let mut nodes = Vec::new();
        loop {
            match self.peek()? {
                byte if byte == close => break,
                b'(' | b'[' | b'"' | b'_' => match self.element()? {
                    Element::Node(root) => nodes.push(root),
                    Element::Siblings(_) => return None,
                    Element::Other => {}
                },
                _ => {
                    self.at += 1;
                    self.word();
                }
            }
        }
        self.at += 1;
        Some(nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pattern: &str) -> Option<Element> {
        Reader { text: pattern.as_bytes(), at: 0 }.element()
    }

    fn kinds(list: &[&str]) -> Root {
        Root::Kinds(list.iter().map(|kind| (kind.to_string(), true)).collect())
    }

    #[test]
    fn roots_of_patterns() {
        assert_eq!(
            read("(function_item name: (identifier) @name) @definition.function"),
            Some(Element::Node(kinds(&["function_item"])))
        );
        assert_eq!(
            read("((line_comment) @invariant (#match? @invariant \"^(x)\"))"),
            Some(Element::Node(kinds(&["line_comment"])))
        );
        assert_eq!(
            read(
                "((attribute_item (attribute (identifier) @_path))\n .\n (mod_item name: (identifier) @import.mod !body)\n (#eq? @_path \"path\"))"
            ),
            Some(Element::Siblings(kinds(&["attribute_item"])))
        );
        assert_eq!(
            read("[(interpreted_string_literal) (raw_string_literal)] @config"),
            Some(Element::Node(kinds(&["interpreted_string_literal", "raw_string_literal"])))
        );
        assert_eq!(read("(_ (x))"), Some(Element::Node(Root::Any)));
        assert_eq!(
            read("\"static\" @x"),
            Some(Element::Node(Root::Kinds(vec![("static".to_owned(), false)])))
        );
        assert_eq!(read("; a comment\n(a ; (b\n (c \"(\"))"), Some(Element::Node(kinds(&["a"]))));
    }

    #[test]
    fn patterns_of_one_node_alone() {
        assert_eq!(
            alone("(string_literal) @config\n; next\n"),
            Some((vec!["string_literal".to_owned()], "config".to_owned()))
        );
        assert_eq!(
            alone("[(interpreted_string_literal) (raw_string_literal)] @config"),
            Some((
                vec!["interpreted_string_literal".to_owned(), "raw_string_literal".to_owned()],
                "config".to_owned()
            ))
        );
        assert_eq!(alone("(string_literal (x)) @config"), None);
        assert_eq!(alone("((comment) @invariant (#match? @invariant \"x\"))"), None);
        assert_eq!(alone("(string_literal) @a @b"), None);
        assert_eq!(alone("(_) @a"), None);
    }

    /// Every pattern of every language has known starts, and only the languages listed have
    /// patterns of siblings.
    #[test]
    fn every_language_has_known_starts() {
        let mut shown = Vec::new();
        for spec in &crate::code::lang::LANGUAGES {
            let compiled = spec.compiled().unwrap_or_else(|error| panic!("{}", error.message));
            assert!(!compiled.starts.single.any, "{}: a pattern starts anywhere", spec.id);
            assert!(!compiled.starts.siblings.any, "{}: a pattern of siblings starts anywhere", spec.id);
            shown.push(format!(
                "{}: {} of siblings, {} alone",
                spec.id,
                compiled.starts.sibling_patterns.len(),
                compiled.starts.alone.len()
            ));
        }
        expect_test::expect![[r#"
            c: 2 of siblings, 1 alone
            cpp: 2 of siblings, 2 alone
            go: 0 of siblings, 1 alone
            java: 0 of siblings, 2 alone
            javascript: 0 of siblings, 1 alone
            python: 0 of siblings, 2 alone
            rust: 1 of siblings, 3 alone
            tsx: 0 of siblings, 1 alone
            typescript: 0 of siblings, 1 alone"#]]
        .assert_eq(&shown.join("\n"));
    }
}
