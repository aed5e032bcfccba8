//! What the recon reads of one file, without line numbers.
//!
//! A recon fact cites a symbol or a fact by its position in the file's lists ([`Anchor`]),
//! not by its lines. The commonest edit of a refactor moves code up or down: it changes
//! the lines of every definition below it but no view, so the recon over the whole
//! repository backdates and only the few citations it renders look their lines up again
//! ([`lines`]).

use engine::{Db, RelPath, SourceFile};

use crate::code::analysis::Analysis;
use crate::code::analysis::partial::recon_analysis;
use crate::code::facts::{Fact, Flag, INVARIANT_MARKS};
use crate::code::lang::LanguageSpec;
use crate::code::symbols::{Symbol, SymbolKind};
pub(crate) use crate::code::visibility::Reach;
use crate::code::visibility::reaches;

/// The kinds of symbol that are types, for the recon's ranking.
pub(crate) const TYPE_KINDS: [SymbolKind; 6] = [
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::Type,
];

/// Where in its file a recon citation points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anchor {
    /// Lines known without the file's analysis: a manifest's.
    Lines(u32, u32),
    /// The whole extent of the file's symbol at this index.
    Symbol(u32),
    /// The first line of the file's symbol at this index.
    SymbolStart(u32),
    /// The first sentence of the file's module documentation.
    ModuleDoc,
    /// The fact at this index of one of the file's fact lists.
    Fact(FactList, u32),
}

/// A list of [`FileFacts`](crate::code::facts::FileFacts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactList {
    Entrypoint,
    Flag,
    EnvVar,
    ConfigFile,
    Invariant,
    Implementation,
    Import,
}

/// A cited place: a file and an anchor in it. Ordered by path, then anchor.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cite {
    pub path: RelPath,
    pub file: SourceFile,
    pub anchor: Anchor,
}

impl Ord for Cite {
    fn cmp(&self, other: &Cite) -> std::cmp::Ordering {
        self.path.cmp(&other.path).then(self.anchor.cmp(&other.anchor))
    }
}

impl PartialOrd for Cite {
    fn partial_cmp(&self, other: &Cite) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The 1-based inclusive lines `cite` points at now.
pub(crate) fn lines(db: &dyn Db, cite: &Cite) -> (u32, u32) {
    // The analysis the recon read, whose lists the anchors index.
    let analysis = recon_analysis(db, cite.file);
    let symbol = |index: u32| analysis.symbols.symbols.get(index as usize);
    let fact = |list: &[Fact], index: u32| list.get(index as usize).map(|fact| (fact.line, fact.line));
    let found = match cite.anchor {
        Anchor::Lines(start, end) => Some((start, end)),
        Anchor::Symbol(index) => symbol(index).map(|symbol| (symbol.start, symbol.end)),
        Anchor::SymbolStart(index) => symbol(index).map(|symbol| (symbol.start, symbol.start)),
        Anchor::ModuleDoc => analysis.facts.module_doc.as_ref().map(|doc| (doc.line, doc.line)),
        Anchor::Fact(list, index) => {
            let facts = &analysis.facts;
            match list {
                FactList::Entrypoint => fact(&facts.entrypoints, index),
                FactList::EnvVar => fact(&facts.env_vars, index),
                FactList::ConfigFile => fact(&facts.config_files, index),
                FactList::Invariant => fact(&facts.invariants, index),
                FactList::Import => fact(&facts.imports, index),
                FactList::Flag => facts.flags.get(index as usize).map(|flag| (flag.line, flag.line)),
                FactList::Implementation => {
                    facts.implementations.get(index as usize).map(|found| (found.line, found.line))
                }
            }
        }
    };
    // The view and the lists come from the same analysis, so an anchor always lands; a
    // miss would be a bug in this module, not in the input.
    found.unwrap_or_else(|| {
        tracing::warn!(path = %cite.path, anchor = ?cite.anchor, "a recon anchor points nowhere");
        (1, 1)
    })
}

/// A symbol the recon ranks or lists: a type, or a Go method (Go's interfaces are
/// implemented by method sets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ViewSymbol {
    /// Its index in the file's symbols.
    pub index: u32,
    pub name: String,
    pub qualified_name: String,
    pub kind: SymbolKind,
    /// Inside a `tests` module or a `test…` function or class.
    pub in_test: bool,
    /// A Go method declared inside the interface named after its owner.
    pub in_interface: bool,
    /// Which files can name it ([`ReconView::set_reaches`]).
    pub reach: Reach,
}

/// An invariant the recon may show: the file's two best (comments first), outside tests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ViewInvariant {
    pub index: u32,
    pub text: String,
    /// A `SAFETY:` or `INVARIANT:` comment rather than a check.
    pub is_comment: bool,
}

