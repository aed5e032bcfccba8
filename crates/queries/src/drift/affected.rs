//! What a diff touches in the plan, for `plan affected`: the building blocks owning the
//! changed files, the claims (citations) whose lines changed, the generated facts citing
//! changed lines, and the PRs that change an affected block or hold an affected claim.
//! The diff comes from the caller (the CLI reads git); this only maps it.

use engine::{Db, PlanFile};

use crate::citations::section_citations;
use crate::drift::blocks::block_map;
use crate::line_index::LineIndex;
use crate::plan::label::normalize_label;
use crate::plan::model::PrField;
use crate::plan::outline::SectionId;
use crate::plan::series::prs;
use crate::plan::tracked::plan_outline;

/// One changed file: its path and the changed line ranges of its new version, or `None`
/// when the whole file counts (deleted, renamed, binary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    pub lines: Option<Vec<(u32, u32)>>,
}

/// What the changes touch.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Affected {
    pub files: Vec<String>,
    pub blocks: Vec<AffectedBlock>,
    pub prs: Vec<AffectedPr>,
    pub claims: Vec<AffectedClaim>,
    /// Citations in generated blocks (the recon) whose lines changed.
    pub generated: Vec<AffectedClaim>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AffectedBlock {
    pub name: String,
    pub files: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AffectedPr {
    pub number: u32,
    pub title: String,
    pub status: Option<String>,
    /// Why: `block Engine`, `claim at PLAN.md:40`.
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AffectedClaim {
    pub section: char,
    /// The plan line of the citation.
    pub line: u32,
    pub citation: String,
    /// The claim's first line, trimmed.
    pub claim: String,
}

/// Maps `changes` onto `plan`.
pub fn affected(db: &dyn Db, plan: PlanFile, changes: &[ChangedFile]) -> Affected {
    let map = block_map(db, plan);
    let mut out =
        Affected { files: changes.iter().map(|change| change.path.clone()).collect(), ..Affected::default() };
    for (index, block) in map.blocks.iter().enumerate() {
        let files: Vec<String> = changes
            .iter()
            .filter(|change| {
                map.block_of(&change.path) == Some(index) || block.files.binary_search(&change.path).is_ok()
            })
            .map(|change| change.path.clone())
            .collect();
        if !files.is_empty() {
            out.blocks.push(AffectedBlock { name: block.name.clone(), files });
        }
    }
    let outline = plan_outline(db, plan);
    let text = plan.text(db);
    let lines = LineIndex::new(text);
    let mut claims_by_section: Vec<(SectionId, usize, AffectedClaim)> = Vec::new();
    for id in SectionId::ALL {
        let Some(span) = outline.section(id) else { continue };
        let offset = span.range.start;
        for site in section_citations(db, plan, id) {
            let citation = &site.citation;
            let Some(change) = changes.iter().find(|change| change.path == citation.path) else { continue };
            let touched = change.lines.as_ref().is_none_or(|ranges| {
                ranges.iter().any(|&(start, end)| start <= citation.end && citation.start <= end)
            });
            if !touched {
                continue;
            }
            let (line, _) = lines.line_column(text, offset + citation.range.start);
            let claim_text = text.get(offset + site.claim.start..offset + site.claim.end).unwrap_or_default();
            let claim = AffectedClaim {
                section: id.letter(),
                line,
                citation: site.key(),
                claim: shortened(claim_text.lines().next().unwrap_or_default().trim()),
            };
            if site.generated {
                out.generated.push(claim);
            } else {
                claims_by_section.push((id, site.claim.start, claim.clone()));
                out.claims.push(claim);
            }
        }
    }
    let section_h = outline.section(SectionId::H).map(|span| span.range.start);
    for pr in prs(db, plan) {
        let mut reasons = Vec::new();
        if let Some(change) = pr.field(PrField::BuildingBlockChange) {
            let value = format!(" {} ", normalize_label(&change.value));
            for block in &out.blocks {
                let name = normalize_label(&block.name);
                if !name.is_empty() && value.contains(&format!(" {name} ")) {
                    reasons.push(format!("block {}", block.name));
                }
            }
        }
        if section_h.is_some() {
            for (id, claim_start, claim) in &claims_by_section {
                if *id == SectionId::H && pr.range.contains(claim_start) {
                    reasons.push(format!("claim at line {}", claim.line));
                }
            }
        }
        if !reasons.is_empty() {
            out.prs.push(AffectedPr {
                number: pr.number,
                title: pr.title.clone(),
                status: pr.status.clone(),
                reasons,
            });
        }
    }
    out
}

/// At most [`CLAIM_CHARS`] characters, with `…` when cut.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(CLAIM_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

const CLAIM_CHARS: usize = 100;

/// `affected` as text: one line per block, PR, claim and generated fact.
pub fn render_affected(affected: &Affected, plan_path: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} changed files\n", affected.files.len()));
    for block in &affected.blocks {
        out.push_str(&format!("block {}: {}\n", block.name, block.files.join(", ")));
    }
    for pr in &affected.prs {
        let status = pr.status.as_deref().unwrap_or("no status");
        out.push_str(&format!("PR{} {} ({status}): {}\n", pr.number, pr.title, pr.reasons.join(", ")));
    }
    for claim in &affected.claims {
        out.push_str(&format!(
            "claim {plan_path}:{} ({}) cites {}: {}\n",
            claim.line, claim.section, claim.citation, claim.claim
        ));
    }
    for claim in &affected.generated {
        out.push_str(&format!(
            "generated {plan_path}:{} ({}) cites {}\n",
            claim.line, claim.section, claim.citation
        ));
    }
    out
}
