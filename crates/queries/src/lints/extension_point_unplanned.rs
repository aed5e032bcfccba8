//! PLAN011 extension-point-unplanned.

use super::context::{Context, Lint, defined_prs};
use crate::diagnostics::{Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::refs::pr_numbers;
use crate::plan::tracked::concept_model;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN011",
        name: "extension-point-unplanned",
        severity: Severity::Error,
        summary: "no PR is named as an extension point's first non-default implementation, or that PR does not exist",
        docs: "## What it does\nChecks that every extension point names the PR that brings its first non-default implementation (`First non-default: PR4`), and that H defines that PR.\n\n## Why is this bad?\nThe format: no extension point without a concrete non-default implementation planned. Otherwise it is premature generalization.\n\n## Example\n```markdown\n- **Exporter** — writes reports.\n  - Default: Markdown\n```\nUse instead: add `First non-default: PR5` (and plan PR5).\n",
    },
    section: Some(SectionId::D),
    check,
};

fn check(cx: &mut Context<'_>) {
    let defined = defined_prs(cx);
    for point in &concept_model(cx.db, cx.plan).extension_points {
        let named = point.first_non_default.as_deref().map(pr_numbers).unwrap_or_default();
        match named.first() {
            None => cx.report_in(&RULE, SectionId::D, point.range.clone(), format!("extension point `{}` names no PR for its first non-default implementation", point.name)).help("add `First non-default: PRn`"),
            Some(pr) if !defined.is_empty() && !defined.contains(pr) => cx.report_in(&RULE, SectionId::D, point.range.clone(), format!("extension point `{}` is first implemented in PR{pr}, which section H does not define", point.name)).help("name a PR of the PR plan"),
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_an_undefined_pr() {
        check_mutation(
            &super::RULE,
            "  - First non-default: PR2",
            "  - First non-default: PR9",
            expect_test::expect![[r#"
                PLAN011 error D+28:1 extension point `Language` is first implemented in PR9, which section H does not define
            "#]],
        );
    }

    #[test]
    fn the_last_pr_may_implement_it() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("  - First non-default: PR2", "  - First non-default: PR3")],
        );
    }
}
