//! `plan explain CODE` and `plan rules`: the rules' documentation.

use std::io::{self, Write};

use queries::{rule, rules as all_rules};

use crate::Outcome;
use crate::args::ExplainArgs;

pub(crate) fn explain(args: &ExplainArgs) -> anyhow::Result<Outcome> {
    let Some(rule) = rule(&args.code) else {
        anyhow::bail!("unknown rule `{}`; `plan rules` lists them", args.code);
    };
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "# {} {} ({} by default)\n", rule.code, rule.name, rule.severity)?;
    stdout.write_all(rule.docs.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome::Clean)
}

pub(crate) fn rules() -> anyhow::Result<Outcome> {
    let mut stdout = io::stdout().lock();
    let width = all_rules().map(|rule| rule.name.len()).max().unwrap_or(0);
    for rule in all_rules() {
        let (code, name, severity) = (rule.code, rule.name, rule.severity.as_str());
        writeln!(stdout, "{code}  {name:<width$} {severity:<8} {}", rule.summary)?;
    }
    stdout.flush()?;
    Ok(Outcome::Clean)
}
