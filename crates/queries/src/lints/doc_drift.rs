//! PLAN082 doc-drift.

use super::context::{Context, Lint};
use crate::diagnostics::{Location, Rule, Severity};
use crate::drift::docs::doc_drift;

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN082",
        name: "doc-drift",
        severity: Severity::Warning,
        summary: "README.md, CLAUDE.md, AGENTS.md or CONTRIBUTING.md names a path, a `plan` subcommand or a flag that does not exist",
        docs: "## What it does\nReads the repository's README.md, CLAUDE.md, AGENTS.md and CONTRIBUTING.md at the root and reports each path written in an inline code span that starts in a directory of the tree but names no file or directory (from the root, beside the doc, or as the end of any path of the tree; a `:LINE` suffix is ignored), and each `plan SUBCOMMAND` in a code span or in a shell code block that `plan` does not have, or a flag (`--format`, `-q`) that this subcommand and the global flags do not have (a shell line is read command by command, split at `|`, `&&` and `;`; values of global flags and environment assignments before `plan` are skipped). Other fenced code is skipped, and so are bare names (`plan.toml`), URLs, domains, `owner/repo` slugs, globs and paths under `.plan/`, `target/`, `node_modules/`.\n\n## Why is this bad?\nDocumentation that names a file that moved, or a command or flag that was renamed, misleads every new contributor and every agent that follows it.\n\n## Example\n```markdown\nThe rules live in `crates/queries/src/rules/`.\n```\nUse instead: the path as it is now, `crates/queries/src/lints/`.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let findings = doc_drift(cx.db);
    if findings.is_empty() {
        return;
    }
    let first_line = crate::line_index::first_line_end(cx.plan.text(cx.db));
    for finding in findings {
        cx.report(
            &RULE,
            Location::Document(0..first_line),
            format!("{}:{}: {}", finding.doc, finding.line, finding.message),
        )
        .help("correct the documentation, or write an example path outside a code span");
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_with_edit, near_miss_with_edit};

    #[test]
    fn fires_for_a_path_and_a_subcommand_that_do_not_exist() {
        check_with_edit(
            &super::RULE,
            "README.md",
            |old| {
                format!(
                    "{old}The rules are in `crates/queries/src/rules/`; run `plan lint`.\n```sh\nplan check --fix\n```\n"
                )
            },
            expect_test::expect![[r#"
                PLAN082 warning L1:1 README.md:4: `crates/queries/src/rules/` names no file or directory of the repository
                PLAN082 warning L1:1 README.md:4: `plan lint` names `plan lint`, which is no subcommand of `plan`
                PLAN082 warning L1:1 README.md:6: `plan check --fix` names `--fix`, which is no flag of `plan check`
            "#]],
        );
    }

    #[test]
    fn existing_paths_and_fenced_examples_are_fine() {
        near_miss_with_edit(&super::RULE, "README.md", |old| {
            format!(
                "{old}The engine is `crates/engine/`, see `crates/engine/src/db.rs:12`; run `plan check`.\n```sh\n$ plan -q check --format json && plan build --accept crates/engine/src/db.rs:12\n```\n```rust\nmod `src/example.rs`;\n```\n"
            )
        });
    }
}
