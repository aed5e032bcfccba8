//! Rust imports to files: `mod name;` to `name.rs` or `name/mod.rs` beside the declaring
//! module, `use crate::`/`self::`/`super::` paths walked module by module, workspace crates
//! by the names their manifests give them, and `use` groups (`a::{b, c::d}`) expanded.
//! A path resolves to the deepest module file it reaches: `crate::config::Config` is an
//! import of `config.rs` (or of the crate root when `config` is an item of it).

use crate::code::imports::model::{ImportIndex, Target, join, parent};

/// What `text`, written at a depth of `inline` inline modules (`mod tests { … }`) in
/// `from`, names.
pub(crate) fn resolve(index: &ImportIndex, from: &str, text: &str, inline: usize) -> Vec<Target> {
    let from_module = Module::of_file(index, from);
    if let Some(name) = text.strip_prefix("mod ") {
        if inline > 0 {
            return vec![Target::External];
        }
        // `#[path = "x.rs"] mod name;`: relative to the declaring file's directory.
        if let Some((_, path)) = name.split_once(" @ ") {
            let file = crate::code::imports::model::normalize(parent(from), path);
            return vec![file.filter(|file| index.has_file(file)).map_or(Target::External, Target::File)];
        }
        return vec![from_module.child(index, name).map_or(Target::External, Target::File)];
    }
    let mut targets: Vec<Target> = expand(text)
        .iter()
        .map(|path| resolve_path(index, &from_module, path, inline).map_or(Target::External, Target::File))
        .collect();
    targets.sort();
    targets.dedup();
    targets
}

/// A module that is a file: the file, and the directory its `mod` children live in.
#[derive(Clone, Debug)]
struct Module {
    file: String,
    dir: String,
}

impl Module {
    fn of_file(index: &ImportIndex, file: &str) -> Module {
        let name = file.rsplit('/').next().unwrap_or(file);
        let dir = if matches!(name, "lib.rs" | "main.rs" | "mod.rs") || is_crate_root(index, file) {
            parent(file).to_owned()
        } else {
            join(parent(file), name.trim_end_matches(".rs"))
        };
        Module { file: file.to_owned(), dir }
    }

    /// The module file of child `name`: `dir/name.rs` or `dir/name/mod.rs`.
    fn child(&self, index: &ImportIndex, name: &str) -> Option<String> {
        let flat = join(&self.dir, &format!("{name}.rs"));
        if index.has_file(&flat) {
            return Some(flat);
        }
        let nested = join(&self.dir, &format!("{name}/mod.rs"));
        index.has_file(&nested).then_some(nested)
    }

    /// The enclosing module: the module file of the parent directory, or the crate root.
    fn parent(&self, index: &ImportIndex, root: &str) -> Option<Module> {
        if self.file == root {
            return None;
        }
        let up = parent(&self.dir);
        if up == parent(root) {
            return Some(Module::of_file(index, root));
        }
        let flat = format!("{up}.rs");
        let file = [flat, join(up, "mod.rs")].into_iter().find(|file| index.has_file(file))?;
        Some(Module { file, dir: up.to_owned() })
    }
}

/// Whether `file` is the root of a crate other than a library's `src/lib.rs` or
/// `src/main.rs`: `src/bin/x.rs`, `tests/x.rs`, `examples/x.rs`, `benches/x.rs` (each also
/// as `x/main.rs`), `build.rs`, outside any `src/` directory for the last three.
fn is_crate_root(index: &ImportIndex, file: &str) -> bool {
    if index.rust_roots.binary_search_by(|root| root.as_str().cmp(file)).is_ok() {
        return true;
    }
    let Some(package) = package_dir(index, file).or(index.rust_roots.is_empty().then_some("")) else {
        // Outside every package of a workspace that declares its targets: only those.
        return false;
    };
    let relative = if package.is_empty() { file } else { &file[package.len() + 1..] };
    let parts: Vec<&str> = relative.split('/').collect();
    let (head, tail) =
        match parts.iter().rposition(|part| matches!(*part, "bin" | "tests" | "examples" | "benches")) {
            Some(at) => (&parts[..at + 1], &parts[at + 1..]),
            None => return relative == "build.rs",
        };
    let in_src = head[..head.len() - 1].contains(&"src");
    let is_bin = head.ends_with(&["src", "bin"]) && head.len() == 2;
    let shape = matches!(tail, [_]) || matches!(tail, [_, "main.rs"]);
    shape && (is_bin || (!in_src && head.last() != Some(&"bin")))
}

