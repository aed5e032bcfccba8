//! What the recon reads of a `Cargo.toml` beyond its `[package]`: the library root, the
//! dependencies (renamed ones by their alias) and the values of a table's key.

/// The library root a Cargo manifest names (`[lib] path`), or the default `src/lib.rs`.
pub(crate) fn cargo_lib_path(text: &str) -> String {
    let path = table_values(text, "[lib]", "path").next().unwrap_or("src/lib.rs");
    path.trim_start_matches("./").to_owned()
}

/// The values, unquoted, of `key` in every TOML table headed `header` (`[lib]`, `[[bin]]`).
pub(crate) fn table_values<'t>(
    text: &'t str,
    header: &'t str,
    key: &'t str,
) -> impl Iterator<Item = &'t str> {
    let mut inside = false;
    text.lines().map(str::trim).filter_map(move |line| {
        if line.starts_with('[') {
            inside = line == header;
            return None;
        }
        let (name, value) = line.split_once('=')?;
        (inside && name.trim() == key).then(|| value.trim().trim_matches('"'))
    })
}

/// The dependencies a Cargo manifest renames: `alias = { package = "name", … }` in a
/// dependency table, or a `[dependencies.alias]` table with `package = "name"`.
pub(crate) fn cargo_renames(text: &str) -> Vec<(String, String)> {
    let quoted = |value: &str| {
        let value = value.trim_start().strip_prefix('"')?;
        Some(value[..value.find('"')?].to_owned())
    };
    // The `package = "…"` key of an inline table or a line (not `packaged` in a path).
    let package_in = |table: &str| {
        table.match_indices("package").find_map(|(at, _)| {
            let before = table[..at].trim_end();
            let key = before.is_empty() || before.ends_with(['{', ',']);
            let rest = table[at + "package".len()..].trim_start().strip_prefix('=')?;
            key.then(|| quoted(rest)).flatten()
        })
    };
    let mut renames = Vec::new();
    let mut table: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']');
            // `[dependencies.alias]`, `[target.'cfg(unix)'.dev-dependencies.alias]`.
            table = header.rsplit_once("dependencies.").map(|(_, alias)| alias.trim().to_owned());
            continue;
        }
        match &table {
            Some(alias) if line.starts_with("package") => {
                if let Some(name) = package_in(line) {
                    renames.push((alias.clone(), name));
                }
            }
            None => {
                let Some((alias, value)) = line.split_once('=') else { continue };
                if value.trim_start().starts_with('{')
                    && let Some(name) = package_in(value)
                {
                    renames.push((alias.trim().trim_matches('"').to_owned(), name));
                }
            }
            _ => {}
        }
    }
    renames
}

/// The packages a Cargo manifest depends on only to test (`dev`), or to build and run:
/// the keys of its dependency tables (`name = …`, `name.workspace = true`,
/// `[dependencies.name]`, per target), by package name when renamed. The workspace's
/// `[workspace.dependencies]` declare versions, not uses.
pub(crate) fn cargo_dependencies(text: &str, dev: bool) -> Vec<String> {
    let quoted = |value: &str| {
        let value = value.split_once("package")?.1.trim_start().strip_prefix('=')?.trim_start();
        let value = value.strip_prefix('"')?;
        Some(value[..value.find('"')?].to_owned())
    };
    let kind = |table: &str| match table.rsplit('.').next().unwrap_or(table) {
        _ if table.starts_with("workspace.") => None,
        "dev-dependencies" => Some(true),
        "dependencies" | "build-dependencies" => Some(false),
        _ => None,
    };
    let mut names = Vec::new();
    let mut inside = false;
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            inside = kind(header) == Some(dev);
            // `[dependencies.name]`, `[target.'cfg(unix)'.dev-dependencies.name]`.
            if let Some((table, name)) = header.rsplit_once('.')
                && kind(table) == Some(dev)
            {
                names.push(name.trim_matches('"').to_owned());
            }
            continue;
        }
        let Some((key, value)) = line.split_once('=').filter(|_| inside && !line.starts_with('#')) else {
            continue;
        };
        let key = key.trim().split('.').next().unwrap_or("").trim_matches('"');
        if !key.is_empty() {
            names.push(quoted(value).unwrap_or_else(|| key.to_owned()));
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_to_build_and_to_test() {
        let text = "[package]\nname = \"a\"\n\n[dependencies]\nserde = \"1\"\nb.workspace = true\nalias = { package = \"real\", path = \"../real\" }\n# c = \"1\"\n\n[target.'cfg(unix)'.build-dependencies]\nd = \"1\"\n\n[dev-dependencies]\nsupport = { path = \"../support\" }\n\n[dev-dependencies.e]\nversion = \"1\"\n\n[workspace.dependencies]\nf = \"1\"\n\n[features]\nx = []\n";
        assert_eq!(cargo_dependencies(text, false), ["b", "d", "real", "serde"]);
        assert_eq!(cargo_dependencies(text, true), ["e", "support"]);
    }
}
