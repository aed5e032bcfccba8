//! What names a configuration file: the test of `facts.scm`'s `@config` strings, shared
//! with the token reader that decides whether a function body can hold a fact
//! (`lexical::function_bodies`).

/// What a configuration file's name ends with, after a dot.
const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json", "jsonc", "ini", "cfg", "conf", "properties"];

/// `text` (a string with interpolations, such as a Python f-string) may hold a string that
/// [`is_config_file`]: it holds a dot and a configuration extension.
pub(crate) fn may_hold_config_file(text: &str) -> bool {
    text.match_indices('.')
        .any(|(at, _)| EXTENSIONS.iter().any(|extension| text[at + 1..].starts_with(extension)))
}

/// A file name or path ending in a configuration extension: `plan.toml`, `.eslintrc.json`.
pub(crate) fn is_config_file(value: &str) -> bool {
    if value.is_empty()
        || value.len() > 200
        || value.contains("://")
        || value.contains(char::is_whitespace)
        || value.contains(['{', '}', '*', '%', '$'])
    {
        return false;
    }
    let file_name = value.rsplit('/').next().unwrap_or(value);
    match file_name.rsplit_once('.') {
        Some((stem, extension)) => {
            EXTENSIONS.contains(&extension) && !stem.is_empty()
                || (stem.is_empty() && extension.ends_with("rc"))
        }
        None => false,
    }
}
