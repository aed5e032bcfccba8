//! What an editor asks of a plan (`plan lsp`): its outline as nested symbols, what a name
//! at a position refers to, and the one-citation fixes. Positions are bytes of the plan's
//! text; the language server turns them into lines and UTF-16 columns.

use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::build::{after_token, rewrite};
use crate::citations::PlacedCitation;
use crate::citations::lock::{self, key};
use crate::citations::resolve::Status;
use crate::plan::outline::SectionId;
use crate::plan::series::prs;
use crate::plan::tracked::{concept_model, plan_outline, risk_register, written_edges};

/// What a [`PlanSymbol`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanSymbolKind {
    Section,
    Block,
    Risk,
    Pr,
    Contract,
}

/// One entry of the plan's outline: a section A–J, a building block, a risk, a PR or one
/// of its contracts. `range` spans the whole entity, `selection` its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanSymbol {
    pub kind: PlanSymbolKind,
    pub name: String,
    pub detail: String,
    pub range: Range<usize>,
    pub selection: Range<usize>,
    pub children: Vec<PlanSymbol>,
}

/// The sections of the plan in document order (each first occurrence), with the blocks of
/// D, the risks of E and the PRs of H (with their contracts) inside them.
pub fn plan_symbols(db: &dyn Db, plan: PlanFile) -> Vec<PlanSymbol> {
    let outline = plan_outline(db, plan);
    let mut out = Vec::new();
    for span in &outline.sections {
        if outline.section(span.id).map(|first| first.range.start) != Some(span.range.start) {
            continue;
        }
        let offset = span.range.start;
        let shift = |range: &Range<usize>| offset + range.start..offset + range.end;
        let children = match span.id {
            SectionId::D => concept_model(db, plan)
                .blocks
                .iter()
                .map(|block| {
                    leaf(PlanSymbolKind::Block, &block.name, &block.responsibility, shift(&block.range))
                })
                .collect(),
            SectionId::E => risk_register(db, plan)
                .risks
                .iter()
                .map(|risk| leaf(PlanSymbolKind::Risk, &risk.decision, &risk.assumption, shift(&risk.range)))
                .collect(),
            SectionId::H => prs(db, plan)
                .iter()
                .map(|pr| PlanSymbol {
                    kind: PlanSymbolKind::Pr,
                    name: format!("PR{}", pr.number),
                    detail: pr.title.clone(),
                    range: shift(&pr.range),
                    selection: shift(&pr.heading),
                    children: pr
                        .contracts
                        .iter()
                        .map(|contract| {
                            leaf(
                                PlanSymbolKind::Contract,
                                &contract.id,
                                &contract.text,
                                shift(&contract.range),
                            )
                        })
                        .collect(),
                })
                .collect(),
            _ => Vec::new(),
        };
        out.push(PlanSymbol {
            kind: PlanSymbolKind::Section,
            name: format!("{}. {}", span.id.letter(), span.id.name()),
            detail: span.heading.trim().to_owned(),
            range: span.range.clone(),
            selection: span.heading_range.clone(),
            children,
        });
    }
    out
}

fn leaf(kind: PlanSymbolKind, name: &str, detail: &str, range: Range<usize>) -> PlanSymbol {
    let name = if name.trim().is_empty() { "(unnamed)" } else { name.trim() };
    let detail = detail.lines().next().unwrap_or_default().trim().to_owned();
    PlanSymbol { kind, name: name.to_owned(), detail, selection: range.clone(), range, children: Vec::new() }
}

/// The outline entry that the name at `offset` refers to: `PR3` → that PR, `BC-2` → the
/// contract of the PR the offset lies in (else the first PR defining it), a building
/// block's name → the block. `None` anywhere else.
pub fn plan_definition(db: &dyn Db, plan: PlanFile, offset: usize) -> Option<PlanSymbol> {
    let text = plan.text(db);
    let symbols = plan_symbols(db, plan);
    let all = || symbols.iter().flat_map(|section| section.children.iter());
    let word = word_at(text, offset)?;
    if let Some(number) = word.strip_prefix("PR").filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
    {
        let name = format!("PR{}", number.trim_start_matches('0').parse::<u32>().unwrap_or(0));
        return all().find(|symbol| symbol.kind == PlanSymbolKind::Pr && symbol.name == name).cloned();
    }
    if word.starts_with("BC-") {
        let contracts = || all().flat_map(|pr| pr.children.iter().map(move |contract| (pr, contract)));
        let named = || contracts().filter(|(_, contract)| contract.name == word);
        return named()
            .find(|(pr, _)| pr.range.contains(&offset))
            .or_else(|| named().next())
            .map(|(_, contract)| contract.clone());
    }
    let (line_start, line) = line_at(text, offset);
    all()
        .filter(|symbol| symbol.kind == PlanSymbolKind::Block && symbol.name != "(unnamed)")
        .find(|block| {
            line.match_indices(block.name.as_str())
                .any(|(at, name)| (line_start + at..=line_start + at + name.len()).contains(&offset))
        })
        .cloned()
}

