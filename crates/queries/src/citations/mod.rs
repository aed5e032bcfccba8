//! Citations: finding them in the plan (per section), resolving each against the code with
//! its anchor from PLAN.lock, and the lock itself.

pub(crate) mod contracts;
#[cfg(test)]
mod history;
mod lines;
pub(crate) mod lock;
pub(crate) mod micro;
pub(crate) mod recover;
pub(crate) mod resolve;

use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::citations::lock::{Lock, key};
use crate::citations::resolve::{CitationKey, Resolution};
use crate::plan::markdown::BlockKind;
use crate::plan::outline::SectionId;
use crate::plan::refs::{Citation, MAX_CITATIONS_PER_CLAIM, citations_up_to};
use crate::plan::tracked::{SectionKey, plan_outline, section_doc_for};

/// A citation and the claim it belongs to, in section-relative bytes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub citation: Citation,
    /// The list item, table row, paragraph or heading holding the citation.
    pub claim: Range<usize>,
    /// Whether the claim already says UNVERIFIED.
    pub unverified: bool,
    /// Whether it sits in a generated block: `plan` wrote it from the code in this build, so
    /// it is anchored as written, never compared with an older anchor of the same lines.
    pub generated: bool,
    /// The first citation past `MAX_CITATIONS_PER_CLAIM` of its claim: not resolved but
    /// reported invalid, once for the claim (the rest are not even found).
    pub over_limit: bool,
}

impl Site {
    /// The lock key: `path:START` or `path:START-END`, whatever the written form.
    pub fn key(&self) -> String {
        key(&self.citation.path, self.citation.start, self.citation.end)
    }
}

/// The parsed lock.
#[salsa::tracked(returns(ref))]
pub fn lock_contents(db: &dyn Db, lock: LockFile) -> Lock {
    lock::parse(lock.text(db))
}

/// The paths the plan cites, as written, without resolving anything (no file is read).
pub fn cited_paths(db: &dyn Db, plan: PlanFile) -> Vec<String> {
    let mut paths: Vec<String> = SectionId::ALL
        .into_iter()
        .flat_map(|id| section_citations(db, plan, id).iter().map(|site| site.citation.path.clone()))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    paths
}

/// The citations of one section, outside code blocks and HTML.
pub(crate) fn section_citations(db: &dyn Db, plan: PlanFile, id: SectionId) -> &Vec<Site> {
    section_citations_query(db, SectionKey::new(db, plan, id))
}

#[salsa::tracked(returns(ref))]
fn section_citations_query<'db>(db: &'db dyn Db, key: SectionKey<'db>) -> Vec<Site> {
    let Some(doc) = section_doc_for(db, key) else { return Vec::new() };
    let mut out = Vec::new();
    for block in &doc.blocks {
        if matches!(block.kind, BlockKind::Code | BlockKind::Html) {
            continue;
        }
        let generated = doc
            .generated
            .iter()
            .any(|range| range.start <= block.range.start && block.range.start < range.end);
        let Some(source) = doc.text.get(block.range.clone()) else { continue };
        // Once per claim, not per citation: a claim of one long line may hold thousands.
        let unverified = source.contains("UNVERIFIED");
        let found = citations_up_to(source, MAX_CITATIONS_PER_CLAIM + 1);
        for (index, mut citation) in found.into_iter().enumerate() {
            citation.range = block.range.start + citation.range.start..block.range.start + citation.range.end;
            let over_limit = index == MAX_CITATIONS_PER_CLAIM;
            out.push(Site { citation, claim: block.range.clone(), unverified, generated, over_limit });
        }
    }
    out
}

/// The resolution of the first citation past [`MAX_CITATIONS_PER_CLAIM`] of a claim (the
/// rest of the claim is left as written).
pub(crate) fn over_limit() -> Resolution {
    Resolution::invalid(format!(
        "its claim holds more than {MAX_CITATIONS_PER_CLAIM} citations: plan checks the first {MAX_CITATIONS_PER_CLAIM} of a claim and leaves the rest as written; split the claim"
    ))
}

/// The resolution of each citation of one section, in order.
pub(crate) fn section_resolutions(
    db: &dyn Db,
    plan: PlanFile,
    lock: LockFile,
    id: SectionId,
) -> &Vec<Resolution> {
    section_resolutions_query(db, SectionKey::new(db, plan, id), lock)
}

#[salsa::tracked(returns(ref))]
fn section_resolutions_query<'db>(db: &'db dyn Db, key: SectionKey<'db>, lock: LockFile) -> Vec<Resolution> {
    let anchors = &lock_contents(db, lock).anchors;
    section_citations_query(db, key)
        .iter()
        .map(|site| {
            if site.over_limit {
                return over_limit();
            }
            let anchor = if site.generated { None } else { anchors.get(&site.key()).cloned() };
            let citation_key = CitationKey::new(
                db,
                site.citation.path.clone(),
                site.citation.start,
                site.citation.end,
                anchor,
            );
            resolve::resolve(db, citation_key).clone()
        })
        .collect()
}

