//! The project's own documentation as a ranking signal: the code names that its README,
//! architecture and design documents and `docs/` pages mention. A type the maintainers
//! name in prose is one they consider central.

use rustc_hash::FxHashMap;

use crate::code::lang::LanguageSpec;
use crate::recon::roles::{FileClass, classify};

/// Names kept per document at most (a generated API reference must not cost memory).
const MAX_NAMES: usize = 4096;

/// How much a mention in an architecture document weighs: as much as three others.
pub(crate) const ARCHITECTURE_WEIGHT: u32 = 3;

/// How much a mention in the document at `path` with `text` weighs: an architecture,
/// design or internals document names what its authors consider central (3, as much as
/// three other documents); any other 1. Such a document is named for it
/// (`ARCHITECTURE.md`, `design-notes.md`), lies in a directory of them (`docs/dev/`,
/// `design/`, `internals/`, `extdev/`, `architecture/`), or says so in its title.
pub(crate) fn weight(path: &str, text: &str) -> u32 {
    const CENTRAL: &[&str] = &["architecture", "design", "internals", "overview"];
    const DIRECTORIES: &[&str] = &["architecture", "design", "internals", "dev", "extdev", "development"];
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let named = CENTRAL.iter().any(|known| name.starts_with(known));
    let in_directory = dirs.split('/').any(|dir| DIRECTORIES.contains(&dir));
    let titled = title(text).is_some_and(|title| {
        let title = title.to_ascii_lowercase();
        ["architecture", "internals", "design"].iter().any(|known| title.contains(known))
    });
    if named || in_directory || titled { ARCHITECTURE_WEIGHT } else { 1 }
}

/// The document's title: its first Markdown heading (`# Title`), or the first line that
/// an RST underline (`=====`, `-----`, …) follows, within its first lines.
fn title(text: &str) -> Option<&str> {
    let lines: Vec<&str> = text.lines().take(40).collect();
    lines.iter().enumerate().find_map(|(at, line)| {
        if let Some(heading) = line.strip_prefix('#') {
            return Some(heading.trim_start_matches('#').trim());
        }
        let underline = lines.get(at + 1)?.trim_end();
        let adorned = underline.len() >= 3
            && underline.chars().all(|char| matches!(char, '=' | '-' | '~' | '*' | '^' | '#'));
        (adorned && !line.trim().is_empty() && line.trim().len() <= underline.len() + 2).then(|| line.trim())
    })
}

/// The code names a document mentions, each list sorted and deduplicated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Mentions {
    /// Every name: in prose, in code blocks, in links to source files, and in an
    /// architecture document the components its prose describes in plain words.
    pub(crate) names: Vec<String>,
    /// In an architecture document ([`weight`] above 1), the names its prose gives as code
    /// (`` `Store` ``, `EditorView`, a link to `binder.ts`): what its authors chose to name
    /// when they explain the design, not a word of an example in a code block.
    pub(crate) named: Vec<String>,
}

/// Adds a document's mentions, each of `weight`, to `mentions`, and what its prose names to
/// `named` when the document is read as an architecture document.
pub(crate) fn count<'a>(
    document: &'a Mentions,
    weight: u32,
    architecture: bool,
    (mentions, named): (&mut FxHashMap<&'a str, u32>, &mut FxHashMap<&'a str, u32>),
) {
    for name in &document.names {
        *mentions.entry(name.as_str()).or_default() += weight;
    }
    for name in document.named.iter().filter(|_| architecture) {
        *named.entry(name.as_str()).or_default() += 1;
    }
}

/// The code names `text` mentions, when the file at `path` is project documentation;
/// `None` for any other file (changelogs, licences, vendored docs, test data, a plan
/// written for `plan`).
pub(crate) fn mentions(path: &str, text: &str) -> Option<Mentions> {
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let (stem, extension) = name.rsplit_once('.')?;
    if !matches!(extension, "md" | "markdown" | "rst" | "adoc") {
        return None;
    }
    let class = classify(path, "");
    // A documentation site's sources (`site/`, `website/`, an mdBook's `book/`) as well.
    let in_docs = dirs.split('/').any(|dir| {
        matches!(dir, "docs" | "doc" | "documentation" | "site" | "website" | "book" | "guide" | "guides")
    });
    let named = ["readme", "architecture", "design", "contributing", "hacking", "overview", "internals"]
        .iter()
        .any(|known| stem.starts_with(known));
    let skipped = ["changelog", "changes", "history", "release", "license", "notice", "plan"]
        .iter()
        .any(|known| stem.starts_with(known));
    let readable = match class {
        FileClass::Product => named || in_docs,
        FileClass::Docs => in_docs,
        _ => false,
    };
    if !readable || skipped || text.contains("<!-- plan:begin") {
        return None;
    }
    Some(read(text, weight(path, text) > 1))
}

