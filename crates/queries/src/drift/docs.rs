//! Documentation drift: the repository's own docs (README.md, CLAUDE.md, AGENTS.md,
//! CONTRIBUTING.md at its root) naming paths that do not exist, or `plan` subcommands and flags
//! that are not there. Paths are read from inline code spans; fenced code is skipped, except
//! shell blocks, whose `plan …` commands are checked for their subcommand and flags.

use engine::{Db, RelPath};

/// The docs read, at the root of the tree.
const DOCS: [&str; 4] = ["README.md", "CLAUDE.md", "AGENTS.md", "CONTRIBUTING.md"];

/// Every subcommand of `plan` with its own flags, long and short (the CLI's tests compare
/// this with its argument parser and print the table to paste when they differ).
pub const PLAN_COMMANDS: &[(&str, &[&str])] = &[
    ("affected", &["--format", "--staged"]),
    ("arch", &["--format"]),
    ("build", &["--accept", "--budget", "--check", "--diff", "--format", "--output-file"]),
    ("check", &["--budget", "--diff", "--format", "--output-file"]),
    ("completions", &[]),
    ("dag", &["--format"]),
    ("explain", &[]),
    ("help", &[]),
    ("init", &["--budget", "--force", "--pr", "--profile"]),
    ("lsp", &[]),
    ("man", &["--out-dir"]),
    ("recon", &["--budget", "--format"]),
    ("rules", &[]),
    ("status", &["--format"]),
    ("symbols", &["--format"]),
    ("validate", &["--dry-run", "--timeout"]),
    ("watch", &["--budget", "--debounce", "--mark-after"]),
];

/// The flags every subcommand takes (`=` after those that take a value).
pub const PLAN_GLOBAL_FLAGS: &[&str] = &[
    "--cache-dir=",
    "--cache-write",
    "--color=",
    "--help",
    "--jobs=",
    "--no-cache",
    "--plan=",
    "--quiet",
    "--root=",
    "--verbose",
    "--version",
    "-V",
    "-h",
    "-j=",
    "-q",
    "-v",
];

/// Directories a walk of the repository never lists, whose paths docs may still name.
const UNLISTED: [&str; 4] = [".plan/", "target/", "node_modules/", ".git/"];

/// One finding: where in which doc, and what it names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct DocFinding {
    pub doc: String,
    pub line: u32,
    pub message: String,
}

/// The findings of every doc of the repository.
#[salsa::tracked(returns(ref))]
pub(crate) fn doc_drift(db: &dyn Db) -> Vec<DocFinding> {
    let workspace = db.workspace();
    let (files, sorted) = (workspace.files(db), workspace.paths(db));
    // In path order, as the findings are reported; found by binary search, so that a tree
    // without these docs costs nothing in its size.
    let mut docs = DOCS;
    docs.sort_unstable();
    let texts: Vec<(&str, &str)> = docs
        .into_iter()
        .filter_map(|doc| {
            let at = sorted.binary_search_by(|path| path.as_str().cmp(doc)).ok()?;
            Some((doc, files[at].contents(db).text()?))
        })
        .collect();
    let mut findings = Vec::new();
    if texts.is_empty() {
        return findings;
    }
    let paths: Vec<&str> = sorted.iter().map(RelPath::as_str).collect();
    for (doc, text) in texts {
        check_doc(doc, "", text, &paths, &mut findings);
    }
    findings
}

fn check_doc(doc: &str, dir: &str, text: &str, paths: &[&str], out: &mut Vec<DocFinding>) {
    let mut fence: Option<(String, bool)> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index as u32 + 1;
        let trimmed = line.trim_start();
        let marker = ["```", "~~~"].into_iter().find(|marker| trimmed.starts_with(marker));
        if let Some(marker) = marker {
            fence = match fence {
                Some((open, _)) if trimmed.starts_with(open.as_str()) => None,
                Some(open) => Some(open),
                None => {
                    let info = trimmed.trim_start_matches(marker).trim().to_ascii_lowercase();
                    Some((
                        marker.to_owned(),
                        matches!(info.as_str(), "sh" | "bash" | "shell" | "console" | "zsh"),
                    ))
                }
            };
            continue;
        }
        match &fence {
            Some((_, true)) => {
                // Each command of the line: `cargo build && plan check --format json`.
                for command in trimmed.trim_start_matches("$ ").split(['|', ';', '&']) {
                    if let Some(message) = command_finding(command.trim()) {
                        out.push(DocFinding { doc: doc.to_owned(), line: number, message });
                    }
                }
            }
            Some(_) => {}
            None => {
                for span in code_spans(line) {
                    let message = command_finding(span).or_else(|| path_finding(span, dir, paths));
                    if let Some(message) = message {
                        out.push(DocFinding { doc: doc.to_owned(), line: number, message });
                    }
                }
            }
        }
    }
}

