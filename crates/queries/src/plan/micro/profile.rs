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

const fn section(name: &'static str, aliases: &'static [&'static str]) -> SectionSpec {
    SectionSpec { name, aliases, ordered: true }
}

/// Seed 000's output format.
static IMPLEMENTATION: Profile = Profile {
    id: "implementation",
    seed: "000",
    sections: &[
        section("Plan", &["implementation plan"]),
        section("Assumptions & Questions", &["assumptions and questions", "assumptions", "questions"]),
        section("Design Details", &["design details (data structures, concurrency, errors)", "design"]),
        section("Performance Notes", &["performance"]),
        section(
            "Validation Plan/Results",
            &[
                "validation plan / results",
                "validation plan and results",
                "validation plan",
                "validation results",
                "validation",
            ],
        ),
        section("Code Changes", &["code"]),
        section("Documentation Changes", &["documentation", "docs changes"]),
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
        section("Assumptions", &["assumptions and questions"]),
        section("Design notes", &["design", "design notes (patterns, key decisions)"]),
        section("Implementation", &["code changes"]),
        section("Tests", &["testing"]),
        section("How to run & test", &["how to run and test", "how to run"]),
        section("Summary", &[]),
        SectionSpec { name: "Acceptance Criteria", aliases: &["acceptance"], ordered: false },
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
