//! PLAN002 section-order.

use std::collections::BTreeMap;

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::line_index::line_column;
use crate::plan::outline::SectionId;
use crate::plan::tracked::plan_outline;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN002",
        name: "section-order",
        severity: Severity::Warning,
        summary: "sections out of A–J order, one appears twice, or a section's letter contradicts its name",
        docs: "## What it does\nChecks that sections appear once each, in the order A to J, and that a heading's label letter matches the section it names.\n\n## Why is this bad?\nThe format is read in order: objectives before the concept model, the risk register before the PRs it gates. A duplicated section splits what should be read together, and a wrong letter sends readers to the wrong place.\n\n## Example\n```markdown\n## D) Architectural Risk Register\n```\nUse instead: `## E) Architectural Risk Register`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let outline = plan_outline(cx.db, cx.plan);
    let text = cx.plan.text(cx.db);
    let mut first_seen: BTreeMap<SectionId, usize> = BTreeMap::new();
    let mut latest: Option<SectionId> = None;
    for span in &outline.repeated {
        let at = Location::Document(
            span.heading_range.start..span.heading_range.end.saturating_sub(1).max(span.heading_range.start),
        );
        cx.report(
            &RULE,
            at,
            format!(
                "section {} ({}) is given twice in a row; both parts are read as one section",
                span.id.letter(),
                span.id.name()
            ),
        )
        .help("remove the second heading");
    }
    for span in &outline.sections {
        let at = Location::Document(
            span.heading_range.start..span.heading_range.end.saturating_sub(1).max(span.heading_range.start),
        );
        if let Some(&first) = first_seen.get(&span.id) {
            let (line, _) = line_column(text, first);
            cx.report(
                &RULE,
                at.clone(),
                format!(
                    "section {} ({}) appears twice; only the first, at line {line}, is read",
                    span.id.letter(),
                    span.id.name()
                ),
            )
            .help("merge the two into one section: what is written here is not checked");
            continue;
        }
        first_seen.insert(span.id, span.range.start);
        if let Some(previous) = latest
            && span.id < previous
        {
            cx.report(
                &RULE,
                at.clone(),
                format!(
                    "section {} ({}) comes after section {}",
                    span.id.letter(),
                    span.id.name(),
                    previous.letter()
                ),
            )
            .help("sections go in the order A to J");
        }
        latest = Some(latest.map_or(span.id, |previous| previous.max(span.id)));
        if let Some(letter) = span.letter
            && span.named
            && SectionId::from_letter(letter) != Some(span.id)
        {
            cx.report(
                &RULE,
                at,
                format!(
                    "heading is labelled {letter} but names section {} ({})",
                    span.id.letter(),
                    span.id.name()
                ),
            )
            .help(format!("label it `{})`", span.id.letter()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_letter_that_contradicts_the_name() {
        check_mutation(
            &super::RULE,
            "## E) Architectural Risk Register",
            "## K) Architectural Risk Register",
            expect_test::expect![[r#"
                PLAN002 warning E+0:1 heading is labelled K but names section E (Architectural Risk Register)
            "#]],
        );
    }

    #[test]
    fn another_label_style_in_order_is_fine() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("## E) Architectural Risk Register", "## E. Architectural Risk Register")],
        );
    }
}
