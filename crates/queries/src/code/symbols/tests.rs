//! Fixture tests: one realistic file per language in, the extracted outline out.
//!
//! Each fixture has nested scopes, methods, generics, decorators or attributes, and a
//! syntax error in the middle after which the rest of the file must still be extracted.

use expect_test::{Expect, expect};

use crate::code::analysis::extract;
use crate::code::lang::LanguageSpec;

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
            imports: os, collections.abc, typing, .config
            syntax errors on lines: [33]
        "#]],
    );
}

#[test]
fn javascript() {
    check(
        "javascript",
        r#"import { readFile } from "fs";
const path = require("path");

export const LIMIT = 10;

export function load(file) {
  return readFile(file);
}

class Store extends Base {
  constructor() {
    super();
    this.items = new Map();
  }

  get(key) {
    return this.items.get(key);
  }

  static create() {
    return new Store();
  }
}

const handler = async (event) => {
  return event;
};

function broken( {
  let x = ;
}

module.exports.save = function (store) {
  return store;
};

function* ids() {
  yield 1;
}
"#,
        expect![[r#"
                2-2 const     path (name line 2)
                4-4 const     LIMIT (name line 4)
                6-8 function  load (name line 6)
              10-23 class     Store (name line 10)
              11-14 method    Store.constructor (name line 11)
              16-18 method    Store.get (name line 16)
              20-22 method    Store.create (name line 20)
              25-27 function  handler (name line 25)
              33-35 function  save (name line 33)
              37-39 function  ids (name line 37)
            imports: fs, path
            syntax errors on lines: [29]
        "#]],
    );
}

#[test]
fn typescript() {
    check(
        "typescript",
        r#"import { Injectable } from "@angular/core";
import type { Config } from "./config";

export interface Backend<T> {
  flush(): Promise<void>;
  name: string;
}

export type Key = string | number;

export enum Mode {
  Fast,
  Safe,
}

@Injectable()
export class Store<K, V> implements Backend<V> {
  private items = new Map<K, V>();

  @Log()
  get(key: K): V | undefined {
    return this.items.get(key);
  }

  async flush(): Promise<void> {}
}

export abstract class Base {
  abstract name(): string;
}

function broken(: {
  let x = ;
}

namespace Util {
  export function helper(): void {}
}

export const create = <T,>(value: T): T => value;
declare function external(x: number): void;
"#,
        expect![[r#"
                4-7 interface Backend (name line 4)
                5-5 method    Backend.flush (name line 5)
                9-9 type      Key (name line 9)
              11-14 enum      Mode (name line 11)
              16-26 class     Store (name line 17)
              20-23 method    Store.get (name line 21)
              25-25 method    Store.flush (name line 25)
              28-30 class     Base (name line 28)
              29-29 method    Base.name (name line 29)
              36-38 module    Util (name line 36)
              37-37 function  Util.helper (name line 37)
              40-40 function  create (name line 40)
              41-41 function  external (name line 41)
            imports: @angular/core, ./config
            syntax errors on lines: [32]
        "#]],
    );
}

#[test]
fn tsx() {
    check(
        "tsx",
        r#"import React from "react";

interface Props {
  title: string;
}

export function Header({ title }: Props) {
  return <h1 className="title">{title}</h1>;
}

export const Footer = ({ year }: { year: number }) => (
  <footer>{year}</footer>
);

class Page extends React.Component<Props> {
  render() {
    return <div><Header title={this.props.title} /></div>;
  }
}

function broken( {
  return <div;
}

export default function App() {
  return <Page title="home" />;
}
"#,
        expect![[r#"
                3-5 interface Props (name line 3)
                7-9 function  Header (name line 7)
              11-13 function  Footer (name line 11)
              15-19 class     Page (name line 15)
              16-18 method    Page.render (name line 16)
              25-27 function  App (name line 25)
            imports: react
            syntax errors on lines: [21]
        "#]],
    );
}

#[test]
fn java() {
    check(
        "java",
        r#"package com.example.store;

import java.util.HashMap;
import java.util.Map;

@Service
public class Store<K, V> implements Backend {
    public static final int MAX_KEYS = 1024;
    private final Map<K, V> items = new HashMap<>();

    public Store() {}

    @Override
    public V get(K key) {
        return items.get(key);
    }

    static class Entry {
        String key() { return null; }
    }

    void broken( {
        int x = ;
    }

    public <T> T convert(T value) {
        return value;
    }
}

interface Backend {
    int LIMIT = 3;
    void flush();
}

enum Mode { FAST, SAFE; boolean fast() { return this == FAST; } }

record Point(int x, int y) {}

@interface Audit {
    String value();
}
"#,
        expect![[r#"
                1-1 module    com.example.store (name line 1)
               6-29 class     Store (name line 7)
                8-8 const     Store.MAX_KEYS (name line 8)
              11-11 method    Store.Store (name line 11)
              13-16 method    Store.get (name line 14)
              18-20 class     Store.Entry (name line 18)
              19-19 method    Store.Entry.key (name line 19)
              22-24 method    Store.broken (name line 22)
              26-28 method    Store.convert (name line 26)
              31-34 interface Backend (name line 31)
              32-32 const     Backend.LIMIT (name line 32)
              33-33 method    Backend.flush (name line 33)
              36-36 enum      Mode (name line 36)
              36-36 method    Mode.fast (name line 36)
              38-38 class     Point (name line 38)
              40-42 interface Audit (name line 40)
              41-41 method    Audit.value (name line 41)
            imports: java.util.HashMap, java.util.Map
            syntax errors on lines: [22, 23]
        "#]],
    );
}

#[test]
fn c() {
    check(
        "c",
        r#"#include <stdio.h>
#include "store.h"

#define MAX_KEYS 1024
#define SQUARE(x) ((x) * (x))

struct entry {
    const char *key;
    int value;
};

typedef struct {
    struct entry *items;
    size_t len;
} store_t;

enum mode { MODE_FAST, MODE_SAFE };

typedef int (*callback_t)(int);

static int store_get(store_t *s, const char *key)
{
    return 0;
}

char *store_name(store_t *s) {
    return "store";
}

int broken( {
    int x = ;
}

int main(int argc, char **argv) {
    return 0;
}
"#,
        expect![[r#"
                4-4 macro     MAX_KEYS (name line 4)
                5-5 macro     SQUARE (name line 5)
               7-10 struct    entry (name line 7)
              12-15 type      store_t (name line 15)
              17-17 enum      mode (name line 17)
              19-19 type      callback_t (name line 19)
              21-24 function  store_get (name line 21)
              26-28 function  store_name (name line 26)
              34-36 function  main (name line 34)
            imports: stdio.h, store.h
            syntax errors on lines: [30]
        "#]],
    );
}

#[test]
fn cpp() {
    check(
        "cpp",
        r#"#include <map>
#include "store.hpp"

namespace app {

template <typename K, typename V>
class Store {
public:
    Store() = default;

    V get(const K& key) const {
        return items_.at(key);
    }

    void put(const K& key, V value);

private:
    std::map<K, V> items_;
};

template <typename K, typename V>
void Store<K, V>::put(const K& key, V value) {
    items_[key] = value;
}

struct Entry { int key; };

enum class Mode { Fast, Safe };

using Key = std::string;

int broken( {
    int x = ;
}

}  // namespace app

int main() {
    return 0;
}
"#,
        expect![[r#"
               4-36 module    app (name line 4)
               6-19 class     app::Store (name line 7)
                9-9 method    app::Store::Store (name line 9)
              11-13 method    app::Store::get (name line 11)
              21-24 function  app::Store::put (name line 22)
              26-26 struct    app::Entry (name line 26)
              28-28 enum      app::Mode (name line 28)
              30-30 type      app::Key (name line 30)
              38-40 function  main (name line 38)
            imports: map, store.hpp
            syntax errors on lines: [32]
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

mod incremental {
    use engine::{Database, Db, FileContents, RelPath, SourceFile};
    use expect_test::expect;

    use crate::code::analysis::file_symbols;

    /// A downstream query that depends only on the names defined in a file.
    #[salsa::tracked(returns(ref))]
    fn defined_names(db: &dyn Db, file: SourceFile) -> Vec<String> {
        file_symbols(db, file).symbols.iter().map(|symbol| symbol.qualified_name.clone()).collect()
    }

    /// Depends on `defined_names` only: re-executes only when the names change.
    #[salsa::tracked(returns(copy))]
    fn name_count(db: &dyn Db, file: SourceFile) -> usize {
        defined_names(db, file).len()
    }

    fn set(db: &mut Database, path: &str, text: &str) -> SourceFile {
        let path = RelPath::new(path).unwrap();
        db.set_file(path.clone(), FileContents::Text(text.into()));
        db.file(&path).unwrap()
    }

    #[test]
    fn editing_one_file_re_executes_only_its_symbols() {
        let mut db = Database::with_event_log();
        let a = set(&mut db, "src/a.rs", "fn a() {}\n");
        let b = set(&mut db, "src/b.rs", "fn b() {}\n");
        assert_eq!(name_count(&db, a) + name_count(&db, b), 2);
        expect![[r#"
            [
                "name_count(src/a.rs)",
                "defined_names(src/a.rs)",
                "file_symbols(src/a.rs)",
                "analyze(src/a.rs)",
                "name_count(src/b.rs)",
                "defined_names(src/b.rs)",
                "file_symbols(src/b.rs)",
                "analyze(src/b.rs)",
            ]
        "#]]
        .assert_debug_eq(&db.take_executed());

        set(&mut db, "src/a.rs", "fn a() {}\nfn a2() {}\n");
        assert_eq!(name_count(&db, a) + name_count(&db, b), 3);
        expect![[r#"
            [
                "analyze(src/a.rs)",
                "file_symbols(src/a.rs)",
                "defined_names(src/a.rs)",
                "name_count(src/a.rs)",
            ]
        "#]]
        .assert_debug_eq(&db.take_executed());
    }

    #[test]
    fn a_whitespace_edit_inside_a_body_backdates_downstream_queries() {
        let mut db = Database::with_event_log();
        let file = set(&mut db, "lib.rs", "fn a() {\n    let x = 1;\n}\n");
        assert_eq!(name_count(&db, file), 1);
        db.take_executed();

        set(&mut db, "lib.rs", "fn a() {\n    let x   =   1;\n}\n");
        assert_eq!(name_count(&db, file), 1);
        // The parse's result (symbols and facts, lines only) is equal, so `analyze`
        // backdates: neither `file_symbols` nor anything after it re-executes.
        expect![[r#"
            [
                "analyze(lib.rs)",
            ]
        "#]]
        .assert_debug_eq(&db.take_executed());

        // A body edit that changes no name re-executes `defined_names`, whose equal result
        // then stops `name_count` from re-executing.
        set(&mut db, "lib.rs", "fn a() {\n    let x = 1;\n    let y = 2;\n}\n");
        assert_eq!(name_count(&db, file), 1);
        expect![[r#"
            [
                "analyze(lib.rs)",
                "file_symbols(lib.rs)",
                "defined_names(lib.rs)",
            ]
        "#]]
        .assert_debug_eq(&db.take_executed());
    }
}
