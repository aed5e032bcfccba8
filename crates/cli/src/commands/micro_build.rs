//! Micro-plans in `plan build` and `plan check`: each micro-plan `plan.toml` points at is
//! set, with its own lock (`plans/pr3.lock` beside `plans/pr3.md`), in the build's
//! database; its rules run against the macro plan; its citations are refreshed as the macro
//! plan's are (moved ones rewritten, `UNVERIFIED` where the code is gone, anchors in its
//! lock). `plan build` writes each micro-plan, then its lock, atomically; `plan check`
//! judges each with the gate, as it does the macro plan.

use std::collections::BTreeSet;

use engine::{Database, PlanFile};
use queries::{BuildOptions, BuildOutput, Placed, PlacedCitation};

use crate::args::{CheckFormat, GlobalArgs};
use crate::commands::micro::MicroDocument;
use crate::output;
use crate::session::Session;

/// One micro-plan after the build.
pub(crate) struct Built {
    /// Relative to the root.
    pub(crate) path: String,
    /// The micro-plan and its lock as written.
    pub(crate) text: String,
    pub(crate) lock_text: String,
    /// Its rules' diagnostics (under `plan check`, after [`gate_all`], the gate's).
    pub(crate) diagnostics: Vec<Placed>,
    pub(crate) output: BuildOutput,
    /// The changed citations `--accept CITATION…` accepted here, by written and current key.
    pub(crate) accepted: Vec<String>,
    /// Under `plan check`: the gate's verdict, with the diffs `--diff` prints.
    pub(crate) gate: Option<queries::Gate>,
}

impl Built {
    pub(crate) fn plan_changes(&self) -> bool {
        self.output.plan != self.text
    }

    /// A lock with no entry is not written where there is none: a micro-plan that cites
    /// nothing gets no lock file.
    pub(crate) fn lock_changes(&self) -> bool {
        self.output.lock != self.lock_text && !(self.lock_text.is_empty() && no_entries(&self.output.lock))
    }

    pub(crate) fn errors(&self) -> usize {
        queries::summarize(&self.diagnostics).errors
    }
}

fn no_entries(lock: &str) -> bool {
    lock.lines().all(|line| line.is_empty() || line.starts_with('#') || line.starts_with("plan-lock\t"))
}

/// What the micro-plans' builds share: the options, the citations accepted by name and the
/// rule levels; and, to recover a missing lock from git history, the root and how to say so.
pub(crate) struct MicroSettings<'a> {
    pub(crate) global: &'a GlobalArgs,
    pub(crate) root: &'a std::path::Path,
    pub(crate) options: BuildOptions,
    pub(crate) accepted: &'a BTreeSet<String>,
    pub(crate) levels: &'a queries::RuleLevels,
}

/// Checks and builds every micro-plan of `documents` in `db`, before the macro plan's build
/// (`macro_plan` is its input, as written), leaving each settled in `db`.
pub(crate) fn build_all(
    db: &mut Database,
    macro_plan: PlanFile,
    documents: &[MicroDocument],
    settings: &MicroSettings<'_>,
) -> Vec<Built> {
    documents.iter().map(|document| build_one(db, macro_plan, document, settings)).collect()
}

fn build_one(
    db: &mut Database,
    macro_plan: PlanFile,
    document: &MicroDocument,
    settings: &MicroSettings<'_>,
) -> Built {
    let written = (document.path.as_str(), document.text.as_str(), document.lock_text.as_str());
    let (micro, lock) = crate::history::micro_lock_or_history(settings.global, db, settings.root, written);
    let mut diagnostics = queries::check_micro_plan(db, micro, macro_plan, lock, settings.levels);
    let mut first = queries::build_micro(db, micro, lock, settings.options);
    let accepted_keys = queries::accept_changed(&mut first, settings.accepted);
    let accepted_citations =
        first.citations.iter().filter(|citation| accepted_keys.contains(&citation.site.key()));
    let accepted: Vec<std::ops::Range<usize>> =
        accepted_citations.clone().map(|citation| citation.range.clone()).collect();
    let mut accepted_names: Vec<String> = accepted_citations
        .flat_map(|citation| {
            let now = citation.resolution.location.as_ref().map(|location| location.key());
            [Some(citation.site.key()), now].into_iter().flatten()
        })
        .collect();
    accepted_names.sort();
    diagnostics.retain(|placed| {
        placed.diagnostic.rule != queries::CITATION_CHANGED
            || !(settings.options.accept || accepted.contains(&placed.range))
    });
    let output = queries::settle_micro(db, &document.path, first, settings.options);
    Built {
        path: document.path.clone(),
        text: document.text.clone(),
        lock_text: document.lock_text.clone(),
        diagnostics,
        output,
        accepted: accepted_names,
        gate: None,
    }
}

/// Under `plan check`, after the macro plan's build (whose `status` block reads the
/// micro-plans as built): each micro-plan judged by the gate against its text as written.
pub(crate) fn gate_all(db: &mut Database, built: &mut [Built], levels: &queries::RuleLevels) {
    for micro in built {
        let (file, lock) =
            (db.set_micro_plan(&micro.path, &micro.text), db.set_micro_lock(&micro.path, &micro.lock_text));
        let diagnostics = std::mem::take(&mut micro.diagnostics);
        let gate = queries::gate(db, file, lock, &micro.output, diagnostics, levels);
        micro.diagnostics = gate.diagnostics.clone();
        micro.gate = Some(gate);
    }
}

