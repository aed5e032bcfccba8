//! Go's `flag`, pflag and cobra: `flag.String("name", …)`, `fs.IntVar(&v, "name", …)`,
//! `cmd.Flags().StringVarP(&v, "name", "n", …)`.

use tree_sitter::Node;

use crate::code::facts::Flag;
use crate::code::facts::flags::args::{call_line, method_name, positional_literals};

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
pub(super) fn call(call: Node<'_>, text: &str, base_line: u32) -> Vec<Flag> {
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
