//! What the recon reads of a file, parsing only the part it uses. Test code is about half
//! the bytes of a typical repository, and the recon neither ranks nor lists what it
//! defines, so parsing it whole was most of a cold build's time for nothing shown:
//!
//! - a peripheral file (tests, fixtures, examples, vendored and generated code): the
//!   names it uses read off its tokens (`lexical::scan`), its imports from a parse of its
//!   import lines alone ([`analyze_peripheral`]);
//! - a product file with inline test modules (Rust's `#[cfg(test)] mod tests { … }`):
//!   parsed without their bodies, whose names are read off their tokens
//!   ([`analyze_outline`]), and as every analysis without the function bodies in which no
//!   query finds anything (`lexical::function_bodies`).
//!
//! [`recon_analysis`] is what the recon reads of a product file; a recon citation's
//! anchor indexes its lists.

use std::sync::OnceLock;

use engine::{Db, SourceFile};
use streaming_iterator::StreamingIterator;
use tree_sitter::{Language, Query, QueryCursor};

use super::{
    Analysis, PARSER, Region, analyze, analyze_file, analyze_text_without, in_source_order, included_ranges,
    record_import,
};
use crate::code::facts::FileFacts;
use crate::code::lang::{LANGUAGES, LanguageSpec};
use crate::code::lexical;
use crate::code::references::marks_type_positions;
use crate::code::symbols::FileSymbols;

/// The imports and references of `file`, for the recon; its symbols and facts other than
/// imports stay empty. Line numbers are the file's.
#[salsa::tracked(returns(ref))]
pub(crate) fn analyze_peripheral(db: &dyn Db, file: SourceFile) -> Analysis {
    let _span = tracing::trace_span!("analyze_peripheral", path = %file.path(db)).entered();
    analyze_file(db, file, b"peripheral", analyze_lexically)
}

/// A language's grammar and its `imports.scm` alone: all that reading a peripheral file
/// needs, compiled in milliseconds where the whole query takes tens.
struct ImportsOnly {
    language: Language,
    query: Query,
    /// The grammar marks type positions (see `references::KindTable`).
    typed: bool,
}

static IMPORTS_ONLY: [OnceLock<Result<ImportsOnly, String>>; LANGUAGES.len()] =
    [const { OnceLock::new() }; LANGUAGES.len()];

fn imports_only(spec: &LanguageSpec) -> Result<&ImportsOnly, &String> {
    IMPORTS_ONLY[spec.index()]
        .get_or_init(|| {
            let language = spec.grammar();
            let query = Query::new(&language, spec.imports_source())
                .map_err(|error| format!("imports query, row {}: {}", error.row + 1, error.message))?;
            let typed = marks_type_positions(&language);
            Ok(ImportsOnly { language, query, typed })
        })
        .as_ref()
}

/// [`analyze_peripheral`] of a text.
pub(crate) fn analyze_lexically(spec: &LanguageSpec, text: &str) -> Analysis {
    let grammar = match imports_only(spec) {
        Ok(grammar) => grammar,
        Err(message) => return Analysis::failed(spec, Some(message.clone())),
    };
    let scan = lexical::scan(spec.lexicon, text, grammar.typed);
    let lines = lexical::import_ranges(spec.lexicon, text, &scan.long_prose);
    let mut region = Region::default();
    if !lines.is_empty() {
        let ranges = included_ranges(text, &lines);
        let tree = PARSER.with(|parser| {
            let mut parser = parser.borrow_mut();
            parser.set_language(&grammar.language).ok()?;
            parser.set_included_ranges(&ranges).ok()?;
            let tree = parser.parse(text, None);
            // The parser is the thread's: the next file is parsed whole.
            let _ = parser.set_included_ranges(&[]);
            tree
        });
        if let Some(tree) = tree {
            let mut cursor = QueryCursor::new();
            let mut matches = cursor.matches(&grammar.query, tree.root_node(), text.as_bytes());
            while let Some(found) = matches.next() {
                record_import(found, grammar.query.capture_names(), text, 0, &mut region);
            }
        }
    }
    let mut facts = FileFacts { imports: region.facts.imports, ..FileFacts::default() };
    facts.sort_and_dedup();
    let symbols = FileSymbols {
        language: Some(spec.id),
        imports: in_source_order(region.imports),
        ..FileSymbols::default()
    };
    Analysis { symbols, facts, references: scan.references }
}

/// What the recon reads of product file `file`: [`analyze_outline`] when it has inline
/// test modules, else [`analyze`] (which leaves out the function bodies that hold nothing
/// a query finds). Asks the tracked query only of a file that may have one: a memo per
/// source file of a 100,000-file tree is tens of megabytes.
pub(crate) fn recon_analysis(db: &dyn Db, file: SourceFile) -> &Analysis {
    let may_have_tests = LanguageSpec::for_path(file.path(db).as_str())
        .is_some_and(|spec| spec.lexicon.test_modules)
        && file.contents(db).text().is_some_and(|text| text.contains(lexical::bodies::TEST_ATTRIBUTE));
    match may_have_tests.then(|| analyze_outline(db, file).as_ref()).flatten() {
        Some(analysis) => analysis,
        None => analyze(db, file),
    }
}

/// The analysis of `file` without its inline test modules' bodies, whose names are read
/// off their tokens, nor (as [`analyze`]) its function bodies that hold nothing a query
/// finds (`lexical::bodies::recon_elisions`); `None` when it has no test module.
#[salsa::tracked(returns(ref))]
pub(crate) fn analyze_outline(db: &dyn Db, file: SourceFile) -> Option<Analysis> {
    let spec = LanguageSpec::for_path(file.path(db).as_str())?;
    let text = file.contents(db).text()?;
    let elided = lexical::bodies::recon_elisions(spec.lexicon, text)?;
    Some(analyze_file(db, file, b"outline", |spec, text| analyze_text_without(spec, text, &elided)))
}
