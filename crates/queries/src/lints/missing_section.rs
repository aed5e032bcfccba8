//! PLAN001 missing-section.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::markdown::BlockKind;
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
    let mut swallower = None;
    for id in SectionId::ALL {
        if outline.section(id).is_some() {
            continue;
        }
        let after_last = outline.sections.iter().all(|span| span.id < id);
        if after_last && let Some((range, what)) = swallower.get_or_insert_with(|| swallowed_by(text)) {
            cx.report(
                &RULE,
                Location::Document(range.clone()),
                format!(
                    "section {} ({}) is missing: the {what} opened here is never closed, and the rest of the plan, headings included, is read as part of it",
                    id.letter(),
                    id.name()
                ),
            )
            .help(if *what == "code fence" { "close the fence (```)" } else { "close the comment (-->)" });
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

/// The code fence or HTML comment that runs to the end of the plan, unclosed, over a line
/// that reads as a heading: its opening line, and which it is.
fn swallowed_by(text: &str) -> Option<(std::ops::Range<usize>, &'static str)> {
    // No fence, comment or indented code, nothing to look for: spares a second parse of
    // the whole plan (a third of the time of a 10 MB plan of nested list markers).
    if !["```", "~~~", "<!--", "    ", "\t"].iter().any(|marker| text.contains(marker)) {
        return None;
    }
    let end = text.trim_end().len();
    crate::plan::markdown::blocks(text).into_iter().find_map(|block| {
        let source = text.get(block.range.clone())?;
        let what = match block.kind {
            BlockKind::Code if block.range.end >= end && !closes_fence(source) => "code fence",
            BlockKind::Html if source.trim_start().starts_with("<!--") && !source.contains("-->") => {
                "HTML comment"
            }
            _ => return None,
        };
        let mut lines = source.lines();
        let opening = lines.next()?;
        lines.any(|line| line.trim_start().starts_with('#')).then(|| {
            let start = block.range.start;
            (start..start + opening.trim_end().len(), what)
        })
    })
}

/// Whether a fenced code block's text ends with its closing fence.
fn closes_fence(source: &str) -> bool {
    let opening = source.trim_start();
    let fence: String = opening.chars().take_while(|c| matches!(c, '`' | '~')).collect();
    if fence.len() < 3 {
        return true; // an indented code block ends by itself
    }
    let mut lines = source.trim_end().lines();
    lines.next();
    lines.next_back().is_some_and(|last| last.trim().starts_with(fence.as_str()))
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

    /// A fence never closed swallows the sections after it: the diagnostics name the fence
    /// at its opening line (they pointed at the end of the plan).
    #[test]
    fn an_unclosed_fence_is_named_at_its_opening() {
        check_mutation(
            &super::RULE,
            "## J) Design Bug Prevention Checklist",
            "```text\n## J) Design Bug Prevention Checklist",
            expect_test::expect![[r#"
                PLAN001 error I+9:1 section J (Design Bug Prevention Checklist) is missing: the code fence opened here is never closed, and the rest of the plan, headings included, is read as part of it
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
