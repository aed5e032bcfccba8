//! Building blocks mapped to files: each file of the repository belongs to the block whose
//! `Paths:` pattern matching it is the most specific; two blocks matching it equally are a
//! tie (reported, and the file left to neither).

use engine::{Db, PlanFile};

use crate::code::lang::LanguageSpec;
use crate::drift::globs::Pattern;
use crate::plan::label::normalize_label;
use crate::plan::series::{PrText, pr, pr_texts};
use crate::plan::tracked::concept_model;

/// One block's mapping.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct MappedBlock {
    pub name: String,
    /// Each `Paths:` pattern with the number of files it matches (before specificity).
    pub patterns: Vec<(Pattern, usize)>,
    /// Files it owns, sorted.
    pub files: Vec<String>,
    /// Whether any file it owns is source code of a language `plan` reads.
    pub has_code: bool,
    /// Whether only PRs not yet merged change it: a block still to be built, which may be
    /// empty.
    pub planned: bool,
}

/// Every block's files, and the ties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct BlockMap {
    /// In the concept model's order.
    pub blocks: Vec<MappedBlock>,
    /// (block, block, files) for files two blocks match equally, by block pair.
    pub ties: Vec<(usize, usize, Vec<String>)>,
    /// Every source file's block, sorted by path (files under no block are absent).
    pub owner: Vec<(String, usize)>,
    /// Whether the plan maps blocks to code at all (some block has `Paths:`).
    pub mapped: bool,
}

impl BlockMap {
    /// The block owning `path` (a file, or a directory: the block of its first file).
    pub(crate) fn block_of(&self, path: &str) -> Option<usize> {
        match self.owner.binary_search_by(|(file, _)| file.as_str().cmp(path)) {
            Ok(found) => Some(self.owner[found].1),
            Err(at) => {
                // A directory (a Go package): the block of a file directly in it, else below.
                let prefix = if path.is_empty() { String::new() } else { format!("{path}/") };
                let below = || self.owner[at..].iter().take_while(|(file, _)| file.starts_with(&prefix));
                below()
                    .find(|(file, _)| !file[prefix.len()..].contains('/'))
                    .or_else(|| below().next())
                    .map(|(_, block)| *block)
            }
        }
    }
}

/// Each block's name and `Paths:` entries: backdates when prose of D changes.
#[salsa::tracked(returns(ref))]
pub(crate) fn block_paths(db: &dyn Db, plan: PlanFile) -> Vec<(String, Vec<String>)> {
    concept_model(db, plan).blocks.iter().map(|block| (block.name.clone(), block.paths.clone())).collect()
}

/// Whether some block of `plan` has `Paths:`: then the drift rules read every file's
/// imports, and the CLI parses every file in parallel first.
pub fn maps_blocks(db: &dyn Db, plan: PlanFile) -> bool {
    block_paths(db, plan).iter().any(|(_, paths)| paths.iter().any(|path| Pattern::parse(path).is_some()))
}

/// Each PR's building block change (normalized) and whether the PR is merged: backdates
/// when prose of H changes.
#[salsa::tracked(returns(ref))]
pub(crate) fn block_changes(db: &dyn Db, plan: PlanFile) -> Vec<(String, bool)> {
    pr_texts(db, plan).filter_map(|text| pr_block_change(db, text).clone()).collect()
}

/// One PR's building block change (normalized) and whether it is merged: an edit of one PR
/// re-reads only its own.
#[salsa::tracked(returns(ref))]
fn pr_block_change<'db>(db: &'db dyn Db, text: PrText<'db>) -> Option<(String, bool)> {
    let pr = pr(db, text);
    let change = pr.field(crate::plan::model::PrField::BuildingBlockChange)?;
    Some((normalize_label(&change.value), pr.status.as_deref() == Some("merged")))
}

/// The blocks of `plan`'s concept model mapped to the repository's files.
#[salsa::tracked(returns(ref))]
pub(crate) fn block_map(db: &dyn Db, plan: PlanFile) -> BlockMap {
    let changes = block_changes(db, plan);
    let mut blocks: Vec<MappedBlock> = block_paths(db, plan)
        .iter()
        .map(|(block_name, paths)| {
            let name = normalize_label(block_name);
            let changed_by: Vec<bool> = changes
                .iter()
                .filter(|(change, _)| {
                    !name.is_empty() && format!(" {change} ").contains(&format!(" {name} "))
                })
                .map(|(_, merged)| *merged)
                .collect();
            MappedBlock {
                name: block_name.clone(),
                patterns: paths.iter().filter_map(|path| Pattern::parse(path)).map(|p| (p, 0)).collect(),
                files: Vec::new(),
                has_code: false,
                planned: !changed_by.is_empty() && !changed_by.contains(&true),
            }
        })
        .collect();
    let mapped = blocks.iter().any(|block| !block.patterns.is_empty());
    let mut owner = Vec::new();
    let mut ties: Vec<(usize, usize, Vec<String>)> = Vec::new();
    if mapped {
        for file in db.workspace().files(db).iter() {
            let path = file.path(db).as_str();
            let mut best: Option<((usize, usize), usize)> = None;
            let mut tied: Option<usize> = None;
            for (index, block) in blocks.iter_mut().enumerate() {
                for (pattern, count) in &mut block.patterns {
                    let Some(specificity) = pattern.matching(path) else { continue };
                    *count += 1;
                    match best {
                        Some((top, holder)) if specificity == top && holder != index => tied = Some(index),
                        Some((top, _)) if specificity <= top => {}
                        _ => {
                            best = Some((specificity, index));
                            tied = None;
                        }
                    }
                }
            }
            let Some((_, holder)) = best else { continue };
            if let Some(other) = tied {
                if LanguageSpec::for_path(path).is_some() {
                    blocks[holder].has_code = true;
                    blocks[other].has_code = true;
                }
                let pair = (holder.min(other), holder.max(other));
                match ties.iter_mut().find(|(a, b, _)| (*a, *b) == pair) {
                    Some((_, _, files)) => files.push(path.to_owned()),
                    None => ties.push((pair.0, pair.1, vec![path.to_owned()])),
                }
                continue;
            }
            blocks[holder].files.push(path.to_owned());
            if LanguageSpec::for_path(path).is_some() {
                blocks[holder].has_code = true;
            }
            owner.push((path.to_owned(), holder));
        }
    }
    owner.sort();
    ties.sort();
    BlockMap { blocks, ties, owner, mapped }
}
