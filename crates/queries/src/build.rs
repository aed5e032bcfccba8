//! What `plan build` writes: the plan with its citations refreshed and its generated
//! blocks regenerated, and the new lock. Pure: the caller writes the files.
//!
//! Edits are splices at citation ranges and inside generated blocks; every other byte of
//! the plan is kept as it was (line endings, trailing spaces, tabs, non-ASCII text).

use std::collections::BTreeSet;
use std::ops::Range;

use engine::{Database, Db, LockFile, PlanFile};

use crate::citations::contracts::{note_hash, unexplained_contract_changes};
use crate::citations::lock::{self, Lock};
use crate::citations::resolve::Status;
use crate::citations::{PlacedCitation, lock_contents, plan_citations};
use crate::plan::refs::CitationForm;
use crate::plan::tracked::{plan_outline, prs, revision_notes};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuildOptions {
    /// Accept changed citations: record the current code as their anchor.
    pub accept: bool,
    /// Lines the generated recon may take.
    pub recon_budget: usize,
    /// Write `UNVERIFIED` after a stale claim's citation. `plan watch` holds it back until
    /// the citation stayed stale through a quiet period; markers the tool wrote are removed
    /// whatever this says.
    pub mark_stale: bool,
}

impl BuildOptions {
    pub const DEFAULT_RECON_BUDGET: usize = 60;
}

impl Default for BuildOptions {
    fn default() -> BuildOptions {
        BuildOptions { accept: false, recon_budget: BuildOptions::DEFAULT_RECON_BUDGET, mark_stale: true }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOutput {
    pub plan: String,
    pub lock: String,
    pub citations: Vec<PlacedCitation>,
    /// Lock entries of citations the plan no longer has (by key), which the new lock drops.
    pub gone: Vec<String>,
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
                let new_key = location.key();
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
                    new_lock.anchors.insert(written_key.clone(), anchor.clone());
                }
                if options.mark_stale
                    && !citation.site.unverified
                    && marked_claims.insert(citation.claim.start)
                {
                    let at = after_token(text, citation.range.end, citation.site.citation.form);
                    edits.push((at..at, MARKER.to_owned()));
                    new_lock.markers.insert(written_key);
                } else if old_lock.markers.contains(&written_key) {
                    new_lock.markers.insert(written_key);
                }
            }
            Status::Invalid => {}
        }
    }
    edits.extend(resolved_markers(text, &citations, old_lock));
    edits.extend(generated_blocks(db, plan, options));

    // Contracts: the current texts, except where a change is not explained yet.
    let unexplained: BTreeSet<&(u32, String)> =
        unexplained_contract_changes(db, plan, lock_file).iter().collect();
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
        new_lock.revisions.insert(note_hash(&note.text));
    }

    let written: BTreeSet<String> = citations.iter().map(|citation| citation.site.key()).collect();
    let gone = old_lock.anchors.keys().filter(|key| !written.contains(*key)).cloned().collect();
    BuildOutput { plan: splice(text, edits), lock: lock::render(&new_lock), citations, gone }
}

/// Builds again on `first`'s output and lock while a build changes the plan (regenerated
/// blocks bring new citations, rewrites move old ones), up to three times, so that the lock
/// anchors what the written plan says and a second `plan build` changes nothing. The
/// citations reported are `first`'s: those of the plan as the user wrote it.
pub fn settle(db: &mut Database, plan_path: &str, first: BuildOutput, options: BuildOptions) -> BuildOutput {
    let mut settled = first.clone();
    for _ in 0..3 {
        if db.plan().is_some_and(|plan| settled.plan == **plan.text(db)) {
            break;
        }
        let next_plan = db.set_plan(plan_path, &settled.plan);
        let next_lock = db.set_lock(&settled.lock);
        settled = build(db, next_plan, next_lock, BuildOptions { accept: false, ..options });
    }
    BuildOutput { plan: settled.plan, lock: settled.lock, citations: first.citations, gone: first.gone }
}

