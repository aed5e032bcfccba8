//! Any style, same model: one plan rendered in many Markdown styles at random (seeded),
//! each parsed back and compared with the first rendering: the same PRs, titles, fields,
//! contracts, dependencies, statuses and DAG, and the same diagnostics (codes and counts,
//! notes aside), for the valid plan and for plans broken on purpose.
//!
//! `PLAN_STYLE_CASES` sets how many renderings per variant (default 400); the soak script
//! `scripts/style-soak.sh` runs many more.

use std::fmt::Write;

use crate::diagnostics::Severity;
use crate::lints::{RuleLevels, check_plan};
use crate::plan::model::PrField;
use crate::plan::series::{dag, prs};

/// A small deterministic generator (xorshift), so that a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick(&mut self, count: usize) -> usize {
        (self.next() % count as u64) as usize
    }
}

/// How one rendering writes the plan.
#[derive(Clone, Copy, Debug)]
struct Style {
    /// Section headings: 0 `## A) Name`, 1 `## A. Name`, 2 `## A: Name`, 3 `## A — Name`,
    /// 4 `## Section A — Name`, 5 `## Name`, 6 `# A) Name`, 7 `### A) Name`, 8 `**A) Name**`,
    /// 9 setext, 10 `## (A) Name`, 11 `## 1. Name`.
    section: usize,
    /// Labels inside a section: 0 `**Label**`, 1 a sub-heading, 2 `Label:`, 3 `*Label*`.
    label: usize,
    /// PR ids: 0 `PR0`, 1 `PR-0`, 2 `PR 0`, 3 `PR #0`.
    id: usize,
    /// PR headings: 0 `— Title`, 1 `: Title`, 2 `· Title`, 3 `✅ … — Title`, 4 `Step n · …`,
    /// 5 status in the heading, 6 a bold line.
    heading: usize,
    /// Tier labels: 0 `**Tier 1**`, 1 a sub-heading, 2 `_Tier 1 — review summary_`, 3 none.
    tier: usize,
    /// Fields: 0 `- Field: v`, 1 `- **Field:** v`, 2 `**Field:** v` lines, 3 `**Field** — v`
    /// lines, 4 `1. **Field:** v`, 5 a `| Field | Value |` table, 6 `##### Field` headings.
    fields: usize,
    /// Status and dependencies: 0 two fields, 1 on one line joined by ` · `.
    status_line: usize,
    /// Edges in I: 0 a list, 1 arrows `→` in one chain per PR, 2 mermaid, 3 mermaid with
    /// labelled nodes, 4 a `| PR | Depends on |` table, 5 none (the fields are the DAG).
    dag: usize,
    /// Contracts: 0 `BC-1: text`, 1 `**BC-1** — text`, 2 `BC-1 – text`.
    contract: usize,
    crlf: bool,
    bom: bool,
}

impl Style {
    fn random(rng: &mut Rng) -> Style {
        Style {
            section: rng.pick(12),
            label: rng.pick(4),
            id: rng.pick(4),
            heading: rng.pick(7),
            tier: rng.pick(4),
            fields: rng.pick(7),
            status_line: rng.pick(2),
            dag: rng.pick(6),
            contract: rng.pick(3),
            crlf: rng.pick(4) == 0,
            bom: rng.pick(6) == 0,
        }
    }

    fn canonical() -> Style {
        Style {
            section: 0,
            label: 0,
            id: 0,
            heading: 0,
            tier: 0,
            fields: 0,
            status_line: 0,
            dag: 0,
            contract: 0,
            crlf: false,
            bom: false,
        }
    }

    fn id(self, number: u32) -> String {
        match self.id {
            0 => format!("PR{number}"),
            1 => format!("PR-{number}"),
            2 => format!("PR {number}"),
            _ => format!("PR #{number}"),
        }
    }

    /// The level of section headings, and of the headings below them.
    fn levels(self) -> (usize, usize) {
        match self.section {
            6 => (1, 2),
            7 => (3, 4),
            _ => (2, 3),
        }
    }
}

/// One PR of the model.
struct PrModel {
    title: &'static str,
    block: &'static str,
    contracts: Vec<&'static str>,
    depends: Vec<u32>,
    status: &'static str,
}

/// The plan's content, and the breakage applied to it.
struct Model {
    prs: Vec<PrModel>,
    blocks: Vec<&'static str>,
    /// A Tier 1 field left out of PR2.
    drop_motivation: bool,
    /// The gate of the second risk names this PR.
    gate: u32,
}

