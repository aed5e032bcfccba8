//! The citations of a micro-plan: found in its whole text (a micro-plan has no sections
//! A–J), outside code, HTML and generated blocks (what `plan validate` recorded), and
//! resolved against its own lock (`plans/pr3.lock` beside `plans/pr3.md`) exactly as the
//! macro plan's are, so they get the same five statuses and the same rewrites.

use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::citations::resolve::{self, CitationKey, Resolution};
use crate::citations::{PlacedCitation, Site, lock_contents};
use crate::plan::markdown::{self, BlockKind};
use crate::plan::refs::{MAX_CITATIONS_PER_CLAIM, citations_up_to};

/// The citations of one micro-plan, in document order, with absolute byte ranges.
#[salsa::tracked(returns(ref))]
pub(crate) fn micro_citations(db: &dyn Db, micro: PlanFile) -> Vec<Site> {
    let text: &str = micro.text(db);
    let generated = generated_ranges(text);
    let mut out = Vec::new();
    for block in markdown::blocks(text) {
        if matches!(block.kind, BlockKind::Code | BlockKind::Html)
            || generated.iter().any(|range| range.contains(&block.range.start))
        {
            continue;
        }
        let Some(source) = text.get(block.range.clone()) else { continue };
        let unverified = source.contains("UNVERIFIED");
        let found = citations_up_to(source, MAX_CITATIONS_PER_CLAIM + 1);
        for (index, mut citation) in found.into_iter().enumerate() {
            citation.range = block.range.start + citation.range.start..block.range.start + citation.range.end;
            let over_limit = index == MAX_CITATIONS_PER_CLAIM;
            out.push(Site { citation, claim: block.range.clone(), unverified, generated: false, over_limit });
        }
    }
    out
}

/// From each `<!-- plan:begin NAME -->` to the next `<!-- plan:end` (or the end of the text).
fn generated_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("<!-- plan:begin ") {
        let start = at + found;
        let end = text[start..].find("<!-- plan:end").map_or(text.len(), |end| start + end);
        ranges.push(start..end);
        at = end.max(start + 1);
    }
    ranges
}

/// The resolution of each citation of one micro-plan against its lock, in order.
#[salsa::tracked(returns(ref))]
pub(crate) fn micro_resolutions(db: &dyn Db, micro: PlanFile, lock: LockFile) -> Vec<Resolution> {
    let anchors = &lock_contents(db, lock).anchors;
    micro_citations(db, micro)
        .iter()
        .map(|site| {
            if site.over_limit {
                return crate::citations::over_limit();
            }
            let anchor = anchors.get(&site.key()).cloned();
            let key = CitationKey::new(
                db,
                site.citation.path.clone(),
                site.citation.start,
                site.citation.end,
                anchor,
            );
            resolve::resolve(db, key).clone()
        })
        .collect()
}

/// Every citation of a micro-plan with its resolution, placed in its text.
pub(crate) fn micro_plan_citations(db: &dyn Db, micro: PlanFile, lock: LockFile) -> Vec<PlacedCitation> {
    let text = micro.text(db);
    let lines = crate::line_index::LineIndex::new(text);
    micro_citations(db, micro)
        .iter()
        .zip(micro_resolutions(db, micro, lock))
        .map(|(site, resolution)| {
            let (line, column) = lines.line_column(text, site.citation.range.start);
            PlacedCitation {
                section: None,
                site: site.clone(),
                resolution: resolution.clone(),
                range: site.citation.range.clone(),
                claim: site.claim.clone(),
                line,
                column,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use engine::{Database, FileContents, RelPath};

    use crate::build::{BuildOptions, build_micro};

    const CODE: &str = "pub fn keep() -> u32 {\n    1\n}\n\npub fn run() -> u32 {\n    2\n}\n";
    const MICRO: &str = "<!-- plan: task PR1 -->\n# PR1\n\n## Design notes\n\n- `keep` returns one (`src/a.rs:1-3`).\n- `run` returns two (`src/a.rs:5-7`).\n\n```sh plan:validate\ncargo test src/a.rs:9\n```\n\n<!-- plan:begin validation -->\n- FAIL: `x`: src/a.rs:99: error\n<!-- plan:end validation -->\n";

    fn set(db: &mut Database, path: &str, text: &str) {
        db.set_file(RelPath::new(path).unwrap(), FileContents::Text(text.into()));
    }

    /// A micro-plan's citations get the macro plan's statuses and rewrites: anchored in its
    /// own lock, rewritten when the code moves, `UNVERIFIED` when it is gone; code blocks
    /// and what `plan validate` recorded are not citations.
    #[test]
    fn micro_plan_citations_are_anchored_rewritten_and_marked() {
        let mut db = Database::in_memory();
        set(&mut db, "src/a.rs", CODE);
        let micro = db.set_micro_plan("plans/pr1.md", MICRO);
        let lock = db.set_micro_lock("plans/pr1.md", "");
        let first = build_micro(&db, micro, lock, BuildOptions::default());
        assert_eq!(first.plan, MICRO);
        assert_eq!(first.citations.len(), 2, "{:?}", first.citations);
        assert!(first.lock.contains("anchor\tsrc/a.rs:1-3\tfunction\tkeep\twhole"), "{}", first.lock);
        let lock = db.set_micro_lock("plans/pr1.md", &first.lock);

        set(
            &mut db,
            "src/a.rs",
            &format!("// moved\n{}", CODE.replace("    2\n", "")).replace("pub fn run() -> u32 {\n}\n", ""),
        );
        let second = build_micro(&db, micro, lock, BuildOptions::default());
        expect_test::expect![[r#"
            <!-- plan: task PR1 -->
            # PR1

            ## Design notes

            - `keep` returns one (`src/a.rs:2-4`).
            - `run` returns two (`src/a.rs:5-7` UNVERIFIED).

            ```sh plan:validate
            cargo test src/a.rs:9
            ```

            <!-- plan:begin validation -->
            - FAIL: `x`: src/a.rs:99: error
            <!-- plan:end validation -->
        "#]]
        .assert_eq(&second.plan);
        assert!(second.lock.contains("marker\tsrc/a.rs:5-7\n"), "{}", second.lock);
    }

    /// An edit of one micro-plan resolves its own citations again, not the other's.
    #[test]
    fn an_edit_of_one_micro_plan_resolves_only_its_citations() {
        let mut db = Database::with_event_log();
        set(&mut db, "src/a.rs", CODE);
        let first = db.set_micro_plan("plans/pr1.md", MICRO);
        let second = db.set_micro_plan("plans/pr2.md", &MICRO.replace("PR1", "PR2"));
        let locks = [db.set_micro_lock("plans/pr1.md", ""), db.set_micro_lock("plans/pr2.md", "")];
        for (micro, lock) in [first, second].into_iter().zip(locks) {
            build_micro(&db, micro, lock, BuildOptions::default());
        }
        db.take_executed();
        db.set_micro_plan("plans/pr2.md", &MICRO.replace("PR1", "PR2").replace("returns two", "gives two"));
        for (micro, lock) in [first, second].into_iter().zip(locks) {
            build_micro(&db, micro, lock, BuildOptions::default());
        }
        // `micro_resolutions` is keyed by the micro-plan and its lock (an interned id).
        let executed = db.take_executed_by_name();
        expect_test::expect![[r#"
            [
                "micro_citations(plans/pr2.md)",
                "micro_resolutions(..)",
            ]
        "#]]
        .assert_debug_eq(&executed);
    }
}
