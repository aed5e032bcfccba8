//! Command-line arguments.

use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keeps a software design plan true to the code it describes.
#[derive(Debug, Parser)]
#[command(name = "plan", version = env!("PLAN_VERSION"), about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags every command takes.
#[derive(Clone, Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Repository root [default: with --plan, the nearest ancestor of the plan's directory
    /// holding plan.toml or .git; else the enclosing git work tree, else the current directory].
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) root: Option<PathBuf>,

    /// The plan document [default: `plan` in plan.toml, else PLAN.md under the root].
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) plan: Option<PathBuf>,

    /// More output on stderr: -v for debug logs, -vv for trace logs (`PLAN_LOG` filters
    /// them further, e.g. `PLAN_LOG=queries=trace`).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub(crate) verbose: u8,

    /// Only errors, and the reason for a failure: no notes or warnings, no progress bar.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,

    /// When to color output. `auto` colors a terminal, honouring `NO_COLOR`,
    /// `CLICOLOR_FORCE`, `CLICOLOR=0` and `TERM=dumb`.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,

    /// Neither read nor write the fact cache in `.plan/cache/` (parse every file).
    #[arg(long, global = true)]
    pub(crate) no_cache: bool,

    /// Keep the fact cache in DIR instead of `.plan/cache/`, e.g. one CI restores between
    /// runs; `plan check` only reads it unless `--cache-write`.
    #[arg(long, global = true, value_name = "DIR", env = "PLAN_CACHE_DIR", conflicts_with = "no_cache")]
    pub(crate) cache_dir: Option<PathBuf>,

    /// Let `plan check` save the fact cache too (it only reads it otherwise).
    #[arg(long, global = true)]
    pub(crate) cache_write: bool,

    /// Worker threads for parsing [default: the number of cores].
    #[arg(long, short = 'j', global = true, value_name = "N", value_parser = parse_jobs)]
    pub(crate) jobs: Option<NonZeroUsize>,
}

