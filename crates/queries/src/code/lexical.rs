//! A language's text read as tokens, without parsing: what the recon reads of peripheral
//! files (tests, fixtures, vendored and generated code), which are about half the bytes of
//! a typical repository and whose parse would be most of a cold build's time.
//!
//! Two things come out of one pass: the type-like names the code uses (as
//! `references::walk` counts them off a tree: capitalized names outside comments and
//! strings, a name only called not counted in languages that mark type positions, names
//! prose writes as code), and where the import statements are, so that only those lines
//! are parsed ([`import_ranges`]). The same tokens find what a product file's parse can
//! leave out (`bodies::recon_elisions`): Rust's inline test modules and the function
//! bodies in which no query finds anything.

use rustc_hash::FxHashMap as HashMap;

pub(crate) mod bodies;
mod indented;

use crate::code::facts::INVARIANT_MARKS;
use crate::code::facts::config::{is_config_file, may_hold_config_file};
use crate::code::references::{capitalized, mentions, top_references};

/// How a language writes comments, strings and imports: only what finding tokens needs.
pub(crate) struct Lexicon {
    pub(crate) line_comments: &'static [&'static str],
    /// Opening and closing of a block comment; [`Lexicon::nested_comments`] when they nest
    /// (Rust).
    pub(crate) block_comment: Option<(&'static str, &'static str)>,
    pub(crate) nested_comments: bool,
    /// Characters that open a string, which the same character closes (a backslash
    /// escapes). `'` is a lifetime or a label rather than a quote when [`Lexicon::lifetimes`].
    pub(crate) quotes: &'static [u8],
    /// `"""` and `'''` open strings that only the same three close (Python, Java).
    pub(crate) triple_quotes: bool,
    /// A quote that opens a raw string: no escapes, any line (Go's backquote).
    pub(crate) raw_quote: Option<u8>,
    /// Rust's `r#"…"#`: an `r` (or `br`) and hashes before the quote.
    pub(crate) hashed_raw_strings: bool,
    /// `'a` is a lifetime (Rust): a quote is a character literal only as `'x'` or `'\…'`.
    pub(crate) lifetimes: bool,
    /// Strings may hold a line break (Rust); elsewhere a string ends at the line's end,
    /// so that a misread quote costs at most its line.
    pub(crate) multiline_strings: bool,
    /// What a line that starts an import statement starts with (after its indentation),
    /// and what it must then hold.
    pub(crate) import_lines: &'static [(&'static str, Needs)],
    /// Rust's inline test modules, `#[cfg(test)] mod tests { … }` (`bodies::recon_elisions`).
    pub(crate) test_modules: bool,
    /// Functions whose bodies the recon's parse may leave out (`bodies::recon_elisions`).
    pub(crate) function_bodies: Option<&'static Bodies>,
}

impl Lexicon {
    /// Whether `prose` (a [`Token::Prose`]'s text) is a comment rather than a string.
    fn is_comment(&self, prose: &str) -> bool {
        self.line_comments.iter().any(|opening| prose.starts_with(opening))
            || self.block_comment.is_some_and(|(opening, _)| prose.starts_with(opening))
    }
}

pub(crate) const C: Lexicon = Lexicon {
    line_comments: &["//"],
    block_comment: Some(("/*", "*/")),
    nested_comments: false,
    quotes: b"\"'",
    triple_quotes: false,
    raw_quote: None,
    hashed_raw_strings: false,
    lifetimes: false,
    multiline_strings: false,
    import_lines: &[("#include", Nothing), ("#import", Nothing), ("# include", Nothing)],
    test_modules: false,
    function_bodies: None,
};

pub(crate) const GO: Lexicon =
    Lexicon { raw_quote: Some(b'`'), import_lines: &[("package ", Nothing), ("import ", Nothing)], ..C };