/// What the recon reads of a source file; every list is in the order of the file's own
/// list, so that an index is an [`Anchor`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ReconView {
    pub symbols: Vec<ViewSymbol>,
    pub invariants: Vec<ViewInvariant>,
    pub module_doc: Option<String>,
    pub entrypoints: Vec<String>,
    /// Top-level functions (index, name): what a manifest's script target names.
    pub functions: Vec<(u32, String)>,
    /// The flags, each with its line set to 0.
    pub flags: Vec<Flag>,
    pub env_vars: Vec<String>,
    pub config_files: Vec<String>,
    /// `(interface, implementor)` pairs.
    pub implementations: Vec<(String, String)>,
    pub imports: Vec<String>,
    pub has_syntax_errors: bool,
    /// The file has no line at all: nothing in it can be cited by line.
    pub empty: bool,
    /// Lines a top-level syntax error swallowed (see `FileSymbols::lost_lines`).
    pub lost_lines: u32,
}

/// Invariants shown per file at most.
const INVARIANTS_PER_FILE: usize = 2;

impl ReconView {
    /// The view of an analysed file; `go` for a Go file.
    pub(crate) fn new(analysis: &Analysis, go: bool) -> ReconView {
        let (analysed, facts) = (&analysis.symbols, &analysis.facts);
        let symbols = &analysed.symbols;
        let tests: Vec<(u32, u32)> = symbols
            .iter()
            .filter(|symbol| is_test(symbol))
            .map(|symbol| (symbol.start, symbol.end))
            .collect();
        let in_test_code = |line: u32| tests.iter().any(|&(start, end)| start <= line && line <= end);
        let texts = |list: &[Fact]| list.iter().map(|fact| fact.text.clone()).collect::<Vec<_>>();
        let view_symbols = symbols
            .iter()
            .enumerate()
            .filter(|(_, symbol)| {
                TYPE_KINDS.contains(&symbol.kind) || (go && symbol.kind == SymbolKind::Method)
            })
            .map(|(index, symbol)| ViewSymbol {
                index: index as u32,
                name: symbol.name.clone(),
                qualified_name: symbol.qualified_name.clone(),
                kind: symbol.kind,
                in_test: in_test_code(symbol.start),
                in_interface: go && symbol.kind == SymbolKind::Method && in_owner_interface(symbols, symbol),
                reach: Reach::Anywhere,
            })
            .collect();
        let is_comment = |fact: &Fact| INVARIANT_MARKS.iter().any(|mark| fact.text.contains(mark));
        let indexed = facts.invariants.iter().enumerate();
        let invariants = indexed
            .clone()
            .filter(|(_, fact)| is_comment(fact))
            .chain(indexed.filter(|(_, fact)| !is_comment(fact)))
            .filter(|(_, fact)| !in_test_code(fact.line))
            .take(INVARIANTS_PER_FILE)
            .map(|(index, fact)| ViewInvariant {
                index: index as u32,
                text: fact.text.clone(),
                is_comment: is_comment(fact),
            })
            .collect();
        ReconView {
            symbols: view_symbols,
            invariants,
            module_doc: facts.module_doc.as_ref().map(|doc| doc.text.clone()),
            entrypoints: texts(&facts.entrypoints),
            functions: symbols
                .iter()
                .enumerate()
                .filter(|(_, symbol)| {
                    symbol.kind == SymbolKind::Function && symbol.qualified_name == symbol.name
                })
                .map(|(index, symbol)| (index as u32, symbol.name.clone()))
                .collect(),
            flags: facts.flags.iter().map(|flag| Flag { line: 0, ..flag.clone() }).collect(),
            env_vars: texts(&facts.env_vars),
            config_files: texts(&facts.config_files),
            implementations: facts
                .implementations
                .iter()
                .map(|found| (found.interface.clone(), found.implementor.clone()))
                .collect(),
            imports: texts(&facts.imports),
            has_syntax_errors: !analysed.syntax_errors.is_empty(),
            lost_lines: analysed.lost_lines,
            // Set by the caller, which has the text.
            empty: false,
        }
    }
}

impl ReconView {
    /// Sets each symbol's reach by its language's visibility rules, from the file's `text`
    /// and `symbols` (the analysis the view was made from).
    pub(crate) fn set_reaches(&mut self, spec: &LanguageSpec, text: &str, symbols: &[Symbol]) {
        let reaches =
            reaches(spec, text, self.symbols.iter().filter_map(|view| symbols.get(view.index as usize)));
        for (view, reach) in self.symbols.iter_mut().zip(reaches) {
            view.reach = reach;
        }
    }
}

/// Whether `symbol` is test code: a `tests` module, a `test…` function, a `Test…` class.
fn is_test(symbol: &Symbol) -> bool {
    match symbol.kind {
        SymbolKind::Module => symbol.name == "tests" || symbol.name == "test",
        SymbolKind::Function | SymbolKind::Method => symbol.name.starts_with("test"),
        SymbolKind::Class => symbol.name.starts_with("Test"),
        _ => false,
    }
}

/// Whether a Go method lies inside an interface named after its owner (`Reader.Read`
/// inside `type Reader interface`).
fn in_owner_interface(symbols: &[Symbol], method: &Symbol) -> bool {
    let Some((owner, _)) = method.qualified_name.rsplit_once('.') else { return false };
    symbols.iter().any(|other| {
        other.kind == SymbolKind::Interface
            && other.name == owner
            && other.start <= method.start
            && method.end <= other.end
    })
}