/// The text of each single-backtick code span of `line`.
fn code_spans(line: &str) -> Vec<&str> {
    let mut spans = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        if after.starts_with('`') {
            rest = after.trim_start_matches('`');
            continue;
        }
        let Some(close) = after.find('`') else { break };
        spans.push(&after[..close]);
        rest = &after[close + 1..];
    }
    spans
}

/// `plan SUBCOMMAND …` with a subcommand `plan` does not have, or a flag that subcommand
/// does not take. A shell line is read up to its first operator (`|`, `&&`, `;`, `>`): what
/// follows is another command's.
fn command_finding(span: &str) -> Option<String> {
    let command = span.split(['|', ';', '&', '>', '<', '#']).next().unwrap_or(span);
    // Environment assignments before the command (`PLAN_LOG=debug plan check`).
    let mut words =
        command.split_whitespace().skip_while(|word| word.contains('=') && !word.starts_with('-'));
    if words.next()? != "plan" {
        return None;
    }
    let (mut subcommand, mut value_next) = (None, false);
    for word in words {
        if word == "--" {
            break;
        }
        if std::mem::take(&mut value_next) {
            continue;
        }
        if word.starts_with('-') && word.len() > 1 {
            let flag = word.split_once('=').map_or(word, |(flag, _)| flag);
            if !flag.trim_start_matches('-').chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return None;
            }
            let global = PLAN_GLOBAL_FLAGS.iter().find(|known| known.trim_end_matches('=') == flag);
            value_next = global.is_some_and(|known| known.ends_with('=')) && !word.contains('=');
            let own = |flags: &[&str]| flags.contains(&flag) || short_cluster(flag, flags);
            if global.is_none()
                && !short_cluster(flag, &[])
                && !subcommand.and_then(flags_of).is_some_and(own)
            {
                let whose = subcommand.map_or_else(|| "`plan`".to_owned(), |name| format!("`plan {name}`"));
                return Some(format!("`{span}` names `{flag}`, which is no flag of {whose}"));
            }
        } else if subcommand.is_none() {
            if !word.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                return None;
            }
            if flags_of(word).is_none() {
                return Some(format!("`{span}` names `plan {word}`, which is no subcommand of `plan`"));
            }
            subcommand = Some(word);
        }
    }
    None
}

/// The flags of subcommand `name`, if `plan` has it.
fn flags_of(name: &str) -> Option<&'static [&'static str]> {
    PLAN_COMMANDS.iter().find(|(command, _)| *command == name).map(|(_, flags)| *flags)
}

/// `-vv` or `-qj4`: short flags run together, each known (a number may follow the last).
fn short_cluster(flag: &str, flags: &[&str]) -> bool {
    let Some(letters) = flag.strip_prefix('-').filter(|letters| !letters.starts_with('-')) else {
        return false;
    };
    let known = |c: char| {
        let short = format!("-{c}");
        flags.contains(&short.as_str())
            || PLAN_GLOBAL_FLAGS.iter().any(|global| global.trim_end_matches('=') == short)
    };
    let mut chars = letters.chars();
    chars.next().is_some_and(known) && chars.all(|c| known(c) || c.is_ascii_digit())
}

