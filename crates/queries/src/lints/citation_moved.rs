//! PLAN063 citation-moved.

use super::{Context, Rule, citations_with_status};
use crate::citations::resolve::{Location, Status};
use crate::diagnostics::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    code: "PLAN063",
    name: "citation-moved",
    severity: Severity::Note,
    summary: "cited code moved; `plan build` rewrote the location",
    docs: "## What it does\nReports citations whose anchored code is unchanged but now lives at other lines or in another file (a renamed file, a function moved into another module). `plan build` rewrites the citation in place, keeping its written form.\n\n## Why is this bad?\nIt is not: this note says what `plan build` did, or would do under `--check`.\n\n## Example\n`src/walk.rs:42` after ten lines were added above the function becomes `src/walk.rs:52`.\n",
    section: None,
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (citation, location) in citations_with_status(context, Status::Moved) {
        let now = citation.resolution.location.as_ref().map(Location::key).unwrap_or_default();
        out.push(Diagnostic::new(
            "PLAN063",
            format!("the code cited by `{}` moved to {now}", citation.site.key()),
            location,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_with_edit;

    #[test]
    fn fires_when_the_cited_code_moved() {
        check_with_edit(
            "PLAN063",
            "crates/cli/src/args.rs",
            |text| format!("// one\n// two\n{text}"),
            expect_test::expect![[r#"
            PLAN063 note 20:40 the code cited by `crates/cli/src/args.rs:7` moved to crates/cli/src/args.rs:9
        "#]],
        );
    }
}
