//! The language registry: one row per language, with its grammar and its queries.
//!
//! Adding a language is one row in [`LANGUAGES`] and one folder `languages/<id>/` with a
//! `tags.scm` and an `imports.scm` (see `languages/README.md`). Queries are compiled once
//! per process, lazily, on first use of the language.

use std::sync::OnceLock;

use tree_sitter::{Language, Query};

use crate::code::lexical::{self, Lexicon};
use crate::code::roots::{QueryStarts, query_starts};

/// A language `plan` understands.
pub struct LanguageSpec {
    /// Stable identifier, used in JSON output and as the queries folder name.
    pub id: &'static str,
    /// File extensions (without the dot, lower case) that select this language.
    pub extensions: &'static [&'static str],
    grammar: fn() -> Language,
    /// Query sources concatenated into the tags query, in order.
    tags: &'static [&'static str],
    imports: &'static str,
    /// Query sources concatenated into the facts query (entry points, flags, environment,
    /// configuration files, invariants, implementations).
    facts: &'static [&'static str],
    /// Separator of a qualified name, `Store::get` or `Store.get`.
    pub separator: &'static str,
    /// Node kinds that, placed right before a definition, belong to its extent
    /// (`#[derive(..)]` in Rust, decorators in TypeScript).
    leading_siblings: &'static [&'static str],
    /// Node kinds that, when they directly wrap a definition, belong to its extent
    /// (`template <..>` in C++, `export` in JavaScript).
    wrapping_parents: &'static [&'static str],
    /// What is rewritten in place before parsing (same length, same lines).
    pre_parse: PreParse,
    /// Which flag frameworks read this language's `flag.call` and `flag.parser` captures.
    pub flags: FlagStyle,
    /// How the language writes a file's module documentation.
    pub module_doc: DocStyle,
    /// Whether a type implements an interface by having its methods (Go), rather than by
    /// declaring it.
    pub structural_interfaces: bool,
    /// How the language writes comments, strings and imports, for reading a file without
    /// parsing it (`lexical.rs`).
    pub(crate) lexicon: &'static Lexicon,
    compiled: OnceLock<Result<Compiled, QueryCompileError>>,
}

/// What a language's text is rewritten with before parsing, in place (same length, same
/// lines), where its grammar misreads what the compiler accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PreParse {
    None,
    /// C-style macros blanked (`macros.rs`).
    BlankMacros,
    /// TypeScript call signatures with type parameters separated (`separators.rs`).
    SeparateSignatures,
}

/// The command-line flag frameworks of a language's ecosystem that `plan` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagStyle {
    None,
    /// clap, derive and builder.
    Clap,
    /// Go's `flag`, pflag and cobra.
    GoFlag,
    /// argparse, click and typer.
    Python,
    /// commander and yargs.
    Commander,
    /// picocli annotations.
    Picocli,
}

/// Where a language keeps a file's module documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocStyle {
    None,
    /// `//!` lines or a `/*! … */` block.
    Rust,
    /// `// Package name …`.
    Go,
    /// A module docstring.
    Python,
}

const JS_TAGS: &str = include_str!("../../languages/javascript/tags.scm");
const JS_FACTS: &str = include_str!("../../languages/javascript/facts.scm");
const C_FACTS: &str = include_str!("../../languages/c/facts.scm");
const TS_TAGS: &str = include_str!("../../languages/typescript/tags.scm");

