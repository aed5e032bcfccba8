//! rustc-style diagnostics: `error[PLAN001]: …`, `--> PLAN.md:12:1`, the offending lines
//! with carets, and `= help: …` ending with the `plan explain` that says more.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostics::{Placed, Severity};
use crate::render::summary::summarize;

/// At most this many lines of a multi-line span are shown.
const MAX_SNIPPET_LINES: usize = 6;

pub fn render(path: &str, source: &str, diagnostics: &[Placed], color: bool) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let source = lone_cr_as_lf(source);
    let source = source.as_ref();
    let mut out = String::new();
    for placed in diagnostics {
        let diagnostic = &placed.diagnostic;
        let level = match diagnostic.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        // Only the lines the span touches: the whole plan per diagnostic would be quadratic.
        let (window, window_start, first_line) = window(source, placed.range.clone());
        let span_start = placed.range.start - window_start;
        let span_end = (placed.range.end - window_start).min(window.len()).max(span_start);
        let mut title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.rule.code).element(
            Snippet::source(window)
                .line_start(first_line)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span_start..span_end)),
        );
        // Every help ends with where to read more.
        let more = format!("`plan explain {}` says more", diagnostic.rule.code);
        let help = match &diagnostic.help {
            Some(help) => format!("{}; {more}", help.trim_end_matches(['.', ';'])),
            None => more,
        };
        title = title.element(Level::HELP.message(help.as_str()));
        let report: [Group<'_>; 1] = [title];
        out.push_str(&renderer.render(&report));
        out.push_str("\n\n");
    }
    let summary = summarize(diagnostics);
    if summary.errors > 0 || summary.warnings > 0 {
        out.push_str(&format!(
            "{}: {} error{}, {} warning{}\n",
            path,
            summary.errors,
            if summary.errors == 1 { "" } else { "s" },
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" }
        ));
    }
    out
}

/// The full lines around `range` (at most [`MAX_SNIPPET_LINES`]), their byte offset, and
/// the 1-based number of the first.
fn window(source: &str, range: std::ops::Range<usize>) -> (&str, usize, usize) {
    let start = source[..range.start.min(source.len())].rfind('\n').map_or(0, |position| position + 1);
    let mut end = range.end.clamp(start, source.len());
    end = source[end..].find('\n').map_or(source.len(), |position| end + position);
    let mut lines = 0;
    for (offset, byte) in source[start..end].bytes().enumerate() {
        if byte == b'\n' {
            lines += 1;
            if lines == MAX_SNIPPET_LINES {
                end = start + offset;
                break;
            }
        }
    }
    let first_line = source[..start].bytes().filter(|&byte| byte == b'\n').count() + 1;
    (&source[start..end], start, first_line)
}

/// The text with each `\r` that is not part of `\r\n` read as `\n` (CR-only line endings),
/// byte for byte, so that ranges into the original stay valid.
fn lone_cr_as_lf(source: &str) -> std::borrow::Cow<'_, str> {
    if !source.contains('\r') {
        return std::borrow::Cow::Borrowed(source);
    }
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    for (at, ch) in source.char_indices() {
        let lone_cr = ch == '\r' && bytes.get(at + 1) != Some(&b'\n');
        out.push(if lone_cr { '\n' } else { ch });
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Diagnostic, Location, Placed};
    use crate::lints::rule;

    fn placed(help: Option<&str>) -> Placed {
        let mut diagnostic = Diagnostic::new(rule("PLAN040").unwrap(), "a cycle", Location::Document(0..6));
        diagnostic.help = help.map(str::to_owned);
        Placed { diagnostic, range: 0..6, line: 1, column: 1 }
    }

    #[test]
    fn every_help_ends_with_plan_explain() {
        let text = super::render("PLAN.md", "PR1 -> PR1\n", &[placed(None)], false);
        assert!(text.contains("= help: `plan explain PLAN040` says more\n"), "{text}");
        let text = super::render("PLAN.md", "PR1 -> PR1\n", &[placed(Some("break it."))], false);
        assert!(text.contains("= help: break it; `plan explain PLAN040` says more\n"), "{text}");
    }
}
