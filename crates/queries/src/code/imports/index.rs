//! Builds the [`ImportIndex`] from the file list and the manifests' text: Rust crates
//! (`Cargo.toml`: package and `[lib]` names, path dependencies under their own names), Go
//! modules (`go.mod`), Python import roots (the directory above each top-level package,
//! and beside each `pyproject.toml`, `setup.py`, `setup.cfg`), JavaScript packages
//! (`package.json`) and `tsconfig.json` / `jsconfig.json` (`baseUrl`, `paths`).

use std::collections::{BTreeMap, BTreeSet};

use crate::code::imports::model::{ImportIndex, JsPackage, RustCrate, TsConfig, join, normalize, parent};

/// Whether resolution reads the file at `path`: the index must depend on nothing else.
pub(crate) fn is_manifest(path: &str) -> bool {
    matches!(
        path.rsplit('/').next().unwrap_or(path),
        "Cargo.toml" | "go.mod" | "package.json" | "tsconfig.json" | "jsconfig.json"
    )
}

pub(crate) fn build(mut files: Vec<String>, manifests: &[(&str, &str)]) -> ImportIndex {
    files.sort();
    files.dedup();
    let mut dirs = BTreeSet::new();
    for file in &files {
        let mut dir = parent(file);
        while dirs.insert(dir.to_owned()) && !dir.is_empty() {
            dir = parent(dir);
        }
    }
    let mut by_name: Vec<(String, String)> =
        files.iter().map(|path| (path.rsplit('/').next().unwrap_or(path).to_owned(), path.clone())).collect();
    by_name.sort();
    let mut index =
        ImportIndex { files, dirs: dirs.into_iter().collect(), by_name, ..ImportIndex::default() };
    let mut crates = BTreeMap::new();
    let mut cargo_dirs = Vec::new();
    let mut rust_roots = Vec::new();
    for (path, text) in manifests {
        let dir = parent(path);
        match path.rsplit('/').next().unwrap_or(path) {
            "Cargo.toml" => {
                if read_cargo(&index, dir, text, &mut crates, &mut rust_roots) {
                    cargo_dirs.push(dir.to_owned());
                }
            }
            "go.mod" => {
                if let Some(module) = text.lines().find_map(|line| line.trim().strip_prefix("module ")) {
                    let module = module.trim().trim_matches('"');
                    if !module.is_empty() {
                        index.go_modules.push((module.to_owned(), dir.to_owned()));
                    }
                }
            }
            "package.json" => index.js_packages.extend(read_package_json(dir, text)),
            _ => index.tsconfigs.extend(read_tsconfig(dir, text)),
        }
    }
    index.rust_crates = crates.into_iter().collect();
    index.cargo_dirs = cargo_dirs;
    rust_roots.sort();
    rust_roots.dedup();
    index.rust_roots = rust_roots;
    index.cargo_dirs.sort();
    index.cargo_dirs.dedup();
    index.go_modules.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
    index.js_packages.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.dir.cmp(&b.dir)));
    index.tsconfigs.sort_by(|a, b| depth(&b.dir).cmp(&depth(&a.dir)).then_with(|| a.dir.cmp(&b.dir)));
    index.python_roots = python_roots(&index);
    index.python_tops = python_tops(&index);
    index
}

/// For each Python file and each import root above it, the top-level name it is under.
fn python_tops(index: &ImportIndex) -> Vec<(String, String)> {
    let roots: std::collections::HashSet<&str> = index.python_roots.iter().map(String::as_str).collect();
    let mut tops = BTreeSet::new();
    for path in index.files.iter().filter(|path| path.ends_with(".py") || path.ends_with(".pyi")) {
        let mut below = path.as_str();
        loop {
            let dir = parent(below);
            if roots.contains(dir) {
                let rest = if dir.is_empty() { path.as_str() } else { &path[dir.len() + 1..] };
                let top = rest.split('/').next().unwrap_or(rest);
                let top = top.strip_suffix(".pyi").or_else(|| top.strip_suffix(".py")).unwrap_or(top);
                tops.insert((top.to_owned(), dir.to_owned()));
            }
            if dir.is_empty() {
                break;
            }
            below = dir;
        }
    }
    tops.into_iter().collect()
}

fn depth(dir: &str) -> usize {
    if dir.is_empty() { 0 } else { dir.matches('/').count() + 1 }
}

/// A crate's names and root from its `Cargo.toml`, and its path dependencies under the
/// names the manifest gives them (`engine = { path = "crates/engine", package = … }`).
/// Whether it declares a package.
fn read_cargo(
    index: &ImportIndex,
    dir: &str,
    text: &str,
    crates: &mut BTreeMap<String, RustCrate>,
    roots: &mut Vec<String>,
) -> bool {
    let Ok(value) = text.parse::<toml::Table>() else { return false };
    let package = value.get("package").and_then(|package| package.as_table());
    for key in ["lib", "bin", "test", "bench", "example"] {
        let targets: Vec<&toml::Value> = match value.get(key) {
            Some(toml::Value::Array(targets)) => targets.iter().collect(),
            Some(target) => vec![target],
            None => Vec::new(),
        };
        for target in targets {
            if let Some(path) =
                target.get("path").and_then(|path| path.as_str()).and_then(|path| normalize(dir, path))
                && index.has_file(&path)
            {
                roots.push(path);
            }
        }
    }
    if let Some(package) = package {
        index_push_cargo_dir(crates, index, dir, package, value.get("lib").and_then(|lib| lib.as_table()));
    }
    let mut tables: Vec<&toml::Table> = Vec::new();
    for key in ["dependencies", "dev-dependencies", "build-dependencies"] {
        tables.extend(value.get(key).and_then(|table| table.as_table()));
    }
    if let Some(workspace) = value.get("workspace").and_then(|workspace| workspace.get("dependencies")) {
        tables.extend(workspace.as_table());
    }
    for table in tables {
        for (name, spec) in table {
            let Some(path) = spec.get("path").and_then(|path| path.as_str()) else { continue };
            let Some(target) = normalize(dir, path) else { continue };
            let lib = lib_root(index, &target, None);
            crates.entry(name.replace('-', "_")).or_insert(RustCrate { dir: target, lib });
        }
    }
    package.is_some()
}

