//! PLAN070 revision-note-undated.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::tracked::revision_notes;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN070",
        name: "revision-note-undated",
        severity: Severity::Warning,
        summary: "a revision note has no `YYYY-MM-DD` date",
        docs: "## What it does\nChecks that every item of the revision notes starts with a date, `YYYY-MM-DD: what changed and why`.\n\n## Why is this bad?\nThe living-document protocol dates every revision so that readers can tell what changed since they last reviewed; an undated note cannot be placed in that history.\n\n## Example\n```markdown\n- Split PR3 in two.\n```\nUse instead: `- 2026-11-21: Split PR3 in two after the spike.`\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for note in revision_notes(cx.db, cx.plan) {
        if note.date.is_none() {
            cx.report(
                &RULE,
                Location::Revisions(note.range.clone()),
                "revision note has no `YYYY-MM-DD` date",
            )
            .help("start it with the date: `2026-11-21: what changed and why`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undated_note() {
        check_mutation(
            &super::RULE,
            "- 2026-11-02: PR3 added to dogfood the plan.",
            "- PR3 added to dogfood the plan.",
            expect_test::expect![[r#"
                PLAN070 warning L5:1 revision note has no `YYYY-MM-DD` date
            "#]],
        );
    }

    #[test]
    fn a_bold_date_is_a_date() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- 2026-11-02: PR3 added to dogfood the plan.",
                "- **2026-11-02**: PR3 added to dogfood the plan.",
            )],
        );
    }
}