/// Accepts the changed citations whose written or current key (`src/a.rs:10-20`) is in
/// `keys`: their lock entries take the code as it is now, which `--accept` alone does for
/// every changed citation. Returns the written keys of the citations accepted.
pub fn accept_changed(output: &mut BuildOutput, keys: &BTreeSet<String>) -> Vec<String> {
    let mut lock = lock::parse(&output.lock);
    let mut accepted = Vec::new();
    for citation in &output.citations {
        let resolution = &citation.resolution;
        let (Status::Changed, Some(location), Some(current)) =
            (resolution.status, &resolution.location, &resolution.current)
        else {
            continue;
        };
        let (written, now) = (citation.site.key(), location.key());
        if keys.contains(&written) || keys.contains(&now) {
            lock.anchors.insert(now, current.clone());
            accepted.push(written);
        }
    }
    output.lock = lock::render(&lock);
    accepted
}

/// What the tool writes after a stale claim's citation.
const MARKER: &str = " UNVERIFIED";

/// Removals of the markers the tool wrote (recorded in the lock) whose claim no longer has a
/// stale or invalid citation. A marker the author wrote, or one edited since, stays.
fn resolved_markers(
    text: &str,
    citations: &[PlacedCitation],
    old_lock: &Lock,
) -> Vec<(Range<usize>, String)> {
    let unresolved: BTreeSet<usize> = citations
        .iter()
        .filter(|citation| matches!(citation.resolution.status, Status::Stale | Status::Invalid))
        .map(|citation| citation.claim.start)
        .collect();
    citations
        .iter()
        .filter(|citation| {
            !citation.site.generated
                && old_lock.markers.contains(&citation.site.key())
                && !unresolved.contains(&citation.claim.start)
        })
        .filter_map(|citation| {
            let at = after_token(text, citation.range.end, citation.site.citation.form);
            text[at..].starts_with(MARKER).then(|| (at..at + MARKER.len(), String::new()))
        })
        .collect()
}