/// A code span that looks like a repository path and names nothing: not from the root,
/// not beside the doc, not at the end of any path of the tree.
fn path_finding(span: &str, dir: &str, paths: &[&str]) -> Option<String> {
    let path = strip_line_suffix(span.trim());
    if !looks_like_path(path) || UNLISTED.iter().any(|unlisted| path.starts_with(unlisted)) {
        return None;
    }
    let bare = path.trim_start_matches("./").trim_end_matches('/');
    // Only a path into a directory the tree has (`crates/…`): a bare name (`plan.toml`,
    // `vendor/`) is generic, and `actions/checkout` or `owner/repo` name no directory here.
    let (first, _) = bare.split_once('/')?;
    let exists = |candidate: &str| {
        let at = paths.partition_point(|file| *file < candidate);
        paths.get(at).is_some_and(|file| {
            *file == candidate
                || (file.starts_with(candidate) && file.as_bytes().get(candidate.len()) == Some(&b'/'))
        })
    };
    let beside = if dir.is_empty() { bare.to_owned() } else { format!("{dir}/{bare}") };
    let beside_first = if dir.is_empty() { first.to_owned() } else { format!("{dir}/{first}") };
    if !exists(first) && !exists(&beside_first) {
        return None;
    }
    // Docs name paths relative to what they are describing (`lints/` under a bullet about
    // `crates/queries`): a path that ends some file or directory of the tree exists.
    let (file_suffix, dir_infix) = (format!("/{bare}"), format!("/{bare}/"));
    let anywhere = || {
        paths.iter().any(|file| {
            let file = format!("/{file}");
            file.ends_with(&file_suffix) || file.contains(&dir_infix)
        })
    };
    (!exists(bare) && !exists(&beside) && !anywhere())
        .then(|| format!("`{span}` names no file or directory of the repository"))
}

fn strip_line_suffix(path: &str) -> &str {
    match path.rsplit_once(':') {
        Some((head, lines)) if !lines.is_empty() && lines.chars().all(|c| c.is_ascii_digit() || c == '-') => {
            head
        }
        _ => path,
    }
}

fn looks_like_path(path: &str) -> bool {
    if path.is_empty()
        || path.starts_with(['-', '/', '~', '.']) && !path.starts_with("./") && !path.starts_with(".github/")
        || path.contains("::")
        || path.contains("//")
        || path.chars().any(|c| c.is_whitespace() || "*?<>{}$|=,;()[]\"'@#%&!^+".contains(c))
    {
        return false;
    }
    match path.split_once('/') {
        // A domain (`github.com/x`) is no path of the repository.
        Some((first, _)) => !first.contains('.') || first == "." || first == ".github",
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{DocFinding, check_doc};

    #[test]
    fn missing_paths_and_subcommands_are_found_and_fenced_code_is_skipped() {
        let doc = concat!(
            "Run `plan check` and `plan frobnicate`; see `src/lib.rs`, `src/gone.rs:12`, `docs/`, `rules.md`, `owner/repo`,\n",
            "`github.com/x/y`, `.plan/cache/`, `x.rs` beside.\n```rust\nuse `src/nothing.rs`;\n```\n",
            "```sh\n$ plan build --check\nplan nope\n```\n",
            "`plan check --fix`, `plan --root dir check -qj2 --format=json`, `plan -vv build --accept src/a.rs:3`, `plan check --strict`.\n",
            "```console\n$ cargo build && PLAN_LOG=debug plan watch --debounce 5 | tee log && plan dag --reverse\nplan -x\n```\n",
        );
        let paths = ["docs/rules.md", "src/lib.rs", "sub/x.rs"];
        let mut findings = Vec::new();
        check_doc("sub/README.md", "sub", doc, &paths, &mut findings);
        let lines: Vec<String> =
            findings.iter().map(|DocFinding { line, message, .. }| format!("{line}: {message}")).collect();
        assert_eq!(
            lines,
            [
                "1: `plan frobnicate` names `plan frobnicate`, which is no subcommand of `plan`",
                "1: `src/gone.rs:12` names no file or directory of the repository",
                "8: `plan nope` names `plan nope`, which is no subcommand of `plan`",
                "10: `plan check --fix` names `--fix`, which is no flag of `plan check`",
                "10: `plan check --strict` names `--strict`, which is no flag of `plan check`",
                "12: `plan dag --reverse` names `--reverse`, which is no flag of `plan dag`",
                "13: `plan -x` names `-x`, which is no flag of `plan`",
            ]
        );
    }
}
