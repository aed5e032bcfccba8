//! PLAN060 citation-invalid.

use super::{Context, Rule, citations_with_status};
use crate::citations::resolve::Status;
use crate::diagnostics::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    code: "PLAN060",
    name: "citation-invalid",
    severity: Severity::Error,
    summary: "a citation names a missing file, a path outside the root, or lines out of range",
    docs: "## What it does\nResolves every `path:LINE`, `path:START-END` and `path#LSTART-LEND` citation of the plan against the repository and reports those that can never resolve: no such file, a directory, a binary or oversized file, an absolute path or one leaving the root (including through a symbolic link), line 0, a start after the end, lines past the end of the file.\n\n## Why is this bad?\nA citation is the plan's proof that a claim is grounded in code. One that points nowhere proves nothing, and readers who follow it lose trust in every other one.\n\n## Example\n```markdown\n- The walker skips hidden files (`src/walk.rs:0`).\n```\nUse instead: `src/walk.rs:42`, a line that exists. Nothing outside the repository root is ever read.\n",
    section: None,
    check,
};

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (citation, location) in citations_with_status(context, Status::Invalid) {
        let reason = citation.resolution.reason.clone().unwrap_or_default();
        out.push(
            Diagnostic::new(
                "PLAN060",
                format!("citation `{}` is invalid: {reason}", citation.site.key()),
                location,
            )
            .with_help("cite a file of the repository with lines that exist, relative to the root"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutation;

    #[test]
    fn fires_for_a_missing_file() {
        check_mutation(
            "PLAN060",
            "(`crates/cli/src/args.rs:7`)",
            "(`crates/cli/src/argz.rs:7`)",
            expect_test::expect![[r#"
            PLAN060 error 20:40 citation `crates/cli/src/argz.rs:7` is invalid: crates/cli/src/argz.rs does not exist
        "#]],
        );
    }
}
