//! `plan check`: the rules over the plan, as text, JSON or SARIF. Writes nothing.

use std::io::{self, Write};

use anyhow::Context;
use queries::lints::check_plan;
use queries::render;

use crate::Outcome;
use crate::args::{CheckArgs, CheckFormat, GlobalArgs};
use crate::output;

pub(crate) fn run(global: &GlobalArgs, args: &CheckArgs) -> anyhow::Result<Outcome> {
    let loaded = crate::plan_file::load(global)?;
    let text = loaded.plan.text(&loaded.db).clone();
    let diagnostics = check_plan(&loaded.db, loaded.plan, &loaded.config.rules);
    let mut stdout = io::stdout().lock();
    match args.format {
        CheckFormat::Text => {
            let rendered =
                render::text::render(&loaded.display_path, &text, &diagnostics, output::stdout_color(global));
            stdout.write_all(rendered.as_bytes())?;
        }
        CheckFormat::Json => {
            let report = render::json::report(&loaded.display_path, &text, &diagnostics, Vec::new());
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
        CheckFormat::Sarif => {
            let report =
                render::sarif::report(&loaded.display_path, &text, &diagnostics, env!("CARGO_PKG_VERSION"));
            serde_json::to_writer_pretty(&mut stdout, &report).map_err(io::Error::from)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush().context("failed to write to stdout")?;
    let summary = render::summarize(&diagnostics);
    Ok(if summary.errors > 0 { Outcome::ProblemsFound } else { Outcome::Clean })
}