pub(crate) const JAVA: Lexicon =
    Lexicon { triple_quotes: true, import_lines: &[("package ", Nothing), ("import ", Nothing)], ..C };

pub(crate) const JAVASCRIPT: Lexicon = Lexicon {
    raw_quote: Some(b'`'),
    import_lines: &[
        ("import", Nothing),
        ("export {", Nothing),
        ("export *", Nothing),
        ("export type {", Nothing),
        ("const ", InStatement("require(")),
        ("let ", InStatement("require(")),
        ("var ", InStatement("require(")),
        ("", InLine("require(")),
    ],
    ..C
};

pub(crate) const PYTHON: Lexicon = Lexicon {
    line_comments: &["#"],
    block_comment: None,
    triple_quotes: true,
    import_lines: &[("import ", Nothing), ("from ", Nothing)],
    function_bodies: Some(&PYTHON_BODIES),
    ..C
};

pub(crate) const RUST: Lexicon = Lexicon {
    nested_comments: true,
    hashed_raw_strings: true,
    lifetimes: true,
    multiline_strings: true,
    import_lines: &[
        ("use ", Nothing),
        ("pub use ", Nothing),
        ("pub(crate) use ", Nothing),
        ("pub(super) use ", Nothing),
        ("extern crate ", Nothing),
        ("mod ", InLine(";")),
        ("pub mod ", InLine(";")),
        ("pub(crate) mod ", InLine(";")),
        ("#[path", Nothing),
    ],
    test_modules: true,
    function_bodies: Some(&RUST_BODIES),
    ..C
};

/// How a language writes functions whose bodies a parse may leave out, and what in a body
/// keeps it in.
pub(crate) struct Bodies {
    /// The keyword that opens a function followed by its name (`fn`, `def`).
    pub(crate) keyword: &'static str,
    /// The body is a block of lines indented under the signature's colon (Python), not
    /// a brace-delimited block.
    pub(crate) indented: bool,
    /// An assignment to an upper-case name, or an annotated one, defines a symbol inside
    /// a block (Python's `tags.scm`).
    pub(crate) block_assignments: bool,
    /// Code at which the language's `facts.scm`, `tags.scm` or `imports.scm` can match
    /// inside a body: a word, or a word and what must follow it (`env::var`, `assert!`).
    /// A body holding one is parsed; keep this list in step with those queries. A comment
    /// with an invariant mark (`SAFETY:`) or a string naming a configuration file holds a
    /// fact in every language.
    pub(crate) fact_code: &'static [&'static str],
}

/// Rust: `facts.scm`'s assertion macros, environment reads and clap builder calls, and
/// every item inside a function that `tags.scm` defines or `imports.scm` reads.
pub(crate) const RUST_BODIES: Bodies = Bodies {
    keyword: "fn",
    indented: false,
    block_assignments: false,
    fact_code: &[
        "assert!",
        "assert_eq!",
        "assert_ne!",
        "debug_assert!",
        "debug_assert_eq!",
        "debug_assert_ne!",
        "unreachable!",
        "panic!",
        "env::var",
        "env!",
        "option_env!",
        "long(",
        "short(",
        "fn",
        "struct",
        "enum",
        "union",
        "trait",
        "impl",
        "mod",
        "type",
        "const",
        "static",
        "macro_rules",
        "use",
        "extern",
    ],
};

/// Python: `facts.scm`'s assertions, environment reads and argparse, click and typer
/// calls, and the definitions and imports `tags.scm` and `imports.scm` find in a function.
pub(crate) const PYTHON_BODIES: Bodies = Bodies {
    keyword: "def",
    indented: true,
    block_assignments: true,
    fact_code: &[
        "assert",
        "environ",
        "getenv",
        "putenv",
        "add_argument(",
        "option(",
        "Option(",
        "argument(",
        "Argument(",
        "ArgumentParser(",
        "command(",
        "group(",
        "version_option(",
        "def",
        "class",
        "lambda",
        "import",
    ],
};

