//! Blanking C and C++ macros that tree-sitter cannot expand.
//!
//! Macros such as `FMT_BEGIN_NAMESPACE` (a whole line) or `FMT_API` and `FMT_CONSTEXPR`
//! (in front of a declaration) derail the grammar: the parser recovers with `ERROR` nodes
//! that can swallow whole classes. Replacing such macro names with spaces keeps every byte
//! offset and line where it was and lets the rest parse. Preprocessor lines are never
//! touched, so `#define FMT_API …` is still a macro definition.
//!
//! A macro name here is an ALL_CAPS identifier with an underscore. It is blanked when it is
//! alone on its line (optionally with arguments and no `;`), or when it directly precedes a
//! declaration keyword, or follows `class`/`struct`/`union` (not in `struct MY_TAG name;`,
//! where it names the struct), or is named like an attribute
//! (`API`, `EXPORT`, `CONSTEXPR`, …) and precedes an identifier, or follows a declarator's
//! `)` right before its `;` (`int (*get)(void) MODULE_ATTR;`). A macro used as a type
//! (`MY_TYPE make(void)`) is left alone unless its name says it is an attribute.
//!
//! A macro the file itself defines as a qualifier keyword or as nothing (`#define CONST
//! const`, `#define EXPORT`), whatever its name, is expanded where it is used: the keyword
//! is written over the name and padded with spaces (`static CONST double tens[]` parses as
//! the `const` array it is), when the name is at least as long as the keyword.

use std::borrow::Cow;

const DECLARATION_KEYWORDS: &[&str] = &[
    "auto",
    "bool",
    "char",
    "class",
    "const",
    "constexpr",
    "consteval",
    "constinit",
    "double",
    "enum",
    "explicit",
    "extern",
    "float",
    "friend",
    "inline",
    "int",
    "long",
    "namespace",
    "operator",
    "short",
    "signed",
    "static",
    "struct",
    "template",
    "typename",
    "union",
    "unsigned",
    "virtual",
    "void",
];

const ATTRIBUTE_WORDS: &[&str] = &[
    "ALWAYS",
    "API",
    "ATTR",
    "CDECL",
    "CONSTEXPR",
    "DECL",
    "DEPRECATED",
    "EXPORT",
    "EXTERN",
    "FORCE",
    "HIDDEN",
    "IMPORT",
    "INTERFACE",
    "INLINE",
    "LOCAL",
    "NODISCARD",
    "NOEXCEPT",
    "NOINLINE",
    "NORETURN",
    "PUBLIC",
    "PURE",
    "STDCALL",
    "UNUSED",
    "VISIBILITY",
    "VISIBLE",
];

/// `text` with macro names blanked, or `text` itself when there is nothing to blank.
pub(crate) fn blank_macros(text: &str) -> Cow<'_, str> {
    let qualifiers = qualifier_macros(text);
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut expansions: Vec<(usize, &str)> = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        collect_line(line, line_start, &mut blanks);
        if !qualifiers.is_empty() && !line.trim_start().starts_with('#') {
            for (start, end) in identifiers(line) {
                if let Some((_, keyword)) = qualifiers.iter().find(|(name, _)| *name == &line[start..end]) {
                    blanks.push((line_start + start, line_start + end));
                    expansions.push((line_start + start, keyword));
                }
            }
        }
        line_start += line.len();
    }
    if blanks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in blanks {
        // Macro names are ASCII, so blanking them keeps the text valid UTF-8.
        bytes[start..end].fill(b' ');
    }
    for (start, keyword) in expansions {
        bytes[start..start + keyword.len()].copy_from_slice(keyword.as_bytes());
    }
    match String::from_utf8(bytes) {
        Ok(blanked) => Cow::Owned(blanked),
        Err(_) => Cow::Borrowed(text),
    }
}

/// Qualifier keywords a macro may stand for and be expanded in place.
const QUALIFIERS: &[&str] = &["const", "volatile", "static", "inline", "extern", "register", "restrict"];

