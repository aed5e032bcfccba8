//! PLAN035 contract-changed-silently.

use std::collections::BTreeSet;

use super::{Context, Rule};
use crate::citations::lock_contents;
use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::plan::outline::SectionId;
use crate::plan::refs::pr_numbers;
use crate::plan::tracked::{prs, revision_notes};

pub(super) const RULE: Rule = Rule {
    code: "PLAN035",
    name: "contract-changed-silently",
    severity: Severity::Error,
    summary: "a contract's text differs from the one in the lock, and no revision note that the lock has not yet seen mentions that PR or contract id",
    docs: "## What it does\nCompares each PR's behavioral contracts (`BC-n: text`) with the texts recorded in PLAN.lock at the last build. A changed contract needs a new revision note (one the lock has not seen) that mentions the PR (`PR3`) or the contract id (`BC-2`). Until then `plan build` keeps the old text in the lock, so the error stays.\n\n## Why is this bad?\nThe living-document protocol: never silently change a PR's behavioral guarantees. Reviewers and downstream PRs rely on the contract as agreed; a change needs the old contract, the new one and the reason, dated.\n\n## Example\n`BC-1: builds are idempotent` edited to `BC-1: builds are mostly idempotent` with no note. Use instead: add `- 2026-11-21: PR2 BC-1 relaxed: … (was: builds are idempotent)`.\n",
    section: None,
    check,
};

/// The contracts whose change is not explained, as (PR, id).
pub(crate) fn unexplained_changes(context: &Context<'_>) -> Vec<(u32, String)> {
    let Some(lock) = context.lock else { return Vec::new() };
    let locked = lock_contents(context.db, lock);
    if locked.contracts.is_empty() {
        return Vec::new();
    }
    let new_notes: Vec<&str> = revision_notes(context.db, context.plan)
        .iter()
        .filter(|note| !locked.revisions.contains(&note_hash(&note.text)))
        .map(|note| note.text.as_str())
        .collect();
    let mut out = Vec::new();
    for pr in prs(context.db, context.plan) {
        for contract in &pr.contracts {
            let Some(old) = locked.contracts.get(&(pr.number, contract.id.clone())) else { continue };
            if same_text(old, &contract.text) {
                continue;
            }
            let explained = new_notes.iter().any(|note| {
                pr_numbers(note).contains(&pr.number)
                    || note
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .any(|word| word == contract.id)
            });
            if !explained {
                out.push((pr.number, contract.id.clone()));
            }
        }
    }
    out
}

/// The hash a revision note is recorded under in the lock.
pub(crate) fn note_hash(text: &str) -> u64 {
    crate::citations::lock::hash(text.split_whitespace().collect::<Vec<_>>().join(" ").as_bytes())
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

fn check(context: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let unexplained: BTreeSet<(u32, String)> = unexplained_changes(context).into_iter().collect();
    if unexplained.is_empty() {
        return;
    }
    let Some(lock) = context.lock else { return };
    let locked = lock_contents(context.db, lock);
    for pr in prs(context.db, context.plan) {
        for contract in &pr.contracts {
            if !unexplained.contains(&(pr.number, contract.id.clone())) {
                continue;
            }
            let old = locked.contracts.get(&(pr.number, contract.id.clone())).cloned().unwrap_or_default();
            out.push(
                Diagnostic::new(
                    "PLAN035",
                    format!("PR{} {} changed without a revision note (was: {old})", pr.number, contract.id),
                    Location::Section(SectionId::H, contract.range.clone()),
                )
                .with_help(format!(
                    "add a dated revision note mentioning PR{} or {}: the old contract, the new one and why",
                    pr.number, contract.id
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_after_build;

    #[test]
    fn fires_for_a_contract_changed_without_a_note() {
        check_after_build(
            "PLAN035",
            &[("  - BC-2: the cycle's PRs are listed in order.", "  - BC-2: the cycle's PRs are listed.")],
            expect_test::expect![[r#"
                PLAN035 error 185:3 PR2 BC-2 changed without a revision note (was: the cycle's PRs are listed in order.)
            "#]],
        );
    }

    #[test]
    fn a_new_revision_note_explains_the_change() {
        crate::lints::tests::check_after_build_clean(&[
            ("  - BC-2: the cycle's PRs are listed in order.", "  - BC-2: the cycle's PRs are listed."),
            (
                "- 2026-11-02: PR3 added to dogfood the plan.",
                "- 2026-11-02: PR3 added to dogfood the plan.\n- 2026-11-03: PR2 BC-2 no longer promises an order.",
            ),
        ]);
    }
}
