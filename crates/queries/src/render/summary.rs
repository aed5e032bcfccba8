//! Counts of what a report holds.

use crate::diagnostics::{Placed, Severity};

/// Counts of errors and warnings (notes are not counted).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
}

pub fn summarize(diagnostics: &[Placed]) -> Summary {
    let mut summary = Summary::default();
    for placed in diagnostics {
        match placed.diagnostic.severity {
            Severity::Error => summary.errors += 1,
            Severity::Warning => summary.warnings += 1,
            Severity::Note => {}
        }
    }
    summary
}
