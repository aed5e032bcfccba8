//! What flag readers share: call arguments, method names and lines, and names with
//! dashes made into [`Flag`]s.

use tree_sitter::Node;

use crate::code::facts::{Flag, unquote};

/// A flag name with its dashes: `--foo` long, `-f` short, `-foo` long (argparse and Go
/// allow single-dash long names).
pub(super) fn flag_from_names(names: &[String], line: u32) -> Vec<Flag> {
    let mut long: Vec<String> = Vec::new();
    let mut short: Vec<String> = Vec::new();
    for name in names {
        for part in name.split('/') {
            let part = part.trim();
            let bare = part.trim_start_matches('-');
            if bare.is_empty() || !bare.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')) {
                continue;
            }
            if part.starts_with("--") || (part.starts_with('-') && bare.chars().count() > 1) {
                long.push(bare.to_owned());
            } else if part.starts_with('-') {
                short.push(bare.to_owned());
            }
        }
    }
    let mut flags = Vec::new();
    let first_short = short.first().cloned();
    for (index, name) in long.iter().enumerate() {
        flags.push(Flag {
            line,
            long: Some(name.clone()),
            short: if index == 0 { first_short.clone() } else { None },
            hidden: false,
        });
    }
    if long.is_empty() {
        flags.extend(short.into_iter().map(|name| Flag {
            line,
            long: None,
            short: Some(name),
            hidden: false,
        }));
    } else {
        flags.extend(short.into_iter().skip(1).map(|name| Flag {
            line,
            long: None,
            short: Some(name),
            hidden: false,
        }));
    }
    flags
}

/// String literal arguments of a call, in order (positional ones only for Python).
pub(super) fn string_arguments(call: Node<'_>, text: &str) -> Vec<String> {
    let Some(arguments) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|argument| {
            matches!(
                argument.kind(),
                "string"
                    | "string_literal"
                    | "interpreted_string_literal"
                    | "raw_string_literal"
                    | "template_string"
            )
        })
        .filter_map(|argument| text.get(argument.byte_range()).map(unquote))
        .collect()
}

/// Every argument of a call, in order: the value of a string literal, or `None`.
pub(super) fn positional_literals(call: Node<'_>, text: &str) -> Vec<Option<String>> {
    let Some(arguments) = call.child_by_field_name("arguments") else { return Vec::new() };
    let mut cursor = arguments.walk();
    arguments
        .named_children(&mut cursor)
        .filter(|argument| !matches!(argument.kind(), "comment"))
        .map(|argument| {
            matches!(argument.kind(), "interpreted_string_literal" | "raw_string_literal")
                .then(|| text.get(argument.byte_range()).map(unquote))
                .flatten()
        })
        .collect()
}

pub(super) fn method_node(call: Node<'_>) -> Option<Node<'_>> {
    let function = call.child_by_field_name("function")?;
    function
        .child_by_field_name("field")
        .or_else(|| function.child_by_field_name("property"))
        .or_else(|| function.child_by_field_name("attribute"))
}

pub(super) fn method_name<'a>(call: Node<'_>, text: &'a str) -> Option<&'a str> {
    text.get(method_node(call)?.byte_range())
}

/// The line a flag is declared on: its method name's (`.option(` in a chain that starts
/// lines above), else the call's.
pub(super) fn call_line(call: Node<'_>, base_line: u32) -> u32 {
    base_line + method_node(call).unwrap_or(call).start_position().row as u32 + 1
}
