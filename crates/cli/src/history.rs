//! No lock, no silent guess: when PLAN.lock is missing, each citation's anchor is recovered
//! from git history (the commit that last touched the citation's line in the plan, per
//! `git blame`, and the cited file's text at that commit, per `git show`), so that code that
//! moved since the plan was written is followed. Without git, citations are anchored where
//! they point now, and the run says so.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Stdio};

use engine::{Database, FileContents, RelPath};
use queries::{BuildOptions, LockedCitation};

use crate::args::GlobalArgs;

/// The lock to build with: PLAN.lock, or when there is none, the anchors recovered from git
/// history, with a note saying which (`plan build`, `plan check`, `plan watch`).
pub(crate) fn lock_or_history(
    global: &GlobalArgs,
    db: &mut Database,
    root: &Path,
    plan_path: &Path,
    lock_text: &str,
) -> engine::LockFile {
    let lock = db.set_lock(lock_text);
    if !lock_text.is_empty() {
        return lock;
    }
    let Some(plan) = db.plan() else { return lock };
    let citations = queries::lock_citations(db, plan, lock);
    if citations.is_empty() {
        return lock;
    }
    let recovered = recover(root, plan_path, plan.text(db), &citations, Document::Plan);
    crate::output::note(global, &recovered.message);
    if recovered.lock.is_empty() { lock } else { db.set_lock(&recovered.lock) }
}

/// [`lock_or_history`] for the micro-plan at `path` (relative to the root) and its lock.
pub(crate) fn micro_lock_or_history(
    global: &GlobalArgs,
    db: &mut Database,
    root: &Path,
    (path, text, lock_text): (&str, &str, &str),
) -> (engine::PlanFile, engine::LockFile) {
    let (micro, lock) = (db.set_micro_plan(path, text), db.set_micro_lock(path, lock_text));
    if !lock_text.is_empty() {
        return (micro, lock);
    }
    let citations = queries::micro_lock_citations(db, micro, lock);
    if citations.is_empty() {
        return (micro, lock);
    }
    let recovered = recover(root, &root.join(path), text, &citations, Document::Micro);
    crate::output::note(global, &recovered.message);
    match recovered.lock.is_empty() {
        true => (micro, lock),
        false => (micro, db.set_micro_lock(path, &recovered.lock)),
    }
}

/// Which kind of document a lock is recovered for: they are built differently.
#[derive(Clone, Copy)]
enum Document {
    Plan,
    Micro,
}

/// What [`recover`] found: the lock to build with, and what to tell the user.
pub(crate) struct Recovered {
    pub(crate) lock: String,
    pub(crate) message: String,
}

/// The anchors of `citations` as they were when each was written; an empty lock (and the
/// reason in `message`) when there is no history to read.
fn recover(
    root: &Path,
    plan_path: &Path,
    plan_text: &str,
    citations: &[LockedCitation],
    document: Document,
) -> Recovered {
    let display = plan_path.strip_prefix(root).unwrap_or(plan_path).to_string_lossy().replace('\\', "/");
    let lock_name = match document {
        Document::Plan => "PLAN.lock".to_owned(),
        Document::Micro => crate::commands::micro::lock_path(&display),
    };
    let today = |why: &str| Recovered {
        lock: String::new(),
        message: format!("no {lock_name} {why}: citations are anchored where they point now"),
    };
    let Some(blamed) = blame(root, plan_path) else {
        return today("and the plan has no git history");
    };
    // Citations by the commit that last touched their line; uncommitted lines have none.
    let mut by_commit: BTreeMap<&str, Vec<&LockedCitation>> = BTreeMap::new();
    for citation in citations {
        if let Some(commit) = blamed.get(&citation.line).filter(|commit| !commit.bytes().all(|b| b == b'0')) {
            by_commit.entry(commit.as_str()).or_default().push(citation);
        }
    }
    let mut parts: Vec<(String, BTreeSet<String>)> = Vec::new();
    for (commit, cited) in &by_commit {
        let mut db = Database::in_memory();
        let paths: BTreeSet<&str> = cited.iter().map(|citation| citation.path.as_str()).collect();
        for path in paths {
            // Only paths inside the root are asked of git.
            if let Some(relative) = RelPath::new(path)
                && let Some(text) = show(root, commit, path)
            {
                db.set_file(relative, FileContents::Text(text.into()));
            }
        }
        let built = match document {
            Document::Plan => {
                let (plan, lock) = (db.set_plan(&display, plan_text), db.set_lock(""));
                queries::build(&db, plan, lock, BuildOptions::default())
            }
            Document::Micro => {
                let (micro, lock) = (db.set_micro_plan(&display, plan_text), db.set_micro_lock(&display, ""));
                queries::build_micro(&db, micro, lock, BuildOptions::default())
            }
        };
        parts.push((built.lock, cited.iter().map(|citation| citation.key.clone()).collect()));
    }
    let lock = queries::merge_anchors(parts.iter().map(|(text, keys)| (text.as_str(), keys)));
    let recovered: usize = parts.iter().map(|(_, keys)| keys.len()).sum();
    let commits = by_commit.len();
    Recovered {
        lock,
        message: format!(
            "no {lock_name}: anchored {recovered} of {} citation{} as they were when written (git blame: {commits} commit{}); code that moved since is followed",
            citations.len(),
            if citations.len() == 1 { "" } else { "s" },
            if commits == 1 { "" } else { "s" },
        ),
    }
}

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output.status.success().then_some(output.stdout)
}

/// The commit that last touched each line of the plan (1-based), from `git blame
/// --porcelain`; `None` outside a git work tree or for a plan git does not track.
fn blame(root: &Path, plan_path: &Path) -> Option<BTreeMap<u32, String>> {
    let path = plan_path.to_str()?;
    let out = git(root, &["blame", "--porcelain", "--", path])?;
    let text = String::from_utf8_lossy(&out);
    let mut lines = BTreeMap::new();
    for line in text.lines() {
        // A header: `<sha> <original line> <final line> [<lines in group>]`.
        let mut fields = line.split(' ');
        let (Some(sha), Some(_), Some(final_line)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if sha.len() == 40
            && sha.bytes().all(|b| b.is_ascii_hexdigit())
            && let Ok(number) = final_line.parse::<u32>()
        {
            lines.insert(number, sha.to_owned());
        }
    }
    Some(lines)
}

/// The text of `path` (relative to the root) at `commit`, if it existed and is UTF-8.
fn show(root: &Path, commit: &str, path: &str) -> Option<String> {
    let bytes = git(root, &["show", &format!("{commit}:./{path}")])?;
    String::from_utf8(bytes).ok()
}
