//! The one diagnostic model every renderer (text, JSON, SARIF) reads.

use std::fmt;
use std::ops::Range;

use engine::{Db, PlanFile};

use crate::plan::outline::SectionId;
use crate::plan::tracked::plan_outline;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a diagnostic points. Section-relative positions keep a section's diagnostics
/// unchanged when an edit elsewhere moves the section.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// Bytes of the whole plan.
    Document(Range<usize>),
    /// Bytes of one section's text (from its heading).
    Section(SectionId, Range<usize>),
    /// Bytes of the revision notes section.
    Revisions(Range<usize>),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, message: impl Into<String>, location: Location) -> Diagnostic {
        let severity = crate::lints::rule(code).map_or(Severity::Error, |rule| rule.severity);
        Diagnostic { code, severity, message: message.into(), location, help: None }
    }

    pub fn in_section(
        code: &'static str,
        id: SectionId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code, message, Location::Section(id, range))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// A diagnostic placed in the plan file: absolute byte range, 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub diagnostic: Diagnostic,
    pub range: Range<usize>,
    pub line: u32,
    pub column: u32,
}

impl Placed {
    pub fn name(&self) -> &'static str {
        crate::lints::rule(self.diagnostic.code).map_or("", |rule| rule.name)
    }
}

/// Resolves locations to positions in the plan's text.
pub fn place(db: &dyn Db, plan: PlanFile, diagnostics: impl IntoIterator<Item = Diagnostic>) -> Vec<Placed> {
    let text = plan.text(db);
    let outline = plan_outline(db, plan);
    let lines = LineIndex::new(text);
    let mut placed: Vec<Placed> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let offset = match &diagnostic.location {
                Location::Document(_) => 0,
                Location::Section(id, _) => outline.section(*id).map_or(0, |span| span.range.start),
                Location::Revisions(_) => outline.revisions.as_ref().map_or(0, |range| range.start),
            };
            let relative = match &diagnostic.location {
                Location::Document(range) | Location::Section(_, range) | Location::Revisions(range) => {
                    range.clone()
                }
            };
            let start = (offset + relative.start).min(text.len());
            let end = (offset + relative.end).clamp(start, text.len());
            let (line, column) = lines.line_column(text, start);
            Placed { diagnostic, range: start..end, line, column }
        })
        .collect();
    placed.sort_by(|a, b| {
        (a.range.start, a.diagnostic.code, &a.diagnostic.message).cmp(&(
            b.range.start,
            b.diagnostic.code,
            &b.diagnostic.message,
        ))
    });
    placed.dedup_by(|a, b| {
        a.range == b.range
            && a.diagnostic.code == b.diagnostic.code
            && a.diagnostic.message == b.diagnostic.message
    });
    placed
}

/// 1-based line and column (in characters) of a byte offset, by one scan of the text
/// before it. For many offsets into one text, build a [`LineIndex`] once instead.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let offset = char_boundary_at_or_before(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&byte| byte == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |position| position + 1);
    position(text, line, line_start, offset)
}

fn char_boundary_at_or_before(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The 1-based `(line, column)` of `offset`, on `line` starting at byte `line_start`.
fn position(text: &str, line: usize, line_start: usize, offset: usize) -> (u32, u32) {
    let column = text[line_start..offset].chars().count() + 1;
    (u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

/// Where each line of a text starts, so that placing many offsets costs a binary search
/// each rather than a scan of the text each.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0)
            .chain(text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(at, _)| at + 1))
            .collect();
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset of `text`, the text the
    /// index was built from.
    pub fn line_column(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = char_boundary_at_or_before(text, offset);
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        position(text, line, self.starts[line - 1], offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index places every offset where [`line_column`]'s scan of the text does: line starts, line
    /// ends, offsets inside a multi-byte character, past the end, an empty text.
    #[test]
    fn the_line_index_agrees_with_a_scan() {
        for text in ["", "\n", "a", "é\nb\r\n\nçd€\n", "# Plan\n\n- `src/a.rs:1` ü\nlast"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                let scanned = line_column(text, offset);
                assert_eq!(index.line_column(text, offset), scanned, "{text:?} at {offset}");
            }
        }
    }
}