/// Writes each micro-plan a build changed, then its lock, and says so on stderr.
pub(crate) fn write_all(global: &GlobalArgs, session: &Session, built: &[Built]) -> anyhow::Result<()> {
    for micro in built {
        let (plan_changes, lock_changes) = (micro.plan_changes(), micro.lock_changes());
        if !plan_changes && !lock_changes {
            continue;
        }
        let documents = session.micro_documents(&micro.path);
        documents.write(
            plan_changes.then_some(micro.output.plan.as_str()),
            lock_changes.then_some(micro.output.lock.as_str()),
        )?;
        let summary = documents.summary_line(plan_changes, lock_changes, &micro.output.citations);
        output::status(global, &summary);
    }
    Ok(())
}

/// Under `plan check`: names each micro-plan a build would change.
pub(crate) fn note_changes(global: &GlobalArgs, built: &[Built]) {
    for micro in built {
        let what = match (micro.plan_changes(), micro.lock_changes()) {
            (true, true) => format!("{} and its lock", micro.path),
            (true, false) => micro.path.clone(),
            (false, true) => format!("the lock of {}", micro.path),
            (false, false) => continue,
        };
        output::note(global, &format!("`plan build` would change {what}"));
    }
}

/// The micro-plans' diagnostics after the macro plan's, in the human formats (JSON and
/// SARIF hold them in the one report, `build::report`).
pub(crate) fn report_micros(
    global: &GlobalArgs,
    format: CheckFormat,
    micros: &[Built],
    printed: &mut Vec<u8>,
) {
    for micro in micros {
        let shown: Vec<queries::Placed> = micro
            .diagnostics
            .iter()
            .filter(|placed| !global.quiet || placed.diagnostic.severity == queries::Severity::Error)
            .cloned()
            .collect();
        let rendered = match format {
            CheckFormat::Text => {
                queries::render_text(&micro.path, &micro.text, &shown, output::stdout_color(global))
            }
            CheckFormat::Github => queries::render_github(&micro.path, &micro.text, &shown),
            CheckFormat::Json | CheckFormat::Sarif => continue,
        };
        printed.extend_from_slice(rendered.as_bytes());
    }
}

/// The macro plan, then each micro-plan, as the JSON and SARIF reports take them.
pub(crate) fn report_documents<'a>(
    path: &'a str,
    text: &'a str,
    (diagnostics, suppressed, citations): (
        &'a [queries::Placed],
        &'a [queries::Placed],
        &'a [PlacedCitation],
    ),
    micros: &'a [Built],
) -> Vec<queries::ReportDocument<'a>> {
    let macro_plan = queries::ReportDocument { path, text, diagnostics, suppressed, citations };
    let micros = micros.iter().map(|micro| queries::ReportDocument {
        path: &micro.path,
        text: &micro.text,
        diagnostics: &micro.diagnostics,
        suppressed: &[],
        citations: &micro.output.citations,
    });
    std::iter::once(macro_plan).chain(micros).collect()
}

/// `plan watch`: the micro-plans on disk, built and settled in `db` before the macro plan's
/// rebuild (whose `status` block reads them).
pub(crate) fn build_for_watch(
    global: &GlobalArgs,
    session: &Session,
    db: &mut Database,
    macro_plan: PlanFile,
    options: BuildOptions,
) -> Vec<Built> {
    let documents = crate::commands::micro::read_all(Some(global), session);
    let accepted = BTreeSet::new();
    let settings = MicroSettings {
        global,
        root: &session.root,
        options,
        accepted: &accepted,
        levels: &session.config.rules,
    };
    build_all(db, macro_plan, &documents, &settings)
}

/// `plan watch`: writes each micro-plan the rebuild changed, then its lock, only over the
/// text it was built from (an edit made meanwhile is rebuilt next); returns each
/// micro-plan's diagnostics as it now is, by path. What it wrote is read back into the
/// tree's inputs, so that the write coming back as an event rebuilds nothing.
pub(crate) fn write_for_watch(
    global: &GlobalArgs,
    session: &Session,
    db: &mut Database,
    macro_plan: PlanFile,
    built: &[Built],
    writing: &dyn Fn(&std::path::Path) -> bool,
) -> anyhow::Result<Vec<(String, Vec<Placed>)>> {
    let mut written = Vec::new();
    for micro in built {
        // As the plan's: replaced only while it holds the text the rebuild read and no other
        // process has it open for writing (an editor or an agent still at work on it).
        let (plan_changes, lock_changes) = (micro.plan_changes(), micro.lock_changes());
        let documents = session.micro_documents(&micro.path);
        let new = (
            plan_changes.then_some(micro.output.plan.as_str()),
            lock_changes.then_some(micro.output.lock.as_str()),
        );
        if (plan_changes || lock_changes)
            && documents.write_unless_changed(
                new,
                (micro.text.as_str(), micro.lock_text.as_str()),
                writing,
            )?
        {
            let summary = documents.summary_line(plan_changes, lock_changes, &micro.output.citations);
            output::status(global, &summary);
            let paths = [micro.path.clone(), crate::commands::micro::lock_path(&micro.path)];
            let events: Vec<engine::ChangeEvent> =
                paths.iter().map(|path| engine::ChangeEvent::Changed(session.root.join(path))).collect();
            db.apply_changes(&events);
        }
        let (Some(file), Some(lock)) = (
            db.micro_plans().into_iter().find(|file| *file.path(db) == micro.path),
            db.micro_lock(&micro.path),
        ) else {
            continue;
        };
        let diagnostics = queries::check_micro_plan(db, file, macro_plan, lock, &session.config.rules);
        written.push((micro.path.clone(), diagnostics));
    }
    Ok(written)
}
