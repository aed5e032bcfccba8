//! PLAN070 revision-note-undated.

use super::{Context, Rule};
use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::plan::tracked::revision_notes;

pub(super) const RULE: Rule = Rule {
    code: "PLAN070",
    name: "revision-note-undated",
    severity: Severity::Warning,
    summary: "a revision note has no `YYYY-MM-DD` date",
    docs: "## What it does\nChecks that every item of the revision notes starts with a date, `YYYY-MM-DD: what changed and why`.\n\n## Why is this bad?\nThe living-document protocol dates every revision so that readers can tell what changed since they last reviewed; an undated note cannot be placed in that history.\n\n## Example\n```markdown\n- Split PR3 in two.\n```\nUse instead: `- 2026-11-21: Split PR3 in two after the spike.`\n",
    section: None,
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for note in revision_notes(context.db, context.plan) {
        if note.date.is_none() {
            out.push(
                Diagnostic::new(
                    "PLAN070",
                    "revision note has no `YYYY-MM-DD` date",
                    Location::Revisions(note.range.clone()),
                )
                .with_help("start it with the date: `2026-11-21: what changed and why`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undated_note() {
        check_mutation(
            "PLAN070",
            "- 2026-11-02: PR3 added to dogfood the plan.",
            "- PR3 added to dogfood the plan.",
            expect_test::expect![[r#"
            PLAN070 warning 5:1 revision note has no `YYYY-MM-DD` date
        "#]],
        );
    }
}
