//! Packages of a workspace, from their manifests: `Cargo.toml`, `go.mod`, `package.json`,
//! `pyproject.toml`. Read with line rules rather than full parsers: only the name, the
//! description and where they are written are needed, and a malformed manifest must not
//! stop the recon.

use engine::RelPath;
use rustc_hash::FxHashMap as HashMap;

use crate::recon::cargo_toml::{cargo_dependencies, cargo_lib_path, cargo_renames, table_values};

/// The package manager a manifest belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ecosystem {
    Cargo,
    Go,
    Npm,
    Python,
}

impl Ecosystem {
    /// The lower-case name, as the JSON output writes it (`cargo`, `go`, `npm`, `python`).
    pub(crate) fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Package {
    pub name: String,
    /// The directory holding the manifest (`""` for the root).
    pub root: String,
    pub manifest: String,
    /// The line of the name in the manifest.
    pub line: u32,
    pub description: Option<String>,
    pub ecosystem: Ecosystem,
    /// The name code imports it by, when the manifest renames it (`[lib] name` in Cargo).
    pub lib_name: Option<String>,
    /// Dependencies this manifest renames, as (the name its code uses, the package's name):
    /// Cargo's `tokenizer-api = { package = "tantivy-tokenizer-api", … }`.
    pub renames: Vec<(String, String)>,
    /// The entry points the manifest declares: Cargo `[[bin]]` paths, package.json `bin`
    /// and `main`, pyproject scripts. Each is (a path relative to the repository root, the
    /// function named, if any); a path may be one of several candidates for one script.
    pub entries: Vec<(String, Option<String>)>,
    /// A library package's API entries (package.json `main`, `module`, `exports` of a
    /// package other than the repository's own): shown as entry points only when nothing is
    /// declared or conventional, as in a monorepo of libraries.
    pub library_entries: Vec<String>,
    /// Whether Cargo discovers binaries in `src/bin/` beyond those declared (false with
    /// `autobins = false`; true for other ecosystems, where it means nothing).
    pub autobins: bool,
    /// A Cargo package below the repository's root that declares a `[workspace]` of its
    /// own: a separate project (a tool, a fuzzer, an example) the root's build does not
    /// build, so its programs are not the product's entry points.
    pub standalone: bool,
    /// An npm package marked `"private": true`: never published.
    pub private: bool,
    /// The packages a Cargo manifest depends on, by name: to build or run (`[dependencies]`,
    /// `[build-dependencies]`, per target), and only to test (`[dev-dependencies]`).
    pub depends_on: Vec<String>,
    pub tests_with: Vec<String>,
}

impl Package {
    /// A package whose programs are the project's tools, not its product: a Cargo crate
    /// that is a workspace of its own ([`Package::standalone`]) or a code generator by its
    /// name (`gen-protos`, `parser-gen`, `codegen`).
    pub(crate) fn is_tooling(&self) -> bool {
        let name = self.name.as_str();
        self.standalone
            || self.ecosystem == Ecosystem::Cargo
                && (name.starts_with("gen-")
                    || name.starts_with("gen_")
                    || name.ends_with("-gen")
                    || name.ends_with("_gen")
                    || name.contains("codegen"))
    }

    /// Whether the package is not part of what a repository of published npm packages
    /// ships: a private package below the root (a playground, a website, a lint plugin of
    /// the repository's own) or one its name marks internal (`@scope/internal`,
    /// `x-internal`), as Go's `internal/` is.
    pub(crate) fn is_unpublished(&self, publishes: bool) -> bool {
        let last = self.name.rsplit('/').next().unwrap_or(&self.name);
        self.ecosystem == Ecosystem::Npm
            && publishes
            && !self.root.is_empty()
            && (self.private || last == "internal" || last.ends_with("-internal"))
    }

