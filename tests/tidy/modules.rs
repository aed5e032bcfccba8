//! The module graph of a crate, read from its sources: which file module imports which.
//!
//! A file module is a `.rs` file under `src/`. An edge `a -> b` means that non-test code of
//! `a` names a path (`use crate::x::y`, `super::z`, or an inline `crate::x::f()`) that lands
//! in `b`: the deepest file module the path walks through. `mod` declarations are not
//! edges, and code under `#[cfg(test)]` is left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A file module, as its path segments from the crate root (`["plan", "model", "prs"]`).
pub(crate) type Module = Vec<String>;

pub(crate) struct Graph {
    pub(crate) modules: BTreeMap<Module, PathBuf>,
    pub(crate) edges: BTreeMap<Module, BTreeSet<Module>>,
}

impl Graph {
    /// Reads every file module under `src`.
    pub(crate) fn read(src: &Path) -> Graph {
        let mut modules = BTreeMap::new();
        collect(src, src, &mut modules);
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        for (module, file) in &modules {
            let text = std::fs::read_to_string(file).expect("a source file");
            let code = without_tests(&text);
            let targets = edges.entry(module.clone()).or_default();
            for path in paths(&code) {
                if let Some(target) = resolve(&modules, module, &path)
                    && target != *module
                {
                    targets.insert(target);
                }
            }
        }
        Graph { modules, edges }
    }

    /// The strongly connected components with more than one module: the import circles.
    pub(crate) fn cycles(&self) -> Vec<Vec<Module>> {
        // Tarjan's algorithm, iterative over a small graph.
        let names: Vec<&Module> = self.modules.keys().collect();
        let index_of: BTreeMap<&Module, usize> = names.iter().enumerate().map(|(i, m)| (*m, i)).collect();
        let successors: Vec<Vec<usize>> = names
            .iter()
            .map(|module| {
                self.edges.get(*module).map_or(Vec::new(), |targets| {
                    targets.iter().filter_map(|target| index_of.get(target).copied()).collect()
                })
            })
            .collect();
        let mut state = Tarjan {
            index: vec![None; names.len()],
            low: vec![0; names.len()],
            on_stack: vec![false; names.len()],
            stack: Vec::new(),
            next: 0,
            components: Vec::new(),
        };
        for start in 0..names.len() {
            if state.index[start].is_none() {
                state.visit(start, &successors);
            }
        }
        state
            .components
            .into_iter()
            .filter(|component| component.len() > 1)
            .map(|component| component.into_iter().map(|i| names[i].clone()).collect())
            .collect()
    }
}

struct Tarjan {
    index: Vec<Option<usize>>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    next: usize,
    components: Vec<Vec<usize>>,
}

impl Tarjan {
    fn visit(&mut self, node: usize, successors: &[Vec<usize>]) {
        self.index[node] = Some(self.next);
        self.low[node] = self.next;
        self.next += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        for &next in &successors[node] {
            match self.index[next] {
                None => {
                    self.visit(next, successors);
                    self.low[node] = self.low[node].min(self.low[next]);
                }
                Some(index) if self.on_stack[next] => self.low[node] = self.low[node].min(index),
                Some(_) => {}
            }
        }
        if Some(self.low[node]) == self.index[node] {
            let mut component = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack[top] = false;
                component.push(top);
                if top == node {
                    break;
                }
            }
            component.sort_unstable();
            self.components.push(component);
        }
    }
}

fn collect(src: &Path, dir: &Path, out: &mut BTreeMap<Module, PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(src, &path, out);
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).expect("under src");
        let mut segments: Vec<String> =
            relative.iter().map(|segment| segment.to_string_lossy().into_owned()).collect();
        let last = segments.pop().expect("a file name");
        match last.as_str() {
            "lib.rs" | "main.rs" if segments.is_empty() => {}
            "mod.rs" => {}
            other => segments.push(other.trim_end_matches(".rs").to_owned()),
        }
        if segments.last().is_some_and(|segment| segment == "tests") {
            continue; // Test modules in their own files.
        }
        out.insert(segments, path);
    }
}

/// The text with every `#[cfg(test)]` item removed (the item up to its closing brace or
/// semicolon), and comments and string literals blanked.
fn without_tests(text: &str) -> String {
    let blanked = blank_comments_and_strings(text);
    let mut out = String::with_capacity(blanked.len());
    let mut rest = blanked.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its first `;` before any `{`, or at the brace matching its first `{`.
        let end = match (after.find('{'), after.find(';')) {
            (Some(brace), Some(semi)) if semi < brace => semi + 1,
            (Some(brace), _) => matching_brace(after, brace).map_or(after.len(), |end| end + 1),
            (None, Some(semi)) => semi + 1,
            (None, None) => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, byte) in text.bytes().enumerate().skip(open) {
        match byte {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(offset);
                }
            }
            _ => {}
        }
    }
    None
}

