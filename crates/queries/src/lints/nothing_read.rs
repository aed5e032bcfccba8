//! PLAN072 nothing-read.

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::{dag, pr_count};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN072",
        name: "nothing-read",
        severity: Severity::Warning,
        summary: "a section is present but none of its entities could be read: H with no PR, or no dependency at all between several PRs",
        docs: "## What it does\nReports a PR plan (section H) in which no PR heading was recognised, and a plan with several PRs and not one dependency between them (neither in section I nor in `Depends on` fields), showing the forms `plan` reads.\n\n## Why is this bad?\nEvery rule that looks at PRs, gates or the DAG would otherwise see nothing and say nothing: silence that looks like a clean plan. Usually the cause is a way of writing that `plan` does not read yet; the message shows the forms it reads.\n\n## Example\n```markdown\n## H) PR Plan\n\n### Change one: the parser\n```\nUse instead: `### PR0 — The parser` (also `PR-0`, `PR 0`, `PR #0`, with a prefix such as `Step 1 ·` or a badge).\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(heading) = section_heading(cx, SectionId::H) else { return };
    let count = pr_count(cx.db, cx.plan);
    if count == 0 {
        cx.report_in(&RULE, SectionId::H, heading, "section H has no PR that `plan` could read")
            .help("open each PR with a heading such as `### PR0 — Title` (or `PR-0`, `PR 0`, `PR #0`, `**PR0 — Title**`); fields follow as `**Field:** value` lines, `- Field: value` items or a `| Field | Value |` table");
        return;
    }
    if count >= 2 && dag(cx.db, cx.plan).edges.is_empty() {
        cx.report_in(
            &RULE,
            SectionId::H,
            heading,
            format!("the {count} PRs have no dependency between them that `plan` could read"),
        )
        .help("write `Depends on: PR0` in each PR, or edges in section I: `- PR0 -> PR1, PR2`, a mermaid `graph` with `PR0 --> PR1`, or a table with `PR` and `Depends on` columns");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_mutations, near_miss};

    #[test]
    fn fires_for_a_pr_plan_without_pr_headings() {
        check_mutations(
            &super::RULE,
            &[
                ("### PR0 — Parse plans into sections", "### First: parse plans into sections"),
                ("### PR1 — Check the rules", "### Second: check the rules"),
                ("### PR2 — DAG rules", "### Third: DAG rules"),
                ("### PR3 — Dogfood the plan", "### Fourth: dogfood the plan"),
            ],
            expect_test::expect![[r#"
                PLAN072 warning H+0:1 section H has no PR that `plan` could read
            "#]],
        );
    }

    #[test]
    fn fires_for_prs_without_any_dependency() {
        check_mutations(
            &super::RULE,
            &[
                ("- Depends on: PR0\n", ""),
                ("- Depends on: PR0, PR1\n", ""),
                ("- Depends on: PR2\n", ""),
                ("- PR0 -> PR1\n- PR0 -> PR2\n- PR1 -> PR2\n- PR2 -> PR3\n", ""),
            ],
            expect_test::expect![[r#"
                PLAN072 warning H+0:1 the 4 PRs have no dependency between them that `plan` could read
            "#]],
        );
    }

    #[test]
    fn a_pr_heading_with_a_prefix_and_a_badge_is_read() {
        near_miss(
            &super::RULE,
            &[
                (
                    "### PR0 — Parse plans into sections",
                    "### Step 1 · ✅ PR-0 — Parse plans into sections (merged)",
                ),
                ("- Status: merged\n", ""),
            ],
        );
    }
}
