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

/// The value of the `package = "…"` key of an inline table or a line (not `packaged` in a
/// path): the real name of a renamed dependency.
fn package_in(table: &str) -> Option<String> {
    table.match_indices("package").find_map(|(at, _)| {
        let before = table[..at].trim_end();
        let key = before.is_empty() || before.ends_with(['{', ',']);
        let rest = table[at + "package".len()..].trim_start().strip_prefix('=')?;
        let value = rest.trim_start().strip_prefix('"')?;
        key.then(|| value.find('"').map(|end| value[..end].to_owned())).flatten()
    })
}

/// The packages a Cargo manifest depends on to build and run, and those it depends on only
/// to test, each sorted: the keys of its dependency tables (`name = …`,
/// `name.workspace = true`, `[dependencies.name]`, per target; `[dev-dependencies]` for
/// the second), by package name when renamed. The workspace's `[workspace.dependencies]`
/// declare versions, not uses.
pub(crate) fn cargo_dependencies(text: &str) -> (Vec<String>, Vec<String>) {
    let kind = |table: &str| match table.rsplit('.').next().unwrap_or(table) {
        _ if table.starts_with("workspace.") => None,
        "dev-dependencies" => Some(true),
        "dependencies" | "build-dependencies" => Some(false),
        _ => None,
    };
    let (mut build, mut dev) = (Vec::new(), Vec::new());
    // The kind of the dependency table the lines are in: to test (`true`) or not.
    let mut inside: Option<bool> = None;
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            inside = kind(header);
            // `[dependencies.name]`, `[target.'cfg(unix)'.dev-dependencies.name]`.
            if let Some((table, name)) = header.rsplit_once('.')
                && let Some(test) = kind(table)
            {
                (if test { &mut dev } else { &mut build }).push(name.trim_matches('"').to_owned());
            }
            continue;
        }
        let Some(test) = inside.filter(|_| !line.starts_with('#')) else { continue };
        let Some((key, value)) = line.split_once('=') else { continue };
        let key = key.trim().split('.').next().unwrap_or("").trim_matches('"');
        if !key.is_empty() {
            (if test { &mut dev } else { &mut build })
                .push(package_in(value).unwrap_or_else(|| key.to_owned()));
        }
    }
    for names in [&mut build, &mut dev] {
        names.sort_unstable();
        names.dedup();
    }
    (build, dev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependencies_to_build_and_to_test() {
        let text = "[package]\nname = \"a\"\n\n[dependencies]\nserde = \"1\"\nb.workspace = true\nalias = { package = \"real\", path = \"../real\" }\n# c = \"1\"\n\n[target.'cfg(unix)'.build-dependencies]\nd = \"1\"\n\n[dev-dependencies]\nsupport = { path = \"../support\" }\n\n[dev-dependencies.e]\nversion = \"1\"\n\n[workspace.dependencies]\nf = \"1\"\n\n[features]\nx = []\n";
        let (build, dev) = cargo_dependencies(text);
        assert_eq!(build, ["b", "d", "real", "serde"]);
        assert_eq!(dev, ["e", "support"]);
    }
}
