//! Whether the changes since the recon last ran can change what it reads. When they
//! cannot (an edit inside a body, code moved down a line: most saves), the recon is
//! verified without running again, and one rebuild rewrites the plan with it; when they
//! can, a rebuild without the recon answers first and a recon pass follows. So does the
//! first edit of a file in a session (but for the files the watch expected to be edited):
//! it lowers the file's durability, after which verifying the recon visits the whole tree
//! once (tens of milliseconds at 100,000 files), which the recon pass does instead.

use engine::{ChangeEvent, Database, FileContents, SourceFile};
use queries::ReconRead;
use std::collections::HashSet;

/// Files compared one by one: past this many changed files, the recon is taken to change.
const COMPARED_FILES: usize = 8;

/// Files remembered as edited in this session: past this many, a file not among them is
/// taken to be edited for the first time.
const MAX_EDITED: usize = 1 << 16;

/// The files changed since the recon last ran, each with what the recon read of it then.
#[derive(Default)]
pub(crate) struct ReconBase {
    files: Vec<(SourceFile, ReconRead)>,
    /// A change the views cannot tell about: a file appearing or disappearing, a
    /// directory, a rescan, many files, a file's first edit.
    other: bool,
    /// The files edited in this session, and those expected to be.
    edited: HashSet<SourceFile>,
}

impl ReconBase {
    /// Before `sources` are applied: what the recon read of each file they name, the first
    /// time it changes since the recon last ran; every file they name counts as edited.
    pub(crate) fn before(&mut self, db: &Database, sources: &[ChangeEvent]) {
        for change in sources {
            let path = match change {
                ChangeEvent::Changed(path) | ChangeEvent::Removed(path) if is_temporary(path) => continue,
                ChangeEvent::Changed(path) => path,
                ChangeEvent::Removed(_) | ChangeEvent::Rescan => {
                    self.other = true;
                    continue;
                }
            };
            let Some(file) = db.file_at(path).filter(|file| *file.contents(db) != FileContents::Missing)
            else {
                self.other = true;
                continue;
            };
            if !self.edited.contains(&file) {
                if self.edited.len() < MAX_EDITED {
                    self.edited.insert(file);
                }
                self.other = true;
            }
            if self.other || self.files.iter().any(|(known, _)| *known == file) {
                continue;
            }
            if self.files.len() == COMPARED_FILES {
                self.other = true;
                self.files.clear();
                continue;
            }
            self.files.push((file, queries::recon_read(db, file)));
        }
    }

    /// Whether the recon may read differently now than when it last ran.
    pub(crate) fn touched(&self, db: &Database) -> bool {
        self.other || self.files.iter().any(|(file, then)| queries::recon_read(db, *file) != *then)
    }

    /// The files given edit durability when the watch started (`Database::expect_edits`).
    pub(crate) fn expect(&mut self, files: impl IntoIterator<Item = SourceFile>) {
        self.edited.extend(files.into_iter().take(MAX_EDITED.saturating_sub(self.edited.len())));
    }

    /// The recon ran over what the database holds now.
    pub(crate) fn ran(&mut self) {
        self.files.clear();
        self.other = false;
    }
}

/// `plan`'s own atomic writes: never a file of the tree.
fn is_temporary(path: &std::path::Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(engine::write::is_temporary)
}
