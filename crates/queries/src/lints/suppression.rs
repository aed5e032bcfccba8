//! Per-occurrence suppression: an HTML comment on a diagnostic's line,
//! `<!-- plan:allow PLAN031 -->` (codes or rule names, several separated by spaces or
//! commas), silences that rule there and nowhere else. Markdown renders nothing of it.

use crate::diagnostics::Placed;

const OPEN: &str = "<!-- plan:allow ";

/// Whether the line `placed` starts on allows its rule.
pub(crate) fn allowed(text: &str, placed: &Placed) -> bool {
    let at = placed.range.start.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |newline| newline + 1);
    let end = text[at..].find('\n').map_or(text.len(), |newline| at + newline);
    allows(&text[start..end], placed.diagnostic.rule.code, placed.diagnostic.rule.name)
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
    use super::allows;

    #[test]
    fn codes_and_names_on_the_line() {
        assert!(allows("- A claim. <!-- plan:allow PLAN031 -->", "PLAN031", "uncited-claim"));
        assert!(allows("- A claim. <!-- plan:allow plan040, uncited-claim -->", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- plan:allow PLAN040 -->", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- plan:allow PLAN031", "PLAN031", "uncited-claim"));
        assert!(!allows("- A claim. <!-- note PLAN031 -->", "PLAN031", "uncited-claim"));
    }
}