/// The object-like macros `text` defines as a qualifier keyword or as nothing, each with
/// what it expands to, when every definition of the name in the file agrees and the name is
/// at least as long as its expansion (so that it can be written in place).
fn qualifier_macros(text: &str) -> Vec<(&str, &'static str)> {
    let mut found: Vec<(&str, &'static str)> = Vec::new();
    let mut rejected: Vec<&str> = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else { continue };
        let Some(rest) = rest.trim_start().strip_prefix("define") else { continue };
        if !rest.starts_with([' ', '\t']) {
            continue;
        }
        let rest = rest.trim_start();
        let name_end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let (name, body) = rest.split_at(name_end);
        if name.is_empty() || body.starts_with('(') || rejected.contains(&name) {
            continue;
        }
        let body = body.split("//").next().unwrap_or("").split("/*").next().unwrap_or("").trim();
        let expansion =
            if body.is_empty() { Some("") } else { QUALIFIERS.iter().copied().find(|k| *k == body) };
        match expansion {
            Some(keyword) if keyword.len() <= name.len() && !QUALIFIERS.contains(&name) => {
                match found.iter().find(|(known, _)| *known == name) {
                    Some(&(_, known)) if known != keyword => {
                        found.retain(|(known, _)| *known != name);
                        rejected.push(name);
                    }
                    Some(_) => {}
                    None => found.push((name, keyword)),
                }
            }
            _ => {
                found.retain(|(known, _)| *known != name);
                rejected.push(name);
            }
        }
    }
    found
}

fn collect_line(line: &str, offset: usize, blanks: &mut Vec<(usize, usize)>) {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("//") {
        return;
    }
    let leading = line.len() - line.trim_start().len();
    if let Some(length) = standalone_macro(trimmed) {
        blanks.push((offset + leading, offset + leading + length));
        return;
    }
    let tokens = identifiers(line);
    for (index, &(start, end)) in tokens.iter().enumerate() {
        let word = &line[start..end];
        if !is_macro_name(word) {
            continue;
        }
        let previous_word = index.checked_sub(1).map(|i| &line[tokens[i].0..tokens[i].1]).unwrap_or("");
        // `if FMT_CONSTEXPR20 (x)`: a macro standing for `constexpr` after `if`.
        if matches!(previous_word, "if" | "while") && line[end..].trim_start().starts_with('(') {
            blanks.push((offset + start, offset + end));
            continue;
        }
        let after = line[end..].trim_start();
        let attribute_like = word.split('_').any(|part| ATTRIBUTE_WORDS.contains(&part));
        // `int (*get)(void) MODULE_ATTR;`: an attribute after a declarator, before its `;`.
        if attribute_like && after.starts_with(';') && line[..start].trim_end().ends_with(')') {
            blanks.push((offset + start, offset + end));
            continue;
        }
        let next_is_identifier = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !next_is_identifier {
            continue;
        }
        let next_word = tokens.get(index + 1).map(|&(s, e)| &line[s..e]).unwrap_or("");
        let adjacent = tokens.get(index + 1).is_some_and(|&(s, _)| line[end..s].trim().is_empty());
        if !adjacent {
            continue;
        }
        // `struct MY_TAG name;` declares a variable of the struct the macro names.
        let declares_variable = tokens
            .get(index + 1)
            .is_some_and(|&(_, next_end)| line[next_end..].trim_start().starts_with([';', '=', '[']));
        if DECLARATION_KEYWORDS.contains(&next_word)
            || (matches!(previous_word, "class" | "struct" | "union") && !declares_variable)
            || attribute_like
        {
            blanks.push((offset + start, offset + end));
        }
    }
}

/// The length of a line that is only a macro invocation: `FMT_BEGIN_NAMESPACE`,
/// `Q_DECLARE_METATYPE(Foo)`. Not one ending in `;`, `{` or `,`, nor one where the macro's
/// arguments close before the line ends (`CJSON_PUBLIC(cJSON *) cJSON_Parse(const char *v)`,
/// a macro standing for a function's type).
fn standalone_macro(trimmed: &str) -> Option<usize> {
    let name_end = trimmed.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(trimmed.len());
    let name = &trimmed[..name_end];
    if !is_macro_name(name) {
        return None;
    }
    let rest = &trimmed[name_end..];
    if rest.is_empty() {
        return Some(name_end);
    }
    if rest.starts_with('(') && closing_paren(rest) == Some(rest.len() - 1) && !rest.contains([';', '{', '}'])
    {
        return Some(trimmed.len());
    }
    None
}

