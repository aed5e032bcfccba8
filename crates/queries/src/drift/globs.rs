//! The path patterns a building block's `Paths:` may hold: a file or directory path (a
//! directory matches everything below it), a glob ([`crate::globs`]), and `file::Symbol`
//! (the file). Which of two matching patterns is more specific decides a file's block.

use crate::globs::{expand_braces, is_wild, segments_match};

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

/// A literal pattern (no wildcard) matches the path and everything below it (a directory
/// owns its files); a glob matches whole paths.
fn matches_segments(pattern: &[String], path: &[&str]) -> bool {
    if !pattern.iter().any(|segment| is_wild(segment)) {
        return path.len() >= pattern.len()
            && pattern.iter().zip(path).all(|(segment, part)| segment == part);
    }
    segments_match(pattern, path)
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
        assert_eq!(braces.alternatives.len(), crate::globs::MAX_ALTERNATIVES);
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
