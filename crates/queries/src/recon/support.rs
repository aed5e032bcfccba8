//! Code that only tests use, found from what uses it: a package of the repository that
//! its other packages depend on only to test (a workspace's `test-support` crate), and a Go
//! package that only `_test.go` files import (`internal/archivetest`).

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::recon::model::SourceInfo;
use crate::recon::packages::{Ecosystem, Package, PackageRoots};
use crate::recon::roles::FileClass;

/// The packages of a repository that its other packages depend on only to test (a
/// workspace's `test-support` crate): code that tests run, not the product's.
pub(crate) fn test_support(packages: &[Package]) -> Vec<bool> {
    let mut uses: HashMap<&str, (bool, bool)> = HashMap::default();
    for package in packages {
        for name in &package.depends_on {
            uses.entry(name.as_str()).or_default().0 = true;
        }
        for name in &package.tests_with {
            uses.entry(name.as_str()).or_default().1 = true;
        }
    }
    packages
        .iter()
        .map(|package| {
            package.ecosystem == Ecosystem::Cargo
                && !package.root.is_empty()
                && package.entries.is_empty()
                && uses.get(package.name.as_str()) == Some(&(false, true))
        })
        .collect()
}

/// The directories of Go packages (module root and path, `internal/archivetest`) that only
/// tests import: `_test.go` files, and the files of packages found so, import them; no
/// other file does.
pub(crate) fn go_test_only_dirs(packages: &[Package], sources: &[SourceInfo<'_>]) -> FxHashSet<String> {
    /// Rounds of "imported only by tests and test support" (a helper of a helper).
    const ROUNDS: usize = 3;
    let modules: Vec<&Package> =
        packages.iter().filter(|package| package.ecosystem == Ecosystem::Go).collect();
    let mut found: FxHashSet<String> = FxHashSet::default();
    if modules.is_empty() {
        return found;
    }
    let directory = |path: &str| path.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
    // Each Go file's directory and the directories of the module's packages it imports.
    let imports: Vec<(String, bool, Vec<String>)> = sources
        .iter()
        .filter(|source| source.path.as_str().ends_with(".go"))
        .map(|source| {
            let dir = directory(source.path.as_str());
            let targets = source
                .view
                .imports
                .iter()
                .filter_map(|import| {
                    modules.iter().find_map(|module| {
                        let rest = import.strip_prefix(module.name.as_str())?;
                        let rest = if rest.is_empty() { rest } else { rest.strip_prefix('/')? };
                        Some(match (module.root.is_empty(), rest.is_empty()) {
                            (true, _) => rest.to_owned(),
                            (false, true) => module.root.clone(),
                            (false, false) => format!("{}/{rest}", module.root),
                        })
                    })
                })
                .filter(|target| *target != dir)
                .collect();
            (dir, matches!(source.class, FileClass::Test | FileClass::TestData), targets)
        })
        .collect();
    for _ in 0..ROUNDS {
        let mut by: HashMap<&str, (bool, bool)> = HashMap::default();
        for (dir, test, targets) in &imports {
            let test = *test || found.contains(dir);
            for target in targets {
                let entry = by.entry(target.as_str()).or_default();
                if test { entry.1 = true } else { entry.0 = true }
            }
        }
        let before = found.len();
        found
            .extend(by.into_iter().filter(|(_, uses)| *uses == (false, true)).map(|(dir, _)| dir.to_owned()));
        if found.len() == before {
            break;
        }
    }
    found
}

/// Gives each source its package, then marks the product files of test-support packages
/// ([`test_support`], [`go_test_only_dirs`]) as tests. Returns the packages by root.
pub(crate) fn assign_packages<'p>(
    packages: &'p [Package],
    sources: &mut [SourceInfo<'_>],
) -> PackageRoots<'p> {
    let roots = PackageRoots::new(packages);
    for source in sources.iter_mut() {
        source.package = roots.package_of(source.path.as_str());
    }
    let crates = test_support(packages);
    let go = go_test_only_dirs(packages, sources);
    for source in sources.iter_mut().filter(|source| source.class == FileClass::Product) {
        let path = source.path.as_str();
        let in_go = !go.is_empty()
            && path.ends_with(".go")
            && go.contains(path.rsplit_once('/').map_or("", |(dir, _)| dir));
        if in_go || source.package.is_some_and(|index| crates[index]) {
            (source.class, source.peripheral) = (FileClass::Test, true);
        }
    }
    roots
}
