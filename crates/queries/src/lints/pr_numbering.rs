//! PLAN034 pr-numbering.

use std::collections::BTreeSet;

use super::context::{Context, Lint, section_heading};
use crate::diagnostics::{Location, Rule, Severity};
use crate::plan::outline::SectionId;
use crate::plan::series::{pr, pr_links_all, pr_texts};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN034",
        name: "pr-numbering",
        severity: Severity::Warning,
        summary: "PR ids are not PR0…PRn without gaps or repeats",
        docs: "## What it does\nChecks that the PRs of section H are numbered PR0 to PRn (or PR1 to PRn) without gaps or repeats.\n\n## Why is this bad?\nGates, dependencies and extension points refer to PRs by number; a repeated number makes those references ambiguous and a gap suggests a PR was dropped without updating them.\n\n## Example\n`PR0, PR1, PR3`. Use instead: renumber, or restore PR2.\n",
    },
    section: Some(SectionId::H),
    check,
};

fn check(cx: &mut Context<'_>) {
    let mut seen = BTreeSet::new();
    for (key, links) in pr_texts(cx.db, cx.plan).zip(pr_links_all(cx.db, cx.plan)) {
        if !seen.insert(links.number) {
            let heading = &pr(cx.db, key).heading;
            cx.report(
                &RULE,
                Location::Pr(key.index(cx.db), heading.start..heading.end.saturating_sub(1)),
                format!("PR{} is defined twice", links.number),
            )
            .help("give each PR its own number");
        }
    }
    let Some(&first) = seen.iter().next() else { return };
    let start = if first <= 1 { first } else { 0 };
    let gaps = missing_runs(start, &seen);
    let count: u64 = gaps.iter().map(|(from, to)| u64::from(to - from) + 1).sum();
    if count == 0 {
        return;
    }
    let listed = if count <= MAX_LISTED {
        let numbers = gaps.iter().flat_map(|&(from, to)| from..=to);
        let names: Vec<String> = numbers.map(|number| format!("PR{number}")).collect();
        format!("{} {} missing", names.join(", "), if count == 1 { "is" } else { "are" })
    } else {
        let (first_missing, last_missing) = (gaps[0].0, gaps[gaps.len() - 1].1);
        format!("PR{first_missing} … PR{last_missing} are missing ({} numbers)", thousands(count))
    };
    let at = section_heading(cx, SectionId::H).unwrap_or(0..0);
    cx.report_in(&RULE, SectionId::H, at, format!("the PR numbers have gaps: {listed}"))
        .help("number the PRs PR0…PRn without gaps");
}

/// Up to this many missing numbers are listed one by one; more are summed up.
const MAX_LISTED: u64 = 10;

/// The runs `from..=to` of numbers from `start` up to the largest in `seen` that are not in it.
fn missing_runs(start: u32, seen: &BTreeSet<u32>) -> Vec<(u32, u32)> {
    let mut runs = Vec::new();
    let mut next = start;
    for &number in seen.range(start..) {
        if number > next {
            runs.push((next, number - 1));
        }
        next = number.saturating_add(1);
    }
    runs
}

/// `999994` as `999,994`.
fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::lints::tests::check_mutations;

    #[test]
    fn fires_for_a_gap() {
        let replacements =
            [("### PR3 — Dogfood the plan", "### PR4 — Dogfood the plan"), ("- PR2 -> PR3", "- PR2 -> PR4")];
        check_mutations(
            &super::RULE,
            &replacements,
            expect_test::expect![[r#"
                PLAN034 warning H+0:1 the PR numbers have gaps: PR3 is missing
            "#]],
        );
    }

    /// A huge gap is summed up, not listed: `### PR999999` once gave a 9.9 MB message.
    #[test]
    fn a_huge_gap_is_summed_up() {
        for number in ["13", "14", "999999"] {
            let replacements = [
                ("### PR3 — Dogfood the plan", format!("### PR{number} — Dogfood the plan")),
                ("- PR2 -> PR3", format!("- PR2 -> PR{number}")),
            ];
            let replacements: Vec<(&str, &str)> =
                replacements.iter().map(|(a, b)| (*a, b.as_str())).collect();
            let expected = match number {
                "13" => expect_test::expect![[r#"
                    PLAN034 warning H+0:1 the PR numbers have gaps: PR3, PR4, PR5, PR6, PR7, PR8, PR9, PR10, PR11, PR12 are missing
                "#]],
                "14" => expect_test::expect![[r#"
                    PLAN034 warning H+0:1 the PR numbers have gaps: PR3 … PR13 are missing (11 numbers)
                "#]],
                _ => expect_test::expect![[r#"
                    PLAN034 warning H+0:1 the PR numbers have gaps: PR3 … PR999998 are missing (999,996 numbers)
                "#]],
            };
            check_mutations(&super::RULE, &replacements, expected);
        }
    }

    #[test]
    fn another_title_separator_keeps_the_numbering() {
        crate::lints::tests::near_miss(
            &super::RULE,
            &[("### PR3 — Dogfood the plan", "### PR3: Dogfood the plan")],
        );
    }
}
