//! Whole-plan tests: plans written in visibly different styles parse to the same model,
//! bad input never panics, and edits re-execute only what they affect.

use engine::{Database, PlanFile};

use crate::lints::{RuleLevels, check_plan};
use crate::plan::series::{dag, prs};
use crate::plan::tracked::{concept_model, cross_cutting, objectives, revision_notes, risk_register};

mod corpus;
mod families;
mod generated;
mod series;
mod styles;

const VALID: &str = include_str!("../../fixtures/plans/valid.md");
const STYLE_HEADINGS: &str = include_str!("../../fixtures/plans/style-headings.md");
const STYLE_BOLD: &str = include_str!("../../fixtures/plans/style-bold.md");

fn load(text: &str) -> (Database, PlanFile) {
    let mut db = Database::in_memory();
    let plan = db.set_plan("PLAN.md", text);
    db.set_lock("");
    (db, plan)
}

/// A database with the plan, the files it cites and an empty lock, for checks.
fn load_checked(text: &str) -> (Database, PlanFile, engine::LockFile) {
    crate::lints::tests::fixture(text)
}

/// The structure of a plan's model, without prose.
fn model_summary(text: &str) -> String {
    let (db, plan) = load(text);
    let mut out = String::new();
    let objectives = objectives(&db, plan);
    out.push_str(&format!(
        "objectives: {}, non-goals: {}\n",
        objectives.objectives.len(),
        objectives.non_goals.len()
    ));
    let model = concept_model(&db, plan);
    for block in &model.blocks {
        out.push_str(&format!("block {} owns {:?} paths {:?}\n", block.name, block.owns, block.paths));
    }
    for interaction in &model.interactions {
        out.push_str(&format!("interaction {} -> {}\n", interaction.from, interaction.to));
    }
    out.push_str(&format!("externals {:?}\n", model.externals));
    let invariants: Vec<_> = model.invariants.iter().map(|invariant| invariant.id.clone()).collect();
    out.push_str(&format!("invariants {invariants:?}\n"));
    for point in &model.extension_points {
        out.push_str(&format!(
            "extension {} default={} first={:?}\n",
            point.name,
            point.default.is_some(),
            point.first_non_default
        ));
    }
    for entry in &model.state {
        out.push_str(&format!(
            "state {} owners {:?} justified={}\n",
            entry.state,
            entry.owners,
            entry.justification.is_some()
        ));
    }
    for risk in &risk_register(&db, plan).risks {
        out.push_str(&format!(
            "risk {} cost={} gate={:?} validation={:?} success={} abort={}\n",
            risk.decision,
            risk.cost,
            risk.gate_pr,
            risk.validation_pr,
            risk.success_criteria.is_some(),
            risk.abort_plan.is_some()
        ));
    }
    let assigned = cross_cutting(&db, plan)
        .iter()
        .filter(|item| !item.prs.is_empty() || item.no_pr_reason.is_some())
        .count();
    out.push_str(&format!("cross-cutting items assigned: {assigned}\n"));
    for pr in prs(&db, plan) {
        let fields = pr.missing_fields();
        let contracts: Vec<&str> = pr.contracts.iter().map(|contract| contract.id.as_str()).collect();
        out.push_str(&format!(
            "PR{} {:?} missing {fields:?} contracts {contracts:?} depends {:?} status {:?}\n",
            pr.number, pr.title, pr.depends_on, pr.status
        ));
    }
    let graph = dag(&db, plan);
    out.push_str(&format!("edges {:?}\n", graph.edges));
    let dated = revision_notes(&db, plan).iter().filter(|note| note.date.is_some()).count();
    out.push_str(&format!("dated revision notes: {dated}\n"));
    out
}

