//! Per-occurrence suppression: an HTML comment on a diagnostic's line,
//! `<!-- plan:allow PLAN031 -->` (codes or rule names, several separated by spaces or
//! commas), silences that rule there and nowhere else. Markdown renders nothing of it.

use crate::diagnostics::Placed;

const OPEN: &str = "<!-- plan:allow ";

/// The lines of a text that carry an allow comment, found once: asking per diagnostic
/// scanned the diagnostic's whole line each time, quadratic on one long line of citations.
pub(crate) struct Suppressions<'t> {
    text: &'t str,
    /// Byte ranges of the lines holding [`OPEN`], in order.
    lines: Vec<(usize, usize)>,
}

impl<'t> Suppressions<'t> {
    pub(crate) fn of(text: &'t str) -> Suppressions<'t> {
        let mut lines: Vec<(usize, usize)> = Vec::new();
        for (at, _) in text.match_indices(OPEN) {
            if lines.last().is_some_and(|(_, end)| at < *end) {
                continue;
            }
            let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let end = text[at..].find('\n').map_or(text.len(), |newline| at + newline);
            lines.push((start, end));
        }
        Suppressions { text, lines }
    }

    /// Whether the line `placed` starts on allows its rule.
    pub(crate) fn allow(&self, placed: &Placed) -> bool {
        let at = placed.range.start.min(self.text.len());
        let index = self.lines.partition_point(|(_, end)| *end < at);
        self.lines.get(index).is_some_and(|&(start, end)| {
            start <= at
                && allows(&self.text[start..end], placed.diagnostic.rule.code, placed.diagnostic.rule.name)
        })
    }
}

fn allows(line: &str, code: &str, name: &str) -> bool {
    let mut rest = line;
    while let Some(open) = rest.find(OPEN) {
        let after = &rest[open + OPEN.len()..];
        let Some(close) = after.find("-->") else { return false };
        let listed = after[..close]
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|word| word.eq_ignore_ascii_case(code) || word == name);
        if listed {
            return true;
        }
        rest = &after[close..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{Suppressions, allows};

    #[test]
    fn lines_with_an_allow_comment_are_found_once() {
        let text =
            "a\nb <!-- plan:allow PLAN031 --> <!-- plan:allow PLAN040 -->\nc\n<!-- plan:allow PLAN001 -->";
        assert_eq!(Suppressions::of(text).lines, [(2, 59), (62, 89)]);
        assert!(Suppressions::of("no comment here").lines.is_empty());
    }

    #[test]
    fn codes_and_names_on_the_line() {
        assert!(allows("- A claim. <!-- plan:allow PLAN031 -->", "PLAN031", "uncited-claim"));
        assert!(allows("- A claim. <!-- plan:allow plan040, uncited-claim -->", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- plan:allow PLAN040 -->", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- plan:allow PLAN031", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- note PLAN031 -->", "PLAN031", "uncited-claim"));
    }
}
