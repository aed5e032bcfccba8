//! Code that only tests use, found from what uses it: a package of the repository that
//! its other packages depend on only to test (a workspace's `test-support` crate), and a Go
//! package that only `_test.go` files import (`internal/archivetest`); and the Go package
//! import paths both this and `Resolver::can_name` read.

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

/// The package import path of each Go source file in a Go module: the module's path and
/// the file's directory below the module root (`example.com/m/cache/metadata`); `None`
/// for other files.
pub(crate) fn go_import_paths(packages: &[Package], sources: &[SourceInfo<'_>]) -> Vec<Option<String>> {
    sources
        .iter()
        .map(|source| {
            let path = source.path.as_str();
            let module = &packages[source.package?];
            if module.ecosystem != Ecosystem::Go || !path.ends_with(".go") {
                return None;
            }
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            let below = if module.root.is_empty() {
                dir
            } else {
                dir.strip_prefix(module.root.as_str())?.trim_start_matches('/')
            };
            Some(if below.is_empty() { module.name.clone() } else { format!("{}/{below}", module.name) })
        })
        .collect()
}

/// The Go packages of the repository, by import path (`go_paths`, [`go_import_paths`]),
/// that only tests import: `_test.go` files, and the files of packages found so, import
/// them; no other file does.
fn go_test_only<'p>(sources: &[SourceInfo<'_>], go_paths: &'p [Option<String>]) -> FxHashSet<&'p str> {
    /// Rounds of "imported only by tests and test support" (a helper of a helper).
    const ROUNDS: usize = 3;
    let known: FxHashSet<&str> = go_paths.iter().flatten().map(String::as_str).collect();
    let mut found: FxHashSet<&str> = FxHashSet::default();
    if known.is_empty() {
        return found;
    }
    for _ in 0..ROUNDS {
        let mut by: HashMap<&str, (bool, bool)> = HashMap::default();
        for (source, own) in sources.iter().zip(go_paths) {
            let Some(own) = own.as_deref() else { continue };
            let test = matches!(source.class, FileClass::Test | FileClass::TestData) || found.contains(own);
            for import in source.view.imports.iter().filter(|import| *import != own) {
                if let Some(&target) = known.get(import.as_str()) {
                    let entry = by.entry(target).or_default();
                    if test { entry.1 = true } else { entry.0 = true }
                }
            }
        }
        let before = found.len();
        found.extend(by.into_iter().filter(|(_, uses)| *uses == (false, true)).map(|(path, _)| path));
        if found.len() == before {
            break;
        }
    }
    found
}

/// Gives each source its package, then marks the product files of test-support packages
/// ([`test_support`], [`go_test_only`]) as tests. Returns the packages by root and each
/// Go file's package import path ([`go_import_paths`]).
pub(crate) fn assign_packages<'p>(
    packages: &'p [Package],
    sources: &mut [SourceInfo<'_>],
) -> (PackageRoots<'p>, Vec<Option<String>>) {
    let roots = PackageRoots::new(packages);
    for source in sources.iter_mut() {
        source.package = roots.package_of(source.path.as_str());
    }
    let crates = test_support(packages);
    let go_paths = go_import_paths(packages, sources);
    let go = go_test_only(sources, &go_paths);
    for (source, go_path) in sources.iter_mut().zip(&go_paths) {
        let in_go = go_path.as_deref().is_some_and(|path| go.contains(path));
        let in_crate = source.package.is_some_and(|index| crates[index]);
        if source.class == FileClass::Product && (in_go || in_crate) {
            (source.class, source.peripheral) = (FileClass::Test, true);
        }
    }
    (roots, go_paths)
}