impl Model {
    fn valid() -> Model {
        let pr = |title, block, contracts: &[&'static str], depends: &[u32], status| PrModel {
            title,
            block,
            contracts: contracts.to_vec(),
            depends: depends.to_vec(),
            status,
        };
        Model {
            prs: vec![
                pr(
                    "Parse plans into sections",
                    "Reader",
                    &["every section of a valid plan is found"],
                    &[],
                    "merged",
                ),
                pr(
                    "Model the PRs",
                    "Modeller",
                    &["fields are read in every style", "ids are normalised"],
                    &[0],
                    "in progress",
                ),
                pr("Check the rules", "Checker", &["a valid plan yields no diagnostic"], &[0], "planned"),
                pr("Show the DAG", "Cli", &["waves follow the dependencies"], &[1, 2], "planned"),
            ],
            blocks: vec!["Reader", "Modeller", "Checker", "Cli"],
            drop_motivation: false,
            gate: 3,
        }
    }
}

const SECTIONS: [(&str, &str); 10] = [
    ("A", "Executive Summary"),
    ("B", "Repository Recon Summary"),
    ("C", "High-Level Objectives + Non-Goals"),
    ("D", "Concept Model"),
    ("E", "Architectural Risk Register"),
    ("F", "Architectural Evolution"),
    ("G", "Cross-Cutting Infrastructure Plan"),
    ("H", "PR Plan"),
    ("I", "Dependency DAG"),
    ("J", "Design Bug Prevention Checklist"),
];

fn section_heading(style: Style, index: usize) -> String {
    let (letter, name) = SECTIONS[index];
    let (level, _) = style.levels();
    let hashes = "#".repeat(level);
    match style.section {
        0 | 6 | 7 => format!("{hashes} {letter}) {name}\n\n"),
        1 => format!("{hashes} {letter}. {name}\n\n"),
        2 => format!("{hashes} {letter}: {name}\n\n"),
        3 => format!("{hashes} {letter} — {name}\n\n"),
        4 => format!("{hashes} Section {letter} — {name}\n\n"),
        5 => format!("{hashes} {name}\n\n"),
        8 => format!("**{letter}) {name}**\n\n"),
        9 => format!("{name}\n{}\n\n", "-".repeat(name.len())),
        10 => format!("{hashes} ({letter}) {name}\n\n"),
        _ => format!("{hashes} {}. {name}\n\n", index + 1),
    }
}

fn label(style: Style, text: &str) -> String {
    let (_, sub) = style.levels();
    match style.label {
        0 => format!("**{text}**\n\n"),
        1 if style.section == 8 => format!("#### {text}\n\n"),
        1 => format!("{} {text}\n\n", "#".repeat(sub)),
        2 => format!("{text}:\n\n"),
        _ => format!("*{text}*\n\n"),
    }
}

fn render(model: &Model, style: Style) -> String {
    let mut out = String::from("# A plan written in one of many styles\n\n");
    out.push_str(&section_heading(style, 0));
    out.push_str("We model plans written in any style. Four PRs; the DAG view lands last.\n\n");
    out.push_str(&section_heading(style, 1));
    out.push_str(&label(style, "Confirmed facts"));
    out.push_str("- The reader splits the plan into blocks (`src/reader.rs:1-3`).\n\n");
    out.push_str(&label(style, "Inferred"));
    out.push_str("- Parsing is cheap enough to redo per edit.\n\n");
    out.push_str(&section_heading(style, 2));
    out.push_str(&label(style, "Objectives"));
    out.push_str("1. Read every style.\n2. Check every rule.\n3. Show the DAG.\n\n");
    out.push_str(&label(style, "Non-Goals"));
    out.push_str("- Rendering HTML.\n\n");
    render_concept(model, style, &mut out);
    render_risks(model, style, &mut out);
    out.push_str(&section_heading(style, 5));
    out.push_str("The reader grows a modeller, then a checker and the views.\n\n");
    out.push_str(&section_heading(style, 6));
    let _ = writeln!(out, "- Fixtures: {} adds the style fixtures; later PRs reuse them.", style.id(0));
    out.push_str("- Docs: none for CLAUDE.md; the repository has no agent file.\n\n");
    out.push_str(&section_heading(style, 7));
    for (number, pr) in model.prs.iter().enumerate() {
        render_pr(model, style, number as u32, pr, &mut out);
    }
    out.push_str(&section_heading(style, 8));
    render_dag(model, style, &mut out);
    out.push_str(&section_heading(style, 9));
    out.push_str("- Every style parses to one model.\n");
    if style.crlf {
        out = out.replace('\n', "\r\n");
    }
    if style.bom {
        out.insert(0, '\u{feff}');
    }
    out
}

