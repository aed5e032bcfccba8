//! `plan completions SHELL` and `plan man`: shell completion scripts (clap_complete) and
//! roff man pages (clap_mangen), both generated from the argument definitions.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::Outcome;
use crate::args::{Cli, CompletionsArgs, ManArgs};

pub(crate) fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut command = Cli::command();
    // Into a buffer first: the generator panics on a write error such as a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "plan", &mut script);
    let mut stdout = io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(Outcome::Clean)
}

pub(crate) fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    let command = Cli::command();
    match &args.out_dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            let mut stdout = io::stdout().lock();
            stdout.write_all(&page)?;
            stdout.flush()?;
        }
        Some(dir) => write_pages(command, dir)?,
    }
    Ok(Outcome::Clean)
}

/// `plan.1` and one page per subcommand (`plan-build.1`, …) in `dir`.
fn write_pages(command: clap::Command, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("cannot write man pages to {}", dir.display()))
}
