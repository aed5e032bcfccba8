//! PLAN064 uncited-claim.

use super::context::{Context, Lint};
use crate::diagnostics::{Rule, Severity};
use crate::plan::label::normalize_label;
use crate::plan::markdown::BlockKind;
use crate::plan::outline::SectionId;
use crate::plan::refs::citations_up_to;
use crate::plan::tracked::section_doc;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN064",
        name: "uncited-claim",
        severity: Severity::Error,
        summary: "a list item or table row under B's confirmed facts (or a micro-plan's existing code) has no citation and is not marked UNVERIFIED",
        docs: "## What it does\nChecks that every list item and table row of the repository recon (section B) carries a `file:line` citation or the word `UNVERIFIED`. Items under a label for inferences, uncertainties, assumptions or constraints (`Inferred`, `Open uncertainties`, `Architectural constraints`, `Constraints that must not be violated`) are exempt, and so is an item that says it is inferred (`(inferred) …`). In a micro-plan, the same holds for the items and rows under a heading or label about the code as it is (`Existing code`, `Current behaviour`, `Recon`, `Code the PR cites`).\n\n## Why is this bad?\nThe format's anti-hallucination rule: every behavioral claim about existing code cites `file:line`, or is marked UNVERIFIED and not relied on later.\n\n## Example\n```markdown\n- The walker skips hidden files.\n```\nUse instead: `- The walker skips hidden files (src/walk.rs:42).`\n",
    },
    section: Some(SectionId::B),
    check,
};

/// Words of a label whose items are not confirmed facts: inferences, uncertainties and the
/// constraints the seed asks B to name (requirements, not claims about existing code).
const EXEMPT: &[&str] = &[
    "inferred",
    "inference",
    "uncertain",
    "unknown",
    "do not know",
    "don t know",
    "not yet known",
    "unclear",
    "open question",
    "questions",
    "unverified",
    "assumption",
    "constraint",
    "must not be violated",
    "must hold",
    "hypothes",
    "to verify",
    "to be verified",
    "speculat",
];

/// Whether a label names a part of B whose items need no citation.
fn is_exempt(label: &str) -> bool {
    let label = normalize_label(label);
    EXEMPT.iter().any(|word| label.contains(word))
}

/// An item that says it is an inference: `(inferred) …`, `*Inferred:* …`, `Inference: …`.
fn says_inferred(text: &str) -> bool {
    let start: String = text
        .trim_start_matches(['(', '[', '*', '_', ' '])
        .chars()
        .take(12)
        .collect::<String>()
        .to_lowercase();
    start.starts_with("inferred") || start.starts_with("inference") || start.starts_with("assumption")
}

/// In a micro-plan: the items under a label about existing code (`plan/micro/claims.rs`).
fn check_micro(cx: &mut Context<'_>) {
    let text = cx.plan.text(cx.db);
    let blocks = crate::plan::markdown::blocks(text);
    for (short, range) in crate::plan::micro::claims::uncited_claims(text, &blocks) {
        cx.report(
            &RULE,
            crate::diagnostics::Location::Document(range),
            format!("claim `{short}` about existing code has no `file:line` citation"),
        )
        .help("cite the code (`path:LINE` or `path:START-END`), or mark it UNVERIFIED");
    }
}

fn check(cx: &mut Context<'_>) {
    if cx.macro_plan.is_some() {
        return check_micro(cx);
    }
    let Some(doc) = section_doc(cx.db, cx.plan, SectionId::B) else { return };
    // Exempt zones: (level or item depth, is item) of the label that opened them.
    let mut exempt_heading: Option<u8> = None;
    let mut exempt_item: Option<u16> = None;
    for block in doc.authored_blocks() {
        let label = block.label.as_deref().unwrap_or(&block.text);
        let is_exempt_label = is_exempt(label);
        match block.kind {
            BlockKind::Heading { level } => {
                if exempt_heading.is_some_and(|open| level <= open) || exempt_heading.is_none() {
                    exempt_heading = is_exempt_label.then_some(level);
                }
                exempt_item = None;
                continue;
            }
            BlockKind::Paragraph => {
                let is_label =
                    block.label.is_some() && block.after_label().is_empty() || block.text.ends_with(':');
                if is_label {
                    exempt_heading =
                        if is_exempt_label { Some(7) } else { exempt_heading.filter(|level| *level < 7) };
                }
                continue;
            }
            BlockKind::Item { depth, .. } => {
                if exempt_item.is_some_and(|open| depth <= open) {
                    exempt_item = None;
                }
                let is_label = block.after_label().is_empty() || block.text.trim_end().ends_with(':');
                if is_label {
                    if is_exempt_label && exempt_item.is_none() {
                        exempt_item = Some(depth);
                    }
                    continue;
                }
            }
            BlockKind::TableRow { header: false, .. } => {}
            _ => continue,
        }
        if exempt_heading.is_some() || exempt_item.is_some() || says_inferred(&block.text) {
            continue;
        }
        let source = doc.text.get(block.range.clone()).unwrap_or("");
        if citations_up_to(source, 1).is_empty() && !source.contains("UNVERIFIED") {
            let short: String = block.text.chars().take(60).collect();
            cx.report_in(&RULE, SectionId::B, block.range.clone(), format!("claim `{short}` has no `file:line` citation")).help("cite the code (`path:LINE` or `path:START-END`), mark it UNVERIFIED, or move it under `Inferred`");
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_uncited_fact() {
        check_mutation(
            &super::RULE,
            "- The CLI parses arguments with clap (`crates/cli/src/args.rs:7`).",
            "- The CLI parses arguments with clap.",
            expect_test::expect![[r#"
                PLAN064 error B+6:1 claim `The CLI parses arguments with clap.` has no `file:line` citation
            "#]],
        );
    }

    #[test]
    fn fires_for_an_uncited_claim_about_existing_code_in_a_micro_plan() {
        crate::lints::micro_tests::check_micro(
            &super::RULE,
            "implementation",
            &[(
                "The graph lives in `dag.rs`.\n",
                "Existing code:\n\n- The DAG is built in `dag.rs`. UNVERIFIED\n- Cycles are found by Tarjan's algorithm.\n",
            )],
            expect_test::expect![[r#"
                PLAN064 error 27:1 claim `Cycles are found by Tarjan's algorithm.` about existing code has no `file:line` citation
            "#]],
        );
    }

    #[test]
    fn a_micro_plans_unverified_claim_about_existing_code_needs_no_citation() {
        crate::lints::micro_tests::near_miss_micro(
            &super::RULE,
            "implementation",
            &[(
                "The graph lives in `dag.rs`.\n",
                "## Existing code\n\n- Cycles are found by Tarjan's algorithm. UNVERIFIED\n\n## New code\n\n- A cycle rule.\n",
            )],
        );
    }

    #[test]
    fn an_unverified_claim_needs_no_citation() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[(
                "- The CLI parses arguments with clap (`crates/cli/src/args.rs:7`).",
                "- The CLI parses arguments with clap. UNVERIFIED",
            )],
        );
    }
}
