//! What a micro-plan says: its marker (profile and macro PR), its sections, its acceptance
//! criteria, the contracts it references and its validation commands. Positions are byte
//! ranges of the micro-plan's own text.

use std::ops::Range;

/// A micro-plan read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MicroPlan {
    /// The profile id as written in the marker (`implementation`), when there is one.
    pub profile: Option<String>,
    /// The macro PR the marker names.
    pub pr: Option<u32>,
    /// The marker (first-line comment or front matter), or the first line without one.
    pub marker: Range<usize>,
    /// The profile's sections present, in document order: (index in the profile, heading range).
    pub sections: Vec<(usize, Range<usize>)>,
    /// The headings of the document, by normalized text, for the required items.
    pub items_text: String,
    /// The heading of the profile's section holding the required items, when present.
    pub items_heading: Option<Range<usize>>,
    pub criteria: Vec<Criterion>,
    /// The heading (or label) that opens the acceptance criteria.
    pub criteria_heading: Option<Range<usize>>,
    /// `BC-n` references in the acceptance criteria and the tests section.
    pub traced: Vec<String>,
    pub validation: Vec<Command>,
    /// Whether the tests section names a negative or edge scenario.
    pub edge_cases: bool,
    /// How many input classes the micro-plan names (`Input classes: …`).
    pub input_classes: usize,
    /// The input classes no negative or edge scenario of the tests section mentions, each
    /// with the block that names it.
    pub uncovered_inputs: Vec<(String, Range<usize>)>,
    /// The last `plan validate` run recorded in the micro-plan: commands passed, failed.
    pub last_run: Option<(u32, u32)>,
    /// When that run started, as recorded (UTC, RFC 3339).
    pub last_run_at: Option<String>,
    /// A `Block:` line naming the building block the micro-plan works on.
    pub block: Option<(String, Range<usize>)>,
}

/// One acceptance criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Criterion {
    pub text: String,
    /// `Some(done)` for a checklist item (`- [x]`), `None` for a plain list item.
    pub checked: Option<bool>,
    pub range: Range<usize>,
}

/// One command of a `plan:validate` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Command {
    pub command: String,
    pub range: Range<usize>,
}

impl MicroPlan {
    /// Acceptance criteria checked and in all.
    pub(crate) fn criteria_done(&self) -> (usize, usize) {
        let done = self.criteria.iter().filter(|criterion| criterion.checked == Some(true)).count();
        (done, self.criteria.len())
    }
}
