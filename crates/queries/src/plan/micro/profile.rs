//! The document profiles of micro-plans: data, not code. A profile lists its sections
//! (canonical name, aliases, whether their order is fixed) and the sub-items its plan
//! section must name; a new profile is a new row of [`PROFILES`], the reader is unchanged.

/// One section of a profile.
#[derive(Debug)]
pub(crate) struct SectionSpec {
    /// The name the seed gives it.
    pub(crate) name: &'static str,
    /// Other names it goes by (normalized as `label.rs` does).
    pub(crate) aliases: &'static [&'static str],
    /// Whether the section takes part in the profile's order.
    pub(crate) ordered: bool,
    /// What the seed asks of it, for `plan init --profile` (an HTML comment there).
    pub(crate) guidance: &'static str,
}

/// A micro-plan profile.
#[derive(Debug)]
pub(crate) struct Profile {
    /// As written in the marker: `<!-- plan: implementation PR3 -->`.
    pub(crate) id: &'static str,
    /// The seed whose output format it is.
    pub(crate) seed: &'static str,
    pub(crate) sections: &'static [SectionSpec],
    /// The section that must name [`Profile::required_items`] (by index into `sections`).
    pub(crate) items_section: Option<usize>,
    /// What that section must name, each with the words that count as naming it.
    pub(crate) required_items: &'static [(&'static str, &'static [&'static str])],
    /// The section whose text holds the tests (where contracts may be traced).
    pub(crate) tests_section: usize,
    /// The section where `plan validate` records its results.
    pub(crate) validation_section: usize,
}

const fn section(
    name: &'static str,
    aliases: &'static [&'static str],
    guidance: &'static str,
) -> SectionSpec {
    SectionSpec { name, aliases, ordered: true, guidance }
}

/// Seed 000's output format.
static IMPLEMENTATION: Profile = Profile {
    id: "implementation",
    seed: "000",
    sections: &[
        section(
            "Plan",
            &["implementation plan"],
            "One item each: architecture overview, key data structures, control flow, concurrency model (ownership, cancellation, backpressure), error handling, performance trade-offs, acceptance criteria (checklist items, one per contract).",
        ),
        section(
            "Assumptions & Questions",
            &["assumptions and questions", "assumptions", "questions"],
            "State every assumption; list the questions whose answers would change the design.",
        ),
        section(
            "Design Details",
            &["design details (data structures, concurrency, errors)", "design"],
            "Data structures, concurrency and errors in detail; cite existing code as `path:LINE`.",
        ),
        section(
            "Performance Notes",
            &["performance"],
            "Hot paths, allocations, bounded memory, complexity in O(·).",
        ),
        section(
            "Validation Plan/Results",
            &[
                "validation plan / results",
                "validation plan and results",
                "validation plan",
                "validation results",
                "validation",
            ],
            "At least one negative or edge scenario per input class; the commands in a fenced block marked `sh plan:validate` (`plan validate PRn` runs them and records the results here).",
        ),
        section("Code Changes", &["code"], "The files changed, smallest correct change set."),
        section(
            "Documentation Changes",
            &["documentation", "docs changes"],
            "README and docs updated: how to run, how to validate.",
        ),
    ],
    items_section: Some(0),
    required_items: &[
        ("architecture overview", &["architecture overview", "architecture"]),
        ("key data structures", &["data structures", "data structure"]),
        ("control flow", &["control flow"]),
        ("concurrency model", &["concurrency"]),
        ("error handling", &["error handling", "errors"]),
        ("performance trade-offs", &["performance trade-offs", "trade-offs", "tradeoffs", "performance"]),
        ("acceptance criteria", &["acceptance criteria"]),
    ],
    tests_section: 4,
    validation_section: 4,
};

/// Seed 001's task deliverable.
static TASK: Profile = Profile {
    id: "task",
    seed: "001",
    sections: &[
        section("Assumptions", &["assumptions and questions"], "Only the assumptions you needed to make."),
        section(
            "Design notes",
            &["design", "design notes (patterns, key decisions)"],
            "A lean sketch: modules, data models, flows; the design patterns used and why; risks and mitigations.",
        ),
        section(
            "Implementation",
            &["code changes"],
            "The code, in small functions with meaningful names; errors handled explicitly.",
        ),
        section(
            "Tests",
            &["testing"],
            "Failing tests first, for the acceptance criteria; happy paths and edge cases (name the contracts, `BC-n`, they check).",
        ),
        section(
            "How to run & test",
            &["how to run and test", "how to run"],
            "Copy-paste commands; put those `plan validate` runs in a fenced block marked `sh plan:validate`.",
        ),
        section("Summary", &[], "What changed, and what the reviewer should double-check."),
        SectionSpec {
            name: "Acceptance Criteria",
            aliases: &["acceptance"],
            ordered: false,
            guidance: "Checklist items (`- [ ]`), one per contract of the PR at least.",
        },
    ],
    items_section: None,
    required_items: &[],
    tests_section: 3,
    validation_section: 4,
};

/// Every profile.
pub(crate) static PROFILES: [&Profile; 2] = [&IMPLEMENTATION, &TASK];

/// The profile with this id (case-insensitive).
pub(crate) fn profile(id: &str) -> Option<&'static Profile> {
    PROFILES.iter().copied().find(|profile| profile.id.eq_ignore_ascii_case(id.trim()))
}

impl Profile {
    /// The index of the section a heading names, if any.
    pub(crate) fn section_of(&self, heading: &str) -> Option<usize> {
        let normalized = crate::plan::label::normalize_label(heading);
        let named =
            |name: &str| crate::plan::label::is_name(&normalized, &crate::plan::label::normalize_label(name));
        self.sections
            .iter()
            .position(|spec| named(spec.name) || spec.aliases.iter().any(|alias| named(alias)))
    }
}
