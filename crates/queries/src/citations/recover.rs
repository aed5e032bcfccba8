//! Anchors recovered from history when a plan has no lock: the CLI asks `git blame` which
//! commit last touched each citation's line ([`lock_citations`] says which lines), builds the
//! plan against the cited files as they were at that commit, and keeps from each such
//! build's lock the anchors of the citations written then ([`merge_anchors`]).

use std::collections::BTreeSet;

use engine::{Db, LockFile, PlanFile};

use crate::citations::lock::{self, Lock};
use crate::citations::plan_citations;

/// A citation the lock anchors: its lock key, its path and the plan line it is written on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedCitation {
    pub key: String,
    pub path: String,
    pub line: u32,
}

/// The plan's own citations (those in generated blocks are the tool's), in document order.
pub fn lock_citations(db: &dyn Db, plan: PlanFile, lock: LockFile) -> Vec<LockedCitation> {
    plan_citations(db, plan, lock)
        .into_iter()
        .filter(|citation| !citation.site.generated)
        .map(|citation| LockedCitation {
            key: citation.site.key(),
            path: citation.site.citation.path.clone(),
            line: citation.line,
        })
        .collect()
}

/// [`lock_citations`] for a micro-plan (`micro`, with its own `lock`).
pub fn micro_lock_citations(db: &dyn Db, micro: PlanFile, lock: LockFile) -> Vec<LockedCitation> {
    crate::citations::micro::micro_plan_citations(db, micro, lock)
        .into_iter()
        .map(|citation| LockedCitation {
            key: citation.site.key(),
            path: citation.site.citation.path.clone(),
            line: citation.line,
        })
        .collect()
}

/// One lock holding, from each `(lock text, keys)`, the anchors of those keys.
pub fn merge_anchors<'a>(parts: impl IntoIterator<Item = (&'a str, &'a BTreeSet<String>)>) -> String {
    let mut merged = Lock::default();
    for (text, keys) in parts {
        let part = lock::parse(text);
        for (key, anchor) in part.anchors {
            if keys.contains(&key) {
                merged.anchors.entry(key).or_insert(anchor);
            }
        }
    }
    lock::render(&merged)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use engine::{Database, FileContents, RelPath};

    use crate::build::{BuildOptions, build};

    /// Anchored on the old code, a build of the new code follows the function that moved.
    #[test]
    fn anchors_from_old_code_follow_it_where_it_moved() {
        let plan_text = "## B) Repository Recon Summary\n\n- `src/a.rs:2-4`\n";
        let old = "// a\nfn run() {\n    go();\n}\n";
        let mut then = Database::in_memory();
        then.set_file(RelPath::new("src/a.rs").unwrap(), FileContents::Text(old.into()));
        let plan = then.set_plan("PLAN.md", plan_text);
        let lock = then.set_lock("");
        let citations = super::lock_citations(&then, plan, lock);
        assert_eq!(
            format!("{citations:?}"),
            r#"[LockedCitation { key: "src/a.rs:2-4", path: "src/a.rs", line: 3 }]"#
        );
        let old_lock = build(&then, plan, lock, BuildOptions::default()).lock;
        let keys: BTreeSet<String> = citations.into_iter().map(|citation| citation.key).collect();
        let recovered = super::merge_anchors([(old_lock.as_str(), &keys)]);

        let mut now = Database::in_memory();
        let new = format!("// a\n// b\n// c\n{}", &old[5..]);
        now.set_file(RelPath::new("src/a.rs").unwrap(), FileContents::Text(new.into()));
        let plan = now.set_plan("PLAN.md", plan_text);
        let lock = now.set_lock(&recovered);
        let built = build(&now, plan, lock, BuildOptions::default());
        assert!(built.plan.contains("`src/a.rs:4-6`"), "{}", built.plan);
    }
}
