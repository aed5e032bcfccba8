//! Which of several same-named definitions a file means when it uses a bare name: the one
//! in its own directory, else the one its imports name, else the nearest by path. Three
//! `Branch` structs then stop sharing each other's references: a file importing
//! `pkg/commands/models` credits `pkg/commands/models/branch.go`, not the `Branch` of
//! another package. A heuristic over import texts, the same for every language: an import
//! names a definition when the trailing segments of the definition's directory and file
//! stem appear among the import's words.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::recon::model::SourceInfo;
use crate::recon::view::Reach;

/// File stems that name their directory rather than themselves (`mod.rs`, `index.ts`,
/// `__init__.py`): imports name the directory.
const DIRECTORY_STEMS: &[&str] = &["mod", "index", "__init__", "lib"];

/// What affinity needs of each source file, computed once.
pub(crate) struct Resolver<'a> {
    /// The words of each file's imports (`github.com/a/b/pkg/models` → `pkg`, `models`, …).
    words: Vec<HashSet<&'a str>>,
    /// Each file's directory segments and stem.
    segments: Vec<Vec<&'a str>>,
    paths: Vec<&'a str>,
    /// Each Go file's package import path (`support::go_import_paths`): another package's
    /// file names its types only by importing it.
    go_paths: Vec<Option<String>>,
    /// Each file's imports.
    imports: Vec<&'a [String]>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(sources: &'a [SourceInfo<'_>], go_paths: Vec<Option<String>>) -> Resolver<'a> {
        let words = sources
            .iter()
            .map(|source| {
                source
                    .view
                    .imports
                    .iter()
                    .flat_map(|import| import.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')))
                    .filter(|word| !word.is_empty())
                    .collect()
            })
            .collect();
        let segments = sources.iter().map(|source| module_segments(source.path.as_str())).collect();
        let paths = sources.iter().map(|source| source.path.as_str()).collect();
        let imports = sources.iter().map(|source| source.view.imports.as_slice()).collect();
        Resolver { words, segments, paths, go_paths, imports }
    }

    /// How strongly file `user` sees a definition in file `definer`: same directory first,
    /// then how many trailing module segments its imports name, then shared path prefix.
    pub(crate) fn affinity(&self, user: usize, definer: usize) -> u32 {
        let (from, to) = (&self.segments[user], &self.segments[definer]);
        let (from_dir, to_dir) = (&from[..from.len().saturating_sub(1)], &to[..to.len().saturating_sub(1)]);
        if from_dir == to_dir {
            return 10_000;
        }
        let words = &self.words[user];
        let run =
            |segments: &[&str]| segments.iter().rev().take_while(|segment| words.contains(*segment)).count();
        let named = run(to).max(run(to_dir)).min(9) as u32;
        let shared = from_dir.iter().zip(to_dir).take_while(|(a, b)| a == b).count().min(99) as u32;
        named * 100 + shared
    }

    /// Whether file `user` can name a definition of file `definer` that has `reach`: a Rust
    /// module's private item from the module's file and subtree (`a/b.rs` from `a/b/…`,
    /// `a/mod.rs` or `src/lib.rs` from the whole directory), a Go package's unexported one
    /// from its directory, a nested Python class never by its bare name; and a Go type only
    /// from its own package's files and the files that import that package.
    pub(crate) fn can_name(&self, user: usize, definer: usize, reach: Reach) -> bool {
        self.can_reach(user, definer, reach) && self.go_imports(user, definer)
    }

    /// Whether Go file `user` is in the package of Go file `definer` or imports it; true
    /// when either is not a Go file of a module.
    fn go_imports(&self, user: usize, definer: usize) -> bool {
        match (&self.go_paths[user], &self.go_paths[definer]) {
            (Some(from), Some(to)) => from == to || self.imports[user].iter().any(|import| import == to),
            _ => true,
        }
    }

    /// [`Resolver::can_name`] by the definition's [`Reach`] alone.
    fn can_reach(&self, user: usize, definer: usize, reach: Reach) -> bool {
        let (from, to) = (self.paths[user], self.paths[definer]);
        let (dir, name) = to.rsplit_once('/').unwrap_or(("", to));
        let below =
            |root: &str| root.is_empty() || from.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'));
        match reach {
            Reach::Anywhere => true,
            Reach::Owner => from == to,
            Reach::Package => from.rsplit_once('/').map_or("", |(dir, _)| dir) == dir,
            Reach::Module => {
                let stem = name.split('.').next().unwrap_or(name);
                if matches!(stem, "mod" | "lib" | "main") {
                    below(dir)
                } else {
                    let module = to.rsplit_once('.').map_or(to, |(module, _)| module);
                    from == to || below(module)
                }
            }
        }
    }

    /// Of `definers` (files defining one name), those `user` most likely means: all that
    /// share the best affinity.
    pub(crate) fn meant<'d>(&self, user: usize, definers: &'d [usize]) -> impl Iterator<Item = usize> + 'd {
        let affinities: Vec<u32> = definers.iter().map(|&definer| self.affinity(user, definer)).collect();
        let (best, _) = best_of(affinities.iter().copied());
        definers
            .iter()
            .zip(affinities)
            .filter(move |(_, affinity)| *affinity == best)
            .map(|(&definer, _)| definer)
    }

    /// The affinity of `user` to the definers it [`Resolver::meant`], and how many they
    /// are: a definer is meant when its affinity is that one.
    pub(crate) fn best_affinity(&self, user: usize, definers: &[usize]) -> (u32, u32) {
        best_of(definers.iter().map(|&definer| self.affinity(user, definer)))
    }
}