#[test]
fn three_styles_parse_to_the_same_model() {
    let reference = model_summary(VALID);
    expect_test::expect![[r#"
        objectives: 3, non-goals: 2
        block Engine owns ["Salsa inputs"] paths ["crates/engine/**"]
        block Queries owns [] paths ["crates/queries/src/plan/**"]
        block Checker owns [] paths []
        block Cli owns [] paths []
        interaction User -> Cli
        interaction Cli -> Engine
        interaction Engine -> Queries
        interaction Queries -> Checker
        interaction Checker -> Cli
        externals ["User"]
        invariants [Some("INV-1"), Some("INV-2")]
        extension Language default=true first=Some("PR2")
        state Salsa inputs owners ["Engine"] justified=true
        state Rule levels owners ["Checker"] justified=true
        risk Per-section queries cost=4 gate=Some(1) validation=Some(1) success=true abort=true
        risk petgraph for the DAG cost=1 gate=Some(2) validation=Some(2) success=false abort=false
        cross-cutting items assigned: 6
        PR0 "Parse plans into sections" missing [] contracts ["BC-1"] depends Some([]) status Some("merged")
        PR1 "Check the rules" missing [] contracts ["BC-1"] depends Some([0]) status Some("in progress")
        PR2 "DAG rules" missing [] contracts ["BC-1", "BC-2"] depends Some([0, 1]) status Some("planned")
        PR3 "Dogfood the plan" missing [] contracts ["BC-1"] depends Some([2]) status Some("planned")
        edges [(0, 1), (0, 2), (1, 2), (2, 3)]
        dated revision notes: 2
    "#]]
    .assert_eq(&reference);
    for (name, text) in [("style-headings", STYLE_HEADINGS), ("style-bold", STYLE_BOLD)] {
        let summary = model_summary(text);
        assert_eq!(summary, reference, "{name} parses to a different model");
    }
}

#[test]
fn every_style_checks_clean() {
    for (name, text) in [("valid", VALID), ("style-headings", STYLE_HEADINGS), ("style-bold", STYLE_BOLD)] {
        let (db, plan, lock) = load_checked(text);
        let diagnostics: Vec<String> = check_plan(&db, plan, lock, &RuleLevels::default())
            .iter()
            .map(|placed| {
                format!(
                    "{} {}:{} {}",
                    placed.diagnostic.rule.code, placed.line, placed.column, placed.diagnostic.message
                )
            })
            .collect();
        assert_eq!(diagnostics, Vec::<String>::new(), "{name}");
    }
}

mod incremental {
    use engine::Database;
    use salsa::plumbing::AsId;

    use crate::plan::outline::SectionId;
    use crate::plan::tracked::SectionKey;

    use super::VALID;
    use crate::lints::{RuleLevels, check_plan};

    fn edited(from: &str, to: &str) -> String {
        assert!(VALID.contains(from));
        VALID.replacen(from, to, 1)
    }

    /// Runs a full check, edits the plan, checks again, and returns what re-executed (the
    /// per-section projections of the text and the parse, which run on every edit and
    /// backdate, left out).
    fn re_executed_after(text: &str) -> Vec<String> {
        let mut db = Database::with_event_log();
        db.set_files(crate::lints::tests::cited_files(VALID).into_iter().map(|(path, content)| {
            (engine::RelPath::new(&path).unwrap(), engine::FileContents::Text(content.into()))
        }));
        db.set_plan("PLAN.md", VALID);
        let lock = db.set_lock("");
        let plan = db.plan().unwrap();
        check_plan(&db, plan, lock, &RuleLevels::default());
        db.take_executed();
        db.set_plan("PLAN.md", text);
        check_plan(&db, plan, lock, &RuleLevels::default());
        // Name the interned section keys by their letters.
        let keys: Vec<(String, char)> = SectionId::ALL
            .into_iter()
            .map(|id| (format!("({:?})", SectionKey::new(&db, plan, id).as_id()), id.letter()))
            .collect();
        let plan_id = format!("({:?})", plan.as_id());
        let mut executed: Vec<String> = db
            .take_executed()
            .into_iter()
            .filter(|query| !query.starts_with("section_text") && !query.starts_with("section_doc_query"))
            .map(|query| {
                let mut query = query.replace(&plan_id, "");
                for (id, letter) in &keys {
                    query = query.replace(id.as_str(), &format!("[{letter}]"));
                }
                query
            })
            .collect();
        executed.sort();
        executed
    }

    #[test]
    fn prose_edited_in_h_re_executes_h_and_the_dag_only() {
        let text = edited(
            "- Motivation: the rules make the format enforceable.",
            "- Motivation: the rules make the seed's format enforceable, line by line.",
        );
        expect_test::expect![[r#"
            [
                "document_diagnostics(Id(200))",
                "plan_outline",
                "plan_parse",
                "pr(Id(481))",
                "pr_block_change(Id(481))",
                "pr_diagnostics(Id(481))",
                "pr_links(Id(481))",
                "pr_list",
                "pr_split",
                "revision_notes",
                "section_citations_query[H]",
                "section_diagnostics_query[H]",
            ]
        "#]]
        .assert_debug_eq(&re_executed_after(&text));
    }

    #[test]
    fn prose_edited_in_d_does_not_re_run_the_pr_rules() {
        let text = edited(
            "derives sections, models and diagnostics from the inputs.",
            "derives the sections, the models and the diagnostics from the inputs.",
        );
        expect_test::expect![[r#"
            [
                "block_arrows",
                "block_names",
                "block_paths",
                "concept_model",
                "document_diagnostics(Id(200))",
                "drift_diagnostics",
                "lint_diagnostics(Id(580))",
                "lint_diagnostics(Id(582))",
                "lint_diagnostics(Id(583))",
                "lint_diagnostics(Id(584))",
                "lint_diagnostics(Id(585))",
                "plan_outline",
                "plan_parse",
                "revision_notes",
                "section_citations_query[D]",
                "section_diagnostics_query[D]",
            ]
        "#]]
        .assert_debug_eq(&re_executed_after(&text));
    }
}

mod bad_input {
    use super::load_checked;
    use crate::lints::{RuleLevels, check_plan};
    use crate::plan::series::{dag, prs};
    use crate::plan::synthetic::plan_with_prs;

    fn codes(text: &str) -> Vec<&'static str> {
        let (db, plan, lock) = load_checked(text);
        let mut codes: Vec<&'static str> = check_plan(&db, plan, lock, &RuleLevels::default())
            .iter()
            .map(|placed| placed.diagnostic.rule.code)
            .collect();
        codes.dedup();
        codes
    }

    #[test]
    fn an_empty_plan_reports_every_missing_section() {
        assert_eq!(codes("").len(), 1);
        let (db, plan, lock) = load_checked("");
        assert_eq!(check_plan(&db, plan, lock, &RuleLevels::default()).len(), 10);
    }

    #[test]
    fn random_text_does_not_panic() {
        // A deterministic pseudo-random sequence of characters, Markdown syntax included.
        let alphabet: Vec<char> = "#*-|>`[]()!_~:\n\t ab1PR→é😀<!-->".chars().collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..50 {
            let text: String = (0..4000)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            let _ = codes(&text);
        }
    }

    #[test]
    fn a_twenty_megabyte_plan_is_checked() {
        let paragraph = "Some prose about the design, repeated to make a large document. PR1 -> PR2.\n\n";
        let text = format!(
            "## A) Executive Summary\n\n{}",
            paragraph.repeat(20 * 1024 * 1024 / paragraph.len() + 1)
        );
        assert!(text.len() >= 20 * 1024 * 1024);
        assert!(codes(&text).contains(&"PLAN003"));
    }

    #[test]
    fn a_thousand_prs_and_a_planted_cycle() {
        let (db, plan, lock) = load_checked(&plan_with_prs(1000, None));
        assert_eq!(prs(&db, plan).len(), 1000);
        assert!(dag(&db, plan).cycles.is_empty());
        assert_eq!(dag(&db, plan).merge_order.len(), 1000);
        assert_eq!(check_plan(&db, plan, lock, &RuleLevels::default()).len(), 0);

        let (db, plan, lock) = load_checked(&plan_with_prs(50, Some(&[20, 21, 22, 23])));
        assert_eq!(dag(&db, plan).cycles, [vec![20, 21, 22, 23]]);
        let diagnostics = check_plan(&db, plan, lock, &RuleLevels::default());
        let messages: Vec<&str> =
            diagnostics.iter().map(|placed| placed.diagnostic.message.as_str()).collect();
        assert_eq!(messages, ["the PR dependencies contain a cycle: PR20 → PR21 → PR22 → PR23 → PR20"]);
    }

    #[test]
    fn headings_nested_a_hundred_levels_deep_in_lists() {
        let mut text = String::from("## H) PR Plan\n\n");
        for depth in 0..100 {
            text.push_str(&"  ".repeat(depth));
            text.push_str(&format!("- item {depth}\n"));
            text.push_str(&"  ".repeat(depth + 1));
            text.push_str(&format!("### PR{depth} nested\n"));
        }
        let _ = codes(&text);
        let nested: String =
            (0..100).map(|depth| format!("{}- ## heading {depth}\n", "> ".repeat(depth))).collect();
        let _ = codes(&nested);
    }

    #[test]
    fn ragged_tables_and_empty_prs_get_diagnostics() {
        let text = "## E) Architectural Risk Register\n\n| Decision | Gate |\n|---|---|\n| a | Before PR9 | extra | cells |\n| b |\n\n## H) PR Plan\n\n### PR0\n### PR1 — Title\n";
        let found = codes(text);
        assert!(found.contains(&"PLAN020"), "{found:?}");
        assert!(found.contains(&"PLAN022"), "{found:?}");
        assert!(found.contains(&"PLAN032"), "{found:?}");
    }
}
