//! clap: `#[arg(..)]` fields of derive structs, `Arg::new(..).long(..)` builder chains, and
//! the `--help`/`--version` a `derive(Parser)` adds.

use tree_sitter::Node;

use crate::code::facts::flags::args::{call_line, method_name};
use crate::code::facts::{Flag, unquote};

/// `#[arg(long, short = 'x')] field: T` (or `#[clap(…)]`).
pub(crate) fn derive_field(field: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let Some(name) = field.child_by_field_name("name").and_then(|name| text.get(name.byte_range())) else {
        return Vec::new();
    };
    let mut long = None;
    let mut short = None;
    let mut hidden = false;
    // Aliases, and whether help shows them (`visible_alias`).
    let mut aliases: Vec<(String, bool)> = Vec::new();
    let mut short_aliases: Vec<(String, bool)> = Vec::new();
    let mut sibling = field.prev_sibling();
    while let Some(node) = sibling {
        match node.kind() {
            "attribute_item" => {
                let attribute = text.get(node.byte_range()).unwrap_or("");
                let inner = attribute.trim_start_matches("#[").trim_end_matches(']').trim();
                if let Some(arguments) = inner.strip_prefix("arg(").or_else(|| inner.strip_prefix("clap(")) {
                    for key in ["visible_aliases", "aliases"] {
                        let visible = key.starts_with("visible");
                        aliases
                            .extend(array_strings(arguments, key).into_iter().map(|alias| (alias, visible)));
                    }
                    for key in ["visible_alias(", "alias(", "visible_aliases(", "aliases("] {
                        let visible = key.starts_with("visible");
                        aliases
                            .extend(call_strings(arguments, key).into_iter().map(|alias| (alias, visible)));
                    }
                    for key in ["visible_short_aliases", "short_aliases"] {
                        let visible = key.starts_with("visible");
                        short_aliases
                            .extend(array_strings(arguments, key).into_iter().map(|alias| (alias, visible)));
                    }
                    for (key, value) in clap_arguments(arguments.trim_end_matches(')')) {
                        match (key.as_str(), value) {
                            ("long", None) => long = Some(name.replace('_', "-")),
                            ("long", Some(value)) => long = Some(value),
                            ("short", None) => short = name.chars().next().map(String::from),
                            ("short", Some(value)) => short = Some(value),
                            ("hide", None) | ("hide", Some(_)) if !arguments.contains("hide = false") => {
                                hidden = true
                            }
                            ("alias", Some(value)) => aliases.push((value, false)),
                            ("visible_alias", Some(value)) => aliases.push((value, true)),
                            ("short_alias", Some(value)) => short_aliases.push((value, false)),
                            ("visible_short_alias", Some(value)) => short_aliases.push((value, true)),
                            ("aliases" | "visible_aliases", None)
                            | ("short_aliases" | "visible_short_aliases", None) => {}
                            _ => {}
                        }
                    }
                }
            }
            "line_comment" | "block_comment" => {}
            _ => break,
        }
        sibling = node.prev_sibling();
    }
    if long.is_none() && short.is_none() {
        return Vec::new();
    }
    let line = base_line + field.start_position().row as u32 + 1;
    let mut flags = vec![Flag { line, long, short, hidden }];
    // clap shows `visible_alias`es in help; plain aliases are accepted but not shown.
    flags.extend(aliases.into_iter().map(|(alias, visible)| Flag {
        line,
        long: Some(alias),
        short: None,
        hidden: hidden || !visible,
    }));
    flags.extend(short_aliases.into_iter().map(|(alias, visible)| Flag {
        line,
        long: None,
        short: Some(alias),
        hidden: hidden || !visible,
    }));
    flags
}

/// The string literals inside `key(..)` calls in attribute arguments (`alias("newer")`),
/// `key` ending with its `(`, not preceded by an identifier character.
fn call_strings(arguments: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (position, _) in arguments.match_indices(key) {
        let before = arguments[..position].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let body = &arguments[position + key.len()..];
        let end = body.find(')').unwrap_or(body.len());
        out.extend(
            body[..end].split('"').skip(1).step_by(2).filter(|token| !token.is_empty()).map(str::to_owned),
        );
    }
    out
}

/// The string or char literals of `key = [..]` in attribute arguments.
fn array_strings(arguments: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = arguments;
    while let Some(position) = rest.find(key) {
        let after = rest[position + key.len()..].trim_start();
        rest = &rest[position + key.len()..];
        let Some(after) = after.strip_prefix('=') else { continue };
        let after = after.trim_start();
        let Some(body) = after.strip_prefix('[') else { continue };
        let end = body.find(']').unwrap_or(body.len());
        out.extend(
            body[..end]
                .split(['"', '\''])
                .skip(1)
                .step_by(2)
                .filter(|token| !token.is_empty())
                .map(str::to_owned),
        );
    }
    out
}

