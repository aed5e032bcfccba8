//! What `plan build` writes: the plan with its citations refreshed and its generated
//! blocks regenerated, and the new lock. Pure: the caller writes the files.
//!
//! Edits are splices at citation ranges and inside generated blocks; every other byte of
//! the plan is kept as it was (line endings, trailing spaces, tabs, non-ASCII text).

use std::collections::BTreeSet;
use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::citations::lock::{self, Lock};
use crate::citations::resolve::Status;
use crate::citations::{PlacedCitation, key, lock_contents, plan_citations};
use crate::lints::Context;
use crate::plan::refs::CitationForm;
use crate::plan::tracked::{dag, plan_outline, prs, revision_notes, risk_register};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// Accept changed citations: record the current code as their anchor.
    pub accept: bool,
    /// Lines the generated recon may take.
    pub recon_budget: usize,
}

impl BuildOptions {
    pub const DEFAULT_RECON_BUDGET: usize = 60;
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions { accept: false, recon_budget: BuildOptions::DEFAULT_RECON_BUDGET }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOutput {
    pub plan: String,
    pub lock: String,
    pub citations: Vec<PlacedCitation>,
}

pub fn build(db: &dyn Db, plan: PlanFile, lock_file: LockFile, options: BuildOptions) -> BuildOutput {
    let _span = tracing::info_span!("build").entered();
    let text = plan.text(db);
    let citations = plan_citations(db, plan, lock_file);
    let old_lock = lock_contents(db, lock_file);

    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut marked_claims: BTreeSet<usize> = BTreeSet::new();
    let mut new_lock = Lock::default();
    for citation in &citations {
        let written_key = citation.site.key();
        let resolution = &citation.resolution;
        match resolution.status {
            Status::Fresh | Status::Moved | Status::Changed => {
                let Some(location) = &resolution.location else { continue };
                let new_key = key(&location.path, location.start, location.end);
                if new_key != written_key {
                    edits.push((citation.range.clone(), rewrite(citation, location)));
                }
                let anchor = if resolution.status == Status::Changed && !options.accept {
                    old_lock.anchors.get(&written_key).cloned().or_else(|| resolution.current.clone())
                } else {
                    resolution.current.clone()
                };
                if let Some(anchor) = anchor {
                    new_lock.anchors.insert(new_key, anchor);
                }
            }
            Status::Stale => {
                if let Some(anchor) = old_lock.anchors.get(&written_key) {
                    new_lock.anchors.insert(written_key, anchor.clone());
                }
                if !citation.site.unverified && marked_claims.insert(citation.claim.start) {
                    let at = after_token(text, citation.range.end, citation.site.citation.form);
                    edits.push((at..at, " UNVERIFIED".to_owned()));
                }
            }
            Status::Invalid => {}
        }
    }
    edits.extend(generated_blocks(db, plan, options));

    // Contracts: the current texts, except where a change is not explained yet.
    let context = Context { db, plan, lock: Some(lock_file) };
    let unexplained: BTreeSet<(u32, String)> =
        crate::lints::unexplained_contract_changes(&context).into_iter().collect();
    for pr in prs(db, plan) {
        for contract in &pr.contracts {
            let entry = (pr.number, contract.id.clone());
            let text = if unexplained.contains(&entry) {
                old_lock.contracts.get(&entry).cloned().unwrap_or_else(|| contract.text.clone())
            } else {
                contract.text.clone()
            };
            new_lock.contracts.entry(entry).or_insert(text);
        }
    }
    for note in revision_notes(db, plan) {
        new_lock.revisions.insert(crate::lints::revision_note_hash(&note.text));
    }

    BuildOutput { plan: splice(text, edits), lock: lock::render(&new_lock), citations }
}

/// The citation text rewritten to `location`, in the form it was written.
fn rewrite(citation: &PlacedCitation, location: &crate::citations::resolve::Location) -> String {
    match citation.site.citation.form {
        CitationForm::Colon => key(&location.path, location.start, location.end),
        CitationForm::Link => {
            if location.start == location.end {
                format!("{}#L{}", location.path, location.start)
            } else {
                format!("{}#L{}-L{}", location.path, location.start, location.end)
            }
        }
    }
}

/// Where to put `UNVERIFIED` after a citation: past the closing backtick of a code span,
/// or the closing parenthesis of a link target, that belongs to it.
fn after_token(text: &str, end: usize, form: CitationForm) -> usize {
    let closing = match form {
        CitationForm::Colon => '`',
        CitationForm::Link => ')',
    };
    if text[end..].starts_with(closing) { end + closing.len_utf8() } else { end }
}

/// Whether the plan has a generated block named `name`.
pub fn has_generated_block(db: &dyn Db, plan: PlanFile, name: &str) -> bool {
    plan_outline(db, plan).generated.iter().any(|block| block.name == name)
}

/// Regenerated content of the generated blocks `plan` knows: `recon` (in B) and `dag` (in I).
fn generated_blocks(db: &dyn Db, plan: PlanFile, options: BuildOptions) -> Vec<(Range<usize>, String)> {
    let outline = plan_outline(db, plan);
    let text = plan.text(db);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits = Vec::new();
    for block in &outline.generated {
        let content = match block.name.as_str() {
            "dag" => {
                let mermaid =
                    crate::render::dag::mermaid(dag(db, plan), prs(db, plan), risk_register(db, plan));
                format!("{newline}```mermaid{newline}{}```{newline}", mermaid.replace('\n', newline))
            }
            "recon" => {
                let markdown = crate::recon::render_markdown(crate::recon::recon(db), options.recon_budget);
                format!("{newline}{}{newline}", markdown.replace('\n', newline))
            }
            _ => continue,
        };
        let range = block.begin.end..block.end.start;
        if text.get(range.clone()) != Some(content.as_str()) {
            edits.push((range, content));
        }
    }
    edits
}

/// Applies non-overlapping edits; overlapping ones after the first are dropped.
fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + edits.len() * 16);
    let mut cursor = 0;
    for (range, replacement) in edits {
        if range.start < cursor || range.end > text.len() {
            continue;
        }
        out.push_str(&text[cursor..range.start]);
        out.push_str(&replacement);
        cursor = range.end;
    }
    out.push_str(&text[cursor..]);
    out
}
