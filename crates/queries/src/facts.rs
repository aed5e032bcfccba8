//! Facts of one file: entry points, command-line flags, environment variables and
//! configuration files read, invariants (assertions, panics, `SAFETY:`/`INVARIANT:`
//! comments) and implementations of traits and interfaces.
//!
//! The language's `facts.scm` captures candidate nodes; this module interprets them. Flags
//! need framework knowledge: clap (derive and builder), Go's `flag`, pflag and cobra,
//! argparse, click and typer, commander and yargs, picocli.

use engine::{Db, SourceFile};
use tree_sitter::{Node, QueryMatch};

/// One fact: a line and the text that states it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Fact {
    pub line: u32,
    pub text: String,
}

/// A command-line flag, names without their dashes.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Flag {
    pub line: u32,
    pub long: Option<String>,
    pub short: Option<String>,
    /// Hidden from the program's help (`hide = true`), though accepted.
    pub hidden: bool,
}

/// `implementor` implements (or extends) `interface`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Implementation {
    pub line: u32,
    pub interface: String,
    pub implementor: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileFacts {
    pub entrypoints: Vec<Fact>,
    pub flags: Vec<Flag>,
    pub env_vars: Vec<Fact>,
    pub config_files: Vec<Fact>,
    pub invariants: Vec<Fact>,
    pub implementations: Vec<Implementation>,
    /// The first sentence of the file's module documentation, with its line.
    pub module_doc: Option<Fact>,
    /// Each import (as in `FileSymbols::imports`) with the line of its first occurrence.
    pub imports: Vec<Fact>,
}

impl FileFacts {
    pub(crate) fn sort_and_dedup(&mut self) {
        for list in [&mut self.entrypoints, &mut self.env_vars, &mut self.config_files, &mut self.invariants]
        {
            list.sort();
            list.dedup();
        }
        self.flags.sort();
        self.flags.dedup();
        self.implementations.sort();
        self.implementations.dedup();
    }
}

/// The facts of `file`; changes when an edit changes a fact, not otherwise.
#[salsa::tracked(returns(ref))]
pub fn file_facts(db: &dyn Db, file: SourceFile) -> FileFacts {
    crate::symbols::analyze(db, file).facts.clone()
}

/// At most this many invariants are kept per file: a test file can hold thousands.
const MAX_INVARIANTS: usize = 200;

/// Adds what one match of a facts pattern says to `out`. `seen_chains` remembers the
/// clap builder chains already read.
pub(crate) fn collect_match(
    language: &str,
    found: &QueryMatch<'_, '_>,
    names: &[&str],
    text: &str,
    base_line: u32,
    seen_chains: &mut Vec<usize>,
    out: &mut FileFacts,
) {
    let line_of = |node: Node<'_>| base_line + node.start_position().row as u32 + 1;
    let mut interface = None;
    let mut implementor = None;
    for capture in found.captures() {
        let node = capture.node;
        let Some(node_text) = text.get(node.byte_range()) else { continue };
        match names[capture.index as usize] {
            "entrypoint" => out.entrypoints.push(Fact { line: line_of(node), text: first_line(node_text) }),
            "env" => {
                let name = unquote(node_text);
                if is_env_name(&name) {
                    out.env_vars.push(Fact { line: line_of(node), text: name });
                }
            }
            "config" => {
                let value = unquote(node_text);
                if is_config_file(&value) {
                    out.config_files.push(Fact { line: line_of(node), text: value });
                }
            }
            "invariant" if out.invariants.len() < MAX_INVARIANTS => {
                out.invariants.push(Fact { line: line_of(node), text: first_line(node_text) });
            }
            "impl.interface" => interface = Some(type_name(node_text)),
            "impl.type" => implementor = Some((type_name(node_text), line_of(node))),
            "flag.field" => out.flags.extend(clap_derive_field(node, text, base_line)),
            "flag.call" => {
                let flags = match language {
                    "rust" => clap_builder_chain(node, text, base_line, seen_chains),
                    "go" => go_flag_call(node, text, base_line),
                    "python" => python_flag_call(node, text, base_line),
                    "javascript" | "typescript" | "tsx" => js_flag_call(node, text, base_line),
                    _ => Vec::new(),
                };
                out.flags.extend(flags);
            }
            "flag.annotation" => out.flags.extend(picocli_annotation(node, text, base_line)),
            "flag.parser" => out.flags.extend(generated_flags(language, node, text, base_line)),
            _ => {}
        }
    }
    if let (Some(interface), Some((implementor, line))) = (interface, implementor)
        && !interface.is_empty()
        && !implementor.is_empty()
    {
        out.implementations.push(Implementation { line, interface, implementor });
    }
}

