//! GitHub Actions workflow commands, one per diagnostic, which the runner turns into
//! annotations on the pull request: `::error file=PLAN.md,line=12,col=1,endLine=12,
//! endColumn=9,title=PLAN040::message`, as ruff's `--output-format github` does.

use crate::diagnostics::{Placed, Severity};
use crate::line_index::LineIndex;

pub fn report(path: &str, source: &str, diagnostics: &[Placed]) -> String {
    let lines = LineIndex::new(source);
    let mut out = String::new();
    for placed in diagnostics {
        let diagnostic = &placed.diagnostic;
        let command = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let (end_line, end_column) = lines.line_column(source, placed.range.end);
        let end_line = end_line.max(placed.line);
        let end_column = if end_line > placed.line { end_column } else { end_column.max(placed.column + 1) };
        let mut message = format!("{} [{}]", diagnostic.message, diagnostic.rule.name);
        if let Some(help) = &diagnostic.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        message.push_str(&format!("\nfor more: plan explain {}", diagnostic.rule.code));
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={end_line},endColumn={end_column},title={}::{}\n",
            property(path),
            placed.line,
            placed.column,
            property(diagnostic.rule.code),
            data(&message),
        ));
    }
    out
}

/// A command's message: `%`, CR and LF escaped (the runner's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: as [`data`], and `:` and `,` too (`escapeProperty`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50% done\r\nnext: a, b"), "50%25 done%0D%0Anext: a, b");
        assert_eq!(property("docs/a,b:c.md"), "docs/a%2Cb%3Ac.md");
    }
}
