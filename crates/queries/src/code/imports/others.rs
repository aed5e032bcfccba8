//! Python, Go, Java and C/C++ imports to files or package directories.
//!
//! - Python: relative imports against the importing package; absolute ones against the
//!   import roots (deepest first, then the importing file's own directory, as a script's
//!   `sys.path[0]`), walking packages (with or without `__init__.py`) to the deepest
//!   module: `a.b.f` is `a/b.py` when `f` is a function of it.
//! - Go: the longest module path of a `go.mod` that prefixes the import, then the package
//!   directory below that module's root.
//! - Java: the class file whose path ends with the import's package directories
//!   (`a.b.C` is `…/a/b/C.java`), a member (`a.b.C.m`) or nested class falling back to its
//!   class, a package (wildcard import) to its directory.
//! - C and C++: `#include` against the including file's directory, then any directory of
//!   the tree where the included path exists (the include roots a build would pass).
//!
//! When several files fit, the one sharing the longest directory with the importer wins,
//! and a tie stays unresolved.

use crate::code::imports::model::{ImportIndex, Target, join, nearest, normalize, parent};

pub(crate) fn python(index: &ImportIndex, from: &str, text: &str) -> Target {
    let dots = text.chars().take_while(|c| *c == '.').count();
    let segments: Vec<&str> = text[dots..].split('.').filter(|segment| !segment.is_empty()).collect();
    if dots > 0 {
        let mut base = parent(from).to_owned();
        for _ in 1..dots {
            if base.is_empty() {
                return Target::External;
            }
            base = parent(&base).to_owned();
        }
        // Above the top-level package: Python refuses it.
        if dots > 1 && index.python_roots.contains(&base) {
            return Target::External;
        }
        return python_walk(index, &base, &segments, true).unwrap_or(Target::External);
    }
    // A script's own directory is `sys.path[0]`; a module of a package has none.
    let own_dir = Some(parent(from)).filter(|dir| !index.has_file(&join(dir, "__init__.py")));
    // Only roots with a module or package of the first segment's name can resolve it.
    let Some(top) = segments.first() else { return Target::External };
    let candidates = index.python_roots_with(top);
    let encloses = |root: &str| {
        root.is_empty() || from.starts_with(root) && from.as_bytes().get(root.len()) == Some(&b'/')
    };
    let roots = candidates.iter().copied().filter(|root| encloses(root));
    let others = candidates.iter().copied().filter(|root| !encloses(root));
    for root in roots {
        if let Some(target) = python_walk(index, root, &segments, false) {
            return target;
        }
    }
    // A script's directory, or another project of the repository as installed: only a
    // regular package or a module (a namespace directory loses to the standard library).
    for root in own_dir.into_iter().chain(others) {
        if let Some(target) = python_walk(index, root, &segments, false)
            && matches!(target, Target::File(_))
        {
            return target;
        }
    }
    Target::External
}

/// The deepest module `segments` reach below `base`. Absolute imports must find their
/// first segment; relative ones fall back on the package itself.
fn python_walk(index: &ImportIndex, base: &str, segments: &[&str], relative: bool) -> Option<Target> {
    let init = |dir: &str| {
        let file = join(dir, "__init__.py");
        index.has_file(&file).then_some(file)
    };
    let mut found = if relative {
        Some(init(base).map_or(Target::Directory(base.to_owned()), Target::File))
    } else {
        None
    };
    let mut dir = base.to_owned();
    for segment in segments {
        let module = join(&dir, &format!("{segment}.py"));
        let stub = join(&dir, &format!("{segment}.pyi"));
        if let Some(file) = [module, stub].into_iter().find(|file| index.has_file(file)) {
            return Some(Target::File(file));
        }
        let package = join(&dir, segment);
        if !index.has_dir(&package) {
            break;
        }
        if let Some(file) = init(&package) {
            found = Some(Target::File(file));
        } else if relative && index.files_in(&package).any(|file| file.ends_with(".py")) {
            // A namespace package; an absolute import of one is left alone, since the
            // standard library's module of the same name would win.
            found = Some(Target::Directory(package.clone()));
        }
        dir = package;
    }
    found
}

pub(crate) fn go(index: &ImportIndex, text: &str) -> Target {
    for (module, dir) in &index.go_modules {
        let rest = if text == module {
            ""
        } else if let Some(rest) = text.strip_prefix(module.as_str()).and_then(|rest| rest.strip_prefix('/'))
        {
            rest
        } else {
            continue;
        };
        let package = join(dir, rest);
        let package = package.trim_end_matches('/');
        if index.files_in(package).any(|file| file.ends_with(".go")) {
            return Target::Directory(package.to_owned());
        }
        return Target::External;
    }
    Target::External
}

pub(crate) fn java(index: &ImportIndex, from: &str, text: &str) -> Target {
    let segments: Vec<&str> = text.split('.').map(str::trim).collect();
    for length in (2..=segments.len()).rev() {
        let class = &segments[..length];
        let file_name = format!("{}.java", class[length - 1]);
        let suffix = format!("/{}", class.join("/"));
        let full_suffix = format!("{suffix}.java");
        let candidates: Vec<&str> =
            index.named(&file_name).filter(|path| format!("/{path}").ends_with(&full_suffix)).collect();
        if !candidates.is_empty() {
            return nearest(from, candidates).map_or(Target::External, |path| Target::File(path.to_owned()));
        }
        // A package: the directory of a wildcard import.
        if length == segments.len() {
            let packages: Vec<&str> = index
                .dirs
                .iter()
                .map(String::as_str)
                .filter(|dir| format!("/{dir}").ends_with(&suffix))
                .filter(|dir| index.files_in(dir).any(|file| file.ends_with(".java")))
                .collect();
            if !packages.is_empty() {
                return nearest(from, packages)
                    .map_or(Target::External, |dir| Target::Directory(dir.to_owned()));
            }
        }
    }
    Target::External
}

pub(crate) fn c(index: &ImportIndex, from: &str, text: &str) -> Target {
    if let Some(beside) = normalize(parent(from), text)
        && index.has_file(&beside)
    {
        return Target::File(beside);
    }
    let cleaned = normalize("", text).unwrap_or_default();
    if cleaned.is_empty() {
        return Target::External;
    }
    let name = cleaned.rsplit('/').next().unwrap_or(&cleaned);
    let suffix = format!("/{cleaned}");
    let candidates: Vec<&str> =
        index.named(name).filter(|path| format!("/{path}").ends_with(&suffix)).collect();
    if let Some(path) = nearest(from, candidates.iter().copied()) {
        return Target::File(path.to_owned());
    }
    // Several include roots hold it: the one named `include` is the one builds pass.
    let under_include = candidates.into_iter().filter(|path| {
        let root = path[..path.len() - cleaned.len()].trim_end_matches('/');
        root == "include" || root.ends_with("/include")
    });
    nearest(from, under_include).map_or(Target::External, |path| Target::File(path.to_owned()))
}