/// The directory of the nearest `Cargo.toml` above `file` that declares a package.
fn package_dir<'a>(index: &'a ImportIndex, file: &str) -> Option<&'a str> {
    let mut dir = parent(file);
    loop {
        if let Ok(found) = index.cargo_dirs.binary_search_by(|candidate| candidate.as_str().cmp(dir)) {
            return Some(&index.cargo_dirs[found]);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}

/// The root file of the crate `file` belongs to: itself when it is a crate root, else the
/// package's `src/lib.rs` or `src/main.rs` (a `main.rs` file's crate is its own), else the
/// nearest `lib.rs` or `main.rs` above it.
fn crate_root(index: &ImportIndex, file: &str) -> Option<String> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let at_src = parent(file) == "src" || parent(file).ends_with("/src");
    if is_crate_root(index, file) || at_src && matches!(name, "main.rs" | "lib.rs") {
        return Some(file.to_owned());
    }
    // A declared root whose directory holds `file` (`[[test]] path = "tests/tests.rs"`
    // for `tests/index/basic.rs`), the deepest first.
    let declared = index
        .rust_roots
        .iter()
        .filter(|root| {
            let dir = parent(root);
            dir.is_empty() || file.starts_with(&format!("{dir}/"))
        })
        .max_by_key(|root| (parent(root).len(), root.ends_with("/lib.rs") || root.as_str() == "lib.rs"));
    let package = package_dir(index, file).unwrap_or("");
    if let Some(root) = declared.filter(|root| parent(root).len() >= package.len()) {
        return Some(root.clone());
    }
    if let Some(package) = package_dir(index, file) {
        let relative_to_bin = file.strip_prefix(&join(package, "src/bin/"));
        if let Some(bin) = relative_to_bin.and_then(|rest| rest.split('/').next()) {
            let main = join(package, &format!("src/bin/{bin}/main.rs"));
            if index.has_file(&main) {
                return Some(main);
            }
        }
        for name in ["src/lib.rs", "src/main.rs"] {
            let root = join(package, name);
            if index.has_file(&root) {
                return Some(root);
            }
        }
    }
    let mut dir = parent(file);
    loop {
        for name in ["lib.rs", "main.rs"] {
            let root = join(dir, name);
            if index.has_file(&root) {
                return Some(root);
            }
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}

fn resolve_path(index: &ImportIndex, from: &Module, path: &[String], inline: usize) -> Option<String> {
    let (first, rest) = path.split_first()?;
    let (start, rest) = match first.as_str() {
        "crate" => (Module::of_file(index, &crate_root(index, &from.file)?), rest),
        "self" if inline > 0 => return Some(from.file.clone()),
        "self" => (from.clone(), rest),
        "super" => {
            let supers = path.iter().take_while(|segment| *segment == "super").count();
            let rest = &path[supers..];
            if supers <= inline {
                return Some(from.file.clone());
            }
            let root = crate_root(index, &from.file)?;
            let mut module = from.clone();
            for _ in inline..supers {
                module = module.parent(index, &root)?;
            }
            (module, rest)
        }
        name => {
            if let Some(child) = from.child(index, name).filter(|_| inline == 0) {
                (Module::of_file(index, &child), rest)
            } else {
                let found =
                    index.rust_crates.binary_search_by(|(crate_name, _)| crate_name.as_str().cmp(name));
                let krate = &index.rust_crates[found.ok()?].1;
                (Module::of_file(index, krate.lib.as_deref()?), rest)
            }
        }
    };
    let mut module = start;
    for segment in rest {
        match module.child(index, segment) {
            Some(file) => module = Module::of_file(index, &file),
            None => break,
        }
    }
    Some(module.file)
}

/// The paths a `use` argument names: `a::{b, c::{d, self}}` is `a::b`, `a::c::d`, `a::c`;
/// aliases, `*` and a trailing `self` are dropped.
fn expand(text: &str) -> Vec<Vec<String>> {
    let text: String = text.chars().filter(|c| !c.is_whitespace() || *c == ' ').collect();
    let mut out = Vec::new();
    expand_into(&text, &[], &mut out);
    out
}

fn expand_into(text: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
    let text = text.trim().trim_start_matches("::");
    if let Some(open) = text.find('{') {
        let head: Vec<String> = segments(&text[..open]);
        let inner = text[open + 1..].trim_end().strip_suffix('}').unwrap_or(&text[open + 1..]);
        let mut base = prefix.to_vec();
        base.extend(head);
        for part in split_top_level(inner) {
            expand_into(part, &base, out);
        }
        return;
    }
    let mut path = prefix.to_vec();
    path.extend(segments(text.split(" as ").next().unwrap_or(text)));
    while path.last().is_some_and(|last| last == "self" || last == "*") {
        path.pop();
    }
    if !path.is_empty() {
        out.push(path);
    }
}

fn segments(text: &str) -> Vec<String> {
    text.split("::").map(str::trim).filter(|segment| !segment.is_empty()).map(str::to_owned).collect()
}

/// `b, c::{d, e}` split at the commas outside braces.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|part| !part.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn use_groups_expand_into_paths() {
        let paths: Vec<String> =
            expand("crate::a::{b, c::{d, self}, e as f, *}").iter().map(|path| path.join("::")).collect();
        assert_eq!(paths, ["crate::a::b", "crate::a::c::d", "crate::a::c", "crate::a::e", "crate::a"]);
    }
}