/// A citation with its resolution, placed in the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedCitation {
    /// The macro plan's section; `None` in a micro-plan (its ranges are the document's).
    pub section: Option<SectionId>,
    pub site: Site,
    pub resolution: Resolution,
    /// Absolute bytes of the citation text and of its claim.
    pub range: Range<usize>,
    pub claim: Range<usize>,
    pub line: u32,
    pub column: u32,
}

/// Every citation of the plan, in document order.
pub fn plan_citations(db: &dyn Db, plan: PlanFile, lock: LockFile) -> Vec<PlacedCitation> {
    let outline = plan_outline(db, plan);
    let text = plan.text(db);
    let lines = crate::line_index::LineIndex::new(text);
    let mut out = Vec::new();
    for id in SectionId::ALL {
        let Some(span) = outline.section(id) else { continue };
        let offset = span.range.start;
        for (site, resolution) in
            section_citations(db, plan, id).iter().zip(section_resolutions(db, plan, lock, id))
        {
            let range = offset + site.citation.range.start..offset + site.citation.range.end;
            let (line, column) = lines.line_column(text, range.start);
            out.push(PlacedCitation {
                section: Some(id),
                site: site.clone(),
                resolution: resolution.clone(),
                claim: offset + site.claim.start..offset + site.claim.end,
                range,
                line,
                column,
            });
        }
    }
    out.sort_by_key(|citation| citation.range.start);
    out
}

#[cfg(test)]
mod tests {
    use engine::{Database, FileContents, RelPath};

    use crate::build::{BuildOptions, build};
    use crate::lints::{RuleLevels, check_plan};

    const PLAN: &str = "## B) Repository Recon Summary\n\n- a: `src/a.rs:1-3`\n- a again: `src/a.rs:5`\n\n## D) Concept Model\n\n- b: `src/b.rs:2`\n";

    /// A database with an event log holding `files`.
    fn database(files: &[(&str, &str)]) -> Database {
        let mut db = Database::with_event_log();
        for (path, text) in files {
            set(&mut db, path, text);
        }
        db
    }

    fn set(db: &mut Database, path: &str, text: &str) {
        db.set_file(RelPath::new(path).unwrap(), FileContents::Text(text.into()));
    }

    fn resolution_queries(executed: Vec<String>) -> Vec<String> {
        let mut kept: Vec<String> = executed
            .into_iter()
            .filter(|query| {
                query.starts_with("resolve")
                    || query.starts_with("file_symbols")
                    || query.starts_with("section_resolutions")
            })
            .map(|query| {
                query.split('(').next().unwrap_or("").to_owned()
                    + query.find("(src").map_or("", |at| &query[at..])
            })
            .collect();
        kept.sort();
        kept
    }