/// Every place the plan names what the name at `offset` refers to (a PR id, a contract id,
/// a building block), its definition included, in document order. Empty elsewhere.
pub fn plan_references(db: &dyn Db, plan: PlanFile, offset: usize) -> Vec<Range<usize>> {
    let Some(symbol) = plan_definition(db, plan, offset) else { return Vec::new() };
    let text = plan.text(db);
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = Vec::new();
    for (at, _) in text.match_indices(symbol.name.as_str()) {
        let end = at + symbol.name.len();
        let bounded = !text[..at].ends_with(is_word) && !text[end..].starts_with(is_word);
        if bounded && plan_definition(db, plan, at).is_some_and(|found| found.range == symbol.range) {
            out.push(at..end);
        }
    }
    out
}

/// The word (letters, digits, `-`, `_`) around `offset`.
fn word_at(text: &str, offset: usize) -> Option<&str> {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(at, _)| at);
    let end =
        text[offset..].char_indices().find(|(_, c)| !is_word(*c)).map_or(text.len(), |(at, _)| offset + at);
    (start < end).then(|| &text[start..end])
}

/// The line holding `offset`: its start and its text (without the line end).
fn line_at(text: &str, offset: usize) -> (usize, &str) {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let end = text[start..].find('\n').map_or(text.len(), |at| start + at);
    (start, text[start..end].trim_end_matches('\r'))
}

/// The edit `plan build` would make to this one citation: its new location written in
/// its form (moved, or changed at other lines), or `UNVERIFIED` after a stale claim's
/// citation. `None` when the build leaves it as written.
pub fn citation_fix(text: &str, citation: &PlacedCitation) -> Option<(Range<usize>, String)> {
    let resolution = &citation.resolution;
    match resolution.status {
        Status::Fresh | Status::Moved | Status::Changed => {
            let location = resolution.location.as_ref()?;
            (location.key() != citation.site.key())
                .then(|| (citation.range.clone(), rewrite(citation, location)))
        }
        Status::Stale if !citation.site.unverified => {
            let at = after_token(text, citation.range.end.min(text.len()), citation.site.citation.form);
            Some((at..at, " UNVERIFIED".to_owned()))
        }
        Status::Stale | Status::Invalid => None,
    }
}

/// The lock with this one changed citation accepted (`plan build --accept` for it alone):
/// its anchor is the code as it is now, under the key of where it now points. Every other
/// line of the lock is kept. `None` when the citation has no current anchor.
pub fn accept_citation(db: &dyn Db, lock_file: LockFile, citation: &PlacedCitation) -> Option<String> {
    let location = citation.resolution.location.as_ref()?;
    let anchor = citation.resolution.current.clone()?;
    let mut lock = lock::parse(lock_file.text(db));
    lock.anchors.insert(key(&location.path, location.start, location.end), anchor);
    Some(lock::render(&lock))
}

/// An edit of the plan that answers a diagnostic: what it does, the bytes it is about (a PR
/// heading, section I), and the edit (insert `text` at `at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanFix {
    pub title: String,
    pub about: Range<usize>,
    pub at: usize,
    pub text: String,
}

/// The structural fixes of the plan: for a PR lacking Tier 1 or Tier 2 fields (PLAN032),
/// a skeleton of them at the end of the PR; for a `Depends on` that section I does not
/// draw (PLAN042's other half), the edge as a list item at the end of section I.
pub fn plan_fixes(db: &dyn Db, plan: PlanFile) -> Vec<PlanFix> {
    let text = plan.text(db);
    let outline = plan_outline(db, plan);
    let mut fixes = Vec::new();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if let Some(h) = outline.section(SectionId::H) {
        for pr in prs(db, plan) {
            let missing = pr.missing_fields();
            if missing.is_empty() {
                continue;
            }
            let body = h.range.start + pr.range.start..h.range.start + pr.range.end;
            let skeleton: String = missing.iter().map(|field| format!("{newline}- {field}: …")).collect();
            fixes.push(PlanFix {
                title: format!("Add the missing fields to PR{} ({})", pr.number, missing.join(", ")),
                about: h.range.start + pr.heading.start..h.range.start + pr.heading.end,
                at: end_of_content(text, body),
                text: skeleton,
            });
        }
    }
    if let Some(i) = outline.section(SectionId::I) {
        fixes.extend(missing_edges(db, plan, i.range.clone(), newline));
    }
    fixes
}

