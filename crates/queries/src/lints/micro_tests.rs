//! The harness of the micro-plan rules: the two valid micro-plans of `fixtures/micro/`
//! (PR2 `implementation`, PR1 `task`) mutated, checked against the valid macro plan.

use engine::Database;
use expect_test::Expect;

use crate::lints::context::Lint;
use crate::lints::tests::VALID_PLAN;
use crate::lints::{RuleLevels, check_micro_plan};

/// The micro-plan rules and their sources, for `every_rule_has_a_firing_and_a_near_miss_test`.
pub(crate) const SOURCES: [(&Lint, &str); 10] = [
    (&super::micro_unlinked::RULE, include_str!("micro_unlinked.rs")),
    (&super::micro_unknown_pr::RULE, include_str!("micro_unknown_pr.rs")),
    (&super::micro_section_missing::RULE, include_str!("micro_section_missing.rs")),
    (&super::micro_section_order::RULE, include_str!("micro_section_order.rs")),
    (&super::micro_item_missing::RULE, include_str!("micro_item_missing.rs")),
    (&super::micro_contract_untraced::RULE, include_str!("micro_contract_untraced.rs")),
    (&super::micro_criterion_not_checklist::RULE, include_str!("micro_criterion_not_checklist.rs")),
    (&super::micro_status_mismatch::RULE, include_str!("micro_status_mismatch.rs")),
    (&super::micro_edge_case_missing::RULE, include_str!("micro_edge_case_missing.rs")),
    (&super::micro_block_mismatch::RULE, include_str!("micro_block_mismatch.rs")),
];

const IMPLEMENTATION: &str = include_str!("../../fixtures/micro/implementation.md");
const TASK: &str = include_str!("../../fixtures/micro/task.md");

/// `line:column code severity message` per diagnostic of `micro` against the valid plan.
pub(crate) fn render_micro(micro: &str) -> String {
    let mut db = Database::in_memory();
    let macro_plan = db.set_plan("PLAN.md", VALID_PLAN);
    let file = db.set_micro_plan("plans/micro.md", micro);
    let lock = db.set_micro_lock("plans/micro.md", "");
    check_micro_plan(&db, file, macro_plan, lock, &RuleLevels::default())
        .iter()
        .map(|placed| {
            let rule = placed.diagnostic.rule;
            format!(
                "{} {} {}:{} {}\n",
                rule.code, placed.diagnostic.severity, placed.line, placed.column, placed.diagnostic.message
            )
        })
        .collect()
}

fn mutated(profile: &str, replacements: &[(&str, &str)]) -> String {
    let mut text = if profile == "task" { TASK } else { IMPLEMENTATION }.to_owned();
    for (from, to) in replacements {
        assert!(text.contains(from), "the {profile} micro-plan does not contain {from:?}");
        text = text.replacen(from, to, 1);
    }
    text
}

/// The `profile` fixture with `replacements` breaks exactly rule `lint`.
#[track_caller]
pub(crate) fn check_micro(
    lint: &'static Lint,
    profile: &str,
    replacements: &[(&str, &str)],
    expected: Expect,
) {
    let output = render_micro(&mutated(profile, replacements));
    let code = lint.rule.code;
    assert!(!output.is_empty(), "no diagnostic for {code}");
    for line in output.lines() {
        assert!(line.starts_with(code), "a mutation for {code} also broke another rule: {line}");
    }
    expected.assert_eq(&output);
}

/// The `profile` fixture with `replacements` stays clean.
#[track_caller]
pub(crate) fn near_miss_micro(lint: &'static Lint, profile: &str, replacements: &[(&str, &str)]) {
    assert_eq!(
        render_micro(&mutated(profile, replacements)),
        "",
        "the near miss of {} fired",
        lint.rule.code
    );
}

#[test]
fn the_valid_micro_plans_are_clean() {
    assert_eq!(render_micro(IMPLEMENTATION), "");
    assert_eq!(render_micro(TASK), "");
}

/// An edit of one micro-plan re-runs its own read and rules, not the other's nor the
/// macro plan's queries.
#[test]
fn an_edit_of_one_micro_plan_re_runs_only_its_own_rules() {
    let mut db = Database::with_event_log();
    let macro_plan = db.set_plan("PLAN.md", VALID_PLAN);
    let first = db.set_micro_plan("plans/pr2.md", IMPLEMENTATION);
    let second = db.set_micro_plan("plans/pr1.md", TASK);
    let locks = [db.set_micro_lock("plans/pr2.md", ""), db.set_micro_lock("plans/pr1.md", "")];
    for (file, lock) in [first, second].into_iter().zip(locks) {
        check_micro_plan(&db, file, macro_plan, lock, &RuleLevels::default());
    }
    db.take_executed();
    db.set_micro_plan("plans/pr1.md", &TASK.replace("One module per rule", "One file per rule"));
    for (file, lock) in [first, second].into_iter().zip(locks) {
        check_micro_plan(&db, file, macro_plan, lock, &RuleLevels::default());
    }
    // `micro_diagnostics` is keyed by both files (an interned id); the others by the file.
    let executed: Vec<String> =
        db.take_executed()
            .into_iter()
            .map(|entry| {
                if entry.starts_with("micro_diagnostics") {
                    "micro_diagnostics(..)".to_owned()
                } else {
                    entry
                }
            })
            .collect();
    expect_test::expect![[r#"
        [
            "micro_plan(plans/pr1.md)",
            "micro_diagnostics(..)",
            "micro_citations(plans/pr1.md)",
            "plan_parse(plans/pr1.md)",
            "plan_outline(plans/pr1.md)",
        ]
    "#]]
    .assert_debug_eq(&executed);
}
