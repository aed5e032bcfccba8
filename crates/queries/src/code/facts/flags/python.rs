//! Python: argparse, click and typer.

use tree_sitter::Node;

use crate::code::facts::Flag;
use crate::code::facts::flags::args::{call_line, flag_from_names, string_arguments};

/// argparse `add_argument("--foo", "-f")`, click `option("--shout/--no-shout", "-s")`,
/// typer `Option(..., "--name", "-n")`: the string arguments that start with a dash.
pub(super) fn call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let names: Vec<String> =
        string_arguments(call, text).into_iter().filter(|value| value.starts_with('-')).collect();
    flag_from_names(&names, call_line(call, base_line))
}

/// argparse's `ArgumentParser` adds `-h/--help` unless `add_help=False`; click's commands
/// add `--help` (or the `help_option_names` they set) and `version_option` `--version`.
pub(super) fn generated(node: Node<'_>, text: &str, line: u32) -> Vec<Flag> {
    let source = text.get(node.byte_range()).unwrap_or("");
    if source.contains("ArgumentParser") {
        if source.contains("add_help=False") {
            return Vec::new();
        }
        return vec![Flag::generated(line, "help", Some("h"))];
    }
    if source.contains("version_option") {
        return vec![Flag::generated(line, "version", None)];
    }
    if source.contains("help_option_names") {
        // `context_settings={"help_option_names": ["-h", "--help"]}`.
        let after = source.split("help_option_names").nth(1).unwrap_or("");
        let list = after.split_once('[').map_or("", |(_, rest)| rest.split(']').next().unwrap_or(""));
        let names: Vec<String> = list
            .split(['"', '\''])
            .skip(1)
            .step_by(2)
            .filter(|token| token.starts_with('-'))
            .map(str::to_owned)
            .collect();
        return flag_from_names(&names, line);
    }
    vec![Flag::generated(line, "help", None)]
}
