//! Glob patterns over `/`-separated relative paths, for every place that matches paths
//! the repository or the plan writes (`Paths:` of building blocks, `.gitattributes`
//! patterns, `[documents] micro_plans`): `*` and `?` within one segment, classes
//! `[abc]`, `[a-z]`, `[!abc]`, `**` across segments, and `{a,b}` alternatives.
//!
//! Patterns are untrusted input: matching takes time proportional to the pattern's length
//! times the path's (one backtracking point per star, never exponential), and brace
//! alternatives expand to at most [`MAX_ALTERNATIVES`].

/// Brace alternatives one pattern may expand to; the rest of the expansion is dropped.
pub(crate) const MAX_ALTERNATIVES: usize = 64;

/// Whether `pattern` matches all of `path` (brace alternatives expanded).
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    expand_braces(pattern)
        .iter()
        .any(|pattern| segments_match(&pattern.split('/').collect::<Vec<_>>(), &parts))
}

/// Whether a segment holds a wildcard or a class.
pub(crate) fn is_wild(segment: &str) -> bool {
    segment.contains(['*', '?', '['])
}

/// `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested braces too), at most [`MAX_ALTERNATIVES`]; an
/// unbalanced brace is a literal character.
pub(crate) fn expand_braces(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    expand_into(path, &mut out);
    out
}

/// Pushes `path`'s expansions onto `out` until it holds [`MAX_ALTERNATIVES`]: the budget is
/// shared by the whole recursion, so `{a,b}` thirty times stops after 64, not 2³⁰.
fn expand_into(path: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_ALTERNATIVES {
        return;
    }
    let Some(open) = path.find('{') else {
        out.push(path.to_owned());
        return;
    };
    let mut depth = 0;
    let mut bounds = vec![open];
    let mut close = None;
    for (at, c) in path[open..].char_indices().map(|(at, c)| (open + at, c)) {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(at);
                    break;
                }
            }
            ',' if depth == 1 => bounds.push(at),
            _ => {}
        }
    }
    let Some(close) = close else {
        out.push(path.to_owned());
        return;
    };
    bounds.push(close);
    let (head, tail) = (&path[..open], &path[close + 1..]);
    for window in bounds.windows(2) {
        expand_into(&format!("{head}{}{tail}", &path[window[0] + 1..window[1]]), out);
    }
}

/// Whether `pattern`'s segments match all of `path`'s: `**` matches any number of segments.
/// One backtracking point, at the last `**`.
pub(crate) fn segments_match<S: AsRef<str>>(pattern: &[S], path: &[&str]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < path.len() {
        if p < pattern.len() && pattern[p].as_ref() == "**" {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && name_match(pattern[p].as_ref().as_bytes(), path[t].as_bytes()) {
            p += 1;
            t += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|segment| segment.as_ref() == "**")
}

/// `*`, `?` and classes within one segment, one backtracking point at the last `*`.
pub(crate) fn name_match(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        // How far the pattern advances over this byte, if it matches it.
        let advance = match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
                continue;
            }
            Some(b'?') => Some(1),
            Some(b'[') => class(&pattern[p..], text[t]),
            Some(&c) => (c == text[t]).then_some(1),
            None => None,
        };
        match (advance, star) {
            (Some(advance), _) => {
                p += advance;
                t += 1;
            }
            (None, Some((star_p, star_t))) => {
                p = star_p + 1;
                t = star_t + 1;
                star = Some((star_p, star_t + 1));
            }
            (None, None) => return false,
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// Whether the class at the start of `pattern` (`[abc]`, `[a-z]`, `[!x]`) matches `byte`:
/// `Some(length of the class)` if it does, `None` if it does not. An unclosed `[` is the
/// literal character.
fn class(pattern: &[u8], byte: u8) -> Option<usize> {
    let Some(end) = pattern.iter().skip(2).position(|&c| c == b']').map(|at| at + 2) else {
        return (byte == b'[').then_some(1);
    };
    let body = &pattern[1..end];
    let (negated, body) = match body.first() {
        Some(b'!' | b'^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut found = false;
    let mut at = 0;
    while at < body.len() {
        if at + 2 < body.len() && body[at + 1] == b'-' {
            found |= (body[at]..=body[at + 2]).contains(&byte);
            at += 3;
        } else {
            found |= body[at] == byte;
            at += 1;
        }
    }
    (found != negated).then_some(end + 1)
}

#[cfg(test)]
mod tests {
    use super::{glob_match, name_match};

    #[test]
    fn wildcards_within_a_name_are_linear_and_exact() {
        assert!(name_match(b"*.rs", b"lib.rs"));
        assert!(!name_match(b"*.rs", b"lib.rsx"));
        assert!(name_match(b"a?c*", b"abcdef"));
        let long = "a".repeat(10_000);
        assert!(!name_match(format!("{}b", "*a".repeat(50)).as_bytes(), long.as_bytes()));
    }

    #[test]
    fn whole_paths_match_with_wildcards_classes_and_alternatives() {
        assert!(glob_match("plans/**/*.md", "plans/pr3.md"));
        assert!(glob_match("plans/**/*.md", "plans/a/b/pr3.md"));
        assert!(!glob_match("plans/**/*.md", "other/pr3.md"));
        assert!(!glob_match("docs/pr*.md", "docs/x/pr3.md"));
        assert!(glob_match("docs/pr[0-9].md", "docs/pr3.md"));
        assert!(glob_match("{plans,docs}/pr?.md", "docs/pr3.md"));
        assert!(!glob_match("plans", "plans/pr3.md"), "a literal pattern is one path, not a directory");
    }

    /// Every caller matches patterns from the repository or the plan (untrusted): the
    /// recursive matchers this module replaced took exponential time on these.
    #[test]
    fn matching_is_not_exponential() {
        assert!(!glob_match(&format!("{}b", "*a".repeat(40)), &"a".repeat(5_000)));
        assert!(!glob_match(&format!("{}x", "**/".repeat(40)), &["a"; 2_000].join("/")));
        assert!(!glob_match(&"{a,b}".repeat(30), "c"));
    }
}
