//! What the JSON and SARIF reports take of each document they cover.

/// One document of a `plan check` report (the macro plan, or a micro-plan) with what was
/// found in it: JSON and SARIF report every document in one log, each under its own path.
#[derive(Clone, Copy, Debug)]
pub struct ReportDocument<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub diagnostics: &'a [crate::diagnostics::Placed],
    /// What an HTML comment on the line silenced.
    pub suppressed: &'a [crate::diagnostics::Placed],
    pub citations: &'a [crate::citations::PlacedCitation],
}