/// The first sentence of a file's module documentation: `//!` in Rust, `// Package x …`
/// in Go, a docstring in Python.
pub(crate) fn module_doc(language: &str, text: &str) -> Option<Fact> {
    let (index, first) =
        text.lines().enumerate().find(|(_, line)| !line.trim().is_empty() && !line.starts_with("#!"))?;
    let doc = match language {
        "rust" if first.trim_start().starts_with("/*!") => {
            // `/*! … */`: the words up to the first blank line or the end of the comment.
            let body = text.split_once("/*!").map_or("", |(_, rest)| rest);
            let body = body.split("*/").next().unwrap_or("");
            let words: Vec<&str> = body
                .lines()
                .map(str::trim)
                .skip_while(|line| line.is_empty())
                .take_while(|line| !line.is_empty())
                .collect();
            Some((index, words.join(" ")))
        }
        "rust" => first.trim_start().strip_prefix("//!").map(|_| {
            let joined: Vec<&str> = text
                .lines()
                .skip(index)
                .map_while(|line| line.trim_start().strip_prefix("//!"))
                .take(6)
                .map(str::trim)
                .take_while(|line| !line.is_empty())
                .collect();
            (index, joined.join(" "))
        }),
        "go" => text.lines().enumerate().find_map(|(at, line)| {
            line.trim_start().strip_prefix("// Package ").map(|rest| {
                let more: Vec<&str> = text
                    .lines()
                    .skip(at + 1)
                    .map_while(|line| line.trim_start().strip_prefix("//"))
                    .take(5)
                    .map(str::trim)
                    .take_while(|line| !line.is_empty())
                    .collect();
                (at, format!("Package {rest} {}", more.join(" ")).trim().to_owned())
            })
        }),
        "python" => {
            let trimmed = first.trim_start();
            let quote = ["\"\"\"", "'''"].into_iter().find(|quote| trimmed.starts_with(quote))?;
            Some((index, trimmed[quote.len()..].trim_end_matches(quote).trim().to_owned()))
        }
        _ => None,
    };
    let (line, doc) = doc.filter(|(_, doc)| !doc.is_empty())?;
    Some(Fact { line: line as u32 + 1, text: sentence(&doc) })
}

/// Up to the first period that ends a sentence, at most 160 characters.
fn sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |at| at + 1);
    let mut out: String = text[..end].chars().take(160).collect();
    if text[..end].chars().count() > 160 {
        out.push('…');
    }
    out
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        out.push('…');
    }
    out
}