fn index_push_cargo_dir(
    crates: &mut BTreeMap<String, RustCrate>,
    index: &ImportIndex,
    dir: &str,
    package: &toml::Table,
    lib: Option<&toml::Table>,
) {
    let lib_path = lib.and_then(|lib| lib.get("path")).and_then(|path| path.as_str());
    let root = lib_root(index, dir, lib_path);
    let mut names = Vec::new();
    names.extend(package.get("name").and_then(|name| name.as_str()));
    names.extend(lib.and_then(|lib| lib.get("name")).and_then(|name| name.as_str()));
    for name in names {
        // A package's own names win over a dependency's rename of another.
        crates.insert(name.replace('-', "_"), RustCrate { dir: dir.to_owned(), lib: root.clone() });
    }
}

fn lib_root(index: &ImportIndex, dir: &str, declared: Option<&str>) -> Option<String> {
    let path = match declared {
        Some(path) => normalize(dir, path)?,
        None => join(dir, "src/lib.rs"),
    };
    index.has_file(&path).then_some(path)
}

fn read_package_json(dir: &str, text: &str) -> Option<JsPackage> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let name = value.get("name")?.as_str()?.to_owned();
    let mut entries = Vec::new();
    let mut push = |value: Option<&serde_json::Value>| {
        if let Some(entry) = value.and_then(|value| value.as_str()) {
            entries.push(entry.trim_start_matches("./").to_owned());
        }
    };
    let exports = value.get("exports");
    let dot = exports.and_then(|exports| exports.get(".")).or(exports);
    match dot {
        Some(serde_json::Value::Object(conditions)) => {
            for key in ["source", "import", "module", "require", "default", "types"] {
                push(conditions.get(key));
            }
        }
        other => push(other),
    }
    for key in ["source", "module", "main", "types", "typings"] {
        push(value.get(key));
    }
    Some(JsPackage { name, dir: dir.to_owned(), entries })
}

fn read_tsconfig(dir: &str, text: &str) -> Option<TsConfig> {
    let value: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).ok()?;
    let options = value.get("compilerOptions");
    let base_url = options
        .and_then(|options| options.get("baseUrl"))
        .and_then(|base| base.as_str())
        .and_then(|base| normalize(dir, base));
    let mut paths = Vec::new();
    if let Some(map) = options.and_then(|options| options.get("paths")).and_then(|paths| paths.as_object()) {
        for (pattern, targets) in map {
            let targets = targets.as_array().into_iter().flatten().filter_map(|target| target.as_str());
            paths.push((pattern.clone(), targets.map(str::to_owned).collect()));
        }
    }
    Some(TsConfig { dir: dir.to_owned(), base_url, paths })
}

/// JSON with comments and trailing commas (as `tsconfig.json` allows) made JSON.
fn strip_jsonc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                out.extend(chars.next());
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for next in chars.by_ref() {
                    if next == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut previous = ' ';
                for next in chars.by_ref() {
                    if previous == '*' && next == '/' {
                        break;
                    }
                    previous = next;
                }
            }
            _ => out.push(c),
        }
    }
    // Trailing commas: a comma followed by only whitespace before `}` or `]`.
    let mut cleaned = String::with_capacity(out.len());
    let chars: Vec<char> = out.chars().collect();
    let mut in_string = false;
    for (at, &c) in chars.iter().enumerate() {
        if c == '"' && (at == 0 || chars[at - 1] != '\\') {
            in_string = !in_string;
        }
        if c == ',' && !in_string {
            let next = chars[at + 1..].iter().find(|next| !next.is_whitespace());
            if matches!(next, Some('}' | ']')) {
                continue;
            }
        }
        cleaned.push(c);
    }
    cleaned
}

/// Where Python looks for top-level packages: the directory above each top-level package
/// (a directory with `__init__.py` whose parent has none), beside each project manifest
/// and in its `src/`, and the root. Deepest first.
fn python_roots(index: &ImportIndex) -> Vec<String> {
    let mut roots = BTreeSet::new();
    roots.insert(String::new());
    for path in &index.files {
        let name = path.rsplit('/').next().unwrap_or(path);
        match name {
            "__init__.py" => {
                let package = parent(path);
                if !package.is_empty() && !index.has_file(&join(parent(package), "__init__.py")) {
                    roots.insert(parent(package).to_owned());
                }
            }
            "pyproject.toml" | "setup.py" | "setup.cfg" => {
                roots.insert(parent(path).to_owned());
                let src = join(parent(path), "src");
                if index.has_dir(&src) {
                    roots.insert(src);
                }
            }
            _ => {}
        }
    }
    let mut roots: Vec<String> = roots.into_iter().collect();
    roots.sort_by(|a, b| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    roots
}

#[cfg(test)]
mod tests {
    use super::strip_jsonc;

    #[test]
    fn jsonc_loses_comments_and_trailing_commas_but_not_strings() {
        let text = "{\n // c\n \"a\": \"x//y\", /* b */ \"p\": [\"*\",],\n}";
        let value: serde_json::Value = serde_json::from_str(&strip_jsonc(text)).unwrap();
        assert_eq!(value["a"], "x//y");
        assert_eq!(value["p"][0], "*");
    }
}
