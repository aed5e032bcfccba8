//! What a watch prints between rebuilds: the diagnostics that appeared or disappeared since
//! the last one, each in rustc's short form.

use std::io::Write;

use crate::args::GlobalArgs;

/// Prints the diagnostics that appeared or disappeared since the last rebuild (all of them
/// after the first), unless `-q`; remembers what is shown now.
pub(super) fn report_delta(global: &GlobalArgs, shown: &mut Vec<String>, now: Vec<String>) {
    let delta = diagnostics_delta(shown, &now);
    *shown = now;
    if global.quiet || delta.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    for line in delta {
        let _ = writeln!(stderr, "{line}");
    }
}

/// Each diagnostic in rustc's short form: `PLAN.md:12:3: error[PLAN040]: message`.
pub(super) fn shown_diagnostics(path: &str, diagnostics: &[queries::Placed]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|placed| {
            format!(
                "{path}:{}:{}: {}[{}]: {}",
                placed.line,
                placed.column,
                placed.diagnostic.severity,
                placed.code(),
                placed.diagnostic.message
            )
        })
        .collect()
}

/// The diagnostics that appeared (`+`) and disappeared (`-`) since the last rebuild, by
/// rule and message (a line that only moved is the same diagnostic).
fn diagnostics_delta(before: &[String], after: &[String]) -> Vec<String> {
    let identity = |line: &str| line.splitn(4, ':').nth(3).unwrap_or(line).to_owned();
    let mut old: Vec<String> = before.iter().map(|line| identity(line)).collect();
    let mut lines = Vec::new();
    let mut appeared = Vec::new();
    for line in after {
        match old.iter().position(|seen| *seen == identity(line)) {
            Some(at) => {
                old.swap_remove(at);
            }
            None => appeared.push(line.clone()),
        }
    }
    let gone: Vec<&String> = before.iter().filter(|line| old.contains(&identity(line))).collect();
    lines.extend(gone.into_iter().map(|line| format!("  - {line}")));
    lines.extend(appeared.into_iter().map(|line| format!("  + {line}")));
    lines
}
