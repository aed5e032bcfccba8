//! The path patterns a building block's `Paths:` may hold: a file or directory path (a
//! directory matches everything below it), globs with `*` (within one path segment), `?`,
//! `[abc]`/`[a-z]`/`[!abc]` classes, `{a,b}` alternatives and `**` (any number of
//! segments), and `file::Symbol` (the file). Which of two matching patterns is more
//! specific decides a file's block.
//!
//! A plan is untrusted input: matching takes time proportional to the pattern's length
//! times the path's (one backtracking point per star, never exponential), and brace
//! alternatives expand to at most [`MAX_ALTERNATIVES`].

/// Brace alternatives one entry may expand to; the rest of the expansion is dropped.
const MAX_ALTERNATIVES: usize = 64;

/// A parsed `Paths:` entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Pattern {
    /// As written, for messages.
    pub text: String,
    /// Each brace alternative's segments.
    alternatives: Vec<Vec<String>>,
}

impl Pattern {
    /// `None` for an entry that is no path (`none`, an empty string).
    pub(crate) fn parse(text: &str) -> Option<Pattern> {
        let trimmed = text.trim().trim_matches('`').trim();
        let path = trimmed.split("::").next().unwrap_or(trimmed);
        let path = path.trim_start_matches("./").trim_end_matches('/');
        if path.is_empty() || path.contains(' ') || path.starts_with('/') {
            return None;
        }
        let alternatives = expand_braces(path)
            .into_iter()
            .map(|path| path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>())
            .filter(|segments| !segments.is_empty())
            .collect::<Vec<_>>();
        (!alternatives.is_empty()).then(|| Pattern { text: trimmed.to_owned(), alternatives })
    }

    /// How specific the most specific alternative matching `path` is, if one does. Higher
    /// is more specific: literal segments before the first wildcard, then literal characters
    /// (`src/plan` and `src/plan/**` are equally specific).
    pub(crate) fn matching(&self, path: &str) -> Option<(usize, usize)> {
        let parts: Vec<&str> = path.split('/').collect();
        self.alternatives
            .iter()
            .filter(|segments| matches_segments(segments, &parts))
            .map(|segments| specificity(segments))
            .max()
    }

    #[cfg(test)]
    pub(crate) fn matches(&self, path: &str) -> bool {
        self.matching(path).is_some()
    }
}

fn is_wild(segment: &str) -> bool {
    segment.contains(['*', '?', '['])
}

fn specificity(segments: &[String]) -> (usize, usize) {
    let leading = segments.iter().take_while(|segment| !is_wild(segment)).count();
    let characters = segments.iter().map(|segment| literal_characters(segment)).sum();
    (leading, characters)
}

/// The characters of `segment` outside wildcards and classes.
fn literal_characters(segment: &str) -> usize {
    let mut in_class = false;
    segment
        .chars()
        .filter(|&c| {
            let literal = !in_class && !matches!(c, '*' | '?' | '[');
            in_class = (in_class || c == '[') && c != ']';
            literal
        })
        .count()
}

/// `a/{b,c}/d` → `a/b/d`, `a/c/d` (nested braces too), at most [`MAX_ALTERNATIVES`]; an
/// unbalanced brace is a literal character.
fn expand_braces(path: &str) -> Vec<String> {
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

/// A literal pattern (no wildcard) matches the path and everything below it; `**` matches
/// any number of segments. One backtracking point, at the last `**`.
fn matches_segments(pattern: &[String], path: &[&str]) -> bool {
    if !pattern.iter().any(|segment| is_wild(segment) || segment == "**") {
        return path.len() >= pattern.len()
            && pattern.iter().zip(path).all(|(segment, part)| segment == part);
    }
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < path.len() {
        if p < pattern.len() && pattern[p] == "**" {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && matches_segment(pattern[p].as_bytes(), path[t].as_bytes()) {
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
    pattern[p..].iter().all(|segment| segment == "**")
}

/// `*`, `?` and classes within one segment, one backtracking point at the last `*`.
fn matches_segment(pattern: &[u8], text: &[u8]) -> bool {
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
    use super::Pattern;

    #[test]
    fn globs_directories_and_symbols_match_paths() {
        let matches = |pattern: &str, path: &str| Pattern::parse(pattern).unwrap().matches(path);
        assert!(matches("crates/engine/**", "crates/engine/src/db.rs"));
        assert!(matches("crates/engine", "crates/engine/src/db.rs"));
        assert!(matches("`crates/engine/`", "crates/engine/src/db.rs"));
        assert!(!matches("crates/engine", "crates/engine2/src/db.rs"));
        assert!(matches("src/*.rs", "src/lib.rs"));
        assert!(!matches("src/*.rs", "src/a/lib.rs"));
        assert!(matches("**/tests/*.py", "a/b/tests/test_x.py"));
        assert!(matches("src/**", "src/a/b.rs"));
        assert!(!matches("src/**/b.rs", "lib/a/b.rs"));
        assert!(matches("src/**/b.rs", "src/b.rs"));
        assert!(matches("src/lib.rs::Store", "src/lib.rs"));
        assert!(Pattern::parse("none yet").is_none());
    }

    #[test]
    fn classes_and_alternatives_match_paths() {
        let matches = |pattern: &str, path: &str| Pattern::parse(pattern).unwrap().matches(path);
        assert!(matches("src/{core,cli}/**", "src/cli/main.rs"));
        assert!(matches("src/{core,cli}/**", "src/core/lib.rs"));
        assert!(!matches("src/{core,cli}/**", "src/printer/lib.rs"));
        assert!(matches("src/{a,b{c,d}}.rs", "src/bd.rs"));
        assert!(matches("pkg/[abc]*.go", "pkg/banana.go"));
        assert!(!matches("pkg/[abc]*.go", "pkg/dog.go"));
        assert!(matches("pkg/[a-c]?.go", "pkg/b1.go"));
        assert!(matches("pkg/[!a-c]*.go", "pkg/dog.go"));
        assert!(!matches("pkg/[!a-c]*.go", "pkg/cat.go"));
        assert!(matches("pkg/[x.go", "pkg/[x.go"), "an unclosed class is a literal `[`");
        assert!(matches("src/{a,b", "src/{a,b"), "an unclosed brace is literal");
    }

    #[test]
    fn matching_is_not_exponential_in_stars() {
        let pattern = Pattern::parse(&format!("{}b", "*a".repeat(40))).unwrap();
        assert!(!pattern.matches(&"a".repeat(5_000)));
        let deep = Pattern::parse(&format!("{}x", "**/".repeat(40))).unwrap();
        assert!(!deep.matches(&["a"; 2_000].join("/")));
        let braces = Pattern::parse(&"{a,b}".repeat(30)).unwrap();
        assert_eq!(braces.alternatives.len(), super::MAX_ALTERNATIVES);
    }

    #[test]
    fn the_longer_literal_prefix_is_more_specific() {
        let specificity =
            |pattern: &str, path: &str| Pattern::parse(pattern).unwrap().matching(path).unwrap();
        let file = "crates/queries/src/plan/mod.rs";
        assert!(specificity("crates/queries/src/plan/**", file) > specificity("crates/queries/**", file));
        let lib = "crates/queries/src/lib.rs";
        assert!(specificity("crates/queries/src/lib.rs", lib) > specificity("crates/queries/src/*.rs", lib));
        assert_eq!(specificity("src/{a,b}/**", "src/a/x.rs"), specificity("src/a/**", "src/a/x.rs"));
    }
}