/// The greatest of `affinities` (0 when there are none) and how many have it.
fn best_of(affinities: impl Iterator<Item = u32>) -> (u32, u32) {
    let (mut best, mut count) = (0, 0);
    for affinity in affinities {
        if affinity > best {
            (best, count) = (affinity, 1);
        } else if affinity == best {
            count += 1;
        }
    }
    (best, count)
}

/// `a/b/c.rs` → `a`, `b`, `c`; `a/b/mod.rs` → `a`, `b`, `b` (the directory is the module).
fn module_segments(path: &str) -> Vec<&str> {
    let mut segments: Vec<&str> = path.split('/').collect();
    if let Some(last) = segments.last_mut() {
        let stem = last.split('.').next().unwrap_or(last);
        *last = stem;
    }
    if let [.., dir, stem] = segments.as_mut_slice()
        && DIRECTORY_STEMS.contains(stem)
    {
        *stem = dir;
    }
    segments
}

/// For each name defined in more than one product file, those files (each once).
pub(crate) fn shared_names<'a>(
    definers: impl Iterator<Item = (&'a str, usize)>,
) -> HashMap<&'a str, Vec<usize>> {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
    for (name, file) in definers {
        let files = by_name.entry(name).or_default();
        if !files.contains(&file) {
            files.push(file);
        }
    }
    by_name.retain(|_, files| files.len() > 1);
    by_name
}

#[cfg(test)]
mod tests {
    use super::module_segments;
    use super::*;

    #[test]
    fn a_module_is_named_by_its_directory_when_its_stem_is_generic() {
        assert_eq!(module_segments("src/models/mod.rs"), ["src", "models", "models"]);
        assert_eq!(module_segments("pkg/commands/models/branch.go"), ["pkg", "commands", "models", "branch"]);
        assert_eq!(module_segments("lib/__init__.py"), ["lib", "lib"]);
        assert_eq!(module_segments("main.go"), ["main"]);
    }

    #[test]
    fn who_can_name_a_definition_by_its_reach() {
        let paths = [
            "src/lib.rs",
            "src/a.rs",
            "src/a/inner.rs",
            "src/b.rs",
            "pkg/x/x.go",
            "pkg/x/y.go",
            "pkg/z/z.go",
        ];
        let resolver = Resolver {
            words: paths.iter().map(|_| HashSet::default()).collect(),
            segments: paths.iter().map(|path| module_segments(path)).collect(),
            paths: paths.to_vec(),
            go_paths: vec![None; paths.len()],
            imports: vec![&[]; paths.len()],
        };
        let mut out = Vec::new();
        for (definer, reach) in
            [(0, Reach::Module), (1, Reach::Module), (4, Reach::Package), (4, Reach::Owner)]
        {
            let users: Vec<&str> = (0..paths.len())
                .filter(|&user| resolver.can_name(user, definer, reach))
                .map(|user| paths[user])
                .collect();
            out.push(format!("{} {reach:?}: {}", paths[definer], users.join(", ")));
        }
        expect_test::expect![[r#"
            src/lib.rs Module: src/lib.rs, src/a.rs, src/a/inner.rs, src/b.rs
            src/a.rs Module: src/a.rs, src/a/inner.rs
            pkg/x/x.go Package: pkg/x/x.go, pkg/x/y.go
            pkg/x/x.go Owner: pkg/x/x.go"#]]
        .assert_eq(&out.join("\n"));
    }
}