    /// The name as code refers to it: `plan-engine` is `plan_engine` in Rust and Python,
    /// or its `[lib] name`.
    pub fn import_name(&self) -> String {
        if let Some(name) = &self.lib_name {
            return name.replace('-', "_");
        }
        match self.ecosystem {
            Ecosystem::Cargo | Ecosystem::Python => self.name.replace('-', "_"),
            _ => self.name.clone(),
        }
    }
}

/// The package a manifest at `path` with `text` declares, if any.
pub(crate) fn parse_manifest(path: &RelPath, text: &str) -> Option<Package> {
    let root = path.as_str().rsplit_once('/').map_or(String::new(), |(dir, _)| dir.to_owned());
    let manifest = path.to_string();
    let package = |name: String, line: u32, description: Option<String>, ecosystem: Ecosystem| Package {
        name,
        root: root.clone(),
        manifest: manifest.clone(),
        line,
        description,
        ecosystem,
        lib_name: None,
        renames: Vec::new(),
        entries: Vec::new(),
        library_entries: Vec::new(),
        autobins: true,
        standalone: false,
        private: false,
        depends_on: Vec::new(),
        tests_with: Vec::new(),
    };
    match path.file_name() {
        "Cargo.toml" => toml_section(text, "[package]").map(|(name, line, description)| {
            let (depends_on, tests_with) = cargo_dependencies(text);
            Package {
                lib_name: toml_section(text, "[lib]").map(|(name, _, _)| name),
                renames: cargo_renames(text),
                depends_on,
                tests_with,
                ..package(name, line, description, Ecosystem::Cargo)
            }
        }),
        "pyproject.toml" => toml_section(text, "[project]")
            .or_else(|| toml_section(text, "[tool.poetry]"))
            .map(|(name, line, description)| package(name, line, description, Ecosystem::Python)),
        "go.mod" => text.lines().enumerate().find_map(|(index, line)| {
            let module = line.trim().strip_prefix("module ")?.trim().trim_matches('"');
            (!module.is_empty()).then(|| package(module.to_owned(), index as u32 + 1, None, Ecosystem::Go))
        }),
        "package.json" => {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            let name = value.get("name")?.as_str()?.to_owned();
            let line =
                text.lines().position(|line| line.contains("\"name\"")).map_or(1, |index| index as u32 + 1);
            let description = value
                .get("description")
                .and_then(|value| value.as_str())
                .map(str::to_owned)
                .filter(|text| !text.is_empty());
            let private = value.get("private").and_then(serde_json::Value::as_bool) == Some(true);
            Some(Package { private, ..package(name, line, description, Ecosystem::Npm) })
        }
        _ => None,
    }
    .map(|mut package| {
        package.entries = declared_entries(&package, text);
        if package.ecosystem == Ecosystem::Npm {
            package.library_entries = npm_library_entries(&package, text);
        }
        if package.ecosystem == Ecosystem::Cargo {
            package.standalone =
                !package.root.is_empty() && text.lines().any(|line| line.trim() == "[workspace]");
            // The repository's own crate: its library root is what a library is entered by,
            // shown when no program is.
            if package.root.is_empty() {
                package.library_entries = vec![cargo_lib_path(text)];
            }
        }
        // `autobins = false`: only the declared binaries; `src/bin/*.rs` are modules then.
        package.autobins = !(package.ecosystem == Ecosystem::Cargo
            && text.lines().any(|line| line.replace(' ', "") == "autobins=false"));
        package
    })
}

/// The entry points a manifest declares, as paths from the repository root.
fn declared_entries(package: &Package, text: &str) -> Vec<(String, Option<String>)> {
    let from_root = |path: &str| {
        let path = path.trim().trim_start_matches("./");
        if package.root.is_empty() { path.to_owned() } else { format!("{}/{path}", package.root) }
    };
    let mut entries = Vec::new();
    match package.ecosystem {
        Ecosystem::Cargo => {
            entries.extend(table_values(text, "[[bin]]", "path").map(|path| (from_root(path), None)));
        }
        Ecosystem::Npm => npm_entries(package, text, &from_root, &mut entries),
        Ecosystem::Python => {
            let mut in_scripts = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with('[') {
                    in_scripts = matches!(
                        line,
                        "[project.scripts]" | "[tool.poetry.scripts]" | "[project.gui-scripts]"
                    );
                    continue;
                }
                let Some((_, target)) = line.split_once('=').filter(|_| in_scripts) else { continue };
                let target = target.trim().trim_matches(['"', '\'']);
                let (module, function) = target.split_once(':').unwrap_or((target, ""));
                let module = module.trim().replace('.', "/");
                let function = (!function.is_empty()).then(|| function.trim().to_owned());
                for candidate in
                    [format!("{module}.py"), format!("{module}/__init__.py"), format!("{module}/__main__.py")]
                {
                    entries.push((from_root(&candidate), function.clone()));
                    entries.push((from_root(&format!("src/{candidate}")), function.clone()));
                }
            }
        }
        Ecosystem::Go => {}
    }
    entries
}

