//! Function bodies written by indentation (Python): which part of each a parse can leave
//! out. A body cannot be left out whole (`def f():` then nothing does not parse), so its
//! first statement stays, and what is left out runs from its second statement at the
//! body's indentation to the body's end: whole logical lines, so that the parser sees the
//! first statement, then the next line outside the function.

use std::ops::Range;

use super::{Bodies, Lexicon, Token, is_fact_code, is_fact_prose, tokens};

/// A statement's lines: where it starts, how it is indented, how it starts and ends.
struct Logical<'t> {
    /// The offset of its line's start.
    line_start: usize,
    indent: usize,
    /// Its first word, if it starts with one (`def`, `else`, a name).
    first: &'t str,
    /// It starts a function: the lexicon's keyword first (`def`), or second (`async def`).
    function: bool,
    /// Its last token (comments aside) is a colon: it opens a block.
    opens_block: bool,
    /// It holds something a query finds inside a function (the lexicon's [`Bodies`]).
    fact: bool,
}

/// Clause keywords that continue the statement above them at the same indentation.
const CLAUSES: &[&str] = &["else", "elif", "except", "finally"];

/// The parts of function bodies of `text` that a parse can leave out: for each function
/// (outermost first; a function inside a body that is kept is looked at too), from its
/// body's second statement to the body's end, when nothing there is a fact. Sorted and
/// disjoint. Nothing for a file indented with tabs (columns are then a matter of
/// settings).
pub(crate) fn indented_bodies(lexicon: &Lexicon, bodies: &Bodies, text: &str) -> Vec<Range<usize>> {
    let lines = logical_lines(lexicon, bodies, text);
    let mut found = Vec::new();
    // Functions nested in kept bodies scan their bodies again: at most this many lines in
    // all, so that a pathological nesting costs linear time (what was found stays).
    let mut budget = lines.len().saturating_mul(8);
    let mut index = 0;
    while index < lines.len() {
        let line = &lines[index];
        if !(line.function && line.opens_block) {
            index += 1;
            continue;
        }
        let end = lines[index + 1..]
            .iter()
            .position(|next| next.indent <= line.indent)
            .map_or(lines.len(), |at| index + 1 + at);
        budget = match budget.checked_sub(end - index) {
            Some(left) => left,
            None => break,
        };
        if index + 1 == end {
            index += 1;
            continue;
        }
        let base = lines[index + 1].indent;
        let second =
            (index + 2..end).find(|&at| lines[at].indent == base && !CLAUSES.contains(&lines[at].first));
        match second {
            Some(second) if !lines[second..end].iter().any(|line| line.fact) => {
                let stop = lines.get(end).map_or(text.len(), |next| next.line_start);
                found.push(lines[second].line_start..stop);
                index = end;
            }
            _ => index += 1,
        }
    }
    found
}

/// The logical lines of `text`: a line that starts outside brackets, strings and a
/// backslash continuation, with the lines it continues on. Comment-only lines are none.
/// Empty when an indentation holds a tab.
fn logical_lines<'t>(lexicon: &'t Lexicon, bodies: &Bodies, text: &'t str) -> Vec<Logical<'t>> {
    let bytes = text.as_bytes();
    let mut lines: Vec<Logical<'t>> = Vec::new();
    let mut depth = 0usize;
    let mut previous_end = 0;
    let mut continued = false;
    let mut last_was_colon = false;
    // The line's second word is still to come (`def` after `async`).
    let mut second_word = false;
    for token in tokens(lexicon, text) {
        let (start, end) = match &token {
            Token::Word(start, word) => (*start, start + word.len()),
            Token::Prose(range) => (range.start, range.end),
            Token::Other(at, _) => (*at, at + 1),
        };
        let comment = matches!(&token, Token::Prose(range) if lexicon.is_comment(&text[range.clone()]));
        let new_line = lines.is_empty() || bytes[previous_end.min(start)..start].contains(&b'\n');
        if new_line && depth == 0 && !continued && !comment {
            if let Some(line) = lines.last_mut() {
                line.opens_block = last_was_colon;
            }
            let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
            let indentation = &text[line_start..start];
            if indentation.contains('\t') {
                return Vec::new();
            }
            let first = match &token {
                Token::Word(_, word) => *word,
                _ => "",
            };
            lines.push(Logical {
                line_start,
                indent: start - line_start,
                first,
                function: first == bodies.keyword,
                opens_block: false,
                fact: false,
            });
            second_word = true;
        } else if let (Some(line), Token::Word(_, word)) = (lines.last_mut(), &token)
            && second_word
        {
            second_word = false;
            line.function |= line.first == "async" && *word == bodies.keyword;
        }
        if let (Some(line), Token::Prose(range)) = (lines.last_mut(), &token) {
            line.fact |= is_fact_prose(lexicon, &text[range.clone()]);
        }
        if comment {
            previous_end = end;
            continue;
        }
        continued = false;
        last_was_colon = false;
        match token {
            Token::Other(_, b'(' | b'[' | b'{') => depth += 1,
            Token::Other(_, b')' | b']' | b'}') => depth = depth.saturating_sub(1),
            Token::Other(_, b'\\') => continued = true,
            Token::Other(_, b':') => last_was_colon = true,
            Token::Word(at, word) => {
                if let Some(line) = lines.last_mut() {
                    line.fact |= is_fact_code(bodies, text, at, word)
                        || bodies.block_assignments && defines_in_block(line, text, at, word);
                }
            }
            Token::Prose(..) | Token::Other(..) => {}
        }
        previous_end = end;
    }
    if let Some(line) = lines.last_mut() {
        line.opens_block = last_was_colon;
    }
    lines
}

