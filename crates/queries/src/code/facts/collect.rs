//! From the matches of a language's facts query to [`FileFacts`].

use tree_sitter::{Node, QueryMatch};

use crate::code::facts::config::is_config_file;
use crate::code::facts::flags;
use crate::code::facts::{Fact, FileFacts, Implementation, first_line, unquote};
use crate::code::lang::LanguageSpec;

/// At most this many invariants are kept per file: a test file can hold thousands.
const MAX_INVARIANTS: usize = 200;

/// Adds what one match of a facts pattern says to `out`. `seen_chains` remembers the
/// clap builder chains already read.
pub(crate) fn collect_match(
    spec: &LanguageSpec,
    found: &QueryMatch<'_, '_>,
    names: &[&str],
    text: &str,
    base_line: u32,
    seen_chains: &mut Vec<usize>,
    out: &mut FileFacts,
) {
    let mut interface = None;
    let mut implementor = None;
    for capture in found.captures() {
        let node = capture.node;
        let Some(node_text) = text.get(node.byte_range()) else { continue };
        match names[capture.index as usize] {
            "impl.interface" => interface = Some(type_name(node_text)),
            "impl.type" => implementor = Some((type_name(node_text), line_of(node, base_line))),
            name => collect_capture(spec, name, node, text, base_line, seen_chains, out),
        }
    }
    if let (Some(interface), Some((implementor, line))) = (interface, implementor)
        && !interface.is_empty()
        && !implementor.is_empty()
    {
        out.implementations.push(Implementation { line, interface, implementor });
    }
}

fn line_of(node: Node<'_>, base_line: u32) -> u32 {
    base_line + node.start_position().row as u32 + 1
}

/// Adds what one capture `name` of `node` says to `out` (all but the implementations, which
/// pair two captures).
pub(crate) fn collect_capture(
    spec: &LanguageSpec,
    name: &str,
    node: Node<'_>,
    text: &str,
    base_line: u32,
    seen_chains: &mut Vec<usize>,
    out: &mut FileFacts,
) {
    let Some(node_text) = text.get(node.byte_range()) else { return };
    let line_of = |node: Node<'_>| line_of(node, base_line);
    match name {
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
        "flag.field" => out.flags.extend(flags::clap::derive_field(node, text, base_line)),
        "flag.call" => out.flags.extend(flags::call(spec.flags, node, text, base_line, seen_chains)),
        "flag.annotation" => out.flags.extend(flags::picocli::annotation(node, text, base_line)),
        "flag.parser" => out.flags.extend(flags::generated(spec.flags, node, text, base_line)),
        _ => {}
    }
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 100 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `fmt::Display<T>` → `Display`; `&'a Foo` → `Foo`; `pkg.Base` → `Base`.
fn type_name(text: &str) -> String {
    let before_generics = text.split(['<', '[', '(']).next().unwrap_or(text);
    let last = before_generics.split_whitespace().last().unwrap_or("").trim_start_matches(['&', '*']);
    last.rsplit("::").next().unwrap_or(last).rsplit('.').next().unwrap_or(last).to_owned()
}