/// `name = "…"` and `description = "…"` of a TOML section: the name, its line, and the
/// description.
fn toml_section(text: &str, header: &str) -> Option<(String, u32, Option<String>)> {
    let mut in_section = false;
    let mut name = None;
    let mut description = None;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('[') {
            if in_section {
                break;
            }
            in_section = line == header;
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            let value = value.trim();
            let literal = if let Some(rest) = value.strip_prefix("\"\"\"") {
                // A multi-line string: its lines up to the closing quotes, joined, and the
                // first sentence of that.
                let mut words: Vec<&str> = vec![rest.trim()];
                if !rest.contains("\"\"\"") {
                    for next in text.lines().skip(index + 1) {
                        words.push(next.trim());
                        if next.contains("\"\"\"") {
                            break;
                        }
                    }
                }
                let joined = words.join(" ").split("\"\"\"").next().unwrap_or("").trim().to_owned();
                let sentence_end = joined.find(". ").map_or(joined.len(), |at| at + 1);
                Some(joined[..sentence_end].to_owned())
            } else {
                value.strip_prefix('"').and_then(|value| value.split('"').next()).map(str::to_owned)
            };
            match key.trim() {
                "name" => name = literal.map(|literal| (literal, index as u32 + 1)),
                "description" => description = literal.filter(|text| !text.is_empty()),
                _ => {}
            }
        }
    }
    name.map(|(name, line)| (name, line, description))
}

/// package.json `bin` (a path or an object of them) and, for the repository's own package
/// or an editor extension, `main`, `module` and `exports`; a path into a build directory
/// also names the source it is built from ([`built_from`]).
fn npm_entries(
    package: &Package,
    text: &str,
    from_root: &dyn Fn(&str) -> String,
    entries: &mut Vec<(String, Option<String>)>,
) {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return };
    let mut paths: Vec<&str> = Vec::new();
    match value.get("bin") {
        Some(serde_json::Value::String(path)) => paths.push(path),
        Some(serde_json::Value::Object(bins)) => paths.extend(bins.values().filter_map(|v| v.as_str())),
        _ => {}
    }
    // `main` is a library's entry unless the package is the repository's own (its
    // API) or an editor extension (VS Code starts it: `activate`).
    let extension = value.get("contributes").is_some()
        || value.get("engines").and_then(|engines| engines.get("vscode")).is_some();
    if package.root.is_empty() || extension {
        paths.extend(api_paths(&value));
    }
    for path in paths {
        let path = from_root(path);
        entries.extend(built_from(package, &path).into_iter().map(|source| (source, None)));
        entries.push((path, None));
    }
}

/// A sub-package's `main`, `module` and `exports`, with the sources they are built from.
fn npm_library_entries(package: &Package, text: &str) -> Vec<String> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    if package.root.is_empty() || value.get("contributes").is_some() {
        return Vec::new();
    }
    let mut entries = Vec::new();
    for path in api_paths(&value) {
        let path = if package.root.is_empty() {
            path.trim_start_matches("./").to_owned()
        } else {
            format!("{}/{}", package.root, path.trim_start_matches("./"))
        };
        entries.extend(built_from(package, &path));
        entries.push(path);
    }
    entries.dedup();
    entries
}

