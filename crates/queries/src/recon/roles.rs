//! What each file is to the system: product code, or one of the peripheral roles (tests,
//! test data, examples, benchmarks, docs, build and CI scripts, generated and vendored
//! code). Peripheral files are still parsed and citable; they never rank as core.
//!
//! One classifier from several signals, strongest first: `.gitattributes` linguist
//! attributes (read by the caller, [`Attributes`]), path conventions of each ecosystem,
//! file-name conventions, and generated-file markers in the file's first lines.

use crate::globs::{name_match, segments_match};

/// A file's role, by the first signal that names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FileClass {
    Product,
    Test,
    TestData,
    Example,
    Bench,
    Docs,
    Build,
    Generated,
    Vendored,
    /// Named by `[recon] exclude` in `plan.toml`.
    Excluded,
}

impl FileClass {
    /// Every class but [`FileClass::Product`].
    pub(crate) const PERIPHERAL: [FileClass; 9] = [
        FileClass::Test,
        FileClass::TestData,
        FileClass::Example,
        FileClass::Bench,
        FileClass::Docs,
        FileClass::Build,
        FileClass::Generated,
        FileClass::Vendored,
        FileClass::Excluded,
    ];

    pub(crate) fn is_peripheral(self) -> bool {
        self != FileClass::Product
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            FileClass::Product => "product",
            FileClass::Test => "tests",
            FileClass::TestData => "test data and fixtures",
            FileClass::Example => "examples",
            FileClass::Bench => "benchmarks",
            FileClass::Docs => "docs",
            FileClass::Build => "build and CI scripts",
            FileClass::Generated => "generated",
            FileClass::Vendored => "vendored",
            FileClass::Excluded => "excluded in plan.toml",
        }
    }
}

/// Directory names that give a role to everything under them.
const DIRECTORIES: &[(&str, FileClass)] = &[
    ("vendor", FileClass::Vendored),
    ("vendored", FileClass::Vendored),
    ("_vendor", FileClass::Vendored),
    ("third_party", FileClass::Vendored),
    ("third-party", FileClass::Vendored),
    ("thirdparty", FileClass::Vendored),
    ("3rdparty", FileClass::Vendored),
    ("node_modules", FileClass::Vendored),
    // Yarn's own release, plugins and editor SDK shims (`.yarn/sdks/eslint/bin/eslint.js`).
    (".yarn", FileClass::Vendored),
    ("bower_components", FileClass::Vendored),
    ("site-packages", FileClass::Vendored),
    ("typeshed", FileClass::Vendored),
    ("typeshed-fallback", FileClass::Vendored),
    ("bundled", FileClass::Vendored),
    ("generated", FileClass::Generated),
    ("__generated__", FileClass::Generated),
    ("testdata", FileClass::TestData),
    ("test_data", FileClass::TestData),
    ("test-data", FileClass::TestData),
    ("fixtures", FileClass::TestData),
    ("fixture", FileClass::TestData),
    ("__fixtures__", FileClass::TestData),
    ("__snapshots__", FileClass::TestData),
    ("snapshots", FileClass::TestData),
    ("__mocks__", FileClass::TestData),
    ("mocks", FileClass::TestData),
    ("test_files", FileClass::TestData),
    ("test-files", FileClass::TestData),
    ("test", FileClass::Test),
    ("tests", FileClass::Test),
    ("__tests__", FileClass::Test),
    ("spec", FileClass::Test),
    ("specs", FileClass::Test),
    ("testing", FileClass::Test),
    ("e2e", FileClass::Test),
    // Singular: an integration-test harness (`pkg/integration/`); plural `integrations/`
    // are usually product connectors.
    ("integration", FileClass::Test),
    ("integration_tests", FileClass::Test),
    ("integration-tests", FileClass::Test),
    ("itests", FileClass::Test),
    ("fuzz", FileClass::Test),
    ("test-utils", FileClass::Test),
    ("test_utils", FileClass::Test),
    ("testutils", FileClass::Test),
    ("testutil", FileClass::Test),
    ("test-support", FileClass::Test),
    ("test_support", FileClass::Test),
    ("testhelpers", FileClass::Test),
    ("test_helpers", FileClass::Test),
    ("bench", FileClass::Bench),
    ("benches", FileClass::Bench),
    ("benchmark", FileClass::Bench),
    ("benchmarks", FileClass::Bench),
    ("examples", FileClass::Example),
    ("example", FileClass::Example),
    ("samples", FileClass::Example),
    ("sample", FileClass::Example),
    ("demo", FileClass::Example),
    ("demos", FileClass::Example),
    ("docs", FileClass::Docs),
    ("doc", FileClass::Docs),
    ("documentation", FileClass::Docs),
    (".github", FileClass::Build),
    (".circleci", FileClass::Build),
    (".ci", FileClass::Build),
    ("ci", FileClass::Build),
    ("scripts", FileClass::Build),
    ("tooling", FileClass::Build),
    ("xtask", FileClass::Build),
    ("build", FileClass::Build),
];