/// `- PRa -> PRb` for each `Depends on` edge section I does not write, when it writes some.
fn missing_edges(db: &dyn Db, plan: PlanFile, section: Range<usize>, newline: &str) -> Vec<PlanFix> {
    let text = plan.text(db);
    let written: Vec<(u32, u32)> = written_edges(db, plan).iter().map(|edge| (edge.from, edge.to)).collect();
    if written.is_empty() {
        return Vec::new();
    }
    let prs = prs(db, plan);
    let defined: Vec<u32> = prs.iter().map(|pr| pr.number).collect();
    let mut fixes = Vec::new();
    for pr in prs {
        for dependency in pr.depends_on.iter().flatten() {
            if !defined.contains(dependency) || written.contains(&(*dependency, pr.number)) {
                continue;
            }
            fixes.push(PlanFix {
                title: format!(
                    "Add PR{dependency} → PR{} (PR{}'s `Depends on`) to section I",
                    pr.number, pr.number
                ),
                about: section.clone(),
                at: end_of_content(text, section.clone()),
                text: format!("{newline}- PR{dependency} -> PR{}", pr.number),
            });
        }
    }
    fixes
}

/// The end of the last non-blank line of `range` in `text`.
fn end_of_content(text: &str, range: Range<usize>) -> usize {
    let range = range.start.min(text.len())..range.end.min(text.len());
    let body = text.get(range.clone()).unwrap_or_default();
    range.start + body.trim_end().len()
}

#[cfg(test)]
mod tests {
    use engine::Database;
    use expect_test::expect;

    use super::*;

    const PLAN: &str = "# Plan\n\n## D) Concept Model\n\n- **Store**: keeps items.\n\n## H) PR Plan\n\n### PR0: Store\n\n- Building Block Change: Store\n- Depends on: none\n\n### PR1: Api\n\n- Depends on: PR0\n- Contracts:\n  - BC-1: answers.\n\n### PR2: Cli\n\n- Depends on: PR0, PR1\n\n## I) DAG\n\n- PR0 -> PR1\n";

    fn fixture() -> (Database, PlanFile) {
        let mut db = Database::in_memory();
        let plan = db.set_plan("PLAN.md", PLAN);
        (db, plan)
    }

    #[test]
    fn the_outline_nests_blocks_prs_and_contracts_in_their_sections() {
        let (db, plan) = fixture();
        let mut out = String::new();
        for section in plan_symbols(&db, plan) {
            out.push_str(&format!("{} {:?}\n", section.name, &PLAN[section.selection.clone()].trim_end()));
            for child in &section.children {
                out.push_str(&format!("  {:?} {} {:?}\n", child.kind, child.name, child.detail));
                for grandchild in &child.children {
                    out.push_str(&format!(
                        "    {:?} {} {:?}\n",
                        grandchild.kind, grandchild.name, grandchild.detail
                    ));
                }
            }
        }
        expect![[r###"
            D. Concept Model "## D) Concept Model"
              Block Store "keeps items."
            H. PR Plan "## H) PR Plan"
              Pr PR0 "Store"
              Pr PR1 "Api"
                Contract BC-1 "answers."
              Pr PR2 "Cli"
            I. Dependency DAG "## I) DAG"
        "###]]
        .assert_eq(&out);
    }

    #[test]
    fn names_lead_to_their_definitions() {
        let (db, plan) = fixture();
        let at =
            |needle: &str, skip: usize| PLAN.match_indices(needle).nth(skip).map(|(at, _)| at + 1).unwrap();
        let found = |offset: usize| plan_definition(&db, plan, offset).map(|symbol| symbol.name);
        assert_eq!(found(at("PR0 ->", 0)), Some("PR0".to_owned()));
        assert_eq!(found(at("BC-1", 0)), Some("BC-1".to_owned()));
        assert_eq!(found(at("Change: Store", 0) + "Change: ".len()), Some("Store".to_owned()));
        assert_eq!(found(at("keeps", 0)), None);
        let references: Vec<usize> =
            plan_references(&db, plan, at("PR0 ->", 0)).iter().map(|range| range.start).collect();
        assert_eq!(
            references,
            [at("PR0:", 0), at("PR0\n", 0), at("PR0,", 0), at("PR0 ->", 0)].map(|at| at - 1)
        );
    }

    #[test]
    fn fixes_add_missing_fields_and_the_edges_section_i_lacks() {
        let (db, plan) = fixture();
        let fixes = plan_fixes(&db, plan);
        let titles: Vec<String> =
            fixes.iter().map(|fix| fix.title.clone()).filter(|title| !title.contains("fields")).collect();
        expect![[r#"
            [
                "Add PR0 → PR2 (PR2's `Depends on`) to section I",
                "Add PR1 → PR2 (PR2's `Depends on`) to section I",
            ]
        "#]]
        .assert_debug_eq(&titles);
        let edge = fixes.iter().find(|fix| fix.title.starts_with("Add PR0 → PR2")).unwrap();
        assert_eq!((edge.at, edge.text.as_str()), (PLAN.len() - 1, "\n- PR0 -> PR2"));
        let skeleton = fixes.iter().find(|fix| fix.title.contains("fields to PR0")).unwrap();
        assert!(PLAN[..skeleton.at].ends_with("- Depends on: none"), "{skeleton:?}");
        assert!(skeleton.text.starts_with("\n- Motivation: …\n- Scope: …"), "{skeleton:?}");
    }
}
