//! Prompt cancellation inside long queries: a query that loops over the whole tree (the
//! recon) asks its [`Interrupt`] now and then, and unwinds as salsa's own cancellation does
//! as soon as the database is about to change, rather than at its next query call.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts the input changes of one database and its clones, and remembers the count this
/// handle last saw: a clone made for a worker (no clone outlives an input change: a setter
/// waits for every clone to drop) fires at the first change after it was made, with no
/// window between a query starting and it taking its [`Interrupt`].
#[derive(Clone, Default)]
pub(crate) struct Epoch {
    shared: Arc<AtomicU64>,
    seen: u64,
}

impl Epoch {
    /// An input is about to change: running computations are out of date.
    pub(crate) fn advance(&mut self) {
        self.seen = self.shared.fetch_add(1, Ordering::AcqRel) + 1;
    }

    pub(crate) fn interrupt(&self) -> Interrupt {
        Interrupt { epoch: Some(self.shared.clone()), at: self.seen }
    }
}

/// A database handle's view of its input changes; [`Interrupt::check`] unwinds once an input
/// changed after the handle last saw one. `Send + Sync`, for the threads a query fans out to.
#[derive(Clone, Default)]
pub struct Interrupt {
    epoch: Option<Arc<AtomicU64>>,
    at: u64,
}

impl Interrupt {
    /// One that never fires (a database without concurrent writers).
    pub fn never() -> Interrupt {
        Interrupt::default()
    }

    /// Whether an input changed since this was taken.
    pub fn is_due(&self) -> bool {
        self.epoch.as_ref().is_some_and(|epoch| epoch.load(Ordering::Acquire) != self.at)
    }

    /// Unwinds with salsa's cancellation payload when an input changed since this was
    /// taken: the caller's `Cancelled::catch` (or salsa, around a query) handles it as a
    /// pending write. A few nanoseconds: call it once per file in a loop over the tree.
    pub fn check(&self) {
        if self.is_due() {
            std::panic::resume_unwind(Box::new(salsa::Cancelled::PendingWrite));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Epoch;
    use crate::Db;

    #[test]
    fn an_interrupt_fires_after_a_change_and_not_before() {
        let mut epoch = Epoch::default();
        let interrupt = epoch.interrupt();
        assert!(!interrupt.is_due());
        epoch.advance();
        assert!(interrupt.is_due());
        let caught = salsa::Cancelled::catch(|| interrupt.check());
        assert!(matches!(caught, Err(salsa::Cancelled::PendingWrite)));
        // Taken after the change, it waits for the next one; a clone made before the change
        // fires, whenever it takes its interrupt.
        let clone = epoch.clone();
        assert!(!epoch.interrupt().is_due());
        epoch.advance();
        assert!(clone.interrupt().is_due());
        assert!(!super::Interrupt::never().is_due());
    }

    /// Every input change fires the interrupts taken before it (a worker's long query
    /// stops), and a setter that changes nothing fires none.
    #[test]
    fn input_changes_fire_the_interrupts_taken_before_them() {
        let path = |text: &str| crate::RelPath::new(text).unwrap();
        let mut db = crate::Database::in_memory();
        db.set_files([(path("a.rs"), crate::FileContents::Text("a".into()))]);
        db.set_plan("PLAN.md", "# Plan");
        let before = db.interrupt();
        db.set_files([(path("a.rs"), crate::FileContents::Text("a".into()))]);
        db.set_plan("PLAN.md", "# Plan");
        assert!(!before.is_due(), "nothing changed");
        db.set_edited_files([(path("b.rs"), crate::FileContents::Text("b".into()))]);
        assert!(before.is_due(), "a file appeared");
        let before = db.interrupt();
        db.set_plan("PLAN.md", "# Plan, edited");
        assert!(before.is_due(), "the plan changed");
        db.set_lock("");
        let before = db.clone().interrupt();
        db.set_lock("plan-lock 1");
        assert!(before.is_due(), "a clone's interrupt fires too");
    }
}
