//! PLAN001 missing-section.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::tracked::plan_outline;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN001",
        name: "missing-section",
        severity: Severity::Error,
        summary: "a section A–J is absent",
        docs: "## What it does\nChecks that the plan has all ten sections of the format, A (Executive Summary) to J (Design Bug Prevention Checklist).\n\n## Why is this bad?\nReviewers read the core sections (A, C, D and the Tier 1 summaries of H) and consult the rest on demand; a missing section leaves a hole the format promises is filled.\n\n## Example\n```markdown\n## A) Executive Summary\n## B) Repository Recon Summary\n## D) Concept Model\n```\nUse instead: add `## C) High-Level Objectives + Non-Goals` between B and D.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let outline = plan_outline(cx.db, cx.plan);
    let text = cx.plan.text(cx.db);
    for id in SectionId::ALL {
        if outline.section(id).is_some() {
            continue;
        }
        // Point where the section belongs: the next section present, else the end.
        let at = outline
            .sections
            .iter()
            .filter(|span| span.id > id)
            .map(|span| span.heading_range.clone())
            .min_by_key(|range| range.start)
            .unwrap_or_else(|| {
                let last_line = text.trim_end().rfind(['\n', '\r']).map_or(0, |position| position + 1);
                last_line..text.trim_end().len()
            });
        cx.report(
            &RULE,
            Location::Document(at),
            format!("section {} ({}) is missing", id.letter(), id.name()),
        )
        .help(format!("add a heading `## {}) {}`", id.letter(), id.name()));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_absent_section() {
        check_mutation(
            &super::RULE,
            "## F) Architectural Evolution",
            "## Appendix: how we get there",
            expect_test::expect![[r#"
                PLAN001 error G+0:1 section F (Architectural Evolution) is missing
            "#]],
        );
    }

    #[test]
    fn a_heading_without_its_letter_is_found() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("## F) Architectural Evolution", "## Architectural Evolution")],
        );
    }
}