fn render_concept(model: &Model, style: Style, out: &mut String) {
    out.push_str(&section_heading(style, 3));
    out.push_str(&label(style, "Building Blocks"));
    for block in &model.blocks {
        let _ = writeln!(out, "- **{block}** — does one thing for the {block} part.");
    }
    out.push('\n');
    out.push_str(&label(style, "Interaction Model"));
    out.push_str("- External: User\n- User -> Cli: commands\n- Cli -> Reader: the plan\n- Reader -> Modeller: blocks\n- Modeller -> Checker: the model\n\n");
    out.push_str(&label(style, "Extension Points"));
    let _ = writeln!(
        out,
        "- **Style** — a way of writing fields.\n  - Default: the built-in styles\n  - First non-default: {}\n",
        style.id(1)
    );
}

fn render_risks(model: &Model, style: Style, out: &mut String) {
    out.push_str(&section_heading(style, 4));
    out.push_str(
        "| Decision | Assumption | Validation Method | Cost if Wrong | Gate |\n|---|---|---|---|---|\n",
    );
    let _ = writeln!(
        out,
        "| One reader for all styles | Styles differ only in form | Property test in {} | 3 PRs | Before {} merge |",
        style.id(1),
        style.id(1)
    );
    let _ = writeln!(
        out,
        "| Petgraph for the DAG | Its SCC finds every cycle | Unit tests in {} | {} rework | Before {} merge |\n",
        style.id(3),
        style.id(3),
        style.id(model.gate)
    );
    out.push_str(&label(style, "One reader for all styles"));
    out.push_str("- Success criteria: 1,000 renderings give one model.\n- Abort plan: support fewer styles and say so.\n\n");
}

fn render_pr(model: &Model, style: Style, number: u32, pr: &PrModel, out: &mut String) {
    let (_, level) = style.levels();
    let hashes = "#".repeat(if style.section == 8 { 3 } else { level });
    let id = style.id(number);
    let status_in_heading = style.heading == 5;
    match style.heading {
        0 => {
            let _ = write!(out, "{hashes} {id} — {}\n\n", pr.title);
        }
        1 => {
            let _ = write!(out, "{hashes} {id}: {}\n\n", pr.title);
        }
        2 => {
            let _ = write!(out, "{hashes} {id} · {}\n\n", pr.title);
        }
        3 => {
            let _ = write!(out, "{hashes} ✅ {id} — {}\n\n", pr.title);
        }
        4 => {
            let _ = write!(out, "{hashes} Step {} · {id} — {}\n\n", number + 1, pr.title);
        }
        5 => {
            let _ = write!(out, "{hashes} {id} — {} (Status: {})\n\n", pr.title, pr.status);
        }
        _ => {
            let _ = write!(out, "**{id} — {}**\n\n", pr.title);
        }
    }
    let depends = if pr.depends.is_empty() {
        "none".to_owned()
    } else {
        pr.depends.iter().map(|number| style.id(*number)).collect::<Vec<_>>().join(", ")
    };
    let contracts: Vec<String> = pr
        .contracts
        .iter()
        .enumerate()
        .map(|(index, text)| match (style.contract, style.fields) {
            (1, 5) | (0, _) => format!("BC-{}: {text}", index + 1),
            (1, _) => format!("**BC-{}** — {text}", index + 1),
            _ => format!("BC-{} – {text}", index + 1),
        })
        .collect();
    let mut tier1: Vec<(&str, String)> = vec![
        ("Building Block Change", format!("{} (grows)", pr.block)),
        ("Motivation", format!("{} is needed next.", pr.title)),
        ("Scope", "in: the change; out: the rest.".to_owned()),
        ("Behavioral Guarantees", String::new()),
        ("Risks", "a style we did not foresee; the corpus.".to_owned()),
        ("Cross-Cutting", "consumes the fixtures.".to_owned()),
        ("Validation Gate", "none.".to_owned()),
    ];
    if model.drop_motivation && number == 2 {
        tier1.retain(|(name, _)| *name != "Motivation");
    }
    let tier2: Vec<(&str, String)> = [
        "Architectural Impact",
        "API Surface Changes",
        "CLI Changes",
        "Test Categories",
        "Documentation Updates",
        "Why Independently Reviewable",
        "Why No Dead Code",
    ]
    .into_iter()
    .map(|name| (name, format!("{name} of this PR, in a line.")))
    .collect();
    let status_and_depends = if status_in_heading {
        vec![("Depends on", depends)]
    } else {
        vec![("Status", pr.status.to_owned()), ("Depends on", depends)]
    };
    let pr_level = if style.section == 8 || style.heading == 6 { 3 } else { level };
    tier_label(style, pr_level + 1, 1, out);
    write_fields(style, pr_level + 2, &tier1, &contracts, out);
    write_status(style, pr_level + 2, &status_and_depends, out);
    tier_label(style, pr_level + 1, 2, out);
    write_fields(style, pr_level + 2, &tier2, &[], out);
}