/// The citation text rewritten to `location`, in the form it was written.
pub(crate) fn rewrite(citation: &PlacedCitation, location: &crate::citations::resolve::Location) -> String {
    match citation.site.citation.form {
        CitationForm::Colon => location.key(),
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
pub(crate) fn after_token(text: &str, end: usize, form: CitationForm) -> usize {
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

/// Regenerated content of the generated blocks `plan` knows: `recon` (in B), `architecture`
/// (the blocks and their imports as the code has them, in D) and `dag` (in I).
fn generated_blocks(db: &dyn Db, plan: PlanFile, options: BuildOptions) -> Vec<(Range<usize>, String)> {
    let outline = plan_outline(db, plan);
    let text = plan.text(db);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits = Vec::new();
    for block in &outline.generated {
        let content = match block.name.as_str() {
            "dag" => {
                let mermaid = crate::render::render_dag(db, plan, crate::render::DagView::Mermaid);
                format!("{newline}```mermaid{newline}{}```{newline}", mermaid.replace('\n', newline))
            }
            "architecture" => {
                let mermaid = crate::drift::render::render_arch(db, plan, crate::render::DagView::Mermaid);
                format!("{newline}```mermaid{newline}{}```{newline}", mermaid.replace('\n', newline))
            }
            "recon" => {
                // Facts the block shows now keep their place while they rank near the cut.
                let previous = text.get(block.begin.end..block.end.start).unwrap_or("");
                let markdown = crate::recon::render_markdown_after(
                    db,
                    crate::recon::workspace_recon(db),
                    options.recon_budget,
                    previous,
                );
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

#[cfg(test)]
mod tests {
    use engine::{Database, FileContents, RelPath};

    use super::*;

    const PLAN: &str = "# Plan\n\n## B) Repository Recon Summary\n\n<!-- plan:begin recon -->\n<!-- plan:end recon -->\n\n## D) Concept Model\n\n- **Store** keeps records (`src/a.rs:1`), read by `src/a.rs:3-5`.\n\n## H) PR Plan\n\n### PR1 — First\n\n- Motivation: a start.\n";

    fn set(db: &mut Database, path: &str, text: &str) {
        db.set_file(RelPath::new(path).unwrap(), FileContents::Text(text.into()));
    }

    /// The queries that re-executed, keyed by file path where they have one, without the
    /// per-rule and per-citation details: what a reader of DESIGN.md §2 checks.
    fn rebuilt(db: &mut Database, plan_text: &str) -> Vec<String> {
        let plan = db.set_plan("PLAN.md", plan_text);
        let lock = db.set_lock("");
        build(db, plan, lock, BuildOptions::default());
        let mut executed: Vec<String> = db
            .take_executed()
            .into_iter()
            .filter(|query| {
                [
                    "analyze",
                    "file_symbols",
                    "file_facts",
                    "recon",
                    "workspace_recon",
                    "section_",
                    "resolve",
                    "plan_outline",
                ]
                .iter()
                .any(|prefix| query.starts_with(prefix))
            })
            .map(|query| match query.find("(Id(") {
                Some(at) => query[..at].to_owned(),
                None => query,
            })
            .collect();
        executed.sort();
        executed.dedup();
        executed
    }

    /// DESIGN.md §2, "Consequences that tests must prove", through the whole build.
    #[test]
    fn an_edit_recomputes_only_what_it_reaches() {
        let mut db = Database::with_event_log();
        set(&mut db, "src/a.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1\n}\n");
        set(&mut db, "src/b.rs", "pub struct Other;\n\npub fn other() -> u32 {\n    2\n}\n");
        rebuilt(&mut db, PLAN);

        // A source file no citation targets gains a type: its analysis, its view for the
        // recon, and the recon; no plan section.
        set(
            &mut db,
            "src/b.rs",
            "pub struct Other;\n\npub fn other() -> u32 {\n    2\n}\n\npub struct More;\n",
        );
        expect_test::expect![[r#"
            [
                "analyze(src/b.rs)",
                "recon_chunk",
                "recon_file(src/b.rs)",
                "workspace_recon",
            ]
        "#]]
        .assert_debug_eq(&rebuilt(&mut db, PLAN));

        // A cited function's body: that file's analysis and the resolution of the
        // citations into it; no line moved, so section D is not re-rendered.
        set(&mut db, "src/a.rs", "pub struct Store;\n\npub fn get() -> u32 {\n    1 + 0\n}\n");
        expect_test::expect![[r#"
            [
                "analyze(src/a.rs)",
                "recon_file(src/a.rs)",
                "resolve",
                "section_resolutions_query",
            ]
        "#]]
        .assert_debug_eq(&rebuilt(&mut db, PLAN));

        // Whitespace that moves no cited line: everything downstream backdates.
        set(
            &mut db,
            "src/b.rs",
            "pub struct Other;\n\npub fn other() -> u32 {\n        2\n}\n\npub struct More;\n",
        );
        expect_test::expect![[r#"
            [
                "analyze(src/b.rs)",
                "recon_file(src/b.rs)",
            ]
        "#]]
        .assert_debug_eq(&rebuilt(&mut db, PLAN));

        // Code moved down a line in a file the recon cites: its analysis and the citations
        // into it; the recon backdates (no view changed), only its lines are looked up.
        set(&mut db, "src/a.rs", "\npub struct Store;\n\npub fn get() -> u32 {\n    1 + 0\n}\n");
        let moved = rebuilt(&mut db, PLAN);
        assert!(!moved.contains(&"workspace_recon".to_owned()), "{moved:?}");
        expect_test::expect![[r#"
            [
                "analyze(src/a.rs)",
                "file_symbols(src/a.rs)",
                "recon_file(src/a.rs)",
                "resolve",
                "section_resolutions_query",
            ]
        "#]]
        .assert_debug_eq(&moved);

        // Prose in section H: H's queries, nothing of any file.
        let edited = PLAN.replace("a start.", "a first step.");
        expect_test::expect![[r#"
            [
                "plan_outline",
                "section_citations_query",
                "section_doc_query",
                "section_text_query",
            ]
        "#]]
        .assert_debug_eq(&rebuilt(&mut db, &edited));
    }

    /// A citation inside a generated block is the tool's own: an older anchor of the same
    /// lines (left in the lock by a previous generation) never makes it stale, and nothing
    /// is reported or marked for it.
    #[test]
    fn citations_in_generated_blocks_are_anchored_as_written() {
        let mut db = Database::in_memory();
        set(&mut db, "src/a.rs", "fn a() {}\nfn b() {}\n");
        let plan_text = "## B) Repository Recon Summary\n\n<!-- plan:begin notes -->\n- `b` at `src/a.rs:2`\n<!-- plan:end notes -->\n";
        let plan = db.set_plan("PLAN.md", plan_text);
        let lock = db.set_lock("");
        let first = build(&db, plan, lock, BuildOptions::default());
        // The code changes under the cited line; the lock still anchors the old text there.
        set(&mut db, "src/a.rs", "fn a() {}\nfn c() { 1 }\n");
        let lock = db.set_lock(&first.lock);
        let second = build(&db, plan, lock, BuildOptions::default());
        assert_eq!(second.plan, plan_text, "nothing is marked UNVERIFIED");
        let diagnostics = crate::lints::check_plan(&db, plan, lock, &crate::lints::RuleLevels::default());
        let codes: Vec<&str> = diagnostics.iter().map(crate::diagnostics::Placed::code).collect();
        assert!(!codes.iter().any(|code| code.starts_with("PLAN06")), "{codes:?}");
    }

    /// The data loss of issue 19: a `dag` block opened in B and closed before J would have
    /// replaced sections C–I. A block that crosses sections, or nests another, is left as
    /// written, every byte of it; a well-formed block beside them is still regenerated.
    #[test]
    fn blocks_that_cross_sections_or_nest_are_left_as_written() {
        let valid = crate::lints::tests::VALID_PLAN;
        let crossing = valid
            .replacen(
                "## B) Repository Recon Summary\n",
                "## B) Repository Recon Summary\n\n<!-- plan:begin dag -->\n",
                1,
            )
            .replacen("## J) Design", "<!-- plan:end dag -->\n\n## J) Design", 1);
        let nested = valid.replacen(
            "## I) Dependency DAG\n",
            "## I) Dependency DAG\n\n<!-- plan:begin dag -->\nOld.\n<!-- plan:begin dag -->\nMine.\n<!-- plan:end dag -->\n<!-- plan:end dag -->\n",
            1,
        );
        for text in [&crossing, &nested] {
            let (db, plan, lock) = crate::lints::tests::fixture(text);
            let built = build(&db, plan, lock, BuildOptions::default());
            assert_eq!(built.plan.len(), text.len());
            assert_eq!(&built.plan, text);
        }
        let beside = format!("{crossing}\n<!-- plan:begin dag -->\n<!-- plan:end dag -->\n");
        let (db, plan, lock) = crate::lints::tests::fixture(&beside);
        let built = build(&db, plan, lock, BuildOptions::default());
        assert!(built.plan.starts_with(&crossing), "the crossing block is kept");
        assert!(built.plan.contains("```mermaid"), "the block at the end is regenerated");
    }

    /// An `UNVERIFIED` the build wrote is recorded in the lock and removed when the code
    /// comes back (here: moved into another file); one the author wrote stays.
    #[test]
    fn markers_the_build_wrote_are_removed_when_the_citation_resolves_again() {
        let mut db = Database::in_memory();
        let code = "pub fn keep() -> u32 {\n    1\n}\n\npub fn run() -> u32 {\n    2\n}\n";
        set(&mut db, "src/a.rs", code);
        let plan_text = "## B) Repository Recon Summary\n\n- Runs (`src/a.rs:5-7`).\n- Keeps (`src/a.rs:1-3`) UNVERIFIED.\n";
        let plan = db.set_plan("PLAN.md", plan_text);
        let lock = db.set_lock("");
        let first = build(&db, plan, lock, BuildOptions::default());
        let lock = db.set_lock(&first.lock);

        set(&mut db, "src/a.rs", "pub fn keep() -> u32 {\n    1\n}\n");
        let cut = build(&db, plan, lock, BuildOptions::default());
        assert!(cut.plan.contains("- Runs (`src/a.rs:5-7` UNVERIFIED)."), "{}", cut.plan);
        assert!(cut.lock.contains("marker\tsrc/a.rs:5-7\n"), "{}", cut.lock);
        let plan = db.set_plan("PLAN.md", &cut.plan);
        let lock = db.set_lock(&cut.lock);
        let still = build(&db, plan, lock, BuildOptions::default());
        assert_eq!((still.plan.as_str(), still.lock.as_str()), (cut.plan.as_str(), cut.lock.as_str()));

        set(&mut db, "src/b.rs", "pub fn run() -> u32 {\n    2\n}\n");
        let pasted = build(&db, plan, lock, BuildOptions::default());
        assert_eq!(
            pasted.plan,
            "## B) Repository Recon Summary\n\n- Runs (`src/b.rs:1-3`).\n- Keeps (`src/a.rs:1-3`) UNVERIFIED.\n"
        );
        assert!(!pasted.lock.contains("marker"), "{}", pasted.lock);
    }
}
