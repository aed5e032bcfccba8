//! JavaScript and TypeScript: commander and yargs.

use tree_sitter::Node;

use crate::code::facts::Flag;
use crate::code::facts::flags::args::{call_line, flag_from_names, string_arguments};

/// commander `.option('-f, --foo <value>')` and `new Option('-f, --foo')`; yargs
/// `.option('foo', { alias: 'f' })`.
pub(super) fn call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let line = call_line(call, base_line);
    let Some(spec) = string_arguments(call, text).into_iter().next() else { return Vec::new() };
    if spec.starts_with('-') {
        let names: Vec<String> =
            spec.split([',', ' ', '|']).filter(|token| token.starts_with('-')).map(str::to_owned).collect();
        return flag_from_names(&names, line);
    }
    // yargs: a bare name, with aliases in the options object.
    if !spec.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_')) || spec.is_empty() {
        return Vec::new();
    }
    let mut names = vec![if spec.chars().count() == 1 { format!("-{spec}") } else { format!("--{spec}") }];
    if let Some(arguments) = call.child_by_field_name("arguments") {
        let source = text.get(arguments.byte_range()).unwrap_or("");
        if let Some(position) = source.find("alias") {
            // `alias: 'f'` or `alias: ['f', 'fo']`, and nothing after it.
            let rest = source[position + 5..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
            let end = if rest.starts_with('[') {
                rest.find(']').unwrap_or(rest.len())
            } else {
                let quote = rest.chars().next().unwrap_or('"');
                rest[1.min(rest.len())..].find(quote).map_or(rest.len(), |end| end + 2)
            };
            for token in rest[..end.min(rest.len())].split(['\'', '"', '`']).skip(1).step_by(2) {
                if !token.is_empty() && token.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_')) {
                    names.push(if token.chars().count() == 1 {
                        format!("-{token}")
                    } else {
                        format!("--{token}")
                    });
                }
            }
        }
    }
    flag_from_names(&names, line)
}

/// commander's `.version()` adds `-V/--version` (or the flags it names) and `-h/--help`.
pub(super) fn generated(node: Node<'_>, text: &str, line: u32) -> Vec<Flag> {
    let strings = string_arguments(node, text);
    // `.version(pkg.version, '-v, --vers')` names its own flags.
    match strings.iter().find(|value| value.starts_with('-')) {
        Some(spec) => {
            let names: Vec<String> = spec
                .split([',', ' ', '|'])
                .filter(|token| token.starts_with('-'))
                .map(str::to_owned)
                .collect();
            let mut flags = flag_from_names(&names, line);
            flags.push(Flag::generated(line, "help", Some("h")));
            flags
        }
        _ => vec![Flag::generated(line, "version", Some("V")), Flag::generated(line, "help", Some("h"))],
    }
}