fn tier_label(style: Style, level: usize, tier: u8, out: &mut String) {
    match style.tier {
        0 => {
            let _ = write!(out, "**Tier {tier}**\n\n");
        }
        1 => {
            let _ = write!(out, "{} Tier {tier}\n\n", "#".repeat(level.min(6)));
        }
        2 => {
            let _ = write!(
                out,
                "_Tier {tier} — {}_\n\n",
                if tier == 1 { "review summary" } else { "implementation guide" }
            );
        }
        _ => {}
    }
}

fn write_fields(
    style: Style,
    level: usize,
    fields: &[(&str, String)],
    contracts: &[String],
    out: &mut String,
) {
    let guarantees = |indent: &str, out: &mut String| {
        for contract in contracts {
            let _ = writeln!(out, "{indent}- {contract}");
        }
    };
    match style.fields {
        5 => {
            out.push_str("| Field | Value |\n|---|---|\n");
            for (name, value) in fields {
                let value =
                    if *name == "Behavioral Guarantees" { contracts.join("<br>") } else { value.clone() };
                let _ = writeln!(out, "| {name} | {value} |");
            }
            out.push('\n');
        }
        6 => {
            for (name, value) in fields {
                let _ = write!(out, "{} {name}\n\n", "#".repeat(level.min(6)));
                if *name == "Behavioral Guarantees" {
                    guarantees("", out);
                    out.push('\n');
                } else {
                    let _ = write!(out, "{value}\n\n");
                }
            }
        }
        2 | 3 => {
            for (name, value) in fields {
                let line = if style.fields == 2 {
                    format!("**{name}:** {value}")
                } else {
                    format!("**{name}** — {value}")
                };
                let _ = writeln!(out, "{}", line.trim_end());
                if *name == "Behavioral Guarantees" {
                    guarantees("", out);
                }
            }
            out.push('\n');
        }
        kind => {
            for (number, (name, value)) in fields.iter().enumerate() {
                let line = match kind {
                    0 => format!("- {name}: {value}"),
                    1 => format!("- **{name}:** {value}"),
                    _ => format!("{}. **{name}:** {value}", number + 1),
                };
                let _ = writeln!(out, "{}", line.trim_end());
                if *name == "Behavioral Guarantees" {
                    guarantees(if kind == 4 { "   " } else { "  " }, out);
                }
            }
            out.push('\n');
        }
    }
}

fn write_status(style: Style, level: usize, fields: &[(&str, String)], out: &mut String) {
    if style.status_line == 1 && fields.len() == 2 {
        let _ =
            write!(out, "**{}:** {} · **{}:** {}\n\n", fields[0].0, fields[0].1, fields[1].0, fields[1].1);
        return;
    }
    write_fields(Style { fields: style.fields.min(4), ..style }, level, fields, &[], out);
}

fn render_dag(model: &Model, style: Style, out: &mut String) {
    let edges: Vec<(u32, u32)> = model
        .prs
        .iter()
        .enumerate()
        .flat_map(|(to, pr)| pr.depends.iter().map(move |from| (*from, to as u32)))
        .collect();
    match style.dag {
        0 => {
            for (from, to) in &edges {
                let _ = writeln!(out, "- {} -> {}", style.id(*from), style.id(*to));
            }
        }
        1 => {
            for (to, pr) in model.prs.iter().enumerate() {
                if !pr.depends.is_empty() {
                    let from: Vec<String> = pr.depends.iter().map(|number| style.id(*number)).collect();
                    let _ = writeln!(out, "- {} → {}", from.join(", "), style.id(to as u32));
                }
            }
        }
        2 | 3 => {
            out.push_str("```mermaid\ngraph TD\n");
            if style.dag == 3 {
                for (number, pr) in model.prs.iter().enumerate() {
                    let _ = writeln!(out, "  n{number}[PR{number}: {}]", pr.title);
                }
            }
            for (from, to) in &edges {
                let node =
                    |number: u32| if style.dag == 3 { format!("n{number}") } else { format!("PR{number}") };
                let _ = writeln!(out, "  {} --> {}", node(*from), node(*to));
            }
            out.push_str("```\n");
        }
        4 => {
            out.push_str("| PR | Depends on | Wave |\n|---|---|---|\n");
            for (number, pr) in model.prs.iter().enumerate() {
                let depends: Vec<String> = pr.depends.iter().map(|number| style.id(*number)).collect();
                let depends = if depends.is_empty() { "—".to_owned() } else { depends.join(", ") };
                let _ = writeln!(out, "| {} | {depends} | {} |", style.id(number as u32), number + 1);
            }
        }
        _ => out.push_str("The `Depends on` fields are the DAG.\n"),
    }
    out.push('\n');
}