/// The role of the file at `path` whose text starts with `head`, before any
/// `.gitattributes` override.
pub(crate) fn classify(path: &str, head: &str) -> FileClass {
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = match lower.rsplit_once('/') {
        Some((dirs, name)) => (dirs, name),
        None => ("", lower.as_str()),
    };
    // The outermost directory with a role names it: `tests/fixtures/x` is test data,
    // `vendor/pkg/tests/x` vendored. Vendored and generated win wherever they are.
    // A hidden directory not named above holds tooling and its configuration (`.vitepress/`,
    // `.storybook/`, `.husky/`), never the product.
    let roles: Vec<FileClass> = dirs
        .split('/')
        .filter_map(|dir| match DIRECTORIES.iter().find(|(known, _)| *known == dir) {
            Some((_, class)) => Some(*class),
            None => (dir.len() > 1 && dir.starts_with('.') && dir != "..").then_some(FileClass::Build),
        })
        .collect();
    // `integration_tests/`, `e2e-test/`, `test_helpers/`: a directory named for tests.
    let testy = |dir: &str| {
        ["_test", "_tests", "-test", "-tests"].iter().any(|end| dir.ends_with(end))
            || dir.starts_with("test_")
            || dir.starts_with("test-")
    };
    let mut roles = roles;
    if roles.is_empty() && dirs.split('/').any(testy) {
        roles.push(FileClass::Test);
    }
    for strong in [FileClass::Vendored, FileClass::Generated, FileClass::TestData] {
        if roles.contains(&strong) {
            return strong;
        }
    }
    if let Some(class) = by_name(name) {
        return class;
    }
    // invoke's `tasks.py` is a build script at the root; deeper, it is a module of its own
    // (an importer's `tasks.py`). Beside a manifest it is one again ([`build_script_beside`]).
    if name == "tasks.py" && dirs.is_empty() {
        return FileClass::Build;
    }
    if is_generated(head) {
        return FileClass::Generated;
    }
    roles.first().copied().unwrap_or(FileClass::Product)
}

/// The role a file name alone gives.
fn by_name(name: &str) -> Option<FileClass> {
    let (stem, extension) = name.rsplit_once('.').unwrap_or((name, ""));
    let generated = stem.ends_with(".pb")
        || stem.ends_with("_pb2")
        || stem.ends_with("_pb2_grpc")
        || stem.ends_with("_generated")
        || stem.ends_with(".generated")
        || stem.ends_with(".min")
        || name.ends_with("_string.go");
    if generated {
        return Some(FileClass::Generated);
    }
    let test = stem.ends_with("_test")
        || stem.ends_with("_tests")
        || stem.starts_with("test_")
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || stem.ends_with("_spec")
        || stem.ends_with("_mock")
        || stem.starts_with("mock_")
        || matches!(stem, "test" | "tests" | "conftest" | "testing" | "testutil" | "test_utils");
    if test {
        return Some(FileClass::Test);
    }
    let build = matches!(
        name,
        "build.rs" | "setup.py" | "noxfile.py" | "fabfile.py" | "gulpfile.js" | "gruntfile.js"
    ) || stem.ends_with(".config")
        && matches!(extension, "js" | "mjs" | "cjs" | "ts" | "mts" | "cts");
    build.then_some(FileClass::Build)
}

/// Whether `path` is a build script by standing beside a manifest: invoke's `tasks.py`
/// next to a `pyproject.toml` (a package root), where at any other depth it is product code.
pub(crate) fn build_script_beside(path: &str, manifest_dirs: &dyn Fn(&str) -> bool) -> bool {
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    name == "tasks.py" && manifest_dirs(dir)
}

/// A line this long in a file's head is a machine's: minified code (`jquery.min.js`
/// without the `.min`), a table written by a generator.
const MACHINE_LINE: usize = 800;

