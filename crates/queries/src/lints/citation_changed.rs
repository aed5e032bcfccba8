//! PLAN062 citation-changed.

use super::context::{Context, Lint, citations_with_status};
use crate::citations::resolve::{Location, Status};
use crate::diagnostics::{Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN062",
        name: "citation-changed",
        severity: Severity::Warning,
        summary: "cited code changed since it was anchored; review the claim",
        docs: "## What it does\nReports citations whose anchored symbol is still there but whose cited text differs from the text recorded in PLAN.lock. `plan build` points the citation at the symbol's current lines; the warning stays until the claim is reviewed and accepted with `plan build --accept`.\n\n## Why is this bad?\nThe claim describes code that has since changed. It may still be true, or it may now be wrong; only a reader can tell.\n\n## Example\nA claim that `Store::get` returns `None` for missing keys, after `get` was changed to panic. Use instead: update the claim, then `plan build --accept`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for (citation, location) in citations_with_status(cx, Status::Changed) {
        let now = citation.resolution.location.as_ref().map(Location::key).unwrap_or_default();
        let moved = if now == citation.site.key() { String::new() } else { format!(" (it is now at {now})") };
        cx.report(
            &RULE,
            location,
            format!(
                "the code cited by `{}` changed since it was anchored{moved}; review the claim",
                citation.site.key()
            ),
        )
        .help("check the claim against the code, then run `plan build --accept`");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_with_edit;

    #[test]
    fn fires_when_the_cited_symbol_changed() {
        check_with_edit(
            &super::RULE,
            "crates/queries/src/symbols.rs",
            |text| text.replace("x + 125", "x + 125 + 1"),
            expect_test::expect![[r#"
                PLAN062 warning B+10:44 the code cited by `crates/queries/src/symbols.rs:120-130` changed since it was anchored; review the claim
            "#]],
        );
    }

    #[test]
    fn a_whitespace_edit_is_no_change() {
        crate::lints::tests::near_miss_with_edit(&super::RULE, "crates/queries/src/symbols.rs", |text| {
            text.replace("x + 125", "x  +  125")
        });
    }
}
