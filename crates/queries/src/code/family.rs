//! Parents and previous siblings of a syntax tree's nodes in constant time.
//!
//! tree-sitter keeps no parent pointers: `Node::parent` and `Node::prev_sibling` walk down
//! from the root, so they cost the node's depth, and asking them for every definition of
//! a deeply nested file (thousands of nested namespaces, minified code) is quadratic. In a
//! tree deeper than [`SHALLOW`], one walk records every node's parent and previous sibling
//! (and whether it lies in a function's block); shallower trees ask tree-sitter, which is
//! then cheap and needs no table.

use std::collections::HashMap;

use tree_sitter::Node;

/// Trees at most this deep are asked directly.
const SHALLOW: usize = 64;

#[derive(Clone, Copy)]
struct Links<'tree> {
    parent: Option<Node<'tree>>,
    previous: Option<Node<'tree>>,
    /// Whether some ancestor is one of the `local_blocks` kinds.
    in_local_block: bool,
}

/// The family links of one tree.
pub(crate) struct Family<'tree> {
    links: Option<HashMap<usize, Links<'tree>>>,
    local_blocks: &'static [&'static str],
    /// Byte ranges of the file-scope runs of [`torn_runs`], in order.
    torn: Vec<(usize, usize)>,
}

impl<'tree> Family<'tree> {
    /// The links of `root`'s tree; `local_blocks` are the kinds [`Family::in_local_block`]
    /// looks for among ancestors.
    /// `depth` is the tree's depth when a walk that visited every node anyway knows it;
    /// `None` measures it.
    pub(crate) fn of_depth(
        root: Node<'tree>,
        depth: Option<usize>,
        local_blocks: &'static [&'static str],
    ) -> Family<'tree> {
        let deep = depth.map_or_else(|| depth_over(root, SHALLOW), |depth| depth > SHALLOW);
        let links = deep.then(|| table(root, local_blocks));
        Family { links, local_blocks, torn: torn_runs(root) }
    }

    /// Whether `node` lies in a run of file-scope declarations that error recovery tore
    /// out of a class body ([`torn_runs`]).
    pub(crate) fn in_torn_body(&self, node: Node<'tree>) -> bool {
        let start = node.start_byte();
        let after = self.torn.partition_point(|&(run_start, _)| run_start <= start);
        after > 0 && start < self.torn[after - 1].1
    }

    pub(crate) fn parent(&self, node: Node<'tree>) -> Option<Node<'tree>> {
        match &self.links {
            Some(links) => links.get(&node.id()).and_then(|links| links.parent),
            None => node.parent(),
        }
    }

    pub(crate) fn prev_sibling(&self, node: Node<'tree>) -> Option<Node<'tree>> {
        match &self.links {
            Some(links) => links.get(&node.id()).and_then(|links| links.previous),
            None => node.prev_sibling(),
        }
    }

    /// Whether an ancestor of `node` is of one of the local block kinds.
    pub(crate) fn in_local_block(&self, node: Node<'tree>) -> bool {
        match &self.links {
            Some(links) => links.get(&node.id()).is_some_and(|links| links.in_local_block),
            None => {
                let mut ancestor = node.parent();
                while let Some(scope) = ancestor {
                    if self.local_blocks.contains(&scope.kind()) {
                        return true;
                    }
                    ancestor = scope.parent();
                }
                false
            }
        }
    }
}

/// In a C or C++ file with a syntax error, the runs of file-scope declarations, comments and
/// preprocessor lines that error recovery tore out of a class or function body: those
/// right after or right before a statement file scope cannot hold (`private:`, `return`,
/// `if`), or before a `}` that closes nothing. One pass over the top-level nodes, none in a
/// file that parsed.
const BODY_STATEMENTS: &[&str] = &[
    "labeled_statement",
    "if_statement",
    "for_statement",
    "while_statement",
    "do_statement",
    "switch_statement",
    "case_statement",
    "return_statement",
    "break_statement",
    "continue_statement",
];

fn torn_runs(root: Node<'_>) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    // The root is an `ERROR` when recovery found no translation unit at all.
    if !matches!(root.kind(), "translation_unit" | "ERROR") || !root.has_error() {
        return runs;
    }
    let mut cursor = root.walk();
    let mut run: Option<(usize, usize)> = None;
    let mut after_label = false;
    for child in root.children(&mut cursor) {
        let kind = child.kind();
        if matches!(kind, "declaration" | "comment") || kind.starts_with("preproc_") {
            let (start, _) = run.unwrap_or((child.start_byte(), 0));
            run = Some((start, child.end_byte()));
            continue;
        }
        let statement = BODY_STATEMENTS.contains(&kind);
        let closes =
            statement || (child.is_error() && child.child(0).is_some_and(|first| first.kind() == "}"));
        if let Some(found) = run.take()
            && (after_label || closes)
        {
            runs.push(found);
        }
        after_label = statement;
    }
    if let Some(found) = run.filter(|_| after_label) {
        runs.push(found);
    }
    runs
}

/// Whether the tree under `root` is deeper than `limit`, by one cursor walk that stops as
/// soon as it is.
fn depth_over(root: Node<'_>, limit: usize) -> bool {
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            if depth > limit {
                return true;
            }
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return false;
            }
            depth -= 1;
        }
    }
}

/// Every node's links, in one walk (iterative: no recursion as deep as the tree).
fn table<'tree>(root: Node<'tree>, local_blocks: &[&str]) -> HashMap<usize, Links<'tree>> {
    let mut links = HashMap::new();
    links.insert(root.id(), Links { parent: None, previous: None, in_local_block: false });
    let mut pending = vec![(root, false)];
    let mut cursor = root.walk();
    while let Some((node, inside)) = pending.pop() {
        let inside_children = inside || local_blocks.contains(&node.kind());
        let mut previous = None;
        for child in node.children(&mut cursor) {
            links.insert(child.id(), Links { parent: Some(node), previous, in_local_block: inside_children });
            previous = Some(child);
            pending.push((child, inside_children));
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table agrees with tree-sitter's own (slow) answers on a deep tree.
    #[test]
    fn the_table_agrees_with_tree_sitter() {
        let depth = 100;
        let source = "int main() { ".to_owned() + &"{ int x; ".repeat(depth) + &"}".repeat(depth) + "}";
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_cpp::LANGUAGE.into()).unwrap();
        let tree = parser.parse(&source, None).unwrap();
        let family = Family::of_depth(tree.root_node(), None, &["compound_statement"]);
        assert!(family.links.is_some(), "deep enough for a table");
        let shallow = Family { links: None, local_blocks: &["compound_statement"], torn: Vec::new() };
        let mut pending = vec![tree.root_node()];
        let mut checked = 0;
        while let Some(node) = pending.pop() {
            assert_eq!(family.parent(node), shallow.parent(node));
            assert_eq!(family.prev_sibling(node), shallow.prev_sibling(node));
            assert_eq!(family.in_local_block(node), shallow.in_local_block(node));
            let mut cursor = node.walk();
            pending.extend(node.children(&mut cursor));
            checked += 1;
        }
        assert!(checked > depth * 4);
    }
}