/// The word at `at` of `text` starts one of the bodies' fact code.
pub(crate) fn is_fact_code(bodies: &Bodies, text: &str, at: usize, word: &str) -> bool {
    bodies.fact_code.iter().any(|code| {
        code.starts_with(word)
            && !code[word.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
            && text[at..].starts_with(code)
    })
}

/// A comment holding an invariant mark, or a string naming a configuration file (what
/// `facts.scm`'s `@config` keeps).
pub(crate) fn is_fact_prose(lexicon: &Lexicon, prose: &str) -> bool {
    if lexicon.is_comment(prose) {
        return INVARIANT_MARKS.iter().any(|mark| prose.contains(mark));
    }
    let content = prose.strip_prefix('r').unwrap_or(prose).trim_matches('#');
    // A string with interpolations holds strings of its own (`f"{dir / 'a.json'}"`).
    is_config_file(content.trim_matches(['"', '\'', '`']))
        || content.contains('{') && may_hold_config_file(content)
}

/// What an import statement must hold besides its first word.
#[derive(Clone, Copy)]
pub(crate) enum Needs {
    Nothing,
    /// On its first line: `mod a;` is a module file, `mod a {` a body.
    InLine(&'static str),
    /// Anywhere in it: `const {` … `} = require("a");`.
    InStatement(&'static str),
}

use Needs::{InLine, InStatement, Nothing};

/// At most this many lines in one import statement: a bracket never closed does not make
/// the rest of the file an import.
const MAX_STATEMENT_LINES: usize = 256;

/// What one pass over a text found.
pub(crate) struct Scan {
    /// As `references::walk` gives them: at most `MAX_REFERENCES`, sorted by name.
    pub(crate) references: Vec<(String, u32)>,
    /// The comments and strings over several lines: a line starting inside one is not
    /// code ([`import_ranges`]).
    pub(crate) long_prose: Vec<std::ops::Range<usize>>,
}

/// Reads `text` as `lexicon`'s tokens. `typed`: the language marks type positions, so a
/// capitalized name that is only called is a function (`NewStore(…)` still names `Store`).
pub(crate) fn scan(lexicon: &Lexicon, text: &str, typed: bool) -> Scan {
    let mut counts: HashMap<&str, u32> = HashMap::default();
    let long_prose = count_names(lexicon, text, typed, &mut counts);
    Scan { references: top_references(counts), long_prose }
}

/// Adds the type-like names `text` uses to `counts`, as [`scan`] reads them; returns the
/// comments and strings over several lines ([`Scan::long_prose`]).
pub(crate) fn count_names<'t>(
    lexicon: &Lexicon,
    text: &'t str,
    typed: bool,
    counts: &mut HashMap<&'t str, u32>,
) -> Vec<std::ops::Range<usize>> {
    let mut long_prose: Vec<std::ops::Range<usize>> = Vec::new();
    let mut previous = "";
    for token in tokens(lexicon, text) {
        match token {
            Token::Word(start, word) => {
                count_word(counts, text, start..start + word.len(), typed && previous != "new");
                previous = word;
            }
            Token::Prose(prose) => {
                let written = text.get(prose.clone()).unwrap_or("");
                for name in mentions(written) {
                    *counts.entry(name).or_default() += 1;
                }
                if written.contains('\n') {
                    long_prose.push(prose);
                }
            }
            Token::Other(..) => {}
        }
    }
    long_prose
}

/// A token, as far as names, braces and imports need one.
enum Token<'t> {
    /// A name or keyword (or a number's tail), at its offset.
    Word(usize, &'t str),
    /// A comment or a string, raw strings included.
    Prose(std::ops::Range<usize>),
    /// Any other byte but a blank (a number: its first digit), at its offset.
    Other(usize, u8),
}

/// The tokens of `text`, in order.
fn tokens<'t>(lexicon: &'t Lexicon, text: &'t str) -> impl Iterator<Item = Token<'t>> + 't {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        // Blanks are no token: most bytes that are not in a word are.
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let start = at;
        let byte = *bytes.get(start)?;
        if byte.is_ascii_alphabetic() || byte == b'_' {
            at = digits_end(bytes, start);
            let word = &text[start..at];
            let raw = lexicon.hashed_raw_strings && matches!(word, "r" | "br");
            if let Some(end) = raw.then(|| hashed_raw_string(bytes, at)).flatten() {
                at = end;
                return Some(Token::Prose(start..end));
            }
            return Some(Token::Word(start, word));
        }
        let end = prose_end(lexicon, text, start);
        if end > start {
            at = end;
            return Some(Token::Prose(start..end));
        }
        at = if byte.is_ascii_digit() { digits_end(bytes, start) } else { start + 1 };
        Some(Token::Other(start, byte))
    })
}