/// The value of a string literal, without quotes, prefixes or raw-string hashes.
fn unquote(text: &str) -> String {
    let text = text.trim();
    let text = text.trim_start_matches(['r', 'b', 'f', 'u', 'R', 'B', 'F', 'U']);
    let text = text.trim_matches('#');
    let text = text.trim_matches(|c| matches!(c, '"' | '\'' | '`'));
    text.to_owned()
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A file name or path ending in a configuration extension: `plan.toml`, `.eslintrc.json`.
fn is_config_file(value: &str) -> bool {
    const EXTENSIONS: &[&str] = &["toml", "yaml", "yml", "json", "jsonc", "ini", "cfg", "conf", "properties"];
    if value.is_empty()
        || value.len() > 200
        || value.contains("://")
        || value.contains(char::is_whitespace)
        || value.contains(['{', '}', '*', '%', '$'])
    {
        return false;
    }
    let file_name = value.rsplit('/').next().unwrap_or(value);
    match file_name.rsplit_once('.') {
        Some((stem, extension)) => {
            EXTENSIONS.contains(&extension) && !stem.is_empty()
                || (stem.is_empty() && extension.ends_with("rc"))
        }
        None => false,
    }
}

/// `fmt::Display<T>` → `Display`; `&'a Foo` → `Foo`; `pkg.Base` → `Base`.
fn type_name(text: &str) -> String {
    let before_generics = text.split(['<', '[', '(']).next().unwrap_or(text);
    let last = before_generics.split_whitespace().last().unwrap_or("").trim_start_matches(['&', '*']);
    last.rsplit("::").next().unwrap_or(last).rsplit('.').next().unwrap_or(last).to_owned()
}

/// A flag name with its dashes: `--foo` long, `-f` short, `-foo` long (argparse and Go
/// allow single-dash long names).
fn flag_from_names(names: &[String], line: u32) -> Vec<Flag> {
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
fn string_arguments(call: Node<'_>, text: &str) -> Vec<String> {
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
fn positional_literals(call: Node<'_>, text: &str) -> Vec<Option<String>> {
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

fn method_node(call: Node<'_>) -> Option<Node<'_>> {
    let function = call.child_by_field_name("function")?;
    function
        .child_by_field_name("field")
        .or_else(|| function.child_by_field_name("property"))
        .or_else(|| function.child_by_field_name("attribute"))
}

fn method_name<'a>(call: Node<'_>, text: &'a str) -> Option<&'a str> {
    text.get(method_node(call)?.byte_range())
}

/// The line a flag is declared on: its method name's (`.option(` in a chain that starts
/// lines above), else the call's.
fn call_line(call: Node<'_>, base_line: u32) -> u32 {
    base_line + method_node(call).unwrap_or(call).start_position().row as u32 + 1
}

// clap -------------------------------------------------------------------------------------

/// `#[arg(long, short = 'x')] field: T` (or `#[clap(…)]`).
fn clap_derive_field(field: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
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
fn clap_builder_chain(call: Node<'_>, text: &str, base_line: u32, seen: &mut Vec<usize>) -> Vec<Flag> {
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

// Go ---------------------------------------------------------------------------------------

const GO_FLAG_TYPES: &[&str] = &[
    "Bool",
    "BoolFunc",
    "BoolSlice",
    "BytesBase64",
    "BytesHex",
    "Count",
    "Duration",
    "DurationSlice",
    "Float32",
    "Float32Slice",
    "Float64",
    "Float64Slice",
    "Func",
    "IP",
    "IPMask",
    "IPNet",
    "IPSlice",
    "Int",
    "Int16",
    "Int32",
    "Int32Slice",
    "Int64",
    "Int64Slice",
    "Int8",
    "IntSlice",
    "String",
    "StringArray",
    "StringSlice",
    "StringToInt",
    "StringToInt64",
    "StringToString",
    "TextVar",
    "Uint",
    "Uint16",
    "Uint32",
    "Uint64",
    "Uint8",
    "UintSlice",
    "Var",
];

/// `flag.String("name", …)`, `fs.IntVar(&v, "name", …)`, `cmd.Flags().StringVarP(&v, "name", "n", …)`.
fn go_flag_call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let Some(method) = method_name(call, text) else { return Vec::new() };
    let shorthand = method.ends_with('P') && method.len() > 1;
    let base = method.strip_suffix('P').filter(|_| shorthand).unwrap_or(method);
    let base = if base != "Var" { base.strip_suffix("Var").unwrap_or(base) } else { base };
    if !GO_FLAG_TYPES.contains(&base) {
        return Vec::new();
    }
    let Some(operand) =
        call.child_by_field_name("function").and_then(|function| function.child_by_field_name("operand"))
    else {
        return Vec::new();
    };
    let receiver = text.get(operand.byte_range()).unwrap_or("");
    let receiver_lower = receiver.to_ascii_lowercase();
    let is_flag_set = matches!(receiver, "flag" | "pflag")
        || receiver.ends_with("Flags()")
        || receiver_lower.contains("flag")
        || receiver_lower == "fs"
        || receiver_lower.ends_with("flags");
    if !is_flag_set {
        return Vec::new();
    }
    // By position: `Var` variants take the pointer first, then the name; `P` variants take
    // the shorthand right after the name. A name held in a variable stays unknown.
    let by_var = method.contains("Var");
    let arguments = positional_literals(call, text);
    let name_at = usize::from(by_var);
    let name = arguments.get(name_at).cloned().flatten();
    let short = if shorthand {
        arguments.get(name_at + 1).cloned().flatten().filter(|value| value.chars().count() == 1)
    } else {
        None
    };
    let line = call_line(call, base_line);
    let (long, short) = match name {
        Some(name) if name.chars().count() == 1 && !shorthand => (None, Some(name)),
        Some(name) => (Some(name), short),
        None if short.is_some() => (None, short),
        None => return Vec::new(),
    };
    vec![Flag { line, long, short, hidden: false }]
}

// Python -----------------------------------------------------------------------------------

/// argparse `add_argument("--foo", "-f")`, click `option("--shout/--no-shout", "-s")`,
/// typer `Option(..., "--name", "-n")`: the string arguments that start with a dash.
fn python_flag_call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let names: Vec<String> =
        string_arguments(call, text).into_iter().filter(|value| value.starts_with('-')).collect();
    flag_from_names(&names, call_line(call, base_line))
}

// JavaScript and TypeScript ----------------------------------------------------------------

/// commander `.option('-f, --foo <value>')` and `new Option('-f, --foo')`; yargs
/// `.option('foo', { alias: 'f' })`.
fn js_flag_call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
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

/// Flags a framework adds by itself, cited where the parser is declared: clap's
/// `derive(Parser)` (`--help`, and `--version` with `#[command(version)]`), argparse's
/// `ArgumentParser` (`-h/--help` unless `add_help=False`), click's commands (`--help`),
/// cobra's commands (`-h/--help`), commander's `.version()` (`-V/--version`).
fn generated_flags(language: &str, node: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let line = base_line + node.start_position().row as u32 + 1;
    let flag = |long: &str, short: Option<&str>| Flag {
        line,
        long: Some(long.to_owned()),
        short: short.map(str::to_owned),
        hidden: false,
    };
    let source = text.get(node.byte_range()).unwrap_or("");
    match language {
        "rust" => {
            // Attributes before the struct.
            let mut attributes = String::new();
            let mut sibling = node.prev_sibling();
            while let Some(previous) = sibling.filter(|previous| {
                matches!(previous.kind(), "attribute_item" | "line_comment" | "block_comment")
            }) {
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
            let mut flags = vec![flag("help", Some("h"))];
            let command = attributes.split("command(").skip(1).any(|arguments| {
                arguments
                    .split(')')
                    .next()
                    .is_some_and(|list| list.split(',').any(|item| item.trim().starts_with("version")))
            });
            if command {
                flags.push(flag("version", Some("V")));
            }
            flags
        }
        "python" if source.contains("ArgumentParser") => {
            if source.contains("add_help=False") {
                Vec::new()
            } else {
                vec![flag("help", Some("h"))]
            }
        }
        "python" if source.contains("version_option") => vec![flag("version", None)],
        "python" if source.contains("help_option_names") => {
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
            flag_from_names(&names, line)
        }
        "python" => vec![flag("help", None)],
        "go" => vec![flag("help", Some("h"))],
        "javascript" | "typescript" | "tsx" => {
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
                    flags.push(flag("help", Some("h")));
                    flags
                }
                _ => vec![flag("version", Some("V")), flag("help", Some("h"))],
            }
        }
        _ => Vec::new(),
    }
}

// Java -------------------------------------------------------------------------------------

/// picocli `@Option(names = {"-f", "--foo"})`.
fn picocli_annotation(annotation: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
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

#[cfg(test)]
mod tests;
