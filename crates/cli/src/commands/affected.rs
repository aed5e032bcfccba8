//! `plan affected [REV | A..B] [--staged]`: what a diff touches in the plan. Reads the diff
//! with the `git` binary (`git diff -U0 --relative`), maps it with `queries::affected`,
//! and writes nothing.

use std::io::{self, Write};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use queries::ChangedFile;

use crate::Outcome;
use crate::args::{AffectedArgs, AffectedFormat, GlobalArgs};
use crate::session::Session;

pub(crate) fn run(global: &GlobalArgs, args: &AffectedArgs) -> anyhow::Result<Outcome> {
    let session = Session::open(global)?;
    let documents = session.documents(global);
    let (text, _) = documents.read_plan()?;
    let changes = changed_files(&session.root, args)?;
    let mut db = session.load_database()?;
    let plan = db.set_plan(&documents.display_path, &text);
    let affected = queries::affected(&db, plan, &changes);
    let mut stdout = io::stdout().lock();
    match args.format {
        AffectedFormat::Text => {
            stdout.write_all(queries::render_affected(&affected, &documents.display_path).as_bytes())?
        }
        AffectedFormat::Json => {
            serde_json::to_writer_pretty(&mut stdout, &affected).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}

/// The files the diff changes, with the changed lines of their new versions.
fn changed_files(root: &Path, args: &AffectedArgs) -> anyhow::Result<Vec<ChangedFile>> {
    let rev = args.rev.as_deref().unwrap_or("HEAD");
    let mut diff = vec!["diff", "-U0", "--no-color", "--no-ext-diff", "--relative", "--no-renames"];
    let revisions: Vec<&str> = match rev.split_once("..") {
        Some((from, to)) if !args.staged => vec![from, if to.is_empty() { "HEAD" } else { to }],
        Some(_) => bail!("--staged compares the index with one revision, not a range like {rev}"),
        None => vec![rev],
    };
    for revision in &revisions {
        verify(root, revision)?;
    }
    if args.staged {
        diff.push("--cached");
    }
    diff.extend(&revisions);
    diff.push("--");
    let output = git(root, &diff)?;
    Ok(parse_diff(&output))
}

fn git(root: &Path, args: &[&str]) -> anyhow::Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .context("failed to run git (is it installed and on PATH?)")?;
    if !output.status.success() {
        bail!("git {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// A revision git knows, or an error that says why not: outside a repository, a shallow
/// clone missing the history, or an unknown name.
fn verify(root: &Path, revision: &str) -> anyhow::Result<()> {
    if git(root, &["rev-parse", "--git-dir"]).is_err() {
        bail!("{} is not in a git repository: `plan affected` compares git revisions", root.display());
    }
    if git(root, &["rev-parse", "--verify", "--quiet", &format!("{revision}^{{commit}}")]).is_ok() {
        return Ok(());
    }
    let shallow = git(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|out| out.trim() == "true");
    if shallow {
        bail!(
            "unknown revision `{revision}` in a shallow clone: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)"
        );
    }
    bail!("unknown revision `{revision}`: name a commit, branch or tag (`main`, `HEAD~3`), or a range `A..B`")
}

/// `+++ b/path` and `@@ -a,b +c,d @@` lines: the new side's changed ranges per file; a
/// deletion (`+c,0`) touches lines `c` and `c + 1`; a deleted file counts whole.
fn parse_diff(diff: &str) -> Vec<ChangedFile> {
    let mut files: Vec<ChangedFile> = Vec::new();
    let mut old_path = None;
    for line in diff.lines() {
        if let Some(path) = line.strip_prefix("--- ") {
            old_path = path.strip_prefix("a/").map(str::to_owned);
        } else if let Some(path) = line.strip_prefix("+++ ") {
            match path.strip_prefix("b/") {
                Some(path) => files.push(ChangedFile { path: path.to_owned(), lines: Some(Vec::new()) }),
                None => files.extend(old_path.take().map(|path| ChangedFile { path, lines: None })),
            }
        } else if let Some(hunk) = line.strip_prefix("@@ ") {
            let Some(new) = hunk.split_whitespace().find_map(|part| part.strip_prefix('+')) else { continue };
            let (start, count) = match new.split_once(',') {
                Some((start, count)) => (start.parse().unwrap_or(0), count.parse().unwrap_or(1)),
                None => (new.parse().unwrap_or(0), 1),
            };
            let range = if count == 0 { (start, start + 1) } else { (start, start + count - 1) };
            if let Some(ChangedFile { lines: Some(ranges), .. }) = files.last_mut() {
                ranges.push(range);
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::parse_diff;

    #[test]
    fn hunks_become_new_side_line_ranges() {
        let diff = "diff --git a/src/a.rs b/src/a.rs\n--- a/src/a.rs\n+++ b/src/a.rs\n@@ -3,2 +3,4 @@ fn a\n+x\n@@ -10 +12,0 @@\n-y\ndiff --git a/old.rs b/old.rs\n--- a/old.rs\n+++ /dev/null\n@@ -1,3 +0,0 @@\n";
        let files = parse_diff(diff);
        assert_eq!(files[0].path, "src/a.rs");
        assert_eq!(files[0].lines, Some(vec![(3, 6), (12, 13)]));
        assert_eq!(files[1].path, "old.rs");
        assert_eq!(files[1].lines, None);
    }
}
