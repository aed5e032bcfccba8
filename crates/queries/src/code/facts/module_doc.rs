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
        DocStyle::Go => go_package_doc(text),
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

/// A file's whole module documentation as Markdown, when the language writes it as a
/// run of line comments at its top (Rust's `//!`): what a crate root's overview says.
/// At most `MAX_DOC_LINES` lines.
pub(crate) fn module_doc_markdown(spec: &LanguageSpec, text: &str) -> Option<String> {
    const MAX_DOC_LINES: usize = 2000;
    if spec.module_doc != DocStyle::Rust {
        return None;
    }
    // Inner doc comments come before any item, after attributes (`#![allow(…)]` over
    // several lines) and comments: the first `//!` line starts the block, and the first
    // line of code ends the search.
    let mut depth = 0i32;
    let mut lines = text
        .lines()
        .skip_while(|line| {
            let line = line.trim_start();
            if line.starts_with("//!") {
                return false;
            }
            let attribute = depth > 0 || line.starts_with("#!") || line.starts_with("#[");
            if attribute {
                depth += line.matches(['(', '[']).count() as i32 - line.matches([')', ']']).count() as i32;
            }
            attribute || line.is_empty() || line.starts_with("//")
        })
        .peekable();
    lines.peek().filter(|line| line.trim_start().starts_with("//!"))?;
    let mut doc = String::new();
    for line in lines.map_while(|line| line.trim_start().strip_prefix("//!")).take(MAX_DOC_LINES) {
        doc.push_str(line.strip_prefix(' ').unwrap_or(line));
        doc.push('\n');
    }
    Some(doc)
}

/// Go's package doc: as go/doc reads it, only the comment directly above the `package`
/// clause (no blank line between), from its `Package name …` line. A `// Package …`
/// comment elsewhere (above a function, indented inside one) describes nothing.
fn go_package_doc(text: &str) -> Option<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let clause = lines.iter().position(|line| line.starts_with("package "))?;
    let above = &lines[..clause];
    let group: Vec<(usize, &str)> = if above.last().is_some_and(|line| line.trim_end().ends_with("*/")) {
        // A `/* … */` block: its lines, without the delimiters.
        let open = above.iter().rposition(|line| line.starts_with("/*"))?;
        (open..clause)
            .map(|at| (at, above[at].trim_start_matches("/*").trim_end().trim_end_matches("*/")))
            .collect()
    } else {
        let start = above.iter().rposition(|line| !line.starts_with("//")).map_or(0, |at| at + 1);
        (start..clause).map(|at| (at, above[at].trim_start_matches("//"))).collect()
    };
    let first = group.iter().position(|(_, line)| line.trim_start().starts_with("Package "))?;
    let words: Vec<&str> = group[first..]
        .iter()
        .map(|(_, line)| line.trim())
        .take(6)
        .take_while(|line| !line.is_empty())
        .collect();
    Some((group[first].0, words.join(" ")))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Go: only the comment directly above the `package` clause is the package's doc.
    #[test]
    fn go_package_doc_is_the_comment_above_the_package_clause() {
        let go = LanguageSpec::by_id("go").unwrap();
        let doc = |text: &str| match module_doc(go, text) {
            Some(fact) => format!("{}: {}", fact.line, fact.text),
            None => "none".to_owned(),
        };
        let cases = [
            "// Copyright 2024 The Go Authors.\n\n// Package cache implements the caching layer\n// of gopls. More text.\npackage cache\n",
            "//go:build linux\n\n/*\nPackage x does things.\n*/\npackage x\n",
            "package cache\n\n// Package is described elsewhere.\nfunc check() {\n\t// Package names are compared here.\n}\n",
            "// Copyright 2024 The Go Authors.\n\npackage cache\n\n// Package returns the package.\nfunc (s *Snapshot) Package() {}\n",
            "// Copyright 2024 The Go Authors.\npackage cache\n",
        ];
        let out: Vec<String> = cases.iter().map(|text| doc(text)).collect();
        expect_test::expect![[r#"
            3: Package cache implements the caching layer of gopls.
            4: Package x does things.
            none
            none
            none"#]]
        .assert_eq(&out.join("\n"));
    }

    /// Rust: the whole `//!` block after crate attributes, as Markdown; other languages none.
    #[test]
    fn a_rust_module_doc_as_markdown() {
        let rust = LanguageSpec::by_id("rust").unwrap();
        let text = "#![allow(\n    clippy::all\n)]\n\n//! # Tool\n//!\n//!   indented `Store`\n//!no space\nuse x;\n//! not the doc\n";
        expect_test::expect![[r#"
            # Tool

              indented `Store`
            no space
        "#]]
        .assert_eq(&module_doc_markdown(rust, text).unwrap());
        assert_eq!(module_doc_markdown(rust, "use x;\n"), None);
        // The search ends at the first line of code.
        assert_eq!(module_doc_markdown(rust, "// Copyright\nuse x;\n//! not a module doc\n"), None);
        let python = LanguageSpec::by_id("python").unwrap();
        assert_eq!(module_doc_markdown(python, "\"\"\"Doc.\"\"\"\n"), None);
    }
}