/// `main`, `module` and the files `exports` names (every condition but `types`; no
/// patterns, no `package.json`).
fn api_paths(value: &serde_json::Value) -> Vec<&str> {
    fn leaves<'v>(value: &'v serde_json::Value, out: &mut Vec<&'v str>) {
        match value {
            serde_json::Value::String(path) => out.push(path),
            serde_json::Value::Array(values) => values.iter().for_each(|value| leaves(value, out)),
            serde_json::Value::Object(map) => map
                .iter()
                .filter(|(key, _)| key.as_str() != "types")
                .for_each(|(_, value)| leaves(value, out)),
            _ => {}
        }
    }
    let mut paths: Vec<&str> = ["main", "module"].iter().filter_map(|key| value.get(key)?.as_str()).collect();
    if let Some(exports) = value.get("exports") {
        leaves(exports, &mut paths);
    }
    paths.retain(|path| !path.contains('*') && !path.ends_with(".json") && !path.ends_with(".d.ts"));
    let mut seen = rustc_hash::FxHashSet::default();
    paths.retain(|path| seen.insert(path.trim_start_matches("./")));
    paths
}

/// Build directories of JavaScript packages and the format directories inside them.
const BUILT: &[&str] = &["out/", "dist/", "lib/", "build/"];
const FORMATS: &[&str] = &["es/", "esm/", "cjs/", "umd/", "mjs/"];
/// With their dots: source extensions, not language names.
const EXTENSIONS: &[&str] = &[".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/// A path into a build directory without the directory, its format directory and its
/// extension: `dist/es/x/y.mjs` → `x/y`.
fn built_stem<'p>(package: &Package, path: &'p str) -> Option<&'p str> {
    let relative = path.strip_prefix(&format!("{}/", package.root)).unwrap_or(path);
    let rest = BUILT.iter().find_map(|built| relative.strip_prefix(built))?;
    let rest = FORMATS.iter().find_map(|format| rest.strip_prefix(format)).unwrap_or(rest);
    Some(
        [".d.ts", ".js", ".mjs", ".cjs", ".jsx"]
            .iter()
            .find_map(|extension| rest.strip_suffix(extension))
            .unwrap_or(rest),
    )
}

/// The sources a path into a build directory (`dist/`, `lib/`, `build/`, `out/`) is built
/// from by convention, candidates of which the recon keeps those that exist:
/// `dist/x.js`, `dist/es/x.mjs` or `dist/x.d.ts` from `src/x.ts` (or `.tsx`, `.js`, …) or
/// `src/x/index.ts`.
pub(crate) fn built_from(package: &Package, path: &str) -> Vec<String> {
    let Some(stem) = built_stem(package, path) else { return Vec::new() };
    let base = if package.root.is_empty() { "src".to_owned() } else { format!("{}/src", package.root) };
    let mut candidates: Vec<String> =
        EXTENSIONS.iter().map(|extension| format!("{base}/{stem}{extension}")).collect();
    candidates.extend(EXTENSIONS[..5].iter().map(|extension| format!("{base}/{stem}/index{extension}")));
    candidates
}

/// Whether the file at `source` may be what the built file at `path` was made from by name
/// (a bundler names an output after its input: `dist/parseAst.js` from
/// `src/utils/parseAst.ts`): the same file name but for a source extension.
pub(crate) fn built_by_name(package: &Package, path: &str, source: &str) -> bool {
    let Some(stem) = built_stem(package, path) else { return false };
    let stem = stem.rsplit('/').next().unwrap_or(stem);
    let name = source.rsplit('/').next().unwrap_or(source);
    name.strip_prefix(stem).is_some_and(|extension| EXTENSIONS.contains(&extension))
}

/// Packages by root directory, to find a path's package by its ancestors rather than by
/// comparing it with every package.
pub(crate) struct PackageRoots<'a> {
    /// Each root with the packages there, in [`Recon::packages`] order.
    by_root: HashMap<&'a str, Vec<usize>>,
}

