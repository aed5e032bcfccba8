//! Java: picocli.

use tree_sitter::Node;

use crate::code::facts::Flag;
use crate::code::facts::flags::args::flag_from_names;

/// picocli `@Option(names = {"-f", "--foo"})`.
pub(crate) fn annotation(annotation: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let source = text.get(annotation.byte_range()).unwrap_or("");
    let Some(position) = source.find("names") else { return Vec::new() };
    let rest = &source[position..];
    let end = rest.find(['}', ')']).map_or(rest.len(), |end| end + 1);
    let names: Vec<String> = rest[..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|token| token.starts_with('-'))
        .map(str::to_owned)
        .collect();
    flag_from_names(&names, base_line + annotation.start_position().row as u32 + 1)
}
