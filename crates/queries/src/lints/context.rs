//! What a rule's check works with: the [`Lint`] it belongs to, the [`Context`] it reads
//! (the database, the plan, the lock) and reports through, and the helpers several rules
//! share.

use std::collections::BTreeSet;
use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::citations::micro::micro_plan_citations;
use crate::citations::resolve::Status;
use crate::citations::{PlacedCitation, plan_citations};
use crate::diagnostics::{Diagnostic, Location, Rule, Severity};
use crate::plan::model::Pr;
use crate::plan::outline::SectionId;
use crate::plan::series::{PrText, pr, pr_numbers};
use crate::plan::tracked::section_text;

/// A rule with the section whose query runs it (`None` for document-level rules) and its
/// check.
pub(crate) struct Lint {
    pub(crate) rule: Rule,
    pub(crate) section: Option<SectionId>,
    pub(crate) check: fn(&mut Context<'_>),
}

/// What a check reads, and where it reports.
pub(crate) struct Context<'db> {
    pub(crate) db: &'db dyn Db,
    pub(crate) plan: PlanFile,
    /// The lock; document-level rules read it (citations, contracts).
    pub(crate) lock: Option<LockFile>,
    /// For the rules of a micro-plan (`plan` is then the micro-plan, `lock` its own lock):
    /// the macro plan.
    pub(crate) macro_plan: Option<PlanFile>,
    /// For the per-PR rules ([`crate::lints::pr_diagnostics`]): the PR they check.
    pr: Option<PrText<'db>>,
    out: Vec<Diagnostic>,
}

/// A diagnostic just reported, to add help to or to lower.
pub(crate) struct Report<'a>(&'a mut Diagnostic);

impl Report<'_> {
    pub(crate) fn help(self, help: impl Into<String>) {
        self.0.help = Some(help.into());
    }

    /// Reports below the rule's severity (a note above a target, under a limit).
    pub(crate) fn severity(self, severity: Severity) -> Self {
        self.0.severity = severity;
        self
    }
}

impl<'db> Context<'db> {
    pub(crate) fn new(db: &'db dyn Db, plan: PlanFile, lock: Option<LockFile>) -> Context<'db> {
        Context { db, plan, lock, macro_plan: None, pr: None, out: Vec::new() }
    }

    /// The context of a micro-plan's rules: `micro` read against `macro_plan`.
    pub(crate) fn micro(
        db: &'db dyn Db,
        micro: PlanFile,
        macro_plan: PlanFile,
        lock: LockFile,
    ) -> Context<'db> {
        Context { db, plan: micro, lock: Some(lock), macro_plan: Some(macro_plan), pr: None, out: Vec::new() }
    }

    /// The context of the per-PR rules, checking the PR `key`.
    pub(crate) fn for_pr(db: &'db dyn Db, text: PrText<'db>) -> Context<'db> {
        Context { db, plan: text.plan(db), lock: None, macro_plan: None, pr: Some(text), out: Vec::new() }
    }

    /// The PR a per-PR rule checks (positions relative to its start); `None` outside
    /// [`crate::lints::pr_diagnostics`].
    pub(crate) fn pr(&self) -> Option<&'db Pr> {
        self.pr.map(|text| pr(self.db, text))
    }

    /// Reports at `range` of the text of the PR the rule checks.
    pub(crate) fn report_pr(
        &mut self,
        lint: &'static Lint,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Report<'_> {
        let index = self.pr.map_or(0, |text| text.index(self.db));
        self.report(lint, Location::Pr(index, range), message)
    }

    pub(crate) fn report(
        &mut self,
        lint: &'static Lint,
        location: Location,
        message: impl Into<String>,
    ) -> Report<'_> {
        self.out.push(Diagnostic::new(&lint.rule, message, location));
        Report(self.out.last_mut().expect("just pushed"))
    }

    /// Reports at `range` of section `id`'s text.
    pub(crate) fn report_in(
        &mut self,
        lint: &'static Lint,
        id: SectionId,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Report<'_> {
        self.report(lint, Location::Section(id, range), message)
    }

    /// Reports diagnostics a per-entity query made (the same rule, memoized finer).
    pub(crate) fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.out.extend(diagnostics);
    }

    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        self.out
    }
}

/// The plan's citations with `status`, and where each is (section-relative), for the
/// citation rules. Citations in generated blocks are left out: `plan` wrote them from the
/// code and rewrites them on every build.
pub(crate) fn citations_with_status(cx: &Context<'_>, status: Status) -> Vec<(PlacedCitation, Location)> {
    let Some(lock) = cx.lock else { return Vec::new() };
    let all = match cx.macro_plan {
        Some(_) => micro_plan_citations(cx.db, cx.plan, lock),
        None => plan_citations(cx.db, cx.plan, lock),
    };
    all.into_iter()
        .filter(|citation| citation.resolution.status == status && !citation.site.generated)
        .map(|citation| {
            let range = citation.site.citation.range.clone();
            let location = match citation.section {
                Some(id) => Location::Section(id, range),
                None => Location::Document(range),
            };
            (citation, location)
        })
        .collect()
}

/// The heading line of a section (relative range), where section-wide diagnostics point.
pub(crate) fn heading_range(text: &str) -> Range<usize> {
    0..crate::line_index::first_line_end(text)
}

/// The heading range of section `id`, if present.
pub(crate) fn section_heading(cx: &Context<'_>, id: SectionId) -> Option<Range<usize>> {
    section_text(cx.db, cx.plan, id).as_ref().map(|text| heading_range(text))
}

/// The PR numbers defined in H.
pub(crate) fn defined_prs(cx: &Context<'_>) -> BTreeSet<u32> {
    pr_numbers(cx.db, cx.plan).clone()
}
