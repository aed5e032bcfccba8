//! PLAN062 citation-changed.

use super::{Context, Rule, citations_with_status};
use crate::citations::resolve::{Location, Status};
use crate::diagnostics::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    code: "PLAN062",
    name: "citation-changed",
    severity: Severity::Warning,
    summary: "cited code changed since it was anchored; review the claim",
    docs: "## What it does\nReports citations whose anchored symbol is still there but whose cited text differs from the text recorded in PLAN.lock. `plan build` points the citation at the symbol's current lines; the warning stays until the claim is reviewed and accepted with `plan build --accept`.\n\n## Why is this bad?\nThe claim describes code that has since changed. It may still be true, or it may now be wrong; only a reader can tell.\n\n## Example\nA claim that `Store::get` returns `None` for missing keys, after `get` was changed to panic. Use instead: update the claim, then `plan build --accept`.\n",
    section: None,
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (citation, location) in citations_with_status(context, Status::Changed) {
        let now = citation.resolution.location.as_ref().map(Location::key).unwrap_or_default();
        let moved = if now == citation.site.key() { String::new() } else { format!(" (it is now at {now})") };
        out.push(
            Diagnostic::new(
                "PLAN062",
                format!(
                    "the code cited by `{}` changed since it was anchored{moved}; review the claim",
                    citation.site.key()
                ),
                location,
            )
            .with_help("check the claim against the code, then run `plan build --accept`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_with_edit;

    #[test]
    fn fires_when_the_cited_symbol_changed() {
        check_with_edit(
            "PLAN062",
            "crates/queries/src/symbols.rs",
            |text| text.replace("x + 125", "x + 125 + 1"),
            expect_test::expect![[r#"
            PLAN062 warning 24:44 the code cited by `crates/queries/src/symbols.rs:120-130` changed since it was anchored; review the claim
        "#]],
        );
    }
}
