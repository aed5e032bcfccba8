//! Writing to the terminal: colors, warnings, errors, and the broken-pipe rule.

use std::io::{self, IsTerminal, Write};

use crate::args::{ColorChoice, GlobalArgs};

/// Whether to color what goes to stderr.
pub(crate) fn stderr_color(global: &GlobalArgs) -> bool {
    match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()) && io::stderr().is_terminal()
        }
    }
}

/// Whether to color what goes to stdout (rendered diagnostics).
pub(crate) fn stdout_color(global: &GlobalArgs) -> bool {
    match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()) && io::stdout().is_terminal()
        }
    }
}

fn label(global: &GlobalArgs, text: &str, ansi: &str) -> String {
    if stderr_color(global) { format!("\x1b[{ansi}m{text}\x1b[0m") } else { text.to_owned() }
}

/// `warning: message` on stderr, unless `-q`.
pub(crate) fn warn(global: &GlobalArgs, message: &str) {
    if global.quiet {
        return;
    }
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}: {message}", label(global, "warning", "1;33"));
}

/// `note: message` on stderr, unless `-q`.
pub(crate) fn note(global: &GlobalArgs, message: &str) {
    if global.quiet {
        return;
    }
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}: {message}", label(global, "note", "1;36"));
}

/// `error: message` with its causes, on stderr, even under `-q`.
pub(crate) fn report_error(global: &GlobalArgs, error: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let _ = write!(stderr, "{}: {error}", label(global, "error", "1;31"));
    for cause in error.chain().skip(1) {
        let _ = write!(stderr, ": {cause}");
    }
    let _ = writeln!(stderr);
}

/// A closed stdout (`plan symbols | head`) ends the program quietly, as ripgrep does.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io_error| io_error.kind() == io::ErrorKind::BrokenPipe)
    })
}
