//! What `plan check` fails for: the rules' errors, and each reason a build would rewrite the
//! plan or its lock, as a diagnostic. A `recon` block out of date only because of code the
//! plan does not cite is a warning (PLAN074), so that unrelated changes, and two passing
//! branches merged together, never fail the gate; moved and changed citations are errors
//! here (PLAN063, PLAN062); any other rewrite no error explains is PLAN075.

use std::collections::BTreeSet;
use std::ops::Range;

use engine::{Db, LockFile, PlanFile};

use crate::build::BuildOutput;
use crate::citations::lock::{self, Lock};
use crate::citations::resolve::Status;
use crate::diagnostics::{Diagnostic, Location, Placed, Severity, place};
use crate::lints::{BUILD_WOULD_CHANGE, GENERATED_BLOCK_OUTDATED, RuleLevels, Suppressions};
use crate::plan::outline::{GeneratedBlock, Outline, outline};
use crate::plan::tracked::plan_outline;
use crate::render::{changed_lines, unified_diff};

/// `plan check`'s verdict on a build's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gate {
    /// The rules' diagnostics and the rewrites', placed and sorted.
    pub diagnostics: Vec<Placed>,
    /// The unified diff of the plan (`a/` what is written, `b/` what a build would write).
    pub plan_diff: String,
    /// The unified diff of the lock.
    pub lock_diff: String,
    /// The lock entries a build would add (`+`) or drop (`-`), by kind and key:
    /// `+ anchor src/a.rs:12-14`.
    pub lock_entries: Vec<String>,
    /// The diff of the `recon` blocks alone (what PLAN074 is about).
    pub recon_diff: String,
}

/// Judges `output`, a settled build of `plan` and `lock` (the database holding the texts as
/// written again), together with the rules' `diagnostics`.
pub fn gate(
    db: &dyn Db,
    plan: PlanFile,
    lock: LockFile,
    output: &BuildOutput,
    diagnostics: Vec<Placed>,
    levels: &RuleLevels,
) -> Gate {
    let text: &str = plan.text(db);
    let path = plan.path(db);
    let lock_text: &str = lock.text(db);
    let mut diagnostics = promote_citation_changes(diagnostics, levels);
    let old_outline = plan_outline(db, plan);
    let new_outline = outline(&output.plan, &crate::plan::markdown::blocks(&output.plan));

    let (masked, recon_blocks) = mask_recon(text, old_outline, &output.plan, &new_outline);
    let mut found: Vec<Diagnostic> = Vec::new();
    for block in &recon_blocks {
        found.push(
            Diagnostic::new(
                &GENERATED_BLOCK_OUTDATED.rule,
                "the generated `recon` block is out of date: code the plan does not cite changed",
                Location::Document(block.begin.clone()),
            )
            .with_help("run `plan build` to refresh it (the text output and `plan check --diff` show the diff); this does not fail `plan check` unless `PLAN074 = \"deny\"` in plan.toml"),
        );
    }
    let mut recon_diff = String::new();
    if !recon_blocks.is_empty() {
        recon_diff = unified_diff(path, path, &masked, &output.plan);
    }

    found.extend(rewrites(text, old_outline, &masked, &diagnostics));
    // The citations of the documents as written (a micro-plan's too: `plan` may be one).
    let settled: BTreeSet<String> = output
        .citations
        .iter()
        .filter(|citation| citation.resolution.status != Status::Fresh || citation.site.generated)
        .flat_map(|citation| {
            let now = citation.resolution.location.as_ref().map(|location| location.key());
            [Some(citation.site.key()), now].into_iter().flatten()
        })
        .collect();
    let mut generated = generated_keys(text, &old_outline.generated);
    generated.extend(generated_keys(&output.plan, &new_outline.generated));
    let lock_name = lock::lock_name(path);
    if let Some(message) = lock_mismatch(&lock_name, lock_text, &output.lock, &settled, &generated) {
        let first_line = crate::line_index::first_line_end(text);
        found.push(
            Diagnostic::new(&BUILD_WOULD_CHANGE.rule, message, Location::Document(0..first_line))
                .with_help(format!("run `plan build` and commit {lock_name} with the plan (`plan check --diff` shows the lock's diff)")),
        );
    }

    let found: Vec<Diagnostic> =
        found.into_iter().filter_map(|diagnostic| levels.apply(diagnostic)).collect();
    // `<!-- plan:allow PLAN074 -->` on the line silences these as it does every rule.
    let allowed = Suppressions::of(text);
    diagnostics.extend(place(db, plan, found).into_iter().filter(|placed| !allowed.allow(placed)));
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.diagnostic.rule.code, &a.diagnostic.message).cmp(&(
            b.range.start,
            b.diagnostic.rule.code,
            &b.diagnostic.message,
        ))
    });
    let lock_diff = unified_diff(&lock_name, &lock_name, lock_text, &output.lock);
    let lock_entries = lock_entries(&lock_diff);
    Gate {
        diagnostics,
        plan_diff: unified_diff(path, path, text, &output.plan),
        lock_diff,
        lock_entries,
        recon_diff,
    }
}

