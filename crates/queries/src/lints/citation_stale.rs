//! PLAN061 citation-stale.

use super::context::{Context, Lint, citations_with_status};
use crate::citations::resolve::Status;
use crate::diagnostics::{Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN061",
        name: "citation-stale",
        severity: Severity::Error,
        summary: "cited code was removed; the claim is marked UNVERIFIED",
        docs: "## What it does\nReports citations whose anchored code (recorded in PLAN.lock at the last build) can no longer be found: not at the cited lines, not as the anchored symbol, not as the same text anywhere else. `plan build` keeps the citation and marks its claim `UNVERIFIED`, once.\n\n## Why is this bad?\nThe claim was grounded in code that no longer exists. Until someone checks it against the current code, later phases must not rely on it.\n\n## Example\nA claim citing `Walker::walk` after the walker was deleted. Use instead: cite the code that now does the job, or drop the claim.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for (citation, location) in citations_with_status(cx, Status::Stale) {
        let reason = citation.resolution.reason.clone().unwrap_or_default();
        cx.report(&RULE, location, format!("citation `{}` is stale: {reason}", citation.site.key()))
            .help("the claim is marked UNVERIFIED: re-ground it in the current code or remove it");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_with_edit;

    #[test]
    fn fires_when_the_cited_code_is_gone() {
        check_with_edit(
            &super::RULE,
            "crates/cli/src/args.rs",
            |_| "completely different\n".repeat(10),
            expect_test::expect![[r#"
                PLAN061 error B+6:40 citation `crates/cli/src/args.rs:7` is stale: the cited function `f7` and its text are gone
            "#]],
        );
    }

    #[test]
    fn the_cited_code_kept_among_changed_lines_is_fresh() {
        crate::lints::tests::near_miss_with_edit(&super::RULE, "crates/cli/src/args.rs", |text| {
            text.replace("// line", "// row")
        });
    }
}