/// Every language, sorted by id.
pub(crate) static LANGUAGES: [LanguageSpec; 9] = [
    LanguageSpec {
        id: "c",
        extensions: &["c"],
        grammar: || tree_sitter_c::LANGUAGE.into(),
        tags: &[include_str!("../../languages/c/tags.scm")],
        imports: include_str!("../../languages/c/imports.scm"),
        facts: &[C_FACTS],
        separator: "::",
        leading_siblings: &[],
        wrapping_parents: &[],
        pre_parse: PreParse::BlankMacros,
        flags: FlagStyle::None,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::C,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "cpp",
        // `.h` is C++ as in Universal Ctags: the C++ grammar reads C headers too.
        extensions: &["cc", "cpp", "cxx", "c++", "h", "hh", "hpp", "hxx", "h++", "inl", "ipp", "tpp"],
        grammar: || tree_sitter_cpp::LANGUAGE.into(),
        tags: &[include_str!("../../languages/cpp/tags.scm")],
        imports: include_str!("../../languages/cpp/imports.scm"),
        facts: &[C_FACTS, include_str!("../../languages/cpp/facts.scm")],
        separator: "::",
        leading_siblings: &[],
        wrapping_parents: &["template_declaration"],
        pre_parse: PreParse::BlankMacros,
        flags: FlagStyle::None,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::C,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "go",
        extensions: &["go"],
        grammar: || tree_sitter_go::LANGUAGE.into(),
        tags: &[include_str!("../../languages/go/tags.scm")],
        imports: include_str!("../../languages/go/imports.scm"),
        facts: &[include_str!("../../languages/go/facts.scm")],
        separator: ".",
        leading_siblings: &[],
        wrapping_parents: &[],
        pre_parse: PreParse::None,
        flags: FlagStyle::GoFlag,
        module_doc: DocStyle::Go,
        structural_interfaces: true,
        lexicon: &lexical::GO,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "java",
        extensions: &["java"],
        grammar: || tree_sitter_java::LANGUAGE.into(),
        tags: &[include_str!("../../languages/java/tags.scm")],
        imports: include_str!("../../languages/java/imports.scm"),
        facts: &[include_str!("../../languages/java/facts.scm")],
        separator: ".",
        leading_siblings: &[],
        wrapping_parents: &[],
        pre_parse: PreParse::None,
        flags: FlagStyle::Picocli,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::JAVA,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "javascript",
        extensions: &["js", "mjs", "cjs", "jsx"],
        grammar: || tree_sitter_javascript::LANGUAGE.into(),
        tags: &[JS_TAGS],
        imports: include_str!("../../languages/javascript/imports.scm"),
        facts: &[JS_FACTS, include_str!("../../languages/javascript/facts-js.scm")],
        separator: ".",
        leading_siblings: &["decorator"],
        wrapping_parents: &["export_statement"],
        pre_parse: PreParse::None,
        flags: FlagStyle::Commander,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::JAVASCRIPT,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "python",
        extensions: &["py", "pyi"],
        grammar: || tree_sitter_python::LANGUAGE.into(),
        tags: &[include_str!("../../languages/python/tags.scm")],
        imports: include_str!("../../languages/python/imports.scm"),
        facts: &[include_str!("../../languages/python/facts.scm")],
        separator: ".",
        leading_siblings: &[],
        wrapping_parents: &[],
        pre_parse: PreParse::None,
        flags: FlagStyle::Python,
        module_doc: DocStyle::Python,
        structural_interfaces: false,
        lexicon: &lexical::PYTHON,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "rust",
        extensions: &["rs"],
        grammar: || tree_sitter_rust::LANGUAGE.into(),
        tags: &[include_str!("../../languages/rust/tags.scm")],
        imports: include_str!("../../languages/rust/imports.scm"),
        facts: &[include_str!("../../languages/rust/facts.scm")],
        separator: "::",
        leading_siblings: &["attribute_item"],
        wrapping_parents: &[],
        pre_parse: PreParse::None,
        flags: FlagStyle::Clap,
        module_doc: DocStyle::Rust,
        structural_interfaces: false,
        lexicon: &lexical::RUST,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "tsx",
        extensions: &["tsx"],
        grammar: || tree_sitter_typescript::LANGUAGE_TSX.into(),
        tags: &[JS_TAGS, TS_TAGS],
        imports: include_str!("../../languages/typescript/imports.scm"),
        facts: &[JS_FACTS, include_str!("../../languages/typescript/facts.scm")],
        separator: ".",
        leading_siblings: &["decorator"],
        wrapping_parents: &["export_statement"],
        pre_parse: PreParse::None,
        flags: FlagStyle::Commander,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::JAVASCRIPT,
        compiled: OnceLock::new(),
    },
    LanguageSpec {
        id: "typescript",
        extensions: &["ts", "mts", "cts"],
        grammar: || tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
        tags: &[JS_TAGS, TS_TAGS],
        imports: include_str!("../../languages/typescript/imports.scm"),
        facts: &[JS_FACTS, include_str!("../../languages/typescript/facts.scm")],
        separator: ".",
        leading_siblings: &["decorator"],
        wrapping_parents: &["export_statement"],
        pre_parse: PreParse::SeparateSignatures,
        flags: FlagStyle::Commander,
        module_doc: DocStyle::None,
        structural_interfaces: false,
        lexicon: &lexical::JAVASCRIPT,
        compiled: OnceLock::new(),
    },
];

/// A language's grammar and its one compiled query: tags, then imports, then facts,
/// concatenated, so that a file is walked once. Matches are told apart by pattern index.
pub(crate) struct Compiled {
    pub(crate) language: Language,
    pub(crate) query: Query,
    /// Patterns `0..tags_end` are tags, `tags_end..imports_end` imports, the rest facts.
    pub(crate) tags_end: usize,
    pub(crate) imports_end: usize,
    /// What each node kind of the grammar is to the reference count.
    pub(crate) reference_kinds: crate::code::references::KindTable,
    /// Where the query's patterns can start: it runs only there.
    pub(crate) starts: QueryStarts,
    /// The same query with only its patterns of siblings enabled, run from the siblings'
    /// parent; `None` when it has none.
    pub(crate) siblings: Option<Query>,
}

/// What a pattern of the combined query finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PatternKind {
    Tag,
    Import,
    Fact,
}

impl Compiled {
    pub(crate) fn kind_of(&self, pattern: usize) -> PatternKind {
        if pattern < self.tags_end {
            PatternKind::Tag
        } else if pattern < self.imports_end {
            PatternKind::Import
        } else {
            PatternKind::Fact
        }
    }
}

/// A query of the registry that does not compile: a bug in `plan`, reported rather than
/// panicking so that one broken language does not take the others down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryCompileError {
    pub language: &'static str,
    pub message: String,
}

