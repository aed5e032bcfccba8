//! Separating TypeScript call signatures that tree-sitter reads as one expression.
//!
//! In an interface or type literal, a member ends at the end of its line: TypeScript reads
//! `): Promise<Data>` and, on the next line, `<SWRData = Data>(` as two call signatures.
//! tree-sitter-typescript reads the `<` as a comparison continuing the first one's type,
//! recovers with `ERROR` nodes and loses the interfaces after it. Writing a `;` over the
//! first column of the second signature's indentation keeps every byte offset and line
//! where it was and separates them as TypeScript does.
//!
//! A line is rewritten when it starts, after at least one column of indentation, with a type
//! parameter list and a parameter list (`<T>(`, `<T = D>(`, `<T extends K, U>(` on its line
//! or `<T = D,` opening a list over several lines), and the code line before it ends a call
//! or method signature: it starts with `)` and `:` and ends in a type (a word, `>`, `]` or
//! `)`), not in an operator, `=>`, `{` or `,`.

use std::borrow::Cow;

/// `text` with a `;` written before each call signature that follows another one's return
/// type on the line before, or `text` itself when there is none.
pub(crate) fn separate_signatures(text: &str) -> Cow<'_, str> {
    let mut at: Vec<usize> = Vec::new();
    let mut previous_code: Option<&str> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if previous_code.is_some_and(ends_signature) && starts_signature(line) {
            at.push(offset);
        }
        if !trimmed.is_empty() && !trimmed.starts_with("//") {
            previous_code = Some(trimmed);
        }
        offset += line.len();
    }
    if at.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    for start in at {
        // The first column is an ASCII space or tab, so the text stays valid UTF-8.
        bytes[start] = b';';
    }
    match String::from_utf8(bytes) {
        Ok(separated) => Cow::Owned(separated),
        Err(_) => Cow::Borrowed(text),
    }
}

/// `): Promise<Data>`, `): void`, `): [A, B]`: the end of a call or method signature.
fn ends_signature(trimmed: &str) -> bool {
    let Some(rest) = trimmed.strip_prefix(')') else { return false };
    if !rest.trim_start().starts_with(':') || trimmed.ends_with("=>") {
        return false;
    }
    trimmed.ends_with(|c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '>' | ']' | ')'))
}

/// An indented line opening a type parameter list followed by parameters.
fn starts_signature(line: &str) -> bool {
    if !line.starts_with([' ', '\t']) {
        return false;
    }
    let Some(rest) = line.trim_start().strip_prefix('<') else { return false };
    let name_end =
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
    if name_end == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$') {
        return false;
    }
    let after = rest[name_end..].trim();
    (after.starts_with(['=', ',', '>']) && (after.contains('(') || after.ends_with(',')))
        || after.starts_with("extends ")
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::separate_signatures;

    #[test]
    fn call_signatures_after_a_return_type_are_separated_in_place() {
        let source = "export interface Trigger<Data = any> {\n\
                      \x20 <S = Data>(\n\
                      \x20   arg?: S,\n\
                      \x20 ): Promise<Data>\n\
                      \x20 <S = Data>(arg: S): Promise<S>\n\
                      \x20 // a comment between\n\
                      \x20 ): void\n\
                      \x20 <T extends Key, U>(key: T): U\n\
                      }\n\
                      const pick = (a: number\n\
                      \x20 ): number =>\n\
                      \x20 <T>(b: T) => b\n\
                      if (a) b\n\
                      \x20 <c>(d)\n";
        let separated = separate_signatures(source);
        assert_eq!(separated.len(), source.len());
        assert_eq!(
            separated.lines().collect::<Vec<_>>(),
            [
                "export interface Trigger<Data = any> {",
                "  <S = Data>(",
                "    arg?: S,",
                "  ): Promise<Data>",
                "; <S = Data>(arg: S): Promise<S>",
                "  // a comment between",
                "  ): void",
                "; <T extends Key, U>(key: T): U",
                "}",
                "const pick = (a: number",
                "  ): number =>",
                "  <T>(b: T) => b",
                "if (a) b",
                "  <c>(d)",
            ]
        );
    }

    #[test]
    fn text_without_such_signatures_is_borrowed() {
        assert!(matches!(separate_signatures("interface A {\n  (x: number): void\n}\n"), Cow::Borrowed(_)));
    }
}
