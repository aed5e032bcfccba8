//! JavaScript and TypeScript imports to files, as TypeScript's `bundler` resolution does:
//! relative specifiers with extension and `index` resolution (`./x.js` also finds `x.ts`),
//! then the nearest `tsconfig.json`'s `paths` and `baseUrl`, then workspace packages by
//! name (`pkg` to its entry, `pkg/sub` to `sub` in the package or its `src/`).

use crate::code::imports::model::{ImportIndex, Target, join, normalize, parent};

const EXTENSIONS: [&str; 9] = ["ts", "tsx", "d.ts", "js", "jsx", "mjs", "cjs", "mts", "cts"];

pub(crate) fn resolve(index: &ImportIndex, from: &str, specifier: &str) -> Target {
    let found = if specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier == "."
        || specifier == ".."
    {
        normalize(parent(from), specifier).and_then(|base| file_or_index(index, &base))
    } else {
        configured(index, from, specifier).or_else(|| workspace_package(index, specifier))
    };
    found.map_or(Target::External, Target::File)
}

/// `base` as a file, with an added extension, with `.js` swapped for `.ts`, or as a
/// directory's `index`.
pub(crate) fn file_or_index(index: &ImportIndex, base: &str) -> Option<String> {
    let name = base.rsplit('/').next().unwrap_or(base);
    if name.contains('.') && index.has_file(base) {
        return Some(base.to_owned());
    }
    for extension in EXTENSIONS {
        let candidate = format!("{base}.{extension}");
        if index.has_file(&candidate) {
            return Some(candidate);
        }
    }
    for (written, source) in
        [("js", ["ts", "tsx"]), ("jsx", ["tsx", "ts"]), ("mjs", ["mts", "ts"]), ("cjs", ["cts", "ts"])]
    {
        if let Some(stem) = base.strip_suffix(&format!(".{written}")) {
            for extension in source {
                let candidate = format!("{stem}.{extension}");
                if index.has_file(&candidate) {
                    return Some(candidate);
                }
            }
        }
    }
    EXTENSIONS
        .iter()
        .map(|extension| join(base, &format!("index.{extension}")))
        .find(|file| index.has_file(file))
}

/// `paths` then `baseUrl` of the nearest `tsconfig.json` above `from`.
fn configured(index: &ImportIndex, from: &str, specifier: &str) -> Option<String> {
    let config = index
        .tsconfigs
        .iter()
        .find(|config| config.dir.is_empty() || from.starts_with(&format!("{}/", config.dir)))?;
    let base = config.base_url.clone().unwrap_or_else(|| config.dir.clone());
    let mut best: Option<(usize, &Vec<String>, &str)> = None;
    for (pattern, targets) in &config.paths {
        let matched = match pattern.split_once('*') {
            Some((prefix, suffix)) => specifier
                .strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(suffix))
                .map(|star| (prefix.len(), star)),
            None => (pattern == specifier).then_some((usize::MAX, "")),
        };
        if let Some((length, star)) = matched
            && best.is_none_or(|(best_length, _, _)| length > best_length)
        {
            best = Some((length, targets, star));
        }
    }
    if let Some((_, targets, star)) = best {
        for target in targets {
            let path = normalize(&base, &target.replace('*', star))?;
            if let Some(file) = file_or_index(index, &path) {
                return Some(file);
            }
        }
    }
    config.base_url.as_deref().and_then(|base| file_or_index(index, &normalize(base, specifier)?))
}

/// A workspace package by name: `@scope/pkg` or `pkg`, then an optional subpath.
fn workspace_package(index: &ImportIndex, specifier: &str) -> Option<String> {
    let name_parts = if specifier.starts_with('@') { 2 } else { 1 };
    let mut parts = specifier.splitn(name_parts + 1, '/');
    let name: Vec<&str> = parts.by_ref().take(name_parts).collect();
    let name = name.join("/");
    let subpath = parts.next();
    let start = index.js_packages.partition_point(|package| package.name < name);
    let package = index.js_packages[start..].iter().take_while(|package| package.name == name).next()?;
    if let Some(subpath) = subpath {
        return [join(&package.dir, subpath), join(&package.dir, &format!("src/{subpath}"))]
            .iter()
            .find_map(|base| file_or_index(index, base));
    }
    for entry in &package.entries {
        let path = normalize(&package.dir, entry)?;
        if let Some(file) = file_or_index(index, &path) {
            return Some(file);
        }
        // A built entry (`dist/index.js`) stands for its source (`src/index.ts`).
        for built in ["dist/", "lib/", "build/", "out/"] {
            if let Some(rest) = entry.strip_prefix(built) {
                let source = join(&package.dir, &format!("src/{}", rest.trim_end_matches(".d.ts")));
                if let Some(file) = file_or_index(index, &source) {
                    return Some(file);
                }
            }
        }
    }
    ["src/index", "index"].iter().find_map(|base| file_or_index(index, &join(&package.dir, base)))
}