/// Comments, string and char literals replaced by spaces, so that paths inside them are not
/// read as imports. Raw strings are handled; lifetimes are told from char literals.
pub(crate) fn blank_comments_and_strings(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut index = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut out[from..to.min(bytes.len())] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    while index < bytes.len() {
        let rest = &bytes[index..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| index + p);
            blank(&mut out, index, end);
            index = end;
        } else if rest.starts_with(b"/*") {
            let end = text[index + 2..].find("*/").map_or(bytes.len(), |p| index + 2 + p + 2);
            blank(&mut out, index, end);
            index = end;
        } else if rest.starts_with(b"r#") || rest.starts_with(b"r\"") {
            let hashes = rest[1..].iter().take_while(|&&b| b == b'#').count();
            if rest.get(1 + hashes) != Some(&b'"') {
                index += 1;
                continue;
            }
            let closing = format!("\"{}", "#".repeat(hashes));
            let body = index + 2 + hashes;
            let end = text[body..].find(&closing).map_or(bytes.len(), |p| body + p + closing.len());
            blank(&mut out, index, end);
            index = end;
        } else if rest[0] == b'"' {
            let mut end = index + 1;
            while end < bytes.len() && bytes[end] != b'"' {
                end += if bytes[end] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, index, end + 1);
            index = end + 1;
        } else if rest[0] == b'\'' {
            // A char literal is `'x'` or `'\…'`; otherwise a lifetime.
            let close = if rest.get(1) == Some(&b'\\') {
                rest.iter().skip(2).position(|&b| b == b'\'').map(|p| p + 2)
            } else {
                let width = text[index + 1..].chars().next().map_or(1, char::len_utf8);
                (rest.get(1 + width) == Some(&b'\'')).then_some(1 + width)
            };
            match close {
                Some(close) => {
                    blank(&mut out, index, index + close + 1);
                    index += close + 1;
                }
                None => index += 1,
            }
        } else {
            index += 1;
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Every path the code names from `crate`, `super` or `self`, or through a child module it
/// declares (`mod x;` then `x::f()`), as segments, with `use` trees expanded
/// (`use crate::{a, b::{c, d}}` gives `crate::a`, `crate::b::c`, `crate::b::d`).
fn paths(code: &str) -> Vec<Vec<String>> {
    let children: Vec<String> = code
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches("pub(crate) ").trim_start_matches("pub ");
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_owned())
        })
        .collect();
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        let preceded_by_word = index > 0
            && (bytes[index - 1].is_ascii_alphanumeric()
                || bytes[index - 1] == b'_'
                || bytes[index - 1] == b':');
        let rest = &code[index..];
        if !preceded_by_word
            && let Some(child) = children
                .iter()
                .find(|child| rest.starts_with(child.as_str()) && rest[child.len()..].starts_with("::"))
        {
            out.push(vec!["self".to_owned(), child.clone()]);
            index += child.len();
            continue;
        }
        if !preceded_by_word && rest.starts_with("use ") {
            let end = rest.find(';').unwrap_or(rest.len());
            expand(rest[4..end].trim(), &mut Vec::new(), &mut out);
            index += end;
            continue;
        }
        if !preceded_by_word && (rest.starts_with("crate::") || rest.starts_with("super::")) {
            let end =
                rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            out.push(rest[..end].split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect());
            index += end;
            continue;
        }
        index += 1;
    }
    out.retain(|path: &Vec<String>| {
        path.first().is_some_and(|first| matches!(first.as_str(), "crate" | "super" | "self"))
    });
    out
}

