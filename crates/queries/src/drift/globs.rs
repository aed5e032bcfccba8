//! The path patterns a building block's `Paths:` may hold: a file or directory path (a
//! directory matches everything below it), globs with `*` (within one path segment), `?`
//! and `**` (any number of segments), and `file::Symbol` (the file). Which of two matching
//! patterns is more specific decides a file's block.

/// A parsed `Paths:` entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Pattern {
    /// As written, for messages.
    pub text: String,
    segments: Vec<String>,
    /// No wildcard: a file, or a directory matching everything below it.
    literal: bool,
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
        let segments: Vec<String> = path.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect();
        let literal = !path.contains(['*', '?']);
        Some(Pattern { text: trimmed.to_owned(), segments, literal })
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('/').collect();
        if self.literal {
            return parts.len() >= self.segments.len()
                && self.segments.iter().zip(&parts).all(|(segment, part)| segment == part);
        }
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        match_segments(&segments, &parts)
    }

    /// Higher is more specific: literal segments before the first wildcard, then literal
    /// characters (`src/plan` and `src/plan/**` are equally specific).
    pub(crate) fn specificity(&self) -> (usize, usize) {
        let leading = self.segments.iter().take_while(|segment| !segment.contains(['*', '?'])).count();
        let characters = self
            .segments
            .iter()
            .map(|segment| segment.chars().filter(|c| !matches!(c, '*' | '?')).count())
            .sum();
        (leading, characters)
    }
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((segment, rest)) => path.split_first().is_some_and(|(part, tail)| {
            match_segment(segment.as_bytes(), part.as_bytes()) && match_segments(rest, tail)
        }),
    }
}

fn match_segment(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|skip| match_segment(rest, &text[skip..])),
        Some((b'?', rest)) => !text.is_empty() && match_segment(rest, &text[1..]),
        Some((c, rest)) => text.first() == Some(c) && match_segment(rest, &text[1..]),
    }
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
        assert!(matches("src/lib.rs::Store", "src/lib.rs"));
        assert!(Pattern::parse("none yet").is_none());
    }

    #[test]
    fn the_longer_literal_prefix_is_more_specific() {
        let specificity = |pattern: &str| Pattern::parse(pattern).unwrap().specificity();
        assert!(specificity("crates/queries/src/plan/**") > specificity("crates/queries/**"));
        assert!(specificity("crates/queries/src/lib.rs") > specificity("crates/queries/src/*.rs"));
    }
}
