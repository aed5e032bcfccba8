//! PLAN093 micro-section-order.

use super::context::{Context, Lint};
use super::micro::{micro_profile, read};
use crate::diagnostics::{Location, Rule, Severity};

pub(super) static RULE: Lint = Lint {
    rule: Rule {
        code: "PLAN093",
        name: "micro-section-order",
        severity: Severity::Warning,
        summary: "a micro-plan's sections are not in its profile's order",
        docs: "## What it does\nChecks that a micro-plan's sections come in the order of its profile (seed 000's or seed 001's output format).\n\n## Why is this bad?\nThe seeds fix the order so that the plan comes before the code and the validation before the summary; a reviewer reads them in that order.\n\n## Example\n```markdown\n## Design Details\n## Plan\n```\nUse instead: `## Plan` first.\n",
    },
    section: None,
    check,
};

fn check(cx: &mut Context<'_>) {
    let Some(profile) = micro_profile(cx) else { return };
    let plan = read(cx);
    let ordered: Vec<&(usize, std::ops::Range<usize>)> =
        plan.sections.iter().filter(|(index, _)| profile.sections[*index].ordered).collect();
    let indices: Vec<usize> = ordered.iter().map(|(index, _)| *index).collect();
    let keep = longest_increasing(&indices);
    for (position, (index, heading)) in ordered.iter().enumerate() {
        if keep.contains(&position) {
            continue;
        }
        let after = keep.iter().map(|kept| indices[*kept]).filter(|kept| kept < index).max();
        let place = after
            .map_or_else(|| "first".to_owned(), |after| format!("after `{}`", profile.sections[after].name));
        let message = format!(
            "section `{}` is out of order: profile `{}` puts it {place}",
            profile.sections[*index].name, profile.id
        );
        cx.report(&RULE, Location::Document(heading.clone()), message).help(format!("move it {place}"));
    }
}

/// The positions of a longest increasing subsequence of `values` (the sections in order;
/// the others are the ones to move). Quadratic: a profile has a handful of sections.
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    let mut length = vec![1usize; values.len()];
    let mut previous = vec![None; values.len()];
    for at in 0..values.len() {
        for before in 0..at {
            if values[before] < values[at] && length[before] + 1 > length[at] {
                length[at] = length[before] + 1;
                previous[at] = Some(before);
            }
        }
    }
    let mut at = (0..values.len()).max_by_key(|at| (length[*at], std::cmp::Reverse(*at)));
    let mut keep = Vec::new();
    while let Some(position) = at {
        keep.push(position);
        at = previous[position];
    }
    keep
}

#[cfg(test)]
mod tests {
    use crate::lints::micro_tests::{check_micro, near_miss_micro};

    #[test]
    fn fires_for_a_section_out_of_order() {
        check_micro(
            &super::RULE,
            "task",
            &[
                ("## Summary\n\nThe rules run on every check.\n", ""),
                ("## Assumptions", "## Summary\n\nThe rules run.\n\n## Assumptions"),
            ],
            expect_test::expect![[r#"
                PLAN093 warning 7:1 section `Summary` is out of order: profile `task` puts it after `How to run & test`
            "#]],
        );
    }

    #[test]
    fn acceptance_criteria_may_come_anywhere() {
        near_miss_micro(
            &super::RULE,
            "task",
            &[
                (
                    "## Acceptance Criteria\n\n- [x] BC-1 holds on the valid plan.\n- [ ] Clippy is clean.\n",
                    "",
                ),
                (
                    "## Assumptions",
                    "## Acceptance Criteria\n\n- [x] BC-1 holds.\n- [ ] Clippy is clean.\n\n## Assumptions",
                ),
            ],
        );
    }
}