/// The names a module documentation (a crate root's `//!` block, as Markdown) mentions,
/// when one of its headings says it describes the design (`## Overview`, `# Architecture`):
/// the repository crate's such block is its architecture document. `None` for any other
/// module doc, which documents one module.
pub(crate) fn overview_mentions(doc: &str) -> Option<Mentions> {
    const OVERVIEW: &[&str] = &["overview", "architecture", "design", "internals"];
    let mut fenced = false;
    let overview = doc.lines().any(|line| {
        let line = line.trim_start();
        if line.starts_with("```") || line.starts_with("~~~") {
            fenced = !fenced;
        }
        // A `# use x;` line in a doc test is hidden code, not a heading.
        !fenced && line.starts_with('#') && {
            let heading = line.to_ascii_lowercase();
            OVERVIEW.iter().any(|known| heading.contains(known))
        }
    });
    overview.then(|| read(doc, true))
}

/// The names `text` mentions; with `architecture`, also what its prose names and the
/// components it describes in plain words.
fn read(text: &str, architecture: bool) -> Mentions {
    let (mut names, mut named) = (Vec::new(), Vec::new());
    let mut fenced = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            // In code, a capitalised identifier is a type (or a constant).
            names.extend(
                identifiers(line)
                    .filter(|word| word.starts_with(|char: char| char.is_ascii_uppercase()))
                    .map(str::to_owned),
            );
        } else {
            let prose = names.len();
            code_span_names(line, &mut names);
            camel_case_words(line, &mut names);
            linked_file_names(line, &mut names);
            if architecture {
                named.extend_from_slice(&names[prose..]);
            }
        }
        if names.len() > MAX_NAMES * 4 {
            break;
        }
    }
    if architecture {
        names.extend(named_concepts(text));
    }
    for list in [&mut names, &mut named] {
        list.sort_unstable();
        list.dedup();
        list.truncate(MAX_NAMES);
    }
    Mentions { names, named }
}

/// The components an architecture document describes in plain words: a lowercase noun
/// after an article ("the parser", "a symbol") at least twice, as itself (Go's unexported
/// `parser`) and capitalized (`Parser`). Architecture documents name their parts this way
/// as often as in code spans.
fn named_concepts(text: &str) -> Vec<String> {
    let mut counts: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut previous = "";
    for word in text.split(|char: char| !(char.is_ascii_alphanumeric() || char == '_')) {
        if word.is_empty() {
            continue;
        }
        let article = matches!(previous, "the" | "The" | "a" | "A" | "an" | "An" | "each" | "Each");
        if article && word.len() >= 4 && word.bytes().all(|byte| byte.is_ascii_lowercase()) {
            *counts.entry(word).or_default() += 1;
        }
        previous = word;
    }
    let mut concepts = Vec::new();
    for (word, count) in counts {
        if count >= 2 {
            let mut capitalized = word.to_owned();
            capitalized[..1].make_ascii_uppercase();
            concepts.push(word.to_owned());
            concepts.push(capitalized);
        }
    }
    concepts
}

/// The identifiers inside the line's inline code spans (`` `a::Store::new` `` gives `a`,
/// `Store`, `new`): a run of backticks opens a span that the next run of as many closes,
/// as in CommonMark, so RST's ``` ``literal`` ``` and `:class:`Store`` are read too.
fn code_span_names(line: &str, names: &mut Vec<String>) {
    let runs: Vec<(usize, usize)> = {
        let bytes = line.as_bytes();
        let mut runs = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'`' {
                let start = at;
                while at < bytes.len() && bytes[at] == b'`' {
                    at += 1;
                }
                runs.push((start, at));
            } else {
                at += 1;
            }
        }
        runs
    };
    let mut next = 0;
    while next < runs.len() {
        let (open_start, open_end) = runs[next];
        let length = open_end - open_start;
        let close = runs[next + 1..].iter().position(|(start, end)| end - start == length);
        let Some(offset) = close else {
            next += 1;
            continue;
        };
        let (close_start, _) = runs[next + 1 + offset];
        names.extend(identifiers(&line[open_end..close_start]).map(str::to_owned));
        next += offset + 2;
    }
}

