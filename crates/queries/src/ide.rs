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
use crate::plan::tracked::{concept_model, plan_outline, prs, risk_register};

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
