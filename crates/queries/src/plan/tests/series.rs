//! Per-PR memoization through salsa's event log: an edit of one PR of a many-PR plan
//! re-reads and re-checks that PR only, also when it adds a line and so moves every PR
//! below it: no query of another PR re-executes, not even a projection; the narrow
//! cross-PR queries re-run and backdate.

use engine::{Database, LockFile, PlanFile};
use salsa::plumbing::AsId;

use crate::lints::{RuleLevels, check_plan};
use crate::plan::outline::SectionId;
use crate::plan::series::pr_texts;
use crate::plan::synthetic::plan_with_prs;
use crate::plan::tracked::SectionKey;

const PRS: u32 = 20;

/// A synthetic plan of [`PRS`] PRs in which PR15 lacks its Motivation (PLAN032 at its
/// heading, a diagnostic of a PR below the edited one).
fn plan() -> String {
    plan_with_prs(PRS as usize, None).replacen("- Motivation: step 15.\n", "", 1)
}

/// The PLAN032 diagnostics as `line: message`.
fn missing_fields(db: &Database, plan: PlanFile, lock: LockFile) -> Vec<String> {
    check_plan(db, plan, lock, &RuleLevels::default())
        .iter()
        .filter(|placed| placed.diagnostic.rule.code == "PLAN032")
        .map(|placed| format!("{}: {}", placed.line, placed.diagnostic.message))
        .collect()
}

/// Checks `before`, then `after`, and returns what re-executed for `after`: keys named
/// (`[H]` for a section, `[PR10]` for a PR), the per-section projections (which re-run on
/// every edit and backdate) counted rather than listed; then the PLAN032 diagnostics
/// before and after.
fn re_executed(before: &str, after: &str) -> Vec<String> {
    let mut db = Database::with_event_log();
    let plan = db.set_plan("PLAN.md", before);
    let lock = db.set_lock("");
    let first = missing_fields(&db, plan, lock);
    db.take_executed();
    db.set_plan("PLAN.md", after);
    let second = missing_fields(&db, plan, lock);
    let mut names: Vec<(String, String)> = SectionId::ALL
        .into_iter()
        .map(|id| (format!("({:?})", SectionKey::new(&db, plan, id).as_id()), format!("[{}]", id.letter())))
        .collect();
    names.extend(
        pr_texts(&db, plan).map(|text| (format!("({:?})", text.as_id()), format!("[PR{}]", text.index(&db)))),
    );
    names.push((format!("({:?})", plan.as_id()), String::new()));
    let (mut projections, mut executed) = (0, Vec::new());
    for query in db.take_executed() {
        if query.starts_with("section_text") || query.starts_with("section_doc_query") {
            projections += 1;
            continue;
        }
        let mut query = query;
        for (id, name) in &names {
            query = query.replace(id.as_str(), name);
        }
        executed.push(query);
    }
    executed.sort();
    executed.push(format!("+ {projections} projections (section_text, section_doc)"));
    executed.push(format!("PLAN032 before: {first:?}"));
    executed.push(format!("PLAN032 after: {second:?}"));
    executed
}

/// A prose edit of PR10 and a line added inside it re-run the same queries: PR10's own and
/// the narrow cross-PR ones; PR15's diagnostic below moves with the added line without any
/// query of PR15 (its source, its reading, its checks) re-executing.
#[test]
fn an_edit_of_one_pr_re_reads_that_pr_only() {
    let before = plan();
    let prose = before.replacen("- Motivation: step 10.", "- Motivation: step ten, reworded.", 1);
    let line =
        before.replacen("- Motivation: step 10.\n", "- Motivation: step 10.\n- Notes: one line more.\n", 1);
    let (prose, line) = (re_executed(&before, &prose), re_executed(&before, &line));
    // Only the last entry (PLAN032 after the edit) differs.
    assert_eq!(prose[..prose.len() - 1], line[..line.len() - 1]);
    // Every query of a PR that re-executed is PR10's, and every PR kept its identity.
    let of_a_pr = |query: &&String| query.starts_with("pr") && query.contains('[');
    assert!(prose.iter().filter(of_a_pr).all(|query| query.ends_with("[PR10]")), "{prose:#?}");
    assert!(prose.iter().all(|query| !query.contains("Id(") || query.starts_with("document_")), "{prose:#?}");
    expect_test::expect![[r#"
        (
            [
                "document_diagnostics(Id(180))",
                "plan_outline",
                "plan_parse",
                "pr[PR10]",
                "pr_block_change[PR10]",
                "pr_diagnostics[PR10]",
                "pr_links[PR10]",
                "pr_list",
                "pr_split",
                "revision_notes",
                "section_citations_query[H]",
                "section_diagnostics_query[H]",
                "+ 14 projections (section_text, section_doc)",
                "PLAN032 before: [\"407: PR15 lacks Motivation\"]",
                "PLAN032 after: [\"407: PR15 lacks Motivation\"]",
            ],
            Some(
                "PLAN032 after: [\"408: PR15 lacks Motivation\"]",
            ),
        )
    "#]]
    .assert_debug_eq(&(&prose, line.last()));
}