impl LanguageSpec {
    /// The language of `path`, by its extension (case-insensitive).
    pub fn for_path(path: &str) -> Option<&'static LanguageSpec> {
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let dot = file_name.rfind('.')?;
        if dot == 0 {
            return None;
        }
        let extension = file_name[dot + 1..].to_ascii_lowercase();
        LANGUAGES.iter().find(|spec| spec.extensions.contains(&extension.as_str()))
    }

    pub fn by_id(id: &str) -> Option<&'static LanguageSpec> {
        LANGUAGES.iter().find(|spec| spec.id == id)
    }

    /// Compiles the queries of `languages` on the rayon pool, without waiting,
    /// so that a cold build finds them compiled while it reads the files (a parse that gets
    /// to a language first waits for it, as it would have).
    pub(crate) fn compile_ahead(languages: Vec<&'static LanguageSpec>) {
        for spec in languages {
            rayon::spawn(move || {
                let _ = spec.compiled();
            });
        }
    }

    /// Its position in [`LANGUAGES`].
    pub(crate) fn index(&self) -> usize {
        LANGUAGES.iter().position(|language| std::ptr::eq(language, self)).unwrap_or(0)
    }

    pub(crate) fn grammar(&self) -> Language {
        (self.grammar)()
    }

    /// Its `imports.scm`.
    pub(crate) fn imports_source(&self) -> &'static str {
        self.imports
    }

    pub(crate) fn leading_siblings(&self) -> &'static [&'static str] {
        self.leading_siblings
    }

    pub(crate) fn pre_parse(&self) -> PreParse {
        self.pre_parse
    }

    pub(crate) fn wrapping_parents(&self) -> &'static [&'static str] {
        self.wrapping_parents
    }

    /// The grammar and queries, compiled on first use and kept for the process.
    pub(crate) fn compiled(&self) -> Result<&Compiled, &QueryCompileError> {
        self.compiled.get_or_init(|| self.compile()).as_ref()
    }

    fn compile(&self) -> Result<Compiled, QueryCompileError> {
        let _span = tracing::debug_span!("compile_queries", language = self.id).entered();
        let language = (self.grammar)();
        let error = |what: &str, error: tree_sitter::QueryError| QueryCompileError {
            language: self.id,
            message: format!("{what} query, row {}: {:?}: {}", error.row + 1, error.kind, error.message),
        };
        let tags_source = self.tags.concat();
        let facts_source = self.facts.concat();
        let source = format!("{tags_source}\n{}\n{facts_source}", self.imports);
        let query = Query::new(&language, &source).map_err(|e| error("combined", e))?;
        let imports_start = tags_source.len() + 1;
        let facts_start = imports_start + self.imports.len() + 1;
        let pattern_count = query.pattern_count();
        let tags_end = (0..pattern_count)
            .find(|pattern| query.start_byte_for_pattern(*pattern) >= imports_start)
            .unwrap_or(pattern_count);
        let imports_end = (0..pattern_count)
            .find(|pattern| query.start_byte_for_pattern(*pattern) >= facts_start)
            .unwrap_or(pattern_count);
        let reference_kinds = crate::code::references::KindTable::new(&language);
        // Facts that are one node alone are read in the walk, not by the query.
        let starts = query_starts(&language, &query, &source, |pattern| pattern >= imports_end);
        let mut query = query;
        for &pattern in &starts.alone {
            query.disable_pattern(pattern);
        }
        let siblings = if starts.sibling_patterns.is_empty() {
            None
        } else {
            let mut siblings = query.deep_clone();
            for pattern in (0..pattern_count).filter(|pattern| !starts.sibling_patterns.contains(pattern)) {
                siblings.disable_pattern(pattern);
            }
            Some(siblings)
        };
        Ok(Compiled { language, query, tags_end, imports_end, reference_kinds, starts, siblings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_sorted_and_unique() {
        let ids: Vec<&str> = LANGUAGES.iter().map(|spec| spec.id).collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(ids, sorted);
    }

    #[test]
    fn extensions_are_unique_and_lower_case() {
        let mut seen = std::collections::HashSet::new();
        for spec in &LANGUAGES {
            for extension in spec.extensions {
                assert_eq!(*extension, extension.to_ascii_lowercase());
                assert!(seen.insert(*extension), "extension {extension} is claimed twice");
            }
        }
    }

    #[test]
    fn every_query_compiles_against_its_grammar() {
        for spec in &LANGUAGES {
            if let Err(error) = spec.compiled() {
                panic!("{}: {}", error.language, error.message);
            }
        }
    }

    #[test]
    fn paths_select_languages() {
        let id = |path: &str| LanguageSpec::for_path(path).map(|spec| spec.id);
        assert_eq!(id("src/main.rs"), Some("rust"));
        assert_eq!(id("web/App.TSX"), Some("tsx"));
        assert_eq!(id("include/x.h"), Some("cpp"));
        assert_eq!(id("Makefile"), None);
        assert_eq!(id(".rs"), None);
        assert_eq!(id("README.md"), None);
    }
}