/// The entries a lock diff adds (`+`) or drops (`-`), by kind and key:
/// `+ anchor src/a.rs:12-14`.
fn lock_entries(lock_diff: &str) -> Vec<String> {
    lock_diff
        .lines()
        .filter(|line| !line.starts_with("+++") && !line.starts_with("---"))
        .filter_map(|line| {
            let sign = line.chars().next().filter(|sign| matches!(sign, '+' | '-'))?;
            let mut fields = line[1..].split('\t');
            let (kind, key) = (fields.next()?, fields.next()?);
            (!kind.starts_with('#') && kind != "plan-lock").then(|| format!("{sign} {kind} {key}"))
        })
        .collect()
}

/// A citation that moved or changed fails the gate: its note or warning becomes an error,
/// unless `plan.toml` set the rule's level.
fn promote_citation_changes(mut diagnostics: Vec<Placed>, levels: &RuleLevels) -> Vec<Placed> {
    for placed in &mut diagnostics {
        let code = placed.diagnostic.rule.code;
        let citation_rule =
            code == crate::lints::CITATION_CHANGED.code || code == crate::lints::CITATION_MOVED.code;
        if citation_rule && !levels.levels.contains_key(code) {
            placed.diagnostic.severity = Severity::Error;
        }
    }
    diagnostics
}

/// `new` with each `recon` block's content put back as `old` has it, and the `old` blocks
/// whose content a build would change. Blocks pair up in order: a build never adds or
/// removes markers.
fn mask_recon(
    old: &str,
    old_outline: &Outline,
    new: &str,
    new_outline: &Outline,
) -> (String, Vec<GeneratedBlock>) {
    let recon = |outline: &Outline| -> Vec<GeneratedBlock> {
        outline.generated.iter().filter(|block| block.name == "recon").cloned().collect()
    };
    let (old_blocks, new_blocks) = (recon(old_outline), recon(new_outline));
    if old_blocks.len() != new_blocks.len() {
        return (new.to_owned(), Vec::new());
    }
    let mut masked = String::with_capacity(new.len());
    let mut cursor = 0;
    let mut outdated = Vec::new();
    for (old_block, new_block) in old_blocks.iter().zip(&new_blocks) {
        let old_content = &old[old_block.begin.end..old_block.end.start];
        let new_content = &new[new_block.begin.end..new_block.end.start];
        if old_content != new_content {
            outdated.push(old_block.clone());
        }
        masked.push_str(&new[cursor..new_block.begin.end]);
        masked.push_str(old_content);
        cursor = new_block.end.start;
    }
    masked.push_str(&new[cursor..]);
    (masked, outdated)
}