/// Top-level `key` and `key = "value"` pairs of an attribute's arguments.
fn clap_arguments(arguments: &str) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    let mut in_string: Option<char> = None;
    for character in arguments.chars().chain(std::iter::once(',')) {
        match in_string {
            Some(quote) => {
                current.push(character);
                if character == quote {
                    in_string = None;
                }
                continue;
            }
            None if character == '"' || character == '\'' => {
                in_string = Some(character);
                current.push(character);
                continue;
            }
            None => {}
        }
        match character {
            '(' | '[' | '{' => {
                depth += 1;
                current.push(character);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                current.push(character);
            }
            ',' if depth == 0 => {
                let item = current.trim();
                if let Some((key, value)) = item.split_once('=') {
                    let value = value.trim();
                    let literal = (value.starts_with('"') || value.starts_with('\'')).then(|| unquote(value));
                    out.push((key.trim().to_owned(), literal));
                } else if !item.is_empty() {
                    out.push((item.to_owned(), None));
                }
                current.clear();
            }
            _ => current.push(character),
        }
    }
    out
}

/// `Arg::new("x").long("x").short('x')`: one flag per method chain.
pub(super) fn builder_chain(call: Node<'_>, text: &str, base_line: u32, seen: &mut Vec<usize>) -> Vec<Flag> {
    // Climb to the outermost call of the chain.
    let mut root = call;
    while let Some(parent) = root.parent() {
        let continues =
            parent.kind() == "field_expression" && parent.child_by_field_name("value") == Some(root);
        if continues && let Some(grand) = parent.parent().filter(|grand| grand.kind() == "call_expression") {
            root = grand;
            continue;
        }
        break;
    }
    if seen.contains(&root.id()) {
        return Vec::new();
    }
    seen.push(root.id());
    let mut long = None;
    let mut short = None;
    let mut line = None;
    let mut hidden = false;
    let mut aliases: Vec<String> = Vec::new();
    let mut node = Some(root);
    while let Some(current) = node.filter(|current| current.kind() == "call_expression") {
        if let Some(method) = method_name(current, text) {
            let argument = current
                .child_by_field_name("arguments")
                .and_then(|arguments| arguments.named_child(0))
                .filter(|argument| matches!(argument.kind(), "string_literal" | "char_literal"))
                .and_then(|argument| text.get(argument.byte_range()))
                .map(unquote);
            match (method, argument) {
                ("long", Some(value)) => {
                    long = Some(value);
                    line = Some(call_line(current, base_line));
                }
                ("short", Some(value)) => short = Some(value),
                ("alias" | "visible_alias", Some(value)) => aliases.push(value),
                ("hide", _) => hidden = true,
                _ => {}
            }
        }
        node = current
            .child_by_field_name("function")
            .and_then(|function| function.child_by_field_name("value"));
    }
    if long.is_none() && short.is_none() {
        return Vec::new();
    }
    let line = line.unwrap_or(base_line + call.start_position().row as u32 + 1);
    let mut flags = vec![Flag { line, long, short, hidden }];
    flags.extend(aliases.into_iter().map(|alias| Flag { line, long: Some(alias), short: None, hidden }));
    flags
}

/// `--help` for a struct that derives `Parser`, and `--version` when its `#[command(..)]`
/// says `version`.
pub(super) fn generated(node: Node<'_>, text: &str, line: u32) -> Vec<Flag> {
    // Attributes before the struct.
    let mut attributes = String::new();
    let mut sibling = node.prev_sibling();
    while let Some(previous) = sibling
        .filter(|previous| matches!(previous.kind(), "attribute_item" | "line_comment" | "block_comment"))
    {
        attributes.push_str(text.get(previous.byte_range()).unwrap_or(""));
        sibling = previous.prev_sibling();
    }
    let derives_parser = attributes.contains("derive(")
        && attributes.split("derive(").skip(1).any(|derive| {
            derive
                .split(')')
                .next()
                .is_some_and(|list| list.split(',').any(|name| name.trim().ends_with("Parser")))
        });
    if !derives_parser {
        return Vec::new();
    }
    let mut flags = vec![Flag::generated(line, "help", Some("h"))];
    let command = attributes.split("command(").skip(1).any(|arguments| {
        arguments
            .split(')')
            .next()
            .is_some_and(|list| list.split(',').any(|item| item.trim().starts_with("version")))
    });
    if command {
        flags.push(Flag::generated(line, "version", Some("V")));
    }
    flags
}
