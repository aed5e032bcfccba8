//! Go and Python packages as units of item 1: in Go the package is the directory, and a
//! module (`go.mod`) holds many; in Python a directory with an `__init__.py` is a package,
//! and a distribution holds many. Each is listed with its own package doc, most imported
//! first (by tiers of how many other packages import it).

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::recon::model::{CITE, ReconFact, SourceInfo, tier};
use crate::recon::packages::{Ecosystem, Package};
use crate::recon::view::Anchor;

/// One Go package: its directory's files (indices into the sources).
struct Unit<'a> {
    import_path: String,
    files: Vec<usize>,
    doc: Option<(usize, &'a str)>,
}

/// The Go packages of Go modules, most imported first; `said` collects the docs used.
pub(crate) fn go_packages<'a>(
    packages: &[Package],
    sources: &'a [SourceInfo<'a>],
    said: &mut FxHashSet<String>,
) -> Vec<ReconFact> {
    let mut units: BTreeMap<&str, Unit<'a>> = BTreeMap::new();
    for (index, source) in sources.iter().enumerate().filter(|(_, source)| !source.peripheral) {
        let Some(package) = source.package.map(|package| &packages[package]) else { continue };
        if package.ecosystem != Ecosystem::Go || !source.path.as_str().ends_with(".go") {
            continue;
        }
        let dir = source.path.as_str().rsplit_once('/').map_or("", |(dir, _)| dir);
        let below = dir.strip_prefix(package.root.as_str()).unwrap_or(dir).trim_start_matches('/');
        let unit = units.entry(dir).or_insert_with(|| Unit {
            import_path: if below.is_empty() {
                package.name.clone()
            } else {
                format!("{}/{below}", package.name)
            },
            files: Vec::new(),
            doc: None,
        });
        unit.files.push(index);
        if unit.doc.is_none()
            && let Some(doc) = source.view.module_doc.as_deref()
        {
            unit.doc = Some((index, doc));
        }
    }
    rank_units(units, sources, said, None)
}

/// The units ranked by tiers of importers, then by directory. An import names the unit
/// with its exact import path or, with a `separator`, the longest such prefix (`a.b.c`
/// names the package `a.b`): hash lookups, linear in the imports.
fn rank_units<'a>(
    units: BTreeMap<&'a str, Unit<'a>>,
    sources: &'a [SourceInfo<'a>],
    said: &mut FxHashSet<String>,
    separator: Option<char>,
) -> Vec<ReconFact> {
    if units.len() < 2 {
        return Vec::new();
    }
    let by_path: FxHashMap<&str, &str> =
        units.iter().map(|(dir, unit)| (unit.import_path.as_str(), *dir)).collect();
    let target_of = |import: &str| {
        let prefixes = separator
            .into_iter()
            .flat_map(|separator| import.rmatch_indices(separator).map(|(at, _)| &import[..at]));
        std::iter::once(import).chain(prefixes).find_map(|path| by_path.get(path).copied())
    };
    let mut importers: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    for (dir, unit) in &units {
        for &index in &unit.files {
            for import in &sources[index].view.imports {
                if let Some(target) = target_of(import)
                    && target != *dir
                {
                    importers.entry(target).or_default().insert(dir);
                }
            }
        }
    }
    let mut ranked: Vec<(u32, &str, ReconFact)> = units
        .iter()
        .filter_map(|(dir, unit)| {
            let count = importers.get(dir).map_or(0, FxHashSet::len);
            let (cite, doc) = match unit.doc {
                Some((index, doc)) => {
                    said.insert(doc.to_owned());
                    (sources[index].cite(Anchor::ModuleDoc), format!(": {doc}"))
                }
                // Line 1 of a file that has a line (an empty `__init__.py` has none); a
                // package of empty files has nothing to cite.
                None => {
                    let first = unit.files.iter().find(|&&index| !sources[index].view.empty)?;
                    (sources[*first].cite(Anchor::Lines(1, 1)), String::new())
                }
            };
            let text = format!("package `{}`{doc} {CITE}", if dir.is_empty() { "." } else { dir });
            let fact =
                ReconFact::new(text, vec![cite]).with_detail(format!("imported by {count} other packages"));
            Some((tier(count) + u32::from(count > 0), *dir, fact))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    ranked.into_iter().map(|(_, _, fact)| fact).collect()
}

/// The Python packages (directories with an `__init__.py`) of product code, most imported
/// first; `said` collects the docs used.
pub(crate) fn python_packages<'a>(
    sources: &'a [SourceInfo<'a>],
    said: &mut FxHashSet<String>,
) -> Vec<ReconFact> {
    let product = || sources.iter().enumerate().filter(|(_, source)| !source.peripheral);
    let packages: FxHashSet<&str> =
        product().filter_map(|(_, source)| source.path.as_str().strip_suffix("/__init__.py")).collect();
    let mut units: BTreeMap<&str, Unit<'a>> = BTreeMap::new();
    for (index, source) in product() {
        let path = source.path.as_str();
        let Some((dir, _)) = path.rsplit_once('/').filter(|_| path.ends_with(".py")) else { continue };
        if !packages.contains(dir) {
            continue;
        }
        let unit = units.entry(dir).or_insert_with(|| Unit {
            import_path: dotted(dir, &packages),
            files: Vec::new(),
            doc: None,
        });
        unit.files.push(index);
        if path.ends_with("/__init__.py")
            && let Some(doc) = source.view.module_doc.as_deref()
        {
            unit.doc = Some((index, doc));
        }
    }
    rank_units(units, sources, said, Some('.'))
}

/// The dotted import path of the package directory `dir`: its name and those of the
/// enclosing directories that are packages too (`src/scrapy/http` is `scrapy.http`).
fn dotted(dir: &str, packages: &FxHashSet<&str>) -> String {
    let mut top = dir;
    while let Some((parent, _)) = top.rsplit_once('/')
        && packages.contains(parent)
    {
        top = parent;
    }
    let start = top.rfind('/').map_or(0, |at| at + 1);
    dir[start..].replace('/', ".")
}