/// A PLAN075 for each run of lines a build would rewrite outside the `recon` blocks that no
/// error on those lines explains (a stale citation's `UNVERIFIED`, a moved citation).
fn rewrites(text: &str, outline: &Outline, masked: &str, diagnostics: &[Placed]) -> Vec<Diagnostic> {
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let start_of = |line: usize| line_starts.get(line).copied().unwrap_or(text.len());
    let mut out = Vec::new();
    let mut blocks_reported: BTreeSet<usize> = BTreeSet::new();
    for (old_lines, new_lines) in changed_lines(text, masked) {
        let first = old_lines.start;
        let last = old_lines.end.max(first + 1);
        let explained = diagnostics.iter().any(|placed| {
            placed.diagnostic.severity == Severity::Error
                && (first + 1..=last).contains(&(placed.line as usize))
        });
        if explained {
            continue;
        }
        let at = start_of(first);
        let range = at..crate::line_index::first_line_end(&text[at..]) + at;
        if let Some((index, block)) = outline
            .generated
            .iter()
            .enumerate()
            .find(|(_, block)| block.begin.start <= at && at <= block.end.end)
        {
            if blocks_reported.insert(index) {
                out.push(
                    Diagnostic::new(
                        &BUILD_WOULD_CHANGE.rule,
                        format!("the generated `{}` block is out of date with the plan", block.name),
                        Location::Document(block.begin.clone()),
                    )
                    .with_help("run `plan build` and commit PLAN.md (`plan check --diff` shows the diff)"),
                );
            }
            continue;
        }
        let count = new_lines.len();
        let marker_only = |lines: &Range<usize>, text: &str| {
            text.split_inclusive('\n')
                .skip(lines.start)
                .take(lines.len())
                .any(|line| line.contains("UNVERIFIED"))
        };
        let message = match (old_lines.len(), count) {
            _ if marker_only(&old_lines, text) && !marker_only(&new_lines, masked) => {
                "`plan build` would remove the `UNVERIFIED` it wrote here: the citation resolves again"
                    .to_owned()
            }
            (0, 1) => "`plan build` would insert a line here".to_owned(),
            (0, n) => format!("`plan build` would insert {n} lines here"),
            (1, _) => "`plan build` would rewrite this line".to_owned(),
            (n, _) => format!("`plan build` would rewrite these {n} lines"),
        };
        out.push(
            Diagnostic::new(&BUILD_WOULD_CHANGE.rule, message, Location::Document(range))
                .with_help("run `plan build` and commit PLAN.md (`plan check --diff` shows the diff)"),
        );
    }
    out
}

/// The lock keys of the citations inside generated blocks: the tool's own.
fn generated_keys(text: &str, blocks: &[GeneratedBlock]) -> BTreeSet<String> {
    blocks
        .iter()
        .filter_map(|block| text.get(block.begin.end..block.end.start))
        .flat_map(crate::plan::refs::citations)
        .map(|citation| lock::key(&citation.path, citation.start, citation.end))
        .collect()
}

/// What differs between the lock as written and as a build would write it, leaving out the
/// anchors of citations whose own diagnostic explains them (`settled`) and of the tool's
/// own citations in generated blocks; `None` when nothing else differs.
fn lock_mismatch(
    lock_name: &str,
    old_text: &str,
    new_text: &str,
    settled: &BTreeSet<String>,
    generated: &BTreeSet<String>,
) -> Option<String> {
    if old_text == new_text {
        return None;
    }
    let (old, new): (Lock, Lock) = (lock::parse(old_text), lock::parse(new_text));
    let ignored = |key: &String| settled.contains(key) || generated.contains(key);
    let missing: Vec<&String> =
        new.anchors.keys().filter(|key| !old.anchors.contains_key(*key) && !ignored(key)).collect();
    let gone: Vec<&String> =
        old.anchors.keys().filter(|key| !new.anchors.contains_key(*key) && !ignored(key)).collect();
    let differ: Vec<&String> = new
        .anchors
        .iter()
        .filter(|(key, anchor)| old.anchors.get(*key).is_some_and(|old| old != *anchor) && !ignored(key))
        .map(|(key, _)| key)
        .collect();
    let contracts = old.contracts != new.contracts;
    let revisions = old.revisions != new.revisions;
    if old_text.trim().is_empty() && !new.anchors.is_empty() {
        return Some(format!(
            "there is no {lock_name}: `plan build` would write one anchoring {} citation{}",
            new.anchors.len(),
            if new.anchors.len() == 1 { "" } else { "s" }
        ));
    }
    let mut parts = Vec::new();
    let list = |keys: &[&String]| {
        let shown: Vec<String> = keys.iter().take(5).map(|key| format!("`{key}`")).collect();
        let more = keys.len().saturating_sub(5);
        if more > 0 { format!("{} and {more} more", shown.join(", ")) } else { shown.join(", ") }
    };
    if !missing.is_empty() {
        parts.push(format!("has no entry for {}", list(&missing)));
    }
    if !gone.is_empty() {
        parts.push(format!("has entries for citations that are gone: {}", list(&gone)));
    }
    if !differ.is_empty() {
        parts.push(format!("anchors {} differently", list(&differ)));
    }
    if contracts {
        parts.push("records other contract texts".to_owned());
    }
    if revisions {
        parts.push("records other revision notes".to_owned());
    }
    if old.malformed.len() != new.malformed.len() {
        parts.push("has lines that cannot be read".to_owned());
    }
    (!parts.is_empty()).then(|| format!("{lock_name} does not match the plan: it {}", parts.join("; it ")))
}
