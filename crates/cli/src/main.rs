//! The `plan` binary: parses arguments, sets up logging, runs one command and maps its
//! outcome to an exit code. Holds no analysis logic.

mod args;
mod commands;
mod config;
mod history;
mod logging;
mod lsp;
mod output;
mod progress;
mod session;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// The project's home page: SARIF's `informationUri`, and the rules' documentation under it.
pub(crate) const HOMEPAGE: &str = env!("CARGO_PKG_REPOSITORY");

/// How a command ended, as an exit code: 0 clean, 1 problems reported, 2 failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Clean,
    ProblemsFound,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::init(&cli.global);
    if let Some(jobs) = cli.global.jobs {
        // Fails only if a pool was already built, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(jobs.get()).build_global();
    }
    let result = match &cli.command {
        Command::Build(args) => commands::build::run(
            &cli.global,
            &commands::build::BuildSettings {
                check: args.check,
                accept: args.accept.clone(),
                format: args.format,
                budget: args.budget,
                report: true,
                diff: args.diff,
                output_file: args.output_file.clone(),
            },
        ),
        Command::Check(args) => commands::build::run(
            &cli.global,
            &commands::build::BuildSettings {
                check: true,
                accept: None,
                format: args.format,
                budget: args.budget,
                report: true,
                diff: args.diff,
                output_file: args.output_file.clone(),
            },
        ),
        Command::Init(args) => commands::init::run(&cli.global, args),
        Command::Recon(args) => commands::recon::run(&cli.global, args),
        Command::Affected(args) => commands::affected::run(&cli.global, args),
        Command::Arch(args) => commands::arch::run(&cli.global, args),
        Command::Dag(args) => commands::dag::run(&cli.global, args),
        Command::Explain(args) => commands::explain::explain(args),
        Command::Rules => commands::explain::rules(),
        Command::Completions(args) => commands::shell::completions(args),
        Command::Lsp => commands::lsp::run(&cli.global),
        Command::Man(args) => commands::shell::man(args),
        Command::Status(args) => commands::micro::status(&cli.global, args),
        Command::Symbols(args) => commands::symbols::run(&cli.global, args),
        Command::Validate(args) => commands::validate::run(&cli.global, args),
        Command::Watch(args) => commands::watch::run(&cli.global, args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::ProblemsFound) => ExitCode::from(1),
        Err(error) if output::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            output::report_error(&cli.global, &error);
            ExitCode::from(2)
        }
    }
}