/// The byte index of the `)` that closes the `(` `text` starts with.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, byte) in text.bytes().enumerate() {
        match byte {
            b'(' => depth += 1,
            b')' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_macro_name(word: &str) -> bool {
    word.len() >= 3
        && word.contains('_')
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && word.bytes().any(|b| b.is_ascii_uppercase())
}

/// Byte ranges of the identifiers of a line, outside string and character literals.
fn identifiers(line: &str) -> Vec<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'"' || byte == b'\'' {
            index += 1;
            while index < bytes.len() && bytes[index] != byte {
                index += if bytes[index] == b'\\' { 2 } else { 1 };
            }
            index += 1;
        } else if byte == b'/' && bytes.get(index + 1) == Some(&b'/') {
            break;
        } else if byte.is_ascii_alphabetic() || byte == b'_' {
            let start = index;
            while index < bytes.len() && (bytes[index].is_ascii_alphanumeric() || bytes[index] == b'_') {
                index += 1;
            }
            out.push((start, index));
        } else {
            index += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::blank_macros;

    #[test]
    fn attribute_and_statement_macros_are_blanked_in_place() {
        let source = "#define FMT_API __attribute__((visibility(\"default\")))\n\
                      FMT_BEGIN_NAMESPACE\n\
                      FMT_EXPORT template <typename T> class FMT_API buffer {\n\
                      \x20 FMT_CONSTEXPR buffer(T* p) : p_(p) {}\n\
                      \x20 MY_TYPE make(void);\n\
                      \x20 int (*get)(void) MODULE_ATTR;\n\
                      struct MY_TAG state;\n\
                      \x20 if (FMT_USE_X) { log(\"FMT_API x\"); }\n\
                      \x20 if FMT_CONSTEXPR20 (fast) {}\n\
                      };\n\
                      Q_DECLARE_METATYPE(buffer)\n\
                      MY_PUBLIC(item *) parse(const char *value)\n\
                      FMT_END_NAMESPACE\n";
        let blanked = blank_macros(source);
        assert_eq!(blanked.len(), source.len());
        assert_eq!(
            blanked,
            "#define FMT_API __attribute__((visibility(\"default\")))\n\
             \x20                  \n\
             \x20          template <typename T> class         buffer {\n\
             \x20               buffer(T* p) : p_(p) {}\n\
             \x20 MY_TYPE make(void);\n\
             \x20 int (*get)(void)            ;\n\
             struct MY_TAG state;\n\
             \x20 if (FMT_USE_X) { log(\"FMT_API x\"); }\n\
             \x20 if                 (fast) {}\n\
             };\n\
             \x20                         \n\
             MY_PUBLIC(item *) parse(const char *value)\n\
             \x20                \n"
        );
    }

    #[test]
    fn macros_the_file_defines_as_a_qualifier_or_nothing_are_expanded_in_place() {
        let source = "#ifndef CONST\n\
                      #define CONST const\n\
                      #endif\n\
                      #define Exported\n\
                      #define STATIC_FN static\n\
                      #define TOO static\n\
                      #define Kind int\n\
                      #define Both const\n\
                      #define Both\n\
                      static CONST double tens[] = {1e0};\n\
                      Exported STATIC_FN int f(void) { return \"CONST\"[0]; }\n\
                      TOO Kind Both g;\n";
        let blanked = blank_macros(source);
        assert_eq!(blanked.len(), source.len());
        assert_eq!(
            blanked.lines().skip(9).collect::<Vec<_>>(),
            [
                "static const double tens[] = {1e0};",
                "         static    int f(void) { return \"CONST\"[0]; }",
                "TOO Kind Both g;",
            ]
        );
    }

    #[test]
    fn text_without_macros_is_borrowed() {
        assert!(matches!(blank_macros("int main(void) { return 0; }\n"), std::borrow::Cow::Borrowed(_)));
    }
}
