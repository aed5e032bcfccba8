//! PLAN063 citation-moved.

use super::context::{Context, Lint, citations_with_status};
use crate::citations::resolve::{Location, Status};
use crate::diagnostics::{Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN063",
        name: "citation-moved",
        severity: Severity::Note,
        summary: "cited code moved; `plan build` rewrote the location",
        docs: "## What it does\nReports citations whose anchored code is unchanged but now lives at other lines or in another file (a renamed file, a function moved into another module). `plan build` rewrites the citation in place, keeping its written form.\n\n## Why is this bad?\nIt is not: this note says what `plan build` did, or would do under `--check`.\n\n## Example\n`src/walk.rs:42` after ten lines were added above the function becomes `src/walk.rs:52`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for (citation, location) in citations_with_status(cx, Status::Moved) {
        let now = citation.resolution.location.as_ref().map(Location::key).unwrap_or_default();
        cx.report(&RULE, location, format!("the code cited by `{}` moved to {now}", citation.site.key()));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_with_edit;

    #[test]
    fn fires_when_the_cited_code_moved() {
        check_with_edit(
            &super::RULE,
            "crates/cli/src/args.rs",
            |text| format!("// one\n// two\n{text}"),
            expect_test::expect![[r#"
                PLAN063 note B+6:40 the code cited by `crates/cli/src/args.rs:7` moved to crates/cli/src/args.rs:9
            "#]],
        );
    }

    #[test]
    fn lines_added_after_the_cited_code_move_nothing() {
        crate::lints::tests::near_miss_with_edit(&super::RULE, "crates/cli/src/args.rs", |text| {
            format!("{text}// appended\n")
        });
    }
}
