//! The one diagnostic model every renderer (text, JSON, SARIF) reads: a [`Rule`], where
//! it fired ([`Location`], section-relative where possible), and [`place`] to turn that
//! into lines and columns of the plan.

use std::fmt;
use std::ops::Range;

use engine::{Db, PlanFile};

use crate::line_index::LineIndex;
use crate::plan::outline::SectionId;
use crate::plan::series::pr_starts;
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
    /// Bytes of one PR's text (from its heading), the PR by its position in section H: what
    /// the per-PR queries report, so that a PR moved by an edit above it keeps them.
    Pr(u32, Range<usize>),
}

/// A rule: its stable code and name, default severity and documentation. Codes are never
/// renumbered or reused; a diagnostic holds its rule, so a code is written once.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line for `plan rules`.
    pub summary: &'static str,
    /// Markdown with `## What it does`, `## Why is this bad?`, `## Example`, for
    /// `plan explain`.
    pub docs: &'static str,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}

impl Eq for Rule {}

impl std::hash::Hash for Rule {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.hash(state);
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    /// The rule's severity, or the one `plan.toml` set for it.
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, message: impl Into<String>, location: Location) -> Diagnostic {
        Diagnostic { rule, severity: rule.severity, message: message.into(), location, help: None }
    }

    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
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
    pub fn code(&self) -> &'static str {
        self.diagnostic.rule.code
    }

    pub fn name(&self) -> &'static str {
        self.diagnostic.rule.name
    }
}

/// Resolves locations to positions in the plan's text.
pub(crate) fn place(
    db: &dyn Db,
    plan: PlanFile,
    diagnostics: impl IntoIterator<Item = Diagnostic>,
) -> Vec<Placed> {
    let text = plan.text(db);
    let outline = plan_outline(db, plan);
    let lines = LineIndex::new(text);
    let section_h = outline.section(SectionId::H).map_or(0, |span| span.range.start);
    let mut placed: Vec<Placed> = diagnostics
        .into_iter()
        .map(|diagnostic| {
            let (offset, relative) = match &diagnostic.location {
                Location::Document(range) => (0, range.clone()),
                Location::Section(id, range) => {
                    (outline.section(*id).map_or(0, |span| span.range.start), range.clone())
                }
                Location::Revisions(range) => {
                    (outline.revisions.as_ref().map_or(0, |range| range.start), range.clone())
                }
                Location::Pr(index, range) => {
                    let start = usize::try_from(*index).ok().and_then(|index| pr_starts(db, plan).get(index));
                    (section_h + start.copied().unwrap_or(0), range.clone())
                }
            };
            let start = (offset + relative.start).min(text.len());
            let end = (offset + relative.end).clamp(start, text.len());
            let (line, column) = lines.line_column(text, start);
            Placed { diagnostic, range: start..end, line, column }
        })
        .collect();
    placed.sort_by(|a, b| {
        (a.range.start, a.diagnostic.rule.code, &a.diagnostic.message).cmp(&(
            b.range.start,
            b.diagnostic.rule.code,
            &b.diagnostic.message,
        ))
    });
    placed.dedup_by(|a, b| {
        a.range == b.range
            && a.diagnostic.rule.code == b.diagnostic.rule.code
            && a.diagnostic.message == b.diagnostic.message
    });
    placed
}
