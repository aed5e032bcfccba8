//! The first sentence of a file's module documentation, in the language's
//! [`DocStyle`]: `//!` or `/*!` in Rust, `// Package x …` in Go, a docstring in Python.

use crate::code::facts::Fact;
use crate::code::lang::{DocStyle, LanguageSpec};

/// The first sentence of a file's module documentation: `//!` in Rust, `// Package x …`
/// in Go, a docstring in Python.
pub(crate) fn module_doc(spec: &LanguageSpec, text: &str) -> Option<Fact> {
    let (index, first) =
        text.lines().enumerate().find(|(_, line)| !line.trim().is_empty() && !line.starts_with("#!"))?;
    let doc = match spec.module_doc {
        DocStyle::Rust if first.trim_start().starts_with("/*!") => {
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
        DocStyle::Rust => first.trim_start().strip_prefix("//!").map(|_| {
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
        DocStyle::Go => text.lines().enumerate().find_map(|(at, line)| {
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
        DocStyle::Python => {
            let trimmed = first.trim_start();
            let quote = ["\"\"\"", "'''"].into_iter().find(|quote| trimmed.starts_with(quote))?;
            Some((index, trimmed[quote.len()..].trim_end_matches(quote).trim().to_owned()))
        }
        DocStyle::None => None,
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