/// The line's first word `word` at `at` is what Python's `tags.scm` defines inside a
/// block: an upper-case name assigned (`LIMIT = 3`, `A, B = …`) or any name annotated
/// (`size: int`).
fn defines_in_block(line: &Logical<'_>, text: &str, at: usize, word: &str) -> bool {
    if line.line_start + line.indent != at {
        return false;
    }
    let rest = text[at + word.len()..].trim_start_matches([' ', '\t']);
    let constant = word.trim_start_matches('_').starts_with(|c: char| c.is_ascii_uppercase())
        && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    let annotated =
        rest.starts_with(':') && !matches!(word, "else" | "try" | "finally" | "except" | "lambda");
    annotated || constant && (rest.starts_with('=') && !rest.starts_with("==") || rest.starts_with(','))
}

/// Gives back the end lines the parse could not see: a function whose body was left out
/// from its second statement (`without`, from [`indented_bodies`]) ends, as parsed, on
/// the last line before the cut; it really ends on the body's last line of code. So does
/// a block around it that ended there too (a class whose last method it is). A symbol
/// inside the body's first statement is indented at least as deep as the cut, and keeps
/// its end.
pub(crate) fn restore_ends(
    text: &str,
    without: &[Range<usize>],
    symbols: &mut [crate::code::symbols::Symbol],
) {
    if without.is_empty() {
        return;
    }
    let line_starts: Vec<usize> =
        std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&start| start <= offset) as u32;
    let indent_of = |line: u32| {
        let start = line_starts.get(line.saturating_sub(1) as usize).copied().unwrap_or(0);
        text[start..].bytes().take_while(|&b| b == b' ').count()
    };
    // The symbols by the line they end on, to look up the few that end at a cut.
    let mut by_end: rustc_hash::FxHashMap<u32, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (index, symbol) in symbols.iter().enumerate() {
        by_end.entry(symbol.end).or_default().push(index);
    }
    for range in without {
        let cut_indent = indent_of(line_of(range.start));
        let (Some(last), Some(before)) =
            (last_code_line(text, range, cut_indent), last_code_line(text, &(0..range.start), usize::MAX))
        else {
            continue;
        };
        // The parse ended the function on the last line of code before the cut, or on a
        // comment after it.
        let end = line_of(last);
        for line in line_of(before)..line_of(range.start) {
            for &index in by_end.get(&line).map(Vec::as_slice).unwrap_or(&[]) {
                let symbol = &mut symbols[index];
                if symbol.end == line && indent_of(symbol.start) < cut_indent {
                    symbol.end = end;
                }
            }
        }
    }
}

/// The offset of the last line in `range` of `text` that holds code: not blank, and not a
/// comment alone unless indented `comments_from` deep or more (a comment at a block's
/// indentation ends the block as parsed).
fn last_code_line(text: &str, range: &Range<usize>, comments_from: usize) -> Option<usize> {
    let part = text.get(range.clone())?;
    let mut end = part.len();
    while end > 0 {
        let start = part[..end.saturating_sub(1)].rfind('\n').map_or(0, |at| at + 1);
        let line = part[start..end].trim();
        let indent = part[start..end].len() - part[start..end].trim_start().len();
        if !line.is_empty() && (!line.starts_with('#') || indent >= comments_from) {
            return Some(range.start + start);
        }
        end = start;
    }
    None
}
