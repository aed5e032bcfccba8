//! Micro-plan fixtures read into their model, and the incrementality of one query per
//! micro-plan file.

use engine::Database;
use expect_test::expect;

use crate::plan::micro::query::micro_plan;

pub(crate) const IMPLEMENTATION: &str = include_str!("../../../fixtures/micro/implementation.md");
pub(crate) const TASK: &str = include_str!("../../../fixtures/micro/task.md");

fn summary(text: &str) -> String {
    let plan = super::read::read(text);
    let sections: Vec<String> = plan.sections.iter().map(|(index, _)| index.to_string()).collect();
    let criteria: Vec<String> =
        plan.criteria.iter().map(|criterion| format!("{:?} {}", criterion.checked, criterion.text)).collect();
    let commands: Vec<&str> = plan.validation.iter().map(|command| command.command.as_str()).collect();
    format!(
        "profile {:?} pr {:?}\nsections {}\ncriteria {:#?}\ntraced {:?}\nvalidate {:?}\nblock {:?}\n",
        plan.profile,
        plan.pr,
        sections.join(" "),
        criteria,
        plan.traced,
        commands,
        plan.block.map(|(name, _)| name),
    )
}

#[test]
fn the_implementation_fixture_is_read() {
    expect![[r#"
        profile Some("implementation") pr Some(2)
        sections 0 1 2 3 4 5 6
        criteria [
            "Some(false) BC-1: a plan with a cycle gets one PLAN040 naming it.",
            "Some(false) BC-2: the cycle's PRs are listed in merge order.",
        ]
        traced ["BC-1", "BC-2"]
        validate ["true"]
        block Some("Checker")
    "#]]
    .assert_eq(&summary(IMPLEMENTATION));
}

#[test]
fn the_task_fixture_is_read() {
    expect![[r#"
        profile Some("task") pr Some(1)
        sections 0 1 2 3 4 5 6
        criteria [
            "Some(true) BC-1 holds on the valid plan.",
            "Some(false) Clippy is clean.",
        ]
        traced ["BC-1"]
        validate ["true"]
        block None
    "#]]
    .assert_eq(&summary(TASK));
}

#[test]
fn a_marker_without_pr_and_no_marker_are_read() {
    expect![[r#"
        profile Some("task") pr None
        sections 
        criteria []
        traced []
        validate []
        block None
    "#]]
    .assert_eq(&summary("<!-- plan: task -->\n# x\n"));
    expect![[r#"
        profile None pr None
        sections 
        criteria []
        traced []
        validate []
        block None
    "#]]
    .assert_eq(&summary("# x\n\n- [ ] a\n"));
    expect![[r#"
        profile None pr None
        sections 
        criteria []
        traced []
        validate []
        block None
    "#]]
    .assert_eq(&summary("---\nprofile: task\n"));
}

#[test]
fn an_edit_of_one_micro_plan_re_runs_only_its_own_query() {
    let mut db = Database::with_event_log();
    let first = db.set_micro_plan("plans/pr2.md", IMPLEMENTATION);
    let second = db.set_micro_plan("plans/pr1.md", TASK);
    micro_plan(&db, first);
    micro_plan(&db, second);
    db.take_executed();
    db.set_micro_plan("plans/pr1.md", &TASK.replace("One module per rule", "One file per rule"));
    micro_plan(&db, first);
    micro_plan(&db, second);
    expect![[r#"
        [
            "micro_plan(plans/pr1.md)",
        ]
    "#]]
    .assert_debug_eq(&db.take_executed());
}
