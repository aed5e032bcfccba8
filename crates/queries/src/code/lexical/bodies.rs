//! The parts of a product file a parse leaves out: the bodies of functions in which the
//! facts, definitions and imports queries can find nothing ([`function_bodies`]: every
//! parse, most of a file's bytes), and, for the recon, Rust's inline test modules
//! ([`test_bodies`], [`recon_elisions`]). Their names are read off their tokens instead.

use std::ops::Range;

use super::{Bodies, Lexicon, Token, is_fact_code, is_fact_prose, line_spans, tokens};

/// What marks a Rust test module.
pub(crate) const TEST_ATTRIBUTE: &str = "#[cfg(test)]";

/// What the recon's parse of a product file leaves out: its test modules' bodies and the
/// bodies of its other functions that hold no fact ([`function_bodies`]). Sorted and
/// disjoint; `None` when the file has no test module.
pub(crate) fn recon_elisions(lexicon: &Lexicon, text: &str) -> Option<Vec<Range<usize>>> {
    let tests = test_bodies(lexicon, text);
    if tests.is_empty() {
        return None;
    }
    let functions = function_bodies(lexicon, text);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(tests.len() + functions.len());
    let mut tests = tests.into_iter().peekable();
    for body in functions {
        while let Some(test) = tests.next_if(|test| test.end <= body.start) {
            out.push(test);
        }
        if tests.peek().is_some_and(|test| test.start <= body.start) {
            continue;
        }
        out.push(body);
    }
    out.extend(tests);
    Some(out)
}

/// The bodies of the outermost functions of `text` (`fn name … {`, between its braces)
/// in which nothing is a fact by the lexicon's `Bodies`. Sorted and disjoint; a body
/// whose brace never closes is not one. Bodies written by indentation (Python) are left
/// out from their second statement (`indented.rs`).
pub(crate) fn function_bodies(lexicon: &Lexicon, text: &str) -> Vec<Range<usize>> {
    match lexicon.function_bodies {
        Some(bodies) if text.contains(bodies.keyword) && bodies.indented => {
            super::indented::indented_bodies(lexicon, bodies, text)
        }
        Some(bodies) if text.contains(bodies.keyword) => braced_bodies(lexicon, bodies, text),
        _ => Vec::new(),
    }
}

/// Gives back the end lines a parse without `without` (from [`function_bodies`]) could
/// not see: only a body left out from its second statement cuts its function short
/// (`indented::restore_ends`); a braced one keeps its closing brace.
pub(crate) fn restore_ends(
    lexicon: &Lexicon,
    text: &str,
    without: &[Range<usize>],
    symbols: &mut [crate::code::symbols::Symbol],
) {
    if lexicon.function_bodies.is_some_and(|bodies| bodies.indented) {
        super::indented::restore_ends(text, without, symbols);
    }
}

/// [`function_bodies`] written `keyword name … {` … `}`.
fn braced_bodies(lexicon: &Lexicon, bodies: &Bodies, text: &str) -> Vec<Range<usize>> {
    enum State {
        Outside,
        /// After the keyword: the name must follow.
        Keyword,
        /// In the signature, at this depth of parentheses and brackets.
        Signature(usize),
        /// In the body opened at this offset, at this depth of braces; `fact` once it holds one.
        Body {
            open: usize,
            depth: usize,
            fact: bool,
        },
    }
    let mut found = Vec::new();
    let mut state = State::Outside;
    for token in tokens(lexicon, text) {
        state = match (state, token) {
            (State::Outside, Token::Word(_, word)) if word == bodies.keyword => State::Keyword,
            (State::Outside, _) => State::Outside,
            (State::Keyword, Token::Word(..)) => State::Signature(0),
            (State::Keyword, _) => State::Outside,
            (State::Signature(depth), Token::Other(at, byte)) => match byte {
                b'(' | b'[' => State::Signature(depth + 1),
                b')' | b']' => State::Signature(depth.saturating_sub(1)),
                b'{' if depth == 0 => State::Body { open: at + 1, depth: 1, fact: false },
                b';' | b'}' if depth == 0 => State::Outside,
                _ => State::Signature(depth),
            },
            (State::Signature(depth), _) => State::Signature(depth),
            (State::Body { open, depth, fact }, Token::Other(at, byte)) => match byte {
                b'{' => State::Body { open, depth: depth + 1, fact },
                b'}' if depth == 1 => {
                    if !fact {
                        found.push(open..at);
                    }
                    State::Outside
                }
                b'}' => State::Body { open, depth: depth - 1, fact },
                _ => State::Body { open, depth, fact },
            },
            (State::Body { open, depth, fact }, Token::Word(at, word)) => {
                // `'static` is a lifetime, not an item.
                let lifetime = lexicon.lifetimes && at > 0 && text.as_bytes()[at - 1] == b'\'';
                let fact = fact || !lifetime && is_fact_code(bodies, text, at, word);
                State::Body { open, depth, fact }
            }
            (State::Body { open, depth, fact }, Token::Prose(prose)) => {
                let fact = fact || is_fact_prose(lexicon, &text[prose]);
                State::Body { open, depth, fact }
            }
        };
    }
    found
}

/// The bodies of the inline test modules of `text`, between their braces: a module item
/// (`mod tests {`, `pub(crate) mod test_util {`) whose attributes, one per line right
/// above it, include `#[cfg(test)]`. Sorted and disjoint; a body whose brace never closes
/// is not one, nor is any after it.
pub(crate) fn test_bodies(lexicon: &Lexicon, text: &str) -> Vec<Range<usize>> {
    if !lexicon.test_modules || !text.contains(TEST_ATTRIBUTE) {
        return Vec::new();
    }
    let mut bodies: Vec<Range<usize>> = Vec::new();
    let mut in_test_attributes = false;
    for (start, end) in line_spans(text) {
        let line = text[start..end].trim();
        if line.starts_with("#[") && line.ends_with(']') {
            in_test_attributes |= line == TEST_ATTRIBUTE;
            continue;
        }
        let opens_module = in_test_attributes && is_module_opening(line);
        in_test_attributes = false;
        if !opens_module || bodies.last().is_some_and(|body| start < body.end) {
            continue;
        }
        let open = start + text[start..end].rfind('{').unwrap_or(0) + 1;
        // Unclosed, it holds the rest of the file: searching again from each later module
        // would read the file once per module.
        let Some(close) = closing_brace(lexicon, text, open) else { break };
        bodies.push(open..close);
    }
    bodies
}

/// `mod tests {`, `pub(crate) mod a {`.
fn is_module_opening(line: &str) -> bool {
    let Some(rest) = line.strip_suffix('{') else { return false };
    let rest = rest.trim_end();
    let rest = match rest.strip_prefix("pub") {
        Some(after) => match after.strip_prefix('(') {
            Some(scoped) => scoped.split_once(')').map_or("", |(_, after)| after),
            None => after,
        },
        None => rest,
    };
    rest.trim_start().strip_prefix("mod ").is_some_and(|name| {
        !name.trim().is_empty() && name.trim().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// The offset of the `}` that closes the block whose body starts at `open`, skipping
/// comments, strings and character literals.
fn closing_brace(lexicon: &Lexicon, text: &str, open: usize) -> Option<usize> {
    let mut depth = 1usize;
    for token in tokens(lexicon, text.get(open..)?) {
        match token {
            Token::Other(_, b'{') => depth += 1,
            Token::Other(at, b'}') => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + at);
                }
            }
            _ => {}
        }
    }
    None
}
