//! The import graph's data: what an import resolves to ([`Target`]), one file's resolved
//! imports ([`FileImports`]), and the repository-wide facts resolution reads
//! ([`ImportIndex`]: the file list and what manifests declare). Plain `Eq` data with line
//! numbers, so that an edit that moves no import backdates.

/// What an import names.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", content = "path", rename_all = "lowercase")]
pub enum Target {
    /// A file of the repository.
    File(String),
    /// A directory of the repository: a Go package, a Java wildcard import, a Python
    /// namespace package.
    Directory(String),
    /// Nothing in the repository: the standard library, a third-party package, or a path
    /// that does not exist. Never guessed.
    External,
}

impl Target {
    /// The repository path it names, if any.
    pub fn path(&self) -> Option<&str> {
        match self {
            Target::File(path) | Target::Directory(path) => Some(path),
            Target::External => None,
        }
    }
}

/// One import of a file: its line, its text as written (see `languages/README.md`), and
/// what it resolves to (a Rust `use a::{b, c}` may name several files).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct ResolvedImport {
    pub line: u32,
    pub text: String,
    pub targets: Vec<Target>,
}

/// The imports of one file, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct FileImports {
    pub imports: Vec<ResolvedImport>,
}

/// A Rust crate of the workspace: the names code imports it by and its root file.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RustCrate {
    /// The directory of its `Cargo.toml` (`""` for the root).
    pub dir: String,
    /// The library's root file, when it has one.
    pub lib: Option<String>,
}

/// A JavaScript or TypeScript package of the workspace (a `package.json` with a name).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct JsPackage {
    pub name: String,
    pub dir: String,
    /// Entry files the manifest names (`exports["."]`, `module`, `main`, `types`,
    /// `source`), relative to `dir`, in that order.
    pub entries: Vec<String>,
}

/// A `tsconfig.json` or `jsconfig.json`: `baseUrl` and `paths`, relative to the root.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct TsConfig {
    pub dir: String,
    pub base_url: Option<String>,
    /// (pattern, substitutions), patterns with at most one `*`.
    pub paths: Vec<(String, Vec<String>)>,
}

/// What import resolution knows of the repository beyond the importing file: the files,
/// and what manifests declare. Depends on the file list and the manifests' text only, so
/// that editing a source file re-resolves that file's imports and nothing else.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct ImportIndex {
    /// Every file's path, sorted.
    pub files: Vec<String>,
    /// Every directory holding a file, at any depth, sorted (`""` is the root).
    pub dirs: Vec<String>,
    /// (file name, path), sorted, for suffix lookups (Java classes, C headers).
    pub by_name: Vec<(String, String)>,
    /// Rust crates by the name code imports them by, sorted by name.
    pub rust_crates: Vec<(String, RustCrate)>,
    /// Directories holding a `Cargo.toml` with a package, sorted.
    pub cargo_dirs: Vec<String>,
    /// Crate roots that manifests declare (`[lib]`, `[[bin]]`, `[[test]]`, … `path`) and
    /// that exist, sorted.
    pub rust_roots: Vec<String>,
    /// Go modules: (module path, directory), longest path first.
    pub go_modules: Vec<(String, String)>,
    /// Python import roots, deepest first.
    pub python_roots: Vec<String>,
    /// (top-level name, root): the roots with a module or package of that name, a `.py` or
    /// `.pyi` file at or below it, sorted. An absolute import walks only these roots: the
    /// standard library's `import os` used to try every root of a monorepo.
    pub python_tops: Vec<(String, String)>,
    pub js_packages: Vec<JsPackage>,
    /// By directory, deepest first.
    pub tsconfigs: Vec<TsConfig>,
}

impl ImportIndex {
    pub(crate) fn has_file(&self, path: &str) -> bool {
        self.files.binary_search_by(|file| file.as_str().cmp(path)).is_ok()
    }

    /// The Python import roots with a module or package named `top`, in the order of
    /// `python_roots` (deepest first): a range of `python_tops`, not a test of every root.
    pub(crate) fn python_roots_with(&self, top: &str) -> Vec<&str> {
        let start = self.python_tops.partition_point(|(name, _)| name.as_str() < top);
        let mut roots: Vec<&str> = self.python_tops[start..]
            .iter()
            .take_while(|(name, _)| name == top)
            .map(|(_, root)| root.as_str())
            .collect();
        let depth = |root: &str| if root.is_empty() { 0 } else { root.matches('/').count() + 1 };
        roots.sort_by(|a, b| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
        roots
    }

    pub(crate) fn has_dir(&self, path: &str) -> bool {
        self.dirs.binary_search_by(|dir| dir.as_str().cmp(path)).is_ok()
    }

    /// The files named `name`, in path order.
    pub(crate) fn named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let start = self.by_name.partition_point(|(file, _)| file.as_str() < name);
        self.by_name[start..].iter().take_while(move |(file, _)| file == name).map(|(_, path)| path.as_str())
    }

    /// The files directly in `dir`.
    pub(crate) fn files_in<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let start = self.files.partition_point(|file| file.as_str() < prefix.as_str());
        let length = prefix.len();
        self.files[start..]
            .iter()
            .take_while(move |file| file.starts_with(&prefix))
            .map(String::as_str)
            .filter(move |file| !file[length..].contains('/'))
    }
}

/// `dir/name`, or `name` in the root.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") }
}

/// The directory of `path` (`""` in the root).
pub(crate) fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// `base/relative` with `.` and `..` applied; `None` when it leaves the root.
pub(crate) fn normalize(base: &str, relative: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|part| !part.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Of several candidate files, the one sharing the longest directory prefix with `from`;
/// `None` when two share it (an ambiguity is not guessed).
pub(crate) fn nearest<'a>(from: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let shared = |path: &str| from.split('/').zip(path.split('/')).take_while(|(a, b)| a == b).count();
    let mut best: Option<(&str, usize)> = None;
    let mut tied = false;
    for candidate in candidates {
        let score = shared(candidate);
        match best {
            Some((_, best_score)) if score < best_score => {}
            Some((_, best_score)) if score == best_score => tied = true,
            _ => {
                best = Some((candidate, score));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(path, _)| path) }
}