    #[test]
    fn editing_an_uncited_file_resolves_nothing_again() {
        let mut db = database(&[
            ("src/a.rs", "fn a() {\n    1\n}\n\nfn a2() {}\n"),
            ("src/b.rs", "fn b() {\n    2\n}\n"),
            ("src/c.rs", "fn c() {}\n"),
        ]);
        let plan = db.set_plan("PLAN.md", PLAN);
        let lock = db.set_lock("");
        check_plan(&db, plan, lock, &RuleLevels::default());
        db.take_executed();

        set(&mut db, "src/c.rs", "fn c() {\n    3\n}\n");
        check_plan(&db, plan, lock, &RuleLevels::default());
        expect_test::expect![[r#"
            []
        "#]]
        .assert_debug_eq(&resolution_queries(db.take_executed()));

        // A cited file's body edit re-resolves the citations into that file only.
        set(&mut db, "src/b.rs", "fn b() {\n    2 + 0\n}\n");
        check_plan(&db, plan, lock, &RuleLevels::default());
        expect_test::expect![[r#"
            [
                "resolve",
                "section_resolutions_query",
            ]
        "#]]
        .assert_debug_eq(&resolution_queries(db.take_executed()));

        // A file appearing or disappearing elsewhere (as `plan watch` applies it) re-resolves
        // nothing: each citation looks its file up in a query of its own, which backdates.
        db.set_edited_files([(RelPath::new("src/d.rs").unwrap(), FileContents::Text("fn d() {}\n".into()))]);
        check_plan(&db, plan, lock, &RuleLevels::default());
        expect_test::expect![[r#"
            []
        "#]]
        .assert_debug_eq(&resolution_queries(db.take_executed()));
        db.set_edited_files([(RelPath::new("src/d.rs").unwrap(), FileContents::Missing)]);
        check_plan(&db, plan, lock, &RuleLevels::default());
        expect_test::expect![[r#"
            []
        "#]]
        .assert_debug_eq(&resolution_queries(db.take_executed()));
    }

    /// A citation whose text is gone looks for it in every file of its extension; an edit
    /// of one of them hashes that file's lines again, not the others'.
    #[test]
    fn a_stale_citation_reads_again_only_the_file_an_edit_changed() {
        let mut db = database(&[
            ("src/a.rs", "fn a() {\n    1\n}\n"),
            ("src/b.rs", "fn b() {}\n"),
            ("src/c.rs", "fn c() {}\n"),
        ]);
        let plan = db.set_plan("PLAN.md", "## B) Repository Recon Summary\n\n- a: `src/a.rs:1-3`\n");
        let lock = db.set_lock("");
        let options = BuildOptions { recon: false, ..BuildOptions::default() };
        let first = build(&db, plan, lock, options);
        db.set_lock(&first.lock);
        set(&mut db, "src/a.rs", "fn other() {}\n");
        let stale = build(&db, plan, lock, options);
        assert!(stale.plan.contains("UNVERIFIED"), "{}", stale.plan);
        db.take_executed();

        set(&mut db, "src/c.rs", "fn c() {\n    3\n}\n");
        let again = build(&db, plan, lock, options);
        assert_eq!(again.plan, stale.plan);
        let hashed: Vec<String> =
            db.take_executed_by_name().into_iter().filter(|query| query.starts_with("line_hashes")).collect();
        expect_test::expect![[r#"
            [
                "line_hashes(src/c.rs)",
            ]
        "#]]
        .assert_debug_eq(&hashed);

        // The cited text appearing in another file is found there.
        set(&mut db, "src/b.rs", "fn b() {}\nfn a() {\n    1\n}\n");
        let moved = build(&db, plan, lock, options);
        assert!(moved.plan.contains("`src/b.rs:2-4`"), "{}", moved.plan);
    }

    /// A claim of more citations than `MAX_CITATIONS_PER_CLAIM` (a 10 MB line of them took
    /// 8 s and 3.7 GB): the first are resolved, the claim is reported once, the rest are
    /// left as written.
    #[test]
    fn a_claim_of_too_many_citations_is_reported_once() {
        let mut db = Database::in_memory();
        set(
            &mut db,
            "src/a.rs",
            "fn a() {}
",
        );
        let line: Vec<String> =
            (0..super::MAX_CITATIONS_PER_CLAIM + 200).map(|_| "`src/a.rs:1`".to_owned()).collect();
        let plan = db.set_plan(
            "PLAN.md",
            &format!(
                "## D) Concept Model

- a: {}
",
                line.join(" ")
            ),
        );
        let lock = db.set_lock("");
        let citations = super::plan_citations(&db, plan, lock);
        let fresh = citations
            .iter()
            .filter(|cited| cited.resolution.status == crate::citations::resolve::Status::Fresh)
            .count();
        let messages: Vec<String> = check_plan(&db, plan, lock, &RuleLevels::default())
            .iter()
            .filter(|placed| placed.code() == "PLAN060")
            .map(|placed| placed.diagnostic.message.clone())
            .collect();
        let built = crate::build::build(&db, plan, lock, crate::build::BuildOptions::default());
        assert_eq!(
            (citations.len(), fresh),
            (super::MAX_CITATIONS_PER_CLAIM + 1, super::MAX_CITATIONS_PER_CLAIM)
        );
        assert_eq!(built.plan, **plan.text(&db), "the claim is left as written");
        expect_test::expect![[r#"
            [
                "citation `src/a.rs:1` is invalid: its claim holds more than 1000 citations: plan checks the first 1000 of a claim and leaves the rest as written; split the claim",
            ]
        "#]]
        .assert_debug_eq(&messages);
    }

    /// Absurd line numbers from the plan or the lock: a lock anchor for
    /// `src/store.rs:2-4294967295` once wrapped in relocation (`line + length - 1`) and
    /// rewrote the citation as `src/store.rs:8-5`. They are reported, never rewritten.
    #[test]
    fn absurd_lines_become_diagnostics_never_rewrites() {
        let code = "fn a() {}\n\nfn store(x: u32) -> u32 {\n    x + 1\n}\n";
        let mut out = String::new();
        let cases = ["2-4294967295", "4294967295", "4294967294-4294967295", "1-4294967295"];
        for (anchored, cited) in ["3-5", "3-4"].into_iter().flat_map(|a| cases.map(|c| (a, c))) {
            let mut db = Database::in_memory();
            set(&mut db, "src/store.rs", code);
            let plan = db
                .set_plan("PLAN.md", &format!("## D) Concept Model\n\n- store: `src/store.rs:{anchored}`\n"));
            let lock = db.set_lock("");
            let first = crate::build::build(&db, plan, lock, crate::build::BuildOptions::default());
            let written =
                first.plan.replace(&format!("src/store.rs:{anchored}"), &format!("src/store.rs:{cited}"));
            let lock = db.set_lock(
                &first.lock.replace(&format!("src/store.rs:{anchored}"), &format!("src/store.rs:{cited}")),
            );
            // The code moves down and changes, so the anchored text is looked for elsewhere.
            set(&mut db, "src/store.rs", &format!("// moved\n\n{}", code.replace("+ 1", "+ 2")));
            let plan = db.set_plan("PLAN.md", &written);
            let built = crate::build::build(&db, plan, lock, crate::build::BuildOptions::default());
            assert_eq!(built.plan, written, "{cited} is rewritten");
            let diagnostics = check_plan(&db, plan, lock, &RuleLevels::default());
            for placed in diagnostics.iter().filter(|placed| placed.code().starts_with("PLAN06")) {
                out.push_str(&format!(
                    "{anchored} as {cited}: {} {}\n",
                    placed.code(),
                    placed.diagnostic.message
                ));
            }
        }
        expect_test::expect![[r#"
            3-5 as 2-4294967295: PLAN060 citation `src/store.rs:2-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-5 as 4294967295: PLAN060 citation `src/store.rs:4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-5 as 4294967294-4294967295: PLAN060 citation `src/store.rs:4294967294-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-5 as 1-4294967295: PLAN060 citation `src/store.rs:1-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-4 as 2-4294967295: PLAN060 citation `src/store.rs:2-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-4 as 4294967295: PLAN060 citation `src/store.rs:4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-4 as 4294967294-4294967295: PLAN060 citation `src/store.rs:4294967294-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
            3-4 as 1-4294967295: PLAN060 citation `src/store.rs:1-4294967295` is invalid: line 4294967295 is past any file (at most 100000000 lines are read)
        "#]].assert_eq(&out);
    }

    /// Seeded lock contents: the valid plan's citations and their lock anchors renumbered at
    /// random (0, past the end, past [`super::resolve::MAX_LINE`], `u32::MAX`, reversed),
    /// then the code moved. A build never panics, and every citation it writes is either
    /// as the author wrote it or inside the file it names.
    #[test]
    fn random_lock_lines_never_rewrite_out_of_bounds() {
        let valid = crate::lints::tests::VALID_PLAN;
        let (mut db, plan, lock) = crate::lints::tests::fixture(valid);
        let first = crate::build::build(&db, plan, lock, crate::build::BuildOptions::default());
        let files = crate::lints::tests::cited_files(valid);
        for (path, text) in &files {
            set(&mut db, path, &format!("// moved\n// down\n{}", text.replace(" + ", " - ")));
        }
        let cited = crate::plan::refs::citations(valid);
        let values = [0, 1, 2, 7, 40, 99_999_999, 100_000_001, u32::MAX - 1, u32::MAX];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |count: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % count as u64) as usize
        };
        for seed in 0..200 {
            let (mut plan_text, mut lock_text) = (first.plan.clone(), first.lock.clone());
            for _ in 0..3 {
                let citation = &cited[next(cited.len())];
                let old = match citation.end == citation.start {
                    true => format!("{}:{}", citation.path, citation.start),
                    false => format!("{}:{}-{}", citation.path, citation.start, citation.end),
                };
                let new = format!(
                    "{}:{}-{}",
                    citation.path,
                    values[next(values.len())],
                    values[next(values.len())]
                );
                plan_text = plan_text.replace(&format!("`{old}`"), &format!("`{new}`"));
                // The anchor is of part of a symbol, so relocation searches windows of lines.
                let lines = lock_text.lines().map(|line| match line.contains(&format!("\t{old}\t")) {
                    true => line
                        .replace(&format!("\t{old}\t"), &format!("\t{new}\t"))
                        .replace("\twhole\t", "\tpart\t"),
                    false => line.to_owned(),
                });
                lock_text = lines.map(|line| line + "\n").collect();
            }
            let plan = db.set_plan("PLAN.md", &plan_text);
            let lock = db.set_lock(&lock_text);
            let built = crate::build::build(&db, plan, lock, crate::build::BuildOptions::default());
            for citation in crate::plan::refs::citations(&built.plan) {
                let written = &built.plan[citation.range.clone()];
                let lines = files.get(&citation.path).map_or(0, |text| text.lines().count() as u32 + 2);
                assert!(
                    plan_text.contains(written)
                        || (1 <= citation.start && citation.start <= citation.end && citation.end <= lines),
                    "seed {seed}: {written} written from {plan_text}"
                );
            }
        }
    }
}
