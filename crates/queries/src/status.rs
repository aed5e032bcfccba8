//! `plan status`: per PR of the macro plan, its status as written, its micro-plan
//! (profile, path), acceptance criteria done/total, contracts covered/total, its DAG wave,
//! and whether it is marked merged before a prerequisite is. Also what `plan validate`
//! needs of a micro-plan ([`validation_target`]).

use std::fmt::Write;

use engine::{Db, LockFile, PlanFile};
use serde::Serialize;

use crate::citations::micro::micro_resolutions;
use crate::citations::resolve::Status;
use crate::plan::micro::profile::profile;
use crate::plan::micro::query::micro_plan;
use crate::plan::series::{dag, prs};

/// One PR's progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusRow {
    pub pr: u32,
    pub title: String,
    /// The status as written in the macro plan.
    pub status: Option<String>,
    /// The micro-plan's profile and path.
    pub profile: Option<String>,
    pub micro_plan: Option<String>,
    pub criteria_done: usize,
    pub criteria_total: usize,
    pub contracts_covered: usize,
    pub contracts_total: usize,
    /// The micro-plan's citations that are fresh (same path, lines and text), and all.
    pub citations_fresh: usize,
    pub citations_total: usize,
    /// The last `plan validate` run its micro-plan records: commands passed, failed.
    pub last_run: Option<(u32, u32)>,
    /// When that run started (UTC, RFC 3339), as recorded.
    pub last_run_at: Option<String>,
    /// The DAG wave (0 first), when the DAG has no cycle.
    pub wave: Option<usize>,
    /// Prerequisites not marked merged while this PR is.
    pub merged_before: Vec<u32>,
}

fn merged(status: Option<&str>) -> bool {
    status.is_some_and(|status| status.to_lowercase().contains("merged"))
}

/// The rows of `plan status`, one per PR of the macro plan; `micros` are the micro-plans'
/// inputs with their locks (the first linked to a PR counts).
pub fn status_rows(db: &dyn Db, macro_plan: PlanFile, micros: &[(PlanFile, LockFile)]) -> Vec<StatusRow> {
    let all = prs(db, macro_plan);
    let graph = dag(db, macro_plan);
    let status_of =
        |number: u32| all.iter().find(|pr| pr.number == number).and_then(|pr| pr.status.as_deref());
    let mut rows = Vec::new();
    for pr in all {
        let mut row = StatusRow {
            pr: pr.number,
            title: pr.title.clone(),
            status: pr.status.clone(),
            profile: None,
            micro_plan: None,
            criteria_done: 0,
            criteria_total: 0,
            contracts_covered: 0,
            contracts_total: pr.contracts.len(),
            citations_fresh: 0,
            citations_total: 0,
            last_run: None,
            last_run_at: None,
            wave: graph.waves.iter().position(|wave| wave.contains(&pr.number)),
            merged_before: Vec::new(),
        };
        if merged(pr.status.as_deref()) {
            row.merged_before =
                graph.parents(pr.number).filter(|parent| !merged(status_of(*parent))).collect();
        }
        if let Some((file, lock)) =
            micros.iter().copied().find(|(file, _)| micro_plan(db, *file).pr == Some(pr.number))
        {
            let micro = micro_plan(db, file);
            let citations = micro_resolutions(db, file, lock);
            row.citations_total = citations.len();
            row.citations_fresh =
                citations.iter().filter(|resolution| resolution.status == Status::Fresh).count();
            (row.criteria_done, row.criteria_total) = micro.criteria_done();
            row.contracts_covered = pr
                .contracts
                .iter()
                .filter(|contract| micro.traced.iter().any(|id| id.eq_ignore_ascii_case(&contract.id)))
                .count();
            row.profile = micro.profile.clone();
            row.last_run = micro.last_run;
            row.last_run_at = micro.last_run_at.clone();
            row.micro_plan = Some(file.path(db).clone());
        }
        rows.push(row);
    }
    rows
}

