//! rustc-style diagnostics: `error[PLAN001]: …`, `--> PLAN.md:12:1`, the offending lines
//! with carets, and `= help: …` ending with the `plan explain` that says more.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Placed, Severity};
use crate::render::summary::summarize;

/// At most this many lines of a multi-line span are shown.
const MAX_SNIPPET_LINES: usize = 6;
/// A snippet longer than this is not shown, only its line and column: annotate-snippets
/// reads every character of the lines it shows, and a plan of one 10 MB line holding
/// thousands of citations would be read once per diagnostic.
const MAX_SNIPPET_BYTES: usize = 4096;

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
        let title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.rule.code);
        let mut title = match window(source, placed.range.clone()) {
            Some((window, window_start)) => {
                // A range ending inside a character (a heading cut at a byte count) must
                // not reach the renderer, which slices at it.
                let span_start = floor_boundary(window, placed.range.start - window_start);
                let span_end = floor_boundary(window, placed.range.end - window_start).max(span_start);
                title.element(
                    Snippet::source(window)
                        .line_start(placed.line as usize)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(span_start..span_end)),
                )
            }
            None => title
                .element(Origin::path(path).line(placed.line as usize).char_column(placed.column as usize)),
        };
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

/// The full lines around `range` (at most [`MAX_SNIPPET_LINES`]) and their byte offset;
/// `None` when they are longer than [`MAX_SNIPPET_BYTES`]. Reads at most that many bytes
/// either side, whatever the length of the lines.
fn window(source: &str, range: std::ops::Range<usize>) -> Option<(&str, usize)> {
    let bytes = source.as_bytes();
    let from = range.start.min(bytes.len());
    let back = from.saturating_sub(MAX_SNIPPET_BYTES);
    let start = match bytes[back..from].iter().rposition(|&byte| byte == b'\n') {
        Some(position) => back + position + 1,
        None if back == 0 => 0,
        None => return None,
    };
    let limit = (start + MAX_SNIPPET_BYTES).min(bytes.len());
    let mut lines = 0;
    let mut end = None;
    for (offset, &byte) in bytes[start..limit].iter().enumerate() {
        let at = start + offset;
        if byte == b'\n' && at >= range.end.min(bytes.len()) {
            end = Some(at);
            break;
        }
        if byte == b'\n' {
            lines += 1;
            if lines == MAX_SNIPPET_LINES {
                end = Some(at);
                break;
            }
        }
    }
    let end = match end {
        Some(end) => end,
        None if limit == bytes.len() => limit,
        None => return None,
    };
    Some((&source[start..end], start))
}

/// The nearest character boundary of `text` at or before `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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

    /// A diagnostic on a line longer than a snippet shows is placed by line and column,
    /// without the line: a 10 MB line of citations was read once per diagnostic.
    #[test]
    fn long_lines_are_placed_not_shown() {
        let line = "`src/a.rs:1` ".repeat(2000);
        let source = format!("# Plan\n{line}\n");
        let at = source.find("`src").unwrap() + 13 * 1000;
        let diagnostic =
            Diagnostic::new(rule("PLAN060").unwrap(), "invalid", Location::Document(at..at + 12));
        let placed = Placed { diagnostic, range: at..at + 12, line: 2, column: 13001 };
        let text = super::render("PLAN.md", &source, &[placed], false);
        assert!(text.contains("--> PLAN.md:2:13001"), "{text}");
        assert!(text.len() < 400, "{text}");
        assert!(super::window(&source, 0..6).is_some());
    }

    /// A range that ends inside a character (found by the fuzzer: a heading whose range
    /// was cut at a byte count) is rendered, not a panic in the renderer.
    #[test]
    fn a_range_inside_a_character_is_rendered() {
        let source = "## A) Su⪻x\n";
        let end = source.find('⪻').unwrap() + 2;
        let diagnostic = Diagnostic::new(rule("PLAN001").unwrap(), "odd", Location::Document(0..end));
        let placed = Placed { diagnostic, range: 0..end, line: 1, column: 1 };
        let text = super::render("PLAN.md", source, &[placed], false);
        assert!(text.contains("--> PLAN.md:1:1"), "{text}");
    }
}
