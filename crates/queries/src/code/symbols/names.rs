//! Definition names as written: whitespace collapsed, template arguments dropped, a
//! qualified name split into its last segment and its qualifier.

/// A name written qualified (`Foo::bar` in C++) keeps only its last segment as the name; not
/// a computed or string key (`[Symbol.iterator]() {}`, `'q=0.5': …` in JavaScript). Template
/// arguments are dropped from the qualifying part: `Store<K, V>::put` is `Store::put`.
pub(super) fn split_qualified(name: String, qualified: String, separator: &str) -> (String, String) {
    // The type a conversion operator converts to qualifies nothing: `Foo::operator std::string`.
    let key = name.starts_with(['[', '\'', '"']);
    let qualifiers_end = if key { 0 } else { name.find("operator ").unwrap_or(name.len()) };
    match name[..qualifiers_end].rfind(separator) {
        Some(at) if at + separator.len() < name.len() => {
            (name[at + separator.len()..].to_owned(), strip_generic_arguments(&qualified))
        }
        _ => (name, qualified),
    }
}

fn strip_generic_arguments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for character in text.chars() {
        match character {
            '<' => depth += 1,
            '>' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(character),
            _ => {}
        }
    }
    out
}

/// The type an `impl` block qualifies its items with: `impl<T> fmt::Debug for Foo<T>` → `Foo`.
pub(super) fn scope_name(type_text: &str) -> String {
    let before_generics = type_text.split('<').next().unwrap_or(type_text);
    let last_word = before_generics.split_whitespace().last().unwrap_or("");
    let trimmed = last_word.trim_start_matches(['&', '*']);
    trimmed.rsplit("::").next().unwrap_or(trimmed).to_owned()
}

/// Keywords that error recovery sometimes mistakes for a definition's name
/// (`if (x) { … }` read as a function in macro-heavy C), and `_`, which names nothing
/// (`var _ io.Reader = …` in Go, `const _: () = …` in Rust).
pub(super) const NEVER_NAMES: &[&str] =
    &["_", "catch", "do", "else", "for", "if", "return", "sizeof", "switch", "while"];

/// A definition's name as written, whitespace collapsed and template arguments dropped:
/// `is_code_unit<char>` is `is_code_unit`, `Store<K, V>::put` is `Store::put`.
pub(super) fn definition_name(text: &str) -> String {
    let collapsed = collapse_whitespace(text);
    if collapsed.contains('<') && !collapsed.starts_with("operator") && !collapsed.contains("::operator") {
        strip_generic_arguments(&collapsed)
    } else {
        collapsed
    }
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