/// Expands one `use` tree under `prefix`.
fn expand(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim().trim_start_matches("pub(crate)").trim_start_matches("pub").trim();
    if let Some(open) = tree.find('{') {
        let head: Vec<String> =
            tree[..open].split("::").map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let close = matching_brace(tree, open).unwrap_or(tree.len() - 1);
        let inner = &tree[open + 1..close];
        let length = prefix.len();
        prefix.extend(head);
        for part in split_top_level(inner) {
            expand(part, prefix, out);
        }
        prefix.truncate(length);
        return;
    }
    let tree = tree.split(" as ").next().unwrap_or(tree);
    let mut path = prefix.clone();
    if path.is_empty()
        && !tree.starts_with("crate")
        && !tree.starts_with("super")
        && !tree.starts_with("self")
    {
        // `use child::Item` names a declared child module (or an external crate, dropped
        // later when it resolves to nothing).
        path.push("self".to_owned());
    }
    path.extend(tree.split("::").map(str::trim).filter(|s| !s.is_empty() && *s != "*").map(str::to_owned));
    out.push(path);
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(&text[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|part| !part.trim().is_empty()).collect()
}

/// The file module a path lands in, walking module files from the path's anchor.
fn resolve(modules: &BTreeMap<Module, PathBuf>, from: &Module, path: &[String]) -> Option<Module> {
    let mut current: Module = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => {
            // `super` of `a/b.rs` is `a`; of `a/b/mod.rs` (module `a::b`) it is also `a`.
            let mut parent = from.clone();
            parent.pop()?;
            parent
        }
        _ => return None,
    };
    for segment in &path[1..] {
        if segment == "super" {
            current.pop()?;
            continue;
        }
        let mut next = current.clone();
        next.push(segment.clone());
        if modules.contains_key(&next) {
            current = next;
        } else {
            break;
        }
    }
    modules.contains_key(&current).then_some(current)
}

/// The functions of non-test code longer than `limit` lines: (name, first line, length).
pub(crate) fn long_functions(text: &str, limit: usize) -> Vec<(String, usize, usize)> {
    let code = without_tests(text);
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(found) = code[search..].find("fn ") {
        let at = search + found;
        search = at + 3;
        let preceded_by_word = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        if preceded_by_word {
            continue;
        }
        let name: String = code[at + 3..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            continue;
        }
        // The body: the first `{` before any `;` (a declaration without a body has none).
        let rest = &code[at..];
        let (Some(brace), semicolon) = (rest.find('{'), rest.find(';')) else { continue };
        if semicolon.is_some_and(|semicolon| semicolon < brace) {
            continue;
        }
        let Some(close) = matching_brace(rest, brace) else { continue };
        let first_line = code[..at].matches('\n').count() + 1;
        let length = rest[..close].matches('\n').count() + 1;
        if length > limit {
            out.push((name, first_line, length));
        }
    }
    out
}

/// The text with `#[cfg(test)]` items removed and comments blanked, string literals kept
/// (to look for string constants).
pub(crate) fn without_tests_keeping_strings(text: &str) -> String {
    let blanked = blank_comments_and_strings(text);
    // Remove test items by their positions in the blanked text (same byte offsets).
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut rest_start = 0;
    while let Some(found) = blanked[rest_start..].find("#[cfg(test)]") {
        let at = rest_start + found;
        let after = &blanked[at..];
        let end = match (after.find('{'), after.find(';')) {
            (Some(brace), Some(semi)) if semi < brace => semi + 1,
            (Some(brace), _) => matching_brace(after, brace).map_or(after.len(), |end| end + 1),
            (None, Some(semi)) => semi + 1,
            (None, None) => after.len(),
        };
        out.push_str(&text[cursor..at]);
        cursor = at + end;
        rest_start = cursor;
    }
    out.push_str(&text[cursor..]);
    // Blank comments only.
    out.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// The names `lib.rs` exports: `pub use` items (their alias when renamed) and items defined
/// there with `pub`.
pub(crate) fn exported_names(lib: &str) -> BTreeSet<String> {
    let code = blank_comments_and_strings(lib);
    let mut names = BTreeSet::new();
    for statement in code.split(';') {
        let statement = statement.trim();
        if let Some(tree) = statement.strip_prefix("pub use ") {
            let mut paths = Vec::new();
            expand_names(tree, &mut paths);
            names.extend(paths);
        }
    }
    for line in code.lines() {
        for keyword in ["pub fn ", "pub enum ", "pub struct ", "pub const ", "pub static ", "pub type "] {
            if let Some(rest) = line.trim().strip_prefix(keyword) {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                names.insert(name);
            }
        }
    }
    names
}

/// The last segment (or alias) of every path of a `use` tree.
fn expand_names(tree: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let close = matching_brace(tree, open).unwrap_or(tree.len() - 1);
        for part in split_top_level(&tree[open + 1..close]) {
            expand_names(part, out);
        }
        return;
    }
    let name = match tree.split_once(" as ") {
        Some((_, alias)) => alias.trim(),
        None => tree.rsplit("::").next().unwrap_or(tree).trim(),
    };
    if !name.is_empty() && name != "*" && name != "self" {
        out.push(name.to_owned());
    }
}