/// What must not depend on the style: the PRs with their titles, fields, contracts,
/// dependencies and statuses, the DAG, and the diagnostics (codes and counts, notes aside).
fn summary(text: &str) -> String {
    let (db, plan, lock) = crate::lints::tests::fixture(text);
    let mut out = String::new();
    for pr in prs(&db, plan) {
        let missing = pr.missing_fields();
        let contracts: Vec<String> =
            pr.contracts.iter().map(|contract| format!("{}={}", contract.id, contract.text)).collect();
        let block =
            pr.field(PrField::BuildingBlockChange).map(|field| field.value.clone()).unwrap_or_default();
        let _ = writeln!(
            out,
            "PR{} {:?} block {block:?} missing {missing:?} contracts {contracts:?} depends {:?} status {:?}",
            pr.number, pr.title, pr.depends_on, pr.status
        );
    }
    let _ = writeln!(out, "edges {:?}", dag(&db, plan).edges);
    let mut codes: Vec<&str> = check_plan(&db, plan, lock, &RuleLevels::default())
        .iter()
        .filter(|placed| placed.diagnostic.severity != Severity::Note)
        .map(|placed| placed.code())
        .collect();
    codes.sort_unstable();
    let _ = writeln!(out, "diagnostics {codes:?}");
    out
}

fn cases() -> u64 {
    std::env::var("PLAN_STYLE_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(400)
}

#[track_caller]
fn every_style_reads_the_same(model: &Model, expected: expect_test::Expect) {
    let reference = summary(&render(model, Style::canonical()));
    expected.assert_eq(&reference);
    for seed in 0..cases() {
        let style = Style::random(&mut Rng::new(seed));
        let text = render(model, style);
        let found = summary(&text);
        assert_eq!(found, reference, "seed {seed}, {style:?}, the plan:\n{text}");
    }
}

#[test]
fn any_style_same_model_for_a_valid_plan() {
    every_style_reads_the_same(
        &Model::valid(),
        expect_test::expect![[r#"
            PR0 "Parse plans into sections" block "Reader (grows)" missing [] contracts ["BC-1=every section of a valid plan is found"] depends Some([]) status Some("merged")
            PR1 "Model the PRs" block "Modeller (grows)" missing [] contracts ["BC-1=fields are read in every style", "BC-2=ids are normalised"] depends Some([0]) status Some("in progress")
            PR2 "Check the rules" block "Checker (grows)" missing [] contracts ["BC-1=a valid plan yields no diagnostic"] depends Some([0]) status Some("planned")
            PR3 "Show the DAG" block "Cli (grows)" missing [] contracts ["BC-1=waves follow the dependencies"] depends Some([1, 2]) status Some("planned")
            edges [(0, 1), (0, 2), (1, 3), (2, 3)]
            diagnostics []
        "#]],
    );
}

#[test]
fn any_style_same_diagnostics_for_broken_plans() {
    let mut model = Model::valid();
    model.drop_motivation = true;
    model.gate = 9;
    model.blocks.extend(["Extra1", "Extra2", "Extra3", "Extra4"]);
    model.prs[1].depends.push(3);
    every_style_reads_the_same(
        &model,
        expect_test::expect![[r#"
            PR0 "Parse plans into sections" block "Reader (grows)" missing [] contracts ["BC-1=every section of a valid plan is found"] depends Some([]) status Some("merged")
            PR1 "Model the PRs" block "Modeller (grows)" missing [] contracts ["BC-1=fields are read in every style", "BC-2=ids are normalised"] depends Some([0, 3]) status Some("in progress")
            PR2 "Check the rules" block "Checker (grows)" missing ["Motivation"] contracts ["BC-1=a valid plan yields no diagnostic"] depends Some([0]) status Some("planned")
            PR3 "Show the DAG" block "Cli (grows)" missing [] contracts ["BC-1=waves follow the dependencies"] depends Some([1, 2]) status Some("planned")
            edges [(0, 1), (0, 2), (1, 3), (2, 3), (3, 1)]
            diagnostics ["PLAN006", "PLAN022", "PLAN032", "PLAN040"]
        "#]],
    );
}
