//! PLAN078 lock-unreadable.

use super::context::{Context, Lint};
use crate::citations::lock::lock_name;
use crate::citations::lock_contents;
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN078",
        name: "lock-unreadable",
        severity: Severity::Warning,
        summary: "PLAN.lock has lines that cannot be read, or is not a lock of this plan",
        docs: "## What it does\nWarns when lines of the lock file (`PLAN.lock` beside `PLAN.md`) cannot be read, naming each line, and when the file as a whole is not a lock `plan` wrote (no `plan-lock 1` line, another format, or mostly unreadable).\n\n## Why is this bad?\nAn unreadable line anchors nothing, so its citation is anchored again where it points now. A file that is not a lock of this plan is ignored whole: used, its anchors would mark claims stale that are not. Either way the next `plan build` writes a good lock.\n\n## Example\nA merge conflict left `<<<<<<<` lines in PLAN.lock. Use instead: resolve the conflict (or delete the lock) and run `plan build`.\n",
    },
    section: None,
    check,
};

/// Unreadable lines named one by one up to this many; the rest are counted.
const LISTED: usize = 10;

fn check(cx: &mut Context<'_>) {
    let Some(lock_file) = cx.lock else { return };
    let lock = lock_contents(cx.db, lock_file);
    let name = lock_name(cx.plan.path(cx.db));
    let first_line = crate::line_index::first_line_end(cx.plan.text(cx.db));
    let help = "run `plan build` to rewrite the lock (resolve any merge conflict in it first)";
    if let Some(reason) = &lock.foreign {
        cx.report(
            &RULE,
            Location::Document(0..first_line),
            format!("{name} is not a lock of this plan ({reason}); it is ignored, and citations are anchored where they point now"),
        )
        .help(help);
        return;
    }
    for line in lock.malformed.iter().take(LISTED) {
        cx.report(
            &RULE,
            Location::Document(0..first_line),
            format!("{name} line {line} cannot be read; it is ignored"),
        )
        .help(help);
    }
    if lock.malformed.len() > LISTED {
        let more = lock.malformed.len() - LISTED;
        cx.report(
            &RULE,
            Location::Document(0..first_line),
            format!("{name}: {more} more lines cannot be read"),
        )
        .help(help);
    }
}

/// The lock's name as the plan's is shown: `PLAN.md` → `PLAN.lock`.
#[cfg(test)]
mod tests {
    use crate::lints::tests::{check_with_lock, near_miss};

    #[test]
    fn fires_on_unreadable_lines_and_on_a_foreign_lock() {
        check_with_lock(
            &super::RULE,
            "# PLAN.lock\nplan-lock\t1\nanchor\tsrc/a.rs:1\n<<<<<<< HEAD\nrevision\t000000000000002a\nrevision\t000000000000002b\n",
            expect_test::expect![[r#"
                PLAN078 warning L1:1 PLAN.lock line 3 cannot be read; it is ignored
                PLAN078 warning L1:1 PLAN.lock line 4 cannot be read; it is ignored
            "#]],
        );
        check_with_lock(
            &super::RULE,
            "{\"anchors\": []}\n",
            expect_test::expect![[r#"
                PLAN078 warning L1:1 PLAN.lock is not a lock of this plan (it has no `plan-lock` line: plan did not write it); it is ignored, and citations are anchored where they point now
            "#]],
        );
    }

    #[test]
    fn a_lock_with_only_its_header_is_readable() {
        near_miss(&super::RULE, &[]);
    }
}
