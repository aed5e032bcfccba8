//! Command-line flags, one module per framework family; the language's
//! [`FlagStyle`](crate::code::lang::FlagStyle) chooses which reads a `flag.call` or
//! `flag.parser` capture.

mod args;
pub(crate) mod clap;
mod go;
mod js;
pub(crate) mod picocli;
mod python;

use tree_sitter::Node;

use crate::code::facts::Flag;
use crate::code::lang::FlagStyle;

/// The flags a call declares (`.long("x")`, `flag.String("x", …)`, `add_argument("--x")`,
/// `.option("-x, --xx")`). `seen_chains` remembers the clap builder chains already read.
pub(crate) fn call(
    style: FlagStyle,
    call: Node<'_>,
    text: &str,
    base_line: u32,
    seen_chains: &mut Vec<usize>,
) -> Vec<Flag> {
    match style {
        FlagStyle::Clap => clap::builder_chain(call, text, base_line, seen_chains),
        FlagStyle::GoFlag => go::call(call, text, base_line),
        FlagStyle::Python => python::call(call, text, base_line),
        FlagStyle::Commander => js::call(call, text, base_line),
        FlagStyle::Picocli | FlagStyle::None => Vec::new(),
    }
}

/// Flags a framework adds by itself, cited where the parser is declared: clap's
/// `derive(Parser)` (`--help`, and `--version` with `#[command(version)]`), argparse's
/// `ArgumentParser` (`-h/--help` unless `add_help=False`), click's commands (`--help`),
/// cobra's commands (`-h/--help`), commander's `.version()` (`-V/--version`).
pub(crate) fn generated(style: FlagStyle, node: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
    let line = base_line + node.start_position().row as u32 + 1;
    match style {
        FlagStyle::Clap => clap::generated(node, text, line),
        FlagStyle::Python => python::generated(node, text, line),
        FlagStyle::GoFlag => vec![Flag::generated(line, "help", Some("h"))],
        FlagStyle::Commander => js::generated(node, text, line),
        FlagStyle::Picocli | FlagStyle::None => Vec::new(),
    }
}