impl<'a> PackageRoots<'a> {
    pub(crate) fn new(packages: &'a [Package]) -> PackageRoots<'a> {
        let mut by_root: HashMap<&str, Vec<usize>> = HashMap::default();
        for (index, package) in packages.iter().enumerate() {
            by_root.entry(package.root.as_str()).or_default().push(index);
        }
        PackageRoots { by_root }
    }

    /// The packages containing `path`: the deepest root first, and the packages of one
    /// root last listed first.
    pub(crate) fn containing<'p>(&'p self, path: &'p str) -> impl Iterator<Item = usize> + 'p {
        let dirs = path.rmatch_indices('/').map(|(at, _)| &path[..at]).chain(std::iter::once(""));
        dirs.filter_map(|dir| self.by_root.get(dir)).flat_map(|indices| indices.iter().rev().copied())
    }

    /// The package of `path`: the one with the longest root (the last listed of a root).
    pub(crate) fn package_of(&self, path: &str) -> Option<usize> {
        self.containing(path).next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's crate is entered by its library root when it has no program; a
    /// crate below the root that is a workspace of its own is a separate project.
    #[test]
    fn cargo_library_roots_and_standalone_crates() {
        let parse = |path: &str, text: &str| parse_manifest(&RelPath::new(path).unwrap(), text).unwrap();
        let root =
            parse("Cargo.toml", "[package]\nname = \"tantivy\"\n\n[workspace]\nmembers = [\"common\"]\n");
        assert_eq!(
            (root.library_entries.as_slice(), root.standalone),
            (["src/lib.rs".to_owned()].as_slice(), false)
        );
        let renamed = parse("Cargo.toml", "[package]\nname = \"x\"\n\n[lib]\npath = \"./lib/x.rs\"\n");
        assert_eq!(renamed.library_entries, ["lib/x.rs"]);
        let member = parse("common/Cargo.toml", "[package]\nname = \"tantivy-common\"\n");
        assert_eq!((member.library_entries.len(), member.standalone), (0, false));
        let tool = parse("columnar/columnar-cli/Cargo.toml", "[package]\nname = \"cli\"\n\n[workspace]\n");
        assert!(tool.standalone && tool.is_tooling());
        let generator = parse("lib/gen-protos/Cargo.toml", "[package]\nname = \"gen-protos\"\n");
        assert!(!generator.standalone && generator.is_tooling());
        assert!(!member.is_tooling());
    }

    #[test]
    fn renamed_cargo_dependencies_are_read_with_their_alias() {
        let text = "[package]\nname = \"tantivy\"\n\n[dependencies]\ntokenizer-api = { version = \"0.5\", path = \"./tokenizer-api\", package = \"tantivy-tokenizer-api\" }\nserde = { version = \"1\", features = [\"derive\"] }\nother = { path = \"../packaged\" }\n\n[target.'cfg(unix)'.dev-dependencies.sstable]\npackage = \"tantivy-sstable\"\nversion = \"0.1\"\n";
        let cargo = parse_manifest(&RelPath::new("Cargo.toml").unwrap(), text).unwrap();
        assert_eq!(
            cargo.renames,
            [
                ("tokenizer-api".to_owned(), "tantivy-tokenizer-api".to_owned()),
                ("sstable".to_owned(), "tantivy-sstable".to_owned()),
            ]
        );
        let api = parse_manifest(
            &RelPath::new("tokenizer-api/Cargo.toml").unwrap(),
            "[package]\nname = \"tantivy-tokenizer-api\"\n",
        )
        .unwrap();
        let packages = [cargo, api];
        let matcher = crate::recon::rank::ImportMatcher::new(&packages);
        assert_eq!(matcher.package("tokenizer_api::Tokenizer"), Some(1));
        assert_eq!(matcher.package("tantivy_tokenizer_api::Token"), Some(1));
        assert_eq!(matcher.package("serde::Serialize"), None);
    }

    #[test]
    fn manifests_of_four_ecosystems() {
        let cargo = parse_manifest(&RelPath::new("crates/engine/Cargo.toml").unwrap(), "[package]\nname = \"plan-engine\"\ndescription = \"The core.\"\n\n[dependencies]\nname = \"x\"\n").unwrap();
        assert_eq!(
            (cargo.name.as_str(), cargo.root.as_str(), cargo.line, cargo.description.as_deref()),
            ("plan-engine", "crates/engine", 2, Some("The core."))
        );
        assert_eq!(cargo.import_name(), "plan_engine");
        let workspace =
            parse_manifest(&RelPath::new("Cargo.toml").unwrap(), "[workspace]\nmembers = [\"a\"]\n");
        assert_eq!(workspace, None);
        let go = parse_manifest(
            &RelPath::new("go.mod").unwrap(),
            "// comment\nmodule github.com/spf13/cobra\n\ngo 1.21\n",
        )
        .unwrap();
        assert_eq!((go.name.as_str(), go.line), ("github.com/spf13/cobra", 2));
        let npm = parse_manifest(
            &RelPath::new("web/package.json").unwrap(),
            "{\n  \"name\": \"@acme/web\",\n  \"description\": \"The site\"\n}\n",
        )
        .unwrap();
        assert_eq!((npm.name.as_str(), npm.line, npm.root.as_str()), ("@acme/web", 2, "web"));
        let python =
            parse_manifest(&RelPath::new("pyproject.toml").unwrap(), "[project]\nname = \"my-tool\"\n")
                .unwrap();
        assert_eq!(python.import_name(), "my_tool");
        assert!(parse_manifest(&RelPath::new("package.json").unwrap(), "{ not json").is_none());
    }

    #[test]
    fn entry_points_that_manifests_declare() {
        let entries =
            |path: &str, text: &str| parse_manifest(&RelPath::new(path).unwrap(), text).unwrap().entries;
        let cargo = entries(
            "crates/ra/Cargo.toml",
            "[package]\nname = \"ra\"\nautobins = false\n\n[[bin]]\nname = \"ra\"\npath = \"src/bin/main.rs\"\n",
        );
        assert_eq!(cargo, [("crates/ra/src/bin/main.rs".to_owned(), None)]);
        let ra = RelPath::new("crates/ra/Cargo.toml").unwrap();
        assert!(!parse_manifest(&ra, "[package]\nname = \"ra\"\nautobins = false\n").unwrap().autobins);
        assert!(parse_manifest(&ra, "[package]\nname = \"ra\"\n").unwrap().autobins);
        let root = entries(
            "package.json",
            r#"{"name": "eslint", "bin": {"eslint": "./bin/eslint.js"}, "main": "./lib/api.js"}"#,
        );
        // A built path also names the sources it may be built from (those that exist count).
        let has = |entries: &[(String, Option<String>)], path: &str| entries.iter().any(|(p, _)| p == path);
        for path in ["bin/eslint.js", "src/api.ts", "src/api.js", "src/api/index.ts", "lib/api.js"] {
            assert!(has(&root, path), "{path} in {root:?}");
        }
        // A sub-package's `main` is a library's, unless it is an editor extension.
        let library = entries("packages/js/package.json", r#"{"name": "@x/js", "main": "./src/index.js"}"#);
        assert!(library.is_empty(), "{library:?}");
        let extension = entries(
            "packages/vscode/package.json",
            r#"{"name": "vscode-x", "main": "./out/extension.js", "contributes": {}}"#,
        );
        for path in ["packages/vscode/src/extension.ts", "packages/vscode/out/extension.js"] {
            assert!(has(&extension, path), "{path} in {extension:?}");
        }
        let python = entries(
            "pyproject.toml",
            "[project]\nname = \"scrapy\"\n\n[project.scripts]\nscrapy = \"scrapy.cmdline:execute\"\n",
        );
        assert!(python.contains(&("scrapy/cmdline.py".to_owned(), Some("execute".to_owned()))), "{python:?}");
        assert!(
            python.contains(&("src/scrapy/cmdline.py".to_owned(), Some("execute".to_owned()))),
            "{python:?}"
        );
    }
}