/// Counts the name at `word` of `text` when it is type-like: capitalized, and when
/// `calls_are_functions` not only called (`NewStore(…)` still names `Store`; `new Store(…)`
/// is not a call here).
fn count_word<'t>(
    counts: &mut HashMap<&'t str, u32>,
    text: &'t str,
    word: std::ops::Range<usize>,
    calls_are_functions: bool,
) {
    let bytes = text.as_bytes();
    let glued = word.start > 0 && bytes[word.start - 1] >= 0x80;
    let name = &text[word.clone()];
    if glued || !capitalized(name) {
        return;
    }
    let called = calls_are_functions && next_non_space(bytes, word.end) == Some(b'(');
    let name = if called { name.strip_prefix("New").filter(|rest| capitalized(rest)) } else { Some(name) };
    if let Some(name) = name {
        *counts.entry(name).or_default() += 1;
    }
}

/// Past a number (`0x1F`, `1e9`), so that its letters are not read as names.
fn digits_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
        at += 1;
    }
    at
}

fn next_non_space(bytes: &[u8], mut at: usize) -> Option<u8> {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    bytes.get(at).copied()
}

/// The end of the comment or string starting at `at`, or `at` when none starts there.
fn prose_end(lexicon: &Lexicon, text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let byte = bytes[at];
    let opens = |opening: &str| opening.as_bytes().first() == Some(&byte);
    if !(lexicon.quotes.contains(&byte)
        || lexicon.raw_quote == Some(byte)
        || lexicon.line_comments.iter().any(|opening| opens(opening))
        || lexicon.block_comment.is_some_and(|(open, _)| opens(open)))
    {
        return at;
    }
    let rest = &bytes[at..];
    if lexicon.line_comments.iter().any(|opening| rest.starts_with(opening.as_bytes())) {
        return line_end(bytes, at);
    }
    if let Some((open, close)) = lexicon.block_comment
        && rest.starts_with(open.as_bytes())
    {
        return block_comment_end(bytes, at, open.as_bytes(), close.as_bytes(), lexicon.nested_comments);
    }
    if lexicon.raw_quote == Some(byte) {
        return bytes[at + 1..].iter().position(|&b| b == byte).map_or(bytes.len(), |end| at + end + 2);
    }
    if !lexicon.quotes.contains(&byte) {
        return at;
    }
    if lexicon.triple_quotes && rest.len() >= 3 && rest[1] == byte && rest[2] == byte {
        let close = [byte; 3];
        return find(bytes, at + 3, &close).map_or(bytes.len(), |end| end + 3);
    }
    if byte == b'\'' && lexicon.lifetimes && !text.get(at + 1..).is_some_and(is_char_literal) {
        return at;
    }
    let mut index = at + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'\n' if !lexicon.multiline_strings => return index,
            found if found == byte => return index + 1,
            _ => index += 1,
        }
    }
    bytes.len()
}

