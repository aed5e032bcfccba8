//! Labels as agents write them, normalized once for the outline and the section readers:
//! `**Building Blocks:**`, `2. Non-Goals`, `a) Interaction Model`, `Objectives & Non-Goals`.

/// The normalized text of a label: lower case, numbering and trailing `:` or `.` dropped,
/// `&` and `+` read as "and", `-`, `_` and `/` as spaces, emphasis and code marks removed.
pub(crate) fn normalize_label(text: &str) -> String {
    // Emoji and symbols around a label are decoration: `🚫 Non-goals`, `Risks ⚠️`.
    let text = text.trim().trim_matches(|c: char| !c.is_alphanumeric() && !c.is_ascii());
    let text = text.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | ' ' | '#'));
    // `a) Building Blocks`, `(1) Building Blocks`.
    let text = match text.as_bytes() {
        [letter, b')', b' ', ..] if letter.is_ascii_alphabetic() => &text[3..],
        _ => text,
    };
    let mut spaced = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' | '+' => spaced.push_str(" and "),
            '-' | '_' | '/' => spaced.push(' '),
            '*' | '`' => {}
            other if other.is_ascii() => spaced.push(other.to_ascii_lowercase()),
            other => spaced.extend(other.to_lowercase()),
        }
    }
    // Runs of whitespace become one space.
    let mut out = String::with_capacity(spaced.len());
    for word in spaced.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches([':', '.']).trim();
    if trimmed.len() == out.len() {
        return out;
    }
    trimmed.to_owned()
}

/// Whether a normalized label is `name`, or `name` followed by a parenthetical, a colon or
/// a dash and a subtitle.
pub(crate) fn is_name(normalized: &str, name: &str) -> bool {
    match normalized.strip_prefix(name) {
        Some("") => true,
        Some(rest) => {
            rest.starts_with(" (")
                || rest.starts_with(':')
                || rest.starts_with(" —")
                || rest.starts_with(" –")
        }
        None => false,
    }
}

/// Whether `label` (as written) names one of `names` (normalized).
pub(crate) fn label_matches(label: &str, names: &[&str]) -> bool {
    let label = normalize_label(label);
    names.iter().any(|name| is_name(&label, name))
}