/// Whether the file's first lines say it is generated (`@generated`, `Code generated …
/// DO NOT EDIT`, `auto-generated`, `Generated by …`, a comment opening with `Generated
/// from …`), or are a machine's (a line of [`MACHINE_LINE`] characters or more).
pub(crate) fn is_generated(head: &str) -> bool {
    if head.split('\n').any(|line| line.len() >= MACHINE_LINE) {
        return true;
    }
    head.lines().take(12).any(|line| {
        let line = line.trim_start().to_ascii_lowercase();
        let opening = ["//", "#", "/*", "*", "--", "<!--", "\"\"\"", "'''", ";"]
            .iter()
            .find(|start| line.starts_with(*start));
        let Some(opening) = opening else { return false };
        // `// Generated from serbian.sbl by Snowball`, not "a file generated from the template".
        line[opening.len()..].trim_start_matches(['/', '!', '*', ' ']).starts_with("generated from")
            || [
                "@generated",
                "do not edit",
                "code generated",
                "auto-generated",
                "autogenerated",
                "automatically generated",
                "generated by",
            ]
            .iter()
            .any(|marker| line.contains(marker))
    })
}

/// The linguist attributes of a `.gitattributes` file: (pattern, role) pairs, in file
/// order (a later line overrides an earlier one, as in git).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Attributes {
    /// The directory of the `.gitattributes` file, relative to the root ("" at the root).
    pub(crate) base: String,
    /// Pattern, the class a linguist attribute names, and whether it is set (`-linguist-vendored`
    /// and `linguist-vendored=false` unset it).
    pub(crate) rules: Vec<(String, FileClass, bool)>,
}

impl Attributes {
    pub(crate) fn parse(base: &str, text: &str) -> Attributes {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let Some(pattern) = parts.next() else { continue };
            for attribute in parts {
                let (name, set) = match attribute.strip_prefix('-') {
                    Some(name) => (name, false),
                    None => {
                        (attribute.split('=').next().unwrap_or(attribute), !attribute.ends_with("=false"))
                    }
                };
                let class = match name {
                    "linguist-generated" => FileClass::Generated,
                    "linguist-vendored" => FileClass::Vendored,
                    "linguist-documentation" => FileClass::Docs,
                    _ => continue,
                };
                rules.push((pattern.to_owned(), class, set));
            }
        }
        Attributes { base: base.to_owned(), rules }
    }

    /// The last linguist attribute that names `path`: its class and whether it is set.
    /// Unset, it says what the file is not (`test/** linguist-vendored=false`: not
    /// vendored, still tests), not that it is product code.
    pub(crate) fn class_of(&self, path: &str) -> Option<(FileClass, bool)> {
        let relative = if self.base.is_empty() {
            path
        } else {
            path.strip_prefix(self.base.as_str())?.strip_prefix('/')?
        };
        self.rules
            .iter()
            .rev()
            .find(|(pattern, ..)| glob_matches(pattern, relative))
            .map(|(_, class, set)| (*class, *set))
    }
}

/// Whether an `[recon] exclude` pattern names `path`: `dir/` (or `dir/**`) everything
/// below a directory, a pattern without `/` a file or directory name at any depth, any
/// other pattern the path from the root; `*`, `?` and `**` as in `.gitignore`.
pub(crate) fn excluded(pattern: &str, path: &str) -> bool {
    let pattern = pattern.trim().trim_start_matches("./");
    let directory = pattern.ends_with('/');
    let pattern = pattern.trim_end_matches('/');
    if pattern.is_empty() {
        return false;
    }
    if !pattern.contains('/') {
        let mut parts = path.split('/').collect::<Vec<_>>();
        if directory {
            parts.pop();
        }
        return parts.iter().any(|part| name_match(pattern.as_bytes(), part.as_bytes()));
    }
    let pattern = pattern.strip_prefix('/').unwrap_or(pattern);
    let parts: Vec<&str> = pattern.split('/').chain(directory.then_some("**")).collect();
    let path: Vec<&str> = path.split('/').collect();
    segments_match(&parts, &path)
        || segments_match(&parts.iter().copied().chain(["**"]).collect::<Vec<_>>(), &path)
}

/// A gitattributes pattern against a path relative to the attributes' directory: a
/// pattern without `/` matches a file name at any depth, `**` spans directories, `*`, `?`
/// and classes stay within one ([`crate::globs`]), a trailing `/**` matches everything below.
fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.strip_prefix('/').unwrap_or(pattern);
    if !pattern.contains('/') {
        // As in git: a pattern without a slash matches the file name at any depth (and,
        // unlike `.gitignore`, never a directory).
        return path.rsplit('/').next().is_some_and(|name| name_match(pattern.as_bytes(), name.as_bytes()));
    }
    let pattern = pattern.trim_end_matches('/');
    segments_match(&pattern.split('/').collect::<Vec<_>>(), &path.split('/').collect::<Vec<_>>())
}

#[cfg(test)]
mod tests;