/// `'x'`, `'\n'`, `'é'` (`rest` is what follows the quote): a character literal rather
/// than a lifetime `'a`.
fn is_char_literal(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\\') => true,
        Some(_) => chars.next() == Some('\''),
        None => false,
    }
}

/// The end of Rust's `r#"…"#` whose hashes start at `at` (after the `r`), if one does.
fn hashed_raw_string(bytes: &[u8], at: usize) -> Option<usize> {
    let hashes = bytes[at..].iter().take_while(|&&b| b == b'#').count();
    if bytes.get(at + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    Some(find(bytes, at + hashes + 1, &close).map_or(bytes.len(), |end| end + close.len()))
}

fn block_comment_end(bytes: &[u8], at: usize, open: &[u8], close: &[u8], nested: bool) -> usize {
    let mut depth = 0usize;
    let mut index = at;
    while index < bytes.len() {
        if bytes[index..].starts_with(open) && (nested || depth == 0) {
            depth += 1;
            index += open.len();
        } else if bytes[index..].starts_with(close) {
            depth -= 1;
            index += close.len();
            if depth == 0 {
                return index;
            }
        } else {
            index += 1;
        }
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|window| window == needle).map(|at| from + at)
}

fn line_end(bytes: &[u8], at: usize) -> usize {
    bytes[at..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |end| at + end)
}

/// Where the import statements of `text` are: from each line's first word when the line
/// starts with one of the lexicon's `import_lines` (indented ones too: `if TYPE_CHECKING:`
/// imports, a `use` in a function, as a parse finds them) outside the comments and strings
/// of `long_prose`, to the end of the line where its brackets close (`import (` … `)`,
/// `use a::{` … `};`) and no trailing backslash continues it. A range starts at the word,
/// not the line, so that an indented import parses as a top-level one.
pub(crate) fn import_ranges(
    lexicon: &Lexicon,
    text: &str,
    long_prose: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    let mut prose = long_prose.iter().peekable();
    let mut lines = line_spans(text).peekable();
    while let Some((start, end)) = lines.next() {
        let line = &text[start..end];
        let code = line.trim_start();
        let word = start + (line.len() - code.len());
        let Some(needs) = lexicon
            .import_lines
            .iter()
            .find(|(prefix, needs)| {
                code.starts_with(prefix) && !matches!(needs, InLine(needed) if !code.contains(needed))
            })
            .map(|(_, needs)| *needs)
        else {
            continue;
        };
        while prose.peek().is_some_and(|range| range.end <= word) {
            prose.next();
        }
        if prose.peek().is_some_and(|range| range.start < word) {
            continue;
        }
        let mut depth = bracket_balance(code);
        let mut last = end;
        let mut continued = continues(code);
        let mut taken = 1;
        while (depth > 0 || continued) && taken < MAX_STATEMENT_LINES {
            let Some((_, next_end)) = lines.next() else { break };
            let next = &text[last..next_end];
            depth += bracket_balance(next);
            continued = continues(next);
            last = next_end;
            taken += 1;
        }
        if matches!(needs, InStatement(needed) if !text[word..last].contains(needed)) {
            continue;
        }
        match ranges.last_mut() {
            Some(previous) if previous.end == word => previous.end = last,
            _ => ranges.push(word..last),
        }
    }
    ranges
}

/// A statement that goes on to the next line: a trailing backslash, or a trailing comma
/// (`const a = require("a"),` then `b = require("b");`).
fn continues(line: &str) -> bool {
    line.trim_end().ends_with(['\\', ','])
}

/// Each line's byte range, its line break included.
fn line_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..].find('\n').map_or(text.len(), |at| start + at + 1);
        let span = (start, end);
        start = end;
        Some(span)
    })
}

/// Opening minus closing brackets on a line, outside its quotes (roughly: a statement's
/// extent, not a parse).
fn bracket_balance(line: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(open) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == open {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' | '`' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                _ => {}
            },
        }
    }
    depth
}

#[cfg(test)]
mod tests;
