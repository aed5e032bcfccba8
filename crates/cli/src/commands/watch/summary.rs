//! What a rebuild of `plan watch` did, and the one line that says it.

use std::io::Write;
use std::time::Duration;

use engine::Database;

use crate::args::GlobalArgs;

pub(super) struct Summary {
    pub(super) plan_written: bool,
    pub(super) lock_written: bool,
    pub(super) not_fresh: usize,
    /// The sections whose text the rebuild changed, by letter.
    pub(super) rewritten: Vec<char>,
    /// The user changed the plan while it was rebuilt: nothing was written, rebuild again.
    pub(super) user_edited: bool,
    /// Stale citations whose claim has no `UNVERIFIED` yet.
    pub(super) unmarked_stale: usize,
    /// The written plan's diagnostics, one compact line each (`PLAN.md:12:3:
    /// error[PLAN040]: …`); `None` when nothing was written.
    pub(super) diagnostics: Option<Vec<String>>,
}

/// The citations that are not fresh, and the stale ones whose claim has no `UNVERIFIED`.
pub(super) fn citation_counts(citations: &[queries::PlacedCitation]) -> (usize, usize) {
    let not_fresh = citations
        .iter()
        .filter(|citation| !matches!(citation.resolution.status, queries::CitationStatus::Fresh))
        .count();
    let unmarked_stale = citations
        .iter()
        .filter(|citation| {
            citation.resolution.status == queries::CitationStatus::Stale && !citation.site.unverified
        })
        .count();
    (not_fresh, unmarked_stale)
}

/// The letters of the sections whose text differs between `before` and `after`.
pub(super) fn rewritten_sections(before: &[(char, String)], after: &[(char, String)]) -> Vec<char> {
    let mut rewritten: Vec<char> = after
        .iter()
        .filter(|(letter, text)| !before.iter().any(|(old_letter, old)| old_letter == letter && old == text))
        .map(|(letter, _)| *letter)
        .collect();
    rewritten.dedup();
    rewritten
}

/// Each section's letter and text, to tell which ones a rebuild rewrote.
pub(super) fn section_texts(db: &Database, plan: engine::PlanFile) -> Vec<(char, String)> {
    let text = plan.text(db);
    queries::plan_outline(db, plan)
        .sections
        .iter()
        .map(|span| (span.id.letter(), text.get(span.range.clone()).unwrap_or_default().to_owned()))
        .collect()
}

/// `sections B, D` or `no section`.
fn sections(letters: &[char]) -> String {
    match letters {
        [] => "no section".to_owned(),
        [one] => format!("section {one}"),
        _ => {
            let list: Vec<String> = letters.iter().map(char::to_string).collect();
            format!("sections {}", list.join(", "))
        }
    }
}

pub(super) fn line(
    global: &GlobalArgs,
    summary: &Summary,
    label: &str,
    changed_files: usize,
    took: Duration,
) {
    if global.quiet {
        return;
    }
    let wrote = match (summary.plan_written, summary.lock_written) {
        _ if summary.user_edited => {
            "the plan changed during the rebuild: rebuilding, nothing written".to_owned()
        }
        (true, true) => format!("wrote the plan ({}) and its lock", sections(&summary.rewritten)),
        (true, false) => format!("wrote the plan ({})", sections(&summary.rewritten)),
        (false, true) => "wrote the lock".to_owned(),
        (false, false) => "plan unchanged".to_owned(),
    };
    let files = match changed_files {
        _ if !label.is_empty() => label.to_owned(),
        1 => "1 file changed".to_owned(),
        _ => format!("{changed_files} files changed"),
    };
    let mut stderr = std::io::stderr().lock();
    let citations = match summary.not_fresh {
        1 => "1 citation not fresh".to_owned(),
        count => format!("{count} citations not fresh"),
    };
    let _ = writeln!(stderr, "[watch] {files}; {wrote}; {citations}; {} ms", took.as_millis());
}