/// Words with an inner capital (`HashMap`, `EditorView`, `linkerContext`) in prose.
fn camel_case_words(line: &str, names: &mut Vec<String>) {
    for word in identifiers(line) {
        let inner_capital = word.char_indices().skip(1).any(|(at, char)| {
            char.is_ascii_uppercase()
                && word[..at].chars().last().is_some_and(|before| before.is_ascii_lowercase())
        });
        if inner_capital {
            names.push(word.to_owned());
        }
    }
}

/// Source files the line names or links to (`[binder](…/analyzer/binder.ts)`,
/// `` `src/source_file.rs` ``): a document that points at a file means the type the file
/// is named after, so the stem in type case (`Binder`, `SourceFile`) counts as a mention.
fn linked_file_names(line: &str, names: &mut Vec<String>) {
    const GENERIC: &[&str] = &["mod", "index", "lib", "main", "__init__", "__main__", "utils", "types"];
    let path_char = |char: char| char.is_ascii_alphanumeric() || matches!(char, '_' | '-' | '/' | '.');
    for token in line.split(|char: char| !path_char(char)) {
        let Some((stem_path, _)) = token.rsplit_once('.') else { continue };
        if !stem_path.contains('/') || LanguageSpec::for_path(token).is_none() {
            continue;
        }
        let stem = stem_path.rsplit('/').next().unwrap_or(stem_path);
        if stem.len() < 3 || GENERIC.contains(&stem) || stem.contains('.') {
            continue;
        }
        let mut name = String::with_capacity(stem.len());
        for part in stem.split(['_', '-']).filter(|part| !part.is_empty()) {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                name.push(first.to_ascii_uppercase());
                name.extend(chars);
            }
        }
        if name.len() >= 3 {
            names.push(name);
        }
    }
}

fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|char: char| !(char.is_ascii_alphanumeric() || char == '_')).filter(|word| {
        word.len() >= 2 && word.starts_with(|char: char| char.is_ascii_alphabetic() || char == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_code_spans_and_camel_case_words() {
        let text = "# Architecture\n\nA `Document` holds a `Rope` and `helix_core::Selection`.\nThe EditorView draws. The view is drawn.\n```rust\nlet surface = Surface::new();\nlet x = `Ignored`;\n```\n";
        let mentions = mentions("docs/architecture.md", text).unwrap();
        assert_eq!(
            mentions.names,
            ["Document", "EditorView", "Ignored", "Rope", "Selection", "Surface", "helix_core"]
        );
        // What the prose names, not the code block's words nor the concepts in plain words.
        assert_eq!(mentions.named, ["Document", "EditorView", "Rope", "Selection", "helix_core"]);
        // A document that is not about the architecture names nothing in particular.
        let guide = text.replace("# Architecture", "# Guide");
        assert_eq!(super::mentions("docs/guide.md", &guide).unwrap().named, Vec::<String>::new());
    }

    #[test]
    fn a_crate_overview_is_read_as_an_architecture_document() {
        let overview = "# Tool as a library\n\n## Overview\n\n- [`ops`]: every `Operation`.\n  The [`BuildRunner`][compiler::BuildRunner] runs.\n\n```\n# use tool::Hidden;\n```\n";
        let mentions = overview_mentions(overview).unwrap();
        assert_eq!(mentions.named, ["BuildRunner", "Operation", "ops"]);
        assert!(mentions.names.contains(&"Hidden".to_owned()));
        // A module's own doc, and a doc test's hidden `# Overview` line, are no overview.
        assert_eq!(overview_mentions("Parses `Token`s.\n\n# Examples\n"), None);
        assert_eq!(overview_mentions("Parses.\n```\n# Overview\n```\n"), None);
    }

    #[test]
    fn a_documentation_site_is_documentation() {
        assert!(mentions("site/development/index.md", "`Application`").is_some());
        assert!(mentions("website/docs/intro.md", "`Application`").is_some());
        assert!(mentions("src/site.md", "`Application`").is_none());
    }

    #[test]
    fn a_linked_source_file_mentions_the_type_it_is_named_after() {
        let text = "The [binder](https://github.com/o/r/blob/main/src/analyzer/binder.ts) binds.\n\
                    See `src/parse_tree_walker.py` and src/sourceFile.ts, not src/index.ts or a bare file.ts.\n";
        let names = mentions("docs/internals.md", text).unwrap().names;
        // The code span's own identifiers count as well, as for any code span.
        assert_eq!(
            names,
            ["Binder", "ParseTreeWalker", "SourceFile", "parse_tree_walker", "py", "sourceFile", "src"]
        );
    }

    #[test]
    fn an_architecture_document_names_its_parts_in_plain_words() {
        let text = "The parser calls the lexer. Each file is parsed by the parser into a tree.\nThe lexer is lazy; the tree is kept. A file is read once.\n";
        let names = mentions("docs/architecture.md", text).unwrap().names;
        // Nouns after an article twice or more; "calls", "lazy" and "read" are not.
        assert_eq!(names, ["File", "Lexer", "Parser", "Tree", "file", "lexer", "parser", "tree"]);
        // Other documents are read for code only.
        assert_eq!(mentions("README.md", text).unwrap().names, Vec::<String>::new());
    }

    #[test]
    fn only_project_documentation() {
        let some = |path: &str| mentions(path, "`Store`").is_some();
        assert!(some("README.md"));
        assert!(some("crates/ide/README.md"));
        assert!(some("ARCHITECTURE.md"));
        assert!(some("docs/dev/architecture.md"));
        assert!(some("docs/guide/anything.md"));
        assert!(!some("CHANGELOG.md"));
        assert!(!some("PLAN.md"));
        assert!(!some("src/notes.md"));
        assert!(!some("vendor/lib/README.md"));
        assert!(!some("tests/fixtures/README.md"));
        assert!(!some("README.txt"));
        assert!(mentions("docs/x.md", "<!-- plan:begin recon -->\n`Store`").is_none());
    }

    #[test]
    fn rst_literals_and_roles_are_code_spans() {
        let text = "Dev\n===\n\nThe ``Foo`` class is central. See :class:`Bar`. And `Baz` too, not ``Qux`.\nA ``Mixed `tick` span`` here.\n";
        let names = mentions("docs/dev.rst", text).unwrap().names;
        // ``Qux` never closes; a double span holds single backticks.
        assert_eq!(names, ["Bar", "Baz", "Foo", "Mixed", "span", "tick"]);
    }

    #[test]
    fn architecture_documents_weigh_more() {
        let weights: Vec<String> = [
            ("ARCHITECTURE.md", ""),
            ("docs/dev/architecture.md", ""),
            ("docs/design-notes.md", ""),
            ("docs/dev/library.rst", "Library Database API\n====================\n"),
            ("doc/extdev/index.rst", "Sphinx API\n==========\n"),
            ("gopls/doc/design/implementation.md", "# Gopls\n"),
            ("docs/internals/queries.md", ""),
            ("docs/guide/how-it-works.md", "# How it works: the architecture\n"),
            ("docs/guide/plugins.rst", "=======\nPlugins\n=======\n\nThe internals of a plugin.\n"),
            ("README.md", "# Tool\n\nNo design here.\n"),
            ("docs/guide/install.md", "# Install\n"),
            ("docs/developer.md", ""),
        ]
        .iter()
        .map(|(path, text)| format!("{} {path}", weight(path, text)))
        .collect();
        let weights = weights.join("\n");
        expect_test::expect![[r#"
            3 ARCHITECTURE.md
            3 docs/dev/architecture.md
            3 docs/design-notes.md
            3 docs/dev/library.rst
            3 doc/extdev/index.rst
            3 gopls/doc/design/implementation.md
            3 docs/internals/queries.md
            3 docs/guide/how-it-works.md
            1 docs/guide/plugins.rst
            1 README.md
            1 docs/guide/install.md
            1 docs/developer.md"#]]
        .assert_eq(&weights);
    }
}
