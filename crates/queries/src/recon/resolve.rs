//! Which of several same-named definitions a file means when it uses a bare name: the one
//! in its own directory, else the one its imports name, else the nearest by path. Three
//! `Branch` structs then stop sharing each other's references: a file importing
//! `pkg/commands/models` credits `pkg/commands/models/branch.go`, not the `Branch` of
//! another package. A heuristic over import texts, the same for every language: an import
//! names a definition when the trailing segments of the definition's directory and file
//! stem appear among the import's words.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::recon::model::SourceInfo;

/// File stems that name their directory rather than themselves (`mod.rs`, `index.ts`,
/// `__init__.py`): imports name the directory.
const DIRECTORY_STEMS: &[&str] = &["mod", "index", "__init__", "lib"];

/// What affinity needs of each source file, computed once.
pub(crate) struct Resolver<'a> {
    /// The words of each file's imports (`github.com/a/b/pkg/models` → `pkg`, `models`, …).
    words: Vec<HashSet<&'a str>>,
    /// Each file's directory segments and stem.
    segments: Vec<Vec<&'a str>>,
}

impl<'a> Resolver<'a> {
    pub(crate) fn new(sources: &'a [SourceInfo<'_>]) -> Resolver<'a> {
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
        Resolver { words, segments }
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

    /// Of `definers` (files defining one name), those `user` most likely means: all that
    /// share the best affinity.
    pub(crate) fn meant<'d>(&self, user: usize, definers: &'d [usize]) -> impl Iterator<Item = usize> + 'd {
        let affinities: Vec<u32> = definers.iter().map(|&definer| self.affinity(user, definer)).collect();
        let best = affinities.iter().copied().max().unwrap_or(0);
        definers
            .iter()
            .zip(affinities)
            .filter(move |(_, affinity)| *affinity == best)
            .map(|(&definer, _)| definer)
    }
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

    #[test]
    fn a_module_is_named_by_its_directory_when_its_stem_is_generic() {
        assert_eq!(module_segments("src/models/mod.rs"), ["src", "models", "models"]);
        assert_eq!(module_segments("pkg/commands/models/branch.go"), ["pkg", "commands", "models", "branch"]);
        assert_eq!(module_segments("lib/__init__.py"), ["lib", "lib"]);
        assert_eq!(module_segments("main.go"), ["main"]);
    }
}
