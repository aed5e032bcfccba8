//! PLAN060 citation-invalid.

use super::context::{Context, Lint, citations_with_status};
use crate::citations::resolve::Status;
use crate::diagnostics::{Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN060",
        name: "citation-invalid",
        severity: Severity::Error,
        summary: "a citation names a missing file, a path outside the root, or lines out of range",
        docs: "## What it does\nResolves every `path:LINE`, `path:START-END` and `path#LSTART-LEND` citation of the plan against the repository and reports those that can never resolve: no such file, a directory, a binary or oversized file, an absolute path or one leaving the root (including through a symbolic link), line 0, a start after the end, lines past the end of the file.\n\n## Why is this bad?\nA citation is the plan's proof that a claim is grounded in code. One that points nowhere proves nothing, and readers who follow it lose trust in every other one.\n\n## Example\n```markdown\n- The walker skips hidden files (`src/walk.rs:0`).\n```\nUse instead: `src/walk.rs:42`, a line that exists. Nothing outside the repository root is ever read.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    for (citation, location) in citations_with_status(cx, Status::Invalid) {
        let reason = citation.resolution.reason.clone().unwrap_or_default();
        cx.report(&RULE, location, format!("citation `{}` is invalid: {reason}", citation.site.key()))
            .help("cite a file of the repository with lines that exist, relative to the root");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_missing_file() {
        check_mutation(
            &super::RULE,
            "(`crates/cli/src/args.rs:7`)",
            "(`crates/cli/src/argz.rs:7`)",
            expect_test::expect![[r#"
                PLAN060 error B+6:40 citation `crates/cli/src/argz.rs:7` is invalid: crates/cli/src/argz.rs does not exist
            "#]],
        );
    }

    #[test]
    fn the_last_line_of_a_file_is_citable() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("(`crates/cli/src/args.rs:7`)", "(`crates/cli/src/args.rs:27`)")],
        );
    }
}