/// `-j N`: a positive number of threads, with a message that says so.
fn parse_jobs(value: &str) -> Result<NonZeroUsize, String> {
    match value.trim().parse::<usize>() {
        Ok(0) => Err("plan needs at least one worker thread; leave out -j to use one per core".to_owned()),
        Ok(jobs) => Ok(NonZeroUsize::new(jobs).unwrap_or(NonZeroUsize::MIN)),
        Err(_) => Err(format!("`{value}` is not a number of threads; give a whole number such as 4")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print what a diff touches in the plan: the building blocks owning the changed files,
    /// the PRs that change them, the claims and generated facts citing changed lines.
    /// Reads git; writes nothing.
    Affected(AffectedArgs),
    /// Print the architecture as the code has it: the building blocks (`Paths:`), the
    /// imports between them, declared by an interaction arrow or not. Exit 1 on an
    /// undeclared coupling.
    Arch(DagArgs),
    /// Refresh the plan's citations and generated blocks, update PLAN.lock, report
    /// diagnostics. Always writes, even when rule errors remain; exit 1 on errors.
    Build(BuildArgs),
    /// `plan build --check`: the same analysis, writing nothing. Exit 1 on errors or when a
    /// build would change the plan or its lock.
    Check(CheckArgs),
    /// Print a completion script for SHELL (bash, zsh, fish, powershell, elvish), e.g.
    /// `plan completions bash > ~/.local/share/bash-completion/completions/plan`.
    Completions(CompletionsArgs),
    /// Print the PR dependency graph: merge order, parallel waves, workstreams, critical
    /// path and validation gates.
    Dag(DagArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Write a PLAN.md with the ten sections, guidance from the format, and the generated
    /// recon and DAG; refuses to overwrite one without --force.
    Init(InitArgs),
    /// Serve the plan to an editor: a language server over stdin/stdout (diagnostics as
    /// you type, go to cited code, hover, completion, quick fixes).
    Lsp,
    /// Print the man page of `plan` (roff) to stdout, e.g. `plan man > plan.1`; with a
    /// directory, write `plan.1` and one page per subcommand (`plan-build.1`, …) there.
    Man(ManArgs),
    /// Print the repository recon generated from the code.
    Recon(ReconArgs),
    /// List every rule with its code, name and default severity.
    Rules,
    /// Per PR of the plan: status as written, micro-plan, acceptance criteria done,
    /// contracts covered, DAG wave.
    Status(StatusArgs),
    /// Print the symbols (definitions) and imports extracted from source files.
    Symbols(SymbolsArgs),
    /// Run the `plan:validate` commands of PR's micro-plan, each with a timeout, and record
    /// what ran, exit codes, durations and output tails in its Validation section.
    Validate(ValidateArgs),
    /// `plan build`, then again on every change to the repository or the plan, with one
    /// summary line per rebuild. Ctrl-C stops it.
    Watch(WatchArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write every page into this directory instead of printing `plan.1`.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct WatchArgs {
    /// Milliseconds of quiet the watcher waits for before a batch of changes is applied.
    /// 0 (the default) applies a change as soon as it arrives; a burst of changes (more
    /// than a few files) still ends in one rebuild and one write.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub(crate) debounce: u64,
    /// Milliseconds a citation must stay stale, with no change arriving, before the watch
    /// writes `UNVERIFIED` after it (a cut and paste, a branch switch, never leave one).
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    pub(crate) mark_after: u64,
    /// Lines the generated recon may take in section B.
    /// [default: `[recon] budget` in plan.toml, else 60]
    #[arg(long, value_name = "LINES")]
    pub(crate) budget: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// Write nothing; exit 1 if the build would change the plan or its lock.
    #[arg(long)]
    pub(crate) check: bool,
    /// Accept changed citations: anchor them to the code as it is now (after reviewing
    /// their claims). Alone or with `PLAN062`, every changed citation; with CITATION
    /// (`--accept src/a.rs:10-20`, repeatable), only those.
    #[arg(long, conflicts_with = "check", num_args = 0..=1, action = clap::ArgAction::Append, value_name = "CITATION")]
    pub(crate) accept: Option<Vec<String>>,
    /// With `--check`: print the unified diff of the plan and the lock a build would write.
    #[arg(long, requires = "check")]
    pub(crate) diff: bool,
    /// Write the report (diagnostics in `--format`) to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub(crate) output_file: Option<PathBuf>,
    /// Output format of the diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
    /// Lines the generated recon may take in section B.
    /// [default: `[recon] budget` in plan.toml, else 60]
    #[arg(long, value_name = "LINES")]
    pub(crate) budget: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Overwrite an existing plan.
    #[arg(long)]
    pub(crate) force: bool,
    /// Write a micro-plan skeleton of this profile (`implementation`: seed 000, `task`:
    /// seed 001) for the PR given with --pr, as `plans/prN.md`, instead of a PLAN.md.
    #[arg(long, value_name = "PROFILE", requires = "pr")]
    pub(crate) profile: Option<String>,
    /// The macro PR the micro-plan implements (`PR3` or `3`).
    #[arg(long, value_name = "PR", requires = "profile")]
    pub(crate) pr: Option<String>,
    /// Lines the generated recon may take in section B.
    /// [default: `[recon] budget` in plan.toml, else 60]
    #[arg(long, value_name = "LINES")]
    pub(crate) budget: Option<usize>,
}

#[derive(Debug, Args)]
pub(crate) struct ReconArgs {
    /// Output format: Markdown as it goes into section B (within the budget), or JSON with
    /// every fact and flag.
    #[arg(long, value_enum, default_value_t = ReconFormat::Md)]
    pub(crate) format: ReconFormat,
    /// Lines the Markdown recon may take.
    /// [default: `[recon] budget` in plan.toml, else 60]
    #[arg(long, value_name = "LINES")]
    pub(crate) budget: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReconFormat {
    Md,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub(crate) format: CheckFormat,
    /// Print the unified diff of the plan and the lock a build would write (text format).
    #[arg(long)]
    pub(crate) diff: bool,
    /// Write the report (diagnostics in `--format`) to FILE instead of stdout, e.g. a SARIF
    /// file for code scanning.
    #[arg(long, value_name = "FILE")]
    pub(crate) output_file: Option<PathBuf>,
    /// Lines the generated recon may take in section B.
    /// [default: `[recon] budget` in plan.toml, else 60]
    #[arg(long, value_name = "LINES")]
    pub(crate) budget: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    Text,
    Json,
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…,line=…::…`): annotations on the
    /// pull request.
    Github,
}

#[derive(Debug, Args)]
pub(crate) struct AffectedArgs {
    /// The revision to compare the working tree with (`main`, `HEAD~3`), or a range `A..B`
    /// [default: HEAD].
    #[arg(value_name = "REV")]
    pub(crate) rev: Option<String>,
    /// Compare the staged changes (the index) with REV instead of the working tree.
    #[arg(long)]
    pub(crate) staged: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AffectedFormat::Text)]
    pub(crate) format: AffectedFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AffectedFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct DagArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DagFormat::Text)]
    pub(crate) format: DagFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DagFormat {
    Text,
    Mermaid,
    Dot,
    Json,
}

impl From<DagFormat> for queries::DagView {
    fn from(format: DagFormat) -> queries::DagView {
        match format {
            DagFormat::Text => queries::DagView::Text,
            DagFormat::Mermaid => queries::DagView::Mermaid,
            DagFormat::Dot => queries::DagView::Dot,
            DagFormat::Json => queries::DagView::Json,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ExplainArgs {
    /// A rule code (`PLAN040`) or name (`dag-cycle`).
    pub(crate) code: String,
}

#[derive(Debug, Args)]
pub(crate) struct SymbolsArgs {
    /// Files or directories to list [default: the whole repository].
    #[arg(value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SymbolsFormat::Text)]
    pub(crate) format: SymbolsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SymbolsFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn arguments_are_consistent() {
        Cli::command().debug_assert();
    }

    /// The flags of `command` (long and short, with dashes), sorted.
    fn flags_of(command: &clap::Command, global: bool) -> Vec<String> {
        let mut flags: Vec<String> = command
            .get_arguments()
            .filter(|arg| {
                arg.is_global_set() == global && !["help", "version"].contains(&arg.get_id().as_str())
            })
            .flat_map(|arg| {
                // Global flags that take a value end in `=` (the doc check skips the value).
                let value = if global && arg.get_action().takes_values() { "=" } else { "" };
                let long = arg.get_long().map(|long| format!("--{long}{value}"));
                let short = arg.get_short().map(|short| format!("-{short}{value}"));
                long.into_iter().chain(short)
            })
            .collect();
        flags.sort();
        flags
    }

    /// PLAN082 checks the docs' `plan SUBCOMMAND --flag`s against `queries`' tables.
    #[test]
    fn the_doc_drift_rule_knows_every_subcommand_and_flag() {
        let mut root = Cli::command();
        root.build();
        let mut commands: Vec<(String, Vec<String>)> = root
            .get_subcommands()
            .map(|command| (command.get_name().to_owned(), flags_of(command, false)))
            .collect();
        commands.sort();
        let known: Vec<(String, Vec<String>)> = queries::PLAN_COMMANDS
            .iter()
            .map(|(name, flags)| (name.to_string(), flags.iter().map(|flag| flag.to_string()).collect()))
            .collect();
        let table: String =
            commands.iter().map(|(name, flags)| format!("    (\"{name}\", &{flags:?}),\n")).collect();
        assert_eq!(commands, known, "queries::PLAN_COMMANDS should be:\n{table}");
        let mut global = flags_of(&root, true);
        global.extend(["--help", "-h", "--version", "-V"].map(str::to_owned));
        global.sort();
        let mut known_global: Vec<&str> = queries::PLAN_GLOBAL_FLAGS.to_vec();
        known_global.sort_unstable();
        assert_eq!(global, known_global);
    }
}

#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub(crate) format: StatusFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusFormat {
    Text,
    Json,
    /// The Markdown table (`md` too, as DESIGN.md writes it).
    #[value(alias = "md")]
    Markdown,
}

#[derive(Debug, Args)]
pub(crate) struct ValidateArgs {
    /// The PR whose micro-plan to validate (`PR3` or `3`).
    pub(crate) pr: String,
    /// Print the commands that would run, run nothing, write nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Seconds each command may run before it is killed.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub(crate) timeout: u64,
}
