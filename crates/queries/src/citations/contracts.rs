//! Contracts against the lock: which `BC-n` texts changed since the last build without a
//! revision note that explains them. `plan build` keeps the old text in the lock for those,
//! and PLAN035 reports them.

use engine::{Db, LockFile, PlanFile};

use crate::citations::lock::hash;
use crate::citations::lock_contents;
use crate::plan::refs::pr_numbers;
use crate::plan::series::{pr, pr_texts};
use crate::plan::tracked::revision_notes;

/// The contracts whose change is not explained, as (PR, id), in document order.
#[salsa::tracked(returns(ref))]
pub fn unexplained_contract_changes(db: &dyn Db, plan: PlanFile, lock: LockFile) -> Vec<(u32, String)> {
    let locked = lock_contents(db, lock);
    if locked.contracts.is_empty() {
        return Vec::new();
    }
    let new_notes: Vec<&str> = revision_notes(db, plan)
        .iter()
        .filter(|note| !locked.revisions.contains(&note_hash(&note.text)))
        .map(|note| note.text.as_str())
        .collect();
    let mut out = Vec::new();
    for key in pr_texts(db, plan) {
        let pr = pr(db, key);
        for contract in &pr.contracts {
            let Some(old) = locked.contracts.get(&(pr.number, contract.id.clone())) else { continue };
            if same_text(old, &contract.text) {
                continue;
            }
            let explained = new_notes.iter().any(|note| {
                pr_numbers(note).contains(&pr.number)
                    || note
                        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                        .any(|word| word == contract.id)
            });
            if !explained {
                out.push((pr.number, contract.id.clone()));
            }
        }
    }
    out
}

/// The hash a revision note is recorded under in the lock.
pub(crate) fn note_hash(text: &str) -> u64 {
    hash(text.split_whitespace().collect::<Vec<_>>().join(" ").as_bytes())
}

fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}