/// The rows as a Markdown table (also `plan status`'s text output).
pub fn render_status(rows: &[StatusRow]) -> String {
    let mut out = String::from(
        "| PR | Status | Micro-plan | Criteria | Contracts | Citations | Validation | Wave |\n|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let micro = match (&row.profile, &row.micro_plan) {
            (Some(profile), Some(path)) => format!("{profile} `{path}`"),
            (None, Some(path)) => format!("`{path}`"),
            _ => "—".to_owned(),
        };
        let (criteria, citations) = if row.micro_plan.is_some() {
            (
                format!("{}/{}", row.criteria_done, row.criteria_total),
                format!("{}/{}", row.citations_fresh, row.citations_total),
            )
        } else {
            ("—".to_owned(), "—".to_owned())
        };
        let mut status = row.status.clone().unwrap_or_else(|| "—".to_owned());
        if !row.merged_before.is_empty() {
            let before: Vec<String> = row.merged_before.iter().map(|pr| format!("PR{pr}")).collect();
            let _ = write!(status, " (before {})", before.join(", "));
        }
        let mut validation = match row.last_run {
            Some((passed, 0)) => format!("pass ({passed})"),
            Some((passed, failed)) => format!("FAIL ({failed} of {})", passed + failed),
            None => "—".to_owned(),
        };
        if let Some(at) = &row.last_run_at {
            let _ = write!(validation, " at {at}");
        }
        let wave = row.wave.map_or_else(|| "—".to_owned(), |wave| wave.to_string());
        let _ = writeln!(
            out,
            "| PR{} {} | {status} | {micro} | {criteria} | {}/{} | {citations} | {validation} | {wave} |",
            row.pr, row.title, row.contracts_covered, row.contracts_total
        );
    }
    out
}

/// What `plan validate` runs for a micro-plan: its `plan:validate` commands, and where its
/// generated `validation` block goes (the byte range to replace: the existing block, or an
/// empty range at the end of the profile's validation section). `None` when the
/// micro-plan has no known profile or no validation section.
pub fn validation_target(db: &dyn Db, micro: PlanFile) -> Option<(Vec<String>, std::ops::Range<usize>)> {
    let plan = micro_plan(db, micro);
    let profile = profile(plan.profile.as_deref()?)?;
    let text = micro.text(db);
    let commands = plan.validation.iter().map(|command| command.command.clone()).collect();
    if let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END))
        && begin < end
    {
        return Some((commands, begin..end + END.len()));
    }
    let heading = plan.sections.iter().find(|(index, _)| *index == profile.validation_section)?.1.clone();
    let end = plan
        .sections
        .iter()
        .map(|(_, range)| range.start)
        .filter(|start| *start > heading.start)
        .min()
        .unwrap_or(text.len());
    Some((commands, end..end))
}

/// The markers of the block `plan validate` writes.
pub(crate) const BEGIN: &str = "<!-- plan:begin validation -->";
pub(crate) const END: &str = "<!-- plan:end validation -->";

#[cfg(test)]
mod tests {
    use engine::Database;

    use crate::lints::tests::VALID_PLAN;
    use crate::plan::micro::tests::{IMPLEMENTATION, TASK};

    /// An edit of one micro-plan re-executes only its own queries for `plan status` (and
    /// the macro plan's `status` block): its read, its citations; not the other
    /// micro-plan's, nor any of the macro plan's.
    #[test]
    fn an_edit_of_one_micro_plan_re_runs_only_its_own_status_queries() {
        let mut db = Database::with_event_log();
        let macro_plan = db.set_plan("PLAN.md", VALID_PLAN);
        let micros = [
            (db.set_micro_plan("plans/pr2.md", IMPLEMENTATION), db.set_micro_lock("plans/pr2.md", "")),
            (db.set_micro_plan("plans/pr1.md", TASK), db.set_micro_lock("plans/pr1.md", "")),
        ];
        let before = super::status_rows(&db, macro_plan, &micros);
        db.take_executed();
        db.set_micro_plan("plans/pr1.md", &TASK.replace("- [ ] Clippy", "- [x] Clippy"));
        let after = super::status_rows(&db, macro_plan, &micros);
        assert_eq!((before[1].criteria_done, after[1].criteria_done), (1, 2));
        let executed = db.take_executed_by_name();
        expect_test::expect![[r#"
            [
                "micro_plan(plans/pr1.md)",
                "micro_citations(plans/pr1.md)",
            ]
        "#]]
        .assert_debug_eq(&executed);
    }
}
