//! What keeps a build (`plan build`, and each rebuild of `plan watch`) from damaging a
//! plan when its inputs look wrong: a refusal to mark most claims `UNVERIFIED` at once
//! when none of their files exist, and a warning for each file that cannot be read
//! (citations into it are not checked, never marked).

use std::path::Path;

use crate::args::GlobalArgs;
use crate::output;

/// At least this many claims, and over half of all citations, newly marked `UNVERIFIED`
/// in one build, none of whose files exist, is not code that changed: it is a tree that is
/// not the plan's (a wrong `--root`, a checkout that failed).
const SUSPICIOUS_MARKS: usize = 5;

/// Why a build must not write: it would newly mark most claims `UNVERIFIED` when none of
/// their files exist in the tree. `None` when the marks look like code changes.
pub(crate) fn mass_marking(
    db: &engine::Database,
    first: &queries::BuildOutput,
    root: &Path,
) -> Option<String> {
    let marked: Vec<&queries::PlacedCitation> = first
        .citations
        .iter()
        .filter(|cited| cited.resolution.status == queries::CitationStatus::Stale)
        .filter(|cited| !cited.site.unverified && !cited.site.generated)
        .collect();
    let missing = |cited: &&queries::PlacedCitation| {
        engine::RelPath::new(&cited.site.citation.path)
            .and_then(|path| db.file(&path))
            .is_none_or(|file| matches!(file.contents(db), engine::FileContents::Missing))
    };
    (marked.len() >= SUSPICIOUS_MARKS && marked.len() * 2 > first.citations.len() && marked.iter().all(missing))
        .then(|| {
            format!(
                "refusing to write: {} of the plan's {} citations would be marked UNVERIFIED, and none of their files exist under {}; is that the repository the plan describes? (if the code really is gone, run `plan build --accept`)",
                marked.len(),
                first.citations.len(),
                root.display()
            )
        })
}

pub(crate) fn refuse_suspicious(reason: Option<String>) -> anyhow::Result<()> {
    reason.map_or(Ok(()), |reason| Err(anyhow::anyhow!(reason)))
}

/// What could not be walked or read (an unreadable directory or file, a link loop) is
/// said, once: citations into it are reported as not checked, never marked.
pub(crate) fn warn_unwalked(global: &GlobalArgs, db: engine::Database) -> engine::Database {
    let workspace = engine::Db::workspace(&db);
    let problems = workspace.problems(&db).iter().map(|problem| (problem.path.clone(), &problem.reason));
    let unreadable = workspace.files(&db).iter().filter_map(|file| match file.contents(&db) {
        engine::FileContents::Skipped(reason) => Some((file.path(&db).to_string(), reason)),
        _ => None,
    });
    for (path, reason) in problems.chain(unreadable).filter(|(_, reason)| reason.is_error()) {
        output::warn(global, &format!("{path}: {reason}; citations into it are not checked"));
    }
    db
}

/// The warning for each file of a batch that `plan watch` can no longer read (a read
/// error, a link loop, a file that kept changing while it was read).
pub(crate) fn unreadable_changes(
    db: &engine::Database,
    root: &Path,
    batch: &[engine::ChangeEvent],
) -> Vec<String> {
    batch
        .iter()
        .filter_map(|change| match change {
            engine::ChangeEvent::Changed(path) => {
                let relative = if path.is_absolute() { path.strip_prefix(root).ok()? } else { path };
                relative.to_str().and_then(engine::RelPath::new)
            }
            _ => None,
        })
        .filter_map(|path| match db.file(&path)?.contents(db) {
            engine::FileContents::Skipped(reason) if reason.is_error() => {
                Some(format!("{path}: {reason}; citations into it are not checked"))
            }
            _ => None,
        })
        .collect()
}
