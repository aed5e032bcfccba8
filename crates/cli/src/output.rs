//! Writing to the terminal: colors, warnings, errors, and the broken-pipe rule.

use std::io::{self, IsTerminal, Write};

use crate::args::{ColorChoice, GlobalArgs};

/// Whether to color what goes to stderr.
pub(crate) fn stderr_color(global: &GlobalArgs) -> bool {
    color(global.color, io::stderr().is_terminal())
}

/// Whether to color what goes to stdout (rendered diagnostics).
pub(crate) fn stdout_color(global: &GlobalArgs) -> bool {
    color(global.color, io::stdout().is_terminal())
}

fn color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_color(|name| std::env::var(name).ok(), terminal),
    }
}

/// `--color auto`: `NO_COLOR` (set, not empty) turns color off; then `CLICOLOR_FORCE`
/// (set, not `0`) turns it on; then `CLICOLOR=0` or `TERM=dumb` turn it off; else color
/// when the stream is a terminal.
fn auto_color(var: impl Fn(&str) -> Option<String>, terminal: bool) -> bool {
    if var("NO_COLOR").is_some_and(|value| !value.is_empty()) {
        return false;
    }
    if var("CLICOLOR_FORCE").is_some_and(|value| !value.is_empty() && value != "0") {
        return true;
    }
    if var("CLICOLOR").as_deref() == Some("0") || var("TERM").as_deref() == Some("dumb") {
        return false;
    }
    terminal
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

/// A plain line on stderr (what a command did), unless `-q` or empty.
pub(crate) fn status(global: &GlobalArgs, message: &str) {
    if global.quiet || message.is_empty() {
        return;
    }
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{message}");
}

/// `error: message` with its causes, on stderr, even under `-q`.
pub(crate) fn report_error(global: &GlobalArgs, error: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}: {}", label(global, "error", "1;31"), error_text(error));
}

/// An error and its causes joined by `: `, each cause only once: a message that already
/// quotes its source (`cannot open x: No such file…`) is not followed by it again.
fn error_text(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// A closed stdout (`plan symbols | head`) ends the program quietly, as ripgrep does.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause.downcast_ref::<io::Error>().is_some_and(|io_error| io_error.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::{auto_color, error_text};

    /// An error whose message quotes its source, as `engine::LoadError`'s do.
    #[derive(Debug)]
    struct Quoting(std::io::Error);

    impl std::fmt::Display for Quoting {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "root x cannot be opened: {}", self.0)
        }
    }

    impl std::error::Error for Quoting {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn an_os_error_is_printed_once() {
        let os = || std::io::Error::from(std::io::ErrorKind::NotFound);
        let quoted = anyhow::Error::new(Quoting(os())).context("cannot load");
        assert_eq!(error_text(&quoted), format!("cannot load: root x cannot be opened: {}", os()));
        let chained = anyhow::Error::new(os()).context("cannot open x");
        assert_eq!(error_text(&chained), format!("cannot open x: {}", os()));
    }

    fn with(vars: &[(&str, &str)], terminal: bool) -> bool {
        auto_color(
            |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| (*value).to_owned()),
            terminal,
        )
    }

    #[test]
    fn color_follows_the_environment_conventions() {
        assert!(with(&[], true));
        assert!(!with(&[], false));
        assert!(with(&[("CLICOLOR_FORCE", "1")], false));
        assert!(!with(&[("CLICOLOR_FORCE", "0")], false));
        assert!(!with(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], true));
        assert!(with(&[("NO_COLOR", "")], true));
        assert!(!with(&[("CLICOLOR", "0")], true));
        assert!(with(&[("CLICOLOR", "1")], true));
        assert!(!with(&[("TERM", "dumb")], true));
        assert!(with(&[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")], false));
    }
}
