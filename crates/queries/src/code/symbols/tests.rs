//! Fixture tests: one realistic file per language in, the extracted outline out.
//!
//! Each fixture has nested scopes, methods, generics, decorators or attributes, and a
//! syntax error in the middle after which the rest of the file must still be extracted.

use expect_test::{Expect, expect};

use crate::code::analysis::extract;
use crate::code::lang::LanguageSpec;

mod c_family;
mod constants;
mod fuzz;
mod misread;
mod web;

fn check(language: &str, source: &str, expected: Expect) {
    let spec = LanguageSpec::by_id(language).expect("a registered language");
    let extracted = extract(spec, source);
    let mut out = String::new();
    for symbol in &extracted.symbols {
        let range = format!("{}-{}", symbol.start, symbol.end);
        out.push_str(&format!(
            "{range:>7} {:<9} {} (name line {})\n",
            symbol.kind.as_str(),
            symbol.qualified_name,
            symbol.name_line
        ));
    }
    out.push_str(&format!("imports: {}\n", extracted.imports.join(", ")));
    out.push_str(&format!("syntax errors on lines: {:?}\n", extracted.syntax_errors));
    assert_eq!(extracted.internal_error, None);
    expected.assert_eq(&out);
}

#[test]
fn rust() {
    check(
        "rust",
        r#"//! A key-value store.
use std::collections::HashMap;
use crate::config::{Config, Limits};

/// Upper bound on keys.
pub const MAX_KEYS: usize = 1 << 20;
static GREETING: &str = "hi";

#[derive(Debug, Clone)]
pub struct Store<K, V> {
    map: HashMap<K, V>,
}

impl<K: Eq + std::hash::Hash, V> Store<K, V> {
    pub fn new() -> Self {
        Store { map: HashMap::new() }
    }

    #[inline]
    pub fn get(&self, key: &K) -> Option<&V> {
        self.map.get(key)
    }
}

pub trait Backend {
    type Error;
    fn flush(&mut self) -> Result<(), Self::Error>;
    fn name(&self) -> &str { "backend" }
}

impl<K, V> std::fmt::Debug for Store<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
}

fn broken( {
    let x = ;
}

pub enum Mode { Fast, Safe }

mod inner {
    pub fn helper() {}
    macro_rules! shout { ($e:expr) => { $e } }
}

type Map = HashMap<String, String>;
"#,
        expect![[r#"
                6-6 const     MAX_KEYS (name line 6)
                7-7 const     GREETING (name line 7)
               9-12 struct    Store (name line 10)
              15-17 method    Store::new (name line 15)
              19-22 method    Store::get (name line 20)
              25-29 trait     Backend (name line 25)
              26-26 type      Backend::Error (name line 26)
              27-27 method    Backend::flush (name line 27)
              28-28 method    Backend::name (name line 28)
              32-32 method    Store::fmt (name line 32)
              35-37 function  broken (name line 35)
              39-39 enum      Mode (name line 39)
              41-44 module    inner (name line 41)
              42-42 function  inner::helper (name line 42)
              43-43 macro     inner::shout (name line 43)
              46-46 type      Map (name line 46)
            imports: std::collections::HashMap, crate::config::{Config, Limits}
            syntax errors on lines: [35, 36]
        "#]],
    );
}

#[test]
fn go() {
    check(
        "go",
        r#"// Package store keeps values.
package store

import (
	"fmt"
	cfg "example.com/app/config"
)

const MaxKeys = 1024

const (
	ModeFast = iota
	ModeSafe
)

type Store[K comparable, V any] struct {
	items map[K]V
}

type Backend interface {
	Flush() error
	Name() string
}

type ID string

type Alias = Store[string, int]

func New[K comparable, V any]() *Store[K, V] {
	return &Store[K, V]{items: map[K]V{}}
}

func (s *Store[K, V]) Get(key K) (V, bool) {
	v, ok := s.items[key]
	return v, ok
}

func broken( {
	x := 
}

func (id ID) String() string {
	return fmt.Sprintf("%s", string(id))
}
"#,
        expect![[r#"
                9-9 const     MaxKeys (name line 9)
              12-12 const     ModeFast (name line 12)
              13-13 const     ModeSafe (name line 13)
              16-18 struct    Store (name line 16)
              20-23 interface Backend (name line 20)
              21-21 method    Backend.Flush (name line 21)
              22-22 method    Backend.Name (name line 22)
              25-25 type      ID (name line 25)
              27-27 type      Alias (name line 27)
              29-31 function  New (name line 29)
              33-36 method    Store.Get (name line 33)
              38-40 function  broken (name line 38)
              42-44 method    ID.String (name line 42)
            imports: fmt, example.com/app/config
            syntax errors on lines: [38, 39]
        "#]],
    );
}

#[test]
fn python() {
    check(
        "python",
        r#""""A key-value store."""
import os
import collections.abc as cabc
from typing import Generic, TypeVar
from .config import load

MAX_KEYS = 1024
default_mode = "fast"

K = TypeVar("K")


class Store(Generic[K]):
    """Keeps values."""

    def __init__(self):
        self.items = {}

    @property
    def size(self) -> int:
        return len(self.items)

    class Entry:
        def key(self):
            return None


@dataclass
class Config:
    path: str


def broken(:
    return


def outer():
    def inner():
        pass
    return inner


async def fetch(url: str) -> bytes:
    return b""
"#,
        expect![[r#"
                7-7 const     MAX_KEYS (name line 7)
              13-25 class     Store (name line 13)
              16-17 method    Store.__init__ (name line 16)
              19-21 method    Store.size (name line 20)
              23-25 class     Store.Entry (name line 23)
              24-25 method    Store.Entry.key (name line 24)
              28-30 class     Config (name line 29)
              33-34 function  broken (name line 33)
              37-40 function  outer (name line 37)
              38-39 function  outer.inner (name line 38)
              43-44 function  fetch (name line 43)
            imports: os, collections.abc, typing, typing.Generic, typing.TypeVar, .config, .config.load
            syntax errors on lines: [33]
        "#]],
    );
}

#[test]
fn empty_and_unparsable_files_yield_nothing_and_do_not_panic() {
    for spec in &crate::code::lang::LANGUAGES {
        for source in ["", "\n\n", "}}}}{{{{", "\u{feff}", "\0\0\0", "é\u{1F600}\r\n\t"] {
            let extracted = extract(spec, source);
            assert_eq!(extracted.internal_error, None, "{}", spec.id);
        }
    }
}

/// Syntax errors by cost: local errors lose nothing; a top-level error region that no
/// re-parse can resume in (no line starting at column 0 after it) is counted as lost.
#[test]
fn lost_lines_count_only_what_recovery_could_not_resume() {
    let lost = |language: &str, source: &str| {
        let spec = LanguageSpec::by_id(language).expect("a registered language");
        let extracted = extract(spec, source);
        (extracted.syntax_errors.is_empty(), extracted.lost_lines)
    };
    // Local: one bad expression inside a function; the rest parses.
    assert_eq!(lost("rust", "fn a() {\n    let x = ;\n    assert!(x);\n}\n\nfn b() {}\n"), (false, 0));
    // Not even seen: a body in which no query can find anything is not parsed.
    assert_eq!(lost("rust", "fn a() {\n    let x = ;\n}\n\nfn b() {}\n"), (true, 0));
    // Recovered: the broken item ends where the next top-level item starts.
    let recovered = lost("c", "int a( {\n  return 1;\n}\n\nint b(void) { return 2; }\n");
    assert_eq!(recovered.1, 0, "{recovered:?}");
    // Lost: everything after the error is indented, so no re-parse can start there.
    let swallowed = lost(
        "javascript",
        "foo(\n  function b() { return 2; }\n  function c() { return 3; }\n  function d() { return 4; }\n",
    );
    assert_eq!(swallowed, (false, 3));
    assert_eq!(lost("python", "x = (\n    1\n    def b():\n        return 2\n"), (false, 3));
    // Clean code loses nothing.
    assert_eq!(lost("python", "def a():\n    return 1\n"), (true, 0));
}

/// Deep nesting (generated and minified code) costs time linear in the file: tens of
/// thousands of nested definitions once took minutes (tree-sitter's `parent` walks down
/// from the root, and the query cursor advanced every pattern started above a node) and
/// gigabytes of qualified names. Now the first `MAX_NESTING` levels are listed, the rest
/// kept for nesting only.
#[test]
fn deep_nesting_is_extracted_to_a_bounded_depth() {
    use crate::code::symbols::MAX_NESTING;
    let depth = 30_000;
    let cases = [
        ("rust", "mod m{} {\n", "::"),
        ("cpp", "namespace n{} {\n", "::"),
        ("java", "class C{} {\n", "."),
        ("javascript", "function f{}() {\n", "."),
        ("typescript", "namespace N{} {\n", "."),
    ];
    for (language, open, separator) in cases {
        let mut source = String::new();
        for level in 0..depth {
            source.push_str(&open.replace("{}", &level.to_string()));
        }
        source.push_str(&"}\n".repeat(depth));
        let spec = LanguageSpec::by_id(language).expect("a registered language");
        let extracted = extract(spec, &source);
        assert_eq!(extracted.symbols.len(), MAX_NESTING, "{language}");
        let innermost = &extracted.symbols[MAX_NESTING - 1].qualified_name;
        assert_eq!(innermost.split(separator).count(), MAX_NESTING, "{language}: {innermost}");
    }
}
